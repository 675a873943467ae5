package io.mt5db.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeBoundsTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void acceptsFrom1971ToTheFutureBound() {
        assertNull(TimeBounds.check("ts", TimeBounds.EARLIEST, NOW));
        assertNull(TimeBounds.check("ts", NOW, NOW));
    }

    @Test
    void epochZeroAndNegativeEpochsAreAClearRejection() {
        assertTrue(TimeBounds.check("ts", Instant.EPOCH, NOW).contains("unset MQL5 datetime"));
        assertTrue(TimeBounds.check("ts", Instant.ofEpochSecond(-3600), NOW).contains("unset MQL5 datetime"));
        assertTrue(TimeBounds.check("ts", Instant.parse("1969-01-01T00:00:00Z"), NOW).contains("negative epoch"));
        assertTrue(TimeBounds.check("ts", Instant.parse("-290000-01-01T00:00:00Z"), NOW).startsWith("ts -290000"));
        assertTrue(TimeBounds.check("ts", NOW.plusSeconds(1), NOW).contains("in the future"));
    }

    @Test
    void expiriesLieWithinTenYears() {
        assertNull(TimeBounds.checkExpiry("expires_at", NOW.plusSeconds(60), NOW));
        assertTrue(TimeBounds.checkExpiry("expires_at", NOW, NOW).contains("not in the future"));
        assertTrue(TimeBounds.checkExpiry("expires_at", NOW.plus(TimeBounds.DEFAULT_MAX_EXPIRY).plusSeconds(1), NOW)
                .contains("3650 days"));
    }

    @Test
    void queryParametersOutOfRangeAre400NamingThem() {
        ApiException e = assertThrows(ApiException.class, () -> TimeBounds.requireQuery("from", Instant.EPOCH));
        assertEquals(400, e.status());
        assertEquals("from", e.errors().get(0).field());
    }
}
