package io.mt5db.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class TimestampParserTest {

    private static final Instant T = Instant.parse("2024-07-01T10:15:30Z");
    private final TimestampParser utc = TimestampParser.UTC;
    private final TimestampParser plusTwo = new TimestampParser(TimestampParser.parseBrokerZone("+02:00"));
    private final TimestampParser athens = new TimestampParser(TimestampParser.parseBrokerZone("Europe/Athens"));

    @Test
    void isoWithOffsetIgnoresTheBrokerOffset() {
        assertEquals(T, utc.parseText("2024-07-01T10:15:30Z"));
        assertEquals(T, plusTwo.parseText("2024-07-01T12:15:30+02:00"));
        assertEquals(T, athens.parseText("2024-07-01T10:15:30.000Z"));
    }

    @Test
    void valuesWithoutOffsetCountInBrokerTime() {
        assertEquals(T, utc.parseText("2024-07-01T10:15:30"));
        assertEquals(T, plusTwo.parseText("2024-07-01T12:15:30"));
        assertEquals(T, plusTwo.parseText("2024.07.01 12:15:30"));
        assertEquals(T.minusSeconds(30), plusTwo.parseText("2024.07.01 12:15"));
        // Athens is UTC+3 in summer (DST) and UTC+2 in winter.
        assertEquals(T, athens.parseText("2024.07.01 13:15:30"));
        assertEquals(Instant.parse("2024-01-15T10:00:00Z"), athens.parseText("2024-01-15 12:00:00"));
    }

    @Test
    void epochNumbersAreSecondsOrMillisecondsInBrokerTime() {
        long epoch = T.getEpochSecond();
        assertEquals(T, utc.fromEpochNumber(BigDecimal.valueOf(epoch)));
        assertEquals(T, utc.parseText(Long.toString(epoch)));
        assertEquals(T.plusMillis(123), utc.fromEpochNumber(BigDecimal.valueOf(epoch * 1000 + 123)));
        assertEquals(T, plusTwo.fromEpochNumber(BigDecimal.valueOf(epoch + 7200)));
        assertEquals(T.plusMillis(5), plusTwo.fromBrokerEpochMillis((epoch + 7200) * 1000 + 5));
        assertEquals(T.plusMillis(500), utc.fromEpochNumber(new BigDecimal(epoch + ".5")));
    }

    @Test
    void brokerZoneHeaderForms() {
        assertEquals(ZoneId.of("+02:00"), TimestampParser.parseBrokerZone("+02:00"));
        assertEquals(ZoneId.of("+02:00"), TimestampParser.parseBrokerZone("+0200"));
        assertEquals(ZoneId.of("-03:00"), TimestampParser.parseBrokerZone("-3"));
        assertEquals(ZoneId.of("Europe/Athens"), TimestampParser.parseBrokerZone("Europe/Athens"));
        assertThrows(IllegalArgumentException.class, () -> TimestampParser.parseBrokerZone("Mars/Olympus"));
    }

    @Test
    void unreadableTimestampsSayWhatIsAccepted() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> utc.parseText("yesterday"));
        assertEquals(true, e.getMessage().contains("MQL5"));
        assertThrows(IllegalArgumentException.class, () -> utc.parseText("2024-13-45T00:00:00Z"));
        assertThrows(IllegalArgumentException.class, () -> utc.parseText(""));
    }
}
