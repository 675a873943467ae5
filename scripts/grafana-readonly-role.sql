-- Grafana's read-only database role for the "MT5 Trading DB / Market data" dashboard
-- (observability/grafana/provisioning/datasources/postgres.yml connects as mt5db_grafana).
-- Run once after the app has migrated the schema, as a role with CREATEROLE (or the superuser),
-- connected to the app's database; run again after an upgrade (idempotent):
--   psql "postgresql://admin@db-host:5432/mt5db" -v ON_ERROR_STOP=1 \
--     -v password="$GRAFANA_DB_PASSWORD" -f scripts/grafana-readonly-role.sql
-- docker compose:  docker compose exec -T db psql -U mt5db -d mt5db -v ON_ERROR_STOP=1 \
--     -v password="$GRAFANA_DB_PASSWORD" -f - < scripts/grafana-readonly-role.sql
-- The role may read the market data tables only (no keys, audit log, signals or accounts), every
-- transaction is read-only and a statement stops after 10 s. The SELECT grants are exactly what
-- the dashboard's queries need: GrafanaPanelSqlTest runs every panel under this role.
-- Not a Flyway migration: the app's own user usually lacks CREATEROLE.
SELECT format('CREATE ROLE mt5db_grafana LOGIN PASSWORD %L', :'password')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'mt5db_grafana') \gexec
SELECT format('ALTER ROLE mt5db_grafana LOGIN PASSWORD %L', :'password') \gexec
ALTER ROLE mt5db_grafana SET default_transaction_read_only = on;
ALTER ROLE mt5db_grafana SET statement_timeout = '10s';
ALTER ROLE mt5db_grafana CONNECTION LIMIT 10;
SELECT format('GRANT CONNECT ON DATABASE %I TO mt5db_grafana', current_database()) \gexec
GRANT USAGE ON SCHEMA public TO mt5db_grafana;
GRANT SELECT ON candles, candle_counts, candle_count_deltas, symbols TO mt5db_grafana;
