-- Live stream (io.mt5db.stream, docs/stream.md).
--
-- Writers (ingest, aggregation, indicators, signals, ml) only INSERT into stream_pending, in their own
-- transaction: one row per series per transaction for candles (the changed bars as an array), one
-- row per signal or model change with its event data. Ids of an identity column are taken at insert
-- but committed in any order, so readers could see id 7 before id 6 commits; instead one sequencer
-- at a time (an advisory lock) moves committed rows into stream_events and numbers them from
-- stream_event_ids as it commits. Readers on every replica then see ids that only grow, with no
-- hole that fills later, and a client resumes after the last id it saw.
CREATE TABLE stream_pending (
    id                  bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind                text        NOT NULL CHECK (kind IN ('candle', 'signal', 'model')),
    symbol              text,
    timeframe           text,
    bar_ts              timestamptz[],
    account_id          text,
    delivery_account_id text,
    payload             jsonb,
    created_at          timestamptz NOT NULL DEFAULT now()
);

CREATE SEQUENCE stream_event_ids AS bigint;

-- One row per event as clients see it; a candle event names its bar and is read back with the bar's
-- current values and indicators when sent. Kept for mt5db.stream.retention (the resume window).
CREATE TABLE stream_events (
    id                  bigint      PRIMARY KEY,
    kind                text        NOT NULL,
    symbol              text,
    timeframe           text,
    bar_ts              timestamptz,
    account_id          text,
    delivery_account_id text,
    payload             jsonb,
    created_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stream_events_created_at ON stream_events (created_at);

-- A timestamp as the API writes it (java.time.Instant: 2025-10-20T09:14:00Z, fraction only when
-- present, in groups of three digits), for event data built in SQL.
CREATE FUNCTION stream_iso(t timestamptz) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')
        || CASE WHEN date_part('microseconds', t)::bigint % 1000000 = 0 THEN ''
                WHEN date_part('microseconds', t)::bigint % 1000 = 0 THEN to_char(t AT TIME ZONE 'UTC', '.MS')
                ELSE to_char(t AT TIME ZONE 'UTC', '.US') END
        || 'Z'
$$;
