package io.mt5db.cli.importing;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of an import, totals across resumed runs.
 *
 * @param resumedAfterLine 0 for a fresh start, else the checkpoint's last committed line
 * @param complete false when the run stopped before the end of the file
 */
public record ImportSummary(String file, ImportFormat format, long lines, long inserted, long updated, long duplicates,
        long rejected, List<String> firstRejected, long resumedAfterLine, boolean complete, boolean alreadyComplete,
        long rowsThisRun, Duration elapsed) {

    public String render() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%s (%s): %s%n", file, format,
                alreadyComplete ? "already imported completely (a checkpoint says so; --restart reads it again)"
                        : complete ? "imported" : "STOPPED before the end: run the same command again to resume"));
        if (resumedAfterLine > 0 && !alreadyComplete) {
            out.append(String.format(Locale.ROOT, "  resumed after line %,d%n", resumedAfterLine));
        }
        out.append(String.format(Locale.ROOT, "  inserted %,d  updated %,d  duplicate %,d  rejected %,d%n", inserted,
                updated, duplicates, rejected));
        if (!alreadyComplete) {
            double seconds = Math.max(elapsed.toMillis(), 1) / 1000.0;
            out.append(String.format(Locale.ROOT, "  %,d lines read, %,d rows sent this run in %.1f s (%,.0f rows/s)%n",
                    lines, rowsThisRun, seconds, rowsThisRun / seconds));
        }
        if (!firstRejected.isEmpty()) {
            out.append("  first rejected lines:\n");
            for (String r : firstRejected) {
                out.append("    ").append(r).append('\n');
            }
        }
        return out.toString();
    }
}
