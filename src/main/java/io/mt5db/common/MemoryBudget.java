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
 * <p>
 * A lease may name its holder (an API key, or a client address): no holder's leases together hold
 * more than {@code maxPerHolderBytes}, so one client with many slow bodies meets 429 while the rest
 * of the budget stays free for the others (issue 20: 17 slow connections of one key starved all ingest).
 */
public final class MemoryBudget {

    /** Leases grow in steps of this many KiB, so that small requests touch the semaphore once. */
    static final int STEP_KIB = 64;

    private final Semaphore kib;
    private final int totalKib;
    private final long waitNanos;
    /** Null when a holder may take the whole budget. */
    private final HolderShares holders;

    public MemoryBudget(long bytes, Duration wait) {
        this(bytes, wait, bytes);
    }

    /** A budget of which one holder's leases together take at most {@code maxPerHolderBytes}. */
    public MemoryBudget(long bytes, Duration wait, long maxPerHolderBytes) {
        if (bytes < 1024) {
            throw new IllegalArgumentException("a memory budget below 1 KiB cannot hold a request: " + bytes);
        }
        this.totalKib = (int) Math.min(Integer.MAX_VALUE, bytes / 1024);
        this.kib = new Semaphore(totalKib, true);
        this.waitNanos = wait.toNanos();
        long holderKib = Math.max(STEP_KIB, maxPerHolderBytes / 1024);
        this.holders = holderKib >= totalKib ? null : new HolderShares(holderKib);
    }

    /** A lease holding {@code expectedBytes} (at most the whole budget), once that much is free. */
    public Lease lease(long expectedBytes) {
        return lease(expectedBytes, null);
    }

    /**
     * A lease of {@code holder} (null: no holder) holding {@code expectedBytes}, once that much is free;
     * 429 at once when the holder's other leases already hold its share.
     */
    public Lease lease(long expectedBytes, String holder) {
        Lease lease = new Lease(holders == null ? null : holder);
        int wanted = (int) Math.min(maxKib(lease.holder), Math.max(STEP_KIB, (expectedBytes + 1023) / 1024));
        lease.takeShare(wanted);
        try {
            if (!kib.tryAcquire(wanted, waitNanos, TimeUnit.NANOSECONDS)) {
                lease.giveShare(wanted);
                throw busy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lease.giveShare(wanted);
            throw busy();
        }
        lease.heldKib = wanted;
        return lease;
    }

    /** Most one lease of this holder can hold. */
    private int maxKib(String holder) {
        return holder == null ? totalKib : (int) Math.min(totalKib, holders.maxPerHolder());
    }

    /** The most one holder's leases hold together. */
    public long maxPerHolderBytes() {
        return holders == null ? totalBytes() : holders.maxPerHolder() * 1024L;
    }

    /** What {@code holder}'s open leases hold now. */
    public long heldBy(String holder) {
        return holders == null || holder == null ? 0 : holders.heldBy(holder) * 1024L;
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

        private final String holder;
        private long bytes;
        private int heldKib;

        private Lease(String holder) {
            this.holder = holder;
        }

        private void takeShare(int addKib) {
            if (holder != null && !holders.tryTake(holder, addKib)) {
                throw overShare();
            }
        }

        private void giveShare(int kibToGive) {
            if (holder != null) {
                holders.release(holder, kibToGive);
            }
        }

        @Override
        public void accept(long more) {
            bytes += more;
            long neededKib = (bytes + 1023) / 1024;
            if (neededKib <= heldKib) {
                return;
            }
            int max = maxKib(holder);
            if (neededKib > max && max < totalKib) {
                throw overShare();
            }
            int target = (int) Math.min(max, Math.max(neededKib, (long) heldKib + STEP_KIB));
            if (target <= heldKib) {
                return;
            }
            takeShare(target - heldKib);
            if (!kib.tryAcquire(target - heldKib)) {
                giveShare(target - heldKib);
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
            giveShare(heldKib);
            heldKib = 0;
        }
    }

    private ApiException overShare() {
        return ApiException.tooManyRequests("This client already holds its share of the memory for request bodies ("
                + maxPerHolderBytes() / 1024 + " KiB of " + totalBytes() / 1024 + " KiB) with requests still being read; "
                + "finish or cancel those, or send fewer at once, and retry shortly", 1);
    }

    private ApiException busy() {
        return ApiException.serviceUnavailable("The server is reading as many large request bodies as its memory "
                + "allows (" + totalBytes() / (1024 * 1024) + " MiB); retry shortly", 1);
    }
}
