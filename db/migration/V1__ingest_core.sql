-- Core market data and access control. Plain PostgreSQL 15; TimescaleDB features are applied at
-- start-up by mt5db_apply_timescale() only when the extension is available (see V2).

CREATE TABLE symbols (
    symbol          text PRIMARY KEY CHECK (symbol ~ '^[A-Za-z0-9._#+!-]{1,32}$'),
    digits          integer CHECK (digits BETWEEN 0 AND 10),
    point           double precision CHECK (point > 0),
    pip_size        double precision CHECK (pip_size > 0),
    contract_size   double precision CHECK (contract_size > 0),
    currency        text,
    sessions        jsonb,
    inferred_digits integer,
    updated_at      timestamptz NOT NULL DEFAULT now()
);

-- One row per (symbol, timeframe, bucket start in UTC). source precedence: ea > ticks > rollup.
CREATE TABLE candles (
    symbol      text             NOT NULL,
    timeframe   text             NOT NULL CHECK (timeframe IN ('M1','M5','M15','M30','H1','H4','D1','W1','MN1')),
    ts          timestamptz      NOT NULL,
    open        double precision NOT NULL,
    high        double precision NOT NULL,
    low         double precision NOT NULL,
    close       double precision NOT NULL,
    volume      bigint,
    spread      double precision,
    bid         double precision,
    ask         double precision,
    real_volume double precision,
    source      text             NOT NULL CHECK (source IN ('ea','ticks','rollup')),
    received_at timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (symbol, timeframe, ts)
);

-- A tick's identity is all of its values: an identical re-send is a duplicate, while two ticks with
-- the same ts and different values are both kept. seq keeps arrival order among equal ts.
CREATE TABLE ticks (
    symbol      text             NOT NULL,
    ts          timestamptz      NOT NULL,
    bid         double precision NOT NULL,
    ask         double precision NOT NULL,
    last        double precision,
    volume      double precision,
    flags       integer,
    seq         bigint           GENERATED ALWAYS AS IDENTITY,
    received_at timestamptz      NOT NULL DEFAULT now(),
    CONSTRAINT ticks_identity UNIQUE NULLS NOT DISTINCT (symbol, ts, bid, ask, last, volume, flags)
);

CREATE TABLE api_keys (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name         text        NOT NULL,
    key_hash     text        NOT NULL UNIQUE,
    key_prefix   text        NOT NULL,
    scopes       text        NOT NULL,
    account_id   text,
    origin       text        NOT NULL DEFAULT 'api',
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz,
    revoked_at   timestamptz,
    last_used_at timestamptz
);

CREATE TABLE audit_log (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at           timestamptz NOT NULL DEFAULT now(),
    actor_key_id bigint,
    actor_name   text,
    action       text        NOT NULL,
    target       text,
    detail       text
);
CREATE INDEX audit_log_at ON audit_log (at);
