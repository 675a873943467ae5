package io.mt5db.indicators.math;

/** One candle as the indicators need it. Non-finite prices are rejected: a NaN would poison every later state. */
public record Bar(double high, double low, double close) {
    public Bar {
        if (!Double.isFinite(high) || !Double.isFinite(low) || !Double.isFinite(close)) {
            throw new IllegalArgumentException("non-finite price in bar: high=" + high + " low=" + low + " close=" + close);
        }
    }
}
