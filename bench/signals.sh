#!/usr/bin/env bash
# Signal queue benchmark (issue 6): BENCH_ACCOUNTS (50) EAs, each with its own account-bound key,
# poll /signals/next every BENCH_POLL_MS (100) and ack what they get, while an admin creates
# BENCH_SIGNALS_PER_S (10) broadcast signals for BENCH_DURATION_S (60) seconds, after BENCH_WARMUP_S (60)
# seconds of the same load that are not measured. Reports delivery
# latency (creation response to the poll that delivered it, per account) and poll latency p50/p99,
# checks that every account got every signal exactly once, and writes bench/results/signals-DATE.json.
#
#   bash bench/signals.sh
#   BENCH_DURATION_S=10 BENCH_WARMUP_S=0 BENCH_SKIP_BUILD=true bash bench/signals.sh    # smoke run
# Own ports, so that it can run while other scenarios use lib.sh's defaults.
export APP_PORT="${APP_PORT:-18086}" BENCH_PG_PORT="${BENCH_PG_PORT:-15436}"
. "$(dirname "$0")/lib.sh"

bench_build
bench_start_app signals
echo "[signals-bench] app up at $APP_URL"
# For the CPU accounting: the app's JVM and the embedded PostgreSQL's postmaster (its backends are children).
export APP_PID BENCH_CLK_TCK="$(getconf CLK_TCK)"
BENCH_PG_PID="$(head -n 1 "$APP_DATA/pg/postmaster.pid" 2>/dev/null || true)"
export BENCH_PG_PID
(cd "$ROOT" && bench_run SignalsBench)
