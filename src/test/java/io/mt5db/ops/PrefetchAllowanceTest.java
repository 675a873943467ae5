package io.mt5db.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PrefetchAllowanceTest {

    @Test
    void takesOnlyKnownLengthsWithinThePerBodyLimit() {
        PrefetchAllowance allowance = new PrefetchAllowance(1_000, 10_000);
        assertFalse(allowance.tryTake(-1), "unknown length (chunked)");
        assertFalse(allowance.tryTake(0), "no body");
        assertFalse(allowance.tryTake(1_001), "over the per-body limit");
        assertTrue(allowance.tryTake(1_000));
        assertEquals(1_000, allowance.inFlightBytes());
    }

    @Test
    void theSharedAllowanceBoundsWhatIsHeldAtOnceAndComesBackOnRelease() {
        PrefetchAllowance allowance = new PrefetchAllowance(1_000, 2_500);
        assertTrue(allowance.tryTake(1_000));
        assertTrue(allowance.tryTake(1_000));
        assertFalse(allowance.tryTake(1_000), "2,000 held + 1,000 would pass 2,500");
        assertTrue(allowance.tryTake(500), "what is left still fits a smaller body");
        allowance.release(1_000);
        assertTrue(allowance.tryTake(1_000));
        assertEquals(2_500, allowance.inFlightBytes());
    }

    @Test
    void oneKeyTakesAtMostItsShareAndTheOthersStillFit() {
        PrefetchAllowance allowance = new PrefetchAllowance(1_000, 8_000, 0.25);
        assertTrue(allowance.tryTake("key-a", 1_000));
        assertTrue(allowance.tryTake("key-a", 1_000));
        assertFalse(allowance.tryTake("key-a", 1), "key-a holds its 2,000 share");
        assertEquals(2_000, allowance.inFlightBytes(), "a refused body holds nothing");
        for (int i = 0; i < 2; i++) {
            assertTrue(allowance.tryTake("key-b", 1_000), "another key still gets its bodies prefetched");
        }
        allowance.release("key-a", 1_000);
        assertTrue(allowance.tryTake("key-a", 1_000), "a released body makes room in its key's share");
        assertTrue(new PrefetchAllowance(1_000, 2_000, 0.1).tryTake("key-c", 1_000),
                "a share never holds less than one largest body");
    }

    @Test
    void zeroSwitchesPrefetchingOff() {
        PrefetchAllowance allowance = new PrefetchAllowance(0, 8_000_000);
        assertFalse(allowance.tryTake(1));
        assertThrows(IllegalArgumentException.class, () -> new PrefetchAllowance(-1, 10));
    }

    @Test
    void concurrentTakersNeverHoldMoreThanTheAllowance() throws InterruptedException {
        long cap = 50_000;
        PrefetchAllowance allowance = new PrefetchAllowance(4_000, cap);
        AtomicLong highest = new AtomicLong();
        AtomicLong taken = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int seed = t;
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 20_000; i++) {
                    long bytes = 1 + (i * 31L + seed * 17L) % 4_000;
                    if (allowance.tryTake(bytes)) {
                        taken.incrementAndGet();
                        highest.accumulateAndGet(allowance.inFlightBytes(), Math::max);
                        allowance.release(bytes);
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertTrue(highest.get() <= cap, "held at most the allowance: " + highest.get());
        assertTrue(taken.get() > 0);
        assertEquals(0, allowance.inFlightBytes(), "every take was given back");
    }
}
