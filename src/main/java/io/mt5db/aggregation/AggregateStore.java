package io.mt5db.aggregation;

import io.mt5db.common.Sql;
import java.math.BigDecimal;
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
import java.util.SortedMap;
import java.util.TreeSet;

/** The {@code aggregates} table: partial aggregates by symbol, grain (S5, M5..MN1) and bucket start. */
final class AggregateStore {

    /** The grain of 5-second tick slices. */
    static final String SLICE_GRAIN = "S5";

    /** One index range scan per range (OFFSET 0: never a join the generic plan could run as a filter). */
    private static final String READ_IN_RANGES = """
            SELECT r.start_ms, a.open, a.high, a.low, a.close, a.volume, a.spread_sum, a.spread_count
              FROM unnest(?::int8[], ?::int8[]) AS r(start_ms, end_ms)
             CROSS JOIN LATERAL (SELECT bucket_ts, open, high, low, close, volume, spread_sum, spread_count
                                   FROM aggregates
                                  WHERE symbol = ? AND grain = ? AND bucket_ts >= to_timestamp(r.start_ms / 1000.0)
                                    AND bucket_ts < to_timestamp(r.end_ms / 1000.0)
                                 OFFSET 0) a
             ORDER BY r.start_ms, a.bucket_ts
            """;
    private static final String UPSERT = """
            INSERT INTO aggregates AS a (symbol, grain, bucket_ts, open, high, low, close, volume, spread_sum, spread_count)
            SELECT ?, ?, to_timestamp(u.ts_ms / 1000.0), u.open, u.high, u.low, u.close, u.volume, u.spread_sum::numeric,
                   u.spread_count
              FROM unnest(?::int8[], ?::float8[], ?::float8[], ?::float8[], ?::float8[], ?::int8[], ?::text[], ?::int8[])
                   AS u(ts_ms, open, high, low, close, volume, spread_sum, spread_count)
             ORDER BY u.ts_ms
            ON CONFLICT (symbol, grain, bucket_ts) DO UPDATE
               SET open = EXCLUDED.open, high = EXCLUDED.high, low = EXCLUDED.low, close = EXCLUDED.close,
                   volume = EXCLUDED.volume, spread_sum = EXCLUDED.spread_sum, spread_count = EXCLUDED.spread_count
             WHERE (a.open, a.high, a.low, a.close, a.volume, a.spread_sum, a.spread_count)
                   IS DISTINCT FROM
                   (EXCLUDED.open, EXCLUDED.high, EXCLUDED.low, EXCLUDED.close, EXCLUDED.volume, EXCLUDED.spread_sum,
                    EXCLUDED.spread_count)
            RETURNING a.bucket_ts
            """;
    private static final String DELETE = """
            DELETE FROM aggregates
             WHERE symbol = ? AND grain = ?
               AND bucket_ts = ANY (ARRAY(SELECT to_timestamp(ms / 1000.0) FROM unnest(?::int8[]) AS ms))
            RETURNING bucket_ts
            """;

    private AggregateStore() {
    }

    /**
     * The aggregates of a grain inside each range [starts[i], ends[i]), in time order, keyed by the
     * range start. Ranges without any are absent from the map.
     */
    static Map<Long, List<Aggregate>> readInRanges(Connection c, String symbol, String grain, Long[] starts, Long[] ends)
            throws SQLException {
        Map<Long, List<Aggregate>> parts = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(READ_IN_RANGES)) {
            ps.setArray(1, Sql.int8Array(c, starts));
            ps.setArray(2, Sql.int8Array(c, ends));
            ps.setString(3, symbol);
            ps.setString(4, grain);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long volume = rs.getLong(6);
                    Long volumeValue = rs.wasNull() ? null : volume;
                    BigDecimal spreadSum = rs.getBigDecimal(7);
                    parts.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new Aggregate(rs.getDouble(2),
                            rs.getDouble(3), rs.getDouble(4), rs.getDouble(5), volumeValue,
                            spreadSum == null ? BigDecimal.ZERO : spreadSum, rs.getLong(8)));
                }
            }
        }
        return parts;
    }

    /** Stores aggregates (bucket start ms → value); answers the buckets whose stored value changed. */
    static Set<Long> upsert(Connection c, String symbol, String grain, SortedMap<Long, Aggregate> aggregates)
            throws SQLException {
        Set<Long> changed = new TreeSet<>();
        if (aggregates.isEmpty()) {
            return changed;
        }
        int n = aggregates.size();
        Long[] ts = new Long[n];
        Double[] open = new Double[n];
        Double[] high = new Double[n];
        Double[] low = new Double[n];
        Double[] close = new Double[n];
        Long[] volume = new Long[n];
        String[] spreadSum = new String[n];
        Long[] spreadCount = new Long[n];
        int i = 0;
        for (Map.Entry<Long, Aggregate> e : aggregates.entrySet()) {
            Aggregate a = e.getValue();
            ts[i] = e.getKey();
            open[i] = a.open();
            high[i] = a.high();
            low[i] = a.low();
            close[i] = a.close();
            volume[i] = a.volume();
            spreadSum[i] = a.spreadCount() == 0 ? null : a.spreadSum().toPlainString();
            spreadCount[i] = a.spreadCount();
            i++;
        }
        try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
            ps.setString(1, symbol);
            ps.setString(2, grain);
            ps.setArray(3, Sql.int8Array(c, ts));
            ps.setArray(4, Sql.float8Array(c, open));
            ps.setArray(5, Sql.float8Array(c, high));
            ps.setArray(6, Sql.float8Array(c, low));
            ps.setArray(7, Sql.float8Array(c, close));
            ps.setArray(8, Sql.int8Array(c, volume));
            ps.setArray(9, Sql.textArray(c, spreadSum));
            ps.setArray(10, Sql.int8Array(c, spreadCount));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    changed.add(Marks.millis(rs, 1));
                }
            }
        }
        return changed;
    }

    /** Deletes the aggregates of buckets that have no input left; answers the ones that existed. */
    static Set<Long> delete(Connection c, String symbol, String grain, Collection<Long> buckets) throws SQLException {
        Set<Long> deleted = new TreeSet<>();
        if (buckets.isEmpty()) {
            return deleted;
        }
        try (PreparedStatement ps = c.prepareStatement(DELETE)) {
            ps.setString(1, symbol);
            ps.setString(2, grain);
            ps.setArray(3, Sql.int8Array(c, buckets.toArray(Long[]::new)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    deleted.add(Marks.millis(rs, 1));
                }
            }
        }
        return deleted;
    }
}
