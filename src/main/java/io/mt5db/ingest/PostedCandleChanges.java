package io.mt5db.ingest;

import io.mt5db.common.StatementBatch;
import io.mt5db.market.SeriesChangeLog;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Marks the series of stored or replaced posted candles as changed, in the ingest transaction. */
@ApplicationScoped
public class PostedCandleChanges implements CandleChangeHooks.Listener {

    @Override
    public void candlesChanged(StatementBatch statements, List<CandleInput> changed, List<CandleInput> inserted) {
        Map<SeriesChangeLog.Series, Instant> earliest = new HashMap<>();
        for (List<CandleInput> run : SeriesRuns.of(changed)) {
            CandleInput first = run.get(0);
            Instant runEarliest = first.ts();
            for (CandleInput candle : run) {
                if (candle.ts().isBefore(runEarliest)) {
                    runEarliest = candle.ts();
                }
            }
            earliest.merge(new SeriesChangeLog.Series(first.symbol(), first.timeframe().name()), runEarliest,
                    (a, b) -> a.isBefore(b) ? a : b);
        }
        SeriesChangeLog.mark(statements, earliest);
    }

    @Override
    public List<String> changedRowsStatements() {
        return List.of(SeriesChangeLog.markSql(CandleChangeHooks.CHANGED_ROWS));
    }
}
