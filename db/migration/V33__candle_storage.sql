-- Storage per M1 row (bench/storage.sh; bench/results/storage-2026-12-07-*.json and .plans.txt).
--
-- On TimescaleDB, create_hypertable gave candles a second index, candles_ts_idx (ts DESC), on every
-- chunk: 17 bytes per uncompressed row (213 B/row against 196 on plain PostgreSQL). No read path
-- uses it: every query of candles (ingest's ON CONFLICT, GET /candles and /candles/latest, series
-- bounds, indicators, ML bars, the Grafana panels) filters symbol, timeframe and a ts range, which is
-- the primary key, and a ts-only filter is served by chunk exclusion. It is dropped here, and
-- mt5db_apply_timescale (R__mt5db_apply_timescale.sql) no longer creates it for a new hypertable.
--
-- The compression settings become explicit in R__mt5db_apply_timescale.sql (segmentby symbol, timeframe; orderby ts DESC: what
-- TimescaleDB chose by default, and within 0.1 B/row of every other order the bench tried). They
-- apply to chunks compressed from now on; already compressed chunks keep theirs.
DO $$
BEGIN
    IF to_regclass('public.candles_ts_idx') IS NOT NULL THEN
        DROP INDEX public.candles_ts_idx;
    END IF;
END;
$$;
