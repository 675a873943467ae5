#!/usr/bin/env bash
# Aggregation bench: (1) freshness — how soon a posted tick shows in its M1 candle and every roll-up
# under sustained tick ingest (default 20,000 ticks/s for 60 s); (2) catch-up — 1,000,000 ticks across
# 10 symbols loaded with the jobs off, then the time until a process with the jobs on has aggregated
# and rolled up all of it. Writes bench/results/aggregation-<date>.json.
# Knobs (env): FRESH_RATE, FRESH_SECONDS, FRESH_SYMBOLS, CATCHUP_TICKS, CATCHUP_SYMBOLS.
. "$(dirname "$0")/lib.sh"

bench_build
export BENCH_STATE="$WORK_DIR/aggregation-state.properties"
rm -f "$BENCH_STATE"

echo "== freshness"
bench_start_app aggregation-fresh
bench_run AggregationBench freshness
bench_stop_app

echo "== catch-up: load with the jobs off"
export MT5DB_AGGREGATION_ENABLED=false
bench_start_app aggregation-catchup
bench_run AggregationBench load
bench_stop_app

echo "== catch-up: restart with the jobs on"
export MT5DB_AGGREGATION_ENABLED=true
CATCHUP_START_MS="$(date +%s%3N)"
export CATCHUP_START_MS
BENCH_KEEP_DATA=true bench_start_app aggregation-catchup
bench_run AggregationBench catchup
bench_stop_app
