package io.mt5db.signals.queue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mt5db.common.ApiException;
import io.mt5db.common.JsonBodies;
import io.mt5db.common.QueryParams;
import io.mt5db.common.TimestampParser;
import io.mt5db.security.AuditLog;
import io.mt5db.security.CurrentCaller;
import io.mt5db.security.RequiresScope;
import io.mt5db.security.Scope;
import io.mt5db.signals.SignalRules;
import io.mt5db.signals.SignalsConfig;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.URI;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The signal queue over HTTP. Bodies are read with {@link JsonBodies} (gzip, size limit, MQL5's
 * trailing NUL). An account-bound key acts only for its account: it may omit account_id, and naming
 * another account is 403.
 */
@Path("/signals")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "signals", description = "Signal queue for EAs: poll, ack, history; manual signals and cancel (admin)")
public class SignalResource {

    static final String CREATE_EXAMPLE = """
            {"symbol":"EURUSD","timeframe":"M5","side":"BUY","confidence":0.71,"lots":0.10,"sl_pips":15,\
            "tp_pips":30,"ttl_sec":120,"meta":{"note":"manual test"}}""";
    static final String ACK_EXAMPLE = """
            {"id":"0b7f0a8e-6c1e-4c55-9d6a-2f1f3c0e9a11","account_id":"50123456","status":"FILLED",\
            "mt5_ticket":123456789,"price":1.08552,"ts_exec":"2025.10.20 03:00:05","message":"done"}""";

    @Inject
    SignalService signals;

    @Inject
    SignalsConfig config;

    @Inject
    CurrentCaller caller;

    @Inject
    AuditLog audit;

    private final ObjectMapper mapper;
    private final JsonBodies bodies;

    @Inject
    public SignalResource(ObjectMapper mapper) {
        this.mapper = mapper;
        this.bodies = new JsonBodies(mapper);
    }

    /** The answer of /signals/next. */
    public record SignalBatch(List<DeliveredSignal> signals) {
    }

    @POST
    @RequiresScope(Scope.ADMIN)
    @Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM, MediaType.WILDCARD})
    @Operation(summary = "Create a manual signal (admin)",
            description = "symbol, timeframe and side (BUY, SELL, CLOSE) are required. Optional: bar_ts (aligned to the "
                    + "timeframe; a bar holds at most one signal, a second one is 409), confidence and prob_up (0..1), "
                    + "model_version, lots (> 0), sl_pips, tp_pips (>= 0), ttl_sec (1..604800, default "
                    + "mt5db.signals.default-ttl), account_id (omit to broadcast to every account), meta (an object). "
                    + "201 with the signal.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = io.mt5db.signals.SignalBodies.NewSignalBody.class),
            examples = @ExampleObject(name = "manual BUY", value = CREATE_EXAMPLE)))
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "409", description = "The bar already has a signal")
    @APIResponse(responseCode = "422", description = "Invalid fields, each named in errors[]")
    public Response create(InputStream body, @HeaderParam("Content-Encoding") String contentEncoding) throws SQLException {
        NewSignal request = SignalRequests.newSignal(bodies.read(body, contentEncoding, config.maxBodyBytes()), mapper);
        SignalService.Created created = signals.create(request);
        if (!created.created()) {
            throw ApiException.conflict("Bar " + request.barTs() + " of " + request.symbol() + " " + request.timeframe()
                    + " already has signal " + created.signal().id() + "; a bar never produces a second signal");
        }
        Signal signal = created.signal();
        audit.record(caller.get(), "signal.create", "signal:" + signal.id(), signal.side() + " " + signal.symbol() + " "
                + signal.timeframe() + (signal.accountId() == null ? " broadcast" : " account_id=" + signal.accountId()));
        return Response.created(URI.create("/signals/" + signal.id())).entity(signal).build();
    }

    @GET
    @Path("next")
    @RequiresScope(Scope.SIGNALS)
    @Operation(summary = "Claim the next signals for an account (the EA's poll)",
            description = "Oldest first. Each signal is delivered to each account once: the claim is committed before "
                    + "this response. Not acked within the lease (mt5db.signals.lease, default 60 s), it is delivered "
                    + "again with the same id and delivery_attempt + 1: deduplicate by id. Expired, cancelled and "
                    + "paused signals are never delivered. Concurrent pollers of one account never get the same "
                    + "delivery. {\"signals\": []} when there is nothing.")
    public SignalBatch next(
            @Parameter(description = "Required unless the key is bound to an account") @QueryParam("account_id") String accountId,
            @Parameter(description = "Comma-separated symbols, e.g. EURUSD,GBPUSD; default all") @QueryParam("symbols") String symbols,
            @Parameter(description = "Only this timeframe; default all") @QueryParam("timeframe") String timeframe,
            @Parameter(description = "1..100, default 1") @QueryParam("limit") String limit) throws SQLException {
        String account = caller.resolveAccount(SignalRules.accountParameter(accountId));
        if (account == null) {
            throw ApiException.badRequest("Query parameter 'account_id' is required (or use a key bound to the account)");
        }
        PollRequest poll = new PollRequest(account, QueryParams.symbols(symbols), QueryParams.optionalTimeframe("timeframe", timeframe),
                QueryParams.limit(limit, 1, config.maxPollLimit()));
        return new SignalBatch(signals.next(poll));
    }

    @POST
    @Path("ack")
    @RequiresScope(Scope.SIGNALS)
    @Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM, MediaType.WILDCARD})
    @Operation(summary = "Report what the EA did with a delivered signal",
            description = "status FILLED, REJECTED or SKIPPED; mt5_ticket, price, ts_exec (ISO-8601, epoch, or MQL5 "
                    + "yyyy.MM.dd HH:mm:ss read in X-Broker-Offset, default UTC) and message are optional. Idempotent "
                    + "on (id, account_id): the same status again answers 200 with the identical body (the first ack's "
                    + "details are kept); a different status is 409. Unknown id, or an account the signal was never "
                    + "delivered to: 404. An ack after the lease ran out or after expiry is recorded (the trade "
                    + "happened). account_id may be omitted with a key bound to the account.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = io.mt5db.signals.SignalBodies.AckBody.class),
            examples = @ExampleObject(name = "filled", value = ACK_EXAMPLE)))
    @APIResponse(responseCode = "200", description = "Recorded, or the same ack repeated")
    @APIResponse(responseCode = "404", description = "Unknown signal, or never delivered to this account")
    @APIResponse(responseCode = "409", description = "Already acked with a different status")
    @APIResponse(responseCode = "422", description = "Invalid fields (e.g. ts_exec, status)")
    public AckResponse ack(InputStream body, @HeaderParam("Content-Encoding") String contentEncoding,
            @Parameter(description = "Broker server time offset (+02:00) or IANA zone for ts_exec without offset")
            @HeaderParam("X-Broker-Offset") String brokerOffset) throws SQLException {
        TimestampParser timestamps = QueryParams.brokerTimestamps(brokerOffset);
        SignalRequests.AckInput input = SignalRequests.ack(bodies.read(body, contentEncoding, config.maxBodyBytes()),
                timestamps);
        String account = caller.resolveAccount(input.accountId());
        if (account == null) {
            throw ApiException.unprocessable("account_id", "account_id is required (or use a key bound to the account)");
        }
        return signals.ack(input.forAccount(account));
    }

    @POST
    @Path("{id}/cancel")
    @RequiresScope(Scope.ADMIN)
    @Operation(summary = "Cancel a signal (admin)",
            description = "CANCELLED signals are never delivered again; deliveries already made stay until acked or "
                    + "expired. Cancelling twice answers the cancelled signal; an expired one is 409.")
    @APIResponse(responseCode = "404", description = "Unknown signal")
    @APIResponse(responseCode = "409", description = "Already expired")
    public Signal cancel(@PathParam("id") String id) throws SQLException {
        UUID signalId = SignalRules.signalId(id);
        Signal signal = signals.cancel(signalId);
        audit.record(caller.get(), "signal.cancel", "signal:" + signalId, signal.side() + " " + signal.symbol());
        return signal;
    }
}
