package io.mt5db.stream;

import io.mt5db.common.ApiException;
import io.mt5db.security.Caller;
import io.mt5db.security.CurrentCaller;
import io.mt5db.security.RequiresScope;
import io.mt5db.security.Scope;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.sql.SQLException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/stream")
@RequiresScope(Scope.READ)
@Tag(name = "stream", description = "Live events (Server-Sent Events)")
public class StreamResource {

    @Inject
    StreamHub hub;

    @Inject
    StreamConfig config;

    @Inject
    CurrentCaller caller;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Live events as Server-Sent Events",
            description = """
                    Every event has an `id:` (a growing number: send the last one back as the Last-Event-ID header, or \
                    ?last_event_id=, to resume without gaps within the kept window), an `event:` name and one-line JSON \
                    `data:`.

                    - `candle`: a bar created or changed (ingest, tick aggregation, roll-up) and again when its \
                    indicators are computed: the fields of GET /candles?indicators=true (indicators absent until \
                    computed) plus `closed` (the bar's period has ended).
                    - `signal`: `action` created, delivered, acked, expired or cancelled, with the signal's id, symbol, \
                    timeframe, side, confidence, status, account_id, bar_ts, created_at, expires_at, sl_pips, tp_pips; \
                    delivered and acked add delivery_status and delivery_account_id. A key bound to an account sees \
                    its account's and broadcast signals, and only its own account's deliveries.
                    - `model`: `action` trained or activated, with model_id, symbol, timeframe, version, status and \
                    metrics (as GET /models/{id} shows them).
                    - `heartbeat`: {"ts", "last_id"} on connecting and every mt5db.stream.heartbeat-interval (15 s).
                    - `reset`: the Last-Event-ID is unknown or older than the window: {"reason", "oldest_id"}; live \
                    events follow.
                    - `dropped`: the client fell more than mt5db.stream.client-queue-events behind and is \
                    disconnected: {"reason", "last_id"}; reconnect with Last-Event-ID = last_id.
                    """)
    @APIResponse(responseCode = "200", description = "An endless event stream",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, examples = @ExampleObject(name = "events",
                    value = """
                            id: 1042
                            event: candle
                            data: {"symbol":"EURUSD","timeframe":"M1","ts":"2025-10-20T09:14:00Z","open":1.0855,"high":1.0857,"low":1.0854,"close":1.0856,"volume":150,"spread":0.00002,"source":"ticks","closed":false}

                            id: 1042
                            event: heartbeat
                            data: {"ts":"2025-10-20T09:14:15Z","last_id":1042}
                            """)))
    @APIResponse(responseCode = "400", description = "A filter names an unknown symbol, timeframe or type")
    public void stream(
            @Parameter(description = "Comma-separated symbols; all when absent") @QueryParam("symbols") String symbols,
            @Parameter(description = "Comma-separated timeframes (M1..MN1); all when absent")
            @QueryParam("timeframes") String timeframes,
            @Parameter(description = "Comma-separated of candle, signal, model; all when absent")
            @QueryParam("types") String types,
            @Parameter(description = "Resume after this event id (the Last-Event-ID header wins)")
            @QueryParam("last_event_id") String lastEventIdParam,
            @Parameter(description = "Resume after this event id") @HeaderParam("Last-Event-ID") String lastEventIdHeader,
            @Context SseEventSink sink, @Context Sse sse, @Context HttpServerRequest request) throws SQLException {
        Caller who = caller.get();
        StreamFilter filter = StreamFilter.parse(symbols, timeframes, types, who.isAccountBound() ? who.accountId() : null);
        Long lastEventId = lastEventId(lastEventIdHeader, lastEventIdParam);
        StreamClient client = new StreamClient(filter, hub.clientCapacity(), lastEventId == null ? 0 : lastEventId,
                sink, sse, () -> request.connection().close(), hub);
        hub.open(client, lastEventId);
    }

    static Long lastEventId(String header, String parameter) {
        String text = header != null && !header.isBlank() ? header : parameter;
        String name = header != null && !header.isBlank() ? "Header 'Last-Event-ID'" : "Query parameter 'last_event_id'";
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be an event id this stream sent (a number), not '"
                    + io.mt5db.common.TextRules.abbreviate(text, 40) + "'");
        }
    }
}
