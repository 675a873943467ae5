package io.mt5db.cli.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What in a report needs someone's attention, one sentence each, in the order of the report's
 * sections. An empty list means a quiet day.
 */
public final class ReportFindings {

    /**
     * @param maxJobLag a job further behind than this is reported (the alert Mt5dbJobLagHigh uses 5 minutes)
     * @param maxBackupAge the last successful backup must be younger than this at the report's end
     * @param minModelAccuracy an active model measured below this is reported (the runbook's 0.55)
     */
    public record Thresholds(Duration maxJobLag, Duration maxBackupAge, double minModelAccuracy) {
        public static final Thresholds DEFAULT = new Thresholds(Duration.ofMinutes(5), Duration.ofHours(26), 0.55);
    }

    private ReportFindings() {
    }

    public static List<String> of(DailyReport r, Thresholds t) {
        List<String> findings = new ArrayList<>();
        for (DailyReport.SymbolIngest s : r.ingest()) {
            if (s.m1Bars() == 0 && s.barsFromEa() == 0 && s.ticks() == 0) {
                findings.add(s.symbol() + ": nothing ingested in the window (last bar "
                        + (s.lastBar() == null ? "never" : s.lastBar().toString()) + ")");
            }
        }
        for (DailyReport.SeriesGaps g : r.gaps()) {
            if (g.missingBars() > 0) {
                findings.add(String.format(Locale.ROOT, "%s %s: %d missing bars in %d gap(s), longest %d from %s",
                        g.symbol(), g.timeframe(), g.missingBars(), g.gapCount(), g.longestMissing(), g.longestFrom()));
            }
        }
        for (DailyReport.JobLag j : r.jobs()) {
            if (j.lagSeconds() != null && j.lagSeconds() > t.maxJobLag().toSeconds()) {
                findings.add(String.format(Locale.ROOT, "job %s is %s behind (more than %s)", j.job(),
                        ReportRenderer.duration(j.lagSeconds()), ReportRenderer.duration(t.maxJobLag().toSeconds())));
            }
        }
        backup(r.backup(), r.to(), t, findings);
        for (DailyReport.ModelSummary m : r.models()) {
            String name = "model " + m.version() + " (" + (m.symbol() == null ? "*" : m.symbol()) + " " + m.timeframe() + ")";
            if (!m.beatsBaselines()) {
                findings.add(name + " is active but does not beat its baselines: " + m.verdict());
            }
            if (m.accuracy() != null && m.accuracy() < t.minModelAccuracy()) {
                findings.add(String.format(Locale.ROOT, "%s: test accuracy %.3f is under %.2f", name, m.accuracy(),
                        t.minModelAccuracy()));
            }
        }
        DailyReport.Errors e = r.errors();
        if (!e.failedTrainingJobs().isEmpty()) {
            findings.add(e.failedTrainingJobs().size() + " training job(s) failed, last: "
                    + e.failedTrainingJobs().get(e.failedTrainingJobs().size() - 1).error());
        }
        if (e.rejectedDeliveries() > 0) {
            findings.add(e.rejectedDeliveries() + " signal deliveries were rejected by the terminals");
        }
        DailyReport.ServerCounters server = e.server();
        if (server != null) {
            if (server.unavailableReason() != null) {
                findings.add("server counters not read from " + server.source() + ": " + server.unavailableReason());
            } else {
                long rejected = server.ingestRejected().values().stream().mapToLong(Long::longValue).sum();
                if (rejected > 0) {
                    findings.add(rejected + " ingest item(s) refused since the server started: " + server.ingestRejected());
                }
                for (Map.Entry<String, Long> f : server.jobFailures().entrySet()) {
                    findings.add("job " + f.getKey() + ": " + f.getValue() + " failed run(s) since the server started");
                }
            }
        }
        return findings;
    }

    private static void backup(BackupStatus b, Instant end, Thresholds t, List<String> findings) {
        if (!b.found()) {
            findings.add("no backup status at " + b.source() + ": has scripts/backup.sh ever run with it?");
            return;
        }
        if (!b.succeeded()) {
            findings.add("the last backup failed" + (b.finishedAt() == null ? "" : " at " + b.finishedAt())
                    + (b.message() == null ? "" : ": " + b.message()));
        }
        Instant lastSuccess = b.succeeded() && b.finishedAt() != null ? b.finishedAt() : b.lastSuccessAt();
        if (lastSuccess == null) {
            findings.add("no successful backup on record");
        } else if (Duration.between(lastSuccess, end).compareTo(t.maxBackupAge()) > 0) {
            findings.add("the last successful backup is " + ReportRenderer.duration(Duration.between(lastSuccess, end)
                    .toSeconds()) + " old (" + lastSuccess + ")");
        }
        if ("failed".equals(b.offsite())) {
            findings.add("the off-host copy of the last backup to " + b.offsiteTarget() + " failed");
        }
    }
}
