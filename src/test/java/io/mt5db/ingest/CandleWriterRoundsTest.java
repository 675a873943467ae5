package io.mt5db.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mt5db.common.Timeframe;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rounds: no key twice in one round, each later occurrence of a key in a later round, input order kept. */
class CandleWriterRoundsTest {

    private static final Instant T0 = Instant.parse("2025-01-06T00:00:00Z");

    private static CandleInput candle(String symbol, Timeframe timeframe, int minute) {
        return new CandleInput(symbol, timeframe, T0.plusSeconds(60L * minute), 1, 1, 1, 1, null, null, null, null, null);
    }

    @Test
    void uniqueKeysMakeOneRoundWhetherInKeyOrderOrNot() {
        List<CandleInput> ordered = List.of(candle("AUDUSD", Timeframe.M1, 5), candle("EURUSD", Timeframe.H1, 0),
                candle("EURUSD", Timeframe.M1, 0), candle("EURUSD", Timeframe.M1, 1));
        assertEquals(List.of(List.of(0, 1, 2, 3)), CandleWriter.rounds(ordered));
        List<CandleInput> unordered = List.of(candle("EURUSD", Timeframe.M1, 1), candle("EURUSD", Timeframe.M1, 0),
                candle("AUDUSD", Timeframe.M1, 5));
        assertEquals(List.of(List.of(0, 1, 2)), CandleWriter.rounds(unordered));
    }

    @Test
    void repeatedKeysGoToLaterRoundsInInputOrder() {
        List<CandleInput> batch = List.of(candle("EURUSD", Timeframe.M1, 0), candle("EURUSD", Timeframe.M1, 1),
                candle("EURUSD", Timeframe.M1, 0), candle("EURUSD", Timeframe.M1, 2), candle("EURUSD", Timeframe.M1, 0));
        assertEquals(List.of(List.of(0, 1, 3), List.of(2), List.of(4)), CandleWriter.rounds(batch));
        // A key repeated right after itself is not "in order" either.
        assertEquals(List.of(List.of(0), List.of(1)),
                CandleWriter.rounds(List.of(candle("X", Timeframe.M1, 0), candle("X", Timeframe.M1, 0))));
    }
}
