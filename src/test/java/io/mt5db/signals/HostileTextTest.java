package io.mt5db.signals;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mt5db.testing.Api;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Instant;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 20 item 4: a NUL (or another forbidden character, or an extreme expiry) in any text field or
 * parameter is a 4xx problem naming the field, never a 500, and no answer shows internals.
 */
@io.quarkus.test.junit.QuarkusTest
class HostileTextTest {

    private static final String NUL = "\\u0000";

    /** A signal delivered to {@code account}, so that an ack reaches the database. */
    private static String delivered(String account) {
        String symbol = Api.uniqueSymbol("HOST");
        String id = SignalApi.create(symbol, "BUY");
        SignalApi.poll(Api.ea(), account, symbol, 1);
        return id;
    }

    private static Arguments route(String name, Function<RequestSpecification, Response> call) {
        return Arguments.of(name, call);
    }

    static Stream<Arguments> routes() {
        String far = Instant.now().plusSeconds(50L * 365 * 86400).toString();
        return Stream.of(
                route("ack message", r -> {
                    String account = SignalApi.account("HA");
                    String id = delivered(account);
                    return r.body("{\"id\":\"" + id + "\",\"account_id\":\"" + account + "\",\"status\":\"FILLED\","
                            + "\"message\":\"broker" + NUL + "said\"}").post("/signals/ack");
                }),
                route("trade message", r -> r.body("{\"account_id\":\"HT1\",\"ticket\":7,\"event\":\"OPEN\","
                        + "\"symbol\":\"EURUSD\",\"side\":\"BUY\",\"volume\":0.1,\"price\":1.1,\"ts\":\"2024-03-01T10:00:00Z\","
                        + "\"message\":\"a" + NUL + "b\"}").post("/trades")),
                route("trade status", r -> r.body("{\"account_id\":\"HT1\",\"ticket\":8,\"event\":\"OPEN\","
                        + "\"symbol\":\"EURUSD\",\"side\":\"BUY\",\"ts\":\"2024-03-01T10:00:00Z\",\"status\":\"x" + NUL + "\"}")
                        .post("/trades")),
                route("feedback message", r -> r.body("{\"account_id\":\"HT1\",\"order_id\":9,\"message\":\"a" + NUL
                        + "b\"}").post("/orders/feedback")),
                route("pause account", r -> r.body("{\"account_id\":\"A" + NUL + "B\",\"paused\":true}")
                        .put("/trading/pause")),
                route("pause reason", r -> r.body("{\"paused\":false,\"symbol\":\"HOSTX\",\"reason\":\"r" + NUL + "\"}")
                        .put("/trading/pause")),
                route("symbol currency", r -> r.body("{\"currency\":\"U" + NUL + "SD\"}").put("/symbols/HOSTSYM")),
                route("symbol sessions", r -> r.body("{\"sessions\":{\"timezone\":\"Europe/Ath" + NUL + "ens\","
                        + "\"weekly\":[{\"open\":\"SUN 17:00\",\"close\":\"FRI 17:00\"}]}}").put("/symbols/HOSTSYM")),
                route("signal model_version", r -> r.body("{\"symbol\":\"HOSTS\",\"timeframe\":\"M5\",\"side\":\"BUY\","
                        + "\"model_version\":\"v" + NUL + "1\"}").post("/signals")),
                route("signal account", r -> r.body("{\"symbol\":\"HOSTS\",\"timeframe\":\"M5\",\"side\":\"BUY\","
                        + "\"account_id\":\"A" + NUL + "\"}").post("/signals")),
                route("signal meta", r -> r.body("{\"symbol\":\"HOSTS\",\"timeframe\":\"M5\",\"side\":\"BUY\","
                        + "\"meta\":{\"note\":\"a" + NUL + "b\"}}").post("/signals")),
                route("signal meta key", r -> r.body("{\"symbol\":\"HOSTS\",\"timeframe\":\"M5\",\"side\":\"BUY\","
                        + "\"meta\":{\"k" + NUL + "\":1}}").post("/signals")),
                route("admin key name", r -> r.body("{\"name\":\"k" + NUL + "\",\"scopes\":[\"read\"]}").post("/admin/keys")),
                route("admin key account", r -> r.body("{\"name\":\"k\",\"scopes\":[\"signals\"],\"account_id\":\"A"
                        + NUL + "\"}").post("/admin/keys")),
                route("admin key scope", r -> r.body("{\"name\":\"k\",\"scopes\":[\"re" + NUL + "ad\"]}").post("/admin/keys")),
                route("admin key expiry", r -> r.body("{\"name\":\"k\",\"scopes\":[\"read\"],\"expires_at\":\"" + far + "\"}")
                        .post("/admin/keys")),
                route("symbols cursor", r -> r.urlEncodingEnabled(false).get("/symbols?cursor=A%00B")),
                route("clients cursor", r -> r.urlEncodingEnabled(false).get("/clients?cursor=A%00B")),
                route("query account", r -> r.urlEncodingEnabled(false).get("/query?view=signals&account_id=A%00B")),
                route("trades account", r -> r.urlEncodingEnabled(false).get("/trades?account_id=A%00B")),
                route("signals next account", r -> r.urlEncodingEnabled(false).get("/signals/next?account_id=A%00B&symbols=X")),
                route("stats account", r -> r.urlEncodingEnabled(false).get("/stats?account_id=A%00B")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routes")
    void aForbiddenCharacterIsA4xxProblemNamingTheField(String name, Function<RequestSpecification, Response> call) {
        Response response = call.apply(Api.admin());
        String body = response.asString();
        int status = response.statusCode();
        if (status == 200) {
            // a batch route: the item is rejected, naming the field
            response.then().body("rejected", org.hamcrest.Matchers.equalTo(1))
                    .body("details[0].status", org.hamcrest.Matchers.equalTo("rejected"))
                    .body("details[0].field", org.hamcrest.Matchers.notNullValue());
        } else {
            assertTrue(status >= 400 && status < 500, name + ": " + status + " " + body);
            response.then().contentType(containsString("application/problem+json"))
                    .body("errors.field", org.hamcrest.Matchers.not(org.hamcrest.Matchers.empty()));
        }
        response.then().body(allOf(not(containsString("SQL")), not(containsString("org.")), not(containsString("java.")),
                not(containsString("Exception")), not(containsString("PSQL"))));
        Api.admin().get("/stats").then().statusCode(200);
        Api.admin().get("/clients").then().statusCode(200);
    }
}
