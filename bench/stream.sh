#!/usr/bin/env bash
# Live stream benchmark (issue 22): 200 GET /stream clients while 20,000 ticks/s are posted over
# loopback; p95 from a tick's POST to its M1 candle event on every client, and the app's RSS over
# its idle baseline. Writes bench/results/stream-DATE.json. See bench/README.md and docs/stream.md.
#
#   bash bench/stream.sh
#   BENCH_STREAM_CLIENTS=20 BENCH_TICKS_PER_SECOND=2000 BENCH_SECONDS=10 bash bench/stream.sh   # smoke run
. "$(dirname "$0")/lib.sh"

# The launch options bench/README.md recommends: a bounded heap, so RSS shows what the process keeps.
export BENCH_JVM_OPTS="${BENCH_JVM_OPTS:--XX:+UseSerialGC -Xmx128m -Xmn24m -XX:TrimNativeHeapInterval=1000}"
bench_build
bench_start_app stream
echo "[stream-bench] app ready after $APP_READY_MS ms (JVM options: $APP_JVM_OPTIONS)"
bench_run StreamBench
