package io.mt5db.ml.features;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Time arithmetic over an ascending bar list, in nanoseconds since the epoch so that lookups stay cheap. */
final class SeriesTime {

    private SeriesTime() {
    }

    static long nanos(Instant ts) {
        return Math.addExact(Math.multiplyExact(ts.getEpochSecond(), 1_000_000_000L), ts.getNano());
    }

    static long nanos(Duration duration) {
        return duration.toNanos();
    }

    /** The largest index in [from, to] whose bar is at or before {@code tsNanos}; {@code from - 1} when none is. */
    static int lastAtOrBefore(List<MlBar> bars, int from, int to, long tsNanos) {
        int lo = from;
        int hi = to;
        int found = from - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (nanos(bars.get(mid).ts()) <= tsNanos) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** True when no two consecutive bars in [from, to] are further apart than {@code maxGapNanos}. */
    static boolean noGapLongerThan(List<MlBar> bars, int from, int to, long maxGapNanos) {
        long previous = nanos(bars.get(from).ts());
        for (int k = from + 1; k <= to; k++) {
            long current = nanos(bars.get(k).ts());
            if (current - previous > maxGapNanos) {
                return false;
            }
            previous = current;
        }
        return true;
    }
}
