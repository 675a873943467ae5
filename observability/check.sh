#!/usr/bin/env bash
# Static checks of the observability files: Prometheus config and rules (promtool), the rule unit
# tests (every alert needs a case where it fires), that dashboards, rules and tests use only the
# metric names in metrics.txt, and the Alertmanager configuration (alertmanager/check.sh).
# Needs promtool and amtool (Debian: apt-get install prometheus prometheus-alertmanager) and python3
# with PyYAML (python3-yaml). The names are checked against a real scrape by ObservabilityNamesTest.
# Usage: observability/check.sh [--scrape http://127.0.0.1:8000/metrics]  (also compare with a live scrape)
set -euo pipefail
cd "$(dirname "$0")"

command -v promtool > /dev/null || { echo "promtool not found: apt-get install -y prometheus" >&2; exit 2; }
promtool check config prometheus/prometheus.yml
promtool check rules prometheus/alerts.yml
promtool test rules prometheus/alerts_test.yml
# The PrometheusRule for Kubernetes is generated from the same file: it must stay loadable.
python3 prometheus/to-prometheusrule.py > /dev/null
for dashboard in grafana/dashboards/*.json; do
  python3 -m json.tool "$dashboard" > /dev/null || { echo "invalid JSON: $dashboard" >&2; exit 1; }
done
python3 check_metric_names.py "$@"
alertmanager/check.sh
