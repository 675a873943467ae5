package io.mt5db.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report's pure parts: the backup status file, the /metrics counters, the findings and both renderings. */
class ReportLogicTest {

    static final Instant TO = Instant.parse("2026-12-07T04:30:00Z");
    static final Instant FROM = TO.minus(Duration.ofHours(24));
    static final String STATUS_OK = """
            # scripts/backup.sh: the last run
            result=success
            started_at=2026-12-07T04:00:01Z
            finished_at=2026-12-07T04:00:09Z
            last_success_at=2026-12-07T04:00:09Z
            file=/var/lib/mt5db/backups/mt5db-20261207T040001Z.dump
            bytes=123456
            backups_kept=14
            offsite=ok
            offsite_target=backup@vault:/srv/mt5db
            message=
            """;

    @Test
    void backupStatusReadsTheScriptsKeys() {
        BackupStatus b = BackupStatus.parse("/x/backup.status", STATUS_OK);
        assertTrue(b.found() && b.succeeded());
        assertEquals(Instant.parse("2026-12-07T04:00:09Z"), b.finishedAt());
        assertEquals(123456L, b.bytes());
        assertEquals(14, b.backupsKept());
        assertEquals("ok", b.offsite());
        assertEquals("backup@vault:/srv/mt5db", b.offsiteTarget());
        assertNull(b.message());
    }

    @Test
    void aMalformedStatusIsUnknownAndSaysWhy() {
        BackupStatus b = BackupStatus.parse("f", "result=success\nfinished_at=yesterday\nbytes=12k\n");
        assertEquals("unknown", b.result());
        assertTrue(b.message().contains("finished_at 'yesterday' is no UTC time"), b.message());
        assertTrue(b.message().contains("bytes '12k' is no number"), b.message());
        assertEquals("unknown", BackupStatus.parse("f", "").result());
    }

    @Test
    void metricsCountersSumRefusalsByReasonAndFailuresByJob() {
        String scrape = """
                # HELP ingest_rejected_total Items refused, by reason
                # TYPE ingest_rejected_total counter
                ingest_rejected_total{reason="invalid_ohlc"} 3.0
                ingest_rejected_total{reason="future_ts"} 2.0
                ingest_rejected_total{reason="unknown_symbol"} 0.0
                job_runs_total{job="aggregator",outcome="success"} 500.0
                job_runs_total{job="aggregator",outcome="failure"} 4.0
                job_runs_total{job="rollup",outcome="partial_failure"} 1.0
                job_runs_total{job="rollup",outcome="failure"} 2.0
                job_runs_total{job="indicators",outcome="failure"} 0.0
                process_uptime_seconds 3600.5
                """;
        DailyReport.ServerCounters c = MetricsText.counters("http://x/metrics", scrape);
        assertEquals(Map.of("future_ts", 2L, "invalid_ohlc", 3L), c.ingestRejected());
        assertEquals(Map.of("aggregator", 4L, "rollup", 3L), c.jobFailures());
        assertEquals(3600.5, c.uptimeSeconds());
        assertEquals(Map.of("job", "a\"b", "x", "y"), MetricsText.labels("job=\"a\\\"b\",x=\"y\""));
    }

    @Test
    void aQuietDayHasNoFindings() {
        assertEquals(List.of(), ReportFindings.of(report(quietIngest(), List.of(), List.of(), quietModels(),
                BackupStatus.parse("f", STATUS_OK), errors(List.of(), 0, null)), ReportFindings.Thresholds.DEFAULT));
    }

    @Test
    void everyKindOfTroubleIsAFinding() {
        List<DailyReport.SymbolIngest> ingest = List.of(new DailyReport.SymbolIngest("EURUSD", 1400, 0, 1400, 90_000,
                TO, TO), new DailyReport.SymbolIngest("GBPUSD", 0, 0, 0, 0, Instant.parse("2026-12-01T10:00:00Z"), null));
        List<DailyReport.SeriesGaps> gaps = List.of(new DailyReport.SeriesGaps("EURUSD", "M1", 1440, 1400, 40, 2,
                Instant.parse("2026-12-06T10:00:00Z"), Instant.parse("2026-12-06T10:30:00Z"), 30));
        List<DailyReport.JobLag> jobs = List.of(new DailyReport.JobLag("aggregator", 2.0),
                new DailyReport.JobLag("indicators", 900.0), new DailyReport.JobLag("rollup", null));
        List<DailyReport.ModelSummary> models = List.of(new DailyReport.ModelSummary("m-1", "EURUSD", "M1", FROM, 0.52,
                0.51, 0.50, 5000L, false, "does not beat the baselines: 0.520 vs 0.510 + margin 0.020"));
        BackupStatus failed = BackupStatus.parse("f", """
                result=failure
                finished_at=2026-12-07T04:00:03Z
                last_success_at=2026-12-05T04:00:09Z
                offsite=off
                message=pg_dump: connection refused
                """);
        DailyReport.ServerCounters server = new DailyReport.ServerCounters("u", 100.0, Map.of("invalid_ohlc", 3L),
                Map.of("rollup", 2L), null);
        DailyReport r = report(ingest, gaps, jobs, models, failed, errors(List.of(new DailyReport.FailedJob(7, TO,
                "too few samples")), 2, server));
        List<String> findings = ReportFindings.of(r, ReportFindings.Thresholds.DEFAULT);
        assertEquals(List.of(
                "GBPUSD: nothing ingested in the window (last bar 2026-12-01T10:00:00Z)",
                "EURUSD M1: 40 missing bars in 2 gap(s), longest 30 from 2026-12-06T10:00:00Z",
                "job indicators is 15m behind (more than 5m)",
                "the last backup failed at 2026-12-07T04:00:03Z: pg_dump: connection refused",
                "the last successful backup is 2d29m51s old (2026-12-05T04:00:09Z)",
                "model m-1 (EURUSD M1) is active but does not beat its baselines: does not beat the baselines: 0.520 vs "
                        + "0.510 + margin 0.020",
                "model m-1 (EURUSD M1): test accuracy 0.520 is under 0.55",
                "1 training job(s) failed, last: too few samples",
                "2 signal deliveries were rejected by the terminals",
                "3 ingest item(s) refused since the server started: {invalid_ohlc=3}",
                "job rollup: 2 failed run(s) since the server started"), findings);
    }

    @Test
    void aMissingStatusFileAnOffsiteFailureAndUnreadableMetricsAreFindings() {
        BackupStatus offsiteFailed = BackupStatus.parse("f", STATUS_OK.replace("offsite=ok", "offsite=failed"));
        List<String> a = ReportFindings.of(report(quietIngest(), List.of(), List.of(), quietModels(), offsiteFailed,
                errors(List.of(), 0, DailyReport.ServerCounters.unavailable("http://127.0.0.1:8000/metrics",
                        "ConnectException"))), ReportFindings.Thresholds.DEFAULT);
        assertEquals(List.of("the off-host copy of the last backup to backup@vault:/srv/mt5db failed",
                "server counters not read from http://127.0.0.1:8000/metrics: ConnectException"), a);
        List<String> b = ReportFindings.of(report(quietIngest(), List.of(), List.of(), quietModels(),
                BackupStatus.missing("/var/lib/mt5db/backups/backup.status"), errors(List.of(), 0, null)),
                ReportFindings.Thresholds.DEFAULT);
        assertEquals(List.of("no backup status at /var/lib/mt5db/backups/backup.status: has scripts/backup.sh ever run "
                + "with it?"), b);
        // an old success is too old at the report's end, not at the time it is rendered
        BackupStatus old = BackupStatus.parse("f", STATUS_OK.replace("2026-12-07T04:00:09Z", "2026-12-06T01:00:00Z"));
        assertEquals(List.of("the last successful backup is 1d3h30m old (2026-12-06T01:00:00Z)"), ReportFindings.of(
                report(quietIngest(), List.of(), List.of(), quietModels(), old, errors(List.of(), 0, null)),
                ReportFindings.Thresholds.DEFAULT));
    }

    @Test
    void textAndJsonCarryTheSameNumbers() throws Exception {
        DailyReport r = report(quietIngest(), List.of(new DailyReport.SeriesGaps("EURUSD", "M1", 1440, 1437, 3, 1,
                Instant.parse("2026-12-06T10:00:00Z"), Instant.parse("2026-12-06T10:03:00Z"), 3)),
                List.of(new DailyReport.JobLag("aggregator", 1.5), new DailyReport.JobLag("rollup", null)), quietModels(),
                BackupStatus.parse("f", STATUS_OK), errors(List.of(), 0, null));
        List<String> findings = ReportFindings.of(r, ReportFindings.Thresholds.DEFAULT);
        String text = ReportRenderer.text(r, findings);
        assertTrue(text.contains("EURUSD M1: 3 missing bars in 1 gap(s)"), text);
        assertTrue(text.matches("(?s).*EURUSD\\s+1437\\s+0\\s+1437\\s+86000.*"), text);
        assertTrue(text.contains("created 12, delivered 20, acked 18 {FILLED=15, REJECTED=0, SKIPPED=3}"), text);
        assertTrue(text.contains("m-2 (* M1) accuracy 0.581 vs 0.512 / 0.497 on 4000 samples, beats the baselines"), text);
        assertTrue(text.contains("rollup             nothing waiting"), text);
        assertTrue(text.contains("last run: success, finished 2026-12-07T04:00:09Z"), text);
        JsonNode json = new ObjectMapper().readTree(ReportRenderer.json(r, findings));
        assertEquals(findings.size(), json.path("findings").size());
        assertEquals(1437, json.at("/ingest/0/m1_bars").asLong());
        assertEquals(86000, json.at("/ingest/0/ticks").asLong());
        assertEquals(3, json.at("/gaps/0/missing_bars").asLong());
        assertEquals(1.5, json.at("/jobs/0/lag_seconds").asDouble());
        assertTrue(json.at("/jobs/1/lag_seconds").isNull());
        assertEquals(12, json.at("/signals/created").asLong());
        assertEquals(15, json.at("/signals/acked_by_status/FILLED").asLong());
        assertEquals(0.581, json.at("/models/0/accuracy").asDouble());
        assertTrue(json.at("/models/0/symbol").isNull());
        assertEquals("success", json.at("/backup/result").asText());
        assertEquals("2026-12-07T04:00:09Z", json.at("/backup/last_success_at").asText());
        assertTrue(json.at("/errors/server").isNull());
        assertEquals(FROM.toString(), json.path("from").asText());
    }

    @Test
    void modelSummaryReadsTheManifest() throws Exception {
        JsonNode manifest = new ObjectMapper().readTree("""
                {"metrics":{"model":{"samples":4000,"accuracy":0.581},"majority":{"accuracy":0.512},
                 "persistence":{"accuracy":null}},"beats_baselines":true,"verdict":"beats both baselines by 0.069"}
                """);
        DailyReport.ModelSummary m = DailyReport.ModelSummary.of("v", null, "M1", FROM, manifest);
        assertEquals(0.581, m.accuracy());
        assertEquals(0.512, m.majorityAccuracy());
        assertNull(m.persistenceAccuracy());
        assertEquals(4000L, m.testSamples());
        assertTrue(m.beatsBaselines());
        assertFalse(DailyReport.ModelSummary.of("v", null, "M1", FROM, new ObjectMapper().createObjectNode()).beatsBaselines());
    }

    @Test
    void durationsReadAtAGlance() {
        assertEquals("59s", ReportRenderer.duration(59));
        assertEquals("1m15s", ReportRenderer.duration(75));
        assertEquals("1d1h1m1s", ReportRenderer.duration(90_061));
        assertEquals("2h", ReportRenderer.duration(7200));
    }

    // ---- fixtures ----

    static List<DailyReport.SymbolIngest> quietIngest() {
        return List.of(new DailyReport.SymbolIngest("EURUSD", 1437, 0, 1437, 86_000, TO, TO));
    }

    static List<DailyReport.ModelSummary> quietModels() {
        return List.of(new DailyReport.ModelSummary("m-2", null, "M1", FROM, 0.581, 0.512, 0.497, 4000L, true,
                "beats both baselines by 0.069"));
    }

    static DailyReport.Errors errors(List<DailyReport.FailedJob> failed, long rejected, DailyReport.ServerCounters server) {
        return new DailyReport.Errors(failed, rejected, server);
    }

    static DailyReport report(List<DailyReport.SymbolIngest> ingest, List<DailyReport.SeriesGaps> gaps,
            List<DailyReport.JobLag> jobs, List<DailyReport.ModelSummary> models, BackupStatus backup,
            DailyReport.Errors errors) {
        return new DailyReport(TO, FROM, TO, ingest, gaps, jobs, new DailyReport.SignalActivity(12, 20, 18,
                new java.util.TreeMap<>(Map.of("FILLED", 15L, "REJECTED", 0L, "SKIPPED", 3L)), 4, 1, 700), models, backup, errors);
    }
}
