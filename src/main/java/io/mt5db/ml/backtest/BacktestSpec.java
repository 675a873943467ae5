package io.mt5db.ml.backtest;

/**
 * How a backtest trades: BUY when prob_up >= threshold, SELL when <= 1 - threshold, at the next bar's
 * open; exit at SL/TP (ATR multiples of the signal bar) or after horizonBars; the bar's spread is paid
 * on entry. {@code pipSize} converts price to pips.
 */
public record BacktestSpec(double threshold, double slAtrMultiple, double tpAtrMultiple, int horizonBars,
        double pipSize) {
}
