package io.mt5db.market;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import io.mt5db.security.Caller;
import io.mt5db.security.Scope;
import io.mt5db.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Issue 20 item 1: a NUL in an account id must neither be accepted nor poison the /clients bookkeeping. */
@QuarkusTest
class ClientActivityPoisonTest {

    @Inject
    ClientActivity activity;

    @Test
    void nulInAccountIdIsRejectedAndStatsAndClientsKeepWorking() {
        String s = Api.uniqueSymbol("POISON");
        Api.ea().urlEncodingEnabled(false).body(Api.m1(s, "\"2024-03-01T10:00:00Z\"")).post("/ingest?account_id=A%00B")
                .then().statusCode(400).contentType(containsString("application/problem+json"))
                .body("errors.field", hasItem("account_id"));
        Api.ea().urlEncodingEnabled(false).get("/stats?account_id=A%00B").then().statusCode(400).body("errors.field", hasItem("account_id"));
        Api.ea().header("X-Account-Id", "A".repeat(65)).get("/stats").then().statusCode(400)
                .body("errors.field", hasItem("X-Account-Id"));
        Api.admin().get("/stats").then().statusCode(200);
        Api.admin().get("/clients").then().statusCode(200);

        String account = "GOOD" + s;
        Api.ea().header("X-Account-Id", account).body(Api.m1(s, "\"2024-03-01T10:01:00Z\"")).post("/ingest")
                .then().statusCode(200);
        Api.admin().get("/clients?limit=100000").then().statusCode(200)
                .body("items.account_id", hasItem(account));
    }

    @io.quarkus.test.common.http.TestHTTPResource("/")
    java.net.URL baseUrl;

    @Test
    void aControlCharacterInXAccountIdIs400() throws Exception {
        try (java.net.Socket socket = new java.net.Socket(baseUrl.getHost(), baseUrl.getPort())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("GET /stats HTTP/1.1\r\nHost: localhost\r\nX-API-Key: " + Api.EA_KEY
                    + "\r\nX-Account-Id: A\u0001B\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            // The HTTP layer refuses a control character in a header value itself (a bare 400); longer or
            // non-UTF-8 values reach TextBoundsFilter (400 naming X-Account-Id, see the test above).
            org.junit.jupiter.api.Assertions.assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
        }
        Api.admin().get("/stats").then().statusCode(200);
    }

    @Test
    void aBatchThatCannotBeFlushedDropsOnlyItsBadEntry() {
        String s = Api.uniqueSymbol("FLUSH");
        Caller caller = new Caller(1, "poison-test", Set.of(Scope.READ), null);
        activity.record(caller, "ua", "BAD\u0000" + s, false, Set.of(), Instant.now());
        activity.record(caller, "ua", "OK" + s, false, Set.of(), Instant.now());
        assertDoesNotThrow(() -> activity.flush());
        assertDoesNotThrow(() -> activity.flush());
        Api.admin().get("/clients?limit=100000").then().statusCode(200)
                .body("items.account_id", hasItem("OK" + s));
        Api.admin().get("/stats").then().statusCode(200);
    }

    @Test
    void xAccountIdDoesNotOverrideABoundKeysAccount() {
        String s = Api.uniqueSymbol("BOUNDACC");
        String own = "OWN" + s;
        String bound = Api.createKey("bound-" + s, "read,signals", own);
        Api.withKey(bound).header("X-Account-Id", "OTHER" + s).get("/stats").then().statusCode(200);
        Api.admin().get("/clients?limit=100000").then().statusCode(200)
                .body("items.findAll { it.key_name == 'bound-" + s + "' }.account_id", equalTo(java.util.List.of(own)));
    }
}
