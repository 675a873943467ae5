#!/usr/bin/env bash
# Large-body benchmark (issue 3, heap safety): BENCH_CONCURRENCY (4, 8 and 16) clients post at once
# a batch of 10,000 candles close to the 16 MiB body limit, in three shapes: each candle padded with
# a 1.4 KB field the server does not read (`padded`), with 60 unread numeric fields (`wide`), and
# with a 1.4 KB invalid symbol that the server must keep and reject (`long-symbol`). The app runs with
# the recommended small heap (-Xmx128m). Counts the answers per status (200, 503 with Retry-After
# when the body memory budget is spent, never a 500) and OutOfMemoryErrors in the app's log, and
# writes bench/results/large-bodies-DATE.json.
#
#   bash bench/large-bodies.sh
#   BENCH_CONCURRENCY="4" BENCH_SKIP_BUILD=true bash bench/large-bodies.sh       # one level only
export APP_PORT="${APP_PORT:-18087}" BENCH_PG_PORT="${BENCH_PG_PORT:-15437}"
. "$(dirname "$0")/lib.sh"

CONCURRENCY="${BENCH_CONCURRENCY:-4 8 16}"
HEAP_OPTS="${BENCH_JVM_OPTS:--XX:+UseSerialGC -Xmx128m -Xmn24m -XX:ReservedCodeCacheSize=64m -Xss512k -XX:TrimNativeHeapInterval=1000}"
BODIES="$WORK_DIR/large-bodies"
mkdir -p "$BODIES"

python3 - "$BODIES" <<'PY'
import json, sys
out = sys.argv[1]
def candle(i, symbol="BIGBODY"):
    return {"symbol": symbol, "timeframe": "M1", "ts": 1700000000 + 60 * i, "open": 1.1, "high": 1.2,
            "low": 1.0, "close": 1.15, "volume": 10}
shapes = {
    "padded": [dict(candle(i), note="x" * 1400) for i in range(10000)],
    "wide": [dict(candle(i), **{"f%d" % k: k * 1.5 for k in range(60)}) for i in range(10000)],
    "long-symbol": [candle(i, "BIGSYM" + "Y" * 1400) for i in range(10000)],
}
for name, items in shapes.items():
    with open("%s/%s.json" % (out, name), "w") as f:
        json.dump(items, f)
PY

bench_build
BENCH_JVM_OPTS="$HEAP_OPTS" bench_start_app large-bodies
echo "[large-bodies] app up at $APP_URL with $HEAP_OPTS"

rows=()
for level in $CONCURRENCY; do
  for shape in padded wide long-symbol; do
    bytes="$(stat -c %s "$BODIES/$shape.json")"
    pids=""
    started="$(date +%s%N)"
    for k in $(seq 1 "$level"); do
      curl -s --max-time 120 -o /dev/null -w '%{http_code}\n' -H "X-API-Key: $ADMIN_KEY" \
        -H 'Content-Type: application/json' --data-binary "@$BODIES/$shape.json" \
        "$APP_URL/ingest_batch?details=errors" > "$BODIES/status-$k" &
      pids="$pids $!"
    done
    for p in $pids; do wait "$p" || true; done
    seconds="$(( ($(date +%s%N) - started) / 1000000 ))"
    ok="$(cat "$BODIES"/status-* | grep -c '^200$' || true)"
    busy="$(cat "$BODIES"/status-* | grep -c '^503$' || true)"
    other="$(( level - ok - busy ))"
    rm -f "$BODIES"/status-*
    echo "[large-bodies] $level x $shape ($bytes bytes): 200 x $ok, 503 x $busy, other x $other, ${seconds} ms"
    rows+=("{\"concurrency\":$level,\"shape\":\"$shape\",\"body_bytes\":$bytes,\"ok\":$ok,\"busy_503\":$busy,\"other\":$other,\"wall_ms\":$seconds}")
  done
done
health="$(curl -s -o /dev/null -w '%{http_code}' "$APP_URL/health")"
oom="$(grep -c 'OutOfMemoryError' "$WORK_DIR/large-bodies-app.log" || true)"
budget="$(curl -s "$APP_URL/metrics" | awk '/^ingest_body_memory_budget_bytes/ {print $2}')"
bench_stop_app

results="$RESULTS_DIR/large-bodies-$(date -u +%F).json"
{
  printf '{"jvm_options":"%s","body_memory_budget_bytes":%s,"health_after":%s,"out_of_memory_errors":%s,"runs":[' \
    "$HEAP_OPTS" "${budget:-null}" "$health" "$oom"
  (IFS=,; printf '%s' "${rows[*]}")
  printf ']}\n'
} > "$results"
echo "[large-bodies] OutOfMemoryErrors in the app log: $oom; /health after: $health; results: $results"
