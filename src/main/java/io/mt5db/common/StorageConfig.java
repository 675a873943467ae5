package io.mt5db.common;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "mt5db.storage")
public interface StorageConfig {

    /** Where the embedded database and generated files (the first admin key) live. */
    @WithDefault("data")
    String dataDir();

    /** TimescaleDB only: compress candle chunks older than this. */
    @WithDefault("7D")
    Duration timescaleCompressAfter();

    /** TimescaleDB only: drop candle chunks older than this. */
    @WithDefault("90D")
    Duration timescaleCandleRetention();
}
