package io.mt5db.signals.trades;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mt5db.common.ApiException;
import io.mt5db.common.JsonBodies;
import io.mt5db.common.QueryParams;
import io.mt5db.common.TimestampParser;
import io.mt5db.security.CurrentCaller;
import io.mt5db.security.RequiresScope;
import io.mt5db.security.Scope;
import io.mt5db.signals.SignalRules;
import io.mt5db.signals.SignalsConfig;
import io.mt5db.common.WireEnums;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The EA's trade log, and the old system's /orders/feedback mapped onto it. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM, MediaType.WILDCARD})
@RequiresScope(Scope.SIGNALS)
@Tag(name = "trades", description = "Deal/order events reported by EAs")
public class TradeResource {

    private static final String TRADE_EXAMPLE = """
            {"account_id":"50123456","ticket":123456789,"event":"OPEN","symbol":"EURUSD","side":"BUY","volume":0.10,\
            "price":1.08552,"sl":1.08402,"tp":1.08852,"commission":-0.70,"slippage":0.2,"ts":"2025.10.20 03:00:05",\
            "signal_id":"0b7f0a8e-6c1e-4c55-9d6a-2f1f3c0e9a11"}""";
    private static final String FEEDBACK_EXAMPLE = """
            {"account_id":"50123456","order_id":123456789,"signal_id":"0b7f0a8e-6c1e-4c55-9d6a-2f1f3c0e9a11",\
            "symbol":"EURUSD","side":"BUY","volume":0.10,"price":1.08552,"status":"filled","message":"done"}""";
    static final int DEFAULT_LIMIT = 1000;
    static final int MAX_LIMIT = 10_000;

    @Inject
    TradeService trades;

    @Inject
    SignalsConfig config;

    @Inject
    CurrentCaller caller;

    private final JsonBodies bodies;

    @Inject
    public TradeResource(ObjectMapper mapper) {
        this.bodies = new JsonBodies(mapper);
    }

    /** One page in (ts, id) order; pass next_cursor as cursor for the next (null on the last). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record TradePage(List<TradeRecord> items, String nextCursor) {
    }

    @POST
    @Path("trades")
    @Operation(summary = "Post trade events: one object or {\"items\": [...]}",
            description = "Fields: account_id (may be omitted with a key bound to the account), ticket (>= 0), event "
                    + "(OPEN, CLOSE, MODIFY, FEEDBACK), ts (ISO-8601, epoch, or MQL5 yyyy.MM.dd HH:mm:ss read in "
                    + "X-Broker-Offset), and optional symbol, side (BUY, SELL), volume, price, sl, tp, profit, "
                    + "commission, swap, slippage, signal_id, status, message. Idempotent on (account_id, ticket, "
                    + "event): a repeat is a duplicate and the first stays. Per item: inserted, duplicate or rejected "
                    + "(with the field and reason); the rest of the batch is stored.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TradeBodies.Trade.class),
            examples = @ExampleObject(name = "open", value = TRADE_EXAMPLE)))
    public TradeIngestResponse post(InputStream body, @HeaderParam("Content-Encoding") String contentEncoding,
            @Parameter(description = "Broker server time offset (+02:00) or IANA zone for ts without offset")
            @HeaderParam("X-Broker-Offset") String brokerOffset) throws SQLException {
        return ingest(body, contentEncoding, brokerOffset, TradeParser.Shape.TRADE);
    }

    @POST
    @Path("orders/feedback")
    @Operation(summary = "Old system's order feedback, stored as a FEEDBACK trade event",
            description = "One object or {\"items\": [...]}: {account_id?, ticket | order_id, signal_id?, symbol?, side?, "
                    + "volume?, price?, status?, message?, ts?}. ticket (or order_id) is required: it is the identity "
                    + "with account_id (send 0 for an order that got none; to report a signal's outcome use POST "
                    + "/signals/ack). ts defaults to the arrival time. Same answer as POST /trades.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TradeBodies.Feedback.class),
            examples = @ExampleObject(name = "feedback", value = FEEDBACK_EXAMPLE)))
    public TradeIngestResponse feedback(InputStream body, @HeaderParam("Content-Encoding") String contentEncoding,
            @HeaderParam("X-Broker-Offset") String brokerOffset) throws SQLException {
        return ingest(body, contentEncoding, brokerOffset, TradeParser.Shape.FEEDBACK);
    }

    @GET
    @Path("trades")
    @Operation(summary = "Trade events in time order",
            description = "from inclusive, to exclusive (on ts). An account-bound key sees only its account; other keys "
                    + "see every account unless account_id is given.")
    public TradePage list(@QueryParam("account_id") String accountId,
            @Parameter(description = "ISO-8601 or epoch, inclusive") @QueryParam("from") String from,
            @Parameter(description = "ISO-8601 or epoch, exclusive") @QueryParam("to") String to,
            @Parameter(description = "OPEN, CLOSE, MODIFY or FEEDBACK") @QueryParam("event") String event,
            @QueryParam("symbol") String symbol, @QueryParam("signal_id") String signalId,
            @Parameter(description = "1..10000, default 1000") @QueryParam("limit") String limit,
            @Parameter(description = "the next_cursor of the previous page") @QueryParam("cursor") String cursor)
            throws SQLException {
        String account = caller.resolveAccount(SignalRules.accountParameter(accountId));
        Instant fromTs = QueryParams.time("from", from);
        Instant toTs = QueryParams.time("to", to);
        QueryParams.range(fromTs, toTs);
        TradeEventType type = event == null || event.isBlank() ? null : WireEnums.parse(TradeEventType.class, event)
                .orElseThrow(() -> ApiException.badRequest("Query parameter 'event' must be OPEN, CLOSE, MODIFY or FEEDBACK"));
        int max = QueryParams.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
        Instant afterTs = null;
        Long afterId = null;
        if (cursor != null && !cursor.isBlank()) {
            String[] parts = cursor.split("_");
            try {
                afterTs = Instant.ofEpochMilli(Long.parseLong(parts[0]));
                afterId = Long.parseLong(parts[1]);
            } catch (RuntimeException e) {
                throw ApiException.badRequest("Query parameter 'cursor' is not a cursor this API returned");
            }
        }
        List<TradeRecord> rows = trades.list(new TradeRepository.TradeQuery(account, fromTs, toTs, type,
                QueryParams.optionalSymbol(symbol), uuid(signalId), afterTs, afterId, max + 1));
        String next = null;
        if (rows.size() > max) {
            TradeRecord last = rows.get(max - 1);
            next = last.ts().toEpochMilli() + "_" + last.id();
            rows = rows.subList(0, max);
        }
        return new TradePage(rows, next);
    }

    private TradeIngestResponse ingest(InputStream body, String contentEncoding, String brokerOffset,
            TradeParser.Shape shape) throws SQLException {
        TimestampParser timestamps = QueryParams.brokerTimestamps(brokerOffset);
        JsonNode root = bodies.read(body, contentEncoding, config.maxBodyBytes());
        List<JsonNode> items = new ArrayList<>();
        if (root.isObject() && root.has("items")) {
            JsonNode array = root.get("items");
            if (!array.isArray()) {
                throw ApiException.unprocessable("items", "items must be a JSON array of trade events");
            }
            array.forEach(items::add);
        } else if (root.isObject()) {
            items.add(root);
        } else if (root.isArray()) {
            root.forEach(items::add);
        } else {
            throw ApiException.unprocessable("body", "expected a trade event object or {\"items\": [...]}");
        }
        return trades.ingest(items, shape, timestamps, caller::resolveAccount);
    }

    private static UUID uuid(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(value.trim());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Query parameter 'signal_id' must be a UUID");
        }
    }
}
