package io.mt5db.cli.importing;

import io.mt5db.common.TextRules;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

/**
 * The date and time cells of MT5 and old-system exports, read without the formatter machinery
 * (a million-row import reads a million of them): dates {@code 2025.10.20}, {@code 2025-10-20} or
 * {@code 2025/10/20}; times {@code HH:mm}, {@code HH:mm:ss} or {@code HH:mm:ss.SSS}.
 */
final class LocalStamps {

    private LocalStamps() {
    }

    static LocalDate date(String text, String field) throws LineException {
        String s = text.trim();
        if (s.length() != 10 || !isDateSeparator(s.charAt(4)) || s.charAt(7) != s.charAt(4)) {
            throw new LineException(field, field + " '" + TextRules.abbreviate(s, 64) + "' is not a date like 2025.10.20");
        }
        try {
            return LocalDate.of(digits(s, 0, 4, field), digits(s, 5, 7, field), digits(s, 8, 10, field));
        } catch (DateTimeException e) {
            throw new LineException(field, field + " '" + s + "' is not a valid date: " + e.getMessage());
        }
    }

    static LocalTime time(String text, String field) throws LineException {
        String s = text.trim();
        int n = s.length();
        if ((n != 5 && n != 8 && (n < 10 || n > 12)) || s.charAt(2) != ':' || (n >= 8 && s.charAt(5) != ':')
                || (n >= 10 && s.charAt(8) != '.')) {
            throw new LineException(field, field + " '" + TextRules.abbreviate(s, 64) + "' is not a time like 05:00, 05:00:00 or 05:00:00.123");
        }
        try {
            int nanos = 0;
            if (n >= 10) {
                int fraction = digits(s, 9, n, field);
                nanos = fraction * (n == 10 ? 100_000_000 : n == 11 ? 10_000_000 : 1_000_000);
            }
            return LocalTime.of(digits(s, 0, 2, field), digits(s, 3, 5, field), n >= 8 ? digits(s, 6, 8, field) : 0, nanos);
        } catch (DateTimeException e) {
            throw new LineException(field, field + " '" + s + "' is not a valid time: " + e.getMessage());
        }
    }

    /** A cell holding both, separated by a space or a T ({@code 2025.10.20 05:00:00}). */
    static LocalDateTime dateTime(String text, String field) throws LineException {
        String s = text.trim();
        if (s.length() < 16 || (s.charAt(10) != ' ' && s.charAt(10) != 'T')) {
            throw new LineException(field, field + " '" + TextRules.abbreviate(s, 64) + "' is not a date and time like 2025.10.20 05:00:00");
        }
        return LocalDateTime.of(date(s.substring(0, 10), field), time(s.substring(11), field));
    }

    static boolean looksLikeDate(String text) {
        String s = text.trim();
        return s.length() >= 10 && Character.isDigit(s.charAt(0)) && isDateSeparator(s.charAt(4));
    }

    private static boolean isDateSeparator(char c) {
        return c == '.' || c == '-' || c == '/';
    }

    private static int digits(String s, int from, int to, String field) throws LineException {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new LineException(field, field + " '" + TextRules.abbreviate(s, 64) + "' has a non-digit where a digit belongs");
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
