package io.mt5db.ml.training;

/** Classification metrics of one scorer on one window at one threshold (class 1 = up is the positive class). */
public record EvaluationMetrics(int samples, double accuracy, double precision, double recall, double f1, double auc,
        double logLoss) {
}
