package io.mt5db.testing;

import io.mt5db.ops.EmbeddedPostgresServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The tests' real PostgreSQL: an embedded PostgreSQL 15 in target/, fresh for each run, or the
 * server named by MT5DB_TEST_JDBC_URL. Tests that stop the database use {@link #server()}.
 * MT5DB_TEST_FLYWAY_JDBC_URL (optional, with the external URL) gives Flyway its own direct connection,
 * as production does behind PgBouncer (scripts/ci-pgbouncer.sh).
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    private static EmbeddedPostgresServer server;

    public static synchronized EmbeddedPostgresServer server() {
        return server;
    }

    @Override
    public Map<String, String> start() {
        String external = System.getenv("MT5DB_TEST_JDBC_URL");
        if (external != null && !external.isBlank()) {
            String flyway = System.getenv("MT5DB_TEST_FLYWAY_JDBC_URL");
            if (flyway == null || flyway.isBlank()) {
                return Map.of("quarkus.datasource.jdbc.url", external);
            }
            // Quarkus wants credentials with a Flyway URL of its own; the CI clusters trust local connections.
            return Map.of("quarkus.datasource.jdbc.url", external,
                    "quarkus.flyway.jdbc-url", flyway,
                    "quarkus.flyway.username", "postgres",
                    "quarkus.flyway.password", "unused");
        }
        try {
            Path dir = Path.of("target", "test-pg").toAbsolutePath();
            deleteRecursively(dir);
            synchronized (PostgresTestResource.class) {
                server = new EmbeddedPostgresServer(dir, 0);
                server.start();
            }
            return Map.of("quarkus.datasource.jdbc.url", server.jdbcUrl(),
                    "quarkus.datasource.username", "postgres",
                    "mt5db.storage.data-dir", Path.of("target", "test-data").toAbsolutePath().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        synchronized (PostgresTestResource.class) {
            if (server != null) {
                try {
                    server.close();
                } catch (IOException ignored) {
                    // the JVM is ending; zonky's shutdown hook stops it as well
                }
                server = null;
            }
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        EmbeddedPostgresServer.stopOrphanedPostmaster(dir);
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
