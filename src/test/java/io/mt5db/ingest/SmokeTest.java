package io.mt5db.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.mt5db.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SmokeTest {

    @Test
    void healthAndOneCandle() {
        given().get("/health").then().statusCode(200).body("status", equalTo("healthy"));
        String symbol = Api.uniqueSymbol("SMK");
        Api.ea().body("{\"symbol\":\"" + symbol + "\",\"timeframe\":\"M1\",\"ts\":\"2024-01-02T03:04:05Z\",\"open\":1.1,\"high\":1.2,\"low\":1.0,\"close\":1.15,\"volume\":3}")
                .post("/ingest").then().log().ifValidationFails().statusCode(200).body("inserted", equalTo(1))
                .body("details[0].ts_bucket", equalTo("2024-01-02T03:04:00Z"));
    }
}
