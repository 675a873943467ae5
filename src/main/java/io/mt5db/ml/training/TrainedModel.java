package io.mt5db.ml.training;

import io.mt5db.ml.features.FeatureSpec;

/**
 * The result of a training run: the model, the settings it was trained with, a fingerprint of the
 * training data (a hash over the bars it read) and the report.
 */
public record TrainedModel(ForestModel model, FeatureSpec featureSpec, ForestParams params, SplitSpec split,
        String dataFingerprint, TrainingReport report) {
}
