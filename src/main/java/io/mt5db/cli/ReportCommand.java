package io.mt5db.cli;

import io.mt5db.cli.report.ReportFindings;
import io.mt5db.cli.report.ReportRequest;
import io.quarkus.runtime.Quarkus;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code report}: what the last 24 hours looked like, for an operator (deploy/systemd runs it daily). */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Summarises a window (the last 24 hours by default) from the configured database: ingest per "
            + "symbol (M1 bars, bars the EAs posted, ticks), M1 gaps while the market was open, job lags, signals "
            + "created/delivered/acked, the active models' test accuracy beside their baselines, the last backup (the "
            + "status file scripts/backup.sh writes) and errors (failed training jobs, rejected deliveries; with "
            + "--metrics-url the server's refused ingest items and failed job runs since it started). Starts with a "
            + "list of findings: what needs someone's attention.",
            "Writes text or JSON to standard output, to --output, and/or mails it (--mail-to; text body, JSON "
            + "attached; SMTP from QUARKUS_MAILER_HOST, _PORT, _FROM, _USERNAME, _PASSWORD, _START_TLS).",
            "Exit code 0 when the report was written, 2 on a usage, database or mail error.", ""},
        footer = {"", "Examples:", "  java -jar quarkus-run.jar report",
            "  java -jar quarkus-run.jar report --hours 48 --format json --output /var/lib/mt5db/reports/last.json",
            "  java -jar quarkus-run.jar report --mail-to ops@example.com --metrics-url http://127.0.0.1:8000/metrics"})
public final class ReportCommand implements Callable<Integer> {

    /** What ReportApplication runs in Quarkus: one report per process. */
    public record Pending(ReportRequest request, String format, Path output, List<String> mailTo) {
    }

    static final AtomicReference<Pending> PENDING = new AtomicReference<>();

    @Option(names = "--hours", paramLabel = "N", defaultValue = "24",
            description = "Length of the window in hours (1..744). Default: ${DEFAULT-VALUE}.")
    int hours;

    @Option(names = "--until", paramLabel = "UTC",
            description = "End of the window (exclusive), e.g. 2026-12-07T04:00:00Z. Default: now.")
    String until;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
            description = "text or json. Default: ${DEFAULT-VALUE}. A mail always has both.")
    String format;

    @Option(names = "--output", paramLabel = "FILE", description = "Write the report to this file instead of standard output.")
    Path output;

    @Option(names = "--mail-to", paramLabel = "ADDRESS", split = ",",
            description = "Mail the report to these addresses (repeat or separate with commas).")
    List<String> mailTo;

    @Option(names = "--backup-status", paramLabel = "FILE",
            description = "The backup status file. Default: MT5DB_BACKUP_STATUS_FILE, else $MT5DB_BACKUP_DIR/backup.status "
                    + "(MT5DB_BACKUP_DIR defaults to ./backups, as in scripts/backup.sh).")
    Path backupStatus;

    @Option(names = "--metrics-url", paramLabel = "URL",
            description = "A running server's /metrics (e.g. http://127.0.0.1:8000/metrics): its refused ingest items and "
                    + "failed job runs since it started. Default: MT5DB_REPORT_METRICS_URL, else not read.")
    String metricsUrl;

    @Option(names = "--max-job-lag", paramLabel = "DURATION", defaultValue = "PT5M",
            description = "A job further behind is a finding. Default: ${DEFAULT-VALUE}.")
    String maxJobLag;

    @Option(names = "--max-backup-age", paramLabel = "DURATION", defaultValue = "PT26H",
            description = "The last successful backup must be younger. Default: ${DEFAULT-VALUE}.")
    String maxBackupAge;

    @Option(names = "--jdbc-url", paramLabel = "URL", description = "Another PostgreSQL than the configured one, as for import.")
    String jdbcUrl;

    @Override
    public Integer call() throws Exception {
        PENDING.set(pending());
        if (jdbcUrl != null) {
            System.setProperty("quarkus.datasource.jdbc.url", jdbcUrl);
        }
        ImportCommand.commandProfile();
        AtomicInteger exit = new AtomicInteger(2);
        try (AutoCloseable db = Commands.database.open()) {
            Quarkus.run(ReportApplication.class, (code, failure) -> {
                if (failure != null) {
                    System.err.println("report: " + Commands.message(failure));
                }
                exit.set(failure != null ? 2 : code);
            });
        }
        return exit.get();
    }

    Pending pending() {
        if (hours < 1 || hours > 744) {
            throw new IllegalArgumentException("--hours must be 1..744 (31 days), got " + hours);
        }
        if (!format.equals("text") && !format.equals("json")) {
            throw new IllegalArgumentException("--format must be text or json, got '" + format + "'");
        }
        Instant to;
        try {
            to = until == null ? Instant.now().truncatedTo(ChronoUnit.SECONDS) : Instant.parse(until);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--until '" + until + "' is no UTC time such as 2026-12-07T04:00:00Z");
        }
        Duration jobLag = duration("--max-job-lag", maxJobLag);
        Duration backupAge = duration("--max-backup-age", maxBackupAge);
        List<String> recipients = mailTo == null ? List.of() : mailTo.stream().map(String::strip).toList();
        for (String address : recipients) {
            if (!address.matches("[^@\\s,]+@[^@\\s,]+")) {
                throw new IllegalArgumentException("--mail-to '" + address + "' is no e-mail address");
            }
        }
        String metrics = metricsUrl != null ? metricsUrl : System.getenv("MT5DB_REPORT_METRICS_URL");
        URI metricsUri = null;
        if (metrics != null && !metrics.isBlank()) {
            metricsUri = URI.create(metrics.strip());
            if (!"http".equals(metricsUri.getScheme()) && !"https".equals(metricsUri.getScheme())) {
                throw new IllegalArgumentException("--metrics-url must be an http(s) URL, got '" + metrics + "'");
            }
        }
        ReportRequest request = new ReportRequest(to.minus(Duration.ofHours(hours)), to, statusFile(), metricsUri,
                new ReportFindings.Thresholds(jobLag, backupAge, ReportFindings.Thresholds.DEFAULT.minModelAccuracy()));
        return new Pending(request, format, output, recipients);
    }

    /** Parsed here rather than by picocli's reflective java.time converter (native image). */
    private static Duration duration(String option, String value) {
        try {
            Duration d = Duration.parse(value);
            if (d.isNegative()) {
                throw new IllegalArgumentException(option + " must not be negative, got " + value);
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + " '" + value + "' is no ISO-8601 duration such as PT5M or PT26H");
        }
    }

    private Path statusFile() {
        if (backupStatus != null) {
            return backupStatus;
        }
        String file = System.getenv("MT5DB_BACKUP_STATUS_FILE");
        if (file != null && !file.isBlank()) {
            return Path.of(file);
        }
        return Path.of(System.getenv().getOrDefault("MT5DB_BACKUP_DIR", "./backups"), "backup.status");
    }
}
