#!/usr/bin/env bash
# Start-up cost of Hibernate ORM Panache (docs/persistence.md): launch to the first 200 of /health
# and Quarkus' own "started in", for this checkout's jar and, with BASE=/path/to/other/checkout
# (built the same way), for that one, alternating runs so both see the same machine load. The
# database is the embedded one, migrated by a warm-up start, so Flyway's first run is not counted.
#   ./mvnw -B -q -DquarkusRegistryClient=false package -DskipTests && RUNS=5 bench/persistence-startup.sh
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "$0")" && pwd)"
. "$BENCH_DIR/lib.sh"
RUNS="${RUNS:-5}"
LABEL="${LABEL:-this}"
BASE_LABEL="${BASE_LABEL:-base}"
OUT="$RESULTS_DIR/persistence-startup-$(date -u +%F).json"

# One start of the jar under $1 (a checkout root); prints "<ready ms> <started in s>".
start_once() {
  local root="$1" name="$2"
  local saved_root="$ROOT"
  ROOT="$root"
  BENCH_KEEP_DATA=true BENCH_JVM_OPTS="${BENCH_JVM_OPTS:--Xmx512m}" bench_start_app "$name" > /dev/null
  local started
  started="$(grep -o 'started in [0-9.]*s' "$WORK_DIR/$name-app.log" | tail -1 | grep -o '[0-9.]*')"
  bench_stop_app
  trap - EXIT
  ROOT="$saved_root"
  echo "$APP_READY_MS ${started:-0}"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

variants=("$LABEL=$ROOT")
[ -n "${BASE:-}" ] && variants+=("$BASE_LABEL=$BASE")
declare -A ready started
for v in "${variants[@]}"; do
  start_once "${v#*=}" "startup-${v%%=*}" > /dev/null   # warm-up: creates and migrates the database
done
for ((i = 1; i <= RUNS; i++)); do
  for v in "${variants[@]}"; do
    read -r ms s < <(start_once "${v#*=}" "startup-${v%%=*}")
    ready[${v%%=*}]+="$ms "
    started[${v%%=*}]+="$s "
    echo "run $i ${v%%=*}: first 200 after ${ms} ms, Quarkus started in ${s} s" >&2
  done
done
{
  echo "{"
  echo "  \"what\": \"launch to first 200 of /health (ms) and Quarkus 'started in' (s), median of $RUNS, embedded PostgreSQL, $(bench_java) ${BENCH_JVM_OPTS:--Xmx512m}\","
  echo "  \"host_load_1min\": \"$(cut -d' ' -f1 /proc/loadavg)\","
  first=true
  for v in "${variants[@]}"; do
    l="${v%%=*}"
    $first || echo ","
    first=false
    printf '  "%s": {"ready_ms_median": %s, "started_s_median": %s, "ready_ms": "%s", "started_s": "%s"}' "$l" \
      "$(tr ' ' '\n' <<< "${ready[$l]}" | grep . | median)" "$(tr ' ' '\n' <<< "${started[$l]}" | grep . | median)" \
      "${ready[$l]% }" "${started[$l]% }"
  done
  echo
  echo "}"
} > "$OUT"
cat "$OUT"
