package io.mt5db.market;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mt5db.aggregation.AggregationSchedule;
import io.mt5db.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** /latest, /stats, /gaps, /clients and /query over HTTP. */
@QuarkusTest
class ReadApiTest {

    @Inject
    AggregationSchedule schedule;

    /** Posts M1 bars for every minute of [from, to) except the skipped ranges (pairs). */
    private static int postMinutes(String symbol, String from, String to, String... skipped) {
        List<String> items = new ArrayList<>();
        for (Instant t = Instant.parse(from); t.isBefore(Instant.parse(to)); t = t.plusSeconds(60)) {
            boolean skip = false;
            for (int i = 0; i < skipped.length; i += 2) {
                skip |= !t.isBefore(Instant.parse(skipped[i])) && t.isBefore(Instant.parse(skipped[i + 1]));
            }
            if (!skip) {
                items.add(String.format(Locale.ROOT, "{\"symbol\":\"%s\",\"timeframe\":\"M1\",\"ts\":\"%s\","
                        + "\"open\":1.1,\"high\":1.2,\"low\":1.0,\"close\":1.15,\"volume\":4}", symbol, t));
            }
        }
        for (int i = 0; i < items.size(); i += 5000) {
            Api.ea().body("[" + String.join(",", items.subList(i, Math.min(items.size(), i + 5000))) + "]")
                    .post("/ingest_batch?details=none").then().statusCode(200).body("rejected", equalTo(0));
        }
        return items.size();
    }

    @Test
    void everyReadRouteIsDocumentedWithAnExample() {
        String openapi = given().get("/openapi?format=json").then().statusCode(200).extract().asString();
        for (String route : List.of("/symbols", "/symbols/{symbol}", "/latest", "/stats", "/gaps", "/clients", "/query",
                "/recompute")) {
            assertTrue(openapi.contains("\"" + route + "\""), route + " documented");
        }
        assertTrue(openapi.matches("(?s).*missing_bars.{1,6}15.*"), "gaps example");
        assertTrue(openapi.contains("last_ingest_at"), "clients example");
    }

    @Test
    void latestIsTheNewestCandleWithIndicators() {
        String s = Api.uniqueSymbol("LATEST");
        postMinutes(s, "2024-02-06T10:00:00Z", "2024-02-06T10:03:00Z");
        Api.ea().get("/latest?symbol=" + s + "&timeframe=M1").then().statusCode(200)
                .body("ts", equalTo("2024-02-06T10:02:00Z")).body("source", equalTo("ea"))
                .body("$", hasKey("rsi")).body("rsi", nullValue());
        Api.ea().get("/latest?symbol=" + s + "&format=csv").then().statusCode(200)
                .body(containsString("symbol,timeframe,ts,open,high,low,close,volume,spread,source,rsi,macd"))
                .body(containsString(s + ",M1,2024-02-06T10:02:00Z,1.1,1.2,1,1.15,4,,ea,,,,,,,,"));
        Api.ea().get("/latest?symbol=" + s + "&timeframe=H4").then().statusCode(404)
                .contentType(containsString("application/problem+json"));
        Api.ea().get("/latest").then().statusCode(400);
    }

    @Test
    void statsComeFromMaintainedCountsAndQueues() {
        String s = Api.uniqueSymbol("STATS");
        postMinutes(s, "2024-02-06T10:00:00Z", "2024-02-06T10:10:00Z");
        schedule.runCycle();
        Map<String, Object> stats = Api.ea().get("/stats").then().statusCode(200)
                .body("series.findAll { it.symbol == '" + s + "' }.timeframe", hasItems("M1", "M5", "MN1"))
                .body("series.find { it.symbol == '" + s + "' && it.timeframe == 'M1' }.count", equalTo(10))
                .body("series.find { it.symbol == '" + s + "' && it.timeframe == 'M5' }.count", equalTo(2))
                .body("jobs.job", hasItems("aggregator", "rollup", "tick-retention"))
                .body("ticks.estimate", greaterThanOrEqualTo(0))
                .body("last_received_at", notNullValue())
                .body("candles_total", greaterThanOrEqualTo(18))
                .extract().as(Map.class);
        assertEquals(true, stats.containsKey("generated_at"));
        Api.ea().get("/stats?format=csv").then().statusCode(200).body(containsString(s + ",M1,10"));
        given().get("/stats").then().statusCode(401);
    }

    @Test
    void gapsAreMissingBarsWhileTheMarketWasOpen() {
        String s = Api.uniqueSymbol("GAPS");
        // Friday 21:30Z to Monday 00:30Z (winter): the weekend closes at 22:00Z Friday and opens 22:00Z Sunday.
        postMinutes(s, "2024-01-12T21:30:00Z", "2024-01-15T00:30:00Z",
                "2024-01-12T22:00:00Z", "2024-01-14T22:00:00Z", "2024-01-14T23:10:00Z", "2024-01-14T23:15:00Z");
        Api.ea().get("/gaps?symbol=" + s + "&timeframe=M1&to=2024-01-15T00:30:00Z").then().statusCode(200)
                .body("from", equalTo("2024-01-12T21:30:00Z"))
                .body("items.size()", equalTo(1))
                .body("items[0].from", equalTo("2024-01-14T23:10:00Z"))
                .body("items[0].to", equalTo("2024-01-14T23:15:00Z"))
                .body("items[0].missing_bars", equalTo(5))
                .body("missing_bars", equalTo(5))
                .body("expected_bars", equalTo(30 + 150));
        Api.ea().get("/gaps?symbol=" + s + "&timeframe=M1&to=2024-01-15T00:30:00Z&format=csv").then().statusCode(200)
                .body(containsString(s + ",M1,2024-01-14T23:10:00Z,2024-01-14T23:15:00Z,5"));
        Api.ea().get("/gaps?symbol=" + s + "&timeframe=M1&from=2024-01-15T00:00:00Z&to=2024-01-14T00:00:00Z")
                .then().statusCode(400);
        Api.ea().get("/gaps?symbol=" + s + "&timeframe=M1&from=2000-01-01T00:00:00Z&to=2024-01-13T00:00:00Z").then()
                .statusCode(200).body("from", equalTo("2024-01-12T21:30:00Z")).body("items.size()", equalTo(0));
        // Without from and to, the range is the series itself (first bar to the end of the last), and says so:
        // a series that stopped is not missing every minute until now.
        Api.ea().get("/gaps?symbol=" + s + "&timeframe=M1").then().statusCode(200)
                .body("from", equalTo("2024-01-12T21:30:00Z")).body("from_defaulted", equalTo(true))
                .body("to", equalTo("2024-01-15T00:30:00Z")).body("to_defaulted", equalTo(true))
                .body("items.size()", equalTo(1)).body("missing_bars", equalTo(5)).body("next_cursor", nullValue());
        Api.ea().get("/gaps?symbol=" + s + "&timeframe=M1&to=2024-01-15T00:30:00Z").then().statusCode(200)
                .body("from_defaulted", equalTo(true)).body("to_defaulted", equalTo(false));
        // A to past the last bar asks for the silence since: it is a gap.
        Api.ea().get("/gaps?symbol=" + s + "&timeframe=M1&from=2024-01-15T00:00:00Z&to=2024-01-15T01:00:00Z").then()
                .statusCode(200).body("from_defaulted", equalTo(false))
                .body("items[0].from", equalTo("2024-01-15T00:30:00Z")).body("items[0].missing_bars", equalTo(30));
    }

    @Test
    void clientsShowEachKeysTerminalsAsLastSeen() {
        String s = Api.uniqueSymbol("CLIENT");
        String account = "ACC" + s;
        String key = Api.createKey("terminal-" + s, "ingest,read", null);
        Api.withKey(key).header("User-Agent", "MyEA/2.1 (MT5 build 4620)").header("X-Account-Id", account)
                .body("{\"ticks\":[{\"symbol\":\"" + s + "\",\"ts_msc\":1707213600000,\"bid\":1.1,\"ask\":1.1002}]}")
                .post("/ingest/tick").then().statusCode(200);
        Api.admin().get("/clients?limit=100000").then().statusCode(200)
                .body("items.findAll { it.account_id == '" + account + "' }.user_agent", equalTo(List.of("MyEA/2.1 (MT5 build 4620)")))
                .body("items.find { it.account_id == '" + account + "' }.symbols", equalTo(List.of(s)))
                .body("items.find { it.account_id == '" + account + "' }.key_name", equalTo("terminal-" + s))
                .body("items.find { it.account_id == '" + account + "' }.last_ingest_at", notNullValue())
                .body("items.find { it.account_id == '" + account + "' }.requests", equalTo(1));
        String bound = Api.createKey("bound-" + s, "read,signals", account);
        Api.withKey(bound).get("/clients").then().statusCode(200)
                .body("items.account_id", everyItem(equalTo(account)))
                .body("items.size()", greaterThanOrEqualTo(1));
        Api.admin().get("/clients?format=csv&limit=100000").then().statusCode(200)
                .body(containsString("key_id,key_name,user_agent,account_id")).body(containsString(account));
        Api.admin().get("/clients?cursor=notacursor").then().statusCode(400);
    }

    @Test
    void queryServesWhitelistedViewsOnly() {
        String s = Api.uniqueSymbol("QUERY");
        postMinutes(s, "2024-02-06T10:00:00Z", "2024-02-06T10:05:00Z");
        String next = Api.ea().get("/query?view=candles&symbol=" + s + "&timeframe=M1&limit=3").then().statusCode(200)
                .body("view", equalTo("candles")).body("columns", hasItem("rsi"))
                .body("items.size()", equalTo(3)).body("items[0].ts", equalTo("2024-02-06T10:00:00Z"))
                .body("items[0].close", equalTo(1.15f))
                .extract().path("next_cursor");
        assertEquals("2024-02-06T10:03:00Z", next);
        Api.ea().get("/query?view=candles&symbol=" + s + "&timeframe=M1&limit=3&cursor=" + next).then().statusCode(200)
                .body("items.ts", equalTo(List.of("2024-02-06T10:03:00Z", "2024-02-06T10:04:00Z")))
                .body("next_cursor", nullValue());
        Api.ea().get("/query?view=candles&symbol=" + s + "&timeframe=M1&format=csv").then().statusCode(200)
                .body(containsString("symbol,timeframe,ts,open,high,low,close,volume,spread,rsi"));
        Api.ea().get("/query?view=candles").then().statusCode(400);
        String listed = Api.ea().get("/query?view=pg_shadow").then().statusCode(400)
                .body("detail", containsString("candles, features")).extract().path("detail");
        // Every view the error lists answers: none of them is a 404 waiting for a module.
        List<String> names = List.of(listed.substring(listed.indexOf("use one of ") + "use one of ".length()).split(", "));
        assertEquals(List.of("candles", "features", "labels", "model_signals", "signals", "trades", "trainset"), names);
        for (String name : names) {
            Api.admin().get("/query?view=" + name + "&symbol=" + s + "&timeframe=M1").then().statusCode(200)
                    .body("view", equalTo(name));
        }
        Api.ea().get("/query?view=select%201").then().statusCode(400);
        Api.ea().get("/query").then().statusCode(400);
        String bound = Api.createKey("bound-query-" + s, "read,signals", "ACC-" + s);
        Api.withKey(bound).get("/query?view=candles&symbol=" + s + "&timeframe=M1&account_id=someone-else").then()
                .statusCode(403);
        Api.withKey(bound).get("/query?view=candles&symbol=" + s + "&timeframe=M1").then().statusCode(200)
                .body("items.size()", equalTo(5));
    }
}
