package io.mt5db.indicators;

import io.mt5db.indicators.math.IndicatorValues;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Computed indicator rows of one series in ts order, in column form. Only bars with at least one
 * value get a row (a row of nulls would say nothing the missing row does not), and a value that
 * overflowed to NaN or an infinity is kept as null: JSON cannot carry it.
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
        for (Double v : row) {
            if (v != null) {
                append(barTsMillis, row);
                return true;
            }
        }
        return false;
    }

    private static Double finite(Double value) {
        return value == null || Double.isFinite(value) ? value : null;
    }

    private void append(long barTsMillis, Double[] row) {
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
    }

    private Double[] row(int index) {
        Double[] row = new Double[COLUMNS];
        for (int c = 0; c < COLUMNS; c++) {
            row[c] = columns[c][index];
        }
        return row;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /**
     * These rows held against the rows already stored for their stretch of the series: {@code fresh}
     * rows have no stored row yet, {@code existing} ones replace one, and {@code absent} lists the
     * stored timestamps without a row here (their candle is gone, or their bar has no value any more).
     */
    public record Split(IndicatorRows fresh, IndicatorRows existing, List<Long> absent) {
    }

    /** Splits by the stored rows' timestamps (epoch ms, ascending); one merge pass. */
    public Split against(List<Long> storedAscending) {
        IndicatorRows fresh = new IndicatorRows(size - Math.min(size, storedAscending.size()));
        IndicatorRows existing = new IndicatorRows(Math.min(size, storedAscending.size()));
        List<Long> absent = new ArrayList<>();
        int i = 0;
        for (long stored : storedAscending) {
            while (i < size && tsMillis[i] < stored) {
                fresh.append(tsMillis[i], row(i));
                i++;
            }
            if (i < size && tsMillis[i] == stored) {
                existing.append(tsMillis[i], row(i));
                i++;
            } else {
                absent.add(stored);
            }
        }
        for (; i < size; i++) {
            fresh.append(tsMillis[i], row(i));
        }
        return new Split(fresh, existing, absent);
    }

    /** The bar timestamp (epoch ms) of row {@code index}. */
    public long tsMillis(int index) {
        Objects.checkIndex(index, size);
        return tsMillis[index];
    }

    /**
     * One value, null when missing. Columns in table order: rsi, macd, macd_signal, macd_hist, atr,
     * bb_upper, bb_middle, bb_lower.
     */
    public Double value(int column, int index) {
        Objects.checkIndex(index, size);
        return columns[column][index];
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

    /** One column of rows {@code from} (inclusive) to {@code to} (exclusive), null for a missing value. */
    public Double[] column(int column, int from, int to) {
        Objects.checkFromToIndex(from, to, size);
        return Arrays.copyOfRange(columns[column], from, to);
    }
}
