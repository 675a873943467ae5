#!/usr/bin/env bash
# CI: a throw-away PostgreSQL 15 cluster for the steps that need a server of their own (the backup
# round trip, the app through PgBouncer). Debian's postgresql-common tools; trust authentication on
# 127.0.0.1 only. Installs postgresql-15 with apt-get when missing.
# Usage: scripts/ci-cluster.sh up|down   (env: CI_PG_PORT, default 55491)
# `up` prints the admin URL: postgresql://postgres@127.0.0.1:PORT/postgres
set -euo pipefail

PORT="${CI_PG_PORT:-55491}"
CLUSTER="mt5db_ci"

case "${1:-}" in
  up)
    if [ ! -x /usr/lib/postgresql/15/bin/postgres ] || ! command -v pg_createcluster > /dev/null 2>&1; then
      apt-get update -qq > /dev/null
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-15 > /dev/null
    fi
    pg_dropcluster --stop 15 "$CLUSTER" > /dev/null 2>&1 || true
    pg_createcluster 15 "$CLUSTER" -p "$PORT" -- --auth-local=trust --auth-host=trust > /dev/null
    pg_ctlcluster --skip-systemctl-redirect 15 "$CLUSTER" start -- \
      -o "-c listen_addresses=127.0.0.1 -c max_connections=100 -c fsync=off"
    echo "postgresql://postgres@127.0.0.1:$PORT/postgres"
    ;;
  down)
    pg_dropcluster --stop 15 "$CLUSTER" > /dev/null 2>&1 || true
    ;;
  *)
    echo "usage: $0 up|down" >&2
    exit 2
    ;;
esac
