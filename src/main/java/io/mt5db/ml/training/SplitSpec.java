package io.mt5db.ml.training;

/**
 * Time-ordered train / validation / test split; test is what is left after train and validation.
 * Between consecutive parts {@code embargoBars} bars of time are dropped (at least the label horizon),
 * so no training label sees a validation or test bar.
 */
public record SplitSpec(double trainFraction, double validationFraction, int embargoBars) {

    public static SplitSpec defaults(int horizonBars) {
        throw new UnsupportedOperationException("contract stub: implemented on branch ml-core");
    }
}
