package io.mt5db.ml.training;

import io.mt5db.ml.features.FeatureSpec;
import io.mt5db.ml.features.MlBar;
import java.util.List;

/** Bars in, trained and evaluated model out. Pure: no framework, no JDBC. */
public final class TrainingPipeline {

    private TrainingPipeline() {
    }

    /**
     * Builds samples from {@code bars} (ascending), splits them by time with an embargo, fits the forest on
     * train, picks the threshold on validation, evaluates model and baselines on test.
     *
     * @throws IllegalArgumentException when there are too few samples to split (message says how many)
     */
    public static TrainedModel train(List<MlBar> bars, FeatureSpec featureSpec, ForestParams params, SplitSpec split,
            BaselineRule rule, TrainingProgress progress) {
        throw new UnsupportedOperationException("contract stub: implemented on branch ml-core");
    }
}
