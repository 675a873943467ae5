-- Trade log from the EAs: deal/order events, idempotent on (account_id, ticket, event).
CREATE TABLE trade_events (
    id          bigint           GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id  text             NOT NULL CHECK (length(account_id) BETWEEN 1 AND 64),
    ticket      bigint           NOT NULL CHECK (ticket >= 0),
    event       text             NOT NULL CHECK (event IN ('OPEN','CLOSE','MODIFY','FEEDBACK')),
    symbol      text             CHECK (symbol ~ '^[A-Za-z0-9._#+!-]{1,32}$'),
    side        text             CHECK (side IN ('BUY','SELL')),
    volume      double precision,
    price       double precision,
    sl          double precision,
    tp          double precision,
    profit      double precision,
    commission  double precision,
    swap        double precision,
    slippage    double precision,
    ts          timestamptz      NOT NULL,
    -- No foreign key: the trade log outlives signals removed by retention.
    signal_id   uuid,
    status      text,
    message     text,
    received_at timestamptz      NOT NULL DEFAULT now(),
    CONSTRAINT trade_events_identity UNIQUE (account_id, ticket, event)
);
CREATE INDEX trade_events_account_ts ON trade_events (account_id, ts, id);
CREATE INDEX trade_events_ts ON trade_events (ts, id);
CREATE INDEX trade_events_signal ON trade_events (signal_id) WHERE signal_id IS NOT NULL;
