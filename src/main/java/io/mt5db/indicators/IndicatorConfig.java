package io.mt5db.indicators;

import io.mt5db.indicators.math.IndicatorConvention;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "mt5db.indicators")
public interface IndicatorConfig {

    /** Whether this process runs the indicator job. */
    @WithDefault("true")
    boolean enabled();

    /** How often the job looks for changed series (the freshness of indicators depends on it). */
    @WithDefault("1s")
    String interval();

    /**
     * {@code talib} (TA-Lib 0.6, the default) or {@code mt5} (MetaTrader 5's built-ins). Changing it
     * recomputes every series fully on the next start.
     */
    @WithDefault("talib")
    IndicatorConvention convention();

    /** Most bars one transaction reads (several small series share a chunk; a large one takes several). */
    @WithDefault("100000")
    int chunkBars();

    /** A calculator state is kept every this many bars, so a late bar replays at most this many. */
    @WithDefault("500")
    int checkpointInterval();

    /** Longest one scheduled run keeps taking new chunks before it leaves the rest to the next run. */
    @WithDefault("30s")
    Duration runBudget();
}
