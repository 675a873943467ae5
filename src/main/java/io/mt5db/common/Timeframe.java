package io.mt5db.common;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Optional;

/**
 * MT5 timeframes with their UTC bucket arithmetic. M1..D1 are fixed-width buckets counted from the
 * epoch; W1 starts on Sunday 00:00Z (MT5's week) and MN1 on the first of the month 00:00Z.
 */
public enum Timeframe {
    M1(60), M5(300), M15(900), M30(1800), H1(3600), H4(14400), D1(86400), W1(7 * 86400), MN1(-1);

    private final long seconds;

    Timeframe(long seconds) {
        this.seconds = seconds;
    }

    public static Optional<Timeframe> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Timeframe.valueOf(text.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Nominal length in seconds; MN1 has none (months differ), so it answers 31 days. */
    public long nominalSeconds() {
        return this == MN1 ? 31L * 86400 : seconds;
    }

    /**
     * Timeframes whose bucket is at most an hour: a bar stamped inside the bucket (the EA's collection
     * second) is floored. Larger ones must already be aligned, since a broker-time bar is not a UTC one.
     */
    public boolean floorsOnIngest() {
        return this != MN1 && seconds <= 3600;
    }

    public Instant floor(Instant t) {
        long epoch = t.getEpochSecond();
        switch (this) {
            case W1: {
                LocalDate day = LocalDate.ofInstant(t, ZoneOffset.UTC);
                LocalDate sunday = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.SUNDAY));
                return sunday.atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            case MN1: {
                LocalDate day = LocalDate.ofInstant(t, ZoneOffset.UTC);
                return day.withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            default:
                return Instant.ofEpochSecond(Math.floorDiv(epoch, seconds) * seconds);
        }
    }

    public boolean isAligned(Instant t) {
        return floor(t).equals(t);
    }

    /** Start of the bucket after the one that starts at {@code bucketStart}. */
    public Instant next(Instant bucketStart) {
        switch (this) {
            case W1:
                return bucketStart.plusSeconds(seconds);
            case MN1:
                return ZonedDateTime.ofInstant(bucketStart, ZoneOffset.UTC).plusMonths(1).toInstant();
            default:
                return bucketStart.plusSeconds(seconds);
        }
    }
}
