#!/usr/bin/env bash
# Bytes per M1 row of candles (table + indexes, pg_total_relation_size / hypertable_detailed_size)
# for BENCH_ROWS (1,000,000) realistic bars (bench/sql/storage-bars.sql: ten symbols, random-walk
# prices with the symbols' digits, arrival order), on the schema of db/migration:
#   plain:       PostgreSQL 15 (BENCH_PLAIN_URL, default the local server at 127.0.0.1:5432)
#   timescale:   TimescaleDB 2.28.3 (installed by ../shared/tools/timescaledb.sh) preloaded in a cluster
#                of this script's own (mt5db_storage, port BENCH_TIMESCALE_PORT 55434, so that the tool's
#                shared "tsdb" cluster stays free), the app's mt5db_apply_timescale(), every chunk compressed
# plus the EXPLAIN plans of the read paths on both. Results: bench/results/storage-DATE[-TAG].json and
# .plans.txt beside it. BENCH_TAG names a run; BENCH_SKIP_TIMESCALE=true measures plain only;
# BENCH_MIGRATIONS=DIR takes the migrations from DIR (e.g. an older set, for a before/after pair).
# BENCH_COMPRESSION_VARIANTS="segmentby|orderby;..." also recompresses the same chunks with other
# settings and records each (e.g. "symbol, timeframe|ts;|symbol, timeframe, ts").
# The scratch databases (and the Timescale cluster) are dropped at the end.
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
ROWS="${BENCH_ROWS:-1000000}"
PLAIN_URL="${BENCH_PLAIN_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
TS_TOOL="${TIMESCALE_TOOL:-$ROOT/../shared/tools/timescaledb.sh}"
TS_PORT="${BENCH_TIMESCALE_PORT:-55434}"
RESULTS_DIR="${BENCH_RESULTS_DIR:-$BENCH_DIR/results}"
MIGRATIONS="${BENCH_MIGRATIONS:-$ROOT/db/migration}"
NAME="storage-$(date -u +%F)${BENCH_TAG:+-$BENCH_TAG}"
DB="mt5db_storage_$$"
WORK="$(mktemp -d)"
mkdir -p "$RESULTS_DIR"
PLANS="$RESULTS_DIR/$NAME.plans.txt"
: > "$PLANS"

ts_started=false
cleanup() {
  psql -q -d "$PLAIN_URL" -c "DROP DATABASE IF EXISTS $DB" > /dev/null 2>&1 || true
  if $ts_started; then pg_dropcluster --stop 15 mt5db_storage > /dev/null 2>&1 || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

q() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$1" -c "$2"; }

# Migrations in version order (as Flyway: V<n> ascending, then repeatable R__ in name order).
migrate() {
  local url="$1" file
  while read -r file; do
    psql -X -q -v ON_ERROR_STOP=1 -d "$url" -f "$file" > /dev/null
  done < <(ls "$MIGRATIONS"/V*__*.sql | sed -E 's#.*/V([0-9]+)__.*#\1 &#' | sort -n | cut -d' ' -f2;
           ls "$MIGRATIONS"/R__*.sql 2> /dev/null | sort)
}

load() {
  local url="$1" started
  started=$(date +%s.%N)
  psql -X -q -v ON_ERROR_STOP=1 -v rows="$ROWS" -d "$url" -f "$BENCH_DIR/sql/storage-bars.sql" > /dev/null
  q "$url" "VACUUM (ANALYZE) candles"
  awk -v a="$(date +%s.%N)" -v b="$started" 'BEGIN { print a - b }'
}

# The read paths of candles (market.MarketRepository, indicators.IndicatorRepository, ml.data.BarReader).
explain() { # URL LABEL
  local url="$1" label="$2" sql
  local -a reads=(
    "range (GET /candles, indicators, ML bars)|SELECT ts, open, high, low, close, volume, spread, source FROM candles WHERE symbol = 'EURUSD' AND timeframe = 'M1' AND ts >= '2024-01-20' AND ts < '2024-01-21' ORDER BY ts LIMIT 5000"
    "latest (GET /candles/latest, series bounds, ML newest)|SELECT ts FROM candles WHERE symbol = 'EURUSD' AND timeframe = 'M1' ORDER BY ts DESC LIMIT 1"
    "earliest (series bounds)|SELECT ts FROM candles WHERE symbol = 'EURUSD' AND timeframe = 'M1' ORDER BY ts LIMIT 1"
    "upsert key (ingest ON CONFLICT)|SELECT 1 FROM candles WHERE symbol = 'EURUSD' AND timeframe = 'M1' AND ts = '2024-01-20 10:00+00'"
  )
  for read in "${reads[@]}"; do
    sql="${read#*|}"
    {
      echo "== $label: ${read%%|*}"
      echo "$sql"
      q "$url" "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) $sql"
      echo
    } >> "$PLANS"
  done
}

# Compressed bytes per row and column, summed over the compressed chunks (where the bytes go).
column_bytes() {
  local url="$1" tables sql="" t
  tables="$(q "$url" "SELECT format('%I.%I', c2.schema_name, c2.table_name)
                        FROM _timescaledb_catalog.chunk c1 JOIN _timescaledb_catalog.chunk c2 ON c2.id = c1.compressed_chunk_id
                        JOIN _timescaledb_catalog.hypertable h ON h.id = c1.hypertable_id
                       WHERE h.table_name = 'candles'")"
  local columns="symbol timeframe ts open high low close volume spread bid ask real_volume source received_at"
  for t in $tables; do
    [ -n "$sql" ] && sql="$sql UNION ALL "
    local parts="" col
    for col in $columns; do parts="$parts, sum(pg_column_size($col)) AS $col"; done
    sql="${sql}SELECT sum(_ts_meta_count) AS rows$parts FROM $t"
  done
  local sums="" col
  for col in $columns; do sums="$sums || ',\"$col\":' || round(sum($col)::numeric / sum(rows), 2)"; done
  q "$url" "SELECT '{' || '\"rows\":' || sum(rows) $sums || '}' FROM ($sql) x"
}

sizes_plain() {
  q "$1" "SELECT count(*) || ' ' || pg_relation_size('candles') || ' ' || pg_indexes_size('candles') || ' '
                 || (pg_total_relation_size('candles') - pg_relation_size('candles') - pg_indexes_size('candles'))
                 || ' ' || pg_total_relation_size('candles') FROM candles"
}

sizes_hyper() {
  q "$1" "SELECT (SELECT count(*) FROM candles) || ' ' || table_bytes || ' ' || index_bytes || ' ' || coalesce(toast_bytes, 0)
                 || ' ' || total_bytes FROM hypertable_detailed_size('candles')"
}

settings() {
  q "$1" "SELECT coalesce(string_agg(attname || ':' || coalesce('segmentby' || segmentby_column_index, '')
                   || coalesce('orderby' || orderby_column_index || CASE WHEN orderby_asc THEN ' asc' ELSE ' desc' END, ''), ', '), '')
            FROM timescaledb_information.compression_settings WHERE hypertable_name = 'candles'" 2> /dev/null \
    || q "$1" "SELECT segmentby::text || ' orderby ' || orderby::text FROM timescaledb_information.hypertable_compression_settings WHERE hypertable::text = 'candles'"
}

# ---- plain PostgreSQL ---------------------------------------------------------------------------
q "$PLAIN_URL" "CREATE DATABASE $DB"
plain_url="${PLAIN_URL%/*}/$DB"
migrate "$plain_url"
plain_load_s="$(load "$plain_url")"
read -r p_rows p_heap p_index p_toast p_total <<< "$(sizes_plain "$plain_url")"
plain_version="$(q "$plain_url" "SHOW server_version")"
explain "$plain_url" "plain PostgreSQL $plain_version"
# What the primary key would take packed: arrival order appends to every symbol's key range at once,
# and a B-tree page split away from the index's right edge leaves both halves half full.
q "$plain_url" "REINDEX TABLE candles"
p_index_packed="$(q "$plain_url" "SELECT pg_indexes_size('candles')")"
echo "plain: $p_rows rows, $p_total bytes = $(( p_total / p_rows )) B/row (heap $(( p_heap / p_rows )), indexes $(( p_index / p_rows )))"

# ---- TimescaleDB, compressed --------------------------------------------------------------------
t_json="null"
if [ "${BENCH_SKIP_TIMESCALE:-false}" != true ] && [ -x "$TS_TOOL" ]; then
  "$TS_TOOL" install > /dev/null
  if pg_lsclusters -h 2> /dev/null | awk '{print $2}' | grep -qx mt5db_storage; then
    echo "a cluster mt5db_storage exists (another run of this script?); skipping the compressed figure" >&2
  else
    ts_started=true
    pg_createcluster 15 mt5db_storage -p "$TS_PORT" -- --auth-local=trust --auth-host=trust > /dev/null
    pg_ctlcluster --skip-systemctl-redirect 15 mt5db_storage start -- \
      -o "-c listen_addresses=127.0.0.1 -c shared_preload_libraries=timescaledb -c timescaledb.telemetry_level=off"
    ts_admin="postgresql://postgres@127.0.0.1:$TS_PORT/postgres"
    q "$ts_admin" "CREATE DATABASE $DB"
    ts_url="postgresql://postgres@127.0.0.1:$TS_PORT/$DB"
    migrate "$ts_url"
    # As the app at start (ops.TimescaleSetup): hypertables, compression settings and policies.
    q "$ts_url" "SELECT mt5db_apply_timescale(interval '7 days', interval '100 years')" > /dev/null
    ts_load_s="$(load "$ts_url")"
    read -r u_rows u_heap u_index u_toast u_total <<< "$(sizes_hyper "$ts_url")"
    explain "$ts_url" "TimescaleDB, uncompressed"
    ts_indexes="$(q "$ts_url" "SELECT string_agg(indexname, ', ' ORDER BY indexname) FROM pg_indexes WHERE tablename = 'candles'")"
    started=$(date +%s.%N)
    q "$ts_url" "SELECT count(compress_chunk(c, if_not_compressed => true)) FROM show_chunks('candles') c" > /dev/null
    compress_s="$(awk -v a="$(date +%s.%N)" -v b="$started" 'BEGIN { print a - b }')"
    q "$ts_url" "VACUUM (ANALYZE) candles"
    read -r c_rows c_heap c_index c_toast c_total <<< "$(sizes_hyper "$ts_url")"
    ts_settings="$(settings "$ts_url")"
    chunks="$(q "$ts_url" "SELECT count(*) FROM show_chunks('candles')")"
    ts_version="$(q "$ts_url" "SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'")"
    explain "$ts_url" "TimescaleDB $ts_version, compressed"
    per_column="$(column_bytes "$ts_url")"
    variants="[]"
    IFS=';' read -r -a wanted <<< "${BENCH_COMPRESSION_VARIANTS:-}"
    for variant in "${wanted[@]}"; do
      [ -n "$variant" ] || continue
      q "$ts_url" "SELECT count(decompress_chunk(c, if_compressed => true)) FROM show_chunks('candles') c" > /dev/null
      q "$ts_url" "ALTER TABLE candles SET (timescaledb.compress, timescaledb.compress_segmentby = '${variant%%|*}',
                                             timescaledb.compress_orderby = '${variant#*|}')"
      q "$ts_url" "SELECT count(compress_chunk(c)) FROM show_chunks('candles') c" > /dev/null
      q "$ts_url" "VACUUM (ANALYZE) candles"
      read -r v_rows _ _ _ v_total <<< "$(sizes_hyper "$ts_url")"
      echo "  variant segmentby '${variant%%|*}' orderby '${variant#*|}': $(( v_total / v_rows )) B/row"
      variants="$(python3 -c 'import json,sys; v=json.loads(sys.argv[1]); v.append({"segmentby": sys.argv[2], "orderby": sys.argv[3], "total_bytes": int(sys.argv[4]), "bytes_per_row": round(int(sys.argv[4]) / int(sys.argv[5]), 1), "column_bytes_per_row": json.loads(sys.argv[6])}); print(json.dumps(v))' \
        "$variants" "${variant%%|*}" "${variant#*|}" "$v_total" "$v_rows" "$(column_bytes "$ts_url")")"
    done
    # What limits the compressed figure: Gorilla-coded doubles of decimal prices. The same bars with
    # prices as integer points (price * 10^digits: lossless for the symbol's digits) in a probe table
    # show what a schema with point prices would take. The probe is measured, then dropped.
    probe="null"
    if [ "${BENCH_POINTS_PROBE:-true}" = true ]; then
      q "$ts_url" "CREATE TABLE candles_points_probe (symbol text NOT NULL, timeframe text NOT NULL, ts timestamptz NOT NULL,
                     open bigint NOT NULL, high bigint NOT NULL, low bigint NOT NULL, close bigint NOT NULL, volume bigint,
                     spread integer, source text NOT NULL, received_at timestamptz NOT NULL, PRIMARY KEY (symbol, timeframe, ts))"
      q "$ts_url" "SELECT create_hypertable('candles_points_probe', 'ts', chunk_time_interval => interval '7 days', create_default_indexes => false)" > /dev/null
      q "$ts_url" "ALTER TABLE candles_points_probe SET (timescaledb.compress, timescaledb.compress_segmentby = 'symbol, timeframe')"
      q "$ts_url" "INSERT INTO candles_points_probe
                   SELECT symbol, timeframe, ts, round(open * f), round(high * f), round(low * f), round(close * f), volume, spread::int, source, received_at
                     FROM (SELECT *, power(10, CASE WHEN symbol LIKE '%JPY' THEN 3 WHEN symbol LIKE 'XAU%' THEN 2 ELSE 5 END) AS f FROM candles) c
                    ORDER BY ts, symbol"
      q "$ts_url" "SELECT count(compress_chunk(c)) FROM show_chunks('candles_points_probe') c" > /dev/null
      probe="$(q "$ts_url" "SELECT json_build_object('table', 'candles_points_probe: open/high/low/close bigint points, spread integer',
                              'total_bytes', total_bytes, 'bytes_per_row', round(total_bytes::numeric / (SELECT count(*) FROM candles_points_probe), 1))
                              FROM hypertable_detailed_size('candles_points_probe')")"
      echo "  probe with integer point prices: $probe"
      q "$ts_url" "DROP TABLE candles_points_probe"
    fi
    echo "timescale: $u_rows rows, uncompressed $(( u_total / u_rows )) B/row, compressed $c_total bytes = $(( c_total / c_rows )) B/row ($ts_settings)"
    t_json="$(python3 - "$u_rows" "$u_heap" "$u_index" "$u_toast" "$u_total" "$c_heap" "$c_index" "$c_toast" "$c_total" \
      "$ts_version" "$ts_settings" "$chunks" "$ts_load_s" "$compress_s" "$per_column" "$variants" "$probe" "$ts_indexes" <<'PY'
import json, sys
a = sys.argv[1:]
rows = int(a[0])
def part(h, i, t, total):
    return {"bytes": {"table": int(h), "indexes": int(i), "toast": int(t), "total": int(total)},
            "bytes_per_row": round(int(total) / rows, 1)}
print(json.dumps({"timescaledb": a[9], "compression_settings": a[10], "chunks": int(a[11]), "rows": rows,
                  "load_seconds": round(float(a[12]), 1), "compress_seconds": round(float(a[13]), 1),
                  "uncompressed": dict(part(a[1], a[2], a[3], a[4]), indexes=a[17]),
                  "compressed": dict(part(a[5], a[6], a[7], a[8]), column_bytes_per_row=json.loads(a[14])),
                  "variants": json.loads(a[15]), "points_probe": json.loads(a[16])}))
PY
)"
  fi
fi

python3 - "$RESULTS_DIR/$NAME.json" "$p_rows" "$p_heap" "$p_index" "$p_toast" "$p_total" "$plain_version" "$plain_load_s" \
  "$t_json" "$p_index_packed" "$(git -C "$ROOT" rev-parse --short HEAD 2> /dev/null || echo unknown)" "$(basename "$PLANS")" "$(ls "$MIGRATIONS" | grep -c '\.sql$') files in $MIGRATIONS, newest $(ls "$MIGRATIONS" | sed -nE 's/^V([0-9]+)__.*/\1/p' | sort -n | tail -1)" <<'PY'
import json, sys, datetime
out, rows, heap, index, toast, total, version, load_s, timescale, packed, commit, plans, migrations = sys.argv[1:]
rows = int(rows)
result = {
    "scenario": "storage",
    "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    "commit": commit,
    "migrations": migrations,
    "data": "bench/sql/storage-bars.sql: 10 symbols, M1, arrival order, random-walk prices rounded to the symbol's digits",
    "goals_bytes_per_row": {"plain": 120, "compressed": 20},
    "plain": {"postgresql": version, "rows": rows, "load_seconds": round(float(load_s), 1),
              "bytes": {"table": int(heap), "indexes": int(index), "toast_fsm_vm": int(toast), "total": int(total)},
              "bytes_per_row": round(int(total) / rows, 1),
              "table_bytes_per_row": round(int(heap) / rows, 1),
              "index_bytes_per_row": round(int(index) / rows, 1),
              "index_bytes_per_row_after_reindex": round(int(packed) / rows, 1)},
    "timescale": json.loads(timescale),
    "plans": plans,
}
with open(out, "w") as f:
    json.dump(result, f, indent=2)
    f.write("\n")
print(out)
PY
