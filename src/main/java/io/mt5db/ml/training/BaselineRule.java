package io.mt5db.ml.training;

/**
 * SPEC section 4: a model beats the baselines when its test accuracy exceeds both the majority and the
 * persistence baseline's by at least {@code margin}, on at least {@code minTestSamples} test samples.
 */
public record BaselineRule(double margin, int minTestSamples) {

    public static BaselineRule defaults() {
        return new BaselineRule(0.02, 1000);
    }
}
