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
export BENCH_IDLE_SECONDS="$IDLE_SECONDS"
# The launch options bench/README.md recommends; the throughput run uses them too.
SMALL_HEAP="-XX:+UseSerialGC -Xmx128m"
export BENCH_RECOMMENDED_VARIANT="${BENCH_RECOMMENDED_VARIANT:-aot-serial-128m}"

bench_build

# measure_start VARIANT OPTIONS: a start on the already initialised database, a warm-up, a few
# seconds idle, then the JVM's RSS and PostgreSQL's PSS; one line of $STARTUP_TSV.
measure_start() {
  local variant="$1" opts="$2"
  BENCH_KEEP_DATA=true BENCH_JVM_OPTS="${opts:- }" bench_start_app ingest-startup
  local ready="$APP_READY_MS"
  bench_run IngestBench warmup > "$WORK_DIR/ingest-warmup-$variant.log"
  sleep "$IDLE_SECONDS"
  local memory
  memory="$(bench_run IngestBench memory)"
  bench_stop_app
  printf '%s\t%s\t%s\t%s\n' "$variant" "${opts:-(none)}" "$ready" "$memory" >> "$STARTUP_TSV"
  echo "[ingest-bench] start-up $variant: first 200 after $ready ms; RSS/PSS kB: $memory"
}

: > "$STARTUP_TSV"
if [ "${BENCH_SKIP_STARTUP:-false}" != "true" ]; then
  # The first start initialises the embedded database; every measured start reuses it.
  BENCH_JVM_OPTS=" " bench_start_app ingest-startup
  bench_stop_app
  measure_start default ""
  measure_start serial-128m "$SMALL_HEAP"
  measure_start c1-serial-128m "$SMALL_HEAP -XX:TieredStopAtLevel=1"
  if "$(bench_java)" -XX:AOTCacheOutput=/dev/null -version > /dev/null 2>&1; then
    # Training run: the cache is written when the JVM exits cleanly after the warm-up.
    rm -f "$AOT_CACHE"
    BENCH_KEEP_DATA=true BENCH_JVM_OPTS="$SMALL_HEAP -XX:AOTCacheOutput=$AOT_CACHE" bench_start_app ingest-startup
    bench_run IngestBench warmup > "$WORK_DIR/ingest-warmup-aot-training.log"
    bench_stop_app
    measure_start aot-serial-128m "$SMALL_HEAP -XX:AOTCache=$AOT_CACHE"
    measure_start aot-c1-serial-128m "$SMALL_HEAP -XX:TieredStopAtLevel=1 -XX:AOTCache=$AOT_CACHE"
  fi
fi

# Throughput on a fresh data directory, with the recommended options.
RUN_OPTS="$SMALL_HEAP"
if [ -f "$AOT_CACHE" ]; then RUN_OPTS="$RUN_OPTS -XX:AOTCache=$AOT_CACHE"; fi
BENCH_JVM_OPTS="${BENCH_APP_JVM_OPTS:-$RUN_OPTS}" bench_start_app ingest
BENCH_STARTUP_TSV="$STARTUP_TSV" BENCH_RESULTS_DIR="${BENCH_RESULTS_DIR:-$RESULTS_DIR}" bench_run IngestBench run
