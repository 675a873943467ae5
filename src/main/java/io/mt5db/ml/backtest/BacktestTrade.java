package io.mt5db.ml.backtest;

import java.time.Instant;

/** One simulated trade; {@code exitReason} is SL, TP or HORIZON. */
public record BacktestTrade(Instant signalTs, Instant entryTs, Instant exitTs, String side, double entryPrice,
        double exitPrice, double pips, String exitReason) {
}
