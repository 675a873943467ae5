package io.mt5db.common;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.regex.Pattern;

/**
 * Reads every timestamp form an MT5 client sends. A value without an explicit offset (ISO without
 * offset, MQL5 text, epoch numbers, {@code time_msc}) counts in the broker's server time, given by
 * {@code X-Broker-Offset}; without that header it is UTC.
 */
public final class TimestampParser {

    /** Above this an epoch number is taken as milliseconds (10^11 s is the year 5138). */
    static final long MILLIS_THRESHOLD = 100_000_000_000L;

    private static final Pattern DIGITS = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final DateTimeFormatter MQL5 = new DateTimeFormatterBuilder()
            .appendPattern("yyyy.MM.dd HH:mm")
            .optionalStart().appendPattern(":ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .optionalEnd()
            .toFormatter();
    private static final DateTimeFormatter ISO_LOCAL = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .toFormatter();

    private final ZoneId brokerZone;

    public TimestampParser(ZoneId brokerZone) {
        this.brokerZone = brokerZone == null ? ZoneOffset.UTC : brokerZone;
    }

    public static final TimestampParser UTC = new TimestampParser(ZoneOffset.UTC);

    /**
     * Parses the {@code X-Broker-Offset} header: a fixed offset ({@code +02:00}, {@code +0200},
     * {@code -3}) or an IANA zone ({@code Europe/Athens}).
     */
    public static ZoneId parseBrokerZone(String header) {
        if (header == null || header.isBlank()) {
            return ZoneOffset.UTC;
        }
        String value = header.trim();
        try {
            if (value.startsWith("+") || value.startsWith("-")) {
                return ZoneOffset.of(value);
            }
            return ZoneId.of(value);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("X-Broker-Offset '" + value
                    + "' is neither an offset like +02:00 nor an IANA zone like Europe/Athens");
        }
    }

    public ZoneId brokerZone() {
        return brokerZone;
    }

    /** Epoch seconds or milliseconds counted in broker time (MT5 {@code datetime}). */
    public Instant fromEpochNumber(BigDecimal value) {
        long millis;
        if (value.abs().compareTo(BigDecimal.valueOf(MILLIS_THRESHOLD)) > 0) {
            millis = value.setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
        } else {
            millis = value.movePointRight(3).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
        }
        return fromBrokerEpochMillis(millis);
    }

    /** MT5 {@code time_msc}: milliseconds since the epoch, in broker time. */
    public Instant fromBrokerEpochMillis(long millis) {
        if (brokerZone.equals(ZoneOffset.UTC)) {
            return Instant.ofEpochMilli(millis);
        }
        LocalDateTime local = LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1000L),
                (int) Math.floorMod(millis, 1000L) * 1_000_000, ZoneOffset.UTC);
        return local.atZone(brokerZone).toInstant();
    }

    /**
     * Parses a textual timestamp.
     *
     * @throws IllegalArgumentException with a message naming the accepted forms
     */
    public Instant parseText(String raw) {
        if (raw == null) {
            throw new IllegalArgumentException("timestamp is missing");
        }
        String text = raw.trim();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("timestamp is empty");
        }
        Instant canonical = parseCanonicalUtc(text);
        if (canonical != null) {
            return canonical;
        }
        try {
            if (DIGITS.matcher(text).matches()) {
                return fromEpochNumber(new BigDecimal(text));
            }
            if (text.length() >= 10 && text.charAt(4) == '.') {
                return LocalDateTime.parse(text, MQL5).atZone(brokerZone).toInstant();
            }
            if (hasExplicitOffset(text)) {
                return OffsetDateTime.parse(text.replace(' ', 'T'), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            }
            return LocalDateTime.parse(text, ISO_LOCAL).atZone(brokerZone).toInstant();
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("unreadable timestamp '" + TextRules.abbreviate(text, 64)
                    + "': use ISO-8601 (2024-01-02T03:04:05Z), epoch seconds or milliseconds,"
                    + " or MQL5 yyyy.MM.dd HH:mm[:ss]");
        }
    }

    private static final int[] NANOS_PER_FRACTION_UNIT = {
        0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1};

    /**
     * The form nearly every client sends, {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z}, read without the
     * formatter machinery, which was the largest single CPU cost of candle ingest. Answers exactly
     * what ISO_OFFSET_DATE_TIME answers, or null for anything else (other forms, invalid field
     * values), which the general path then reads or reports.
     */
    static Instant parseCanonicalUtc(String text) {
        int n = text.length();
        if (n < 20 || n > 30) {
            return null;
        }
        char zone = text.charAt(n - 1);
        char separator = text.charAt(10);
        if ((zone != 'Z' && zone != 'z') || (separator != 'T' && separator != ' ') || text.charAt(4) != '-'
                || text.charAt(7) != '-' || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if ((year | month | day | hour | minute | second) < 0 || month < 1 || month > 12 || day < 1
                || day > Month.of(month).length(Year.isLeap(year)) || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        int nanos = 0;
        if (n > 20) {
            int fractionDigits = n - 21;
            int fraction = fractionDigits < 1 || text.charAt(19) != '.' ? -1 : digits(text, 20, fractionDigits);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction * NANOS_PER_FRACTION_UNIT[fractionDigits];
        }
        long seconds = LocalDate.of(year, month, day).toEpochDay() * 86_400L + hour * 3_600L + minute * 60L + second;
        return Instant.ofEpochSecond(seconds, nanos);
    }

    /** The ASCII digits at [from, from + count) as a number, or -1 if any is not a digit. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean hasExplicitOffset(String text) {
        if (text.endsWith("Z") || text.endsWith("z")) {
            return true;
        }
        int timeStart = text.indexOf('T') > 0 ? text.indexOf('T') : text.indexOf(' ');
        if (timeStart < 0) {
            return false;
        }
        String time = text.substring(timeStart + 1);
        return time.indexOf('+') >= 0 || time.indexOf('-') >= 0;
    }
}
