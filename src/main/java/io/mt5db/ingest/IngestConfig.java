package io.mt5db.ingest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

@ConfigMapping(prefix = "mt5db.ingest")
public interface IngestConfig {

    /** The old system's switch: tick routes answer 410 Gone. */
    @WithDefault("false")
    boolean disableTickIngest();

    /** Largest request body, counted after gzip decompression. */
    @WithDefault("16777216")
    long maxBodyBytes();

    /** Most candles or ticks in one request. */
    @WithDefault("10000")
    int maxItems();

    /**
     * Request body bytes the ingest routes may hold at once (the tree built from them is about as
     * large); unset: a quarter of the maximum heap. Never less than {@link #maxBodyBytes()}.
     */
    OptionalLong bodyMemoryBudget();

    /**
     * The share of the body memory budget one API key (or one client address without a key) may hold
     * with its requests being read at once; past it that client's further requests get 429 with
     * Retry-After, so one client with many slow bodies cannot starve the others. Never less than one
     * largest body ({@link #maxBodyBytes()}), so it only protects when the budget is larger than that.
     */
    @WithDefault("0.25")
    double bodyMemoryShare();

    /** How long a request waits for its share of the body budget before it is answered 503. */
    @WithDefault("PT5S")
    Duration bodyMemoryWait();

    /**
     * The symbols ingest accepts (the old system's {@code SYMBOLS}); unset: any valid symbol. Items of
     * other symbols are rejected with reason {@code symbol_not_allowed}.
     */
    Optional<Set<String>> symbols();

    /** How far in the future a timestamp may lie (clock skew); later ones are rejected. */
    @WithDefault("PT5M")
    Duration maxFuture();
}
