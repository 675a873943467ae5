package io.mt5db.ml.features;

import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;

/** Bars to training samples: every bar with complete features and a label, ascending by ts. */
public final class Samples {

    private Samples() {
    }

    public static List<Sample> of(List<MlBar> bars, FeatureSpec spec) {
        return of(bars, spec, (done, total) -> {
        });
    }

    /** Reports (bars done, bars in all) every few thousand bars, for a progress display. */
    public static List<Sample> of(List<MlBar> bars, FeatureSpec spec, Progress progress) {
        List<MlBar> indexed = bars instanceof RandomAccess ? bars : new ArrayList<>(bars);
        FeatureBuilder features = new FeatureBuilder(spec);
        Labeler labeler = new Labeler(spec);
        List<Sample> samples = new ArrayList<>();
        int total = indexed.size();
        for (int i = 0; i < total; i++) {
            double[] values = features.valuesAt(indexed, i);
            if (values != null) {
                int index = i;
                labeler.labelAt(indexed, i).ifPresent(label -> samples.add(
                        new Sample(indexed.get(index).ts(), values, label.label(), label.forwardReturn())));
            }
            if ((i + 1) % 50_000 == 0 || i + 1 == total) {
                progress.report(i + 1, total);
            }
        }
        return samples;
    }

    @FunctionalInterface
    public interface Progress {
        void report(long barsDone, long barsTotal);
    }
}
