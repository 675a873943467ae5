package io.mt5db.aggregation;

import io.mt5db.common.ApiException;
import io.mt5db.common.Timeframe;
import io.mt5db.common.QueryParams;
import io.mt5db.security.AuditLog;
import io.mt5db.security.CurrentCaller;
import io.mt5db.security.RequiresScope;
import io.mt5db.security.Scope;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope(Scope.ADMIN)
@Tag(name = "admin", description = "API keys, audit and data repair")
public class CandleRepairResource {

    @Inject
    CandleRepairService repair;

    @Inject
    CurrentCaller caller;

    @Inject
    AuditLog audit;

    @DELETE
    @Path("candles")
    @Operation(summary = "Delete a range of candles (data repair)",
            description = "Deletes the series' candles of every source in [from, to) with their indicators. Roll-ups "
                    + "of deleted M1 bars are rebuilt from what remains; a deleted roll-up bucket comes back from its M1 "
                    + "bars; indicators are recomputed. To rebuild deleted M1 bars from ticks, POST /recompute. "
                    + "With poison=true (no from/to) it deletes the series' rows outside the accepted time range "
                    + "(before 1971-01-01, after now + the future bound, or infinite) that an older version stored.")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "deleted", value = """
                    {"symbol":"EURUSD","timeframe":"M1","from":"2025-10-20T00:00:00Z","to":"2025-10-21T00:00:00Z",\
                    "deleted":1440}""")))
    public CandleRepairService.Deleted delete(@QueryParam("symbol") String symbol,
            @QueryParam("timeframe") String timeframe,
            @Parameter(description = "inclusive, required") @QueryParam("from") String from,
            @Parameter(description = "exclusive, required") @QueryParam("to") String to,
            @Parameter(description = "true: delete the rows outside the accepted time range instead of [from, to)")
            @QueryParam("poison") String poison) throws SQLException {
        String sym = QueryParams.symbol(symbol);
        Timeframe tf = QueryParams.timeframe(timeframe);
        if (poison != null && !poison.isBlank()) {
            if (!poison.equals("true") && !poison.equals("false")) {
                throw ApiException.badRequest("Query parameter 'poison' must be true or false");
            }
            if (poison.equals("true")) {
                if (from != null || to != null) {
                    throw ApiException.badRequest("poison=true deletes the rows outside the accepted time range:"
                            + " leave out from and to");
                }
                CandleRepairService.Deleted deleted = repair.deletePoison(sym, tf);
                audit.record(caller.get(), "candles.delete", "series:" + sym + "/" + tf,
                        "poison=true deleted=" + deleted.deleted());
                return deleted;
            }
        }
        Instant fromTs = required("from", from);
        Instant toTs = required("to", to);
        QueryParams.range(fromTs, toTs);
        CandleRepairService.Deleted deleted = repair.deleteCandles(sym, tf, fromTs, toTs);
        audit.record(caller.get(), "candles.delete", "series:" + sym + "/" + tf,
                "from=" + fromTs + " to=" + toTs + " deleted=" + deleted.deleted());
        return deleted;
    }

    @POST
    @Path("recompute")
    @Operation(summary = "Rebuild derived candles of a range from stored data",
            description = "Marks every minute of [from, to) (widened to whole minutes) for the aggregator, which rebuilds "
                    + "tick candles from the stored ticks (frozen minutes, whose ticks were partly pruned, keep their "
                    + "candle), and every roll-up bucket touching the range; indicators follow. Answers 202: the jobs "
                    + "do the work within seconds.")
    @APIResponse(responseCode = "202", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "marked", value = """
                    {"symbol":"EURUSD","from":"2025-10-20T00:00:00Z","to":"2025-10-21T00:00:00Z",\
                    "slices_marked":17280,"buckets_marked":424}""")))
    public Response recompute(@QueryParam("symbol") String symbol,
            @Parameter(description = "inclusive, required") @QueryParam("from") String from,
            @Parameter(description = "exclusive, required") @QueryParam("to") String to) throws SQLException {
        String sym = QueryParams.symbol(symbol);
        Instant fromTs = required("from", from);
        Instant toTs = required("to", to);
        QueryParams.range(fromTs, toTs);
        CandleRepairService.Recompute marked = repair.recompute(sym, fromTs, toTs);
        audit.record(caller.get(), "candles.recompute", "symbol:" + sym, "from=" + fromTs + " to=" + toTs);
        return Response.accepted(marked).build();
    }

    private static Instant required(String name, String value) {
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest("Query parameter '" + name + "' is required");
        }
        return QueryParams.time(name, value, null);
    }
}
