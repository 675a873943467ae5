#!/usr/bin/env bash
# Import benchmark (issue 19): `import` of a generated MT5 bar export (1,000,000 rows by default) vs. a
# raw COPY of the same rows into an empty table of the same shape as candles, in one run, on the same
# PostgreSQL. Memory: the import's max RSS for the whole file and for a tenth of it (flat = about equal).
#
#   bench/import.sh                      # build, generate, measure; writes bench/results/import-<date>.json
#   BENCH_SKIP_BUILD=true ROWS=200000 bench/import.sh
#
# The server is started on a fresh data directory with its jobs off (they would compete for the CPU);
# the import finds its PostgreSQL through postmaster.pid and writes through it, as it does next to a
# running server. Target: import rows/s >= 0.5 x COPY rows/s.
. "$(dirname "$0")/lib.sh"

ROWS="${ROWS:-1000000}"
SMALL=$((ROWS / 10))
DATE_TAG="$(date -u +%Y-%m-%d)"
OUT="${OUT:-$RESULTS_DIR/import-$DATE_TAG.json}"
FILE="$WORK_DIR/import-bars-$ROWS.csv"
SMALL_FILE="$WORK_DIR/import-bars-$SMALL.csv"
COPY_FILE="$WORK_DIR/import-copy-$ROWS.csv"

bench_build

# ---- the files: MT5's bar export (tab-separated, broker time), and the same rows as the table's CSV --
generate() { # rows file symbol
  awk -v n="$1" -v sym="$3" -v copy="$4" 'BEGIN {
      OFS = "\t"; srand(19);
      print "<DATE>", "<TIME>", "<OPEN>", "<HIGH>", "<LOW>", "<CLOSE>", "<TICKVOL>", "<VOL>", "<SPREAD>";
      t = 1577836800;            # 2020-01-01T00:00:00Z; the export is in +00:00 broker time
      p = 1.10000;
      for (i = 0; i < n; i++) {
        o = p; p = p + (rand() - 0.5) * 0.0004; if (p < 0.5) p = 0.5;
        h = (o > p ? o : p) + rand() * 0.0002; l = (o < p ? o : p) - rand() * 0.0002;
        v = int(rand() * 200) + 1; s = int(rand() * 20);
        d = strftime("%Y.%m.%d", t, 1); hm = strftime("%H:%M:%S", t, 1);
        printf "%s\t%s\t%.5f\t%.5f\t%.5f\t%.5f\t%d\t0\t%d\n", d, hm, o, h, l, p, v, s;
        if (copy != "") {
          printf "%s,M1,%s,%.5f,%.5f,%.5f,%.5f,%d,%.5f,0,ea\n", sym, strftime("%Y-%m-%dT%H:%M:%SZ", t, 1), o, h, l, p, v, s / 100000.0 > copy;
        }
        t += 60;
      }
    }' > "$2"
}
[ -f "$FILE" ] && [ -f "$COPY_FILE" ] || generate "$ROWS" "$FILE" BENCHIMP "$COPY_FILE"
[ -f "$SMALL_FILE" ] || generate "$SMALL" "$SMALL_FILE" BENCHSMALL ""
FILE_BYTES=$(stat -c %s "$FILE")

# ---- the server (no jobs), its PostgreSQL ---------------------------------------------------------
export MT5DB_AGGREGATION_ENABLED=false MT5DB_INDICATORS_ENABLED=false MT5DB_SIGNALS_ENABLED=false
bench_start_app import
PG_PORT="${BENCH_PG_PORT:-15432}"
PSQL=(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -q -At)

# ---- COPY baseline: the same rows into an empty table shaped like candles ---------------------------
"${PSQL[@]}" -c "DROP TABLE IF EXISTS bench_copy; CREATE TABLE bench_copy (LIKE candles INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES);"
COPY_START=$(date +%s%N)
"${PSQL[@]}" -c "\\copy bench_copy (symbol, timeframe, ts, open, high, low, close, volume, spread, real_volume, source) FROM '$COPY_FILE' WITH (FORMAT csv)"
COPY_END=$(date +%s%N)
COPY_MS=$(( (COPY_END - COPY_START) / 1000000 ))
COPY_COUNT=$("${PSQL[@]}" -c "SELECT count(*) FROM bench_copy")
"${PSQL[@]}" -c "DROP TABLE bench_copy"

# ---- the import, twice: a tenth of the rows, then all (max RSS of each) -----------------------------
run_import() { # file log
  rm -f "$1.import-state"
  MT5DB_DATA_DIR="$APP_DATA" /usr/bin/time -v "$(bench_java)" ${BENCH_IMPORT_JVM_OPTS:--Xmx256m} \
    -jar "$ROOT/target/quarkus-app/quarkus-run.jar" import --file "$1" --symbol "$3" --timeframe M1 \
    --broker-offset +00:00 ${BENCH_IMPORT_ARGS:-} > "$2" 2>&1
}
run_import "$SMALL_FILE" "$WORK_DIR/import-small.log" BENCHSMALL
IMPORT_START=$(date +%s%N)
run_import "$FILE" "$WORK_DIR/import-full.log" BENCHIMP
IMPORT_END=$(date +%s%N)
bench_stop_app 2> /dev/null || true

rss_kb() { grep 'Maximum resident set size' "$1" | awk '{print $NF}'; }
# the import's own time, without the JVM and Quarkus start: "N rows sent this run in S s"
import_seconds() { grep -o 'rows sent this run in [0-9.]* s' "$1" | awk '{print $6}'; }
IMPORT_S=$(import_seconds "$WORK_DIR/import-full.log")
IMPORT_WALL_MS=$(( (IMPORT_END - IMPORT_START) / 1000000 ))
INSERTED=$(grep -o 'inserted [0-9,]*' "$WORK_DIR/import-full.log" | head -1 | tr -d , | awk '{print $2}')
python3 - "$OUT" <<EOF
import json, sys
rows = $ROWS
copy_s = $COPY_MS / 1000.0
import_s = float("$IMPORT_S")
result = {
  "scenario": "import of an MT5 bar export vs raw COPY of the same rows (bench/import.sh)",
  "date": "$DATE_TAG",
  "host": {"cpus": $(nproc), "load_before": "$(cut -d' ' -f1-3 /proc/loadavg)"},
  "rows": rows, "file_bytes": $FILE_BYTES,
  "copy": {"seconds": copy_s, "rows_per_s": round(rows / copy_s), "rows_stored": int("$COPY_COUNT")},
  "import": {"seconds": import_s, "rows_per_s": round(rows / import_s), "inserted": int("$INSERTED" or 0),
             "process_wall_seconds_incl_start": $IMPORT_WALL_MS / 1000.0,
             "max_rss_mb": round($(rss_kb "$WORK_DIR/import-full.log") / 1024),
             "max_rss_mb_tenth_of_the_rows": round($(rss_kb "$WORK_DIR/import-small.log") / 1024),
             "jvm_options": "${BENCH_IMPORT_JVM_OPTS:--Xmx256m}", "args": "${BENCH_IMPORT_ARGS:-}",
             "cpu_seconds_user_sys_incl_start": round($(grep 'User time' "$WORK_DIR/import-full.log" | awk '{print $NF}') + $(grep 'System time' "$WORK_DIR/import-full.log" | awk '{print $NF}'), 2),
             "cpu_seconds_user_sys_tenth_of_the_rows_incl_start": round($(grep 'User time' "$WORK_DIR/import-small.log" | awk '{print $NF}') + $(grep 'System time' "$WORK_DIR/import-small.log" | awk '{print $NF}'), 2),
             "cpu_share": "$(grep 'Percent of CPU' "$WORK_DIR/import-full.log" | awk '{print $NF}')"},
  "ratio_import_to_copy": round(copy_s / import_s, 3),
  "target_ratio": 0.5,
}
result["meets_target"] = result["ratio_import_to_copy"] >= 0.5
json.dump(result, open(sys.argv[1], "w"), indent=2)
print(json.dumps(result, indent=2))
EOF
