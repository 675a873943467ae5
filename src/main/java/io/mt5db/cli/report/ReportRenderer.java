package io.mt5db.cli.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A report as text (for a terminal or an e-mail) or JSON (for a machine). The JSON is built as a
 * tree, field by field, so that its names are fixed here and no reflection is needed (native image).
 */
public final class ReportRenderer {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportRenderer() {
    }

    public static String subject(DailyReport r, List<String> findings) {
        return "MT5 Trading DB report " + r.from() + " .. " + r.to() + ": "
                + (findings.isEmpty() ? "nothing to look at" : findings.size() + " finding(s)");
    }

    public static String text(DailyReport r, List<String> findings) {
        StringBuilder out = new StringBuilder();
        out.append("MT5 Trading DB report: ").append(r.from()).append(" .. ").append(r.to())
                .append(" (").append(duration(Duration.between(r.from(), r.to()).toSeconds())).append(")\n");
        out.append("generated ").append(r.generatedAt()).append("\n\n");

        out.append("Findings\n");
        if (findings.isEmpty()) {
            out.append("  none\n");
        }
        findings.forEach(f -> out.append("  - ").append(f).append('\n'));

        out.append("\nIngest per symbol (stamps in the window: M1 bars, bars the EAs posted (any timeframe), M1 bars from ticks, ticks)\n");
        out.append(String.format(Locale.ROOT, "  %-14s %10s %10s %10s %12s  %-20s  %s%n", "symbol", "M1 bars", "EA bars",
                "from ticks", "ticks", "last bar", "last tick"));
        for (DailyReport.SymbolIngest s : r.ingest()) {
            out.append(String.format(Locale.ROOT, "  %-14s %10d %10d %10d %12d  %-20s  %s%n", s.symbol(), s.m1Bars(),
                    s.barsFromEa(), s.m1BarsFromTicks(), s.ticks(), stamp(s.lastBar()), stamp(s.lastTick())));
        }
        if (r.ingest().isEmpty()) {
            out.append("  no symbols\n");
        }

        out.append("\nGaps (M1, while the market was open)\n");
        for (DailyReport.SeriesGaps g : r.gaps()) {
            out.append(String.format(Locale.ROOT, "  %-14s expected %d, present %d, missing %d in %d gap(s)%s%n",
                    g.symbol(), g.expectedBars(), g.presentBars(), g.missingBars(), g.gapCount(),
                    g.gapCount() == 0 ? "" : "; longest " + g.longestMissing() + " from " + g.longestFrom()));
        }
        if (r.gaps().isEmpty()) {
            out.append("  no M1 series in the window\n");
        }

        out.append("\nJob lags (now)\n");
        for (DailyReport.JobLag j : r.jobs()) {
            out.append(String.format(Locale.ROOT, "  %-18s %s%n", j.job(),
                    j.lagSeconds() == null ? "nothing waiting" : duration(j.lagSeconds())));
        }

        DailyReport.SignalActivity s = r.signals();
        out.append("\nSignals\n");
        out.append(String.format(Locale.ROOT, "  created %d, delivered %d, acked %d %s, expired %d, cancelled %d%n",
                s.created(), s.delivered(), s.acked(), s.ackedByStatus(), s.expired(), s.cancelled()));
        out.append(String.format(Locale.ROOT, "  model predictions %d%n", s.modelPredictions()));

        out.append("\nActive models (test window: model vs majority / persistence baselines)\n");
        for (DailyReport.ModelSummary m : r.models()) {
            out.append(String.format(Locale.ROOT, "  %s (%s %s) accuracy %s vs %s / %s on %s samples, %s%n", m.version(),
                    m.symbol() == null ? "*" : m.symbol(), m.timeframe(), ratio(m.accuracy()), ratio(m.majorityAccuracy()),
                    ratio(m.persistenceAccuracy()), m.testSamples() == null ? "?" : m.testSamples().toString(),
                    m.beatsBaselines() ? "beats the baselines" : "does NOT beat the baselines"));
        }
        if (r.models().isEmpty()) {
            out.append("  none\n");
        }

        BackupStatus b = r.backup();
        out.append("\nBackup (").append(b.source()).append(")\n");
        if (!b.found()) {
            out.append("  no status file\n");
        } else {
            out.append("  last run: ").append(b.result()).append(", finished ").append(stamp(b.finishedAt()));
            if (b.file() != null) {
                out.append(", ").append(b.file()).append(b.bytes() == null ? "" : " (" + b.bytes() + " bytes)");
            }
            out.append('\n');
            out.append("  last success: ").append(stamp(b.succeeded() ? b.finishedAt() : b.lastSuccessAt()))
                    .append(", backups kept: ").append(b.backupsKept() == null ? "?" : b.backupsKept().toString())
                    .append(", off-host copy: ").append(b.offsite() == null ? "?" : b.offsite())
                    .append(b.offsiteTarget() == null ? "" : " (" + b.offsiteTarget() + ")").append('\n');
            if (b.message() != null) {
                out.append("  message: ").append(b.message()).append('\n');
            }
        }

        DailyReport.Errors e = r.errors();
        out.append("\nErrors\n");
        out.append("  failed training jobs: ").append(e.failedTrainingJobs().size()).append('\n');
        for (DailyReport.FailedJob j : e.failedTrainingJobs()) {
            out.append("    #").append(j.id()).append(" at ").append(stamp(j.finishedAt())).append(": ").append(j.error())
                    .append('\n');
        }
        out.append("  rejected deliveries: ").append(e.rejectedDeliveries()).append('\n');
        DailyReport.ServerCounters c = e.server();
        if (c == null) {
            out.append("  server counters: not read (--metrics-url)\n");
        } else if (c.unavailableReason() != null) {
            out.append("  server counters: unavailable (").append(c.unavailableReason()).append(")\n");
        } else {
            out.append("  since the server started").append(c.uptimeSeconds() == null ? "" : " (" + duration(c.uptimeSeconds())
                    + " ago)").append(": ingest items refused ").append(c.ingestRejected()).append(", failed job runs ")
                    .append(c.jobFailures()).append('\n');
        }
        return out.toString();
    }

    public static String json(DailyReport r, List<String> findings) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("generated_at", r.generatedAt().toString());
        root.put("from", r.from().toString());
        root.put("to", r.to().toString());
        ArrayNode f = root.putArray("findings");
        findings.forEach(f::add);
        ArrayNode ingest = root.putArray("ingest");
        for (DailyReport.SymbolIngest s : r.ingest()) {
            ObjectNode n = ingest.addObject();
            n.put("symbol", s.symbol());
            n.put("m1_bars", s.m1Bars());
            n.put("bars_from_ea", s.barsFromEa());
            n.put("m1_bars_from_ticks", s.m1BarsFromTicks());
            n.put("ticks", s.ticks());
            n.put("last_bar", str(s.lastBar()));
            n.put("last_tick", str(s.lastTick()));
        }
        ArrayNode gaps = root.putArray("gaps");
        for (DailyReport.SeriesGaps g : r.gaps()) {
            ObjectNode n = gaps.addObject();
            n.put("symbol", g.symbol());
            n.put("timeframe", g.timeframe());
            n.put("expected_bars", g.expectedBars());
            n.put("present_bars", g.presentBars());
            n.put("missing_bars", g.missingBars());
            n.put("gaps", g.gapCount());
            n.put("longest_from", str(g.longestFrom()));
            n.put("longest_to", str(g.longestTo()));
            n.put("longest_missing_bars", g.longestMissing());
        }
        ArrayNode jobs = root.putArray("jobs");
        for (DailyReport.JobLag j : r.jobs()) {
            ObjectNode n = jobs.addObject();
            n.put("job", j.job());
            n.put("lag_seconds", j.lagSeconds());
        }
        DailyReport.SignalActivity s = r.signals();
        ObjectNode signals = root.putObject("signals");
        signals.put("created", s.created());
        signals.put("delivered", s.delivered());
        signals.put("acked", s.acked());
        ObjectNode byStatus = signals.putObject("acked_by_status");
        s.ackedByStatus().forEach(byStatus::put);
        signals.put("expired", s.expired());
        signals.put("cancelled", s.cancelled());
        signals.put("model_predictions", s.modelPredictions());
        ArrayNode models = root.putArray("models");
        for (DailyReport.ModelSummary m : r.models()) {
            ObjectNode n = models.addObject();
            n.put("version", m.version());
            n.put("symbol", m.symbol());
            n.put("timeframe", m.timeframe());
            n.put("activated_at", str(m.activatedAt()));
            n.put("accuracy", m.accuracy());
            n.put("majority_accuracy", m.majorityAccuracy());
            n.put("persistence_accuracy", m.persistenceAccuracy());
            n.put("test_samples", m.testSamples());
            n.put("beats_baselines", m.beatsBaselines());
            n.put("verdict", m.verdict());
        }
        BackupStatus b = r.backup();
        ObjectNode backup = root.putObject("backup");
        backup.put("status_file", b.source());
        backup.put("found", b.found());
        backup.put("result", b.result());
        backup.put("started_at", str(b.startedAt()));
        backup.put("finished_at", str(b.finishedAt()));
        backup.put("last_success_at", str(b.succeeded() ? b.finishedAt() : b.lastSuccessAt()));
        backup.put("file", b.file());
        backup.put("bytes", b.bytes());
        backup.put("backups_kept", b.backupsKept());
        backup.put("offsite", b.offsite());
        backup.put("offsite_target", b.offsiteTarget());
        backup.put("message", b.message());
        DailyReport.Errors e = r.errors();
        ObjectNode errors = root.putObject("errors");
        ArrayNode failed = errors.putArray("failed_training_jobs");
        for (DailyReport.FailedJob j : e.failedTrainingJobs()) {
            ObjectNode n = failed.addObject();
            n.put("id", j.id());
            n.put("finished_at", str(j.finishedAt()));
            n.put("error", j.error());
        }
        errors.put("rejected_deliveries", e.rejectedDeliveries());
        DailyReport.ServerCounters c = e.server();
        if (c == null) {
            errors.putNull("server");
        } else {
            ObjectNode server = errors.putObject("server");
            server.put("source", c.source());
            server.put("uptime_seconds", c.uptimeSeconds());
            server.put("unavailable", c.unavailableReason());
            counts(server.putObject("ingest_rejected_since_start"), c.ingestRejected());
            counts(server.putObject("job_failures_since_start"), c.jobFailures());
        }
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** 75 s -> "1m15s", 90061 s -> "1d1h1m1s": lags and ages at a glance. */
    public static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        StringBuilder out = new StringBuilder();
        long days = s / 86_400;
        long hours = s % 86_400 / 3600;
        long minutes = s % 3600 / 60;
        long rest = s % 60;
        if (days > 0) {
            out.append(days).append('d');
        }
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (minutes > 0) {
            out.append(minutes).append('m');
        }
        if (rest > 0) {
            out.append(rest).append('s');
        }
        return out.toString();
    }

    private static void counts(ObjectNode node, Map<String, Long> counts) {
        counts.forEach(node::put);
    }

    private static String ratio(Double value) {
        return value == null ? "?" : String.format(Locale.ROOT, "%.3f", value);
    }

    private static String stamp(Instant at) {
        return at == null ? "-" : at.toString();
    }

    private static String str(Instant at) {
        return at == null ? null : at.toString();
    }
}
