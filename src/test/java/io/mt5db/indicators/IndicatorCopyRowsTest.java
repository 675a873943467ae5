package io.mt5db.indicators;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mt5db.indicators.math.IndicatorValues;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** An indicator row in the binary COPY of common.CopyRows (the format itself: CopyRowsTest). */
class IndicatorCopyRowsTest {

    /** 2000-01-01T00:00:00Z, PostgreSQL's timestamp epoch. */
    private static final Instant POSTGRES_EPOCH = Instant.parse("2000-01-01T00:00:00Z");

    @Test
    void aTupleCarriesTextTimestampDoublesAndNulls() {
        IndicatorRows rows = new IndicatorRows(2);
        Instant ts = Instant.parse("2024-03-04T05:06:00Z");
        rows.add(ts.toEpochMilli(), new IndicatorValues(0.1 + 0.2, null, null, null, 1.5, 3.0, 2.0, 1.0));
        byte[] data = IndicatorRepository.copyRows("EURUSD.a", "M1", rows, 0, 1).data();
        // After the 19-byte file header, before the 2-byte trailer.
        ByteBuffer tuple = ByteBuffer.wrap(data, 19, data.length - 21).slice();

        assertEquals(11, tuple.getShort());
        assertEquals("EURUSD.a", text(tuple));
        assertEquals("M1", text(tuple));
        assertEquals(8, tuple.getInt());
        long micros = tuple.getLong();
        assertEquals(ts, POSTGRES_EPOCH.plusNanos(micros * 1000));
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
