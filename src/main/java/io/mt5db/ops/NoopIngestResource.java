package io.mt5db.ops;

import io.mt5db.common.ApiException;
import io.mt5db.security.RequiresScope;
import io.mt5db.security.Scope;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * A route that authenticates like ingest and reads the whole body, then does nothing: the ingest
 * benchmark posts the same bodies here to measure what the HTTP transport alone costs. JAX-RS
 * routes cannot be removed at runtime, so when {@code mt5db.bench.noop-route} is off it is a 404.
 */
@Path("/bench/noop")
@RequiresScope(Scope.INGEST)
public class NoopIngestResource {

    public record NoopReply(boolean ok, long bytes) {
    }

    private final BenchConfig config;

    @Inject
    public NoopIngestResource(BenchConfig config) {
        this.config = config;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public NoopReply discard(InputStream body) throws IOException {
        if (!config.noopRoute()) {
            throw ApiException.notFound("No such route");
        }
        long bytes = body == null ? 0 : body.transferTo(OutputStream.nullOutputStream());
        return new NoopReply(true, bytes);
    }
}
