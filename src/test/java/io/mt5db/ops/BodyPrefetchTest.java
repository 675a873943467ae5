package io.mt5db.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mt5db.testing.Api;
import io.mt5db.testing.Gzip;
import io.mt5db.testing.Metrics;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Small bodies are read whole before their route runs, others are streamed to it as before, and
 * either way the route sees the same bytes.
 */
@QuarkusTest
class BodyPrefetchTest {

    @TestHTTPResource("/")
    URL baseUrl;

    private static final String PREFETCHED = "prefetched";
    private static final String STREAMED = "streamed";

    @Test
    void aSmallBatchIsPrefetchedAndStoredWhole() {
        String s = Api.uniqueSymbol("PF");
        String body = "[" + Api.m1(s, "\"2024-09-02T10:00:00Z\"") + "," + Api.m1(s, "\"2024-09-02T10:01:00Z\"") + "]";
        double[] moved = reads(() -> Api.ea().body(body).post("/ingest_batch").then().statusCode(200)
                .body("inserted", equalTo(2)));
        assertEquals(1, moved[0], "prefetched");
        assertEquals(0, moved[1], "streamed");
        Api.ea().get("/candles?symbol=" + s + "&timeframe=M1").then().statusCode(200)
                .body("items.ts", contains("2024-09-02T10:00:00Z", "2024-09-02T10:01:00Z"));
    }

    @Test
    void aSmallGzipBodyIsPrefetchedAndDecompressedByTheRoute() {
        String s = Api.uniqueSymbol("PFZ");
        byte[] body = Gzip.of("[" + Api.m1(s, "\"2024-09-02T11:00:00Z\"") + "]");
        double[] moved = reads(() -> Api.ea().header("Content-Encoding", "gzip").body(body).post("/ingest_batch")
                .then().statusCode(200).body("inserted", equalTo(1)));
        assertEquals(1, moved[0]);
    }

    @Test
    void aBodyOverThePrefetchLimitIsStreamedAndStoredWhole() {
        String s = Api.uniqueSymbol("PFL");
        StringBuilder body = new StringBuilder("[");
        int candles = 0;
        while (body.length() <= 262_144) {
            if (candles > 0) {
                body.append(',');
            }
            body.append(Api.m1(s, "\"2024-09-0" + (1 + candles / 1440) + "T" + hhmm(candles % 1440) + ":00Z\""));
            candles++;
        }
        body.append(']');
        int expected = candles;
        double[] moved = reads(() -> Api.ea().body(body.toString()).post("/ingest_batch?details=none").then()
                .statusCode(200).body("inserted", equalTo(expected)));
        assertEquals(0, moved[0], "prefetched");
        assertEquals(1, moved[1], "streamed");
    }

    @Test
    void aClientWaitingFor100ContinueIsStreamed() {
        String s = Api.uniqueSymbol("PFE");
        String body = "[" + Api.m1(s, "\"2024-09-02T12:00:00Z\"") + "]";
        double[] moved = reads(() -> Api.ea().header("Expect", "100-continue").body(body).post("/ingest_batch")
                .then().statusCode(200).body("inserted", equalTo(1)));
        assertEquals(0, moved[0], "prefetched");
        assertEquals(1, moved[1], "streamed");
    }

    @Test
    void aPrefetchedBodyWithoutAKeyIsStill401AndOtherJsonRoutesReadTheirBodies() {
        reads(() -> given().body("[]").post("/ingest_batch").then().statusCode(401));
        double[] moved = reads(() -> Api.admin().contentType("application/json")
                .body("{\"name\":\"prefetch-test\",\"scopes\":[\"read\"]}").post("/admin/keys").then().statusCode(201)
                .body("name", equalTo("prefetch-test")));
        assertEquals(1, moved[0], "the admin route's JSON body was prefetched and still bound");
    }

    @Test
    void aClientThatHangsUpMidBodyGivesItsShareOfTheAllowanceBack() throws Exception {
        URI uri = URI.create(baseUrl.toString());
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /ingest_batch HTTP/1.1\r\nHost: localhost\r\nX-API-Key: " + Api.EA_KEY
                    + "\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n[{\"symbol\":")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await(() -> inFlight() >= 100_000, "the half-sent body holds its declared length");
        }
        await(() -> inFlight() == 0, "the hung-up request gave its share back");
    }

    private static double inFlight() {
        return Metrics.sum(Metrics.scrape(), "http_body_prefetched_in_flight_bytes");
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    /** How many bodies were prefetched and streamed while {@code request} ran. */
    private static double[] reads(Runnable request) {
        // Only a key that authenticated before has its body read ahead (issue 20): use the keys once.
        Api.ea().get("/stats").then().statusCode(200);
        Api.admin().get("/stats").then().statusCode(200);
        String before = Metrics.scrape();
        request.run();
        String after = Metrics.scrape();
        return new double[] {delta(before, after, PREFETCHED), delta(before, after, STREAMED)};
    }

    private static double delta(String before, String after, String mode) {
        Map<String, String> labels = Map.of("mode", mode);
        return Metrics.sum(after, "http_body_reads_total", labels) - Metrics.sum(before, "http_body_reads_total", labels);
    }

    private static String hhmm(int minuteOfDay) {
        return String.format("%02d:%02d", minuteOfDay / 60, minuteOfDay % 60);
    }
}
