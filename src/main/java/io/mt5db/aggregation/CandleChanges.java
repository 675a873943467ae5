package io.mt5db.aggregation;

import io.mt5db.common.StatementBatch;
import io.mt5db.common.Timeframe;
import io.mt5db.market.CandleCounts;
import io.mt5db.market.SeriesChangeLog;
import io.mt5db.stream.StreamLog;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Collects what a writer did to one symbol's candles and, at the end of its transaction, records
 * the consequences: the series changed from the earliest touched ts (indicators), the count deltas
 * (/symbols, /stats) and, for M1 changes, the M5 buckets to roll up again.
 */
final class CandleChanges {

    private final String symbol;
    private final Map<Timeframe, Long> earliest = new EnumMap<>(Timeframe.class);
    private final Map<Timeframe, Long> countDelta = new EnumMap<>(Timeframe.class);
    private final TreeSet<Long> m5Buckets = new TreeSet<>();
    private final Map<Timeframe, TreeSet<Long>> storedBars = new EnumMap<>(Timeframe.class);

    CandleChanges(String symbol) {
        this.symbol = symbol;
    }

    void add(Collection<DerivedCandleStore.Change> changes) {
        for (DerivedCandleStore.Change change : changes) {
            long delta = switch (change.kind()) {
                case INSERTED -> 1;
                case DELETED -> -1;
                case UPDATED -> 0;
            };
            add(change.timeframe(), change.tsMillis(), delta);
        }
    }

    /** One candle of the series changed at {@code tsMillis}; delta is +1 inserted, -1 deleted, 0 updated. */
    void add(Timeframe timeframe, long tsMillis, long delta) {
        earliest.merge(timeframe, tsMillis, Math::min);
        countDelta.merge(timeframe, delta, Long::sum);
        if (delta >= 0) {
            storedBars.computeIfAbsent(timeframe, tf -> new TreeSet<>()).add(tsMillis);
        }
        if (timeframe == Timeframe.M1) {
            m5Buckets.add(Timeframe.M5.floor(Instant.ofEpochMilli(tsMillis)).toEpochMilli());
        }
    }

    boolean isEmpty() {
        return earliest.isEmpty();
    }

    void flush(Connection transaction) throws SQLException {
        if (earliest.isEmpty()) {
            return;
        }
        // Counts, series change and roll-up marks go as one statement: one round trip instead of three.
        StatementBatch statements = new StatementBatch(transaction);
        Map<SeriesChangeLog.Series, Long> deltas = new HashMap<>();
        countDelta.forEach((tf, delta) -> deltas.put(new SeriesChangeLog.Series(symbol, tf.name()), delta));
        CandleCounts.record(statements, deltas);
        Map<SeriesChangeLog.Series, Instant> from = new HashMap<>();
        earliest.forEach((tf, ts) -> from.put(new SeriesChangeLog.Series(symbol, tf.name()), Instant.ofEpochMilli(ts)));
        SeriesChangeLog.mark(statements, from);
        List<Marks.Bucket> buckets = new ArrayList<>(m5Buckets.size());
        for (long bucket : m5Buckets) {
            buckets.add(new Marks.Bucket(symbol, RollupLevel.M5, bucket));
        }
        Marks.markBuckets(statements, buckets);
        List<StreamLog.ChangedBars> bars = new ArrayList<>(storedBars.size());
        storedBars.forEach((tf, ts) -> bars.add(new StreamLog.ChangedBars(symbol, tf.name(),
                ts.stream().mapToLong(Long::longValue).toArray())));
        StreamLog.candles(statements, bars);
        statements.execute();
        storedBars.clear();
        earliest.clear();
        countDelta.clear();
        m5Buckets.clear();
    }
}
