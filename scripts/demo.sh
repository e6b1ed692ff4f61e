#!/usr/bin/env bash
# make demo: run flake-unify's main job on the embedded example flake
# (testdata/demo), in a scratch copy so the repository is never touched.
set -euo pipefail
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$here"/testdata/demo/flake.nix "$here"/testdata/demo/flake.lock "$work"/
cd "$work"

step() { printf '\n\033[1m$ flake-unify %s\033[0m\n' "$*"; }

step graph
"$bin" graph
step check
"$bin" check || true   # exit 1: more than one nixpkgs copy
step plan
"$bin" plan --nix-version 2.8
step apply --no-commit
"$bin" apply --no-commit --nix-version 2.8
step check
"$bin" check
step "apply --no-commit   (again: nothing to do)"
"$bin" apply --no-commit --nix-version 2.8
