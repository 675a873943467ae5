-- Storage per M1 row (bench/storage.sh; bench/results/storage-2026-12-07-*.json and .plans.txt).
--
-- On TimescaleDB, create_hypertable gave candles a second index, candles_ts_idx (ts DESC), on every
-- chunk: 17 bytes per uncompressed row (213 B/row against 196 on plain PostgreSQL). No read path
-- uses it: every query of candles (ingest's ON CONFLICT, GET /candles and /candles/latest, series
-- bounds, indicators, ML bars, the Grafana panels) filters symbol, timeframe and a ts range, which is
-- the primary key, and a ts-only filter is served by chunk exclusion. It is dropped here, and
-- mt5db_apply_timescale no longer creates it for a new hypertable.
--
-- The compression settings become explicit (segmentby symbol, timeframe; orderby ts DESC: what
-- TimescaleDB chose by default, and within 0.1 B/row of every other order the bench tried). They
-- apply to chunks compressed from now on; already compressed chunks keep theirs.
DO $$
BEGIN
    IF to_regclass('public.candles_ts_idx') IS NOT NULL THEN
        DROP INDEX public.candles_ts_idx;
    END IF;
END;
$$;

CREATE OR REPLACE FUNCTION mt5db_apply_timescale(compress_after interval, candle_retention interval)
RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb') THEN
        RETURN 'timescaledb not available';
    END IF;
    EXECUTE 'CREATE EXTENSION IF NOT EXISTS timescaledb';
    -- No default ts index on candles (see V33): the primary key serves every read.
    EXECUTE 'SELECT create_hypertable(''candles'', ''ts'', chunk_time_interval => INTERVAL ''7 days'','
         || ' if_not_exists => TRUE, migrate_data => TRUE, create_default_indexes => FALSE)';
    EXECUTE 'SELECT create_hypertable(''ticks'', ''ts'', chunk_time_interval => INTERVAL ''1 day'','
         || ' if_not_exists => TRUE, migrate_data => TRUE)';
    EXECUTE 'ALTER TABLE candles SET (timescaledb.compress, timescaledb.compress_segmentby = ''symbol, timeframe'','
         || ' timescaledb.compress_orderby = ''ts DESC'')';
    EXECUTE 'SELECT remove_compression_policy(''candles'', if_exists => TRUE)';
    EXECUTE format('SELECT add_compression_policy(''candles'', %L::interval)', compress_after);
    EXECUTE 'SELECT remove_retention_policy(''candles'', if_exists => TRUE)';
    EXECUTE format('SELECT add_retention_policy(''candles'', %L::interval)', candle_retention);
    RETURN 'timescaledb applied';
END;
$$;
