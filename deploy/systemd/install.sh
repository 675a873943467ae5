#!/usr/bin/env bash
# Installs MT5 Trading DB on one Linux host with systemd, or upgrades it: run it again after a new
# build. Idempotent: a second run with the same build changes nothing (it says so) and restarts
# nothing.
#
# Usage: sudo deploy/systemd/install.sh [--app DIR] [--roles ROLES] [--no-start] [--root DIR]
#   --app DIR     the Quarkus fast-jar directory (default target/quarkus-app: ./mvnw -B package -DskipTests)
#   --roles ROLES "all" (default: one process, embedded PostgreSQL unless a JDBC URL is configured) or
#                 some of "api aggregator indicators ml" (separate processes on one external PostgreSQL;
#                 ports 8000-8003 in /etc/mt5db/<role>.env). Instances not listed are disabled.
#   --no-start    install and enable, but start and restart nothing
#   --root DIR    stage the files under DIR instead of / (no user, ownership or systemctl): packaging
#                 and deploy/systemd/check.sh
# What it does: the system user mt5db; /opt/mt5db/{quarkus-app,scripts} (root-owned, read-only to the
# service); /etc/mt5db/mt5db.env (only when absent: your settings are never overwritten);
# /var/lib/mt5db/{data,backups,reports} (mt5db, 0750); the units in /etc/systemd/system; enables
# mt5db.target, mt5db@<role>, mt5db-backup.timer (04:00) and mt5db-report.timer (04:30); starts them,
# and restarts running instances when the app, scripts or units changed.
# Needs: Java 17 (openjdk-17-jre-headless), rsync; for backups postgresql-client-15.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
ALL_ROLES="all api aggregator indicators ml"

app="$REPO/target/quarkus-app" roles="all" start=true root=""
die() {
  echo "install.sh: $*" >&2
  exit 1
}
note() {
  echo "install.sh: $*"
}
while [ $# -gt 0 ]; do
  case "$1" in
    --app) app="${2:?--app needs a directory}"; shift 2 ;;
    --roles) roles="${2:?--roles needs a list}"; shift 2 ;;
    --no-start) start=false; shift ;;
    --root) root="${2:?--root needs a directory}"; shift 2 ;;
    -h | --help) sed -n '2,22p' "$0"; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done

[ -f "$app/quarkus-run.jar" ] || die "no $app/quarkus-run.jar: build it first (./mvnw -B package -DskipTests -DquarkusRegistryClient=false) or give --app"
for role in $roles; do
  [[ " $ALL_ROLES " == *" $role "* ]] || die "unknown role '$role' (one of: $ALL_ROLES)"
done
[ -n "$roles" ] || die "--roles is empty"
if [[ " $roles " == *" all "* ]] && [ "$roles" != all ]; then
  die "role all runs everything: give it alone, or the separate roles without it"
fi
command -v rsync > /dev/null || die "rsync not found (Debian: apt-get install rsync)"
live=true
if [ -n "$root" ]; then
  live=false
  root="$(mkdir -p "$root" && cd "$root" && pwd)"
else
  [ "$(id -u)" = 0 ] || die "run it as root (or stage the files with --root DIR)"
  command -v systemctl > /dev/null || die "systemctl not found: this host does not run systemd"
  command -v java > /dev/null || die "java not found (Debian: apt-get install openjdk-17-jre-headless)"
  command -v pg_dump > /dev/null || note "warning: pg_dump not found, backups will fail (apt-get install postgresql-client-15)"
fi

changes=0 app_changed=0 units_changed=0
changed() { # WHAT
  note "$1"
  changes=$((changes + 1))
}

# directory PATH MODE OWNER:GROUP
directory() {
  local path="$root$1"
  if [ ! -d "$path" ]; then
    mkdir -p "$path"
    changed "created $1"
  fi
  if [ "$(stat -c %a "$path")" != "$2" ]; then
    chmod "$2" "$path"
    changed "mode $2 on $1"
  fi
  if [ "$live" = true ] && [ "$(stat -c %U:%G "$path")" != "$3" ]; then
    chown "$3" "$path"
    changed "owner $3 on $1"
  fi
}

# file SOURCE DEST MODE [OWNER:GROUP]: copies when absent or different. Returns 0 when it wrote.
file() {
  local dest="$root$2" wrote=1
  if [ ! -f "$dest" ] || ! cmp -s "$1" "$dest"; then
    install -D -m "$3" "$1" "$dest"
    changed "wrote $2"
    wrote=0
  elif [ "$(stat -c %a "$dest")" != "$3" ]; then
    chmod "$3" "$dest"
    changed "mode $3 on $2"
  fi
  if [ "$live" = true ] && [ -n "${4:-}" ] && [ "$(stat -c %U:%G "$dest")" != "$4" ]; then
    chown "$4" "$dest"
    changed "owner $4 on $2"
  fi
  return "$wrote"
}

# file_once CONTENT_SOURCE DEST MODE OWNER: the settings files, written only when absent.
file_once() {
  if [ -e "$root$2" ]; then
    return 0
  fi
  file "$1" "$2" "$3" "$4" || true
}

# ---- user ----
if [ "$live" = true ] && ! getent passwd mt5db > /dev/null; then
  useradd --system --user-group --home-dir /var/lib/mt5db --no-create-home --shell /usr/sbin/nologin mt5db
  changed "created the system user mt5db"
fi

# ---- directories ----
directory /opt/mt5db 755 root:root
directory /opt/mt5db/scripts 755 root:root
directory /etc/mt5db 750 root:mt5db
directory /var/lib/mt5db 750 mt5db:mt5db
directory /var/lib/mt5db/data 750 mt5db:mt5db
directory /var/lib/mt5db/backups 750 mt5db:mt5db
directory /var/lib/mt5db/reports 750 mt5db:mt5db

# ---- the app: mirrored, so files of an older build do not linger ----
# Owned by root whoever built it, readable by all, writable by root only.
itemized="$(rsync -rlt --delete --checksum --itemize-changes --chmod=D755,F644 "$app/" "$root/opt/mt5db/quarkus-app/")"
if [ -n "$itemized" ]; then
  app_changed=1
  changed "installed the app from $app ($(printf '%s\n' "$itemized" | wc -l) file(s) changed)"
fi
for script in backup.sh restore.sh; do
  file "$REPO/scripts/$script" "/opt/mt5db/scripts/$script" 755 root:root && app_changed=1
done
file "$REPO/scripts/pg-target.sh" /opt/mt5db/scripts/pg-target.sh 644 root:root && app_changed=1
file "$REPO/README.md" /opt/mt5db/README.md 644 root:root || true

# ---- settings: never overwritten ----
file_once "$HERE/mt5db.env" /etc/mt5db/mt5db.env 640 root:mt5db
port=8000
for role in api aggregator indicators ml; do
  if [[ " $roles " == *" $role "* ]]; then
    tmp="$(mktemp)"
    printf '# Settings of mt5db@%s only (after /etc/mt5db/mt5db.env). Every role needs its own port.\nPORT=%s\n' \
      "$role" "$port" > "$tmp"
    file_once "$tmp" "/etc/mt5db/$role.env" 640 root:mt5db
    rm -f "$tmp"
  fi
  port=$((port + 1))
done

# ---- units ----
for unit in mt5db@.service mt5db.target mt5db-backup.service mt5db-backup.timer mt5db-report.service mt5db-report.timer; do
  file "$HERE/$unit" "/etc/systemd/system/$unit" 644 root:root && units_changed=1
done

if [ "$live" = false ]; then
  note "staged under $root ($changes change(s)); no user, ownership or systemctl with --root"
  exit 0
fi

# ---- systemd ----
[ "$units_changed" = 0 ] || systemctl daemon-reload
enable() { # UNIT
  if ! systemctl is-enabled --quiet "$1" 2> /dev/null; then
    systemctl enable --quiet "$1"
    changed "enabled $1"
  fi
}
enable mt5db.target
for role in $ALL_ROLES; do
  if [[ " $roles " == *" $role "* ]]; then
    enable "mt5db@$role.service"
  elif systemctl is-enabled --quiet "mt5db@$role.service" 2> /dev/null; then
    systemctl disable --now --quiet "mt5db@$role.service"
    changed "disabled mt5db@$role.service (not in --roles)"
  fi
done
enable mt5db-backup.timer
enable mt5db-report.timer

# Separate roles on the embedded database would each start a PostgreSQL on the same directory.
if [ "$roles" != all ] && ! grep -Eq '^[[:space:]]*QUARKUS_DATASOURCE_JDBC_URL=.+' /etc/mt5db/mt5db.env; then
  note "separate roles need a shared external PostgreSQL: set QUARKUS_DATASOURCE_JDBC_URL in /etc/mt5db/mt5db.env, then systemctl start mt5db.target (not started now)"
  start=false
fi
if [ "$start" = true ]; then
  for role in $roles; do
    unit="mt5db@$role.service"
    if systemctl is-active --quiet "$unit"; then
      if [ "$app_changed" = 1 ] || [ "$units_changed" = 1 ]; then
        systemctl restart "$unit"
        changed "restarted $unit (new build, scripts or units)"
      fi
    else
      systemctl start "$unit"
      changed "started $unit"
    fi
  done
  for timer in mt5db-backup.timer mt5db-report.timer; do
    if ! systemctl is-active --quiet "$timer"; then
      systemctl start "$timer"
      changed "started $timer"
    fi
  done
fi

if [ "$changes" = 0 ]; then
  note "nothing changed"
else
  note "$changes change(s). Settings: /etc/mt5db/mt5db.env; logs: journalctl -u 'mt5db@*'"
fi
