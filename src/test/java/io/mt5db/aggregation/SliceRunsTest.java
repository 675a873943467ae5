package io.mt5db.aggregation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mt5db.aggregation.math.TickAggregation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SliceRunsTest {

    private record Slice(String symbol, long start) {
    }

    @Test
    void runsCoverExactlyTheSlicesAndNeverCrossAMinute() {
        SplittableRandom random = new SplittableRandom(5);
        long base = 1_714_989_600_000L; // 2024-05-06T10:00:00Z
        for (int round = 0; round < 300; round++) {
            List<Slice> slices = new ArrayList<>();
            for (String symbol : List.of("EURUSD", "GBPUSD")) {
                int n = random.nextInt(0, 200);
                for (int i = 0; i < n; i++) {
                    if (random.nextInt(10) < 8) {
                        slices.add(new Slice(symbol, base + i * TickAggregation.SLICE_MILLIS));
                    }
                }
            }
            List<Slice> shuffled = new ArrayList<>(slices);
            if (!shuffled.isEmpty()) {
                shuffled.add(shuffled.get(random.nextInt(shuffled.size())));
            }
            java.util.Collections.shuffle(shuffled, new java.util.Random(random.nextLong()));
            String[] symbols = shuffled.stream().map(Slice::symbol).toArray(String[]::new);
            Long[] starts = shuffled.stream().map(Slice::start).toArray(Long[]::new);

            List<SliceRuns.Run> runs = SliceRuns.of(symbols, starts);
            Set<Slice> covered = new HashSet<>();
            for (SliceRuns.Run run : runs) {
                assertTrue(run.count() >= 1 && run.count() <= SliceRuns.MAX_RUN, run.toString());
                long lastSlice = run.startMillis() + (run.count() - 1) * TickAggregation.SLICE_MILLIS;
                assertEquals(TickAggregation.minuteStart(run.startMillis()), TickAggregation.minuteStart(lastSlice),
                        run + " crosses a minute");
                for (int i = 0; i < run.count(); i++) {
                    assertTrue(covered.add(new Slice(run.symbol(),
                            run.startMillis() + i * TickAggregation.SLICE_MILLIS)), "covered twice by " + run);
                }
            }
            assertEquals(new HashSet<>(slices), covered);
        }
    }

    @Test
    void thirtySecondsOfTicksAcrossAMinuteAreTwoMarks() {
        long start = 1_714_989_645_000L; // 10:00:45Z
        String[] symbols = new String[7];
        Long[] starts = new Long[7];
        for (int i = 0; i < 7; i++) {
            symbols[i] = "EURUSD";
            starts[i] = start + i * TickAggregation.SLICE_MILLIS;
        }
        List<SliceRuns.Run> runs = SliceRuns.of(symbols, starts);
        assertEquals(List.of(new SliceRuns.Run("EURUSD", start, 3), new SliceRuns.Run("EURUSD", start + 15_000, 4)), runs);
    }
}
