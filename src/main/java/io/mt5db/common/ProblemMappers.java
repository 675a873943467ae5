package io.mt5db.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.core.JsonParseException;
import io.agroal.api.AgroalDataSource;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error leaves as problem+json: no stack trace, SQL text or class name ever reaches a client,
 * a database outage is a 503 with Retry-After, and anything unexpected a bare 500.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @Inject
    AgroalDataSource dataSource;

    @ServerExceptionMapper
    public Response apiException(ApiException e) {
        return problem(e.status(), e.title(), e.getMessage(), e.errors(), e.headers());
    }

    @ServerExceptionMapper
    public Response webApplicationException(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("Request failed", e);
            return problem(500, "Internal Server Error", "The server could not complete the request", List.of(), java.util.Map.of());
        }
        Response.StatusType type = e.getResponse().getStatusInfo();
        String detail = switch (status) {
            case 404 -> "No such resource";
            case 405 -> "Method not allowed on this resource";
            case 406 -> "None of the accepted media types can be produced";
            case 415 -> "Unsupported content type: send application/json";
            default -> type.getReasonPhrase();
        };
        java.util.Map<String, String> headers = new java.util.HashMap<>();
        if (e.getResponse().getHeaderString("Allow") != null) {
            headers.put("Allow", e.getResponse().getHeaderString("Allow"));
        }
        return problem(status, type.getReasonPhrase(), detail, List.of(), headers);
    }

    @ServerExceptionMapper
    public Response jsonParse(JsonParseException e) {
        return problem(400, "Bad Request", "Malformed JSON at line " + e.getLocation().getLineNr()
                + ", column " + e.getLocation().getColumnNr(), List.of(), java.util.Map.of());
    }

    @ServerExceptionMapper
    public Response jsonMapping(JsonMappingException e) {
        String field = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
        String message;
        if (e instanceof InvalidFormatException ife) {
            message = "has the wrong type or format (got " + TextRules.abbreviate(String.valueOf(ife.getValue()), 64) + ")";
        } else if (e instanceof MismatchedInputException) {
            message = "has the wrong JSON type";
        } else {
            message = "cannot be read";
        }
        String where = field.isEmpty() ? "body" : field;
        return problem(422, "Unprocessable Content", "Field '" + where + "' " + message,
                List.of(new FieldError(null, where, message)), java.util.Map.of());
    }

    /** Quarkus REST maps this subtype to a bare 400 of its own; a wrong-typed field is a 422 here. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return jsonMapping(e);
    }

    @ServerExceptionMapper
    public Response jsonProcessing(JsonProcessingException e) {
        return problem(400, "Bad Request", "Malformed JSON", List.of(), java.util.Map.of());
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (DatabaseErrors.isUnavailable(e)) {
            LOG.warnf("Database unavailable: %s", e.getMessage());
            flushBrokenConnections();
            return problem(503, "Service Unavailable", "The database is unavailable; nothing was stored. Retry later.",
                    List.of(), java.util.Map.of("Retry-After", "5"));
        }
        LOG.error("Unexpected error", e);
        return problem(500, "Internal Server Error", "The server could not complete the request", List.of(), java.util.Map.of());
    }

    private void flushBrokenConnections() {
        try {
            dataSource.flush(AgroalDataSource.FlushMode.INVALID);
        } catch (RuntimeException ignored) {
            // best effort: the pool validates connections in the background as well
        }
    }

    public static Response problem(int status, String title, String detail, List<FieldError> errors,
            java.util.Map<String, String> headers) {
        Response.ResponseBuilder builder = Response.status(status)
                .type(Problem.MEDIA_TYPE)
                .entity(Problem.of(status, title, detail, errors));
        headers.forEach(builder::header);
        return builder.build();
    }
}
