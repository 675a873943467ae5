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

    private static final String TIMEOUTS = "Requests whose body was cut with 408 and its connection closed: not "
            + "arrived within the body deadline, or slower than the minimum body rate";

    private final long deadlineMillis;
    private final long minBytesPerSecond;
    private final long graceMillis;
    private final Counter timedOut;
    private final Counter tooSlow;
    private final ApiKeyService keys;

    public BodyPrefetch(BodyPrefetchConfig config, MeterRegistry registry, ApiKeyService keys) {
        this.allowance = new PrefetchAllowance(config.maxBodyBytes(), config.maxInFlightBytes(), config.maxInFlightShare());
        this.deadlineMillis = Math.max(1, config.bodyDeadline().toMillis());
        this.minBytesPerSecond = Math.max(0, config.minBodyRate());
        this.graceMillis = Math.max(1, config.minBodyRateGrace().toMillis());
        this.keys = keys;
        this.timedOut = Counter.builder("http.body.timeouts").tag("reason", "deadline")
                .description(TIMEOUTS).register(registry);
        this.tooSlow = Counter.builder("http.body.timeouts").tag("reason", "min_rate")
                .description(TIMEOUTS).register(registry);
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
            watchBody(context);
        }
        long length = declaredLength(request);
        String key = presentedKey(request);
        // Only a key that authenticated before may have its body read ahead of the key check: an
        // anonymous or unknown client cannot hold the prefetch allowance (its body streams and is
        // refused with 401 before it is read).
        // An HTTP/2 request (also one upgraded from HTTP/1.1 with h2c) refuses pause() once its body has
        // ended, which the REST layer calls when it takes the request over: a prefetched HTTP/2 body
        // was a 500. HTTP/2 streams are flow-controlled per stream anyway, so their bodies stream.
        if (request.version() == HttpVersion.HTTP_2 || request.headers().contains(HttpHeaders.EXPECT)
                || request.isEnded() || key == null || !keys.isRecentlyValid(key) || !allowance.tryTake(key, length)) {
            if (length != 0) {
                streamed.increment();
            }
            context.next();
            return;
        }
        context.addEndHandler(ended -> allowance.release(key, length));
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

    /** The API key the request presents (X-API-Key or Authorization: Bearer), or null. */
    private static String presentedKey(HttpServerRequest request) {
        String key = request.getHeader("X-API-Key");
        if (key == null || key.isBlank()) {
            String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
            if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return null;
            }
            key = authorization.substring(7);
        }
        key = key.trim();
        return key.isEmpty() ? null : key;
    }

    /**
     * Answers 408 and closes the connection when the body has not fully arrived by the deadline, or
     * has come in slower than the minimum rate once the grace period is over. The connection is closed,
     * so a route still reading the body fails at once and gives back its share of the body budget.
     */
    private void watchBody(RoutingContext context) {
        BodyWatch watch = new BodyWatch(context, System.nanoTime());
        watch.schedule(minBytesPerSecond > 0 ? Math.min(graceMillis, deadlineMillis) : deadlineMillis);
        context.addEndHandler(ended -> watch.stop());
    }

    private final class BodyWatch {

        private final RoutingContext context;
        private final long startedNanos;
        private long timer = -1;
        private boolean stopped;

        BodyWatch(RoutingContext context, long startedNanos) {
            this.context = context;
            this.startedNanos = startedNanos;
        }

        void schedule(long delayMillis) {
            timer = context.vertx().setTimer(Math.max(1, delayMillis), id -> check());
        }

        void stop() {
            stopped = true;
            context.vertx().cancelTimer(timer);
        }

        private void check() {
            HttpServerRequest request = context.request();
            if (stopped || request.isEnded()) {
                return;
            }
            long elapsedMillis = (System.nanoTime() - startedNanos) / 1_000_000;
            if (elapsedMillis >= deadlineMillis) {
                timedOut.increment();
                cut(DEADLINE_BODY);
            } else if (BodyRate.tooSlow(request.bytesRead(), elapsedMillis, minBytesPerSecond, graceMillis)) {
                tooSlow.increment();
                cut(SLOW_BODY_START + minBytesPerSecond + SLOW_BODY_END);
            } else {
                schedule(Math.min(1000, deadlineMillis - elapsedMillis));
            }
        }

        private void cut(String problem) {
            HttpServerRequest request = context.request();
            HttpServerResponse response = context.response();
            if (!response.headWritten() && !response.ended()) {
                response.setStatusCode(408).putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(problem).onComplete(done -> request.connection().close());
            } else {
                request.connection().close();
            }
        }
    }

    private static final String DEADLINE_BODY = "{\"type\":\"about:blank\",\"title\":\"Request Timeout\",\"status\":408,"
            + "\"detail\":\"The request body did not arrive within the body deadline; send it faster or in smaller requests\"}";
    private static final String SLOW_BODY_START = "{\"type\":\"about:blank\",\"title\":\"Request Timeout\",\"status\":408,"
            + "\"detail\":\"The request body arrived slower than the minimum body rate of ";
    private static final String SLOW_BODY_END = " bytes per second; send it faster or in smaller requests\"}";

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
