#!/usr/bin/env bash
# Ingest benchmark (issue 3): start-up time and idle memory per JVM option set, then raw COPY vs.
# the no-op route vs. POST /ingest_batch, /ingest and /ingest/tick against the same embedded
# PostgreSQL. Writes bench/results/ingest-DATE.json and prints a summary. See bench/README.md.
#
#   bash bench/ingest.sh                                   # the full run (N = 1,000,000)
#   BENCH_CANDLES=20000 BENCH_TICKS=20000 BENCH_SINGLES=500 bash bench/ingest.sh   # smoke run
. "$(dirname "$0")/lib.sh"

export MT5DB_BENCH_NOOP_ROUTE=true
AOT_CACHE="$WORK_DIR/ingest-app.aot"
STARTUP_TSV="$WORK_DIR/ingest-startup.tsv"
IDLE_SECONDS="${BENCH_IDLE_SECONDS:-5}"
STARTS="${BENCH_STARTS:-3}"
# The idle reading is taken no earlier than this many seconds after the first 200 (and once the JVM
# is idle, see wait_until_idle): HotSpot hands the C2 compiler's cached arena chunks back to malloc
# from a periodic task, every 5 s, and -XX:TrimNativeHeapInterval returns them to the OS after that,
# so a JVM that stopped compiling 1 s ago can still hold up to 17 MB it is about to give back.
IDLE_SETTLE_SECONDS="${BENCH_IDLE_SETTLE_SECONDS:-12}"
export BENCH_IDLE_SECONDS="$IDLE_SECONDS"
# The launch options bench/README.md recommends (variant aot-c1-serial-128m); the throughput run uses them.
SMALL_HEAP="-XX:+UseSerialGC -Xmx128m"
C1_ONLY="-XX:TieredStopAtLevel=1"
# The small-footprint set: a 12 MB young generation, a small code cache and stacks, and an AOT cache
# trained on start-up only (what an idle process has touched is what its RSS counts).
LEAN="$SMALL_HEAP -Xmn12m -XX:ReservedCodeCacheSize=32m -Xss512k $C1_ONLY"
# The same with both JIT tiers, since C2's code is what a busy server runs on, and a 24 MB young
# generation (half the collections of 12 MB under load). Freed compiler memory goes back to the OS
# every second, so that an idle process does not keep it.
LEAN_C2="$SMALL_HEAP -Xmn24m -XX:ReservedCodeCacheSize=64m -Xss512k -XX:TrimNativeHeapInterval=1000"
AOT_LEAN_CACHE="$WORK_DIR/ingest-app-lean.aot"
export BENCH_RECOMMENDED_VARIANT="${BENCH_RECOMMENDED_VARIANT:-aot-lean-c2}"

bench_build

# measure_start VARIANT OPTIONS: a start on the already initialised database; the JVM's RSS 3 s after
# the first 200 and once it is idle (see wait_until_idle), then again idle after a warm-up;
# PostgreSQL's PSS. One line of $STARTUP_TSV.
measure_start() {
  local variant="$1" opts="$2" starts=() i
  # One start is at the mercy of the machine's noise: the first 200 is the median of BENCH_STARTS
  # starts (default 3); the last of them measures the memory.
  for ((i = 1; i < STARTS; i++)); do
    BENCH_KEEP_DATA=true BENCH_JVM_OPTS="${opts:- }" bench_start_app ingest-startup
    starts+=("$APP_READY_MS")
    bench_stop_app
  done
  BENCH_KEEP_DATA=true BENCH_JVM_OPTS="${opts:- }" bench_start_app ingest-startup
  local first_200_at_ms=$(( $(date +%s%N) / 1000000 ))
  starts+=("$APP_READY_MS")
  local ready early idle warm idle_after idle_read_ms
  ready="$(printf '%s\n' "${starts[@]}" | sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}')"
  sleep 3
  early="$(bench_run IngestBench memory | cut -f1)"
  idle_after="$(wait_until_idle "$APP_PID")"
  local settled_ms=$(( first_200_at_ms + IDLE_SETTLE_SECONDS * 1000 - $(date +%s%N) / 1000000 ))
  if [ "$settled_ms" -gt 0 ]; then sleep "$(awk -v ms="$settled_ms" 'BEGIN {printf "%.3f", ms / 1000}')"; fi
  idle_read_ms=$(( $(date +%s%N) / 1000000 - first_200_at_ms ))
  idle="$(bench_run IngestBench memory | cut -f1)"
  BENCH_WARMUP_CANDLES=20000 BENCH_WARMUP_SINGLES=1000 bench_run IngestBench warmup \
    > "$WORK_DIR/ingest-warmup-$variant.log"
  sleep "$IDLE_SECONDS"
  wait_until_idle "$APP_PID" > /dev/null
  warm="$(bench_run IngestBench memory)"
  bench_stop_app
  local all
  all="$(IFS=,; echo "${starts[*]}")"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$variant" "$(shown "$opts")" "$ready" "$idle" "$warm" "$early" \
    "$idle_after" "$all" "$idle_read_ms" >> "$STARTUP_TSV"
  echo "[ingest-bench] start-up $variant: first 200 after $ready ms (median of $all); JVM RSS $((early / 1024)) MB 3 s later," \
    "idle $((idle / 1024)) MB (idle after $idle_after s, read $idle_read_ms ms after the first 200), after warm-up $(( $(echo "$warm" | cut -f1) / 1024 )) MB"
}

# wait_until_idle PID: waits until the JVM used at most 2 % of a core over one second (a JIT
# compiler still at work on start-up code is not idle, and its arenas are not yet trimmed), at
# most 30 s; prints the seconds waited.
wait_until_idle() {
  local pid="$1" waited=0 before after
  local ticks_per_second
  ticks_per_second="$(getconf CLK_TCK)"
  while [ "$waited" -lt 30 ]; do
    before="$(awk '{print $14 + $15}' "/proc/$pid/stat")"
    sleep 1
    waited=$((waited + 1))
    after="$(awk '{print $14 + $15}' "/proc/$pid/stat")"
    if [ $(( (after - before) * 100 )) -le $((2 * ticks_per_second)) ]; then
      break
    fi
  done
  echo "$waited"
}

shown() {
  local opts="${1:-(none)}"
  opts="${opts//$AOT_LEAN_CACHE/app-lean.aot}"
  echo "${opts//$AOT_CACHE/app.aot}"
}

: > "$STARTUP_TSV"
if [ "${BENCH_SKIP_STARTUP:-false}" != "true" ]; then
  # The first start initialises the embedded database; every measured start reuses it.
  BENCH_JVM_OPTS=" " bench_start_app ingest-startup
  bench_stop_app
  measure_start default ""
  measure_start serial-128m "$SMALL_HEAP"
  measure_start c1-serial-128m "$SMALL_HEAP $C1_ONLY"
  if "$(bench_java)" -XX:AOTCacheOutput=/dev/null -version > /dev/null 2>&1; then
    # Training run: the cache is written when the JVM exits cleanly after the warm-up.
    rm -f "$AOT_CACHE"
    BENCH_KEEP_DATA=true BENCH_JVM_OPTS="$SMALL_HEAP -XX:AOTCacheOutput=$AOT_CACHE" bench_start_app ingest-startup
    BENCH_WARMUP_CANDLES=20000 BENCH_WARMUP_SINGLES=1000 bench_run IngestBench warmup \
      > "$WORK_DIR/ingest-warmup-aot-training.log"
    bench_stop_app
    measure_start aot-serial-128m "$SMALL_HEAP -XX:AOTCache=$AOT_CACHE"
    measure_start aot-c1-serial-128m "$SMALL_HEAP $C1_ONLY -XX:AOTCache=$AOT_CACHE"
    rm -f "$AOT_LEAN_CACHE"
    BENCH_KEEP_DATA=true BENCH_JVM_OPTS="$SMALL_HEAP -XX:AOTCacheOutput=$AOT_LEAN_CACHE" bench_start_app ingest-startup
    curl -sf -o /dev/null "$APP_URL/health"
    curl -sf -o /dev/null -H "X-API-Key: $ADMIN_KEY" "$APP_URL/symbols"
    bench_stop_app
    measure_start lean "$LEAN"
    measure_start aot-lean "$LEAN -XX:AOTCache=$AOT_LEAN_CACHE"
    measure_start lean-c2 "$LEAN_C2"
    measure_start aot-lean-c2 "$LEAN_C2 -XX:AOTCache=$AOT_LEAN_CACHE"
  fi
fi

# Throughput on a fresh data directory, with the recommended options aot-lean-c2 (without the AOT
# cache when this JDK cannot make one). The run warms up first (BENCH_WARMUP_CANDLES, default
# 500,000, and BENCH_WARMUP_SINGLES, 10,000), so that its phases measure C2's code, as on a server
# that has run for a while, not the compiler at work.
RUN_OPTS="$LEAN_C2"
if [ -f "$AOT_LEAN_CACHE" ]; then RUN_OPTS="$RUN_OPTS -XX:AOTCache=$AOT_LEAN_CACHE"; fi
BENCH_JVM_OPTS="${BENCH_APP_JVM_OPTS:-$RUN_OPTS}" bench_start_app ingest
APP_JVM_OPTIONS="$(shown "$APP_JVM_OPTIONS")" BENCH_STARTUP_TSV="$STARTUP_TSV" \
  BENCH_RESULTS_DIR="${BENCH_RESULTS_DIR:-$RESULTS_DIR}" bench_run IngestBench run
