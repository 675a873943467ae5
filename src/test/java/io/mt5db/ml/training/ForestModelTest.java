package io.mt5db.ml.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mt5db.ml.SyntheticSeries;
import io.mt5db.ml.features.FeatureNames;
import io.mt5db.ml.features.FeatureSpec;
import io.mt5db.ml.features.MlBar;
import io.mt5db.ml.features.Sample;
import io.mt5db.ml.features.Samples;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForestModelTest {

    private static final FeatureSpec SPEC = FeatureSpec.defaults(Duration.ofMinutes(1));

    @Test
    void aLoadedModelPredictsExactlyWhatItPredictedBeforeItWasSaved() {
        List<MlBar> bars = new SyntheticSeries(21).missing(0.05).generate(3_000,
                SyntheticSeries.meanReverting(2e-4, 0.15));
        TrainedModel trained = TrainingPipeline.train(bars, SPEC, new ForestParams(10, 6, 0.5, 7L, 1.0, 32, 2),
                SplitSpec.defaults(5), BaselineRule.defaults(), TrainingProgress.NONE);
        ForestModel original = trained.model();
        ForestModel loaded = ForestModel.load(original.modelBytes(), original.binEdges(), original.featureNames());

        List<Sample> samples = Samples.of(bars, SPEC);
        int distinct = 0;
        double previous = Double.NaN;
        for (Sample sample : samples) {
            double before = original.probUp(sample.features());
            assertEquals(before, loaded.probUp(sample.features()), 0.0, "at " + sample.ts());
            if (before != previous) {
                distinct++;
            }
            previous = before;
        }
        assertTrue(distinct > samples.size() / 10, "the rows compared get different probabilities: " + distinct);
        assertTrue(original.scoresThroughFlatCopy() && loaded.scoresThroughFlatCopy());
        assertEquals(FeatureNames.ALL, loaded.featureNames());
        assertEquals(original.binEdges().length, loaded.binEdges().length);
    }

    @Test
    void theFlatCopyScoresAsTribuoItself() {
        List<MlBar> bars = new SyntheticSeries(23).missing(0.05).generate(3_000,
                SyntheticSeries.meanReverting(2e-4, 0.15));
        ForestModel model = TrainingPipeline.train(bars, SPEC, new ForestParams(12, 8, 0.5, 3L, 1.0, 0, 2),
                SplitSpec.defaults(5), BaselineRule.defaults(), TrainingProgress.NONE).model();
        assertEquals(0, model.binEdges().length, "raw values: the split values are the features' own");
        int compared = 0;
        for (Sample sample : Samples.of(bars, SPEC)) {
            double tribuo = model.tribuoProbUp(sample.features());
            assertEquals(tribuo, model.probUp(sample.features()), 1e-12);
            compared++;
        }
        assertTrue(compared > 2_000);
    }

    @Test
    void theSameModelIsBuiltWhateverTheNumberOfThreads() {
        List<MlBar> bars = new SyntheticSeries(22).generate(2_000, SyntheticSeries.meanReverting(2e-4, 0.15));
        ForestParams params = new ForestParams(6, 5, 0.5, 9L, 0.8, 16, 1);
        TrainedModel one = TrainingPipeline.train(bars, SPEC, params, SplitSpec.defaults(5), BaselineRule.defaults(),
                TrainingProgress.NONE);
        TrainedModel two = TrainingPipeline.train(bars, SPEC, params.withThreads(2), SplitSpec.defaults(5),
                BaselineRule.defaults(), TrainingProgress.NONE);
        for (Sample sample : Samples.of(bars, SPEC)) {
            assertEquals(one.model().probUp(sample.features()), two.model().probUp(sample.features()), 0.0);
        }
        assertEquals(one.report().model(), two.report().model());
    }

    @Test
    void bytesThatAreNotAModelAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> ForestModel.load(new byte[] {1, 2, 3}, new double[0][], FeatureNames.ALL));
    }
}
