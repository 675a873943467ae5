#!/usr/bin/env bash
# Checks observability/alertmanager/alertmanager.yml: syntax (amtool check-config), which receiver
# each kind of alert reaches (amtool config routes test), and, when the Alertmanager binary is
# installed, the inhibition rules on a real Alertmanager (started on a free local port, no cluster,
# a few seconds): alerts posted while Mt5dbDatabaseDown fires are suppressed, a full disk is not.
# Needs amtool (Debian: apt-get install prometheus-alertmanager).
set -euo pipefail
cd "$(dirname "$0")"
command -v amtool > /dev/null || { echo "amtool not found: apt-get install -y prometheus-alertmanager" >&2; exit 2; }
amtool check-config alertmanager.yml

route() {  # expected receiver, then labels
  local expected="$1"; shift
  amtool config routes test --config.file=alertmanager.yml --verify.receivers="$expected" "$@" > /dev/null 2>&1 \
    || { echo "route test failed: $* should reach $expected, reaches $(amtool config routes test --config.file=alertmanager.yml "$@" 2> /dev/null)" >&2; exit 1; }
}
route email-and-webhook alertname=Mt5dbDatabaseDown severity=critical service=postgres
route email-and-webhook alertname=Mt5dbJobStalled severity=critical job=rollup
route email-and-webhook alertname=Mt5dbDiskAlmostFull severity=critical service=node
route email-and-webhook alertname=Mt5dbBackupFailed severity=critical
route webhook alertname=Mt5dbJobLagHigh severity=warning job=indicators
route webhook alertname=Mt5dbHighDuplicateRate severity=warning
route webhook alertname=Mt5dbModelAccuracyLow severity=warning
echo "alertmanager routes: ok"

binary="$(command -v prometheus-alertmanager || command -v alertmanager || true)"
if [ -z "$binary" ]; then
  echo "note: no alertmanager binary, inhibition not tested"
  exit 0
fi
work="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$binary" --config.file=alertmanager.yml --storage.path="$work" --web.listen-address="127.0.0.1:$port" \
  --cluster.listen-address= > "$work/log" 2>&1 &
pid=$!
trap 'kill "$pid" 2> /dev/null || true; wait "$pid" 2> /dev/null || true; rm -rf "$work"' EXIT
url="http://127.0.0.1:$port"
for _ in $(seq 1 50); do
  amtool --alertmanager.url="$url" alert query > /dev/null 2>&1 && break
  sleep 0.2
done
am() { amtool --alertmanager.url="$url" "$@"; }
am alert add Mt5dbDatabaseDown severity=critical service=postgres instance=postgres-exporter:9187
am alert add Mt5dbJobFailing severity=critical job=rollup
am alert add Mt5dbApiServerErrors severity=critical route=/ingest
am alert add Mt5dbDiskAlmostFull severity=critical service=node mountpoint=/
am alert add Mt5dbJobStalled severity=critical job=indicators
am alert add Mt5dbJobLagHigh severity=warning job=indicators
sleep 1
states="$(am alert query --active --inhibited -o json | python3 -c '
import json, sys
for alert in sorted(json.load(sys.stdin), key=lambda a: a["labels"]["alertname"]):
    print(alert["labels"]["alertname"], alert["status"]["state"])')"
expected="Mt5dbApiServerErrors suppressed
Mt5dbDatabaseDown active
Mt5dbDiskAlmostFull active
Mt5dbJobFailing suppressed
Mt5dbJobLagHigh suppressed
Mt5dbJobStalled suppressed"
[ "$states" = "$expected" ] || { printf 'inhibition: got\n%s\nexpected\n%s\n' "$states" "$expected" >&2; exit 1; }
echo "alertmanager inhibition: ok (database down holds back the job and API alerts, not the disk)"
