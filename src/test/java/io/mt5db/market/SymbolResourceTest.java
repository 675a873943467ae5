package io.mt5db.market;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mt5db.aggregation.AggregationSchedule;
import io.mt5db.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SymbolResourceTest {

    @Inject
    AggregationSchedule schedule;

    @Inject
    SymbolDirectory directory;

    private static JsonPath symbol(String s) {
        return Api.ea().get("/symbols/" + s).then().statusCode(200).extract().jsonPath()
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
    }

    private static void candle(String s, String tf, String ts, String extra) {
        Api.ea().body("{\"symbol\":\"" + s + "\",\"timeframe\":\"" + tf + "\",\"ts\":\"" + ts
                + "\",\"open\":1.10001,\"high\":1.10011,\"low\":1.09991,\"close\":1.10005" + extra + "}")
                .post("/ingest").then().statusCode(200).body("rejected", equalTo(0));
    }

    @Test
    void metadataIsSetPartiallyAndValidated() {
        String s = Api.uniqueSymbol("META");
        Api.ea().body("{\"digits\":5,\"point\":0.00001,\"contract_size\":100000,\"currency\":\"USD\","
                + "\"sessions\":{\"timezone\":\"Europe/London\",\"weekly\":[{\"open\":\"MON 08:00\",\"close\":\"MON 16:30\"}]}}")
                .put("/symbols/" + s).then().statusCode(200).body("digits", equalTo(5))
                .body("digits_source", equalTo("set")).body("pip_size", equalTo(0.0001f))
                .body("default_sessions", equalTo(false)).body("sessions.timezone", equalTo("Europe/London"));
        Api.ea().body("{\"currency\":\"EUR\",\"contract_size\":null}").put("/symbols/" + s).then().statusCode(200);
        JsonPath json = symbol(s);
        assertEquals(5, json.getInt("digits"), "fields not sent are kept");
        assertEquals("EUR", json.getString("currency"));
        assertNull(json.get("contract_size"), "null clears a field");

        Api.ea().body("{\"digits\":12,\"point\":-1,\"sessions\":{\"timezone\":\"Nowhere/City\",\"weekly\":[]}}")
                .put("/symbols/" + s).then().statusCode(422)
                .body("errors.field", equalTo(List.of("digits", "point", "sessions")));
        Api.ea().body("{\"digits\":5").put("/symbols/" + s).then().statusCode(400);
        String readOnly = Api.createKey("read-only", "read", null);
        Api.withKey(readOnly).body("{\"digits\":5}").put("/symbols/" + s).then().statusCode(403);
        Api.ea().get("/symbols/NOSUCH" + s.substring(0, 10)).then().statusCode(404);
    }

    @Test
    void twoFirstPutsOfANewSymbolAtOnceBothSucceed() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 5; round++) {
                String s = Api.uniqueSymbol("RACE");
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<Integer>> puts = new java.util.ArrayList<>();
                for (int digits : new int[] {4, 5}) {
                    puts.add(clients.submit(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        return Api.ea().body("{\"digits\":" + digits + ",\"currency\":\"USD\"}").put("/symbols/" + s)
                                .then().extract().statusCode();
                    }));
                }
                for (Future<Integer> put : puts) {
                    assertEquals(200, put.get(60, TimeUnit.SECONDS), "each first PUT of " + s + " is stored");
                }
                JsonPath json = symbol(s);
                assertTrue(List.of(4, 5).contains(json.getInt("digits")), "one of the two PUTs is the last");
                assertEquals("USD", json.getString("currency"));
            }
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void aScaleReadErrorNeverFailsIngest() {
        // PostgreSQL refuses a NUL in a text parameter: the read fails, the scale is unknown
        assertEquals(SymbolScale.UNKNOWN, directory.scale("BAD\u0000SYMBOL"));
        String s = Api.uniqueSymbol("SCALE");
        Api.ea().body("{\"point\":0.01}").put("/symbols/" + s).then().statusCode(200);
        assertEquals(0.01, directory.scale(s).point(), 0.0);
    }

    @Test
    void digitsAreInferredUntilSetAndSpreadPointsUseThePoint() {
        String s = Api.uniqueSymbol("DIGITS");
        candle(s, "M1", "2024-02-05T10:00:00Z", ",\"spread_points\":15");
        Map<String, Object> stored = Api.ea().get("/candles?symbol=" + s + "&timeframe=M1").then().extract().jsonPath()
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE)).getMap("items[0]");
        assertEquals(0.00015, (Double) stored.get("spread"), 0.0, "15 points at 5 digits");
        schedule.runCycle();
        JsonPath json = symbol(s);
        assertEquals(5, json.getInt("digits"));
        assertEquals("inferred", json.getString("digits_source"));
        assertEquals(0.00001, json.getDouble("point"), 0.0);

        Api.ea().body("{\"point\":0.001}").put("/symbols/" + s).then().statusCode(200);
        candle(s, "M1", "2024-02-05T10:01:00Z", ",\"spread_points\":15");
        Map<String, Object> converted = Api.ea().get("/candles?symbol=" + s + "&timeframe=M1&from=2024-02-05T10:01:00Z")
                .then().extract().jsonPath().using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE))
                .getMap("items[0]");
        assertEquals(0.015, (Double) converted.get("spread"), 0.0, "the set point wins over the digits of the prices");
    }

    @Test
    void listingShowsExactCountsAndBoundsPerTimeframeAndPages() {
        String s = Api.uniqueSymbol("LIST");
        for (String ts : List.of("2024-02-05T10:00:00Z", "2024-02-05T10:01:00Z", "2024-02-05T10:07:00Z")) {
            candle(s, "M1", ts, ",\"volume\":3");
        }
        JsonPath before = symbol(s);
        assertEquals(List.of("M1"), before.getList("series.timeframe"), "counted as written, before any job ran");
        assertEquals(3, before.getInt("series[0].count"));
        schedule.runCycle();
        JsonPath after = symbol(s);
        assertEquals(List.of("M1", "M5", "M15", "M30", "H1", "H4", "D1", "W1", "MN1"), after.getList("series.timeframe"));
        assertEquals(List.of(3, 2, 1, 1, 1, 1, 1, 1, 1),
                after.getList("series.count").stream().map(n -> ((Number) n).intValue()).toList());
        assertEquals("2024-02-05T10:00:00Z", after.getString("series[0].first_ts"));
        assertEquals("2024-02-05T10:07:00Z", after.getString("series[0].last_ts"));

        Api.admin().delete("/candles?symbol=" + s + "&timeframe=M1&from=2024-02-05T10:07:00Z&to=2024-02-05T10:08:00Z")
                .then().statusCode(200);
        schedule.runCycle();
        JsonPath deleted = symbol(s);
        assertEquals(2, deleted.getInt("series[0].count"));
        assertEquals("2024-02-05T10:01:00Z", deleted.getString("series[0].last_ts"));
        assertEquals(1, deleted.getInt("series[1].count"), "the emptied M5 bucket is gone");

        Api.ea().body("{\"digits\":2}").put("/symbols/" + s + "X").then().statusCode(200);
        Api.ea().get("/symbols?limit=1&cursor=" + s).then().statusCode(200).body("items[0].symbol", equalTo(s + "X"));
        String cursor = Api.ea().get("/symbols?limit=1").then().statusCode(200).body("items.size()", equalTo(1))
                .extract().path("next_cursor");
        Api.ea().get("/symbols?limit=1&cursor=" + cursor).then().statusCode(200)
                .body("items[0].symbol", org.hamcrest.Matchers.greaterThan(cursor));
        Api.ea().get("/symbols?format=csv&limit=100000").then().statusCode(200)
                .contentType(containsString("text/csv"))
                .body(containsString("symbol,digits,digits_source,point,pip_size,contract_size,currency,timeframe,count"))
                .body(containsString(s + ",5,inferred,0.00001,0.0001,,,M1,2,2024-02-05T10:00:00Z,2024-02-05T10:01:00Z"));
        Api.ea().get("/symbols").then().body("items.symbol", hasItem(s)).body("items[0].currency", nullValue());
    }
}
