#!/usr/bin/env bash
# CI: the app through PgBouncer in transaction pooling (Debian's pgbouncer 1.18), as docs/roles.md and
# docs/runbook.md (section 11) promise: ingest and every job (tick aggregation, roll-ups, tick
# retention, indicators, signal expiry and retention, ML inference) run their database-facing tests
# with all application traffic through PgBouncer and Flyway connected directly to PostgreSQL.
# Upstream: the PostgreSQL 15 at 127.0.0.1:PG_PORT (trust auth); when none answers there, a throw-away
# cluster (scripts/ci-cluster.sh) is started and removed afterwards. Installs pgbouncer with apt-get
# when missing. Fails when a test fails or when PgBouncer saw (almost) no transactions (the full set makes thousands).
# Usage: scripts/ci-pgbouncer.sh   (env: PG_PORT 55491, PGBOUNCER_PORT 56491, MT5DB_PGBOUNCER_TESTS,
#        MAVEN_ARGS e.g. -o)
set -euo pipefail
cd "$(dirname "$0")/.."

PG_PORT="${PG_PORT:-55491}"
PGBOUNCER_PORT="${PGBOUNCER_PORT:-56491}"
DATABASE="mt5db_pgbouncer_$$"
TESTS="${MT5DB_PGBOUNCER_TESTS:-CandleIngestTest,TickIngestTest,TickAggregatorJobTest,RollupJobTest,AggregationRobustnessTest,IndicatorJobTest,SignalResourceTest,SignalConcurrencyTest,InferenceJobTest}"

if ! command -v pgbouncer > /dev/null 2>&1; then
  apt-get update -qq > /dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends pgbouncer > /dev/null
fi
pgbouncer --version | head -1

own_cluster=false
if ! psql -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -c 'SELECT 1' > /dev/null 2>&1; then
  CI_PG_PORT="$PG_PORT" scripts/ci-cluster.sh up > /dev/null
  own_cluster=true
fi
work="$(mktemp -d)"
chown postgres "$work"
cleanup() {
  if [ -f "$work/pgbouncer.pid" ]; then
    kill "$(cat "$work/pgbouncer.pid")" 2> /dev/null || true
    sleep 0.5
  fi
  psql -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -c "DROP DATABASE IF EXISTS $DATABASE" > /dev/null 2>&1 || true
  if $own_cluster; then CI_PG_PORT="$PG_PORT" scripts/ci-cluster.sh down; fi
  rm -rf "$work"
}
trap cleanup EXIT
psql -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -c "CREATE DATABASE $DATABASE"

# The settings of docs/runbook.md section 11. PgBouncer 1.18 has no prepared-statement support in
# transaction pooling: the app's URL carries prepareThreshold=0.
cat > "$work/pgbouncer.ini" <<INI
[databases]
$DATABASE = host=127.0.0.1 port=$PG_PORT dbname=$DATABASE

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $PGBOUNCER_PORT
unix_socket_dir =
auth_type = trust
auth_file = $work/userlist.txt
admin_users = postgres
pool_mode = transaction
max_client_conn = 200
default_pool_size = 20
ignore_startup_parameters = extra_float_digits
logfile = $work/pgbouncer.log
pidfile = $work/pgbouncer.pid
INI
echo '"postgres" ""' > "$work/userlist.txt"
chown postgres "$work"/*
# PgBouncer refuses to run as root: -u drops to the postgres user.
pgbouncer -d -u postgres "$work/pgbouncer.ini"
for _ in $(seq 1 50); do
  psql -q -h 127.0.0.1 -p "$PGBOUNCER_PORT" -U postgres -d "$DATABASE" -c 'SELECT 1' > /dev/null 2>&1 && break
  sleep 0.2
done

status=0
# shellcheck disable=SC2086 # MAVEN_ARGS is a list of options
MT5DB_TEST_JDBC_URL="jdbc:postgresql://127.0.0.1:$PGBOUNCER_PORT/$DATABASE?user=postgres&prepareThreshold=0" \
MT5DB_TEST_FLYWAY_JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/$DATABASE?user=postgres" \
  ./mvnw -B ${MAVEN_ARGS:-} test -DquarkusRegistryClient=false -Dsurefire.failIfNoSpecifiedTests=false \
  -Dtest="$TESTS" || status=$?

# The application's statements went through PgBouncer: its counters for the database are not zero.
transactions="$(psql -At -h 127.0.0.1 -p "$PGBOUNCER_PORT" -U postgres -d pgbouncer -c 'SHOW STATS' \
  | awk -F'|' -v db="$DATABASE" '$1 == db { print $2 }')"
echo "PgBouncer: ${transactions:-0} transactions for $DATABASE"
if [ "${transactions:-0}" -lt 20 ]; then
  echo "PgBouncer run: the tests did not go through PgBouncer" >&2
  status=1
fi
if [ "$status" -ne 0 ]; then
  tail -n 30 "$work/pgbouncer.log" >&2 || true
fi
exit "$status"
