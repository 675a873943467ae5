package io.mt5db.indicators.math;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Computes RSI(14), MACD(12,26,9), ATR(14) and Bollinger(20, 2) for one candle series, one bar at a
 * time, under one {@link IndicatorConvention}.
 *
 * <p>Feed the bars of a series in timestamp order (missing bars are simply absent). {@link #next} is the
 * only place where numbers are computed; {@link #computeAll} and {@link #computeFrom} are loops over it,
 * so saving the {@link State} after any bar and resuming from it later gives bit-identical values to a
 * run from the first bar.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class IndicatorCalculator {
    private final IndicatorConvention convention;
    private final Rsi rsi;
    private final Macd macd;
    private final Atr atr;
    private final Bollinger bollinger;

    public IndicatorCalculator() {
        this(IndicatorConvention.defaultConvention());
    }

    public IndicatorCalculator(IndicatorConvention convention) {
        if (convention == null) {
            throw new IllegalArgumentException("convention is null");
        }
        this.convention = convention;
        this.rsi = new Rsi(convention);
        this.macd = new Macd(convention);
        this.atr = new Atr(convention);
        this.bollinger = new Bollinger(convention);
    }

    public IndicatorConvention convention() {
        return convention;
    }

    public State initialState() {
        return State.initial(convention);
    }

    /**
     * Combined, immutable state of all indicators of one series after {@link #barCount()} bars.
     *
     * <p>{@link #toArray()} layout, {@link #LENGTH} = 57 doubles:
     * <pre>
     *  [0]      format version ({@value #FORMAT_VERSION})
     *  [1]      convention ordinal (0 = TALIB, 1 = MT5)
     *  [2..5]   Rsi.State       [count, prevClose, avgGain, avgLoss]
     *  [6..18]  Macd.State      [count, fastEma, slowEma, signal, lineWindow x9]
     *  [19..35] Atr.State       [count, prevClose, atr, trWindow x14]
     *  [36..56] Bollinger.State [count, closes x20]
     * </pre>
     * Every value is a plain finite double, so the array survives JSON or a {@code float8[]} column
     * unchanged as long as the doubles are written with full (round-trip) precision.
     */
    public record State(IndicatorConvention convention, Rsi.State rsi, Macd.State macd, Atr.State atr,
                        Bollinger.State bollinger) {
        public static final int FORMAT_VERSION = 1;
        static final int RSI_OFFSET = 2;
        static final int MACD_OFFSET = RSI_OFFSET + Rsi.State.LENGTH;
        static final int ATR_OFFSET = MACD_OFFSET + Macd.State.LENGTH;
        static final int BOLLINGER_OFFSET = ATR_OFFSET + Atr.State.LENGTH;
        public static final int LENGTH = BOLLINGER_OFFSET + Bollinger.State.LENGTH;

        public State {
            Objects.requireNonNull(convention, "convention");
            Objects.requireNonNull(rsi, "rsi");
            Objects.requireNonNull(macd, "macd");
            Objects.requireNonNull(atr, "atr");
            Objects.requireNonNull(bollinger, "bollinger");
            long n = rsi.count();
            if (macd.count() != n || atr.count() != n || bollinger.count() != n) {
                throw new IllegalArgumentException("indicator states disagree on the bar count: rsi=" + n
                        + " macd=" + macd.count() + " atr=" + atr.count() + " bollinger=" + bollinger.count());
            }
        }

        public static State initial(IndicatorConvention convention) {
            return new State(convention, Rsi.State.initial(), Macd.State.initial(), Atr.State.initial(),
                    Bollinger.State.initial());
        }

        /** Number of bars this state has consumed. */
        public long barCount() {
            return rsi.count();
        }

        public double[] toArray() {
            double[] out = new double[LENGTH];
            out[0] = FORMAT_VERSION;
            out[1] = convention.ordinal();
            rsi.writeTo(out, RSI_OFFSET);
            macd.writeTo(out, MACD_OFFSET);
            atr.writeTo(out, ATR_OFFSET);
            bollinger.writeTo(out, BOLLINGER_OFFSET);
            return out;
        }

        public static State fromArray(double[] src) {
            if (src == null || src.length != LENGTH) {
                throw new IllegalArgumentException("indicator state: expected " + LENGTH + " values, got "
                        + (src == null ? "null" : String.valueOf(src.length)));
            }
            if (src[0] != FORMAT_VERSION) {
                throw new IllegalArgumentException("indicator state: unsupported format version " + src[0]);
            }
            IndicatorConvention[] conventions = IndicatorConvention.values();
            double ordinal = src[1];
            if (!(ordinal >= 0 && ordinal < conventions.length) || ordinal != Math.rint(ordinal)) {
                throw new IllegalArgumentException("indicator state: invalid convention ordinal " + ordinal);
            }
            return new State(conventions[(int) ordinal],
                    Rsi.State.fromArray(src, RSI_OFFSET),
                    Macd.State.fromArray(src, MACD_OFFSET),
                    Atr.State.fromArray(src, ATR_OFFSET),
                    Bollinger.State.fromArray(src, BOLLINGER_OFFSET));
        }

        @Override
        public String toString() {
            return "IndicatorCalculator.State" + Arrays.toString(toArray());
        }
    }

    public record Step(IndicatorValues values, State state) {
    }

    /** Values of a batch of bars and the state after the last of them. */
    public record Batch(List<IndicatorValues> values, State state) {
        public Batch {
            values = List.copyOf(values);
        }
    }

    public Step next(State prev, Bar bar) {
        Objects.requireNonNull(prev, "prev");
        Objects.requireNonNull(bar, "bar");
        if (prev.convention() != convention) {
            throw new IllegalArgumentException("state was built for " + prev.convention()
                    + ", calculator uses " + convention);
        }
        Rsi.Step r = rsi.next(prev.rsi(), bar.close());
        Macd.Step m = macd.next(prev.macd(), bar.close());
        Atr.Step a = atr.next(prev.atr(), bar.high(), bar.low(), bar.close());
        Bollinger.Step b = bollinger.next(prev.bollinger(), bar.close());
        IndicatorValues values = new IndicatorValues(r.value(), m.macd(), m.signal(), m.hist(), a.value(),
                b.upper(), b.middle(), b.lower());
        return new Step(values, new State(convention, r.state(), m.state(), a.state(), b.state()));
    }

    /** Continues a series from {@code state} over {@code bars}. */
    public Batch computeFrom(State state, List<Bar> bars) {
        List<IndicatorValues> out = new ArrayList<>(bars.size());
        State current = state;
        for (Bar bar : bars) {
            Step step = next(current, bar);
            out.add(step.values());
            current = step.state();
        }
        return new Batch(out, current);
    }

    /** Computes a whole series from its first bar. */
    public List<IndicatorValues> computeAll(List<Bar> bars) {
        return computeFrom(initialState(), bars).values();
    }
}
