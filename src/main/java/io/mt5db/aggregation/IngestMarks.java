package io.mt5db.aggregation;

import io.mt5db.aggregation.math.RollupLevel;
import io.mt5db.aggregation.math.TickAggregation;
import io.mt5db.common.StatementBatch;
import io.mt5db.common.Timeframe;
import io.mt5db.ingest.CandleChangeHooks;
import io.mt5db.ingest.CandleInput;
import io.mt5db.ingest.TickInput;
import io.mt5db.ingest.TickWriter;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Marks, inside the ingest transaction, the aggregation work a request causes: the 5-second slices
 * of inserted ticks (one insert-only statement per batch, nothing an ingest could wait on), the M5
 * buckets of posted M1 candles. The read model's own bookkeeping (counts, symbols) is ingest's
 * {@code PostedCandleChanges}; tick symbols are registered by the aggregator, off the tick path.
 */
@ApplicationScoped
public class IngestMarks implements TickWriter.Listener, CandleChangeHooks.Listener {

    private record Slice(String symbol, long startMillis) {
    }

    @Override
    public void ticksInserted(Connection transaction, List<TickInput> inserted) throws SQLException {
        Marks.markSliceRuns(transaction, sliceRuns(inserted));
    }

    /** A batch's slice marks ride on the writer's probe unless they are many enough for a COPY. */
    @Override
    public Optional<StatementBatch.Part> newBatchStatement(List<TickInput> ticks) {
        List<SliceRuns.Run> runs = sliceRuns(ticks);
        if (runs.isEmpty() || !Marks.fitOneInsert(runs)) {
            return Optional.empty();
        }
        return Optional.of(new StatementBatch.Part(Marks.INSERT_SLICES_IF_NEW_BATCH,
                (c, ps, first) -> Marks.bindSliceRuns(c, ps, first, runs)));
    }

    private static List<SliceRuns.Run> sliceRuns(List<TickInput> ticks) {
        Set<Slice> slices = new LinkedHashSet<>();
        Slice previous = null;
        for (TickInput tick : ticks) {
            long start = TickAggregation.sliceStart(tick.tsMillis());
            // A stream of ticks stays in one slice for a while: compare with the previous before hashing.
            if (previous == null || previous.startMillis() != start || !previous.symbol().equals(tick.symbol())) {
                previous = new Slice(tick.symbol(), start);
                slices.add(previous);
            }
        }
        String[] symbols = new String[slices.size()];
        Long[] starts = new Long[slices.size()];
        int i = 0;
        for (Slice slice : slices) {
            symbols[i] = slice.symbol();
            starts[i] = slice.startMillis();
            i++;
        }
        return SliceRuns.of(symbols, starts);
    }

    @Override
    public void candlesChanged(StatementBatch statements, List<CandleInput> changed, List<CandleInput> inserted)
            throws SQLException {
        // Batches come sorted by series and time, so consecutive candles mostly share a bucket and a
        // series: comparing with the previous one spares a hash lookup per candle.
        Set<Marks.Bucket> buckets = new LinkedHashSet<>();
        Marks.Bucket previous = null;
        for (CandleInput candle : changed) {
            if (candle.timeframe() == Timeframe.M1) {
                long start = Timeframe.M5.floor(candle.ts()).toEpochMilli();
                if (previous == null || previous.startMillis() != start || !previous.symbol().equals(candle.symbol())) {
                    previous = new Marks.Bucket(candle.symbol(), RollupLevel.M5, start);
                    buckets.add(previous);
                }
            }
        }
        Marks.markBuckets(statements, new ArrayList<>(buckets));
    }

    @Override
    public List<String> changedRowsStatements() {
        return List.of(Marks.markM5BucketsOfM1Sql(CandleChangeHooks.CHANGED_ROWS));
    }
}
