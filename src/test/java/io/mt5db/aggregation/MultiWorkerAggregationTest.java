package io.mt5db.aggregation;

import static io.mt5db.aggregation.AggregationFixtures.T;
import static io.mt5db.aggregation.AggregationFixtures.candles;
import static io.mt5db.aggregation.AggregationFixtures.num;
import static io.mt5db.aggregation.AggregationFixtures.postTicks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mt5db.aggregation.math.Aggregate;
import io.mt5db.aggregation.math.PriceBasis;
import io.mt5db.aggregation.math.TickAggregation;
import io.mt5db.jobs.JobRunner;
import io.mt5db.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Three job runners on one database: every minute is aggregated exactly once, by one of them, none
 * is lost, and each worker takes a share (the per-symbol advisory lock partitions the work).
 */
@QuarkusTest
class MultiWorkerAggregationTest {

    private static final int SYMBOLS = 40;
    private static final int MINUTES = 20;

    @Inject
    JobRunner runner;

    @Inject
    TickAggregatorJob aggregator;

    @Inject
    RollupJob rollups;

    @Inject
    RecordingObserver observer;

    @Test
    void threeWorkersShareTheWorkWithoutDoubleOrLostWork() throws Exception {
        Random random = new Random(11);
        long start = Instant.parse("2024-06-03T09:00:00Z").toEpochMilli();
        Map<String, List<T>> posted = new HashMap<>();
        for (int i = 0; i < SYMBOLS; i++) {
            String symbol = Api.uniqueSymbol("MW");
            observer.watch(symbol);
            List<T> ticks = new ArrayList<>();
            for (int m = 0; m < MINUTES; m++) {
                for (int k = 0; k < 5; k++) {
                    double bid = 1 + random.nextInt(10_000) / 10_000.0;
                    ticks.add(new T(start + m * 60_000L + random.nextInt(60_000), bid, bid + 0.0002));
                }
            }
            postTicks(symbol, ticks);
            posted.put(symbol, ticks);
        }

        ExecutorService pool = Executors.newFixedThreadPool(3, r -> {
            Thread t = new Thread(r);
            t.setName("worker-" + t.getId());
            return t;
        });
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            workers.add(pool.submit(() -> {
                go.await();
                for (int round = 0; round < 20; round++) {
                    runner.runOnce(aggregator, Duration.ofSeconds(10));
                    runner.runOnce(rollups, Duration.ofSeconds(10));
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> worker : workers) {
            worker.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();

        List<RecordingObserver.Processed> processed = observer.processed().stream()
                .filter(p -> posted.containsKey(p.symbol())).toList();
        Map<String, Long> perMinute = processed.stream()
                .collect(Collectors.groupingBy(p -> p.symbol() + "@" + p.minute(), Collectors.counting()));
        assertEquals(SYMBOLS * MINUTES, perMinute.size(), "every minute was aggregated (no lost work)");
        perMinute.forEach((minute, times) -> assertEquals(1L, times, minute + " aggregated more than once"));
        Map<String, Long> perWorker = processed.stream()
                .collect(Collectors.groupingBy(RecordingObserver.Processed::worker, Collectors.counting()));
        assertEquals(3, perWorker.size(), "each worker took a share: " + perWorker);

        for (Map.Entry<String, List<T>> e : posted.entrySet()) {
            List<Map<String, Object>> stored = candles(e.getKey(), "M1");
            assertEquals(MINUTES, stored.size());
            for (Map<String, Object> candle : stored) {
                long minute = Instant.parse((String) candle.get("ts")).toEpochMilli();
                List<TickAggregation.Tick> ticks = new ArrayList<>();
                List<T> all = e.getValue();
                for (int i = 0; i < all.size(); i++) {
                    if (all.get(i).ms() >= minute && all.get(i).ms() < minute + 60_000) {
                        ticks.add(all.get(i).stored(i));
                    }
                }
                Aggregate expected = TickAggregation.aggregate(ticks, PriceBasis.MID).aggregate();
                assertEquals(expected.open(), num(candle, "open"));
                assertEquals(expected.close(), num(candle, "close"));
                assertEquals(expected.high(), num(candle, "high"));
                assertEquals(expected.low(), num(candle, "low"));
                assertEquals(expected.volume().longValue(), ((Number) candle.get("volume")).longValue());
            }
            assertTrue(candles(e.getKey(), "H1").size() == 1, "roll-ups done by the workers too");
        }
    }
}
