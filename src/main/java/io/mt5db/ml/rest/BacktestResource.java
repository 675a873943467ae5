package io.mt5db.ml.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mt5db.common.ApiException;
import io.mt5db.common.Timeframe;
import io.mt5db.market.Csv;
import io.mt5db.common.QueryParams;
import io.mt5db.ml.backtest.BacktestResult;
import io.mt5db.ml.backtest.BacktestTrade;
import io.mt5db.ml.backtest.EquityPoint;
import io.mt5db.ml.serving.BacktestService;
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

/** GET /backtest: a walk-forward backtest of a model on bars it never trained on. */
@Path("/backtest")
@Tag(name = "ml")
public class BacktestResource {

    static final String EXAMPLE = """
            {"symbol":"EURUSD","timeframe":"M1","from":"2026-12-01T00:00:00Z","to":"2026-12-07T00:00:00Z",\
            "model_id":12,"model_version":"rf-EURUSD-M1-20261207T031500Z-12",\
            "spec":{"threshold":0.58,"sl_atr":1.5,"tp_atr":2.0,"horizon_bars":5,"pip_size":0.0001},\
            "metrics":{"bars":8640,"trades":412,"hit_rate":0.52,"total_pips":35.2,"sharpe":0.4,"max_drawdown_pips":61.0,\
            "accuracy":0.53,"precision":0.55},"thresholds":{"accuracy":0.55,"precision":0.6,"sharpe":1.0},\
            "pass":{"accuracy":false,"precision":false,"sharpe":false,"all":false},\
            "equity_curve":[{"ts":"2026-12-01T00:07:00Z","equity_pips":-1.2}],"trades":[{"signal_ts":"2026-12-01T00:01:00Z",\
            "entry_ts":"2026-12-01T00:02:00Z","exit_ts":"2026-12-01T00:07:00Z","side":"BUY","entry_price":1.08551,\
            "exit_price":1.08539,"pips":-1.2,"exit_reason":"HORIZON"}]}""";

    @Inject
    BacktestService backtests;

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record BacktestView(String symbol, String timeframe, Instant from, Instant to, long modelId,
            String modelVersion, Map<String, Object> spec, Map<String, Object> metrics, Map<String, Double> thresholds,
            Map<String, Boolean> pass, List<EquityPoint> equityCurve, List<BacktestTrade> trades) {
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, Csv.MEDIA_TYPE})
    @RequiresScope(Scope.READ)
    @Operation(summary = "Walk-forward backtest of a model",
            description = "Bars of the series in [from, to) (earlier bars only feed the feature windows): BUY when "
                    + "prob_up >= the model's threshold, SELL when <= 1 - threshold, entry at the next bar's open "
                    + "paying its spread, exit at SL/TP (mt5db.ml.sl-atr / tp-atr times ATR) or after the label "
                    + "horizon. A window overlapping what the model saw in training (train_from .. test_to plus the "
                    + "label horizon, from its manifest) is refused with 422. model = id or version (default: the "
                    + "series' active model). Pass/fail against the runbook's thresholds (accuracy > 0.55, precision "
                    + "> 0.60, Sharpe > 1.0) is reported, never tuned for. format=csv gives the equity curve "
                    + "(ts,equity_pips).")
    @APIResponse(responseCode = "200", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "json", value = EXAMPLE)),
            @Content(mediaType = Csv.MEDIA_TYPE, examples = @ExampleObject(name = "csv",
                    value = "ts,equity_pips\n2026-12-01T00:07:00Z,-1.2\n2026-12-01T00:15:00Z,2.9\n"))})
    @APIResponse(responseCode = "422", description = "The window overlaps the training window, or holds no bars")
    public Response backtest(@QueryParam("symbol") String symbol, @QueryParam("timeframe") String timeframe,
            @Parameter(description = "ISO-8601 or epoch, inclusive; required") @QueryParam("from") String from,
            @Parameter(description = "ISO-8601 or epoch, exclusive; required") @QueryParam("to") String to,
            @Parameter(description = "model id or version; default the active model") @QueryParam("model") String model,
            @Parameter(description = "json (default) or csv") @QueryParam("format") String format) throws SQLException {
        String sym = QueryParams.symbol(symbol);
        Timeframe tf = QueryParams.timeframe(timeframe);
        if (from == null || from.isBlank() || to == null || to.isBlank()) {
            throw ApiException.badRequest("Query parameters 'from' and 'to' are required");
        }
        Instant fromTs = QueryParams.time("from", from, null);
        Instant toTs = QueryParams.time("to", to, null);
        QueryParams.range(fromTs, toTs);
        boolean csv = QueryParams.csv(format);
        String ref = model == null || model.isBlank() ? null : model.trim();
        if (ref != null && (ref.length() > 200 || ref.indexOf('\0') >= 0)) {
            throw ApiException.badRequest("Query parameter 'model' must be a model id or version (at most 200 characters)");
        }
        BacktestService.Run run = backtests.run(sym, tf, fromTs, toTs, ref);
        BacktestResult r = run.result();
        if (csv) {
            List<List<Object>> rows = new ArrayList<>();
            for (EquityPoint p : r.equityCurve()) {
                rows.add(List.of(p.ts(), p.equityPips()));
            }
            return Response.ok(Csv.render(List.of("ts", "equity_pips"), rows), Csv.MEDIA_TYPE).build();
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("threshold", run.spec().threshold());
        spec.put("sl_atr", run.spec().slAtrMultiple());
        spec.put("tp_atr", run.spec().tpAtrMultiple());
        spec.put("horizon_bars", run.spec().horizonBars());
        spec.put("pip_size", run.spec().pipSize());
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("bars", r.bars());
        metrics.put("trades", r.trades());
        metrics.put("hit_rate", finite(r.hitRate()));
        metrics.put("total_pips", finite(r.totalPips()));
        metrics.put("sharpe", finite(r.sharpe()));
        metrics.put("max_drawdown_pips", finite(r.maxDrawdownPips()));
        metrics.put("accuracy", finite(r.accuracy()));
        metrics.put("precision", finite(r.precision()));
        Map<String, Double> thresholds = new LinkedHashMap<>();
        thresholds.put("accuracy", BacktestService.PASS_ACCURACY);
        thresholds.put("precision", BacktestService.PASS_PRECISION);
        thresholds.put("sharpe", BacktestService.PASS_SHARPE);
        Map<String, Boolean> pass = new LinkedHashMap<>();
        pass.put("accuracy", r.passAccuracy());
        pass.put("precision", r.passPrecision());
        pass.put("sharpe", r.passSharpe());
        pass.put("all", r.passed());
        return Response.ok(new BacktestView(run.symbol(), run.timeframe(), run.from(), run.to(), run.model().id(),
                run.model().version(), spec, metrics, thresholds, pass, r.equityCurve(), r.tradeList()),
                MediaType.APPLICATION_JSON).build();
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
