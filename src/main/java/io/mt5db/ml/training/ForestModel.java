package io.mt5db.ml.training;

import java.util.List;

/**
 * A trained forest ready to predict: Tribuo's model plus the quantile bin edges fitted on its
 * training window. {@link #modelBytes()} is Tribuo's protobuf; {@link #binEdges()} goes into the manifest.
 */
public final class ForestModel {

    private ForestModel() {
    }

    /** Loads a stored model; it predicts exactly what it predicted before it was saved. */
    public static ForestModel load(byte[] modelBytes, double[][] binEdges, List<String> featureNames) {
        throw new UnsupportedOperationException("contract stub: implemented on branch ml-core");
    }

    /** Probability that the label is 1 (up) for one feature vector in {@link #featureNames()} order. */
    public double probUp(double[] features) {
        throw new UnsupportedOperationException("contract stub");
    }

    public byte[] modelBytes() {
        throw new UnsupportedOperationException("contract stub");
    }

    public double[][] binEdges() {
        throw new UnsupportedOperationException("contract stub");
    }

    public List<String> featureNames() {
        throw new UnsupportedOperationException("contract stub");
    }
}
