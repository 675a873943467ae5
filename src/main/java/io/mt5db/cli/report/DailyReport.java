package io.mt5db.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the {@code report} command tells an operator about a window (the last 24 hours by default):
 * what came in, what is missing, how far the jobs are behind, what the signal queue did, how the
 * serving models measure up, whether the backup ran, and what failed. Plain data: ReportService
 * fills it, ReportFindings judges it, ReportRenderer prints it.
 */
public record DailyReport(Instant generatedAt, Instant from, Instant to, List<SymbolIngest> ingest,
        List<SeriesGaps> gaps, List<JobLag> jobs, SignalActivity signals, List<ModelSummary> models,
        BackupStatus backup, Errors errors) {

    /**
     * A symbol's data with stamps in the window: M1 bars (all sources), bars of any timeframe the EAs
     * posted, M1 bars built from ticks, ticks; and the newest bar (any timeframe) and tick ever stored.
     */
    public record SymbolIngest(String symbol, long m1Bars, long barsFromEa, long m1BarsFromTicks, long ticks,
            Instant lastBar, Instant lastTick) {
    }

    /** Missing M1 bars while the symbol's market was open (the rules of GET /gaps). */
    public record SeriesGaps(String symbol, String timeframe, long expectedBars, long presentBars, long missingBars,
            int gapCount, Instant longestFrom, Instant longestTo, long longestMissing) {
    }

    /** A background job's lag now: the age of its oldest waiting change; null when nothing waits. */
    public record JobLag(String job, Double lagSeconds) {
    }

    /**
     * The signal queue in the window: signals created, deliveries to accounts, acknowledgements (by
     * status: FILLED, REJECTED, SKIPPED, EXPIRED), signals that expired or were cancelled, and the ML
     * module's predictions (model_signals, shadow models included).
     */
    public record SignalActivity(long created, long delivered, long acked, Map<String, Long> ackedByStatus,
            long expired, long cancelled, long modelPredictions) {
    }

    /** An active model's test-window accuracy beside the majority and persistence baselines. */
    public record ModelSummary(String version, String symbol, String timeframe, Instant activatedAt, Double accuracy,
            Double majorityAccuracy, Double persistenceAccuracy, Long testSamples, boolean beatsBaselines,
            String verdict) {

        /** From a model's stored manifest (metrics.model / .majority / .persistence, beats_baselines, verdict). */
        public static ModelSummary of(String version, String symbol, String timeframe, Instant activatedAt,
                JsonNode manifest) {
            JsonNode metrics = manifest.path("metrics");
            JsonNode samples = metrics.path("model").path("samples");
            return new ModelSummary(version, symbol, timeframe, activatedAt, number(metrics.path("model").path("accuracy")),
                    number(metrics.path("majority").path("accuracy")), number(metrics.path("persistence").path("accuracy")),
                    samples.isNumber() ? samples.longValue() : null, manifest.path("beats_baselines").asBoolean(false),
                    manifest.path("verdict").asText(null));
        }

        private static Double number(JsonNode node) {
            return node.isNumber() ? node.doubleValue() : null;
        }
    }

    /** A training job that failed in the window. */
    public record FailedJob(long id, Instant finishedAt, String error) {
    }

    /**
     * What failed: training jobs, deliveries the terminals rejected, and the server's own counters of
     * refused ingest items and failed job runs (since that server started; null when not asked for).
     */
    public record Errors(List<FailedJob> failedTrainingJobs, long rejectedDeliveries, ServerCounters server) {
    }

    /**
     * Counters read from a running server's /metrics. They count since the server started
     * ({@code uptimeSeconds}), not per window: the database keeps no record of refused items.
     */
    public record ServerCounters(String source, Double uptimeSeconds, Map<String, Long> ingestRejected,
            Map<String, Long> jobFailures, String unavailableReason) {

        public static ServerCounters unavailable(String source, String reason) {
            return new ServerCounters(source, null, Map.of(), Map.of(), reason);
        }
    }
}
