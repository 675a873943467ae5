#!/usr/bin/env bash
# Indicator benchmark (issue 5): (1) full recompute of 1,000,000 M1 bars of one symbol, loaded by
# COPY straight into candles and queued in series_changes, timed until the job has written the last
# bar's indicators; (2) freshness: a new M1 candle per symbol every second over 5 symbols while
# 20,000 ticks/s are posted to /ingest/tick, timed from the POST until GET /candles?indicators=true
# shows its indicators. Writes bench/results/indicators-DATE.json.
#
#   bash bench/indicators.sh                                        # the full run
#   BENCH_BARS=100000 BENCH_FRESHNESS_SECONDS=10 bash bench/indicators.sh   # smoke run
. "$(dirname "$0")/lib.sh"

bench_build
bench_start_app indicators
BENCH_RESULTS_DIR="${BENCH_RESULTS_DIR:-$RESULTS_DIR}" bench_run IndicatorsBench
