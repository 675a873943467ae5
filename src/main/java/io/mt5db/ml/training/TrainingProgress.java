package io.mt5db.ml.training;

/** Progress of a training run: phase (features, fit, evaluation), rows seen and percent done (0-100). */
@FunctionalInterface
public interface TrainingProgress {

    TrainingProgress NONE = (phase, rows, percent) -> {
    };

    void update(String phase, long rows, double percent);
}
