package io.mt5db.indicators.math;

/** All indicator columns for one bar; a null field means the indicator is still warming up. */
public record IndicatorValues(
        Double rsi,
        Double macd,
        Double macdSignal,
        Double macdHist,
        Double atr,
        Double bbUpper,
        Double bbMiddle,
        Double bbLower) {
}
