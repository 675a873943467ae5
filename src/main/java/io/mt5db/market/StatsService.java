package io.mt5db.market;

import io.mt5db.jobs.PartitionedJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * /stats without scanning anything large: candle totals from the maintained counts, the tick total
 * as PostgreSQL's live-row estimate, the last ingest from /clients' records, and each job's lag from
 * its queue (so every role can answer).
 */
@ApplicationScoped
public class StatsService {

    /** Live rows of the ticks table and, with TimescaleDB, of its chunks; maintained by PostgreSQL's statistics. */
    private static final String TICKS_ESTIMATE = """
            SELECT coalesce(sum(n_live_tup), 0)::bigint FROM pg_stat_user_tables
             WHERE relid = 'ticks'::regclass
                OR relid IN (SELECT inhrelid FROM pg_inherits WHERE inhparent = 'ticks'::regclass)
            """;

    public record SeriesCount(String symbol, String timeframe, long count) {
    }

    public record JobLag(String job, Double lagSeconds, boolean pending) {
    }

    public record Ticks(long estimate, String method) {
    }

    public record Stats(Instant generatedAt, long candlesTotal, List<SeriesCount> series, Ticks ticks,
            Instant lastReceivedAt, List<JobLag> jobs) {
    }

    @Inject
    DataSource dataSource;

    @Inject
    ClientRepository clients;

    @Inject
    ClientActivity activity;

    @Inject
    Instance<PartitionedJob> jobs;

    public Stats stats() throws SQLException {
        activity.flush();
        List<SeriesCount> series = new ArrayList<>();
        long total = 0;
        List<JobLag> lags = new ArrayList<>();
        long ticks;
        try (Connection c = dataSource.getConnection()) {
            for (Map.Entry<SeriesChangeLog.Series, Long> e : CandleCounts.current(c, null).entrySet()) {
                series.add(new SeriesCount(e.getKey().symbol(), e.getKey().timeframe(), e.getValue()));
                total += e.getValue();
            }
            try (PreparedStatement ps = c.prepareStatement(TICKS_ESTIMATE); ResultSet rs = ps.executeQuery()) {
                rs.next();
                ticks = rs.getLong(1);
            }
            for (PartitionedJob job : jobs) {
                Optional<Duration> lag = job.lag(c);
                lags.add(new JobLag(job.name(), lag.map(d -> d.toMillis() / 1000.0).orElse(0.0), lag.isPresent()));
            }
        }
        series.sort(Comparator.comparing(SeriesCount::symbol)
                .thenComparing(s -> io.mt5db.common.Timeframe.valueOf(s.timeframe())));
        lags.sort(Comparator.comparing(JobLag::job));
        return new Stats(Instant.now(), total, series, new Ticks(ticks, "estimate: pg_stat_user_tables.n_live_tup"),
                clients.lastIngest().orElse(null), lags);
    }
}
