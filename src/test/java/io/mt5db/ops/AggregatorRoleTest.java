package io.mt5db.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mt5db.aggregation.AggregationConfig;
import io.mt5db.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The aggregator role: jobs on, no API routes, health and metrics still served. */
@QuarkusTest
@TestProfile(AggregatorRoleTest.AggregatorRole.class)
class AggregatorRoleTest {

    /** The test profile plus the aggregator role's own settings from application.properties. */
    public static class AggregatorRole implements QuarkusTestProfile {
        @Override
        public String getConfigProfile() {
            return "test,aggregator";
        }
    }

    @Inject
    RoleConfig role;

    @Inject
    AggregationConfig aggregation;

    @Test
    void servesHealthAndMetricsButNoApiRoutes() {
        assertFalse(role.apiEnabled());
        assertTrue(aggregation.enabled());
        given().get("/health").then().statusCode(200).body("checks.aggregator.enabled_here", equalTo(true));
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/metrics").then().statusCode(200).body(containsString("# TYPE"));
        given().get("/q/metrics").then().statusCode(200);
        Api.ea().body("{\"ticks\":[]}").post("/ingest/tick").then().statusCode(404)
                .contentType(containsString("application/problem+json"))
                .body("detail", containsString("serves no API routes"));
        given().get("/candles?symbol=EURUSD&timeframe=M1").then().statusCode(404);
        Api.admin().get("/admin/keys").then().statusCode(404);
    }
}
