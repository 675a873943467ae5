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
}
