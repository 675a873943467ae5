package io.mt5db.ml.backtest;

import java.util.List;

/**
 * Walk-forward backtest figures. accuracy and precision are of the directional predictions against the
 * labels; sharpe is per-trade returns annualised by trades per year in the window; the pass flags
 * compare with the runbook's thresholds (accuracy > 0.55, precision > 0.60, Sharpe > 1.0), reported,
 * never tuned for.
 */
public record BacktestResult(int bars, int trades, double hitRate, double totalPips, double sharpe,
        double maxDrawdownPips, double accuracy, double precision, boolean passAccuracy, boolean passPrecision,
        boolean passSharpe, boolean passed, List<EquityPoint> equityCurve, List<BacktestTrade> tradeList) {
}
