package io.mt5db.ops;

import io.mt5db.common.ApiException;
import io.mt5db.security.PublicEndpoint;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ResourceInfo;
import java.lang.reflect.Method;
import io.quarkus.runtime.configuration.ConfigUtils;
import io.mt5db.security.RequiresScope;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * On a process whose role serves no API (aggregator, indicators, ml), every API route answers 404
 * problem+json before authentication; public routes (health, metrics) keep working, and so do the
 * non-JAX-RS ones (/q/health, /q/metrics, /docs, /openapi).
 */
@ApplicationScoped
public class RoleRouteFilter {

    @Inject
    RoleConfig config;

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION - 200)
    public void rejectApiRoutes(ResourceInfo resource) {
        if (config.apiEnabled()) {
            return;
        }
        Method method = resource.getResourceMethod();
        if (method == null || method.isAnnotationPresent(PublicEndpoint.class)
                || (!method.isAnnotationPresent(RequiresScope.class)
                        && resource.getResourceClass().isAnnotationPresent(PublicEndpoint.class))) {
            return;
        }
        throw ApiException.notFound("This process (profile " + String.join(",", ConfigUtils.getProfiles())
                + ") runs background jobs and serves no API routes; send API requests to a process with the api or "
                + "all role");
    }
}
