package io.mt5db.indicators;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * PostgreSQL's binary COPY format for {@code COPY indicators (symbol, timeframe, ts, rsi, macd,
 * macd_signal, macd_hist, atr, bb_upper, bb_middle, bb_lower) FROM STDIN (FORMAT binary)}: the
 * doubles travel as their IEEE bits, so nothing is lost or parsed, and it is the fastest way in
 * for the rows of a freshly computed series.
 */
public final class IndicatorCopyFormat {

    public static final String COLUMN_LIST =
            "symbol, timeframe, ts, rsi, macd, macd_signal, macd_hist, atr, bb_upper, bb_middle, bb_lower";

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
    /** 2000-01-01T00:00:00Z, PostgreSQL's timestamp epoch, in Unix milliseconds. */
    static final long POSTGRES_EPOCH_MILLIS = 946_684_800_000L;
    private static final short FIELDS = 3 + IndicatorRows.COLUMNS;

    private IndicatorCopyFormat() {
    }

    /** The file header: signature, flags and header extension length. */
    public static byte[] header() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(19);
        write(bytes, out -> {
            out.write(SIGNATURE);
            out.writeInt(0);
            out.writeInt(0);
        });
        return bytes.toByteArray();
    }

    /** The file trailer. */
    public static byte[] trailer() {
        return new byte[] {(byte) 0xFF, (byte) 0xFF};
    }

    /** Tuples for rows {@code from} (inclusive) to {@code to} (exclusive). */
    public static byte[] tuples(String symbol, String timeframe, IndicatorRows rows, int from, int to) {
        byte[] symbolBytes = symbol.getBytes(StandardCharsets.UTF_8);
        byte[] timeframeBytes = timeframe.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((to - from) * 110 + 16);
        write(bytes, out -> {
            for (int i = from; i < to; i++) {
                out.writeShort(FIELDS);
                out.writeInt(symbolBytes.length);
                out.write(symbolBytes);
                out.writeInt(timeframeBytes.length);
                out.write(timeframeBytes);
                out.writeInt(8);
                out.writeLong(Math.multiplyExact(rows.tsMillis(i) - POSTGRES_EPOCH_MILLIS, 1000L));
                for (int c = 0; c < IndicatorRows.COLUMNS; c++) {
                    Double value = rows.value(c, i);
                    if (value == null) {
                        out.writeInt(-1);
                    } else {
                        out.writeInt(8);
                        out.writeDouble(value);
                    }
                }
            }
        });
        return bytes.toByteArray();
    }

    private interface Writes {
        void to(DataOutputStream out) throws IOException;
    }

    private static void write(ByteArrayOutputStream bytes, Writes writes) {
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writes.to(out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
    }
}
