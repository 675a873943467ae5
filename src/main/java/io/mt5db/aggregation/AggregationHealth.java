package io.mt5db.aggregation;

import io.mt5db.ops.HealthResource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** /health: the aggregator's and roll-ups' lag, read from the queues (so every role reports it). */
@ApplicationScoped
public class AggregationHealth implements HealthResource.Contributor {

    @Inject
    DataSource dataSource;

    @Inject
    AggregationConfig config;

    @Override
    public boolean contribute(Map<String, Object> checks) {
        boolean healthy = true;
        try (Connection c = dataSource.getConnection()) {
            healthy &= add(checks, TickAggregatorJob.NAME, Marks.lag(c, Marks.TICK_TABLE));
            healthy &= add(checks, RollupJob.NAME, Marks.lag(c, Marks.ROLLUP_TABLE));
        } catch (SQLException e) {
            checks.put("aggregation", Map.of("status", "unknown"));
            return false;
        }
        return healthy;
    }

    private boolean add(Map<String, Object> checks, String job, Optional<Duration> lag) {
        double seconds = lag.map(d -> d.toMillis() / 1000.0).orElse(0.0);
        boolean ok = lag.isEmpty() || lag.get().compareTo(config.maxHealthyLag()) <= 0;
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("status", ok ? "up" : "lagging");
        check.put("lag_seconds", seconds);
        check.put("enabled_here", config.enabled());
        checks.put(job, check);
        return ok;
    }
}
