package io.mt5db.ops;

import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.mt5db.security.ApiKeyFilter;
import io.mt5db.security.PublicEndpoint;
import io.mt5db.security.Scope;
import io.mt5db.security.SecurityConfig;
import io.mt5db.common.ApiException;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Prometheus text at /metrics and the old system's /prometheus (Quarkus serves /q/metrics too). */
@Path("/")
@PublicEndpoint
@Tag(name = "ops")
public class MetricsResource {

    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    @Inject
    PrometheusMeterRegistry registry;

    @Inject
    SecurityConfig security;

    @Inject
    ApiKeyFilter keys;

    @GET
    @Path("metrics")
    @Produces(PROMETHEUS_TEXT)
    @Operation(summary = "Prometheus metrics", description = "Public unless MT5DB_METRICS_PUBLIC=false (then a read key is needed).")
    public String metrics(@Context ContainerRequestContext request) {
        if (!security.metricsPublic() && !keys.requireKey(request).has(Scope.READ)) {
            throw ApiException.forbidden("This key lacks the 'read' scope needed for metrics");
        }
        return registry.scrape();
    }

    @GET
    @Path("prometheus")
    @Produces(PROMETHEUS_TEXT)
    @Operation(summary = "Prometheus metrics (old path)")
    public String prometheus(@Context ContainerRequestContext request) {
        return metrics(request);
    }
}
