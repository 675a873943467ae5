package io.mt5db.indicators;

import io.mt5db.indicators.IndicatorWorkQueue.PendingSeries;
import io.mt5db.indicators.math.IndicatorCalculator;
import io.mt5db.jobs.JobRunner;
import io.mt5db.jobs.PartitionedJob;
import io.mt5db.market.SeriesChangeLog;
import io.mt5db.market.SeriesChangeLog.Series;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Keeps {@code indicators} up to date with {@code candles}: every changed (symbol, timeframe) series
 * is recomputed from its change point on, one symbol per partition. On its first run a process also
 * queues every series computed under another convention than the configured one, for a full
 * recompute, so that no series mixes conventions.
 */
@ApplicationScoped
public class IndicatorJob implements PartitionedJob {

    public static final String NAME = "indicators";
    private static final Logger LOG = Logger.getLogger(IndicatorJob.class);

    @Inject
    IndicatorConfig config;

    @Inject
    JobRunner runner;

    @Inject
    IndicatorWorkQueue queue;

    @Inject
    SeriesRecomputer recomputer;

    @Inject
    IndicatorStateRepository states;

    private final AtomicBoolean conventionChecked = new AtomicBoolean();
    private final java.util.Set<Series> poisonLogged = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Scheduled(identity = "indicators", every = "${mt5db.indicators.interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Disabled.class)
    void scheduled() {
        runOnce();
    }

    /** One run over every pending series (what the scheduler calls; tests call it directly). */
    public JobRunner.RunResult runOnce() {
        return runner.runOnce(this, config.runBudget());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> pendingPartitions(Connection connection) throws SQLException {
        if (!conventionChecked.get()) {
            queueSeriesOfOtherConvention(connection);
            conventionChecked.set(true);
        }
        return queue.symbols(connection);
    }

    /**
     * Marks every series whose checkpoints stem from another convention than the configured one;
     * having no checkpoint of the configured convention, each is then recomputed from its first bar.
     */
    public int queueSeriesOfOtherConvention(Connection connection) throws SQLException {
        Map<Series, Instant> otherConvention = states.seriesOfOtherConvention(connection, config.convention());
        SeriesChangeLog.mark(connection, otherConvention);
        if (!otherConvention.isEmpty()) {
            LOG.infof("indicator convention is %s: %d series computed under another one queued for a full recompute",
                    config.convention(), otherConvention.size());
        }
        return otherConvention.size();
    }

    /**
     * Recomputes the symbol's changed series until {@code chunk-bars} bars are read. A series that fails
     * is rolled back to its savepoint, counted as skipped and left queued, so it never blocks the others.
     */
    @Override
    public ChunkResult processChunk(Connection transaction, String symbol) throws SQLException {
        queue.moveMarks(symbol);
        // Indicators are derived data, and their work row is consumed in the same transaction: a commit
        // lost in a crash loses both together and the series is simply computed again.
        try (Statement statement = transaction.createStatement()) {
            statement.execute("SET LOCAL synchronous_commit = off");
        }
        IndicatorCalculator calculator = new IndicatorCalculator(config.convention());
        CheckpointPolicy policy = new CheckpointPolicy(config.checkpointInterval());
        int budget = config.chunkBars();
        int processed = 0;
        int skipped = 0;
        boolean more = false;
        for (PendingSeries pending : queue.pending(transaction, symbol)) {
            if (budget <= 0) {
                return new ChunkResult(processed, skipped, true);
            }
            if (pending.poison()) {
                // Counted on every pass that meets it, logged once per series.
                skipped++;
                if (poisonLogged.add(pending.series())) {
                    LOG.warnf("indicators: %s %s has a row before %s or at infinity (a poison row); skipped, the"
                            + " series is computed from its first processable bar. DELETE /candles?symbol=%s&timeframe=%s"
                            + "&poison=true removes it (logged once per series)", symbol, pending.series().timeframe(),
                            io.mt5db.common.TimeBounds.EARLIEST, symbol, pending.series().timeframe());
                }
            }
            Savepoint savepoint = transaction.setSavepoint();
            try {
                SeriesRecomputer.Outcome outcome = recomputer.recompute(transaction, pending, calculator, policy, budget);
                transaction.releaseSavepoint(savepoint);
                budget -= Math.max(1, outcome.barsRead());
                processed += outcome.barsRead() - outcome.badBars();
                skipped += outcome.badBars();
                more |= !outcome.finished();
                if (outcome.badBars() > 0) {
                    LOG.warnf("indicators: %d bar(s) of %s %s with a non-finite price skipped", outcome.badBars(),
                            symbol, pending.series().timeframe());
                }
            } catch (SQLException | RuntimeException e) {
                transaction.rollback(savepoint);
                skipped++;
                LOG.warnf("indicators: %s %s failed (%s); left queued", symbol, pending.series().timeframe(),
                        e.toString());
            }
        }
        return new ChunkResult(processed, skipped, more);
    }

    @Override
    public Optional<Duration> lag(Connection connection) throws SQLException {
        return queue.oldestAge(connection);
    }

    /** Skips scheduled runs while {@code mt5db.indicators.enabled=false}. */
    @ApplicationScoped
    public static class Disabled implements Scheduled.SkipPredicate {
        @Inject
        IndicatorConfig config;

        @Override
        public boolean test(ScheduledExecution execution) {
            return !config.enabled();
        }
    }
}
