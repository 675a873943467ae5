package io.mt5db.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits candles into runs of consecutive candles of one series (symbol and timeframe). Batches come
 * sorted by series and time, so a listener that works per series does one map operation per run
 * instead of a hash lookup per candle; a series that recurs later gets another run.
 */
public final class SeriesRuns {

    private SeriesRuns() {
    }

    /** The runs as views of {@code candles}, in order. */
    public static List<List<CandleInput>> of(List<CandleInput> candles) {
        List<List<CandleInput>> runs = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= candles.size(); i++) {
            if (i == candles.size() || !sameSeries(candles.get(start), candles.get(i))) {
                runs.add(candles.subList(start, i));
                start = i;
            }
        }
        return runs;
    }

    private static boolean sameSeries(CandleInput a, CandleInput b) {
        return a.timeframe() == b.timeframe() && a.symbol().equals(b.symbol());
    }
}
