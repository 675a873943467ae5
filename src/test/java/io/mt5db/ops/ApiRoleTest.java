package io.mt5db.ops;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mt5db.aggregation.AggregationConfig;
import io.mt5db.aggregation.AggregationSchedule;
import io.mt5db.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The api role: HTTP routes served, no jobs scheduled. */
@QuarkusTest
@TestProfile(ApiRoleTest.ApiRole.class)
class ApiRoleTest {

    public static class ApiRole implements QuarkusTestProfile {
        @Override
        public String getConfigProfile() {
            return "test,api";
        }
    }

    @Inject
    RoleConfig role;

    @Inject
    AggregationConfig aggregation;

    @Inject
    AggregationSchedule.Disabled aggregationSwitch;

    @Inject
    io.mt5db.ml.MlConfig ml;

    @Inject
    io.mt5db.ml.MlDisabled mlSwitch;

    @Test
    void servesTheApiAndRunsNoJobs() {
        assertFalse(ml.enabled(), "the api role only queues training jobs; it runs neither them nor inference");
        assertTrue(mlSwitch.test(null), "scheduled ML polls and inference runs are skipped");
        assertTrue(role.apiEnabled());
        assertFalse(aggregation.enabled());
        assertTrue(aggregationSwitch.test(null), "scheduled aggregation runs are skipped");
        Api.ea().get("/candles?symbol=EURUSD&timeframe=M1").then().statusCode(200);
        Api.ea().get("/health").then().statusCode(200).body("checks.aggregator.enabled_here", equalTo(false));
    }
}
