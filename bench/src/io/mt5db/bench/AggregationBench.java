package io.mt5db.bench;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Phases (bench/aggregation.sh runs them against freshly started apps):
 * <ul>
 * <li>{@code freshness}: senders post ticks at a fixed total rate over several symbols while a probe
 * posts one tick at a time on its own symbol, each at a new price, and polls GET /latest for M1 and
 * every roll-up until the candle's close is that price; the delay is measured from the probe's 200.
 * <li>{@code load}: posts CATCHUP_TICKS ticks of history across CATCHUP_SYMBOLS symbols (jobs off).
 * <li>{@code catchup}: with the jobs on, polls /stats until the aggregator and roll-up queues are
 * empty, checks the M1 candle counts, and writes the results file with every phase's figures.
 * </ul>
 */
public final class AggregationBench {

    private static final String[] TIMEFRAMES = {"M1", "M5", "M15", "M30", "H1", "H4", "D1", "W1", "MN1"};
    private static final Pattern CLOSE = Pattern.compile("\"close\":([0-9.Ee+-]+)");
    private static final Pattern JOB = Pattern.compile("\"job\":\"([a-z-]+)\",\"lag_seconds\":[0-9.Ee+-]+,\"pending\":(true|false)");

    private final BenchSupport bench = new BenchSupport();
    private final Properties state = new Properties();
    private final Path statePath = Path.of(BenchSupport.env("BENCH_STATE", "target/bench/aggregation-state.properties"));

    public static void main(String[] args) throws Exception {
        AggregationBench b = new AggregationBench();
        b.loadState();
        switch (args.length == 0 ? "" : args[0]) {
            case "freshness" -> b.freshness();
            case "load" -> b.load();
            case "catchup" -> b.catchup();
            default -> throw new IllegalArgumentException("phase: freshness | load | catchup");
        }
        b.saveState();
    }

    private static int intEnv(String name, int fallback) {
        return Integer.parseInt(BenchSupport.env(name, Integer.toString(fallback)));
    }

    // ---- freshness -------------------------------------------------------------------------------

    private void freshness() throws Exception {
        int rate = intEnv("FRESH_RATE", 20_000);
        int seconds = intEnv("FRESH_SECONDS", 60);
        int symbols = intEnv("FRESH_SYMBOLS", 10);
        int senders = intEnv("FRESH_SENDERS", 6);
        int batch = intEnv("FRESH_BATCH", 500);
        String key = bench.createKey("aggregation-fresh", "[\"ingest\",\"read\"]", null);

        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long batchNanos = (long) (batch * 1e9 / rate);
        AtomicLong sent = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        List<Long> ingestLatencies = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(senders + 1);
        List<Future<?>> futures = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            int sender = s;
            futures.add(pool.submit(() -> {
                Random random = new Random(sender);
                double[] price = new double[symbols];
                java.util.Arrays.fill(price, 1.1);
                for (long k = 0; ; k++) {
                    long due = start + (k * senders + sender) * batchNanos;
                    if (due >= end) {
                        return null;
                    }
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    int symbol = (int) ((k * senders + sender) % symbols);
                    String body = ticks("FRESH" + symbol, batch, System.currentTimeMillis(), price, symbol, random);
                    long t0 = System.nanoTime();
                    HttpResponse<String> r = bench.post("/ingest/tick?details=none", key, body);
                    ingestLatencies.add(System.nanoTime() - t0);
                    if (r.statusCode() == 200) {
                        sent.addAndGet(batch);
                    } else {
                        failed.incrementAndGet();
                    }
                }
            }));
        }
        Future<List<long[]>> probes = pool.submit(() -> probe(key, end));
        for (Future<?> f : futures) {
            f.get();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        List<long[]> delays = probes.get();
        pool.shutdown();

        long[] all = delays.stream().mapToLong(d -> java.util.Arrays.stream(d).max().orElse(0)).toArray();
        long[] m1 = delays.stream().mapToLong(d -> d[0]).toArray();
        long[] latencies = ingestLatencies.stream().mapToLong(Long::longValue).toArray();
        put("fresh.target_ticks_per_s", rate);
        put("fresh.duration_s", seconds);
        put("fresh.symbols", symbols);
        put("fresh.achieved_ticks_per_s", Math.round(sent.get() / elapsed));
        put("fresh.failed_requests", failed.get());
        put("fresh.ingest_p50_ms", BenchSupport.percentileMs(latencies, 50));
        put("fresh.ingest_p95_ms", BenchSupport.percentileMs(latencies, 95));
        put("fresh.probes", all.length);
        put("fresh.visible_all_timeframes_p50_ms", BenchSupport.percentileMs(all, 50));
        put("fresh.visible_all_timeframes_p95_ms", BenchSupport.percentileMs(all, 95));
        put("fresh.visible_all_timeframes_max_ms", BenchSupport.percentileMs(all, 100));
        put("fresh.visible_m1_p50_ms", BenchSupport.percentileMs(m1, 50));
        put("fresh.visible_m1_p95_ms", BenchSupport.percentileMs(m1, 95));
        System.out.printf(Locale.ROOT, "freshness: %.0f ticks/s for %.0f s; visible in every timeframe p50 %.0f ms,"
                + " p95 %.0f ms (%d probes)%n", sent.get() / elapsed, elapsed,
                BenchSupport.percentileMs(all, 50), BenchSupport.percentileMs(all, 95), all.length);
    }

    /** One probe after another until the load ends: delay (ns) until each timeframe shows the probe's price. */
    private List<long[]> probe(String key, long end) throws Exception {
        List<long[]> delays = new ArrayList<>();
        Thread.sleep(3000); // let the load reach its rate first
        for (int k = 1; System.nanoTime() < end; k++) {
            long begin = System.nanoTime();
            String price = String.format(Locale.ROOT, "%.5f", 2.0 + k * 0.00001);
            String body = "{\"ticks\":[{\"symbol\":\"PROBE\",\"ts_msc\":" + System.currentTimeMillis() + ",\"bid\":" + price
                    + ",\"ask\":" + price + "}]}";
            if (bench.post("/ingest/tick", key, body).statusCode() != 200) {
                throw new IllegalStateException("probe tick refused");
            }
            long posted = System.nanoTime();
            long[] seen = new long[TIMEFRAMES.length];
            int missing = TIMEFRAMES.length;
            while (missing > 0 && System.nanoTime() - posted < 30_000_000_000L) {
                for (int i = 0; i < TIMEFRAMES.length; i++) {
                    if (seen[i] == 0) {
                        HttpResponse<String> r = bench.get("/latest?symbol=PROBE&timeframe=" + TIMEFRAMES[i], key);
                        Matcher m = CLOSE.matcher(r.body());
                        if (r.statusCode() == 200 && m.find() && Math.abs(Double.parseDouble(m.group(1))
                                - Double.parseDouble(price)) < 1e-9) {
                            seen[i] = System.nanoTime() - posted;
                            missing--;
                        }
                    }
                }
                Thread.sleep(20);
            }
            for (int i = 0; i < seen.length; i++) {
                if (seen[i] == 0) {
                    seen[i] = 30_000_000_000L; // never seen within the timeout: counted as 30 s
                }
            }
            delays.add(seen);
            long pause = 500_000_000L - (System.nanoTime() - begin);
            if (pause > 0) {
                TimeUnit.NANOSECONDS.sleep(pause);
            }
        }
        return delays;
    }

    private static String ticks(String symbol, int n, long nowMs, double[] price, int index, Random random) {
        StringBuilder sb = new StringBuilder(n * 80).append("{\"ticks\":[");
        for (int i = 0; i < n; i++) {
            price[index] = Math.max(0.5, price[index] + (random.nextInt(7) - 3) * 0.00001);
            long ts = nowMs - (n - i) * 2L;
            sb.append(i > 0 ? "," : "").append("{\"symbol\":\"").append(symbol).append("\",\"ts_msc\":").append(ts)
                    .append(",\"bid\":").append(String.format(Locale.ROOT, "%.5f", price[index]))
                    .append(",\"ask\":").append(String.format(Locale.ROOT, "%.5f", price[index] + 0.00002 + random.nextInt(3) * 0.00001))
                    .append('}');
        }
        return sb.append("]}").toString();
    }

    // ---- catch-up --------------------------------------------------------------------------------

    private void load() throws Exception {
        int total = intEnv("CATCHUP_TICKS", 1_000_000);
        int symbols = intEnv("CATCHUP_SYMBOLS", 10);
        int perSymbol = total / symbols;
        int batch = 5000;
        String key = bench.createKey("aggregation-load", "[\"ingest\",\"read\"]", null);
        // Six hours of history that ended a day ago: well inside the tick retention window.
        long historyStart = System.currentTimeMillis() - 30L * 3600_000;
        long spacing = 6L * 3600_000 / perSymbol;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Set<Long>>> minutes = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int s = 0; s < symbols; s++) {
            int symbol = s;
            minutes.add(pool.submit(() -> {
                Random random = new Random(100 + symbol);
                Set<Long> seen = new HashSet<>();
                double price = 1.2;
                for (int done = 0; done < perSymbol; done += batch) {
                    StringBuilder sb = new StringBuilder(batch * 80).append("{\"ticks\":[");
                    for (int i = 0; i < batch && done + i < perSymbol; i++) {
                        long ts = historyStart + (long) (done + i) * spacing + random.nextInt((int) Math.max(1, spacing));
                        seen.add(ts / 60_000 * 60_000);
                        price = Math.max(0.5, price + (random.nextInt(7) - 3) * 0.00001);
                        sb.append(i > 0 ? "," : "").append("{\"symbol\":\"CATCH").append(symbol).append("\",\"ts_msc\":")
                                .append(ts).append(",\"bid\":").append(String.format(Locale.ROOT, "%.5f", price))
                                .append(",\"ask\":").append(String.format(Locale.ROOT, "%.5f", price + 0.00002)).append('}');
                    }
                    HttpResponse<String> r = bench.post("/ingest/tick?details=none", key, sb.append("]}").toString());
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException("load refused: " + r.statusCode() + " " + r.body());
                    }
                }
                return seen;
            }));
        }
        long expectedMinutes = 0;
        long expectedRollups = 0;
        for (Future<Set<Long>> f : minutes) {
            Set<Long> symbolMinutes = f.get();
            expectedMinutes += symbolMinutes.size();
            expectedRollups += rollupBuckets(symbolMinutes);
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - t0) / 1e9;
        put("catchup.ticks", (long) perSymbol * symbols);
        put("catchup.symbols", symbols);
        put("catchup.load_seconds", seconds);
        put("catchup.load_ticks_per_s", Math.round(perSymbol * symbols / seconds));
        put("catchup.expected_m1_candles", expectedMinutes);
        put("catchup.expected_rollup_candles", expectedRollups);
        System.out.printf(Locale.ROOT, "loaded %d ticks in %.1f s (jobs off); %d minutes%n", perSymbol * symbols, seconds,
                expectedMinutes);
    }

    /** How many M5..MN1 buckets (UTC; weeks from Sunday) the given minutes fall in. */
    private static long rollupBuckets(Set<Long> minuteStarts) {
        long[] seconds = {300, 900, 1800, 3600, 14_400, 86_400};
        Set<String> buckets = new HashSet<>();
        for (long minute : minuteStarts) {
            for (long width : seconds) {
                buckets.add(width + ":" + Math.floorDiv(minute / 1000, width));
            }
            java.time.LocalDate day = java.time.LocalDate.ofEpochDay(Math.floorDiv(minute / 1000, 86_400));
            buckets.add("W1:" + day.with(java.time.temporal.TemporalAdjusters.previousOrSame(java.time.DayOfWeek.SUNDAY)));
            buckets.add("MN1:" + day.withDayOfMonth(1));
        }
        return buckets.size();
    }

    private void catchup() throws Exception {
        long appStart = Long.parseLong(BenchSupport.env("CATCHUP_START_MS", Long.toString(System.currentTimeMillis())));
        long healthy = System.currentTimeMillis();
        long t0 = System.nanoTime();
        String key = bench.adminKey;
        long timeoutNanos = 600_000_000_000L;
        int idleChecks = 0;
        long firstIdle = 0;
        while (idleChecks < 2) { // two empty looks in a row: no chunk was between the two queues
            HttpResponse<String> r = bench.get("/stats", key);
            Matcher m = JOB.matcher(r.body());
            boolean pending = false;
            while (m.find()) {
                if ((m.group(1).equals("aggregator") || m.group(1).equals("rollup")) && m.group(2).equals("true")) {
                    pending = true;
                }
            }
            if (!pending && idleChecks == 0) {
                firstIdle = System.nanoTime();
            }
            idleChecks = pending ? 0 : idleChecks + 1;
            if (System.nanoTime() - t0 > timeoutNanos) {
                throw new IllegalStateException("catch-up did not finish within 600 s");
            }
            Thread.sleep(idleChecks > 0 ? 50 : 100);
        }
        double fromReady = (firstIdle - t0) / 1e9;
        double fromStart = fromReady + (healthy - appStart) / 1000.0;
        long storedM1;
        long storedRollups;
        try (Connection c = DriverManager.getConnection(bench.jdbcUrl);
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FILTER (WHERE timeframe = 'M1'), "
                        + "count(*) FILTER (WHERE timeframe <> 'M1') FROM candles WHERE symbol LIKE 'CATCH%'");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            storedM1 = rs.getLong(1);
            storedRollups = rs.getLong(2);
        }
        put("catchup.seconds_after_ready", fromReady);
        put("catchup.seconds_including_startup", fromStart);
        put("catchup.startup_seconds", (healthy - appStart) / 1000.0);
        put("catchup.ticks_per_s_after_ready", Math.round(Long.parseLong(state.getProperty("catchup.ticks", "0")) / fromReady));
        put("catchup.stored_m1_candles", storedM1);
        put("catchup.stored_rollup_candles", storedRollups);
        System.out.printf(Locale.ROOT, "catch-up done %.1f s after ready (%.1f s including start-up); %d M1 candles"
                + " (expected %s), %d roll-up candles (expected %s)%n", fromReady, fromStart, storedM1,
                state.getProperty("catchup.expected_m1_candles"), storedRollups,
                state.getProperty("catchup.expected_rollup_candles"));
        Map<String, Object> results = BenchSupport.map();
        results.put("scenario", "aggregation");
        results.put("machine", Runtime.getRuntime().availableProcessors() + " cores");
        Map<String, Object> fresh = BenchSupport.map();
        Map<String, Object> catchUp = BenchSupport.map();
        for (String name : new java.util.TreeSet<>(state.stringPropertyNames())) {
            Object value = number(state.getProperty(name));
            if (name.startsWith("fresh.")) {
                fresh.put(name.substring(6), value);
            } else if (name.startsWith("catchup.")) {
                catchUp.put(name.substring(8), value);
            }
        }
        results.put("freshness", fresh);
        results.put("catch_up", catchUp);
        System.out.println("results: " + BenchSupport.writeResults("aggregation", results));
    }

    // ---- state between phases ----------------------------------------------------------------------

    private void put(String name, Object value) {
        state.setProperty(name, String.valueOf(value));
    }

    private static Object number(String text) {
        try {
            return text.contains(".") ? (Object) Double.parseDouble(text) : (Object) Long.parseLong(text);
        } catch (NumberFormatException e) {
            return text;
        }
    }

    private void loadState() throws IOException {
        if (Files.exists(statePath)) {
            try (Reader r = Files.newBufferedReader(statePath)) {
                state.load(r);
            }
        }
    }

    private void saveState() throws IOException {
        Files.createDirectories(statePath.getParent());
        try (Writer w = Files.newBufferedWriter(statePath)) {
            state.store(w, "aggregation bench phases");
        }
    }
}
