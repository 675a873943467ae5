#!/usr/bin/env bash
# Renders the kustomize base, every overlay, and the base with each component; with --schemas DIR
# also validates the rendered objects against the Kubernetes and Prometheus Operator schemas
# offline (npm packages installed into DIR on first use). No cluster is needed.
# Usage: deploy/k8s/check.sh [--schemas DIR]
set -euo pipefail
cd "$(dirname "$0")"
schemas=""
[ "${1:-}" = --schemas ] && schemas="${2:?--schemas needs a directory}"

out="$(mktemp -d)"
# Kustomize only accepts relative paths to bases: the component checks live here for a moment.
scratch="$(mktemp -d ./.check.XXXXXX)"
trap 'rm -rf "$out" "$scratch"' EXIT

render() { # NAME DIR [LABEL]
  kubectl kustomize "$2" > "$out/$1.yaml"
  echo "rendered ${3:-$2}: $(grep -c '^kind:' "$out/$1.yaml") objects"
}
render base base
for overlay in overlays/*; do
  render "overlay-$(basename "$overlay")" "$overlay"
done
for component in components/*; do
  name="$(basename "$component")"
  mkdir -p "$scratch/$name"
  printf 'resources:\n  - ../../base\ncomponents:\n  - ../../%s\n' "$component" > "$scratch/$name/kustomization.yaml"
  render "component-$name" "$scratch/$name" "base + $component"
done

if [ -n "$schemas" ]; then
  mkdir -p "$schemas"
  if [ ! -d "$schemas/node_modules/kubernetes-models" ]; then
    npm install --prefix "$schemas" --no-audit --no-fund --silent \
      kubernetes-models@5.1.0 @kubernetes-models/prometheus-operator@6.0.0 yaml@2
  fi
  cp validate-schemas.mjs "$schemas/"
  node "$schemas/validate-schemas.mjs" "$out"/*.yaml
fi
