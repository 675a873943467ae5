#!/usr/bin/env bash
# Batch statements (issue 3): what each statement of an ingest batch's transaction costs on the app's
# embedded PostgreSQL, with no HTTP in the way: the tick and candle writers' statement sequences
# before and after this session's merges, and the floors (COPY and commit). Writes
# bench/results/batch-statements-DATE.json. See bench/README.md.
#
#   bash bench/batch-statements.sh
#   BENCH_ROUNDS=2 BENCH_BLOCK_BATCHES=50 BENCH_SKIP_BUILD=true bash bench/batch-statements.sh   # quick
export APP_PORT="${APP_PORT:-18088}" BENCH_PG_PORT="${BENCH_PG_PORT:-15438}"
. "$(dirname "$0")/lib.sh"

bench_build
# The app runs only to start and migrate the durable embedded database; its jobs stay idle.
BENCH_JVM_OPTS="${BENCH_JVM_OPTS:--Xmx256m}" bench_start_app batch-statements
BENCH_RESULTS_DIR="${BENCH_RESULTS_DIR:-$RESULTS_DIR}" bench_run BatchStatementsBench
