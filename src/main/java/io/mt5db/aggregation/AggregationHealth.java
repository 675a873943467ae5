package io.mt5db.aggregation;

import io.mt5db.common.HealthChecks;
import io.smallrye.health.api.HealthGroup;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/** /health: the aggregator's and roll-ups' lag, read from the queues (so every role reports it). */
final class AggregationHealth {

    private AggregationHealth() {
    }

    @HealthGroup(HealthChecks.GROUP)
    @Singleton
    static class TickAggregatorLag extends QueueLag {
        TickAggregatorLag() {
            super(TickAggregatorJob.NAME, Marks.TICK_TABLE);
        }
    }

    @HealthGroup(HealthChecks.GROUP)
    @Singleton
    static class RollupLag extends QueueLag {
        RollupLag() {
            super(RollupJob.NAME, Marks.ROLLUP_TABLE);
        }
    }

    /** A job's lag: the age of the oldest mark in its queue. */
    abstract static class QueueLag implements HealthCheck {
        private final String job;
        private final String queue;

        @Inject
        DataSource dataSource;

        @Inject
        AggregationConfig config;

        QueueLag(String job, String queue) {
            this.job = job;
            this.queue = queue;
        }

        @Override
        public HealthCheckResponse call() {
            Optional<Duration> lag;
            try (Connection c = dataSource.getConnection()) {
                lag = Marks.lag(c, queue);
            } catch (SQLException e) {
                return HealthChecks.unknown(job);
            }
            return HealthChecks.lag(job, lag, config.maxHealthyLag(), config.enabled());
        }
    }
}
