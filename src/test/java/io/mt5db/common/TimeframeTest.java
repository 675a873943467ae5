package io.mt5db.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeframeTest {

    private static Instant t(String iso) {
        return Instant.parse(iso);
    }

    @Test
    void fixedWidthBucketsFloorInUtc() {
        Instant ts = t("2024-03-07T13:47:31Z");
        assertEquals(t("2024-03-07T13:47:00Z"), Timeframe.M1.floor(ts));
        assertEquals(t("2024-03-07T13:45:00Z"), Timeframe.M5.floor(ts));
        assertEquals(t("2024-03-07T13:45:00Z"), Timeframe.M15.floor(ts));
        assertEquals(t("2024-03-07T13:30:00Z"), Timeframe.M30.floor(ts));
        assertEquals(t("2024-03-07T13:00:00Z"), Timeframe.H1.floor(ts));
        assertEquals(t("2024-03-07T12:00:00Z"), Timeframe.H4.floor(ts));
        assertEquals(t("2024-03-07T00:00:00Z"), Timeframe.D1.floor(ts));
    }

    @Test
    void weeksStartOnSundayAndMonthsOnTheFirst() {
        // 2024-03-07 is a Thursday; its week began Sunday 2024-03-03.
        assertEquals(t("2024-03-03T00:00:00Z"), Timeframe.W1.floor(t("2024-03-07T13:47:31Z")));
        assertEquals(t("2024-03-03T00:00:00Z"), Timeframe.W1.floor(t("2024-03-03T00:00:00Z")));
        assertEquals(t("2024-03-03T00:00:00Z"), Timeframe.W1.floor(t("2024-03-09T23:59:59Z")));
        assertEquals(t("2024-03-10T00:00:00Z"), Timeframe.W1.floor(t("2024-03-10T00:00:00Z")));
        assertEquals(t("2024-02-01T00:00:00Z"), Timeframe.MN1.floor(t("2024-02-29T23:59:59Z")));
        assertEquals(t("2024-03-01T00:00:00Z"), Timeframe.MN1.next(t("2024-02-01T00:00:00Z")));
        assertEquals(t("2024-03-10T00:00:00Z"), Timeframe.W1.next(t("2024-03-03T00:00:00Z")));
    }

    @Test
    void alignmentAndIngestFlooringRules() {
        assertTrue(Timeframe.H4.isAligned(t("2024-03-07T20:00:00Z")));
        assertFalse(Timeframe.H4.isAligned(t("2024-03-07T22:00:00Z")));
        assertFalse(Timeframe.D1.isAligned(t("2024-03-07T21:00:00Z")));
        assertTrue(Timeframe.H1.floorsOnIngest());
        assertFalse(Timeframe.H4.floorsOnIngest());
        assertFalse(Timeframe.MN1.floorsOnIngest());
        assertEquals(Timeframe.MN1, Timeframe.parse(" mn1 ").orElseThrow());
        assertTrue(Timeframe.parse("M2").isEmpty());
    }
}
