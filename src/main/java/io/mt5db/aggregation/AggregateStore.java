package io.mt5db.aggregation;

import io.mt5db.aggregation.math.Aggregate;
import io.mt5db.common.Sql;
import io.mt5db.common.UnnestColumns;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The {@code aggregates} table: partial aggregates by symbol, grain (S5, M5..MN1) and bucket start. */
final class AggregateStore {

    /** The grain of 5-second tick slices. */
    static final String SLICE_GRAIN = "S5";

    /** One index range scan per range (OFFSET 0: never a join the generic plan could run as a filter). */
    private static final String READ = """
            SELECT r.grain, a.bucket_ts, a.open, a.high, a.low, a.close, a.volume, a.spread_sum, a.spread_count
              FROM unnest(?::text[], ?::int8[], ?::int8[]) AS r(grain, start_ms, end_ms)
             CROSS JOIN LATERAL (SELECT bucket_ts, open, high, low, close, volume, spread_sum, spread_count
                                   FROM aggregates
                                  WHERE symbol = ? AND grain = r.grain AND bucket_ts >= to_timestamp(r.start_ms / 1000.0)
                                    AND bucket_ts < to_timestamp(r.end_ms / 1000.0)
                                 OFFSET 0) a
            """;
    private static final String UPSERT = """
            INSERT INTO aggregates AS a (symbol, grain, bucket_ts, open, high, low, close, volume, spread_sum, spread_count)
            SELECT ?, u.grain, to_timestamp(u.ts_ms / 1000.0), u.open, u.high, u.low, u.close, u.volume,
                   u.spread_sum::numeric, u.spread_count
              FROM unnest(?::text[], ?::int8[], ?::float8[], ?::float8[], ?::float8[], ?::float8[], ?::int8[], ?::text[],
                          ?::int8[]) AS u(grain, ts_ms, open, high, low, close, volume, spread_sum, spread_count)
             ORDER BY u.grain, u.ts_ms
            ON CONFLICT (symbol, grain, bucket_ts) DO UPDATE
               SET open = EXCLUDED.open, high = EXCLUDED.high, low = EXCLUDED.low, close = EXCLUDED.close,
                   volume = EXCLUDED.volume, spread_sum = EXCLUDED.spread_sum, spread_count = EXCLUDED.spread_count
             WHERE (a.open, a.high, a.low, a.close, a.volume, a.spread_sum, a.spread_count)
                   IS DISTINCT FROM
                   (EXCLUDED.open, EXCLUDED.high, EXCLUDED.low, EXCLUDED.close, EXCLUDED.volume, EXCLUDED.spread_sum,
                    EXCLUDED.spread_count)
            """;
    private static final String DELETE = """
            DELETE FROM aggregates
             WHERE symbol = ? AND grain = ?
               AND bucket_ts = ANY (ARRAY(SELECT to_timestamp(ms / 1000.0) FROM unnest(?::int8[]) AS ms))
            """;

    private AggregateStore() {
    }

    /** Bucket starts [start, end) of one grain. */
    record Range(String grain, long start, long end) {
    }

    /** An aggregate to store. */
    record Row(String grain, long start, Aggregate aggregate) {
    }

    /** The stored aggregates inside the ranges, by grain and bucket start (epoch ms). */
    static Map<String, TreeMap<Long, Aggregate>> read(Connection c, String symbol, Collection<Range> ranges)
            throws SQLException {
        Map<String, TreeMap<Long, Aggregate>> stored = new HashMap<>();
        if (ranges.isEmpty()) {
            return stored;
        }
        String[] grains = new String[ranges.size()];
        Long[] starts = new Long[ranges.size()];
        Long[] ends = new Long[ranges.size()];
        int i = 0;
        for (Range r : ranges) {
            grains[i] = r.grain();
            starts[i] = r.start();
            ends[i] = r.end();
            i++;
        }
        try (PreparedStatement ps = c.prepareStatement(READ)) {
            ps.setArray(1, Sql.textArray(c, grains));
            ps.setArray(2, Sql.int8Array(c, starts));
            ps.setArray(3, Sql.int8Array(c, ends));
            ps.setString(4, symbol);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long volume = rs.getLong(7);
                    Long volumeValue = rs.wasNull() ? null : volume;
                    BigDecimal spreadSum = rs.getBigDecimal(8);
                    stored.computeIfAbsent(rs.getString(1), g -> new TreeMap<>()).put(Marks.millis(rs, 2),
                            new Aggregate(rs.getDouble(3), rs.getDouble(4), rs.getDouble(5), rs.getDouble(6), volumeValue,
                                    spreadSum == null ? BigDecimal.ZERO : spreadSum, rs.getLong(9)));
                }
            }
        }
        return stored;
    }

    /** Stores aggregates of any grains in one statement (rows whose values did not change are left alone). */
    static void upsert(Connection c, String symbol, List<Row> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
            ps.setString(1, symbol);
            UnnestColumns.of(c, rows).text(Row::grain).int8(Row::start).float8(r -> r.aggregate().open())
                    .float8(r -> r.aggregate().high()).float8(r -> r.aggregate().low())
                    .float8(r -> r.aggregate().close()).int8(r -> r.aggregate().volume())
                    .text(r -> r.aggregate().spreadCount() == 0 ? null : r.aggregate().spreadSum().toPlainString())
                    .int8(r -> r.aggregate().spreadCount()).bind(ps, 2);
            ps.executeUpdate();
        }
    }

    /** Deletes the aggregates of one grain's buckets that have no input left. */
    static void delete(Connection c, String symbol, String grain, Collection<Long> buckets) throws SQLException {
        if (buckets.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(DELETE)) {
            ps.setString(1, symbol);
            ps.setString(2, grain);
            ps.setArray(3, Sql.int8Array(c, buckets.toArray(Long[]::new)));
            ps.executeUpdate();
        }
    }
}
