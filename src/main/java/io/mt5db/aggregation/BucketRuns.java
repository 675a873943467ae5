package io.mt5db.aggregation;

import io.mt5db.aggregation.math.RollupLevel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Roll-up buckets as runs of consecutive buckets of one symbol and level, the form a roll-up mark
 * is stored in: one row for a backfill's hundreds of buckets instead of one each.
 */
final class BucketRuns {

    /** Longest run in one mark (a day of M5), so that a claimed chunk overshoots its limit by little. */
    static final int MAX_RUN = 288;

    /** {@code count} consecutive buckets of {@code level} from {@code startMillis}. */
    record Run(String symbol, RollupLevel level, long startMillis, int count) {
    }

    private BucketRuns() {
    }

    /** The fewest runs covering exactly the given buckets (repeats allowed, any order). */
    static List<Run> of(Collection<Marks.Bucket> buckets) {
        List<Marks.Bucket> sorted = new ArrayList<>(buckets);
        sorted.sort(Comparator.comparing(Marks.Bucket::symbol).thenComparing(Marks.Bucket::level)
                .thenComparingLong(Marks.Bucket::startMillis));
        List<Run> runs = new ArrayList<>();
        Marks.Bucket first = null;
        long last = 0;
        int count = 0;
        for (Marks.Bucket bucket : sorted) {
            boolean sameSeries = first != null && first.symbol().equals(bucket.symbol()) && first.level() == bucket.level();
            if (sameSeries && bucket.startMillis() == last) {
                continue;
            }
            if (sameSeries && count < MAX_RUN && bucket.startMillis() == next(bucket.level(), last)) {
                last = bucket.startMillis();
                count++;
                continue;
            }
            if (first != null) {
                runs.add(new Run(first.symbol(), first.level(), first.startMillis(), count));
            }
            first = bucket;
            last = bucket.startMillis();
            count = 1;
        }
        if (first != null) {
            runs.add(new Run(first.symbol(), first.level(), first.startMillis(), count));
        }
        return runs;
    }

    /** The bucket starts a stored mark stands for. */
    static List<Long> starts(RollupLevel level, long startMillis, int count) {
        List<Long> starts = new ArrayList<>(count);
        long start = startMillis;
        for (int i = 0; i < count; i++) {
            starts.add(start);
            start = next(level, start);
        }
        return starts;
    }

    private static long next(RollupLevel level, long startMillis) {
        return level.timeframe().next(Instant.ofEpochMilli(startMillis)).toEpochMilli();
    }
}
