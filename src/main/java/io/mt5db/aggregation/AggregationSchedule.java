package io.mt5db.aggregation;

import io.mt5db.jobs.JobRunner;
import io.mt5db.jobs.PartitionedJob;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import io.mt5db.market.CandleCounts;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
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

    private ExecutorService workers;

    @PostConstruct
    void startWorkers() {
        AtomicInteger number = new AtomicInteger();
        workers = Executors.newFixedThreadPool(Math.max(1, config.workers()), r -> {
            Thread t = new Thread(r, "aggregation-worker-" + number.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @PreDestroy
    void stopWorkers() {
        workers.shutdownNow();
    }

    /** One aggregation cycle, returning when it is done (tests and tools call it directly). */
    public void runCycle() {
        runOnEveryWorker(aggregator);
        runOnEveryWorker(rollups);
        try (Connection c = dataSource.getConnection()) {
            CandleCounts.fold(c);
        } catch (SQLException e) {
            LOG.warnf("candle count fold failed (retried next cycle): %s", e.getMessage());
        }
    }

    /** Every worker runs the job at once; the per-symbol locks split the symbols between them. */
    private void runOnEveryWorker(PartitionedJob job) {
        List<Future<JobRunner.RunResult>> runs = new ArrayList<>();
        for (int i = 0; i < Math.max(1, config.workers()); i++) {
            runs.add(workers.submit(() -> runner.runOnce(job, config.runBudget())));
        }
        for (Future<JobRunner.RunResult> run : runs) {
            try {
                run.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                LOG.warnf("%s worker failed: %s", job.name(), e.getCause());
            }
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
