package io.mt5db.signals;

import static io.mt5db.signals.SignalApi.account;
import static io.mt5db.signals.SignalApi.ackBody;
import static io.mt5db.signals.SignalApi.create;
import static io.mt5db.signals.SignalApi.metric;
import static io.mt5db.signals.SignalApi.poll;
import static io.mt5db.signals.SignalApi.pollJson;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.mt5db.common.Timeframe;
import io.mt5db.signals.expiry.SignalExpiry;
import io.mt5db.signals.queue.NewSignal;
import io.mt5db.signals.queue.SignalService;
import io.mt5db.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SignalResourceTest {

    @Inject
    DataSource dataSource;

    @Inject
    SignalService service;

    @Inject
    SignalExpiry expiry;

    @Test
    void pollDeliversOldestFirstAndEachSignalOncePerAccount() {
        String symbol = Api.uniqueSymbol("FIFO");
        String first = create(symbol, "BUY");
        String second = create(symbol, "SELL");
        String third = create(symbol, "CLOSE");
        String account = account("fifo");

        JsonPath firstPoll = pollJson(Api.ea(), account, symbol, 1);
        assertThat(firstPoll.getList("signals.id", String.class), contains(first));
        Map<String, Object> delivered = firstPoll.getMap("signals[0]");
        assertThat(delivered.keySet(), hasItems("id", "symbol", "timeframe", "side", "confidence", "ttl_sec", "sl_pips",
                "tp_pips", "meta", "created_at", "expires_at", "delivery_attempt", "lots"));
        assertEquals(1, delivered.get("delivery_attempt"));
        assertEquals("BUY", delivered.get("side"));
        assertEquals(300, delivered.get("ttl_sec"));

        assertThat(poll(Api.ea(), account, symbol, 5), contains(second, third));
        assertThat(poll(Api.ea(), account, symbol, 5), empty());
        // A broadcast signal is delivered to every account, each with its own delivery.
        assertThat(poll(Api.ea(), account("other"), symbol, 5), contains(first, second, third));
    }

    @Test
    void addressedSignalReachesOnlyItsAccountAndFiltersApply() {
        String symbol = Api.uniqueSymbol("ADDR");
        String otherSymbol = Api.uniqueSymbol("ADDR");
        String target = account("target");
        String addressed = create("{\"symbol\":\"" + symbol + "\",\"timeframe\":\"H1\",\"side\":\"SELL\",\"account_id\":\""
                + target + "\",\"lots\":0.25,\"sl_pips\":12.5,\"tp_pips\":30,\"confidence\":0.8,\"meta\":{\"why\":\"test\"}}");
        String m5 = create(symbol, "BUY");
        String elsewhere = create(otherSymbol, "BUY");

        assertThat(poll(Api.ea(), account("bystander"), symbol, 10), contains(m5));
        JsonPath h1Only = Api.ea().queryParam("account_id", target).queryParam("symbols", symbol + "," + otherSymbol)
                .queryParam("timeframe", "H1").queryParam("limit", 10).get("/signals/next")
                .then().statusCode(200).extract().jsonPath();
        assertThat(h1Only.getList("signals.id", String.class), contains(addressed));
        assertEquals(0.25, h1Only.getDouble("signals[0].lots"));
        assertEquals("test", h1Only.getString("signals[0].meta.why"));
        assertEquals(target, h1Only.getString("signals[0].account_id"));
        assertThat(poll(Api.ea(), target, symbol + "," + otherSymbol, 10), contains(m5, elsewhere));
    }

    @Test
    void pollValidatesItsParameters() {
        Api.ea().queryParam("symbols", "EURUSD").get("/signals/next").then().statusCode(400)
                .body("detail", containsString("account_id"));
        Api.ea().queryParam("account_id", "a1").queryParam("symbols", "EUR USD").get("/signals/next").then().statusCode(400)
                .body("detail", containsString("symbols"));
        Api.ea().queryParam("account_id", "a1").queryParam("timeframe", "M2").get("/signals/next").then().statusCode(400);
        Api.ea().queryParam("account_id", "a1").queryParam("limit", "101").get("/signals/next").then().statusCode(400);
        Api.ea().queryParam("account_id", "a1").queryParam("limit", "many").get("/signals/next").then().statusCode(400);
        io.restassured.RestAssured.given().queryParam("account_id", "a1").get("/signals/next").then().statusCode(401);
        String readOnly = Api.createKey("read-only-" + UUID.randomUUID(), "read", null);
        Api.withKey(readOnly).queryParam("account_id", "a1").get("/signals/next").then().statusCode(403);
    }

    @Test
    void ackIsIdempotentAndValidated() {
        String symbol = Api.uniqueSymbol("ACK");
        String id = create(symbol, "BUY");
        String account = account("ack");
        assertThat(poll(Api.ea(), account, symbol, 1), contains(id));

        String ack = "{\"id\":\"" + id + "\",\"account_id\":\"" + account + "\",\"status\":\"FILLED\",\"mt5_ticket\":987654321,"
                + "\"price\":1.08552,\"ts_exec\":\"2025.10.20 03:00:05\",\"message\":\"done\"}";
        String firstBody = Api.ea().body(ack).post("/signals/ack").then().log().ifValidationFails().statusCode(200)
                .body("status", equalTo("FILLED")).body("mt5_ticket", equalTo(987654321))
                .body("ts_exec", equalTo("2025-10-20T03:00:05Z")).body("delivery_attempt", equalTo(1))
                .body("acked_at", notNullValue()).extract().asString();
        String repeated = Api.ea().body(ack).post("/signals/ack").then().statusCode(200).extract().asString();
        assertEquals(firstBody, repeated);
        // Same status, other details: still the stored ack, unchanged.
        String sameStatus = Api.ea().body(ackBody(id, account, "filled")).post("/signals/ack").then().statusCode(200)
                .extract().asString();
        assertEquals(firstBody, sameStatus);

        Api.ea().body(ackBody(id, account, "REJECTED")).post("/signals/ack").then().statusCode(409)
                .body("detail", containsString("FILLED"));
        Api.ea().body(ackBody(UUID.randomUUID().toString(), account, "FILLED")).post("/signals/ack").then().statusCode(404);
        Api.ea().body(ackBody(id, account("never"), "FILLED")).post("/signals/ack").then().statusCode(404)
                .body("detail", containsString("never delivered"));
    }

    @Test
    void badAckInputIsClientErrorNever500() {
        String symbol = Api.uniqueSymbol("BAD");
        String id = create(symbol, "BUY");
        String account = account("bad");
        poll(Api.ea(), account, symbol, 1);
        for (String tsExec : List.of("\"2025.13.45 99:99:99\"", "\"yesterday\"", "1e30", "\"\"", "true", "-99999999999999")) {
            Api.ea().body("{\"id\":\"" + id + "\",\"account_id\":\"" + account + "\",\"status\":\"FILLED\",\"ts_exec\":"
                    + tsExec + "}").post("/signals/ack").then().log().ifValidationFails().statusCode(422)
                    .body("errors.field", hasItem("ts_exec"));
        }
        for (String status : List.of("CLAIMED", "EXPIRED", "DONE", "")) {
            Api.ea().body(ackBody(id, account, status)).post("/signals/ack").then().statusCode(422)
                    .body("errors.field", hasItem("status"));
        }
        Api.ea().body("{\"id\":\"not-a-uuid\",\"account_id\":\"" + account + "\",\"status\":\"FILLED\"}")
                .post("/signals/ack").then().statusCode(422).body("errors.field", hasItem("id"));
        Api.ea().body("{\"id\":\"" + id + "\",\"account_id\":\"" + account + "\",\"status\":\"FILLED\",\"mt5_ticket\":-1}")
                .post("/signals/ack").then().statusCode(422).body("errors.field", hasItem("mt5_ticket"));
        Api.ea().body("{\"id\":\"" + id + "\",\"status\":\"FILLED\"}").post("/signals/ack").then().statusCode(422)
                .body("errors.field", hasItem("account_id"));
        Api.ea().body("[1,2]").post("/signals/ack").then().statusCode(422);
        Api.ea().body("{\"id\":").post("/signals/ack").then().statusCode(400);
        // Nothing above was recorded: the delivery still awaits its ack.
        Api.ea().body(ackBody(id, account, "SKIPPED")).post("/signals/ack").then().statusCode(200)
                .body("status", equalTo("SKIPPED"));
    }

    @Test
    void ackToleratesTrailingNulAndReadsBrokerOffset() {
        String symbol = Api.uniqueSymbol("NUL");
        String id = create(symbol, "SELL");
        String account = account("nul");
        poll(Api.ea(), account, symbol, 1);
        byte[] json = ("{\"id\":\"" + id + "\",\"account_id\":\"" + account
                + "\",\"status\":\"FILLED\",\"ts_exec\":\"2025.10.20 05:00:05\"}").getBytes(StandardCharsets.UTF_8);
        byte[] withNul = java.util.Arrays.copyOf(json, json.length + 1);
        Api.ea().header("X-Broker-Offset", "+02:00").contentType("text/plain").body(withNul).post("/signals/ack")
                .then().log().ifValidationFails().statusCode(200).body("ts_exec", equalTo("2025-10-20T03:00:05Z"));
    }

    @Test
    void expiredSignalIsNeverDeliveredAndTheSweepMarksIt() throws SQLException {
        String symbol = Api.uniqueSymbol("EXP");
        String expired = create(symbol, "BUY");
        String live = create(symbol, "SELL");
        String account = account("exp");
        backdateExpiry(expired);

        assertThat(poll(Api.ea(), account, symbol, 10), contains(live));
        double before = metric("signals_expired_total");
        assertThat(expiry.sweep(), greaterThanOrEqualTo(1L));
        assertThat(metric("signals_expired_total"), greaterThanOrEqualTo(before + 1));
        Api.ea().get("/signals/" + expired).then().statusCode(200).body("status", equalTo("EXPIRED"))
                .body("deliveries", hasSize(0));
        assertThat(poll(Api.ea(), account("late"), symbol, 10), contains(live));
    }

    @Test
    void unackedDeliveryExpiresWithItsSignalAndALateAckIsStillRecorded() throws SQLException {
        String symbol = Api.uniqueSymbol("LATE");
        String id = create(symbol, "BUY");
        String account = account("late");
        poll(Api.ea(), account, symbol, 1);
        backdateExpiry(id);
        expiry.sweep();
        Api.ea().queryParam("account_id", account).get("/signals/" + id).then().statusCode(200)
                .body("status", equalTo("EXPIRED")).body("deliveries[0].status", equalTo("EXPIRED"));

        double acked = metric("signals_acked_total{status=\"FILLED\"}");
        Api.ea().body(ackBody(id, account, "FILLED")).post("/signals/ack").then().statusCode(200)
                .body("status", equalTo("FILLED"));
        assertEquals(acked + 1, metric("signals_acked_total{status=\"FILLED\"}"));
        Api.ea().queryParam("account_id", account).queryParam("symbol", symbol).get("/signals").then().statusCode(200)
                .body("items[0].status", equalTo("EXPIRED")).body("items[0].delivery.status", equalTo("FILLED"));
    }

    @Test
    void cancelledSignalIsNeverDelivered() {
        String symbol = Api.uniqueSymbol("CAN");
        String cancelled = create(symbol, "BUY");
        String kept = create(symbol, "SELL");
        Api.ea().post("/signals/" + cancelled + "/cancel").then().statusCode(403);
        Api.admin().post("/signals/" + cancelled + "/cancel").then().statusCode(200).body("status", equalTo("CANCELLED"));
        Api.admin().post("/signals/" + cancelled + "/cancel").then().statusCode(200).body("status", equalTo("CANCELLED"));
        Api.admin().post("/signals/" + UUID.randomUUID() + "/cancel").then().statusCode(404);
        Api.admin().post("/signals/nope/cancel").then().statusCode(404);
        assertThat(poll(Api.ea(), account("can"), symbol, 10), contains(kept));
    }

    @Test
    void aSignalPastItsExpiryReadsExpiredAndCannotBeCancelledEvenBeforeTheSweep() throws SQLException {
        String symbol = Api.uniqueSymbol("CXP");
        String id = create(symbol, "BUY");
        backdateExpiry(id);
        Api.ea().get("/signals/" + id).then().statusCode(200).body("status", equalTo("EXPIRED"));
        Api.ea().queryParam("symbol", symbol).queryParam("status", "EXPIRED").get("/signals").then().statusCode(200)
                .body("items.id", equalTo(List.of(id)));
        Api.admin().post("/signals/" + id + "/cancel").then().statusCode(409);
        expiry.sweep();
        Api.admin().post("/signals/" + id + "/cancel").then().statusCode(409);
    }

    @Test
    void pausedAccountOrSymbolGetsNothingUntilResumed() {
        String symbol = Api.uniqueSymbol("PAU");
        String id = create(symbol, "BUY");
        String paused = account("paused");
        String free = account("free");

        Api.admin().body("{\"account_id\":\"" + paused + "\",\"paused\":true,\"reason\":\"drawdown\"}").put("/trading/pause")
                .then().statusCode(200).body("paused", equalTo(true)).body("pause.reason", equalTo("drawdown"))
                .body("pause.by_admin", equalTo(true));
        assertThat(poll(Api.ea(), paused, symbol, 5), empty());
        assertThat(poll(Api.ea(), free, symbol, 5), contains(id));
        Api.admin().queryParam("account_id", paused).get("/trading/pause").then().statusCode(200)
                .body("pauses.account_id", hasItem(paused));
        Api.admin().body("{\"account_id\":\"" + paused + "\",\"paused\":false}").put("/trading/pause").then()
                .statusCode(200).body("paused", equalTo(false)).body("pause", nullValue());
        assertThat(poll(Api.ea(), paused, symbol, 5), contains(id));

        String second = create(symbol, "SELL");
        Api.admin().body("{\"symbol\":\"" + symbol + "\",\"paused\":true}").put("/trading/pause").then().statusCode(200);
        try {
            assertThat(poll(Api.ea(), paused, symbol, 5), empty());
            assertThat(poll(Api.ea(), free, symbol, 5), empty());
        } finally {
            Api.admin().body("{\"symbol\":\"" + symbol + "\",\"paused\":false}").put("/trading/pause").then().statusCode(200);
        }
        assertThat(poll(Api.ea(), free, symbol, 5), contains(second));
    }

    @Test
    void globalPauseStopsEveryDelivery() {
        String symbol = Api.uniqueSymbol("ALL");
        String id = create(symbol, "BUY");
        String account = account("all");
        Api.admin().body("{\"paused\":true}").put("/trading/pause").then().statusCode(200);
        try {
            assertThat(poll(Api.ea(), account, symbol, 5), empty());
            Api.ea().get("/trading/pause").then().statusCode(200).body("pauses.findAll { it.account_id == null && "
                    + "it.symbol == null }", hasSize(1));
        } finally {
            Api.admin().body("{\"paused\":false}").put("/trading/pause").then().statusCode(200);
        }
        assertThat(poll(Api.ea(), account, symbol, 5), contains(id));
    }

    @Test
    void boundKeySeesAndActsOnlyForItsAccount() {
        String symbol = Api.uniqueSymbol("BND");
        String own = account("own");
        String other = account("other");
        String key = Api.createKey("bound-" + own, "signals", own);
        String broadcast = create(symbol, "BUY");
        String mine = create("{\"symbol\":\"" + symbol + "\",\"timeframe\":\"M5\",\"side\":\"SELL\",\"account_id\":\"" + own + "\"}");
        String theirs = create("{\"symbol\":\"" + symbol + "\",\"timeframe\":\"M5\",\"side\":\"SELL\",\"account_id\":\"" + other + "\"}");

        Api.withKey(key).queryParam("account_id", other).queryParam("symbols", symbol).get("/signals/next").then()
                .statusCode(403);
        assertThat(poll(Api.withKey(key), null, symbol, 10), contains(broadcast, mine));
        assertThat(poll(Api.ea(), other, symbol, 10), contains(broadcast, theirs));

        Api.withKey(key).body(ackBody(broadcast, other, "FILLED")).post("/signals/ack").then().statusCode(403);
        Api.withKey(key).body("{\"id\":\"" + broadcast + "\",\"status\":\"FILLED\"}").post("/signals/ack").then()
                .statusCode(200).body("account_id", equalTo(own));

        List<String> history = Api.withKey(key).queryParam("symbol", symbol).get("/signals").then().statusCode(200)
                .extract().jsonPath().getList("items.id", String.class);
        assertThat(history, containsInAnyOrder(broadcast, mine));
        Api.withKey(key).queryParam("account_id", other).get("/signals").then().statusCode(403);
        Api.withKey(key).get("/signals/" + theirs).then().statusCode(404);
        Api.withKey(key).get("/signals/" + broadcast).then().statusCode(200).body("deliveries", hasSize(1))
                .body("deliveries[0].account_id", equalTo(own));
        Api.admin().get("/signals/" + broadcast).then().statusCode(200).body("deliveries", hasSize(2));

        // A bound key may pause its own account (a kill switch for the EA operator), not others or everything,
        // and may not lift a pause an admin set.
        Api.withKey(key).body("{\"paused\":true}").put("/trading/pause").then().statusCode(200)
                .body("account_id", equalTo(own)).body("pause.by_admin", equalTo(false));
        Api.withKey(key).body("{\"paused\":false}").put("/trading/pause").then().statusCode(200);
        Api.withKey(key).body("{\"account_id\":\"" + other + "\",\"paused\":true}").put("/trading/pause").then()
                .statusCode(403);
        Api.ea().body("{\"paused\":true}").put("/trading/pause").then().statusCode(403);
        Api.admin().body("{\"account_id\":\"" + own + "\",\"paused\":true}").put("/trading/pause").then().statusCode(200);
        try {
            Api.withKey(key).body("{\"paused\":false}").put("/trading/pause").then().statusCode(403);
            Api.withKey(key).get("/trading/pause").then().statusCode(200).body("pauses.account_id", hasItem(own));
        } finally {
            Api.admin().body("{\"account_id\":\"" + own + "\",\"paused\":false}").put("/trading/pause").then().statusCode(200);
        }
    }

    @Test
    void latestAcceptsTheOldPeriodParameter() {
        String symbol = Api.uniqueSymbol("LAT");
        create("{\"symbol\":\"" + symbol + "\",\"timeframe\":\"M5\",\"side\":\"BUY\"}");
        String newestM5 = create("{\"symbol\":\"" + symbol + "\",\"timeframe\":\"M5\",\"side\":\"SELL\"}");
        String h1 = create("{\"symbol\":\"" + symbol + "\",\"timeframe\":\"H1\",\"side\":\"BUY\"}");
        Api.ea().queryParam("symbol", symbol).queryParam("period", "M5").get("/signals/latest").then().statusCode(200)
                .body("signals.id", equalTo(List.of(newestM5)));
        Api.ea().queryParam("symbol", symbol).queryParam("timeframe", "m5").queryParam("limit", 5).get("/signals/latest")
                .then().statusCode(200).body("signals", hasSize(2)).body("signals[0].id", equalTo(newestM5));
        Api.ea().queryParam("symbol", symbol).get("/signals/latest").then().statusCode(200)
                .body("signals.id", equalTo(List.of(h1)));
        Api.ea().queryParam("symbol", symbol).queryParam("period", "X9").get("/signals/latest").then().statusCode(400)
                .body("detail", containsString("period"));
        // latest never claims: the signals are still deliverable
        assertThat(poll(Api.ea(), account("lat"), symbol, 10), hasSize(3));
    }

    @Test
    void historyFiltersAndPages() {
        String symbol = Api.uniqueSymbol("HIS");
        String account = account("his");
        String a = create(symbol, "BUY");
        String b = create(symbol, "SELL");
        String c = create(symbol, "BUY");
        Api.admin().post("/signals/" + b + "/cancel").then().statusCode(200);
        poll(Api.ea(), account, symbol, 1);
        Api.ea().body(ackBody(a, account, "SKIPPED")).post("/signals/ack").then().statusCode(200);

        JsonPath page1 = Api.ea().queryParam("symbol", symbol).queryParam("limit", 2).get("/signals").then()
                .statusCode(200).extract().jsonPath();
        assertThat(page1.getList("items.id", String.class), contains(c, b));
        String cursor = page1.getString("next_cursor");
        assertNotNull(cursor);
        JsonPath page2 = Api.ea().queryParam("symbol", symbol).queryParam("limit", 2).queryParam("cursor", cursor)
                .get("/signals").then().statusCode(200).extract().jsonPath();
        assertThat(page2.getList("items.id", String.class), contains(a));
        assertNull(page2.getString("next_cursor"));

        Api.ea().queryParam("symbol", symbol).queryParam("status", "CANCELLED").get("/signals").then().statusCode(200)
                .body("items.id", equalTo(List.of(b)));
        Api.ea().queryParam("symbol", symbol).queryParam("status", "SKIPPED").queryParam("account_id", account)
                .get("/signals").then().statusCode(200).body("items.id", equalTo(List.of(a)))
                .body("items[0].delivery.status", equalTo("SKIPPED"));
        Api.ea().queryParam("symbol", symbol).queryParam("status", "SKIPPED").get("/signals").then().statusCode(400);
        Api.ea().queryParam("symbol", symbol).queryParam("status", "WHATEVER").get("/signals").then().statusCode(400);
        Api.ea().queryParam("symbol", symbol).queryParam("from", Instant.now().plusSeconds(60).toString()).get("/signals")
                .then().statusCode(200).body("items", hasSize(0));
        Api.ea().queryParam("from", "2025-01-02").queryParam("to", "2025-01-01").get("/signals").then().statusCode(400);
    }

    @Test
    void createValidatesAndKeepsOneSignalPerBar() {
        String symbol = Api.uniqueSymbol("NEW");
        Api.ea().body("{\"symbol\":\"" + symbol + "\",\"timeframe\":\"M5\",\"side\":\"BUY\"}").post("/signals").then()
                .statusCode(403);
        Api.admin().body("{\"symbol\":\"" + symbol + "\",\"timeframe\":\"M7\",\"side\":\"HOLD\",\"confidence\":2,"
                + "\"ttl_sec\":0,\"lots\":-1}").post("/signals").then().statusCode(422)
                .body("errors.field", org.hamcrest.Matchers.hasItems("timeframe", "side", "confidence", "ttl_sec", "lots"));
        Api.admin().body("{\"timeframe\":\"M5\"}").post("/signals").then().statusCode(422)
                .body("errors.field", org.hamcrest.Matchers.hasItems("symbol", "side"));
        Api.admin().body("{\"symbol\":\"" + symbol + "\",\"timeframe\":\"M5\",\"side\":\"BUY\",\"bar_ts\":\"2025-01-01T00:01:00Z\"}")
                .post("/signals").then().statusCode(422).body("errors.field", hasItem("bar_ts"));
        Api.admin().body("{\"symbol\":\"" + symbol + "\",\"timeframe\":\"M5\",\"side\":\"BUY\",\"meta\":[1]}")
                .post("/signals").then().statusCode(422).body("errors.field", hasItem("meta"));

        String bar = "{\"symbol\":\"" + symbol + "\",\"timeframe\":\"M5\",\"side\":\"BUY\",\"bar_ts\":\"2025-01-01T00:05:00Z\","
                + "\"ttl_sec\":60,\"model_version\":\"manual-1\",\"prob_up\":0.7}";
        String id = Api.admin().body(bar).post("/signals").then().statusCode(201)
                .header("Location", containsString("/signals/")).body("bar_ts", equalTo("2025-01-01T00:05:00Z"))
                .body("status", equalTo("ACTIVE")).body("ttl_sec", equalTo(60)).extract().path("id");
        Api.admin().body(bar.replace("BUY", "SELL")).post("/signals").then().statusCode(409).body("detail", containsString(id));
    }

    @Test
    void serviceCreateAnswersWhetherTheBarsSignalIsNew() throws SQLException {
        String symbol = Api.uniqueSymbol("SVC");
        Instant bar = Instant.parse("2025-03-04T05:00:00Z");
        NewSignal signal = new NewSignal(symbol, Timeframe.H1, bar, Side.BUY, 0.66, 0.66, "model-7", null, 10.0, 20.0,
                90, null, Map.of("rsi", 31.5));
        SignalService.Created first = service.create(signal);
        assertTrue(first.created());
        assertEquals(first.signal().createdAt().plusSeconds(90), first.signal().expiresAt());
        assertEquals(31.5, first.signal().meta().get("rsi"));
        SignalService.Created again = service.create(new NewSignal(symbol, Timeframe.H1, bar, Side.SELL, 0.9, 0.1,
                "model-8", null, null, null, null, null, null));
        assertFalse(again.created());
        assertEquals(first.signal().id(), again.signal().id());
        assertEquals(Side.BUY, again.signal().side());
        assertTrue(service.create(new NewSignal(symbol, Timeframe.M5, bar, Side.SELL, null, null, null, null, null, null,
                null, null, null)).created());
    }

    @Test
    void metricsCountCreationDeliveryAndAcks() {
        String symbol = Api.uniqueSymbol("MET");
        double created = metric("signals_created_total");
        double delivered = metric("signals_delivered_total");
        double latencyCount = metric("signal_delivery_latency_seconds_count");
        double rejected = metric("signals_acked_total{status=\"REJECTED\"}");
        String id = create(symbol, "BUY");
        create(symbol, "SELL");
        String a1 = account("met");
        poll(Api.ea(), a1, symbol, 10);
        poll(Api.ea(), account("met"), symbol, 1);
        Api.ea().body(ackBody(id, a1, "REJECTED")).post("/signals/ack").then().statusCode(200);
        Api.ea().body(ackBody(id, a1, "REJECTED")).post("/signals/ack").then().statusCode(200);

        assertEquals(created + 2, metric("signals_created_total"));
        assertEquals(delivered + 3, metric("signals_delivered_total"));
        assertEquals(latencyCount + 3, metric("signal_delivery_latency_seconds_count"));
        assertEquals(rejected + 1, metric("signals_acked_total{status=\"REJECTED\"}"));
    }

    @Test
    void retentionDeletesOldSettledSignalsWithTheirDeliveries() throws SQLException {
        String symbol = Api.uniqueSymbol("RET");
        String old = create(symbol, "BUY");
        String recent = create(symbol, "SELL");
        String account = account("ret");
        assertThat(poll(Api.ea(), account, symbol, 5), contains(old, recent));
        Api.admin().post("/signals/" + recent + "/cancel").then().statusCode(200);
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE signals SET created_at = now() - interval '91 days',"
                        + " expires_at = now() - interval '91 days' WHERE id = ?::uuid")) {
            ps.setString(1, old);
            assertEquals(1, ps.executeUpdate());
        }
        expiry.sweep();
        Api.admin().get("/signals/" + old).then().statusCode(404);
        Api.admin().get("/signals/" + recent).then().statusCode(200).body("deliveries", hasSize(1));
        Api.ea().body(ackBody(old, account, "FILLED")).post("/signals/ack").then().statusCode(404);
    }

    @Test
    void openApiDocumentsEveryRoute() {
        String spec = io.restassured.RestAssured.given().queryParam("format", "json").get("/openapi").then().statusCode(200)
                .extract().asString();
        for (String path : List.of("\"/signals\"", "/signals/next", "/signals/ack", "/signals/latest", "/signals/{id}",
                "/signals/{id}/cancel", "/trading/pause", "\"/trades\"", "/orders/feedback")) {
            assertTrue(spec.contains(path), path + " is missing from /openapi");
        }
        assertTrue(spec.contains("Claim the next signals for an account"));
        assertTrue(spec.contains("2025.10.20 03:00:05"), "the ack example is published");
    }

    private void backdateExpiry(String id) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE signals SET expires_at = now() - interval '1 second' WHERE id = ?::uuid")) {
            ps.setString(1, id);
            assertEquals(1, ps.executeUpdate());
        }
    }
}
