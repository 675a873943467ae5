package io.mt5db.ml.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** A registered model without its bytes. {@code symbol} null: the timeframe's global model. */
public record ModelInfo(long id, String version, String symbol, String timeframe, String status, Instant createdAt,
        Instant activatedAt, Instant statusAt, Long jobId, JsonNode manifest) {

    public boolean isGlobal() {
        return symbol == null;
    }

    public double threshold() {
        return ModelManifest.threshold(manifest);
    }
}
