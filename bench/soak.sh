#!/usr/bin/env bash
# Soak scenario (issue 20): the packaged app (embedded PostgreSQL on a fresh data dir, 127.0.0.1 only)
# under SOAK_SECONDS (600) of mixed traffic from several clients after SOAK_WARMUP_SECONDS (30):
# candle and tick batches, reads (/candles, /latest, /stats), signals created by the admin key and
# polled and acked by EA keys. SoakBench then checks stored = acknowledged in the database, the app's
# RSS (sampled every 10 s) for an upward trend over the second half (least-squares slope at most
# SOAK_RSS_SLOPE_MAX_MB_PER_MIN, 1.0 MB/min), and the p99 of the last minute against 2x the first's.
# Writes bench/results/soak-DATE.json (PASS/FAIL per criterion, the host load) and exits 1 on a FAIL.
#
#   bash bench/soak.sh
#   SOAK_SECONDS=120 BENCH_SKIP_BUILD=true bash bench/soak.sh      # smoke run
# Knobs: SOAK_CANDLE_CLIENTS (2), SOAK_TICK_CLIENTS (2), SOAK_READERS (2), SOAK_POLLERS (2),
# SOAK_BATCH (100 items), SOAK_PAUSE_MS (250 between a client's batches), SOAK_JVM_OPTS.
# Own ports, so that it can run while other scenarios use lib.sh's defaults.
export APP_PORT="${APP_PORT:-18090}" BENCH_PG_PORT="${BENCH_PG_PORT:-15440}"
. "$(dirname "$0")/lib.sh"

# The recommended server options (bench/README.md, "Recommended launch options") without the AOT cache.
export BENCH_JVM_OPTS="${SOAK_JVM_OPTS:--XX:+UseSerialGC -Xmx128m -Xmn24m -XX:ReservedCodeCacheSize=64m -Xss512k}"

echo "load before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
bench_build
bench_start_app soak
echo "[soak] app up at $APP_URL in $APP_READY_MS ms (pid $APP_PID, $BENCH_JVM_OPTS)"
status=0
(cd "$ROOT" && bench_run SoakBench) || status=$?
echo "load after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
exit $status
