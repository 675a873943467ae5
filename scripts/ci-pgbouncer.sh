#!/usr/bin/env bash
# CI: the app through PgBouncer in transaction pooling (Debian's pgbouncer 1.18), as docs/roles.md and
# docs/runbook.md (section 11) promise: ingest and every job (tick aggregation, roll-ups, retention,
# indicators, signal expiry and retention, ML inference) run the database-facing tests with all
# application traffic through PgBouncer and Flyway connected directly to PostgreSQL.
# A throw-away PostgreSQL 15 cluster (pg_createcluster, trust on 127.0.0.1) is the upstream; it and
# PgBouncer are removed afterwards. Installs pgbouncer and postgresql-15 with apt-get when missing.
# Fails when a test fails or when PgBouncer saw no transactions (the tests must really have used it).
# Usage: scripts/ci-pgbouncer.sh   (env: PG_PORT 55433, PGBOUNCER_PORT 56432, MT5DB_PGBOUNCER_TESTS)
set -euo pipefail
cd "$(dirname "$0")/.."

PG_PORT="${PG_PORT:-55433}"
PGBOUNCER_PORT="${PGBOUNCER_PORT:-56432}"
CLUSTER="mt5db_pgbouncer_ci"
DATABASE="mt5db_ci"
TESTS="${MT5DB_PGBOUNCER_TESTS:-CandleIngestTest,TickIngestTest,TickAggregatorJobTest,RollupJobTest,MultiWorkerAggregationTest,AggregationRobustnessTest,IndicatorJobTest,SignalResourceTest,SignalConcurrencyTest,InferenceJobTest}"

missing=()
command -v pgbouncer > /dev/null 2>&1 || missing+=(pgbouncer)
[ -x /usr/lib/postgresql/15/bin/postgres ] || missing+=(postgresql-15)
command -v pg_createcluster > /dev/null 2>&1 || missing+=(postgresql-common)
if [ "${#missing[@]}" -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null
fi
pgbouncer --version | head -1

work="$(mktemp -d)"
chown postgres "$work"
cleanup() {
  if [ -f "$work/pgbouncer.pid" ]; then
    kill "$(cat "$work/pgbouncer.pid")" 2> /dev/null || true
  fi
  pg_dropcluster --stop 15 "$CLUSTER" 2> /dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

pg_dropcluster --stop 15 "$CLUSTER" 2> /dev/null || true
pg_createcluster 15 "$CLUSTER" -p "$PG_PORT" -- --auth-local=trust --auth-host=trust > /dev/null
pg_ctlcluster --skip-systemctl-redirect 15 "$CLUSTER" start -- -o "-c max_connections=100 -c listen_addresses=127.0.0.1"
psql -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -c "CREATE DATABASE $DATABASE"

# The settings of docs/runbook.md section 11; pool sizes as a small production.
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
pgbouncer -d -u postgres "$work/pgbouncer.ini"
for _ in $(seq 1 50); do
  psql -q -h 127.0.0.1 -p "$PGBOUNCER_PORT" -U postgres -d "$DATABASE" -c 'SELECT 1' > /dev/null 2>&1 && break
  sleep 0.2
done

status=0
MT5DB_TEST_JDBC_URL="jdbc:postgresql://127.0.0.1:$PGBOUNCER_PORT/$DATABASE?user=postgres&prepareThreshold=0" \
MT5DB_TEST_FLYWAY_JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/$DATABASE?user=postgres" \
  ./mvnw -B ${MAVEN_OFFLINE:-} test -DquarkusRegistryClient=false -Dsurefire.failIfNoSpecifiedTests=false \
  -Dtest="$TESTS" || status=$?

# The application's statements went through PgBouncer: its counters for the database are not zero.
transactions="$(psql -At -h 127.0.0.1 -p "$PGBOUNCER_PORT" -U postgres -d pgbouncer -c 'SHOW STATS' \
  | awk -F'|' -v db="$DATABASE" '$1 == db { print $2 }')"
echo "PgBouncer: ${transactions:-0} transactions for $DATABASE"
if [ "${transactions:-0}" -lt 100 ]; then
  echo "PgBouncer run: the tests did not go through PgBouncer" >&2
  status=1
fi
if [ "$status" -ne 0 ]; then
  tail -n 30 "$work/pgbouncer.log" >&2 || true
fi
exit "$status"
