package io.mt5db.common;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
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
            throw new IllegalArgumentException("unreadable timestamp '" + abbreviate(text)
                    + "': use ISO-8601 (2024-01-02T03:04:05Z), epoch seconds or milliseconds,"
                    + " or MQL5 yyyy.MM.dd HH:mm[:ss]");
        }
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

    static String abbreviate(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "…" : text;
    }
}
