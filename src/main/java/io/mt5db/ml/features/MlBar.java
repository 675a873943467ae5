package io.mt5db.ml.features;

import java.time.Instant;

/**
 * One stored candle of a series with its indicator values, as the ML code reads it. Indicator fields
 * are null while the indicator warms up (or before the indicator job reached the bar).
 */
public record MlBar(Instant ts, double open, double high, double low, double close, Long volume, Double spread,
        Double rsi, Double macd, Double macdSignal, Double macdHist, Double atr,
        Double bbUpper, Double bbMiddle, Double bbLower) {
}
