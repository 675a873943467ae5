package io.mt5db.ml.data;

import io.mt5db.common.Sql;
import io.mt5db.common.Timeframe;
import io.mt5db.ml.features.MlBar;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Reads the stored bars of one series as the ML code sees them: candles LEFT JOIN indicators, ascending
 * by ts, by ranges of the candles' primary key (symbol, timeframe, ts).
 */
public final class BarReader {

    private static final String COLUMNS = "c.ts, c.open, c.high, c.low, c.close, c.volume, c.spread, i.rsi, i.macd, "
            + "i.macd_signal, i.macd_hist, i.atr, i.bb_upper, i.bb_middle, i.bb_lower, i.ts IS NOT NULL";
    private static final String FROM = " FROM candles c LEFT JOIN indicators i"
            + " ON i.symbol = c.symbol AND i.timeframe = c.timeframe AND i.ts = c.ts"
            + " WHERE c.symbol = ? AND c.timeframe = ?";

    private BarReader() {
    }

    /** Bars with whether the indicator job has written a row for each (false: not computed yet, or warm-up). */
    public record StoredBars(List<MlBar> bars, List<Boolean> indicatorRows) {
        public int size() {
            return bars.size();
        }
    }

    /**
     * Bars in [from, to), ascending, read {@code pageSize} at a time; at most {@code max} (more is an
     * {@link IllegalArgumentException} saying how many the window holds at least).
     */
    public static List<MlBar> range(Connection c, String symbol, Timeframe timeframe, Instant from, Instant to,
            int pageSize, int max, LongConsumer progress) throws SQLException {
        List<MlBar> out = new ArrayList<>();
        String sql = "SELECT " + COLUMNS + FROM + " AND c.ts >= ? AND c.ts < ? ORDER BY c.ts LIMIT ?";
        Instant cursor = from;
        boolean first = true;
        while (true) {
            List<MlBar> page = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(first ? sql : sql.replace("c.ts >= ?", "c.ts > ?"))) {
                ps.setString(1, symbol);
                ps.setString(2, timeframe.name());
                ps.setObject(3, Sql.ts(cursor));
                ps.setObject(4, Sql.ts(to));
                ps.setInt(5, pageSize);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        page.add(bar(rs));
                    }
                }
            }
            first = false;
            out.addAll(page);
            if (out.size() > max) {
                throw new IllegalArgumentException("the window holds more than " + max + " bars (mt5db.ml.max-bars); "
                        + "narrow from/to");
            }
            if (progress != null) {
                progress.accept(out.size());
            }
            if (page.size() < pageSize) {
                return out;
            }
            cursor = page.get(page.size() - 1).ts();
        }
    }

    /** The newest {@code count} bars with ts <= {@code through} and ts >= {@code notBefore}, ascending. */
    public static StoredBars newest(Connection c, String symbol, Timeframe timeframe, Instant notBefore, Instant through,
            int count) throws SQLException {
        String sql = "SELECT * FROM (SELECT " + COLUMNS.replace("i.ts IS NOT NULL", "i.ts IS NOT NULL AS has_ind") + FROM
                + " AND c.ts >= ? AND c.ts <= ? ORDER BY c.ts DESC LIMIT ?) b ORDER BY ts";
        List<MlBar> bars = new ArrayList<>();
        List<Boolean> flags = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, symbol);
            ps.setString(2, timeframe.name());
            ps.setObject(3, Sql.ts(notBefore));
            ps.setObject(4, Sql.ts(through));
            ps.setInt(5, count);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    bars.add(bar(rs));
                    flags.add(rs.getBoolean(16));
                }
            }
        }
        return new StoredBars(bars, flags);
    }

    /** Bars with ts in [from, through], ascending, with their indicator flags. */
    public static StoredBars between(Connection c, String symbol, Timeframe timeframe, Instant from, Instant through)
            throws SQLException {
        String sql = "SELECT " + COLUMNS + FROM + " AND c.ts >= ? AND c.ts <= ? ORDER BY c.ts";
        List<MlBar> bars = new ArrayList<>();
        List<Boolean> flags = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, symbol);
            ps.setString(2, timeframe.name());
            ps.setObject(3, Sql.ts(from));
            ps.setObject(4, Sql.ts(through));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    bars.add(bar(rs));
                    flags.add(rs.getBoolean(16));
                }
            }
        }
        return new StoredBars(bars, flags);
    }

    /** The newest bar's ts with ts <= through, or null. */
    public static Instant newestTs(Connection c, String symbol, Timeframe timeframe, Instant through) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT ts FROM candles WHERE symbol = ? AND timeframe = ? AND ts <= ? ORDER BY ts DESC LIMIT 1")) {
            ps.setString(1, symbol);
            ps.setString(2, timeframe.name());
            ps.setObject(3, Sql.ts(through));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getObject(1, OffsetDateTime.class).toInstant() : null;
            }
        }
    }

    private static MlBar bar(ResultSet rs) throws SQLException {
        long volume = rs.getLong(6);
        Long vol = rs.wasNull() ? null : volume;
        return new MlBar(rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getDouble(2), rs.getDouble(3),
                rs.getDouble(4), rs.getDouble(5), vol, nullable(rs, 7), nullable(rs, 8), nullable(rs, 9),
                nullable(rs, 10), nullable(rs, 11), nullable(rs, 12), nullable(rs, 13), nullable(rs, 14),
                nullable(rs, 15));
    }

    private static Double nullable(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }
}
