package io.mt5db.ml.features;

import java.util.List;

/** Bars to training samples: every bar with complete features and a label, ascending by ts. */
public final class Samples {

    private Samples() {
    }

    public static List<Sample> of(List<MlBar> bars, FeatureSpec spec) {
        throw new UnsupportedOperationException("contract stub: implemented on branch ml-core");
    }
}
