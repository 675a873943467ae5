# shellcheck shell=bash disable=SC2034 # the TARGET_* variables are for the sourcing scripts
# Shared by backup.sh and restore.sh (sourced, not run): which PostgreSQL to talk to.
#
# A target is either
#   --embedded DATA_DIR  the app's embedded PostgreSQL under DATA_DIR/pg (127.0.0.1, user postgres,
#                        trust authentication; the port is line 4 of DATA_DIR/pg/postmaster.pid), or
#   --url URL            a libpq URL (postgresql://user@host:5432/db) or the app's JDBC URL
#                        (jdbc:postgresql://host:5432/db?...; its query parameters are dropped).
# Without either: MT5DB_BACKUP_URL, else the app's own settings (QUARKUS_FLYWAY_JDBC_URL, the direct
# connection, before QUARKUS_DATASOURCE_JDBC_URL, which may point at PgBouncer), else the embedded
# database under ${MT5DB_DATA_DIR:-./data}. Passwords come from PGPASSWORD or the app's
# QUARKUS_FLYWAY_PASSWORD / QUARKUS_DATASOURCE_PASSWORD, never from the command line.

die() {
  echo "$(basename "$0"): $*" >&2
  exit 1
}

log() {
  echo "$(basename "$0"): $*" >&2
}

# jdbc:postgresql://host:port/db?params -> postgresql://host:port/db
libpq_url() {
  local url="$1"
  case "$url" in
    jdbc:postgresql://*) url="${url#jdbc:}"; url="${url%%\?*}" ;;
    postgresql://* | postgres://*) ;;
    *) die "not a PostgreSQL URL: $url" ;;
  esac
  echo "$url"
}

# Sets TARGET_KIND (embedded|url), TARGET_DATA_DIR (embedded), TARGET_URL and TARGET_LABEL, and
# exports PGUSER/PGPASSWORD taken from the app's settings when the URL came from them.
resolve_target() {
  local embedded="$1" url="$2"
  if [ -n "$embedded" ] && [ -n "$url" ]; then
    die "give --embedded or --url, not both"
  fi
  if [ -z "$embedded" ] && [ -z "$url" ]; then
    if [ -n "${MT5DB_BACKUP_URL:-}" ]; then
      url="$MT5DB_BACKUP_URL"
    elif [ -n "${QUARKUS_FLYWAY_JDBC_URL:-}" ]; then
      url="$QUARKUS_FLYWAY_JDBC_URL"
      export PGUSER="${PGUSER:-${QUARKUS_FLYWAY_USERNAME:-}}"
      export PGPASSWORD="${PGPASSWORD:-${QUARKUS_FLYWAY_PASSWORD:-}}"
    elif [ -n "${QUARKUS_DATASOURCE_JDBC_URL:-}" ]; then
      url="$QUARKUS_DATASOURCE_JDBC_URL"
      export PGUSER="${PGUSER:-${QUARKUS_DATASOURCE_USERNAME:-}}"
      export PGPASSWORD="${PGPASSWORD:-${QUARKUS_DATASOURCE_PASSWORD:-}}"
    else
      embedded="${MT5DB_DATA_DIR:-./data}"
    fi
  fi
  [ -n "${PGUSER:-}" ] || unset PGUSER
  [ -n "${PGPASSWORD:-}" ] || unset PGPASSWORD
  if [ -n "$embedded" ]; then
    TARGET_KIND=embedded
    TARGET_DATA_DIR="$(cd "$embedded" 2> /dev/null && pwd)" || die "no such data directory: $embedded"
    TARGET_URL=""
    TARGET_LABEL="embedded PostgreSQL in $TARGET_DATA_DIR/pg"
  else
    TARGET_KIND=url
    TARGET_DATA_DIR=""
    TARGET_URL="$(libpq_url "$url")"
    # A password inside the URL never reaches the log.
    TARGET_LABEL="$(sed -E 's#^([a-z]+://[^:/@]*):[^@]*@#\1:***@#' <<< "$TARGET_URL")"
  fi
}

# Prints the port of the embedded server that is running on DATA_DIR/pg, or fails.
embedded_port() {
  local pid_file="$1/pg/postmaster.pid" pid port
  [ -f "$pid_file" ] || return 1
  pid="$(sed -n 1p "$pid_file")"
  port="$(sed -n 4p "$pid_file")"
  [ -n "$pid" ] || return 1
  kill -0 "$pid" 2> /dev/null || [ -d "/proc/$pid" ] || return 1
  [[ "$port" =~ ^[0-9]+$ ]] || return 1
  echo "$port"
}

# Connection string of a running target, for psql/pg_dump/pg_restore -d.
target_conninfo() {
  if [ "$TARGET_KIND" = embedded ]; then
    local port
    port="$(embedded_port "$TARGET_DATA_DIR")" \
      || die "the embedded PostgreSQL of $TARGET_DATA_DIR is not running (start the app first)"
    echo "host=127.0.0.1 port=$port user=postgres dbname=postgres"
  else
    echo "$TARGET_URL"
  fi
}
