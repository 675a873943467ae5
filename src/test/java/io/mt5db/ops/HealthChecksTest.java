package io.mt5db.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.isA;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * /health is built from the modules' SmallRye Health checks (group mt5db): each appears under its
 * name with /health's own status word and its figures, and the same checks answer at
 * /q/health/group/mt5db, while readiness stays the database alone.
 */
@QuarkusTest
class HealthChecksTest {

    @Test
    void healthShowsEveryModuleCheckWithItsFigures() {
        given().get("/health").then().statusCode(200)
                .body("status", equalTo("healthy"))
                .body("checks.aggregator.status", equalTo("up"))
                .body("checks.aggregator.lag_seconds", isA(Float.class))
                .body("checks.rollup.status", equalTo("up"))
                .body("checks.rollup.enabled_here", isA(Boolean.class))
                .body("checks.inference.status", equalTo("up"))
                .body("checks.ml_training.queued", isA(Integer.class));
        given().get("/q/health/group/mt5db").then().statusCode(200)
                .body("checks.name", hasItems("aggregator", "rollup", "inference", "ml_training"));
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", not(hasItems("aggregator")));
    }
}
