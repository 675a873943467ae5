#!/usr/bin/env bash
# Restores a backup made by scripts/backup.sh into an EMPTY database. It never drops or overwrites
# data: a target that holds tables is refused.
#
# Usage: scripts/restore.sh [--embedded DATA_DIR | --url URL] [--yes] [--keep-owner] [--jobs N] FILE
#   --url URL            an existing, empty database (createdb it first), connected to directly
#                        (not through PgBouncer). The app must not be running against it.
#   --embedded DATA_DIR  the app's embedded database. The app must be STOPPED: the script builds a
#                        new cluster with the PostgreSQL 15 server binaries (PG_BINDIR, default
#                        /usr/lib/postgresql/15/bin, e.g. Debian's postgresql-15 or the postgres:15
#                        image), restores into it over a private socket, and puts it in place at
#                        DATA_DIR/pg; an existing DATA_DIR/pg is moved aside to
#                        DATA_DIR/pg.before-restore-TIMESTAMP, never deleted. Run it as the user
#                        that runs the app (PostgreSQL refuses root and foreign-owned directories).
#   --yes                do not ask for confirmation (required when standard input is no terminal)
#   --keep-owner         keep the dump's owners and grants (default: objects belong to the restoring
#                        user; re-grant a least-privilege application role afterwards)
#   --jobs N             parallel restore (default 1: one transaction, all or nothing)
# Without --embedded/--url the target comes from the environment: see scripts/pg-target.sh.
set -euo pipefail
# shellcheck source=scripts/pg-target.sh
. "$(dirname "$0")/pg-target.sh"

embedded="" url="" yes=false keep_owner=false jobs=1 file=""
while [ $# -gt 0 ]; do
  case "$1" in
    --embedded) embedded="${2:?--embedded needs a directory}"; shift 2 ;;
    --url) url="${2:?--url needs a URL}"; shift 2 ;;
    --yes) yes=true; shift ;;
    --keep-owner) keep_owner=true; shift ;;
    --jobs) jobs="${2:?--jobs needs a number}"; shift 2 ;;
    -h | --help) sed -n '2,22p' "$0"; exit 0 ;;
    -*) die "unknown option: $1 (see --help)" ;;
    *) [ -z "$file" ] || die "one backup file only"; file="$1"; shift ;;
  esac
done
[ -n "$file" ] || die "which backup file? (see --help)"
[ -f "$file" ] || die "no such file: $file"
[[ "$jobs" =~ ^[1-9][0-9]*$ ]] || die "--jobs must be a positive number: $jobs"
command -v pg_restore > /dev/null || die "pg_restore not found (Debian: apt-get install postgresql-client-15)"

if [ -f "$file.sha256" ]; then
  (cd "$(dirname "$file")" && sha256sum --quiet --check "$(basename "$file").sha256") \
    || die "$file does not match $file.sha256"
fi
toc="$(pg_restore --list "$file")" || die "$file is not a pg_dump custom-format archive"
timescale=false
if grep -Eq '^[0-9]+; [0-9]+ [0-9]+ EXTENSION - timescaledb( |$)' <<< "$toc"; then
  timescale=true
fi

resolve_target "$embedded" "$url"

confirm() {
  local what="$1" answer
  $yes && return 0
  [ -t 0 ] || die "refusing to restore without --yes (standard input is not a terminal)"
  read -r -p "Restore $file into $what? Type 'restore' to go on: " answer
  [ "$answer" = restore ] || die "cancelled"
}

# Relations outside the system and TimescaleDB catalog schemas; 0 means the database is empty.
user_relations() {
  psql --no-psqlrc --no-password --quiet --tuples-only --no-align --dbname="$1" -c "
    SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
      AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp%'
      AND n.nspname NOT LIKE '\_timescaledb%' AND n.nspname NOT LIKE 'timescaledb\_%'"
}

run_restore() {
  local conninfo="$1"
  local options=(--no-password --exit-on-error --dbname="$conninfo")
  $keep_owner || options+=(--no-owner --no-privileges)
  if [ "$jobs" -gt 1 ]; then
    options+=(--jobs="$jobs")
  else
    options+=(--single-transaction)
  fi
  local relations
  relations="$(user_relations "$conninfo")" || die "cannot connect to $TARGET_LABEL"
  [ "$relations" -eq 0 ] || die "$TARGET_LABEL is not empty ($relations relations): restore into an empty database"
  if $timescale; then
    # TimescaleDB's documented restore sequence; the target needs the same extension version.
    psql --no-psqlrc --no-password --quiet --dbname="$conninfo" -v ON_ERROR_STOP=1 \
      -c "CREATE EXTENSION IF NOT EXISTS timescaledb" -c "SELECT timescaledb_pre_restore()" > /dev/null
  fi
  log "restoring $file into $TARGET_LABEL"
  pg_restore "${options[@]}" "$file"
  if $timescale; then
    psql --no-psqlrc --no-password --quiet --dbname="$conninfo" -v ON_ERROR_STOP=1 \
      -c "SELECT timescaledb_post_restore()" > /dev/null
  fi
  psql --no-psqlrc --no-password --quiet --dbname="$conninfo" -c "ANALYZE" > /dev/null
  local version
  version="$(psql --no-psqlrc --no-password --quiet --tuples-only --no-align --dbname="$conninfo" \
    -c "SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1" \
    2> /dev/null || true)"
  log "restored; schema version ${version:-unknown} (the app migrates forward at its next start)"
}

if [ "$TARGET_KIND" = url ]; then
  confirm "$TARGET_LABEL"
  run_restore "$TARGET_URL"
  exit 0
fi

# ---- embedded: build a new cluster offline, then swap it in ----
[ "$(id -u)" -ne 0 ] || die "run as the user that runs the app, not root (PostgreSQL refuses root)"
if embedded_port "$TARGET_DATA_DIR" > /dev/null; then
  die "the embedded PostgreSQL of $TARGET_DATA_DIR is running: stop the app first"
fi
bindir="${PG_BINDIR:-/usr/lib/postgresql/15/bin}"
if [ ! -x "$bindir/initdb" ] || [ ! -x "$bindir/pg_ctl" ]; then
  die "PostgreSQL 15 server binaries not found in $bindir (set PG_BINDIR; Debian: postgresql-15)"
fi
major="$("$bindir/initdb" --version | sed -E 's/.* ([0-9]+)(\.[0-9]+)*.*/\1/')"
[ "$major" = 15 ] || die "$bindir holds PostgreSQL $major; the embedded server is PostgreSQL 15"

live="$TARGET_DATA_DIR/pg"
if [ -e "$live" ]; then
  confirm "a new embedded cluster (the current $live is kept as $live.before-restore-*)"
else
  confirm "a new embedded cluster at $live"
fi

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
staging="$TARGET_DATA_DIR/pg.restoring-$stamp"
socket_dir="$(mktemp -d)"
cleanup() {
  "$bindir/pg_ctl" -D "$staging" -m fast -w stop > /dev/null 2>&1 || true
  rm -rf "$socket_dir"
}
trap cleanup EXIT

# Same shape as the app's own cluster: superuser postgres, trust on 127.0.0.1, UTF-8.
"$bindir/initdb" --pgdata="$staging" --username=postgres --auth=trust --encoding=UTF8 --locale=C > /dev/null
# No TCP listener: only this script can reach the cluster while it is being filled.
"$bindir/pg_ctl" -D "$staging" -w -l "$staging/restore.log" \
  -o "-c listen_addresses='' -c unix_socket_directories='$socket_dir' -c port=5432" start > /dev/null
TARGET_LABEL="a new cluster for $TARGET_DATA_DIR"
run_restore "host=$socket_dir port=5432 user=postgres dbname=postgres"
"$bindir/pg_ctl" -D "$staging" -m fast -w stop > /dev/null
rm -f "$staging/restore.log"

if [ -e "$live" ]; then
  mv "$live" "$live.before-restore-$stamp"
  log "moved the previous cluster to $live.before-restore-$stamp (delete it once the restore is verified)"
fi
mv "$staging" "$live"
log "the restored cluster is in place at $live: start the app"
