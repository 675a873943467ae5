package io.mt5db.ml.training;

import java.time.Instant;
import java.util.List;

/**
 * What a training run measured: the three windows, the threshold chosen on validation and its sweep,
 * and test metrics of the model beside the majority and persistence baselines.
 */
public record TrainingReport(Instant trainFrom, Instant trainTo, Instant validationFrom, Instant validationTo,
        Instant testFrom, Instant testTo, int trainRows, int validationRows, int testRows, double threshold,
        List<ThresholdPoint> sweep, EvaluationMetrics model, EvaluationMetrics majority,
        EvaluationMetrics persistence, boolean beatsBaselines, String verdict) {
}
