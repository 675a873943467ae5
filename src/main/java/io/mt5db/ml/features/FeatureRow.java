package io.mt5db.ml.features;

import java.time.Instant;

/** The features of the bar at {@code ts}, in the order of {@link FeatureNames#ALL}. */
public record FeatureRow(Instant ts, double[] values) {
}
