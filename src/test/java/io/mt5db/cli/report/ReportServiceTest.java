package io.mt5db.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mt5db.cli.ReportApplication;
import io.mt5db.cli.ReportCommand;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.ext.mail.MailMessage;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report against the real database: a window in the past (Wednesday 2021-03-03 10:00-12:00 UTC,
 * FX hours, which no other test writes into) seeded with known candles, ticks, signals, deliveries,
 * predictions, a failed training job and an active model; every number of the report is checked, and
 * the report is delivered to a file and by mail (Quarkus' MockMailbox).
 */
@QuarkusTest
class ReportServiceTest {

    static final Instant FROM = Instant.parse("2021-03-03T10:00:00Z");
    static final Instant TO = Instant.parse("2021-03-03T12:00:00Z");
    static final String SYMBOL = "RPTSEED";
    static final String SILENT = "RPTSILENT";

    @Inject
    DataSource dataSource;

    @Inject
    ReportService reports;

    @Inject
    MockMailbox mailbox;

    @Inject
    ReportApplication application;

    @TempDir
    Path dir;

    static boolean seeded;

    @BeforeEach
    void seed() throws Exception {
        if (seeded) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            exec(c, "INSERT INTO symbols (symbol) VALUES ('" + SYMBOL + "'), ('" + SILENT + "') ON CONFLICT DO NOTHING");
            // M1: 10:00-10:59 from the EA without 10:30-10:32, 11:01-11:59 built from ticks (11:00 missing),
            // one bar before the window; an H1 bar from the EA.
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO candles (symbol, timeframe, ts, open, high, low, "
                    + "close, volume, source) VALUES (?, ?, ?, 1.1, 1.2, 1.0, 1.15, 10, ?)")) {
                for (int minute = 0; minute < 120; minute++) {
                    if (minute >= 30 && minute <= 32 || minute == 60) {
                        continue;
                    }
                    candle(ps, "M1", FROM.plusSeconds(60L * minute), minute < 60 ? "ea" : "ticks");
                }
                candle(ps, "M1", FROM.minus(Duration.ofHours(1)), "ea");
                candle(ps, "H1", FROM, "ea");
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO ticks (symbol, ts, bid, ask) VALUES (?, ?, 1.1, 1.1002)")) {
                for (Instant ts : List.of(FROM.plusSeconds(5), FROM.plusSeconds(65), FROM.plusSeconds(3600),
                        FROM.plusSeconds(5000), TO.minusSeconds(1), FROM.minusSeconds(1), TO)) {
                    ps.setString(1, SYMBOL);
                    ps.setTimestamp(2, Timestamp.from(ts));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            // signals: 3 created in the window (one expired in it, one cancelled in it), 1 before
            UUID[] ids = new UUID[4];
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO signals (id, created_at, symbol, timeframe, bar_ts, "
                    + "side, ttl_sec, expires_at, status, status_at) VALUES (?, ?, ?, 'M1', ?, 'BUY', 300, ?, ?, ?)")) {
                Object[][] rows = {
                    {FROM.plusSeconds(600), "EXPIRED", TO.plusSeconds(60)},
                    {FROM.plusSeconds(1200), "EXPIRED", FROM.plusSeconds(1500)},
                    {FROM.plusSeconds(1800), "CANCELLED", FROM.plusSeconds(1900)},
                    {FROM.minusSeconds(600), "EXPIRED", FROM.minusSeconds(300)}};
                for (int i = 0; i < rows.length; i++) {
                    ids[i] = UUID.randomUUID();
                    Instant created = (Instant) rows[i][0];
                    ps.setObject(1, ids[i]);
                    ps.setTimestamp(2, Timestamp.from(created));
                    ps.setString(3, SYMBOL);
                    ps.setTimestamp(4, Timestamp.from(created));
                    ps.setTimestamp(5, Timestamp.from(created.plusSeconds(300)));
                    ps.setString(6, (String) rows[i][1]);
                    ps.setTimestamp(7, rows[i][2] == null ? null : Timestamp.from((Instant) rows[i][2]));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            // deliveries in the window: two accounts for the first signal (FILLED, REJECTED), one unacked
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO signal_deliveries (signal_id, account_id, signal_seq, "
                    + "status, first_delivered_at, claimed_at, lease_until, acked_at) "
                    + "VALUES (?, ?, (SELECT seq FROM signals WHERE id = ?), ?, ?, ?, ?, ?)")) {
                Object[][] rows = {{ids[0], "rpt-1", "FILLED", true}, {ids[0], "rpt-2", "REJECTED", true},
                    {ids[1], "rpt-1", "CLAIMED", false}};
                for (Object[] row : rows) {
                    Instant at = FROM.plusSeconds(700);
                    ps.setObject(1, row[0]);
                    ps.setString(2, (String) row[1]);
                    ps.setObject(3, row[0]);
                    ps.setString(4, (String) row[2]);
                    ps.setTimestamp(5, Timestamp.from(at));
                    ps.setTimestamp(6, Timestamp.from(at));
                    ps.setTimestamp(7, Timestamp.from(at.plusSeconds(60)));
                    ps.setTimestamp(8, (Boolean) row[3] ? Timestamp.from(at.plusSeconds(2)) : null);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO model_signals (symbol, timeframe, ts, model_version, "
                    + "prob_up, threshold, label, shadow, created_at) VALUES (?, 'M1', ?, 'rpt-model', 0.6, 0.55, 1, false, ?)")) {
                for (int i = 0; i < 4; i++) {
                    ps.setString(1, SYMBOL);
                    ps.setTimestamp(2, Timestamp.from(FROM.plusSeconds(60L * i)));
                    ps.setTimestamp(3, Timestamp.from(FROM.plusSeconds(60L * i + 5)));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ml_jobs (request, status, error, created_at, "
                    + "finished_at) VALUES ('{}'::jsonb, 'failed', ?, ?, ?)")) {
                ps.setString(1, "report test: too few samples");
                ps.setTimestamp(2, Timestamp.from(FROM.plusSeconds(100)));
                ps.setTimestamp(3, Timestamp.from(FROM.plusSeconds(200)));
                ps.executeUpdate();
            }
        }
        seeded = true;
    }

    @Test
    void theNumbersAreTheSeededOnes() throws Exception {
        Path status = Files.writeString(dir.resolve("backup.status"), """
                result=success
                finished_at=2021-03-03T04:00:09Z
                file=/backups/mt5db-20210303T040001Z.dump
                bytes=4096
                backups_kept=14
                offsite=ok
                offsite_target=backup@vault:/srv
                """);
        DailyReport r;
        try (Connection c = dataSource.getConnection()) {
            // an active model only for this report: inference and model tests must not meet it
            try {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO ml_models (version, symbol, timeframe, status, "
                        + "activated_at, model_bytes, manifest) VALUES ('rpt-model', ?, 'M1', 'active', ?, '\\x00'::bytea, ?::jsonb)")) {
                    ps.setString(1, SYMBOL);
                    ps.setTimestamp(2, Timestamp.from(FROM));
                    ps.setString(3, """
                            {"metrics":{"model":{"samples":1500,"accuracy":0.54},"majority":{"accuracy":0.51},
                             "persistence":{"accuracy":0.5}},"beats_baselines":true,"verdict":"beats both baselines by 0.030"}""");
                    ps.executeUpdate();
                }
                r = reports.build(new ReportRequest(FROM, TO, status, null, ReportFindings.Thresholds.DEFAULT));
            } finally {
                exec(c, "DELETE FROM ml_models WHERE version = 'rpt-model'");
            }
        }

        DailyReport.SymbolIngest seeded = r.ingest().stream().filter(s -> s.symbol().equals(SYMBOL)).findFirst().orElseThrow();
        assertEquals(116, seeded.m1Bars(), "120 minutes without 4");
        assertEquals(59, seeded.m1BarsFromTicks());
        assertEquals(57 + 1, seeded.barsFromEa(), "57 M1 bars and the H1 bar");
        assertEquals(5, seeded.ticks(), "the tick before the window and the one at its end are outside");
        assertEquals(TO.minusSeconds(60), seeded.lastBar());
        assertEquals(TO, seeded.lastTick());
        DailyReport.SymbolIngest silent = r.ingest().stream().filter(s -> s.symbol().equals(SILENT)).findFirst().orElseThrow();
        assertEquals(0, silent.m1Bars() + silent.barsFromEa() + silent.ticks());

        DailyReport.SeriesGaps gaps = r.gaps().stream().filter(g -> g.symbol().equals(SYMBOL)).findFirst().orElseThrow();
        assertEquals(120, gaps.expectedBars());
        assertEquals(116, gaps.presentBars());
        assertEquals(4, gaps.missingBars());
        assertEquals(2, gaps.gapCount());
        assertEquals(3, gaps.longestMissing());
        assertEquals(FROM.plusSeconds(30 * 60), gaps.longestFrom());
        assertTrue(r.gaps().stream().noneMatch(g -> g.symbol().equals(SILENT)), "no M1 series, no gaps");

        Set<String> jobs = r.jobs().stream().map(DailyReport.JobLag::job).collect(Collectors.toSet());
        assertTrue(jobs.containsAll(Set.of("aggregator", "rollup", "indicators", "tick-retention", "signal-expiry",
                "signal-retention")), jobs.toString());

        DailyReport.SignalActivity s = r.signals();
        assertEquals(3, s.created());
        assertEquals(3, s.delivered());
        assertEquals(2, s.acked());
        assertEquals(Map.of("FILLED", 1L, "REJECTED", 1L), s.ackedByStatus());
        assertEquals(1, s.expired());
        assertEquals(1, s.cancelled());
        assertEquals(4, s.modelPredictions());

        DailyReport.ModelSummary model = r.models().stream().filter(m -> m.version().equals("rpt-model")).findFirst()
                .orElseThrow();
        assertEquals(0.54, model.accuracy());
        assertEquals(0.51, model.majorityAccuracy());
        assertEquals(1500L, model.testSamples());

        assertEquals(List.of("report test: too few samples"), r.errors().failedTrainingJobs().stream()
                .map(DailyReport.FailedJob::error).toList());
        assertEquals(1, r.errors().rejectedDeliveries());
        assertEquals("ok", r.backup().offsite());

        List<String> findings = ReportFindings.of(r, ReportFindings.Thresholds.DEFAULT);
        assertTrue(findings.contains(SILENT + ": nothing ingested in the window (last bar never)"), findings.toString());
        assertTrue(findings.contains(SYMBOL + " M1: 4 missing bars in 2 gap(s), longest 3 from 2021-03-03T10:30:00Z"),
                findings.toString());
        assertTrue(findings.contains("model rpt-model (" + SYMBOL + " M1): test accuracy 0.540 is under 0.55"),
                findings.toString());
        assertTrue(findings.contains("1 signal deliveries were rejected by the terminals"), findings.toString());
    }

    @Test
    void serverCountersComeFromARunningServersMetrics() throws Exception {
        URI metrics = URI.create("http://127.0.0.1:" + RestAssured.port + "/metrics");
        DailyReport r = reports.build(new ReportRequest(FROM, TO, dir.resolve("none"), metrics,
                ReportFindings.Thresholds.DEFAULT));
        assertNull(r.errors().server().unavailableReason());
        assertNotNull(r.errors().server().uptimeSeconds());
        assertEquals(false, r.backup().found());
        DailyReport down = reports.build(new ReportRequest(FROM, TO, dir.resolve("none"),
                URI.create("http://127.0.0.1:1/metrics"), ReportFindings.Thresholds.DEFAULT));
        assertNotNull(down.errors().server().unavailableReason());
    }

    @Test
    void deliveredToAFileAndByMail() throws Exception {
        mailbox.clear();
        Path out = dir.resolve("reports/last.json");
        ReportRequest request = new ReportRequest(FROM, TO, dir.resolve("none"), null, ReportFindings.Thresholds.DEFAULT);
        application.deliver(new ReportCommand.Pending(request, "json", out, List.of("ops@example.com", "oncall@example.com")),
                reports.build(request));

        JsonNode json = new ObjectMapper().readTree(out.toFile());
        JsonNode seeded = null;
        for (JsonNode s : json.path("ingest")) {
            if (s.path("symbol").asText().equals(SYMBOL)) {
                seeded = s;
            }
        }
        assertNotNull(seeded, json.toString());
        assertEquals(116, seeded.path("m1_bars").asLong());
        assertEquals(3, json.at("/signals/created").asLong());

        List<Mail> mails = mailbox.getMailsSentTo("ops@example.com");
        assertEquals(1, mails.size());
        assertEquals(1, mailbox.getMailsSentTo("oncall@example.com").size());
        Mail mail = mails.get(0);
        assertTrue(mail.getSubject().startsWith("MT5 Trading DB report 2021-03-03T10:00:00Z .. 2021-03-03T12:00:00Z: "),
                mail.getSubject());
        assertTrue(mail.getText().contains(SYMBOL + " M1: 4 missing bars"), mail.getText());
        assertTrue(mail.getText().contains("created 3, delivered 3, acked 2 {FILLED=1, REJECTED=1}"), mail.getText());
        MailMessage message = mailbox.getMailMessagesSentTo("ops@example.com").get(0);
        assertEquals("mt5db-report.json", message.getAttachment().get(0).getName());
        JsonNode attached = new ObjectMapper().readTree(message.getAttachment().get(0).getData().getBytes());
        assertEquals(json.path("signals"), attached.path("signals"));
    }

    private static void candle(PreparedStatement ps, String timeframe, Instant ts, String source) throws Exception {
        ps.setString(1, SYMBOL);
        ps.setString(2, timeframe);
        ps.setTimestamp(3, Timestamp.from(ts));
        ps.setString(4, source);
        ps.addBatch();
    }

    private static void exec(Connection c, String sql) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.executeUpdate();
        }
    }
}
