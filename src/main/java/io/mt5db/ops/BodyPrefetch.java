package io.mt5db.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.mt5db.security.ApiKeyService;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Reads a small request body whole on the HTTP event loop before the route runs. A blocking route
 * otherwise pulls its body from the event loop chunk by chunk (8 KiB each), two thread hand-offs a
 * chunk: for a 60 KiB candle batch that transport cost more app CPU than parsing it. The route then
 * reads the buffered bytes (Quarkus REST serves a body already read from memory). Bodies of unknown
 * length, over {@link BodyPrefetchConfig#maxBodyBytes()}, waiting for {@code 100 Continue}, or that
 * the shared allowance cannot hold now are streamed as before, so the size limits, gzip handling and
 * the 413 answers stay where they are (JsonBodies), and many idle clients cannot fill the heap.
 */
@ApplicationScoped
public class BodyPrefetch {

    private static final String READS = "Request bodies read whole on the event loop before their route ran, or streamed to it";

    private final PrefetchAllowance allowance;
    private final Counter prefetched;
    private final Counter streamed;

    private final long deadlineMillis;
    private final Counter timedOut;
    private final ApiKeyService keys;

    public BodyPrefetch(BodyPrefetchConfig config, MeterRegistry registry, ApiKeyService keys) {
        this.allowance = new PrefetchAllowance(config.maxBodyBytes(), config.maxInFlightBytes());
        this.deadlineMillis = Math.max(1, config.bodyDeadline().toMillis());
        this.keys = keys;
        this.timedOut = Counter.builder("http.body.timeouts")
                .description("Requests whose body did not arrive within the body deadline (408, connection closed)")
                .register(registry);
        this.prefetched = Counter.builder("http.body.reads").tag("mode", "prefetched").description(READS).register(registry);
        this.streamed = Counter.builder("http.body.reads").tag("mode", "streamed").description(READS).register(registry);
        Gauge.builder("http.body.prefetched.in.flight", allowance, PrefetchAllowance::inFlightBytes).baseUnit("bytes")
                .description("Prefetched request body bytes held at once").register(registry);
    }

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::prefetch);
    }

    void prefetch(RoutingContext context) {
        HttpServerRequest request = context.request();
        HttpMethod method = request.method();
        if (method != HttpMethod.POST && method != HttpMethod.PUT && method != HttpMethod.PATCH) {
            context.next();
            return;
        }
        if (!request.isEnded()) {
            watchDeadline(context);
        }
        long length = declaredLength(request);
        // Only a key that authenticated before may have its body read ahead of the key check: an
        // anonymous or unknown client cannot hold the prefetch allowance (its body streams and is
        // refused with 401 before it is read).
        // An HTTP/2 request (also one upgraded from HTTP/1.1 with h2c) refuses pause() once its body has
        // ended, which the REST layer calls when it takes the request over: a prefetched HTTP/2 body
        // was a 500. HTTP/2 streams are flow-controlled per stream anyway, so their bodies stream.
        if (request.version() == HttpVersion.HTTP_2 || request.headers().contains(HttpHeaders.EXPECT)
                || request.isEnded() || !knownKey(request) || !allowance.tryTake(length)) {
            if (length != 0) {
                streamed.increment();
            }
            context.next();
            return;
        }
        context.addEndHandler(ended -> allowance.release(length));
        request.body().onComplete(read -> {
            if (read.succeeded()) {
                prefetched.increment();
                context.setBody(read.result());
                context.next();
            } else {
                context.fail(400, read.cause());
            }
        });
        // Quarkus hands the route a paused request; body() alone would wait for data that never flows.
        request.resume();
    }

    private boolean knownKey(HttpServerRequest request) {
        String key = request.getHeader("X-API-Key");
        if (key == null || key.isBlank()) {
            String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
            if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return false;
            }
            key = authorization.substring(7);
        }
        key = key.trim();
        return !key.isEmpty() && keys.isRecentlyValid(key);
    }

    /** Answers 408 and closes the connection when the body has not fully arrived by the deadline. */
    private void watchDeadline(RoutingContext context) {
        HttpServerRequest request = context.request();
        long timer = context.vertx().setTimer(deadlineMillis, id -> {
            if (request.isEnded()) {
                return;
            }
            timedOut.increment();
            HttpServerResponse response = context.response();
            if (!response.headWritten() && !response.ended()) {
                response.setStatusCode(408).putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(TIMEOUT_BODY).onComplete(done -> request.connection().close());
            } else {
                request.connection().close();
            }
        });
        context.addEndHandler(ended -> context.vertx().cancelTimer(timer));
    }

    private static final String TIMEOUT_BODY = "{\"type\":\"about:blank\",\"title\":\"Request Timeout\",\"status\":408,"
            + "\"detail\":\"The request body did not arrive within the body deadline; send it faster or in smaller requests\"}";

    /** The Content-Length a plain (not chunked) request declares; -1 when it declares none or an unreadable one. */
    static long declaredLength(HttpServerRequest request) {
        if (request.headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
            return -1;
        }
        String header = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
