package io.mt5db.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mt5db.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AuthTest {

    @Inject
    DataSource dataSource;

    @Test
    void aMissingOrUnknownKeyIs401BeforeTheBodyIsRead() {
        given().contentType(ContentType.JSON).body("this is not json").post("/ingest").then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", notNullValue());
        given().header("X-API-Key", "mt5_nope").contentType(ContentType.JSON).body("{garbage").post("/ingest_batch")
                .then().statusCode(401).body("detail", containsString("unknown"));
        given().get("/candles?symbol=EURUSD&timeframe=M1").then().statusCode(401);
        given().get("/admin/keys").then().statusCode(401);
    }

    @Test
    void bearerTokensWorkLikeTheHeader() {
        given().header("Authorization", "Bearer " + Api.EA_KEY).get("/ingest/cursor?symbol=EURUSD&timeframe=M1")
                .then().statusCode(200);
        given().header("Authorization", "Bearer wrong").get("/ingest/cursor?symbol=EURUSD&timeframe=M1")
                .then().statusCode(401);
    }

    @Test
    void aKeyWithoutTheRouteScopeIs403AndAdminImpliesAll() {
        String readOnly = Api.createKey("reader", "read", null);
        Api.withKey(readOnly).body("[]").post("/ingest_batch").then().statusCode(403)
                .body("detail", containsString("ingest"));
        Api.withKey(readOnly).get("/candles?symbol=EURUSD&timeframe=M1").then().statusCode(200);
        String ingestOnly = Api.createKey("ea-writer", "ingest", null);
        Api.withKey(ingestOnly).get("/candles?symbol=EURUSD&timeframe=M1").then().statusCode(403);
        Api.withKey(ingestOnly).get("/admin/keys").then().statusCode(403);
        Api.admin().body("[]").post("/ingest_batch").then().statusCode(200);
    }

    @Test
    void theSharedEnvironmentKeyIsNotAdmin() {
        Api.ea().get("/admin/keys").then().statusCode(403);
        Api.ea().body("[]").post("/ingest_batch").then().statusCode(200);
        Api.admin().get("/admin/keys").then().statusCode(200)
                .body("items.findAll { it.origin == 'env:API_KEY' && it.active }.scopes[0]", equalTo(java.util.List.of("ingest", "read", "signals")))
                .body("items.findAll { it.origin == 'env:ADMIN_API_KEY' && it.active }.scopes[0]", equalTo(java.util.List.of("admin")));
    }

    /** GET /admin/keys pages like every other list: {items, next_cursor}, in id order, without gaps or repeats. */
    @Test
    void keysAreListedInPagesWithACursor() {
        for (int i = 0; i < 3; i++) {
            Api.createKey("paged-" + i, "read", null);
        }
        List<Integer> all = Api.admin().get("/admin/keys?limit=100000").then().statusCode(200)
                .body("next_cursor", nullValue()).extract().path("items.id");
        List<Integer> paged = new ArrayList<>();
        String cursor = null;
        do {
            var page = Api.admin().get("/admin/keys?limit=2" + (cursor == null ? "" : "&cursor=" + cursor))
                    .then().statusCode(200).extract();
            List<Integer> ids = page.path("items.id");
            assertTrue(ids.size() <= 2, "page size " + ids);
            paged.addAll(ids);
            cursor = page.path("next_cursor");
        } while (cursor != null);
        assertEquals(all, paged);
        assertTrue(all.size() >= 3);
        Api.admin().get("/admin/keys?cursor=abc").then().statusCode(400);
        Api.admin().get("/admin/keys?limit=0").then().statusCode(400);
    }

    @Test
    void keysAreShownOnceStoredHashedListedWithLastUseAndRevocable() throws Exception {
        var created = Api.admin().body("{\"name\":\"terminal-7\",\"scopes\":[\"signals\"],\"account_id\":\"5001\"}")
                .post("/admin/keys").then().statusCode(201).extract();
        String key = created.path("key");
        int id = created.path("id");
        assertTrue(key.startsWith("mt5_"));
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT key_hash, account_id FROM api_keys WHERE id = " + id)) {
            rs.next();
            assertFalse(rs.getString(1).contains(key));
            assertEquals(ApiKeyService.hash(key), rs.getString(1));
            assertEquals("5001", rs.getString(2));
        }
        Api.withKey(key).get("/signals-does-not-exist").then().statusCode(404);
        Api.withKey(key).body("[]").post("/ingest_batch").then().statusCode(403);
        Api.admin().get("/admin/keys").then().statusCode(200)
                .body("items.find { it.id == " + id + " }.last_used_at", notNullValue())
                .body("items.find { it.id == " + id + " }.account_id", equalTo("5001"))
                .body(not(containsString(key)));
        Api.admin().delete("/admin/keys/" + id).then().statusCode(200).body("active", equalTo(false));
        Thread.sleep(1100);
        Api.withKey(key).body("[]").post("/ingest_batch").then().statusCode(401);
        Api.admin().delete("/admin/keys/99999999").then().statusCode(404);
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT action FROM audit_log WHERE target = 'api_key:" + id + "' ORDER BY id")) {
            rs.next();
            assertEquals("api_key.create", rs.getString(1));
            rs.next();
            assertEquals("api_key.revoke", rs.getString(1));
        }
    }

    @Test
    void keyCreationValidatesItsInput() {
        Api.admin().body("{\"scopes\":[\"read\"]}").post("/admin/keys").then().statusCode(422)
                .body("errors[0].field", equalTo("name"));
        Api.admin().body("{\"name\":\"x\",\"scopes\":[\"trade\"]}").post("/admin/keys").then().statusCode(422)
                .body("errors[0].field", equalTo("scopes"));
        Api.admin().body("{\"name\":\"x\",\"scopes\":[\"read\"],\"expires_at\":\"2001-01-01T00:00:00Z\"}")
                .post("/admin/keys").then().statusCode(422).body("errors[0].field", equalTo("expires_at"));
        Api.admin().body("{\"name\":\"x\",\"scopes\":\"read\"}").post("/admin/keys").then().statusCode(422);
        Api.admin().body("{\"name\":").post("/admin/keys").then().statusCode(400);
    }

    @Test
    void publicRoutesNeedNoKey() {
        given().get("/health").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/openapi").then().statusCode(200).body(containsString("/ingest_batch"));
        given().get("/docs/").then().statusCode(200);
        given().get("/metrics").then().statusCode(200);
        given().get("/prometheus").then().statusCode(200);
    }
}
