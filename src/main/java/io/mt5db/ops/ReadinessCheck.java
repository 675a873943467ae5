package io.mt5db.ops;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready = the database answers and every migration has been applied. */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

    @Inject
    DatabaseProbe probe;

    @Override
    public HealthCheckResponse call() {
        DatabaseProbe.Status status = probe.check();
        return HealthCheckResponse.named("database")
                .status(status.reachable() && status.migrated())
                .withData("reachable", status.reachable())
                .withData("migrated", status.migrated())
                .withData("schema_version", status.schemaVersion() == null ? "" : status.schemaVersion())
                .build();
    }
}
