package io.mt5db.signals;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "mt5db.signals")
public interface SignalsConfig {

    /** Runs the expiry and retention sweep on this process. */
    @WithDefault("true")
    boolean enabled();

    /** How often the sweep runs (Quarkus scheduler syntax: 5s, 1m). */
    @WithDefault("5s")
    String interval();

    /** How long a delivered, unacked signal stays with its poller before it may be delivered again. */
    @WithDefault("PT60S")
    Duration lease();

    /** TTL of a signal created without ttl_sec. */
    @WithDefault("PT5M")
    Duration defaultTtl();

    /** Cancelled and expired signals (with their deliveries) are deleted this long after creation. */
    @WithDefault("P90D")
    Duration retention();

    /** Most signals one poll may claim (the limit parameter). */
    @WithDefault("100")
    int maxPollLimit();

    /** Largest request body, counted after gzip decompression (same default as ingest). */
    @WithDefault("16777216")
    long maxBodyBytes();

    /** Most trade events in one request. */
    @WithDefault("10000")
    int maxItems();
}
