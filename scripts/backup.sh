#!/usr/bin/env bash
# Backs up the MT5 Trading DB database with pg_dump (custom format) into a timestamped file and
# keeps the newest N backups. Use PostgreSQL 15 client tools (Debian's postgresql-client-15, the
# same major version as the embedded server; a newer pg_dump also works, an older one refuses).
#
# Usage: scripts/backup.sh [--embedded DATA_DIR | --url URL] [--dir DIR] [--keep N] [--prefix NAME]
#   --embedded DATA_DIR  the app's embedded database (the app must be running: it runs the server)
#   --url URL            postgresql://user@host:5432/db or the app's jdbc:postgresql:// URL; connect
#                        directly to PostgreSQL, not through PgBouncer
#   --dir DIR            where backups go (default ${MT5DB_BACKUP_DIR:-./backups})
#   --keep N             backups to keep, oldest deleted first (default ${MT5DB_BACKUP_KEEP:-14}; 0 = all)
#   --prefix NAME        file name prefix (default mt5db): NAME-YYYYMMDDTHHMMSSZ.dump
# Without --embedded/--url the target comes from the environment: see scripts/pg-target.sh.
# Prints the path of the new backup on standard output; a .sha256 file sits beside it.
set -euo pipefail
# shellcheck source=scripts/pg-target.sh
. "$(dirname "$0")/pg-target.sh"

embedded="" url="" dir="${MT5DB_BACKUP_DIR:-./backups}" keep="${MT5DB_BACKUP_KEEP:-14}" prefix="mt5db"
while [ $# -gt 0 ]; do
  case "$1" in
    --embedded) embedded="${2:?--embedded needs a directory}"; shift 2 ;;
    --url) url="${2:?--url needs a URL}"; shift 2 ;;
    --dir) dir="${2:?--dir needs a directory}"; shift 2 ;;
    --keep) keep="${2:?--keep needs a number}"; shift 2 ;;
    --prefix) prefix="${2:?--prefix needs a name}"; shift 2 ;;
    -h | --help) sed -n '2,15p' "$0"; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done
[[ "$keep" =~ ^[0-9]+$ ]] || die "--keep must be a number: $keep"
[[ "$prefix" =~ ^[A-Za-z0-9._-]+$ ]] || die "--prefix may hold only letters, digits, '.', '_' and '-'"
command -v pg_dump > /dev/null || die "pg_dump not found (Debian: apt-get install postgresql-client-15)"

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
trap 'rm -f "$partial"' EXIT

log "dumping $TARGET_LABEL"
started=$SECONDS
pg_dump --format=custom --no-password --file="$partial" --dbname="$conninfo"
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
echo "$file"
