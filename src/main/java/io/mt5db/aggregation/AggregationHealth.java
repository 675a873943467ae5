package io.mt5db.aggregation;

import io.mt5db.common.HealthChecks;
import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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
    @ApplicationScoped
    static class TickAggregatorLag implements HealthCheck {
        @Inject
        DataSource dataSource;

        @Inject
        AggregationConfig config;

        @Override
        public HealthCheckResponse call() {
            return lagCheck(dataSource, config, TickAggregatorJob.NAME, Marks.TICK_TABLE);
        }
    }

    @HealthGroup(HealthChecks.GROUP)
    @ApplicationScoped
    static class RollupLag implements HealthCheck {
        @Inject
        DataSource dataSource;

        @Inject
        AggregationConfig config;

        @Override
        public HealthCheckResponse call() {
            return lagCheck(dataSource, config, RollupJob.NAME, Marks.ROLLUP_TABLE);
        }
    }

    private static HealthCheckResponse lagCheck(DataSource dataSource, AggregationConfig config, String job,
            String queue) {
        Optional<Duration> lag;
        try (Connection c = dataSource.getConnection()) {
            lag = Marks.lag(c, queue);
        } catch (SQLException e) {
            return HealthChecks.unknown(job);
        }
        return HealthChecks.lag(job, lag, config.maxHealthyLag(), config.enabled());
    }
}
