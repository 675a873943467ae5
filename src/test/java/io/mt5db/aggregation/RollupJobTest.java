package io.mt5db.aggregation;

import static io.mt5db.aggregation.AggregationFixtures.T;
import static io.mt5db.aggregation.AggregationFixtures.candle;
import static io.mt5db.aggregation.AggregationFixtures.candles;
import static io.mt5db.aggregation.AggregationFixtures.ms;
import static io.mt5db.aggregation.AggregationFixtures.num;
import static io.mt5db.aggregation.AggregationFixtures.postCandles;
import static io.mt5db.aggregation.AggregationFixtures.postTicks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.mt5db.aggregation.math.Aggregate;
import io.mt5db.aggregation.math.BarAggregation;
import io.mt5db.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Posted M1 bars (and tick-built ones), the aggregation cycle run directly, roll-ups read over HTTP. */
@QuarkusTest
class RollupJobTest {

    @Inject
    AggregationSchedule schedule;

    /** Posts M1 bars with deterministic values derived from their minute; answers what was posted. */
    private static List<BarAggregation.Bar> postBars(String symbol, List<String> minutes) {
        List<double[]> rows = new ArrayList<>();
        List<BarAggregation.Bar> bars = new ArrayList<>();
        for (String minute : minutes) {
            long t = ms(minute);
            double base = 1.1 + (t / 60_000 % 97) / 10_000.0;
            double[] row = {base, base + 0.0007, base - 0.0005, base + 0.0002, 10 + t / 60_000 % 7, 0.00001 * (1 + t / 60_000 % 3)};
            rows.add(row);
            bars.add(new BarAggregation.Bar(t, row[0], row[1], row[2], row[3], (long) row[4], row[5]));
        }
        postCandles(symbol, "M1", rows, minutes);
        return bars;
    }

    private static List<String> minutes(String from, int count) {
        List<String> out = new ArrayList<>();
        Instant start = Instant.parse(from);
        for (int i = 0; i < count; i++) {
            out.add(start.plusSeconds(60L * i).toString());
        }
        return out;
    }

    private static void assertRollup(String symbol, String timeframe, String ts, List<BarAggregation.Bar> bars) {
        Map<String, Object> c = candle(symbol, timeframe, ts);
        assertNotNull(c, timeframe + " candle at " + ts + " missing");
        Aggregate expected = BarAggregation.aggregate(bars).aggregate();
        String where = timeframe + " " + ts + ": ";
        assertEquals("rollup", c.get("source"), where + "source");
        assertEquals(expected.open(), num(c, "open"), where + "open");
        assertEquals(expected.high(), num(c, "high"), where + "high");
        assertEquals(expected.low(), num(c, "low"), where + "low");
        assertEquals(expected.close(), num(c, "close"), where + "close");
        assertEquals(expected.volume().longValue(), ((Number) c.get("volume")).longValue(), where + "volume");
        assertEquals(expected.meanSpread(), num(c, "spread"), where + "spread");
    }

    private static List<BarAggregation.Bar> between(List<BarAggregation.Bar> bars, String from, String to) {
        return bars.stream().filter(b -> b.tsMillis() >= ms(from) && b.tsMillis() < ms(to)).toList();
    }

    @Test
    void missingMinutesAtBucketStartsAndEnds() {
        String s = Api.uniqueSymbol("MISS");
        List<BarAggregation.Bar> bars = postBars(s, List.of("2024-01-15T10:01:00Z", "2024-01-15T10:02:00Z",
                "2024-01-15T10:03:00Z", "2024-01-15T10:06:00Z", "2024-01-15T10:09:00Z"));
        schedule.runCycle();
        assertRollup(s, "M5", "2024-01-15T10:00:00Z", bars.subList(0, 3));
        assertRollup(s, "M5", "2024-01-15T10:05:00Z", bars.subList(3, 5));
        for (String[] tfTs : new String[][] {{"M15", "2024-01-15T10:00:00Z"}, {"M30", "2024-01-15T10:00:00Z"},
                {"H1", "2024-01-15T10:00:00Z"}, {"H4", "2024-01-15T08:00:00Z"}, {"D1", "2024-01-15T00:00:00Z"},
                {"W1", "2024-01-14T00:00:00Z"}, {"MN1", "2024-01-01T00:00:00Z"}}) {
            assertRollup(s, tfTs[0], tfTs[1], bars);
            assertEquals(1, candles(s, tfTs[0]).size(), tfTs[0] + " has exactly one bucket");
        }
    }

    @Test
    void aMissingFiveMinuteBucketHasNoRow() {
        String s = Api.uniqueSymbol("HOLE");
        List<String> minutes = new ArrayList<>(minutes("2024-01-15T10:00:00Z", 5));
        minutes.addAll(minutes("2024-01-15T10:10:00Z", 5));
        List<BarAggregation.Bar> bars = postBars(s, minutes);
        schedule.runCycle();
        assertEquals(List.of("2024-01-15T10:00:00Z", "2024-01-15T10:10:00Z"),
                candles(s, "M5").stream().map(c -> c.get("ts")).toList());
        assertRollup(s, "M15", "2024-01-15T10:00:00Z", bars);
    }

    @Test
    void weekendGapGivesATwoHourSundayCandle() {
        String s = Api.uniqueSymbol("WKND");
        List<String> minutes = new ArrayList<>(minutes("2024-01-12T21:50:00Z", 10)); // Friday, last bar 21:59Z
        minutes.addAll(minutes("2024-01-14T22:00:00Z", 150)); // Sunday re-open 22:00Z, into Monday 00:29Z
        List<BarAggregation.Bar> bars = postBars(s, minutes);
        schedule.runCycle();
        List<BarAggregation.Bar> sunday = between(bars, "2024-01-14T00:00:00Z", "2024-01-15T00:00:00Z");
        assertEquals(120, sunday.size());
        assertRollup(s, "D1", "2024-01-14T00:00:00Z", sunday);
        assertRollup(s, "H4", "2024-01-14T20:00:00Z", sunday);
        assertRollup(s, "D1", "2024-01-12T00:00:00Z", between(bars, "2024-01-12T00:00:00Z", "2024-01-13T00:00:00Z"));
        assertNull(candle(s, "D1", "2024-01-13T00:00:00Z"), "no Saturday candle");
        assertRollup(s, "W1", "2024-01-07T00:00:00Z", between(bars, "2024-01-07T00:00:00Z", "2024-01-14T00:00:00Z"));
        assertRollup(s, "W1", "2024-01-14T00:00:00Z", between(bars, "2024-01-14T00:00:00Z", "2024-01-21T00:00:00Z"));
        assertEquals(List.of("2024-01-12T00:00:00Z", "2024-01-14T00:00:00Z", "2024-01-15T00:00:00Z"),
                candles(s, "D1").stream().map(c -> c.get("ts")).toList());
    }

    @Test
    void aPostedHigherTimeframeCandleIsNotOverwrittenButComesBackAfterDeletion() {
        String s = Api.uniqueSymbol("EAH1");
        postCandles(s, "H1", List.<double[]>of(new double[] {5.0, 6.0, 4.0, 5.5, 999, 0.01}),
                List.of("2024-01-15T10:00:00Z"));
        List<BarAggregation.Bar> bars = postBars(s, minutes("2024-01-15T10:00:00Z", 12));
        schedule.runCycle();
        Map<String, Object> h1 = candle(s, "H1", "2024-01-15T10:00:00Z");
        assertEquals("ea", h1.get("source"));
        assertEquals(5.5, num(h1, "close"));
        assertRollup(s, "H4", "2024-01-15T08:00:00Z", bars);
        assertRollup(s, "M30", "2024-01-15T10:00:00Z", bars);

        Api.admin().delete("/candles?symbol=" + s + "&timeframe=H1&from=2024-01-15T10:00:00Z&to=2024-01-15T11:00:00Z")
                .then().statusCode(200).body("deleted", org.hamcrest.Matchers.equalTo(1));
        schedule.runCycle();
        assertRollup(s, "H1", "2024-01-15T10:00:00Z", bars);
    }

    @Test
    void barsOfAnySourceRollUpAndChangesPropagate() {
        String s = Api.uniqueSymbol("MIXED");
        List<T> ticks = List.of(new T(ms("2024-01-15T10:00:05Z"), 1.1, 1.1002), new T(ms("2024-01-15T10:00:25Z"), 1.0995, 1.0997));
        postTicks(s, ticks);
        List<BarAggregation.Bar> bars = new ArrayList<>(postBars(s, minutes("2024-01-15T10:01:00Z", 3)));
        schedule.runCycle();
        Map<String, Object> tickCandle = candle(s, "M1", "2024-01-15T10:00:00Z");
        assertEquals("ticks", tickCandle.get("source"));
        bars.add(0, new BarAggregation.Bar(ms("2024-01-15T10:00:00Z"), num(tickCandle, "open"), num(tickCandle, "high"),
                num(tickCandle, "low"), num(tickCandle, "close"), 2L, num(tickCandle, "spread")));
        assertRollup(s, "M5", "2024-01-15T10:00:00Z", bars);
        assertRollup(s, "MN1", "2024-01-01T00:00:00Z", bars);

        // A corrected bar (the EA re-sends it) reaches every level.
        BarAggregation.Bar old = bars.get(2);
        postCandles(s, "M1", List.<double[]>of(new double[] {old.open(), 1.5, old.low(), old.close(), 40, 0.0004}),
                List.of("2024-01-15T10:02:00Z"));
        bars.set(2, new BarAggregation.Bar(old.tsMillis(), old.open(), 1.5, old.low(), old.close(), 40L, 0.0004));
        schedule.runCycle();
        for (String tf : List.of("M5", "M15", "M30", "H1")) {
            assertRollup(s, tf, "2024-01-15T10:00:00Z", bars);
        }
        assertRollup(s, "D1", "2024-01-15T00:00:00Z", bars);

        // Deleting every M1 bar removes the roll-ups of the bucket.
        Api.admin().delete("/candles?symbol=" + s + "&timeframe=M1&from=2024-01-15T10:00:00Z&to=2024-01-15T10:05:00Z")
                .then().statusCode(200).body("deleted", org.hamcrest.Matchers.equalTo(4));
        schedule.runCycle();
        for (String tf : List.of("M5", "M15", "M30", "H1", "H4", "D1", "W1", "MN1")) {
            assertEquals(List.of(), candles(s, tf), tf + " roll-ups of an empty bucket are removed");
        }
    }
}
