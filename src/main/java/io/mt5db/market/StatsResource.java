package io.mt5db.market;

import io.mt5db.common.QueryParams;
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
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/stats")
@RequiresScope(Scope.READ)
@Tag(name = "read")
public class StatsResource {

    @Inject
    StatsService stats;

    @GET
    @Produces({MediaType.APPLICATION_JSON, Csv.MEDIA_TYPE})
    @Operation(summary = "Totals per symbol/timeframe, ticks, last received time, job lags",
            description = "Fast on any size: candle counts are maintained as candles are written (exact), the tick total "
                    + "is PostgreSQL's live-row estimate, last_received_at is the latest ingest request recorded for "
                    + "/clients, and each job's lag is the age of its oldest queued change (pending=false: nothing "
                    + "waits). CSV lists the series counts.")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "stats", value = """
                    {"generated_at":"2025-10-20T09:15:00Z","candles_total":1520,"series":[{"symbol":"EURUSD",\
                    "timeframe":"M1","count":1440},{"symbol":"EURUSD","timeframe":"M5","count":80}],\
                    "ticks":{"estimate":1203344,"method":"estimate: pg_stat_user_tables.n_live_tup"},\
                    "last_received_at":"2025-10-20T09:14:59Z","jobs":[{"job":"aggregator","lag_seconds":0.4,\
                    "pending":true},{"job":"rollup","lag_seconds":0.0,"pending":false}]}""")))
    public Response get(@Parameter(description = "json (default) or csv") @QueryParam("format") String format)
            throws SQLException {
        boolean csv = QueryParams.csv(format);
        StatsService.Stats s = stats.stats();
        if (!csv) {
            return Response.ok(s, MediaType.APPLICATION_JSON).build();
        }
        List<List<Object>> rows = new ArrayList<>();
        s.series().forEach(r -> rows.add(List.of(r.symbol(), r.timeframe(), r.count())));
        return Response.ok(Csv.render(List.of("symbol", "timeframe", "count"), rows), Csv.MEDIA_TYPE).build();
    }
}
