package io.mt5db.market;

import io.mt5db.common.QueryParams;
import io.mt5db.common.Timeframe;
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
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/gaps")
@RequiresScope(Scope.READ)
@Tag(name = "read")
public class GapsResource {

    @Inject
    GapService gaps;

    @GET
    @Produces({MediaType.APPLICATION_JSON, Csv.MEDIA_TYPE})
    @Operation(summary = "Missing bars while the market was open",
            description = "A bar is expected when any part of its bucket lies in the symbol's sessions (default FX hours: "
                    + "Sunday 17:00 to Friday 17:00 New York time, DST-aware; set others with PUT /symbols/{symbol}), so "
                    + "the weekend is never a gap. A gap is a run of expected bars without a stored candle; closed time "
                    + "inside it neither counts nor ends it. from defaults to the first stored bar, to to the end of the "
                    + "last stored bar (a series that stopped is not reported as missing every bar since; give to for "
                    + "that); the range never starts before the first bar nor ends after now. The answer's from and to "
                    + "are the range used; from_defaulted and to_defaulted say which ends were not given. limit caps the gaps per page; next_cursor (JSON) or X-Next-Cursor (CSV) is "
                    + "the from of the next page (a page also ends after about a million buckets; a gap may then continue on the "
                    + "next page). Holidays are not modelled.")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "gaps", value = """
                    {"symbol":"EURUSD","timeframe":"M1","from":"2025-10-17T00:00:00Z","to":"2025-10-21T00:00:00Z",\
                    "from_defaulted":false,"to_defaulted":false,"expected_bars":4200,"present_bars":4185,"missing_bars":15,"items":[{"from":"2025-10-20T03:10:00Z",\
                    "to":"2025-10-20T03:25:00Z","missing_bars":15}],"next_cursor":null}""")))
    public Response list(@QueryParam("symbol") String symbol, @QueryParam("timeframe") String timeframe,
            @Parameter(description = "ISO-8601 or epoch, inclusive; default the first stored bar") @QueryParam("from") String from,
            @Parameter(description = "ISO-8601 or epoch, exclusive; default the end of the last stored bar") @QueryParam("to") String to,
            @Parameter(description = "most gaps per page, 1..100000, default 1000") @QueryParam("limit") Integer limit,
            @Parameter(description = "json (default) or csv") @QueryParam("format") String format) throws SQLException {
        String sym = QueryParams.symbol(symbol);
        Timeframe tf = QueryParams.timeframe(timeframe);
        Instant fromTs = QueryParams.time("from", from, null);
        Instant toTs = QueryParams.time("to", to, null);
        QueryParams.range(fromTs, toTs);
        int max = QueryParams.limit(limit);
        boolean csv = QueryParams.csv(format);
        GapService.GapsReport report = gaps.gaps(sym, tf, fromTs, toTs, max);
        if (!csv) {
            return Response.ok(report, MediaType.APPLICATION_JSON).build();
        }
        List<List<Object>> rows = new ArrayList<>();
        report.items().forEach(g -> rows.add(List.of(sym, tf.name(), g.from(), g.to(), g.missingBars())));
        Response.ResponseBuilder response = Response.ok(
                Csv.render(List.of("symbol", "timeframe", "from", "to", "missing_bars"), rows), Csv.MEDIA_TYPE);
        if (report.nextCursor() != null) {
            response.header("X-Next-Cursor", report.nextCursor());
        }
        return response.build();
    }
}
