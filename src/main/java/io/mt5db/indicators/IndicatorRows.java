package io.mt5db.indicators;

import io.mt5db.indicators.math.IndicatorValues;
import java.util.Arrays;
import java.util.Objects;

/**
 * Computed indicator rows of one series in column form, ready to be bound as arrays. Only bars with
 * at least one value get a row (a row of nulls would say nothing the missing row does not), and a
 * value that overflowed to NaN or an infinity is stored as null: JSON cannot carry it.
 */
public final class IndicatorRows {
    public static final int COLUMNS = 8;

    private long[] tsMillis;
    private final Double[][] columns = new Double[COLUMNS][];
    private int size;

    public IndicatorRows(int initialCapacity) {
        int capacity = Math.max(16, initialCapacity);
        tsMillis = new long[capacity];
        for (int c = 0; c < COLUMNS; c++) {
            columns[c] = new Double[capacity];
        }
    }

    /** Adds the bar's values; answers whether it made a row (false when every value is still warming up). */
    public boolean add(long barTsMillis, IndicatorValues values) {
        Double[] row = {finite(values.rsi()), finite(values.macd()), finite(values.macdSignal()),
                finite(values.macdHist()), finite(values.atr()), finite(values.bbUpper()), finite(values.bbMiddle()),
                finite(values.bbLower())};
        boolean any = false;
        for (Double v : row) {
            any |= v != null;
        }
        if (!any) {
            return false;
        }
        if (size == tsMillis.length) {
            int capacity = size * 2;
            tsMillis = Arrays.copyOf(tsMillis, capacity);
            for (int c = 0; c < COLUMNS; c++) {
                columns[c] = Arrays.copyOf(columns[c], capacity);
            }
        }
        tsMillis[size] = barTsMillis;
        for (int c = 0; c < COLUMNS; c++) {
            columns[c][size] = row[c];
        }
        size++;
        return true;
    }

    private static Double finite(Double value) {
        return value == null || Double.isFinite(value) ? value : null;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Bar timestamps (epoch ms) of rows {@code from} (inclusive) to {@code to} (exclusive), ascending. */
    public Long[] tsMillis(int from, int to) {
        Objects.checkFromToIndex(from, to, size);
        Long[] out = new Long[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = tsMillis[i];
        }
        return out;
    }

    /**
     * One column of rows {@code from} (inclusive) to {@code to} (exclusive), null for a missing value.
     * Columns in table order: rsi, macd, macd_signal, macd_hist, atr, bb_upper, bb_middle, bb_lower.
     */
    public Double[] column(int column, int from, int to) {
        Objects.checkFromToIndex(from, to, size);
        return Arrays.copyOfRange(columns[column], from, to);
    }
}
