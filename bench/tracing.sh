#!/usr/bin/env bash
# Cost of tracing on the ingest path: bench/ingest.sh's throughput phases (no start-up phase) on the
# same jar, three times, switched only by the environment:
#   jdbc-off   MT5DB_OTEL_JDBC=false            no JDBC wrapper (what the app was before it)
#   default    the shipped configuration        JDBC wrapper built in, OpenTelemetry SDK off
#   sdk-on     MT5DB_OTEL_DISABLED=false        spans for every request and statement, batched to
#                                               an OTLP endpoint nobody listens on (creation cost
#                                               without a collector's)
# Writes bench/results/tracing-<variant>-DATE.json (ingest.sh's result of each run) and
# bench/results/tracing-DATE.json (app CPU µs per item and throughput per phase, relative to
# jdbc-off). Sizes: BENCH_CANDLES 200,000, BENCH_TICKS 200,000, BENCH_SINGLES 2,000 (a short run),
# any other ingest.sh knob passes through. Ports: APP_PORT (18480), BENCH_PG_PORT (15832).
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "$0")" && pwd)"
RESULTS_DIR="${BENCH_RESULTS_DIR:-$BENCH_DIR/results}"
DATE="$(date -u +%F)"
export BENCH_SKIP_STARTUP=true
export BENCH_CANDLES="${BENCH_CANDLES:-200000}" BENCH_TICKS="${BENCH_TICKS:-200000}" BENCH_SINGLES="${BENCH_SINGLES:-2000}"
export BENCH_WARMUP_CANDLES="${BENCH_WARMUP_CANDLES:-200000}" BENCH_WARMUP_SINGLES="${BENCH_WARMUP_SINGLES:-2000}"
export APP_PORT="${APP_PORT:-18480}" BENCH_PG_PORT="${BENCH_PG_PORT:-15832}"

run() { # VARIANT ENV...
  local variant="$1" out
  shift
  out="$(mktemp -d)"
  env "$@" BENCH_RESULTS_DIR="$out" bash "$BENCH_DIR/ingest.sh" > "$out/log" 2>&1 || { tail -n 30 "$out/log" >&2; return 1; }
  cp "$out"/ingest-*.json "$RESULTS_DIR/tracing-$variant-$DATE.json"
  rm -rf "$out"
  export BENCH_SKIP_BUILD=true # one build for all variants
  echo "tracing: $variant done"
}

run jdbc-off MT5DB_OTEL_JDBC=false MT5DB_OTEL_DISABLED=true
run default MT5DB_OTEL_DISABLED=true
run sdk-on MT5DB_OTEL_DISABLED=false OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4399

python3 - "$RESULTS_DIR" "$DATE" <<'PY'
import json, sys
results, date = sys.argv[1:]
runs = {v: json.load(open(f"{results}/tracing-{v}-{date}.json")) for v in ("jdbc-off", "default", "sdk-on")}
phases = {"candles_batch": ("candles", "ingest_batch_details_none"), "ticks_batch": ("ticks", "ingest_tick_details_none"),
          "single_candles": ("single_candles", None)}
summary = {"scenario": "tracing", "date": date, "machine": runs["default"]["machine"],
           "load_average": {v: r.get("load_average") for v, r in runs.items()}, "phases": {}}
for name, (group, key) in phases.items():
    row = {}
    for variant, r in runs.items():
        p = r[group] if key is None else r[group][key]
        row[variant] = {"items_per_s": round(p["items_per_s"]), "app_cpu_us_per_item": p["cpu_us_per_item"]["app"],
                        "latency_p99_ms": round(p["latency_p99_ms"], 3), "failed_requests": p["failed_requests"]}
    base = row["jdbc-off"]["app_cpu_us_per_item"]
    for variant in ("default", "sdk-on"):
        row[variant]["app_cpu_relative_to_jdbc_off"] = round(row[variant]["app_cpu_us_per_item"] / base, 3) if base else None
    summary["phases"][name] = row
with open(f"{results}/tracing-{date}.json", "w") as f:
    json.dump(summary, f, indent=2)
    f.write("\n")
print(json.dumps(summary["phases"], indent=1))
PY
