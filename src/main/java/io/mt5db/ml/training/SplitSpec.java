package io.mt5db.ml.training;

/**
 * Time-ordered train / validation / test split; test is what is left after train and validation.
 * Between consecutive parts {@code embargoBars} bars of time are dropped (at least the label horizon),
 * so no training label sees a validation or test bar.
 *
 * <p>The fractions count samples: train is the first trainFraction x n samples by ts, validation the
 * next validationFraction x n after the embargo, test everything after the second embargo.
 */
public record SplitSpec(double trainFraction, double validationFraction, int embargoBars) {

    public SplitSpec {
        if (!(trainFraction > 0) || !(validationFraction > 0) || !(trainFraction + validationFraction < 1)) {
            throw new IllegalArgumentException("trainFraction and validationFraction must be > 0 and leave room for"
                    + " a test window: " + trainFraction + " + " + validationFraction);
        }
        if (embargoBars < 0) {
            throw new IllegalArgumentException("embargoBars must be >= 0: " + embargoBars);
        }
    }

    /** 60 % train, 20 % validation, 20 % test, an embargo of exactly the label horizon. */
    public static SplitSpec defaults(int horizonBars) {
        return new SplitSpec(0.6, 0.2, horizonBars);
    }
}
