package io.mt5db.ml;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;

/** JSON helpers of the ML tests: numbers as doubles (REST Assured's default float loses precision). */
final class MlApi {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private MlApi() {
    }

    static JsonPath json(String body) {
        return new JsonPath(body).using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
    }

    static ObjectMapper mapper() {
        return MAPPER;
    }
}
