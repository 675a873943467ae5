package io.mt5db.indicators.math;

import java.util.Arrays;

/**
 * MACD(12, 26, 9): line = EMA12(close) − EMA26(close), signal, histogram = line − signal.
 *
 * <p>TALIB: both EMAs use {@code k = 2/(n+1)} and are seeded with an SMA that ends at row 25: the slow
 * one with closes 0..25, the fast one with closes 14..25 (TA-Lib aligns the fast EMA's start with the
 * slow one's instead of starting it at row 0). The line therefore exists from row 25; the signal EMA(9)
 * is seeded with the mean of lines 25..33, and all three columns are emitted from row 33 only.
 *
 * <p>MT5: both EMAs start with {@code EMA[0] = close[0]}, so the line exists from row 0; the signal is
 * the SMA(9) of the line (from row 8).
 */
public final class Macd {
    public static final int FAST = 12;
    public static final int SLOW = 26;
    public static final int SIGNAL = 9;

    /** TALIB: the row (0-based) where both EMAs get their SMA seed and the line starts. */
    static final int TALIB_LINE_ROW = SLOW - 1;
    /** TALIB: first row of the fast EMA's seed window. */
    static final int TALIB_FAST_SEED_ROW = SLOW - FAST;
    /** TALIB: the row where the signal is seeded and all three columns start. */
    static final int TALIB_OUTPUT_ROW = TALIB_LINE_ROW + SIGNAL - 1;

    private static final double K_FAST = 2.0 / (FAST + 1);
    private static final double K_SLOW = 2.0 / (SLOW + 1);
    private static final double K_SIGNAL = 2.0 / (SIGNAL + 1);

    private final IndicatorConvention convention;

    public Macd(IndicatorConvention convention) {
        if (convention == null) {
            throw new IllegalArgumentException("convention is null");
        }
        this.convention = convention;
    }

    public IndicatorConvention convention() {
        return convention;
    }

    /**
     * Resumable MACD state after {@code count} bars.
     *
     * <p>{@code fastEma}/{@code slowEma} are the EMAs; under TALIB, before row 25 they hold the running
     * sums of their seed closes instead. {@code signal} is the last signal value (0 while warming up).
     * {@code lineWindow} holds the last {@link #SIGNAL} MACD line values, oldest first (leading zeros
     * until that many exist); it feeds the TALIB signal seed and the MT5 signal SMA.
     *
     * <p>Array layout ({@link #LENGTH} = 13): {@code [count, fastEma, slowEma, signal, lineWindow[0..8]]}.
     */
    public record State(long count, double fastEma, double slowEma, double signal, double[] lineWindow) {
        public static final int LENGTH = 4 + SIGNAL;

        public State {
            StateArrays.requireCount(count, "Macd.State");
            lineWindow = StateArrays.copyWindow(lineWindow, SIGNAL, "Macd.State");
        }

        public static State initial() {
            return new State(0, 0.0, 0.0, 0.0, new double[SIGNAL]);
        }

        @Override
        public double[] lineWindow() {
            return lineWindow.clone();
        }

        public double[] toArray() {
            double[] out = new double[LENGTH];
            writeTo(out, 0);
            return out;
        }

        public void writeTo(double[] dst, int offset) {
            StateArrays.requireSpace(dst, offset, LENGTH, "Macd.State");
            dst[offset] = count;
            dst[offset + 1] = fastEma;
            dst[offset + 2] = slowEma;
            dst[offset + 3] = signal;
            System.arraycopy(lineWindow, 0, dst, offset + 4, SIGNAL);
        }

        public static State fromArray(double[] src) {
            if (src != null && src.length != LENGTH) {
                throw new IllegalArgumentException("Macd.State: expected " + LENGTH + " values, got " + src.length);
            }
            return fromArray(src, 0);
        }

        public static State fromArray(double[] src, int offset) {
            StateArrays.requireSpace(src, offset, LENGTH, "Macd.State");
            return new State(StateArrays.readCount(src[offset], "Macd.State"), src[offset + 1], src[offset + 2],
                    src[offset + 3], Arrays.copyOfRange(src, offset + 4, offset + 4 + SIGNAL));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof State s && count == s.count
                    && Double.compare(fastEma, s.fastEma) == 0
                    && Double.compare(slowEma, s.slowEma) == 0
                    && Double.compare(signal, s.signal) == 0
                    && Arrays.equals(lineWindow, s.lineWindow);
        }

        @Override
        public int hashCode() {
            int h = Long.hashCode(count);
            h = 31 * h + Double.hashCode(fastEma);
            h = 31 * h + Double.hashCode(slowEma);
            h = 31 * h + Double.hashCode(signal);
            return 31 * h + Arrays.hashCode(lineWindow);
        }

        @Override
        public String toString() {
            return "Macd.State[count=" + count + ", fastEma=" + fastEma + ", slowEma=" + slowEma
                    + ", signal=" + signal + ", lineWindow=" + Arrays.toString(lineWindow) + "]";
        }
    }

    /** Null fields mean warm-up. */
    public record Step(State state, Double macd, Double signal, Double hist) {
    }

    public Step next(State prev, double close) {
        return convention == IndicatorConvention.TALIB ? nextTalib(prev, close) : nextMt5(prev, close);
    }

    private Step nextTalib(State prev, double close) {
        long row = prev.count();
        long count = row + 1;
        if (row < TALIB_LINE_ROW) {
            double fastSum = row >= TALIB_FAST_SEED_ROW ? prev.fastEma() + close : prev.fastEma();
            double slowSum = prev.slowEma() + close;
            return new Step(new State(count, fastSum, slowSum, 0.0, prev.lineWindow), null, null, null);
        }
        double fast;
        double slow;
        if (row == TALIB_LINE_ROW) {
            fast = (prev.fastEma() + close) / FAST;
            slow = (prev.slowEma() + close) / SLOW;
        } else {
            fast = talibEma(prev.fastEma(), close, K_FAST);
            slow = talibEma(prev.slowEma(), close, K_SLOW);
        }
        double line = fast - slow;
        double[] window = StateArrays.push(prev.lineWindow, line);
        if (row < TALIB_OUTPUT_ROW) {
            return new Step(new State(count, fast, slow, 0.0, window), null, null, null);
        }
        double signal = row == TALIB_OUTPUT_ROW
                ? StateArrays.sum(window) / SIGNAL
                : talibEma(prev.signal(), line, K_SIGNAL);
        return new Step(new State(count, fast, slow, signal, window), line, signal, line - signal);
    }

    /** TA-Lib's EMA update, in its operation order. */
    private static double talibEma(double prev, double value, double k) {
        return ((value - prev) * k) + prev;
    }

    private Step nextMt5(State prev, double close) {
        long row = prev.count();
        long count = row + 1;
        double fast;
        double slow;
        if (row == 0) {
            fast = close;
            slow = close;
        } else {
            fast = mt5Ema(prev.fastEma(), close, K_FAST);
            slow = mt5Ema(prev.slowEma(), close, K_SLOW);
        }
        double line = fast - slow;
        double[] window = StateArrays.push(prev.lineWindow, line);
        if (count < SIGNAL) {
            return new Step(new State(count, fast, slow, 0.0, window), line, null, null);
        }
        double signal = StateArrays.sum(window) / SIGNAL;
        return new Step(new State(count, fast, slow, signal, window), line, signal, line - signal);
    }

    /** MT5's ExponentialMA form: {@code price*k + prev*(1-k)}. */
    private static double mt5Ema(double prev, double value, double k) {
        return value * k + prev * (1.0 - k);
    }
}
