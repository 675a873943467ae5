package io.mt5db.ml.features;

import java.time.Duration;
import java.util.Objects;

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

    /** The longest return feature, {@code ret_15}, looks this many bar lengths back. */
    public static final int LONGEST_RETURN_BARS = 15;

    public FeatureSpec {
        Objects.requireNonNull(barLength, "barLength");
        Objects.requireNonNull(maxGap, "maxGap");
        if (barLength.isNegative() || barLength.isZero()) {
            throw new IllegalArgumentException("barLength must be positive: " + barLength);
        }
        if (maxGap.compareTo(barLength) < 0) {
            throw new IllegalArgumentException("maxGap " + maxGap + " is shorter than one bar (" + barLength
                    + "): every window would be excluded");
        }
        if (horizonBars < 1 || volumeWindow < 2 || maWindow < 1) {
            throw new IllegalArgumentException("horizonBars >= 1, volumeWindow >= 2 and maWindow >= 1 required: "
                    + horizonBars + ", " + volumeWindow + ", " + maWindow);
        }
        if (!(deadBand >= 0) || Double.isInfinite(deadBand)) {
            throw new IllegalArgumentException("deadBand must be a finite value >= 0: " + deadBand);
        }
    }

    /**
     * maxGap = 5 bars: up to four missing bars in a row (a quiet minute of FX has no ticks, hence no
     * candle) still count as one market session, while a session break, a weekend or an outage of the
     * feed excludes every bar whose window reaches across it. horizonBars 5; deadBand 1e-5 in log
     * return (about 0.1 pip on EURUSD), which drops the flat forward returns (an unchanged close is
     * common on M1) without excluding the bulk of the bars; volumeWindow 20; maWindow 60.
     */
    public static FeatureSpec defaults(Duration barLength) {
        return new FeatureSpec(barLength, barLength.multipliedBy(5), 5, 1e-5, 20, 60);
    }

    /** The label horizon as a duration: horizonBars x barLength. */
    public Duration horizon() {
        return barLength.multipliedBy(horizonBars);
    }

    /**
     * How far back in time the features of a bar reach: the bar {@code ret_15} compares with, or the
     * first bar of the MA or volume window, whichever is earliest.
     */
    public Duration lookback() {
        int bars = Math.max(LONGEST_RETURN_BARS, Math.max(maWindow - 1, volumeWindow - 1));
        return barLength.multipliedBy(bars);
    }
}
