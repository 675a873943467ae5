package io.mt5db.cli.report;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;

/**
 * One report: the window [from, to), the backup status file to read, and optionally a running
 * server's /metrics for the counters the database does not keep (null: not read).
 */
public record ReportRequest(Instant from, Instant to, Path backupStatusFile, URI metricsUrl,
        ReportFindings.Thresholds thresholds) {

    public ReportRequest {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("the report window is empty: " + from + " .. " + to);
        }
    }
}
