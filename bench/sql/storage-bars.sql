-- :rows realistic M1 bars into candles, in arrival order (every minute, each symbol's bar of the
-- minute before): ten MT5 symbols with their own digits (5 for FX majors, 3 for JPY crosses, 2 for
-- gold), a random walk of closes, open = previous close, high/low a few points outside, tick volume
-- and spread in points as the EA sends them, received_at about a minute after the bar opened.
-- Fixed seed: every run stores the same bars.
SELECT setseed(0.42);
WITH symbols(symbol, digits, base, step_points) AS (
    VALUES ('EURUSD', 5, 1.08500, 12), ('GBPUSD', 5, 1.27000, 15), ('AUDUSD', 5, 0.66000, 10),
           ('USDCHF', 5, 0.88000, 11), ('USDCAD', 5, 1.36000, 11), ('NZDUSD', 5, 0.61000, 10),
           ('EURGBP', 5, 0.85500, 7),  ('USDJPY', 3, 151.000, 14), ('EURJPY', 3, 163.000, 16),
           ('XAUUSD', 2, 2350.00, 60)
), minutes AS (
    SELECT i, timestamptz '2024-01-01 00:00:00+00' + i * interval '1 minute' AS ts
      FROM generate_series(0, (:rows / 10) - 1) i
), walk AS (
    SELECT s.symbol, s.digits, m.i, m.ts, power(10, -s.digits) AS point,
           s.base + power(10, -s.digits) * sum(round((random() + random() + random() - 1.5) * s.step_points))
               OVER (PARTITION BY s.symbol ORDER BY m.i) AS close
      FROM symbols s CROSS JOIN minutes m
), bars AS (
    SELECT symbol, digits, ts, point, close,
           coalesce(lag(close) OVER (PARTITION BY symbol ORDER BY ts), close) AS open
      FROM walk
)
INSERT INTO candles (symbol, timeframe, ts, open, high, low, close, volume, spread, source, received_at)
SELECT symbol, 'M1', ts,
       round(open::numeric, digits)::float8,
       round((greatest(open, close) + point * floor(random() * 6))::numeric, digits)::float8,
       round((least(open, close) - point * floor(random() * 6))::numeric, digits)::float8,
       round(close::numeric, digits)::float8,
       20 + floor(random() * 300)::int8,
       floor(random() * 15)::float8,
       'ea',
       ts + interval '60 seconds' + random() * interval '2 seconds'
  FROM bars
 ORDER BY ts, symbol;
