package io.mt5db.market;

import io.mt5db.common.Timeframe;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Missing bars of a series while its market was open. A bucket is expected when any part of it lies
 * in an open session; a gap is a run of expected buckets without a bar (closed buckets between them,
 * such as a weekend, neither count nor end the run).
 */
public final class GapFinder {

    private GapFinder() {
    }

    /** Bars missing from {@code from} (inclusive, first missing bucket) to {@code to} (exclusive end). */
    public record Gap(Instant from, Instant to, long missingBars) {
    }

    /**
     * @param resumeFrom where the next page starts when {@code maxGaps} stopped the scan, else null
     */
    public record Result(long expectedBars, long presentBars, List<Gap> gaps, Instant resumeFrom) {
    }

    /**
     * Scans the buckets that start in [from, to).
     *
     * @param presentMillis the stored bar starts in that range, ascending
     */
    public static Result find(Timeframe timeframe, Instant from, Instant to, long[] presentMillis,
            TradingSessions sessions, int maxGaps) {
        List<TradingSessions.Interval> open = sessions.openIntervals(from, to);
        List<Gap> gaps = new ArrayList<>();
        Instant bucket = timeframe.isAligned(from) ? from : timeframe.next(timeframe.floor(from));
        int session = 0;
        int present = 0;
        long expected = 0;
        long presentCount = 0;
        Instant gapStart = null;
        Instant gapEnd = null;
        long gapBars = 0;
        while (bucket.isBefore(to)) {
            Instant end = timeframe.next(bucket);
            while (session < open.size() && !open.get(session).close().isAfter(bucket)) {
                session++;
            }
            boolean isExpected = session < open.size() && open.get(session).open().isBefore(end);
            long start = bucket.toEpochMilli();
            while (present < presentMillis.length && presentMillis[present] < start) {
                present++;
            }
            boolean isPresent = present < presentMillis.length && presentMillis[present] == start;
            if (isPresent) {
                presentCount++;
            }
            if (isExpected) {
                expected++;
                if (isPresent) {
                    if (gapStart != null) {
                        gaps.add(new Gap(gapStart, gapEnd, gapBars));
                        gapStart = null;
                    }
                } else {
                    if (gapStart == null) {
                        if (gaps.size() >= maxGaps) {
                            return new Result(expected - 1, presentCount, gaps, bucket);
                        }
                        gapStart = bucket;
                        gapBars = 0;
                    }
                    gapEnd = end;
                    gapBars++;
                }
            }
            bucket = end;
        }
        if (gapStart != null) {
            gaps.add(new Gap(gapStart, gapEnd, gapBars));
        }
        return new Result(expected, presentCount, gaps, null);
    }
}
