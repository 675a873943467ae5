package io.mt5db.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MemoryBudgetTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void leasesStartAtTheExpectedSizeGrowInStepsAndGiveEverythingBackWhenClosed() {
        MemoryBudget budget = new MemoryBudget(4 * MIB, Duration.ofMillis(10));
        try (MemoryBudget.Lease lease = budget.lease(0)) {
            assertEquals(MemoryBudget.STEP_KIB * 1024L, lease.heldBytes());
            lease.accept(100);
            assertEquals(MemoryBudget.STEP_KIB * 1024L, lease.heldBytes());
            lease.accept(MemoryBudget.STEP_KIB * 1024L);
            assertEquals(2 * MemoryBudget.STEP_KIB * 1024L, lease.heldBytes());
            lease.accept(MIB);
            assertTrue(lease.heldBytes() >= MIB + MemoryBudget.STEP_KIB * 1024L + 100);
            assertEquals(budget.totalBytes() - lease.heldBytes(), budget.availableBytes());
        }
        assertEquals(budget.totalBytes(), budget.availableBytes());
        try (MemoryBudget.Lease lease = budget.lease(MIB)) {
            assertEquals(MIB, lease.heldBytes());
            lease.accept(MIB);
            assertEquals(MIB, lease.heldBytes());
        }
        assertEquals(0, budget.inUseBytes());
    }

    @Test
    void aSpentBudgetAnswers503WithRetryAfterAfterTheWait() {
        MemoryBudget budget = new MemoryBudget(MIB, Duration.ofMillis(50));
        try (MemoryBudget.Lease first = budget.lease(900 * 1024)) {
            ApiException busy = assertThrows(ApiException.class, () -> budget.lease(200 * 1024));
            assertEquals(503, busy.status());
            assertEquals("1", busy.headers().get("Retry-After"));
            assertEquals(budget.totalBytes() - first.heldBytes(), budget.availableBytes(), "the refused lease holds nothing");
        }
        assertEquals(budget.totalBytes(), budget.availableBytes());
    }

    @Test
    void growingNeverWaitsSinceAWaiterHoldingPartOfTheBudgetCouldStarveTheOthers() {
        MemoryBudget budget = new MemoryBudget(MIB, Duration.ofSeconds(30));
        try (MemoryBudget.Lease first = budget.lease(512 * 1024); MemoryBudget.Lease second = budget.lease(512 * 1024)) {
            long started = System.nanoTime();
            assertEquals(503, assertThrows(ApiException.class, () -> second.accept(600 * 1024)).status());
            assertTrue(System.nanoTime() - started < Duration.ofSeconds(5).toNanos(), "refused at once, not after the wait");
            assertEquals(512 * 1024L, second.heldBytes());
        }
        assertEquals(budget.totalBytes(), budget.availableBytes());
    }

    @Test
    void oneLeaseNeverNeedsMoreThanTheWholeBudget() {
        MemoryBudget budget = new MemoryBudget(MIB, Duration.ofMillis(10));
        try (MemoryBudget.Lease lease = budget.lease(5 * MIB)) {
            assertEquals(budget.totalBytes(), lease.heldBytes());
            lease.accept(5 * MIB);
            assertEquals(budget.totalBytes(), lease.heldBytes());
        }
        assertEquals(budget.totalBytes(), budget.availableBytes());
    }

    @Test
    void aWaitingLeaseProceedsWhenAnotherCloses() throws Exception {
        MemoryBudget budget = new MemoryBudget(MIB, Duration.ofSeconds(30));
        MemoryBudget.Lease first = budget.lease(MIB);
        CompletableFuture<Long> waiting = CompletableFuture.supplyAsync(() -> {
            try (MemoryBudget.Lease second = budget.lease(512 * 1024)) {
                return second.heldBytes();
            }
        });
        Thread.sleep(100);
        assertTrue(!waiting.isDone(), "the second lease must wait while the budget is spent");
        first.close();
        assertEquals(512 * 1024L, waiting.get(10, TimeUnit.SECONDS));
        assertEquals(budget.totalBytes(), budget.availableBytes());
    }

    @Test
    void oneHoldersLeasesTogetherTakeAtMostItsShareAnd429WhileTheOthersStillGetTheirs() {
        MemoryBudget budget = new MemoryBudget(4 * MIB, Duration.ofMillis(50), MIB);
        assertEquals(MIB, budget.maxPerHolderBytes());
        try (MemoryBudget.Lease first = budget.lease(0, "key 1"); MemoryBudget.Lease second = budget.lease(0, "key 1")) {
            first.accept(800 * 1024);
            ApiException over = assertThrows(ApiException.class, () -> second.accept(300 * 1024));
            assertEquals(429, over.status(), "growing past the holder's share");
            assertEquals("1", over.headers().get("Retry-After"));
            assertEquals(429, assertThrows(ApiException.class, () -> budget.lease(200 * 1024, "key 1")).status(),
                    "a new lease past the share is refused at once, without the wait");
            assertTrue(budget.heldBy("key 1") <= MIB);
            try (MemoryBudget.Lease other = budget.lease(2 * MIB, "key 2")) {
                assertEquals(MIB, other.heldBytes(), "another holder's lease is capped at its own share");
                other.accept(MIB);
                MemoryBudget.Lease third = budget.lease(0, "key 3");
                third.accept(900 * 1024);
                third.close();
            }
            assertEquals(429, assertThrows(ApiException.class, () -> second.accept(MIB)).status(),
                    "one body larger than the share is refused");
        }
        assertEquals(0, budget.heldBy("key 1"), "closed leases give their share back");
        assertEquals(budget.totalBytes(), budget.availableBytes());
        try (MemoryBudget.Lease again = budget.lease(0, "key 1")) {
            again.accept(MIB - 1024);
        }
    }

    @Test
    void aShareAsLargeAsTheBudgetIsNoLimitAndLeasesWithoutHolderAreNotCounted() {
        MemoryBudget whole = new MemoryBudget(2 * MIB, Duration.ofMillis(10), 2 * MIB);
        try (MemoryBudget.Lease lease = whole.lease(0, "key 1")) {
            lease.accept(2 * MIB);
            assertEquals(0, whole.heldBy("key 1"));
        }
        MemoryBudget shared = new MemoryBudget(2 * MIB, Duration.ofMillis(10), 512 * 1024);
        try (MemoryBudget.Lease lease = shared.lease(0)) {
            lease.accept(MIB);
            assertEquals(MIB, lease.heldBytes());
        }
    }
}
