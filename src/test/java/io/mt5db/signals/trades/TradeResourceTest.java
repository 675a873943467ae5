package io.mt5db.signals.trades;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.mt5db.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TradeResourceTest {

    private static String account() {
        return "trd-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String open(String account, long ticket, String ts) {
        return "{\"account_id\":\"" + account + "\",\"ticket\":" + ticket + ",\"event\":\"OPEN\",\"symbol\":\"EURUSD\","
                + "\"side\":\"buy\",\"volume\":0.1,\"price\":1.0855,\"sl\":1.084,\"tp\":1.0885,\"commission\":-0.7,"
                + "\"slippage\":0.2,\"ts\":\"" + ts + "\"}";
    }

    @Test
    void tradeEventsAreIdempotentOnAccountTicketAndEvent() {
        String account = account();
        String event = open(account, 1001, "2025.10.20 03:00:05");
        Api.ea().body(event).post("/trades").then().log().ifValidationFails().statusCode(200)
                .body("inserted", equalTo(1)).body("details[0].status", equalTo("inserted"));
        Api.ea().body(event).post("/trades").then().statusCode(200).body("inserted", equalTo(0))
                .body("duplicates", equalTo(1)).body("details[0].status", equalTo("duplicate"));
        String close = "{\"account_id\":\"" + account + "\",\"ticket\":1001,\"event\":\"CLOSE\",\"price\":1.0870,"
                + "\"profit\":15.0,\"swap\":-0.1,\"ts\":1760929800}";
        String batch = "{\"items\":[" + close + "," + close + ",{\"account_id\":\"" + account + "\",\"ticket\":\"x\","
                + "\"event\":\"OPEN\",\"ts\":\"2025-10-20T03:00:00Z\"}," + open(account, 1002, "2025-10-20T03:05:00Z")
                + ",{\"account_id\":\"" + account + "\",\"ticket\":1003,\"event\":\"PARTIAL\",\"ts\":\"bad\"}]}";
        Api.ea().body(batch).post("/trades").then().statusCode(200).body("ok", equalTo(false))
                .body("received", equalTo(5)).body("inserted", equalTo(2)).body("duplicates", equalTo(1))
                .body("rejected", equalTo(2))
                .body("details.status", contains("inserted", "duplicate", "rejected", "inserted", "rejected"))
                .body("details[2].field", equalTo("ticket"))
                .body("details[4].error", containsString("event")).body("details[4].error", containsString("ts"));

        Api.ea().queryParam("account_id", account).get("/trades").then().statusCode(200)
                .body("items", hasSize(3))
                .body("items.event", contains("OPEN", "OPEN", "CLOSE"))
                .body("items[0].ts", equalTo("2025-10-20T03:00:05Z")).body("items[0].side", equalTo("BUY"))
                .body("items[0].commission", equalTo(-0.7f)).body("items[2].profit", equalTo(15.0f))
                .body("next_cursor", nullValue());
        Api.ea().queryParam("account_id", account).queryParam("from", "2025-10-20T03:01:00Z")
                .queryParam("to", "2025-10-20T03:10:00Z").get("/trades").then().statusCode(200)
                .body("items.ticket", contains(1002));
        Api.ea().queryParam("account_id", account).queryParam("event", "close").get("/trades").then().statusCode(200)
                .body("items.ticket", contains(1001));
    }

    @Test
    void tradesPageInTimeOrder() {
        String account = account();
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 5; i++) {
            batch.append(i > 0 ? "," : "").append(open(account, 2000 + i, "2025-10-20T04:0" + i + ":00Z"));
        }
        Api.ea().body(batch.append(']').toString()).post("/trades").then().statusCode(200).body("inserted", equalTo(5));
        String cursor = Api.ea().queryParam("account_id", account).queryParam("limit", 3).get("/trades").then()
                .statusCode(200).body("items.ticket", contains(2000, 2001, 2002)).body("next_cursor", notNullValue())
                .extract().path("next_cursor");
        Api.ea().queryParam("account_id", account).queryParam("limit", 3).queryParam("cursor", cursor).get("/trades")
                .then().statusCode(200).body("items.ticket", contains(2003, 2004)).body("next_cursor", nullValue());
        Api.ea().queryParam("cursor", "garbage").get("/trades").then().statusCode(400);
        Api.ea().queryParam("event", "SOMETHING").get("/trades").then().statusCode(400);
    }

    @Test
    void boundKeyPostsAndReadsOnlyItsAccount() {
        String own = account();
        String other = account();
        String key = Api.createKey("trades-" + own, "signals", own);
        Api.withKey(key).body("{\"ticket\":3001,\"event\":\"OPEN\",\"ts\":\"2025-10-20T05:00:00Z\"}").post("/trades")
                .then().statusCode(200).body("inserted", equalTo(1)).body("details[0].account_id", equalTo(own));
        Api.withKey(key).body(open(other, 3002, "2025-10-20T05:00:00Z")).post("/trades").then().statusCode(403);
        // A forbidden item anywhere in the batch stores nothing.
        Api.withKey(key).body("[" + open(own, 3003, "2025-10-20T05:00:00Z") + "," + open(other, 3004, "2025-10-20T05:00:00Z")
                + "]").post("/trades").then().statusCode(403);
        Api.ea().body(open(other, 3005, "2025-10-20T05:00:00Z")).post("/trades").then().statusCode(200);

        Api.withKey(key).get("/trades").then().statusCode(200).body("items.ticket", contains(3001));
        Api.withKey(key).queryParam("account_id", other).get("/trades").then().statusCode(403);
        Api.ea().body("{\"ticket\":3006,\"event\":\"OPEN\",\"ts\":\"2025-10-20T05:00:00Z\"}").post("/trades").then()
                .statusCode(200).body("rejected", equalTo(1)).body("details[0].field", equalTo("account_id"));
    }

    @Test
    void oldOrderFeedbackBecomesAFeedbackEvent() {
        String account = account();
        String signalId = UUID.randomUUID().toString();
        byte[] json = ("{\"account_id\":\"" + account + "\",\"order_id\":\"4001\",\"signal_id\":\"" + signalId
                + "\",\"symbol\":\"GBPUSD\",\"side\":\"SELL\",\"volume\":0.2,\"price\":1.2701,\"status\":\"filled\","
                + "\"message\":\"ok\"}").getBytes(StandardCharsets.UTF_8);
        byte[] withNul = Arrays.copyOf(json, json.length + 1);
        Api.ea().contentType("text/plain").body(withNul).post("/orders/feedback").then().log().ifValidationFails()
                .statusCode(200).body("inserted", equalTo(1)).body("details[0].event", equalTo("FEEDBACK"));
        Api.ea().body(json).post("/orders/feedback").then().statusCode(200).body("duplicates", equalTo(1));
        Api.ea().body("{\"account_id\":\"" + account + "\",\"message\":\"no ticket\"}").post("/orders/feedback").then()
                .statusCode(200).body("rejected", equalTo(1)).body("details[0].field", equalTo("order_id"));
        Api.ea().queryParam("account_id", account).queryParam("signal_id", signalId).get("/trades").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].event", equalTo("FEEDBACK"))
                .body("items[0].ticket", equalTo(4001)).body("items[0].status", equalTo("filled"))
                .body("items[0].ts", notNullValue());
    }

    @Test
    void wrongShapesAreClientErrors() {
        Api.ea().body("\"text\"").post("/trades").then().statusCode(422);
        Api.ea().body("{\"items\":5}").post("/trades").then().statusCode(422);
        Api.ea().body("{\"items\":[").post("/trades").then().statusCode(400);
        Api.ea().body("[1]").post("/trades").then().statusCode(200).body("rejected", equalTo(1));
        io.restassured.RestAssured.given().body("{}").post("/trades").then().statusCode(401);
        Api.withKey(Api.createKey("ingest-only-" + UUID.randomUUID(), "ingest", null)).body("{}").post("/trades").then()
                .statusCode(403);
    }
}
