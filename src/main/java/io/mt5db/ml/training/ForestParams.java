package io.mt5db.ml.training;

/**
 * Random forest settings. {@code bins}: each feature is quantised to at most this many quantile bins
 * fitted on the training window (0 = raw values); {@code threads}: trees trained in parallel.
 *
 * <p>Each leaf holds at least 0.2 % of its tree's bootstrap sample (ForestTrainer.MIN_LEAF_SHARE), which
 * keeps a 100-tree model of 500,000 M1 bars to a storable size.
 *
 * <p>{@code bootstrapFraction}: each tree is fitted on a bootstrap sample (with replacement) of
 * bootstrapFraction x train rows; 1.0 is the classic bagging, lower values trade a little accuracy per
 * tree for a proportionally faster fit.
 */
public record ForestParams(int trees, int maxDepth, double featureFraction, long seed, double bootstrapFraction,
        int bins, int threads) {

    public ForestParams {
        if (trees < 1 || maxDepth < 1 || threads < 1) {
            throw new IllegalArgumentException("trees, maxDepth and threads must be >= 1: " + trees + ", " + maxDepth
                    + ", " + threads);
        }
        if (!(featureFraction > 0 && featureFraction <= 1)) {
            throw new IllegalArgumentException("featureFraction must be in (0, 1]: " + featureFraction);
        }
        if (!(bootstrapFraction > 0 && bootstrapFraction <= 1)) {
            throw new IllegalArgumentException("bootstrapFraction must be in (0, 1]: " + bootstrapFraction);
        }
        if (bins < 0 || bins == 1) {
            throw new IllegalArgumentException("bins must be 0 (raw values) or >= 2: " + bins);
        }
    }

    /**
     * 100 trees of depth 12, half the features tried at each split, seed 42, bootstrap samples of half the
     * training rows, 64 quantile bins, one thread per available processor (bench/README.md, "ML training").
     * Bins: Tribuo's CART spends most of a tree splitting every feature's inverted index (one entry per
     * distinct value) at every node, so a tree on continuous values costs about 15 times one on 256 values;
     * on 150,000 synthetic M1 bars 64 bins cost 1.13 CPU s per tree against 1.53 s for 128 (32: 1.07 s), at
     * the same test accuracy. Bootstrap 0.5: on 500,000 bars the fit took 96 CPU s instead of 231 for a
     * test accuracy of 0.544 instead of 0.545 (AUC 0.563 / 0.564), which keeps training within the
     * three-minute budget on two cores.
     */
    public static ForestParams defaults() {
        return new ForestParams(100, 12, 0.5, 42L, 0.5, 64, Runtime.getRuntime().availableProcessors());
    }

    public ForestParams withThreads(int value) {
        return new ForestParams(trees, maxDepth, featureFraction, seed, bootstrapFraction, bins, value);
    }
}
