package io.mt5db.security;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mt5db.common.ApiException;
import io.mt5db.common.TextRules;
import io.mt5db.common.TimeBounds;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/admin/keys")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope(Scope.ADMIN)
@Tag(name = "admin", description = "API keys and audit")
public class AdminKeyResource {

    @Inject
    ApiKeyService keys;

    @Inject
    CurrentCaller caller;

    @Inject
    AuditLog audit;

    public record CreateKeyRequest(String name, List<String> scopes, String accountId, Instant expiresAt) {
    }

    @io.quarkus.runtime.annotations.RegisterForReflection
    public record CreatedKeyResponse(long id, String key, String name, List<String> scopes, String accountId,
            Instant expiresAt) {
    }

    @io.quarkus.runtime.annotations.RegisterForReflection
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record KeyView(long id, String name, String prefix, List<String> scopes, String accountId, String origin,
            Instant createdAt, Instant expiresAt, Instant revokedAt, Instant lastUsedAt, boolean active) {

        static KeyView of(ApiKeyEntity e) {
            return new KeyView(e.id, e.name, e.keyPrefix, scopeNames(e.scopes), e.accountId, e.origin, e.createdAt,
                    e.expiresAt, e.revokedAt, e.lastUsedAt, e.isActive(Instant.now()));
        }
    }

    @POST
    @Operation(summary = "Create an API key", description = "The key is shown once in this response and stored only as a hash.")
    public Response create(CreateKeyRequest request) {
        if (request == null) {
            throw ApiException.unprocessable("body", "a JSON object {name, scopes, account_id?, expires_at?} is required");
        }
        if (request.name() == null || request.name().isBlank() || request.name().length() > 100) {
            throw ApiException.unprocessable("name", "name is required (1-100 characters)");
        }
        String nameProblem = TextRules.check("name", request.name(), TextRules.Kind.NAME);
        if (nameProblem != null) {
            throw ApiException.unprocessable("name", nameProblem);
        }
        if (request.scopes() == null || request.scopes().isEmpty()) {
            throw ApiException.unprocessable("scopes", "scopes is required: a list of ingest, read, signals, admin");
        }
        Set<Scope> scopes;
        try {
            scopes = Scope.parseList(String.join(",", request.scopes()));
        } catch (IllegalArgumentException e) {
            throw ApiException.unprocessable("scopes", e.getMessage());
        }
        if (request.accountId() != null && (request.accountId().isBlank() || request.accountId().length() > 64)) {
            throw ApiException.unprocessable("account_id", "account_id must be 1-64 characters");
        }
        String accountProblem = TextRules.check("account_id", request.accountId(), TextRules.Kind.ACCOUNT_ID);
        if (accountProblem != null) {
            throw ApiException.unprocessable("account_id", accountProblem);
        }
        String expiryProblem = request.expiresAt() == null ? null
                : TimeBounds.checkExpiry("expires_at", request.expiresAt(), Instant.now());
        if (expiryProblem != null) {
            throw ApiException.unprocessable("expires_at", "expires_at must be in the future and at most "
                    + TimeBounds.maxExpiry().toDays() + " days ahead: " + expiryProblem);
        }
        ApiKeyService.CreatedKey created = keys.create(request.name().trim(), scopes, request.accountId(),
                request.expiresAt(), "api");
        audit.record(caller.get(), "api_key.create", "api_key:" + created.id(),
                "name=" + request.name().trim() + " scopes=" + Scope.format(scopes)
                        + (request.accountId() == null ? "" : " account_id=" + request.accountId()));
        return Response.status(201).entity(new CreatedKeyResponse(created.id(), created.key(), created.entity().name,
                scopeNames(created.entity().scopes), created.entity().accountId, created.entity().expiresAt)).build();
    }

    /** A page of keys in id order, shaped like every other list: pass next_cursor as cursor for the next one. */
    public record KeyPage(List<KeyView> items, @JsonInclude(JsonInclude.Include.ALWAYS) String nextCursor) {
    }

    static final int DEFAULT_LIMIT = 1000;
    static final int MAX_LIMIT = 100_000;

    @GET
    @Operation(summary = "List API keys", description = "Never shows a key, only its first characters. In id order, "
            + "{items, next_cursor} like every list: pass next_cursor as cursor for the next page (null on the last).")
    public KeyPage list(@Parameter(description = "1..100000, default 1000") @QueryParam("limit") Integer limit,
            @Parameter(description = "the next_cursor of the previous page") @QueryParam("cursor") String cursor) {
        if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
            throw ApiException.badRequest("Query parameter 'limit' must be between 1 and " + MAX_LIMIT);
        }
        int max = limit == null ? DEFAULT_LIMIT : limit;
        long afterId = 0;
        if (cursor != null && !cursor.isBlank()) {
            try {
                afterId = Long.parseLong(cursor.trim());
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("Query parameter 'cursor' must be the next_cursor of a previous page");
            }
        }
        List<ApiKeyEntity> page = keys.list(afterId, max + 1);
        boolean more = page.size() > max;
        List<KeyView> items = page.stream().limit(max).map(KeyView::of).toList();
        return new KeyPage(items, more ? String.valueOf(items.get(items.size() - 1).id()) : null);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Revoke an API key", description = "A revoked key fails within a second on every replica.")
    public KeyView revoke(@PathParam("id") long id) {
        ApiKeyEntity revoked = keys.revoke(id);
        audit.record(caller.get(), "api_key.revoke", "api_key:" + id, "name=" + revoked.name);
        return KeyView.of(revoked);
    }

    static List<String> scopeNames(String scopes) {
        return Scope.parseList(scopes).stream().sorted().map(Scope::wireName).toList();
    }
}
