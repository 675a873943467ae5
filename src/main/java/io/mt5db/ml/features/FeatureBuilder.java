package io.mt5db.ml.features;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.RandomAccess;

/**
 * Features of a bar from that bar and earlier ones only (no look-ahead). Pure: no framework, no JDBC.
 *
 * <p>Every window counts time: {@code ret_k} compares with the last bar at or before ts - k bar lengths,
 * the MA and volume windows hold the bars of the last {@code maWindow} / {@code volumeWindow} bar lengths
 * (fewer bars when some are missing). A bar is excluded when its series does not reach back
 * {@link FeatureSpec#lookback()} in time, when two consecutive bars inside that span are more than
 * {@code maxGap} apart, when an indicator, the volume or the spread it needs is null, or when a value is
 * not finite (a flat Bollinger band, a zero close).
 *
 * <p>{@link #build} calls {@link #featuresAt} for every bar, so both give bit-identical values; the cost per
 * bar is O(window + log n).
 */
public final class FeatureBuilder {

    private static final double SECONDS_PER_DAY = 86_400.0;

    private final FeatureSpec spec;
    private final long barNanos;
    private final long maxGapNanos;
    private final long lookbackNanos;

    public FeatureBuilder(FeatureSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.barNanos = SeriesTime.nanos(spec.barLength());
        this.maxGapNanos = SeriesTime.nanos(spec.maxGap());
        this.lookbackNanos = SeriesTime.nanos(spec.lookback());
    }

    public FeatureSpec spec() {
        return spec;
    }

    /**
     * The features of {@code bars.get(index)}, reading bars[0..index] only; empty when its windows are
     * incomplete, cross a gap longer than the spec allows, or an indicator it needs is null.
     * {@code bars} is ascending by ts.
     */
    public Optional<FeatureRow> featuresAt(List<MlBar> bars, int index) {
        double[] values = valuesAt(bars, index);
        return values == null ? Optional.empty() : Optional.of(new FeatureRow(bars.get(index).ts(), values));
    }

    /** Every bar of {@code bars} that has complete features, ascending. */
    public List<FeatureRow> build(List<MlBar> bars) {
        List<MlBar> indexed = bars instanceof RandomAccess ? bars : new ArrayList<>(bars);
        List<FeatureRow> rows = new ArrayList<>();
        for (int i = 0; i < indexed.size(); i++) {
            double[] values = valuesAt(indexed, i);
            if (values != null) {
                rows.add(new FeatureRow(indexed.get(i).ts(), values));
            }
        }
        return rows;
    }

    /** The feature vector of bar {@code index} in {@link FeatureNames#ALL} order, or null when it is excluded. */
    double[] valuesAt(List<MlBar> bars, int index) {
        MlBar bar = bars.get(index);
        if (bar.rsi() == null || bar.macd() == null || bar.macdSignal() == null || bar.macdHist() == null
                || bar.atr() == null || bar.bbUpper() == null || bar.bbMiddle() == null || bar.bbLower() == null
                || bar.spread() == null || bar.volume() == null) {
            return null;
        }
        long ts = SeriesTime.nanos(bar.ts());
        int windowStart = SeriesTime.lastAtOrBefore(bars, 0, index, ts - lookbackNanos);
        if (windowStart < 0 || !SeriesTime.noGapLongerThan(bars, windowStart, index, maxGapNanos)) {
            return null;
        }
        double close = bar.close();
        double[] values = new double[FeatureNames.ALL.size()];
        values[0] = logReturn(bars, windowStart, index, ts, 1);
        values[1] = logReturn(bars, windowStart, index, ts, 5);
        values[2] = logReturn(bars, windowStart, index, ts, FeatureSpec.LONGEST_RETURN_BARS);
        values[3] = bar.rsi() / 100.0;
        values[4] = bar.macd() / close;
        values[5] = bar.macdSignal() / close;
        values[6] = bar.macdHist() / close;
        values[7] = bar.atr() / close;
        double bandWidth = bar.bbUpper() - bar.bbLower();
        values[8] = (close - bar.bbLower()) / bandWidth;
        values[9] = bandWidth / bar.bbMiddle();
        values[10] = bar.spread() / close;
        values[11] = volumeZScore(bars, windowStart, index, ts);
        values[12] = close / meanClose(bars, windowStart, index, ts) - 1.0;
        double dayAngle = 2.0 * Math.PI * secondOfDay(bar.ts()) / SECONDS_PER_DAY;
        values[13] = Math.sin(dayAngle);
        values[14] = Math.cos(dayAngle);
        for (double value : values) {
            if (!Double.isFinite(value)) {
                return null;
            }
        }
        return values;
    }

    private double logReturn(List<MlBar> bars, int windowStart, int index, long ts, int barsBack) {
        int earlier = SeriesTime.lastAtOrBefore(bars, windowStart, index, ts - barsBack * barNanos);
        return Math.log(bars.get(index).close() / bars.get(earlier).close());
    }

    /** First index of the bars within the last {@code windowBars} bar lengths, the bar at index included. */
    private int windowFirst(List<MlBar> bars, int windowStart, int index, long ts, int windowBars) {
        return SeriesTime.lastAtOrBefore(bars, windowStart, index, ts - windowBars * barNanos) + 1;
    }

    private double meanClose(List<MlBar> bars, int windowStart, int index, long ts) {
        int first = windowFirst(bars, windowStart, index, ts, spec.maWindow());
        double sum = 0;
        for (int k = first; k <= index; k++) {
            sum += bars.get(k).close();
        }
        return sum / (index - first + 1);
    }

    /** Population z-score of the bar's volume in its window; 0 when every volume in the window is the same. */
    private double volumeZScore(List<MlBar> bars, int windowStart, int index, long ts) {
        int first = windowFirst(bars, windowStart, index, ts, spec.volumeWindow());
        double sum = 0;
        for (int k = first; k <= index; k++) {
            Long volume = bars.get(k).volume();
            if (volume == null) {
                return Double.NaN;
            }
            sum += volume;
        }
        int count = index - first + 1;
        double mean = sum / count;
        double squares = 0;
        for (int k = first; k <= index; k++) {
            double deviation = bars.get(k).volume() - mean;
            squares += deviation * deviation;
        }
        double std = Math.sqrt(squares / count);
        return std == 0 ? 0.0 : (bars.get(index).volume() - mean) / std;
    }

    private static long secondOfDay(Instant ts) {
        return Math.floorMod(ts.getEpochSecond(), 86_400L);
    }
}
