package io.mt5db.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Inject;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * {@code ingest_requests_total{method,route,status}} and {@code ingest_latency_seconds{method,route}}
 * for every API route (the seed's names). The route is the path template, never the raw path, so
 * the number of series stays bounded.
 */
@jakarta.enterprise.context.ApplicationScoped
public class RequestMetricsFilter {

    private static final String START = "mt5db.request.start";
    private static final String ROUTE = "mt5db.request.route";

    @Inject
    MeterRegistry registry;

    private final ConcurrentHashMap<Method, String> routes = new ConcurrentHashMap<>();

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION - 100)
    public void start(ContainerRequestContext request, ResourceInfo resource) {
        request.setProperty(START, System.nanoTime());
        if (resource.getResourceMethod() != null) {
            request.setProperty(ROUTE, routes.computeIfAbsent(resource.getResourceMethod(),
                    m -> template(resource.getResourceClass(), m)));
        }
    }

    @ServerResponseFilter
    public void finish(ContainerRequestContext request, ContainerResponseContext response) {
        Object start = request.getProperty(START);
        Object route = request.getProperty(ROUTE);
        if (!(start instanceof Long startNanos) || route == null) {
            return;
        }
        String method = request.getMethod();
        int status = response.getStatus();
        // Registering goes through the registry's id map with a new id each time: keep the meters.
        requests.computeIfAbsent(new RequestKey(method, route.toString(), status), k -> Counter.builder("ingest.requests")
                .description("API requests by route and status")
                .tag("method", k.method()).tag("route", k.route()).tag("status", Integer.toString(k.status()))
                .register(registry)).increment();
        latencies.computeIfAbsent(new RequestKey(method, route.toString(), 0), k -> Timer.builder("ingest.latency")
                .description("API request latency")
                .tag("method", k.method()).tag("route", k.route())
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry)).record(System.nanoTime() - startNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    private record RequestKey(String method, String route, int status) {
    }

    private final ConcurrentHashMap<RequestKey, Counter> requests = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<RequestKey, Timer> latencies = new ConcurrentHashMap<>();

    static String template(Class<?> type, Method method) {
        String base = type.isAnnotationPresent(Path.class) ? type.getAnnotation(Path.class).value() : "";
        String sub = method.isAnnotationPresent(Path.class) ? method.getAnnotation(Path.class).value() : "";
        String joined = ("/" + base + "/" + sub).replaceAll("/+", "/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }
}
