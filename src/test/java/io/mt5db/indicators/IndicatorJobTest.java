package io.mt5db.indicators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mt5db.common.Sql;
import io.mt5db.common.Timeframe;
import io.mt5db.indicators.Candles.Candle;
import io.mt5db.indicators.math.IndicatorCalculator;
import io.mt5db.indicators.math.IndicatorConvention;
import io.mt5db.indicators.math.IndicatorValues;
import io.mt5db.jobs.JobRunner;
import io.mt5db.market.SeriesChangeLog;
import io.mt5db.market.SeriesChangeLog.Series;
import io.mt5db.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The indicator job with its default configuration (TA-Lib convention). */
@QuarkusTest
class IndicatorJobTest extends RecomputeScenarios {

    @Test
    void theDefaultConventionIsTalib() {
        assertEquals(IndicatorConvention.TALIB, config.convention());
    }

    @Test
    void reproducesTheTalibReferenceThroughTheApi() {
        Map<String, String> names = ReferenceThroughApi.postSample();
        runJob();
        ReferenceThroughApi.assertMatches(IndicatorConvention.TALIB, names);
        ReferenceThroughApi.assertFlatRsi(names.get("FLATTEST"), 0.0);
    }

    @Test
    void warmUpCellsAreNullNeverZero() throws SQLException {
        String symbol = Api.uniqueSymbol("WARM");
        List<Candle> series = walk(18, 60);
        Candles.post(symbol, "M1", series);
        runJob();
        List<Map<String, Object>> items = ReferenceThroughApi.read(symbol);
        for (int i = 0; i < items.size(); i++) {
            Map<String, Object> item = items.get(i);
            assertEquals(i < 14, item.get("rsi") == null, "rsi at row " + i);
            assertEquals(i < 14, item.get("atr") == null, "atr at row " + i);
            for (String band : List.of("bb_upper", "bb_middle", "bb_lower")) {
                assertEquals(i < 19, item.get(band) == null, band + " at row " + i);
            }
            for (String macd : List.of("macd", "macd_signal", "macd_hist")) {
                assertEquals(i < 33, item.get(macd) == null, macd + " at row " + i);
            }
        }
        Map<Instant, Double[]> stored = StoredIndicators.read(dataSource, symbol, "M1");
        assertEquals(series.get(14).ts(), stored.keySet().iterator().next(), "first stored row");
    }

    @Test
    void theMarketDataViewAndLatestShowTheStoredValues() throws SQLException {
        String symbol = Api.uniqueSymbol("VIEW");
        List<Candle> series = walk(19, 50);
        Candles.post(symbol, "M1", series);
        runJob();
        Map<Instant, Double[]> stored = StoredIndicators.read(dataSource, symbol, "M1");
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT ts, rsi, macd, macd_signal, macd_hist, atr, bb_upper, bb_middle, bb_lower
                  FROM market_data WHERE symbol = ? AND timeframe = 'M1' ORDER BY ts
                """)) {
            ps.setString(1, symbol);
            int rows = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Double[] view = new Double[8];
                    for (int i = 0; i < 8; i++) {
                        double v = rs.getDouble(i + 2);
                        view[i] = rs.wasNull() ? null : v;
                    }
                    Instant ts = Sql.instant(rs.getObject(1, OffsetDateTime.class));
                    assertArrayEquals(stored.getOrDefault(ts, new Double[8]), view, "market_data at " + ts);
                    rows++;
                }
            }
            assertEquals(series.size(), rows);
        }
        Instant last = series.get(series.size() - 1).ts();
        String body = Api.ea().get("/latest?symbol=" + symbol + "&timeframe=M1").then().statusCode(200)
                .extract().asString();
        io.restassured.path.json.JsonPath latest = new io.restassured.path.json.JsonPath(body).using(
                new io.restassured.path.json.config.JsonPathConfig(
                        io.restassured.path.json.config.JsonPathConfig.NumberReturnType.DOUBLE));
        assertEquals(last.toString(), latest.getString("ts"));
        String[] columns = {"rsi", "macd", "macd_signal", "macd_hist", "atr", "bb_upper", "bb_middle", "bb_lower"};
        Double[] shown = new Double[columns.length];
        for (int i = 0; i < columns.length; i++) {
            shown[i] = latest.get(columns[i]);
        }
        assertArrayEquals(stored.get(last), shown, "/latest shows the stored indicators of the newest bar");
    }

    @Test
    void badRowsAreCountedAndSkippedWithoutBlockingTheJob() throws SQLException {
        String empty = Api.uniqueSymbol("EMPTY");
        String poisoned = Api.uniqueSymbol("NAN");
        List<Candle> series = new ArrayList<>(walk(20, 80));
        Candles.post(poisoned, "M1", series);
        Candle bad = series.remove(50);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE candles SET close = 'NaN', high = 'Infinity' WHERE symbol = ? AND timeframe = 'M1' AND ts = ?")) {
                ps.setString(1, poisoned);
                ps.setObject(2, Sql.ts(bad.ts()));
                assertEquals(1, ps.executeUpdate());
            }
            SeriesChangeLog.mark(c, Map.of(new Series(empty, "M1"), bad.ts(), new Series(empty, "XX"), bad.ts()));
            c.commit();
        }
        JobRunner.RunResult result = runJob();
        assertTrue(result.skipped() >= 1, "skipped: " + result);
        assertEquals(0, queuedSeries(empty));
        assertEquals(0, queuedSeries(poisoned));
        Map<Instant, Double[]> stored = StoredIndicators.read(dataSource, poisoned, "M1");
        StoredIndicators.assertSame(StoredIndicators.expected(calculator(), series), stored, "without the bad bar");
        assertFalse(stored.containsKey(bad.ts()));
    }

    @Test
    void aSeriesThatFailsStaysQueuedWithoutHoldingUpTheOthers() throws SQLException {
        String symbol = Api.uniqueSymbol("FAIL");
        List<Candle> m1 = walk(21, 60);
        List<Candle> m5 = Candles.randomWalk(22, START, Duration.ofMinutes(5), 60, 1900.0);
        Candles.post(symbol, "M1", m1);
        Candles.post(symbol, "M5", m5);
        String trigger = "test_reject_" + symbol.toLowerCase();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("""
                    CREATE OR REPLACE FUNCTION test_reject_indicator_row() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN RAISE EXCEPTION 'indicator row rejected by the test'; END $$""");
            s.execute("CREATE TRIGGER " + trigger + " BEFORE INSERT ON indicators FOR EACH ROW WHEN (NEW.symbol = '"
                    + symbol + "' AND NEW.timeframe = 'M5') EXECUTE FUNCTION test_reject_indicator_row()");
        }
        try {
            JobRunner.RunResult result = runJob();
            assertTrue(result.skipped() >= 1, "skipped: " + result);
            StoredIndicators.assertSame(StoredIndicators.expected(calculator(), m1),
                    StoredIndicators.read(dataSource, symbol, "M1"), "M1 beside a failing M5");
            assertTrue(StoredIndicators.read(dataSource, symbol, "M5").isEmpty());
            assertEquals(1, queuedSeries(symbol), "M5 left queued");
        } finally {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP TRIGGER " + trigger + " ON indicators");
            }
        }
        runJob();
        StoredIndicators.assertSame(StoredIndicators.expected(calculator(), m5),
                StoredIndicators.read(dataSource, symbol, "M5"), "M5 once it can be written");
        assertEquals(0, queuedSeries(symbol));
    }

    @Test
    void aDamagedCheckpointMeansAFullRecomputeNotAFailure() throws SQLException {
        String symbol = Api.uniqueSymbol("DMG");
        List<Candle> series = new ArrayList<>(walk(23, 150));
        Candles.post(symbol, "M1", series);
        runJob();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE indicator_state SET state = '{1,2,3}' WHERE symbol = ?")) {
            ps.setString(1, symbol);
            assertTrue(ps.executeUpdate() > 0);
        }
        Candle fixed = series.get(140).withClose(series.get(140).close() - 2.0);
        series.set(140, fixed);
        Candles.post(symbol, "M1", List.of(fixed));
        runJob();
        StoredIndicators.assertSame(StoredIndicators.expected(calculator(), series),
                StoredIndicators.read(dataSource, symbol, "M1"), "after the damaged checkpoint");
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT state FROM indicator_state WHERE symbol = ? ORDER BY ts")) {
            ps.setString(1, symbol);
            int states = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Object[] boxed = (Object[]) rs.getArray(1).getArray();
                    double[] values = new double[boxed.length];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = ((Number) boxed[i]).doubleValue();
                    }
                    assertNotNull(IndicatorCalculator.State.fromArray(values));
                    states++;
                }
            }
            assertEquals(2, states, "the newest two states");
        }
    }

    /**
     * A candle corrected while the job computes its series neither waits for the job nor gets lost:
     * its mark waits in series_changes and the next run computes it.
     */
    @Test
    void aCorrectionPostedWhileTheSeriesIsComputedIsComputedNext() throws Exception {
        String symbol = Api.uniqueSymbol("RACE");
        List<Candle> series = new ArrayList<>(walk(24, 400));
        Candles.post(symbol, "M1", series);
        Candle fixed = series.get(380).withClose(series.get(380).close() + 1.25);
        series.set(380, fixed);
        try (Connection tx = dataSource.getConnection()) {
            tx.setAutoCommit(false);
            job.processChunk(tx, symbol);
            CompletableFuture.runAsync(() -> Candles.post(symbol, "M1", List.of(fixed))).get(20, TimeUnit.SECONDS);
            tx.commit();
        }
        assertEquals(1, queuedSeries(symbol), "the correction's mark");
        runJob();
        StoredIndicators.assertSame(StoredIndicators.expected(calculator(), series),
                StoredIndicators.read(dataSource, symbol, "M1"), "after the next run");
        assertEquals(0, queuedSeries(symbol));
    }
}
