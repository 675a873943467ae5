package io.mt5db.ops;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The embedded PostgreSQL 15 of the default run: data kept under a fixed directory across restarts,
 * durable commits, and recovery from a postmaster that a killed JVM left behind.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedPostgresServer.class);
    private static final Duration ORPHAN_SHUTDOWN_WAIT = Duration.ofSeconds(60);

    private final Path dataDirectory;
    /** 0 until the first start picks a free port; later starts reuse it so JDBC URLs stay valid. */
    private volatile int port;
    private EmbeddedPostgres postgres;

    /**
     * @param dataDirectory where the cluster lives; created and initialised on first start
     * @param port a fixed port, or 0 for a free one
     */
    public EmbeddedPostgresServer(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory.toAbsolutePath().normalize();
        this.port = port;
    }

    public synchronized void start() throws IOException {
        if (postgres != null) {
            return;
        }
        Files.createDirectories(dataDirectory);
        stopOrphanedPostmaster(dataDirectory);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(true)
                .setPGStartupWait(Duration.ofSeconds(60))
                // zonky turns synchronous_commit off by default: a 200 must mean durable.
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("fsync", "on")
                .setServerConfig("max_connections", "100")
                .setServerConfig("shared_buffers", "128MB")
                .setServerConfig("listen_addresses", "127.0.0.1");
        if (port > 0) {
            builder.setPort(port);
        }
        postgres = builder.start();
        port = postgres.getPort();
        LOG.infof("Embedded PostgreSQL 15 serving %s on 127.0.0.1:%d", dataDirectory, postgres.getPort());
    }

    /** Known before start when fixed; not synchronised, so that the URL can be handed out while it starts. */
    public int port() {
        if (port == 0) {
            throw new IllegalStateException("embedded PostgreSQL has not been started");
        }
        return port;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/postgres";
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public synchronized boolean isRunning() {
        return postgres != null;
    }

    @Override
    public synchronized void close() throws IOException {
        if (postgres != null) {
            try {
                postgres.close();
            } finally {
                postgres = null;
            }
        }
    }

    /**
     * A JVM killed with SIGKILL leaves its postmaster running (pg_ctl detaches it). It holds the data
     * directory, so the next start asks it for a fast shutdown (SIGINT: open transactions roll back,
     * committed ones are already durable) and waits until it has gone.
     */
    public static void stopOrphanedPostmaster(Path dataDirectory) throws IOException {
        Optional<Long> pid = postmasterPid(dataDirectory);
        if (pid.isEmpty()) {
            return;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid.get());
        if (handle.isEmpty() || !handle.get().isAlive() || !isPostgres(pid.get())) {
            // A stale postmaster.pid with no live owner: PostgreSQL removes it itself on start.
            return;
        }
        LOG.warnf("Found a PostgreSQL (pid %d) left running on %s by an earlier run; shutting it down",
                pid.get(), dataDirectory);
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(pid.get())).inheritIO().start().waitFor();
            long deadline = System.nanoTime() + ORPHAN_SHUTDOWN_WAIT.toNanos();
            while (handle.get().isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the old postmaster to stop", e);
        }
        if (handle.get().isAlive()) {
            throw new IOException("the PostgreSQL left running on " + dataDirectory + " (pid " + pid.get()
                    + ") did not stop within " + ORPHAN_SHUTDOWN_WAIT.toSeconds() + " s");
        }
    }

    public static Optional<Long> postmasterPid(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean isPostgres(long pid) {
        Path cmdline = Path.of("/proc", Long.toString(pid), "cmdline");
        try {
            return !Files.exists(cmdline)
                    || new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).contains("postgres");
        } catch (IOException e) {
            return true;
        }
    }
}
