package io.mt5db.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mt5db.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class StreamCandleTest {

    static void post(String candleJson) {
        Api.ea().body(candleJson).post("/ingest").then().statusCode(200);
    }

    @Test
    void aPostedCandleIsStreamedWithItsFieldsAndClosedFlag() {
        String symbol = Api.uniqueSymbol("SC");
        try (SseClient client = SseClient.open(Api.EA_KEY, "symbols=" + symbol)) {
            assertEquals(200, client.status);
            assertTrue(client.contentType.startsWith("text/event-stream"), client.contentType);
            client.await("heartbeat", e -> true);
            post(Api.m1(symbol, "\"2024-05-06T10:00:00Z\""));
            SseClient.Event candle = client.await("candle", e -> true);
            assertTrue(candle.id() > 0);
            assertEquals(symbol, candle.data().get("symbol").asText());
            assertEquals("M1", candle.data().get("timeframe").asText());
            assertEquals("2024-05-06T10:00:00Z", candle.data().get("ts").asText());
            assertEquals(1.15, candle.data().get("close").asDouble());
            assertEquals(10, candle.data().get("volume").asLong());
            assertTrue(candle.data().get("closed").asBoolean(), "a bar of 2024 is closed");
            assertFalse(candle.rawData().contains("\n"));
        }
    }

    @Test
    void aHeartbeatCarriesTheLastId() {
        try (SseClient client = SseClient.open(Api.EA_KEY, "types=model")) {
            SseClient.Event first = client.await("heartbeat", e -> true);
            SseClient.Event second = client.await("heartbeat", e -> true, Duration.ofSeconds(10));
            assertTrue(second.data().has("ts"));
            assertTrue(second.data().get("last_id").asLong() >= first.data().get("last_id").asLong());
            assertEquals(second.id(), second.data().get("last_id").asLong());
        }
    }

    @Test
    void filtersBySymbolTimeframeAndType() {
        String a = Api.uniqueSymbol("FA");
        String b = Api.uniqueSymbol("FB");
        try (SseClient onlyA = SseClient.open(Api.EA_KEY, "symbols=" + a + "&timeframes=H1");
                SseClient noCandles = SseClient.open(Api.EA_KEY, "symbols=" + a + "," + b + "&types=signal,model");
                SseClient both = SseClient.open(Api.EA_KEY, "symbols=" + a + "," + b + "&types=candle")) {
            onlyA.await("heartbeat", e -> true);
            noCandles.await("heartbeat", e -> true);
            both.await("heartbeat", e -> true);
            post(Api.m1(a, "\"2024-05-06T10:00:00Z\""));
            post(Api.candle(a, "H1", "\"2024-05-06T10:00:00Z\"", 1, 2, 0.5, 1.5, null));
            post(Api.m1(b, "\"2024-05-06T10:00:00Z\""));
            SseClient.Event h1 = onlyA.await("candle", e -> true);
            assertEquals("H1", h1.data().get("timeframe").asText());
            assertEquals(a, h1.data().get("symbol").asText());
            both.await("candle", e -> e.data().get("symbol").asText().equals(b));
            List<SseClient.Event> rest = onlyA.drain(Duration.ofMillis(800));
            assertTrue(rest.stream().noneMatch(e -> e.type().equals("candle")), rest.toString());
            assertTrue(noCandles.drain(Duration.ofMillis(200)).stream().noneMatch(e -> e.type().equals("candle")));
        }
    }

    @Test
    void theOpenApiDocumentDescribesTheStream() {
        String doc = io.restassured.RestAssured.given().get("/openapi?format=json").then().statusCode(200).extract()
                .asString();
        assertTrue(doc.contains("\"/stream\""), "the route");
        assertTrue(doc.contains("text/event-stream"), "its media type");
        for (String event : List.of("candle", "signal", "model", "heartbeat", "reset", "dropped", "Last-Event-ID")) {
            assertTrue(doc.contains(event), event);
        }
    }

    @Test
    void badFiltersAndMissingKeysAreRejected() {
        io.restassured.RestAssured.given().get("/stream").then().statusCode(401);
        Api.ea().get("/stream?timeframes=M2").then().statusCode(400)
                .body("detail", org.hamcrest.Matchers.containsString("timeframes"));
        Api.ea().get("/stream?types=candles").then().statusCode(400);
        Api.ea().get("/stream?symbols=EUR%20USD").then().statusCode(400);
        Api.ea().header("Last-Event-ID", "abc").get("/stream").then().statusCode(400);
    }
}
