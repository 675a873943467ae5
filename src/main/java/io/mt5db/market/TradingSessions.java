package io.mt5db.market;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * When a symbol's market is open: weekly windows in a time zone, DST-aware. The stored form
 * ({@code symbols.sessions}) is
 * <pre>{"timezone": "America/New_York", "weekly": [{"open": "SUN 17:00", "close": "FRI 17:00"}]}</pre>
 * with any number of windows (a window may run across the week's end, e.g. FRI 22:00 → SUN 22:00 is
 * closed time, not a window), or {@code {"always_open": true}} for markets that never close. Without
 * sessions a symbol trades FX hours: Sunday 17:00 to Friday 17:00 New York time. Holidays are not
 * modelled.
 */
public final class TradingSessions {

    /** The stored/posted form. */
    public record Spec(String timezone, List<WindowSpec> weekly, Boolean alwaysOpen) {
    }

    /** One weekly window: {@code "SUN 17:00"} style day and local time for open and close. */
    public record WindowSpec(String open, String close) {
    }

    /** An open period in UTC, [open, close). */
    public record Interval(Instant open, Instant close) {
    }

    public static final Spec FX_SPEC =
            new Spec("America/New_York", List.of(new WindowSpec("SUN 17:00", "FRI 17:00")), null);
    public static final TradingSessions FX = of(FX_SPEC);

    private record Window(DayOfWeek openDay, LocalTime openTime, DayOfWeek closeDay, LocalTime closeTime) {
    }

    private final ZoneId zone;
    private final List<Window> windows;
    private final boolean alwaysOpen;

    private TradingSessions(ZoneId zone, List<Window> windows, boolean alwaysOpen) {
        this.zone = zone;
        this.windows = windows;
        this.alwaysOpen = alwaysOpen;
    }

    /**
     * Validates a spec.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static TradingSessions of(Spec spec) {
        if (spec == null) {
            throw new IllegalArgumentException("sessions must be an object");
        }
        if (Boolean.TRUE.equals(spec.alwaysOpen())) {
            return new TradingSessions(java.time.ZoneOffset.UTC, List.of(), true);
        }
        if (spec.timezone() == null || spec.timezone().isBlank()) {
            throw new IllegalArgumentException("sessions.timezone is required (an IANA zone such as America/New_York)");
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(spec.timezone().trim());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("sessions.timezone '" + spec.timezone() + "' is not an IANA zone");
        }
        if (spec.weekly() == null || spec.weekly().isEmpty()) {
            throw new IllegalArgumentException("sessions.weekly needs at least one {open, close} window");
        }
        List<Window> windows = new ArrayList<>();
        for (WindowSpec w : spec.weekly()) {
            if (w == null) {
                throw new IllegalArgumentException("sessions.weekly holds an empty window");
            }
            DayTime open = dayTime(w.open(), "open");
            DayTime close = dayTime(w.close(), "close");
            windows.add(new Window(open.day, open.time, close.day, close.time));
        }
        return new TradingSessions(zone, List.copyOf(windows), false);
    }

    private record DayTime(DayOfWeek day, LocalTime time) {
    }

    private static DayTime dayTime(String text, String field) {
        String message = "sessions window " + field + " must look like \"SUN 17:00\" (MON..SUN HH:mm), got '" + text + "'";
        if (text == null) {
            throw new IllegalArgumentException(message);
        }
        String[] parts = text.trim().split("\\s+");
        if (parts.length != 2) {
            throw new IllegalArgumentException(message);
        }
        DayOfWeek day = switch (parts[0].toUpperCase(Locale.ROOT)) {
            case "MON" -> DayOfWeek.MONDAY;
            case "TUE" -> DayOfWeek.TUESDAY;
            case "WED" -> DayOfWeek.WEDNESDAY;
            case "THU" -> DayOfWeek.THURSDAY;
            case "FRI" -> DayOfWeek.FRIDAY;
            case "SAT" -> DayOfWeek.SATURDAY;
            case "SUN" -> DayOfWeek.SUNDAY;
            default -> throw new IllegalArgumentException(message);
        };
        try {
            return new DayTime(day, LocalTime.parse(parts[1]));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(message);
        }
    }

    public boolean alwaysOpen() {
        return alwaysOpen;
    }

    /** The open periods that overlap [from, to), merged and in time order. */
    public List<Interval> openIntervals(Instant from, Instant to) {
        List<Interval> intervals = new ArrayList<>();
        if (!from.isBefore(to)) {
            return intervals;
        }
        if (alwaysOpen) {
            intervals.add(new Interval(from, to));
            return intervals;
        }
        List<Interval> raw = new ArrayList<>();
        LocalDate monday = LocalDate.ofInstant(from.minus(Duration.ofDays(8)), zone)
                .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        LocalDate last = LocalDate.ofInstant(to, zone).plusDays(1);
        for (LocalDate week = monday; !week.isAfter(last); week = week.plusWeeks(1)) {
            for (Window w : windows) {
                LocalDate openDate = week.with(TemporalAdjusters.nextOrSame(w.openDay()));
                ZonedDateTime open = ZonedDateTime.of(openDate, w.openTime(), zone);
                LocalDate closeDate = openDate.with(TemporalAdjusters.nextOrSame(w.closeDay()));
                ZonedDateTime close = ZonedDateTime.of(closeDate, w.closeTime(), zone);
                if (!close.isAfter(open)) {
                    close = ZonedDateTime.of(closeDate.plusWeeks(1), w.closeTime(), zone);
                }
                if (close.toInstant().isAfter(from) && open.toInstant().isBefore(to)) {
                    raw.add(new Interval(open.toInstant(), close.toInstant()));
                }
            }
        }
        raw.sort((a, b) -> a.open().compareTo(b.open()));
        for (Interval i : raw) {
            Interval previous = intervals.isEmpty() ? null : intervals.get(intervals.size() - 1);
            if (previous != null && !i.open().isAfter(previous.close())) {
                if (i.close().isAfter(previous.close())) {
                    intervals.set(intervals.size() - 1, new Interval(previous.open(), i.close()));
                }
            } else {
                intervals.add(i);
            }
        }
        return intervals;
    }

    public boolean isOpenAt(Instant t) {
        return !openIntervals(t, t.plusMillis(1)).isEmpty();
    }
}
