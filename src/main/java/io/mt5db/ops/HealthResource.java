package io.mt5db.ops;

import io.mt5db.security.PublicEndpoint;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The seed's {@code GET /health}: {@code status} healthy, degraded (a job lags) or unhealthy (no
 * database), with the checks behind it. Unhealthy answers 503 so a load balancer takes it out.
 */
@Path("/health")
@PublicEndpoint
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "ops")
public class HealthResource {

    /** A module that contributes a check (a job's lag, say) to /health. */
    public interface Contributor {
        /** Adds its checks; answers false when they make the service degraded. */
        boolean contribute(Map<String, Object> checks);
    }

    @Inject
    DatabaseProbe probe;

    @Inject
    Instance<Contributor> contributors;

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
            for (Contributor contributor : contributors) {
                degraded |= !contributor.contribute(checks);
            }
        }
        String status = !db.reachable() || !db.migrated() ? "unhealthy" : degraded ? "degraded" : "healthy";
        return Response.status("unhealthy".equals(status) ? 503 : 200)
                .entity(new HealthReport(status, Instant.now(), checks)).build();
    }
}
