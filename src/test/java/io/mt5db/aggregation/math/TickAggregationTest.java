package io.mt5db.aggregation.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mt5db.aggregation.math.TickAggregation.Tick;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TickAggregationTest {

    private static final long MINUTE = 1_700_000_040_000L; // a minute boundary

    @Test
    void candleOfAMinuteFollowsTheContract() {
        List<Tick> ticks = List.of(new Tick(MINUTE + 1000, 1, 1.1000, 1.1002), new Tick(MINUTE + 2000, 2, 1.1010, 1.1014),
                new Tick(MINUTE + 3000, 3, 1.0990, 1.0991));
        Aggregate a = TickAggregation.aggregate(ticks, PriceBasis.MID).aggregate();
        assertEquals(1.1001, a.open(), 1e-15);
        assertEquals(1.1012, a.high(), 1e-15);
        assertEquals(1.09905, a.low(), 1e-15);
        assertEquals(1.09905, a.close(), 1e-15);
        assertEquals(3L, a.volume());
        assertEquals(0.00023, a.meanSpread(), "mean of 0.0002, 0.0004 and 0.0001 to one decimal more than the prices show");
    }

    /** 1.0857 - 1.0855 in doubles is 2.0000000000020002E-4; the candle's spread is the decimal 0.0002. */
    @Test
    void theSpreadIsTheDecimalMeanOfTheWrittenPrices() {
        assertEquals("2.0000000000020002E-4", Double.toString(1.0857 - 1.0855), "the binary difference this avoids");
        List<Tick> ticks = List.of(new Tick(MINUTE, 1, 1.0855, 1.0857), new Tick(MINUTE + 1, 2, 1.0856, 1.0858),
                new Tick(MINUTE + 2, 3, 1.0855, 1.0857));
        Aggregate a = TickAggregation.aggregate(ticks, PriceBasis.MID).aggregate();
        assertEquals("2.0E-4", Double.toString(a.meanSpread()));
        // 5-digit prices: a mean that does not divide evenly keeps 6 decimals, rounded half-even.
        List<Tick> fiveDigits = List.of(new Tick(MINUTE, 1, 1.08551, 1.08553), new Tick(MINUTE + 1, 2, 1.08551, 1.08554),
                new Tick(MINUTE + 2, 3, 1.08551, 1.08554));
        assertEquals(new BigDecimal("0.000027"),
                BigDecimal.valueOf(TickAggregation.aggregate(fiveDigits, PriceBasis.MID).aggregate().meanSpread()));
        // The same ticks in any order and cut into any slices give the same number.
        Aggregate reversed = TickAggregation.aggregate(List.of(fiveDigits.get(2), fiveDigits.get(1), fiveDigits.get(0)),
                PriceBasis.MID).aggregate();
        Aggregate combined = Aggregate.combine(List.of(
                TickAggregation.aggregate(fiveDigits.subList(0, 1), PriceBasis.MID).aggregate(),
                TickAggregation.aggregate(fiveDigits.subList(1, 3), PriceBasis.MID).aggregate()));
        assertEquals(0.000027, reversed.meanSpread());
        assertEquals(0.000027, combined.meanSpread());
    }

    @Test
    void bidBasisPricesWithTheBid() {
        List<Tick> ticks = List.of(new Tick(MINUTE, 1, 1.1000, 1.1002), new Tick(MINUTE + 1, 2, 1.2000, 1.2010));
        Aggregate a = TickAggregation.aggregate(ticks, PriceBasis.BID).aggregate();
        assertEquals(1.1000, a.open());
        assertEquals(1.2000, a.high());
        assertEquals(1.2000, a.close());
        assertEquals(1.1000, a.low());
    }

    @Test
    void openAndCloseFollowTsThenArrivalOrderWhateverTheInputOrder() {
        Tick lateButEarliest = new Tick(MINUTE + 5, 9, 1.30, 1.30);
        Tick first = new Tick(MINUTE + 10, 1, 1.10, 1.10);
        Tick sameMsFirst = new Tick(MINUTE + 50, 2, 1.20, 1.20);
        Tick sameMsSecond = new Tick(MINUTE + 50, 3, 1.25, 1.25);
        Aggregate a = TickAggregation.aggregate(List.of(sameMsSecond, first, lateButEarliest, sameMsFirst), PriceBasis.MID)
                .aggregate();
        assertEquals(1.30, a.open(), "the earliest ts opens even when it arrived last");
        assertEquals(1.25, a.close(), "equal ts: the later arrival closes");
        assertEquals(4L, a.volume(), "two distinct ticks in one millisecond both count");
    }

    @Test
    void unusableTicksAreSkippedAndCounted() {
        List<Tick> ticks = List.of(new Tick(MINUTE, 1, Double.NaN, 1.1), new Tick(MINUTE + 1, 2, 1.2, 1.1),
                new Tick(MINUTE + 2, 3, -1, 1.1), new Tick(MINUTE + 3, 4, 1.1, Double.POSITIVE_INFINITY),
                new Tick(MINUTE + 4, 5, 1.1, 1.1002));
        AggregationResult result = TickAggregation.aggregate(ticks, PriceBasis.MID);
        assertEquals(4, result.skipped());
        assertEquals(1L, result.aggregate().volume());
    }

    @Test
    void noUsableTickMeansNoCandle() {
        assertNull(TickAggregation.aggregate(List.of(), PriceBasis.MID).aggregate());
        AggregationResult onlyBad = TickAggregation.aggregate(List.of(new Tick(MINUTE, 1, 0, 0)), PriceBasis.MID);
        assertNull(onlyBad.aggregate());
        assertEquals(1, onlyBad.skipped());
    }

    @Test
    void slicesAndMinutesIncludeTheirStartAndExcludeTheirEnd() {
        assertEquals(MINUTE, TickAggregation.sliceStart(MINUTE));
        assertEquals(MINUTE, TickAggregation.sliceStart(MINUTE + 4_999));
        assertEquals(MINUTE + 5_000, TickAggregation.sliceStart(MINUTE + 5_000));
        assertEquals(MINUTE, TickAggregation.minuteStart(MINUTE + 59_999));
        assertEquals(MINUTE + 60_000, TickAggregation.minuteStart(MINUTE + 60_000));
        assertEquals(-5_000, TickAggregation.sliceStart(-1), "floors before the epoch too");
    }

    /** The job's path (slices combined) must equal aggregating all the minute's ticks at once, bit for bit. */
    @Test
    void combiningSliceAggregatesEqualsAggregatingAllTicks() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            List<Tick> ticks = new ArrayList<>();
            int n = 1 + random.nextInt(400);
            for (int i = 0; i < n; i++) {
                double bid = 1 + random.nextInt(100_000) / 100_000.0;
                long ts = MINUTE + (random.nextBoolean() ? random.nextInt(60_000) : random.nextInt(12) * 5_000L);
                ticks.add(new Tick(ts, i, bid, bid + random.nextInt(30) / 100_000.0));
            }
            Collections.shuffle(ticks, random);
            TreeMap<Long, List<Tick>> slices = new TreeMap<>();
            for (Tick t : ticks) {
                slices.computeIfAbsent(TickAggregation.sliceStart(t.tsMillis()), k -> new ArrayList<>()).add(t);
            }
            List<Aggregate> parts = new ArrayList<>();
            slices.values().forEach(slice -> parts.add(TickAggregation.aggregate(slice, PriceBasis.MID).aggregate()));
            Aggregate whole = TickAggregation.aggregate(ticks, PriceBasis.MID).aggregate();
            Aggregate combined = Aggregate.combine(parts);
            assertTrue(whole.sameAs(combined), "round " + round + ": " + whole + " vs " + combined);
            assertEquals(whole.meanSpread(), combined.meanSpread());
        }
    }
}
