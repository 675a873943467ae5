package io.mt5db.ingest;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mt5db.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A small one-round request writes its marks (roll-up buckets, count deltas, symbol, series change)
 * in the upsert's own statement; a request with a repeated key writes them from Java after its
 * rounds. The same changes must leave the same marks either way.
 */
@QuarkusTest
class ChangedRowsStatementsTest {

    /** to_char format of a timestamp in UTC, as the scenario writes them. */
    private static final String UTC_ISO = "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'";

    @Inject
    DataSource dataSource;

    /** A request's candles as JSON objects; the outcome each should get; the statuses count. */
    private record Step(List<String> candles, int inserted, int updated, int duplicates) {
    }

    private static List<Step> scenario(String symbol) {
        return List.of(
                // New M1 minutes in two M5 buckets, and a new H1 bar.
                new Step(List.of(m1(symbol, "2024-05-06T10:00:00Z", 1.15), m1(symbol, "2024-05-06T10:01:00Z", 1.15),
                        m1(symbol, "2024-05-06T10:07:00Z", 1.15),
                        Api.candle(symbol, "H1", "\"2024-05-06T10:00:00Z\"", 1.1, 1.2, 1.0, 1.15, null)), 4, 0, 0),
                // A re-sent identical minute, a new one, a replaced one.
                new Step(List.of(m1(symbol, "2024-05-06T10:01:00Z", 1.15), m1(symbol, "2024-05-06T10:02:00Z", 1.15),
                        m1(symbol, "2024-05-06T10:07:00Z", 1.16)), 1, 1, 1),
                // An earlier minute moves the series change back; an M5 bar is a series of its own.
                new Step(List.of(m1(symbol, "2024-05-06T09:58:00Z", 1.15),
                        Api.candle(symbol, "M5", "\"2024-05-06T10:05:00Z\"", 1.1, 1.2, 1.0, 1.15, null)), 2, 0, 0),
                // Nothing changes: no marks at all.
                new Step(List.of(m1(symbol, "2024-05-06T10:00:00Z", 1.15)), 0, 0, 1));
    }

    private static String m1(String symbol, String ts, double close) {
        return Api.candle(symbol, "M1", "\"" + ts + "\"", 1.1, 1.2, 1.0, close, "\"volume\":10");
    }

    @Test
    void oneStatementMarksEqualTheTwoStepMarks() throws SQLException {
        String oneStatement = Api.uniqueSymbol("CRS");
        String twoStep = Api.uniqueSymbol("CRT");
        for (Step step : scenario(oneStatement)) {
            post(step);
        }
        for (Step step : scenario(twoStep)) {
            // Repeating the first candle makes a second round (a key repeats), which takes the
            // two-step path; the repeat is an identical re-send, so it changes nothing more.
            List<String> withRepeat = new ArrayList<>(step.candles());
            withRepeat.add(step.candles().get(0));
            post(new Step(withRepeat, step.inserted(), step.updated(), step.duplicates() + 1));
        }
        List<String> expected = marks(twoStep);
        assertEquals(expected, marks(oneStatement));
        assertTrue(expected.contains("rollup_marks 1 2024-05-06T09:55:00Z x1"), expected.toString());
        assertTrue(expected.contains("rollup_marks 1 2024-05-06T10:05:00Z x2"), expected.toString());
        assertTrue(expected.contains("count_deltas M1 3"), expected.toString());
        assertTrue(expected.contains("series_changes M1 2024-05-06T09:58:00Z"), expected.toString());
        assertTrue(expected.contains("symbols 1"), expected.toString());
    }

    /**
     * A batch of new keys takes the COPY path, whose marks are one combined statement after the COPY
     * ({@link io.mt5db.common.StatementBatch}): the same marks as the two-step path's separate ones.
     */
    @Test
    void theCopyPathLeavesTheSameMarksAsTheTwoStepPath() throws SQLException {
        String copied = Api.uniqueSymbol("CRC");
        String twoStep = Api.uniqueSymbol("CRU");
        for (String symbol : List.of(copied, twoStep)) {
            List<String> candles = new ArrayList<>();
            for (int minute = 0; minute < 20; minute++) { // 10:00-10:19: a run of four M5 buckets
                candles.add(m1(symbol, "2024-05-06T10:%02d:00Z".formatted(minute), 1.15));
            }
            if (symbol.equals(twoStep)) {
                candles.add(candles.get(0));
            }
            post(new Step(candles, 20, 0, candles.size() - 20));
        }
        List<String> expected = marks(twoStep);
        assertEquals(expected, marks(copied));
        assertEquals(List.of("rollup_marks 1 2024-05-06T10:00:00Z x1", "rollup_marks 1 2024-05-06T10:05:00Z x1",
                "rollup_marks 1 2024-05-06T10:10:00Z x1", "rollup_marks 1 2024-05-06T10:15:00Z x1",
                "count_deltas M1 20", "series_changes M1 2024-05-06T10:00:00Z", "symbols 1"), expected);
    }

    /**
     * A change later than the pending series mark leaves the mark's row as it is (no new tuple
     * version, so xmin stays); an earlier one moves from_ts back. Both the one-statement path (a
     * single candle) and the two-step path (a batch with a repeated key).
     */
    @Test
    void laterChangesLeaveThePendingSeriesMarkUnwritten() throws SQLException {
        String symbol = Api.uniqueSymbol("CRW");
        Api.ea().body(m1(symbol, "2024-05-06T10:00:00Z", 1.15)).post("/ingest").then().statusCode(200);
        List<String> first = seriesMark(symbol);
        assertTrue(first.get(0).startsWith("2024-05-06T10:00:00Z"), first.toString());

        Api.ea().body(m1(symbol, "2024-05-06T10:05:00Z", 1.15)).post("/ingest").then().statusCode(200);
        String later = m1(symbol, "2024-05-06T10:06:00Z", 1.15);
        post(new Step(List.of(later, later), 1, 0, 1));
        assertEquals(first, seriesMark(symbol));

        Api.ea().body(m1(symbol, "2024-05-06T09:50:00Z", 1.15)).post("/ingest").then().statusCode(200);
        List<String> moved = seriesMark(symbol);
        assertTrue(moved.get(0).startsWith("2024-05-06T09:50:00Z"), moved.toString());
        assertEquals(first.get(1), moved.get(1), "marked_at keeps the oldest mark time");
        assertNotEquals(first.get(2), moved.get(2), "an earlier change rewrites the row");

        String earlier = m1(symbol, "2024-05-06T09:45:00Z", 1.15);
        post(new Step(List.of(earlier, earlier), 1, 0, 1));
        List<String> movedByBatch = seriesMark(symbol);
        assertTrue(movedByBatch.get(0).startsWith("2024-05-06T09:45:00Z"), movedByBatch.toString());
    }

    /** from_ts, marked_at and the row version (xmin) of the symbol's M1 series mark. */
    private List<String> seriesMark(String symbol) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT to_char(from_ts AT TIME ZONE 'UTC', "
                        + UTC_ISO + "), marked_at::text, xmin::text FROM series_changes"
                        + " WHERE symbol = ? AND timeframe = 'M1'")) {
            ps.setString(1, symbol);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "no series mark for " + symbol);
                return List.of(rs.getString(1), rs.getString(2), rs.getString(3));
            }
        }
    }

    private static void post(Step expected) {
        Api.ea().body("[" + String.join(",", expected.candles()) + "]").post("/ingest_batch").then().statusCode(200)
                .body("inserted", equalTo(expected.inserted())).body("updated", equalTo(expected.updated()))
                .body("duplicates", equalTo(expected.duplicates()));
    }

    /** Every mark the symbol's requests left, as comparable lines, in a fixed order. */
    private List<String> marks(String symbol) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            // Per bucket, whether marked alone or in a run (ingest only marks M5: 5-minute steps).
            query(c, lines, "SELECT 'rollup_marks ' || level || ' ' || to_char(b AT TIME ZONE 'UTC', "
                    + UTC_ISO + ") || ' x' || count(*) FROM rollup_marks, generate_series(bucket_ts,"
                    + " bucket_ts + (bucket_count - 1) * interval '5 minutes', interval '5 minutes') AS b"
                    + " WHERE symbol = ? GROUP BY level, b ORDER BY level, b", symbol);
            query(c, lines, "SELECT 'count_deltas ' || timeframe || ' ' || delta FROM candle_count_deltas"
                    + " WHERE symbol = ? ORDER BY timeframe, delta", symbol);
            query(c, lines, "SELECT 'series_changes ' || timeframe || ' ' || to_char(from_ts AT TIME ZONE 'UTC', "
                    + UTC_ISO + ") FROM series_changes WHERE symbol = ? ORDER BY timeframe", symbol);
            query(c, lines, "SELECT 'symbols ' || count(*) FROM symbols WHERE symbol = ?", symbol);
        }
        return lines;
    }

    private static void query(Connection c, List<String> lines, String sql, String symbol) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, symbol);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lines.add(rs.getString(1));
                }
            }
        }
    }
}
