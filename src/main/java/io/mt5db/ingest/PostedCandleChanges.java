package io.mt5db.ingest;

import io.mt5db.market.SeriesChangeLog;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Marks the series of stored or replaced posted candles as changed, in the ingest transaction. */
@ApplicationScoped
public class PostedCandleChanges implements CandleChangeHooks.Listener {

    @Override
    public void candlesChanged(Connection transaction, List<CandleInput> changed, List<CandleInput> inserted)
            throws SQLException {
        Map<SeriesChangeLog.Series, Instant> earliest = new HashMap<>();
        // Consecutive candles mostly belong to one series: a hash lookup per series run, not per candle.
        CandleInput runStart = null;
        Instant runEarliest = null;
        for (CandleInput candle : changed) {
            if (runStart != null && (runStart.timeframe() != candle.timeframe()
                    || !runStart.symbol().equals(candle.symbol()))) {
                merge(earliest, runStart, runEarliest);
                runStart = null;
            }
            if (runStart == null) {
                runStart = candle;
                runEarliest = candle.ts();
            } else if (candle.ts().isBefore(runEarliest)) {
                runEarliest = candle.ts();
            }
        }
        if (runStart != null) {
            merge(earliest, runStart, runEarliest);
        }
        SeriesChangeLog.mark(transaction, earliest);
    }

    private static void merge(Map<SeriesChangeLog.Series, Instant> earliest, CandleInput series, Instant ts) {
        earliest.merge(new SeriesChangeLog.Series(series.symbol(), series.timeframe().name()), ts,
                (a, b) -> a.isBefore(b) ? a : b);
    }
}
