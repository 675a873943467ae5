package io.mt5db.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.mt5db.indicators.IndicatorJob;
import io.mt5db.ml.inference.InferenceJob;
import io.mt5db.ml.registry.ModelInfo;
import io.mt5db.ml.registry.ModelRegistry;
import io.mt5db.ml.training.TrainedModel;
import io.mt5db.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The inference job: one model_signals row per (series, bar, model), at most one signal per bar, shadow
 * rows without signals, idempotent reruns, and the three no-signal guards.
 */
@QuarkusTest
class InferenceJobTest {

    @Inject
    DataSource dataSource;

    @Inject
    IndicatorJob indicators;

    @Inject
    ModelRegistry registry;

    @Inject
    InferenceJob inference;

    @Inject
    MeterRegistry meters;

    private static TrainedModel trained;
    private static TrainedModel other;

    @BeforeEach
    void trainOnce() throws Exception {
        if (trained == null) {
            String symbol = Api.uniqueSymbol("MLIT");
            MlData.insertWithIndicators(dataSource, indicators, symbol,
                    MlData.momentum(31, Instant.parse("2026-07-06T00:00:00Z"), 900, 0.6));
            trained = MlModels.train(dataSource, symbol, 1);
            other = MlModels.train(dataSource, symbol, 2);
        }
    }

    /** A series whose newest bar started {@code endMinutesAgo} minutes before the current minute. */
    private String freshSeries(String prefix, int endMinutesAgo) throws Exception {
        String symbol = Api.uniqueSymbol(prefix);
        MlData.insertWithIndicators(dataSource, indicators, symbol, MlData.endingNow(41, 300, endMinutesAgo));
        return symbol;
    }

    private ModelInfo activeModel(String symbol, TrainedModel model) throws Exception {
        ModelInfo info = MlModels.save(registry, model, symbol, "M1");
        MlModels.setThreshold(dataSource, info.id(), 0.5);
        registry.activate(info.id());
        return registry.get(info.id());
    }

    private long rows(String symbol) throws Exception {
        return MlData.count(dataSource, "SELECT count(*) FROM model_signals WHERE symbol = ?", symbol);
    }

    private long signals(String symbol) throws Exception {
        return MlData.count(dataSource, "SELECT count(*) FROM signals WHERE symbol = ?", symbol);
    }

    private double skipped(String reason) {
        Counter c = meters.find("ml.inference.skipped").tag("reason", reason).counter();
        return c == null ? 0 : c.count();
    }

    private Instant newestBar(String symbol) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT max(ts) FROM candles WHERE symbol = ? AND timeframe = 'M1'")) {
            ps.setString(1, symbol);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getTimestamp(1).toInstant();
            }
        }
    }

    @Test
    void aClosedBarGivesOnePredictionPerModelAndOneSignalAndARerunChangesNothing() throws Exception {
        String symbol = freshSeries("MLI", 2);
        ModelInfo active = activeModel(symbol, trained);
        ModelInfo shadow = MlModels.save(registry, other, symbol, "M1");
        registry.setPassiveStatus(shadow.id(), "shadow");
        Instant bar = newestBar(symbol);

        inference.runOnce();
        assertEquals(2, rows(symbol), "one row for the active model, one for the shadow model");
        assertEquals(1, MlData.count(dataSource, "SELECT count(*) FROM model_signals WHERE symbol = ? AND ts = ?"
                + " AND model_version = ? AND NOT shadow", symbol, bar, active.version()));
        assertEquals(1, MlData.count(dataSource, "SELECT count(*) FROM model_signals WHERE symbol = ? AND ts = ?"
                + " AND model_version = ? AND shadow", symbol, bar, shadow.version()));
        assertEquals(1, signals(symbol));
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT bar_ts, side, model_version, prob_up, confidence, sl_pips, tp_pips, ttl_sec, timeframe"
                        + " FROM signals WHERE symbol = ?")) {
            ps.setString(1, symbol);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertEquals(bar, rs.getTimestamp(1).toInstant());
                assertEquals(active.version(), rs.getString(3), "only the active model makes signals");
                double prob = rs.getDouble(4);
                assertEquals(prob >= 0.5 ? "BUY" : "SELL", rs.getString(2));
                assertEquals(prob >= 0.5 ? prob : 1 - prob, rs.getDouble(5), 1e-12);
                assertTrue(rs.getDouble(6) > 0, "sl_pips from ATR");
                assertEquals(2.0 / 1.5, rs.getDouble(7) / rs.getDouble(6), 0.05);
                assertEquals(300, rs.getInt(8));
                assertEquals("M1", rs.getString(9));
            }
        }

        // rerun: nothing new; even with the watermark gone, the rows and the signal stay single
        inference.runOnce();
        MlData.exec(dataSource, "DELETE FROM ml_inference_watermarks WHERE symbol = ?", symbol);
        inference.runOnce();
        assertEquals(2, rows(symbol));
        assertEquals(1, signals(symbol));
        assertNotNull(meters.find("job.runs").tag("job", "inference").counter(), "job_runs_total{job=inference}");
        Api.admin().get("/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("job_runs_total{job=\"inference\""))
                .body(org.hamcrest.Matchers.containsString("job_lag_seconds{job=\"inference\""));
        Api.admin().get("/health").then().body("checks.inference.status", org.hamcrest.Matchers.equalTo("up"))
                .body("checks.ml_training.queued", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void aShadowModelAloneStoresPredictionsButNeverASignal() throws Exception {
        String symbol = freshSeries("MLIS", 2);
        ModelInfo shadow = MlModels.save(registry, trained, symbol, "M1");
        MlModels.setThreshold(dataSource, shadow.id(), 0.5);
        registry.setPassiveStatus(shadow.id(), "shadow");
        double before = skipped("no_active_model");
        inference.runOnce();
        assertEquals(1, rows(symbol));
        assertEquals(0, signals(symbol));
        assertEquals(before + 1, skipped("no_active_model"));
        Api.admin().get("/models/" + shadow.id()).then().statusCode(200)
                .body("shadow_comparison[0].symbol", org.hamcrest.Matchers.equalTo(symbol))
                .body("shadow_comparison[0].model.rows", org.hamcrest.Matchers.equalTo(1));
    }

    @Test
    void staleDataGivesNoSignal() throws Exception {
        String symbol = freshSeries("MLIST", 120);
        activeModel(symbol, trained);
        double before = skipped("stale_data");
        inference.runOnce();
        assertEquals(1, rows(symbol), "the prediction is still stored");
        assertEquals(0, signals(symbol));
        assertEquals(before + 1, skipped("stale_data"));
    }

    @Test
    void aClosedMarketGivesNoSignal() throws Exception {
        String symbol = freshSeries("MLIC", 2);
        activeModel(symbol, trained);
        // open one hour a week, three days from now: closed now
        DayOfWeek day = ZonedDateTime.now(ZoneOffset.UTC).plusDays(3).getDayOfWeek();
        String d = day.name().substring(0, 3);
        MlData.exec(dataSource, "UPDATE symbols SET sessions = ?::jsonb WHERE symbol = ?", String.format(Locale.ROOT,
                "{\"timezone\":\"UTC\",\"weekly\":[{\"open\":\"%s 00:00\",\"close\":\"%s 01:00\"}]}", d, d), symbol);
        double before = skipped("market_closed");
        inference.runOnce();
        assertEquals(1, rows(symbol));
        assertEquals(0, signals(symbol));
        assertEquals(before + 1, skipped("market_closed"));
    }

    @Test
    void aModelOlderThanTheMaximumAgeGivesNoSignal() throws Exception {
        String symbol = freshSeries("MLIO", 2);
        ModelInfo model = activeModel(symbol, trained);
        MlData.exec(dataSource, "UPDATE ml_models SET created_at = now() - interval '60 days' WHERE id = ?", model.id());
        double before = skipped("model_too_old");
        inference.runOnce();
        assertEquals(1, rows(symbol));
        assertEquals(0, signals(symbol));
        assertEquals(before + 1, skipped("model_too_old"));
    }

    @Test
    void theNextClosedBarsAreHandledInOrderAfterARestart() throws Exception {
        String symbol = freshSeries("MLIR", 5);
        activeModel(symbol, trained);
        inference.runOnce();
        assertEquals(1, rows(symbol));
        // three more bars arrive (the newest two minutes ago, closed); the watermark makes the job resume after the first
        List<MlData.Bar> more = MlData.endingNow(42, 3, 2);
        MlData.insertWithIndicators(dataSource, indicators, symbol, more);
        inference.runOnce();
        assertEquals(4, rows(symbol));
        assertEquals(4, signals(symbol), "one signal per bar");
        inference.runOnce();
        assertEquals(4, signals(symbol));
    }
}
