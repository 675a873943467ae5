package io.mt5db.ml.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mt5db.ml.SyntheticSeries;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SamplesTest {

    @Test
    void aSampleIsEveryBarWithFeaturesAndALabelInOrder() {
        List<MlBar> bars = new SyntheticSeries(11).missing(0.1).gaps(0.005, 20)
                .generate(2_000, SyntheticSeries.randomWalk(2e-4));
        FeatureSpec spec = FeatureSpec.defaults(Duration.ofMinutes(1));
        FeatureBuilder builder = new FeatureBuilder(spec);
        Labeler labeler = new Labeler(spec);
        List<Sample> samples = Samples.of(bars, spec);

        int next = 0;
        int withFeaturesOnly = 0;
        for (int i = 0; i < bars.size(); i++) {
            Optional<FeatureRow> row = builder.featuresAt(bars, i);
            Optional<Label> label = labeler.labelAt(bars, i);
            if (row.isPresent() && label.isPresent()) {
                Sample sample = samples.get(next++);
                assertEquals(bars.get(i).ts(), sample.ts());
                assertArrayEquals(row.get().values(), sample.features());
                assertEquals(label.get().label(), sample.label());
                assertEquals(label.get().forwardReturn(), sample.forwardReturn());
            } else if (row.isPresent()) {
                withFeaturesOnly++;
            }
        }
        assertEquals(samples.size(), next);
        assertTrue(samples.size() > 1_000, "samples: " + samples.size());
        assertTrue(withFeaturesOnly >= 5, "the last bars have features but no future: " + withFeaturesOnly);
        for (int k = 1; k < samples.size(); k++) {
            assertTrue(samples.get(k - 1).ts().isBefore(samples.get(k).ts()));
        }
    }
}
