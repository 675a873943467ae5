package io.mt5db.indicators.math;

/**
 * RSI(14) with Wilder smoothing, seeded with the plain mean of the first 14 close-to-close changes;
 * the first value is at row 14. The conventions differ only when the average gain and the average
 * loss are both zero: TA-Lib answers 0, MT5 answers 50.
 */
public final class Rsi {
    public static final int PERIOD = 14;

    private final IndicatorConvention convention;

    public Rsi(IndicatorConvention convention) {
        if (convention == null) {
            throw new IllegalArgumentException("convention is null");
        }
        this.convention = convention;
    }

    public IndicatorConvention convention() {
        return convention;
    }

    /**
     * Resumable RSI state after {@code count} bars.
     *
     * <p>While {@code count <= PERIOD} the fields {@code avgGain}/{@code avgLoss} hold the plain sums
     * of the gains/losses seen so far; from {@code count == PERIOD + 1} on they hold the Wilder averages.
     *
     * <p>Array layout ({@link #LENGTH} = 4): {@code [count, prevClose, avgGain, avgLoss]}.
     */
    public record State(long count, double prevClose, double avgGain, double avgLoss) {
        public static final int LENGTH = 4;

        public State {
            StateArrays.requireCount(count, "Rsi.State");
        }

        public static State initial() {
            return new State(0, 0.0, 0.0, 0.0);
        }

        public double[] toArray() {
            double[] out = new double[LENGTH];
            writeTo(out, 0);
            return out;
        }

        public void writeTo(double[] dst, int offset) {
            StateArrays.requireSpace(dst, offset, LENGTH, "Rsi.State");
            dst[offset] = count;
            dst[offset + 1] = prevClose;
            dst[offset + 2] = avgGain;
            dst[offset + 3] = avgLoss;
        }

        public static State fromArray(double[] src) {
            if (src != null && src.length != LENGTH) {
                throw new IllegalArgumentException("Rsi.State: expected " + LENGTH + " values, got " + src.length);
            }
            return fromArray(src, 0);
        }

        public static State fromArray(double[] src, int offset) {
            StateArrays.requireSpace(src, offset, LENGTH, "Rsi.State");
            return new State(StateArrays.readCount(src[offset], "Rsi.State"),
                    src[offset + 1], src[offset + 2], src[offset + 3]);
        }
    }

    public record Step(State state, Double value) {
    }

    public Step next(State prev, double close) {
        long count = prev.count() + 1;
        if (prev.count() == 0) {
            return new Step(new State(count, close, 0.0, 0.0), null);
        }
        double change = close - prev.prevClose();
        double gain = prev.avgGain();
        double loss = prev.avgLoss();
        if (count <= PERIOD) {
            if (change < 0) {
                loss -= change;
            } else {
                gain += change;
            }
            return new Step(new State(count, close, gain, loss), null);
        }
        // Operation order copied from TA-Lib (multiply, add, divide) so the rounding matches it.
        if (count > PERIOD + 1) {
            gain *= PERIOD - 1;
            loss *= PERIOD - 1;
        }
        if (change < 0) {
            loss -= change;
        } else {
            gain += change;
        }
        gain /= PERIOD;
        loss /= PERIOD;
        return new Step(new State(count, close, gain, loss), value(gain, loss));
    }

    private double value(double avgGain, double avgLoss) {
        if (convention == IndicatorConvention.TALIB) {
            // TA-Lib answers 0 when the sum is within its TA_IS_ZERO epsilon; only an exact zero is
            // treated that way here, so sub-epsilon price series (quotes ~1e-8) keep a real RSI.
            double total = avgGain + avgLoss;
            return total != 0.0 ? 100.0 * (avgGain / total) : 0.0;
        }
        if (avgLoss != 0.0) {
            return 100.0 - 100.0 / (1.0 + avgGain / avgLoss);
        }
        return avgGain != 0.0 ? 100.0 : 50.0;
    }
}
