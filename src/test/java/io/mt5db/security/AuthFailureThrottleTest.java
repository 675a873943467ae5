package io.mt5db.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AuthFailureThrottleTest {

    private static final long S = 1_000_000_000L;

    @Test
    void blocksAnAddressAfterTheLimitUntilTheWindowEnds() {
        AuthFailureThrottle throttle = new AuthFailureThrottle(3, Duration.ofSeconds(10), 100);
        for (int i = 0; i < 3; i++) {
            assertEquals(0, throttle.retryAfterSeconds("a", i * S));
            throttle.failure("a", i * S);
        }
        assertEquals(8, throttle.retryAfterSeconds("a", 2 * S));
        assertEquals(0, throttle.retryAfterSeconds("b", 2 * S), "another address is not blocked");
        assertEquals(1, throttle.retryAfterSeconds("a", 9 * S + 1));
        assertEquals(0, throttle.retryAfterSeconds("a", 10 * S), "a new window");
    }

    @Test
    void tracksABoundedNumberOfAddresses() {
        AuthFailureThrottle throttle = new AuthFailureThrottle(3, Duration.ofSeconds(10), 100);
        for (int i = 0; i < 1000; i++) {
            throttle.failure("10.0.0." + i, 0);
        }
        assertEquals(100, throttle.trackedAddresses());
    }
}
