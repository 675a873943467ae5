package io.mt5db.common;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The one timestamp range of every route (SPEC section 2, "Bounds for every route alike"): a
 * timestamp in or out is within [{@link #EARLIEST}, now + the future bound]. Epoch 0 and negative
 * epochs (an unset MQL5 {@code datetime}) fall before it and are refused with a sentence saying so,
 * never stored as a 1970 bar; so are years such as -290000 that PostgreSQL would store as
 * {@code -infinity}. An expiry ({@code expires_at} of keys and signals) lies within
 * (now, now + {@link #maxExpiry()}], default 10 years.
 *
 * <p>The future bound is {@code mt5db.ingest.max-future} (default 5 minutes) and the expiry bound
 * {@code mt5db.time.max-expiry}; {@link TimeBoundsSetup} sets both at start-up from
 * {@link TimeConfig}. Pure otherwise: the checks answer a sentence or throw {@link ApiException}.
 */
public final class TimeBounds {

    public static final Instant EARLIEST = Instant.parse("1971-01-01T00:00:00Z");
    /** {@link #EARLIEST} as a SQL literal. */
    public static final String EARLIEST_SQL = "'1971-01-01 00:00:00+00'::timestamptz";

    /**
     * The SQL condition "the timestamp column {@code column} is one a job can process": from
     * {@link #EARLIEST} on and finite. A stored row outside it (an old version's 1970 bar, a
     * {@code -infinity}) is a poison row: the jobs skip and count it, {@code DELETE /candles?poison=true}
     * removes it.
     */
    public static String processableSql(String column) {
        return "(" + column + " >= " + EARLIEST_SQL + " AND " + column + " < 'infinity'::timestamptz)";
    }
    public static final Duration DEFAULT_MAX_FUTURE = Duration.ofMinutes(5);
    public static final Duration DEFAULT_MAX_EXPIRY = Duration.ofDays(3650);

    private static volatile Duration maxFuture = DEFAULT_MAX_FUTURE;
    private static volatile Duration maxExpiry = DEFAULT_MAX_EXPIRY;

    private TimeBounds() {
    }

    static void configure(Duration future, Duration expiry) {
        maxFuture = future;
        maxExpiry = expiry;
    }

    public static Duration maxFuture() {
        return maxFuture;
    }

    public static Duration maxExpiry() {
        return maxExpiry;
    }

    /** The latest timestamp accepted now. */
    public static Instant latest() {
        return Instant.now().plus(maxFuture);
    }

    /** Null when {@code ts} lies in [EARLIEST, latest], else why not, naming {@code field}. */
    public static String check(String field, Instant ts, Instant latest) {
        if (ts.isBefore(EARLIEST)) {
            if (!ts.isAfter(Instant.EPOCH.plus(Duration.ofDays(1))) && !ts.isBefore(Instant.EPOCH.minus(Duration.ofDays(1)))) {
                return field + " " + ts + " is epoch 0: an unset MQL5 datetime, not a time (the earliest accepted is "
                        + EARLIEST + ")";
            }
            return field + " " + ts + " is before " + EARLIEST
                    + (ts.isBefore(Instant.EPOCH) ? " (a negative epoch is an unset or corrupt MQL5 datetime)" : "");
        }
        if (ts.isAfter(latest)) {
            return field + " " + ts + " is in the future (more than " + maxFuture + " ahead; if the EA sends broker"
                    + " time, set the X-Broker-Offset header)";
        }
        return null;
    }

    /** Null when {@code expiry} lies in (now, now + maxExpiry], else why not. */
    public static String checkExpiry(String field, Instant expiry, Instant now) {
        if (!expiry.isAfter(now)) {
            return field + " " + expiry + " is not in the future";
        }
        if (expiry.isAfter(now.plus(maxExpiry))) {
            return field + " " + expiry + " is more than " + maxExpiry.toDays() + " days ahead (the longest expiry)";
        }
        return null;
    }

    /** A query parameter's timestamp: 400 naming it when out of range, else the value. */
    public static Instant requireQuery(String name, Instant value) {
        if (value == null) {
            return null;
        }
        String problem = check(name, value, latest());
        if (problem != null) {
            String detail = "Query parameter '" + name + "': " + problem;
            throw ApiException.badRequest(detail, List.of(new FieldError(null, name, detail)));
        }
        return value;
    }
}
