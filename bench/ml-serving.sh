#!/usr/bin/env bash
# ML serving benchmark (issue 18): the packaged app (role all, embedded PostgreSQL on a fresh data dir,
# 127.0.0.1 only) with BENCH_SERIES (20) series in mt5db.ml.series; MlServingBench seeds them
# (planted mean reversion, 3,000 M1 bars each), trains and activates a small global model through the
# API, measures GET /predict beside GET /latest (sequential and 4 clients), then posts each series'
# M1 bar live for BENCH_LIVE_MINUTES (6) minutes, with background ticks, and measures from each bar's
# close (bucket end + close grace) to its signal being returned by GET /signals/next.
# Writes bench/results/ml-serving-DATE.json. bench/README.md ("ML serving") explains the figures.
#
#   bash bench/ml-serving.sh
#   BENCH_LIVE_MINUTES=2 BENCH_PREDICT_N=1000 BENCH_SKIP_BUILD=true bash bench/ml-serving.sh   # smoke run
# Own ports, so that it can run while other scenarios use lib.sh's defaults.
export APP_PORT="${APP_PORT:-18088}" BENCH_PG_PORT="${BENCH_PG_PORT:-15438}"
. "$(dirname "$0")/lib.sh"

BENCH_SERIES="${BENCH_SERIES:-20}"
SYMBOLS=(EURUSD GBPUSD USDJPY USDCHF AUDUSD NZDUSD USDCAD EURGBP EURJPY GBPJPY EURCHF AUDJPY CADJPY CHFJPY EURAUD
  EURCAD GBPCHF GBPAUD AUDNZD NZDJPY)
series=""
for ((i = 0; i < BENCH_SERIES; i++)); do series+="${series:+,}${SYMBOLS[$i]}:M1"; done
# The app's settings the bench depends on (defaults unless set): the served series, the close grace
# (the bench measures from bucket end + this grace), the inference and indicator intervals.
export MT5DB_ML_SERIES="$series"
export MT5DB_ML_CLOSE_GRACE="${MT5DB_ML_CLOSE_GRACE:-5s}"
export BENCH_CLOSE_GRACE_S="${MT5DB_ML_CLOSE_GRACE%s}"
export BENCH_SERIES

echo "load before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
bench_build
bench_start_app ml-serving
echo "[ml-serving] app up at $APP_URL in $APP_READY_MS ms (series $MT5DB_ML_SERIES, close grace $MT5DB_ML_CLOSE_GRACE)"
(cd "$ROOT" && bench_run MlServingBench)
echo "load after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
