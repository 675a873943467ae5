package io.mt5db.market;

import java.time.Instant;

public record TickRow(String symbol, Instant ts, double bid, double ask, Double last, Double volume, Integer flags) {
}
