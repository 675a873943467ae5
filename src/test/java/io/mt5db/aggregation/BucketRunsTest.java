package io.mt5db.aggregation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mt5db.aggregation.math.RollupLevel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BucketRunsTest {

    private static long next(RollupLevel level, long start) {
        return level.timeframe().next(Instant.ofEpochMilli(start)).toEpochMilli();
    }

    /** Random buckets of two symbols and every level (months and weeks included), with repeats, shuffled. */
    private static List<Marks.Bucket> randomBuckets(SplittableRandom random) {
        List<Marks.Bucket> buckets = new ArrayList<>();
        for (String symbol : List.of("EURUSD", "XAUUSD")) {
            for (RollupLevel level : RollupLevel.values()) {
                long start = level.timeframe().floor(Instant.parse("2023-12-29T00:00:00Z")).toEpochMilli();
                int n = random.nextInt(0, level == RollupLevel.M5 ? 800 : 60);
                for (int i = 0; i < n; i++) {
                    if (random.nextInt(10) < 8) {
                        buckets.add(new Marks.Bucket(symbol, level, start));
                        if (random.nextInt(20) == 0) {
                            buckets.add(new Marks.Bucket(symbol, level, start));
                        }
                    }
                    start = next(level, start);
                }
            }
        }
        Collections.shuffle(buckets, new java.util.Random(random.nextLong()));
        return buckets;
    }

    @Test
    void runsCoverExactlyTheBucketsWithAsFewMarksAsTheCapAllows() {
        SplittableRandom random = new SplittableRandom(20261205);
        for (int round = 0; round < 200; round++) {
            List<Marks.Bucket> buckets = randomBuckets(random);
            List<BucketRuns.Run> runs = BucketRuns.of(buckets);

            Set<Marks.Bucket> covered = new HashSet<>();
            for (BucketRuns.Run run : runs) {
                assertTrue(run.count() >= 1 && run.count() <= BucketRuns.MAX_RUN, run.toString());
                for (long start : BucketRuns.starts(run.level(), run.startMillis(), run.count())) {
                    assertTrue(covered.add(new Marks.Bucket(run.symbol(), run.level(), start)),
                            "bucket covered twice by " + run);
                }
            }
            assertEquals(new HashSet<>(buckets), covered);

            // Maximal: a run ends where the next bucket is missing, or at the cap.
            for (int i = 1; i < runs.size(); i++) {
                BucketRuns.Run previous = runs.get(i - 1);
                BucketRuns.Run run = runs.get(i);
                List<Long> starts = BucketRuns.starts(previous.level(), previous.startMillis(), previous.count());
                boolean adjacent = previous.symbol().equals(run.symbol()) && previous.level() == run.level()
                        && run.startMillis() == next(run.level(), starts.get(starts.size() - 1));
                assertTrue(!adjacent || previous.count() == BucketRuns.MAX_RUN, previous + " then " + run);
            }
        }
    }

    @Test
    void aBackfillOfAWeekOfMinutesIsSevenMarks() {
        long start = Instant.parse("2024-05-05T00:00:00Z").toEpochMilli();
        List<Marks.Bucket> buckets = new ArrayList<>();
        for (int i = 0; i < 7 * 288; i++) {
            buckets.add(new Marks.Bucket("EURUSD", RollupLevel.M5, start + i * 300_000L));
        }
        List<BucketRuns.Run> runs = BucketRuns.of(buckets);
        assertEquals(7, runs.size());
        assertEquals(start + 288 * 300_000L, runs.get(1).startMillis());
    }
}
