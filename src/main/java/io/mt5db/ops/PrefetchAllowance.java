package io.mt5db.ops;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How many body bytes may be held in memory at once: a body is prefetched only when it fits both
 * the per-body limit and what is left of the shared allowance, and gives its share back when its
 * request ends.
 */
public final class PrefetchAllowance {

    private final long maxBodyBytes;
    private final long maxInFlightBytes;
    private final AtomicLong inFlight = new AtomicLong();

    public PrefetchAllowance(long maxBodyBytes, long maxInFlightBytes) {
        if (maxBodyBytes < 0 || maxInFlightBytes < 0) {
            throw new IllegalArgumentException("prefetch limits must not be negative: body " + maxBodyBytes
                    + ", in flight " + maxInFlightBytes);
        }
        this.maxBodyBytes = maxBodyBytes;
        this.maxInFlightBytes = maxInFlightBytes;
    }

    /**
     * Takes {@code declaredLength} bytes of the allowance if the body may be prefetched; false for an
     * unknown (negative) or empty length, one over the per-body limit, or one the allowance cannot hold now.
     */
    public boolean tryTake(long declaredLength) {
        if (declaredLength <= 0 || declaredLength > maxBodyBytes) {
            return false;
        }
        while (true) {
            long held = inFlight.get();
            if (held + declaredLength > maxInFlightBytes) {
                return false;
            }
            if (inFlight.compareAndSet(held, held + declaredLength)) {
                return true;
            }
        }
    }

    /** Gives back what {@link #tryTake} took for a request that has ended. */
    public void release(long declaredLength) {
        inFlight.addAndGet(-declaredLength);
    }

    public long inFlightBytes() {
        return inFlight.get();
    }
}
