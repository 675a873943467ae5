package io.mt5db.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A bar redrawn in place on a terminal, plain lines otherwise. */
class ConsoleProgressTest {

    @Test
    void aTerminalGetsABarWithRateAndEta() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsoleProgress p = new ConsoleProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
        p.batchCommitted(100, 1000, 5000, 0);
        Thread.sleep(250);
        p.batchCommitted(500, 1000, 25000, 2);
        p.finished();
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.startsWith("\r[###"), out);
        assertTrue(out.contains("\r[###############...............]  50.0%  25,000 rows"), out);
        assertTrue(out.contains("rows/s  ETA 0:0"), out);
        assertTrue(out.contains("2 rejected"), out);
        assertTrue(out.endsWith("\n"), "the bar's line ends when the import does");
    }

    @Test
    void aPipeGetsPlainLinesNotEveryBatch() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsoleProgress p = new ConsoleProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        p.batchCommitted(100, 1000, 5000, 0);
        p.batchCommitted(200, 1000, 10000, 0); // within 5 s of the first: not printed
        p.batchCommitted(1000, 1000, 50000, 0); // the end always is
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(2, lines.length, String.join("|", lines));
        assertTrue(lines[0].startsWith("import:  10.0%  5,000 rows"), lines[0]);
        assertTrue(lines[1].startsWith("import: 100.0%  50,000 rows"), lines[1]);
        assertTrue(!lines[1].contains("\r"));
    }

    @Test
    void durations() {
        assertEquals("0:09", ConsoleProgress.duration(9));
        assertEquals("2:05", ConsoleProgress.duration(125));
        assertEquals("1:00:01", ConsoleProgress.duration(3601));
    }
}
