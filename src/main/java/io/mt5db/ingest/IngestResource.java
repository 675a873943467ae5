package io.mt5db.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.mt5db.common.ApiException;
import io.mt5db.common.JsonBodies;
import io.mt5db.common.MemoryBudget;
import io.mt5db.common.TimestampParser;
import io.mt5db.security.CurrentCaller;
import io.mt5db.security.RequiresScope;
import io.mt5db.security.Scope;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Candle and tick ingest. Bodies are read here (not bound by JAX-RS) so that gzip, the size limit
 * after decompression and MQL5's trailing NUL are handled before JSON parsing, and so that a bad
 * item becomes a per-item rejection rather than a failed request.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM, MediaType.WILDCARD})
@RequiresScope(Scope.INGEST)
@Tag(name = "ingest", description = "Candles and ticks from MT5")
public class IngestResource {

    private static final String CANDLE_EXAMPLE = """
            {"symbol":"EURUSD","timeframe":"M1","ts":"2025-10-20T03:00:00Z","open":1.0855,"high":1.0857,\
            "low":1.0854,"close":1.0856,"volume":150,"spread":0.00002}""";
    private static final String TICK_EXAMPLE = """
            {"ticks":[{"symbol":"EURUSD","ts_msc":1760929270123,"bid":1.0855,"ask":1.0857},\
            {"symbol":"EURUSD","ts":"2025-10-20T03:01:15.456Z","bid":1.0856,"ask":1.0858,"flags":6}]}""";

    @Inject
    IngestService ingest;

    @Inject
    IngestConfig config;

    @Inject
    IngestMemory memory;

    @Inject
    CurrentCaller caller;

    @Inject
    CurrentVertxRequest currentRequest;

    private final JsonBodies bodies;

    @Inject
    public IngestResource(ObjectMapper mapper) {
        this.bodies = new JsonBodies(mapper);
    }

    @POST
    @Path("ingest")
    @Operation(summary = "Post one candle, or {\"items\": [candles]}",
            description = "ts: ISO-8601 (with or without offset), epoch s/ms, or MQL5 yyyy.MM.dd HH:mm[:ss]; values "
                    + "without an offset are read in X-Broker-Offset (default UTC). M1..H1 are floored to their UTC "
                    + "bucket; H4/D1/W1/MN1 must start on one (else rejected: misaligned). Statuses: inserted, "
                    + "updated, duplicate, rejected.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(oneOf = {IngestBodies.Candle.class, IngestBodies.CandleItems.class}),
            examples = @ExampleObject(name = "candle", value = CANDLE_EXAMPLE)))
    public IngestResponse ingest(InputStream body,
            @HeaderParam("Content-Encoding") String contentEncoding,
            @Parameter(description = "Broker server time offset (+02:00) or IANA zone (Europe/Athens)")
            @HeaderParam("X-Broker-Offset") String brokerOffset,
            @Parameter(description = "true: any invalid item fails the whole request with 422") @QueryParam("atomic") boolean atomic,
            @Parameter(description = "all (default), errors or none") @QueryParam("details") String details)
            throws SQLException {
        ZoneId zone = brokerZone(brokerOffset);
        DetailLevel level = DetailLevel.parse(details);
        try (MemoryBudget.Lease lease = memory.lease(holder())) {
            JsonNode root = bodies.readItems(body, contentEncoding, config.maxBodyBytes(), "items", CandleParser.FIELDS,
                    config.maxItems(), lease);
            List<JsonNode> items;
            if (root.isObject() && root.has("items")) {
                items = elements(root.get("items"), "items");
            } else if (root.isObject()) {
                items = List.of(root);
            } else {
                items = elements(root, "body");
            }
            return ingest.ingestCandles(items, zone, atomic, level);
        }
    }

    @POST
    @Path("ingest_batch")
    @Operation(summary = "Post a bare JSON array of candles", description = "Same rules as POST /ingest.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = IngestBodies.Candle.class),
            examples = @ExampleObject(name = "batch", value = "[" + CANDLE_EXAMPLE + "]")))
    public IngestResponse ingestBatch(InputStream body,
            @HeaderParam("Content-Encoding") String contentEncoding,
            @HeaderParam("X-Broker-Offset") String brokerOffset,
            @QueryParam("atomic") boolean atomic,
            @QueryParam("details") String details) throws SQLException {
        ZoneId zone = brokerZone(brokerOffset);
        DetailLevel level = DetailLevel.parse(details);
        try (MemoryBudget.Lease lease = memory.lease(holder())) {
            JsonNode root = bodies.readItems(body, contentEncoding, config.maxBodyBytes(), "items", CandleParser.FIELDS,
                    config.maxItems(), lease);
            List<JsonNode> items = root.isObject() && root.has("items") ? elements(root.get("items"), "items")
                    : elements(root, "body");
            return ingest.ingestCandles(items, zone, atomic, level);
        }
    }

    @POST
    @Path("ingest/tick")
    @Operation(summary = "Post ticks: {\"ticks\": [...]}",
            description = "Each tick: symbol, ts or ts_msc (MqlTick.time_msc), bid, ask, last?, volume?, flags?. "
                    + "An identical re-sent tick is a duplicate; distinct ticks with the same ts are all kept.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = IngestBodies.TickBatch.class),
            examples = @ExampleObject(name = "ticks", value = TICK_EXAMPLE)))
    public IngestResponse ingestTicks(InputStream body,
            @HeaderParam("Content-Encoding") String contentEncoding,
            @HeaderParam("X-Broker-Offset") String brokerOffset,
            @QueryParam("atomic") boolean atomic,
            @QueryParam("details") String details) throws SQLException {
        return ticks(body, contentEncoding, brokerOffset, atomic, details, "ticks");
    }

    @POST
    @Path("tick")
    @Operation(summary = "Old system's single-tick route", description = "{symbol, time (epoch s), bid, ask, last?, volume?}")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = IngestBodies.LegacyTick.class)))
    public IngestResponse legacyTick(InputStream body,
            @HeaderParam("Content-Encoding") String contentEncoding,
            @HeaderParam("X-Broker-Offset") String brokerOffset) throws SQLException {
        return ticks(body, contentEncoding, brokerOffset, false, null, "ticks");
    }

    @POST
    @Path("tick/bulk")
    @Operation(summary = "Old system's bulk tick route", description = "An array of old-style ticks, or {\"ticks\": [...]}")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = IngestBodies.LegacyTick.class)))
    public IngestResponse legacyTickBulk(InputStream body,
            @HeaderParam("Content-Encoding") String contentEncoding,
            @HeaderParam("X-Broker-Offset") String brokerOffset,
            @QueryParam("details") String details) throws SQLException {
        return ticks(body, contentEncoding, brokerOffset, false, details, "ticks");
    }

    private IngestResponse ticks(InputStream body, String contentEncoding, String brokerOffset,
            boolean atomic, String details, String field) throws SQLException {
        if (config.disableTickIngest()) {
            throw ApiException.gone("Tick ingest is disabled on this server (DISABLE_TICK_INGEST=true)");
        }
        ZoneId zone = brokerZone(brokerOffset);
        DetailLevel level = DetailLevel.parse(details);
        try (MemoryBudget.Lease lease = memory.lease(holder())) {
            JsonNode root = bodies.readItems(body, contentEncoding, config.maxBodyBytes(), field, TickParser.FIELDS,
                    config.maxItems(), lease);
            List<JsonNode> items;
            if (root.isObject() && root.has(field)) {
                items = elements(root.get(field), field);
            } else if (root.isObject() && root.has("symbol")) {
                items = List.of(root);
            } else if (root.isArray()) {
                items = elements(root, "body");
            } else {
                throw ApiException.unprocessable(field, "expected {\"" + field + "\": [ ... ]} with a list of ticks");
            }
            return ingest.ingestTicks(items, zone, atomic, level);
        }
    }

    /** The body budget's holder of this request: its key (ingest routes need one), else its address. */
    private String holder() {
        Long keyId = caller.isPresent() ? caller.get().keyId() : null;
        RoutingContext context = currentRequest.getCurrent();
        SocketAddress address = context == null ? null : context.request().remoteAddress();
        return IngestMemory.holder(keyId, address == null ? "unknown" : address.hostAddress());
    }

    private static ZoneId brokerZone(String header) {
        try {
            return TimestampParser.parseBrokerZone(header);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private static List<JsonNode> elements(JsonNode node, String field) {
        if (node == null || !node.isArray()) {
            throw ApiException.unprocessable(field, field + " must be a JSON array of objects");
        }
        ArrayNode array = (ArrayNode) node;
        List<JsonNode> items = new ArrayList<>(array.size());
        array.forEach(items::add);
        return items;
    }
}
