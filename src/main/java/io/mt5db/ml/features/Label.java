package io.mt5db.ml.features;

import java.time.Instant;

/** The label of the bar at {@code ts}: 1 when the forward log return over the horizon is above the dead band, 0 below. */
public record Label(Instant ts, double forwardReturn, int label) {
}
