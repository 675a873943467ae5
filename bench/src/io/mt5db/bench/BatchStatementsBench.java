package io.mt5db.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;

/**
 * What each statement of an ingest batch's transaction costs, without HTTP or the app: one connection
 * to the app's embedded PostgreSQL stores 200-tick and 500-candle batches of new keys with the
 * statement sequences below, into copies of the app's tables in a scratch schema (so the statements'
 * text is the app's; they are copied from TickWriter, CandleWriter, Marks, CandleCounts and
 * SeriesChangeLog), in interleaved blocks so that table growth and machine noise fall on every
 * sequence alike. Per batch it records wall time, the client thread's CPU (driver work), the
 * backend's CPU and all of PostgreSQL's (WAL writer and checkpointer too), and writes
 * bench/results/batch-statements-DATE.json.
 *
 * <ul>
 * <li>ticks {@code probe, COPY, marks, commit}: the tick writer before its marks rode on the probe;
 * <li>ticks {@code probe with marks, COPY, commit}: the tick writer now;
 * <li>ticks {@code COPY, commit}: no probe and no marks (the floor of a durable batch);
 * <li>ticks {@code COPY, commit every 25th}: PostgreSQL's cost of 200-row COPYs without a commit each;
 * <li>candles {@code probe, COPY, 3 hook statements, commit}: the candle writer before its change
 *     hooks (roll-up marks, count deltas, series change) went as one statement;
 * <li>candles {@code probe, COPY, hooks as one, commit}: the candle writer now;
 * <li>candles {@code COPY, commit}: the floor.
 * </ul>
 */
public final class BatchStatementsBench {

    static final int BATCH = 200;
    static final int CANDLE_BATCH = 500;
    static final long TICK_SPACING_MS = 150;
    static final long POSTGRES_EPOCH_MILLIS = 946_684_800_000L;

    static final String PROBE = """
            SELECT EXISTS (SELECT 1 FROM ticks WHERE symbol = ? AND ts = ?)
                OR EXISTS (SELECT 1 FROM ticks WHERE symbol = ? AND ts = ?)
            """;
    static final String INSERT_SLICES = """
            INSERT INTO tick_marks (symbol, slice_ts, slice_count)
            SELECT u.symbol, to_timestamp(u.slice_ms / 1000.0), u.slice_count
              FROM unnest(?::text[], ?::int8[], ?::int4[]) AS u(symbol, slice_ms, slice_count)
            """;
    /** The app's probe with the marks attached (TickWriter.NEW_BATCH_PROBE + Marks.INSERT_SLICES_IF_NEW_BATCH). */
    static final String PROBE_WITH_MARKS = """
            WITH new_batch AS (
                SELECT NOT (EXISTS (SELECT 1 FROM ticks WHERE symbol = ? AND ts = ?)
                         OR EXISTS (SELECT 1 FROM ticks WHERE symbol = ? AND ts = ?)) AS is_new),
            batch_work_1 AS (INSERT INTO tick_marks (symbol, slice_ts, slice_count)
            SELECT u.symbol, to_timestamp(u.slice_ms / 1000.0), u.slice_count
              FROM new_batch AS b, unnest(?::text[], ?::int8[], ?::int4[]) AS u(symbol, slice_ms, slice_count)
             WHERE b.is_new)
            SELECT is_new FROM new_batch
            """;
    static final String COPY = "COPY ticks (symbol, ts, bid, ask, last, volume, flags) FROM STDIN (FORMAT binary)";

    static final String CANDLE_PROBE = """
            SELECT EXISTS (SELECT 1 FROM candles WHERE symbol = ? AND timeframe = ? AND ts = ?)
                OR EXISTS (SELECT 1 FROM candles WHERE symbol = ? AND timeframe = ? AND ts = ?)
            """;
    static final String CANDLE_COPY = "COPY candles (symbol, timeframe, ts, open, high, low, close, volume, spread,"
            + " bid, ask, real_volume, source) FROM STDIN (FORMAT binary)";
    static final String INSERT_BUCKETS = """
            INSERT INTO rollup_marks (symbol, level, bucket_ts, bucket_count)
            SELECT u.symbol, u.level, to_timestamp(u.bucket_ms / 1000.0), u.bucket_count
              FROM unnest(?::text[], ?::int2[], ?::int8[], ?::int4[]) AS u(symbol, level, bucket_ms, bucket_count)
            """;
    static final String RECORD_COUNTS = """
            INSERT INTO candle_count_deltas (symbol, timeframe, delta)
            SELECT u.symbol, u.timeframe, u.delta FROM unnest(?::text[], ?::text[], ?::int8[]) AS u(symbol, timeframe, delta)
            """;
    static final String MARK_SERIES = """
            INSERT INTO series_changes AS s (symbol, timeframe, from_ts, marked_at)
            SELECT u.symbol, u.timeframe, to_timestamp(u.ts_ms / 1000.0), now()
              FROM unnest(?::text[], ?::text[], ?::int8[]) AS u(symbol, timeframe, ts_ms)
            ON CONFLICT (symbol, timeframe) DO UPDATE
               SET from_ts = LEAST(s.from_ts, EXCLUDED.from_ts),
                   marked_at = LEAST(s.marked_at, EXCLUDED.marked_at)
             WHERE EXCLUDED.from_ts < s.from_ts OR EXCLUDED.marked_at < s.marked_at
            """;
    /** The three hooks as one statement, as io.mt5db.common.StatementBatch combines them. */
    static final String HOOKS_AS_ONE = "WITH part_1 AS (" + INSERT_BUCKETS.strip() + "),\npart_2 AS ("
            + RECORD_COUNTS.strip() + ")\n" + MARK_SERIES.strip();

    enum Sequence {
        SEPARATE_MARKS("ticks: probe, COPY, marks, commit", BATCH),
        MARKS_IN_PROBE("ticks: probe with marks, COPY, commit", BATCH),
        COPY_COMMIT("ticks: COPY, commit", BATCH),
        COPY_RARE_COMMIT("ticks: COPY, commit every 25th", BATCH),
        CANDLES_SEPARATE_HOOKS("candles: probe, COPY, 3 hooks, commit", CANDLE_BATCH),
        CANDLES_HOOKS_AS_ONE("candles: probe, COPY, hooks as one, commit", CANDLE_BATCH),
        CANDLES_COPY_COMMIT("candles: COPY, commit", CANDLE_BATCH);

        final String label;
        final int items;

        Sequence(String label, int items) {
            this.label = label;
            this.items = items;
        }

        boolean candles() {
            return items == CANDLE_BATCH;
        }
    }

    private final int warmupBatches = Integer.parseInt(BenchSupport.env("BENCH_WARMUP_BATCHES", "2000"));
    private final int rounds = Integer.parseInt(BenchSupport.env("BENCH_ROUNDS", "10"));
    private final int batchesPerBlock = Integer.parseInt(BenchSupport.env("BENCH_BLOCK_BATCHES", "200"));
    private final Path pgData = Path.of(BenchSupport.env("APP_DATA", "target/bench/batch-statements-data"), "pg");
    private long nextMillis = Instant.now().minusSeconds(30L * 24 * 3600).toEpochMilli();
    private int batchNumber;
    private int candleBatchNumber;
    private final long candleStartMillis = Instant.parse("2020-01-06T00:00:00Z").toEpochMilli();

    public static void main(String[] args) throws Exception {
        new BatchStatementsBench().run(new BenchSupport().jdbcUrl);
    }

    void run(String jdbcUrl) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl)) {
            String synchronousCommit = setUp(c);
            long backend = backendPid(c);
            c.setAutoCommit(false);
            for (int i = 0; i < warmupBatches; i++) {
                batch(c, Sequence.values()[i % Sequence.values().length]);
            }
            c.commit();
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            Map<Sequence, double[]> totals = new java.util.EnumMap<>(Sequence.class);
            for (Sequence s : Sequence.values()) {
                totals.put(s, new double[4]);
            }
            for (int round = 0; round < rounds; round++) {
                for (Sequence sequence : Sequence.values()) {
                    long wall0 = System.nanoTime();
                    long client0 = threads.getCurrentThreadCpuTime();
                    double backend0 = ProcessStats.cpuSeconds(backend);
                    double postgres0 = ProcessStats.postgresCpuSeconds(pgData);
                    for (int i = 0; i < batchesPerBlock; i++) {
                        batch(c, sequence);
                    }
                    c.commit();
                    double[] t = totals.get(sequence);
                    t[0] += (System.nanoTime() - wall0) / 1e3;
                    t[1] += (threads.getCurrentThreadCpuTime() - client0) / 1e3;
                    t[2] += (ProcessStats.cpuSeconds(backend) - backend0) * 1e6;
                    t[3] += (ProcessStats.postgresCpuSeconds(pgData) - postgres0) * 1e6;
                }
            }
            c.setAutoCommit(true);
            try (Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA bench_batch_statements CASCADE");
            }
            report(totals, synchronousCommit);
        }
    }

    private String setUp(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS bench_batch_statements CASCADE");
            st.execute("CREATE SCHEMA bench_batch_statements");
            st.execute("CREATE TABLE bench_batch_statements.ticks (LIKE public.ticks INCLUDING ALL)");
            for (String table : List.of("tick_marks", "candles", "rollup_marks", "candle_count_deltas", "series_changes")) {
                st.execute("CREATE TABLE bench_batch_statements." + table + " (LIKE public." + table + " INCLUDING ALL)");
            }
            st.execute("SET search_path = bench_batch_statements");
            try (ResultSet rs = st.executeQuery("SHOW synchronous_commit")) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static long backendPid(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** One batch of new ticks of one of 8 symbols, 150 ms apart: 30 s, so one or two runs of slices. */
    private void batch(Connection c, Sequence sequence) throws SQLException {
        if (sequence.candles()) {
            candleBatch(c, sequence);
            return;
        }
        String symbol = "TB" + (batchNumber++ % 8);
        long first = nextMillis;
        long last = first + TICK_SPACING_MS * (BATCH - 1);
        nextMillis = last + TICK_SPACING_MS;
        byte[] rows = copyRows(symbol, first);
        if (sequence == Sequence.SEPARATE_MARKS || sequence == Sequence.MARKS_IN_PROBE) {
            boolean withMarks = sequence == Sequence.MARKS_IN_PROBE;
            try (PreparedStatement probe = c.prepareStatement(withMarks ? PROBE_WITH_MARKS : PROBE)) {
                probe.setString(1, symbol);
                probe.setObject(2, OffsetDateTime.ofInstant(Instant.ofEpochMilli(first), ZoneOffset.UTC));
                probe.setString(3, symbol);
                probe.setObject(4, OffsetDateTime.ofInstant(Instant.ofEpochMilli(last), ZoneOffset.UTC));
                if (withMarks) {
                    bindSliceRuns(c, probe, 5, symbol, first, last);
                }
                try (ResultSet rs = probe.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1) != withMarks) {
                        throw new IllegalStateException("the bench's batch was not new");
                    }
                }
            }
        }
        try {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY, new ByteArrayInputStream(rows));
        } catch (IOException e) {
            throw new SQLException(e);
        }
        if (sequence == Sequence.SEPARATE_MARKS) {
            try (PreparedStatement marks = c.prepareStatement(INSERT_SLICES)) {
                bindSliceRuns(c, marks, 1, symbol, first, last);
                marks.executeUpdate();
            }
        }
        if (sequence != Sequence.COPY_RARE_COMMIT || batchNumber % 25 == 0) {
            c.commit();
        }
    }

    /**
     * One batch of 500 new M1 candles of one of 8 series (symbols sorting after the ticks'), each
     * series continuing where it stopped: the hooks mark one run of 100 M5 buckets, one count delta
     * and one series change.
     */
    private void candleBatch(Connection c, Sequence sequence) throws SQLException {
        int series = candleBatchNumber++ % 8;
        String symbol = "TC" + series;
        long first = candleStartMillis + (candleBatchNumber / 8) * CANDLE_BATCH * 60_000L;
        long last = first + (CANDLE_BATCH - 1) * 60_000L;
        if (sequence != Sequence.CANDLES_COPY_COMMIT) {
            try (PreparedStatement probe = c.prepareStatement(CANDLE_PROBE)) {
                int i = 0;
                for (long ts : new long[] {first, last}) {
                    probe.setString(++i, symbol);
                    probe.setString(++i, "M1");
                    probe.setObject(++i, OffsetDateTime.ofInstant(Instant.ofEpochMilli(ts), ZoneOffset.UTC));
                }
                try (ResultSet rs = probe.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        throw new IllegalStateException("the bench's candle batch was not new");
                    }
                }
            }
        }
        try {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn(CANDLE_COPY,
                    new ByteArrayInputStream(candleRows(symbol, first)));
        } catch (IOException e) {
            throw new SQLException(e);
        }
        if (sequence == Sequence.CANDLES_SEPARATE_HOOKS) {
            for (String sql : List.of(INSERT_BUCKETS, RECORD_COUNTS, MARK_SERIES)) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    bindHook(c, ps, 1, sql, symbol, first);
                    ps.executeUpdate();
                }
            }
        } else if (sequence == Sequence.CANDLES_HOOKS_AS_ONE) {
            try (PreparedStatement ps = c.prepareStatement(HOOKS_AS_ONE)) {
                int next = 1;
                for (String sql : List.of(INSERT_BUCKETS, RECORD_COUNTS, MARK_SERIES)) {
                    next = bindHook(c, ps, next, sql, symbol, first);
                }
                ps.executeUpdate();
            }
        }
        c.commit();
    }

    private static int bindHook(Connection c, PreparedStatement ps, int index, String sql, String symbol, long first)
            throws SQLException {
        if (sql.equals(INSERT_BUCKETS)) {
            ps.setArray(index, c.createArrayOf("text", new Object[] {symbol}));
            ps.setArray(index + 1, c.createArrayOf("int2", new Object[] {(short) 1}));
            ps.setArray(index + 2, c.createArrayOf("int8", new Object[] {first}));
            ps.setArray(index + 3, c.createArrayOf("int4", new Object[] {CANDLE_BATCH / 5}));
            return index + 4;
        }
        ps.setArray(index, c.createArrayOf("text", new Object[] {symbol}));
        ps.setArray(index + 1, c.createArrayOf("text", new Object[] {"M1"}));
        ps.setArray(index + 2, c.createArrayOf("int8", new Object[] {sql.equals(RECORD_COUNTS) ? CANDLE_BATCH : first}));
        return index + 3;
    }

    /** The candles in COPY's binary format, as the app sends them (io.mt5db.common.CopyRows). */
    private static byte[] candleRows(String symbol, long firstMillis) {
        byte[] name = symbol.getBytes(StandardCharsets.UTF_8);
        return copyData(CANDLE_BATCH, 130, (out, i) -> {
            double open = 1.1 + (i % 97) * 1e-4;
            out.writeShort(13);
            text(out, name);
            text(out, M1);
            timestamptz(out, firstMillis + 60_000L * i);
            float8(out, open, open + 0.0005, open - 0.0005, open + 0.0001);
            out.writeInt(8);
            out.writeLong(100 + i);
            float8(out, 2.0, open, open + 0.0002, 0.0);
            text(out, EA);
        });
    }

    /** The slice runs the app marks for these ticks: 5-second slices, a run never crossing a minute. */
    private static void bindSliceRuns(Connection c, PreparedStatement ps, int index, String symbol, long first,
            long last) throws SQLException {
        long firstSlice = first - first % 5_000;
        long lastSlice = last - last % 5_000;
        long minuteEnd = firstSlice - firstSlice % 60_000 + 60_000;
        List<Long> starts = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        if (lastSlice < minuteEnd) {
            starts.add(firstSlice);
            counts.add((int) ((lastSlice - firstSlice) / 5_000 + 1));
        } else {
            starts.add(firstSlice);
            counts.add((int) ((minuteEnd - firstSlice) / 5_000));
            starts.add(minuteEnd);
            counts.add((int) ((lastSlice - minuteEnd) / 5_000 + 1));
        }
        ps.setArray(index, c.createArrayOf("text", starts.stream().map(s -> symbol).toArray()));
        ps.setArray(index + 1, c.createArrayOf("int8", starts.toArray()));
        ps.setArray(index + 2, c.createArrayOf("int4", counts.toArray()));
    }

    /** The ticks in COPY's binary format, as the app sends them (io.mt5db.common.CopyRows). */
    private static byte[] copyRows(String symbol, long firstMillis) {
        byte[] name = symbol.getBytes(StandardCharsets.UTF_8);
        return copyData(BATCH, 90, (out, i) -> {
            out.writeShort(7);
            text(out, name);
            timestamptz(out, firstMillis + TICK_SPACING_MS * i);
            float8(out, 1.1 + i * 1e-5, 1.1002 + i * 1e-5, 0.0, 0.0);
            out.writeInt(4);
            out.writeInt(6);
        });
    }

    private static final byte[] M1 = {'M', '1'};
    private static final byte[] EA = {'e', 'a'};

    /** Writes row {@code i}: its field count, then each field as its length and binary value. */
    @FunctionalInterface
    private interface RowWriter {
        void write(DataOutputStream out, int i) throws IOException;
    }

    private static byte[] copyData(int rows, int bytesPerRow, RowWriter row) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(rows * bytesPerRow);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(new byte[] {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0});
            out.writeInt(0);
            out.writeInt(0);
            for (int i = 0; i < rows; i++) {
                row.write(out, i);
            }
            out.writeShort(-1);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    private static void text(DataOutputStream out, byte[] utf8) throws IOException {
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static void timestamptz(DataOutputStream out, long epochMillis) throws IOException {
        out.writeInt(8);
        out.writeLong((epochMillis - POSTGRES_EPOCH_MILLIS) * 1_000L);
    }

    private static void float8(DataOutputStream out, double... values) throws IOException {
        for (double value : values) {
            out.writeInt(8);
            out.writeDouble(value);
        }
    }

    private void report(Map<Sequence, double[]> totals, String synchronousCommit) throws IOException {
        int batches = rounds * batchesPerBlock;
        Map<String, Object> results = BenchSupport.map();
        results.put("tick_batch", BATCH);
        results.put("candle_batch", CANDLE_BATCH);
        results.put("batches_per_sequence", batches);
        results.put("rounds", rounds);
        results.put("synchronous_commit", synchronousCommit);
        Map<String, Object> sequences = BenchSupport.map();
        System.out.printf("%-44s %8s %12s %12s %16s %10s   (µs per batch)%n", "sequence", "wall", "client CPU",
                "backend CPU", "PostgreSQL CPU", "per item");
        for (Map.Entry<Sequence, double[]> e : totals.entrySet()) {
            double[] t = e.getValue();
            Map<String, Object> s = BenchSupport.map();
            s.put("wall_us_per_batch", round(t[0] / batches));
            s.put("client_cpu_us_per_batch", round(t[1] / batches));
            s.put("backend_cpu_us_per_batch", round(t[2] / batches));
            s.put("postgres_cpu_us_per_batch", round(t[3] / batches));
            s.put("items_per_batch", e.getKey().items);
            s.put("postgres_cpu_us_per_item", round(t[3] / batches / e.getKey().items));
            sequences.put(e.getKey().label, s);
            System.out.printf("%-44s %8.0f %12.0f %12.0f %16.0f %10.2f%n", e.getKey().label, t[0] / batches,
                    t[1] / batches, t[2] / batches, t[3] / batches, t[3] / batches / e.getKey().items);
        }
        results.put("sequences", sequences);
        System.out.println("results: " + BenchSupport.writeResults("batch-statements", results));
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
