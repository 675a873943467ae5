package io.mt5db.common;

import java.util.List;
import java.util.Map;

/** A client-facing failure, rendered as application/problem+json by {@link ProblemMappers}. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String title;
    private final List<FieldError> errors;
    private final Map<String, String> headers;

    public ApiException(int status, String title, String detail, List<FieldError> errors, Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
        this.headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(400, "Bad Request", detail, null, null);
    }

    public static ApiException badRequest(String detail, List<FieldError> errors) {
        return new ApiException(400, "Bad Request", detail, errors, null);
    }

    public static ApiException unprocessable(String detail, List<FieldError> errors) {
        return new ApiException(422, "Unprocessable Content", detail, errors, null);
    }

    public static ApiException unprocessable(String field, String message) {
        return new ApiException(422, "Unprocessable Content", message, List.of(new FieldError(null, field, message)), null);
    }

    public static ApiException unauthorized(String detail) {
        return new ApiException(401, "Unauthorized", detail, null, Map.of("WWW-Authenticate", "ApiKey"));
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(403, "Forbidden", detail, null, null);
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, "Not Found", detail, null, null);
    }

    public static ApiException conflict(String detail) {
        return new ApiException(409, "Conflict", detail, null, null);
    }

    public static ApiException gone(String detail) {
        return new ApiException(410, "Gone", detail, null, null);
    }

    public static ApiException payloadTooLarge(String detail) {
        return new ApiException(413, "Content Too Large", detail, null, null);
    }

    public static ApiException tooManyRequests(String detail, long retryAfterSeconds) {
        return new ApiException(429, "Too Many Requests", detail, null,
                Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }

    public static ApiException serviceUnavailable(String detail, long retryAfterSeconds) {
        return new ApiException(503, "Service Unavailable", detail, null,
                Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
