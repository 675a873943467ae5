-- Indicator values live beside the candles, never inside them: one row per candle that has any
-- value, written by the indicator job. Warm-up cells are NULL, never 0.
CREATE TABLE indicators (
    symbol      text             NOT NULL,
    timeframe   text             NOT NULL,
    ts          timestamptz      NOT NULL,
    rsi         double precision,
    macd        double precision,
    macd_signal double precision,
    macd_hist   double precision,
    atr         double precision,
    bb_upper    double precision,
    bb_middle   double precision,
    bb_lower    double precision,
    computed_at timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (symbol, timeframe, ts)
);

-- The seed's market_data column set, for existing dashboards and scripts.
CREATE VIEW market_data AS
SELECT c.symbol, c.timeframe, c.ts, c.open, c.high, c.low, c.close, c.volume, c.spread,
       i.rsi, i.macd, i.macd_signal, i.macd_hist, i.atr, i.bb_upper, i.bb_middle, i.bb_lower,
       c.received_at AS created_at, c.source
  FROM candles c
  LEFT JOIN indicators i ON i.symbol = c.symbol AND i.timeframe = c.timeframe AND i.ts = c.ts;
