package io.mt5db.market;

import io.mt5db.common.Sql;
import io.mt5db.common.Timeframe;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Reads candles and ticks for the read API. */
@ApplicationScoped
public class MarketRepository {

    private static final String CANDLES = """
            SELECT c.symbol, c.timeframe, c.ts, c.open, c.high, c.low, c.close, c.volume, c.spread, c.source%s
              FROM candles c%s
             WHERE c.symbol = ? AND c.timeframe = ? AND c.ts >= ? AND c.ts < ?
             ORDER BY c.ts
             LIMIT ?
            """;
    private static final String INDICATOR_COLUMNS =
            ", i.rsi, i.macd, i.macd_signal, i.macd_hist, i.atr, i.bb_upper, i.bb_middle, i.bb_lower";
    private static final String INDICATOR_JOIN =
            " LEFT JOIN indicators i ON i.symbol = c.symbol AND i.timeframe = c.timeframe AND i.ts = c.ts";

    @Inject
    DataSource dataSource;

    /** Reads up to {@code limit + 1} candles so that the caller knows whether another page follows. */
    public List<CandleRow> candles(String symbol, Timeframe timeframe, Instant from, Instant to, int limit,
            boolean withIndicators) throws SQLException {
        String sql = withIndicators ? CANDLES.formatted(INDICATOR_COLUMNS, INDICATOR_JOIN) : CANDLES.formatted("", "");
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, symbol);
            ps.setString(2, timeframe.name());
            ps.setObject(3, Sql.ts(from));
            ps.setObject(4, Sql.ts(to));
            ps.setInt(5, limit + 1);
            List<CandleRow> rows = new ArrayList<>(Math.min(limit + 1, 10_000));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(candle(rs, withIndicators));
                }
            }
            return rows;
        }
    }

    static CandleRow candle(ResultSet rs, boolean withIndicators) throws SQLException {
        CandleRow.Indicators indicators = null;
        if (withIndicators) {
            indicators = new CandleRow.Indicators(nullableDouble(rs, "rsi"), nullableDouble(rs, "macd"),
                    nullableDouble(rs, "macd_signal"), nullableDouble(rs, "macd_hist"), nullableDouble(rs, "atr"),
                    nullableDouble(rs, "bb_upper"), nullableDouble(rs, "bb_middle"), nullableDouble(rs, "bb_lower"));
        }
        long volume = rs.getLong("volume");
        return new CandleRow(rs.getString("symbol"), rs.getString("timeframe"),
                rs.getObject("ts", OffsetDateTime.class).toInstant(), rs.getDouble("open"), rs.getDouble("high"),
                rs.getDouble("low"), rs.getDouble("close"), rs.wasNull() ? null : volume, nullableDouble(rs, "spread"),
                rs.getString("source"), indicators);
    }

    static Double nullableDouble(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }

    /** Ticks in (ts, arrival) order after an optional (ts, seq) position. */
    public List<TickRowWithSeq> ticks(String symbol, Instant from, Instant to, long afterSeqAtFrom, int limit)
            throws SQLException {
        String sql = """
                SELECT symbol, ts, bid, ask, last, volume, flags, seq FROM ticks
                 WHERE symbol = ? AND ts < ? AND (ts > ? OR (ts = ? AND seq > ?))
                 ORDER BY ts, seq LIMIT ?
                """;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, symbol);
            ps.setObject(2, Sql.ts(to));
            ps.setObject(3, Sql.ts(from));
            ps.setObject(4, Sql.ts(from));
            ps.setLong(5, afterSeqAtFrom);
            ps.setInt(6, limit + 1);
            List<TickRowWithSeq> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int flags = rs.getInt("flags");
                    Integer flagsValue = rs.wasNull() ? null : flags;
                    rows.add(new TickRowWithSeq(new TickRow(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
                            rs.getDouble(3), rs.getDouble(4), nullableDouble(rs, "last"), nullableDouble(rs, "volume"),
                            flagsValue), rs.getLong("seq")));
                }
            }
            return rows;
        }
    }

    public record TickRowWithSeq(TickRow tick, long seq) {
    }

    public Optional<Instant> newestCandleTs(String symbol, Timeframe timeframe) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT ts FROM candles WHERE symbol = ? AND timeframe = ? ORDER BY ts DESC LIMIT 1")) {
            ps.setString(1, symbol);
            ps.setString(2, timeframe.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getObject(1, OffsetDateTime.class).toInstant()) : Optional.empty();
            }
        }
    }
}
