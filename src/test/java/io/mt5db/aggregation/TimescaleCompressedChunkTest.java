package io.mt5db.aggregation;

import static io.mt5db.aggregation.AggregationFixtures.candle;
import static io.mt5db.aggregation.AggregationFixtures.num;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mt5db.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * TimescaleDB only (skipped on plain PostgreSQL; .ci/run runs it against ../shared's TimescaleDB):
 * a correction posted into an already compressed chunk of candles replaces the stored bar, and the
 * roll-up built from it follows.
 */
@QuarkusTest
class TimescaleCompressedChunkTest {

    @Inject
    DataSource dataSource;

    @Inject
    AggregationSchedule schedule;

    @Test
    void aCorrectionIntoACompressedChunkReplacesTheBar() throws SQLException {
        assumeTrue(hypertable(), "candles is a TimescaleDB hypertable (run with MT5DB_TEST_JDBC_URL at a TimescaleDB)");
        String s = Api.uniqueSymbol("TSC");
        // 20 days old: past the 7-day compression age, within the 90-day retention.
        Instant bar = Instant.now().minus(20, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
        String ts = bar.toString();
        Api.ea().body("[" + Api.candle(s, "M1", "\"" + ts + "\"", 1.1, 1.2, 1.0, 1.15, "\"volume\":10")
                + "," + Api.candle(s, "M1", "\"" + bar.plus(1, ChronoUnit.MINUTES) + "\"", 1.15, 1.3, 1.1, 1.2, "\"volume\":5")
                + "]").post("/ingest_batch").then().statusCode(200);
        schedule.runCycle();

        int compressed;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(compress_chunk(ch, if_not_compressed => true)) FROM show_chunks('candles', older_than => interval '7 days') ch"
                        + " WHERE ch IN (SELECT format('%I.%I', chunk_schema, chunk_name)::regclass FROM timescaledb_information.chunks"
                        + " WHERE hypertable_name = 'candles' AND ?::timestamptz >= range_start AND ?::timestamptz < range_end)")) {
            ps.setString(1, ts);
            ps.setString(2, ts);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                compressed = rs.getInt(1);
            }
        }
        assertEquals(1, compressed, "the bar's chunk was compressed");
        assertTrue(isCompressed(ts), "the chunk holding the bar is compressed");

        Api.ea().body(Api.candle(s, "M1", "\"" + ts + "\"", 1.1, 1.25, 0.95, 1.18, "\"volume\":12"))
                .post("/ingest").then().statusCode(200);
        schedule.runCycle();

        Map<String, Object> m1 = candle(s, "M1", ts);
        assertNotNull(m1);
        assertEquals(1.18, num(m1, "close"), 1e-12, "the correction replaced the compressed bar");
        assertEquals(0.95, num(m1, "low"), 1e-12);
        Map<String, Object> m5 = candle(s, "M5", ts);
        assertNotNull(m5, "the M5 roll-up exists");
        assertEquals(1.3, num(m5, "high"), 1e-12);
        assertEquals(0.95, num(m5, "low"), 1e-12, "the roll-up follows the correction");
        assertEquals(List.of(ts), List.of(m1.get("ts")));
    }

    private boolean hypertable() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT to_regclass('timescaledb_information.hypertables') IS NOT NULL")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return false;
            }
        }
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT count(*) FROM timescaledb_information.hypertables WHERE hypertable_name = 'candles'")) {
            rs.next();
            return rs.getInt(1) == 1;
        }
    }

    private boolean isCompressed(String ts) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT bool_and(is_compressed) FROM timescaledb_information.chunks WHERE hypertable_name = 'candles'"
                        + " AND ?::timestamptz >= range_start AND ?::timestamptz < range_end")) {
            ps.setString(1, ts);
            ps.setString(2, ts);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
