package io.mt5db.bench;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The indicator benchmark of issue 5 (bench/indicators.sh), against a running app whose indicator
 * job runs on its schedule (every 1 s):
 * <ol>
 *   <li>recompute (after a warm-up recompute of {@code BENCH_WARMUP_BARS}, 200,000, bars of another
 *   symbol): {@code BENCH_BARS} (1,000,000) M1 bars of one symbol are copied into
 *   {@code candles} and the series is queued in {@code series_changes}; timed from that commit until
 *   the last bar's indicators are stored and the change is consumed (this includes the wait for the
 *   next scheduled run, up to one interval).</li>
 *   <li>freshness: every second one new M1 candle per symbol (5 symbols) is posted to POST /ingest
 *   while {@code BENCH_TICK_RATE} (20,000) ticks/s over the same symbols go to POST /ingest/tick;
 *   timed from the start of the candle POST until GET /candles?indicators=true shows its RSI.</li>
 * </ol>
 */
public final class IndicatorsBench {

    private static final Instant HISTORY_START = Instant.parse("2025-01-06T00:00:00Z");
    private static final int SYMBOLS = 5;
    private static final int HISTORY_BARS = 200;

    private final BenchSupport support = new BenchSupport();
    private final int bars = intEnv("BENCH_BARS", 1_000_000);
    private final int warmUpBars = intEnv("BENCH_WARMUP_BARS", 200_000);
    private final int freshnessSeconds = intEnv("BENCH_FRESHNESS_SECONDS", 60);
    private final int tickRate = intEnv("BENCH_TICK_RATE", 20_000);
    private final int tickBatch = intEnv("BENCH_TICK_BATCH", 200);
    private final int tickClients = intEnv("BENCH_TICK_CLIENTS", 4);
    private final String runTag = Long.toString(System.currentTimeMillis() % 100_000, 36).toUpperCase(Locale.ROOT);

    public static void main(String[] args) throws Exception {
        new IndicatorsBench().run();
    }

    private static int intEnv(String name, int fallback) {
        return Integer.parseInt(BenchSupport.env(name, Integer.toString(fallback)));
    }

    void run() throws Exception {
        String key = support.createKey("indicators-bench", "[\"ingest\",\"read\"]", null);
        Map<String, Object> results = BenchSupport.map();
        results.put("machine", Runtime.getRuntime().availableProcessors() + " cores");
        // A server that has been running has compiled its hot paths; the first, smaller recompute warms it.
        results.put("warm_up", recompute("BENCHWARM" + runTag, warmUpBars));
        results.put("recompute", recompute("BENCHFULL" + runTag, bars));
        results.put("freshness", freshness(key));
        System.out.println(BenchSupport.toJson(results, ""));
        System.out.println("written: " + BenchSupport.writeResults("indicators", results));
    }

    // ---- (1) full recompute -------------------------------------------------------------------

    private Map<String, Object> recompute(String symbol, int bars) throws Exception {
        Instant last = HISTORY_START.plus(Duration.ofMinutes(bars - 1L));
        long loadStart = System.nanoTime();
        long markedAt;
        try (Connection c = DriverManager.getConnection(support.jdbcUrl)) {
            c.setAutoCommit(false);
            copyCandles(c, symbol, bars);
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO series_changes (symbol, timeframe, from_ts) VALUES (?, 'M1', ?::timestamptz)
                    ON CONFLICT (symbol, timeframe) DO UPDATE SET from_ts = EXCLUDED.from_ts
                    """)) {
                ps.setString(1, symbol);
                ps.setString(2, HISTORY_START.toString());
                ps.executeUpdate();
            }
            c.commit();
            markedAt = System.nanoTime();
        }
        double loadSeconds = (markedAt - loadStart) / 1e9;
        System.out.printf(Locale.ROOT, "[indicators-bench] %d bars copied in %.1f s; waiting for the job%n", bars,
                loadSeconds);
        long rows;
        double seconds;
        try (Connection c = DriverManager.getConnection(support.jdbcUrl);
                PreparedStatement done = c.prepareStatement("""
                        SELECT EXISTS (SELECT 1 FROM indicators WHERE symbol = ? AND timeframe = 'M1' AND ts = ?::timestamptz)
                           AND NOT EXISTS (SELECT 1 FROM series_changes WHERE symbol = ?)
                        """)) {
            done.setString(1, symbol);
            done.setString(2, last.toString());
            done.setString(3, symbol);
            long deadline = markedAt + TimeUnit.SECONDS.toNanos(600);
            while (true) {
                try (ResultSet rs = done.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        break;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("indicators of the last bar not stored after 600 s");
                }
                Thread.sleep(20);
            }
            seconds = (System.nanoTime() - markedAt) / 1e9;
            try (PreparedStatement count = c.prepareStatement("SELECT count(*) FROM indicators WHERE symbol = ?")) {
                count.setString(1, symbol);
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    rows = rs.getLong(1);
                }
            }
        }
        Map<String, Object> out = BenchSupport.map();
        out.put("bars", bars);
        out.put("copy_seconds", loadSeconds);
        out.put("recompute_seconds", seconds);
        out.put("bars_per_second", bars / seconds);
        out.put("indicator_rows", rows);
        out.put("job_run_seconds_max", jobDurationMax());
        out.put("note", "recompute_seconds runs from the commit that queued the series to the last bar's row being"
                + " visible, so it includes the wait for the next scheduled run (interval 1 s)");
        System.out.printf(Locale.ROOT, "[indicators-bench] recompute: %d bars in %.2f s (%.0f bars/s), %d rows%n",
                bars, seconds, bars / seconds, rows);
        return out;
    }

    private static void copyCandles(Connection c, String symbol, int bars) throws Exception {
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(
                "COPY candles (symbol, timeframe, ts, open, high, low, close, volume, spread, source) FROM STDIN");
        Random random = new Random(20251020);
        double close = 1900.0;
        StringBuilder buffer = new StringBuilder(1 << 20);
        for (int i = 0; i < bars; i++) {
            double open = close;
            close = Math.round(open * (1 + (random.nextDouble() - 0.5) * 0.002) * 100) / 100.0;
            double high = Math.max(open, close) + Math.round(random.nextDouble() * 50) / 100.0;
            double low = Math.min(open, close) - Math.round(random.nextDouble() * 50) / 100.0;
            buffer.append(symbol).append("\tM1\t").append(HISTORY_START.plusSeconds(60L * i)).append('\t')
                    .append(open).append('\t').append(high).append('\t').append(low).append('\t').append(close)
                    .append('\t').append(1 + random.nextInt(300)).append("\t0.2\tea\n");
            if (buffer.length() > (1 << 20) - 256) {
                byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
                copy.writeToCopy(bytes, 0, bytes.length);
                buffer.setLength(0);
            }
        }
        byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        copy.endCopy();
    }

    /** The longest indicator job run the app measured recently (job_duration_seconds_max), if it tells. */
    private Double jobDurationMax() throws Exception {
        HttpResponse<String> metrics = support.get("/q/metrics", support.adminKey);
        for (String line : metrics.body().split("\n")) {
            if (line.startsWith("job_duration_seconds_max{") && line.contains("job=\"indicators\"")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return null;
    }

    // ---- (2) freshness under tick load -----------------------------------------------------------

    private Map<String, Object> freshness(String key) throws Exception {
        List<String> symbols = new ArrayList<>();
        for (int s = 0; s < SYMBOLS; s++) {
            symbols.add("BENCHF" + s + runTag);
        }
        double[] lastClose = new double[SYMBOLS];
        for (int s = 0; s < SYMBOLS; s++) {
            StringBuilder body = new StringBuilder("[");
            Random random = new Random(s);
            double close = 1.1 + s;
            for (int i = 0; i < HISTORY_BARS; i++) {
                double open = close;
                close = open * (1 + (random.nextDouble() - 0.5) * 0.002);
                body.append(i > 0 ? "," : "").append(candle(symbols.get(s), i, open, close));
            }
            lastClose[s] = close;
            post("/ingest_batch?details=none", key, body.append(']').toString());
        }
        for (String symbol : symbols) {
            awaitRsi(key, symbol, HISTORY_START.plus(Duration.ofMinutes(HISTORY_BARS - 1)), 60_000);
        }

        AtomicBoolean loading = new AtomicBoolean(true);
        AtomicLong ticksAccepted = new AtomicLong();
        AtomicLong tickErrors = new AtomicLong();
        ExecutorService tickPool = Executors.newFixedThreadPool(tickClients);
        long loadStart = System.nanoTime();
        for (int client = 0; client < tickClients; client++) {
            int clientId = client;
            tickPool.submit(() -> sendTicks(key, symbols, clientId, loading, ticksAccepted, tickErrors));
        }
        Thread.sleep(2000);

        ExecutorService probes = Executors.newFixedThreadPool(SYMBOLS * 3);
        List<Future<long[]>> samples = new ArrayList<>();
        Random random = new Random(7);
        long start = System.nanoTime();
        for (int second = 0; second < freshnessSeconds; second++) {
            long slot = start + TimeUnit.SECONDS.toNanos(second);
            long wait = slot - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            int index = HISTORY_BARS + second;
            for (int s = 0; s < SYMBOLS; s++) {
                double open = lastClose[s];
                double close = open * (1 + (random.nextDouble() - 0.5) * 0.002);
                lastClose[s] = close;
                String symbol = symbols.get(s);
                String body = candle(symbol, index, open, close);
                Instant ts = HISTORY_START.plus(Duration.ofMinutes(index));
                samples.add(probes.submit(() -> {
                    long posted = System.nanoTime();
                    post("/ingest", key, body);
                    long stored = System.nanoTime();
                    awaitRsi(key, symbol, ts, 30_000);
                    return new long[] {System.nanoTime() - posted, stored - posted};
                }));
            }
        }
        long[] freshness = new long[samples.size()];
        long[] postLatency = new long[samples.size()];
        for (int i = 0; i < samples.size(); i++) {
            long[] sample = samples.get(i).get(60, TimeUnit.SECONDS);
            freshness[i] = sample[0];
            postLatency[i] = sample[1];
        }
        loading.set(false);
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
        probes.shutdown();
        tickPool.shutdown();
        tickPool.awaitTermination(60, TimeUnit.SECONDS);

        Map<String, Object> out = BenchSupport.map();
        out.put("symbols", SYMBOLS);
        out.put("candles", samples.size());
        out.put("freshness_p50_ms", BenchSupport.percentileMs(freshness, 50));
        out.put("freshness_p95_ms", BenchSupport.percentileMs(freshness, 95));
        out.put("freshness_max_ms", BenchSupport.percentileMs(freshness, 100));
        out.put("candle_post_p50_ms", BenchSupport.percentileMs(postLatency, 50));
        out.put("candle_post_p95_ms", BenchSupport.percentileMs(postLatency, 95));
        out.put("tick_rate_target_per_second", tickRate);
        out.put("tick_rate_achieved_per_second", ticksAccepted.get() / loadSeconds);
        out.put("tick_request_errors", tickErrors.get());
        out.put("note", "freshness runs from the start of POST /ingest of the candle until GET /candles?indicators=true"
                + " shows its rsi (polled every 20 ms); tick → candle aggregation is not part of this measurement");
        System.out.printf(Locale.ROOT, "[indicators-bench] freshness p50 %.0f ms, p95 %.0f ms over %d candles; ticks %.0f/s%n",
                BenchSupport.percentileMs(freshness, 50), BenchSupport.percentileMs(freshness, 95), samples.size(),
                ticksAccepted.get() / loadSeconds);
        return out;
    }

    private static String candle(String symbol, int index, double open, double close) {
        double high = Math.max(open, close) * 1.0002;
        double low = Math.min(open, close) * 0.9998;
        return String.format(Locale.ROOT, "{\"symbol\":\"%s\",\"timeframe\":\"M1\",\"ts\":\"%s\",\"open\":%.5f,"
                        + "\"high\":%.5f,\"low\":%.5f,\"close\":%.5f,\"volume\":100,\"spread\":0.0001}",
                symbol, HISTORY_START.plus(Duration.ofMinutes(index)), open, high, low, close);
    }

    private void post(String path, String key, String body) throws Exception {
        HttpResponse<String> response = support.post(path, key, body);
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** Polls the candle at ts until its rsi is there. */
    private void awaitRsi(String key, String symbol, Instant ts, long timeoutMillis) throws Exception {
        String path = "/candles?symbol=" + symbol + "&timeframe=M1&indicators=true&limit=1&from=" + ts;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            HttpResponse<String> response = support.get(path, key);
            if (response.statusCode() == 200 && response.body().contains("\"ts\":\"" + ts + "\"")
                    && !response.body().contains("\"rsi\":null") && response.body().contains("\"rsi\":")) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no indicators for " + symbol + " " + ts + " after " + timeoutMillis + " ms");
            }
            Thread.sleep(20);
        }
    }

    /** One tick client: batches of ticks, paced so that all clients together send tickRate per second. */
    private Void sendTicks(String key, List<String> symbols, int clientId, AtomicBoolean loading,
            AtomicLong accepted, AtomicLong errors) {
        double batchesPerSecond = (double) tickRate / tickBatch / tickClients;
        long intervalNanos = (long) (1e9 / batchesPerSecond);
        long next = System.nanoTime();
        long sequence = 0;
        Random random = new Random(100 + clientId);
        long baseMillis = System.currentTimeMillis();
        while (loading.get()) {
            StringBuilder body = new StringBuilder("{\"ticks\":[");
            for (int i = 0; i < tickBatch; i++, sequence++) {
                int s = (int) (sequence % symbols.size());
                double bid = 1.1 + s + random.nextInt(100_000) / 1e6;
                long ts = baseMillis + sequence * tickClients * 1000L / tickRate;
                body.append(i > 0 ? "," : "").append(String.format(Locale.ROOT,
                        "{\"symbol\":\"%s\",\"ts_msc\":%d,\"bid\":%.6f,\"ask\":%.6f}", symbols.get(s),
                        Math.min(ts, System.currentTimeMillis()), bid, bid + 0.0001));
            }
            body.append("]}");
            try {
                HttpResponse<String> response = support.post("/ingest/tick?details=none", key, body.toString());
                if (response.statusCode() == 200) {
                    accepted.addAndGet(tickBatch);
                } else {
                    errors.incrementAndGet();
                }
            } catch (Exception e) {
                errors.incrementAndGet();
            }
            next += intervalNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
