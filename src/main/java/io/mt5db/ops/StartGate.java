package io.mt5db.ops;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A start that runs in the background and that other threads may wait for; open if it never began. */
final class StartGate {

    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean begun;

    void begin() {
        begun = true;
    }

    void finish() {
        finished.countDown();
    }

    /** Whether the start has finished (or never began) within {@code max}. */
    boolean await(Duration max) throws InterruptedException {
        return !begun || finished.await(max.toMillis(), TimeUnit.MILLISECONDS);
    }
}
