package io.mt5db.ml.features;

import java.util.List;
import java.util.Optional;

/** Features of a bar from that bar and earlier ones only (no look-ahead). Pure: no framework, no JDBC. */
public final class FeatureBuilder {

    public FeatureBuilder(FeatureSpec spec) {
        throw new UnsupportedOperationException("contract stub: implemented on branch ml-core");
    }

    /**
     * The features of {@code bars.get(index)}, reading bars[0..index] only; empty when its windows are
     * incomplete, cross a gap longer than the spec allows, or an indicator it needs is null.
     * {@code bars} is ascending by ts.
     */
    public Optional<FeatureRow> featuresAt(List<MlBar> bars, int index) {
        throw new UnsupportedOperationException("contract stub");
    }

    /** Every bar of {@code bars} that has complete features, ascending. */
    public List<FeatureRow> build(List<MlBar> bars) {
        throw new UnsupportedOperationException("contract stub");
    }
}
