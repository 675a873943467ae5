package io.mt5db.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.mt5db.common.Timeframe;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GapFinderTest {

    private static Instant t(String iso) {
        return Instant.parse(iso);
    }

    /** Every bucket of [from, to) except those starting in the skipped ranges (pairs of from, to). */
    private static long[] bars(Timeframe tf, String from, String to, String... skipped) {
        List<Long> out = new ArrayList<>();
        for (Instant b = t(from); b.isBefore(t(to)); b = tf.next(b)) {
            boolean skip = false;
            for (int i = 0; i < skipped.length; i += 2) {
                skip |= !b.isBefore(t(skipped[i])) && b.isBefore(t(skipped[i + 1]));
            }
            if (!skip) {
                out.add(b.toEpochMilli());
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    @Test
    void theFxWeekendIsNotAGap() {
        long[] present = bars(Timeframe.M1, "2024-01-12T20:00:00Z", "2024-01-15T01:00:00Z",
                "2024-01-12T22:00:00Z", "2024-01-14T22:00:00Z");
        GapFinder.Result r = GapFinder.find(Timeframe.M1, t("2024-01-12T20:00:00Z"), t("2024-01-15T01:00:00Z"), present,
                TradingSessions.FX, 100);
        assertEquals(List.of(), r.gaps());
        assertEquals(120 + 180, r.expectedBars());
    }

    @Test
    void missingBarsWhileOpenAreOneGapEvenAcrossTheWeekend() {
        long[] present = bars(Timeframe.M1, "2024-01-12T21:00:00Z", "2024-01-15T00:00:00Z",
                "2024-01-12T21:50:00Z", "2024-01-14T22:10:00Z", "2024-01-14T23:00:00Z", "2024-01-14T23:03:00Z");
        GapFinder.Result r = GapFinder.find(Timeframe.M1, t("2024-01-12T21:00:00Z"), t("2024-01-15T00:00:00Z"), present,
                TradingSessions.FX, 100);
        assertEquals(List.of(new GapFinder.Gap(t("2024-01-12T21:50:00Z"), t("2024-01-14T22:10:00Z"), 20),
                new GapFinder.Gap(t("2024-01-14T23:00:00Z"), t("2024-01-14T23:03:00Z"), 3)), r.gaps());
        assertNull(r.resumeFrom());
    }

    @Test
    void dailyAndFourHourBucketsAreExpectedWhenAnyPartIsOpen() {
        GapFinder.Result d1 = GapFinder.find(Timeframe.D1, t("2024-01-11T00:00:00Z"), t("2024-01-16T00:00:00Z"),
                new long[0], TradingSessions.FX, 100);
        // Thu, Fri expected; Sat not; Sun (opens 22:00Z) and Mon expected.
        assertEquals(4, d1.expectedBars());
        assertEquals(List.of(new GapFinder.Gap(t("2024-01-11T00:00:00Z"), t("2024-01-16T00:00:00Z"), 4)), d1.gaps());
        long[] sundayH4 = {t("2024-01-14T20:00:00Z").toEpochMilli()};
        GapFinder.Result h4 = GapFinder.find(Timeframe.H4, t("2024-01-14T00:00:00Z"), t("2024-01-15T00:00:00Z"), sundayH4,
                TradingSessions.FX, 100);
        assertEquals(1, h4.expectedBars(), "only the 20:00Z H4 bar of Sunday is expected");
        assertEquals(List.of(), h4.gaps());
    }

    @Test
    void sundayOpensAnHourEarlierInUtcAfterTheSpringDstChange() {
        GapFinder.Result r = GapFinder.find(Timeframe.H1, t("2024-03-10T18:00:00Z"), t("2024-03-10T23:00:00Z"),
                new long[0], TradingSessions.FX, 100);
        assertEquals(List.of(new GapFinder.Gap(t("2024-03-10T21:00:00Z"), t("2024-03-10T23:00:00Z"), 2)), r.gaps());
        GapFinder.Result winter = GapFinder.find(Timeframe.H1, t("2024-01-14T18:00:00Z"), t("2024-01-14T23:00:00Z"),
                new long[0], TradingSessions.FX, 100);
        assertEquals(List.of(new GapFinder.Gap(t("2024-01-14T22:00:00Z"), t("2024-01-14T23:00:00Z"), 1)), winter.gaps());
    }

    @Test
    void pagesStopAtTheGapLimitAndResume() {
        long[] present = bars(Timeframe.M1, "2024-01-15T10:00:00Z", "2024-01-15T11:00:00Z",
                "2024-01-15T10:05:00Z", "2024-01-15T10:06:00Z", "2024-01-15T10:10:00Z", "2024-01-15T10:12:00Z",
                "2024-01-15T10:20:00Z", "2024-01-15T10:21:00Z");
        GapFinder.Result first = GapFinder.find(Timeframe.M1, t("2024-01-15T10:00:00Z"), t("2024-01-15T11:00:00Z"),
                present, TradingSessions.FX, 2);
        assertEquals(2, first.gaps().size());
        assertEquals(t("2024-01-15T10:20:00Z"), first.resumeFrom());
        GapFinder.Result rest = GapFinder.find(Timeframe.M1, first.resumeFrom(), t("2024-01-15T11:00:00Z"), present,
                TradingSessions.FX, 2);
        assertEquals(List.of(new GapFinder.Gap(t("2024-01-15T10:20:00Z"), t("2024-01-15T10:21:00Z"), 1)), rest.gaps());
        assertNull(rest.resumeFrom());
    }

    @Test
    void anAlwaysOpenMarketExpectsTheWeekend() {
        GapFinder.Result r = GapFinder.find(Timeframe.D1, t("2024-01-12T00:00:00Z"), t("2024-01-15T00:00:00Z"),
                new long[0], TradingSessions.of(new TradingSessions.Spec(null, null, true)), 10);
        assertEquals(3, r.expectedBars());
    }
}
