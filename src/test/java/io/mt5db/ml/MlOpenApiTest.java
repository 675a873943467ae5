package io.mt5db.ml;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every ML route is in the OpenAPI document, with its examples. */
@QuarkusTest
class MlOpenApiTest {

    @Test
    void everyMlRouteIsDocumentedWithAnExample() {
        String openapi = given().get("/openapi?format=json").then().statusCode(200).extract().asString();
        for (String route : List.of("/ml/train", "/ml/jobs/{id}", "/models", "/models/{id}", "/models/{id}/activate",
                "/models/{id}/shadow", "/models/{id}/retire", "/predict", "/predict_batch", "/backtest")) {
            assertTrue(openapi.contains("\"" + route + "\""), route + " documented");
        }
        for (String example : List.of("rf-EURUSD-M1-20261207T031500Z-12", "shadow_comparison", "equity_pips",
                "beats_baselines", "thresholds")) {
            assertTrue(openapi.contains(example), example + " in an example");
        }
    }
}
