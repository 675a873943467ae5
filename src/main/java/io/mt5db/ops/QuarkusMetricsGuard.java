package io.mt5db.ops;

import io.mt5db.security.SecurityConfig;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Quarkus serves the same Prometheus text at {@code /q/metrics} on its own route, outside the API key
 * filter. When metrics are not public ({@code MT5DB_METRICS_PUBLIC=false}) that route is rerouted to
 * {@code /metrics}, so it asks for a read key exactly as {@link MetricsResource} does.
 */
@ApplicationScoped
public class QuarkusMetricsGuard {

    @Inject
    SecurityConfig security;

    void install(@Observes Router router) {
        if (security.metricsPublic()) {
            return;
        }
        router.routeWithRegex("/q/metrics/?").order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 10)
                .handler(context -> context.reroute("/metrics"));
    }
}
