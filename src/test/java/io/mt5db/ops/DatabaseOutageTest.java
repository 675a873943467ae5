package io.mt5db.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.mt5db.testing.Api;
import io.mt5db.testing.PostgresTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Stops the real database under the running app: clients get 503 + Retry-After, never 500. */
@QuarkusTest
class DatabaseOutageTest {

    @Test
    void aDatabaseOutageIs503WithRetryAfterAndServiceResumesAfterwards() throws Exception {
        EmbeddedPostgresServer server = PostgresTestResource.server();
        Assumptions.assumeTrue(server != null, "needs the embedded test database (not an external one)");
        String s = Api.uniqueSymbol("OUT");
        String candle = Api.m1(s, "\"2024-07-01T00:00:00Z\"");
        Api.ea().body(candle).post("/ingest").then().statusCode(200);
        server.close();
        try {
            Api.ea().body(Api.m1(s, "\"2024-07-01T00:01:00Z\"")).post("/ingest").then().statusCode(503)
                    .contentType("application/problem+json").header("Retry-After", equalTo("5"))
                    .body(not(containsString("SQL"))).body(not(containsString("Exception")));
            Api.ea().body("{\"ticks\":[{\"symbol\":\"" + s + "\",\"ts_msc\":1719792000000,\"bid\":1,\"ask\":1.1}]}")
                    .post("/ingest/tick").then().statusCode(503);
            Api.ea().get("/candles?symbol=" + s + "&timeframe=M1").then().statusCode(503);
            given().get("/health").then().statusCode(503).body("status", equalTo("unhealthy"));
            given().get("/q/health/ready").then().statusCode(503);
            given().get("/q/health/live").then().statusCode(200);
        } finally {
            server.start();
        }
        // Stale pooled connections are dropped; within a few tries the service is back.
        int status = 0;
        for (int i = 0; i < 20 && status != 200; i++) {
            status = Api.ea().body(Api.m1(s, "\"2024-07-01T00:01:00Z\"")).post("/ingest").statusCode();
            if (status != 200) {
                Thread.sleep(250);
            }
        }
        org.junit.jupiter.api.Assertions.assertEquals(200, status);
        Api.ea().get("/candles?symbol=" + s + "&timeframe=M1").then().statusCode(200)
                .body("items.size()", equalTo(2));
        given().get("/health").then().statusCode(200).body("status", equalTo("healthy"));
    }
}
