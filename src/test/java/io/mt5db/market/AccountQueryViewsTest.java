package io.mt5db.market;

import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mt5db.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** /query over signals and trades: the signals scope, paging, and an account-bound key's own account only. */
@QuarkusTest
class AccountQueryViewsTest {

    private static String account() {
        return "acct-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String signal(String symbol, String account) {
        String body = "{\"symbol\":\"" + symbol + "\",\"timeframe\":\"M5\",\"side\":\"BUY\""
                + (account == null ? "" : ",\"account_id\":\"" + account + "\"") + "}";
        return Api.admin().body(body).post("/signals").then().statusCode(201).extract().path("id");
    }

    @Test
    void signalsViewShowsBroadcastAndOwnSignalsToABoundKey() {
        String symbol = Api.uniqueSymbol("QSIG");
        String mine = account();
        String other = account();
        String broadcast = signal(symbol, null);
        String own = signal(symbol, mine);
        String foreign = signal(symbol, other);
        Api.admin().get("/query?view=signals&symbol=" + symbol).then().statusCode(200)
                .body("items.id", contains(broadcast, own, foreign))
                .body("items[1].account_id", equalTo(mine)).body("items[0].account_id", nullValue());
        String bound = Api.createKey("query-bound", "read,signals", mine);
        Api.withKey(bound).get("/query?view=signals&symbol=" + symbol).then().statusCode(200)
                .body("items.id", contains(broadcast, own));
        Api.withKey(bound).get("/query?view=signals&symbol=" + symbol + "&account_id=" + other).then().statusCode(403);
        Api.admin().get("/query?view=signals&symbol=" + symbol + "&account_id=" + other).then().statusCode(200)
                .body("items.id", contains(broadcast, foreign));
        String readOnly = Api.createKey("query-reader", "read", null);
        Api.withKey(readOnly).get("/query?view=signals&symbol=" + symbol).then().statusCode(403);
        // Pages follow creation order without gaps or repeats.
        String first = Api.admin().get("/query?view=signals&symbol=" + symbol + "&limit=2").then().statusCode(200)
                .body("items.id", contains(broadcast, own)).extract().path("next_cursor");
        Api.admin().get("/query?view=signals&symbol=" + symbol + "&limit=2&cursor=" + first).then().statusCode(200)
                .body("items.id", contains(foreign)).body("next_cursor", nullValue());
        Api.admin().get("/query?view=signals&cursor=abc").then().statusCode(400);
    }

    @Test
    void tradesViewShowsABoundKeyOnlyItsAccountAlsoAsCsv() {
        String mine = account();
        String other = account();
        for (String account : new String[] {mine, other}) {
            Api.ea().body("{\"account_id\":\"" + account + "\",\"ticket\":7,\"event\":\"OPEN\",\"symbol\":\"EURUSD\","
                    + "\"side\":\"BUY\",\"volume\":0.1,\"price\":1.0855,\"ts\":\"2025-10-20T03:00:05Z\"}")
                    .post("/trades").then().statusCode(200).body("inserted", equalTo(1));
        }
        Api.admin().get("/query?view=trades&from=2025-10-20T03:00:00Z&to=2025-10-20T03:01:00Z&account_id=" + other)
                .then().statusCode(200).body("items", hasSize(1)).body("items[0].account_id", equalTo(other));
        String bound = Api.createKey("trades-bound", "read,signals", mine);
        Api.withKey(bound).get("/query?view=trades&from=2025-10-20T03:00:00Z&to=2025-10-20T03:01:00Z").then()
                .statusCode(200).body("items.account_id", containsInAnyOrder(mine)).body("items[0].ticket", equalTo(7));
        String csv = Api.withKey(bound).get("/query?view=trades&format=csv&from=2025-10-20T03:00:00Z&to=2025-10-20T03:01:00Z")
                .then().statusCode(200).extract().asString();
        String[] lines = csv.split("\n");
        assertEquals(2, lines.length, csv);
        assertEquals("id,account_id,ticket,event,symbol,side,volume,price,sl,tp,profit,commission,swap,slippage,ts,"
                + "signal_id,status,message", lines[0]);
        assertEquals(true, lines[1].contains("," + mine + ",7,OPEN,EURUSD,BUY,0.1,1.0855,,,,,,,2025-10-20T03:00:05Z"), lines[1]);
    }
}
