package io.mt5db.indicators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mt5db.indicators.Candles.Candle;
import io.mt5db.indicators.math.IndicatorCalculator;
import io.mt5db.indicators.math.IndicatorConvention;
import io.mt5db.market.SeriesChangeLog.Series;
import io.mt5db.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The indicator job under {@code mt5db.indicators.convention=mt5}. */
@QuarkusTest
@TestProfile(IndicatorJobMt5Test.Mt5Convention.class)
class IndicatorJobMt5Test extends RecomputeScenarios {

    /**
     * MT5's convention, computed in small chunks with frequent checkpoints: one application for this
     * class and IndicatorJobSmallChunksTest (a profile is a Quarkus restart), so the reference values
     * and the recompute scenarios also hold across chunk boundaries.
     */
    public static class Mt5Convention implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mt5db.indicators.convention", "mt5",
                    "mt5db.indicators.chunk-bars", "37", "mt5db.indicators.checkpoint-interval", "10");
        }
    }

    @Inject
    IndicatorRepository indicators;

    @Inject
    IndicatorStateRepository states;

    @Test
    void reproducesTheMt5ReferenceThroughTheApi() {
        assertEquals(IndicatorConvention.MT5, config.convention());
        Map<String, String> names = ReferenceThroughApi.postSample();
        runJob();
        ReferenceThroughApi.assertMatches(IndicatorConvention.MT5, names);
        ReferenceThroughApi.assertFlatRsi(names.get("FLATTEST"), 50.0);
    }

    /** Values and checkpoints left by a TA-Lib run are replaced as a whole, never continued. */
    @Test
    void aSeriesComputedUnderTalibIsRecomputedFully() throws SQLException {
        String symbol = Api.uniqueSymbol("CONV");
        Series series = new Series(symbol, "M1");
        List<Candle> candles = walk(26, 120);
        Candles.post(symbol, "M1", candles);
        runJob();
        IndicatorCalculator talib = new IndicatorCalculator(IndicatorConvention.TALIB);
        SeriesPass pass = new SeriesPass(talib, new CheckpointPolicy(500), talib.initialState(), Long.MIN_VALUE, 120);
        candles.forEach(c -> pass.accept(c.ts().toEpochMilli(), c.high(), c.low(), c.close()));
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM indicators WHERE symbol = ?")) {
                ps.setString(1, symbol);
                ps.executeUpdate();
            }
            indicators.write(c, series, pass.rows().against(List.of()));
            states.replace(c, series, IndicatorConvention.TALIB, null, new CheckpointPolicy(500),
                    pass.state().barCount(), pass.checkpoints());
            c.commit();
        }
        StoredIndicators.assertSame(StoredIndicators.expected(talib, candles),
                StoredIndicators.read(dataSource, symbol, "M1"), "as a TA-Lib run left it");
        assertEquals(0, queuedSeries(symbol));

        try (Connection c = dataSource.getConnection()) {
            assertTrue(job.queueSeriesOfOtherConvention(c) >= 1);
        }
        runJob();
        StoredIndicators.assertSame(StoredIndicators.expected(calculator(), candles),
                StoredIndicators.read(dataSource, symbol, "M1"), "recomputed under MT5");
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT DISTINCT convention FROM indicator_state WHERE symbol = ?")) {
            ps.setString(1, symbol);
            List<String> conventions = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    conventions.add(rs.getString(1));
                }
            }
            assertEquals(List.of("mt5"), conventions);
        }
    }
}
