package io.mt5db.ml.backtest;

import java.time.Instant;

/** Cumulative P&L in pips after the trade that closed at {@code ts}. */
public record EquityPoint(Instant ts, double equityPips) {
}
