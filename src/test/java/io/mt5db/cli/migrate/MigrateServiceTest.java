package io.mt5db.cli.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mt5db.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.config.JsonPathConfig;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * migrate against a database created from the old system's DDL (seed doc 000: market_data, and
 * market_data_raw with tick arrays in JSONB) as a second database on the test PostgreSQL.
 */
@QuarkusTest
class MigrateServiceTest {

    /** Seed doc 000's tables, without the TimescaleDB calls (plain PostgreSQL here). */
    static final String OLD_DDL = """
            CREATE TABLE market_data (
                id BIGSERIAL,
                symbol TEXT NOT NULL,
                timeframe TEXT NOT NULL,
                ts TIMESTAMPTZ NOT NULL,
                open NUMERIC(18,8) NOT NULL,
                high NUMERIC(18,8) NOT NULL,
                low NUMERIC(18,8) NOT NULL,
                close NUMERIC(18,8) NOT NULL,
                volume NUMERIC(18,2) DEFAULT 0,
                spread NUMERIC(18,8),
                rsi NUMERIC(18,8), macd NUMERIC(18,8), macd_signal NUMERIC(18,8), macd_hist NUMERIC(18,8),
                atr NUMERIC(18,8), bb_upper NUMERIC(18,8), bb_middle NUMERIC(18,8), bb_lower NUMERIC(18,8),
                created_at TIMESTAMPTZ DEFAULT NOW(),
                PRIMARY KEY (symbol, timeframe, ts)
            );
            CREATE INDEX idx_market_data_symbol_tf ON market_data(symbol, timeframe, ts DESC);
            CREATE TABLE market_data_raw (
                id BIGSERIAL PRIMARY KEY,
                symbol TEXT NOT NULL,
                data JSONB NOT NULL,
                received_at TIMESTAMPTZ DEFAULT NOW()
            );
            CREATE TABLE aggregator_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            """;

    @Inject
    MigrateService migrate;

    @Inject
    DataSource dataSource;

    @TempDir
    Path dir;

    private String oldDatabase(String name) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            s.execute("DROP DATABASE IF EXISTS " + name);
            s.execute("CREATE DATABASE " + name);
        }
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class)
                .replaceFirst("/postgres(\\?|$)", "/" + name + "$1");
        try (Connection c = DriverManager.getConnection(url, "postgres", null); Statement s = c.createStatement()) {
            s.execute(OLD_DDL);
        }
        return url;
    }

    private MigrateRequest request(String url, int batch, Path state, boolean restart, int stopAfter) {
        return new MigrateRequest(url, "postgres", null, ZoneOffset.ofHours(3), true, batch, state, restart, stopAfter);
    }

    private long count(String sql, String symbol) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, symbol);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void theOldTablesMoveOverResumablyAndIdempotently() throws Exception {
        String symbol = Api.uniqueSymbol("OLDMD");
        String url = oldDatabase("old_mt5_" + symbol.toLowerCase());
        try (Connection c = DriverManager.getConnection(url, "postgres", null)) {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO market_data (symbol, timeframe, ts, open, high, low, close, volume, spread, rsi)
                    VALUES (?, 'M1', ?::timestamptz, ?, ?, ?, ?, 150.00, 2, 55.5)""")) {
                for (int i = 0; i < 10; i++) {
                    // the old EA's broker time (+03:00) labelled UTC: 05:00 "UTC" is 02:00 UTC
                    ps.setString(1, symbol);
                    ps.setString(2, String.format("2025-10-20 05:%02d:00+00", i));
                    ps.setBigDecimal(3, new java.math.BigDecimal("1.08551"));
                    ps.setBigDecimal(4, new java.math.BigDecimal("1.08573"));
                    ps.setBigDecimal(5, new java.math.BigDecimal("1.08542"));
                    ps.setBigDecimal(6, new java.math.BigDecimal("1.08564"));
                    ps.addBatch();
                }
                // a row the ingest refuses: high below close
                ps.setString(1, symbol);
                ps.setString(2, "2025-10-20 05:10:00+00");
                ps.setBigDecimal(3, new java.math.BigDecimal("1.08551"));
                ps.setBigDecimal(4, new java.math.BigDecimal("1.08500"));
                ps.setBigDecimal(5, new java.math.BigDecimal("1.08542"));
                ps.setBigDecimal(6, new java.math.BigDecimal("1.08564"));
                ps.addBatch();
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO market_data_raw (symbol, data) VALUES (?, ?::jsonb)")) {
                ps.setString(1, symbol);
                ps.setString(2, "[{\"ts\":\"2025-10-20T05:01:10.123Z\",\"bid\":1.0855,\"ask\":1.0857},"
                        + "{\"ts\":\"2025-10-20T05:01:15.456Z\",\"bid\":1.0856,\"ask\":1.0858}]");
                ps.execute();
                ps.setString(2, "[{\"ts\":\"2025-10-20T05:02:00.000Z\",\"bid\":1.0857,\"ask\":1.0859}]");
                ps.execute();
            }
        }
        Path state = dir.resolve("migrate.state");

        // interrupted after one batch of 4 candles (and one of ticks)
        List<MigrateService.TableSummary> first = migrate.run(request(url, 4, state, false, 1));
        assertFalse(first.get(0).complete);
        assertEquals(4, first.get(0).inserted);
        assertEquals(4, count("SELECT count(*) FROM candles WHERE symbol = ?", symbol));

        List<MigrateService.TableSummary> rest = migrate.run(request(url, 4, state, false, 0));
        MigrateService.TableSummary candles = rest.get(0);
        assertTrue(candles.complete, candles.render());
        assertEquals(11, candles.read, "totals cover both runs");
        assertEquals(10, candles.inserted);
        assertEquals(1, candles.rejected);
        assertTrue(candles.firstRejected.get(0).contains("2025-10-20T05:10:00Z: high"), candles.firstRejected.toString());
        assertEquals(10, count("SELECT count(*) FROM candles WHERE symbol = ?", symbol));
        MigrateService.TableSummary ticks = rest.get(1);
        assertTrue(ticks.complete, ticks.render());
        assertEquals(3, ticks.inserted);
        assertEquals(3, count("SELECT count(*) FROM ticks WHERE symbol = ?", symbol));

        List<Map<String, Object>> stored = Api.ea().queryParam("symbol", symbol).queryParam("timeframe", "M1")
                .get("/candles").then().statusCode(200).extract()
                .jsonPath(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE)).getList("items");
        assertEquals("2025-10-20T02:00:00Z", stored.get(0).get("ts"), "05:00 broker time at +03:00");
        assertEquals(150, ((Number) stored.get(0).get("volume")).intValue(), "150.00 is the tick count 150");
        assertEquals(0.00002, ((Number) stored.get(0).get("spread")).doubleValue(), 1e-12, "2 points at 5 digits");
        assertEquals(1.08564, ((Number) stored.get(0).get("close")).doubleValue(), 1e-12);
        List<Map<String, Object>> storedTicks = Api.ea().queryParam("symbol", symbol).get("/ticks").then().statusCode(200)
                .extract().path("items");
        assertEquals("2025-10-20T02:01:10.123Z", storedTicks.get(0).get("ts"));

        // a finished migration does nothing; --restart re-sends everything as duplicates
        assertEquals(0, migrate.run(request(url, 4, state, false, 0)).get(0).inserted - 10);
        List<MigrateService.TableSummary> again = migrate.run(request(url, 100, state, true, 0));
        assertEquals(10, again.get(0).duplicates, again.get(0).render());
        assertEquals(0, again.get(0).inserted);
        assertEquals(3, again.get(1).duplicates);
        assertEquals(10, count("SELECT count(*) FROM candles WHERE symbol = ?", symbol));
        assertEquals(3, count("SELECT count(*) FROM ticks WHERE symbol = ?", symbol));
    }
}
