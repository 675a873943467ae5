package io.mt5db.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A command finds the PostgreSQL a running server keeps on the data directory instead of starting a second one. */
class CommandDatabaseTest {

    @TempDir
    Path pg;

    @Test
    void theRunningPostmastersPortComesFromItsPidFile() throws Exception {
        // a live process (this JVM) named in postmaster.pid, as PostgreSQL writes it: pid, data dir, start, port, ...
        Files.write(pg.resolve("postmaster.pid"), List.of(Long.toString(ProcessHandle.current().pid()), pg.toString(),
                "1765000000", "54321", "/tmp", "127.0.0.1", "  5432001         0", "ready"));
        assertEquals(54321, Main.runningPostmasterPort(pg).getAsInt());
    }

    @Test
    void aStalePidFileOrNoneMeansStartTheEmbeddedOne() throws Exception {
        assertTrue(Main.runningPostmasterPort(pg).isEmpty());
        Files.write(pg.resolve("postmaster.pid"), List.of("999999999", pg.toString(), "1765000000", "54321"));
        assertTrue(Main.runningPostmasterPort(pg).isEmpty(), "no live owner");
    }
}
