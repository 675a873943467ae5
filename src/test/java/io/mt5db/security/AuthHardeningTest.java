package io.mt5db.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mt5db.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Issue 20 items 5 and 6: failed authentication is throttled and cheap; /q/metrics private when metrics are. */
@QuarkusTest
@TestProfile(AuthHardeningTest.Hardened.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuthHardeningTest {

    public static class Hardened implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mt5db.security.metrics-public", "false",
                    "mt5db.security.auth-failure-limit", "5",
                    "mt5db.security.auth-failure-window", "PT10S",
                    "mt5db.security.miss-cache-size", "50",
                    // valid keys are trusted longer than the flood below takes, so a re-lookup means eviction
                    "mt5db.security.key-cache-ttl", "PT60S");
        }
    }

    @Inject
    ApiKeyService keys;

    @Test
    @Order(1)
    void quarkusMetricsNeedAKeyWhenMetricsAreNotPublic() {
        given().get("/q/metrics").then().statusCode(401);
        String reader = Api.createKey("q-metrics-reader", "read", null);
        given().header("X-API-Key", reader).get("/q/metrics").then().statusCode(200);
        String ingestOnly = Api.createKey("q-metrics-ingest", "ingest", null);
        given().header("X-API-Key", ingestOnly).get("/q/metrics").then().statusCode(403);
    }

    @Test
    @Order(2)
    void anUnknownKeyIsLookedUpOnceAndMissesNeverPushValidKeysOut() {
        String reader = Api.createKey("cache-reader", "read", null);
        Api.withKey(reader).get("/stats").then().statusCode(200);
        String unknown = "mt5_unknown_" + UUID.randomUUID();
        long before = keys.databaseLookups();
        for (int i = 0; i < 10; i++) {
            assertTrue(keys.authenticate(unknown).isEmpty());
        }
        assertEquals(before + 1, keys.databaseLookups(), "one database lookup for ten tries of one unknown key");
        for (int i = 0; i < 10_050; i++) {
            keys.authenticate("mt5_flood_" + i + "_" + UUID.randomUUID());
        }
        long afterFlood = keys.databaseLookups();
        assertTrue(keys.authenticate(reader).isPresent());
        assertTrue(keys.authenticate(Api.ADMIN_KEY).isPresent());
        assertEquals(afterFlood, keys.databaseLookups(), "valid keys stay cached through a flood of misses");
    }

    @Test
    @Order(3)
    void failedAuthenticationIsThrottledPerAddressWhileValidKeysKeepWorking() {
        // Valid keys in use before the flood keep working from the throttled address.
        Api.ea().get("/stats").then().statusCode(200);
        int unauthorized = 0;
        boolean throttled = false;
        for (int i = 0; i < 30 && !throttled; i++) {
            int status = given().header("X-API-Key", "mt5_guess_" + UUID.randomUUID()).get("/stats").then()
                    .extract().statusCode();
            if (status == 429) {
                throttled = true;
                given().header("X-API-Key", "mt5_guess_" + UUID.randomUUID()).get("/stats").then().statusCode(429)
                        .contentType("application/problem+json").header("Retry-After", notNullValue());
            } else {
                assertEquals(401, status);
                unauthorized++;
            }
        }
        assertTrue(throttled, "throttled after " + unauthorized + " failures");
        assertEquals(5, unauthorized);
        Api.admin().get("/stats").then().statusCode(200);
        Api.ea().get("/stats").then().statusCode(200);
    }
}
