#!/usr/bin/env bash
# The start-up figure README.md states for its first command as written: `java -jar
# target/quarkus-app/quarkus-run.jar` with the default java (JDK 17), the default fast-jar and no JVM
# options or AOT cache. Measures launch to the first 200 of /health, once on an empty data directory
# (unpacks PostgreSQL, initdb, all migrations) and STARTUP_RUNS times (default 3) on the data it left.
# Writes bench/results/startup-DATE.json with the load average beside each start (a shared host's load
# moves these figures more than anything in the app).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
JAR="$ROOT/target/quarkus-app/quarkus-run.jar"
RUNS="${STARTUP_RUNS:-3}"
PORT="${STARTUP_PORT:-18799}"
DATA="$ROOT/target/bench/startup-data"
OUT="$ROOT/bench/results/startup-$(date -u +%F).json"
[ -f "$JAR" ] || (cd "$ROOT" && ./mvnw -B -DquarkusRegistryClient=false package -DskipTests)
if unzip -p "$JAR" META-INF/MANIFEST.MF | grep -q AotQuarkusEntryPoint; then
  echo "target/quarkus-app was built with -Paot; README's command builds the default fast-jar" >&2
  exit 1
fi
rm -rf "$DATA"
mkdir -p "$(dirname "$DATA")" "$ROOT/bench/results"

start_once() {
  local t0 t1 pid
  t0=$(date +%s%N)
  PORT="$PORT" MT5DB_DATA_DIR="$DATA" java -jar "$JAR" > "$DATA.log" 2>&1 &
  pid=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://localhost:$PORT/health" || true)" = 200 ]; do
    kill -0 "$pid" 2>/dev/null || { echo "the app exited; see $DATA.log" >&2; exit 1; }
    sleep 0.05
  done
  t1=$(date +%s%N)
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  printf '{"ms": %d, "load1": %s}' $(( (t1 - t0) / 1000000 )) "$(cut -d' ' -f1 /proc/loadavg)"
}

first=$(start_once)
later=()
for _ in $(seq "$RUNS"); do
  later+=("$(start_once)")
done
java_version=$(java -version 2>&1 | head -n 1 | sed 's/"/\\"/g')
{
  echo "{"
  echo "  \"command\": \"java -jar target/quarkus-app/quarkus-run.jar\","
  echo "  \"java\": \"$java_version\", \"cpus\": $(nproc),"
  echo "  \"first_start_empty_data_dir\": $first,"
  echo "  \"later_starts\": [$(IFS=,; echo "${later[*]}")]"
  echo "}"
} > "$OUT"
cat "$OUT"
