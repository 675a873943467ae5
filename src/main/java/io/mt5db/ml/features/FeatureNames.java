package io.mt5db.ml.features;

import java.util.List;

/** The model's feature columns (SPEC section 4), in the order of every feature vector. */
public final class FeatureNames {

    /** Filled in on branch ml-core; the names are part of every stored model's manifest. */
    public static final List<String> ALL = List.of();

    private FeatureNames() {
    }
}
