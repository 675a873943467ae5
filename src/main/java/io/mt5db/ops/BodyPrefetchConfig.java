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
}
