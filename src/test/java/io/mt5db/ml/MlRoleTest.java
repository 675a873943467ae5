package io.mt5db.ml;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mt5db.ops.RoleConfig;
import io.mt5db.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The ml role: runs training jobs and inference, serves no API route (training is queued on an api process). */
@QuarkusTest
@TestProfile(MlRoleTest.MlRole.class)
class MlRoleTest {

    public static class MlRole implements QuarkusTestProfile {
        @Override
        public String getConfigProfile() {
            return "test,ml";
        }

        @Override
        public java.util.Map<String, String> getConfigOverrides() {
            return java.util.Map.of("mt5db.ml.series", "RETRAIN1:M1,RETRAIN2:H1");
        }
    }

    @Inject
    io.mt5db.ml.jobs.TrainJobService jobs;

    @Inject
    MlConfig ml;

    @Inject
    RoleConfig role;

    @Inject
    MlDisabled mlSwitch;

    @Test
    void runsTheMlJobsAndServesNoApi() {
        assertTrue(ml.enabled());
        assertFalse(mlSwitch.test(null), "scheduled ML polls and inference runs go ahead");
        assertFalse(role.apiEnabled());
        Api.admin().body("{\"symbol\":\"EURUSD\",\"timeframe\":\"M1\"}").post("/ml/train").then().statusCode(404)
                .contentType("application/problem+json");
        Api.admin().get("/predict?symbol=EURUSD&timeframe=M1").then().statusCode(404);
        Api.admin().get("/health").then().statusCode(200).body("checks.inference.enabled_here", equalTo(true));
    }

    @Test
    void theScheduledRetrainQueuesOneJobPerConfiguredSeriesOnce() throws Exception {
        java.util.List<Long> queued = jobs.queueRetrain();
        org.junit.jupiter.api.Assertions.assertEquals(2, queued.size());
        io.mt5db.ml.jobs.TrainJob first = jobs.get(queued.get(0));
        org.junit.jupiter.api.Assertions.assertEquals("RETRAIN1", first.request().path("symbols").get(0).asText());
        org.junit.jupiter.api.Assertions.assertEquals("M1", first.request().path("timeframe").asText());
        org.junit.jupiter.api.Assertions.assertEquals("retrain-cron", first.requestedBy());
        assertTrue(jobs.queueRetrain().isEmpty(), "a series whose retrain is still queued is not queued twice");
    }
}
