package io.mt5db.common;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The bounds of {@link TimeBounds}: {@code mt5db.time.max-future} follows {@code mt5db.ingest.max-future}. */
@ConfigMapping(prefix = "mt5db.time")
public interface TimeConfig {

    /** How far ahead of the server clock a timestamp may lie. */
    @WithDefault("PT5M")
    Duration maxFuture();

    /** The longest expiry of a key or a signal. */
    @WithDefault("P3650D")
    Duration maxExpiry();
}
