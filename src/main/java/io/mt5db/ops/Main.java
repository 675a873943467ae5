package io.mt5db.ops;

import io.mt5db.cli.Commands;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * Starts the embedded PostgreSQL alongside Quarkus when no external database is configured, so that
 * the datasource, Flyway and every module see an ordinary JDBC URL.
 */
@QuarkusMain
public final class Main {

    private static final Logger LOG = Logger.getLogger(Main.class);

    /** The embedded PostgreSQL's background start, which Flyway awaits (see FlywayAwaitsEmbeddedDatabase). */
    static final StartGate EMBEDDED_START = new StartGate();

    private Main() {
    }

    public static void main(String... args) throws Exception {
        applyLegacyEnvironment();
        if (Commands.isCommand(args)) {
            System.exit(Commands.run(Main::commandDatabase, args));
        }
        EmbeddedPostgresServer embedded = null;
        if (externalDatabaseUrl() == null && embeddedEnabled()) {
            Path dataDir = Path.of(setting("mt5db.storage.data-dir", "MT5DB_DATA_DIR", "data"));
            int port = Integer.parseInt(setting("mt5db.embedded.port", "MT5DB_EMBEDDED_PORT", "0"));
            embedded = new EmbeddedPostgresServer(dataDir.resolve("pg"), port > 0 ? port : freePort());
            startInBackground(embedded);
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

    /** The old system's environment names (DATABASE_URL, ALLOW_ORIGINS, ...) as our properties. */
    static void applyLegacyEnvironment() {
        java.util.Map<String, String> set = new java.util.HashMap<>();
        System.getProperties().forEach((k, v) -> set.put(k.toString(), v.toString()));
        try {
            LegacyEnvironment.properties(System.getenv(), set).forEach((k, v) -> {
                System.setProperty(k, v);
                if (!k.endsWith("password")) {
                    LOG.debugf("old environment name: %s=%s", k, v);
                }
            });
        } catch (IllegalArgumentException e) {
            LOG.error(e.getMessage());
            System.exit(2);
        }
    }

    /**
     * The database of a command ({@code import}): an external one if configured; else the embedded
     * cluster under the data directory. When a server (or a postmaster a killed server left behind)
     * is already serving that directory, the command connects to it on the port its
     * {@code postmaster.pid} names rather than starting a second postmaster on the same files (which
     * PostgreSQL refuses) or stopping the server's; otherwise it starts the embedded PostgreSQL for
     * the command's duration.
     */
    static AutoCloseable commandDatabase() throws IOException {
        if (externalDatabaseUrl() != null) {
            return () -> { };
        }
        if (!embeddedEnabled()) {
            throw new IllegalStateException("No database: set QUARKUS_DATASOURCE_JDBC_URL (or --jdbc-url) or leave MT5DB_EMBEDDED_DB=true");
        }
        Path dataDir = Path.of(setting("mt5db.storage.data-dir", "MT5DB_DATA_DIR", "data"));
        Path pg = dataDir.resolve("pg").toAbsolutePath().normalize();
        System.setProperty("quarkus.datasource.username", "postgres");
        System.setProperty("mt5db.storage.data-dir", dataDir.toAbsolutePath().toString());
        java.util.OptionalInt running = runningPostmasterPort(pg);
        if (running.isPresent()) {
            String url = "jdbc:postgresql://127.0.0.1:" + running.getAsInt() + "/postgres";
            if (serverConnected(url)) {
                System.err.println("Using the PostgreSQL of the server running on " + pg + " (127.0.0.1:"
                        + running.getAsInt() + ")");
                System.setProperty("quarkus.datasource.jdbc.url", url);
                return () -> { };
            }
            // no server uses it: a postmaster an earlier (killed) run left behind; stop it, start our own
            EmbeddedPostgresServer.stopOrphanedPostmaster(pg);
        }
        int port = Integer.parseInt(setting("mt5db.embedded.port", "MT5DB_EMBEDDED_PORT", "0"));
        EmbeddedPostgresServer embedded = new EmbeddedPostgresServer(pg, port > 0 ? port : freePort());
        embedded.start();
        System.setProperty("quarkus.datasource.jdbc.url", embedded.jdbcUrl());
        return embedded;
    }

    /**
     * Whether a server process holds connections to that PostgreSQL (its pool keeps at least two,
     * named by ApplicationName); a postmaster without any was left behind by a killed process.
     * Unreachable counts as in use: never stop what cannot be checked.
     */
    static boolean serverConnected(String url) {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, "postgres", null);
                java.sql.Statement s = c.createStatement();
                java.sql.ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = "
                        + "'mt5-trading-db' AND pid <> pg_backend_pid()")) {
            return rs.next() && rs.getLong(1) > 0;
        } catch (java.sql.SQLException e) {
            return true;
        }
    }

    /** The port of a live postmaster on the data directory (line 4 of postmaster.pid), if there is one. */
    static java.util.OptionalInt runningPostmasterPort(Path pgData) throws IOException {
        java.util.Optional<Long> pid = EmbeddedPostgresServer.postmasterPid(pgData);
        if (pid.isEmpty() || ProcessHandle.of(pid.get()).map(h -> !h.isAlive()).orElse(true)) {
            return java.util.OptionalInt.empty();
        }
        java.util.List<String> lines = java.nio.file.Files.readAllLines(pgData.resolve("postmaster.pid"));
        if (lines.size() < 4) {
            throw new IOException("PostgreSQL (pid " + pid.get() + ") is starting on " + pgData
                    + " and has not published its port yet; try again in a moment");
        }
        try {
            return java.util.OptionalInt.of(Integer.parseInt(lines.get(3).trim()));
        } catch (NumberFormatException e) {
            throw new IOException("PostgreSQL (pid " + pid.get() + ") serves " + pgData
                    + " but its postmaster.pid names no port: '" + lines.get(3) + "'");
        }
    }

    /**
     * PostgreSQL starts (0.5-0.8 s, longer after a crash) while Quarkus boots, which takes about as
     * long before Flyway opens the first connection. Should the database still be starting then,
     * Flyway waits for it (FlywayAwaitsEmbeddedDatabase). A database that cannot start ends the process.
     */
    private static void startInBackground(EmbeddedPostgresServer embedded) {
        EMBEDDED_START.begin();
        Thread starter = new Thread(() -> {
            try {
                embedded.start();
                EMBEDDED_START.finish();
            } catch (Throwable e) {
                LOG.fatal("The embedded PostgreSQL in " + embedded.dataDirectory() + " did not start", e);
                System.exit(3);
            }
        }, "embedded-postgres-start");
        starter.setDaemon(true);
        starter.start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
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
