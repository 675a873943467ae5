package io.mt5db.ingest;

import io.mt5db.common.Timeframe;
import java.time.Instant;

/** A validated candle, its ts already floored to the UTC bucket. */
public record CandleInput(String symbol, Timeframe timeframe, Instant ts, double open, double high, double low,
        double close, Long volume, Double spread, Double bid, Double ask, Double realVolume) {

    /** The primary key: two inputs with equal keys address the same stored row. */
    public record Key(String symbol, Timeframe timeframe, Instant ts) {
    }

    public Key key() {
        return new Key(symbol, timeframe, ts);
    }
}
