-- Read model for /symbols, /stats and /clients (see io.mt5db.market).

-- Exact candle counts per series without counting per request: every candle writer appends a delta
-- in its own transaction (an insert never waits on another writer), and a fold moves the deltas
-- into candle_counts atomically. count = candle_counts.row_count + sum(pending deltas).
CREATE TABLE candle_counts (
    symbol    text   NOT NULL,
    timeframe text   NOT NULL,
    row_count bigint NOT NULL,
    PRIMARY KEY (symbol, timeframe)
);
CREATE TABLE candle_count_deltas (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    symbol    text   NOT NULL,
    timeframe text   NOT NULL,
    delta     bigint NOT NULL
);
INSERT INTO candle_counts (symbol, timeframe, row_count)
SELECT symbol, timeframe, count(*) FROM candles GROUP BY symbol, timeframe;

-- Symbols seen before this migration (ingest registers new ones from now on).
INSERT INTO symbols (symbol)
SELECT symbol FROM candles UNION SELECT symbol FROM ticks
ON CONFLICT (symbol) DO NOTHING;

-- Each key's terminals as last seen (User-Agent and account), written a few times a minute from
-- memory, never per request.
CREATE TABLE api_clients (
    key_id         bigint      NOT NULL,
    user_agent     text        NOT NULL,
    account_id     text        NOT NULL,
    key_name       text,
    first_seen_at  timestamptz NOT NULL,
    last_seen_at   timestamptz NOT NULL,
    last_ingest_at timestamptz,
    requests       bigint      NOT NULL DEFAULT 0,
    symbols        text[]      NOT NULL DEFAULT '{}',
    PRIMARY KEY (key_id, user_agent, account_id)
);
