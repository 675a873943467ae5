package io.mt5db.indicators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mt5db.indicators.math.IndicatorCalculator;
import io.mt5db.indicators.math.IndicatorValues;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Reads the indicators table back, and what it should hold, as ts → the 8 columns (null = no value). */
final class StoredIndicators {

    private StoredIndicators() {
    }

    static Map<Instant, Double[]> read(DataSource dataSource, String symbol, String timeframe) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT ts, rsi, macd, macd_signal, macd_hist, atr, bb_upper, bb_middle, bb_lower FROM indicators
                 WHERE symbol = ? AND timeframe = ? ORDER BY ts
                """)) {
            ps.setString(1, symbol);
            ps.setString(2, timeframe);
            Map<Instant, Double[]> out = new LinkedHashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Double[] row = new Double[8];
                    for (int i = 0; i < 8; i++) {
                        double v = rs.getDouble(i + 2);
                        row[i] = rs.wasNull() ? null : v;
                    }
                    out.put(rs.getObject(1, OffsetDateTime.class).toInstant(), row);
                }
            }
            return out;
        }
    }

    static Map<Instant, Instant> computedAt(DataSource dataSource, String symbol, String timeframe) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT ts, computed_at FROM indicators WHERE symbol = ? AND timeframe = ? ORDER BY ts")) {
            ps.setString(1, symbol);
            ps.setString(2, timeframe);
            Map<Instant, Instant> out = new LinkedHashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getObject(1, OffsetDateTime.class).toInstant(),
                            rs.getObject(2, OffsetDateTime.class).toInstant());
                }
            }
            return out;
        }
    }

    /** A full computation over the series: one row per bar that has any value. */
    static Map<Instant, Double[]> expected(IndicatorCalculator calculator, List<Candles.Candle> candles) {
        List<IndicatorValues> values = calculator.computeAll(Candles.bars(candles));
        Map<Instant, Double[]> out = new LinkedHashMap<>();
        for (int i = 0; i < candles.size(); i++) {
            Double[] row = columns(values.get(i));
            if (Arrays.stream(row).anyMatch(v -> v != null)) {
                out.put(candles.get(i).ts(), row);
            }
        }
        return out;
    }

    static Double[] columns(IndicatorValues v) {
        return new Double[] {v.rsi(), v.macd(), v.macdSignal(), v.macdHist(), v.atr(), v.bbUpper(), v.bbMiddle(),
                v.bbLower()};
    }

    /** Exact equality of every stored double, row by row. */
    static void assertSame(Map<Instant, Double[]> expected, Map<Instant, Double[]> actual, String context) {
        for (Instant ts : expected.keySet()) {
            assertTrue(actual.containsKey(ts), context + ": no row at " + ts + " (" + actual.size() + " of "
                    + expected.size() + " rows stored)");
        }
        for (Instant ts : actual.keySet()) {
            assertTrue(expected.containsKey(ts), context + ": unexpected row at " + ts);
        }
        for (Map.Entry<Instant, Double[]> e : expected.entrySet()) {
            assertArrayEquals(e.getValue(), actual.get(e.getKey()), context + ": values at " + e.getKey());
        }
    }
}
