package io.mt5db.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic M1 candles and ticks for the ingest benchmark. Rows are held column-wise (prices in
 * points of 0.00001) so that the very same values can be rendered as JSON request bodies and as
 * COPY input; only the symbol prefix differs between runs.
 */
final class GeneratedMarket {

    static final int SYMBOLS = 20;
    /** 2024-01-01T00:00:00Z: candles may lie anywhere in the past. */
    static final long CANDLE_START_EPOCH_SECONDS = 1_704_067_200L;
    static final long TICK_SPACING_MS = 150;

    private GeneratedMarket() {
    }

    /** Row i belongs to symbol i / perSymbol, at minute i % perSymbol (symbol-major, as an EA backfills). */
    static final class Candles {
        final int count;
        final int perSymbol;
        final long[] open;
        final long[] high;
        final long[] low;
        final long[] close;
        final int[] volume;
        final int[] spread;

        Candles(int count, long seed) {
            this.count = count;
            this.perSymbol = Math.max(1, (count + SYMBOLS - 1) / SYMBOLS);
            open = new long[count];
            high = new long[count];
            low = new long[count];
            close = new long[count];
            volume = new int[count];
            spread = new int[count];
            SplittableRandom random = new SplittableRandom(seed);
            long price = 0;
            for (int i = 0; i < count; i++) {
                if (i % perSymbol == 0) {
                    price = 100_000 + (i / perSymbol) * 10_000L;
                }
                long o = price;
                long c = Math.max(1_000, o + random.nextInt(-30, 31));
                open[i] = o;
                close[i] = c;
                high[i] = Math.max(o, c) + random.nextInt(0, 12);
                low[i] = Math.max(1, Math.min(o, c) - random.nextInt(0, 12));
                volume[i] = random.nextInt(1, 600);
                spread[i] = random.nextInt(0, 30);
                price = c;
            }
        }

        String symbol(String prefix, int i) {
            return GeneratedMarket.symbol(prefix, i / perSymbol);
        }

        long epochSeconds(int i) {
            return CANDLE_START_EPOCH_SECONDS + 60L * (i % perSymbol);
        }

        void appendJson(StringBuilder sb, String prefix, int i) {
            sb.append("{\"symbol\":\"").append(symbol(prefix, i)).append("\",\"timeframe\":\"M1\",\"ts\":\"")
                    .append(Instant.ofEpochSecond(epochSeconds(i))).append("\",\"open\":");
            price(sb, open[i]).append(",\"high\":");
            price(sb, high[i]).append(",\"low\":");
            price(sb, low[i]).append(",\"close\":");
            price(sb, close[i]).append(",\"volume\":").append(volume[i]).append(",\"spread\":");
            price(sb, spread[i]).append('}');
        }

        /** Bare JSON arrays of {@code batch} candles, for POST /ingest_batch. */
        List<byte[]> jsonBatches(String prefix, int batch) {
            List<byte[]> bodies = new ArrayList<>(count / batch + 1);
            for (int from = 0; from < count; from += batch) {
                StringBuilder sb = new StringBuilder(batch * 180);
                sb.append('[');
                for (int i = from; i < Math.min(count, from + batch); i++) {
                    if (i > from) {
                        sb.append(',');
                    }
                    appendJson(sb, prefix, i);
                }
                bodies.add(sb.append(']').toString().getBytes(StandardCharsets.US_ASCII));
            }
            return bodies;
        }

        /** The first {@code n} candles as single-object bodies, for POST /ingest. */
        List<byte[]> jsonSingles(String prefix, int n) {
            List<byte[]> bodies = new ArrayList<>(n);
            for (int i = 0; i < Math.min(n, count); i++) {
                StringBuilder sb = new StringBuilder(200);
                appendJson(sb, prefix, i);
                bodies.add(sb.toString().getBytes(StandardCharsets.US_ASCII));
            }
            return bodies;
        }

        /** CSV for COPY (symbol, timeframe, ts, open, high, low, close, volume, spread, source). */
        byte[] csv(String prefix) {
            StringBuilder sb = new StringBuilder(count * 90);
            for (int i = 0; i < count; i++) {
                sb.append(symbol(prefix, i)).append(",M1,").append(Instant.ofEpochSecond(epochSeconds(i))).append(',');
                price(sb, open[i]).append(',');
                price(sb, high[i]).append(',');
                price(sb, low[i]).append(',');
                price(sb, close[i]).append(',').append(volume[i]).append(',');
                price(sb, spread[i]).append(",ea\n");
            }
            return sb.toString().getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** Row i belongs to symbol i / perSymbol; each symbol's ticks are TICK_SPACING_MS apart, so identities are distinct. */
    static final class Ticks {
        final int count;
        final int perSymbol;
        final long startMs;
        final long[] bid;
        final int[] spread;

        /** {@code endMs}: the newest tick's time (in the past: the app refuses future ts). */
        Ticks(int count, long seed, long endMs) {
            this.count = count;
            this.perSymbol = Math.max(1, (count + SYMBOLS - 1) / SYMBOLS);
            this.startMs = endMs - TICK_SPACING_MS * perSymbol;
            bid = new long[count];
            spread = new int[count];
            SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
            long price = 0;
            for (int i = 0; i < count; i++) {
                if (i % perSymbol == 0) {
                    price = 100_000 + (i / perSymbol) * 10_000L;
                }
                price = Math.max(1_000, price + random.nextInt(-3, 4));
                bid[i] = price;
                spread[i] = random.nextInt(1, 25);
            }
        }

        String symbol(String prefix, int i) {
            return GeneratedMarket.symbol(prefix, i / perSymbol);
        }

        long epochMillis(int i) {
            return startMs + TICK_SPACING_MS * (i % perSymbol);
        }

        /** {"ticks":[...]} bodies of {@code batch} ticks, for POST /ingest/tick. */
        List<byte[]> jsonBatches(String prefix, int batch) {
            List<byte[]> bodies = new ArrayList<>(count / batch + 1);
            for (int from = 0; from < count; from += batch) {
                StringBuilder sb = new StringBuilder(batch * 100);
                sb.append("{\"ticks\":[");
                for (int i = from; i < Math.min(count, from + batch); i++) {
                    if (i > from) {
                        sb.append(',');
                    }
                    sb.append("{\"symbol\":\"").append(symbol(prefix, i)).append("\",\"ts_msc\":").append(epochMillis(i))
                            .append(",\"bid\":");
                    price(sb, bid[i]).append(",\"ask\":");
                    price(sb, bid[i] + spread[i]).append(",\"flags\":6}");
                }
                bodies.add(sb.append("]}").toString().getBytes(StandardCharsets.US_ASCII));
            }
            return bodies;
        }

        /** CSV for COPY (symbol, ts, bid, ask, flags). */
        byte[] csv(String prefix) {
            StringBuilder sb = new StringBuilder(count * 64);
            for (int i = 0; i < count; i++) {
                sb.append(symbol(prefix, i)).append(',').append(Instant.ofEpochMilli(epochMillis(i))).append(',');
                price(sb, bid[i]).append(',');
                price(sb, bid[i] + spread[i]).append(",6\n");
            }
            return sb.toString().getBytes(StandardCharsets.US_ASCII);
        }
    }

    static String symbol(String prefix, int index) {
        return prefix + (index < 10 ? "0" : "") + index;
    }

    /** Points of 0.00001 as a decimal literal, so JSON and COPY parse to the same double. */
    static StringBuilder price(StringBuilder sb, long points) {
        long units = points / 100_000;
        long fraction = points % 100_000;
        sb.append(units).append('.');
        String digits = Long.toString(fraction);
        for (int pad = digits.length(); pad < 5; pad++) {
            sb.append('0');
        }
        return sb.append(digits);
    }
}
