package io.mt5db.stream;

import io.mt5db.common.StatementBatch;
import io.mt5db.ingest.CandleChangeHooks;
import io.mt5db.ingest.CandleInput;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Records a candle event for every posted candle that was stored or replaced, in the ingest transaction. */
@ApplicationScoped
public class StreamCandleChanges implements CandleChangeHooks.Listener {

    @Override
    public void candlesChanged(StatementBatch statements, List<CandleInput> changed, List<CandleInput> inserted) {
        Map<String, List<CandleInput>> bySeries = new LinkedHashMap<>();
        for (CandleInput candle : changed) {
            bySeries.computeIfAbsent(candle.symbol() + '\u0000' + candle.timeframe().name(), k -> new ArrayList<>())
                    .add(candle);
        }
        List<StreamLog.ChangedBars> bars = new ArrayList<>(bySeries.size());
        for (List<CandleInput> series : bySeries.values()) {
            long[] ts = series.stream().mapToLong(c -> c.ts().toEpochMilli()).sorted().toArray();
            bars.add(new StreamLog.ChangedBars(series.get(0).symbol(), series.get(0).timeframe().name(), ts));
        }
        StreamLog.candles(statements, bars);
    }

    @Override
    public List<String> changedRowsStatements() {
        return List.of(StreamLog.candlesSql(CandleChangeHooks.CHANGED_ROWS));
    }
}
