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
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
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

    public static CandleRow candle(ResultSet rs, boolean withIndicators) throws SQLException {
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

    /** The newest candle of a series, with indicators. */
    public Optional<CandleRow> latest(String symbol, Timeframe timeframe) throws SQLException {
        String sql = """
                SELECT c.symbol, c.timeframe, c.ts, c.open, c.high, c.low, c.close, c.volume, c.spread, c.source%s
                  FROM candles c%s
                 WHERE c.symbol = ? AND c.timeframe = ?
                 ORDER BY c.ts DESC LIMIT 1
                """.formatted(INDICATOR_COLUMNS, INDICATOR_JOIN);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, symbol);
            ps.setString(2, timeframe.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(candle(rs, true)) : Optional.empty();
            }
        }
    }

    /**
     * The series of the given symbols: exact counts from the maintained counters, first and last ts
     * from one index probe each. Keyed by symbol, timeframes in M1..MN1 order.
     */
    public Map<String, List<SymbolService.SeriesView>> series(List<String> symbols) throws SQLException {
        Map<String, List<SymbolService.SeriesView>> result = new HashMap<>();
        if (symbols.isEmpty()) {
            return result;
        }
        try (Connection c = dataSource.getConnection()) {
            Map<SeriesChangeLog.Series, Long> counts = CandleCounts.current(c, symbols);
            List<SeriesChangeLog.Series> series = new ArrayList<>(counts.keySet());
            series.sort(Comparator.comparing(SeriesChangeLog.Series::symbol)
                    .thenComparing(s -> Timeframe.valueOf(s.timeframe())));
            String[] symbolArray = series.stream().map(SeriesChangeLog.Series::symbol).toArray(String[]::new);
            String[] timeframeArray = series.stream().map(SeriesChangeLog.Series::timeframe).toArray(String[]::new);
            try (PreparedStatement ps = c.prepareStatement(SERIES_BOUNDS)) {
                ps.setArray(1, Sql.textArray(c, symbolArray));
                ps.setArray(2, Sql.textArray(c, timeframeArray));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        SeriesChangeLog.Series key = new SeriesChangeLog.Series(rs.getString(1), rs.getString(2));
                        result.computeIfAbsent(key.symbol(), k -> new ArrayList<>()).add(new SymbolService.SeriesView(
                                key.timeframe(), counts.get(key), instant(rs, 3), instant(rs, 4)));
                    }
                }
            }
        }
        return result;
    }

    private static final String SERIES_BOUNDS = """
            SELECT u.symbol, u.timeframe,
                   (SELECT ts FROM candles c WHERE c.symbol = u.symbol AND c.timeframe = u.timeframe ORDER BY ts LIMIT 1),
                   (SELECT ts FROM candles c WHERE c.symbol = u.symbol AND c.timeframe = u.timeframe ORDER BY ts DESC LIMIT 1)
              FROM unnest(?::text[], ?::text[]) WITH ORDINALITY AS u(symbol, timeframe, ord)
             ORDER BY u.ord
            """;

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** Bar starts (epoch ms) of a series in [from, to), ascending. */
    public long[] barStarts(String symbol, Timeframe timeframe, Instant from, Instant to) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false); // a fetch size only streams inside a transaction
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT (extract(epoch FROM ts) * 1000)::int8 FROM candles
                     WHERE symbol = ? AND timeframe = ? AND ts >= ? AND ts < ? ORDER BY ts
                    """)) {
                ps.setString(1, symbol);
                ps.setString(2, timeframe.name());
                ps.setObject(3, Sql.ts(from));
                ps.setObject(4, Sql.ts(to));
                ps.setFetchSize(50_000);
                long[] starts = new long[1024];
                int n = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (n == starts.length) {
                            starts = java.util.Arrays.copyOf(starts, n * 2);
                        }
                        starts[n++] = rs.getLong(1);
                    }
                }
                c.commit();
                return java.util.Arrays.copyOf(starts, n);
            }
        }
    }

    public Optional<Instant> oldestCandleTs(String symbol, Timeframe timeframe) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT ts FROM candles WHERE symbol = ? AND timeframe = ? ORDER BY ts LIMIT 1")) {
            ps.setString(1, symbol);
            ps.setString(2, timeframe.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getObject(1, OffsetDateTime.class).toInstant()) : Optional.empty();
            }
        }
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
