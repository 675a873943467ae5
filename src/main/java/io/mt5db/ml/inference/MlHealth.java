package io.mt5db.ml.inference;

import io.mt5db.common.HealthChecks;
import io.mt5db.ml.MlConfig;
import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * /health: the inference job's lag (degraded beyond mt5db.ml.max-healthy-lag) and the training queue
 * (queued and running jobs, the oldest queued job's age: a queue that only grows means no ml process
 * is running). Read from the database, so every role reports it.
 */
final class MlHealth {

    private MlHealth() {
    }

    @HealthGroup(HealthChecks.GROUP)
    @ApplicationScoped
    static class InferenceLag implements HealthCheck {
        @Inject
        DataSource dataSource;

        @Inject
        InferenceJob inference;

        @Inject
        MlConfig config;

        @Override
        public HealthCheckResponse call() {
            Optional<Duration> lag;
            try (Connection c = dataSource.getConnection()) {
                lag = inference.lag(c);
            } catch (SQLException e) {
                return HealthChecks.unknown(InferenceJob.NAME);
            }
            return HealthChecks.lag(InferenceJob.NAME, lag, config.maxHealthyLag(), config.enabled());
        }
    }

    /** Informative only: a long queue shows in its figures, it does not make the service degraded. */
    @HealthGroup(HealthChecks.GROUP)
    @ApplicationScoped
    static class TrainingQueue implements HealthCheck {
        static final String NAME = "ml_training";

        @Inject
        DataSource dataSource;

        @Inject
        MlConfig config;

        @Override
        public HealthCheckResponse call() {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement("SELECT count(*) FILTER (WHERE status = 'queued'),"
                            + " count(*) FILTER (WHERE status = 'running'),"
                            + " extract(epoch FROM now() - min(created_at) FILTER (WHERE status = 'queued'))"
                            + " FROM ml_jobs WHERE status IN ('queued', 'running')");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                Map<String, Object> training = new LinkedHashMap<>();
                training.put(HealthChecks.STATUS, "up");
                training.put("queued", rs.getLong(1));
                training.put("running", rs.getLong(2));
                double oldest = rs.getDouble(3);
                training.put("oldest_queued_seconds", rs.wasNull() ? 0.0 : oldest);
                training.put("enabled_here", config.enabled());
                return HealthChecks.response(NAME, true, training);
            } catch (SQLException e) {
                return HealthChecks.unknown(NAME);
            }
        }
    }
}
