package io.mt5db.ops;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BodyRateTest {

    @Test
    void aBodyIsJudgedOnlyAfterTheGraceAndThenOnItsAverageSinceTheHeaders() {
        assertFalse(BodyRate.tooSlow(0, 9_999, 1024, 10_000), "nothing is judged within the grace");
        assertTrue(BodyRate.tooSlow(0, 10_000, 1024, 10_000), "nothing at all after the grace");
        assertTrue(BodyRate.tooSlow(10 * 1024 - 1, 10_000, 1024, 10_000), "just under 1 KiB/s on average");
        assertFalse(BodyRate.tooSlow(10 * 1024, 10_000, 1024, 10_000), "exactly 1 KiB/s on average");
        assertFalse(BodyRate.tooSlow(30 * 1024, 20_000, 1024, 10_000), "a fast start pays for a slow end");
        assertTrue(BodyRate.tooSlow(15 * 1024, 20_000, 1024, 10_000), "the average falls under the rate later");
        assertFalse(BodyRate.tooSlow(0, 1_000_000, 0, 10_000), "a rate of 0 switches the rule off");
    }
}
