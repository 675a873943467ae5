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
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mt5db.aggregation.math.Aggregate;
import io.mt5db.aggregation.math.PriceBasis;
import io.mt5db.aggregation.math.TickAggregation;
import io.mt5db.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Ticks posted over HTTP, the aggregation cycle run directly, candles read back over HTTP. */
@QuarkusTest
class TickAggregatorJobTest {

    @Inject
    AggregationSchedule schedule;

    /** The candle the contract defines for these ticks, in posting (= arrival) order. */
    private static Aggregate expected(List<T> ticksInArrivalOrder) {
        List<TickAggregation.Tick> stored = new ArrayList<>();
        for (int i = 0; i < ticksInArrivalOrder.size(); i++) {
            stored.add(ticksInArrivalOrder.get(i).stored(i));
        }
        return TickAggregation.aggregate(stored, PriceBasis.MID).aggregate();
    }

    private static void assertCandle(Aggregate expected, Map<String, Object> candle) {
        assertNotNull(candle, "candle missing");
        assertEquals(expected.open(), num(candle, "open"), "open");
        assertEquals(expected.high(), num(candle, "high"), "high");
        assertEquals(expected.low(), num(candle, "low"), "low");
        assertEquals(expected.close(), num(candle, "close"), "close");
        assertEquals(expected.volume().longValue(), ((Number) candle.get("volume")).longValue(), "volume");
        assertEquals(expected.meanSpread(), num(candle, "spread"), 1e-15, "spread");
        assertEquals("ticks", candle.get("source"));
    }

    /** The M1 candle's spread as the API prints it: the short decimal mean, not 2.0000000000020002E-4. */
    @Test
    void theSpreadOfATickBuiltCandleReadsAsAShortDecimal() {
        String s = Api.uniqueSymbol("SPRD");
        postTicks(s, List.of(new T(ms("2024-03-04T11:00:10Z"), 1.0855, 1.0857), new T(ms("2024-03-04T11:00:20Z"), 1.0856, 1.0858),
                new T(ms("2024-03-04T11:00:50Z"), 1.0855, 1.0857)));
        schedule.runCycle();
        String json = Api.ea().get("/candles?symbol=" + s + "&timeframe=M1").then().statusCode(200).extract().asString();
        java.util.regex.Matcher spread = java.util.regex.Pattern.compile("\"spread\":([^,}]+)").matcher(json);
        assertTrue(spread.find(), json);
        assertEquals(0, new java.math.BigDecimal(spread.group(1)).compareTo(new java.math.BigDecimal("0.0002")), json);
        assertTrue(spread.group(1).length() <= 8, "a short number: " + spread.group(1));
    }

    @Test
    void lateTickBecomesCloseAndLow() {
        String s = Api.uniqueSymbol("LATEC");
        List<T> ticks = new ArrayList<>(List.of(new T(ms("2024-03-04T10:00:10Z"), 1.1000, 1.1002),
                new T(ms("2024-03-04T10:00:20Z"), 1.1010, 1.1012)));
        postTicks(s, ticks);
        schedule.runCycle();
        assertCandle(expected(ticks), candle(s, "M1", "2024-03-04T10:00:00Z"));

        T late = new T(ms("2024-03-04T10:00:55Z"), 1.0990, 1.0992);
        postTicks(s, List.of(late));
        ticks.add(late);
        schedule.runCycle();
        Map<String, Object> c = candle(s, "M1", "2024-03-04T10:00:00Z");
        assertCandle(expected(ticks), c);
        assertEquals(1.0991, num(c, "close"), 1e-12);
        assertEquals(1.0991, num(c, "low"), 1e-12);
    }

    @Test
    void lateTickBecomesOpen() {
        String s = Api.uniqueSymbol("LATEO");
        List<T> ticks = new ArrayList<>(List.of(new T(ms("2024-03-04T10:01:30Z"), 1.2000, 1.2002),
                new T(ms("2024-03-04T10:01:40Z"), 1.2004, 1.2006)));
        postTicks(s, ticks);
        schedule.runCycle();
        T late = new T(ms("2024-03-04T10:01:05Z"), 1.1990, 1.1994);
        postTicks(s, List.of(late));
        ticks.add(late);
        schedule.runCycle();
        Map<String, Object> c = candle(s, "M1", "2024-03-04T10:01:00Z");
        assertCandle(expected(ticks), c);
        assertEquals(1.1992, num(c, "open"), 1e-12);
    }

    @Test
    void jitteredArrivalGivesTheCandleOfAllTicks() {
        String s = Api.uniqueSymbol("JIT");
        Random random = new Random(42);
        List<T> ticks = new ArrayList<>();
        long start = ms("2024-03-04T11:00:00Z");
        for (int i = 0; i < 600; i++) {
            double bid = 1.3 + random.nextInt(1000) / 100000.0;
            ticks.add(new T(start + random.nextInt(180_000), bid, bid + (1 + random.nextInt(5)) / 100000.0));
        }
        Collections.shuffle(ticks, random);
        for (int i = 0; i < ticks.size(); i += 50) {
            postTicks(s, ticks.subList(i, i + 50));
            if (i % 200 == 0) {
                schedule.runCycle();
            }
        }
        schedule.runCycle();
        for (int minute = 0; minute < 3; minute++) {
            long from = start + minute * 60_000L;
            List<T> inMinute = ticks.stream().filter(t -> t.ms() >= from && t.ms() < from + 60_000).toList();
            assertCandle(expected(inMinute), candle(s, "M1", java.time.Instant.ofEpochMilli(from).toString()));
        }
    }

    @Test
    void twoDistinctTicksInTheSameMillisecondBothCountAndTheSecondIsTheHigh() {
        String s = Api.uniqueSymbol("SAMEMS");
        long t = ms("2024-03-04T12:00:30.123Z");
        List<T> ticks = List.of(new T(t, 1.5000, 1.5002), new T(t, 1.5010, 1.5012));
        assertEquals(2, postTicks(s, ticks));
        schedule.runCycle();
        Map<String, Object> c = candle(s, "M1", "2024-03-04T12:00:00Z");
        assertCandle(expected(ticks), c);
        assertEquals(2, ((Number) c.get("volume")).intValue());
        assertEquals(1.5011, num(c, "high"), 1e-12);
        assertEquals(1.5011, num(c, "close"), 1e-12);
        assertEquals(1.5001, num(c, "open"), 1e-12);
    }

    @Test
    void minuteEdgesAndMinutesWithoutTicks() {
        String s = Api.uniqueSymbol("EDGE");
        List<T> ticks = List.of(new T(ms("2024-03-04T13:00:00.000Z"), 1.1, 1.1002),
                new T(ms("2024-03-04T13:00:59.999Z"), 1.2, 1.2002),
                new T(ms("2024-03-04T13:02:00.000Z"), 1.3, 1.3002));
        postTicks(s, ticks);
        schedule.runCycle();
        List<Map<String, Object>> all = candles(s, "M1");
        assertEquals(List.of("2024-03-04T13:00:00Z", "2024-03-04T13:02:00Z"), all.stream().map(c -> c.get("ts")).toList(),
                "13:01 has no tick and so no candle; :59.999 belongs to 13:00 and :00.000 opens its minute");
        Map<String, Object> first = all.get(0);
        assertCandle(expected(ticks.subList(0, 2)), first);
        assertEquals(1.1001, num(first, "open"), 1e-12);
        assertEquals(1.2001, num(first, "close"), 1e-12);
    }

    @Test
    void aResentBatchChangesNothing() {
        String s = Api.uniqueSymbol("RESEND");
        List<T> ticks = List.of(new T(ms("2024-03-04T14:00:01Z"), 1.1, 1.1002), new T(ms("2024-03-04T14:00:02Z"), 1.2, 1.2002));
        assertEquals(2, postTicks(s, ticks));
        schedule.runCycle();
        Map<String, Object> before = candle(s, "M1", "2024-03-04T14:00:00Z");
        assertEquals(0, postTicks(s, ticks), "a re-sent batch stores nothing");
        schedule.runCycle();
        assertEquals(before, candle(s, "M1", "2024-03-04T14:00:00Z"));
        assertEquals(1, candles(s, "M1").size());
    }

    @Test
    void ticksForAMinuteAfterItsCandleWasBuiltUpdateIt() {
        String s = Api.uniqueSymbol("AFTER");
        List<T> ticks = new ArrayList<>(List.of(new T(ms("2024-03-04T15:00:01Z"), 1.1, 1.1002)));
        postTicks(s, ticks);
        schedule.runCycle();
        assertEquals(1, ((Number) candle(s, "M1", "2024-03-04T15:00:00Z").get("volume")).intValue());
        List<T> more = List.of(new T(ms("2024-03-04T15:00:31Z"), 1.15, 1.1504), new T(ms("2024-03-04T15:00:45Z"), 1.05, 1.0503));
        postTicks(s, more);
        ticks.addAll(more);
        schedule.runCycle();
        assertCandle(expected(ticks), candle(s, "M1", "2024-03-04T15:00:00Z"));
    }

    @Test
    void aPostedCandleIsNeverOverwrittenByTicks() {
        String s = Api.uniqueSymbol("EAWINS");
        postCandles(s, "M1", List.<double[]>of(new double[] {2.0, 2.5, 1.5, 2.2, 7, 0.0001}),
                List.of("2024-03-04T16:00:00Z"));
        postTicks(s, List.of(new T(ms("2024-03-04T16:00:10Z"), 1.1, 1.1002)));
        schedule.runCycle();
        Map<String, Object> c = candle(s, "M1", "2024-03-04T16:00:00Z");
        assertEquals("ea", c.get("source"));
        assertEquals(2.2, num(c, "close"));
        assertNull(candle(s, "M1", "2024-03-04T16:01:00Z"));
    }
}
