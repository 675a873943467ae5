package io.mt5db.aggregation;

import io.mt5db.aggregation.math.PriceBasis;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "mt5db.aggregation")
public interface AggregationConfig {

    /** Runs the tick aggregator, roll-ups and tick retention on this process (off for the api role). */
    @WithDefault("true")
    boolean enabled();

    /** How often the aggregator and roll-ups run. */
    @WithDefault("1s")
    Duration interval();

    /** mid ((bid+ask)/2, default) or bid. */
    @WithDefault("mid")
    PriceBasis priceBasis();

    /** How long ticks are kept; older minutes are frozen (never rebuilt from partial ticks). */
    @WithDefault("7D")
    Duration tickRetention();

    /** How often tick retention runs. */
    @WithDefault("60s")
    Duration retentionInterval();

    /**
     * Threads of this process that work through the symbols of each job in parallel (each symbol is
     * still worked on by one of them at a time, as across processes).
     */
    @WithDefault("2")
    int workers();

    /** Most 5-second slices the aggregator recomputes in one transaction. */
    @WithDefault("2000")
    int sliceChunk();

    /** Most roll-up buckets claimed in one transaction. */
    @WithDefault("2000")
    int rollupChunk();

    /** Most ticks deleted in one retention transaction. */
    @WithDefault("50000")
    int retentionChunk();

    /** Longest a single job run keeps going before the next run continues (a backlog never pins it). */
    @WithDefault("5s")
    Duration runBudget();

    /** /health reports degraded when the aggregator or roll-ups lag more than this. */
    @WithDefault("120s")
    Duration maxHealthyLag();
}
