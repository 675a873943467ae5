package io.mt5db.common;

import java.util.concurrent.ConcurrentHashMap;

/**
 * How much of a shared allowance each holder (an API key, or a client address when there is no key)
 * has taken, with a cap per holder: one client with many slow or large requests reaches its own cap
 * long before the shared allowance is spent, so it cannot starve the other clients. A holder that
 * gives everything back is forgotten, so idle clients cost nothing.
 */
public final class HolderShares {

    private final long maxPerHolder;
    private final ConcurrentHashMap<String, Long> held = new ConcurrentHashMap<>();

    public HolderShares(long maxPerHolder) {
        if (maxPerHolder <= 0) {
            throw new IllegalArgumentException("a holder's share must be positive: " + maxPerHolder);
        }
        this.maxPerHolder = maxPerHolder;
    }

    /** Takes {@code amount} for {@code holder} if its share still holds it; false (and nothing taken) otherwise. */
    public boolean tryTake(String holder, long amount) {
        if (amount <= 0) {
            return true;
        }
        boolean[] taken = {false};
        held.compute(holder, (h, current) -> {
            long now = current == null ? 0 : current;
            if (now + amount > maxPerHolder) {
                return current;
            }
            taken[0] = true;
            return now + amount;
        });
        return taken[0];
    }

    /** Gives back what {@link #tryTake} took. */
    public void release(String holder, long amount) {
        if (amount <= 0) {
            return;
        }
        held.computeIfPresent(holder, (h, current) -> current - amount <= 0 ? null : current - amount);
    }

    public long heldBy(String holder) {
        return held.getOrDefault(holder, 0L);
    }

    public long maxPerHolder() {
        return maxPerHolder;
    }
}
