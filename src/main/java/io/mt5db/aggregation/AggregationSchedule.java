package io.mt5db.aggregation;

import io.mt5db.jobs.JobRunner;
import io.mt5db.market.CandleCounts;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Runs the aggregation module's jobs when {@code mt5db.aggregation.enabled} (off in the api role):
 * every interval ticks → M1, then roll-ups (so a tick reaches every timeframe within one cycle),
 * then the candle count fold; tick retention on its own slower interval.
 */
@ApplicationScoped
public class AggregationSchedule {

    private static final Logger LOG = Logger.getLogger(AggregationSchedule.class);

    @Inject
    JobRunner runner;

    @Inject
    TickAggregatorJob aggregator;

    @Inject
    RollupJob rollups;

    @Inject
    TickRetentionJob retention;

    @Inject
    AggregationConfig config;

    @Inject
    DataSource dataSource;

    @Scheduled(identity = "aggregation", every = "${mt5db.aggregation.interval:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Disabled.class)
    void scheduledCycle() {
        runCycle();
    }

    @Scheduled(identity = "tick-retention", every = "${mt5db.aggregation.retention-interval:60s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Disabled.class)
    void scheduledRetention() {
        runRetention();
    }

    /** One aggregation cycle on this thread (tests and tools call it directly). */
    public void runCycle() {
        runner.runOnce(aggregator, config.runBudget());
        runner.runOnce(rollups, config.runBudget());
        try (Connection c = dataSource.getConnection()) {
            CandleCounts.fold(c);
        } catch (SQLException e) {
            LOG.warnf("candle count fold failed (retried next cycle): %s", e.getMessage());
        }
    }

    public JobRunner.RunResult runRetention() {
        return runner.runOnce(retention, config.runBudget());
    }

    /** Skips the scheduled runs on a process whose role does not aggregate. */
    @ApplicationScoped
    public static class Disabled implements Scheduled.SkipPredicate {

        @Inject
        AggregationConfig config;

        @Override
        public boolean test(ScheduledExecution execution) {
            return !config.enabled();
        }
    }
}
