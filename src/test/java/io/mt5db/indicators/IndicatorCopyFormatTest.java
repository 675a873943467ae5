package io.mt5db.indicators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mt5db.indicators.math.IndicatorValues;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class IndicatorCopyFormatTest {

    @Test
    void headerAndTrailerFollowTheBinaryCopyFormat() {
        byte[] header = IndicatorCopyFormat.header();
        assertEquals(19, header.length);
        assertArrayEquals("PGCOPY\n".getBytes(StandardCharsets.US_ASCII), Arrays.copyOf(header, 7));
        assertArrayEquals(new byte[] {(byte) 0xFF, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0},
                Arrays.copyOfRange(header, 7, 19));
        assertArrayEquals(new byte[] {(byte) 0xFF, (byte) 0xFF}, IndicatorCopyFormat.trailer());
    }

    @Test
    void aTupleCarriesTextTimestampDoublesAndNulls() {
        IndicatorRows rows = new IndicatorRows(2);
        Instant ts = Instant.parse("2024-03-04T05:06:00Z");
        rows.add(ts.toEpochMilli(), new IndicatorValues(0.1 + 0.2, null, null, null, 1.5, 3.0, 2.0, 1.0));
        ByteBuffer tuple = ByteBuffer.wrap(IndicatorCopyFormat.tuples("EURUSD.a", "M1", rows, 0, 1));

        assertEquals(11, tuple.getShort());
        assertEquals("EURUSD.a", text(tuple));
        assertEquals("M1", text(tuple));
        assertEquals(8, tuple.getInt());
        long micros = tuple.getLong();
        assertEquals(ts, Instant.ofEpochMilli(IndicatorCopyFormat.POSTGRES_EPOCH_MILLIS).plusNanos(micros * 1000));
        assertEquals(8, tuple.getInt());
        assertEquals(Double.doubleToRawLongBits(0.1 + 0.2), Double.doubleToRawLongBits(tuple.getDouble()));
        for (int i = 0; i < 3; i++) {
            assertEquals(-1, tuple.getInt(), "null macd column " + i);
        }
        for (double expected : new double[] {1.5, 3.0, 2.0, 1.0}) {
            assertEquals(8, tuple.getInt());
            assertEquals(expected, tuple.getDouble());
        }
        assertEquals(0, tuple.remaining());
    }

    private static String text(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.getInt()];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
