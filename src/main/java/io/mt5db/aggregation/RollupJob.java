package io.mt5db.aggregation;

import io.mt5db.aggregation.math.Aggregate;
import io.mt5db.aggregation.math.AggregationResult;
import io.mt5db.aggregation.math.BarAggregation;
import io.mt5db.aggregation.math.RollupLevel;
import io.mt5db.jobs.PartitionedJob;
import io.mt5db.ingest.CandleParser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Roll-ups M5..MN1 ({@code source = rollup}), per symbol. A chunk claims marked buckets and walks the
 * chain upwards: each bucket's aggregate is recomputed from its inputs (M1 candles of any source for
 * M5, the aggregates one level down above), and a bucket whose aggregate changed marks its parents
 * for the same pass. The candle is written where no {@code ea} (or {@code ticks}) row holds the slot,
 * and a roll-up candle whose bucket has no M1 left is removed.
 */
@ApplicationScoped
public class RollupJob implements PartitionedJob {

    public static final String NAME = "rollup";
    private static final Logger LOG = Logger.getLogger(RollupJob.class);

    @Inject
    AggregationConfig config;

    @Inject
    InferredDigits inferredDigits;

    /** Symbols whose poison marks were logged already (log once; the count goes on). */
    private final java.util.Set<String> poisonLogged = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> pendingPartitions(Connection connection) throws SQLException {
        List<String> symbols = Marks.pendingSymbols(connection, Marks.ROLLUP_TABLE);
        Collections.shuffle(symbols);
        return symbols;
    }

    @Override
    public ChunkResult processChunk(Connection transaction, String symbol) throws SQLException {
        DerivedData.commitAsynchronously(transaction);
        int poison = Marks.dropUnprocessable(transaction, Marks.ROLLUP_TABLE, symbol);
        if (poison > 0 && poisonLogged.add(symbol)) {
            LOG.warnf("rollup: %d bucket(s) of %s before %s or infinite (a poison row) skipped; DELETE"
                    + " /candles?symbol=%s&timeframe=...&poison=true removes such rows (logged once per symbol)",
                    poison, symbol, io.mt5db.common.TimeBounds.EARLIEST, symbol);
        }
        Map<RollupLevel, TreeSet<Long>> claimed = Marks.claimBuckets(transaction, symbol, config.rollupChunk());
        List<Marks.Bucket> buckets = new ArrayList<>();
        claimed.forEach((level, starts) -> starts.forEach(start -> buckets.add(new Marks.Bucket(symbol, level, start))));
        if (buckets.isEmpty()) {
            return poison > 0 ? new ChunkResult(0, poison, true) : ChunkResult.NOTHING;
        }
        int[] skippedBars = {0};
        List<Marks.Bucket> failed = BadRowIsolation.run(transaction, buckets,
                some -> skippedBars[0] += rollUp(transaction, symbol, some));
        for (Marks.Bucket bucket : failed) {
            LOG.warnf("rollup: %s bucket %s of %s could not be stored and was skipped", bucket.level(),
                    Instant.ofEpochMilli(bucket.startMillis()), symbol);
        }
        return new ChunkResult(buckets.size() - failed.size(), failed.size() + skippedBars[0] + poison,
                buckets.size() >= config.rollupChunk());
    }

    /**
     * Recomputes the claimed buckets and all their ancestors bottom-up: inputs are read in two
     * statements (M1 bars for M5; stored aggregates one level down for the rest, overlaid with what this
     * pass just computed), and all levels are written in one statement each for aggregates and candles.
     * An ancestor whose inputs did not change is written as a no-op. Answers how many bars were unusable.
     */
    private int rollUp(Connection c, String symbol, List<Marks.Bucket> claimed) throws SQLException {
        Map<RollupLevel, TreeSet<Long>> targets = new EnumMap<>(RollupLevel.class);
        for (Marks.Bucket bucket : claimed) {
            targets.computeIfAbsent(bucket.level(), l -> new TreeSet<>()).add(bucket.startMillis());
        }
        for (RollupLevel level : RollupLevel.values()) {
            for (long start : targets.getOrDefault(level, new TreeSet<>())) {
                for (RollupLevel parent : level.parents()) {
                    targets.computeIfAbsent(parent, l -> new TreeSet<>())
                            .add(parent.timeframe().floor(Instant.ofEpochMilli(start)).toEpochMilli());
                }
            }
        }
        TreeSet<Long> m5 = targets.getOrDefault(RollupLevel.M5, new TreeSet<>());
        Long[] m5Starts = m5.toArray(Long[]::new);
        Long[] m5Ends = m5.stream().map(start -> end(RollupLevel.M5, start)).toArray(Long[]::new);
        Map<Long, List<BarAggregation.Bar>> bars = DerivedCandleStore.readM1(c, symbol, m5Starts, m5Ends);
        List<AggregateStore.Range> childRanges = new ArrayList<>();
        targets.forEach((level, starts) -> level.child().ifPresent(child -> starts.forEach(start -> childRanges.add(
                new AggregateStore.Range(child.name(), start, end(level, start))))));
        Map<String, TreeMap<Long, Aggregate>> children = AggregateStore.read(c, symbol, childRanges);

        int skipped = 0;
        List<AggregateStore.Row> aggregates = new ArrayList<>();
        List<DerivedCandleStore.Row> candles = new ArrayList<>();
        Map<RollupLevel, List<Long>> absent = new EnumMap<>(RollupLevel.class);
        for (RollupLevel level : RollupLevel.values()) {
            TreeMap<Long, Aggregate> computed = children.computeIfAbsent(level.name(), g -> new TreeMap<>());
            for (long start : targets.getOrDefault(level, new TreeSet<>())) {
                Aggregate aggregate;
                if (level.child().isEmpty()) {
                    AggregationResult result = BarAggregation.aggregate(bars.getOrDefault(start, List.of()));
                    skipped += result.skipped();
                    aggregate = result.aggregate();
                } else {
                    TreeMap<Long, Aggregate> parts = children.getOrDefault(level.child().get().name(), new TreeMap<>());
                    aggregate = Aggregate.combine(new ArrayList<>(parts.subMap(start, end(level, start)).values()));
                }
                // Parents read this level from the same map, so they see this pass's values.
                if (aggregate == null) {
                    computed.remove(start);
                    absent.computeIfAbsent(level, l -> new ArrayList<>()).add(start);
                } else {
                    computed.put(start, aggregate);
                    aggregates.add(new AggregateStore.Row(level.name(), start, aggregate));
                    candles.add(new DerivedCandleStore.Row(level.timeframe(), start, aggregate));
                }
            }
        }
        inferredDigits.note(c, symbol, digitsOf(bars));
        CandleChanges changes = new CandleChanges(symbol);
        AggregateStore.upsert(c, symbol, aggregates);
        changes.add(DerivedCandleStore.upsert(c, symbol, DerivedCandleStore.Source.ROLLUP, candles));
        for (Map.Entry<RollupLevel, List<Long>> e : absent.entrySet()) {
            AggregateStore.delete(c, symbol, e.getKey().name(), e.getValue());
            changes.add(DerivedCandleStore.delete(c, symbol, e.getKey().timeframe(), DerivedCandleStore.Source.ROLLUP,
                    e.getValue()));
        }
        changes.flush(c);
        return skipped;
    }

    private static long end(RollupLevel level, long start) {
        return level.timeframe().next(Instant.ofEpochMilli(start)).toEpochMilli();
    }

    /** Symbols that only receive candles get their inferred digits from the bars (first of each bucket). */
    private static int digitsOf(Map<Long, List<BarAggregation.Bar>> bars) {
        int digits = -1;
        for (List<BarAggregation.Bar> bucket : bars.values()) {
            BarAggregation.Bar b = bucket.get(0);
            if (BarAggregation.isUsable(b)) {
                digits = Math.max(digits, CandleParser.inferDigits(b.open(), b.high(), b.low(), b.close()));
            }
        }
        return digits;
    }

    @Override
    public Optional<Duration> lag(Connection connection) throws SQLException {
        return Marks.lag(connection, Marks.ROLLUP_TABLE);
    }
}
