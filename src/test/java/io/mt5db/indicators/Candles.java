package io.mt5db.indicators;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mt5db.indicators.math.Bar;
import io.mt5db.indicators.math.ReferenceData;
import io.mt5db.testing.Api;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/** Candle series for the indicator job tests, and posting them the way an EA does. */
final class Candles {

    record Candle(Instant ts, double open, double high, double low, double close, long volume, double spread) {
        Bar bar() {
            return new Bar(high, low, close);
        }

        Candle withClose(double newClose) {
            return new Candle(ts, open, Math.max(high, newClose), Math.min(low, newClose), newClose, volume, spread);
        }

        String json(String symbol, String timeframe) {
            return String.format(Locale.ROOT,
                    "{\"symbol\":\"%s\",\"timeframe\":\"%s\",\"ts\":\"%s\",\"open\":%s,\"high\":%s,\"low\":%s,"
                            + "\"close\":%s,\"volume\":%d,\"spread\":%s}",
                    symbol, timeframe, ts, open, high, low, close, volume, spread);
        }
    }

    private Candles() {
    }

    /** The reference sample (sample_candles_m1.csv) by its symbol: XAUUSD, AUDUSD, FLATTEST. */
    static Map<String, List<Candle>> reference() {
        Map<String, List<Candle>> out = new LinkedHashMap<>();
        for (String[] f : ReferenceData.candleRows()) {
            out.computeIfAbsent(f[0], k -> new ArrayList<>()).add(new Candle(Instant.parse(f[2]),
                    Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]),
                    Double.parseDouble(f[6]), Long.parseLong(f[7]), Double.parseDouble(f[8])));
        }
        return out;
    }

    /** A random walk of {@code n} bars around {@code level}, one every {@code step} from {@code start}. */
    static List<Candle> randomWalk(long seed, Instant start, Duration step, int n, double level) {
        Random random = new Random(seed);
        List<Candle> out = new ArrayList<>(n);
        double close = level;
        for (int i = 0; i < n; i++) {
            double open = close;
            close = round(open * (1 + (random.nextDouble() - 0.5) * 0.004));
            double high = round(Math.max(open, close) * (1 + random.nextDouble() * 0.001));
            double low = round(Math.min(open, close) * (1 - random.nextDouble() * 0.001));
            out.add(new Candle(start.plus(step.multipliedBy(i)), open, high, low, close, 1 + random.nextInt(500),
                    round(level * 0.0001)));
        }
        return out;
    }

    private static double round(double price) {
        return Math.round(price * 1e5) / 1e5;
    }

    static List<Bar> bars(List<Candle> candles) {
        return candles.stream().map(Candle::bar).toList();
    }

    /** Posts the candles through POST /ingest_batch and checks that every one was stored or updated. */
    static void post(String symbol, String timeframe, List<Candle> candles) {
        for (int from = 0; from < candles.size(); from += 5000) {
            List<Candle> part = candles.subList(from, Math.min(candles.size(), from + 5000));
            StringBuilder body = new StringBuilder("[");
            for (int i = 0; i < part.size(); i++) {
                body.append(i > 0 ? "," : "").append(part.get(i).json(symbol, timeframe));
            }
            body.append(']');
            int rejected = Api.ea().body(body.toString()).post("/ingest_batch?details=errors")
                    .then().log().ifValidationFails().statusCode(200).extract().path("rejected");
            assertEquals(0, rejected, "rejected candles");
        }
    }
}
