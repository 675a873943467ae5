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
     * The whole-body deadline (property {@code mt5db.http.body-prefetch.body-deadline}, env
     * MT5DB_BODY_DEADLINE): a request whose body has not fully arrived this long after its headers is
     * answered 408 and its connection closed, so a trickling client cannot hold a worker, a
     * connection and its share of the body budget for ever.
     */
    @WithDefault("PT30S")
    java.time.Duration bodyDeadline();
}
