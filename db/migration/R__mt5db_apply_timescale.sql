-- Repeatable (Flyway runs it after the versioned migrations, and again whenever this file changes):
-- the one definition of mt5db_apply_timescale from V5 on (V33's storage settings: no default ts index on
-- candles, explicit compression segmentby/orderby). TimescaleSetup calls it at every start; on plain
-- PostgreSQL it answers 'timescaledb not available' and does nothing. Change the policies here, not in a
-- new versioned copy (db/README.md).
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
