package io.mt5db.ingest;

import io.mt5db.common.StatementBatch;
import io.mt5db.market.CandleCounts;
import io.mt5db.market.SeriesChangeLog;
import io.mt5db.market.SymbolDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps market's read model in step with posted candles, in the ingest transaction: marks the series
 * of stored or replaced candles as changed, grows the candle counts by the inserted ones and registers
 * their symbols.
 */
@ApplicationScoped
public class PostedCandleChanges implements CandleChangeHooks.Listener {

    @Override
    public void candlesChanged(StatementBatch statements, List<CandleInput> changed, List<CandleInput> inserted)
            throws SQLException {
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
        Map<SeriesChangeLog.Series, Long> counts = new HashMap<>();
        for (List<CandleInput> run : SeriesRuns.of(inserted)) {
            CandleInput first = run.get(0);
            counts.merge(new SeriesChangeLog.Series(first.symbol(), first.timeframe().name()), (long) run.size(),
                    Long::sum);
        }
        CandleCounts.record(statements, counts);
        SymbolDirectory.register(statements.connection(), counts.keySet().stream().map(SeriesChangeLog.Series::symbol)
                .distinct().toArray(String[]::new));
    }

    @Override
    public List<String> changedRowsStatements() {
        String changed = CandleChangeHooks.CHANGED_ROWS;
        return List.of(SeriesChangeLog.markSql(changed), CandleCounts.recordInsertedSql(changed),
                SymbolDirectory.registerInsertedSql(changed));
    }
}
