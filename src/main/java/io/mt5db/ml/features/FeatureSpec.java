package io.mt5db.ml.features;

import java.time.Duration;

/**
 * How features and labels are built for one series. Windows count time, not rows: a window of n bars
 * spans n x barLength; a bar whose window holds a gap longer than {@code maxGap} is excluded.
 *
 * @param barLength      the timeframe's bar length (M1: 1 minute)
 * @param maxGap         the longest allowed distance between consecutive bars inside a window
 * @param horizonBars    label horizon h, in bars of time (default 5)
 * @param deadBand       a forward log return within +-deadBand is excluded from training (no label)
 * @param volumeWindow   bars of the volume z-score window (default 20)
 * @param maWindow       bars of the moving average of close/MA - 1 (default 60)
 */
public record FeatureSpec(Duration barLength, Duration maxGap, int horizonBars, double deadBand, int volumeWindow,
        int maWindow) {

    public static FeatureSpec defaults(Duration barLength) {
        throw new UnsupportedOperationException("contract stub: implemented on branch ml-core");
    }

    /** The label horizon as a duration: horizonBars x barLength. */
    public Duration horizon() {
        return barLength.multipliedBy(horizonBars);
    }
}
