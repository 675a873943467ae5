package io.mt5db.ml.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Metrics of a scorer on labelled rows. Class 1 (up) is the positive class. Precision, recall and F1 are
 * 0 when their denominator is 0 (no positive prediction, no positive label); AUC is 0.5 when the window
 * holds a single class, since there is nothing to rank.
 */
public final class Evaluation {

    /** Probabilities are clipped to [EPSILON, 1 - EPSILON] before the log loss. */
    public static final double EPSILON = 1e-15;

    private Evaluation() {
    }

    /** Accuracy, precision, recall and F1 of "up when score >= cut", AUC and log loss of the scores. */
    public static EvaluationMetrics metrics(double[] scores, int[] labels, double cut) {
        int truePositive = 0;
        int falsePositive = 0;
        int falseNegative = 0;
        int correct = 0;
        for (int i = 0; i < scores.length; i++) {
            boolean predictedUp = scores[i] >= cut;
            boolean up = labels[i] == 1;
            if (predictedUp == up) {
                correct++;
            }
            if (predictedUp && up) {
                truePositive++;
            } else if (predictedUp) {
                falsePositive++;
            } else if (up) {
                falseNegative++;
            }
        }
        double precision = ratio(truePositive, truePositive + falsePositive);
        double recall = ratio(truePositive, truePositive + falseNegative);
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new EvaluationMetrics(scores.length, ratio(correct, scores.length), precision, recall, f1,
                auc(scores, labels), logLoss(scores, labels));
    }

    /** Area under the ROC curve from ranks (Mann-Whitney U), tied scores sharing their average rank. */
    public static double auc(double[] scores, int[] labels) {
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double positiveRankSum = 0;
        long positives = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double averageRank = (i + j) / 2.0 + 1.0;
            for (int k = i; k <= j; k++) {
                if (labels[order[k]] == 1) {
                    positiveRankSum += averageRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return 0.5;
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    public static double logLoss(double[] scores, int[] labels) {
        if (scores.length == 0) {
            return 0;
        }
        double sum = 0;
        for (int i = 0; i < scores.length; i++) {
            double p = Math.min(1 - EPSILON, Math.max(EPSILON, scores[i]));
            sum -= labels[i] == 1 ? Math.log(p) : Math.log(1 - p);
        }
        return sum / scores.length;
    }

    /**
     * The signals at one threshold: BUY when prob >= threshold, SELL when prob <= 1 - threshold. Accuracy is
     * the share of signals whose direction matches the label; precision the share of BUYs labelled up;
     * recall the share of up labels that got a BUY.
     */
    public static ThresholdPoint signalsAt(double[] probs, int[] labels, double threshold) {
        int signals = 0;
        int correct = 0;
        int buys = 0;
        int correctBuys = 0;
        int ups = 0;
        for (int i = 0; i < probs.length; i++) {
            boolean up = labels[i] == 1;
            if (up) {
                ups++;
            }
            if (probs[i] >= threshold) {
                signals++;
                buys++;
                if (up) {
                    correct++;
                    correctBuys++;
                }
            } else if (probs[i] <= 1 - threshold) {
                signals++;
                if (!up) {
                    correct++;
                }
            }
        }
        return new ThresholdPoint(threshold, ratio(correct, signals), ratio(correctBuys, buys), ratio(correctBuys, ups),
                signals);
    }

    /** Thresholds 0.50, 0.51, ... 0.70. */
    public static List<ThresholdPoint> sweep(double[] probs, int[] labels) {
        List<ThresholdPoint> points = new ArrayList<>();
        for (int step = 0; step <= 20; step++) {
            points.add(signalsAt(probs, labels, (50 + step) / 100.0));
        }
        return points;
    }

    /**
     * The threshold of highest signal accuracy among those giving at least {@code minSignals} signals; the
     * lower threshold on a tie. 0.50 signals on every row, so there is always a candidate.
     */
    public static ThresholdPoint choose(List<ThresholdPoint> sweep, int minSignals) {
        ThresholdPoint best = sweep.get(0);
        for (ThresholdPoint point : sweep) {
            if (point.signals() >= minSignals && point.accuracy() > best.accuracy()) {
                best = point;
            }
        }
        return best;
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? 0 : (double) numerator / denominator;
    }
}
