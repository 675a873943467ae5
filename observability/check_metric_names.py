#!/usr/bin/env python3
"""Fails when a dashboard, alert rule or rule test names a metric that is not in metrics.txt.

Usage: check_metric_names.py [--scrape URL_OR_FILE]
  --scrape  also compares metrics.txt with a real /metrics scrape: a listed family with another
            type in the scrape is an error; listed families absent from it are reported (a family
            appears only after its code first records something, e.g. job_lag_seconds).

Needs python3 and PyYAML (Debian: python3-yaml).
"""
import argparse
import json
import pathlib
import re
import sys
import urllib.request

import yaml

HERE = pathlib.Path(__file__).resolve().parent
SUFFIXES = {
    "counter": [""],
    "gauge": [""],
    # Micrometer adds a NAME_max gauge beside histograms and summaries.
    "histogram": ["_bucket", "_count", "_sum", "_max"],
    "summary": ["", "_count", "_sum", "_max"],
}
SOURCES = {"app", "prometheus", "postgres_exporter", "node_exporter", "pending"}
SOURCE_OF = {}
KEYWORDS = {"and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring",
            "group_left", "group_right", "inf", "nan", "atan2", "start", "end"}
TOKEN = re.compile(r"\d+(?:\.\d+)?(?:e[+-]?\d+)?[a-zA-Z]*|[a-zA-Z_:][a-zA-Z0-9_:]*")


def load_allow_list():
    families = {}
    for number, raw in enumerate((HERE / "metrics.txt").read_text().splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        if len(parts) not in (2, 3) or parts[1] not in SUFFIXES or (len(parts) == 3 and parts[2] not in SOURCES):
            sys.exit(f"metrics.txt:{number}: expected 'NAME TYPE [SOURCE]' with TYPE in {sorted(SUFFIXES)}"
                     f" and SOURCE in {sorted(SOURCES)}: {raw!r}")
        families[parts[0]] = parts[1]
        SOURCE_OF[parts[0]] = parts[2] if len(parts) == 3 else "app"
    return families


def series_names(families):
    return {name + suffix for name, kind in families.items() for suffix in SUFFIXES[kind]}


def metric_names(expr):
    """Metric names a PromQL expression (or Grafana query) selects."""
    text = expr.strip()
    label_values = re.fullmatch(r"label_values\((.*),\s*[a-zA-Z_]\w*\s*\)", text, re.S)
    if label_values:
        text = label_values.group(1)
    elif re.fullmatch(r"label_values\(\s*[a-zA-Z_]\w*\s*\)", text):
        return set()
    text = re.sub(r'"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'|`[^`]*`', '""', text)
    text = re.sub(r"\{[^{}]*\}", " ", text)
    text = re.sub(r"\[[^\[\]]*\]", " ", text)
    text = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^()]*\)", " ", text)
    text = re.sub(r"\$\{[^}]*\}|\$\w+", " ", text)
    names = set()
    for match in TOKEN.finditer(text):
        token = match.group(0)
        if token[0].isdigit() or token.lower() in KEYWORDS:
            continue
        if re.match(r"\s*\(", text[match.end():]):
            continue  # a function or aggregation
        names.add(token)
    return names


def dashboard_queries(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "expr" and isinstance(value, str):
                yield value
            elif key == "templating":
                for variable in value.get("list", []):
                    source = variable.get("datasource")
                    is_sql = isinstance(source, dict) and "postgres" in str(source.get("type", ""))
                    if variable.get("type") == "query" and not is_sql:  # SQL: GrafanaPanelSqlTest
                        query = variable.get("query")
                        yield query.get("query", "") if isinstance(query, dict) else (query or "")
            else:
                yield from dashboard_queries(value)
    elif isinstance(node, list):
        for item in node:
            yield from dashboard_queries(item)


def references():
    """(where, expression) for every query in the dashboards, rules and rule tests."""
    for path in sorted((HERE / "grafana" / "dashboards").glob("*.json")):
        for expr in dashboard_queries(json.loads(path.read_text())):
            yield path.relative_to(HERE), expr
    rules = yaml.safe_load((HERE / "prometheus" / "alerts.yml").read_text())
    for group in rules["groups"]:
        for rule in group["rules"]:
            yield f"prometheus/alerts.yml {rule.get('alert') or rule.get('record')}", rule["expr"]
    tests = yaml.safe_load((HERE / "prometheus" / "alerts_test.yml").read_text())
    for test in tests["tests"]:
        for series in test.get("input_series", []):
            yield "prometheus/alerts_test.yml input_series", series["series"]
        for case in test.get("promql_expr_test", []):
            yield "prometheus/alerts_test.yml promql_expr_test", case["expr"]


def untested_alerts():
    """Every alert needs a promtool case in which it fires (exp_alerts not empty)."""
    rules = yaml.safe_load((HERE / "prometheus" / "alerts.yml").read_text())
    tests = yaml.safe_load((HERE / "prometheus" / "alerts_test.yml").read_text())
    fired = {case["alertname"] for test in tests["tests"] for case in test.get("alert_rule_test", [])
             if case.get("exp_alerts")}
    return [f"prometheus/alerts.yml {rule['alert']}: no case in alerts_test.yml where it fires"
            for group in rules["groups"] for rule in group["rules"]
            if "alert" in rule and rule["alert"] not in fired]


def scraped_types(source):
    if re.match(r"https?://", source):
        with urllib.request.urlopen(source, timeout=10) as response:
            text = response.read().decode("utf-8")
    else:
        text = pathlib.Path(source).read_text()
    return dict(re.findall(r"^# TYPE (\S+) (\S+)", text, re.M))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scrape")
    args = parser.parse_args()
    families = load_allow_list()
    allowed = series_names(families)
    errors = []
    checked = 0
    for where, expr in references():
        checked += 1
        names = metric_names(expr)
        if not names and not expr.strip().startswith(("vector(", "time(")):
            errors.append(f"{where}: no metric found in {expr!r}")
        for name in sorted(names - allowed):
            errors.append(f"{where}: '{name}' is not in metrics.txt")
    errors += untested_alerts()
    if args.scrape:
        seen = scraped_types(args.scrape)
        for name, kind in sorted(families.items()):
            if SOURCE_OF[name] not in ("app", "pending"):
                continue
            if name not in seen:
                print(f"note: {name} is not in the scrape (not recorded yet in that process?)")
            elif seen[name] != kind:
                errors.append(f"metrics.txt: {name} is listed as {kind} but the scrape says {seen[name]}")
    for error in errors:
        print(f"ERROR {error}", file=sys.stderr)
    print(f"{checked} queries checked against {len(families)} allowed metric families: "
          f"{'FAILED' if errors else 'ok'}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
