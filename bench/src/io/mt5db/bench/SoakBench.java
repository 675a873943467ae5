package io.mt5db.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Soak scenario (issue 20): SOAK_SECONDS (600) of mixed traffic from several clients over loopback,
 * after SOAK_WARMUP_SECONDS (30) of the same traffic that is stored and checked but not timed:
 * candle batches and tick batches (each client its own symbols, every item new), reads (/candles,
 * /latest, /stats), an admin creating signals and EAs polling /signals/next and acking them.
 * Then: stored = acknowledged (counted in the database), the app's RSS sampled every
 * SOAK_RSS_EVERY_SECONDS (10) without an upward trend over the second half (least-squares slope at
 * most SOAK_RSS_SLOPE_MAX_MB_PER_MIN, 1.0), and the p99 of the last minute at most twice the first's.
 * Writes bench/results/soak-DATE.json with the figures and PASS/FAIL per criterion; exits 1 on a FAIL.
 */
public final class SoakBench {

    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");

    /** One timed request: when it ended (ns since the measured start; negative in the warm-up), its kind and latency. */
    record Sample(long atNanos, String kind, long nanos, int status) {
    }

    private final BenchSupport bench = new BenchSupport();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
    private final AtomicLong candlesAcked = new AtomicLong();
    private final AtomicLong ticksAcked = new AtomicLong();
    /** Items of requests whose outcome is unknown (no answer): they may or may not be stored. */
    private final AtomicLong candlesUncertain = new AtomicLong();
    private final AtomicLong ticksUncertain = new AtomicLong();
    private final AtomicLong signalsCreated = new AtomicLong();
    private final AtomicLong signalsAcked = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final ConcurrentLinkedQueue<String> failureExamples = new ConcurrentLinkedQueue<>();
    private final String tag = Long.toString(System.currentTimeMillis() % 1_000_000, 36).toUpperCase(Locale.ROOT);
    private volatile long measuredStart;

    public static void main(String[] args) throws Exception {
        System.exit(new SoakBench().run() ? 0 : 1);
    }

    private boolean run() throws Exception {
        int seconds = Integer.parseInt(BenchSupport.env("SOAK_SECONDS", "600"));
        int warmup = Integer.parseInt(BenchSupport.env("SOAK_WARMUP_SECONDS", "30"));
        int candleClients = Integer.parseInt(BenchSupport.env("SOAK_CANDLE_CLIENTS", "2"));
        int tickClients = Integer.parseInt(BenchSupport.env("SOAK_TICK_CLIENTS", "2"));
        int readers = Integer.parseInt(BenchSupport.env("SOAK_READERS", "2"));
        int pollers = Integer.parseInt(BenchSupport.env("SOAK_POLLERS", "2"));
        int batch = Integer.parseInt(BenchSupport.env("SOAK_BATCH", "100"));
        long pauseMs = Long.parseLong(BenchSupport.env("SOAK_PAUSE_MS", "250"));
        int rssEvery = Integer.parseInt(BenchSupport.env("SOAK_RSS_EVERY_SECONDS", "10"));
        double slopeMax = Double.parseDouble(BenchSupport.env("SOAK_RSS_SLOPE_MAX_MB_PER_MIN", "1.0"));
        long appPid = Long.parseLong(BenchSupport.env("APP_PID", "-1"));

        List<String> eaKeys = new ArrayList<>();
        for (int i = 0; i < Math.max(candleClients + tickClients, Math.max(readers, pollers)); i++) {
            eaKeys.add(bench.createKey("soak-ea-" + i, "[\"ingest\",\"read\",\"signals\"]", "SOAK" + tag + i));
        }
        String loadBefore = loadAverage();
        measuredStart = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmup);
        long end = measuredStart + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newCachedThreadPool();
        for (int c = 0; c < candleClients; c++) {
            int client = c;
            pool.submit(() -> candles(eaKeys.get(client), client, batch, pauseMs));
        }
        for (int c = 0; c < tickClients; c++) {
            int client = c;
            pool.submit(() -> ticks(eaKeys.get(candleClients + client), client, batch, pauseMs));
        }
        for (int r = 0; r < readers; r++) {
            int reader = r;
            pool.submit(() -> reads(eaKeys.get(reader), reader, pauseMs / 2));
        }
        pool.submit(() -> signalProducer(pauseMs * 2));
        for (int p = 0; p < pollers; p++) {
            int poller = p;
            pool.submit(() -> signalPoller(eaKeys.get(poller), pauseMs * 2));
        }

        // RSS every rssEvery seconds of the measured run (the warm-up's are not part of the trend).
        List<double[]> rss = new ArrayList<>();
        List<String> loads = new ArrayList<>();
        sleepUntil(measuredStart);
        for (long next = measuredStart; next <= end; next += TimeUnit.SECONDS.toNanos(rssEvery)) {
            sleepUntil(next);
            if (appPid > 0) {
                rss.add(new double[] {(next - measuredStart) / 1e9, ProcessStats.rssKb(appPid) / 1024.0});
            }
            loads.add(loadAverage());
            System.out.printf(Locale.ROOT, "[soak] %4.0f s: candles %d, ticks %d, signals %d/%d acked, RSS %.0f MB, load %s%n",
                    (next - measuredStart) / 1e9, candlesAcked.get(), ticksAcked.get(), signalsAcked.get(),
                    signalsCreated.get(), rss.isEmpty() ? -1.0 : rss.get(rss.size() - 1)[1], loads.get(loads.size() - 1));
        }
        running.set(false);
        pool.shutdown();
        if (!pool.awaitTermination(120, TimeUnit.SECONDS)) {
            pool.shutdownNow();
        }

        // Stored = acknowledged, read in the database once every answered request is in.
        long candlesStored;
        long ticksStored;
        long signalsStored;
        long deliveriesAcked;
        try (Connection db = DriverManager.getConnection(bench.jdbcUrl); Statement st = db.createStatement()) {
            candlesStored = count(st, "SELECT count(*) FROM candles WHERE timeframe = 'M1' AND source = 'ea' AND symbol LIKE 'SK" + tag + "C%'");
            ticksStored = count(st, "SELECT count(*) FROM ticks WHERE symbol LIKE 'SK" + tag + "T%'");
            signalsStored = count(st, "SELECT count(*) FROM signals WHERE symbol LIKE 'SK" + tag + "S%'");
            deliveriesAcked = count(st, "SELECT count(*) FROM signal_deliveries d JOIN signals s ON s.id = d.signal_id "
                    + "WHERE s.symbol LIKE 'SK" + tag + "S%' AND d.status = 'FILLED'");
        }
        boolean candlesOk = candlesStored >= candlesAcked.get() && candlesStored <= candlesAcked.get() + candlesUncertain.get();
        boolean ticksOk = ticksStored >= ticksAcked.get() && ticksStored <= ticksAcked.get() + ticksUncertain.get();
        boolean signalsOk = signalsStored >= signalsCreated.get() && deliveriesAcked >= signalsAcked.get();

        // RSS trend over the second half.
        List<double[]> secondHalf = rss.stream().filter(p -> p[0] >= seconds / 2.0).toList();
        double slopeMbPerMin = slope(secondHalf) * 60;
        boolean rssOk = secondHalf.size() >= 3 && slopeMbPerMin <= slopeMax;

        // p99 of the first and the last measured minute, over every timed request.
        List<Sample> measured = samples.stream().filter(s -> s.atNanos() >= 0).toList();
        long minute = TimeUnit.SECONDS.toNanos(Math.min(60, seconds / 2));
        long total = TimeUnit.SECONDS.toNanos(seconds);
        double firstP99 = p99(measured, 0, minute, null);
        double lastP99 = p99(measured, total - minute, total + 1, null);
        boolean latencyOk = lastP99 <= 2 * firstP99;

        Map<String, Object> results = BenchSupport.map();
        Map<String, Object> config = BenchSupport.map();
        config.put("seconds", seconds);
        config.put("warmup_seconds", warmup);
        config.put("candle_clients", candleClients);
        config.put("tick_clients", tickClients);
        config.put("readers", readers);
        config.put("signal_pollers", pollers);
        config.put("batch_items", batch);
        config.put("pause_ms", pauseMs);
        config.put("app_jvm_options", BenchSupport.env("APP_JVM_OPTIONS", ""));
        config.put("cpus", Runtime.getRuntime().availableProcessors());
        config.put("load_before", loadBefore);
        config.put("load_during", loads);
        results.put("config", config);

        Map<String, Object> counts = BenchSupport.map();
        counts.put("candles_acknowledged", candlesAcked.get());
        counts.put("candles_stored", candlesStored);
        counts.put("candles_unanswered", candlesUncertain.get());
        counts.put("ticks_acknowledged", ticksAcked.get());
        counts.put("ticks_stored", ticksStored);
        counts.put("ticks_unanswered", ticksUncertain.get());
        counts.put("signals_created", signalsCreated.get());
        counts.put("signals_stored", signalsStored);
        counts.put("signal_acks_answered", signalsAcked.get());
        counts.put("signal_acks_stored", deliveriesAcked);
        counts.put("requests_timed", measured.size());
        counts.put("requests_failed", failures.get());
        counts.put("failure_examples", new ArrayList<>(failureExamples));
        results.put("counts", counts);

        Map<String, Object> memory = BenchSupport.map();
        memory.put("rss_mb_samples", rss.stream().map(p -> String.format(Locale.ROOT, "%.0f s: %.1f", p[0], p[1])).toList());
        memory.put("rss_second_half_slope_mb_per_min", round(slopeMbPerMin));
        memory.put("rss_slope_threshold_mb_per_min", slopeMax);
        results.put("memory", memory);

        Map<String, Object> latency = BenchSupport.map();
        latency.put("p99_first_minute_ms", round(firstP99));
        latency.put("p99_last_minute_ms", round(lastP99));
        Map<String, Object> perKind = BenchSupport.map();
        for (String kind : measured.stream().map(Sample::kind).distinct().sorted().toList()) {
            perKind.put(kind, String.format(Locale.ROOT, "p99 first %.1f ms, last %.1f ms, p50 all %.1f ms",
                    p99(measured, 0, minute, kind), p99(measured, total - minute, total + 1, kind),
                    percentile(measured.stream().filter(s -> s.kind().equals(kind)).mapToLong(Sample::nanos).toArray(), 50)));
        }
        latency.put("per_kind", perKind);
        results.put("latency", latency);

        Map<String, Object> verdict = BenchSupport.map();
        verdict.put("candles_stored_equal_acknowledged", candlesOk ? "PASS" : "FAIL");
        verdict.put("ticks_stored_equal_acknowledged", ticksOk ? "PASS" : "FAIL");
        verdict.put("signals_and_acks_stored", signalsOk ? "PASS" : "FAIL");
        verdict.put("rss_no_upward_trend", rssOk ? "PASS" : "FAIL");
        verdict.put("p99_last_minute_within_2x_first", latencyOk ? "PASS" : "FAIL");
        results.put("verdict", verdict);
        java.nio.file.Path file = BenchSupport.writeResults("soak", results);
        System.out.println(BenchSupport.toJson(results, ""));
        System.out.println("[soak] results: " + file);
        return candlesOk && ticksOk && signalsOk && rssOk && latencyOk;
    }

    private void candles(String key, int client, int batch, long pauseMs) {
        // Four symbols per client, each a run of new minutes going forward from 60 days ago.
        Instant origin = Instant.now().minus(60, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MINUTES);
        long[] nextMinute = new long[4];
        int round = 0;
        try (PlainHttp http = new PlainHttp(bench.baseUrl)) {
            while (running.get()) {
                int s = round++ % 4;
                String symbol = "SK" + tag + "C" + client + s;
                StringBuilder body = new StringBuilder(batch * 160).append('[');
                for (int i = 0; i < batch; i++) {
                    long m = nextMinute[s]++;
                    double open = 1.1 + 0.01 * Math.sin(m / 50.0);
                    double close = open + 0.0002 * Math.cos(m / 7.0);
                    body.append(i > 0 ? "," : "").append(String.format(Locale.ROOT,
                            "{\"symbol\":\"%s\",\"timeframe\":\"M1\",\"ts\":\"%s\",\"open\":%.5f,\"high\":%.5f,\"low\":%.5f,"
                                    + "\"close\":%.5f,\"volume\":%d}", symbol, origin.plus(m, ChronoUnit.MINUTES), open,
                            Math.max(open, close) + 0.0003, Math.min(open, close) - 0.0003, close, 10 + m % 90));
                }
                body.append(']');
                PlainHttp.Response r = timed("candles", () -> http.post("/ingest_batch?details=none", key, body.toString()));
                if (r == null) {
                    candlesUncertain.addAndGet(batch);
                } else if (r.status() == 200 && BenchSupport.jsonLong(r.body(), "inserted") == batch) {
                    candlesAcked.addAndGet(batch);
                } else {
                    failed("candles", r);
                }
                pause(pauseMs);
            }
        } catch (Exception e) {
            failed("candles client", e);
        }
    }

    private void ticks(String key, int client, int batch, long pauseMs) {
        long msc = Instant.now().minus(2, ChronoUnit.DAYS).toEpochMilli();
        int round = 0;
        try (PlainHttp http = new PlainHttp(bench.baseUrl)) {
            while (running.get()) {
                String symbol = "SK" + tag + "T" + client + (round++ % 2);
                StringBuilder body = new StringBuilder(batch * 90).append("{\"ticks\":[");
                for (int i = 0; i < batch; i++) {
                    msc += 97;
                    double bid = 1.2 + 0.005 * Math.sin(msc / 600_000.0);
                    body.append(i > 0 ? "," : "").append(String.format(Locale.ROOT,
                            "{\"symbol\":\"%s\",\"ts_msc\":%d,\"bid\":%.5f,\"ask\":%.5f}", symbol, msc, bid, bid + 0.0002));
                }
                body.append("]}");
                PlainHttp.Response r = timed("ticks", () -> http.post("/ingest/tick?details=none", key, body.toString()));
                if (r == null) {
                    ticksUncertain.addAndGet(batch);
                } else if (r.status() == 200 && BenchSupport.jsonLong(r.body(), "inserted") == batch) {
                    ticksAcked.addAndGet(batch);
                } else {
                    failed("ticks", r);
                }
                pause(pauseMs);
            }
        } catch (Exception e) {
            failed("ticks client", e);
        }
    }

    private void reads(String key, int reader, long pauseMs) {
        int round = 0;
        try (PlainHttp http = new PlainHttp(bench.baseUrl)) {
            while (running.get()) {
                String symbol = "SK" + tag + "C" + (reader % 2) + (round % 4);
                String path = switch (round++ % 4) {
                    case 0 -> "/candles?symbol=" + symbol + "&timeframe=M1&limit=200";
                    case 1 -> "/latest?symbol=" + symbol + "&timeframe=M5";
                    case 2 -> "/stats";
                    default -> "/candles?symbol=SK" + tag + "T" + reader % 2 + "0&timeframe=M1&limit=100&indicators=true";
                };
                String kind = "read_" + path.substring(1, path.indexOf('?') < 0 ? path.length() : path.indexOf('?'));
                PlainHttp.Response r = timed(kind, () -> http.get(path, key));
                if (r != null && r.status() != 200 && r.status() != 404) {
                    failed(kind, r);
                }
                pause(pauseMs);
            }
        } catch (Exception e) {
            failed("reader", e);
        }
    }

    private void signalProducer(long pauseMs) {
        int n = 0;
        try (PlainHttp http = new PlainHttp(bench.baseUrl)) {
            while (running.get()) {
                String body = "{\"symbol\":\"SK" + tag + "S" + (n % 3) + "\",\"timeframe\":\"M1\",\"side\":\""
                        + (n++ % 2 == 0 ? "BUY" : "SELL") + "\",\"confidence\":0.7,\"sl_pips\":15,\"tp_pips\":30,\"ttl_sec\":120}";
                PlainHttp.Response r = timed("signals_create", () -> http.post("/signals", bench.adminKey, body));
                if (r != null && r.status() == 201) {
                    signalsCreated.incrementAndGet();
                } else if (r != null) {
                    failed("signals_create", r);
                }
                pause(pauseMs);
            }
        } catch (Exception e) {
            failed("signal producer", e);
        }
    }

    private void signalPoller(String key, long pauseMs) {
        String symbols = "SK" + tag + "S0,SK" + tag + "S1,SK" + tag + "S2";
        try (PlainHttp http = new PlainHttp(bench.baseUrl)) {
            while (running.get()) {
                PlainHttp.Response r = timed("signals_next", () -> http.get("/signals/next?symbols=" + symbols + "&limit=10", key));
                if (r != null && r.status() == 200) {
                    Matcher m = ID.matcher(r.body());
                    while (m.find()) {
                        String id = m.group(1);
                        PlainHttp.Response ack = timed("signals_ack", () -> http.post("/signals/ack", key,
                                "{\"id\":\"" + id + "\",\"status\":\"FILLED\",\"ts_exec\":\"" + Instant.now() + "\"}"));
                        if (ack != null && ack.status() == 200) {
                            signalsAcked.incrementAndGet();
                        } else if (ack != null) {
                            failed("signals_ack", ack);
                        }
                    }
                } else if (r != null) {
                    failed("signals_next", r);
                }
                pause(pauseMs);
            }
        } catch (Exception e) {
            failed("signal poller", e);
        }
    }

    interface Call {
        PlainHttp.Response call() throws Exception;
    }

    /** The response, its latency recorded; null when the request got no answer (counted as a failure). */
    private PlainHttp.Response timed(String kind, Call call) {
        long start = System.nanoTime();
        try {
            PlainHttp.Response r = call.call();
            long done = System.nanoTime();
            samples.add(new Sample(done - measuredStart, kind, done - start, r.status()));
            return r;
        } catch (Exception e) {
            failed(kind, e);
            return null;
        }
    }

    private void failed(String what, Object detail) {
        failures.incrementAndGet();
        if (failureExamples.size() < 10) {
            String text = detail instanceof PlainHttp.Response r ? r.status() + " " + r.body() : String.valueOf(detail);
            failureExamples.add(what + ": " + text.substring(0, Math.min(200, text.length())));
        }
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.set(false);
        }
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    private static long count(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Least-squares slope of y over x (points as {x, y}); 0 for fewer than two points. */
    static double slope(List<double[]> points) {
        int n = points.size();
        if (n < 2) {
            return 0;
        }
        double mx = points.stream().mapToDouble(p -> p[0]).average().orElse(0);
        double my = points.stream().mapToDouble(p -> p[1]).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        for (double[] p : points) {
            sxy += (p[0] - mx) * (p[1] - my);
            sxx += (p[0] - mx) * (p[0] - mx);
        }
        return sxx == 0 ? 0 : sxy / sxx;
    }

    private static double p99(List<Sample> samples, long from, long to, String kind) {
        return percentile(samples.stream().filter(s -> s.atNanos() >= from && s.atNanos() < to)
                .filter(s -> kind == null || s.kind().equals(kind)).mapToLong(Sample::nanos).toArray(), 99);
    }

    private static double percentile(long[] nanos, double p) {
        return BenchSupport.percentileMs(nanos, p);
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static String loadAverage() {
        try {
            String[] parts = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim().split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
