package io.mt5db.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mt5db.aggregation.AggregationSchedule;
import io.mt5db.indicators.IndicatorJob;
import io.mt5db.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Candle events caused by the background jobs: tick aggregation, roll-ups and the indicator job (driven directly). */
@QuarkusTest
class StreamJobsTest {

    @Inject
    AggregationSchedule aggregation;

    @Inject
    IndicatorJob indicators;

    @Test
    void aggregatedBarsAndRollUpsAreStreamedAndAgainWithTheirIndicators() {
        String symbol = Api.uniqueSymbol("SJ");
        // the current minute: its bar is still open
        Instant minute = Instant.ofEpochSecond(Instant.now().getEpochSecond() / 60 * 60);
        try (SseClient client = SseClient.open(Api.EA_KEY, "symbols=" + symbol + "&timeframes=M1,M5&types=candle")) {
            client.await("heartbeat", e -> true);
            Api.ea().body(String.format(Locale.ROOT, "{\"ticks\":[{\"symbol\":\"%s\",\"ts_msc\":%d,\"bid\":1.1,\"ask\":1.1002},"
                    + "{\"symbol\":\"%s\",\"ts_msc\":%d,\"bid\":1.2,\"ask\":1.2002}]}", symbol, minute.toEpochMilli() + 1_000,
                    symbol, minute.toEpochMilli() + 2_000)).post("/ingest/tick").then().statusCode(200);
            aggregation.runCycle();
            SseClient.Event m1 = client.await("candle", e -> e.data().get("timeframe").asText().equals("M1"));
            assertEquals(minute.toString(), m1.data().get("ts").asText());
            assertEquals("ticks", m1.data().get("source").asText());
            assertEquals(2, m1.data().get("volume").asLong());
            assertFalse(m1.data().get("closed").asBoolean(), "the current minute is open: " + m1.rawData());
            assertFalse(m1.data().has("rsi"), "no indicators before the indicator job ran: " + m1.rawData());
            aggregation.runCycle();
            SseClient.Event m5 = client.await("candle", e -> e.data().get("timeframe").asText().equals("M5"));
            assertEquals(symbol, m5.data().get("symbol").asText());
        }
    }

    @Test
    void aPostedBarIsStreamedAgainOnceItsIndicatorsAreComputed() {
        String symbol = Api.uniqueSymbol("SI");
        Instant start = Instant.parse("2024-02-05T00:00:00Z");
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            double close = 1.1 + 0.001 * Math.sin(i);
            items.add(Api.candle(symbol, "M1", "\"" + start.plusSeconds(60L * i) + "\"", close, close + 0.001,
                    close - 0.001, close, "\"volume\":5"));
        }
        try (SseClient client = SseClient.open(Api.EA_KEY, "symbols=" + symbol)) {
            client.await("heartbeat", e -> true);
            Api.ea().body("[" + String.join(",", items) + "]").post("/ingest_batch?details=none").then().statusCode(200);
            String last = start.plusSeconds(60L * 39).toString();
            List<SseClient.Event> posted = client.until(e -> e.type().equals("candle")
                    && e.data().get("ts").asText().equals(last), Duration.ofSeconds(10));
            assertEquals(40, posted.stream().filter(e -> e.type().equals("candle")).count());
            assertTrue(posted.stream().filter(e -> e.type().equals("candle")).noneMatch(e -> e.data().has("rsi")));
            indicators.runOnce();
            SseClient.Event computed = client.await("candle", e -> e.data().get("ts").asText().equals(last));
            assertTrue(computed.data().get("rsi").isNumber(), computed.rawData());
            assertTrue(computed.data().get("bb_middle").isNumber(), computed.rawData());
            assertTrue(computed.data().get("closed").asBoolean());
        }
    }
}
