package io.mt5db.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mt5db.testing.Api;
import io.restassured.RestAssured;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * Back-pressure: a client that stops reading is dropped once its bounded queue is full (with a final
 * {@code dropped} event if it reads again within the grace, else by closing its connection), while a
 * client that reads keeps receiving everything.
 */
@QuarkusTest
class StreamSlowClientTest {

    static final int BARS = 10_000;

    /** A raw connection whose tiny receive window fills at once while it does not read. */
    static Socket openSlow(String symbol) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(2048);
        socket.connect(new InetSocketAddress("localhost", RestAssured.port), 5_000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET /stream?symbols=" + symbol + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n"
                + "X-API-Key: " + Api.EA_KEY + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    static void flood(String symbol, int minuteOffset) {
        Instant start = Instant.parse("2023-01-02T00:00:00Z").plusSeconds(60L * minuteOffset);
        for (int from = 0; from < BARS; from += 5_000) {
            List<String> items = new ArrayList<>();
            for (int i = from; i < from + 5_000; i++) {
                items.add(String.format(Locale.ROOT, "{\"symbol\":\"%s\",\"timeframe\":\"M1\",\"ts\":\"%s\",\"open\":1.1,"
                        + "\"high\":1.2,\"low\":1.0,\"close\":1.15,\"volume\":4}", symbol, start.plusSeconds(60L * i)));
            }
            Api.ea().body("[" + String.join(",", items) + "]").post("/ingest_batch?details=none").then().statusCode(200);
        }
    }

    /**
     * Posts rounds of bars until the slow client is dropped (the kernel's socket buffers take a few MB
     * first); answers how many rounds it took.
     */
    static int floodUntilDropped(String symbol, double droppedBefore) throws InterruptedException {
        for (int round = 0; round < 8; round++) {
            flood(symbol, round * BARS);
            long deadline = System.nanoTime() + Duration.ofSeconds(4).toNanos();
            while (System.nanoTime() < deadline) {
                if (droppedTotal() >= droppedBefore + 1) {
                    return round + 1;
                }
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the slow client was not dropped after 8 rounds of " + BARS + " bars");
    }

    static double droppedTotal() {
        for (String line : RestAssured.given().get("/metrics").then().statusCode(200).extract().asString().split("\n")) {
            if (line.startsWith("stream_clients_dropped_total")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    /** The SSE lines the socket gives until it ends (or the timeout passes between reads). */
    static List<String> readAll(Socket socket, Duration idle) throws IOException {
        socket.setSoTimeout((int) idle.toMillis());
        List<String> lines = new ArrayList<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        try {
            String line;
            while ((line = reader.readLine()) != null) {
                // "event: x" and "event:x" are the same field
                lines.add(line.replaceFirst("^(id|event|data): ", "$1:"));
            }
        } catch (SocketTimeoutException e) {
            lines.add("<still open>");
        } catch (IOException e) {
            lines.add("<reset>");
        }
        return lines;
    }

    @Test
    void aClientThatStopsReadingIsDroppedWithAFinalEventWhileAReaderKeepsUp() throws Exception {
        String symbol = Api.uniqueSymbol("SL");
        double droppedBefore = droppedTotal();
        try (Socket slow = openSlow(symbol); SseClient reader = SseClient.open(Api.EA_KEY, "symbols=" + symbol)) {
            reader.await("heartbeat", e -> true);
            int rounds = floodUntilDropped(symbol, droppedBefore);
            assertEquals(droppedBefore + 1, droppedTotal(), "only the slow client was dropped");
            // it reads again within the grace: what the socket held, then the final event, then the end
            List<String> lines = readAll(slow, Duration.ofSeconds(20));
            assertTrue(lines.contains("event:dropped"), "a final dropped event: " + tail(lines));
            assertTrue(!lines.get(lines.size() - 1).equals("<still open>"), "the connection was closed: " + tail(lines));
            String droppedData = lines.get(lines.indexOf("event:dropped") + 1);
            long lastId = -1;
            for (String line : lines.subList(0, lines.indexOf("event:dropped") - 1)) {
                if (line.startsWith("id:")) {
                    lastId = Long.parseLong(line.substring(3).strip());
                }
            }
            assertTrue(droppedData.contains("\"last_id\":" + lastId), droppedData + " after id " + lastId);

            // the reader got every bar and keeps receiving
            String lastBar = Instant.parse("2023-01-02T00:00:00Z").plusSeconds(60L * (rounds * BARS - 1)).toString();
            List<SseClient.Event> got = reader.until(e -> e.type().equals("candle")
                    && e.data().get("ts").asText().equals(lastBar), Duration.ofSeconds(60));
            assertEquals(rounds * BARS, got.stream().filter(e -> e.type().equals("candle")).count());
            Api.ea().body(Api.m1(symbol, "\"2024-01-01T00:00:00Z\"")).post("/ingest").then().statusCode(200);
            reader.await("candle", e -> e.data().get("ts").asText().equals("2024-01-01T00:00:00Z"));
        }
    }

    @Test
    void aClientThatNeverReadsIsDisconnected() throws Exception {
        String symbol = Api.uniqueSymbol("SN");
        double droppedBefore = droppedTotal();
        try (Socket slow = openSlow(symbol)) {
            Thread.sleep(300);
            int rounds = floodUntilDropped(symbol, droppedBefore);
            System.out.println("slow client dropped after " + rounds + " round(s) of " + BARS + " bars");
            // past the grace the server closes the connection, whatever it still held
            Thread.sleep(7_000);
            List<String> lines = readAll(slow, Duration.ofSeconds(10));
            assertTrue(!lines.get(lines.size() - 1).equals("<still open>"), "closed: " + tail(lines));
        }
    }

    static List<String> tail(List<String> lines) {
        return lines.subList(Math.max(0, lines.size() - 8), lines.size());
    }
}
