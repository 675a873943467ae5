package io.mt5db.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A JVM killed with SIGKILL leaves the embedded postmaster running; the next start must stop it
 * cleanly, start on the same data directory, and keep every committed row.
 */
class EmbeddedPostgresRestartTest {

    @Test
    void aPostmasterLeftByAKilledJvmIsStoppedAndTheDataSurvives() throws Exception {
        Path dir = Path.of("target", "kill9-pg").toAbsolutePath();
        if (Files.exists(dir)) {
            EmbeddedPostgresServer.stopOrphanedPostmaster(dir);
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                EmbeddedPostgresChild.class.getName(), dir.toString(), "committed-before-kill")
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            boolean ready = false;
            while (!ready && (line = out.readLine()) != null) {
                ready = line.startsWith("READY");
            }
            assertTrue(ready, "the child started its database");
        }
        child.destroyForcibly();
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        long orphan = EmbeddedPostgresServer.postmasterPid(dir).orElseThrow();
        assertTrue(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false),
                "SIGKILL left the postmaster running, as in production");

        try (EmbeddedPostgresServer restarted = new EmbeddedPostgresServer(dir, 0)) {
            restarted.start();
            assertTrue(ProcessHandle.of(orphan).map(h -> !h.isAlive()).orElse(true), "the orphan was stopped");
            try (Connection c = DriverManager.getConnection(restarted.jdbcUrl(), "postgres", "");
                    Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT note FROM survivor")) {
                assertTrue(rs.next());
                assertEquals("committed-before-kill", rs.getString(1));
            }
            try (Connection c = DriverManager.getConnection(restarted.jdbcUrl(), "postgres", "");
                    Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW synchronous_commit")) {
                rs.next();
                assertEquals("on", rs.getString(1), "a 200 must mean a durable commit");
            }
        }
    }
}
