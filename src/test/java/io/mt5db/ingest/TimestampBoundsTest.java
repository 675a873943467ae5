package io.mt5db.ingest;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.mt5db.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 20 item 2: one timestamp range (1971-01-01 to now + the future bound) on every route. */
@QuarkusTest
class TimestampBoundsTest {

    @Test
    void candleTsZeroNegativeAndExtremeAreRejectedNamingTs() {
        String s = Api.uniqueSymbol("TSB");
        String body = "[" + String.join(",", List.of(
                Api.m1(s, "0"),
                Api.m1(s, "-60"),
                Api.m1(s, "\"-290000-01-01T00:00:00Z\""),
                Api.m1(s, "\"1970-06-01T00:00:00Z\""),
                Api.m1(s, "\"+290000-01-01T00:00:00Z\""),
                Api.m1(s, "100000000000000000000000000000"),
                Api.m1(s, "\"2024-03-01T10:00:00Z\""))) + "]";
        Api.ea().body(body).post("/ingest_batch").then().statusCode(200)
                .body("inserted", equalTo(1)).body("rejected", equalTo(6))
                .body("details[0].status", equalTo("rejected")).body("details[0].field", equalTo("ts"))
                .body("details[0].error", containsString("unset MQL5 datetime"))
                .body("details[1].field", equalTo("ts")).body("details[2].field", equalTo("ts"))
                .body("details[3].field", equalTo("ts")).body("details[4].field", equalTo("ts"))
                .body("details[5].field", equalTo("ts"))
                .body("details[6].status", equalTo("inserted"));
        Api.ea().get("/candles?symbol=" + s + "&timeframe=M1&from=1971-01-01T00:00:00Z").then().statusCode(200)
                .body("items.size()", equalTo(1));
    }

    @Test
    void anExtremeTickIsRejectedAndTheValidTicksOfTheRequestAreStored() {
        String s = Api.uniqueSymbol("TSBT");
        String body = "{\"ticks\":["
                + "{\"symbol\":\"" + s + "\",\"ts\":\"2024-03-01T10:00:00.100Z\",\"bid\":1.1,\"ask\":1.1002},"
                + "{\"symbol\":\"" + s + "\",\"ts\":\"-290000-01-01T00:00:00Z\",\"bid\":1.1,\"ask\":1.1002},"
                + "{\"symbol\":\"" + s + "\",\"ts\":0,\"bid\":1.1,\"ask\":1.1002},"
                + "{\"symbol\":\"" + s + "\",\"ts_msc\":9999999999999999,\"bid\":1.1,\"ask\":1.1002},"
                + "{\"symbol\":\"" + s + "\",\"ts_msc\":5,\"bid\":1.1,\"ask\":1.1002},"
                + "{\"symbol\":\"" + s + "\",\"ts\":\"2024-03-01T10:00:00.200Z\",\"bid\":1.1,\"ask\":1.1002}]}";
        Api.ea().body(body).post("/ingest/tick").then().statusCode(200)
                .body("inserted", equalTo(2)).body("rejected", equalTo(4))
                .body("details[1].field", equalTo("ts")).body("details[2].field", equalTo("ts"))
                .body("details[3].field", equalTo("ts_msc")).body("details[4].field", equalTo("ts_msc"));
        Api.ea().get("/ticks?symbol=" + s + "&from=2024-03-01T00:00:00Z&to=2024-03-02T00:00:00Z").then().statusCode(200)
                .body("items.size()", equalTo(2));
    }

    @Test
    void queryParametersOutOfRangeAre400() {
        String s = Api.uniqueSymbol("TSBQ");
        for (String q : List.of("from=-290000-01-01T00:00:00Z", "from=0", "to=+290000-01-01T00:00:00Z",
                "from=1960-01-01T00:00:00Z")) {
            Api.ea().urlEncodingEnabled(true).get("/candles?symbol=" + s + "&timeframe=M1&" + q).then().statusCode(400)
                    .contentType(containsString("problem+json"));
        }
        Api.admin().get("/signals?from=-290000-01-01T00:00:00Z").then().statusCode(400);
        Api.admin().get("/trades?account_id=X&from=-290000-01-01T00:00:00Z").then().statusCode(400);
    }

    @Test
    void ackTradeAndExpiryTimestampsAreBounded() {
        String farFuture = Instant.now().plusSeconds(20L * 365 * 86400).toString();
        Api.admin().body("{\"name\":\"far\",\"scopes\":[\"read\"],\"expires_at\":\"" + farFuture + "\"}")
                .post("/admin/keys").then().statusCode(422).contentType(containsString("problem+json"))
                .body("errors.field", hasItem("expires_at"));
        Api.admin().body("{\"name\":\"far\",\"scopes\":[\"read\"],\"expires_at\":\"+290000-01-01T00:00:00Z\"}")
                .post("/admin/keys").then().statusCode(422).body("errors.field", hasItem("expires_at"));
        Api.admin().body("{\"symbol\":\"EURUSD\",\"timeframe\":\"M1\",\"side\":\"BUY\",\"bar_ts\":0}")
                .post("/signals").then().statusCode(422).body("errors.field", hasItem("bar_ts"));
        Api.ea().body("{\"account_id\":\"TSB1\",\"ticket\":1,\"event\":\"OPEN\",\"symbol\":\"EURUSD\",\"side\":\"BUY\","
                + "\"volume\":0.1,\"price\":1.1,\"ts\":0}").post("/trades").then().statusCode(200)
                .body("rejected", equalTo(1)).body("details[0].field", equalTo("ts"))
                .body("details[0].error", containsString("unset MQL5 datetime"));
        Api.ea().body("{\"id\":\"0b7f0a8e-6c1e-4c55-9d6a-2f1f3c0e9a11\",\"account_id\":\"TSB1\",\"status\":\"FILLED\","
                + "\"ts_exec\":\"1970-01-01T00:00:00Z\"}").post("/signals/ack").then().statusCode(422)
                .body("errors.field", hasItem("ts_exec"));
    }
}
