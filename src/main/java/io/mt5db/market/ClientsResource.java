package io.mt5db.market;

import io.mt5db.common.ApiException;
import io.mt5db.common.QueryParams;
import io.mt5db.security.Caller;
import io.mt5db.security.CurrentCaller;
import io.mt5db.security.RequiresScope;
import io.mt5db.security.Scope;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/clients")
@RequiresScope(Scope.READ)
@Tag(name = "read")
public class ClientsResource {

    static final List<String> CSV_HEADER = List.of("key_id", "key_name", "user_agent", "account_id", "first_seen_at",
            "last_seen_at", "last_ingest_at", "silent_seconds", "requests", "symbols");

    @Inject
    ClientRepository clients;

    @Inject
    ClientActivity activity;

    @Inject
    CurrentCaller caller;

    @GET
    @Produces({MediaType.APPLICATION_JSON, Csv.MEDIA_TYPE})
    @Operation(summary = "Each key's terminals as last seen",
            description = "One row per (key, User-Agent, account): first and last request, last ingest request, "
                    + "seconds since the last request, request count and the symbols it stored, so an operator sees which "
                    + "EA went silent. The account comes from the X-Account-Id header, the account_id query parameter or "
                    + "the key's binding. Written every few seconds per replica. An account-bound key sees only its "
                    + "account. Paged: pass next_cursor (JSON) or X-Next-Cursor (CSV) as cursor.")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "clients", value = """
                    {"items":[{"key_id":3,"key_name":"ea-vps-1","user_agent":"MetaTrader 5 Terminal/5.0.4620",\
                    "account_id":"51234567","first_seen_at":"2025-10-20T00:00:02Z","last_seen_at":"2025-10-20T09:14:55Z",\
                    "last_ingest_at":"2025-10-20T09:14:55Z","silent_seconds":4.2,"requests":33120,\
                    "symbols":["EURUSD","GBPUSD"]}],"next_cursor":null}""")))
    public Response list(@Parameter(description = "1..100000, default 1000") @QueryParam("limit") Integer limit,
            @Parameter(description = "the next_cursor of the previous page") @QueryParam("cursor") String cursor,
            @Parameter(description = "json (default) or csv") @QueryParam("format") String format) throws SQLException {
        int max = QueryParams.limit(limit);
        boolean csv = QueryParams.csv(format);
        activity.flush();
        Caller c = caller.get();
        List<ClientRepository.ClientRow> rows = clients.list(c.isAccountBound() ? c.accountId() : null,
                decode(cursor), max);
        String next = null;
        if (rows.size() > max) {
            rows = rows.subList(0, max);
            ClientRepository.ClientRow last = rows.get(max - 1);
            next = encode(last.keyId(), last.userAgent(), last.accountId());
        }
        Instant now = Instant.now();
        List<ClientView> views = rows.stream().map(r -> ClientView.of(r, now)).toList();
        if (!csv) {
            return Response.ok(new Page<>(views, next), MediaType.APPLICATION_JSON).build();
        }
        List<List<Object>> cells = new ArrayList<>();
        for (ClientView v : views) {
            cells.add(Arrays.asList(v.keyId(), v.keyName(), v.userAgent(), v.accountId(), v.firstSeenAt(), v.lastSeenAt(),
                    v.lastIngestAt(), v.silentSeconds(), v.requests(), String.join(" ", v.symbols())));
        }
        Response.ResponseBuilder response = Response.ok(Csv.render(CSV_HEADER, cells), Csv.MEDIA_TYPE);
        if (next != null) {
            response.header("X-Next-Cursor", next);
        }
        return response.build();
    }

    public record ClientView(long keyId, String keyName, String userAgent, String accountId, Instant firstSeenAt,
            Instant lastSeenAt, Instant lastIngestAt, double silentSeconds, long requests, List<String> symbols) {

        static ClientView of(ClientRepository.ClientRow r, Instant now) {
            return new ClientView(r.keyId(), r.keyName(), r.userAgent().isEmpty() ? null : r.userAgent(),
                    r.accountId().isEmpty() ? null : r.accountId(), r.firstSeenAt(), r.lastSeenAt(), r.lastIngestAt(),
                    Math.max(0, Duration.between(r.lastSeenAt(), now).toMillis()) / 1000.0, r.requests(), r.symbols());
        }
    }

    static String encode(long keyId, String userAgent, String accountId) {
        String raw = keyId + "\n" + userAgent + "\n" + accountId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static ClientRepository.Position decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\n", -1);
            return new ClientRepository.Position(Long.parseLong(parts[0]), parts[1], parts[2]);
        } catch (RuntimeException e) {
            throw ApiException.badRequest("Query parameter 'cursor' is not a cursor this API returned");
        }
    }
}
