#!/usr/bin/env bash
# Runs once, when the compose database is first initialised (/docker-entrypoint-initdb.d): enables
# pg_stat_statements (preloaded by the db service's command) and creates the login role of
# postgres_exporter, a member of pg_monitor (reads statistics, no table data).
# An existing database: run the same statements by hand (docs/runbook.md, Mt5dbSlowQueries).
set -euo pipefail
psql -v ON_ERROR_STOP=1 -v password="${POSTGRES_MONITOR_PASSWORD:?}" --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'SQL'
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
SELECT format('CREATE ROLE mt5db_monitor LOGIN PASSWORD %L', :'password')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'mt5db_monitor') \gexec
GRANT pg_monitor TO mt5db_monitor;
SQL
