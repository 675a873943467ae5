#!/usr/bin/env bash
# Round trip test of backup.sh and restore.sh against real PostgreSQL servers.
#
# 1. External database: a scratch database on a local PostgreSQL 15 (TEST_PG_URL, default
#    postgresql://postgres@127.0.0.1:5432/postgres, trust authentication) gets tables, a view, a
#    sequence and rows; it is backed up three times with --keep 2, dropped, and restored into a new
#    empty database; row counts and content checksums must match, retention must leave 2 backups,
#    and restore must refuse a non-empty target and a run without --yes.
# 2. With --with-app: the packaged app (target/quarkus-app/quarkus-run.jar) runs on its embedded
#    PostgreSQL, receives candles over HTTP, is backed up with --embedded, stopped, restored into a
#    new data directory with --embedded, started again, and must serve the same candles.
#    Needs the PostgreSQL 15 server binaries (PG_BINDIR) and curl; as root it runs the app and the
#    restore as user nobody (PostgreSQL refuses root).
# Prints "N passed, N failed" and exits non-zero on any failure.
set -euo pipefail
SCRIPTS="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$SCRIPTS/.." && pwd)"
ADMIN_URL="${TEST_PG_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
WITH_APP=false
[ "${1:-}" = --with-app ] && WITH_APP=true

WORK="$(mktemp -d /tmp/mt5db-backup-test.XXXXXX)"
chmod 755 "$WORK"
SCRATCH="mt5db_backup_test_$$"
RESTORED="${SCRATCH}_restored"
APP_PID=""
passed=0
failed=0

check() {
  local name="$1"; shift
  if "$@"; then
    echo "ok   - $name"; passed=$((passed + 1))
  else
    echo "FAIL - $name"; failed=$((failed + 1))
  fi
}

# refused PATTERN COMMAND...: the command fails and its output says why (PATTERN, an extended regex).
refused() {
  local pattern="$1" out; shift
  if out="$("$@" 2>&1 < /dev/null)"; then
    return 1
  fi
  grep -Eq "$pattern" <<< "$out" || { echo "     unexpected output: $out"; return 1; }
}

sql() {
  psql --no-psqlrc --quiet --tuples-only --no-align -v ON_ERROR_STOP=1 --dbname="$1" -c "$2"
}

db_url() {
  echo "${ADMIN_URL%/*}/$1"
}

cleanup() {
  if [ -n "$APP_PID" ]; then
    kill "$APP_PID" 2> /dev/null || true
    wait "$APP_PID" 2> /dev/null || true
  fi
  sql "$ADMIN_URL" "DROP DATABASE IF EXISTS $SCRATCH" > /dev/null 2>&1 || true
  sql "$ADMIN_URL" "DROP DATABASE IF EXISTS $RESTORED" > /dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

fingerprint() {
  sql "$1" "SELECT (SELECT count(*) FROM candles) || ' ' || (SELECT md5(string_agg(c::text, ',' ORDER BY symbol, ts)) FROM candles c)
            || ' ' || (SELECT count(*) FROM ticks) || ' ' || (SELECT count(*) FROM latest_candle)
            || ' ' || (SELECT last_value FROM ticks_seq_seq)"
}

# ---- 1. external database ------------------------------------------------------------------------
sql "$ADMIN_URL" "CREATE DATABASE $SCRATCH" > /dev/null
sql "$(db_url "$SCRATCH")" "
  CREATE TABLE candles (symbol text, ts timestamptz, open double precision, close double precision, volume bigint,
                        PRIMARY KEY (symbol, ts));
  INSERT INTO candles SELECT 'SYM' || (i % 7), timestamptz '2024-01-01' + i * interval '1 minute', random(), random(), i
    FROM generate_series(1, 20000) i;
  CREATE TABLE ticks (seq bigint GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME ticks_seq_seq), symbol text, bid numeric);
  INSERT INTO ticks (symbol, bid) SELECT 'EURUSD', i / 1000.0 FROM generate_series(1, 5000) i;
  CREATE VIEW latest_candle AS SELECT DISTINCT ON (symbol) * FROM candles ORDER BY symbol, ts DESC;" > /dev/null
before="$(fingerprint "$(db_url "$SCRATCH")")"

for _ in 1 2 3; do
  last="$(MT5DB_BACKUP_METRICS_FILE="$WORK/metrics/backup.prom" \
    "$SCRIPTS/backup.sh" --url "$(db_url "$SCRATCH")" --dir "$WORK/backups" --keep 2 --rsync-to "$WORK/offsite" \
    2> "$WORK/backup.log")"
  sleep 1.1 # backup names have one-second resolution
done
check "the status file records the success, the file and the off-host copy" \
  grep -qx "file=$last" "$WORK/backups/backup.status"
check "the status file says result=success and offsite=ok" \
  bash -c 'grep -qx result=success "$0" && grep -qx offsite=ok "$0"' "$WORK/backups/backup.status"
check "the off-host copy mirrors retention (the same 2 backups and checksums)" \
  diff <(cd "$WORK/backups" && ls mt5db-*) <(cd "$WORK/offsite" && ls)
"$SCRIPTS/backup.sh" --url "$(db_url "$SCRATCH")" --dir "$WORK/backups" --keep 2 --rsync-to "$WORK/no/such/dir/x" \
  > /dev/null 2>&1 && rsync_rc=0 || rsync_rc=$?
check "a failed off-host copy exits 3 and is recorded" \
  bash -c '[ "$0" = 3 ] && grep -qx offsite=failed "$1"' "$rsync_rc" "$WORK/backups/backup.status"
sleep 1.1
last="$(ls "$WORK"/backups/mt5db-*.dump | sort | tail -n 1)"
check "a successful backup reports success for node-exporter's textfile collector" \
  grep -qx 'mt5db_backup_last_run_success 1' "$WORK/metrics/backup.prom"
success_at="$(awk '$1 == "mt5db_backup_last_success_timestamp_seconds" {print $2}' "$WORK/metrics/backup.prom")"
MT5DB_BACKUP_METRICS_FILE="$WORK/metrics/backup.prom" "$SCRIPTS/backup.sh" --url "postgresql://nobody@127.0.0.1:1/none" \
  --dir "$WORK/failed" > /dev/null 2>&1 || true
check "a failed backup reports failure and keeps the last success time" \
  grep -qx "mt5db_backup_last_success_timestamp_seconds $success_at" "$WORK/metrics/backup.prom"
check "the failed run is recorded" grep -qx 'mt5db_backup_last_run_success 0' "$WORK/metrics/backup.prom"
check "a failed run's status file says why (and has no success on record in that directory)" \
  bash -c 'grep -qx result=failure "$0" && grep -q "^message=pg_dump: " "$0" && grep -q "^last_success_at=$" "$0"' \
  "$WORK/failed/backup.status"
kept="$(find "$WORK/backups" -name 'mt5db-*.dump' | wc -l)"
check "retention keeps the newest 2 of 3 backups" [ "$kept" -eq 2 ]
check "the newest backup is among them" [ -f "$last" ]
check "a checksum file sits beside the backup" [ -f "$last.sha256" ]
check "backups are readable by their owner only" [ "$(stat -c %a "$last")" = 600 ]

sql "$ADMIN_URL" "DROP DATABASE $SCRATCH" > /dev/null
sql "$ADMIN_URL" "CREATE DATABASE $RESTORED" > /dev/null
check "restore without --yes and without a terminal is refused" \
  refused "refusing to restore without --yes" "$SCRIPTS/restore.sh" --url "$(db_url "$RESTORED")" "$last"
# shellcheck disable=SC2016 # the inner script expands its own arguments
check "restore into the empty database succeeds" \
  bash -c '"$0" --url "$1" --yes "$2" 2> "$3"' "$SCRIPTS/restore.sh" "$(db_url "$RESTORED")" "$last" "$WORK/restore.log"
after="$(fingerprint "$(db_url "$RESTORED")")" || after="(nothing restored)"
check "restored rows, content, view and sequence match the original ($before)" [ "$before" = "$after" ]
check "restore into a non-empty database is refused" \
  refused "is not empty \\([0-9]+ relations\\)" "$SCRIPTS/restore.sh" --url "$(db_url "$RESTORED")" --yes "$last"
cp "$last" "$WORK/bad.dump"
sed "s/ .*/  bad.dump/" "$last.sha256" > "$WORK/bad.dump.sha256"
printf x >> "$WORK/bad.dump"
check "a damaged backup is refused before anything is touched" \
  refused "does not match" "$SCRIPTS/restore.sh" --url "$(db_url "$RESTORED")" --yes "$WORK/bad.dump"

# ---- 2. the app's embedded database --------------------------------------------------------------
if $WITH_APP; then
  JAR="$ROOT/target/quarkus-app/quarkus-run.jar"
  [ -f "$JAR" ] || { echo "build the app first: ./mvnw package -DskipTests"; exit 1; }
  as_app_user=()
  if [ "$(id -u)" -eq 0 ]; then
    as_app_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
    mkdir -p "$WORK/app" && chown 65534:65534 "$WORK/app"
  fi
  PORT="${TEST_APP_PORT:-18093}"
  KEY="backup-test-admin-key-$RANDOM$RANDOM"
  start_app() { # DATA_DIR
    PORT="$PORT" MT5DB_DATA_DIR="$1" ADMIN_API_KEY="$KEY" MT5DB_LOG_JSON=false \
      "${as_app_user[@]}" java -Xmx384m -Dot.epg.working-dir="$WORK/app/epg" -jar "$JAR" > "$1.log" 2>&1 &
    APP_PID=$!
    for _ in $(seq 120); do
      curl -sf "http://127.0.0.1:$PORT/q/health/ready" > /dev/null 2>&1 && return 0
      kill -0 "$APP_PID" 2> /dev/null || break
      sleep 1
    done
    tail -n 30 "$1.log"
    return 1
  }
  stop_app() {
    kill "$APP_PID"; wait "$APP_PID" 2> /dev/null || true; APP_PID=""
  }
  candles() { # prints the candles of BKTEST as JSON
    curl -sf -H "X-API-Key: $KEY" "http://127.0.0.1:$PORT/candles?symbol=BKTEST&timeframe=M1&from=2024-01-01T00:00:00Z&limit=100000"
  }
  "${as_app_user[@]}" mkdir -p "$WORK/app/data1" "$WORK/app/data2" "$WORK/app/backups"
  start_app "$WORK/app/data1"
  body="$(python3 -c 'import json; print(json.dumps({"items": [{"symbol": "BKTEST", "timeframe": "M1",
    "ts": 1704067200 + 60 * i, "open": 1.1, "high": 1.2, "low": 1.0, "close": 1.15, "volume": i} for i in range(500)]}))')"
  curl -sf -H "X-API-Key: $KEY" -H 'Content-Type: application/json' -d "$body" \
    "http://127.0.0.1:$PORT/ingest?details=none" > /dev/null
  original="$(candles)"
  check "the app stored 500 candles" [ "$(grep -o '"ts"' <<< "$original" | wc -l)" -eq 500 ]
  backup="$("${as_app_user[@]}" "$SCRIPTS/backup.sh" --embedded "$WORK/app/data1" --dir "$WORK/app/backups" 2> "$WORK/app/backup.log")"
  check "backup of the running embedded database" [ -f "$backup" ]
  check "restore refuses the data directory of a running app" \
    bash -c '! "$@" > /dev/null 2>&1' _ "${as_app_user[@]}" "$SCRIPTS/restore.sh" --embedded "$WORK/app/data1" --yes "$backup"
  stop_app
  check "restore into a new embedded cluster" \
    bash -c '"$@" 2> "'"$WORK"'/app/restore.log"' _ "${as_app_user[@]}" "$SCRIPTS/restore.sh" --embedded "$WORK/app/data2" --yes "$backup"
  check "the app starts on the restored data directory" start_app "$WORK/app/data2"
  check "the restored app serves the same candles" [ "$(candles)" = "$original" ]
  stop_app
  check "restoring over an existing cluster keeps the old one aside" \
    bash -c '"$@" 2> /dev/null && ls -d "'"$WORK"'"/app/data2/pg.before-restore-* > /dev/null' \
    _ "${as_app_user[@]}" "$SCRIPTS/restore.sh" --embedded "$WORK/app/data2" --yes "$backup"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
