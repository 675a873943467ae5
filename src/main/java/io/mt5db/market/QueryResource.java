package io.mt5db.market;

import io.mt5db.common.ApiException;
import io.mt5db.common.QueryParams;
import io.mt5db.common.Timeframe;
import io.mt5db.security.Caller;
import io.mt5db.security.CurrentCaller;
import io.mt5db.security.RequiresScope;
import io.mt5db.security.Scope;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/query")
@RequiresScope(Scope.READ)
@Tag(name = "read")
public class QueryResource {

    @Inject
    QueryViews views;

    @Inject
    CurrentCaller caller;

    public record QueryPage(String view, List<String> columns, List<Map<String, Object>> items, String nextCursor) {
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, Csv.MEDIA_TYPE})
    @Operation(summary = "Read-only access to whitelisted views",
            description = "view: candles, signals, trades, and the ML module's features, labels, trainset (the seed's M1 views "
                    + "features_m1, labels_m1, trainset_m1: symbol required, timeframe M1 or omitted; labels never hold a bar "
                    + "without a future) and model_signals (per-bar model predictions, active and shadow); any other name "
                    + "400. Never accepts SQL. from inclusive, to exclusive; "
                    + "pass next_cursor (JSON) or X-Next-Cursor (CSV) as cursor. Account data (signals, trades) needs the "
                    + "signals scope, and an account-bound key sees only its own account.")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "candles", value = """
                    {"view":"candles","columns":["symbol","timeframe","ts","open","high","low","close","volume","spread",\
                    "rsi","macd","macd_signal","macd_hist","atr","bb_upper","bb_middle","bb_lower","created_at","source"],\
                    "items":[{"symbol":"EURUSD","timeframe":"M1","ts":"2025-10-20T09:14:00Z","open":1.0855,"high":1.0857,\
                    "low":1.0854,"close":1.0856,"volume":150,"spread":0.00002,"rsi":55.2,"macd":0.00012,\
                    "macd_signal":0.0001,"macd_hist":0.00002,"atr":0.00031,"bb_upper":1.0861,"bb_middle":1.0853,\
                    "bb_lower":1.0845,"created_at":"2025-10-20T09:15:00.120Z","source":"ticks"}],\
                    "next_cursor":"2025-10-20T09:15:00Z"}""")))
    public Response query(@QueryParam("view") String view, @QueryParam("symbol") String symbol,
            @QueryParam("timeframe") String timeframe,
            @Parameter(description = "ISO-8601 or epoch, inclusive") @QueryParam("from") String from,
            @Parameter(description = "ISO-8601 or epoch, exclusive") @QueryParam("to") String to,
            @Parameter(description = "1..100000, default 1000") @QueryParam("limit") Integer limit,
            @Parameter(description = "the next_cursor of the previous page") @QueryParam("cursor") String cursor,
            @Parameter(description = "account views only; a bound key's own account by default") @QueryParam("account_id") String accountId,
            @Parameter(description = "json (default) or csv") @QueryParam("format") String format) throws SQLException {
        QueryView v = views.find(view);
        Caller c = caller.get();
        if (!c.has(v.scope())) {
            throw ApiException.forbidden("This key lacks the '" + v.scope().wireName() + "' scope needed for view " + view);
        }
        String sym = symbol == null || symbol.isBlank() ? null : QueryParams.symbol(symbol);
        Timeframe tf = timeframe == null || timeframe.isBlank() ? null : QueryParams.timeframe(timeframe);
        Instant fromTs = QueryParams.time("from", from, CandleReadResource.BEGINNING);
        Instant toTs = QueryParams.time("to", to, CandleReadResource.END);
        QueryParams.range(fromTs, toTs);
        int max = QueryParams.limit(limit);
        boolean csv = QueryParams.csv(format);
        QueryView.Rows rows = v.read(new QueryView.Request(sym, tf, fromTs, toTs, max,
                cursor == null || cursor.isBlank() ? null : cursor, caller.resolveAccount(accountId)));
        if (csv) {
            Response.ResponseBuilder response = Response.ok(Csv.render(v.columns(), rows.rows()), Csv.MEDIA_TYPE);
            if (rows.nextCursor() != null) {
                response.header("X-Next-Cursor", rows.nextCursor());
            }
            return response.build();
        }
        List<Map<String, Object>> items = new ArrayList<>(rows.rows().size());
        for (List<Object> row : rows.rows()) {
            Map<String, Object> item = new LinkedHashMap<>();
            for (int i = 0; i < v.columns().size(); i++) {
                item.put(v.columns().get(i), row.get(i));
            }
            items.add(item);
        }
        return Response.ok(new QueryPage(v.name(), v.columns(), items, rows.nextCursor()), MediaType.APPLICATION_JSON)
                .build();
    }
}
