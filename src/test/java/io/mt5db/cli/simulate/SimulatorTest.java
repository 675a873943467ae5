package io.mt5db.cli.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mt5db.cli.importing.ImportFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulated EA against a scripted server: what it sends, how it waits, what it never repeats. */
class SimulatorTest {

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> userAgents = new CopyOnWriteArrayList<>();
    private final List<String> offsets = new CopyOnWriteArrayList<>();
    private final AtomicInteger ingestCalls = new AtomicInteger();

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(ex.getRequestMethod() + " " + ex.getRequestURI());
        bodies.add(body);
        userAgents.add(ex.getRequestHeaders().getFirst("User-Agent"));
        offsets.add(ex.getRequestHeaders().getFirst("X-Broker-Offset"));
        String answer;
        int status = 200;
        switch (path) {
            case "/ingest/cursor" -> answer = "{\"symbol\":\"EURUSD\",\"timeframe\":\"M1\",\"ts\":\"2025-10-20T03:00:00Z\"}";
            case "/ingest_batch" -> {
                if (ingestCalls.getAndIncrement() == 0) {
                    ex.getResponseHeaders().add("Retry-After", "1");
                    status = 429;
                    answer = "{\"title\":\"Too Many Requests\"}";
                } else {
                    answer = "{\"ok\":true,\"received\":2,\"inserted\":2,\"updated\":0,\"duplicates\":0,\"rejected\":0,\"details\":[]}";
                }
            }
            // the same signal on every poll, as a server whose lease ran out would redeliver it
            case "/signals/next" -> answer = "{\"signals\":[{\"id\":\"0b7f0a8e-6c1e-4c55-9d6a-2f1f3c0e9a11\",\"symbol\":\"EURUSD\","
                    + "\"timeframe\":\"M1\",\"side\":\"BUY\",\"lots\":0.1,\"delivery_attempt\":1}]}";
            case "/signals/ack" -> answer = "{\"status\":\"SKIPPED\"}";
            default -> answer = "{}";
        }
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    private SimulatorOptions options(Path file, boolean poll, Duration duration, Path state) {
        return new SimulatorOptions("http://127.0.0.1:" + server.getAddress().getPort(), "k", file, ImportFormat.AUTO,
                "EURUSD", "M1", "+02:00", 0, null, 500, List.of("A1"), List.of(), poll, false, duration,
                Duration.ofMillis(100), 1.0, 10, Set.of(), state);
    }

    @Test
    void backfillsAfterTheCursorAsTheEaWouldAndWaitsOutA429() throws Exception {
        Path file = Files.write(dir.resolve("bars.csv"), List.of(
                "<DATE>\t<TIME>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\t<TICKVOL>\t<VOL>\t<SPREAD>",
                "2025.10.20\t04:59:00\t1.08550\t1.08570\t1.08540\t1.08560\t150\t0\t12",
                "2025.10.20\t05:00:00\t1.08550\t1.08570\t1.08540\t1.08560\t150\t0\t12",
                "2025.10.20\t05:01:00\t1.08560\t1.08580\t1.08550\t1.08570\t120\t0\t11",
                "2025.10.20\t05:02:00\t1.08560\t1.08580\t1.08550\t1.08570\t120\t0\t11"));
        long started = System.nanoTime();
        SimulationReport report = new Simulator(options(file, false, null, null), new PrintStream(new ByteArrayOutputStream()))
                .run();
        assertTrue(System.nanoTime() - started >= 900_000_000L, "waited the Retry-After second");
        assertEquals(1, report.retriesHonoured);
        assertEquals(2, report.skippedBeforeCursor, "04:59 and 05:00 (+02:00) are at or before the cursor 03:00Z");
        assertEquals(2, report.candlesSent);
        assertEquals(List.of("PUT /symbols/EURUSD", "GET /ingest/cursor?symbol=EURUSD&timeframe=M1",
                "POST /ingest_batch?details=errors", "POST /ingest_batch?details=errors"), requests);
        assertTrue(bodies.get(0).contains("\"digits\":5"), bodies.get(0));
        String batch = bodies.get(3);
        assertTrue(batch.contains("\"ts\":\"2025.10.20 05:01:00\""), "broker time, as the EA sends it: " + batch);
        assertTrue(batch.contains("\"spread_points\":\"11\""), batch);
        assertTrue(!batch.endsWith("\u0000"), "no trailing NUL");
        assertEquals("MT5TradingDB-EA/1.0 (simulator)", userAgents.get(2));
        assertEquals("+02:00", offsets.get(2));
    }

    @Test
    void anAcceleratedReplaySendsEachBarOnceItHasClosed() throws Exception {
        Path file = Files.write(dir.resolve("replay.csv"), List.of(
                "<DATE>\t<TIME>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\t<TICKVOL>\t<VOL>\t<SPREAD>",
                "2025.10.20\t05:01:00\t1.08550\t1.08570\t1.08540\t1.08560\t150\t0\t12",
                "2025.10.20\t05:02:00\t1.08560\t1.08580\t1.08550\t1.08570\t120\t0\t11",
                "2025.10.20\t05:03:00\t1.08560\t1.08580\t1.08550\t1.08570\t120\t0\t11"));
        ingestCalls.set(1); // no 429 this time
        SimulatorOptions replay = new SimulatorOptions("http://127.0.0.1:" + server.getAddress().getPort(), "k", file,
                ImportFormat.AUTO, "EURUSD", "M1", "+02:00", 60, null, 500, List.of("A1"), List.of(), false, false, null,
                Duration.ofMillis(100), 1.0, 10, Set.of(), null);
        long started = System.nanoTime();
        SimulationReport report = new Simulator(replay, new PrintStream(new ByteArrayOutputStream())).run();
        double seconds = (System.nanoTime() - started) / 1e9;
        assertEquals(3, report.candlesSent);
        assertEquals(3, report.ingestRequests, "one bar per simulated minute, a second apart at 60x");
        assertTrue(seconds >= 1.9 && seconds < 10, "took " + seconds + " s");
    }

    @Test
    void aRedeliveredSignalIsNeverAckedTwiceNotEvenAfterARestart() throws Exception {
        Path state = dir.resolve("acked.txt");
        SimulationReport first = new Simulator(options(null, true, Duration.ofMillis(450), state),
                new PrintStream(new ByteArrayOutputStream())).run();
        assertTrue(first.polls >= 3, first.render());
        assertEquals(java.util.Map.of("SKIPPED", 1L), first.acks, "dry run by default");
        assertEquals(first.polls - 1, first.redeliveriesIgnored);
        SimulationReport restarted = new Simulator(options(null, true, Duration.ofMillis(250), state),
                new PrintStream(new ByteArrayOutputStream())).run();
        assertTrue(restarted.acks.isEmpty(), "the persisted id is not acked again: " + restarted.render());
        assertEquals(1, requests.stream().filter(r -> r.startsWith("POST /signals/ack")).count());
        String ack = bodies.get(requests.indexOf("POST /signals/ack"));
        assertTrue(ack.contains("\"status\":\"SKIPPED\"") && ack.contains("\"account_id\":\"A1\""), ack);
    }
}
