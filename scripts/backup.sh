#!/usr/bin/env bash
# Backs up the MT5 Trading DB database with pg_dump (custom format) into a timestamped file and
# keeps the newest N backups. Use PostgreSQL 15 client tools (Debian's postgresql-client-15, the
# same major version as the embedded server; a newer pg_dump also works, an older one refuses).
#
# Usage: scripts/backup.sh [--embedded DATA_DIR | --url URL] [--dir DIR] [--keep N] [--prefix NAME]
#                          [--rsync-to TARGET] [--status-file FILE]
#   --embedded DATA_DIR  the app's embedded database (the app must be running: it runs the server)
#   --url URL            postgresql://user@host:5432/db or the app's jdbc:postgresql:// URL; connect
#                        directly to PostgreSQL, not through PgBouncer
#   --dir DIR            where backups go (default ${MT5DB_BACKUP_DIR:-./backups})
#   --keep N             backups to keep, oldest deleted first (default ${MT5DB_BACKUP_KEEP:-14}; 0 = all)
#   --prefix NAME        file name prefix (default mt5db): NAME-YYYYMMDDTHHMMSSZ.dump
#   --rsync-to TARGET    off-host copy: after the dump, rsync mirrors DIR's backups (retention included)
#                        to TARGET, e.g. backup@host:/srv/mt5db (default ${MT5DB_BACKUP_RSYNC_TARGET:-}, empty:
#                        none); extra rsync arguments in MT5DB_BACKUP_RSYNC_ARGS, the ssh command in RSYNC_RSH.
#                        A failed copy keeps the local backup and exits 3.
#   --status-file FILE   the last run's result as key=value lines (result, started_at, finished_at,
#                        last_success_at, file, bytes, backups_kept, offsite, offsite_target, message),
#                        read by the jar's report command (default ${MT5DB_BACKUP_STATUS_FILE:-DIR/backup.status})
# Without --embedded/--url the target comes from the environment: see scripts/pg-target.sh.
# Prints the path of the new backup on standard output; a .sha256 file sits beside it.
# MT5DB_BACKUP_METRICS_FILE=PATH.prom: on exit, writes the run's result for node-exporter's textfile
# collector (mt5db_backup_last_run_success, _last_run_timestamp_seconds,
# _last_success_timestamp_seconds; the alerts Mt5dbBackupFailed and Mt5dbBackupTooOld read them).
set -euo pipefail
# shellcheck source=scripts/pg-target.sh
. "$(dirname "$0")/pg-target.sh"

embedded="" url="" dir="${MT5DB_BACKUP_DIR:-./backups}" keep="${MT5DB_BACKUP_KEEP:-14}" prefix="mt5db"
rsync_to="${MT5DB_BACKUP_RSYNC_TARGET:-}" status_file="${MT5DB_BACKUP_STATUS_FILE:-}"
started_at="$(date -u +%Y-%m-%dT%H:%M:%SZ)" failure_message="" file="" offsite="off"
# Keeps the reason of a refusal for the status file (pg-target.sh's die prints and exits).
die() {
  failure_message="$*"
  echo "$(basename "$0"): $*" >&2
  exit 1
}
while [ $# -gt 0 ]; do
  case "$1" in
    --embedded) embedded="${2:?--embedded needs a directory}"; shift 2 ;;
    --url) url="${2:?--url needs a URL}"; shift 2 ;;
    --dir) dir="${2:?--dir needs a directory}"; shift 2 ;;
    --keep) keep="${2:?--keep needs a number}"; shift 2 ;;
    --prefix) prefix="${2:?--prefix needs a name}"; shift 2 ;;
    --rsync-to) rsync_to="${2:?--rsync-to needs a target}"; shift 2 ;;
    --status-file) status_file="${2:?--status-file needs a file}"; shift 2 ;;
    -h | --help) sed -n '2,24p' "$0"; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done
metrics_file="${MT5DB_BACKUP_METRICS_FILE:-}" succeeded=0 partial=""
write_metrics() {
  [ -n "$metrics_file" ] || return 0
  local now last_success=0
  now="$(date +%s)"
  if [ "$succeeded" = 1 ]; then
    last_success="$now"
  elif [ -f "$metrics_file" ]; then
    last_success="$(awk '$1 == "mt5db_backup_last_success_timestamp_seconds" {print $2}' "$metrics_file")"
  fi
  mkdir -p "$(dirname "$metrics_file")"
  # Written beside the target and renamed: the collector never reads half a file.
  cat > "$metrics_file.$$" <<METRICS
# HELP mt5db_backup_last_run_success 1 when the last scripts/backup.sh run succeeded, else 0.
# TYPE mt5db_backup_last_run_success gauge
mt5db_backup_last_run_success $succeeded
# HELP mt5db_backup_last_run_timestamp_seconds When the last backup run ended.
# TYPE mt5db_backup_last_run_timestamp_seconds gauge
mt5db_backup_last_run_timestamp_seconds $now
# HELP mt5db_backup_last_success_timestamp_seconds When the last successful backup ended (0: none yet).
# TYPE mt5db_backup_last_success_timestamp_seconds gauge
mt5db_backup_last_success_timestamp_seconds ${last_success:-0}
METRICS
  chmod 644 "$metrics_file.$$"
  mv "$metrics_file.$$" "$metrics_file"
}
write_status() { # EXIT_CODE
  [ -n "$status_file" ] || return 0
  local result=failure finished last_success="" kept=""
  finished="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  if [ "$succeeded" = 1 ]; then
    result=success last_success="$finished"
  elif [ -f "$status_file" ]; then
    last_success="$(awk -F= '$1 == "last_success_at" {print $2}' "$status_file")"
  fi
  [ -d "$dir" ] && kept="$(find "$dir" -maxdepth 1 -type f -name "$prefix-????????T??????Z.dump" | wc -l)"
  [ "$succeeded" = 1 ] || [ -n "$failure_message" ] || failure_message="failed with exit code $1 (see the log)"
  mkdir -p "$(dirname "$status_file")"
  {
    echo "# scripts/backup.sh: the last run (read by: java -jar quarkus-run.jar report)"
    echo "result=$result"
    echo "started_at=$started_at"
    echo "finished_at=$finished"
    echo "last_success_at=$last_success"
    echo "file=$([ "$succeeded" = 1 ] && echo "$file")"
    echo "bytes=$([ "$succeeded" = 1 ] && stat -c %s "$file" 2> /dev/null)"
    echo "backups_kept=$kept"
    echo "offsite=$offsite"
    echo "offsite_target=$rsync_to"
    echo "message=$(printf '%s' "$failure_message" | tr '\n' ' ')"
  } > "$status_file.$$"
  mv "$status_file.$$" "$status_file"
}
trap 'rc=$?; rm -f "$partial"; write_metrics; write_status "$rc"' EXIT

[[ "$keep" =~ ^[0-9]+$ ]] || die "--keep must be a number: $keep"
[[ "$prefix" =~ ^[A-Za-z0-9._-]+$ ]] || die "--prefix may hold only letters, digits, '.', '_' and '-'"
command -v pg_dump > /dev/null || die "pg_dump not found (Debian: apt-get install postgresql-client-15)"

[ -n "$status_file" ] || status_file="$dir/backup.status"
[ -z "$rsync_to" ] || command -v rsync > /dev/null || die "rsync not found for --rsync-to (Debian: apt-get install rsync)"
resolve_target "$embedded" "$url"
conninfo="$(target_conninfo)"

# Dumps hold key hashes and trading data: readable by the owner only.
umask 077
mkdir -p "$dir"
if command -v flock > /dev/null; then
  exec 9> "$dir/.backup.lock"
  flock -n 9 || die "another backup is writing to $dir"
fi

file="$dir/$prefix-$(date -u +%Y%m%dT%H%M%SZ).dump"
[ ! -e "$file" ] || die "$file exists already"
partial="$file.partial"

log "dumping $TARGET_LABEL"
started=$SECONDS
errors="$dir/.backup.err"
if ! pg_dump --format=custom --no-password --file="$partial" --dbname="$conninfo" 2> "$errors"; then
  cat "$errors" >&2
  failure_message="pg_dump: $(grep -v '^\s*$' "$errors" | head -n 2 | tr '\n' ' ')"
  rm -f "$errors"
  exit 1
fi
rm -f "$errors"
# A dump that pg_restore cannot list is no backup.
pg_restore --list "$partial" > /dev/null
mv "$partial" "$file"
(cd "$dir" && sha256sum "$(basename "$file")" > "$(basename "$file").sha256")
log "wrote $file ($(du -h "$file" | cut -f1), $((SECONDS - started)) s)"

if [ "$keep" -gt 0 ]; then
  # Names sort by time; only files this script names are considered.
  mapfile -t old < <(find "$dir" -maxdepth 1 -type f -name "$prefix-????????T??????Z.dump" -printf '%f\n' \
    | sort -r | tail -n +"$((keep + 1))")
  for name in "${old[@]}"; do
    rm -f "$dir/$name" "$dir/$name.sha256"
    log "removed old backup $dir/$name"
  done
fi
succeeded=1
echo "$file"

if [ -n "$rsync_to" ]; then
  # Mirrors this script's files only: the target keeps the same newest N backups as DIR.
  # shellcheck disable=SC2086 # MT5DB_BACKUP_RSYNC_ARGS holds several arguments
  if rsync -a --delete ${MT5DB_BACKUP_RSYNC_ARGS:-} --include "$prefix-????????T??????Z.dump" \
      --include "$prefix-????????T??????Z.dump.sha256" --exclude '*' "$dir/" "$rsync_to/"; then
    offsite=ok
    log "copied to $rsync_to"
  else
    offsite=failed
    failure_message="the off-host copy to $rsync_to failed"
    log "$failure_message"
    exit 3
  fi
fi
