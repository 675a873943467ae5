package io.mt5db.ml.training;

import io.mt5db.ml.features.FeatureNames;
import io.mt5db.ml.features.FeatureSpec;
import io.mt5db.ml.features.MlBar;
import io.mt5db.ml.features.Sample;
import io.mt5db.ml.features.Samples;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.tribuo.Model;
import org.tribuo.classification.Label;

/**
 * Bars in, trained and evaluated model out. Pure: no framework, no JDBC.
 *
 * <p>Test metrics ({@link TrainingReport#model()}, {@code majority()}, {@code persistence()}) are those of a
 * binary call "up when the score is >= 0.5": for the model its probability, for the majority baseline the
 * constant train positive rate, for persistence 1 when the bar's last 1-bar return is up, else 0. The
 * threshold chosen on validation governs the signals (BUY >= threshold, SELL <= 1 - threshold); the sweep
 * describes them on validation and the verdict also reports them on test.
 */
public final class TrainingPipeline {

    /** Smallest windows that can be fitted and judged at all; the baseline rule asks for more test samples. */
    static final int MIN_TRAIN = 100;
    static final int MIN_VALIDATION = 30;
    static final int MIN_TEST = 30;
    /** A threshold is a candidate when it signals on at least this share of validation rows (and 30 rows). */
    static final double MIN_SIGNAL_SHARE = 0.05;
    static final int MIN_SIGNALS = 30;

    private TrainingPipeline() {
    }

    /**
     * Builds samples from {@code bars} (ascending), splits them by time with an embargo, fits the forest on
     * train, picks the threshold on validation, evaluates model and baselines on test.
     *
     * @throws IllegalArgumentException when there are too few samples to split (message says how many)
     */
    public static TrainedModel train(List<MlBar> bars, FeatureSpec featureSpec, ForestParams params, SplitSpec split,
            BaselineRule rule, TrainingProgress listener) {
        // trees and evaluation chunks finish on worker threads: the listener hears them one at a time
        TrainingProgress progress = (phase, rows, percent) -> {
            synchronized (listener) {
                listener.update(phase, rows, percent);
            }
        };
        if (split.embargoBars() < featureSpec.horizonBars()) {
            throw new IllegalArgumentException("embargo of " + split.embargoBars() + " bars is shorter than the label"
                    + " horizon of " + featureSpec.horizonBars() + " bars: training labels would see validation bars");
        }
        progress.update("features", 0, 0);
        List<Sample> samples = Samples.of(bars, featureSpec,
                (done, total) -> progress.update("features", done, 100.0 * done / total));
        Windows windows = Windows.split(samples, split, featureSpec);

        List<double[]> trainFeatures = features(samples, windows.trainFrom, windows.trainTo);
        double[][] edges = QuantileBins.fit(trainFeatures, FeatureNames.ALL.size(), params.bins());
        List<double[]> binned = new ArrayList<>(trainFeatures.size());
        for (double[] row : trainFeatures) {
            binned.add(QuantileBins.apply(row, edges));
        }
        trainFeatures = null;
        int[] trainLabels = labels(samples, windows.trainFrom, windows.trainTo);
        int trainRows = trainLabels.length;
        progress.update("fit", trainRows, 0);
        Model<Label> forest = ForestTrainer.fit(binned, trainLabels, FeatureNames.ALL, params,
                done -> progress.update("fit", trainRows, 100.0 * done / params.trees()));
        binned = null;
        ForestModel model = ForestModel.of(forest, edges, FeatureNames.ALL);

        int evaluationRows = (windows.validationTo - windows.validationFrom) + (windows.testTo - windows.testFrom);
        AtomicLong scored = new AtomicLong();
        progress.update("evaluation", 0, 0);
        Scorer scorer = (from, to) -> score(model, samples, from, to, params.threads(), rows -> {
            long total = scored.addAndGet(rows);
            progress.update("evaluation", total, 100.0 * total / evaluationRows);
        });
        double[] validationProbs = scorer.score(windows.validationFrom, windows.validationTo);
        int[] validationLabels = labels(samples, windows.validationFrom, windows.validationTo);
        List<ThresholdPoint> sweep = Evaluation.sweep(validationProbs, validationLabels);
        int minSignals = Math.max(MIN_SIGNALS, (int) Math.ceil(MIN_SIGNAL_SHARE * validationLabels.length));
        double threshold = Evaluation.choose(sweep, minSignals).threshold();

        double[] testProbs = scorer.score(windows.testFrom, windows.testTo);
        int[] testLabels = labels(samples, windows.testFrom, windows.testTo);
        double positiveRate = (double) IntStream.of(trainLabels).sum() / trainRows;
        double[] majorityScores = new double[testLabels.length];
        double[] persistenceScores = new double[testLabels.length];
        for (int i = 0; i < testLabels.length; i++) {
            majorityScores[i] = positiveRate;
            persistenceScores[i] = samples.get(windows.testFrom + i).features()[FeatureNames.RET_1] > 0 ? 1.0 : 0.0;
        }
        EvaluationMetrics modelMetrics = Evaluation.metrics(testProbs, testLabels, 0.5);
        EvaluationMetrics majority = Evaluation.metrics(majorityScores, testLabels, 0.5);
        EvaluationMetrics persistence = Evaluation.metrics(persistenceScores, testLabels, 0.5);
        ThresholdPoint testSignals = Evaluation.signalsAt(testProbs, testLabels, threshold);
        boolean beats = testLabels.length >= rule.minTestSamples()
                && modelMetrics.accuracy() >= majority.accuracy() + rule.margin()
                && modelMetrics.accuracy() >= persistence.accuracy() + rule.margin();
        String verdict = verdict(modelMetrics, majority, persistence, rule, beats, testSignals);
        progress.update("evaluation", evaluationRows, 100);

        TrainingReport report = new TrainingReport(ts(samples, windows.trainFrom), ts(samples, windows.trainTo - 1),
                ts(samples, windows.validationFrom), ts(samples, windows.validationTo - 1),
                ts(samples, windows.testFrom), ts(samples, windows.testTo - 1), trainRows, validationLabels.length,
                testLabels.length, threshold, List.copyOf(sweep), modelMetrics, majority, persistence, beats, verdict);
        return new TrainedModel(model, featureSpec, params, split, fingerprint(bars), report);
    }

    /**
     * SHA-256 over the bars read, hex: for each bar its ts (epoch seconds as 8 bytes, nanoseconds as 4) and
     * open, high, low, close (IEEE 754 bits, 8 bytes each), big-endian, in list order.
     */
    public static String fingerprint(List<MlBar> bars) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            ByteBuffer buffer = ByteBuffer.allocate(44);
            for (MlBar bar : bars) {
                buffer.clear();
                buffer.putLong(bar.ts().getEpochSecond()).putInt(bar.ts().getNano()).putDouble(bar.open())
                        .putDouble(bar.high()).putDouble(bar.low()).putDouble(bar.close());
                digest.update(buffer.array(), 0, buffer.position());
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    static String verdict(EvaluationMetrics model, EvaluationMetrics majority, EvaluationMetrics persistence,
            BaselineRule rule, boolean beats, ThresholdPoint testSignals) {
        String signals = String.format(Locale.ROOT,
                "; at the validation threshold %.2f it signals on %,d of %,d test bars, %.3f of them in the right"
                        + " direction", testSignals.threshold(), testSignals.signals(), model.samples(),
                testSignals.accuracy());
        if (beats) {
            double lead = model.accuracy() - Math.max(majority.accuracy(), persistence.accuracy());
            return String.format(Locale.ROOT, "beats both baselines by %.3f on %,d test samples (accuracy %.3f vs"
                    + " majority %.3f and persistence %.3f, margin %.3f)", lead, model.samples(), model.accuracy(),
                    majority.accuracy(), persistence.accuracy(), rule.margin()) + signals;
        }
        if (model.samples() < rule.minTestSamples()) {
            return String.format(Locale.ROOT, "cannot claim to beat the baselines: %,d test samples, the rule needs"
                    + " %,d (accuracy %.3f vs majority %.3f and persistence %.3f)", model.samples(),
                    rule.minTestSamples(), model.accuracy(), majority.accuracy(), persistence.accuracy()) + signals;
        }
        List<String> missed = new ArrayList<>();
        if (model.accuracy() < majority.accuracy() + rule.margin()) {
            missed.add(String.format(Locale.ROOT, "the majority baseline (%.3f vs %.3f + margin %.3f)",
                    model.accuracy(), majority.accuracy(), rule.margin()));
        }
        if (model.accuracy() < persistence.accuracy() + rule.margin()) {
            missed.add(String.format(Locale.ROOT, "the persistence baseline (%.3f vs %.3f + margin %.3f)",
                    model.accuracy(), persistence.accuracy(), rule.margin()));
        }
        return "does not beat " + String.join(" nor ", missed) + " on " + String.format(Locale.ROOT, "%,d",
                model.samples()) + " test samples: the data holds nothing this model can learn" + signals;
    }

    @FunctionalInterface
    private interface Scorer {
        double[] score(int from, int to);
    }

    /** probUp of samples [from, to) on {@code threads} threads; {@code scoredRows} hears each chunk done. */
    private static double[] score(ForestModel model, List<Sample> samples, int from, int to, int threads,
            java.util.function.IntConsumer scoredRows) {
        double[] probs = new double[to - from];
        int chunk = 2_000;
        int chunks = (probs.length + chunk - 1) / chunk;
        java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(threads);
        try {
            pool.submit(() -> IntStream.range(0, chunks).parallel().forEach(c -> {
                int end = Math.min(probs.length, (c + 1) * chunk);
                for (int i = c * chunk; i < end; i++) {
                    probs[i] = model.probUp(samples.get(from + i).features());
                }
                scoredRows.accept(end - c * chunk);
            })).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("evaluation interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("evaluation failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return probs;
    }

    private static List<double[]> features(List<Sample> samples, int from, int to) {
        List<double[]> rows = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            rows.add(samples.get(i).features());
        }
        return rows;
    }

    private static int[] labels(List<Sample> samples, int from, int to) {
        int[] labels = new int[to - from];
        for (int i = from; i < to; i++) {
            labels[i - from] = samples.get(i).label();
        }
        return labels;
    }

    private static Instant ts(List<Sample> samples, int index) {
        return samples.get(index).ts();
    }

    /** Index ranges [from, to) of the three windows over the samples. */
    static final class Windows {
        final int trainFrom;
        final int trainTo;
        final int validationFrom;
        final int validationTo;
        final int testFrom;
        final int testTo;

        private Windows(int trainTo, int validationFrom, int validationTo, int testFrom, int testTo) {
            this.trainFrom = 0;
            this.trainTo = trainTo;
            this.validationFrom = validationFrom;
            this.validationTo = validationTo;
            this.testFrom = testFrom;
            this.testTo = testTo;
        }

        /** A part starts at the first sample more than embargoBars bar lengths after the previous part's last. */
        static Windows split(List<Sample> samples, SplitSpec split, FeatureSpec featureSpec) {
            int n = samples.size();
            java.time.Duration embargo = featureSpec.barLength().multipliedBy(split.embargoBars());
            int trainTo = (int) (n * split.trainFraction());
            int validationFrom = trainTo == 0 ? 0 : firstAfter(samples, trainTo, ts(samples, trainTo - 1).plus(embargo));
            int validationTo = Math.min(n, validationFrom + (int) (n * split.validationFraction()));
            int testFrom = validationTo <= validationFrom ? n
                    : firstAfter(samples, validationTo, ts(samples, validationTo - 1).plus(embargo));
            Windows windows = new Windows(trainTo, validationFrom, validationTo, testFrom, n);
            int train = trainTo;
            int validation = validationTo - validationFrom;
            int test = n - testFrom;
            if (train < MIN_TRAIN || validation < MIN_VALIDATION || test < MIN_TEST) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "too few samples to split: %,d samples"
                        + " with features and a label (train %,d, validation %,d, test %,d after an embargo of %d bars);"
                        + " need at least %d, %d and %d", n, train, validation, test, split.embargoBars(), MIN_TRAIN,
                        MIN_VALIDATION, MIN_TEST));
            }
            long positives = samples.subList(0, trainTo).stream().filter(s -> s.label() == 1).count();
            if (positives == 0 || positives == train) {
                throw new IllegalArgumentException("the training window holds a single class (" + positives + " up of "
                        + train + " samples): nothing to learn");
            }
            return windows;
        }

        private static int firstAfter(List<Sample> samples, int from, Instant limit) {
            int i = from;
            while (i < samples.size() && !samples.get(i).ts().isAfter(limit)) {
                i++;
            }
            return i;
        }
    }
}
