package io.mt5db.aggregation;

import io.mt5db.aggregation.math.RollupLevel;
import io.mt5db.common.Sql;
import io.mt5db.common.TimeBounds;
import io.mt5db.common.Timeframe;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * Data repair (admin): deleting a range of candles, and recomputing a range from what is stored.
 * Both only delete or mark in one transaction; the jobs rebuild roll-ups and indicators from there.
 */
@ApplicationScoped
public class CandleRepairService {

    private static final long MINUTE = 60_000L;

    private static final String DELETE_CANDLES = """
            DELETE FROM candles WHERE symbol = ? AND timeframe = ? AND ts >= ? AND ts < ? RETURNING ts
            """;
    private static final String DELETE_INDICATORS = """
            DELETE FROM indicators WHERE symbol = ? AND timeframe = ? AND ts >= ? AND ts < ?
            """;
    /** Every slice with ticks or a slice aggregate, and every tick-built minute, in the range. */
    private static final String MARK_SLICES = """
            INSERT INTO tick_marks (symbol, slice_ts)
            SELECT ?, s FROM (
                SELECT DISTINCT to_timestamp(floor(extract(epoch FROM ts) / 5) * 5) AS s
                  FROM ticks WHERE symbol = ? AND ts >= ? AND ts < ?
                UNION
                SELECT bucket_ts FROM aggregates WHERE symbol = ? AND grain = 'S5' AND bucket_ts >= ? AND bucket_ts < ?
                UNION
                SELECT ts FROM candles WHERE symbol = ? AND timeframe = 'M1' AND source = 'ticks' AND ts >= ? AND ts < ?
            ) x
            """;
    private static final String M1_FIVE_MINUTES = """
            SELECT DISTINCT (floor(extract(epoch FROM ts) / 300) * 300000)::int8
              FROM candles WHERE symbol = ? AND timeframe = 'M1' AND ts >= ? AND ts < ?
            """;
    private static final String DERIVED_BUCKETS = """
            SELECT grain, bucket_ts FROM aggregates WHERE symbol = ? AND grain <> 'S5' AND bucket_ts >= ? AND bucket_ts < ?
            UNION
            SELECT timeframe, ts FROM candles WHERE symbol = ? AND source = 'rollup' AND ts >= ? AND ts < ?
            """;

    @Inject
    DataSource dataSource;

    public record Deleted(String symbol, String timeframe, Instant from, Instant to, int deleted) {
    }

    public record Recompute(String symbol, Instant from, Instant to, int slicesMarked, int bucketsMarked) {
    }

    /**
     * Deletes a series' candles (any source) and their indicators in [from, to), and marks what was
     * derived from them: roll-ups of deleted M1 bars, the deleted roll-up buckets themselves (their
     * candle comes back from the M1 bars), and the series for the indicators.
     */
    public Deleted deleteCandles(String symbol, Timeframe timeframe, Instant from, Instant to) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<Long> deleted = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(DELETE_CANDLES)) {
                    bindRange(ps, symbol, timeframe, from, to);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            deleted.add(Marks.millis(rs, 1));
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement(DELETE_INDICATORS)) {
                    bindRange(ps, symbol, timeframe, from, to);
                    ps.executeUpdate();
                }
                CandleChanges changes = new CandleChanges(symbol);
                deleted.forEach(ts -> changes.add(timeframe, ts, -1));
                changes.flush(c);
                Optional<RollupLevel> level = RollupLevel.of(timeframe);
                if (level.isPresent()) {
                    Marks.markBuckets(c, deleted.stream().map(ts -> new Marks.Bucket(symbol, level.get(), ts)).toList());
                }
                c.commit();
                return new Deleted(symbol, timeframe.name(), from, to, deleted.size());
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * Deletes a series' poison rows, those outside the range every route accepts
     * ({@link TimeBounds}: before 1971-01-01, after now + the future bound, or infinite), and their
     * indicators. Their bookkeeping is recorded at the nearest processable time (1971-01-01 or the
     * latest accepted): counts go down, the series' indicators are recomputed from its first bar.
     */
    public Deleted deletePoison(String symbol, Timeframe timeframe) throws SQLException {
        Instant latest = TimeBounds.latest();
        String outside = "symbol = ? AND timeframe = ? AND NOT (" + TimeBounds.processableSql("ts") + " AND ts <= ?)";
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<Long> deleted = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM candles WHERE " + outside
                        + " RETURNING (extract(epoch FROM LEAST(GREATEST(ts, " + TimeBounds.EARLIEST_SQL + "), ?)) * 1000)::int8")) {
                    bindPoison(ps, symbol, timeframe, latest);
                    ps.setObject(4, Sql.ts(latest));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            deleted.add(rs.getLong(1));
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM indicators WHERE " + outside)) {
                    bindPoison(ps, symbol, timeframe, latest);
                    ps.executeUpdate();
                }
                CandleChanges changes = new CandleChanges(symbol);
                deleted.forEach(ts -> changes.add(timeframe, ts, -1));
                changes.flush(c);
                c.commit();
                return new Deleted(symbol, timeframe.name(), null, null, deleted.size());
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static void bindPoison(PreparedStatement ps, String symbol, Timeframe timeframe, Instant latest)
            throws SQLException {
        ps.setString(1, symbol);
        ps.setString(2, timeframe.name());
        ps.setObject(3, Sql.ts(latest));
    }

    /**
     * Marks every slice and bucket of [from, to) (widened to whole minutes) for the jobs: minutes are
     * rebuilt from their stored ticks (frozen ones stay), and every roll-up level from the M1 bars.
     */
    public Recompute recompute(String symbol, Instant from, Instant to) throws SQLException {
        long start = Math.floorDiv(from.toEpochMilli(), MINUTE) * MINUTE;
        long end = -Math.floorDiv(-to.toEpochMilli(), MINUTE) * MINUTE;
        Instant rangeStart = Instant.ofEpochMilli(start);
        Instant rangeEnd = Instant.ofEpochMilli(end);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int slices;
                try (PreparedStatement ps = c.prepareStatement(MARK_SLICES)) {
                    ps.setString(1, symbol);
                    for (int i = 0; i < 3; i++) {
                        ps.setString(2 + i * 3, symbol);
                        ps.setObject(3 + i * 3, Sql.ts(rangeStart));
                        ps.setObject(4 + i * 3, Sql.ts(rangeEnd));
                    }
                    slices = ps.executeUpdate();
                }
                Set<Marks.Bucket> buckets = rollupBuckets(c, symbol, rangeStart, rangeEnd);
                Marks.markBuckets(c, buckets);
                c.commit();
                return new Recompute(symbol, rangeStart, rangeEnd, slices, buckets.size());
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Every bucket of every level that has M1 bars, an aggregate or a roll-up candle in the range. */
    private static Set<Marks.Bucket> rollupBuckets(Connection c, String symbol, Instant from, Instant to)
            throws SQLException {
        TreeSet<Long> fiveMinutes = new TreeSet<>();
        try (PreparedStatement ps = c.prepareStatement(M1_FIVE_MINUTES)) {
            ps.setString(1, symbol);
            ps.setObject(2, Sql.ts(from));
            ps.setObject(3, Sql.ts(to));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    fiveMinutes.add(rs.getLong(1));
                }
            }
        }
        Set<Marks.Bucket> buckets = new HashSet<>();
        for (RollupLevel level : RollupLevel.values()) {
            for (long start : fiveMinutes) {
                buckets.add(new Marks.Bucket(symbol, level, level.timeframe().floor(Instant.ofEpochMilli(start)).toEpochMilli()));
            }
        }
        Instant earliest = Timeframe.MN1.floor(from).isBefore(Timeframe.W1.floor(from))
                ? Timeframe.MN1.floor(from) : Timeframe.W1.floor(from);
        try (PreparedStatement ps = c.prepareStatement(DERIVED_BUCKETS)) {
            for (int i = 0; i < 2; i++) {
                ps.setString(1 + i * 3, symbol);
                ps.setObject(2 + i * 3, Sql.ts(earliest));
                ps.setObject(3 + i * 3, Sql.ts(to));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Optional<RollupLevel> level = Timeframe.parse(rs.getString(1)).flatMap(RollupLevel::of);
                    Instant start = Marks.instant(rs, 2);
                    if (level.isPresent() && !start.isBefore(level.get().timeframe().floor(from))) {
                        buckets.add(new Marks.Bucket(symbol, level.get(), start.toEpochMilli()));
                    }
                }
            }
        }
        return buckets;
    }

    private static void bindRange(PreparedStatement ps, String symbol, Timeframe timeframe, Instant from, Instant to)
            throws SQLException {
        ps.setString(1, symbol);
        ps.setString(2, timeframe.name());
        ps.setObject(3, Sql.ts(from));
        ps.setObject(4, Sql.ts(to));
    }
}
