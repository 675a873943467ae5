package io.mt5db.signals;

import static io.restassured.RestAssured.given;

import io.mt5db.testing.Api;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.UUID;

/** Request helpers for the signal tests: every poll names its test's unique symbol, so tests sharing the database stay apart. */
final class SignalApi {

    private SignalApi() {
    }

    /** A broadcast signal; answers its id. */
    static String create(String symbol, String side) {
        return create("{\"symbol\":\"" + symbol + "\",\"timeframe\":\"M5\",\"side\":\"" + side + "\"}");
    }

    static String create(String json) {
        return Api.admin().body(json).post("/signals").then().log().ifValidationFails().statusCode(201)
                .extract().path("id");
    }

    /** The ids a poll claimed. */
    static List<String> poll(RequestSpecification key, String account, String symbol, int limit) {
        return pollJson(key, account, symbol, limit).getList("signals.id", String.class);
    }

    static JsonPath pollJson(RequestSpecification key, String account, String symbol, int limit) {
        RequestSpecification request = key.queryParam("symbols", symbol).queryParam("limit", limit);
        if (account != null) {
            request.queryParam("account_id", account);
        }
        return request.get("/signals/next").then().log().ifValidationFails().statusCode(200).extract().jsonPath();
    }

    static String ackBody(String id, String account, String status) {
        return "{\"id\":\"" + id + "\",\"account_id\":\"" + account + "\",\"status\":\"" + status + "\"}";
    }

    static String account(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The sum of a Prometheus series' samples whose line starts with {@code series} (name plus optional labels). */
    static double metric(String series) {
        String text = given().get("/metrics").then().statusCode(200).extract().asString();
        double sum = 0;
        for (String raw : text.split("\n")) {
            // the exposition format may end a label set with ",}"
            String line = raw.replace(",}", "}");
            if (line.startsWith(series + " ") || line.startsWith(series + "{")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}
