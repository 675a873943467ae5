#!/bin/bash
# Exits 0 when GET http://127.0.0.1:$PORT<path> answers 200 (default path /q/health/ready).
# For docker-compose health checks: the image has no curl, so this uses bash's /dev/tcp.
path="${1:-/q/health/ready}"
{ exec 3<> "/dev/tcp/127.0.0.1/${PORT:-8000}"; } 2> /dev/null || exit 1
printf 'GET %s HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$path" >&3
IFS= read -r -t 5 status <&3 || exit 1
case "$status" in
  "HTTP/1."?" 200 "*) exit 0 ;;
  *) exit 1 ;;
esac
