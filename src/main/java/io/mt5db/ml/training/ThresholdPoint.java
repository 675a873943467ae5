package io.mt5db.ml.training;

/** One point of the validation threshold sweep: a signal is BUY when prob_up >= threshold, SELL when <= 1 - threshold. */
public record ThresholdPoint(double threshold, double accuracy, double precision, double recall, int signals) {
}
