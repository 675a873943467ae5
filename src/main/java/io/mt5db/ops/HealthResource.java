package io.mt5db.ops;

import io.mt5db.common.HealthChecks;
import io.mt5db.security.PublicEndpoint;
import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The seed's {@code GET /health}: {@code status} healthy, degraded (a job lags) or unhealthy (no
 * database), with the checks behind it: the database, then every SmallRye Health check of the group
 * {@link HealthChecks#GROUP} (a DOWN one makes it degraded). Unhealthy answers 503 so a load balancer
 * takes it out.
 */
@Path("/health")
@PublicEndpoint
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "ops")
public class HealthResource {

    @Inject
    DatabaseProbe probe;

    @Inject
    @HealthGroup(HealthChecks.GROUP)
    Instance<HealthCheck> moduleChecks;

    @io.quarkus.runtime.annotations.RegisterForReflection
    public record HealthReport(String status, Instant timestamp, Map<String, Object> checks) {
    }

    @GET
    @Operation(summary = "Health with checks", description = "healthy | degraded | unhealthy")
    public Response health() {
        Map<String, Object> checks = new LinkedHashMap<>();
        DatabaseProbe.Status db = probe.check();
        Map<String, Object> database = new LinkedHashMap<>();
        database.put("status", db.reachable() ? "up" : "down");
        database.put("migrated", db.migrated());
        database.put("schema_version", db.schemaVersion());
        checks.put("database", database);
        boolean degraded = false;
        if (db.reachable()) {
            for (HealthCheck check : moduleChecks) {
                HealthCheckResponse response = check.call();
                boolean up = response.getStatus() == HealthCheckResponse.Status.UP;
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put(HealthChecks.STATUS, up ? "up" : "down");
                fields.putAll(response.getData().orElse(Map.of()));
                checks.put(response.getName(), fields);
                degraded |= !up;
            }
        }
        String status = !db.reachable() || !db.migrated() ? "unhealthy" : degraded ? "degraded" : "healthy";
        return Response.status("unhealthy".equals(status) ? 503 : 200)
                .entity(new HealthReport(status, Instant.now(), checks)).build();
    }
}
