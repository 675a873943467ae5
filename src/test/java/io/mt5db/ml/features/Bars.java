package io.mt5db.ml.features;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Hand-made bars for the feature and label tests: minute k of a fixed day, chosen closes and volumes. */
final class Bars {

    static final Instant DAY = Instant.parse("2026-03-02T00:00:00Z");

    private Bars() {
    }

    static Instant minute(long k) {
        return DAY.plus(Duration.ofMinutes(k));
    }

    /** A bar whose indicators are all present: rsi 60, macd 0.2, signal 0.15, hist 0.05, atr 0.5, bands 98/100/103. */
    static MlBar bar(long minute, double close, long volume) {
        return new MlBar(minute(minute), close - 0.1, close + 0.3, close - 0.4, close, volume, 0.02, 60.0, 0.2, 0.15,
                0.05, 0.5, 103.0, 100.0, 98.0);
    }

    /** One bar at each of the given minutes, close = 100 + minute, volume = 10 + minute. */
    static List<MlBar> atMinutes(long... minutes) {
        List<MlBar> bars = new ArrayList<>();
        for (long m : minutes) {
            bars.add(bar(m, 100 + m, 10 + m));
        }
        return bars;
    }

    static List<MlBar> consecutive(int count) {
        long[] minutes = new long[count];
        for (int i = 0; i < count; i++) {
            minutes[i] = i;
        }
        return atMinutes(minutes);
    }

    static MlBar withRsi(MlBar b, Double rsi) {
        return new MlBar(b.ts(), b.open(), b.high(), b.low(), b.close(), b.volume(), b.spread(), rsi, b.macd(),
                b.macdSignal(), b.macdHist(), b.atr(), b.bbUpper(), b.bbMiddle(), b.bbLower());
    }

    static MlBar withClose(MlBar b, double close) {
        return new MlBar(b.ts(), b.open(), b.high(), b.low(), close, b.volume(), b.spread(), b.rsi(), b.macd(),
                b.macdSignal(), b.macdHist(), b.atr(), b.bbUpper(), b.bbMiddle(), b.bbLower());
    }

    static MlBar withBands(MlBar b, double upper, double middle, double lower) {
        return new MlBar(b.ts(), b.open(), b.high(), b.low(), b.close(), b.volume(), b.spread(), b.rsi(), b.macd(),
                b.macdSignal(), b.macdHist(), b.atr(), upper, middle, lower);
    }
}
