package io.mt5db.ops;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mt5db.ingest.IngestMemory;
import io.mt5db.testing.Api;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 20, slow clients: one key's share of the ingest body budget (its slow bodies cannot starve
 * another key), and the minimum body rate (a trickling body is cut with 408 long before the
 * whole-body deadline, and gives its share of the budget back).
 */
@QuarkusTest
@TestProfile(BodyFairnessTest.Fair.class)
class BodyFairnessTest {

    private static final int MAX_BODY = 1024 * 1024;

    public static class Fair implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // 8 MiB of body memory, one key at most 1 MiB of it (one largest body); the whole-body
            // deadline far away, so only the minimum rate can cut a trickling body within the test.
            return Map.of("mt5db.ingest.body-memory-budget", Integer.toString(8 * MAX_BODY),
                    "mt5db.ingest.max-body-bytes", Integer.toString(MAX_BODY),
                    "mt5db.ingest.body-memory-share", "0.125",
                    "mt5db.http.body-prefetch.body-deadline", "PT60S",
                    "mt5db.http.body-prefetch.min-body-rate", "1024",
                    "mt5db.http.body-prefetch.min-body-rate-grace", "PT2S");
        }
    }

    @TestHTTPResource("/")
    URL baseUrl;

    @Inject
    IngestMemory memory;

    /** A request whose headers and first {@code first} bytes are sent at once; the rest is up to the caller. */
    private Socket open(String key, long contentLength, byte[] first) throws IOException {
        Socket socket = new Socket(baseUrl.getHost(), baseUrl.getPort());
        socket.setSoTimeout(200);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /ingest_batch HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nX-API-Key: " + key
                + "\r\nContent-Length: " + contentLength + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(first);
        out.flush();
        return socket;
    }

    /** The start of a candle list whose first item carries a long padding string, still open. */
    private static byte[] openBody(int bytes) {
        String head = "[{\"symbol\":\"SLOWKEY\",\"pad\":\"";
        return (head + "x".repeat(bytes - head.length())).getBytes(StandardCharsets.US_ASCII);
    }

    /** Whatever the server answered within the wait (status line and headers), "" when nothing, "closed" when it closed without a word. */
    private static String answer(Socket socket, long waitMillis) throws IOException {
        long end = System.currentTimeMillis() + waitMillis;
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (System.currentTimeMillis() < end) {
            try {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                got.write(b);
                if (got.toString(StandardCharsets.US_ASCII).contains("\r\n\r\n")) {
                    break;
                }
            } catch (SocketTimeoutException e) {
                // keep waiting
            } catch (IOException e) {
                break;
            }
        }
        String text = got.toString(StandardCharsets.US_ASCII);
        return text.isEmpty() && System.currentTimeMillis() < end ? "closed" : text;
    }

    @Test
    void oneKeysSlowBodiesHoldAtMostItsShareAndAnotherKeysIngestIsServedAtOnce() throws Exception {
        String hog = Api.createKey("hog", "ingest", null);
        String other = Api.createKey("other", "ingest", null);
        // Both keys have ingested once (the app is warm, the keys are known) before the slow bodies come.
        Api.withKey(hog).contentType("application/json").body("[]").post("/ingest_batch").then().statusCode(200);
        Api.withKey(other).contentType("application/json").body("[" + Api.m1(Api.uniqueSymbol("WARM"), "\"2024-05-01T09:00:00Z\"") + "]")
                .post("/ingest_batch").then().statusCode(200);
        assertEquals(MAX_BODY, memory.maxPerHolderBytes());
        List<Socket> slow = new ArrayList<>();
        try {
            // Ten bodies of 900 KB each, sent at once up to their last few bytes: without a share per key
            // they would hold the whole 8 MiB budget and every other key would wait and get 503.
            for (int i = 0; i < 10; i++) {
                slow.add(open(hog, 920_000, openBody(900_000)));
            }
            int refused = 0;
            List<String> answers = new ArrayList<>();
            for (Socket socket : slow) {
                String answer = answer(socket, 3000);
                answers.add(answer.isEmpty() ? "(none)" : answer.lines().findFirst().orElse(""));
                if (answer.startsWith("HTTP/1.1 429")) {
                    refused++;
                    assertTrue(answer.contains("Retry-After: 1"), "429 says when to retry: " + answer);
                }
            }
            // Which bodies hold part of the share depends on how their reads interleave; together they
            // fit in 1 MiB, so at most two of these 900 KB bodies are still being read.
            assertTrue(refused >= 8, "the key's bodies past its 1 MiB share are refused: " + answers);
            assertTrue(memory.totalBytes() - memory.availableBytes() <= MAX_BODY,
                    "the key holds at most its share: " + (memory.totalBytes() - memory.availableBytes()));

            String s = Api.uniqueSymbol("FAIR");
            long start = System.nanoTime();
            Api.withKey(other).contentType("application/json").body("[" + Api.m1(s, "\"2024-05-01T10:00:00Z\"") + "]")
                    .post("/ingest_batch").then().statusCode(200).body("inserted", equalTo(1));
            long millis = (System.nanoTime() - start) / 1_000_000;
            // Starved, it would wait for the budget (1 s in tests) and get 503; the bound only catches a hang, since
            // on a loaded shared 2-core host one request can take seconds.
            assertTrue(millis < 10_000, "another key's ingest is served at once, took " + millis + " ms");
            // A further body of the same key, already holding its share, is refused at once.
            try (Socket extra = open(hog, 920_000, openBody(200_000))) {
                String answer = answer(extra, 3000);
                assertTrue(answer.startsWith("HTTP/1.1 429") && answer.contains("Retry-After: 1"),
                        "the key's extra body gets 429 with Retry-After: " + answer);
            }
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
        awaitBudgetFree();
        Api.withKey(hog).contentType("application/json").body("[" + Api.m1(Api.uniqueSymbol("FAIR"), "\"2024-05-01T10:01:00Z\"") + "]")
                .post("/ingest_batch").then().statusCode(200).body("inserted", equalTo(1));
    }

    @Test
    void aBodyTricklingBelowTheMinimumRateIsCutWith408AndGivesItsShareBack() throws Exception {
        awaitBudgetFree();
        long start = System.nanoTime();
        // A streamed body (over the prefetch limit) and a prefetched one (small, known key), both
        // trickling 20 bytes every 200 ms (100 B/s against a minimum of 1 KiB/s).
        try (Socket streamed = open(Api.EA_KEY, 500_000, openBody(100));
                Socket prefetched = open(Api.EA_KEY, 5_000, openBody(100))) {
            String streamedAnswer = "";
            String prefetchedAnswer = "";
            byte[] drip = "xxxxxxxxxxxxxxxxxxxx".getBytes(StandardCharsets.US_ASCII);
            while ((streamedAnswer.isEmpty() || prefetchedAnswer.isEmpty()) && System.nanoTime() - start < 20_000_000_000L) {
                if (streamedAnswer.isEmpty()) {
                    streamed.getOutputStream().write(drip);
                    streamedAnswer = answer(streamed, 100);
                }
                if (prefetchedAnswer.isEmpty()) {
                    prefetched.getOutputStream().write(drip);
                    prefetchedAnswer = answer(prefetched, 100);
                }
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            streamedAnswer += answer(streamed, 2000);
            prefetchedAnswer += answer(prefetched, 2000);
            for (String answer : List.of(streamedAnswer, prefetchedAnswer)) {
                assertTrue(answer.startsWith("HTTP/1.1 408"), "a trickling body is cut with 408: " + answer);
                assertTrue(answer.toLowerCase().contains("connection: close"), answer);
            }
            assertTrue(millis >= 2000 && millis < 8000, "cut after the 2 s grace, long before the 60 s deadline: " + millis);
        }
        awaitBudgetFree();
        String metrics = Api.ea().get("/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("http_body_timeouts_total{") && l.contains("reason=\"min_rate\"")
                && !l.endsWith(" 0.0")), "the cut is counted by reason: "
                + metrics.lines().filter(l -> l.contains("timeouts")).toList());
    }

    @Test
    void aSlowButSteadyBodyAboveTheMinimumRateIsServed() throws Exception {
        String s = Api.uniqueSymbol("STEADY");
        String body = "[" + Api.m1(s, "\"2024-05-01T10:00:00Z\"") + "," + " ".repeat(16_000) + Api.m1(s, "\"2024-05-01T10:01:00Z\"") + "]";
        byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
        try (Socket socket = open(Api.EA_KEY, bytes.length, new byte[0])) {
            // About 4 KiB/s for four seconds: slow, but over the minimum rate of 1 KiB/s.
            int step = 800;
            for (int from = 0; from < bytes.length; from += step) {
                socket.getOutputStream().write(bytes, from, Math.min(step, bytes.length - from));
                socket.getOutputStream().flush();
                Thread.sleep(200);
            }
            String answer = answer(socket, 5000);
            assertTrue(answer.startsWith("HTTP/1.1 200"), "served: " + answer);
        }
        Api.ea().get("/candles?symbol=" + s + "&timeframe=M1&from=2024-05-01T00:00:00Z&to=2024-05-02T00:00:00Z")
                .then().statusCode(200).body(containsString("2024-05-01T10:01:00Z"));
    }

    private void awaitBudgetFree() throws InterruptedException {
        long end = System.currentTimeMillis() + 10_000;
        while (memory.availableBytes() != memory.totalBytes() && System.currentTimeMillis() < end) {
            Thread.sleep(50);
        }
        assertEquals(memory.totalBytes(), memory.availableBytes(), "every body's share of the budget was given back");
    }
}
