package io.mt5db.cli.report;

import io.mt5db.common.Timeframe;
import io.mt5db.jobs.PartitionedJob;
import io.mt5db.market.GapFinder;
import io.mt5db.market.GapService;
import io.mt5db.ml.registry.ModelInfo;
import io.mt5db.ml.registry.ModelRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Gathers a report from the database (through the same services as GET /gaps, /stats and /ml/models),
 * the backup script's status file and, when asked, a running server's /metrics.
 */
@ApplicationScoped
public class ReportService {

    /** A page of GapService; a window of at most 31 days holds fewer M1 gaps than this many pages' worth. */
    static final int GAPS_PER_PAGE = 10_000;

    @Inject
    DataSource dataSource;

    @Inject
    ReportRepository repository;

    @Inject
    GapService gapService;

    @Inject
    ModelRegistry models;

    @Inject
    Instance<PartitionedJob> jobs;

    public DailyReport build(ReportRequest request) throws SQLException, IOException {
        Instant from = request.from();
        Instant to = request.to();
        List<DailyReport.SymbolIngest> ingest = new ArrayList<>();
        List<DailyReport.SeriesGaps> gaps = new ArrayList<>();
        List<DailyReport.JobLag> lags = new ArrayList<>();
        DailyReport.SignalActivity signals;
        List<DailyReport.FailedJob> failed;
        try (Connection c = dataSource.getConnection()) {
            for (String symbol : repository.symbols(c)) {
                ingest.add(repository.ingest(c, symbol, from, to));
                if (repository.hasM1Before(c, symbol, to)) {
                    gaps.add(gaps(symbol, from, to));
                }
            }
            for (PartitionedJob job : jobs) {
                Optional<Duration> lag = job.lag(c);
                lags.add(new DailyReport.JobLag(job.name(), lag.map(d -> d.toMillis() / 1000.0).orElse(null)));
            }
            signals = repository.signals(c, from, to);
            failed = repository.failedTrainingJobs(c, from, to);
        }
        lags.sort(Comparator.comparing(DailyReport.JobLag::job));
        List<DailyReport.ModelSummary> active = new ArrayList<>();
        for (ModelInfo m : models.list(null, null, "active", 1000)) {
            active.add(DailyReport.ModelSummary.of(m.version(), m.symbol(), m.timeframe(), m.activatedAt(), m.manifest()));
        }
        long rejected = signals.ackedByStatus().getOrDefault("REJECTED", 0L);
        DailyReport.ServerCounters server = request.metricsUrl() == null ? null : serverCounters(request);
        return new DailyReport(Instant.now(), from, to, ingest, gaps, lags, signals, active,
                backupStatus(request), new DailyReport.Errors(failed, rejected, server));
    }

    /** The M1 gaps of the window, all pages of GapService added up. */
    private DailyReport.SeriesGaps gaps(String symbol, Instant from, Instant to) throws SQLException {
        long expected = 0;
        long present = 0;
        long missing = 0;
        int count = 0;
        GapFinder.Gap longest = null;
        Instant pageFrom = from;
        while (true) {
            GapService.GapsReport page = gapService.gaps(symbol, Timeframe.M1, pageFrom, to, GAPS_PER_PAGE);
            expected += page.expectedBars();
            present += page.presentBars();
            missing += page.missingBars();
            count += page.items().size();
            for (GapFinder.Gap g : page.items()) {
                if (longest == null || g.missingBars() > longest.missingBars()) {
                    longest = g;
                }
            }
            if (page.nextCursor() == null) {
                break;
            }
            pageFrom = Instant.parse(page.nextCursor());
        }
        return new DailyReport.SeriesGaps(symbol, Timeframe.M1.name(), expected, present, missing, count,
                longest == null ? null : longest.from(), longest == null ? null : longest.to(),
                longest == null ? 0 : longest.missingBars());
    }

    static BackupStatus backupStatus(ReportRequest request) throws IOException {
        String source = request.backupStatusFile().toString();
        try {
            return BackupStatus.parse(source, Files.readString(request.backupStatusFile(), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return BackupStatus.missing(source);
        }
    }

    static DailyReport.ServerCounters serverCounters(ReportRequest request) {
        String source = request.metricsUrl().toString();
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(request.metricsUrl())
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return DailyReport.ServerCounters.unavailable(source, "HTTP " + response.statusCode());
            }
            return MetricsText.counters(source, response.body());
        } catch (IOException e) {
            return DailyReport.ServerCounters.unavailable(source, e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DailyReport.ServerCounters.unavailable(source, "interrupted");
        }
    }
}
