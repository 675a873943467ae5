package io.mt5db.ml.features;

import java.time.Instant;

/** One training row: features of ts, its label and forward return. */
public record Sample(Instant ts, double[] features, int label, double forwardReturn) {
}
