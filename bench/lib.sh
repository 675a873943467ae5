#!/usr/bin/env bash
# Shared helpers for the bench scenarios: build the app once, start it as its own process on a
# fresh data directory, compile the load generators, and stop everything on exit.
# Source it from a scenario script: . "$(dirname "$0")/lib.sh"
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
RESULTS_DIR="$BENCH_DIR/results"
WORK_DIR="$ROOT/target/bench"
APP_PID=""
mkdir -p "$RESULTS_DIR" "$WORK_DIR"

bench_java() {
  # Temurin 25 when present (AOT cache, faster start), else the default java.
  if [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
    echo /usr/lib/jvm/temurin-25-jdk-amd64/bin/java
  else
    command -v java
  fi
}

# The jar layout the benches build: aot (the pom's aot profile, whose classes JDK 25's AOT cache can
# hold, the layout bench/README.md recommends with a cache) or fast (Quarkus' default fast-jar).
export BENCH_JAR_LAYOUT="${BENCH_JAR_LAYOUT:-aot}"

bench_build() {
  if [ "${BENCH_SKIP_BUILD:-false}" != "true" ] || [ ! -f "$ROOT/target/quarkus-app/quarkus-run.jar" ]; then
    local profile=""
    if [ "$BENCH_JAR_LAYOUT" = "aot" ]; then profile="-Paot"; fi
    (cd "$ROOT" && ./mvnw -B -q -DquarkusRegistryClient=false package -DskipTests $profile)
  fi
  # What was built, not what was asked for: BENCH_SKIP_BUILD=true reuses whatever jar is there.
  if ! command -v unzip > /dev/null; then
    BENCH_JAR_LAYOUT=unknown
  elif unzip -p "$ROOT/target/quarkus-app/quarkus-run.jar" META-INF/MANIFEST.MF | grep -q AotQuarkusEntryPoint; then
    BENCH_JAR_LAYOUT=aot
  else
    BENCH_JAR_LAYOUT=fast
  fi
  local cp
  cp="$(bench_classpath)"
  rm -rf "$WORK_DIR/classes"
  mkdir -p "$WORK_DIR/classes"
  javac --release 17 -d "$WORK_DIR/classes" -cp "$cp" $(find "$BENCH_DIR/src" -name '*.java')
}

bench_classpath() {
  # The load generators use only the JDK plus the PostgreSQL driver the app ships (for COPY baselines).
  ls "$ROOT"/target/quarkus-app/lib/main/org.postgresql.postgresql-*.jar | head -n 1
}

# bench_start_app NAME [extra JVM args...]: starts the packaged app on a fresh data dir under
# target/bench/NAME (kept with BENCH_KEEP_DATA=true), waits for /health, and exports APP_URL, APP_PID,
# APP_DATA, ADMIN_KEY, JDBC_URL, APP_JVM_OPTIONS and APP_READY_MS (launch to first 200 of /health).
bench_start_app() {
  local name="$1"; shift
  export APP_DATA="$WORK_DIR/$name-data"
  bench_stop_orphan "$APP_DATA/pg"
  if [ "${BENCH_KEEP_DATA:-false}" != "true" ]; then
    rm -rf "$APP_DATA"
  fi
  mkdir -p "$APP_DATA"
  export APP_PORT="${APP_PORT:-18080}"
  export APP_URL="http://127.0.0.1:$APP_PORT"
  export ADMIN_KEY="${ADMIN_KEY:-bench-admin-key-$RANDOM$RANDOM$RANDOM}"
  local pg_port="${BENCH_PG_PORT:-15432}"
  export JDBC_URL="jdbc:postgresql://127.0.0.1:$pg_port/postgres?user=postgres"
  if bench_port_busy "$APP_PORT" || bench_port_busy "$pg_port"; then
    echo "port $APP_PORT or $pg_port is already in use (another bench run?): set APP_PORT / BENCH_PG_PORT" >&2
    return 1
  fi
  export APP_JVM_OPTIONS
  APP_JVM_OPTIONS="$(echo ${BENCH_JVM_OPTS:--Xmx512m} "$@")"
  local launched_ns
  launched_ns="$(date +%s%N)"
  PORT="$APP_PORT" MT5DB_DATA_DIR="$APP_DATA" MT5DB_EMBEDDED_PORT="$pg_port" ADMIN_API_KEY="$ADMIN_KEY" \
    MT5DB_RATE_LIMIT_PER_SECOND="${MT5DB_RATE_LIMIT_PER_SECOND:-0}" MT5DB_LOG_JSON=false \
    "$(bench_java)" ${BENCH_JVM_OPTS:--Xmx512m} "$@" -jar "$ROOT/target/quarkus-app/quarkus-run.jar" \
    > "$WORK_DIR/$name-app.log" 2>&1 &
  export APP_PID=$!
  trap bench_stop_app EXIT
  local deadline=$((SECONDS + 120))
  # Until the HTTP port opens (Quarkus opens it last), bash's own connection attempt instead of a curl
  # process: on two cores a poller that starts processes takes CPU from the start it measures.
  until bench_port_busy "$APP_PORT" && curl -sf "$APP_URL/health" > /dev/null 2>&1; do
    if ! kill -0 "$APP_PID" 2>/dev/null; then
      echo "app exited during start-up; log: $WORK_DIR/$name-app.log" >&2
      tail -n 40 "$WORK_DIR/$name-app.log" >&2
      return 1
    fi
    if [ $SECONDS -gt $deadline ]; then echo "app did not become healthy" >&2; return 1; fi
    sleep 0.02
  done
  export APP_READY_MS=$(( ($(date +%s%N) - launched_ns) / 1000000 ))
}

# Something already listening there would answer our health checks in place of our app.
bench_port_busy() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

bench_stop_app() {
  if [ -n "$APP_PID" ] && kill -0 "$APP_PID" 2>/dev/null; then
    kill "$APP_PID" 2>/dev/null || true
    wait "$APP_PID" 2>/dev/null || true
  fi
  APP_PID=""
}

# A killed earlier run may have left its embedded postmaster behind.
bench_stop_orphan() {
  local pgdir="$1"
  if [ -f "$pgdir/postmaster.pid" ]; then
    local pid
    pid="$(head -n 1 "$pgdir/postmaster.pid")"
    # Only a live postgres: a stale pid file may name a pid that now belongs to something else.
    if kill -0 "$pid" 2>/dev/null && grep -q postgres "/proc/$pid/cmdline" 2>/dev/null; then
      kill -INT "$pid" 2>/dev/null || true
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
  fi
}

# bench_run CLASS [args...]: runs a load generator with the app's coordinates in its environment.
bench_run() {
  local cls="$1"; shift
  "$(bench_java)" -Xmx1g -cp "$WORK_DIR/classes:$(bench_classpath)" "io.mt5db.bench.$cls" "$@"
}
