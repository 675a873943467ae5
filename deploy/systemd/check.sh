#!/usr/bin/env bash
# Checks deploy/systemd without a running systemd (CI, a few seconds):
# 1. install.sh --root stages a stand-in build twice: the second run reports and changes nothing
#    (same files, modes and times), the layout is as the units expect, an edited settings file is kept;
#    a new build is picked up and files of the old one removed.
# 2. uninstall.sh --root removes the app and units and keeps data and settings; --purge removes all.
# 3. systemd-analyze verify of every unit (the role template as each role), run on the staged files;
#    skipped with a message where systemd-analyze does not exist. Any warning fails the check.
# Usage: deploy/systemd/check.sh
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failed=0
ok() { echo "ok   - $1"; }
fail() {
  echo "FAIL - $1"
  failed=1
}
check() { # NAME COMMAND...
  local name="$1"
  shift
  if "$@"; then ok "$name"; else fail "$name"; fi
}
snapshot() { # DIR: every path with its type, mode, size and modification time, and file contents
  (cd "$1" && find . -printf '%p %y %m %s %T@\n' | sort && find . -type f -exec sha256sum {} + | sort)
}

for f in install.sh uninstall.sh check.sh; do
  bash -n "$HERE/$f"
done
if command -v shellcheck > /dev/null; then
  shellcheck "$HERE/install.sh" "$HERE/uninstall.sh" "$HERE/check.sh"
fi

app="$work/app"
mkdir -p "$app/lib/main" "$app/app" "$app/quarkus"
echo "stand-in" > "$app/quarkus-run.jar"
echo "old" > "$app/lib/main/old-1.0.jar"
root="$work/root"

"$HERE/install.sh" --root "$root" --app "$app" --roles "api aggregator indicators ml" > "$work/first.log"
before="$(snapshot "$root")"
sleep 1.1 # a rewritten file would get another modification time
"$HERE/install.sh" --root "$root" --app "$app" --roles "api aggregator indicators ml" > "$work/second.log"
check "the second run reports no change" grep -q "(0 change(s))" "$work/second.log"
check "the second run changed no file, mode or time" [ "$before" = "$(snapshot "$root")" ]
for path in opt/mt5db/quarkus-app/quarkus-run.jar opt/mt5db/scripts/backup.sh opt/mt5db/scripts/pg-target.sh \
  etc/mt5db/mt5db.env etc/mt5db/ml.env etc/systemd/system/mt5db@.service etc/systemd/system/mt5db-backup.timer \
  etc/systemd/system/mt5db-report.timer var/lib/mt5db/data var/lib/mt5db/backups var/lib/mt5db/reports; do
  [ -e "$root/$path" ] || fail "installed: /$path"
done
check "scripts are executable, settings and state private" \
  [ "$(stat -c %a "$root/opt/mt5db/scripts/backup.sh") $(stat -c %a "$root/etc/mt5db/mt5db.env") $(stat -c %a "$root/var/lib/mt5db/data")" = "755 640 750" ]
check "each separate role gets its own port" grep -qx PORT=8003 "$root/etc/mt5db/ml.env"
echo "QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://db:5432/mt5db" >> "$root/etc/mt5db/mt5db.env"
rm "$app/lib/main/old-1.0.jar"
echo "new" > "$app/lib/main/new-1.1.jar"
"$HERE/install.sh" --root "$root" --app "$app" --roles "api aggregator indicators ml" > "$work/upgrade.log"
check "an upgrade keeps the edited settings" grep -q "db:5432" "$root/etc/mt5db/mt5db.env"
check "an upgrade installs the new build and removes the old one's files" \
  bash -c '[ -f "$0/new-1.1.jar" ] && [ ! -e "$0/old-1.0.jar" ]' "$root/opt/mt5db/quarkus-app/lib/main"
check "install refuses an unknown role" bash -c '! "$0" --root "$1" --app "$2" --roles "api web" 2> /dev/null' \
  "$HERE/install.sh" "$root" "$app"
check "install refuses all beside other roles" bash -c '! "$0" --root "$1" --app "$2" --roles "all api" 2> /dev/null' \
  "$HERE/install.sh" "$root" "$app"

# systemd-analyze verify on copies of the staged units whose absolute paths point into the stage
if command -v systemd-analyze > /dev/null; then
  units="$work/units"
  mkdir -p "$units"
  java_bin="$(command -v java || echo /bin/true)"
  for unit in mt5db.target mt5db-backup.service mt5db-backup.timer mt5db-report.service mt5db-report.timer; do
    sed -e "s|/opt/mt5db|$root/opt/mt5db|g" -e "s|/usr/bin/java|$java_bin|g" "$root/etc/systemd/system/$unit" > "$units/$unit"
  done
  for role in all api aggregator indicators ml; do
    sed -e "s|/opt/mt5db|$root/opt/mt5db|g" -e "s|/usr/bin/java|$java_bin|g" "$root/etc/systemd/system/mt5db@.service" \
      > "$units/mt5db@$role.service"
  done
  if (cd "$units" && SYSTEMD_LOG_LEVEL=warning systemd-analyze verify ./*.service ./*.timer ./*.target) > "$work/verify.log" 2>&1 \
    && [ ! -s "$work/verify.log" ]; then
    ok "systemd-analyze verify: every unit ($(systemd-analyze --version | head -n 1))"
  else
    fail "systemd-analyze verify"
    cat "$work/verify.log"
  fi
else
  echo "skip - systemd-analyze verify: systemd-analyze is not installed here (Debian: apt-get install systemd)"
fi

"$HERE/uninstall.sh" --root "$root" > /dev/null
check "uninstall removes the app and the units" \
  bash -c '[ ! -e "$0/opt/mt5db" ] && [ ! -e "$0/etc/systemd/system/mt5db@.service" ]' "$root"
check "uninstall keeps data, backups and settings" \
  bash -c '[ -d "$0/var/lib/mt5db/backups" ] && [ -f "$0/etc/mt5db/mt5db.env" ]' "$root"
"$HERE/uninstall.sh" --root "$root" --purge > /dev/null
check "uninstall --purge removes them too" bash -c '[ ! -e "$0/var/lib/mt5db" ] && [ ! -e "$0/etc/mt5db" ]' "$root"

[ "$failed" = 0 ] || { echo "deploy/systemd/check.sh: failed" >&2; exit 1; }
echo "deploy/systemd/check.sh: all passed"
