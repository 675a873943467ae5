package io.mt5db.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TradingSessionsTest {

    private static Instant t(String iso) {
        return Instant.parse(iso);
    }

    @Test
    void fxWeekInWinterRunsFromSunday22ToFriday22Utc() {
        List<TradingSessions.Interval> open = TradingSessions.FX.openIntervals(t("2024-01-12T00:00:00Z"),
                t("2024-01-16T00:00:00Z"));
        assertEquals(List.of(new TradingSessions.Interval(t("2024-01-07T22:00:00Z"), t("2024-01-12T22:00:00Z")),
                new TradingSessions.Interval(t("2024-01-14T22:00:00Z"), t("2024-01-19T22:00:00Z"))), open);
    }

    @Test
    void fxWeekInSummerRunsFromSunday21ToFriday21Utc() {
        assertTrue(TradingSessions.FX.isOpenAt(t("2024-07-12T20:59:59Z")));
        assertFalse(TradingSessions.FX.isOpenAt(t("2024-07-12T21:00:00Z")));
        assertFalse(TradingSessions.FX.isOpenAt(t("2024-07-14T20:59:59Z")));
        assertTrue(TradingSessions.FX.isOpenAt(t("2024-07-14T21:00:00Z")));
    }

    @Test
    void theDstWeekendsShiftOnlyOneEnd() {
        // US clocks go forward on Sunday 2024-03-10: Friday closes at 22:00Z (EST), Sunday opens at 21:00Z (EDT).
        assertTrue(TradingSessions.FX.isOpenAt(t("2024-03-08T21:59:00Z")));
        assertFalse(TradingSessions.FX.isOpenAt(t("2024-03-08T22:00:00Z")));
        assertTrue(TradingSessions.FX.isOpenAt(t("2024-03-10T21:00:00Z")));
        // And back on Sunday 2024-11-03: Friday closes at 21:00Z (EDT), Sunday opens at 22:00Z (EST).
        assertFalse(TradingSessions.FX.isOpenAt(t("2024-11-01T21:00:00Z")));
        assertFalse(TradingSessions.FX.isOpenAt(t("2024-11-03T21:30:00Z")));
        assertTrue(TradingSessions.FX.isOpenAt(t("2024-11-03T22:00:00Z")));
    }

    @Test
    void alwaysOpenAndCustomWindows() {
        TradingSessions crypto = TradingSessions.of(new TradingSessions.Spec(null, null, true));
        assertTrue(crypto.isOpenAt(t("2024-01-13T12:00:00Z")));
        TradingSessions stocks = TradingSessions.of(new TradingSessions.Spec("America/New_York",
                List.of(new TradingSessions.WindowSpec("MON 09:30", "MON 16:00"),
                        new TradingSessions.WindowSpec("TUE 09:30", "TUE 16:00")), null));
        assertTrue(stocks.isOpenAt(t("2024-01-15T14:30:00Z")));
        assertFalse(stocks.isOpenAt(t("2024-01-15T21:00:00Z")));
        assertTrue(stocks.isOpenAt(t("2024-01-16T20:59:00Z")));
        assertFalse(stocks.isOpenAt(t("2024-01-17T15:00:00Z")));
        TradingSessions overWeekEnd = TradingSessions.of(new TradingSessions.Spec("UTC",
                List.of(new TradingSessions.WindowSpec("SAT 12:00", "MON 00:00")), null));
        assertTrue(overWeekEnd.isOpenAt(t("2024-01-14T23:59:00Z")));
        assertFalse(overWeekEnd.isOpenAt(t("2024-01-15T00:00:00Z")));
    }

    @Test
    void invalidSpecsAreRefusedWithAReason() {
        assertThrows(IllegalArgumentException.class, () -> TradingSessions.of(new TradingSessions.Spec("Mars/Base",
                List.of(new TradingSessions.WindowSpec("SUN 17:00", "FRI 17:00")), null)));
        assertThrows(IllegalArgumentException.class, () -> TradingSessions.of(new TradingSessions.Spec("UTC",
                List.of(new TradingSessions.WindowSpec("SUNDAY 17:00", "FRI 17:00")), null)));
        assertThrows(IllegalArgumentException.class, () -> TradingSessions.of(new TradingSessions.Spec("UTC",
                List.of(new TradingSessions.WindowSpec("SUN 25:00", "FRI 17:00")), null)));
        assertThrows(IllegalArgumentException.class, () -> TradingSessions.of(new TradingSessions.Spec("UTC", List.of(), null)));
    }
}
