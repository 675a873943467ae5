package io.mt5db.ml.features;

import java.util.List;
import java.util.Optional;

/**
 * Labels over a time horizon with a dead band. A bar without a future (no bar at or before ts + horizon
 * within the gap tolerance, or the series ends first) or inside the dead band has no label: it is
 * excluded, never labelled 0.
 */
public final class Labeler {

    public Labeler(FeatureSpec spec) {
        throw new UnsupportedOperationException("contract stub: implemented on branch ml-core");
    }

    public Optional<Label> labelAt(List<MlBar> bars, int index) {
        throw new UnsupportedOperationException("contract stub");
    }
}
