package io.mt5db.ops;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * Starts the embedded PostgreSQL before Quarkus when no external database is configured, so that
 * the datasource, Flyway and every module see an ordinary JDBC URL.
 */
@QuarkusMain
public final class Main {

    private static final Logger LOG = Logger.getLogger(Main.class);

    private Main() {
    }

    public static void main(String... args) throws Exception {
        EmbeddedPostgresServer embedded = null;
        if (externalDatabaseUrl() == null && embeddedEnabled()) {
            Path dataDir = Path.of(setting("mt5db.storage.data-dir", "MT5DB_DATA_DIR", "data"));
            int port = Integer.parseInt(setting("mt5db.embedded.port", "MT5DB_EMBEDDED_PORT", "0"));
            embedded = new EmbeddedPostgresServer(dataDir.resolve("pg"), port);
            embedded.start();
            System.setProperty("quarkus.datasource.jdbc.url", embedded.jdbcUrl());
            System.setProperty("quarkus.datasource.username", "postgres");
            System.setProperty("mt5db.storage.data-dir", dataDir.toAbsolutePath().toString());
        } else if (externalDatabaseUrl() == null) {
            LOG.error("No database: set QUARKUS_DATASOURCE_JDBC_URL or leave MT5DB_EMBEDDED_DB=true");
            System.exit(2);
        }
        try {
            Quarkus.run(args);
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private static String externalDatabaseUrl() {
        String url = setting("quarkus.datasource.jdbc.url", "QUARKUS_DATASOURCE_JDBC_URL", null);
        return url == null || url.isBlank() ? null : url;
    }

    private static boolean embeddedEnabled() {
        return Boolean.parseBoolean(setting("mt5db.embedded.enabled", "MT5DB_EMBEDDED_DB", "true"));
    }

    /** Runs before Quarkus' configuration exists, so it reads system properties and the environment. */
    private static String setting(String property, String env, String fallback) {
        String value = System.getProperty(property);
        if (value == null) {
            value = System.getenv(env);
        }
        return value == null ? fallback : value;
    }
}
