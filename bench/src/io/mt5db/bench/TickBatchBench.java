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
 * What each statement of a tick batch's transaction costs, without HTTP or the app: one connection to
 * the app's embedded PostgreSQL stores 200-tick batches with the statement sequences below, into
 * copies of the ticks and tick_marks tables in a scratch schema (so the statements' text is the
 * app's), in interleaved blocks so that table growth and machine noise fall on every sequence alike.
 * Per batch it records wall time, the client thread's CPU (driver work), the backend's CPU and all of
 * PostgreSQL's (WAL writer and checkpointer too), and writes bench/results/tick-batch-DATE.json.
 *
 * <ul>
 * <li>{@code probe, COPY, marks, commit}: the tick writer before the marks rode on its probe;
 * <li>{@code probe with marks, COPY, commit}: the tick writer now;
 * <li>{@code COPY, commit}: a batch with no probe and no marks (the floor of a durable batch);
 * <li>{@code COPY, commit every 25th}: PostgreSQL's cost of 200-row COPYs without a commit each.
 * </ul>
 */
public final class TickBatchBench {

    static final int BATCH = 200;
    static final long TICK_SPACING_MS = 150;

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

    enum Sequence {
        SEPARATE_MARKS("probe, COPY, marks, commit"),
        MARKS_IN_PROBE("probe with marks, COPY, commit"),
        COPY_COMMIT("COPY, commit"),
        COPY_RARE_COMMIT("COPY, commit every 25th");

        final String label;

        Sequence(String label) {
            this.label = label;
        }
    }

    private final int warmupBatches = Integer.parseInt(BenchSupport.env("BENCH_WARMUP_BATCHES", "2000"));
    private final int rounds = Integer.parseInt(BenchSupport.env("BENCH_ROUNDS", "10"));
    private final int batchesPerBlock = Integer.parseInt(BenchSupport.env("BENCH_BLOCK_BATCHES", "200"));
    private final Path pgData = Path.of(BenchSupport.env("APP_DATA", "target/bench/tick-batch-data"), "pg");
    private long nextMillis = Instant.now().minusSeconds(30L * 24 * 3600).toEpochMilli();
    private int batchNumber;

    public static void main(String[] args) throws Exception {
        new TickBatchBench().run(new BenchSupport().jdbcUrl);
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
                st.execute("DROP SCHEMA bench_tick_batch CASCADE");
            }
            report(totals, synchronousCommit);
        }
    }

    private String setUp(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS bench_tick_batch CASCADE");
            st.execute("CREATE SCHEMA bench_tick_batch");
            st.execute("CREATE TABLE bench_tick_batch.ticks (LIKE public.ticks INCLUDING ALL)");
            st.execute("CREATE TABLE bench_tick_batch.tick_marks (LIKE public.tick_marks INCLUDING ALL)");
            st.execute("SET search_path = bench_tick_batch");
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

    /** The batch in COPY's binary format, as the app sends it (io.mt5db.common.CopyRows). */
    private static byte[] copyRows(String symbol, long firstMillis) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(BATCH * 90);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(new byte[] {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0});
            out.writeInt(0);
            out.writeInt(0);
            byte[] name = symbol.getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < BATCH; i++) {
                out.writeShort(7);
                out.writeInt(name.length);
                out.write(name);
                out.writeInt(8);
                out.writeLong((firstMillis + TICK_SPACING_MS * i - 946_684_800_000L) * 1_000L);
                for (double value : new double[] {1.1 + i * 1e-5, 1.1002 + i * 1e-5, 0.0, 0.0}) {
                    out.writeInt(8);
                    out.writeDouble(value);
                }
                out.writeInt(4);
                out.writeInt(6);
            }
            out.writeShort(-1);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    private void report(Map<Sequence, double[]> totals, String synchronousCommit) throws IOException {
        int batches = rounds * batchesPerBlock;
        Map<String, Object> results = BenchSupport.map();
        results.put("batch_ticks", BATCH);
        results.put("batches_per_sequence", batches);
        results.put("rounds", rounds);
        results.put("synchronous_commit", synchronousCommit);
        Map<String, Object> sequences = BenchSupport.map();
        System.out.printf("%-34s %12s %14s %14s %16s   (µs per batch of %d ticks)%n", "sequence", "wall", "client CPU",
                "backend CPU", "PostgreSQL CPU", BATCH);
        for (Map.Entry<Sequence, double[]> e : totals.entrySet()) {
            double[] t = e.getValue();
            Map<String, Object> s = BenchSupport.map();
            s.put("wall_us_per_batch", round(t[0] / batches));
            s.put("client_cpu_us_per_batch", round(t[1] / batches));
            s.put("backend_cpu_us_per_batch", round(t[2] / batches));
            s.put("postgres_cpu_us_per_batch", round(t[3] / batches));
            s.put("postgres_cpu_us_per_tick", round(t[3] / batches / BATCH));
            sequences.put(e.getKey().label, s);
            System.out.printf("%-34s %12.0f %14.0f %14.0f %16.0f%n", e.getKey().label, t[0] / batches, t[1] / batches,
                    t[2] / batches, t[3] / batches);
        }
        results.put("sequences", sequences);
        System.out.println("results: " + BenchSupport.writeResults("tick-batch", results));
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
