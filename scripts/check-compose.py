#!/usr/bin/env python3
"""Static checks of docker-compose.yml (no Docker needed): what `docker compose config` would reject
and what it would accept but get wrong.

- images: every service has an image with an explicit tag (after ${VAR:-default}), or a build;
- ports: well-formed, no host port published twice, everything but the api bound to 127.0.0.1;
- environment: a ${VAR} without default is required (${VAR:?why}) somewhere in the file; every
  variable set on an app role (image mt5db) is one the app reads (application.properties or
  src/main), a QUARKUS_* property, an OTEL_* or the image's JAVA_OPTS_APPEND: a typo would be ignored;
- depends_on: targets exist, `service_healthy` targets have a healthcheck, no cycles, and no service
  that always starts depends on one behind a profile;
- volumes: named volumes are declared, bind-mounted files and directories exist in the repository;
- addresses: Prometheus targets, Grafana data sources, the collector's and Promtail's destinations
  name services of the file.
Needs PyYAML (Debian: python3-yaml). Usage: scripts/check-compose.py [docker-compose.yml]
"""
import os
import re
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COMPOSE = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "docker-compose.yml")
VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])((?:[^{}]|\{[^{}]*\})*))?\}")
RUNTIME_BIND_DIRS = {"./backups", "./backups/metrics"}  # created by the operator (see the file's header)
APP_ENV_EXTRA = {"JAVA_OPTS_APPEND", "MT5DB_EMBEDDED_DB"}

errors = []


def error(message):
    errors.append(message)


def substitute_defaults(text):
    """${VAR:-default} -> default, ${VAR:?msg} / ${VAR} -> VAR (a placeholder)."""
    previous = None
    while previous != text:
        previous = text
        text = VAR.sub(lambda m: m.group(3) if m.group(2) in (":-", "-") else m.group(1), text)
    return text


with open(COMPOSE, encoding="utf-8") as f:
    raw = f.read()
compose = yaml.safe_load(raw)
services = compose.get("services") or {}
if not services:
    error("no services")

# ---- variables ----------------------------------------------------------------------------------
required = set()
bare = set()
for match in VAR.finditer(raw):
    name, op, _ = match.groups()
    if op in (":?", "?"):
        required.add(name)
    elif op is None:
        bare.add(name)
for inner in re.finditer(r"\$\{[A-Za-z_0-9]+:-(\$\{[A-Za-z_0-9]+\})\}", raw):
    bare.add(inner.group(1)[2:-1])
for name in sorted(bare - required):
    error(f"${{{name}}} has neither a default (:-) nor is it required (:?) anywhere: it would silently be empty")


def read_app_sources():
    texts = []
    for base in ("src/main/resources", "src/main/java", "src/main/docker"):
        for folder, _, files in os.walk(os.path.join(ROOT, base)):
            for name in files:
                try:
                    with open(os.path.join(folder, name), encoding="utf-8") as f:
                        texts.append(f.read())
                except (UnicodeDecodeError, OSError):
                    pass
    return "\n".join(texts)


app_sources = read_app_sources()


def env_of(service):
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return env


# ---- services -----------------------------------------------------------------------------------
published = {}
for name, service in services.items():
    if not isinstance(service, dict):
        error(f"{name}: not a mapping")
        continue
    image = service.get("image")
    if not image and not service.get("build"):
        error(f"{name}: neither image nor build")
    if image:
        resolved = substitute_defaults(str(image))
        reference = re.fullmatch(r"((?:[a-z0-9.-]+(?::\d+)?/)?[a-z0-9._/-]+)(?::([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(@sha256:[0-9a-f]{64})?", resolved)
        if not reference:
            error(f"{name}: image '{resolved}' is no valid reference")
        elif not reference.group(2) and not reference.group(3):
            error(f"{name}: image '{resolved}' has no tag (it would float with :latest)")

    for port in service.get("ports") or []:
        spec = substitute_defaults(str(port))
        m = re.fullmatch(r"(?:(\d+\.\d+\.\d+\.\d+):)?(?:(\d+):)?(\d+)(?:/(tcp|udp))?", spec)
        if not m:
            error(f"{name}: port '{spec}' is malformed")
            continue
        address, host_port, _, _ = m.groups()
        if host_port:
            if host_port in published:
                error(f"{name}: host port {host_port} already published by {published[host_port]}")
            published[host_port] = name
        if name != "api" and address != "127.0.0.1":
            error(f"{name}: port '{spec}' is published on every interface; bind it to 127.0.0.1")

    app = "mt5db" in substitute_defaults(str(image or ""))
    if app and "entrypoint" not in service:
        for key in env_of(service):
            if key.startswith(("QUARKUS_", "OTEL_")) or key in APP_ENV_EXTRA:
                continue
            if not re.search(r"\$\{" + re.escape(key) + r"[:}]|\"" + re.escape(key) + r"\"", app_sources):
                error(f"{name}: environment {key} is read nowhere in the app (application.properties, src/main)")

    healthcheck = service.get("healthcheck")
    if healthcheck and not healthcheck.get("disable") and not healthcheck.get("test"):
        error(f"{name}: healthcheck without test")

    volumes = service.get("volumes") or []
    for volume in volumes:
        source = volume.get("source") if isinstance(volume, dict) else str(volume).split(":")[0]
        if source.startswith(("./", "../", "/")):
            if source.startswith("./") and source not in RUNTIME_BIND_DIRS and not os.path.exists(os.path.join(ROOT, source)):
                error(f"{name}: bind mount source {source} does not exist")
        elif source not in (compose.get("volumes") or {}):
            error(f"{name}: volume {source} is not declared under volumes:")

# ---- depends_on ---------------------------------------------------------------------------------
graph = {}
for name, service in services.items():
    depends = service.get("depends_on") or {}
    if isinstance(depends, list):
        depends = {target: {"condition": "service_started"} for target in depends}
    graph[name] = list(depends)
    for target, spec in depends.items():
        if target not in services:
            error(f"{name}: depends_on {target}, which is no service")
            continue
        condition = (spec or {}).get("condition", "service_started")
        if condition not in ("service_started", "service_healthy", "service_completed_successfully"):
            error(f"{name}: depends_on {target} with unknown condition {condition}")
        if condition == "service_healthy" and not services[target].get("healthcheck"):
            error(f"{name}: waits for {target} to be healthy, but {target} has no healthcheck")
        own_profiles = set(service.get("profiles") or [])
        target_profiles = set(services[target].get("profiles") or [])
        if target_profiles and not (own_profiles and own_profiles <= target_profiles):
            error(f"{name}: depends_on {target}, which only starts with profile(s) {sorted(target_profiles)}")


def find_cycle():
    state = {}

    def visit(node, path):
        state[node] = "open"
        for nxt in graph.get(node, []):
            if state.get(nxt) == "open":
                return path + [nxt]
            if nxt not in state:
                found = visit(nxt, path + [nxt])
                if found:
                    return found
        state[node] = "done"
        return None

    for node in graph:
        if node not in state:
            found = visit(node, [node])
            if found:
                return found
    return None


cycle = find_cycle()
if cycle:
    error("depends_on cycle: " + " -> ".join(cycle))

# ---- addresses in the mounted configuration -----------------------------------------------------
def hosts_in(path, pattern):
    full = os.path.join(ROOT, path)
    if not os.path.exists(full):
        return []
    with open(full, encoding="utf-8") as f:
        return [(path, host) for host in re.findall(pattern, f.read())]


addresses = []
addresses += hosts_in("observability/prometheus/prometheus.yml", r"[\"']([a-z][a-z0-9-]*):\d+[\"']")
for folder, _, files in os.walk(os.path.join(ROOT, "observability/grafana/provisioning/datasources")):
    for file in files:
        rel = os.path.relpath(os.path.join(folder, file), ROOT)
        addresses += hosts_in(rel, r"url: (?:https?://)?([a-z][a-z0-9-]*):\d+")
addresses += hosts_in("observability/otel/collector.yml", r"endpoint: ([a-z][a-z0-9-]*):\d+")
addresses += hosts_in("observability/promtail/promtail.yml", r"url: https?://([a-z][a-z0-9-]*):\d+")
for name, service in services.items():
    for key, value in env_of(service).items():
        m = re.match(r"(?:https?|jdbc:postgresql|postgres)://(?:[^@/]*@)?([a-z][a-z0-9-]*):", substitute_defaults(str(value)))
        if m:
            addresses.append((f"docker-compose.yml {name}.{key}", m.group(1)))
for where, host in addresses:
    if host not in services and host not in ("localhost", "0.0.0.0"):
        error(f"{where}: address {host} is no compose service")
if not addresses:
    error("no service addresses found in the mounted configuration (did the files move?)")

if errors:
    for message in errors:
        print(f"docker-compose.yml: {message}", file=sys.stderr)
    sys.exit(1)
print(f"docker-compose.yml: {len(services)} services, {len(published)} published ports, "
      f"{len(addresses)} addresses checked")
