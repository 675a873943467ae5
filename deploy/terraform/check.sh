#!/usr/bin/env bash
# Parses and checks the Terraform configuration without terraform or a cluster (check.mjs says
# what is checked). The HCL parser (npm @cdktf/hcl2json) is installed into DIR on first use.
# Usage: deploy/terraform/check.sh [DIR]   (default: ${XDG_CACHE_HOME:-~/.cache}/mt5db-terraform-check)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
tools="${1:-${XDG_CACHE_HOME:-$HOME/.cache}/mt5db-terraform-check}"
mkdir -p "$tools"
if [ ! -d "$tools/node_modules/@cdktf/hcl2json" ]; then
  npm install --prefix "$tools" --no-audit --no-fund --silent @cdktf/hcl2json@0.21.0 > /dev/null
fi
# check.mjs resolves the parser from its own directory.
cp "$here/check.mjs" "$tools/check.mjs"
node "$tools/check.mjs" "$here"
