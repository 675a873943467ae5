package io.mt5db.ops;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StartGateTest {

    @Test
    void aStartThatNeverBeganIsNotWaitedFor() throws InterruptedException {
        assertTrue(new StartGate().await(Duration.ZERO));
    }

    @Test
    void aBegunStartHoldsWaitersUntilItFinishes() throws Exception {
        StartGate gate = new StartGate();
        gate.begin();
        assertFalse(gate.await(Duration.ofMillis(50)), "still starting: the wait times out");
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return gate.await(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(50);
        assertFalse(waiter.isDone(), "the waiter is held while the start runs");
        gate.finish();
        assertTrue(waiter.get(10, TimeUnit.SECONDS), "released by the finish");
        assertTrue(gate.await(Duration.ZERO), "and later waits pass at once");
    }
}
