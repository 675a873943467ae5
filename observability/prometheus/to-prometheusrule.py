#!/usr/bin/env python3
"""Prints alerts.yml as a Prometheus Operator PrometheusRule, so that Kubernetes installations
(deploy/k8s/components/prometheus-operator) load the same rules as the docker-compose Prometheus.

Usage: to-prometheusrule.py [--namespace mt5db] [--label KEY=VALUE ...] | kubectl apply -f -
--label adds metadata labels (many operators select rules by a label such as release=prometheus).
"""
import argparse
import pathlib
import sys

import yaml

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("--namespace", default="mt5db")
parser.add_argument("--label", action="append", default=[], metavar="KEY=VALUE")
args = parser.parse_args()

rules = yaml.safe_load((pathlib.Path(__file__).resolve().parent / "alerts.yml").read_text())
labels = {"app.kubernetes.io/name": "mt5db"}
for pair in args.label:
    key, _, value = pair.partition("=")
    labels[key] = value
yaml.safe_dump({
    "apiVersion": "monitoring.coreos.com/v1",
    "kind": "PrometheusRule",
    "metadata": {"name": "mt5db", "namespace": args.namespace, "labels": labels},
    "spec": {"groups": rules["groups"]},
}, sys.stdout, sort_keys=False, width=120)
