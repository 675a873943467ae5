package io.mt5db.cli.importing;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Writes an instant as {@code 2025-10-20T03:00:00Z} (with {@code .123} when it has milliseconds),
 * the form the ingest reads on its fast path: what {@link Instant#toString()} writes for years
 * 1971..9999, without the formatter machinery (a million-row import writes a million of them).
 */
final class IsoStamps {

    private IsoStamps() {
    }

    static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        int millis = instant.getNano() / 1_000_000;
        if (instant.getNano() % 1_000_000 != 0 || seconds < 0 || seconds >= 253_402_300_800L) {
            return instant.toString();
        }
        long days = Math.floorDiv(seconds, 86_400L);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        LocalDate date = LocalDate.ofEpochDay(days);
        char[] c = new char[millis == 0 ? 20 : 24];
        put(c, 0, date.getYear(), 4);
        c[4] = '-';
        put(c, 5, date.getMonthValue(), 2);
        c[7] = '-';
        put(c, 8, date.getDayOfMonth(), 2);
        c[10] = 'T';
        put(c, 11, secondOfDay / 3600, 2);
        c[13] = ':';
        put(c, 14, secondOfDay / 60 % 60, 2);
        c[16] = ':';
        put(c, 17, secondOfDay % 60, 2);
        if (millis != 0) {
            c[19] = '.';
            put(c, 20, millis, 3);
        }
        c[c.length - 1] = 'Z';
        return new String(c);
    }

    private static void put(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
