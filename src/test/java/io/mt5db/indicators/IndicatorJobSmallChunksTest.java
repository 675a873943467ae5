package io.mt5db.indicators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mt5db.indicators.Candles.Candle;
import io.mt5db.jobs.JobRunner;
import io.mt5db.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The same scenarios with chunks of 37 bars and a checkpoint every 10 bars (the profile IndicatorJobMt5Test
 * shares, MT5 convention), so that a series takes
 * many transactions and every change resumes from a checkpoint well inside the series.
 */
@QuarkusTest
@TestProfile(IndicatorJobMt5Test.Mt5Convention.class)
class IndicatorJobSmallChunksTest extends RecomputeScenarios {

    @Test
    void aLongSeriesIsComputedOverManyChunksAndKeepsFewCheckpoints() throws SQLException {
        String symbol = Api.uniqueSymbol("LONG");
        List<Candle> series = walk(25, 1000);
        Candles.post(symbol, "M1", series);
        JobRunner.RunResult result = runJob();
        assertTrue(result.processed() >= 1000, "bars processed: " + result);
        StoredIndicators.assertSame(StoredIndicators.expected(calculator(), series),
                StoredIndicators.read(dataSource, symbol, "M1"), "over chunks of 37");
        assertEquals(0, queuedSeries(symbol));
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT bar_count FROM indicator_state WHERE symbol = ? ORDER BY bar_count")) {
            ps.setString(1, symbol);
            List<Long> counts = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.add(rs.getLong(1));
                }
            }
            List<Long> expected = new ArrayList<>(LongStream.rangeClosed(1, 99).map(i -> i * 10).boxed().toList());
            expected.addAll(List.of(999L, 1000L));
            assertEquals(expected, counts, "a checkpoint every 10 bars and the newest two");
        }
    }

    /**
     * While ticks arrive the forming bar is re-marked every second. A series that takes many chunks
     * must still advance chunk by chunk instead of starting over at each new mark.
     */
    @Test
    void aLongSeriesFinishesWhileItsNewestBarIsMarkedAgainAfterEveryChunk() throws SQLException {
        String symbol = Api.uniqueSymbol("LIVE");
        List<Candle> series = new ArrayList<>(walk(27, 600));
        Candles.post(symbol, "M1", series);
        int newest = series.size() - 1;
        for (int chunk = 1; chunk <= 25; chunk++) {
            processOneChunk(symbol);
            Candle forming = series.get(newest).withClose(series.get(newest).close() + 0.01);
            series.set(newest, forming);
            Candles.post(symbol, "M1", List.of(forming));
        }
        processOneChunk(symbol);
        StoredIndicators.assertSame(StoredIndicators.expected(calculator(), series),
                StoredIndicators.read(dataSource, symbol, "M1"), "after 26 chunks of 37 bars");
        assertEquals(0, queuedSeries(symbol));
    }

    private void processOneChunk(String symbol) throws SQLException {
        try (Connection tx = dataSource.getConnection()) {
            tx.setAutoCommit(false);
            job.processChunk(tx, symbol);
            tx.commit();
        }
    }
}
