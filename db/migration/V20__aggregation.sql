-- Tick aggregation and roll-ups (see io.mt5db.aggregation).
--
-- Work queues are insert-only logs: a writer only INSERTs a mark (no row it could lock or wait
-- on), and a job claims marks by deleting the ones its snapshot sees, so that a mark committed
-- while the job runs stays for the next run. Several marks for one key are normal.

-- 5-second slices of ticks whose stored ticks changed (ingest, POST /recompute).
CREATE TABLE tick_marks (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    symbol    text        NOT NULL,
    slice_ts  timestamptz NOT NULL,
    marked_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tick_marks_symbol_slice ON tick_marks (symbol, slice_ts);

-- Roll-up buckets whose inputs changed. level orders the chain: 1 = M5 (from M1 candles),
-- 2 = M15, 3 = M30, 4 = H1, 5 = H4, 6 = D1, 7 = W1, 8 = MN1 (each from the level below).
CREATE TABLE rollup_marks (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    symbol    text        NOT NULL,
    level     smallint    NOT NULL CHECK (level BETWEEN 1 AND 8),
    bucket_ts timestamptz NOT NULL,
    marked_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rollup_marks_symbol_level ON rollup_marks (symbol, level, bucket_ts);

-- Exact partial aggregates behind the derived candles, so that a change is re-aggregated from a few
-- rows instead of every tick or minute of a month. grain S5 = a 5-second slice of ticks (its
-- values come from all its stored ticks); M5..MN1 = a roll-up bucket computed from the M1 candles
-- of any source in it (M5) or from the aggregates one level down. spread_sum is an exact decimal
-- sum, so combining parts gives the same mean as averaging all inputs at once.
CREATE TABLE aggregates (
    symbol       text             NOT NULL,
    grain        text             NOT NULL CHECK (grain IN ('S5','M5','M15','M30','H1','H4','D1','W1','MN1')),
    bucket_ts    timestamptz      NOT NULL,
    open         double precision NOT NULL,
    high         double precision NOT NULL,
    low          double precision NOT NULL,
    close        double precision NOT NULL,
    volume       bigint,
    spread_sum   numeric,
    spread_count bigint           NOT NULL,
    PRIMARY KEY (symbol, grain, bucket_ts)
);

-- Ticks before pruned_before may have been deleted by retention: a minute that starts before it and
-- already has a candle is frozen (never rebuilt from what is left of its ticks).
CREATE TABLE tick_prune_state (
    symbol        text PRIMARY KEY,
    pruned_before timestamptz NOT NULL
);
