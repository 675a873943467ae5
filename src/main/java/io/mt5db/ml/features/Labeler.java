package io.mt5db.ml.features;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Labels over a time horizon with a dead band. A bar without a future (no bar at or before ts + horizon
 * within the gap tolerance, or the series ends first) or inside the dead band has no label: it is
 * excluded, never labelled 0.
 *
 * <p>The horizon bar of t is the last bar at or before ts + h bar lengths. It must come after t, lie no
 * earlier than ts + h bar lengths - maxGap, and no two consecutive bars from t to it may be more than
 * maxGap apart. When the series ends before ts + h bar lengths and no bar sits exactly there, the bar
 * that would decide the label may still arrive, so there is no label yet: a label once given never
 * changes as later bars come in.
 */
public final class Labeler {

    private final FeatureSpec spec;
    private final long horizonNanos;
    private final long maxGapNanos;

    public Labeler(FeatureSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.horizonNanos = SeriesTime.nanos(spec.horizon());
        this.maxGapNanos = SeriesTime.nanos(spec.maxGap());
    }

    public Optional<Label> labelAt(List<MlBar> bars, int index) {
        MlBar bar = bars.get(index);
        long target = SeriesTime.nanos(bar.ts()) + horizonNanos;
        int last = bars.size() - 1;
        int horizonBar = SeriesTime.lastAtOrBefore(bars, index, last, target);
        if (horizonBar <= index) {
            return Optional.empty();
        }
        long horizonTs = SeriesTime.nanos(bars.get(horizonBar).ts());
        boolean seriesMayStillGrow = horizonBar == last && horizonTs < target;
        if (seriesMayStillGrow || horizonTs < target - maxGapNanos
                || !SeriesTime.noGapLongerThan(bars, index, horizonBar, maxGapNanos)) {
            return Optional.empty();
        }
        double forwardReturn = Math.log(bars.get(horizonBar).close() / bar.close());
        if (!Double.isFinite(forwardReturn) || Math.abs(forwardReturn) <= spec.deadBand()) {
            return Optional.empty();
        }
        return Optional.of(new Label(bar.ts(), forwardReturn, forwardReturn > 0 ? 1 : 0));
    }
}
