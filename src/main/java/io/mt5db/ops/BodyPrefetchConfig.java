package io.mt5db.ops;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Reading small request bodies whole on the HTTP event loop (see {@link BodyPrefetch}). */
@ConfigMapping(prefix = "mt5db.http.body-prefetch")
public interface BodyPrefetchConfig {

    /** Largest declared Content-Length read whole before the route runs; 0 switches prefetching off. */
    @WithDefault("262144")
    long maxBodyBytes();

    /**
     * Prefetched bytes held at once over all requests; past it, further bodies are streamed to their
     * route as before, so that many slow or idle clients cannot fill the heap with bodies.
     */
    @WithDefault("8388608")
    long maxInFlightBytes();

    /**
     * The part of {@link #maxInFlightBytes()} the bodies of one API key may hold at once (never less
     * than one largest prefetched body); past it that key's further bodies stream, so one key's slow
     * clients cannot push every other key off the prefetch path.
     */
    @WithDefault("0.25")
    double maxInFlightShare();

    /**
     * The minimum body rate in bytes per second (property {@code mt5db.http.body-prefetch.min-body-rate},
     * env MT5DB_MIN_BODY_RATE; 0 switches it off): from {@link #minBodyRateGrace()} after the headers on,
     * a request whose body has come in slower than this on average since the headers is answered 408
     * and its connection closed, long before the whole-body deadline. A body of N bytes thus always
     * has max(grace, N / rate) to arrive.
     */
    @WithDefault("1024")
    long minBodyRate();

    /** How long after its headers a body is measured against {@link #minBodyRate()} (env MT5DB_MIN_BODY_RATE_GRACE). */
    @WithDefault("PT10S")
    java.time.Duration minBodyRateGrace();

    /**
     * The whole-body deadline (property {@code mt5db.http.body-prefetch.body-deadline}, env
     * MT5DB_BODY_DEADLINE): a request whose body has not fully arrived this long after its headers is
     * answered 408 and its connection closed, so a trickling client cannot hold a worker, a
     * connection and its share of the body budget for ever.
     */
    @WithDefault("PT30S")
    java.time.Duration bodyDeadline();
}
