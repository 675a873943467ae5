package io.mt5db.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line parsed as the launcher parses it, before anything starts. */
class CommandLineTest {

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine cl = Commands.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void onlyTheCommandNamesLeaveTheServerPath() {
        assertTrue(Commands.isCommand("import", "--help"));
        assertTrue(Commands.isCommand("simulate"));
        assertTrue(Commands.isCommand("--help"));
        assertFalse(Commands.isCommand());
        assertFalse(Commands.isCommand("-Dquarkus.http.port=9000"));
    }

    @Test
    void helpOfEachCommandNeedsNoDatabase() {
        AtomicBoolean opened = new AtomicBoolean();
        Commands.database = () -> {
            opened.set(true);
            return () -> { };
        };
        Run imp = run("import", "--help");
        assertEquals(0, imp.code());
        assertTrue(imp.out().contains("--broker-offset"), imp.out());
        assertTrue(imp.out().contains("mt5-ticks"), imp.out());
        Run sim = run("simulate", "--help");
        assertEquals(0, sim.code());
        assertTrue(sim.out().contains("--account-keys"), sim.out());
        Run top = run("--help");
        assertEquals(0, top.code());
        assertTrue(top.out().contains("import") && top.out().contains("simulate"), top.out());
        assertFalse(opened.get(), "no database for --help");
    }

    @Test
    void badOptionsAreNamedWithoutStartingAnything() throws Exception {
        AtomicBoolean opened = new AtomicBoolean();
        Commands.database = () -> {
            opened.set(true);
            return () -> { };
        };
        Path file = Files.writeString(dir.resolve("bars.csv"), "<DATE>\t<TIME>\t<OPEN>\n");
        Run missing = run("import", "--symbol", "EURUSD");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("--file"), missing.err());
        Run format = run("import", "--file", file.toString(), "--format", "xlsx");
        assertEquals(2, format.code());
        assertTrue(format.err().contains("unknown format 'xlsx'"), format.err());
        Run zone = run("import", "--file", file.toString(), "--broker-offset", "Mars/Olympus");
        assertEquals(2, zone.code());
        assertTrue(zone.err().contains("Mars/Olympus"), zone.err());
        Run absent = run("import", "--file", dir.resolve("nope.csv").toString());
        assertEquals(2, absent.code());
        assertTrue(absent.err().contains("no such file"), absent.err());
        assertFalse(opened.get());
    }
    @Test
    void reportHelpAndItsUsageErrorsNeedNoDatabase() {
        AtomicBoolean opened = new AtomicBoolean();
        Commands.database = () -> {
            opened.set(true);
            return () -> { };
        };
        assertTrue(Commands.isCommand("report"));
        Run help = run("report", "--help");
        assertEquals(0, help.code());
        for (String option : new String[] {"--hours", "--until", "--format", "--output", "--mail-to", "--backup-status",
            "--metrics-url", "--max-job-lag", "--max-backup-age"}) {
            assertTrue(help.out().contains(option), option + " in " + help.out());
        }
        assertTrue(run("--help").out().contains("report"));
        String[][] refused = {
            {"--hours", "0", "--hours must be 1..744"},
            {"--format", "xml", "--format must be text or json"},
            {"--until", "yesterday", "--until 'yesterday' is no UTC time"},
            {"--mail-to", "ops@example.com,nobody", "--mail-to 'nobody' is no e-mail address"},
            {"--max-job-lag", "5m", "--max-job-lag '5m' is no ISO-8601 duration"},
            {"--metrics-url", "ftp://x/metrics", "--metrics-url must be an http(s) URL"}};
        for (String[] c : refused) {
            Run r = run("report", c[0], c[1]);
            assertEquals(2, r.code(), String.join(" ", c));
            assertTrue(r.err().contains(c[2]), r.err());
        }
        assertFalse(opened.get(), "usage errors answer before any database is opened");
    }
}
