package io.mt5db.ml;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Skips the ML module's scheduled runs (training poll, inference, retrain) while {@code mt5db.ml.enabled=false}. */
@ApplicationScoped
public class MlDisabled implements Scheduled.SkipPredicate {

    @Inject
    MlConfig config;

    @Override
    public boolean test(ScheduledExecution execution) {
        return !config.enabled();
    }
}
