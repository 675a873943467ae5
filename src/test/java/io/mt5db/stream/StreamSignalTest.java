package io.mt5db.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mt5db.signals.SignalExpiry;
import io.mt5db.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Signal events (created, delivered, acked, cancelled, expired) and what an account-bound key sees of them. */
@QuarkusTest
class StreamSignalTest {

    @Inject
    SignalExpiry expiry;

    static String create(String symbol, String account, int ttlSec) {
        return Api.admin().body("{\"symbol\":\"" + symbol + "\",\"timeframe\":\"M5\",\"side\":\"BUY\",\"confidence\":0.7,"
                + "\"sl_pips\":10,\"tp_pips\":20,\"ttl_sec\":" + ttlSec
                + (account == null ? "" : ",\"account_id\":\"" + account + "\"") + "}")
                .post("/signals").then().statusCode(201).extract().path("id");
    }

    static String actions(List<SseClient.Event> events) {
        return events.stream().filter(e -> e.type().equals("signal"))
                .map(e -> e.data().get("action").asText() + ":" + e.data().get("id").asText().substring(0, 8)
                        + (e.data().hasNonNull("delivery_account_id") ? "@" + e.data().get("delivery_account_id").asText() : ""))
                .collect(Collectors.joining(" "));
    }

    static String shortId(String id) {
        return id.substring(0, 8);
    }

    @Test
    void everySignalChangeIsStreamedAndBoundKeysSeeOnlyTheirAccount() throws Exception {
        String symbol = Api.uniqueSymbol("SS");
        String accountA = "acct-a-" + UUID.randomUUID().toString().substring(0, 6);
        String accountB = "acct-b-" + UUID.randomUUID().toString().substring(0, 6);
        String keyA = Api.createKey("stream-a", "read,signals", accountA);
        String keyB = Api.createKey("stream-b", "read,signals", accountB);
        String query = "symbols=" + symbol + "&types=signal";
        try (SseClient admin = SseClient.open(Api.ADMIN_KEY, query);
                SseClient a = SseClient.open(keyA, query);
                SseClient b = SseClient.open(keyB, query)) {
            admin.await("heartbeat", e -> true);
            a.await("heartbeat", e -> true);
            b.await("heartbeat", e -> true);

            String broadcast = create(symbol, null, 300);
            String onlyB = create(symbol, accountB, 300);
            SseClient.Event created = admin.await("signal", e -> e.data().get("id").asText().equals(broadcast));
            assertEquals("created", created.data().get("action").asText());
            assertEquals(symbol, created.data().get("symbol").asText());
            assertEquals("M5", created.data().get("timeframe").asText());
            assertEquals("BUY", created.data().get("side").asText());
            assertEquals("ACTIVE", created.data().get("status").asText());
            assertEquals(0.7, created.data().get("confidence").asDouble());
            assertEquals(10.0, created.data().get("sl_pips").asDouble());
            assertTrue(created.data().get("account_id").isNull());
            assertTrue(created.data().get("expires_at").asText().endsWith("Z"), created.rawData());

            // account A claims and acks the broadcast signal; account B claims its own
            List<String> claimedByA = Api.withKey(keyA).queryParam("symbols", symbol).queryParam("limit", 10)
                    .get("/signals/next").then().statusCode(200).extract().jsonPath().getList("signals.id");
            assertEquals(List.of(broadcast), claimedByA);
            Api.withKey(keyA).body("{\"id\":\"" + broadcast + "\",\"account_id\":\"" + accountA + "\",\"status\":\"FILLED\","
                    + "\"mt5_ticket\":42}").post("/signals/ack").then().statusCode(200);
            List<String> claimedByB = Api.withKey(keyB).queryParam("symbols", symbol).queryParam("limit", 10)
                    .get("/signals/next").then().statusCode(200).extract().jsonPath().getList("signals.id");
            assertEquals(List.of(broadcast, onlyB), claimedByB);
            Api.admin().post("/signals/" + broadcast + "/cancel").then().statusCode(200);
            String expiring = create(symbol, null, 1);
            Thread.sleep(1_200);
            expiry.sweep();

            String last = "expired:" + shortId(expiring);
            java.util.function.Predicate<SseClient.Event> isLast = e -> e.type().equals("signal")
                    && e.data().get("action").asText().equals("expired") && e.data().get("id").asText().equals(expiring);
            String seenByAdmin = actions(admin.until(isLast, Duration.ofSeconds(10)));
            String seenByA = actions(a.until(isLast, Duration.ofSeconds(10)));
            String seenByB = actions(b.until(isLast, Duration.ofSeconds(10)));
            String bc = shortId(broadcast);
            String ob = shortId(onlyB);
            String ex = shortId(expiring);
            assertEquals("created:" + ob + " delivered:" + bc + "@" + accountA + " acked:" + bc + "@" + accountA
                    + " delivered:" + bc + "@" + accountB + " delivered:" + ob + "@" + accountB + " cancelled:" + bc
                    + " created:" + ex + " " + last, seenByAdmin);
            assertEquals("created:" + bc + " delivered:" + bc + "@" + accountA + " acked:" + bc + "@" + accountA
                    + " cancelled:" + bc + " created:" + ex + " " + last, seenByA);
            assertEquals("created:" + bc + " created:" + ob + " delivered:" + bc + "@" + accountB + " delivered:" + ob
                    + "@" + accountB + " cancelled:" + bc + " created:" + ex + " " + last, seenByB);
        }
    }
}
