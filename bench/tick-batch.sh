#!/usr/bin/env bash
# Tick batch statements (issue 3): what each statement of a 200-tick batch's transaction costs on the
# app's embedded PostgreSQL, with no HTTP in the way: the tick writer's sequence before and after its
# marks rode on the probe, and the floors (COPY and commit; COPY alone). Writes
# bench/results/tick-batch-DATE.json. See bench/README.md.
#
#   bash bench/tick-batch.sh
#   BENCH_ROUNDS=4 BENCH_BLOCK_BATCHES=100 BENCH_SKIP_BUILD=true bash bench/tick-batch.sh   # quick
export APP_PORT="${APP_PORT:-18088}" BENCH_PG_PORT="${BENCH_PG_PORT:-15438}"
. "$(dirname "$0")/lib.sh"

bench_build
# The app runs only to start and migrate the durable embedded database; its jobs stay idle.
BENCH_JVM_OPTS="${BENCH_JVM_OPTS:--Xmx256m}" bench_start_app tick-batch
BENCH_RESULTS_DIR="${BENCH_RESULTS_DIR:-$RESULTS_DIR}" bench_run TickBatchBench
