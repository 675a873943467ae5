#!/usr/bin/env bash
# Removes what deploy/systemd/install.sh installed: stops and disables the units, deletes them and
# /opt/mt5db. Keeps the data, the backups, the reports (/var/lib/mt5db), the settings (/etc/mt5db)
# and the user mt5db, so that a later install finds everything again; --purge deletes those too
# (the database and every local backup: copy what you need first).
#
# Usage: sudo deploy/systemd/uninstall.sh [--purge] [--root DIR]
#   --root DIR   the staging directory of install.sh --root (no systemctl, no user)
set -euo pipefail
purge=false root=""
die() {
  echo "uninstall.sh: $*" >&2
  exit 1
}
while [ $# -gt 0 ]; do
  case "$1" in
    --purge) purge=true; shift ;;
    --root) root="${2:?--root needs a directory}"; shift 2 ;;
    -h | --help) sed -n '2,8p' "$0"; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done
UNITS="mt5db@.service mt5db.target mt5db-backup.service mt5db-backup.timer mt5db-report.service mt5db-report.timer"

if [ -z "$root" ]; then
  [ "$(id -u)" = 0 ] || die "run it as root (or --root DIR for a staged install)"
  systemctl disable --now --quiet mt5db-backup.timer mt5db-report.timer 2> /dev/null || true
  for role in all api aggregator indicators ml; do
    systemctl disable --now --quiet "mt5db@$role.service" 2> /dev/null || true
  done
  systemctl disable --now --quiet mt5db.target 2> /dev/null || true
fi
for unit in $UNITS; do
  rm -f "$root/etc/systemd/system/$unit"
done
[ -n "$root" ] || systemctl daemon-reload
rm -rf "$root/opt/mt5db"
echo "uninstall.sh: removed the units and /opt/mt5db"

if [ "$purge" = true ]; then
  rm -rf "$root/var/lib/mt5db" "$root/etc/mt5db"
  if [ -z "$root" ] && getent passwd mt5db > /dev/null; then
    userdel mt5db
  fi
  echo "uninstall.sh: purged /var/lib/mt5db (data, backups, reports), /etc/mt5db and the user mt5db"
else
  echo "uninstall.sh: kept /var/lib/mt5db (data, backups, reports), /etc/mt5db and the user mt5db (--purge deletes them)"
fi
