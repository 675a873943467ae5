package io.mt5db.indicators.math;

/** Shared helpers for the fixed-layout double[] form of the indicator states. */
final class StateArrays {
    /** Largest bar count that a double holds exactly. */
    private static final double MAX_EXACT_COUNT = 9007199254740992.0;

    private StateArrays() {
    }

    static void requireSpace(double[] array, int offset, int length, String what) {
        if (array == null) {
            throw new IllegalArgumentException(what + ": state array is null");
        }
        if (offset < 0 || offset > array.length - length) {
            throw new IllegalArgumentException(what + ": need " + length + " values at offset " + offset
                    + ", array has " + array.length);
        }
    }

    static long readCount(double value, String what) {
        if (!(value >= 0 && value <= MAX_EXACT_COUNT) || value != Math.rint(value)) {
            throw new IllegalArgumentException(what + ": invalid bar count " + value);
        }
        return (long) value;
    }

    static void requireCount(long count, String what) {
        if (count < 0) {
            throw new IllegalArgumentException(what + ": negative bar count " + count);
        }
    }

    static double[] copyWindow(double[] window, int length, String what) {
        if (window == null || window.length != length) {
            throw new IllegalArgumentException(what + ": window must hold exactly " + length + " values");
        }
        return window.clone();
    }

    /** Returns a new window with the oldest value dropped and {@code value} appended (oldest first). */
    static double[] push(double[] window, double value) {
        double[] next = new double[window.length];
        System.arraycopy(window, 1, next, 0, window.length - 1);
        next[window.length - 1] = value;
        return next;
    }

    /** Sums oldest to newest, the same order in which TA-Lib accumulates its seed sums. */
    static double sum(double[] window) {
        double total = 0.0;
        for (double v : window) {
            total += v;
        }
        return total;
    }
}
