#!/usr/bin/env bash
# ML training benchmark (issue 18): generates N synthetic M1 bars of one symbol (indicators from the
# project's IndicatorCalculator), runs the whole TrainingPipeline (features, fit, evaluation) in a JVM of
# its own with -Xmx1g, and writes bench/results/ml-train-DATE[-TAG].json with the time and CPU time per
# phase, the peak heap, rows, trees, bins and threads. No database, no app: the pipeline is pure Java.
#
#   bash bench/ml-train.sh                                  # 500,000 bars, ForestParams.defaults()
#   BENCH_BINS=32 BENCH_BOOTSTRAP=0.5 BENCH_TAG=levers bash bench/ml-train.sh
#   BENCH_BARS=100000 BENCH_TREES=10 bash bench/ml-train.sh  # smoke run
set -euo pipefail
cd "$(dirname "$0")/.."

BENCH_BARS="${BENCH_BARS:-500000}"
BENCH_TREES="${BENCH_TREES:-100}"
BENCH_DEPTH="${BENCH_DEPTH:-12}"
BENCH_HEAP="${BENCH_HEAP:-1g}"
RESULTS_DIR="${BENCH_RESULTS_DIR:-bench/results}"
OUT="$RESULTS_DIR/ml-train-$(date -u +%Y-%m-%d)${BENCH_TAG:+-$BENCH_TAG}.json"
MVN=(./mvnw -B -q -DquarkusRegistryClient=false)
[[ "${BENCH_OFFLINE:-true}" == true ]] && MVN+=(-o)

if [[ "${BENCH_SKIP_BUILD:-false}" != true ]]; then
  "${MVN[@]}" test-compile
  "${MVN[@]}" dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/ml-bench-classpath.txt
fi
props=(-Dbench.bars="$BENCH_BARS" -Dbench.trees="$BENCH_TREES" -Dbench.depth="$BENCH_DEPTH" -Dbench.out="$OUT")
[[ -n "${BENCH_BINS:-}" ]] && props+=(-Dbench.bins="$BENCH_BINS")
[[ -n "${BENCH_BOOTSTRAP:-}" ]] && props+=(-Dbench.bootstrap="$BENCH_BOOTSTRAP")
[[ -n "${BENCH_THREADS:-}" ]] && props+=(-Dbench.threads="$BENCH_THREADS")
[[ -n "${BENCH_FEATURE_FRACTION:-}" ]] && props+=(-Dbench.featureFraction="$BENCH_FEATURE_FRACTION")

echo "load before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx"$BENCH_HEAP" "${props[@]}" \
  -cp "target/test-classes:target/classes:$(cat target/ml-bench-classpath.txt)" io.mt5db.ml.bench.TrainingBench
echo "load after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
