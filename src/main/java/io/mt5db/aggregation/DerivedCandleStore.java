package io.mt5db.aggregation;

import io.mt5db.aggregation.math.Aggregate;
import io.mt5db.aggregation.math.BarAggregation;
import io.mt5db.common.Sql;
import io.mt5db.common.Timeframe;
import io.mt5db.common.UnnestColumns;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads M1 candles and writes the derived ones ({@code source} ticks or rollup) with the contract's
 * precedence {@code ea > ticks > rollup}: a writer replaces rows of its own or a lower source, never a
 * higher one, and removes only rows of its own source.
 */
final class DerivedCandleStore {

    /** A derived candle's source and its precedence rank. */
    enum Source {
        ROLLUP("rollup", 1), TICKS("ticks", 2);

        final String wireName;
        final int rank;

        Source(String wireName, int rank) {
            this.wireName = wireName;
            this.rank = rank;
        }
    }

    /** What a write did to one stored candle. */
    enum Kind { INSERTED, UPDATED, DELETED }

    record Change(Timeframe timeframe, long tsMillis, Kind kind) {
    }

    /** A derived candle to write. */
    record Row(Timeframe timeframe, long start, Aggregate aggregate) {
    }

    private static final String UPSERT = """
            INSERT INTO candles AS c (symbol, timeframe, ts, open, high, low, close, volume, spread, source, received_at)
            SELECT ?, u.timeframe, to_timestamp(u.ts_ms / 1000.0), u.open, u.high, u.low, u.close, u.volume, u.spread, ?,
                   now()
              FROM unnest(?::text[], ?::int8[], ?::float8[], ?::float8[], ?::float8[], ?::float8[], ?::int8[], ?::float8[])
                   AS u(timeframe, ts_ms, open, high, low, close, volume, spread)
             ORDER BY u.timeframe, u.ts_ms
            ON CONFLICT (symbol, timeframe, ts) DO UPDATE
               SET open = EXCLUDED.open, high = EXCLUDED.high, low = EXCLUDED.low, close = EXCLUDED.close,
                   volume = EXCLUDED.volume, spread = EXCLUDED.spread, bid = NULL, ask = NULL, real_volume = NULL,
                   source = EXCLUDED.source, received_at = now()
             WHERE (CASE c.source WHEN 'ea' THEN 3 WHEN 'ticks' THEN 2 ELSE 1 END) <= ?
               AND (c.source <> EXCLUDED.source
                    OR (c.open, c.high, c.low, c.close, c.volume, c.spread, c.bid, c.ask, c.real_volume)
                       IS DISTINCT FROM
                       (EXCLUDED.open, EXCLUDED.high, EXCLUDED.low, EXCLUDED.close, EXCLUDED.volume, EXCLUDED.spread,
                        NULL, NULL, NULL))
            RETURNING c.timeframe, c.ts, (xmax = 0)
            """;
    private static final String DELETE = """
            DELETE FROM candles
             WHERE symbol = ? AND timeframe = ? AND source = ?
               AND ts = ANY (ARRAY(SELECT to_timestamp(ms / 1000.0) FROM unnest(?::int8[]) AS ms))
            RETURNING ts
            """;
    private static final String EXISTING = """
            SELECT ts FROM candles
             WHERE symbol = ? AND timeframe = ?
               AND ts = ANY (ARRAY(SELECT to_timestamp(ms / 1000.0) FROM unnest(?::int8[]) AS ms))
            """;
    /** One index range scan per range (see AggregateStore: a lateral subquery the planner cannot flatten). */
    private static final String READ_M1 = """
            SELECT r.start_ms, c.ts, c.open, c.high, c.low, c.close, c.volume, c.spread
              FROM unnest(?::int8[], ?::int8[]) AS r(start_ms, end_ms)
             CROSS JOIN LATERAL (SELECT ts, open, high, low, close, volume, spread FROM candles
                                  WHERE symbol = ? AND timeframe = 'M1' AND ts >= to_timestamp(r.start_ms / 1000.0)
                                    AND ts < to_timestamp(r.end_ms / 1000.0)
                                 OFFSET 0) c
             ORDER BY r.start_ms, c.ts
            """;

    private DerivedCandleStore() {
    }

    /** Writes candles of any timeframes as {@code source} in one statement; answers the rows it changed. */
    static List<Change> upsert(Connection c, String symbol, Source source, List<Row> rows) throws SQLException {
        List<Change> changes = new ArrayList<>();
        if (rows.isEmpty()) {
            return changes;
        }
        try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
            ps.setString(1, symbol);
            ps.setString(2, source.wireName);
            UnnestColumns.of(c, rows).text(r -> r.timeframe().name()).int8(Row::start)
                    .float8(r -> r.aggregate().open()).float8(r -> r.aggregate().high())
                    .float8(r -> r.aggregate().low()).float8(r -> r.aggregate().close())
                    .int8(r -> r.aggregate().volume()).float8(r -> r.aggregate().meanSpread()).bind(ps, 3);
            ps.setInt(11, source.rank);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    changes.add(new Change(Timeframe.valueOf(rs.getString(1)), Marks.millis(rs, 2),
                            rs.getBoolean(3) ? Kind.INSERTED : Kind.UPDATED));
                }
            }
        }
        return changes;
    }

    /** Deletes this source's candles at the given bucket starts; answers the rows deleted. */
    static List<Change> delete(Connection c, String symbol, Timeframe timeframe, Source source, Collection<Long> buckets)
            throws SQLException {
        List<Change> changes = new ArrayList<>();
        if (buckets.isEmpty()) {
            return changes;
        }
        try (PreparedStatement ps = c.prepareStatement(DELETE)) {
            ps.setString(1, symbol);
            ps.setString(2, timeframe.name());
            ps.setString(3, source.wireName);
            ps.setArray(4, Sql.int8Array(c, buckets.toArray(Long[]::new)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    changes.add(new Change(timeframe, Marks.millis(rs, 1), Kind.DELETED));
                }
            }
        }
        return changes;
    }

    /** Which of the given bucket starts have a stored candle of any source. */
    static Set<Long> existing(Connection c, String symbol, Timeframe timeframe, Collection<Long> buckets)
            throws SQLException {
        Set<Long> found = new TreeSet<>();
        if (buckets.isEmpty()) {
            return found;
        }
        try (PreparedStatement ps = c.prepareStatement(EXISTING)) {
            ps.setString(1, symbol);
            ps.setString(2, timeframe.name());
            ps.setArray(3, Sql.int8Array(c, buckets.toArray(Long[]::new)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(Marks.millis(rs, 1));
                }
            }
        }
        return found;
    }

    /** The M1 candles (any source) inside each range [starts[i], ends[i]), keyed by range start. */
    static Map<Long, List<BarAggregation.Bar>> readM1(Connection c, String symbol, Long[] starts, Long[] ends)
            throws SQLException {
        Map<Long, List<BarAggregation.Bar>> bars = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(READ_M1)) {
            ps.setArray(1, Sql.int8Array(c, starts));
            ps.setArray(2, Sql.int8Array(c, ends));
            ps.setString(3, symbol);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long volume = rs.getLong(7);
                    Long volumeValue = rs.wasNull() ? null : volume;
                    double spread = rs.getDouble(8);
                    Double spreadValue = rs.wasNull() ? null : spread;
                    bars.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new BarAggregation.Bar(
                            Marks.millis(rs, 2), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5), rs.getDouble(6),
                            volumeValue, spreadValue));
                }
            }
        }
        return bars;
    }
}
