package io.mt5db.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live stream benchmark (issue 22): C stream clients (GET /stream?types=candle&timeframes=M1) while
 * ticks are posted at R ticks/s over loopback, one sender per symbol. Latency of a POST on a client:
 * from the POST's start to the first M1 candle event of that symbol and minute whose volume counts
 * the POST's ticks (each sender posts its symbol's ticks in order, so volume = ticks posted so far).
 * Memory: the app's RSS idle, during the same tick load without clients, and during the load with
 * the clients. Writes bench/results/stream-DATE.json.
 */
public final class StreamBench {

    private final BenchSupport support = new BenchSupport();
    private final int clients = intEnv("BENCH_STREAM_CLIENTS", 200);
    private final int ticksPerSecond = intEnv("BENCH_TICKS_PER_SECOND", 20_000);
    private final int symbols = intEnv("BENCH_SYMBOLS", 10);
    private final int tickBatch = intEnv("BENCH_TICK_BATCH", 200);
    private final int seconds = intEnv("BENCH_SECONDS", 30);
    private final int baselineSeconds = intEnv("BENCH_BASELINE_SECONDS", 20);
    private final long appPid = Long.parseLong(BenchSupport.env("APP_PID", "0"));
    private final String tag = Long.toString(System.currentTimeMillis() % 100_000, 36).toUpperCase(Locale.ROOT);

    static int intEnv(String name, int fallback) {
        return Integer.parseInt(BenchSupport.env(name, Integer.toString(fallback)));
    }

    /** One POST: its symbol, minute, the symbol's tick count in that minute after it, and when it started. */
    record Post(int symbol, long minute, long cumulative, long startNanos) {
    }

    /** A candle event as one client saw it. */
    record Seen(long volume, long nanos) {
    }

    public static void main(String[] args) throws Exception {
        new StreamBench().run();
    }

    void run() throws Exception {
        String key = support.createKey("stream-bench-" + tag, "[\"ingest\",\"read\"]", null);
        Map<String, Object> results = BenchSupport.map();
        results.put("date", Instant.now().toString());
        results.put("load_average_before", loadAverage());
        Map<String, Object> setup = BenchSupport.map();
        setup.put("stream_clients", clients);
        setup.put("ticks_per_second", ticksPerSecond);
        setup.put("symbols", symbols);
        setup.put("tick_batch", tickBatch);
        setup.put("seconds", seconds);
        setup.put("jvm_options", BenchSupport.env("APP_JVM_OPTIONS", ""));
        setup.put("cpus", Runtime.getRuntime().availableProcessors());
        results.put("setup", setup);

        log("warm-up: 10 s of ticks");
        send(key, "W", 10, null);
        Thread.sleep(5_000);
        long idleKb = ProcessStats.rssKb(appPid);
        log("idle RSS %d MB", idleKb / 1024);

        log("baseline: %d s of %,d ticks/s, no stream client", baselineSeconds, ticksPerSecond);
        RssSampler baselineRss = new RssSampler(appPid);
        SendResult baseline = send(key, "B", baselineSeconds, null);
        baselineRss.stop();
        Thread.sleep(5_000);
        long idleAfterBaselineKb = ProcessStats.rssKb(appPid);

        log("connecting %d stream clients", clients);
        List<Client> streams = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            streams.add(new Client(key, "symbols=" + symbolList("S") + "&types=candle&timeframes=M1"));
        }
        for (Client c : streams) {
            if (!c.connected.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("a stream client got no heartbeat within 30 s");
            }
        }
        Thread.sleep(3_000);
        long idleWithClientsKb = ProcessStats.rssKb(appPid);
        log("measured: %d s of %,d ticks/s, %d clients", seconds, ticksPerSecond, clients);
        RssSampler loadRss = new RssSampler(appPid);
        SendResult measured = send(key, "S", seconds, streams);
        // the last minute's candle events come after the next aggregation and stream poll
        Thread.sleep(5_000);
        loadRss.stop();
        long[] latencies = latencies(measured.posts, streams);
        long missing = (long) measured.posts.size() * streams.size() - latencies.length;
        for (Client c : streams) {
            c.close();
        }

        Map<String, Object> tick = BenchSupport.map();
        tick.put("baseline_ticks_per_second", baseline.ticks / (double) baselineSeconds);
        tick.put("measured_ticks_per_second", measured.ticks / (double) seconds);
        tick.put("post_p95_ms", BenchSupport.percentileMs(measured.postNanos(), 95));
        results.put("ingest", tick);
        Map<String, Object> latency = BenchSupport.map();
        latency.put("samples", latencies.length);
        latency.put("posts", measured.posts.size());
        latency.put("missing", missing);
        latency.put("p50_ms", BenchSupport.percentileMs(latencies, 50));
        latency.put("p95_ms", BenchSupport.percentileMs(latencies, 95));
        latency.put("p99_ms", BenchSupport.percentileMs(latencies, 99));
        latency.put("max_ms", BenchSupport.percentileMs(latencies, 100));
        latency.put("events_per_client_avg", streams.stream().mapToLong(c -> c.events.get()).average().orElse(0));
        results.put("tick_post_to_candle_event", latency);
        Map<String, Object> memory = BenchSupport.map();
        memory.put("idle_rss_mb", idleKb / 1024.0);
        memory.put("baseline_load_max_rss_mb", baselineRss.maxKb() / 1024.0);
        memory.put("idle_after_baseline_rss_mb", idleAfterBaselineKb / 1024.0);
        memory.put("idle_with_clients_rss_mb", idleWithClientsKb / 1024.0);
        memory.put("load_with_clients_max_rss_mb", loadRss.maxKb() / 1024.0);
        memory.put("growth_over_idle_mb", (loadRss.maxKb() - idleKb) / 1024.0);
        memory.put("growth_over_baseline_load_mb", (loadRss.maxKb() - baselineRss.maxKb()) / 1024.0);
        results.put("memory", memory);
        HttpResponse<String> metrics = support.get("/metrics", null);
        Map<String, Object> server = BenchSupport.map();
        for (String line : metrics.body().split("\n")) {
            if (line.startsWith("stream_")) {
                server.put(line.substring(0, line.lastIndexOf(' ')), Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
            }
        }
        results.put("server_metrics", server);
        Map<String, Object> targets = BenchSupport.map();
        targets.put("p95_le_2000_ms", BenchSupport.percentileMs(latencies, 95) <= 2000 && missing == 0);
        targets.put("rss_growth_le_50_mb", (loadRss.maxKb() - idleKb) / 1024.0 <= 50);
        results.put("targets", targets);
        results.put("load_average_after", loadAverage());
        Path file = BenchSupport.writeResults(BenchSupport.env("BENCH_RESULTS_NAME", "stream"), results);
        System.out.println(BenchSupport.toJson(results, ""));
        System.out.println("results: " + file);
    }

    String symbolList(String phase) {
        List<String> names = new ArrayList<>();
        for (int s = 0; s < symbols; s++) {
            names.add(symbol(phase, s));
        }
        return String.join(",", names);
    }

    String symbol(String phase, int s) {
        return "ST" + tag + phase + s;
    }

    record SendResult(List<Post> posts, long ticks, List<Long> postDurations) {
        long[] postNanos() {
            return postDurations.stream().mapToLong(Long::longValue).toArray();
        }
    }

    /** One sender per symbol, each posting a batch every symbols * batch / rate seconds. */
    SendResult send(String key, String phase, int durationSeconds, List<Client> streams) throws Exception {
        List<Post> posts = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Long> durations = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicLong ticks = new AtomicLong();
        long periodNanos = (long) (1e9 * symbols * tickBatch / ticksPerSecond);
        long start = System.nanoTime();
        long end = start + durationSeconds * 1_000_000_000L;
        List<Thread> senders = new ArrayList<>();
        for (int s = 0; s < symbols; s++) {
            int symbolIndex = s;
            Thread t = new Thread(() -> {
                String symbol = symbol(phase, symbolIndex);
                Map<Long, Long> perMinute = new HashMap<>();
                long next = start + periodNanos * symbolIndex / symbols;
                long counter = 0;
                try (PlainHttp http = new PlainHttp(support.baseUrl)) {
                    while (next < end) {
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                        long nowMs = System.currentTimeMillis();
                        StringBuilder body = new StringBuilder(tickBatch * 80).append("{\"ticks\":[");
                        for (int i = 0; i < tickBatch; i++) {
                            double bid = 1.1 + (counter++ % 100_000) * 1e-7;
                            body.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT,
                                    "{\"symbol\":\"%s\",\"ts_msc\":%d,\"bid\":%.7f,\"ask\":%.7f}", symbol, nowMs, bid,
                                    bid + 0.0002));
                        }
                        body.append("]}");
                        long postStart = System.nanoTime();
                        PlainHttp.Response response = http.post("/ingest/tick?details=none", key, body.toString());
                        if (response.status() != 200) {
                            throw new IllegalStateException("tick POST answered " + response.status() + ": " + response.body());
                        }
                        durations.add(System.nanoTime() - postStart);
                        long minute = Math.floorDiv(nowMs, 60_000L);
                        long cumulative = perMinute.merge(minute, (long) tickBatch, Long::sum);
                        posts.add(new Post(symbolIndex, minute, cumulative, postStart));
                        ticks.addAndGet(tickBatch);
                        next += periodNanos;
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "sender-" + s);
            t.start();
            senders.add(t);
        }
        for (Thread t : senders) {
            t.join();
        }
        return new SendResult(posts, ticks.get(), durations);
    }

    long[] latencies(List<Post> posts, List<Client> streams) {
        List<Long> out = new ArrayList<>();
        for (Client c : streams) {
            for (Post p : posts) {
                List<Seen> seen = c.seen.get(symbol("S", p.symbol) + "@" + p.minute);
                if (seen == null) {
                    continue;
                }
                synchronized (seen) {
                    for (Seen s : seen) {
                        if (s.volume >= p.cumulative) {
                            out.add(s.nanos - p.startNanos);
                            break;
                        }
                    }
                }
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /** A raw HTTP/1.1 stream reader on its own thread: records every candle event's series, minute and volume. */
    final class Client implements AutoCloseable {
        final CountDownLatch connected = new CountDownLatch(1);
        final Map<String, List<Seen>> seen = new ConcurrentHashMap<>();
        final AtomicLong events = new AtomicLong();
        private final Socket socket = new Socket();

        Client(String key, String query) throws IOException {
            URI uri = URI.create(support.baseUrl);
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /stream?" + query + " HTTP/1.1\r\nHost: " + uri.getHost() + "\r\nAccept: text/event-stream\r\n"
                    + "X-API-Key: " + key + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread reader = new Thread(this::read, "stream-client");
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                String event = "";
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("event:")) {
                        event = line.substring(6).strip();
                        if (event.equals("heartbeat")) {
                            connected.countDown();
                        }
                    } else if (line.startsWith("data:") && event.equals("candle")) {
                        long now = System.nanoTime();
                        String data = line.substring(5).strip();
                        String ts = BenchSupport.jsonString(data, "ts");
                        long minute = Math.floorDiv(Instant.parse(ts).toEpochMilli(), 60_000L);
                        String key = BenchSupport.jsonString(data, "symbol") + "@" + minute;
                        List<Seen> list = seen.computeIfAbsent(key, k -> new ArrayList<>());
                        synchronized (list) {
                            list.add(new Seen(BenchSupport.jsonLong(data, "volume"), now));
                        }
                        events.incrementAndGet();
                    }
                }
            } catch (IOException e) {
                // closed
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** The app's RSS every 250 ms while a phase runs. */
    static final class RssSampler {
        private final AtomicLong max = new AtomicLong();
        private volatile boolean running = true;
        private final Thread thread;

        RssSampler(long pid) {
            thread = new Thread(() -> {
                while (running) {
                    max.accumulateAndGet(ProcessStats.rssKb(pid), Math::max);
                    try {
                        Thread.sleep(250);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "rss-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }

        long maxKb() {
            return max.get();
        }
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    static void log(String format, Object... args) {
        System.out.println("[stream-bench] " + String.format(Locale.ROOT, format, args));
    }
}
