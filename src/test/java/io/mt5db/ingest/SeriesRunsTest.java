package io.mt5db.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mt5db.common.Timeframe;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeriesRunsTest {

    private static CandleInput candle(String symbol, Timeframe timeframe) {
        return new CandleInput(symbol, timeframe, Instant.EPOCH, 1, 1, 1, 1, null, null, null, null, null);
    }

    @Test
    void consecutiveCandlesOfOneSeriesMakeARunAndARecurringSeriesAnother() {
        CandleInput a1 = candle("EURUSD", Timeframe.M1);
        CandleInput a2 = candle(new String("EURUSD".toCharArray()), Timeframe.M1);
        CandleInput h1 = candle("EURUSD", Timeframe.H1);
        CandleInput b1 = candle("GBPUSD", Timeframe.M1);
        CandleInput a3 = candle("EURUSD", Timeframe.M1);
        assertEquals(List.of(List.of(a1, a2), List.of(h1), List.of(b1), List.of(a3)),
                SeriesRuns.of(List.of(a1, a2, h1, b1, a3)));
        assertEquals(List.of(), SeriesRuns.of(List.of()));
        assertEquals(List.of(List.of(b1)), SeriesRuns.of(List.of(b1)));
    }
}
