package io.mt5db.market;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

@RegisterForReflection
public record TickRow(String symbol, Instant ts, double bid, double ask, Double last, Double volume, Integer flags) {
}
