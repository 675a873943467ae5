package io.mt5db.security;

import java.util.concurrent.ConcurrentHashMap;

/** A token bucket per key: a sustained rate with a burst allowance. */
public final class RateLimiter {

    private final double ratePerSecond;
    private final double burst;
    private final ConcurrentHashMap<Long, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(double ratePerSecond, double burst) {
        this.ratePerSecond = ratePerSecond;
        this.burst = Math.max(1, burst);
    }

    private static final class Bucket {
        double tokens;
        long lastNanos;

        Bucket(double tokens, long lastNanos) {
            this.tokens = tokens;
            this.lastNanos = lastNanos;
        }
    }

    /** Takes one token; answers 0 when allowed, otherwise the seconds to wait before retrying. */
    public long tryAcquire(long keyId, long nowNanos) {
        if (ratePerSecond <= 0) {
            return 0;
        }
        Bucket bucket = buckets.computeIfAbsent(keyId, id -> new Bucket(burst, nowNanos));
        synchronized (bucket) {
            double elapsed = (nowNanos - bucket.lastNanos) / 1e9;
            bucket.tokens = Math.min(burst, bucket.tokens + elapsed * ratePerSecond);
            bucket.lastNanos = nowNanos;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - bucket.tokens) / ratePerSecond));
        }
    }
}
