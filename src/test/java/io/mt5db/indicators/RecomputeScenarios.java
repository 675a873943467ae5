package io.mt5db.indicators;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mt5db.common.Sql;
import io.mt5db.indicators.Candles.Candle;
import io.mt5db.indicators.math.IndicatorCalculator;
import io.mt5db.jobs.JobRunner;
import io.mt5db.market.SeriesChangeLog;
import io.mt5db.testing.Api;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * How the job keeps a series right while its candles arrive and change, checked through the database
 * against a full computation (exact equality of the stored doubles). Subclasses run these under
 * different chunk and checkpoint settings.
 */
abstract class RecomputeScenarios {

    static final Instant START = Instant.parse("2024-03-04T00:00:00Z");

    @Inject
    IndicatorJob job;

    @Inject
    IndicatorConfig config;

    @Inject
    DataSource dataSource;

    IndicatorCalculator calculator() {
        return new IndicatorCalculator(config.convention());
    }

    JobRunner.RunResult runJob() {
        JobRunner.RunResult result = job.runOnce();
        assertEquals(0, result.partitionsFailed(), "failed partitions");
        return result;
    }

    static List<Candle> walk(long seed, int n) {
        return Candles.randomWalk(seed, START, Duration.ofMinutes(1), n, 1900.0);
    }

    /** Series of the symbol still marked or queued for the job. */
    int queuedSeries(String symbol) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT (SELECT count(*) FROM series_changes WHERE symbol = ?)
                     + (SELECT count(*) FROM indicator_work WHERE symbol = ?)
                """)) {
            ps.setString(1, symbol);
            ps.setString(2, symbol);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Test
    void computingInTwoHalvesGivesTheNumbersOfOneRun() throws SQLException {
        // 2,400 bars: enough new rows at once for the bulk (COPY) path, checked against the same math.
        List<Candle> series = walk(11, 2400);
        String whole = Api.uniqueSymbol("WHOLE");
        String halves = Api.uniqueSymbol("HALF");
        Candles.post(whole, "M1", series);
        Candles.post(halves, "M1", series.subList(0, 1200));
        runJob();
        Candles.post(halves, "M1", series.subList(1200, 2400));
        runJob();
        Map<Instant, Double[]> full = StoredIndicators.read(dataSource, whole, "M1");
        StoredIndicators.assertSame(StoredIndicators.expected(calculator(), series), full, "one run");
        StoredIndicators.assertSame(full, StoredIndicators.read(dataSource, halves, "M1"), "two halves");
        assertEquals(0, queuedSeries(halves));
    }

    @Test
    void computingInRandomChunksGivesTheNumbersOfOneRun() throws SQLException {
        Random random = new Random(7);
        List<Candle> series = walk(12, 1500);
        String whole = Api.uniqueSymbol("WHOLE");
        String chunked = Api.uniqueSymbol("CHUNK");
        Candles.post(whole, "M1", series);
        for (int from = 0; from < series.size(); ) {
            int to = Math.min(series.size(), from + 1 + random.nextInt(90));
            Candles.post(chunked, "M1", series.subList(from, to));
            runJob();
            from = to;
        }
        runJob();
        StoredIndicators.assertSame(StoredIndicators.read(dataSource, whole, "M1"),
                StoredIndicators.read(dataSource, chunked, "M1"), "random chunks");
    }

    @Test
    void aCorrectedBarRecomputesFromItselfAndLeavesEarlierBarsAlone() throws SQLException {
        List<Candle> series = new ArrayList<>(walk(13, 400));
        String symbol = Api.uniqueSymbol("CORR");
        Candles.post(symbol, "M1", series);
        runJob();
        Map<Instant, Double[]> before = StoredIndicators.read(dataSource, symbol, "M1");
        Map<Instant, Instant> computedBefore = StoredIndicators.computedAt(dataSource, symbol, "M1");

        int corrected = 250;
        Candle fixed = series.get(corrected).withClose(series.get(corrected).close() + 3.5);
        series.set(corrected, fixed);
        Api.ea().body(fixed.json(symbol, "M1")).post("/ingest").then().statusCode(200)
                .body("details[0].status", equalTo("updated"));
        runJob();

        Map<Instant, Double[]> after = StoredIndicators.read(dataSource, symbol, "M1");
        Map<Instant, Instant> computedAfter = StoredIndicators.computedAt(dataSource, symbol, "M1");
        StoredIndicators.assertSame(StoredIndicators.expected(calculator(), series), after, "after the correction");
        Instant changedAt = fixed.ts();
        int earlier = 0;
        for (Map.Entry<Instant, Double[]> row : before.entrySet()) {
            if (row.getKey().isBefore(changedAt)) {
                earlier++;
                assertArrayEquals(row.getValue(), after.get(row.getKey()),
                        "earlier bar " + row.getKey());
                assertEquals(computedBefore.get(row.getKey()), computedAfter.get(row.getKey()),
                        "earlier bar rewritten at " + row.getKey());
            }
        }
        assertTrue(earlier > 200, "earlier rows compared");
        assertFalse(Arrays.equals(before.get(changedAt), after.get(changedAt)), "corrected bar recomputed");
    }

    @Test
    void aLateBarTakesItsPlaceInTheSeries() throws SQLException {
        List<Candle> series = walk(14, 300);
        List<Candle> withoutLate = new ArrayList<>(series);
        Candle late = withoutLate.remove(120);
        String symbol = Api.uniqueSymbol("LATE");
        Candles.post(symbol, "M1", withoutLate);
        runJob();
        StoredIndicators.assertSame(StoredIndicators.expected(calculator(), withoutLate),
                StoredIndicators.read(dataSource, symbol, "M1"), "with a gap");
        Candles.post(symbol, "M1", List.of(late));
        runJob();
        StoredIndicators.assertSame(StoredIndicators.expected(calculator(), series),
                StoredIndicators.read(dataSource, symbol, "M1"), "gap filled");
    }

    @Test
    void deletedCandlesLoseTheirRowsAndTheRestIsRecomputed() throws SQLException {
        List<Candle> series = new ArrayList<>(walk(15, 120));
        String symbol = Api.uniqueSymbol("DEL");
        Candles.post(symbol, "M1", series);
        runJob();
        Instant firstRsiRow = series.get(14).ts();
        assertTrue(StoredIndicators.read(dataSource, symbol, "M1").containsKey(firstRsiRow));

        Candle fifth = series.remove(5);
        Candle fortieth = series.remove(39);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM candles WHERE symbol = ? AND timeframe = 'M1' AND ts IN (?, ?)")) {
                ps.setString(1, symbol);
                ps.setObject(2, Sql.ts(fifth.ts()));
                ps.setObject(3, Sql.ts(fortieth.ts()));
                assertEquals(2, ps.executeUpdate());
            }
            SeriesChangeLog.mark(c, Map.of(new SeriesChangeLog.Series(symbol, "M1"), fifth.ts()));
            c.commit();
        }
        runJob();
        Map<Instant, Double[]> stored = StoredIndicators.read(dataSource, symbol, "M1");
        StoredIndicators.assertSame(StoredIndicators.expected(calculator(), series), stored, "after deletion");
        assertFalse(stored.containsKey(fortieth.ts()), "row of a deleted candle");
    }

    @Test
    void rolledUpSeriesGetIndicatorsOfTheirOwnBars() throws SQLException {
        String symbol = Api.uniqueSymbol("ROLL");
        List<Candle> m1 = walk(16, 200);
        List<Candle> h1 = Candles.randomWalk(17, START, Duration.ofHours(1), 80, 1900.0);
        Candles.post(symbol, "M1", m1);
        Candles.post(symbol, "H1", h1);
        runJob();
        StoredIndicators.assertSame(StoredIndicators.expected(calculator(), h1),
                StoredIndicators.read(dataSource, symbol, "H1"), "H1 series");
        StoredIndicators.assertSame(StoredIndicators.expected(calculator(), m1),
                StoredIndicators.read(dataSource, symbol, "M1"), "M1 series");
    }
}
