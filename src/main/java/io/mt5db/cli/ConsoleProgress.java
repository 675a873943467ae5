package io.mt5db.cli;

import io.mt5db.cli.importing.ImportProgress;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The import's progress: on a terminal a bar redrawn in place (percentage of the file, rows, rows/s
 * and the time left); otherwise (a pipe, a log file) a plain line every few seconds.
 */
final class ConsoleProgress implements ImportProgress {

    private static final long LINE_EVERY_NANOS = 5_000_000_000L;
    private static final long BAR_EVERY_NANOS = 200_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private final long started = System.nanoTime();
    private long lastShown;
    private boolean drawn;
    /** Where the first callback found the file: a resumed import starts past 0. */
    private long firstBytes = -1;
    private long firstNanos;

    ConsoleProgress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public void batchCommitted(long bytesRead, long size, long rows, long rejected) {
        long now = System.nanoTime();
        if (firstBytes < 0) {
            firstBytes = bytesRead;
            firstNanos = now;
        }
        if (now - lastShown < (terminal ? BAR_EVERY_NANOS : LINE_EVERY_NANOS) && bytesRead < size) {
            return;
        }
        lastShown = now;
        double seconds = Math.max(now - started, 1) / 1e9;
        double fraction = size == 0 ? 1 : Math.min(1, (double) bytesRead / size);
        double rate = rows / seconds;
        double bytesPerSecond = (bytesRead - firstBytes) / Math.max((now - firstNanos) / 1e9, 1e-3);
        long eta = bytesRead >= size ? 0 : bytesPerSecond > 0 ? Math.round((size - bytesRead) / bytesPerSecond) : -1;
        String text = String.format(Locale.ROOT, "%5.1f%%  %,d rows  %,.0f rows/s  ETA %s%s", fraction * 100, rows, rate,
                eta < 0 ? "?" : duration(eta), rejected > 0 ? String.format(Locale.ROOT, "  %,d rejected", rejected) : "");
        if (terminal) {
            int width = 30;
            int filled = (int) Math.round(fraction * width);
            out.print("\r[" + "#".repeat(filled) + ".".repeat(width - filled) + "] " + text + "   ");
            out.flush();
            drawn = true;
        } else {
            out.println("import: " + text);
        }
    }

    @Override
    public void finished() {
        if (terminal && drawn) {
            out.println();
        }
    }

    static String duration(long seconds) {
        return seconds >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }
}
