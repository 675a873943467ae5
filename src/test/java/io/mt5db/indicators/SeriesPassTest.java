package io.mt5db.indicators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mt5db.indicators.math.Bar;
import io.mt5db.indicators.math.IndicatorCalculator;
import io.mt5db.indicators.math.IndicatorConvention;
import io.mt5db.indicators.math.IndicatorValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SeriesPassTest {

    private static final long MINUTE = 60_000;

    private static List<Bar> randomWalk(Random random, int n) {
        List<Bar> bars = new ArrayList<>(n);
        double close = 100 + random.nextDouble() * 1000;
        for (int i = 0; i < n; i++) {
            double next = close * (1 + (random.nextDouble() - 0.5) * 0.004);
            double high = Math.max(close, next) * (1 + random.nextDouble() * 0.001);
            double low = Math.min(close, next) * (1 - random.nextDouble() * 0.001);
            bars.add(new Bar(high, low, next));
            close = next;
        }
        return bars;
    }

    private static SeriesPass run(IndicatorCalculator calculator, CheckpointPolicy policy,
            IndicatorCalculator.State start, long writeFrom, List<Bar> bars, int from, int to) {
        SeriesPass pass = new SeriesPass(calculator, policy, start, writeFrom, to - from);
        for (int i = from; i < to; i++) {
            pass.accept(i * MINUTE, bars.get(i).high(), bars.get(i).low(), bars.get(i).close());
        }
        return pass;
    }

    /** The rows a full computation gives for bars from {@code fromIndex} on. */
    private static IndicatorRows expectedRows(IndicatorCalculator calculator, List<Bar> bars, int fromIndex) {
        List<IndicatorValues> all = calculator.computeAll(bars);
        IndicatorRows rows = new IndicatorRows(bars.size());
        for (int i = fromIndex; i < bars.size(); i++) {
            rows.add(i * MINUTE, all.get(i));
        }
        return rows;
    }

    private static void assertSameRows(IndicatorRows expected, IndicatorRows actual, String context) {
        assertEquals(expected.size(), actual.size(), context + ": row count");
        assertArrayEquals(expected.tsMillis(0, expected.size()), actual.tsMillis(0, actual.size()), context + ": ts");
        for (int c = 0; c < IndicatorRows.COLUMNS; c++) {
            assertArrayEquals(expected.column(c, 0, expected.size()), actual.column(c, 0, actual.size()),
                    context + ": column " + c);
        }
    }

    @Test
    void oneFullPassGivesTheCalculatorsRows() {
        List<Bar> bars = randomWalk(new Random(1), 300);
        for (IndicatorConvention convention : IndicatorConvention.values()) {
            IndicatorCalculator calculator = new IndicatorCalculator(convention);
            SeriesPass pass = run(calculator, new CheckpointPolicy(50), calculator.initialState(), Long.MIN_VALUE,
                    bars, 0, bars.size());
            assertSameRows(expectedRows(calculator, bars, 0), pass.rows(), convention.name());
            assertEquals(300, pass.barsRead());
            assertEquals(299 * MINUTE, pass.lastBarMillis().orElseThrow());
        }
    }

    @Test
    void barsBeforeWriteFromAreReplayedWithoutRows() {
        List<Bar> bars = randomWalk(new Random(2), 100);
        IndicatorCalculator calculator = new IndicatorCalculator(IndicatorConvention.TALIB);
        SeriesPass pass = run(calculator, new CheckpointPolicy(50), calculator.initialState(), 60 * MINUTE, bars, 0, 100);
        assertSameRows(expectedRows(calculator, bars, 60), pass.rows(), "from row 60");
    }

    @Test
    void keepsTheBoundariesAndTheNewestTwoStates() {
        List<Bar> bars = randomWalk(new Random(3), 23);
        IndicatorCalculator calculator = new IndicatorCalculator(IndicatorConvention.TALIB);
        SeriesPass pass = run(calculator, new CheckpointPolicy(5), calculator.initialState(), Long.MIN_VALUE, bars, 0, 23);
        List<Long> counts = pass.checkpoints().stream().map(c -> c.state().barCount()).toList();
        assertEquals(List.of(5L, 10L, 15L, 20L, 22L, 23L), counts);
        for (SeriesPass.Checkpoint checkpoint : pass.checkpoints()) {
            assertEquals((checkpoint.state().barCount() - 1) * MINUTE, checkpoint.tsMillis());
        }
    }

    /**
     * What the job does for a change at bar t: resume from the newest kept checkpoint before t and
     * write from t on. Over random series, split points and change points, that gives exactly the
     * rows and final state of one pass from the first bar.
     */
    @Test
    void resumingFromAnyKeptCheckpointEqualsAFullPass() {
        Random random = new Random(42);
        for (int trial = 0; trial < 300; trial++) {
            IndicatorConvention convention = IndicatorConvention.values()[trial % 2];
            IndicatorCalculator calculator = new IndicatorCalculator(convention);
            CheckpointPolicy policy = new CheckpointPolicy(1 + random.nextInt(60));
            int n = 2 + random.nextInt(250);
            List<Bar> bars = randomWalk(random, n);
            int split = 1 + random.nextInt(n - 1);
            SeriesPass first = run(calculator, policy, calculator.initialState(), Long.MIN_VALUE, bars, 0, split);
            int change = 1 + random.nextInt(split);
            SeriesPass.Checkpoint resume = null;
            for (SeriesPass.Checkpoint checkpoint : first.checkpoints()) {
                if (checkpoint.tsMillis() < change * MINUTE) {
                    resume = checkpoint;
                }
            }
            String context = convention + " n=" + n + " split=" + split + " change=" + change
                    + " interval=" + policy.interval();
            IndicatorCalculator.State start = resume == null ? calculator.initialState() : resume.state();
            int resumeIndex = (int) start.barCount();
            assertTrue(change - resumeIndex <= policy.interval(), context + ": replays from bar " + resumeIndex);
            long writeFrom = resume == null ? Long.MIN_VALUE : change * MINUTE;
            SeriesPass second = run(calculator, policy, start, writeFrom, bars, resumeIndex, n);
            assertSameRows(expectedRows(calculator, bars, resume == null ? 0 : change), second.rows(), context);
            SeriesPass full = run(calculator, policy, calculator.initialState(), Long.MIN_VALUE, bars, 0, n);
            assertArrayEquals(full.state().toArray(), second.state().toArray(), context + ": final state");
        }
    }

    @Test
    void aBarWithANonFinitePriceIsSkippedAsIfAbsent() {
        List<Bar> bars = randomWalk(new Random(4), 60);
        IndicatorCalculator calculator = new IndicatorCalculator(IndicatorConvention.TALIB);
        SeriesPass pass = new SeriesPass(calculator, new CheckpointPolicy(10), calculator.initialState(), Long.MIN_VALUE, 60);
        List<Bar> good = new ArrayList<>();
        IndicatorRows expected = new IndicatorRows(60);
        for (int i = 0; i < 60; i++) {
            if (i == 30) {
                pass.accept(i * MINUTE, Double.NaN, 1.0, Double.POSITIVE_INFINITY);
                continue;
            }
            pass.accept(i * MINUTE, bars.get(i).high(), bars.get(i).low(), bars.get(i).close());
            good.add(bars.get(i));
            IndicatorValues values = calculator.computeAll(good).get(good.size() - 1);
            expected.add(i * MINUTE, values);
        }
        assertEquals(1, pass.badBars());
        assertEquals(60, pass.barsRead());
        assertEquals(59, pass.state().barCount());
        assertSameRows(expected, pass.rows(), "without bar 30");
    }
}
