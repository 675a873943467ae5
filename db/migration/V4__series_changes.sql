-- Work queue of derived data: the earliest candle ts of each series whose stored candles changed
-- since the indicator job last looked. Writers (ingest, aggregation, repair) lower from_ts with
-- LEAST(); the indicator job recomputes the series from there and deletes what it consumed.
CREATE TABLE series_changes (
    symbol    text        NOT NULL,
    timeframe text        NOT NULL,
    from_ts   timestamptz NOT NULL,
    marked_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (symbol, timeframe)
);
