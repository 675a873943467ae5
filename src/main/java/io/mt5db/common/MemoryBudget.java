package io.mt5db.common;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Heap set aside for work whose size is known only roughly before it is read, such as request
 * bodies being turned into items. Each piece of work takes a {@link Lease} for its expected size,
 * waiting while the budget is spent, and answers 503 with Retry-After after the wait instead of
 * letting concurrent large requests exhaust the heap. While reading, a lease grows with the bytes
 * actually read; growing never waits (a lease holding part of the budget while waiting for more
 * could starve every other one), it answers 503 at once when the budget is spent. A lease never
 * needs more than the whole budget, so one request as large as the budget always gets through.
 */
public final class MemoryBudget {

    /** Leases grow in steps of this many KiB, so that small requests touch the semaphore once. */
    static final int STEP_KIB = 64;

    private final Semaphore kib;
    private final int totalKib;
    private final long waitNanos;

    public MemoryBudget(long bytes, Duration wait) {
        if (bytes < 1024) {
            throw new IllegalArgumentException("a memory budget below 1 KiB cannot hold a request: " + bytes);
        }
        this.totalKib = (int) Math.min(Integer.MAX_VALUE, bytes / 1024);
        this.kib = new Semaphore(totalKib, true);
        this.waitNanos = wait.toNanos();
    }

    /** A lease holding {@code expectedBytes} (at most the whole budget), once that much is free. */
    public Lease lease(long expectedBytes) {
        Lease lease = new Lease();
        int wanted = (int) Math.min(totalKib, Math.max(STEP_KIB, (expectedBytes + 1023) / 1024));
        try {
            if (!kib.tryAcquire(wanted, waitNanos, TimeUnit.NANOSECONDS)) {
                throw busy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy();
        }
        lease.heldKib = wanted;
        return lease;
    }

    public long totalBytes() {
        return totalKib * 1024L;
    }

    public long availableBytes() {
        return kib.availablePermits() * 1024L;
    }

    public long inUseBytes() {
        return totalBytes() - availableBytes();
    }

    /** One piece of work's share: {@link #accept} it the bytes read, close it when the work is done. */
    public final class Lease implements AutoCloseable, LongConsumer {

        private long bytes;
        private int heldKib;

        private Lease() {
        }

        @Override
        public void accept(long more) {
            bytes += more;
            long neededKib = (bytes + 1023) / 1024;
            if (neededKib <= heldKib) {
                return;
            }
            int target = (int) Math.min(totalKib, Math.max(neededKib, (long) heldKib + STEP_KIB));
            if (target <= heldKib) {
                return;
            }
            if (!kib.tryAcquire(target - heldKib)) {
                throw busy();
            }
            heldKib = target;
        }

        public long heldBytes() {
            return heldKib * 1024L;
        }

        @Override
        public void close() {
            kib.release(heldKib);
            heldKib = 0;
        }
    }

    private ApiException busy() {
        return ApiException.serviceUnavailable("The server is reading as many large request bodies as its memory "
                + "allows (" + totalBytes() / (1024 * 1024) + " MiB); retry shortly", 1);
    }
}
