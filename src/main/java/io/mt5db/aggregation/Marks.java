package io.mt5db.aggregation;

import io.mt5db.aggregation.math.RollupLevel;
import io.mt5db.aggregation.math.TickAggregation;
import io.mt5db.common.CopyRows;
import io.mt5db.common.Sql;
import io.mt5db.common.StatementBatch;
import io.mt5db.ingest.TickWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The aggregation work queues: {@code tick_marks} (5-second slices whose ticks changed) and
 * {@code rollup_marks} (roll-up buckets whose inputs changed, as runs of consecutive buckets, see
 * {@link BucketRuns}). Writers only insert; a job claims a chunk by deleting every mark of the chosen
 * keys that its snapshot sees, so a mark committed meanwhile survives for the next run and a
 * rolled-back chunk restores its marks.
 */
final class Marks {

    static final String TICK_TABLE = "tick_marks";
    static final String ROLLUP_TABLE = "rollup_marks";

    // Marks are insert-only, so COPY stores them as an INSERT would, with less work per row. COPY
    // takes two round trips, so a few marks (a single candle's) go in one INSERT.
    private static final String COPY_SLICES =
            "COPY tick_marks (symbol, slice_ts, slice_count) FROM STDIN (FORMAT binary)";
    private static final String COPY_BUCKETS =
            "COPY rollup_marks (symbol, level, bucket_ts, bucket_count) FROM STDIN (FORMAT binary)";
    private static final int COPY_MIN_ROWS = 16;
    /** Slice runs from three parallel arrays; %s: relations joined before them, %s: a condition after. */
    private static final String INSERT_SLICES_FROM = """
            INSERT INTO tick_marks (symbol, slice_ts, slice_count)
            SELECT u.symbol, to_timestamp(u.slice_ms / 1000.0), u.slice_count
              FROM %sunnest(?::text[], ?::int8[], ?::int4[]) AS u(symbol, slice_ms, slice_count)%s
            """;
    private static final String INSERT_SLICES = INSERT_SLICES_FROM.formatted("", "");
    /** {@link #INSERT_SLICES} for a tick batch's probe: it writes only when the batch is new. */
    static final String INSERT_SLICES_IF_NEW_BATCH =
            INSERT_SLICES_FROM.formatted(TickWriter.NEW_BATCH + " AS b, ", " WHERE b.is_new");
    private static final String INSERT_BUCKETS = """
            INSERT INTO rollup_marks (symbol, level, bucket_ts, bucket_count)
            SELECT u.symbol, u.level, to_timestamp(u.bucket_ms / 1000.0), u.bucket_count
              FROM unnest(?::text[], ?::int2[], ?::int8[], ?::int4[]) AS u(symbol, level, bucket_ms, bucket_count)
            """;
    /** The oldest tick marks of a symbol, to find where a chunk of slices ends. */
    private static final String OLDEST_SLICE_MARKS = """
            SELECT slice_ts, slice_count FROM tick_marks WHERE symbol = ? ORDER BY slice_ts LIMIT ?
            """;
    private static final String CLAIM_SLICES = """
            DELETE FROM tick_marks WHERE symbol = ? AND slice_ts < ? RETURNING slice_ts, slice_count
            """;
    /** The oldest marks of a symbol, lowest level first, to find where a chunk of buckets ends. */
    private static final String OLDEST_BUCKET_MARKS = """
            SELECT level, bucket_ts, bucket_count FROM rollup_marks
             WHERE symbol = ? ORDER BY level, bucket_ts LIMIT ?
            """;
    private static final String CLAIM_BUCKETS = """
            DELETE FROM rollup_marks
             WHERE symbol = ? AND (level, bucket_ts) <= (?, ?)
            RETURNING level, bucket_ts, bucket_count
            """;
    /** Distinct symbols by skipping through the index, so a large backlog costs one probe per symbol. */
    private static final String PENDING_SYMBOLS = """
            WITH RECURSIVE s(symbol) AS (
                (SELECT symbol FROM %1$s ORDER BY symbol LIMIT 1)
                UNION ALL
                SELECT (SELECT m.symbol FROM %1$s m WHERE m.symbol > s.symbol ORDER BY m.symbol LIMIT 1)
                  FROM s WHERE s.symbol IS NOT NULL)
            SELECT symbol FROM s WHERE symbol IS NOT NULL
            """;

    private Marks() {
    }

    /** Marks runs of slices (see {@link SliceRuns}). */
    static void markSliceRuns(Connection c, List<SliceRuns.Run> runs) throws SQLException {
        if (runs.isEmpty()) {
            return;
        }
        if (fitOneInsert(runs)) {
            try (PreparedStatement ps = c.prepareStatement(INSERT_SLICES)) {
                bindSliceRuns(c, ps, 1, runs);
                ps.executeUpdate();
            }
            return;
        }
        CopyRows rows = new CopyRows(runs.size(), 45);
        for (SliceRuns.Run run : runs) {
            rows.text(run.symbol()).timestamptz(Instant.ofEpochMilli(run.startMillis())).integer(run.count()).endRow();
        }
        rows.copyInto(c, COPY_SLICES);
    }

    /** Whether slice runs go in one INSERT ({@link #INSERT_SLICES}) rather than a COPY. */
    static boolean fitOneInsert(List<SliceRuns.Run> runs) {
        return runs.size() < COPY_MIN_ROWS;
    }

    /** Binds the three array parameters of {@link #INSERT_SLICES} from {@code first} on; answers the next index. */
    static int bindSliceRuns(Connection c, PreparedStatement ps, int first, List<SliceRuns.Run> runs)
            throws SQLException {
        String[] symbols = new String[runs.size()];
        Long[] starts = new Long[runs.size()];
        Integer[] counts = new Integer[runs.size()];
        for (int i = 0; i < runs.size(); i++) {
            symbols[i] = runs.get(i).symbol();
            starts[i] = runs.get(i).startMillis();
            counts[i] = runs.get(i).count();
        }
        ps.setArray(first, Sql.textArray(c, symbols));
        ps.setArray(first + 1, Sql.int8Array(c, starts));
        ps.setArray(first + 2, Sql.int4Array(c, counts));
        return first + 3;
    }

    /** A roll-up bucket to recompute. */
    record Bucket(String symbol, RollupLevel level, long startMillis) {
    }

    /** A roll-up mark's key within one symbol, in the queue's order. */
    private record BucketKey(short level, Instant start) {
    }

    /** Marks the buckets, stored as runs of consecutive buckets ({@link BucketRuns}). */
    static void markBuckets(Connection c, Collection<Bucket> buckets) throws SQLException {
        StatementBatch statements = new StatementBatch(c);
        markBuckets(statements, buckets);
        statements.execute();
    }

    /** {@link #markBuckets(Connection, Collection)} as a part of {@code statements}, or a COPY at once when many. */
    static void markBuckets(StatementBatch statements, Collection<Bucket> buckets) throws SQLException {
        if (buckets.isEmpty()) {
            return;
        }
        List<BucketRuns.Run> runs = BucketRuns.of(buckets);
        if (runs.size() < COPY_MIN_ROWS) {
            String[] symbols = new String[runs.size()];
            Short[] levels = new Short[runs.size()];
            Long[] starts = new Long[runs.size()];
            Integer[] counts = new Integer[runs.size()];
            for (int i = 0; i < runs.size(); i++) {
                BucketRuns.Run run = runs.get(i);
                symbols[i] = run.symbol();
                levels[i] = (short) run.level().number();
                starts[i] = run.startMillis();
                counts[i] = run.count();
            }
            statements.add(INSERT_BUCKETS, (c, ps, first) -> {
                ps.setArray(first, Sql.textArray(c, symbols));
                ps.setArray(first + 1, c.createArrayOf("int2", levels));
                ps.setArray(first + 2, Sql.int8Array(c, starts));
                ps.setArray(first + 3, Sql.int4Array(c, counts));
                return first + 4;
            });
            return;
        }
        CopyRows rows = new CopyRows(runs.size(), 50);
        for (BucketRuns.Run run : runs) {
            rows.text(run.symbol()).smallint((short) run.level().number())
                    .timestamptz(Instant.ofEpochMilli(run.startMillis())).integer(run.count()).endRow();
        }
        rows.copyInto(statements.connection(), COPY_BUCKETS);
    }

    /**
     * {@link #markBuckets} of the M5 buckets of the M1 rows in {@code changedRows(symbol, timeframe,
     * ts)}, as one statement (see {@link io.mt5db.ingest.CandleChangeHooks.Listener#changedRowsStatements}).
     */
    static String markM5BucketsOfM1Sql(String changedRows) {
        return "INSERT INTO rollup_marks (symbol, level, bucket_ts)"
                + " SELECT DISTINCT symbol, " + RollupLevel.M5.number() + "::int2,"
                + " to_timestamp(floor(extract(epoch FROM ts) / 300) * 300) FROM " + changedRows
                + " WHERE timeframe = 'M1'";
    }

    /**
     * Claims the oldest slices of a symbol, about {@code limit}, extended to the end of the last one's
     * minute, so that a minute is never rebuilt from some of its new slices in one chunk and the rest
     * in the next (runs never cross a minute, so they are claimed whole); answers them as epoch ms.
     */
    static TreeSet<Long> claimSlices(Connection c, String symbol, int limit) throws SQLException {
        TreeSet<Long> slices = new TreeSet<>();
        ChunkEnd<Long> end = new ChunkEnd<>(limit);
        try (PreparedStatement ps = c.prepareStatement(OLDEST_SLICE_MARKS)) {
            ps.setString(1, symbol);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next() && end.offer(millis(rs, 1), rs.getInt(2))) {
                    // offer() finds where the chunk ends
                }
            }
        }
        Long last = end.lastKey();
        if (last == null) {
            return slices;
        }
        try (PreparedStatement ps = c.prepareStatement(CLAIM_SLICES)) {
            ps.setString(1, symbol);
            ps.setObject(2, Sql.ts(Instant.ofEpochMilli(TickAggregation.minuteStart(last) + 60_000)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long start = millis(rs, 1);
                    for (int i = 0; i < rs.getInt(2); i++) {
                        slices.add(start + i * TickAggregation.SLICE_MILLIS);
                    }
                }
            }
        }
        return slices;
    }

    /**
     * Claims about {@code limit} buckets of a symbol, lowest level first (a run is claimed whole, so
     * up to {@link BucketRuns#MAX_RUN} more); bucket starts are aligned. Every mark up to the chunk's
     * last key is claimed, including one committed since the first look: the chunk then covers it.
     */
    static Map<RollupLevel, TreeSet<Long>> claimBuckets(Connection c, String symbol, int limit) throws SQLException {
        Map<RollupLevel, TreeSet<Long>> buckets = new EnumMap<>(RollupLevel.class);
        ChunkEnd<BucketKey> end = new ChunkEnd<>(limit);
        try (PreparedStatement ps = c.prepareStatement(OLDEST_BUCKET_MARKS)) {
            ps.setString(1, symbol);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next() && end.offer(new BucketKey(rs.getShort(1), instant(rs, 2)), rs.getInt(3))) {
                    // offer() finds where the chunk ends
                }
            }
        }
        BucketKey last = end.lastKey();
        if (last == null) {
            return buckets;
        }
        try (PreparedStatement ps = c.prepareStatement(CLAIM_BUCKETS)) {
            ps.setString(1, symbol);
            ps.setShort(2, last.level());
            ps.setObject(3, Sql.ts(last.start()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    RollupLevel level = RollupLevel.ofNumber(rs.getInt(1));
                    long start = level.timeframe().floor(rs.getObject(2, OffsetDateTime.class).toInstant()).toEpochMilli();
                    buckets.computeIfAbsent(level, l -> new TreeSet<>())
                            .addAll(BucketRuns.starts(level, start, rs.getInt(3)));
                }
            }
        }
        return buckets;
    }

    static List<String> pendingSymbols(Connection c, String table) throws SQLException {
        List<String> symbols = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(PENDING_SYMBOLS.formatted(table)); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                symbols.add(rs.getString(1));
            }
        }
        return symbols;
    }

    /** Age of the oldest mark still waiting. */
    static Optional<Duration> lag(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT extract(epoch FROM clock_timestamp() - marked_at) FROM " + table + " ORDER BY id LIMIT 1");
                ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(Duration.ofMillis(Math.max(0, Math.round(rs.getDouble(1) * 1000))));
        }
    }

    /**
     * Deletes the symbol's marks whose time no job can process (see
     * {@link io.mt5db.common.TimeBounds#processableSql}): a poison row's mark, which would otherwise
     * fail every chunk of its symbol. Answers how many were dropped.
     */
    static int dropUnprocessable(Connection c, String table, String symbol) throws SQLException {
        String column = table.equals(TICK_TABLE) ? "slice_ts" : "bucket_ts";
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE symbol = ? AND NOT "
                + io.mt5db.common.TimeBounds.processableSql(column))) {
            ps.setString(1, symbol);
            return ps.executeUpdate();
        }
    }

    static long millis(ResultSet rs, int column) throws SQLException {
        return instant(rs, column).toEpochMilli();
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
