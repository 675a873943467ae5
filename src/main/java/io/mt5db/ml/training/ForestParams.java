package io.mt5db.ml.training;

/**
 * Random forest settings. {@code bins}: each feature is quantised to at most this many quantile bins
 * fitted on the training window (0 = raw values); {@code threads}: trees trained in parallel.
 */
public record ForestParams(int trees, int maxDepth, double featureFraction, long seed, double bootstrapFraction,
        int bins, int threads) {

    public static ForestParams defaults() {
        throw new UnsupportedOperationException("contract stub: implemented on branch ml-core");
    }
}
