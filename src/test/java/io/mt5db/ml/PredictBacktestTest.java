package io.mt5db.ml;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mt5db.indicators.IndicatorJob;
import io.mt5db.ml.features.FeatureNames;
import io.mt5db.ml.features.MlBar;
import io.mt5db.ml.registry.ModelInfo;
import io.mt5db.ml.registry.ModelRegistry;
import io.mt5db.ml.training.BaselineRule;
import io.mt5db.ml.training.SplitSpec;
import io.mt5db.ml.training.TrainedModel;
import io.mt5db.ml.training.TrainingPipeline;
import io.mt5db.ml.training.TrainingProgress;
import io.mt5db.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GET /predict, GET /predict_batch, POST /predict and GET /backtest. */
@QuarkusTest
class PredictBacktestTest {

    static final Instant START = Instant.parse("2026-08-03T00:00:00Z");

    @Inject
    DataSource dataSource;

    @Inject
    IndicatorJob indicators;

    @Inject
    ModelRegistry registry;

    private static String symbol;
    private static ModelInfo model;
    private static List<MlBar> bars;

    /** One series of 1,500 bars; the model trains on the first 900 only. */
    @BeforeEach
    void setUp() throws Exception {
        if (symbol != null) {
            return;
        }
        symbol = Api.uniqueSymbol("MLP");
        MlData.insertWithIndicators(dataSource, indicators, symbol, MlData.momentum(51, START, 1500, 0.6));
        bars = MlModels.bars(dataSource, symbol);
        TrainedModel trained = TrainingPipeline.train(bars.subList(0, 900), MlModels.SPEC, MlModels.small(9),
                SplitSpec.defaults(5), BaselineRule.defaults(), TrainingProgress.NONE);
        model = MlModels.save(registry, trained, symbol, "M1");
        registry.activate(model.id());
        model = registry.get(model.id());
    }

    @Test
    void predictScoresTheNewestClosedBarWithCompleteFeatures() {
        JsonPath p = MlApi.json(Api.ea().get("/predict?symbol=" + symbol + "&timeframe=M1").then().log().ifValidationFails()
                .statusCode(200).extract().asString());
        assertEquals(symbol, p.getString("symbol"));
        assertEquals("M1", p.getString("timeframe"));
        assertEquals(bars.get(bars.size() - 1).ts().toString(), p.getString("ts"));
        assertEquals(model.version(), p.getString("model_version"));
        double prob = p.getDouble("prob_up");
        assertTrue(prob >= 0 && prob <= 1);
        assertEquals(prob >= 0.5 ? 1 : 0, p.getInt("label"));
        assertEquals(model.threshold(), p.getDouble("threshold"), 1e-12);
        Map<String, Object> features = p.getMap("features");
        assertEquals(FeatureNames.ALL, List.copyOf(features.keySet()));

        // the same features sent back give the same probability, by active model or by model_id
        ObjectNode body = MlApi.mapper().createObjectNode();
        body.put("symbol", symbol);
        body.put("timeframe", "M1");
        ObjectNode f = body.putObject("features");
        features.forEach((k, v) -> f.put(k, ((Number) v).doubleValue()));
        double raw = MlApi.json(Api.ea().body(body.toString()).post("/predict").then().statusCode(200).extract().asString())
                .getDouble("prob_up");
        assertEquals(prob, raw, 1e-12);
        body.remove("symbol");
        body.remove("timeframe");
        body.put("model_id", model.id());
        assertEquals(prob, MlApi.json(Api.ea().body(body.toString()).post("/predict").then().statusCode(200).extract()
                .asString()).getDouble("prob_up"), 1e-12);
    }

    @Test
    void predictSaysWhatIsMissing() throws Exception {
        String noModel = Api.uniqueSymbol("MLPN");
        Api.ea().get("/predict?symbol=" + noModel + "&timeframe=M1").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("No active model for " + noModel));
        // a model but too few bars for complete features
        String shortSeries = Api.uniqueSymbol("MLPS");
        MlData.insertWithIndicators(dataSource, indicators, shortSeries, MlData.momentum(52, START, 20, 0.6));
        ModelInfo m = MlModels.save(registry, TrainingPipeline.train(bars.subList(0, 900), MlModels.SPEC,
                MlModels.small(9), SplitSpec.defaults(5), BaselineRule.defaults(), TrainingProgress.NONE), shortSeries, "M1");
        registry.activate(m.id());
        Api.ea().get("/predict?symbol=" + shortSeries + "&timeframe=M1").then().statusCode(404)
                .body("detail", containsString("complete features"));
        Api.ea().get("/predict?timeframe=M1").then().statusCode(400).body("detail", containsString("symbol"));
        Api.ea().get("/predict?symbol=" + symbol + "&timeframe=M7").then().statusCode(400).body("detail", containsString("timeframe"));

        JsonPath batch = MlApi.json(Api.ea().get("/predict_batch?symbols=" + symbol + "," + noModel + "&timeframe=M1")
                .then().statusCode(200).extract().asString());
        assertEquals(1, batch.getList("items").size());
        assertEquals(symbol, batch.getString("items[0].symbol"));
        assertEquals(noModel, batch.getString("errors[0].symbol"));
        assertEquals(404, batch.getInt("errors[0].status"));
        Api.ea().get("/predict_batch?timeframe=M1").then().statusCode(400);
        Api.ea().get("/predict_batch?symbols=A%00B&timeframe=M1").then().statusCode(400);
    }

    @Test
    void predictFallsBackToAnOlderBarWhenTheNewestHaveNoIndicatorsYet() throws Exception {
        String lagging = Api.uniqueSymbol("MLPL");
        List<MlData.Bar> series = MlData.momentum(53, START, 400, 0.6);
        MlData.insertWithIndicators(dataSource, indicators, lagging, series);
        // the indicator job has not reached the newest three bars yet
        MlData.exec(dataSource, "DELETE FROM indicators WHERE symbol = ? AND timeframe = 'M1' AND ts > ?", lagging,
                series.get(series.size() - 4).ts());
        ModelInfo m = MlModels.save(registry, TrainingPipeline.train(bars.subList(0, 900), MlModels.SPEC,
                MlModels.small(9), SplitSpec.defaults(5), BaselineRule.defaults(), TrainingProgress.NONE), lagging, "M1");
        registry.activate(m.id());
        Api.ea().get("/predict?symbol=" + lagging + "&timeframe=M1").then().log().ifValidationFails().statusCode(200)
                .body("ts", equalTo(series.get(series.size() - 4).ts().toString()));
    }

    @Test
    void postPredictIs422ForMissingUnknownOrNonFiniteFeatures() {
        StringBuilder all = new StringBuilder();
        for (String name : FeatureNames.ALL) {
            all.append(all.length() == 0 ? "" : ",").append('"').append(name).append("\":0.1");
        }
        String ok = "{\"symbol\":\"" + symbol + "\",\"timeframe\":\"M1\",\"features\":{" + all + "}}";
        Api.ea().body(ok).post("/predict").then().statusCode(200);
        String missing = ok.replace("\"ret_5\":0.1,", "");
        Api.ea().body(missing).post("/predict").then().statusCode(422).contentType("application/problem+json")
                .body("errors.field", hasItem("features.ret_5")).body("errors.message", hasItem("missing"));
        Api.ea().body(ok.replace("\"rsi\":0.1", "\"rsi\":0.1,\"moon_phase\":1")).post("/predict").then().statusCode(422)
                .body("errors.field", hasItem("features.moon_phase"));
        Api.ea().body(ok.replace("\"rsi\":0.1", "\"rsi\":1e999")).post("/predict").then().statusCode(422)
                .body("errors.field", hasItem("features.rsi")).body("errors.message", hasItem("must be a finite number"));
        Api.ea().body(ok.replace("\"rsi\":0.1", "\"rsi\":\"NaN\"")).post("/predict").then().statusCode(422)
                .body("errors.field", hasItem("features.rsi"));
        Api.ea().body("{\"features\":{}}").post("/predict").then().statusCode(422).body("errors.field", hasItem("timeframe"));
        Api.ea().body("{\"timeframe\":\"M1\",\"features\":[1,2]}").post("/predict").then().statusCode(422)
                .body("errors.field", hasItem("features"));
        Api.ea().body("{\"model_id\":\"x\",\"features\":{}}").post("/predict").then().statusCode(422)
                .body("errors.field", hasItems("model_id"));
        Api.ea().body("{\"model_id\":999999999,\"features\":{}}").post("/predict").then().statusCode(404);
        Api.ea().body("{\"timeframe\":\"M1\",").post("/predict").then().statusCode(400);
    }

    @Test
    void backtestRefusesTheTrainingWindowAndAnswersJsonAndCsv() {
        String url = "/backtest?symbol=" + symbol + "&timeframe=M1&model=" + model.id();
        // bars 100..200 were training bars
        Api.ea().get(url + "&from=" + bars.get(100).ts() + "&to=" + bars.get(200).ts()).then().statusCode(422)
                .contentType("application/problem+json").body("errors.field", hasItem("from"))
                .body("errors[0].message", containsString("overlaps"));
        // a window that starts before the training window and ends inside it overlaps too
        Api.ea().get(url + "&from=2026-08-01T00:00:00Z&to=" + bars.get(300).ts()).then().statusCode(422);

        String from = bars.get(1000).ts().toString();
        String to = bars.get(1499).ts().toString();
        JsonPath r = MlApi.json(Api.ea().get(url + "&from=" + from + "&to=" + to).then().log().ifValidationFails()
                .statusCode(200).extract().asString());
        assertEquals(model.version(), r.getString("model_version"));
        assertEquals(from, r.getString("from"));
        assertEquals(0.55, r.getDouble("thresholds.accuracy"));
        assertEquals(0.60, r.getDouble("thresholds.precision"));
        assertEquals(1.0, r.getDouble("thresholds.sharpe"));
        assertEquals(model.threshold(), r.getDouble("spec.threshold"), 1e-12);
        assertEquals(0.0001, r.getDouble("spec.pip_size"), 1e-12);
        int trades = r.getInt("metrics.trades");
        assertTrue(trades > 0, "trades " + trades);
        assertEquals(trades, r.getList("trades").size());
        assertEquals(trades, r.getList("equity_curve").size());
        assertTrue(r.getMap("pass").containsKey("all"));
        assertEquals(r.getDouble("metrics.total_pips"), r.getDouble("equity_curve[-1].equity_pips"), 1e-9);

        String csv = Api.ea().accept("text/csv").get(url + "&from=" + from + "&to=" + to + "&format=csv").then()
                .statusCode(200).contentType(containsString("text/csv")).extract().asString();
        String[] lines = csv.split("\r?\n");
        assertEquals("ts,equity_pips", lines[0]);
        assertEquals(trades + 1, lines.length);

        // by version, and the active model by default
        Api.ea().get("/backtest?symbol=" + symbol + "&timeframe=M1&model=" + model.version() + "&from=" + from + "&to=" + to)
                .then().statusCode(200).body("model_id", equalTo((int) model.id()));
        Api.ea().get("/backtest?symbol=" + symbol + "&timeframe=M1&from=" + from + "&to=" + to).then().statusCode(200)
                .body("model_id", equalTo((int) model.id()));
        Api.ea().get("/backtest?symbol=" + symbol + "&timeframe=M1&from=" + from).then().statusCode(400);
        Api.ea().get(url + "&from=" + to + "&to=" + from).then().statusCode(400);
        Api.ea().get("/backtest?symbol=OTHERSYM&timeframe=M1&model=" + model.id() + "&from=" + from + "&to=" + to).then()
                .statusCode(422).body("errors.field", hasItem("model"));
        Api.ea().get(url.replace("M1", "M5") + "&from=" + from + "&to=" + to).then().statusCode(422);
        Api.ea().get(url + "&from=2020-01-01T00:00:00Z&to=2020-01-02T00:00:00Z").then().statusCode(422)
                .body("errors.field", hasItem("from"));
        // A window beyond the future bound is refused before any model is read (common.TimeBounds).
        Api.ea().get(url + "&from=2099-01-01T00:00:00Z&to=2099-01-02T00:00:00Z").then().statusCode(400)
                .contentType("application/problem+json").body(containsString("from"));
    }
}
