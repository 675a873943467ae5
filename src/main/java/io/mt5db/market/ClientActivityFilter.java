package io.mt5db.market;

import io.mt5db.security.CurrentCaller;
import io.mt5db.security.RequiresScope;
import io.mt5db.security.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import java.lang.reflect.Method;
import java.util.concurrent.ConcurrentHashMap;
import java.time.Instant;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Tallies every authenticated request for /clients: key, User-Agent (the EA's version), account
 * (the key's own when it is bound to one, else header X-Account-Id or query account_id), and for ingest routes the symbols stored.
 */
@ApplicationScoped
public class ClientActivityFilter {

    @Inject
    CurrentCaller caller;

    @Inject
    RequestSymbols symbols;

    @Inject
    ClientActivity activity;

    @ServerResponseFilter
    public void record(ContainerRequestContext request, ResourceInfo resource) {
        if (!caller.isPresent()) {
            return;
        }
        // A key bound to an account is always that account: a header or parameter cannot move its
        // bookkeeping elsewhere.
        String account = caller.get().accountId();
        if (account == null || account.isBlank()) {
            account = request.getHeaderString("X-Account-Id");
        }
        if (account == null || account.isBlank()) {
            account = request.getUriInfo().getQueryParameters().getFirst("account_id");
        }
        boolean ingest = symbols.ingested() || isIngestRoute(resource);
        activity.record(caller.get(), request.getHeaderString("User-Agent"), account, ingest, symbols.symbols(),
                Instant.now());
    }

    private final ConcurrentHashMap<Method, Boolean> ingestRoutes = new ConcurrentHashMap<>();

    private boolean isIngestRoute(ResourceInfo resource) {
        Method method = resource.getResourceMethod();
        if (method == null) {
            return false;
        }
        return ingestRoutes.computeIfAbsent(method, m -> {
            RequiresScope scope = m.getAnnotation(RequiresScope.class);
            if (scope == null) {
                scope = resource.getResourceClass().getAnnotation(RequiresScope.class);
            }
            return scope != null && scope.value() == Scope.INGEST;
        });
    }
}
