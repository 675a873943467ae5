-- Signal queue: signals, one delivery row per (signal, account) that received it, and the kill switch.
-- A broadcast signal (account_id NULL) gets a delivery row per polling account on its first claim,
-- so every account has its own status, attempt count, lease and ack.

CREATE TABLE signals (
    id            uuid             PRIMARY KEY,
    -- Creation order: FIFO delivery follows it (created_at may tie within a transaction).
    seq           bigint           GENERATED ALWAYS AS IDENTITY UNIQUE,
    created_at    timestamptz      NOT NULL DEFAULT now(),
    symbol        text             NOT NULL CHECK (symbol ~ '^[A-Za-z0-9._#+!-]{1,32}$'),
    timeframe     text             NOT NULL CHECK (timeframe IN ('M1','M5','M15','M30','H1','H4','D1','W1','MN1')),
    bar_ts        timestamptz,
    side          text             NOT NULL CHECK (side IN ('BUY','SELL','CLOSE')),
    confidence    double precision CHECK (confidence BETWEEN 0 AND 1),
    prob_up       double precision CHECK (prob_up BETWEEN 0 AND 1),
    model_version text,
    lots          double precision CHECK (lots > 0),
    sl_pips       double precision CHECK (sl_pips >= 0),
    tp_pips       double precision CHECK (tp_pips >= 0),
    ttl_sec       integer          NOT NULL CHECK (ttl_sec > 0),
    expires_at    timestamptz      NOT NULL,
    account_id    text             CHECK (length(account_id) BETWEEN 1 AND 64),
    meta          jsonb            NOT NULL DEFAULT '{}'::jsonb,
    status        text             NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE','CANCELLED','EXPIRED')),
    status_at     timestamptz,
    -- A bar never produces a second signal, whatever the model. Manual signals without bar_ts are
    -- unconstrained (NULLs are distinct).
    CONSTRAINT signals_one_per_bar UNIQUE (symbol, timeframe, bar_ts)
);
-- The poll scans live signals in FIFO order; the partial index stays as small as the live set.
CREATE INDEX signals_active_fifo ON signals (seq) WHERE status = 'ACTIVE';
CREATE INDEX signals_active_expiry ON signals (expires_at) WHERE status = 'ACTIVE';
CREATE INDEX signals_series_seq ON signals (symbol, timeframe, seq);
CREATE INDEX signals_created_at ON signals (created_at);

CREATE TABLE signal_deliveries (
    -- No foreign key: every account's claim of a broadcast signal would take a KEY SHARE lock on
    -- the same signals row (a multixact per claim). Deliveries are only created from live signals
    -- and the retention job deletes them with their signal.
    signal_id          uuid             NOT NULL,
    account_id         text             NOT NULL CHECK (length(account_id) BETWEEN 1 AND 64),
    -- The signal's seq, so that a poll finds what an account already has by one index range.
    signal_seq         bigint           NOT NULL,
    status             text             NOT NULL CHECK (status IN ('CLAIMED','FILLED','REJECTED','SKIPPED','EXPIRED')),
    delivery_attempt   integer          NOT NULL DEFAULT 1 CHECK (delivery_attempt >= 1),
    first_delivered_at timestamptz      NOT NULL,
    claimed_at         timestamptz      NOT NULL,
    lease_until        timestamptz      NOT NULL,
    -- The first ack, kept verbatim so that a repeated ack answers the identical body.
    acked_at           timestamptz,
    mt5_ticket         bigint           CHECK (mt5_ticket >= 0),
    price              double precision,
    ts_exec            timestamptz,
    message            text,
    PRIMARY KEY (signal_id, account_id)
);
-- What an account already has, from the oldest live signal on (an index-only range per poll).
CREATE INDEX signal_deliveries_account_seq ON signal_deliveries (account_id, signal_seq);
-- Unacked deliveries: per account for redelivery after the lease; all of them for the expiry sweep.
CREATE INDEX signal_deliveries_leases ON signal_deliveries (account_id, lease_until) WHERE status = 'CLAIMED';

-- Kill switch. A row pauses delivery of what it names: an account (account_id), a symbol (symbol),
-- a symbol on one account (both), or everything (neither).
CREATE TABLE trading_pauses (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id  text        CHECK (length(account_id) BETWEEN 1 AND 64),
    symbol      text        CHECK (symbol ~ '^[A-Za-z0-9._#+!-]{1,32}$'),
    paused_at   timestamptz NOT NULL DEFAULT now(),
    paused_by   text        NOT NULL,
    -- Set by an admin key: only an admin may lift it.
    by_admin    boolean     NOT NULL,
    reason      text,
    CONSTRAINT trading_pauses_scope UNIQUE NULLS NOT DISTINCT (account_id, symbol)
);
