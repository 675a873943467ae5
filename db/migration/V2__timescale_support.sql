-- TimescaleDB is optional: this function turns the time-series tables into hypertables with
-- compression and retention when the extension can be installed, and does nothing otherwise.
-- The application calls it at every start-up, so installing the extension later takes effect.
CREATE OR REPLACE FUNCTION mt5db_apply_timescale(compress_after interval, candle_retention interval)
RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb') THEN
        RETURN 'timescaledb not available';
    END IF;
    EXECUTE 'CREATE EXTENSION IF NOT EXISTS timescaledb';
    EXECUTE 'SELECT create_hypertable(''candles'', ''ts'', chunk_time_interval => INTERVAL ''7 days'','
         || ' if_not_exists => TRUE, migrate_data => TRUE)';
    EXECUTE 'SELECT create_hypertable(''ticks'', ''ts'', chunk_time_interval => INTERVAL ''1 day'','
         || ' if_not_exists => TRUE, migrate_data => TRUE)';
    EXECUTE 'ALTER TABLE candles SET (timescaledb.compress, timescaledb.compress_segmentby = ''symbol, timeframe'')';
    EXECUTE format('SELECT add_compression_policy(''candles'', %L::interval, if_not_exists => TRUE)', compress_after);
    EXECUTE format('SELECT add_retention_policy(''candles'', %L::interval, if_not_exists => TRUE)', candle_retention);
    RETURN 'timescaledb applied';
END;
$$;
