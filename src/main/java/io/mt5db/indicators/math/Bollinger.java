package io.mt5db.indicators.math;

import java.util.Arrays;

/**
 * Bollinger bands(20, 2.0) on close: middle = SMA(20), bands = middle ± 2 × population standard
 * deviation of the same 20 closes. TALIB gives the first value at row 19, MT5 at row 20.
 *
 * <p>Mean and deviation are recomputed from the 20-value window every bar (two passes) rather than kept
 * as running sums: running sums of squares cancel catastrophically at price levels like 2000 and would
 * make a resumed run drift from a full one.
 */
public final class Bollinger {
    public static final int PERIOD = 20;
    public static final double DEVIATIONS = 2.0;

    private final IndicatorConvention convention;

    public Bollinger(IndicatorConvention convention) {
        if (convention == null) {
            throw new IllegalArgumentException("convention is null");
        }
        this.convention = convention;
    }

    public IndicatorConvention convention() {
        return convention;
    }

    /**
     * Resumable state after {@code count} bars: the last {@link #PERIOD} closes, oldest first (leading
     * zeros until that many exist).
     *
     * <p>Array layout ({@link #LENGTH} = 21): {@code [count, closes[0..19]]}.
     */
    public record State(long count, double[] closes) {
        public static final int LENGTH = 1 + PERIOD;

        public State {
            StateArrays.requireCount(count, "Bollinger.State");
            closes = StateArrays.copyWindow(closes, PERIOD, "Bollinger.State");
        }

        public static State initial() {
            return new State(0, new double[PERIOD]);
        }

        @Override
        public double[] closes() {
            return closes.clone();
        }

        public double[] toArray() {
            double[] out = new double[LENGTH];
            writeTo(out, 0);
            return out;
        }

        public void writeTo(double[] dst, int offset) {
            StateArrays.requireSpace(dst, offset, LENGTH, "Bollinger.State");
            dst[offset] = count;
            System.arraycopy(closes, 0, dst, offset + 1, PERIOD);
        }

        public static State fromArray(double[] src) {
            if (src != null && src.length != LENGTH) {
                throw new IllegalArgumentException("Bollinger.State: expected " + LENGTH + " values, got " + src.length);
            }
            return fromArray(src, 0);
        }

        public static State fromArray(double[] src, int offset) {
            StateArrays.requireSpace(src, offset, LENGTH, "Bollinger.State");
            return new State(StateArrays.readCount(src[offset], "Bollinger.State"),
                    Arrays.copyOfRange(src, offset + 1, offset + 1 + PERIOD));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof State s && count == s.count && Arrays.equals(closes, s.closes);
        }

        @Override
        public int hashCode() {
            return 31 * Long.hashCode(count) + Arrays.hashCode(closes);
        }

        @Override
        public String toString() {
            return "Bollinger.State[count=" + count + ", closes=" + Arrays.toString(closes) + "]";
        }
    }

    /** Null fields mean warm-up. */
    public record Step(State state, Double upper, Double middle, Double lower) {
    }

    public Step next(State prev, double close) {
        long count = prev.count() + 1;
        double[] window = StateArrays.push(prev.closes, close);
        State state = new State(count, window);
        long firstCount = convention == IndicatorConvention.TALIB ? PERIOD : PERIOD + 1;
        if (count < firstCount) {
            return new Step(state, null, null, null);
        }
        double mean = StateArrays.sum(window) / PERIOD;
        double squares = 0.0;
        for (double v : window) {
            double d = v - mean;
            squares += d * d;
        }
        double width = Math.sqrt(squares / PERIOD) * DEVIATIONS;
        return new Step(state, mean + width, mean, mean - width);
    }
}
