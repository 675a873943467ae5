package io.mt5db.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mt5db.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HexFormat;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Issue 20 item 6: environment keys (chosen by operators, maybe short) are stored with a keyed hash
 * and at most 4 characters of prefix; keys stored the old way (unsalted SHA-256) keep working, and an
 * environment key stored the old way is re-hashed at start-up.
 */
@QuarkusTest
class KeyHashUpgradeTest {

    @Inject
    DataSource dataSource;

    @Inject
    KeyBootstrap bootstrap;

    @Inject
    ApiKeyService keys;

    static String sha256(String key) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    }

    private String[] row(String origin) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT key_hash, key_prefix FROM api_keys WHERE origin = ? AND revoked_at IS NULL")) {
            ps.setString(1, origin);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), origin + " stored");
                return new String[] {rs.getString(1), rs.getString(2)};
            }
        }
    }

    private void update(String sql, String... args) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }

    @Test
    void environmentKeysAreStoredWithAKeyedHashAndAShortPrefix() throws Exception {
        for (String[] env : new String[][] {{"env:ADMIN_API_KEY", Api.ADMIN_KEY}, {"env:API_KEY", Api.EA_KEY}}) {
            String[] stored = row(env[0]);
            assertNotEquals(sha256(env[1]), stored[0], env[0] + " is not an unsalted SHA-256");
            assertTrue(stored[0].startsWith("hmac-sha256:"), stored[0]);
            assertTrue(stored[1].length() <= 4, "prefix " + stored[1]);
        }
    }

    @Test
    void keysStoredTheOldWayKeepWorkingAndEnvironmentKeysAreRehashed() throws Exception {
        String legacy = "mt5_legacy" + UUID.randomUUID().toString().replace("-", "");
        update("INSERT INTO api_keys (name, key_hash, key_prefix, scopes, origin) VALUES ('legacy', ?, ?, 'read', 'api')",
                sha256(legacy), legacy.substring(0, 8));
        Api.withKey(legacy).get("/stats").then().statusCode(200);

        // The EA key as the previous version stored it.
        update("UPDATE api_keys SET key_hash = ?, key_prefix = ? WHERE origin = 'env:API_KEY' AND revoked_at IS NULL",
                sha256(Api.EA_KEY), Api.EA_KEY.substring(0, 8));
        keys.invalidateCache();
        Api.ea().get("/stats").then().statusCode(200);
        bootstrap.bootstrap();
        keys.invalidateCache();
        String[] stored = row("env:API_KEY");
        assertTrue(stored[0].startsWith("hmac-sha256:"), "re-hashed at start-up: " + stored[0]);
        assertTrue(stored[1].length() <= 4);
        Api.ea().get("/stats").then().statusCode(200);
        assertEquals(1, countActive("env:API_KEY"));
    }

    private int countActive(String origin) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM api_keys WHERE origin = ? AND revoked_at IS NULL")) {
            ps.setString(1, origin);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
