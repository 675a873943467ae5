package io.mt5db.ml.inference;

import io.mt5db.ml.MlConfig;
import io.mt5db.ops.HealthResource;
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

/**
 * /health: the inference job's lag (degraded beyond mt5db.ml.max-healthy-lag) and the training queue
 * (queued and running jobs, the oldest queued job's age: a queue that only grows means no ml process
 * is running). Read from the database, so every role reports it.
 */
@ApplicationScoped
public class MlHealth implements HealthResource.Contributor {

    @Inject
    DataSource dataSource;

    @Inject
    InferenceJob inference;

    @Inject
    MlConfig config;

    @Override
    public boolean contribute(Map<String, Object> checks) {
        try (Connection c = dataSource.getConnection()) {
            Optional<Duration> lag = inference.lag(c);
            boolean ok = lag.isEmpty() || lag.get().compareTo(config.maxHealthyLag()) <= 0;
            Map<String, Object> check = new LinkedHashMap<>();
            check.put("status", ok ? "up" : "lagging");
            check.put("lag_seconds", lag.map(d -> d.toMillis() / 1000.0).orElse(0.0));
            check.put("enabled_here", config.enabled());
            checks.put(InferenceJob.NAME, check);
            Map<String, Object> training = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FILTER (WHERE status = 'queued'),"
                    + " count(*) FILTER (WHERE status = 'running'),"
                    + " extract(epoch FROM now() - min(created_at) FILTER (WHERE status = 'queued'))"
                    + " FROM ml_jobs WHERE status IN ('queued', 'running')");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                training.put("status", "up");
                training.put("queued", rs.getLong(1));
                training.put("running", rs.getLong(2));
                double oldest = rs.getDouble(3);
                training.put("oldest_queued_seconds", rs.wasNull() ? 0.0 : oldest);
                training.put("enabled_here", config.enabled());
            }
            checks.put("ml_training", training);
            return ok;
        } catch (SQLException e) {
            checks.put(InferenceJob.NAME, Map.of("status", "unknown"));
            return false;
        }
    }
}
