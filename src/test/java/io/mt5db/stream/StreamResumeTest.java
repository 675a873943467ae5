package io.mt5db.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mt5db.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Resuming by Last-Event-ID: exactly the missed events, also after a restart; a reset for an unknown or pruned id. */
@QuarkusTest
class StreamResumeTest {

    static final Instant START = Instant.parse("2024-07-01T00:00:00Z");

    @Inject
    StreamHub hub;

    @Inject
    StreamRepository repository;

    @Inject
    DataSource dataSource;

    static void postBar(String symbol, int minute) {
        Api.ea().body(Api.m1(symbol, "\"" + START.plusSeconds(60L * minute) + "\"")).post("/ingest").then().statusCode(200);
    }

    static List<SseClient.Event> candlesUntil(SseClient client, int minute) {
        String ts = START.plusSeconds(60L * minute).toString();
        return client.until(e -> e.type().equals("candle") && e.data().get("ts").asText().equals(ts),
                Duration.ofSeconds(10)).stream().filter(e -> e.type().equals("candle")).toList();
    }

    static List<String> minutes(List<SseClient.Event> candles) {
        return candles.stream().map(e -> e.data().get("ts").asText().substring(11, 16)).toList();
    }

    void resumesWithExactlyTheMissedEvents(boolean restartWhileAway) {
        String symbol = Api.uniqueSymbol(restartWhileAway ? "RR" : "RS");
        long lastSeen;
        try (SseClient first = SseClient.open(Api.EA_KEY, "symbols=" + symbol)) {
            first.await("heartbeat", e -> true);
            postBar(symbol, 0);
            postBar(symbol, 1);
            List<SseClient.Event> seen = candlesUntil(first, 1);
            assertEquals(List.of("00:00", "00:01"), minutes(seen));
            lastSeen = seen.get(1).id();
        }
        postBar(symbol, 2);
        postBar(symbol, 3);
        postBar(symbol, 4);
        if (restartWhileAway) {
            hub.restart();
        }
        try (SseClient resumed = SseClient.open(Api.EA_KEY, "symbols=" + symbol, Long.toString(lastSeen))) {
            List<SseClient.Event> missed = candlesUntil(resumed, 4);
            assertEquals(List.of("00:02", "00:03", "00:04"), minutes(missed));
            postBar(symbol, 5);
            List<SseClient.Event> live = candlesUntil(resumed, 5);
            assertEquals(List.of("00:05"), minutes(live));
            long previous = lastSeen;
            for (SseClient.Event e : missed) {
                assertTrue(e.id() > previous, "ids grow: " + e.id() + " after " + previous);
                previous = e.id();
            }
            assertTrue(live.get(0).id() > previous);
            List<SseClient.Event> after = resumed.drain(Duration.ofMillis(500));
            assertTrue(after.stream().noneMatch(e -> e.type().equals("candle")), "no duplicate: " + after);
        }
    }

    @Test
    void aReconnectGetsExactlyTheEventsItMissed() {
        resumesWithExactlyTheMissedEvents(false);
    }

    @Test
    void aReconnectAfterARestartGetsExactlyTheEventsItMissed() {
        resumesWithExactlyTheMissedEvents(true);
    }

    @Test
    void theQueryParameterResumesLikeTheHeader() {
        String symbol = Api.uniqueSymbol("RQ");
        long lastSeen;
        try (SseClient first = SseClient.open(Api.EA_KEY, "symbols=" + symbol)) {
            lastSeen = first.await("heartbeat", e -> true).id();
        }
        postBar(symbol, 7);
        try (SseClient resumed = SseClient.open(Api.EA_KEY, "symbols=" + symbol + "&last_event_id=" + lastSeen)) {
            assertEquals(List.of("00:07"), minutes(candlesUntil(resumed, 7)));
        }
    }

    @Test
    void anUnknownIdGetsAResetThenLiveEvents() {
        String symbol = Api.uniqueSymbol("RU");
        try (SseClient client = SseClient.open(Api.EA_KEY, "symbols=" + symbol, "999999999999")) {
            SseClient.Event reset = client.await("reset", e -> true);
            assertTrue(reset.data().get("reason").asText().contains("unknown"), reset.rawData());
            postBar(symbol, 8);
            assertEquals(List.of("00:08"), minutes(candlesUntil(client, 8)));
        }
    }

    @Test
    void anIdOlderThanTheWindowGetsAResetWithTheOldestKeptId() throws Exception {
        String symbol = Api.uniqueSymbol("RO");
        long old;
        try (SseClient first = SseClient.open(Api.EA_KEY, "symbols=" + symbol)) {
            first.await("heartbeat", e -> true);
            postBar(symbol, 0);
            postBar(symbol, 1);
            old = candlesUntil(first, 1).get(0).id();
        }
        // both events fall out of the window
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE stream_events SET created_at = now() - interval '1 day' WHERE id <= ?")) {
            ps.setLong(1, old + 1);
            ps.executeUpdate();
        }
        repository.prune(Duration.ofHours(1));
        postBar(symbol, 2);
        hub.pollNow();
        try (SseClient resumed = SseClient.open(Api.EA_KEY, "symbols=" + symbol, Long.toString(old - 1))) {
            SseClient.Event reset = resumed.await("reset", e -> true);
            assertTrue(reset.data().get("reason").asText().contains("older"), reset.rawData());
            assertTrue(reset.data().get("oldest_id").asLong() > old + 1, reset.rawData());
        }
    }
}
