package io.mt5db.ml.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EvaluationTest {

    /** AUC by its definition: the share of (positive, negative) pairs ranked right, ties counting half. */
    private static double pairwiseAuc(double[] scores, int[] labels) {
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < scores.length; i++) {
            for (int j = 0; j < scores.length; j++) {
                if (labels[i] == 1 && labels[j] == 0) {
                    pairs++;
                    wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                }
            }
        }
        return wins / pairs;
    }

    @Test
    void rankAucEqualsThePairwiseDefinitionWithTies() {
        Random random = new Random(5);
        for (int round = 0; round < 50; round++) {
            int n = 2 + random.nextInt(200);
            double[] scores = new double[n];
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                scores[i] = random.nextInt(6) / 5.0;
                labels[i] = random.nextBoolean() ? 1 : 0;
            }
            labels[0] = 1;
            labels[1] = 0;
            assertEquals(pairwiseAuc(scores, labels), Evaluation.auc(scores, labels), 1e-12);
        }
    }

    @Test
    void aucOfAConstantScoreOrASingleClassIsOneHalf() {
        assertEquals(0.5, Evaluation.auc(new double[] {0.3, 0.3, 0.3}, new int[] {1, 0, 1}));
        assertEquals(0.5, Evaluation.auc(new double[] {0.1, 0.9}, new int[] {1, 1}));
    }

    @Test
    void logLossClipsCertainMistakes() {
        // p = 1 is clipped to 1 - 1e-15: the wrong call costs -ln(1 - (1 - 1e-15)), the right one -ln(1 - 1e-15)
        double clipped = 1 - 1e-15;
        double expected = (-Math.log(1 - clipped) - Math.log(clipped)) / 2;
        assertEquals(expected, Evaluation.logLoss(new double[] {1.0, 1.0}, new int[] {0, 1}), 1e-9);
        assertEquals(-Math.log(0.8), Evaluation.logLoss(new double[] {0.8}, new int[] {1}), 1e-15);
    }

    @Test
    void metricsCountTheConfusionMatrixAtTheCut() {
        double[] scores = {0.9, 0.6, 0.5, 0.4, 0.2, 0.7};
        int[] labels = {1, 0, 1, 1, 0, 1};
        // up at >= 0.5: 0.9 TP, 0.6 FP, 0.5 TP, 0.4 FN, 0.2 TN, 0.7 TP
        EvaluationMetrics m = Evaluation.metrics(scores, labels, 0.5);
        assertEquals(6, m.samples());
        assertEquals(4.0 / 6, m.accuracy(), 1e-15);
        assertEquals(3.0 / 4, m.precision(), 1e-15);
        assertEquals(3.0 / 4, m.recall(), 1e-15);
        assertEquals(0.75, m.f1(), 1e-15);
        assertEquals(pairwiseAuc(scores, labels), m.auc(), 1e-15);
    }

    @Test
    void signalsCountBuysAboveAndSellsBelowTheMirroredThreshold() {
        double[] probs = {0.8, 0.65, 0.5, 0.35, 0.2, 0.61};
        int[] labels = {1, 0, 1, 0, 1, 1};
        // threshold 0.6: BUY 0.8 (right), 0.65 (wrong), 0.61 (right); SELL 0.35 (right), 0.2 (wrong)
        ThresholdPoint p = Evaluation.signalsAt(probs, labels, 0.6);
        assertEquals(5, p.signals());
        assertEquals(3.0 / 5, p.accuracy(), 1e-15);
        assertEquals(2.0 / 3, p.precision(), 1e-15);
        assertEquals(2.0 / 4, p.recall(), 1e-15);
    }

    @Test
    void theChosenThresholdIsTheMostAccurateWithEnoughSignals() {
        List<ThresholdPoint> sweep = List.of(new ThresholdPoint(0.50, 0.52, 0, 0, 1000),
                new ThresholdPoint(0.55, 0.56, 0, 0, 300), new ThresholdPoint(0.60, 0.70, 0, 0, 20),
                new ThresholdPoint(0.65, 0.56, 0, 0, 100));
        assertEquals(0.55, Evaluation.choose(sweep, 50).threshold());
        assertEquals(0.60, Evaluation.choose(sweep, 10).threshold());
        assertEquals(0.50, Evaluation.choose(sweep, 2000).threshold(), "0.50 signals on every row");
        assertEquals(21, Evaluation.sweep(new double[] {0.5}, new int[] {1}).size());
    }
}
