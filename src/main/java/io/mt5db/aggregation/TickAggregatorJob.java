package io.mt5db.aggregation;

import io.mt5db.aggregation.math.Aggregate;
import io.mt5db.aggregation.math.AggregationResult;
import io.mt5db.aggregation.math.TickAggregation;
import io.mt5db.common.Sql;
import io.mt5db.common.Timeframe;
import io.mt5db.jobs.PartitionedJob;
import io.mt5db.ingest.CandleParser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Ticks to M1 candles ({@code source = ticks}), per symbol. A chunk claims marked 5-second slices,
 * recomputes each from all its stored ticks, then rebuilds every touched minute from its slices —
 * the same candle as all the minute's ticks at once, without re-reading a busy minute's every tick
 * each second. A minute whose slices hold no tick has no candle. Frozen minutes (their ticks partly
 * pruned, a candle stored) are left alone.
 */
@ApplicationScoped
public class TickAggregatorJob implements PartitionedJob {

    public static final String NAME = "aggregator";
    private static final Logger LOG = Logger.getLogger(TickAggregatorJob.class);
    private static final long MINUTE = 60_000L;
    private static final int DIGIT_SAMPLES = 64;

    /**
     * One index range scan per slice. The lateral subquery with OFFSET 0 keeps the planner from turning
     * it into a join, which a generic plan (unnest estimated at 10 rows) would run as a filter over all
     * of the symbol's ticks once per slice.
     */
    private static final String READ_TICKS = """
            SELECT r.slice_ms, round(date_part('epoch', t.ts) * 1000)::int8, t.seq, t.bid, t.ask
              FROM unnest(?::int8[]) AS r(slice_ms)
             CROSS JOIN LATERAL (SELECT ts, seq, bid, ask FROM ticks
                                  WHERE symbol = ? AND ts >= to_timestamp(r.slice_ms / 1000.0)
                                    AND ts < to_timestamp((r.slice_ms + 5000) / 1000.0)
                                 OFFSET 0) t
            """;

    /** Sees each chunk's minutes before commit: for tests of exclusivity and of a crash mid-chunk. */
    public interface Observer {
        void minutesAggregated(String symbol, SortedSet<Long> minutes);
    }

    @Inject
    AggregationConfig config;

    @Inject
    Instance<Observer> observers;

    @Inject
    InferredDigits inferredDigits;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> pendingPartitions(Connection connection) throws SQLException {
        List<String> symbols = Marks.pendingSymbols(connection, Marks.TICK_TABLE);
        // Workers on other processes then start on different symbols instead of queueing on one lock.
        Collections.shuffle(symbols);
        return symbols;
    }

    @Override
    public ChunkResult processChunk(Connection transaction, String symbol) throws SQLException {
        DerivedData.commitAsynchronously(transaction);
        int poison = Marks.dropUnprocessable(transaction, Marks.TICK_TABLE, symbol);
        if (poison > 0) {
            LOG.warnf("aggregator: %d slice mark(s) of %s before %s or infinite (a poison row) skipped", poison, symbol,
                    io.mt5db.common.TimeBounds.EARLIEST);
        }
        TreeSet<Long> slices = Marks.claimSlices(transaction, symbol, config.sliceChunk());
        if (slices.isEmpty()) {
            return poison > 0 ? new ChunkResult(0, poison, true) : ChunkResult.NOTHING;
        }
        Map<Long, SortedSet<Long>> byMinute = new TreeMap<>();
        for (long slice : slices) {
            byMinute.computeIfAbsent(TickAggregation.minuteStart(slice), m -> new TreeSet<>()).add(slice);
        }
        Counters counters = new Counters();
        List<Long> minutes = new ArrayList<>(byMinute.keySet());
        List<Long> failed = BadRowIsolation.run(transaction, minutes,
                some -> aggregate(transaction, symbol, some, byMinute, counters));
        for (long minute : failed) {
            LOG.warnf("aggregator: minute %s of %s could not be stored and was skipped", Instant.ofEpochMilli(minute),
                    symbol);
        }
        return new ChunkResult(minutes.size() - failed.size() - counters.frozen,
                failed.size() + counters.skippedTicks + poison,
                slices.size() >= config.sliceChunk());
    }

    private static final class Counters {
        int frozen;
        int skippedTicks;
    }

    private void aggregate(Connection c, String symbol, List<Long> minutes, Map<Long, SortedSet<Long>> slicesByMinute,
            Counters counters) throws SQLException {
        TreeSet<Long> live = new TreeSet<>(minutes);
        Set<Long> frozen = frozenMinutes(c, symbol, live);
        live.removeAll(frozen);
        if (live.isEmpty()) {
            counters.frozen += frozen.size();
            return;
        }
        List<Long> slices = new ArrayList<>();
        for (long minute : live) {
            slices.addAll(slicesByMinute.get(minute));
        }
        Map<Long, List<TickAggregation.Tick>> ticks = readTicks(c, symbol, slices);
        List<AggregateStore.Row> sliceAggregates = new ArrayList<>();
        List<Long> emptySlices = new ArrayList<>();
        int skippedTicks = 0;
        for (long slice : slices) {
            AggregationResult result = TickAggregation.aggregate(ticks.getOrDefault(slice, List.of()), config.priceBasis());
            skippedTicks += result.skipped();
            if (result.aggregate() == null) {
                emptySlices.add(slice);
            } else {
                sliceAggregates.add(new AggregateStore.Row(AggregateStore.SLICE_GRAIN, slice, result.aggregate()));
            }
        }
        AggregateStore.upsert(c, symbol, sliceAggregates);
        AggregateStore.delete(c, symbol, AggregateStore.SLICE_GRAIN, emptySlices);

        List<AggregateStore.Range> ranges = new ArrayList<>();
        for (long minute : live) {
            ranges.add(new AggregateStore.Range(AggregateStore.SLICE_GRAIN, minute, minute + MINUTE));
        }
        TreeMap<Long, Aggregate> stored =
                AggregateStore.read(c, symbol, ranges).getOrDefault(AggregateStore.SLICE_GRAIN, new TreeMap<>());
        List<DerivedCandleStore.Row> candles = new ArrayList<>();
        List<Long> noCandle = new ArrayList<>();
        for (long minute : live) {
            Aggregate candle = Aggregate.combine(new ArrayList<>(stored.subMap(minute, minute + MINUTE).values()));
            if (candle == null) {
                noCandle.add(minute);
            } else {
                candles.add(new DerivedCandleStore.Row(Timeframe.M1, minute, candle));
            }
        }
        CandleChanges changes = new CandleChanges(symbol);
        changes.add(DerivedCandleStore.upsert(c, symbol, DerivedCandleStore.Source.TICKS, candles));
        changes.add(DerivedCandleStore.delete(c, symbol, Timeframe.M1, DerivedCandleStore.Source.TICKS, noCandle));
        changes.flush(c);
        inferredDigits.note(c, symbol, digitsOf(ticks));
        for (Observer observer : observers) {
            observer.minutesAggregated(symbol, Collections.unmodifiableSortedSet(live));
        }
        counters.frozen += frozen.size();
        counters.skippedTicks += skippedTicks;
    }

    /** Minutes that start before the ticks pruned so far and already have a candle: never rebuilt. */
    private static Set<Long> frozenMinutes(Connection c, String symbol, TreeSet<Long> minutes) throws SQLException {
        Optional<Long> prunedBefore = TickRetentionJob.prunedBefore(c, symbol);
        if (prunedBefore.isEmpty() || minutes.first() >= prunedBefore.get()) {
            return Set.of();
        }
        return DerivedCandleStore.existing(c, symbol, Timeframe.M1, minutes.headSet(prunedBefore.get()));
    }

    private static Map<Long, List<TickAggregation.Tick>> readTicks(Connection c, String symbol, List<Long> slices)
            throws SQLException {
        Map<Long, List<TickAggregation.Tick>> ticks = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(READ_TICKS)) {
            ps.setArray(1, Sql.int8Array(c, slices.toArray(Long[]::new)));
            ps.setString(2, symbol);
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ticks.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                            .add(new TickAggregation.Tick(rs.getLong(2), rs.getLong(3), rs.getDouble(4), rs.getDouble(5)));
                }
            }
        }
        return ticks;
    }

    /** The most digits shown by a sample of the prices read (the first tick of each slice). */
    private static int digitsOf(Map<Long, List<TickAggregation.Tick>> ticks) {
        int digits = -1;
        int sampled = 0;
        for (List<TickAggregation.Tick> slice : ticks.values()) {
            TickAggregation.Tick t = slice.get(0);
            if (TickAggregation.isUsable(t)) {
                digits = Math.max(digits, CandleParser.inferDigits(t.bid(), t.ask()));
            }
            if (++sampled >= DIGIT_SAMPLES) {
                break;
            }
        }
        return digits;
    }

    @Override
    public Optional<Duration> lag(Connection connection) throws SQLException {
        return Marks.lag(connection, Marks.TICK_TABLE);
    }
}
