package io.mt5db.security;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mt5db.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document Swagger UI works from: every operation the server protects carries the API-key
 * requirement and states its scope, public ones carry none (checked against how the server really
 * answers, not against the annotations), request bodies have real schemas, and the shared
 * parameters are described.
 */
@QuarkusTest
class OpenApiSecurityTest {

    private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch");

    private static JsonNode document() throws Exception {
        return new ObjectMapper().readTree(given().get("/openapi?format=json").then().statusCode(200).extract().asString());
    }

    private static String concrete(String path) {
        return path.replaceAll("\\{[^}]+}", "0");
    }

    private static int send(RequestSpecification request, String method, String path) {
        return request.contentType("application/json").request(method.toUpperCase(), concrete(path)).statusCode();
    }

    @Test
    void protectedOperationsRequireTheKeyWithTheirScopeAndPublicOnesNone() throws Exception {
        JsonNode doc = document();
        JsonNode schemes = doc.path("components").path("securitySchemes");
        assertEquals(1, schemes.size(), "one security scheme: " + schemes);
        String scheme = schemes.fieldNames().next();
        assertEquals("apiKey", schemes.get(scheme).path("type").asText());
        assertEquals("X-API-Key", schemes.get(scheme).path("name").asText());
        // A key with every scope but one: the operations needing that one scope answer 403 with it.
        Map<String, String> allBut = Map.of(
                "ingest", Api.createKey("oas-no-ingest", "read,signals", null),
                "read", Api.createKey("oas-no-read", "ingest,signals", null),
                "signals", Api.createKey("oas-no-signals", "ingest,read", null),
                "admin", Api.createKey("oas-no-admin", "ingest,read,signals", null));
        int publicOperations = 0;
        int protectedOperations = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (!METHODS.contains(op.getKey())) {
                    continue;
                }
                String where = op.getKey().toUpperCase() + " " + path.getKey();
                JsonNode security = op.getValue().path("security");
                String scope = op.getValue().path(OpenApiScopes.SCOPE_EXTENSION).asText(null);
                assertNotNull(scope, where + " states its scope");
                int withoutKey = send(given(), op.getKey(), path.getKey());
                if (security.isMissingNode() || security.isEmpty()) {
                    assertEquals("public", scope, where);
                    assertTrue(withoutKey != 401 && withoutKey != 403, where + " is public but answers " + withoutKey);
                    publicOperations++;
                } else {
                    assertEquals(1, security.size(), where);
                    assertTrue(security.get(0).has(scheme), where + " requires " + scheme + ": " + security);
                    assertEquals(401, withoutKey, where + " carries the requirement, so it must refuse a request without a key");
                    assertTrue(op.getValue().path("description").asText().contains("`" + scope + "` scope"),
                            where + " says its scope in the description");
                    assertEquals(403, send(given().header("X-API-Key", allBut.get(scope)), op.getKey(), path.getKey()),
                            where + " needs the '" + scope + "' scope");
                    protectedOperations++;
                }
            }
        }
        assertTrue(publicOperations >= 2, "health and metrics are public: " + publicOperations);
        assertTrue(protectedOperations >= 40, "protected operations: " + protectedOperations);
    }

    @Test
    void everyRequestBodyHasASchemaWithProperties() throws Exception {
        JsonNode doc = document();
        List<String> checked = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (String method : List.of("post", "put", "patch")) {
                JsonNode body = path.getValue().path(method).path("requestBody");
                if (body.isMissingNode()) {
                    continue;
                }
                String where = method.toUpperCase() + " " + path.getKey();
                JsonNode json = body.path("content").path("application/json");
                assertFalse(json.isMissingNode(), where + " documents a JSON body");
                assertTrue(hasProperties(doc, json.path("schema")), where + " body schema has properties: " + json.path("schema"));
                checked.add(where);
            }
        }
        assertTrue(checked.containsAll(List.of("POST /ingest", "POST /ingest_batch", "POST /ingest/tick", "POST /signals",
                "POST /signals/ack", "POST /trades", "PUT /trading/pause", "POST /admin/keys", "POST /ml/train",
                "PUT /symbols/{symbol}")), "bodies checked: " + checked);
        JsonNode candle = doc.path("components").path("schemas").path("Candle").path("properties");
        assertTrue(candle.has("spread_points") && candle.has("real_volume"), "properties named as on the wire: " + candle);
    }

    /** An object schema with properties, an array of them, or a choice among them ($ref followed). */
    private static boolean hasProperties(JsonNode doc, JsonNode schema) {
        if (schema.has("$ref")) {
            String name = schema.get("$ref").asText().replace("#/components/schemas/", "");
            return hasProperties(doc, doc.path("components").path("schemas").path(name));
        }
        if (schema.has("oneOf")) {
            for (JsonNode choice : schema.get("oneOf")) {
                if (!hasProperties(doc, choice)) {
                    return false;
                }
            }
            return true;
        }
        if (schema.has("items")) {
            return hasProperties(doc, schema.get("items"));
        }
        return schema.path("properties").size() > 0;
    }

    @Test
    void sharedParametersAreDescribed() throws Exception {
        JsonNode doc = document();
        int seen = 0;
        for (JsonNode pathItem : doc.path("paths")) {
            for (JsonNode op : pathItem) {
                for (JsonNode parameter : op.path("parameters")) {
                    String name = parameter.path("name").asText();
                    if (Set.of("details", "atomic", "X-Broker-Offset", "Content-Encoding").contains(name)) {
                        assertFalse(parameter.path("description").asText().isBlank(), name + " described: " + op);
                        seen++;
                    }
                }
            }
        }
        assertTrue(seen >= 20, "shared parameters seen: " + seen);
    }
}
