package io.mt5db.ops;

/** The minimum body rate rule (see {@link BodyPrefetchConfig#minBodyRate()}), apart from timers and sockets. */
final class BodyRate {

    private BodyRate() {
    }

    /**
     * Whether a body of which {@code bytesRead} came in during the {@code elapsedMillis} since its
     * headers is too slow: only once the grace period is over, and then when its average rate since
     * the headers is below {@code minBytesPerSecond} (0: never).
     */
    static boolean tooSlow(long bytesRead, long elapsedMillis, long minBytesPerSecond, long graceMillis) {
        if (minBytesPerSecond <= 0 || elapsedMillis < graceMillis) {
            return false;
        }
        return bytesRead < minBytesPerSecond * elapsedMillis / 1000;
    }
}
