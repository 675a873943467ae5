package io.mt5db.security;

import io.mt5db.common.ApiException;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authenticates every API route before its body is read: a missing or unknown key is 401 even when
 * the body is garbage, a key without the route's scope 403, a key over its rate 429.
 */
@jakarta.enterprise.context.ApplicationScoped
public class ApiKeyFilter {

    @Inject
    ApiKeyService keys;

    @Inject
    CurrentCaller currentCaller;

    @Inject
    SecurityConfig config;

    private volatile RateLimiter rateLimiter;
    private volatile AuthFailureThrottle failures;

    @Inject
    CurrentVertxRequest currentRequest;

    /** What a route's annotations ask, read once per resource method rather than on every request. */
    private record Access(boolean isPublic, Scope scope) {
    }

    private final ConcurrentHashMap<Method, Access> access = new ConcurrentHashMap<>();

    @ServerRequestFilter
    public Optional<jakarta.ws.rs.core.Response> authenticate(ContainerRequestContext request, ResourceInfo resource) {
        Method method = resource.getResourceMethod();
        Class<?> type = resource.getResourceClass();
        Access route = method == null ? null
                : access.computeIfAbsent(method, m -> new Access(isPublic(m, type), requiredScope(m, type)));
        if (route == null || route.isPublic()) {
            optionalCaller(request).ifPresent(currentCaller::set);
            return Optional.empty();
        }
        Scope needed = route.scope();
        Caller caller = requireKey(request);
        if (!caller.has(needed)) {
            throw ApiException.forbidden("This key lacks the '" + needed.wireName() + "' scope needed for this route");
        }
        long wait = limiter().tryAcquire(caller.keyId(), System.nanoTime());
        if (wait > 0) {
            throw ApiException.tooManyRequests("Rate limit of this key exceeded; retry in " + wait + " s", wait);
        }
        currentCaller.set(caller);
        return Optional.empty();
    }

    /** Authenticates a request whose route decides itself whether it needs a key. */
    public Caller requireKey(ContainerRequestContext request) {
        String presented = presentedKey(request);
        if (presented == null) {
            throw ApiException.unauthorized("An API key is required: send it as X-API-Key or Authorization: Bearer");
        }
        return authenticate(presented, clientAddress())
                .orElseThrow(() -> ApiException.unauthorized("The API key is unknown, revoked or expired"));
    }

    /**
     * The key's caller, throttled per client address: an address over its failed attempts gets 429
     * (unless the key is a valid one already cached, so a shared NAT address does not lock out the
     * EAs behind it), and each unknown key counts as a failure of its address.
     */
    public Optional<Caller> authenticate(String presented, String address) {
        if (address != null && !keys.isCachedValid(presented)) {
            long wait = throttle().retryAfterSeconds(address, System.nanoTime());
            if (wait > 0) {
                throw ApiException.tooManyRequests("Too many failed authentications from this address; retry in "
                        + wait + " s", wait);
            }
        }
        Optional<Caller> caller = keys.authenticate(presented);
        if (caller.isEmpty() && address != null) {
            throttle().failure(address, System.nanoTime());
        }
        return caller;
    }

    private Optional<Caller> optionalCaller(ContainerRequestContext request) {
        String presented = presentedKey(request);
        return presented == null ? Optional.empty() : authenticate(presented, clientAddress());
    }

    /** The client's address as the HTTP layer sees it (a trusted proxy's forwarding applied), or null. */
    private String clientAddress() {
        try {
            RoutingContext context = currentRequest.getCurrent();
            if (context == null || context.request().remoteAddress() == null) {
                return null;
            }
            return context.request().remoteAddress().hostAddress();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private AuthFailureThrottle throttle() {
        AuthFailureThrottle t = failures;
        if (t == null) {
            synchronized (this) {
                if (failures == null) {
                    failures = new AuthFailureThrottle(config.authFailureLimit(), config.authFailureWindow(),
                            config.authFailureAddresses());
                }
                t = failures;
            }
        }
        return t;
    }

    static String presentedKey(ContainerRequestContext request) {
        String key = request.getHeaderString("X-API-Key");
        if (key != null && !key.isBlank()) {
            return key.trim();
        }
        String authorization = request.getHeaderString("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String bearer = authorization.substring(7).trim();
            return bearer.isEmpty() ? null : bearer;
        }
        return null;
    }

    private static boolean isPublic(Method method, Class<?> type) {
        return method.isAnnotationPresent(PublicEndpoint.class)
                || (!method.isAnnotationPresent(RequiresScope.class) && type.isAnnotationPresent(PublicEndpoint.class));
    }

    private static Scope requiredScope(Method method, Class<?> type) {
        RequiresScope onMethod = method.getAnnotation(RequiresScope.class);
        if (onMethod != null) {
            return onMethod.value();
        }
        RequiresScope onType = type.getAnnotation(RequiresScope.class);
        return onType != null ? onType.value() : Scope.ADMIN;
    }

    private RateLimiter limiter() {
        RateLimiter limiter = rateLimiter;
        if (limiter == null) {
            limiter = new RateLimiter(config.rateLimitPerSecond(), config.rateLimitBurst());
            rateLimiter = limiter;
        }
        return limiter;
    }
}
