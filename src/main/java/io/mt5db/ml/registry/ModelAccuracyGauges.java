package io.mt5db.ml.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * {@code ml_model_accuracy{symbol,timeframe,model_version,status}}: the test accuracy of every active and
 * shadow model, from its manifest, so that the Mt5dbModelAccuracyLow alert sees a serving model whose
 * measured accuracy is under the runbook's 0.55. Refreshed from the registry every minute (any role:
 * each process that exposes /metrics reports the same registry) and after an activation in this process.
 */
@ApplicationScoped
public class ModelAccuracyGauges {

    private static final Logger LOG = Logger.getLogger(ModelAccuracyGauges.class);

    @Inject
    ModelRegistry registry;

    private final MultiGauge accuracy;

    @Inject
    public ModelAccuracyGauges(MeterRegistry meters) {
        this.accuracy = MultiGauge.builder("ml.model.accuracy")
                .description("Test-window accuracy of each active or shadow model (from its training report)")
                .register(meters);
    }

    @Scheduled(identity = "ml-model-accuracy", every = "60s", delayed = "5s")
    void scheduled() {
        refresh();
    }

    void onStatusChange(@Observes ModelRegistry.ModelStatusChanged change) {
        refresh();
    }

    /** Re-reads the serving models; a database error keeps the last values. */
    public void refresh() {
        try {
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            for (String status : List.of("active", "shadow")) {
                for (ModelInfo model : registry.list(null, null, status, 1000)) {
                    JsonNode value = model.manifest() == null ? null
                            : model.manifest().path("metrics").path("model").path("accuracy");
                    if (value == null || !value.isNumber()) {
                        continue;
                    }
                    rows.add(MultiGauge.Row.of(Tags.of("symbol", model.symbol() == null ? "*" : model.symbol(),
                            "timeframe", model.timeframe(), "model_version", model.version(), "status", status),
                            value.doubleValue()));
                }
            }
            accuracy.register(rows, true);
        } catch (SQLException | RuntimeException e) {
            LOG.debugf("ml_model_accuracy not refreshed: %s", e.getMessage());
        }
    }
}
