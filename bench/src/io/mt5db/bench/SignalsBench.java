package io.mt5db.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Signal queue under EA load: BENCH_ACCOUNTS accounts (each its own bound key, one poller) poll
 * /signals/next every BENCH_POLL_MS and ack what they get, while an admin creates
 * BENCH_SIGNALS_PER_S broadcast signals for BENCH_DURATION_S seconds. Delivery latency is measured
 * client side: from the creation response to the poll response that brought the signal to an account.
 */
public final class SignalsBench {

    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");
    private static final Pattern ATTEMPT = Pattern.compile("\"delivery_attempt\":(\\d+)");
    private static final String[] SYMBOLS = {"EURUSD", "GBPUSD", "USDJPY", "XAUUSD"};

    private record Seen(String id, long atNanos, int attempt) {
    }

    public static void main(String[] args) throws Exception {
        BenchSupport bench = new BenchSupport();
        int accounts = Integer.parseInt(BenchSupport.env("BENCH_ACCOUNTS", "50"));
        int pollMs = Integer.parseInt(BenchSupport.env("BENCH_POLL_MS", "100"));
        int signalsPerSecond = Integer.parseInt(BenchSupport.env("BENCH_SIGNALS_PER_S", "10"));
        int durationS = Integer.parseInt(BenchSupport.env("BENCH_DURATION_S", "60"));
        int pollLimit = Integer.parseInt(BenchSupport.env("BENCH_POLL_LIMIT", "5"));
        String symbolList = String.join(",", SYMBOLS);

        List<String> keys = new ArrayList<>();
        for (int a = 0; a < accounts; a++) {
            keys.add(bench.createKey("bench-ea-" + a, "[\"signals\"]", account(a)));
        }

        warmUp(bench, keys);
        // The same load, unmeasured, so that the measured minute sees a server past its JIT warm-up, as
        // an EA fleet polling all day does.
        int warmupS = Integer.parseInt(BenchSupport.env("BENCH_WARMUP_S", "60"));
        if (warmupS > 0) {
            Phase warmup = runLoad(bench, keys, pollMs, signalsPerSecond, warmupS, pollLimit, symbolList);
            System.out.printf("  warm-up: %d s of the same load, %d errors%n", warmupS, warmup.errors().get());
        }
        String loadAtStart = loadAverage();
        double appCpuAtStart = cpuSeconds(BenchSupport.env("APP_PID", ""));
        double dbCpuAtStart = cpuSeconds(BenchSupport.env("BENCH_PG_PID", ""));
        Phase phase = runLoad(bench, keys, pollMs, signalsPerSecond, durationS, pollLimit, symbolList);
        Map<String, Long> createdAt = phase.createdAt();
        Map<String, Long> requestedAt = phase.requestedAt();
        List<Long> createNanos = phase.createNanos();
        List<List<Seen>> seenByAccount = phase.seenByAccount();
        List<List<Long>> pollNanosByAccount = phase.pollNanosByAccount();
        List<List<Long>> ackNanosByAccount = phase.ackNanosByAccount();
        AtomicLong errors = phase.errors();
        double elapsedS = phase.elapsedS();
        double appCpu = cpuSeconds(BenchSupport.env("APP_PID", "")) - appCpuAtStart;
        double dbCpu = cpuSeconds(BenchSupport.env("BENCH_PG_PID", "")) - dbCpuAtStart;

        List<Long> delivery = new ArrayList<>();
        List<Long> deliveryFromRequest = new ArrayList<>();
        long beforeCreateResponse = 0;
        long redeliveries = 0;
        long duplicates = 0;
        long missing = 0;
        for (List<Seen> seen : seenByAccount) {
            Map<String, Integer> counts = new HashMap<>();
            for (Seen s : seen) {
                if (s.attempt() > 1) {
                    redeliveries++;
                    continue;
                }
                if (counts.merge(s.id(), 1, Integer::sum) > 1) {
                    duplicates++;
                    continue;
                }
                Long created = createdAt.get(s.id());
                if (created == null) {
                    continue;
                }
                long latency = s.atNanos() - created;
                if (latency < 0) {
                    beforeCreateResponse++;
                    latency = 0;
                }
                delivery.add(latency);
                deliveryFromRequest.add(s.atNanos() - requestedAt.get(s.id()));
            }
            for (String id : createdAt.keySet()) {
                if (!counts.containsKey(id)) {
                    missing++;
                }
            }
        }
        long[] deliveryNanos = toArray(delivery);
        long[] pollNanos = toArray(pollNanosByAccount.stream().flatMap(List::stream).toList());
        long[] ackNanos = toArray(ackNanosByAccount.stream().flatMap(List::stream).toList());
        long[] createLatency = toArray(createNanos);

        Map<String, Object> results = BenchSupport.map();
        Map<String, Object> config = BenchSupport.map();
        config.put("accounts", accounts);
        config.put("poll_interval_ms", pollMs);
        config.put("poll_limit", pollLimit);
        config.put("signals_per_second", signalsPerSecond);
        config.put("duration_s", durationS);
        config.put("warmup_s", warmupS);
        config.put("cpus", Runtime.getRuntime().availableProcessors());
        // Other processes share the machine; the load average says how much.
        config.put("load_average_at_start", loadAtStart);
        config.put("load_average_at_end", loadAverage());
        results.put("config", config);
        Map<String, Object> counts = BenchSupport.map();
        counts.put("signals_created", createdAt.size());
        counts.put("deliveries_expected", (long) createdAt.size() * accounts);
        counts.put("first_deliveries", deliveryNanos.length);
        counts.put("missing", missing);
        counts.put("duplicate_first_deliveries", duplicates);
        counts.put("redeliveries", redeliveries);
        counts.put("delivered_before_create_response", beforeCreateResponse);
        counts.put("polls", pollNanos.length);
        counts.put("polls_per_second", pollNanos.length / elapsedS);
        counts.put("acks", ackNanos.length);
        counts.put("errors", errors.get());
        results.put("counts", counts);
        // From the creation response (the brief's definition; deliveries seen before it count as 0) and,
        // as an upper bound, from the creation request.
        results.put("delivery_latency_ms", latencies(deliveryNanos));
        results.put("delivery_latency_from_create_request_ms", latencies(toArray(deliveryFromRequest)));
        results.put("poll_latency_ms", latencies(pollNanos));
        results.put("ack_latency_ms", latencies(ackNanos));
        results.put("create_latency_ms", latencies(createLatency));
        String metrics = bench.get("/metrics", null).body();
        Map<String, Object> server = BenchSupport.map();
        server.put("delivery_latency_mean_ms", mean(metrics, "signal_delivery_latency_seconds", ""));
        server.put("poll_latency_mean_ms", mean(metrics, "ingest_latency_seconds", NEXT_ROUTE));
        server.put("poll_latency_p99_bucket_ms", p99Bucket(metrics, "ingest_latency_seconds", NEXT_ROUTE));
        long requests = (long) pollNanos.length + ackNanos.length + createLatency.length;
        // CPU time is what the machine's other tenants do not distort: it says what a poll costs.
        server.put("app_cpu_s", appCpu);
        server.put("db_cpu_s", dbCpu);
        server.put("cpu_ms_per_request", requests == 0 ? Double.NaN : (appCpu + dbCpu) * 1000 / requests);
        results.put("server", server);
        java.nio.file.Path file = BenchSupport.writeResults("signals", results);

        System.out.printf("signals bench: %d accounts polling every %d ms, %d signals/s for %d s%n", accounts, pollMs,
                signalsPerSecond, durationS);
        System.out.printf("  created %d, first deliveries %d of %d, missing %d, duplicates %d, redeliveries %d, errors %d%n",
                createdAt.size(), deliveryNanos.length, (long) createdAt.size() * accounts, missing, duplicates,
                redeliveries, errors.get());
        long[] fromRequest = toArray(deliveryFromRequest);
        System.out.printf("  delivery latency p50 %.1f ms, p99 %.1f ms, max %.1f ms (from the create request: p50 %.1f,"
                + " p99 %.1f)%n", BenchSupport.percentileMs(deliveryNanos, 50), BenchSupport.percentileMs(deliveryNanos, 99),
                BenchSupport.percentileMs(deliveryNanos, 100), BenchSupport.percentileMs(fromRequest, 50),
                BenchSupport.percentileMs(fromRequest, 99));
        System.out.printf("  poll latency p50 %.2f ms, p99 %.2f ms (%.0f polls/s); ack p99 %.2f ms; create p99 %.2f ms%n",
                BenchSupport.percentileMs(pollNanos, 50), BenchSupport.percentileMs(pollNanos, 99),
                pollNanos.length / elapsedS, BenchSupport.percentileMs(ackNanos, 99),
                BenchSupport.percentileMs(createLatency, 99));
        System.out.printf("  server CPU %.1f s app + %.1f s database = %.2f ms per request (%d requests)%n", appCpu, dbCpu,
                (appCpu + dbCpu) * 1000 / Math.max(1, requests), requests);
        System.out.println("  results: " + file);
        if (missing > 0 || duplicates > 0) {
            System.exit(1);
        }
    }

    /** What one load phase collected (client clock, nanoTime). */
    private record Phase(Map<String, Long> createdAt, Map<String, Long> requestedAt, List<Long> createNanos,
            List<List<Seen>> seenByAccount, List<List<Long>> pollNanosByAccount, List<List<Long>> ackNanosByAccount,
            AtomicLong errors, double elapsedS) {
    }

    /** Pollers and the producer for {@code durationS} seconds, then until the pollers collected the last signals. */
    private static Phase runLoad(BenchSupport bench, List<String> keys, int pollMs, int signalsPerSecond, int durationS,
            int pollLimit, String symbolList) throws Exception {
        int accounts = keys.size();
        Map<String, Long> createdAt = new ConcurrentHashMap<>();
        Map<String, Long> requestedAt = new ConcurrentHashMap<>();
        List<Long> createNanos = new ArrayList<>();
        List<List<Seen>> seenByAccount = new ArrayList<>();
        List<List<Long>> pollNanosByAccount = new ArrayList<>();
        List<List<Long>> ackNanosByAccount = new ArrayList<>();
        for (int a = 0; a < accounts; a++) {
            seenByAccount.add(new ArrayList<>());
            pollNanosByAccount.add(new ArrayList<>());
            ackNanosByAccount.add(new ArrayList<>());
        }
        AtomicBoolean producing = new AtomicBoolean(true);
        AtomicBoolean polling = new AtomicBoolean(true);
        AtomicLong errors = new AtomicLong();

        ExecutorService pool = Executors.newFixedThreadPool(accounts + 1);
        for (int a = 0; a < accounts; a++) {
            int account = a;
            pool.submit(() -> {
                List<Seen> seen = seenByAccount.get(account);
                List<Long> polls = pollNanosByAccount.get(account);
                List<Long> acks = ackNanosByAccount.get(account);
                String key = keys.get(account);
                try (PlainHttp http = new PlainHttp(bench.baseUrl)) {
                    // Spread the pollers over the interval, as independent EAs would be.
                    long next = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos((long) pollMs * account / accounts);
                    while (polling.get()) {
                        sleepUntil(next);
                        next += TimeUnit.MILLISECONDS.toNanos(pollMs);
                        try {
                            long start = System.nanoTime();
                            PlainHttp.Response response = http.get("/signals/next?symbols=" + symbolList + "&limit="
                                    + pollLimit, key);
                            long end = System.nanoTime();
                            polls.add(end - start);
                            if (response.status() != 200) {
                                errors.incrementAndGet();
                                continue;
                            }
                            Matcher m = ID.matcher(response.body());
                            List<String> ids = new ArrayList<>();
                            while (m.find()) {
                                ids.add(m.group(1));
                            }
                            Matcher attempts = ATTEMPT.matcher(response.body());
                            for (String id : ids) {
                                seen.add(new Seen(id, end, attempts.find() ? Integer.parseInt(attempts.group(1)) : 1));
                            }
                            for (String id : ids) {
                                long ackStart = System.nanoTime();
                                PlainHttp.Response ack = http.post("/signals/ack", key,
                                        "{\"id\":\"" + id + "\",\"status\":\"FILLED\",\"ts_exec\":\"" + java.time.Instant.now() + "\"}");
                                acks.add(System.nanoTime() - ackStart);
                                if (ack.status() != 200) {
                                    errors.incrementAndGet();
                                }
                            }
                        } catch (Exception e) {
                            errors.incrementAndGet();
                        }
                    }
                }
                return null;
            });
        }

        long benchStart = System.nanoTime();
        pool.submit(() -> {
            long interval = TimeUnit.SECONDS.toNanos(1) / signalsPerSecond;
            long next = System.nanoTime();
            long end = next + TimeUnit.SECONDS.toNanos(durationS);
            int n = 0;
            try (PlainHttp http = new PlainHttp(bench.baseUrl)) {
                while (System.nanoTime() < end) {
                    sleepUntil(next);
                    next += interval;
                    String symbol = SYMBOLS[n++ % SYMBOLS.length];
                    try {
                        long start = System.nanoTime();
                        PlainHttp.Response response = http.post("/signals", bench.adminKey, "{\"symbol\":\"" + symbol
                                + "\",\"timeframe\":\"M1\",\"side\":\"" + (n % 2 == 0 ? "BUY" : "SELL")
                                + "\",\"confidence\":0.7,\"sl_pips\":15,\"tp_pips\":30,\"ttl_sec\":60}");
                        long done = System.nanoTime();
                        if (response.status() != 201) {
                            errors.incrementAndGet();
                            continue;
                        }
                        createNanos.add(done - start);
                        String id = BenchSupport.jsonString(response.body(), "id");
                        createdAt.put(id, done);
                        requestedAt.put(id, start);
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }
            }
            producing.set(false);
            return null;
        });

        while (producing.get()) {
            Thread.sleep(100);
        }
        // Let the pollers collect what was created last.
        Thread.sleep(Math.max(2000, 3L * pollMs));
        polling.set(false);
        pool.shutdown();
        if (!pool.awaitTermination(60, TimeUnit.SECONDS)) {
            pool.shutdownNow();
        }
        double elapsedS = (System.nanoTime() - benchStart) / 1e9;
        return new Phase(createdAt, requestedAt, createNanos, seenByAccount, pollNanosByAccount, ackNanosByAccount,
                errors, elapsedS);
    }

    /** JIT warm-up on a symbol the measured polls do not ask for: creates, polls and acks, untimed. */
    private static void warmUp(BenchSupport bench, List<String> keys) throws Exception {
        for (int i = 0; i < 20; i++) {
            bench.post("/signals", bench.adminKey, "{\"symbol\":\"WARMUP\",\"timeframe\":\"M1\",\"side\":\"BUY\",\"ttl_sec\":30}");
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (String key : keys) {
            pool.submit(() -> {
                for (int i = 0; i < 10; i++) {
                    Matcher m = ID.matcher(bench.get("/signals/next?symbols=WARMUP&limit=2", key).body());
                    while (m.find()) {
                        bench.post("/signals/ack", key, "{\"id\":\"" + m.group(1) + "\",\"status\":\"SKIPPED\"}");
                    }
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(120, TimeUnit.SECONDS);
    }

    private static String account(int index) {
        return "bench-" + (50_000_000 + index);
    }

    private static Map<String, Object> latencies(long[] nanos) {
        Map<String, Object> m = BenchSupport.map();
        m.put("p50", BenchSupport.percentileMs(nanos, 50));
        m.put("p90", BenchSupport.percentileMs(nanos, 90));
        m.put("p99", BenchSupport.percentileMs(nanos, 99));
        m.put("max", BenchSupport.percentileMs(nanos, 100));
        return m;
    }

    private static final String NEXT_ROUTE = "route=\"/signals/next\"";

    /** Mean of a Prometheus timer from its _sum and _count, in ms; {@code labels} selects the series. */
    private static double mean(String metrics, String name, String labels) {
        double sum = Double.NaN;
        double count = Double.NaN;
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + "_sum") && line.contains(labels)) {
                sum = value(line);
            } else if (line.startsWith(name + "_count") && line.contains(labels)) {
                count = value(line);
            }
        }
        return count > 0 ? sum / count * 1000 : Double.NaN;
    }

    /** The upper bound (ms) of the histogram bucket holding the 99th percentile. */
    private static double p99Bucket(String metrics, String name, String labels) {
        List<double[]> buckets = new ArrayList<>();
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + "_bucket") && line.contains(labels)) {
                Matcher le = Pattern.compile("le=\"([^\"]+)\"").matcher(line);
                if (le.find() && !le.group(1).equals("+Inf")) {
                    buckets.add(new double[] {Double.parseDouble(le.group(1)), value(line)});
                }
            }
        }
        buckets.sort((a, b) -> Double.compare(a[0], b[0]));
        double total = buckets.isEmpty() ? 0 : buckets.get(buckets.size() - 1)[1];
        for (double[] bucket : buckets) {
            if (bucket[1] >= 0.99 * total) {
                return bucket[0] * 1000;
            }
        }
        return Double.NaN;
    }

    private static double value(String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    /**
     * CPU seconds a process and its children used so far (Linux /proc): utime + stime + the times of
     * exited children, plus the live children (PostgreSQL's backends are children of the postmaster).
     */
    private static double cpuSeconds(String pid) {
        if (pid.isEmpty()) {
            return Double.NaN;
        }
        double ticks = Double.parseDouble(BenchSupport.env("BENCH_CLK_TCK", "100"));
        try {
            long total = 0;
            long[] own = procTimes(java.nio.file.Path.of("/proc", pid, "stat"));
            total += own[1] + own[2] + own[3] + own[4];
            try (java.nio.file.DirectoryStream<java.nio.file.Path> procs =
                    java.nio.file.Files.newDirectoryStream(java.nio.file.Path.of("/proc"), "[0-9]*")) {
                for (java.nio.file.Path proc : procs) {
                    long[] t = procTimes(proc.resolve("stat"));
                    if (t != null && Long.toString(t[0]).equals(pid)) {
                        total += t[1] + t[2];
                    }
                }
            }
            return total / ticks;
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    /** {ppid, utime, stime, cutime, cstime} from /proc/PID/stat, or null when the process is gone. */
    private static long[] procTimes(java.nio.file.Path stat) {
        try {
            String text = java.nio.file.Files.readString(stat);
            String[] f = text.substring(text.lastIndexOf(')') + 2).split(" ");
            // after the command: state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14)
            return new long[] {Long.parseLong(f[1]), Long.parseLong(f[11]), Long.parseLong(f[12]),
                Long.parseLong(f[13]), Long.parseLong(f[14])};
        } catch (Exception e) {
            return null;
        }
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static long[] toArray(List<Long> values) {
        long[] array = new long[values.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = values.get(i);
        }
        return array;
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
