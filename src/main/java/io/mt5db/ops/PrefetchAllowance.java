package io.mt5db.ops;

import io.mt5db.common.HolderShares;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many body bytes may be held in memory at once: a body is prefetched only when it fits both
 * the per-body limit and what is left of the shared allowance, and gives its share back when its
 * request ends. One holder (an API key) takes at most its share of the allowance, so one key's slow
 * clients cannot push every other key's bodies off the prefetch path.
 */
public final class PrefetchAllowance {

    private final long maxBodyBytes;
    private final long maxInFlightBytes;
    private final AtomicLong inFlight = new AtomicLong();
    private final HolderShares holders;

    public PrefetchAllowance(long maxBodyBytes, long maxInFlightBytes) {
        this(maxBodyBytes, maxInFlightBytes, 1.0);
    }

    /** {@code share}: the part of the allowance one holder may take, never less than one largest body. */
    public PrefetchAllowance(long maxBodyBytes, long maxInFlightBytes, double share) {
        if (maxBodyBytes < 0 || maxInFlightBytes < 0) {
            throw new IllegalArgumentException("prefetch limits must not be negative: body " + maxBodyBytes
                    + ", in flight " + maxInFlightBytes);
        }
        this.maxBodyBytes = maxBodyBytes;
        this.maxInFlightBytes = maxInFlightBytes;
        long perHolder = Math.max((long) (maxInFlightBytes * share), maxBodyBytes);
        this.holders = perHolder >= maxInFlightBytes || perHolder <= 0 ? null : new HolderShares(perHolder);
    }

    /**
     * Takes {@code declaredLength} bytes of the allowance if the body may be prefetched; false for an
     * unknown (negative) or empty length, one over the per-body limit, or one the allowance cannot hold now.
     */
    public boolean tryTake(long declaredLength) {
        return tryTake(null, declaredLength);
    }

    /** {@link #tryTake(long)} for {@code holder} (null: none), also false when its share cannot hold the body. */
    public boolean tryTake(String holder, long declaredLength) {
        if (declaredLength <= 0 || declaredLength > maxBodyBytes) {
            return false;
        }
        if (holder != null && holders != null && !holders.tryTake(holder, declaredLength)) {
            return false;
        }
        while (true) {
            long held = inFlight.get();
            if (held + declaredLength > maxInFlightBytes) {
                if (holder != null && holders != null) {
                    holders.release(holder, declaredLength);
                }
                return false;
            }
            if (inFlight.compareAndSet(held, held + declaredLength)) {
                return true;
            }
        }
    }

    /** Gives back what {@link #tryTake} took for a request that has ended. */
    public void release(long declaredLength) {
        release(null, declaredLength);
    }

    /** Gives back what {@link #tryTake(String, long)} took for a request that has ended. */
    public void release(String holder, long declaredLength) {
        inFlight.addAndGet(-declaredLength);
        if (holder != null && holders != null) {
            holders.release(holder, declaredLength);
        }
    }

    public long inFlightBytes() {
        return inFlight.get();
    }
}
