package io.mt5db.ml;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mt5db.ml.features.FeatureBuilder;
import io.mt5db.ml.features.FeatureRow;
import io.mt5db.ml.features.Label;
import io.mt5db.ml.features.Labeler;
import io.mt5db.ml.features.MlBar;
import io.mt5db.ml.registry.ModelInfo;
import io.mt5db.ml.registry.ModelRegistry;
import io.mt5db.ml.training.ForestModel;
import io.mt5db.ml.training.TrainedModel;
import io.mt5db.indicators.IndicatorJob;
import io.mt5db.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import io.restassured.path.json.JsonPath;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Model registry: round trip, activation and rollback, one active model per series, global fallback, shadow. */
@QuarkusTest
class ModelRegistryTest {

    @Inject
    DataSource dataSource;

    @Inject
    IndicatorJob indicators;

    @Inject
    ModelRegistry registry;

    private String seriesWithBars(long seed) throws SQLException {
        String symbol = Api.uniqueSymbol("MLR");
        MlData.insertWithIndicators(dataSource, indicators, symbol,
                MlData.momentum(seed, Instant.parse("2026-05-04T00:00:00Z"), 900, 0.6));
        return symbol;
    }

    @Test
    void aStoredModelPredictsExactlyWhatItPredictedBeforeSaving() throws Exception {
        String symbol = seriesWithBars(11);
        TrainedModel trained = MlModels.train(dataSource, symbol, 7);
        ModelInfo saved = MlModels.save(registry, trained, symbol, "M1");
        assertTrue(saved.version().startsWith("rf-" + symbol + "-M1-"), saved.version());
        assertTrue(saved.version().endsWith("-" + saved.id()), saved.version());
        assertEquals("candidate", saved.status());

        ForestModel loaded = registry.load(registry.get(saved.id()));
        assertEquals(trained.model().featureNames(), loaded.featureNames());
        List<MlBar> bars = MlModels.bars(dataSource, symbol);
        List<FeatureRow> rows = new FeatureBuilder(MlModels.SPEC).build(bars);
        assertTrue(rows.size() > 500);
        for (FeatureRow row : rows) {
            assertEquals(trained.model().probUp(row.values()), loaded.probUp(row.values()), 0.0, "prob_up at " + row.ts());
        }
        // the manifest keeps what prediction and evaluation need
        Api.admin().get("/models/" + saved.id()).then().statusCode(200)
                .body("version", equalTo(saved.version()))
                .body("manifest.feature_names.size()", equalTo(trained.model().featureNames().size()))
                .body("manifest.data_fingerprint", equalTo(trained.dataFingerprint()))
                .body("metrics.model.samples", equalTo(trained.report().model().samples()))
                .body("metrics.majority.samples", equalTo(trained.report().majority().samples()))
                .body("metrics.persistence.samples", equalTo(trained.report().persistence().samples()))
                .body("beats_baselines", equalTo(trained.report().beatsBaselines()))
                .body("manifest.sweep.size()", equalTo(trained.report().sweep().size()));
    }

    @Test
    void activationRetiresThePreviousModelAndRollbackActivatesAnOlderOne() throws Exception {
        String symbol = seriesWithBars(12);
        TrainedModel trained = MlModels.train(dataSource, symbol, 3);
        ModelInfo first = MlModels.save(registry, trained, symbol, "M1");
        ModelInfo second = MlModels.save(registry, trained, symbol, "M1");

        Api.admin().post("/models/" + first.id() + "/activate").then().statusCode(200)
                .body("model.status", equalTo("active")).body("changed", equalTo(true));
        Api.admin().post("/models/" + second.id() + "/activate").then().statusCode(200)
                .body("model.status", equalTo("active")).body("retired_model_id", equalTo((int) first.id()));
        assertEquals("retired", registry.get(first.id()).status());
        assertEquals(second.id(), registry.active(symbol, "M1").orElseThrow().id());
        // rollback = activating the older one
        Api.admin().post("/models/" + first.version() + "/activate").then().statusCode(200)
                .body("model.id", equalTo((int) first.id())).body("retired_model_id", equalTo((int) second.id()));
        assertEquals(1, MlData.count(dataSource, "SELECT count(*) FROM ml_models WHERE symbol = ? AND status = 'active'",
                symbol));
        assertEquals("retired", registry.get(second.id()).status());
        // /metrics reports the serving model's test accuracy (the Mt5dbModelAccuracyLow alert reads it),
        // and no longer the retired one's
        String scrape = io.mt5db.testing.Metrics.scrape();
        assertEquals(trained.report().model().accuracy(), io.mt5db.testing.Metrics.sum(scrape, "ml_model_accuracy",
                java.util.Map.of("model_version", first.version(), "status", "active")), 1e-12);
        assertEquals(0.0, io.mt5db.testing.Metrics.sum(scrape, "ml_model_accuracy",
                java.util.Map.of("model_version", second.version())), 0.0);
        // activating the active model changes nothing
        Api.admin().post("/models/" + first.id() + "/activate").then().statusCode(200).body("changed", equalTo(false));
        // the database itself refuses a second active model of the series
        assertThrows(SQLException.class, () -> MlData.exec(dataSource,
                "UPDATE ml_models SET status = 'active' WHERE id = ?", second.id()));
        // audited, admin only
        assertTrue(MlData.count(dataSource, "SELECT count(*) FROM audit_log WHERE action = 'model.activate' AND target = ?",
                "model:" + second.id()) >= 1);
        Api.ea().post("/models/" + second.id() + "/activate").then().statusCode(403);
        Api.admin().post("/models/999999999/activate").then().statusCode(404).contentType("application/problem+json");
        // the list shows both, newest first, without bytes
        Api.ea().get("/models?symbol=" + symbol).then().statusCode(200)
                .body("items.size()", equalTo(2)).body("items[0].id", equalTo((int) second.id()))
                .body("items[1].status", equalTo("active"))
                .body("items[0].test_accuracy.majority", equalTo((float) trained.report().majority().accuracy()));
    }

    @Test
    void anActivationIsVisibleAtOnceToPredictInTheSameProcessDespiteTheActiveModelCache() throws Exception {
        String symbol = seriesWithBars(15);
        TrainedModel trained = MlModels.train(dataSource, symbol, 3);
        ModelInfo first = MlModels.save(registry, trained, symbol, "M1");
        ModelInfo second = MlModels.save(registry, trained, symbol, "M1");
        String predict = "/predict?symbol=" + symbol + "&timeframe=M1";
        // "no active model" is cached too ...
        Api.ea().get(predict).then().statusCode(404);
        assertTrue(registry.active(symbol, "M1").isEmpty());
        // ... and an activation clears it, well within the TTL
        Api.admin().post("/models/" + first.id() + "/activate").then().statusCode(200);
        Api.ea().get(predict).then().statusCode(200).body("model_version", equalTo(first.version()));
        Api.ea().get(predict).then().statusCode(200).body("model_version", equalTo(first.version()));
        Api.admin().post("/models/" + second.id() + "/activate").then().statusCode(200);
        Api.ea().get(predict).then().statusCode(200).body("model_version", equalTo(second.version()));
        assertEquals(second.id(), registry.active(symbol, "M1").orElseThrow().id());
        // rollback, then shadow and retire of the others: each answer is the database's at once
        registry.activate(first.id());
        Api.ea().get(predict).then().statusCode(200).body("model_version", equalTo(first.version()));
        registry.setPassiveStatus(second.id(), "shadow");
        registry.setPassiveStatus(second.id(), "retired");
        assertEquals(first.id(), registry.active(symbol, "M1").orElseThrow().id());
    }

    @Test
    void aSeriesWithoutItsOwnModelUsesTheGlobalOneAndShadowKeepsTheActiveModel() throws Exception {
        String symbol = seriesWithBars(13);
        TrainedModel trained = MlModels.train(dataSource, symbol, 5);
        // M5 keeps this global model away from the M1 tests
        ModelInfo global = MlModels.save(registry, trained, null, "M5");
        assertTrue(global.version().startsWith("rf-GLOBAL-M5-"));
        registry.activate(global.id());
        String other = Api.uniqueSymbol("MLRO");
        assertEquals(global.id(), registry.active(other, "M5").orElseThrow().id());
        ModelInfo own = MlModels.save(registry, trained, other, "M5");
        registry.activate(own.id());
        assertEquals(own.id(), registry.active(other, "M5").orElseThrow().id());
        assertEquals("active", registry.get(global.id()).status(), "a series' model never retires the global one");

        Api.admin().post("/models/" + own.id() + "/shadow").then().statusCode(409)
                .body("detail", containsString("activate another model first"));
        ModelInfo candidate = MlModels.save(registry, trained, other, "M5");
        Api.admin().post("/models/" + candidate.id() + "/shadow").then().statusCode(200).body("status", equalTo("shadow"));
        Api.admin().get("/models?symbol=" + other + "&status=shadow").then().statusCode(200).body("items.size()", equalTo(1));
        Api.admin().post("/models/" + candidate.id() + "/retire").then().statusCode(200).body("status", equalTo("retired"));
        Api.admin().get("/models?status=bogus").then().statusCode(400);
    }

    @Test
    void theShadowComparisonScoresTheModelBesideTheActiveOneOnTheSameLabelledBars() throws Exception {
        String symbol = seriesWithBars(14);
        TrainedModel trained = MlModels.train(dataSource, symbol, 4);
        ModelInfo active = MlModels.save(registry, trained, symbol, "M1");
        registry.activate(active.id());
        ModelInfo shadow = MlModels.save(registry, trained, symbol, "M1");
        registry.setPassiveStatus(shadow.id(), "shadow");
        List<MlBar> bars = MlModels.bars(dataSource, symbol);
        Labeler labeler = new Labeler(MlModels.SPEC);
        int labelled = 0;
        int up = 0;
        // the active model always says up; the shadow one is always right where a label exists
        for (int i = 100; i < 200; i++) {
            Optional<Label> label = labeler.labelAt(bars, i);
            int truth = label.map(Label::label).orElse(1);
            if (label.isPresent()) {
                labelled++;
                up += truth;
            }
            insertPrediction(symbol, bars.get(i).ts(), active, 0.9, 1, false);
            insertPrediction(symbol, bars.get(i).ts(), shadow, truth == 1 ? 0.8 : 0.2, truth, true);
        }
        assertTrue(labelled > 50 && up > 0 && up < labelled, labelled + " labelled, " + up + " up");
        JsonPath detail = MlApi.json(Api.ea().get("/models/" + shadow.id()).then().statusCode(200).extract().asString());
        assertEquals("shadow", detail.getString("status"));
        assertEquals(1, detail.getList("shadow_comparison").size());
        assertEquals(symbol, detail.getString("shadow_comparison[0].symbol"));
        assertEquals(100, detail.getInt("shadow_comparison[0].model.rows"));
        assertEquals(labelled, detail.getInt("shadow_comparison[0].model.labelled"));
        assertEquals(1.0, detail.getDouble("shadow_comparison[0].model.accuracy"), 1e-12);
        assertEquals(active.version(), detail.getString("shadow_comparison[0].active.version"));
        assertEquals(100, detail.getInt("shadow_comparison[0].active.rows"));
        assertEquals((double) up / labelled, detail.getDouble("shadow_comparison[0].active.accuracy"), 1e-12);
        assertEquals(labelled, detail.getInt("shadow_comparison[0].common_labelled_bars"));
        assertEquals(1.0, detail.getDouble("shadow_comparison[0].model_accuracy_on_common"), 1e-12);
        assertEquals((double) up / labelled, detail.getDouble("shadow_comparison[0].active_accuracy_on_common"), 1e-12);
    }

    private void insertPrediction(String symbol, Instant ts, ModelInfo model, double prob, int label, boolean shadow)
            throws SQLException {
        MlData.exec(dataSource, "INSERT INTO model_signals (symbol, timeframe, ts, model_version, model_id, prob_up,"
                + " threshold, label, shadow) VALUES (?, 'M1', ?, ?, ?, ?, 0.5, ?, ?)", symbol, ts, model.version(),
                model.id(), prob, label, shadow);
    }
}
