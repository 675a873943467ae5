package io.mt5db.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fast path for yyyy-MM-ddTHH:mm:ss[.f]Z must answer exactly what the ISO formatter answers. */
class CanonicalTimestampTest {

    private static Instant viaFormatter(String text) {
        return OffsetDateTime.parse(text.replace(' ', 'T'), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    }

    @Test
    void agreesWithTheFormatterOnRandomValidTimestamps() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 50_000; i++) {
            long seconds = random.nextLong(-62_135_596_800L, 253_402_300_799L);
            int nanos = random.nextInt(1_000_000_000);
            String text = Instant.ofEpochSecond(seconds, random.nextInt(4) == 0 ? 0 : nanos).toString();
            if (random.nextBoolean()) {
                text = text.replace('T', ' ');
            }
            assertEquals(viaFormatter(text), TimestampParser.parseCanonicalUtc(text), text);
            assertEquals(viaFormatter(text), TimestampParser.UTC.parseText(text), text);
        }
    }

    @Test
    void agreesOnEveryFractionLengthAndLowerCaseZ() {
        String base = "2024-02-29T23:59:59";
        for (String fraction : new String[] {"", ".1", ".12", ".123", ".1234", ".12345", ".123456", ".1234567",
                ".12345678", ".123456789"}) {
            for (String zone : new String[] {"Z", "z"}) {
                String text = base + fraction + zone;
                assertEquals(viaFormatter(text), TimestampParser.parseCanonicalUtc(text), text);
            }
        }
    }

    @Test
    void leavesEverythingElseToTheGeneralPath() {
        for (String text : new String[] {"2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-00-10T00:00:00Z",
                "2024-01-32T00:00:00Z", "2024-01-01T24:00:00Z", "2024-01-01T00:60:00Z", "2024-01-01T00:00:60Z",
                "2024-01-01T00:00:00.Z", "2024-01-01T00:00:00.1234567890Z", "2024-01-01t00:00:00Z",
                "2024-01-01T00:00Z", "2024-01-01T00:00:00+00:00", "2024-01-01T00:00:00", "2024.01.01 00:00:00Z",
                "+2024-01-01T00:00:00Z", "2024-01-01T0a:00:00Z", "2024-01-01T00:00:00,5Z", "1704067200"}) {
            assertNull(TimestampParser.parseCanonicalUtc(text), text);
        }
    }

    @Test
    void invalidCanonicalLookingValuesAreStillRejected() {
        for (String text : new String[] {"2023-02-29T00:00:00Z", "2024-01-01T24:00:00Z"}) {
            org.junit.jupiter.api.Assertions.assertThrows(DateTimeParseException.class, () -> viaFormatter(text));
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> TimestampParser.UTC.parseText(text));
        }
    }
}
