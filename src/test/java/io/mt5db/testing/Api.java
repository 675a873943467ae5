package io.mt5db.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.UUID;

/** Keys and request helpers shared by the HTTP tests. */
public final class Api {

    /** Set by %test config as ADMIN_API_KEY and API_KEY. */
    public static final String ADMIN_KEY = "test-admin-key-0123456789";
    public static final String EA_KEY = "test-ea-key-0123456789";

    private Api() {
    }

    public static RequestSpecification admin() {
        return given().header("X-API-Key", ADMIN_KEY).contentType(ContentType.JSON);
    }

    public static RequestSpecification ea() {
        return given().header("X-API-Key", EA_KEY).contentType(ContentType.JSON);
    }

    public static RequestSpecification withKey(String key) {
        return given().header("X-API-Key", key).contentType(ContentType.JSON);
    }

    /** A symbol no other test uses, so tests sharing one database stay independent. */
    public static String uniqueSymbol(String prefix) {
        return (prefix + UUID.randomUUID().toString().replace("-", "")).substring(0, Math.min(32, prefix.length() + 10)).toUpperCase();
    }

    /** Creates a key with the given scopes through the admin API and answers the key. */
    public static String createKey(String name, String scopes, String accountId) {
        StringBuilder body = new StringBuilder("{\"name\":\"").append(name).append("\",\"scopes\":[");
        String[] parts = scopes.split(",");
        for (int i = 0; i < parts.length; i++) {
            body.append(i > 0 ? "," : "").append('"').append(parts[i]).append('"');
        }
        body.append(']');
        if (accountId != null) {
            body.append(",\"account_id\":\"").append(accountId).append('"');
        }
        body.append('}');
        return admin().body(body.toString()).post("/admin/keys").then().statusCode(201).extract().path("key");
    }

    /** A candle as an EA posts it; {@code tsJson} is raw JSON (a quoted string or a number). */
    public static String candle(String symbol, String timeframe, String tsJson, double open, double high, double low,
            double close, String extraFields) {
        return String.format(java.util.Locale.ROOT,
                "{\"symbol\":\"%s\",\"timeframe\":\"%s\",\"ts\":%s,\"open\":%s,\"high\":%s,\"low\":%s,\"close\":%s%s}",
                symbol, timeframe, tsJson, open, high, low, close, extraFields == null ? "" : "," + extraFields);
    }

    /** A valid M1 candle with volume and spread. */
    public static String m1(String symbol, String tsJson) {
        return candle(symbol, "M1", tsJson, 1.1, 1.2, 1.0, 1.15, "\"volume\":10,\"spread\":0.0002");
    }
}
