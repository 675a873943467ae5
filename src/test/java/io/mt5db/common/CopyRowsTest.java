package io.mt5db.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The binary COPY encoding, byte for byte (the ingest tests store such rows in PostgreSQL). */
class CopyRowsTest {

    @Test
    void encodesRowsInPostgresBinaryCopyFormat() throws IOException {
        CopyRows rows = new CopyRows(1, 8);
        rows.text("EURUSD").timestamptz(Instant.parse("2000-01-01T00:00:01.000002Z")).decimal(1.08552)
                .decimal((Double) null).bigint(42L).integer(-7).endRow();
        rows.text("É").endRow();

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(expected);
        out.write(new byte[] {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0});
        out.writeInt(0);
        out.writeInt(0);
        out.writeShort(6);
        out.writeInt(6);
        out.write("EURUSD".getBytes(StandardCharsets.UTF_8));
        out.writeInt(8);
        out.writeLong(1_000_002L);
        out.writeInt(8);
        out.writeLong(Double.doubleToLongBits(1.08552));
        out.writeInt(-1);
        out.writeInt(8);
        out.writeLong(42L);
        out.writeInt(4);
        out.writeInt(-7);
        out.writeShort(1);
        out.writeInt(2);
        out.write("É".getBytes(StandardCharsets.UTF_8));
        out.writeShort(-1);
        assertArrayEquals(expected.toByteArray(), rows.data());
        assertEquals(2, rows.rows());
    }

    @Test
    void repeatedTextsEncodeLikeFreshOnes() {
        CopyRows reused = new CopyRows(3, 8);
        CopyRows fresh = new CopyRows(3, 8);
        String[][] rows = {{"EURUSD", "M1"}, {"EURUSD", "M1"}, {"GBPUSD", "EURUSD"}, {"GBPUSD", "H1"}};
        for (String[] row : rows) {
            reused.text(row[0]).text(row[1]).endRow();
            fresh.text(new String(row[0].toCharArray())).text(new String(row[1].toCharArray())).endRow();
        }
        assertArrayEquals(new CopyRows(1, 8).text("EURUSD").text("M1").endRow().text("EURUSD").text("M1").endRow()
                .text("GBPUSD").text("EURUSD").endRow().text("GBPUSD").text("H1").endRow().data(), reused.data());
        assertArrayEquals(fresh.data(), reused.data());
    }

    @Test
    void instantsBeforePostgresEpochAreNegativeMicroseconds() throws IOException {
        byte[] data = new CopyRows(1, 8).timestamptz(Instant.parse("1999-12-31T23:59:59Z")).endRow().data();
        long micros = new java.io.DataInputStream(new java.io.ByteArrayInputStream(data, 19 + 2 + 4, 8)).readLong();
        assertEquals(-1_000_000L, micros);
    }

    @Test
    void refusesWhatTheColumnCannotHoldExactly() {
        assertThrows(IllegalArgumentException.class, () -> new CopyRows(1, 10).decimal(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new CopyRows(1, 10).decimal(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class,
                () -> new CopyRows(1, 10).timestamptz(Instant.ofEpochSecond(0, 1)));
        assertThrows(IllegalStateException.class, () -> new CopyRows(1, 10).endRow());
        assertThrows(IllegalStateException.class, () -> new CopyRows(1, 10).text("x").data());
    }
}
