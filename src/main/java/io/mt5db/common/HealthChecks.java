package io.mt5db.common;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * The checks {@code GET /health} shows beside the database: a module adds one as a SmallRye Health
 * {@code HealthCheck} bean qualified {@code @HealthGroup(HealthChecks.GROUP)}, so it needs nothing
 * from {@code ops}. DOWN makes the service degraded. Its data become the check's fields; a
 * {@value #STATUS} entry names the state in /health's own words (up, lagging, unknown), else UP and
 * DOWN read "up" and "down". The group stays out of /q/health/ready: a lagging job is no reason to
 * take a process out of a load balancer.
 */
public final class HealthChecks {

    /** The SmallRye Health group whose checks /health shows. */
    public static final String GROUP = "mt5db";

    /** The data entry that carries a check's state as /health shows it. */
    public static final String STATUS = "status";

    private HealthChecks() {
    }

    /** A job's lag: UP ("up") within {@code maxHealthy} or when nothing waits, else DOWN ("lagging"). */
    public static HealthCheckResponse lag(String job, Optional<Duration> lag, Duration maxHealthy, boolean enabledHere) {
        boolean ok = lag.isEmpty() || lag.get().compareTo(maxHealthy) <= 0;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put(STATUS, ok ? "up" : "lagging");
        data.put("lag_seconds", lag.map(d -> d.toMillis() / 1000.0).orElse(0.0));
        data.put("enabled_here", enabledHere);
        return response(job, ok, data);
    }

    /** A check that could not be read (the database failed under it): DOWN, "unknown". */
    public static HealthCheckResponse unknown(String name) {
        return response(name, false, Map.of(STATUS, "unknown"));
    }

    /** A check with these fields, UP or DOWN; {@code data} may carry numbers of any kind. */
    public static HealthCheckResponse response(String name, boolean up, Map<String, Object> data) {
        return new HealthCheckResponse(name, up ? HealthCheckResponse.Status.UP : HealthCheckResponse.Status.DOWN,
                Optional.of(data));
    }
}
