package io.mt5db.aggregation;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mt5db.indicators.IndicatorJob;
import io.mt5db.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Issue 20 item 2/3: a row already stored with a timestamp the jobs cannot process (-infinity, year
 * 1000, 1970) never stops the roll-ups or indicators of its symbol, and the admin repair removes it.
 */
@QuarkusTest
class PoisonRowTest {

    @Inject
    AggregationSchedule schedule;

    @Inject
    IndicatorJob indicators;

    @Inject
    DataSource dataSource;

    private static void postMinutes(String symbol, String from, int count) {
        List<String> items = new ArrayList<>();
        Instant start = Instant.parse(from);
        for (int i = 0; i < count; i++) {
            double base = 1.1 + i / 10_000.0;
            items.add(String.format(Locale.ROOT, "{\"symbol\":\"%s\",\"timeframe\":\"M1\",\"ts\":\"%s\","
                    + "\"open\":%s,\"high\":%s,\"low\":%s,\"close\":%s,\"volume\":4}", symbol, start.plusSeconds(60L * i),
                    base, base + 0.0005, base - 0.0005, base + 0.0001));
        }
        Api.ea().body("[" + String.join(",", items) + "]").post("/ingest_batch").then().statusCode(200)
                .body("rejected", equalTo(0));
    }

    /** Stores the rows as an old version did, marks included (what ingest wrote next to them). */
    private void insertPoison(String symbol, String timeframe, String... timestamps) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            for (String ts : timestamps) {
                try (PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO candles (symbol, timeframe, ts, open, high, low, close, volume, source)
                        VALUES (?, ?, ?::timestamptz, 1.1, 1.2, 1.0, 1.15, 3, 'ea')""")) {
                    ps.setString(1, symbol);
                    ps.setString(2, timeframe);
                    ps.setString(3, ts);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO rollup_marks (symbol, level, bucket_ts)
                        VALUES (?, 1, to_timestamp(floor(extract(epoch FROM ?::timestamptz) / 300) * 300))""")) {
                    ps.setString(1, symbol);
                    ps.setString(2, ts);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO series_changes (symbol, timeframe, from_ts) VALUES (?, ?, ?::timestamptz)
                        ON CONFLICT (symbol, timeframe) DO UPDATE SET from_ts = LEAST(series_changes.from_ts, EXCLUDED.from_ts)""")) {
                    ps.setString(1, symbol);
                    ps.setString(2, timeframe);
                    ps.setString(3, ts);
                    ps.executeUpdate();
                }
            }
        }
    }

    private long count(String sql, String symbol) throws SQLException {
        return AggregationFixtures.count(dataSource, sql, symbol);
    }

    @Test
    void poisonRowsNeverStopRollupsOrIndicatorsAndTheRepairRemovesThem() throws SQLException {
        String s = Api.uniqueSymbol("POISONROW");
        postMinutes(s, "2024-01-15T10:00:00Z", 5);
        String before = io.mt5db.testing.Metrics.scrape();
        insertPoison(s, "M1", "-infinity", "infinity", "1000-01-01T00:00:00Z", "1970-01-01T00:00:00Z");
        for (int i = 0; i < 3; i++) {
            schedule.runCycle();
            indicators.runOnce();
        }
        postMinutes(s, "2024-01-15T10:05:00Z", 30);
        for (int i = 0; i < 3; i++) {
            schedule.runCycle();
            indicators.runOnce();
        }
        String after = io.mt5db.testing.Metrics.scrape();
        for (String job : List.of("rollup", "indicators")) {
            java.util.Map<String, String> skipped = java.util.Map.of("job", job, "kind", "skipped");
            assertTrue(io.mt5db.testing.Metrics.sum(after, "job_items_total", skipped)
                    > io.mt5db.testing.Metrics.sum(before, "job_items_total", skipped), job + " counted the poison rows");
        }
        assertNotNull(AggregationFixtures.candle(s, "M5", "2024-01-15T10:30:00Z"), "roll-up of the new bars");
        assertNotNull(AggregationFixtures.candle(s, "M15", "2024-01-15T10:15:00Z"), "roll-up of the new bars");
        assertEquals(0, count("SELECT count(*) FROM rollup_marks WHERE symbol = ?", s), "no mark left behind");
        assertEquals(0, count("SELECT count(*) FROM indicator_work WHERE symbol = ?", s)
                + count("SELECT count(*) FROM series_changes WHERE symbol = ?", s), "no indicator work left behind");
        assertTrue(count("SELECT count(*) FROM indicators WHERE symbol = ? AND timeframe = 'M1'"
                + " AND ts = '2024-01-15T10:34:00Z' AND rsi IS NOT NULL", s) == 1, "indicators of the new bars");
        Api.ea().get("/candles?symbol=" + s + "&timeframe=M1&limit=100000").then().statusCode(200);

        Api.admin().delete("/candles?symbol=" + s + "&timeframe=M1&poison=true").then().statusCode(200)
                .body("deleted", equalTo(4));
        assertEquals(35, count("SELECT count(*) FROM candles WHERE symbol = ? AND timeframe = 'M1'", s));
        Api.admin().delete("/candles?symbol=" + s + "&timeframe=M1&from=-infinity&to=infinity").then().statusCode(400);
        schedule.runCycle();
        indicators.runOnce();
        Api.ea().get("/symbols/" + s).then().statusCode(200);
    }
}
