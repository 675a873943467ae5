package io.mt5db.aggregation.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mt5db.aggregation.math.BarAggregation.Bar;
import io.mt5db.common.Timeframe;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class BarAggregationTest {

    private static final long T0 = Instant.parse("2024-01-15T10:00:00Z").toEpochMilli();

    @Test
    void rollUpFollowsTheContract() {
        List<Bar> bars = List.of(new Bar(T0 + 120_000, 1.3, 1.4, 1.2, 1.35, 5L, 0.0003),
                new Bar(T0 + 60_000, 1.1, 1.5, 1.0, 1.2, 7L, null),
                new Bar(T0 + 180_000, 1.35, 1.36, 1.3, 1.31, null, 0.0001));
        Aggregate a = BarAggregation.aggregate(bars).aggregate();
        assertEquals(1.1, a.open(), "open of the first bar by ts");
        assertEquals(1.31, a.close(), "close of the last bar by ts");
        assertEquals(1.5, a.high());
        assertEquals(1.0, a.low());
        assertEquals(12L, a.volume(), "bars without volume add nothing");
        assertEquals("2.0E-4", Double.toString(a.meanSpread()), "unweighted mean of the spreads present, in decimal");
    }

    @Test
    void volumeAndSpreadStayMissingWhenNoBarHasThem() {
        Aggregate a = BarAggregation.aggregate(List.of(new Bar(T0, 1, 1, 1, 1, null, null))).aggregate();
        assertNull(a.volume());
        assertNull(a.meanSpread());
    }

    @Test
    void unusableBarsAreSkipped() {
        AggregationResult r = BarAggregation.aggregate(List.of(new Bar(T0, Double.NaN, 1, 1, 1, 1L, null),
                new Bar(T0 + 1, 1, 1, 1, 1, -3L, null), new Bar(T0 + 2, 1, 1, 1, 1, 1L, -0.1),
                new Bar(T0 + 3, 2, 2, 2, 2, 1L, 0.1)));
        assertEquals(3, r.skipped());
        assertEquals(2.0, r.aggregate().open());
    }

    /** Each level computed from the one below (the job's chain) equals every level computed from M1 directly. */
    @Test
    void theRollupChainEqualsRollingUpM1Directly() {
        Random random = new Random(3);
        List<Bar> bars = new ArrayList<>();
        long start = Instant.parse("2024-02-25T00:00:00Z").toEpochMilli(); // a Sunday, crossing into March
        for (long t = start; t < start + 9L * 86_400_000; t += 60_000) {
            if (random.nextInt(10) < 3) {
                continue; // missing minutes, including whole buckets
            }
            double o = 1 + random.nextInt(10_000) / 10_000.0;
            bars.add(new Bar(t, o, o + random.nextInt(50) / 10_000.0, o - random.nextInt(50) / 10_000.0, o,
                    random.nextInt(5) == 0 ? null : (long) random.nextInt(100),
                    random.nextInt(5) == 0 ? null : random.nextInt(30) / 100_000.0));
        }
        Map<RollupLevel, TreeMap<Long, Aggregate>> chain = new EnumMap<>(RollupLevel.class);
        for (RollupLevel level : RollupLevel.values()) {
            TreeMap<Long, List<Aggregate>> parts = new TreeMap<>();
            if (level.child().isEmpty()) {
                TreeMap<Long, List<Bar>> byBucket = group(bars, level.timeframe());
                byBucket.forEach((bucket, in) -> parts.computeIfAbsent(bucket, k -> new ArrayList<>())
                        .add(BarAggregation.aggregate(in).aggregate()));
            } else {
                chain.get(level.child().get()).forEach((childStart, aggregate) -> parts.computeIfAbsent(
                        level.timeframe().floor(Instant.ofEpochMilli(childStart)).toEpochMilli(), k -> new ArrayList<>())
                        .add(aggregate));
            }
            TreeMap<Long, Aggregate> combined = new TreeMap<>();
            parts.forEach((bucket, in) -> combined.put(bucket, Aggregate.combine(in)));
            chain.put(level, combined);

            TreeMap<Long, List<Bar>> direct = group(bars, level.timeframe());
            assertEquals(direct.keySet(), combined.keySet(), level + " buckets");
            direct.forEach((bucket, in) -> {
                Aggregate expected = BarAggregation.aggregate(in).aggregate();
                assertTrue(expected.sameAs(combined.get(bucket)), level + " " + Instant.ofEpochMilli(bucket));
                assertEquals(expected.meanSpread(), combined.get(bucket).meanSpread());
            });
        }
    }

    private static TreeMap<Long, List<Bar>> group(List<Bar> bars, Timeframe timeframe) {
        TreeMap<Long, List<Bar>> byBucket = new TreeMap<>();
        for (Bar b : bars) {
            byBucket.computeIfAbsent(timeframe.floor(Instant.ofEpochMilli(b.tsMillis())).toEpochMilli(),
                    k -> new ArrayList<>()).add(b);
        }
        return byBucket;
    }
}
