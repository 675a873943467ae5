package io.mt5db.ops;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * What this process serves, set by its role profile (see docs/roles.md): {@code api} and {@code all}
 * serve the HTTP API; {@code aggregator}, {@code indicators} and {@code ml} run jobs and answer only
 * health and metrics.
 */
@ConfigMapping(prefix = "mt5db.http")
public interface RoleConfig {

    /** Serve the API routes; when false only public routes (health, metrics) answer, the rest 404. */
    @WithDefault("true")
    boolean apiEnabled();
}
