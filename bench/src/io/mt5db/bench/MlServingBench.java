package io.mt5db.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ML serving (issue 18), against the packaged app started by bench/ml-serving.sh:
 *
 * <ol>
 * <li>Seeds BENCH_SERIES (20) M1 series of BENCH_HISTORY_BARS (3,000) bars each through POST
 * /ingest_batch, ending at the last closed minute, with a planted 5-bar mean reversion (the same
 * process as the training tests' {@code SyntheticSeries.meanReverting}), and waits for the indicator
 * job to reach the newest bar of each.</li>
 * <li>Trains a small global M1 model on the first series through POST /ml/train (BENCH_TREES trees)
 * and activates it with POST /models/{id}/activate; the series are the app's mt5db.ml.series, so the
 * global model serves all of them.</li>
 * <li>GET /predict for one series, sequential (BENCH_PREDICT_N requests) and with
 * BENCH_PREDICT_CLIENTS concurrent clients, each request interleaved with a GET /latest of the same
 * series as the reference; latency measured client side, one kept-alive socket per client.</li>
 * <li>Bar close to claimable signal: the bars missed meanwhile are posted at once (not measured),
 * then for BENCH_LIVE_MINUTES minutes each series' M1 candle is posted BENCH_POST_DELAY_MS after its
 * minute ends (an EA sending its closed bar), while background ticks of BENCH_TICK_SYMBOLS other
 * symbols arrive at BENCH_TICKS_PER_S (ingest, aggregation and indicators keep running). One EA
 * account polls GET /signals/next every BENCH_POLL_MS; for each signal of a live bar the latency is
 * the first poll that returned it minus the bar's close (bucket end + close grace, BENCH_CLOSE_GRACE_S
 * = the app's mt5db.ml.close-grace). The signal's created_at (the inserting transaction's now(), so
 * at or before its commit) is reported beside it.</li>
 * </ol>
 */
public final class MlServingBench {

    static final String[] SYMBOLS = {"EURUSD", "GBPUSD", "USDJPY", "USDCHF", "AUDUSD", "NZDUSD", "USDCAD", "EURGBP",
        "EURJPY", "GBPJPY", "EURCHF", "AUDJPY", "CADJPY", "CHFJPY", "EURAUD", "EURCAD", "GBPCHF", "GBPAUD", "AUDNZD",
        "NZDJPY"};

    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");
    private static final Pattern BAR_TS = Pattern.compile("\"bar_ts\":\"([^\"]+)\"");
    private static final Pattern CREATED = Pattern.compile("\"created_at\":\"([^\"]+)\"");
    private static final Pattern SYMBOL = Pattern.compile("\"symbol\":\"([^\"]+)\"");

    private final BenchSupport bench = new BenchSupport();
    private final int seriesCount = Integer.parseInt(BenchSupport.env("BENCH_SERIES", "20"));
    private final int historyBars = Integer.parseInt(BenchSupport.env("BENCH_HISTORY_BARS", "3000"));
    private final int trees = Integer.parseInt(BenchSupport.env("BENCH_TREES", "10"));
    private final int predictN = Integer.parseInt(BenchSupport.env("BENCH_PREDICT_N", "5000"));
    private final int predictWarmup = Integer.parseInt(BenchSupport.env("BENCH_PREDICT_WARMUP", "1000"));
    private final int clients = Integer.parseInt(BenchSupport.env("BENCH_PREDICT_CLIENTS", "4"));
    private final int liveMinutes = Integer.parseInt(BenchSupport.env("BENCH_LIVE_MINUTES", "6"));
    private final long postDelayMs = Long.parseLong(BenchSupport.env("BENCH_POST_DELAY_MS", "1000"));
    private final long pollMs = Long.parseLong(BenchSupport.env("BENCH_POLL_MS", "50"));
    private final long closeGraceMs = Math.round(1000 * Double.parseDouble(BenchSupport.env("BENCH_CLOSE_GRACE_S", "5")));
    private final int ticksPerSecond = Integer.parseInt(BenchSupport.env("BENCH_TICKS_PER_S", "200"));
    private final int tickSymbols = Integer.parseInt(BenchSupport.env("BENCH_TICK_SYMBOLS", "10"));
    private final double strength = Double.parseDouble(BenchSupport.env("BENCH_REVERSION", "0.4"));

    private final List<Series> series = new ArrayList<>();

    /** One generated series: a planted 5-bar mean reversion, continued bar by bar. */
    static final class Series {
        final String symbol;
        final Random random;
        final double strength;
        final double[] past = new double[5];
        int count;
        double close = 1.1;
        long nextTs;

        Series(String symbol, long seed, double strength) {
            this.symbol = symbol;
            this.random = new Random(seed);
            this.strength = strength;
        }

        /** The next candle as JSON (its ts is nextTs, epoch seconds). */
        String next() {
            double recent = 0;
            for (int k = 0; k < Math.min(count, 5); k++) {
                recent += past[k];
            }
            double r = -strength * recent + 2e-4 * random.nextGaussian();
            double open = close;
            double next = round(open * Math.exp(r));
            past[count % 5] = Math.log(next / open);
            count++;
            double high = round(Math.max(open, next) + Math.abs(random.nextGaussian()) * 5e-5);
            double low = round(Math.min(open, next) - Math.abs(random.nextGaussian()) * 5e-5);
            close = next;
            String json = String.format(Locale.ROOT, "{\"symbol\":\"%s\",\"timeframe\":\"M1\",\"ts\":\"%s\",\"open\":%.5f,"
                    + "\"high\":%.5f,\"low\":%.5f,\"close\":%.5f,\"volume\":%d,\"spread\":0.00002}", symbol,
                    Instant.ofEpochSecond(nextTs), open, high, low, next, 50 + random.nextInt(100));
            nextTs += 60;
            return json;
        }

        private static double round(double v) {
            return Math.round(v * 1e5) / 1e5;
        }
    }

    public static void main(String[] args) throws Exception {
        new MlServingBench().run();
    }

    private static void log(String format, Object... args) {
        System.out.printf("[ml-serving] " + format + "%n", args);
    }

    void run() throws Exception {
        Map<String, Object> results = BenchSupport.map();
        results.put("load_before", loadAverage());
        String ingestKey = bench.createKey("bench-ml-ingest", "[\"ingest\"]", null);
        String eaKey = bench.createKey("bench-ml-ea", "[\"read\",\"signals\"]", "bench-ml-account");

        // 1. history
        long lastClosed = Instant.now().getEpochSecond() / 60 * 60 - 60;
        long t0 = System.nanoTime();
        for (int i = 0; i < seriesCount; i++) {
            Series s = new Series(SYMBOLS[i], 1000 + i, strength);
            s.nextTs = lastClosed - 60L * (historyBars - 1);
            series.add(s);
            postBars(s, ingestKey, historyBars);
        }
        double seedS = (System.nanoTime() - t0) / 1e9;
        log("seeded %d series x %d bars in %.1f s", seriesCount, historyBars, seedS);
        waitForIndicators(eaKey, lastClosed);
        double indicatorsS = (System.nanoTime() - t0) / 1e9 - seedS;
        log("indicators reached the newest bars %.1f s later", indicatorsS);

        // 2. model
        long t1 = System.nanoTime();
        String symbol = series.get(0).symbol;
        var queued = bench.post("/ml/train", bench.adminKey, "{\"symbol\":\"" + symbol + "\",\"timeframe\":\"M1\","
                + "\"global\":true,\"params\":{\"trees\":" + trees + "}}");
        if (queued.statusCode() != 202) {
            throw new IllegalStateException("POST /ml/train: " + queued.statusCode() + " " + queued.body());
        }
        long jobId = BenchSupport.jsonLong(queued.body(), "job_id");
        String job;
        while (true) {
            job = bench.get("/ml/jobs/" + jobId, bench.adminKey).body();
            String status = BenchSupport.jsonString(job, "status");
            if ("succeeded".equals(status)) {
                break;
            }
            if ("failed".equals(status)) {
                throw new IllegalStateException("training failed: " + job);
            }
            Thread.sleep(250);
        }
        long modelId = BenchSupport.jsonLong(job.substring(job.indexOf("\"result\"")), "model_id");
        var activated = bench.post("/models/" + modelId + "/activate", bench.adminKey, "");
        if (activated.statusCode() != 200) {
            throw new IllegalStateException("activate: " + activated.statusCode() + " " + activated.body());
        }
        String modelJson = bench.get("/models/" + modelId, bench.adminKey).body();
        double threshold = Double.parseDouble(jsonNumber(modelJson, "threshold"));
        log("trained and activated global model %d (threshold %.3f) in %.1f s", modelId, threshold,
                (System.nanoTime() - t1) / 1e9);
        Map<String, Object> model = BenchSupport.map();
        model.put("id", modelId);
        model.put("trees", trees);
        model.put("threshold", threshold);
        model.put("train_seconds", round((System.nanoTime() - t1) / 1e9));
        results.put("model", model);
        Map<String, Object> setup = BenchSupport.map();
        setup.put("series", seriesCount);
        setup.put("history_bars", historyBars);
        setup.put("seed_seconds", round(seedS));
        setup.put("indicators_seconds", round(indicatorsS));
        setup.put("planted_reversion_strength", strength);
        results.put("setup", setup);

        // 3. GET /predict beside GET /latest
        String predict = "/predict?symbol=" + symbol + "&timeframe=M1";
        String latest = "/latest?symbol=" + symbol + "&timeframe=M1";
        try (PlainHttp http = new PlainHttp(bench.baseUrl)) {
            expect(http.get(predict, eaKey), 200, predict);
            interleaved(http, eaKey, predict, latest, predictWarmup, null, null);
        }
        results.put("load_before_predict", loadAverage());
        List<Long> seqPredict = new ArrayList<>();
        List<Long> seqLatest = new ArrayList<>();
        double[] jvm0 = jvmCounters();
        long t2 = System.nanoTime();
        try (PlainHttp http = new PlainHttp(bench.baseUrl)) {
            interleaved(http, eaKey, predict, latest, predictN, seqPredict, seqLatest);
        }
        double seqS = (System.nanoTime() - t2) / 1e9;
        double[] jvm1 = jvmCounters();
        List<Long> conPredict = Collections.synchronizedList(new ArrayList<>());
        List<Long> conLatest = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long t3 = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            futures.add(pool.submit(() -> {
                List<Long> p = new ArrayList<>();
                List<Long> l = new ArrayList<>();
                try (PlainHttp http = new PlainHttp(bench.baseUrl)) {
                    interleaved(http, eaKey, predict, latest, predictN / clients, p, l);
                }
                conPredict.addAll(p);
                conLatest.addAll(l);
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        double conS = (System.nanoTime() - t3) / 1e9;
        double[] jvm2 = jvmCounters();
        pool.shutdown();
        results.put("load_after_predict", loadAverage());
        Map<String, Object> serving = BenchSupport.map();
        serving.put("symbol", symbol);
        serving.put("warmup_pairs", predictWarmup);
        Map<String, Object> sequential = phase(seqPredict, seqLatest, seqS, 1);
        sequential.put("app", jvmDelta(jvm0, jvm1, seqPredict.size()));
        serving.put("sequential", sequential);
        Map<String, Object> concurrent = phase(conPredict, conLatest, conS, clients);
        concurrent.put("app", jvmDelta(jvm1, jvm2, conPredict.size()));
        serving.put("concurrent", concurrent);
        serving.put("active_model_cache_ttl", BenchSupport.env("MT5DB_ML_ACTIVE_MODEL_CACHE_TTL", "2s (default)"));
        results.put("predict", serving);
        log("predict sequential %s", serving.get("sequential"));
        log("predict %d clients %s", clients, serving.get("concurrent"));

        // 4. bar close -> claimable signal
        if (liveMinutes <= 0) {
            results.put("load_after", loadAverage());
            System.out.println("[ml-serving] wrote " + BenchSupport.writeResults("ml-serving", results));
            return;
        }
        results.put("bar_close_to_signal", live(ingestKey, eaKey));
        results.put("load_after", loadAverage());
        log("bar close to claimable signal %s", results.get("bar_close_to_signal"));
        System.out.println("[ml-serving] wrote " + BenchSupport.writeResults("ml-serving", results));
    }

    private Map<String, Object> live(String ingestKey, String eaKey) throws Exception {
        // catch up the minutes missed since the seed (posted at once, not measured)
        long now = Instant.now().getEpochSecond();
        long openMinute = now / 60 * 60;
        for (Series s : series) {
            int missed = (int) ((openMinute - s.nextTs) / 60);
            if (missed > 0) {
                postBars(s, ingestKey, missed);
            }
        }
        long firstMeasured = openMinute;
        log("caught up to %s; live bars from %s for %d minutes", Instant.ofEpochSecond(openMinute - 60),
                Instant.ofEpochSecond(firstMeasured), liveMinutes);
        // drain what the catch-up produced (the first run scores the newest bar only)
        AtomicBoolean stop = new AtomicBoolean();
        Map<String, long[]> seen = new ConcurrentHashMap<>();
        Map<String, String> seenSymbol = new ConcurrentHashMap<>();
        AtomicLong polls = new AtomicLong();
        AtomicLong pollErrors = new AtomicLong();
        List<Long> pollNanos = Collections.synchronizedList(new ArrayList<>());
        Thread poller = new Thread(() -> {
            try (PlainHttp http = new PlainHttp(bench.baseUrl)) {
                while (!stop.get()) {
                    long start = System.nanoTime();
                    try {
                        PlainHttp.Response r = http.get("/signals/next?limit=100", eaKey);
                        long at = System.currentTimeMillis();
                        pollNanos.add(System.nanoTime() - start);
                        polls.incrementAndGet();
                        if (r.status() != 200) {
                            pollErrors.incrementAndGet();
                        } else {
                            record(r.body(), at, seen, seenSymbol);
                        }
                    } catch (IOException e) {
                        pollErrors.incrementAndGet();
                    }
                    long sleep = pollMs - (System.nanoTime() - start) / 1_000_000;
                    if (sleep > 0) {
                        Thread.sleep(sleep);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "signal-poller");
        poller.start();
        Thread ticks = tickLoad(ingestKey, stop);
        List<Long> postMs = new ArrayList<>();
        for (int k = 0; k < liveMinutes; k++) {
            long barTs = firstMeasured + 60L * k;
            long postAt = (barTs + 60) * 1000 + postDelayMs;
            long wait = postAt - System.currentTimeMillis();
            if (wait > 0) {
                Thread.sleep(wait);
            }
            long start = System.nanoTime();
            for (Series s : series) {
                if (s.nextTs != barTs) {
                    throw new IllegalStateException(s.symbol + " is at " + s.nextTs + ", not " + barTs);
                }
                postBars(s, ingestKey, 1);
            }
            postMs.add((System.nanoTime() - start) / 1_000_000);
            log("posted the bar of %s for %d series (%d ms)", Instant.ofEpochSecond(barTs), series.size(),
                    postMs.get(postMs.size() - 1));
        }
        long lastClose = (firstMeasured + 60L * liveMinutes) * 1000 + closeGraceMs;
        Thread.sleep(Math.max(0, lastClose + 15_000 - System.currentTimeMillis()));
        stop.set(true);
        poller.join();
        ticks.join();

        List<Long> claimable = new ArrayList<>();
        List<Long> created = new ArrayList<>();
        int early = 0;
        for (Map.Entry<String, long[]> e : seen.entrySet()) {
            long barTs = e.getValue()[1];
            if (barTs < firstMeasured * 1000) {
                continue;
            }
            long close = barTs + 60_000 + closeGraceMs;
            claimable.add(e.getValue()[0] - close);
            created.add(e.getValue()[2] - close);
            if (e.getValue()[0] < close) {
                early++;
            }
        }
        Map<String, Object> out = BenchSupport.map();
        out.put("series", series.size());
        out.put("live_minutes", liveMinutes);
        out.put("bars_posted_live", series.size() * liveMinutes);
        out.put("signals_of_live_bars", claimable.size());
        out.put("close_grace_ms", closeGraceMs);
        out.put("post_delay_ms_after_bucket_end", postDelayMs);
        out.put("poll_interval_ms", pollMs);
        out.put("background_ticks_per_s", ticksPerSecond);
        out.put("background_tick_symbols", tickSymbols);
        out.put("claimable_ms", statsMs(claimable));
        out.put("created_at_ms", statsMs(created));
        out.put("signals_seen_before_close", early);
        out.put("polls", polls.get());
        out.put("poll_errors", pollErrors.get());
        out.put("poll_ms", statsNs(pollNanos));
        out.put("post_bars_ms", statsMs(postMs));
        out.put("inference_skipped", skippedCounters());
        return out;
    }

    /** Background ticks of other symbols at a steady rate, in batches every 100 ms. */
    private Thread tickLoad(String ingestKey, AtomicBoolean stop) {
        Thread t = new Thread(() -> {
            if (ticksPerSecond <= 0) {
                return;
            }
            Random random = new Random(7);
            double[] bid = new double[tickSymbols];
            java.util.Arrays.fill(bid, 1.2);
            int perBatch = Math.max(1, ticksPerSecond / 10);
            try (PlainHttp http = new PlainHttp(bench.baseUrl)) {
                long next = System.currentTimeMillis();
                while (!stop.get()) {
                    StringBuilder body = new StringBuilder("{\"ticks\":[");
                    long ms = System.currentTimeMillis();
                    for (int i = 0; i < perBatch; i++) {
                        int s = i % tickSymbols;
                        bid[s] = Math.max(0.5, bid[s] + 1e-5 * random.nextGaussian());
                        if (i > 0) {
                            body.append(',');
                        }
                        body.append(String.format(Locale.ROOT, "{\"symbol\":\"TICK%s\",\"ts_msc\":%d,\"bid\":%.5f,\"ask\":%.5f}",
                                (char) ('A' + s / 26) + "" + (char) ('A' + s % 26), ms, bid[s], bid[s] + 0.00002));
                    }
                    body.append("]}");
                    try {
                        http.post("/ingest/tick", ingestKey, body.toString());
                    } catch (IOException e) {
                        // counted by the server's own metrics; the run goes on
                    }
                    next += 100;
                    long sleep = next - System.currentTimeMillis();
                    if (sleep > 0) {
                        Thread.sleep(sleep);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "tick-load");
        t.start();
        return t;
    }

    /** Records each signal of a poll response: first sight (wall ms), bar ts (ms), created_at (ms). */
    private static void record(String body, long at, Map<String, long[]> seen, Map<String, String> seenSymbol) {
        Matcher m = ID.matcher(body);
        List<Integer> starts = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        while (m.find()) {
            starts.add(m.start());
            ids.add(m.group(1));
        }
        for (int i = 0; i < ids.size(); i++) {
            String item = body.substring(starts.get(i), i + 1 < starts.size() ? starts.get(i + 1) : body.length());
            Matcher bar = BAR_TS.matcher(item);
            Matcher created = CREATED.matcher(item);
            Matcher symbol = SYMBOL.matcher(item);
            if (bar.find() && created.find()) {
                seen.putIfAbsent(ids.get(i), new long[] {at, Instant.parse(bar.group(1)).toEpochMilli(),
                    Instant.parse(created.group(1)).toEpochMilli()});
                if (symbol.find()) {
                    seenSymbol.putIfAbsent(ids.get(i), symbol.group(1));
                }
            }
        }
    }

    private Map<String, Object> skippedCounters() {
        Map<String, Object> out = BenchSupport.map();
        try {
            String metrics = bench.get("/metrics", bench.adminKey).body();
            for (String line : metrics.split("\n")) {
                if (line.startsWith("ml_inference_skipped_total{")) {
                    Matcher m = Pattern.compile("reason=\"([^\"]+)\"").matcher(line);
                    if (m.find()) {
                        out.put(m.group(1), Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
                    }
                }
            }
        } catch (Exception e) {
            out.put("error", e.toString());
        }
        return out;
    }

    /** The app's young-GC pause count and seconds, allocated bytes (from /metrics) and its JVM's CPU seconds. */
    private double[] jvmCounters() {
        double count = 0;
        double sum = 0;
        double allocated = 0;
        try {
            for (String line : bench.get("/metrics", bench.adminKey).body().split("\n")) {
                double v = line.startsWith("#") || line.isBlank() ? 0
                        : Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                if (line.startsWith("jvm_gc_pause_seconds_count{")) {
                    count += v;
                } else if (line.startsWith("jvm_gc_pause_seconds_sum{")) {
                    sum += v;
                } else if (line.startsWith("jvm_gc_memory_allocated_bytes_total")) {
                    allocated = v;
                }
            }
        } catch (Exception e) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        }
        double cpu = Double.NaN;
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + BenchSupport.env("APP_PID", "x") + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            cpu = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        } catch (Exception e) {
            // no /proc or no APP_PID: CPU not reported
        }
        return new double[] {count, sum, allocated, cpu};
    }

    private static Map<String, Object> jvmDelta(double[] a, double[] b, int pairs) {
        Map<String, Object> out = BenchSupport.map();
        out.put("gc_pauses", b[0] - a[0]);
        out.put("gc_pause_ms_total", round((b[1] - a[1]) * 1000));
        out.put("allocated_kib_per_pair", round((b[2] - a[2]) / 1024 / pairs));
        out.put("app_cpu_ms_per_pair", round((b[3] - a[3]) * 1000 / pairs));
        return out;
    }

    private void postBars(Series s, String key, int n) throws Exception {
        int batch = 5000;
        for (int done = 0; done < n; done += batch) {
            StringBuilder body = new StringBuilder("[");
            for (int i = done; i < Math.min(n, done + batch); i++) {
                if (i > done) {
                    body.append(',');
                }
                body.append(s.next());
            }
            body.append(']');
            var r = bench.post("/ingest_batch", key, body.toString().getBytes(StandardCharsets.UTF_8));
            if (r.statusCode() != 200 || BenchSupport.jsonLong(r.body(), "rejected") != 0) {
                throw new IllegalStateException("ingest_batch " + s.symbol + ": " + r.statusCode() + " "
                        + r.body().substring(0, Math.min(2000, r.body().length())));
            }
        }
    }

    private void waitForIndicators(String key, long lastClosed) throws Exception {
        String expectTs = "\"ts\":\"" + Instant.ofEpochSecond(lastClosed) + "\"";
        long deadline = System.currentTimeMillis() + 600_000;
        for (Series s : series) {
            while (true) {
                String body = bench.get("/latest?symbol=" + s.symbol + "&timeframe=M1", key).body();
                if (body.contains(expectTs) && body.contains("\"atr\":") && !body.contains("\"atr\":null")) {
                    break;
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("indicators of " + s.symbol + " not computed: " + body);
                }
                Thread.sleep(200);
            }
        }
    }

    /** n pairs of (predict, latest) on one client; the latencies go to the lists when given. */
    private static void interleaved(PlainHttp http, String key, String predict, String latest, int n, List<Long> p,
            List<Long> l) throws IOException {
        for (int i = 0; i < n; i++) {
            long a = System.nanoTime();
            expect(http.get(predict, key), 200, predict);
            long b = System.nanoTime();
            expect(http.get(latest, key), 200, latest);
            long c = System.nanoTime();
            if (p != null) {
                p.add(b - a);
                l.add(c - b);
            }
        }
    }

    private static void expect(PlainHttp.Response r, int status, String what) {
        if (r.status() != status) {
            throw new IllegalStateException(what + ": " + r.status() + " " + r.body());
        }
    }

    private static Map<String, Object> phase(List<Long> predict, List<Long> latest, double seconds, int clients) {
        Map<String, Object> out = BenchSupport.map();
        out.put("clients", clients);
        out.put("requests", predict.size());
        out.put("seconds", round(seconds));
        out.put("pairs_per_s", round(predict.size() / seconds));
        out.put("predict_ms", statsNs(predict));
        out.put("latest_ms", statsNs(latest));
        return out;
    }

    /** p50/p95/p99/min/max in ms of nanosecond latencies. */
    private static Map<String, Object> statsNs(List<Long> nanos) {
        return stats(nanos, 1e6);
    }

    /** p50/p95/p99/min/max of millisecond values. */
    private static Map<String, Object> statsMs(List<Long> ms) {
        return stats(ms, 1);
    }

    private static Map<String, Object> stats(List<Long> values, double perMs) {
        long[] a = new long[values.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = values.get(i);
        }
        Map<String, Object> out = BenchSupport.map();
        out.put("n", a.length);
        if (a.length == 0) {
            return out;
        }
        java.util.Arrays.sort(a);
        out.put("p50", pct(a, 50, perMs));
        out.put("p95", pct(a, 95, perMs));
        out.put("p99", pct(a, 99, perMs));
        out.put("min", round(a[0] / perMs));
        out.put("max", round(a[a.length - 1] / perMs));
        return out;
    }

    private static double pct(long[] sorted, double p, double perMs) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return round(sorted[Math.max(0, Math.min(sorted.length - 1, index))] / perMs);
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static String jsonNumber(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":(-?[0-9.eE+-]+)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + field + " in " + json);
        }
        return m.group(1);
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
