#!/usr/bin/env bash
# A newcomer's first minutes: this commit cloned into an empty temporary folder (nothing beside
# it, not even the team's scratch folder), then exactly the README's two quick-start commands in
# a clean environment (only PATH and a fresh HOME: no npm cache, no variables).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
git clone -q --no-local "$repo" "$work/trm-router"
git -C "$work/trm-router" checkout -q "$(git -C "$repo" rev-parse HEAD)"
mkdir "$work/home"
commands="$(node "$repo/.ci/readme-quickstart.mjs" "$repo/README.md")"
cd "$work/trm-router"
while IFS= read -r cmd; do
  printf '\n$ %s\n' "$cmd"
  env -i HOME="$work/home" PATH="$PATH" bash -euo pipefail -c "$cmd"
done <<< "$commands"
