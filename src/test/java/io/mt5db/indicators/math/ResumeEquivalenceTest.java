package io.mt5db.indicators.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Property: stopping after any bar, serialising the state, rebuilding it and feeding the remaining bars
 * gives exactly (bit for bit) the values and final state of one uninterrupted run.
 */
class ResumeEquivalenceTest {
    private static final int SERIES = 200;
    private static final int MAX_LENGTH = 400;

    @Test
    void resumedRunsEqualFullRunsExactly() {
        Random random = new Random(20231106L);
        int checkedValues = 0;
        int flatSeries = 0;
        for (int s = 0; s < SERIES; s++) {
            boolean withFlats = s % 10 == 0;
            flatSeries += withFlats ? 1 : 0;
            List<Bar> bars = randomWalk(random, 1 + random.nextInt(MAX_LENGTH), withFlats);
            List<Integer> splits = randomSplits(random, bars.size());
            for (IndicatorConvention convention : IndicatorConvention.values()) {
                checkedValues += checkSeries(convention, bars, splits, "series " + s);
            }
        }
        assertTrue(flatSeries >= 10);
        assertTrue(checkedValues > 100_000, "only " + checkedValues + " values compared");
    }

    @Test
    void resumeAtEverySplitOfOneSeries() {
        List<Bar> bars = randomWalk(new Random(7L), 60, true);
        for (IndicatorConvention convention : IndicatorConvention.values()) {
            for (int split = 0; split <= bars.size(); split++) {
                checkSeries(convention, bars, List.of(split), "split " + split);
            }
        }
    }

    /** Runs full and in pieces cut at {@code splits}; returns the number of values compared. */
    private static int checkSeries(IndicatorConvention convention, List<Bar> bars, List<Integer> splits, String label) {
        IndicatorCalculator calculator = new IndicatorCalculator(convention);
        IndicatorCalculator.Batch full = calculator.computeFrom(calculator.initialState(), bars);
        assertEquals(full.values(), calculator.computeAll(bars));

        List<IndicatorValues> pieced = new ArrayList<>();
        IndicatorCalculator.State state = calculator.initialState();
        int from = 0;
        List<Integer> cuts = new ArrayList<>(splits);
        cuts.add(bars.size());
        for (int cut : cuts) {
            IndicatorCalculator.Batch part = calculator.computeFrom(state, bars.subList(from, cut));
            pieced.addAll(part.values());
            state = throughText(part.state());
            assertEquals(part.state(), state, label + ": state changed by serialisation at " + cut);
            from = cut;
        }

        String where = convention + " " + label + " (" + bars.size() + " bars, splits " + splits + ")";
        assertEquals(bars.size(), pieced.size(), where);
        int compared = 0;
        for (int i = 0; i < bars.size(); i++) {
            IndicatorValues a = full.values().get(i);
            IndicatorValues b = pieced.get(i);
            for (int c = 0; c < ReferenceData.COLUMNS.length; c++) {
                Double x = ReferenceData.column(a, c);
                Double y = ReferenceData.column(b, c);
                if (!Objects.equals(x, y) || (x != null && x.doubleValue() != y.doubleValue())) {
                    throw new AssertionError(where + ": row " + i + " " + ReferenceData.COLUMNS[c]
                            + " full=" + x + " resumed=" + y);
                }
                compared++;
            }
        }
        assertArrayEquals(full.state().toArray(), state.toArray(), where + ": final state");
        assertEquals(full.state(), state, where);
        return compared;
    }

    /** toArray -> decimal text -> fromArray, the way a JSON column would carry it. */
    private static IndicatorCalculator.State throughText(IndicatorCalculator.State state) {
        double[] array = state.toArray();
        assertEquals(IndicatorCalculator.State.LENGTH, array.length);
        StringBuilder text = new StringBuilder();
        for (double v : array) {
            text.append(v).append(',');
        }
        String[] parts = text.toString().split(",");
        double[] parsed = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            parsed[i] = Double.parseDouble(parts[i]);
        }
        return IndicatorCalculator.State.fromArray(parsed);
    }

    private static List<Integer> randomSplits(Random random, int size) {
        TreeSet<Integer> splits = new TreeSet<>();
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            splits.add(random.nextInt(size + 1));
        }
        return new ArrayList<>(splits);
    }

    /** Tick-quantised random walk; with {@code withFlats}, long runs without any movement. */
    static List<Bar> randomWalk(Random random, int length, boolean withFlats) {
        double[] levels = {0.00001234, 0.65, 1.0, 150.0, 2000.0, 35000.0};
        double level = levels[random.nextInt(levels.length)];
        double tick = level * Math.pow(10, -(3 + random.nextInt(3)));
        long price = Math.round(level / tick);
        List<Bar> bars = new ArrayList<>(length);
        int flatLeft = 0;
        for (int i = 0; i < length; i++) {
            if (withFlats && flatLeft == 0 && random.nextInt(25) == 0) {
                flatLeft = 5 + random.nextInt(60);
            }
            double close;
            double high;
            double low;
            if (flatLeft > 0) {
                flatLeft--;
                close = price * tick;
                high = close;
                low = close;
            } else {
                price = Math.max(1, price + random.nextInt(21) - 10);
                close = price * tick;
                high = (price + random.nextInt(6)) * tick;
                low = Math.max(1, price - random.nextInt(6)) * tick;
            }
            bars.add(new Bar(high, low, close));
        }
        return bars;
    }
}
