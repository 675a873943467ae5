package io.mt5db.security;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Failed authentications per client address in a fixed window: after {@code limit} failures within
 * {@code window}, the address gets 429 until the window ends (a key already known valid still passes,
 * see {@link ApiKeyFilter}). At most {@code maxAddresses} addresses are tracked, least recently seen
 * forgotten first, so a flood of addresses costs bounded memory. Pure: the caller passes the clock.
 */
public final class AuthFailureThrottle {

    private static final class Window {
        long startNanos;
        int failures;
    }

    private final int limit;
    private final long windowNanos;
    private final Map<String, Window> windows;

    public AuthFailureThrottle(int limit, java.time.Duration window, int maxAddresses) {
        this.limit = limit;
        this.windowNanos = window.toNanos();
        this.windows = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
                return size() > maxAddresses;
            }
        };
    }

    /** 0 when {@code address} may try a key now, else the whole seconds until it may. */
    public synchronized long retryAfterSeconds(String address, long nowNanos) {
        Window w = windows.get(address);
        if (w == null || nowNanos - w.startNanos >= windowNanos || w.failures < limit) {
            return 0;
        }
        long left = w.startNanos + windowNanos - nowNanos;
        return Math.max(1, (left + 999_999_999L) / 1_000_000_000L);
    }

    /** Notes one failed authentication of {@code address}. */
    public synchronized void failure(String address, long nowNanos) {
        Window w = windows.get(address);
        if (w == null || nowNanos - w.startNanos >= windowNanos) {
            w = new Window();
            w.startNanos = nowNanos;
            windows.put(address, w);
        }
        w.failures++;
    }

    synchronized int trackedAddresses() {
        return windows.size();
    }
}
