package io.mt5db.common;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Hands the configured bounds to {@link TimeBounds} before any request is served. */
@Startup
@ApplicationScoped
public class TimeBoundsSetup {

    @Inject
    TimeConfig config;

    @PostConstruct
    void apply() {
        TimeBounds.configure(config.maxFuture(), config.maxExpiry());
    }
}
