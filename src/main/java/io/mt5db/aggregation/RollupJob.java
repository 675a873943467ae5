package io.mt5db.aggregation;

import io.mt5db.jobs.PartitionedJob;
import io.mt5db.ingest.CandleParser;
import io.mt5db.market.SymbolDirectory;
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
        Map<RollupLevel, TreeSet<Long>> claimed = Marks.claimBuckets(transaction, symbol, config.rollupChunk());
        List<Marks.Bucket> buckets = new ArrayList<>();
        claimed.forEach((level, starts) -> starts.forEach(start -> buckets.add(new Marks.Bucket(symbol, level, start))));
        if (buckets.isEmpty()) {
            return ChunkResult.NOTHING;
        }
        int[] skippedBars = {0};
        List<Marks.Bucket> failed = BadRowIsolation.run(transaction, buckets,
                some -> skippedBars[0] += rollUp(transaction, symbol, some));
        for (Marks.Bucket bucket : failed) {
            LOG.warnf("rollup: %s bucket %s of %s could not be stored and was skipped", bucket.level(),
                    Instant.ofEpochMilli(bucket.startMillis()), symbol);
        }
        return new ChunkResult(buckets.size() - failed.size(), failed.size() + skippedBars[0],
                buckets.size() >= config.rollupChunk());
    }

    /** Recomputes the buckets and every parent whose input changed; answers how many M1 bars were unusable. */
    private int rollUp(Connection c, String symbol, List<Marks.Bucket> claimed) throws SQLException {
        Map<RollupLevel, TreeSet<Long>> todo = new EnumMap<>(RollupLevel.class);
        for (Marks.Bucket bucket : claimed) {
            todo.computeIfAbsent(bucket.level(), l -> new TreeSet<>()).add(bucket.startMillis());
        }
        CandleChanges changes = new CandleChanges(symbol);
        int skipped = 0;
        for (RollupLevel level : RollupLevel.values()) {
            TreeSet<Long> starts = todo.get(level);
            if (starts == null || starts.isEmpty()) {
                continue;
            }
            Long[] from = starts.toArray(Long[]::new);
            Long[] to = new Long[from.length];
            for (int i = 0; i < from.length; i++) {
                to[i] = level.timeframe().next(Instant.ofEpochMilli(from[i])).toEpochMilli();
            }
            TreeMap<Long, Aggregate> present = new TreeMap<>();
            List<Long> absent = new ArrayList<>();
            if (level.child().isEmpty()) {
                Map<Long, List<BarAggregation.Bar>> bars = DerivedCandleStore.readM1(c, symbol, from, to);
                for (long start : starts) {
                    AggregationResult result = BarAggregation.aggregate(bars.getOrDefault(start, List.of()));
                    skipped += result.skipped();
                    put(present, absent, start, result.aggregate());
                }
                noteDigits(c, symbol, bars);
            } else {
                Map<Long, List<Aggregate>> parts =
                        AggregateStore.readInRanges(c, symbol, level.child().get().name(), from, to);
                for (long start : starts) {
                    put(present, absent, start, Aggregate.combine(parts.getOrDefault(start, List.of())));
                }
            }
            TreeSet<Long> changed = new TreeSet<>(AggregateStore.upsert(c, symbol, level.name(), present));
            changed.addAll(AggregateStore.delete(c, symbol, level.name(), absent));
            changes.add(level.timeframe(), DerivedCandleStore.upsert(c, symbol, level.timeframe(),
                    DerivedCandleStore.Source.ROLLUP, present));
            changes.add(level.timeframe(), DerivedCandleStore.delete(c, symbol, level.timeframe(),
                    DerivedCandleStore.Source.ROLLUP, absent));
            for (long start : changed) {
                for (RollupLevel parent : level.parents()) {
                    todo.computeIfAbsent(parent, l -> new TreeSet<>())
                            .add(parent.timeframe().floor(Instant.ofEpochMilli(start)).toEpochMilli());
                }
            }
        }
        changes.flush(c);
        return skipped;
    }

    private static void put(Map<Long, Aggregate> present, List<Long> absent, long start, Aggregate aggregate) {
        if (aggregate == null) {
            absent.add(start);
        } else {
            present.put(start, aggregate);
        }
    }

    /** Symbols that only receive candles get their inferred digits from the bars. */
    private static void noteDigits(Connection c, String symbol, Map<Long, List<BarAggregation.Bar>> bars)
            throws SQLException {
        int digits = -1;
        for (List<BarAggregation.Bar> bucket : bars.values()) {
            BarAggregation.Bar b = bucket.get(0);
            if (BarAggregation.isUsable(b)) {
                digits = Math.max(digits, CandleParser.inferDigits(b.open(), b.high(), b.low(), b.close()));
            }
        }
        if (digits >= 0) {
            SymbolDirectory.noteInferredDigits(c, symbol, digits);
        }
    }

    @Override
    public Optional<Duration> lag(Connection connection) throws SQLException {
        return Marks.lag(connection, Marks.ROLLUP_TABLE);
    }
}
