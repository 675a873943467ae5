package io.mt5db.security;

import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mt5db.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A start without ADMIN_API_KEY and without any admin key in the database. */
@QuarkusTest
@TestProfile(GeneratedAdminKeyTest.NoEnvironmentAdminKey.class)
class GeneratedAdminKeyTest {

    static final Path DATA_DIR = Path.of("target", "generated-admin-key-test").toAbsolutePath();

    public static class NoEnvironmentAdminKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                // Earlier test classes may have left an active generated key in the shared database.
                Files.deleteIfExists(DATA_DIR.resolve(KeyBootstrap.ADMIN_KEY_FILE));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return Map.of("mt5db.security.admin-api-key", "", "mt5db.storage.data-dir", DATA_DIR.toString());
        }
    }

    @Inject
    KeyBootstrap bootstrap;

    @Test
    void theFirstStartWritesAGeneratedAdminKeyToAPrivateFileAndNeverLogsIt() throws Exception {
        Path file = DATA_DIR.resolve(KeyBootstrap.ADMIN_KEY_FILE);
        assertTrue(Files.exists(file), "the start-up bootstrap wrote " + file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String key = Files.readString(file).trim();
        assertTrue(key.startsWith("mt5_"));
        Api.withKey(key).get("/admin/keys").then().statusCode(200).body("items.origin", hasItem("generated"));
        // Without ADMIN_API_KEY the environment admin key of earlier starts is revoked.
        Api.withKey(Api.ADMIN_KEY).get("/admin/keys").then().statusCode(401);
        // A later start (or a second replica) finds the admin key and generates nothing more.
        assertTrue(bootstrap.bootstrap().isEmpty());
        Path output = Path.of("target", "surefire-reports", GeneratedAdminKeyTest.class.getName() + "-output.txt");
        if (Files.exists(output)) {
            assertFalse(Files.readString(output).contains(key), "the key must never reach the log");
        }
    }
}
