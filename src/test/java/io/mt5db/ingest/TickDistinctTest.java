package io.mt5db.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The per-request duplicate check must find exactly the repeats a plain hash of every tick finds. */
class TickDistinctTest {

    private static TickInput tick(SplittableRandom random, String[] symbols, long ts) {
        return new TickInput(symbols[random.nextInt(symbols.length)], ts, 1.0 + random.nextInt(3) / 1000.0, 1.01,
                random.nextBoolean() ? null : 1.005, null, random.nextInt(4) == 0 ? 6 : null);
    }

    /** First occurrences in request order and their positions, by a map over every tick. */
    private static TickWriter.Distinct reference(List<TickInput> ticks) {
        Map<TickInput, Integer> first = new LinkedHashMap<>();
        for (int i = 0; i < ticks.size(); i++) {
            first.putIfAbsent(ticks.get(i), i);
        }
        int[] index = new int[ticks.size()];
        int j = 0;
        for (int i : first.values()) {
            index[j++] = i;
        }
        return new TickWriter.Distinct(new ArrayList<>(first.keySet()), index);
    }

    @Test
    void orderedAndUnorderedBatchesAgreeWithHashingEveryTick() {
        SplittableRandom random = new SplittableRandom(11);
        String[] symbols = {"EURUSD", "GBPUSD", "XAUUSD"};
        int orderedBatches = 0;
        for (int round = 0; round < 2_000; round++) {
            int size = random.nextInt(1, 120);
            List<TickInput> ticks = new ArrayList<>();
            long ts = 1_700_000_000_000L;
            for (int i = 0; i < size; i++) {
                // Few distinct values per millisecond, so that repeats and same-ts pairs are common.
                ts += random.nextInt(3) == 0 ? 0 : random.nextInt(1, 5);
                ticks.add(random.nextInt(5) == 0 && !ticks.isEmpty() ? ticks.get(random.nextInt(ticks.size()))
                        : tick(random, symbols, ts));
            }
            if (random.nextBoolean()) {
                ticks.sort(Comparator.comparing(TickInput::symbol).thenComparingLong(TickInput::tsMillis));
            }
            if (random.nextInt(10) == 0) {
                // A long run in one millisecond takes the hashed path.
                for (int i = 0; i < 40; i++) {
                    ticks.add(new TickInput("ZZZ", ts, 1.0 + i / 1000.0, 1.1, null, null, null));
                    ticks.add(new TickInput("ZZZ", ts, 1.0 + i / 1000.0, 1.1, null, null, null));
                }
            }
            orderedBatches += TickWriter.Distinct.ordered(ticks) ? 1 : 0;
            TickWriter.Distinct expected = reference(ticks);
            TickWriter.Distinct actual = TickWriter.Distinct.of(ticks);
            assertEquals(expected.ticks(), actual.ticks());
            assertArrayEquals(Arrays.copyOf(expected.requestIndex(), expected.ticks().size()),
                    Arrays.copyOf(actual.requestIndex(), actual.ticks().size()));
        }
        assertTrue(orderedBatches > 500, "the ordered path was exercised: " + orderedBatches);
    }

    @Test
    void orderIsBySymbolThenTime() {
        TickInput a1 = new TickInput("A", 1, 1, 2, null, null, null);
        TickInput a2 = new TickInput("A", 2, 1, 2, null, null, null);
        TickInput b1 = new TickInput("B", 1, 1, 2, null, null, null);
        assertTrue(TickWriter.Distinct.ordered(List.of(a1, a1, a2, b1)));
        assertFalse(TickWriter.Distinct.ordered(List.of(a2, a1)));
        assertFalse(TickWriter.Distinct.ordered(List.of(b1, a2)));
    }
}
