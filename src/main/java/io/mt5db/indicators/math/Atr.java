package io.mt5db.indicators.math;

import java.util.Arrays;

/**
 * ATR(14). True range exists from row 1 ({@code max(h-l, |h-prevC|, |l-prevC|)}); row 0 has none.
 * Both conventions give their first value at row 14 as the mean of the true ranges of rows 1..14.
 * TA-Lib then continues with Wilder smoothing {@code (prev*13 + tr)/14}; MT5 stays a plain SMA(14)
 * of the true range.
 */
public final class Atr {
    public static final int PERIOD = 14;

    private final IndicatorConvention convention;

    public Atr(IndicatorConvention convention) {
        if (convention == null) {
            throw new IllegalArgumentException("convention is null");
        }
        this.convention = convention;
    }

    public IndicatorConvention convention() {
        return convention;
    }

    /**
     * Resumable ATR state after {@code count} bars.
     *
     * <p>{@code trWindow} holds the last {@link #PERIOD} true ranges, oldest first (leading zeros until
     * {@code PERIOD} of them exist). {@code atr} is the last ATR value (0 before row 14).
     *
     * <p>Array layout ({@link #LENGTH} = 17): {@code [count, prevClose, atr, trWindow[0..13]]}.
     */
    public record State(long count, double prevClose, double atr, double[] trWindow) {
        public static final int LENGTH = 3 + PERIOD;

        public State {
            StateArrays.requireCount(count, "Atr.State");
            trWindow = StateArrays.copyWindow(trWindow, PERIOD, "Atr.State");
        }

        public static State initial() {
            return new State(0, 0.0, 0.0, new double[PERIOD]);
        }

        @Override
        public double[] trWindow() {
            return trWindow.clone();
        }

        public double[] toArray() {
            double[] out = new double[LENGTH];
            writeTo(out, 0);
            return out;
        }

        public void writeTo(double[] dst, int offset) {
            StateArrays.requireSpace(dst, offset, LENGTH, "Atr.State");
            dst[offset] = count;
            dst[offset + 1] = prevClose;
            dst[offset + 2] = atr;
            System.arraycopy(trWindow, 0, dst, offset + 3, PERIOD);
        }

        public static State fromArray(double[] src) {
            if (src != null && src.length != LENGTH) {
                throw new IllegalArgumentException("Atr.State: expected " + LENGTH + " values, got " + src.length);
            }
            return fromArray(src, 0);
        }

        public static State fromArray(double[] src, int offset) {
            StateArrays.requireSpace(src, offset, LENGTH, "Atr.State");
            return new State(StateArrays.readCount(src[offset], "Atr.State"), src[offset + 1], src[offset + 2],
                    Arrays.copyOfRange(src, offset + 3, offset + 3 + PERIOD));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof State s && count == s.count
                    && Double.compare(prevClose, s.prevClose) == 0
                    && Double.compare(atr, s.atr) == 0
                    && Arrays.equals(trWindow, s.trWindow);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * (31 * Long.hashCode(count) + Double.hashCode(prevClose)) + Double.hashCode(atr))
                    + Arrays.hashCode(trWindow);
        }

        @Override
        public String toString() {
            return "Atr.State[count=" + count + ", prevClose=" + prevClose + ", atr=" + atr
                    + ", trWindow=" + Arrays.toString(trWindow) + "]";
        }
    }

    public record Step(State state, Double value) {
    }

    public Step next(State prev, double high, double low, double close) {
        long count = prev.count() + 1;
        if (prev.count() == 0) {
            return new Step(new State(count, close, 0.0, prev.trWindow), null);
        }
        double tr = trueRange(high, low, prev.prevClose());
        double[] window = StateArrays.push(prev.trWindow, tr);
        if (count <= PERIOD) {
            return new Step(new State(count, close, 0.0, window), null);
        }
        double atr;
        if (convention == IndicatorConvention.MT5 || count == PERIOD + 1) {
            atr = StateArrays.sum(window) / PERIOD;
        } else {
            // TA-Lib's operation order: multiply, add, divide.
            atr = prev.atr() * (PERIOD - 1);
            atr += tr;
            atr /= PERIOD;
        }
        return new Step(new State(count, close, atr, window), atr);
    }

    static double trueRange(double high, double low, double prevClose) {
        double greatest = high - low;
        double toHigh = Math.abs(prevClose - high);
        if (toHigh > greatest) {
            greatest = toHigh;
        }
        double toLow = Math.abs(prevClose - low);
        if (toLow > greatest) {
            greatest = toLow;
        }
        return greatest;
    }
}
