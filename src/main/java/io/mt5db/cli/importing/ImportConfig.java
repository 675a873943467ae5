package io.mt5db.cli.importing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "mt5db.import")
public interface ImportConfig {

    /**
     * Batches stored at once by {@code import}, each in its own transaction on its own connection,
     * while the file goes on being parsed. 1: strictly one after the other.
     */
    @WithDefault("3")
    int writers();
}
