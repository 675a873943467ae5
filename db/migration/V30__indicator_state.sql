-- Checkpoints of the indicator calculator: the complete state (IndicatorCalculator.State.toArray(),
-- 57 doubles) AFTER the bar at ts, the bar_count-th bar of its series. The indicator job keeps one
-- every mt5db.indicators.checkpoint-interval bars plus the newest two, so that a change at ts t is
-- recomputed from the latest checkpoint before t instead of from the first bar. A state belongs to
-- one convention; a series never continues from a state of the other one.
CREATE TABLE indicator_state (
    symbol     text               NOT NULL,
    timeframe  text               NOT NULL,
    ts         timestamptz        NOT NULL,
    bar_count  bigint             NOT NULL CHECK (bar_count > 0),
    convention text               NOT NULL CHECK (convention IN ('talib', 'mt5')),
    state      double precision[] NOT NULL,
    PRIMARY KEY (symbol, timeframe, ts)
);

-- The indicator job's own work list. Before it computes a symbol, the job moves that symbol's marks
-- from series_changes here in a short transaction of its own (merging with LEAST), then computes from
-- this table, which only the holder of the symbol's lock touches. So candle writers never wait for a
-- long computation, and a mark that lands during one (the forming bar, re-marked every second) waits
-- in series_changes to be merged afterwards instead of undoing the progress made: a large series
-- advances from_ts chunk by chunk and finishes even while it is marked again and again.
CREATE TABLE indicator_work (
    symbol    text        NOT NULL,
    timeframe text        NOT NULL,
    from_ts   timestamptz NOT NULL,
    marked_at timestamptz NOT NULL,
    PRIMARY KEY (symbol, timeframe)
);
