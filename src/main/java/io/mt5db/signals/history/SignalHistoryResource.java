package io.mt5db.signals.history;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.mt5db.common.ApiException;
import io.mt5db.common.QueryParams;
import io.mt5db.common.Timeframe;
import io.mt5db.common.WireEnums;
import io.mt5db.security.CurrentCaller;
import io.mt5db.security.RequiresScope;
import io.mt5db.security.Scope;
import io.mt5db.signals.SignalRules;
import io.mt5db.signals.SignalsConfig;
import io.mt5db.signals.queue.Delivery;
import io.mt5db.signals.queue.DeliveryStatus;
import io.mt5db.signals.queue.Signal;
import io.mt5db.signals.queue.SignalStatus;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * What happened to signals, read without claiming anything: the newest, a filtered history and one
 * signal with its deliveries. An account-bound key sees only broadcast signals and its account's.
 * The queue itself (create, poll, ack, cancel) is {@code signals.queue.SignalResource}.
 */
@Path("/signals")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "signals")
public class SignalHistoryResource {

    @Inject
    SignalHistoryRepository history;

    @Inject
    SignalsConfig config;

    @Inject
    CurrentCaller caller;

    /** A signal as an account (or an admin) sees it in history: with that account's delivery, if any. */
    public record HistoryItem(@JsonUnwrapped Signal signal, @JsonInclude(JsonInclude.Include.ALWAYS) Delivery delivery) {
    }

    /** The answer of /signals/latest. */
    public record LatestSignals(List<HistoryItem> signals) {
    }

    /** One page of history, newest first; pass next_cursor as cursor for the next page (null on the last). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record HistoryPage(List<HistoryItem> items, String nextCursor) {
    }

    /** A signal with its deliveries. */
    public record SignalDetail(@JsonUnwrapped Signal signal, List<Delivery> deliveries) {
    }

    @GET
    @Path("latest")
    @RequiresScope(Scope.SIGNALS)
    @Operation(summary = "The newest signals, whatever their status",
            description = "Newest first, without claiming anything. period is the old system's name for timeframe "
                    + "(period=M5). With an account (a bound key, or account_id), only what the account sees, with "
                    + "its delivery. {\"signals\": [...]}.")
    public LatestSignals latest(@QueryParam("symbol") String symbol,
            @QueryParam("timeframe") String timeframe,
            @Parameter(description = "Alias of timeframe (old clients)") @QueryParam("period") String period,
            @QueryParam("account_id") String accountId,
            @Parameter(description = "1..100, default 1") @QueryParam("limit") String limit) throws SQLException {
        Timeframe tf = QueryParams.optionalTimeframe(timeframe != null && !timeframe.isBlank() ? "timeframe" : "period",
                timeframe != null && !timeframe.isBlank() ? timeframe : period);
        String account = caller.resolveAccount(SignalRules.accountParameter(accountId));
        List<SignalHistoryRepository.HistoryRow> rows = history.history(new SignalHistoryRepository.HistoryQuery(
                QueryParams.optionalSymbol(symbol), tf, null, null, null, null, account, null,
                QueryParams.limit(limit, 1, config.maxPollLimit())));
        return new LatestSignals(rows.stream().map(row -> new HistoryItem(row.signal(), row.delivery())).toList());
    }

    @GET
    @RequiresScope(Scope.SIGNALS)
    @Operation(summary = "Signal history, newest first",
            description = "Filters: symbol, timeframe, from (inclusive) / to (exclusive) on created_at, status. status "
                    + "ACTIVE, CANCELLED or EXPIRED filters the signal; CLAIMED, FILLED, REJECTED or SKIPPED the "
                    + "account's delivery (needs an account). With an account (a bound key, or account_id), only "
                    + "broadcast signals and those addressed to it, each with the account's delivery (null: not "
                    + "delivered). Pages: pass next_cursor as cursor.")
    public HistoryPage history(@QueryParam("symbol") String symbol, @QueryParam("timeframe") String timeframe,
            @Parameter(description = "ISO-8601 or epoch, inclusive") @QueryParam("from") String from,
            @Parameter(description = "ISO-8601 or epoch, exclusive") @QueryParam("to") String to,
            @QueryParam("status") String status, @QueryParam("account_id") String accountId,
            @Parameter(description = "1..1000, default 100") @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) throws SQLException {
        String account = caller.resolveAccount(SignalRules.accountParameter(accountId));
        Instant fromTs = QueryParams.time("from", from);
        Instant toTs = QueryParams.time("to", to);
        QueryParams.range(fromTs, toTs);
        SignalStatus signalStatus = null;
        DeliveryStatus deliveryStatus = null;
        if (status != null && !status.isBlank()) {
            signalStatus = WireEnums.parse(SignalStatus.class, status).orElse(null);
            if (signalStatus == null) {
                deliveryStatus = WireEnums.parse(DeliveryStatus.class, status).orElseThrow(() -> ApiException.badRequest(
                        "Query parameter 'status' must be ACTIVE, CANCELLED, EXPIRED, CLAIMED, FILLED, REJECTED or SKIPPED"));
                if (account == null) {
                    throw ApiException.badRequest("Query parameter 'status' " + deliveryStatus
                            + " is a delivery status: name the account_id");
                }
            }
        }
        int max = QueryParams.limit(limit, 100, 1000);
        List<SignalHistoryRepository.HistoryRow> rows = history.history(new SignalHistoryRepository.HistoryQuery(
                QueryParams.optionalSymbol(symbol), QueryParams.optionalTimeframe("timeframe", timeframe), fromTs, toTs, signalStatus,
                deliveryStatus, account, QueryParams.cursor(cursor), max + 1));
        String next = rows.size() > max ? Long.toString(rows.get(max - 1).seq()) : null;
        return new HistoryPage(rows.stream().limit(max).map(row -> new HistoryItem(row.signal(), row.delivery())).toList(),
                next);
    }

    @GET
    @Path("{id}")
    @RequiresScope(Scope.SIGNALS)
    @Operation(summary = "One signal with its deliveries",
            description = "An account-bound key sees only broadcast signals and its account's, with its own delivery.")
    public SignalDetail one(@PathParam("id") String id) throws SQLException {
        UUID signalId = SignalRules.signalId(id);
        String account = caller.get().isAccountBound() ? caller.get().accountId() : null;
        SignalHistoryRepository.SignalWithDeliveries found = history.find(signalId, account)
                .orElseThrow(() -> ApiException.notFound("No signal " + id));
        return new SignalDetail(found.signal(), found.deliveries());
    }
}
