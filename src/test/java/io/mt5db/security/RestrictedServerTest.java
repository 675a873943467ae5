package io.mt5db.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.notNullValue;

import io.mt5db.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A server with tick ingest switched off, private metrics and a tight rate limit. */
@QuarkusTest
@TestProfile(RestrictedServerTest.Restricted.class)
class RestrictedServerTest {

    public static class Restricted implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mt5db.ingest.disable-tick-ingest", "true",
                    "mt5db.security.metrics-public", "false",
                    // practically no refill during the test, so the count is deterministic
                    "mt5db.security.rate-limit-per-second", "0.001",
                    "mt5db.security.rate-limit-burst", "8");
        }
    }

    @Test
    void tickRoutesAnswer410WhenTickIngestIsDisabled() {
        String key = Api.createKey("ticks-off", "ingest", null);
        Api.withKey(key).body("{\"ticks\":[]}").post("/ingest/tick").then().statusCode(410)
                .contentType("application/problem+json").body("detail", containsString("DISABLE_TICK_INGEST"));
        Api.withKey(key).body("{}").post("/tick").then().statusCode(410);
        Api.withKey(key).body("[]").post("/tick/bulk").then().statusCode(410);
    }

    @Test
    void metricsNeedAReadKeyWhenNotPublic() {
        given().get("/metrics").then().statusCode(401);
        given().get("/prometheus").then().statusCode(401);
        String reader = Api.createKey("metrics-reader", "read", null);
        given().header("X-API-Key", reader).get("/metrics").then().statusCode(200);
        String ingestOnly = Api.createKey("metrics-ingest", "ingest", null);
        given().header("X-API-Key", ingestOnly).get("/metrics").then().statusCode(403);
    }

    @Test
    void aKeyOverItsRateGets429WithRetryAfter() {
        for (int i = 0; i < 8; i++) {
            Api.ea().get("/ingest/cursor?symbol=EURUSD&timeframe=M1").then().statusCode(200);
        }
        Api.ea().get("/candles?symbol=EURUSD&timeframe=M1").then().statusCode(429)
                .contentType("application/problem+json").header("Retry-After", notNullValue());
        // Another key has its own bucket.
        String other = Api.createKey("rate-other", "read", null);
        Api.withKey(other).get("/candles?symbol=EURUSD&timeframe=M1").then().statusCode(200);
    }
}
