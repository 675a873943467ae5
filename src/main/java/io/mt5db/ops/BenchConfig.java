package io.mt5db.ops;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Switches for the ingest benchmark (bench/ingest.sh); all off in production. */
@ConfigMapping(prefix = "mt5db.bench")
public interface BenchConfig {

    /** Serves POST /bench/noop, the transport-only ceiling the ingest benchmark compares against. */
    @WithDefault("false")
    boolean noopRoute();
}
