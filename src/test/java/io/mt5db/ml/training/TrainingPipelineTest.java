package io.mt5db.ml.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mt5db.ml.SyntheticSeries;
import io.mt5db.ml.features.FeatureNames;
import io.mt5db.ml.features.FeatureSpec;
import io.mt5db.ml.features.MlBar;
import io.mt5db.ml.features.Sample;
import io.mt5db.ml.features.Samples;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingPipelineTest {

    private static final FeatureSpec SPEC = FeatureSpec.defaults(Duration.ofMinutes(1));
    /** Few, shallow trees: the tests check behaviour, not the production settings. */
    private static final ForestParams SMALL = new ForestParams(20, 6, 0.5, 42L, 1.0, 64, 2);

    private static TrainedModel train(List<MlBar> bars, List<String> phases) {
        return TrainingPipeline.train(bars, SPEC, SMALL, SplitSpec.defaults(SPEC.horizonBars()),
                BaselineRule.defaults(), (phase, rows, percent) -> phases.add(phase));
    }

    @Test
    void aPlantedMeanReversionIsLearnedAndBeatsBothBaselines() {
        List<MlBar> bars = new SyntheticSeries(1).missing(0.05).gaps(0.001, 30)
                .generate(8_000, SyntheticSeries.meanReverting(2e-4, 0.15));
        List<String> phases = new ArrayList<>();
        TrainingReport report = train(bars, phases).report();

        assertTrue(report.testRows() >= 1_000, "test rows " + report.testRows());
        assertTrue(report.beatsBaselines(), report.verdict());
        assertTrue(report.verdict().startsWith("beats both baselines"), report.verdict());
        assertTrue(report.model().auc() > 0.6, "auc " + report.model().auc());
        assertEquals(List.of("features", "fit", "evaluation"), phases.stream().distinct().toList());
    }

    @Test
    void aRandomWalkDoesNotClaimToBeatTheBaselines() {
        // a long series: labels over overlapping 5-bar horizons make a test window worth about a fifth of
        // its rows, and the rule's margin of 0.02 must stand well above that noise
        List<MlBar> bars = new SyntheticSeries(2).missing(0.05).gaps(0.001, 30)
                .generate(30_000, SyntheticSeries.randomWalk(2e-4));
        TrainingReport report = train(bars, new ArrayList<>()).report();

        assertTrue(report.testRows() >= 5_000, "test rows " + report.testRows());
        assertFalse(report.beatsBaselines(), report.verdict());
        assertTrue(report.verdict().startsWith("does not beat"), report.verdict());
        // four standard errors of a fair coin's accuracy on test rows worth horizonBars rows each
        double noise = 4 * Math.sqrt(0.25 * SPEC.horizonBars() / report.testRows());
        assertEquals(0.5, report.model().accuracy(), noise, report.verdict());
        assertEquals(0.5, report.model().auc(), noise, "auc");
    }

    @Test
    void theWindowsAreOrderedAndSeparatedByTheEmbargo() {
        List<MlBar> bars = new SyntheticSeries(3).generate(3_000, SyntheticSeries.randomWalk(2e-4));
        TrainedModel trained = train(bars, new ArrayList<>());
        TrainingReport r = trained.report();
        Duration embargo = SPEC.horizon();
        assertTrue(r.trainFrom().isBefore(r.trainTo()));
        assertTrue(r.validationFrom().isAfter(r.trainTo().plus(embargo)), r.trainTo() + " " + r.validationFrom());
        assertTrue(r.testFrom().isAfter(r.validationTo().plus(embargo)), r.validationTo() + " " + r.testFrom());
        assertTrue(r.validationTo().isAfter(r.validationFrom()) && r.testTo().isAfter(r.testFrom()));
        assertEquals(21, r.sweep().size());
        assertTrue(r.sweep().stream().anyMatch(p -> p.threshold() == r.threshold()));
        assertEquals(64, trained.dataFingerprint().length());
        assertEquals(TrainingPipeline.fingerprint(bars), trained.dataFingerprint());
    }

    @Test
    void theBinEdgesAreFittedOnTheTrainingWindowOnly() {
        List<MlBar> bars = new SyntheticSeries(7).generate(3_000, SyntheticSeries.randomWalk(2e-4));
        TrainedModel trained = train(bars, new ArrayList<>());
        TrainingReport r = trained.report();
        List<double[]> trainRows = Samples.of(bars, SPEC).stream()
                .filter(s -> !s.ts().isBefore(r.trainFrom()) && !s.ts().isAfter(r.trainTo()))
                .map(Sample::features).toList();
        assertEquals(r.trainRows(), trainRows.size());
        double[][] expected = QuantileBins.fit(trainRows, FeatureNames.ALL.size(), SMALL.bins());
        double[][] actual = trained.model().binEdges();
        for (int f = 0; f < expected.length; f++) {
            assertArrayEquals(expected[f], actual[f], FeatureNames.ALL.get(f));
        }
    }

    @Test
    void tooFewSamplesIsRefusedWithTheCounts() {
        List<MlBar> bars = new SyntheticSeries(4).generate(150, SyntheticSeries.randomWalk(2e-4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> train(bars, new ArrayList<>()));
        assertTrue(e.getMessage().startsWith("too few samples to split"), e.getMessage());
    }

    @Test
    void anEmbargoShorterThanTheHorizonIsRefused() {
        List<MlBar> bars = new SyntheticSeries(5).generate(1_000, SyntheticSeries.randomWalk(2e-4));
        assertThrows(IllegalArgumentException.class, () -> TrainingPipeline.train(bars, SPEC, SMALL,
                new SplitSpec(0.6, 0.2, SPEC.horizonBars() - 1), BaselineRule.defaults(), TrainingProgress.NONE));
    }

    @Test
    void theFingerprintChangesWithAnyPrice() {
        List<MlBar> bars = new SyntheticSeries(6).generate(100, SyntheticSeries.randomWalk(2e-4));
        List<MlBar> changed = new ArrayList<>(bars);
        MlBar b = bars.get(50);
        changed.set(50, new MlBar(b.ts(), b.open(), b.high(), b.low(), Math.nextUp(b.close()), b.volume(), b.spread(),
                b.rsi(), b.macd(), b.macdSignal(), b.macdHist(), b.atr(), b.bbUpper(), b.bbMiddle(), b.bbLower()));
        assertFalse(TrainingPipeline.fingerprint(bars).equals(TrainingPipeline.fingerprint(changed)));
    }
}
