package io.mt5db.signals.expiry;

import io.mt5db.jobs.JobRunner;
import io.mt5db.signals.SignalsConfig;
import io.mt5db.signals.queue.SignalMetrics;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Runs the signal sweep on the configured interval (mt5db.signals.interval), or on demand: expiry,
 * then retention. Each is a {@link io.mt5db.jobs.PartitionedJob}, so job_runs_total, job_lag_seconds
 * and job_items_total cover them.
 */
@ApplicationScoped
public class SignalExpiry {

    static final Duration BUDGET = Duration.ofSeconds(10);

    @Inject
    JobRunner runner;

    @Inject
    SignalExpiryJob job;

    @Inject
    SignalRetentionJob retention;

    @Inject
    SignalMetrics metrics;

    @Scheduled(identity = "signal-sweep", every = "${mt5db.signals.interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Disabled.class)
    void scheduled() {
        sweep();
    }

    /** One full sweep; answers how many signals it expired. */
    public long sweep() {
        JobRunner.RunResult result = runner.runOnce(job, BUDGET);
        metrics.expired(result.processed());
        runner.runOnce(retention, BUDGET);
        return result.processed();
    }

    /** Skips the scheduled sweep when mt5db.signals.enabled is false. */
    @Singleton
    public static class Disabled implements Scheduled.SkipPredicate {

        @Inject
        SignalsConfig config;

        @Override
        public boolean test(ScheduledExecution execution) {
            return !config.enabled();
        }
    }
}
