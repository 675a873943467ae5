package io.mt5db.aggregation;

import io.mt5db.aggregation.math.TickAggregation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * 5-second tick slices as runs of consecutive slices of one symbol within one minute, the form a tick
 * mark is stored in. A run never crosses a minute, so a chunk that claims whole minutes claims whole runs.
 */
final class SliceRuns {

    /** Slices in a minute: the longest run. */
    static final int MAX_RUN = (int) (60_000 / TickAggregation.SLICE_MILLIS);

    /** {@code count} consecutive slices from {@code startMillis}. */
    record Run(String symbol, long startMillis, int count) {
    }

    private SliceRuns() {
    }

    /** The fewest runs covering exactly the given slices (parallel arrays; repeats allowed, any order). */
    static List<Run> of(String[] symbols, Long[] sliceStarts) {
        Integer[] order = new Integer[symbols.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.<Integer, String>comparing(i -> symbols[i]).thenComparingLong(i -> sliceStarts[i]));
        List<Run> runs = new ArrayList<>();
        String symbol = null;
        long first = 0;
        long last = 0;
        for (int i : order) {
            long start = sliceStarts[i];
            boolean sameSymbol = symbols[i].equals(symbol);
            if (sameSymbol && start == last) {
                continue;
            }
            if (sameSymbol && start == last + TickAggregation.SLICE_MILLIS
                    && TickAggregation.minuteStart(start) == TickAggregation.minuteStart(first)) {
                last = start;
                continue;
            }
            if (symbol != null) {
                runs.add(run(symbol, first, last));
            }
            symbol = symbols[i];
            first = start;
            last = start;
        }
        if (symbol != null) {
            runs.add(run(symbol, first, last));
        }
        return runs;
    }

    private static Run run(String symbol, long first, long last) {
        return new Run(symbol, first, (int) ((last - first) / TickAggregation.SLICE_MILLIS) + 1);
    }
}
