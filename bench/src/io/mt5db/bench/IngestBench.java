package io.mt5db.bench;

import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.postgresql.PGConnection;

/**
 * The ingest benchmark of issue 3 (bench/ingest.sh): in one run against the app's own PostgreSQL,
 * raw COPY of N generated M1 candles and of N ticks into scratch tables with the same keys (the
 * database's limit), the same candle bodies posted to a route that does no work (the transport's
 * limit), the same volume through POST /ingest_batch and POST /ingest/tick with concurrent clients,
 * and single candles through POST /ingest from one sequential client.
 *
 * <p>Modes: {@code run} (default) writes bench/results/ingest-DATE.json; {@code warmup} posts a
 * little of everything (a training workload for the AOT cache and the warm-up before an RSS
 * reading); {@code memory} prints the JVM's RSS and PostgreSQL's PSS in kB, tab-separated.
 */
public final class IngestBench {

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "run";
        switch (mode) {
            case "run" -> new IngestBench().run();
            case "warmup" -> {
                IngestBench bench = new IngestBench();
                bench.warmUp(BenchSupport.env("BENCH_WARMUP_KEY", bench.support.adminKey), runTag(), bench.clients);
            }
            case "memory" -> {
                long[] memory = memory();
                System.out.println(memory[0] + "\t" + memory[1]);
            }
            default -> throw new IllegalArgumentException("mode is run, warmup or memory, not " + mode);
        }
    }

    private final BenchSupport support = new BenchSupport();
    private final int candleCount = intEnv("BENCH_CANDLES", 1_000_000);
    private final int tickCount = intEnv("BENCH_TICKS", 1_000_000);
    private final int singleCount = intEnv("BENCH_SINGLES", 10_000);
    private final int clients = intEnv("BENCH_CLIENTS", 4);
    private final int candleBatch = intEnv("BENCH_CANDLE_BATCH", 500);
    private final int tickBatch = intEnv("BENCH_TICK_BATCH", 200);
    private final long seed = Long.parseLong(BenchSupport.env("BENCH_SEED", "20251020"));

    /** What one timed phase produced. */
    record Phase(String name, int requests, long items, long bytes, double seconds, long inserted, long duplicates,
            long rejected, int failures, String firstFailure, long[] latencies, double[] cpuSeconds) {

        double itemsPerSecond() {
            return items / seconds;
        }

        Map<String, Object> toMap(double copyRowsPerSecond) {
            Map<String, Object> m = BenchSupport.map();
            m.put("requests", requests);
            m.put("items", items);
            m.put("seconds", seconds);
            m.put("items_per_s", itemsPerSecond());
            m.put("requests_per_s", requests / seconds);
            m.put("mb_per_s", bytes / seconds / 1e6);
            if (copyRowsPerSecond > 0) {
                m.put("ratio_to_copy", itemsPerSecond() / copyRowsPerSecond);
            }
            if (latencies.length > 0) {
                m.put("latency_p50_ms", BenchSupport.percentileMs(latencies, 50));
                m.put("latency_p95_ms", BenchSupport.percentileMs(latencies, 95));
                m.put("latency_p99_ms", BenchSupport.percentileMs(latencies, 99));
                m.put("latency_max_ms", BenchSupport.percentileMs(latencies, 100));
            }
            Map<String, Object> cpu = BenchSupport.map();
            cpu.put("app", cpuSeconds[0] * 1e6 / items);
            cpu.put("postgres", cpuSeconds[1] * 1e6 / items);
            cpu.put("client", cpuSeconds[2] * 1e6 / items);
            m.put("cpu_us_per_item", cpu);
            m.put("cpu_busy_fraction", (cpuSeconds[0] + cpuSeconds[1] + cpuSeconds[2])
                    / (seconds * Runtime.getRuntime().availableProcessors()));
            if (inserted >= 0) {
                m.put("inserted", inserted);
                m.put("duplicates", duplicates);
                m.put("rejected", rejected);
            }
            m.put("failed_requests", failures);
            if (firstFailure != null) {
                m.put("first_failure", firstFailure);
            }
            return m;
        }
    }

    private void run() throws Exception {
        String tag = runTag();
        String loadBefore = loadAverage();
        String key = support.createKey("ingest-bench-" + tag, "[\"ingest\",\"read\"]", null);
        Map<String, Object> results = BenchSupport.map();
        results.put("date", Instant.now().toString());
        results.put("machine", machine());
        Map<String, Object> n = BenchSupport.map();
        n.put("candles", candleCount);
        n.put("ticks", tickCount);
        n.put("single_candles", singleCount);
        n.put("clients", clients);
        n.put("candle_batch", candleBatch);
        n.put("tick_batch", tickBatch);
        n.put("symbols", GeneratedMarket.SYMBOLS);
        n.put("seed", seed);
        results.put("n", n);

        try (Connection db = DriverManager.getConnection(support.jdbcUrl)) {
            results.put("database", databaseSettings(db));

            log("warm-up (not measured)");
            warmUp(key, tag, clients);

            GeneratedMarket.Candles candles = new GeneratedMarket.Candles(candleCount, seed);
            log("COPY %,d candles into a scratch table like candles", candleCount);
            Phase candleCopy = copy(db, "bench_copy_candles", "candles",
                    "symbol, timeframe, ts, open, high, low, close, volume, spread, source", candles.csv("CP" + tag + "_"),
                    candleCount);
            Map<String, Object> candleResults = BenchSupport.map();
            candleResults.put("copy", candleCopy.toMap(0));
            double copyRate = candleCopy.itemsPerSecond();

            List<byte[]> bodies = candles.jsonBatches("NB" + tag + "_", candleBatch);
            settle(db);
            Phase noop = post("candles to /bench/noop", "/bench/noop", key, bodies, candleCount, clients);
            candleResults.put("noop_route", noop.toMap(copyRate));
            bodies = candles.jsonBatches("BN" + tag + "_", candleBatch);
            settle(db);
            Phase batchNone = post("candles to /ingest_batch?details=none", "/ingest_batch?details=none", key, bodies,
                    candleCount, clients);
            candleResults.put("ingest_batch_details_none", batchNone.toMap(copyRate));
            bodies = candles.jsonBatches("BZ" + tag + "_", candleBatch);
            settle(db);
            Phase batchAll = post("candles to /ingest_batch (details=all)", "/ingest_batch", key, bodies, candleCount,
                    clients);
            candleResults.put("ingest_batch_details_all", batchAll.toMap(copyRate));
            bodies = null;
            results.put("candles", candleResults);

            List<byte[]> singles = candles.jsonSingles("SG" + tag + "_", singleCount);
            Phase singleNoop = post("single candles to /bench/noop", "/bench/noop", key, singles, singles.size(), 1);
            settle(db);
            Phase single = post("single candles to /ingest", "/ingest", key, singles, singles.size(), 1);
            Map<String, Object> singleResults = single.toMap(0);
            singleResults.put("noop_route", singleNoop.toMap(0));
            results.put("single_candles", singleResults);
            singles = null;
            candles = null;

            GeneratedMarket.Ticks ticks = new GeneratedMarket.Ticks(tickCount, seed, System.currentTimeMillis() - 60_000);
            log("COPY %,d ticks into a scratch table like ticks", tickCount);
            Phase tickCopy = copy(db, "bench_copy_ticks", "ticks", "symbol, ts, bid, ask, flags",
                    ticks.csv("TC" + tag + "_"), tickCount);
            double tickCopyRate = tickCopy.itemsPerSecond();
            Map<String, Object> tickResults = BenchSupport.map();
            tickResults.put("copy", tickCopy.toMap(0));
            List<byte[]> tickBodies = ticks.jsonBatches("TN" + tag + "_", tickBatch);
            settle(db);
            Phase tickNoop = post("ticks to /bench/noop", "/bench/noop", key, tickBodies, tickCount, clients);
            tickResults.put("noop_route", tickNoop.toMap(tickCopyRate));
            tickBodies = ticks.jsonBatches("TK" + tag + "_", tickBatch);
            settle(db);
            Phase tickIngest = post("ticks to /ingest/tick?details=none", "/ingest/tick?details=none", key, tickBodies,
                    tickCount, clients);
            tickResults.put("ingest_tick_details_none", tickIngest.toMap(tickCopyRate));
            tickBodies = null;
            results.put("ticks", tickResults);

            try (Statement st = db.createStatement()) {
                st.execute("DROP TABLE IF EXISTS bench_copy_candles");
                st.execute("DROP TABLE IF EXISTS bench_copy_ticks");
            }

            Map<String, Object> ratios = BenchSupport.map();
            ratios.put("batch_candles_details_none_to_copy", batchNone.itemsPerSecond() / copyRate);
            ratios.put("batch_candles_details_all_to_copy", batchAll.itemsPerSecond() / copyRate);
            ratios.put("transport_only_candles_to_copy", noop.itemsPerSecond() / copyRate);
            ratios.put("batch_candles_details_none_to_transport_only", batchNone.itemsPerSecond() / noop.itemsPerSecond());
            ratios.put("ticks_to_copy", tickIngest.itemsPerSecond() / tickCopyRate);
            ratios.put("transport_only_ticks_to_copy", tickNoop.itemsPerSecond() / tickCopyRate);
            results.put("ratios", ratios);

            int idleSeconds = intEnv("BENCH_IDLE_SECONDS", 5);
            log("idle %d s, then memory", idleSeconds);
            Thread.sleep(idleSeconds * 1000L);
            long[] memory = memory();
            Map<String, Object> afterRun = BenchSupport.map();
            afterRun.put("jvm_options", BenchSupport.env("APP_JVM_OPTIONS", ""));
            afterRun.put("idle_seconds", idleSeconds);
            afterRun.put("jvm_rss_mb", memory[0] / 1024.0);
            afterRun.put("postgres_pss_mb", memory[1] / 1024.0);
            results.put("memory_after_run", afterRun);

            List<Map<String, Object>> startup = startupVariants();
            if (!startup.isEmpty()) {
                results.put("startup", startup);
            }
            results.put("targets", targets(batchNone, batchAll, copyRate, tickIngest, tickCopyRate, single, startup));
            Map<String, Object> load = BenchSupport.map();
            load.put("before", loadBefore);
            load.put("after", loadAverage());
            results.put("load_average", load);
            Path file = BenchSupport.writeResults("ingest", results);
            printSummary(results);
            System.out.println("results: " + file);
        }
    }

    /**
     * A little of every route, so that measured phases run on compiled code (and the AOT cache sees it all).
     * Its symbols (prefix A) sort before every measured phase's, and the measured prefixes ascend in phase
     * order (BN, BZ, SG; TK), so that each phase appends at the right edge of its table's key index, as
     * its COPY baseline does into an empty table. Warm-up rows sorting after them made every measured
     * row an insert into the middle of the index: about 1 us more per row for PostgreSQL, a cost the
     * baseline never paid.
     */
    void warmUp(String key, String tag, int warmClients) throws Exception {
        int rounds = intEnv("BENCH_WARMUP_CANDLES", 500_000);
        GeneratedMarket.Candles candles = new GeneratedMarket.Candles(rounds, seed + 1);
        post("warm-up candles", "/ingest_batch?details=none", key, candles.jsonBatches("AA" + tag + "_", candleBatch),
                rounds, warmClients);
        post("warm-up candles", "/ingest_batch", key, candles.jsonBatches("AB" + tag + "_", candleBatch), rounds,
                warmClients);
        post("warm-up noop", "/bench/noop", key, candles.jsonBatches("AN" + tag + "_", candleBatch), rounds, warmClients);
        List<byte[]> singles = candles.jsonSingles("AS" + tag + "_", Math.min(rounds, intEnv("BENCH_WARMUP_SINGLES", 10_000)));
        post("warm-up singles", "/ingest", key, singles, singles.size(), 1);
        GeneratedMarket.Ticks ticks = new GeneratedMarket.Ticks(rounds, seed + 1, System.currentTimeMillis() - 60_000);
        post("warm-up ticks", "/ingest/tick?details=none", key, ticks.jsonBatches("AT" + tag + "_", tickBatch), rounds,
                warmClients);
        for (int i = 0; i < 50; i++) {
            expect200(support.get("/candles?symbol=AA" + tag + "_00&timeframe=M1&limit=500", key));
            expect200(support.get("/ticks?symbol=AT" + tag + "_00&limit=500", key));
            expect200(support.get("/health", null));
        }
    }

    private static void expect200(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException(response.uri() + " answered " + response.statusCode() + ": "
                    + abbreviate(response.body()));
        }
    }

    /** Posts every body, {@code clientCount} threads each on its own contiguous share; wall time from first to last. */
    Phase post(String name, String path, String key, List<byte[]> bodies, long items, int clientCount)
            throws InterruptedException {
        long[] latencies = new long[bodies.size()];
        AtomicLong inserted = new AtomicLong();
        AtomicLong duplicates = new AtomicLong();
        AtomicLong rejected = new AtomicLong();
        AtomicInteger failures = new AtomicInteger();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        AtomicInteger counted = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int k = 0; k < clientCount; k++) {
            int from = (int) ((long) k * bodies.size() / clientCount);
            int to = (int) ((long) (k + 1) * bodies.size() / clientCount);
            Thread thread = new Thread(() -> {
                try (PlainHttp http = new PlainHttp(support.baseUrl)) {
                    start.await();
                    for (int i = from; i < to; i++) {
                        long t0 = System.nanoTime();
                        PlainHttp.Response response;
                        try {
                            response = http.post(path, key, bodies.get(i));
                        } catch (java.io.IOException e) {
                            failures.incrementAndGet();
                            firstFailure.compareAndSet(null, e.toString());
                            continue;
                        }
                        latencies[i] = System.nanoTime() - t0;
                        if (response.status() != 200) {
                            failures.incrementAndGet();
                            firstFailure.compareAndSet(null, response.status() + " " + abbreviate(response.body()));
                            continue;
                        }
                        long ins = BenchSupport.jsonLong(response.body(), "inserted");
                        if (ins >= 0) {
                            counted.incrementAndGet();
                            inserted.addAndGet(ins);
                            duplicates.addAndGet(Math.max(0, BenchSupport.jsonLong(response.body(), "duplicates")));
                            rejected.addAndGet(Math.max(0, BenchSupport.jsonLong(response.body(), "rejected")));
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "bench-client-" + k);
            threads.add(thread);
            thread.start();
        }
        double[] cpuBefore = cpuSeconds();
        long t0 = System.nanoTime();
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double[] cpu = since(cpuBefore);
        long bytes = bodies.stream().mapToLong(b -> b.length).sum();
        boolean counts = counted.get() > 0;
        Phase phase = new Phase(name, bodies.size(), items, bytes, seconds, counts ? inserted.get() : -1,
                duplicates.get(), rejected.get(), failures.get(), firstFailure.get(), latencies, cpu);
        log("%-42s %,9d items in %6.2f s = %,9.0f items/s, p50 %6.2f ms, p99 %6.2f ms, CPU us/item app %.1f pg %.1f"
                        + " client %.1f%s", name, items, seconds,
                phase.itemsPerSecond(), BenchSupport.percentileMs(latencies, 50),
                BenchSupport.percentileMs(latencies, 99), cpu[0] * 1e6 / items, cpu[1] * 1e6 / items,
                cpu[2] * 1e6 / items,
                failures.get() > 0 ? ", " + failures.get() + " failed: " + firstFailure.get() : "");
        if (counts && inserted.get() != items && !name.startsWith("warm-up")) {
            log("  note: %,d inserted, %,d duplicates, %,d rejected of %,d", inserted.get(), duplicates.get(),
                    rejected.get(), items);
        }
        return phase;
    }

    /**
     * Pays what earlier phases left behind, so that no phase pays for its predecessor: the vacuum and
     * analyze that autovacuum would otherwise run on their million new rows in the middle of a later
     * phase (it did: the candle COPY table's vacuum ran during the tick COPY baseline and slowed it by
     * 70 %), then a checkpoint for their dirty pages (a million-row phase dirties more than
     * shared_buffers holds). A phase's own autovacuum still counts against it, as it would in production.
     */
    private static void settle(Connection db) throws Exception {
        long t0 = System.nanoTime();
        try (Statement st = db.createStatement()) {
            st.execute("VACUUM (ANALYZE)");
            st.execute("CHECKPOINT");
        }
        log("  settled (vacuum, analyze, checkpoint) in %.1f s", (System.nanoTime() - t0) / 1e9);
    }

    /** COPY into a fresh table LIKE the real one (same keys and constraints), in one statement and transaction. */
    private Phase copy(Connection db, String table, String like, String columns, byte[] csv, long rows)
            throws Exception {
        try (Statement st = db.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + table);
            st.execute("CREATE TABLE " + table + " (LIKE " + like + " INCLUDING ALL)");
        }
        settle(db);
        double[] cpuBefore = cpuSeconds();
        long t0 = System.nanoTime();
        long copied = db.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY " + table + " (" + columns + ") FROM STDIN WITH (FORMAT csv)",
                        new ByteArrayInputStream(csv), 65536);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double[] cpu = since(cpuBefore);
        if (copied != rows) {
            throw new IllegalStateException("COPY stored " + copied + " rows, expected " + rows);
        }
        log("%-42s %,9d rows  in %6.2f s = %,9.0f rows/s, CPU us/row pg %.1f client %.1f", "COPY into " + table, rows,
                seconds, rows / seconds, cpu[1] * 1e6 / rows, cpu[2] * 1e6 / rows);
        return new Phase("COPY into " + table, 1, rows, csv.length, seconds, -1, 0, 0, 0, null, new long[0], cpu);
    }

    /** CPU seconds so far of [the app's JVM, PostgreSQL, this load generator]. */
    private static double[] cpuSeconds() {
        long appPid = Long.parseLong(BenchSupport.env("APP_PID", "-1"));
        return new double[] {appPid > 0 ? ProcessStats.cpuSeconds(appPid) : 0,
                Math.max(0, ProcessStats.postgresCpuSeconds(Path.of(BenchSupport.env("APP_DATA", "."), "pg"))),
                ProcessStats.cpuSeconds(ProcessHandle.current().pid())};
    }

    private static double[] since(double[] before) {
        double[] now = cpuSeconds();
        return new double[] {now[0] - before[0], now[1] - before[1], now[2] - before[2]};
    }

    private static Map<String, Object> databaseSettings(Connection db) throws Exception {
        Map<String, Object> m = BenchSupport.map();
        try (Statement st = db.createStatement()) {
            for (String setting : List.of("server_version", "synchronous_commit", "fsync", "wal_sync_method",
                    "shared_buffers")) {
                try (ResultSet rs = st.executeQuery("SHOW " + setting)) {
                    rs.next();
                    m.put(setting, rs.getString(1));
                }
            }
        }
        if (!"on".equals(m.get("synchronous_commit"))) {
            throw new IllegalStateException("synchronous_commit is " + m.get("synchronous_commit")
                    + ": the figures would not be for durable commits");
        }
        return m;
    }

    private static Map<String, Object> machine() {
        Map<String, Object> m = BenchSupport.map();
        m.put("nproc", Runtime.getRuntime().availableProcessors());
        m.put("cpu", procLine("/proc/cpuinfo", "model name"));
        m.put("mem_total", procLine("/proc/meminfo", "MemTotal"));
        m.put("java_version", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("app_jvm_options", BenchSupport.env("APP_JVM_OPTIONS", ""));
        m.put("jar_layout", BenchSupport.env("BENCH_JAR_LAYOUT", ""));
        return m;
    }

    /** Start-up figures measured by bench/ingest.sh (one line per JVM option set). */
    private static List<Map<String, Object>> startupVariants() throws Exception {
        String file = BenchSupport.env("BENCH_STARTUP_TSV", "");
        List<Map<String, Object>> variants = new ArrayList<>();
        if (file.isEmpty() || !Files.exists(Path.of(file))) {
            return variants;
        }
        String recommended = BenchSupport.env("BENCH_RECOMMENDED_VARIANT", "");
        for (String line : Files.readAllLines(Path.of(file))) {
            String[] f = line.split("\t", -1);
            if (f.length < 6) {
                continue;
            }
            Map<String, Object> m = BenchSupport.map();
            m.put("variant", f[0]);
            m.put("jvm_options", f[1]);
            m.put("first_200_ms", Long.parseLong(f[2]));
            m.put("jvm_idle_rss_mb", Long.parseLong(f[3]) / 1024.0);
            m.put("jvm_rss_after_warmup_mb", Long.parseLong(f[4]) / 1024.0);
            m.put("postgres_pss_mb", Long.parseLong(f[5]) / 1024.0);
            if (f.length >= 8) {
                m.put("jvm_rss_3s_after_first_200_mb", Long.parseLong(f[6]) / 1024.0);
                m.put("idle_after_s", Long.parseLong(f[7]));
            }
            if (f.length >= 9) {
                m.put("first_200_ms_each_start", Arrays.stream(f[8].split(",")).map(Long::parseLong).toList());
            }
            if (f.length >= 10) {
                m.put("idle_rss_read_ms_after_first_200", Long.parseLong(f[9]));
            }
            m.put("recommended", f[0].equals(recommended));
            variants.add(m);
        }
        return variants;
    }

    private static final double RSS_TARGET_MB = 200.0;
    private static final long FIRST_200_TARGET_MS = 2000;

    private static boolean idleRssMet(Map<String, Object> variant) {
        return (Double) variant.get("jvm_idle_rss_mb") <= RSS_TARGET_MB;
    }

    private static boolean first200Met(Map<String, Object> variant) {
        return (Long) variant.get("first_200_ms") <= FIRST_200_TARGET_MS;
    }

    private Map<String, Object> targets(Phase batchNone, Phase batchAll, double copyRate, Phase ticks,
            double tickCopyRate, Phase single, List<Map<String, Object>> startup) {
        Map<String, Object> t = BenchSupport.map();
        t.put("batch_candles_details_none_ge_50pct_of_copy", batchNone.itemsPerSecond() >= 0.5 * copyRate);
        t.put("batch_candles_details_all_ge_50pct_of_copy", batchAll.itemsPerSecond() >= 0.5 * copyRate);
        t.put("ticks_ge_50pct_of_copy", ticks.itemsPerSecond() >= 0.5 * tickCopyRate);
        t.put("single_p99_le_5ms", BenchSupport.percentileMs(single.latencies(), 99) <= 5.0);
        t.put("single_ge_1200_per_s", single.requests() / single.seconds() >= 1200);
        for (Map<String, Object> variant : startup) {
            if (Boolean.TRUE.equals(variant.get("recommended"))) {
                t.put("idle_rss_le_200mb", idleRssMet(variant));
                t.put("rss_after_warmup_le_200mb", (Double) variant.get("jvm_rss_after_warmup_mb") <= RSS_TARGET_MB);
                t.put("first_200_le_2s", first200Met(variant));
            }
        }
        // The start-up targets hold for an option set only if both do: name the sets for which they do.
        List<Object> bothStartupTargets = new ArrayList<>();
        for (Map<String, Object> variant : startup) {
            if (idleRssMet(variant) && first200Met(variant)) {
                bothStartupTargets.add(variant.get("variant"));
            }
        }
        if (!startup.isEmpty()) {
            t.put("variants_with_idle_rss_le_200mb_and_first_200_le_2s", bothStartupTargets);
        }
        t.put("no_failed_requests", batchNone.failures() + batchAll.failures() + ticks.failures() + single.failures() == 0);
        t.put("all_items_inserted", batchNone.inserted() == batchNone.items() && batchAll.inserted() == batchAll.items()
                && ticks.inserted() == ticks.items() && single.inserted() == single.items());
        return t;
    }

    @SuppressWarnings("unchecked")
    private static void printSummary(Map<String, Object> r) {
        Map<String, Object> c = (Map<String, Object>) r.get("candles");
        Map<String, Object> t = (Map<String, Object>) r.get("ticks");
        Map<String, Object> s = (Map<String, Object>) r.get("single_candles");
        Map<String, Object> n = (Map<String, Object>) r.get("n");
        System.out.println();
        System.out.printf(Locale.ROOT, "== Ingest benchmark %s  (%s cores, %s)%n", r.get("date"),
                ((Map<String, Object>) r.get("machine")).get("nproc"),
                ((Map<String, Object>) r.get("machine")).get("java_version"));
        System.out.printf(Locale.ROOT, "   N: %,d candles (batches of %s, %s clients), %,d ticks (batches of %s), %,d singles%n",
                n.get("candles"), n.get("candle_batch"), n.get("clients"), n.get("ticks"), n.get("tick_batch"),
                n.get("single_candles"));
        System.out.printf(Locale.ROOT, "   durable: synchronous_commit=%s fsync=%s%n",
                ((Map<String, Object>) r.get("database")).get("synchronous_commit"),
                ((Map<String, Object>) r.get("database")).get("fsync"));
        System.out.printf(Locale.ROOT, "   %-38s %12s %8s %8s %8s   %s%n", "", "items/s", "of COPY", "p50 ms", "p99 ms",
                "CPU us/item: app, postgres, client");
        row("candles: raw COPY", (Map<String, Object>) c.get("copy"));
        row("candles: /bench/noop (transport only)", (Map<String, Object>) c.get("noop_route"));
        row("candles: /ingest_batch details=none", (Map<String, Object>) c.get("ingest_batch_details_none"));
        row("candles: /ingest_batch details=all", (Map<String, Object>) c.get("ingest_batch_details_all"));
        row("ticks: raw COPY", (Map<String, Object>) t.get("copy"));
        row("ticks: /bench/noop (transport only)", (Map<String, Object>) t.get("noop_route"));
        row("ticks: /ingest/tick details=none", (Map<String, Object>) t.get("ingest_tick_details_none"));
        System.out.printf(Locale.ROOT, "   single candles, 1 sequential client: %,.0f req/s, p50 %.2f / p95 %.2f / p99 %.2f ms"
                        + " (noop route: %,.0f req/s, p99 %.2f ms)%n",
                s.get("requests_per_s"), s.get("latency_p50_ms"), s.get("latency_p95_ms"), s.get("latency_p99_ms"),
                ((Map<String, Object>) s.get("noop_route")).get("requests_per_s"),
                ((Map<String, Object>) s.get("noop_route")).get("latency_p99_ms"));
        Map<String, Object> mem = (Map<String, Object>) r.get("memory_after_run");
        System.out.printf(Locale.ROOT, "   after the run, idle: JVM RSS %.0f MB, PostgreSQL PSS %.0f MB (%s)%n",
                mem.get("jvm_rss_mb"), mem.get("postgres_pss_mb"), mem.get("jvm_options"));
        Object startup = r.get("startup");
        if (startup instanceof List<?> variants) {
            System.out.printf(Locale.ROOT, "   %-19s %-72s %9s %9s %9s %9s %8s%n", "start-up", "JVM options", "1st 200",
                    "RSS 3 s", "RSS idle", "RSS warm", "PG PSS");
            for (Object o : variants) {
                Map<String, Object> v = (Map<String, Object>) o;
                Object early = v.getOrDefault("jvm_rss_3s_after_first_200_mb", Double.NaN);
                System.out.printf(Locale.ROOT, "   %-19s %-72s %6d ms %6.0f MB %6.0f MB %6.0f MB %5.0f MB%s%n",
                        v.get("variant"), v.get("jvm_options"), v.get("first_200_ms"), early, v.get("jvm_idle_rss_mb"),
                        v.get("jvm_rss_after_warmup_mb"), v.get("postgres_pss_mb"),
                        Boolean.TRUE.equals(v.get("recommended")) ? "  <- recommended" : "");
            }
        }
        System.out.println("   targets: " + r.get("targets"));
        System.out.println("   load average before/after: " + ((Map<String, Object>) r.get("load_average")).get("before")
                + " / " + ((Map<String, Object>) r.get("load_average")).get("after"));
    }

    private static void row(String label, Map<String, Object> m) {
        Object rate = m.get("items_per_s");
        Object ratio = m.get("ratio_to_copy");
        @SuppressWarnings("unchecked")
        Map<String, Object> cpu = (Map<String, Object>) m.get("cpu_us_per_item");
        System.out.printf(Locale.ROOT, "   %-38s %,12.0f %8s %8s %8s   %5.1f %5.1f %5.1f%n", label, rate,
                ratio == null ? "100 %" : String.format(Locale.ROOT, "%.0f %%", 100 * (Double) ratio),
                m.containsKey("latency_p50_ms") ? String.format(Locale.ROOT, "%.2f", m.get("latency_p50_ms")) : "",
                m.containsKey("latency_p99_ms") ? String.format(Locale.ROOT, "%.2f", m.get("latency_p99_ms")) : "",
                cpu.get("app"), cpu.get("postgres"), cpu.get("client"));
    }

    /** [JVM RSS kB, PostgreSQL PSS kB] of the app named by APP_PID and APP_DATA (from bench/lib.sh). */
    static long[] memory() {
        long pid = Long.parseLong(BenchSupport.env("APP_PID", "-1"));
        Path pgDir = Path.of(BenchSupport.env("APP_DATA", "."), "pg");
        return new long[] {pid > 0 ? ProcessStats.rssKb(pid) : -1, ProcessStats.postgresPssKb(pgDir)};
    }

    /** Distinguishes this run's symbols from those of earlier runs on a kept data directory. */
    static String runTag() {
        return Long.toString(System.currentTimeMillis() / 1000 % 60_466_176L, 36).toUpperCase(Locale.ROOT);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static String procLine(String file, String key) {
        try {
            for (String line : Files.readAllLines(Path.of(file))) {
                if (line.startsWith(key)) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (java.io.IOException e) {
            // not Linux
        }
        return "";
    }

    private static int intEnv(String name, int fallback) {
        return Integer.parseInt(BenchSupport.env(name, Integer.toString(fallback)));
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    private static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[ingest-bench] " + format + "%n", args);
    }
}
