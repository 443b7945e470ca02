#!/usr/bin/env bash
# trm-router as a dependency: `npm pack`, then a fresh project installs the tarball the way the
# README's "Use it in your project" tells users to, and from that project: every subpath export
# imports from plain ESM JavaScript, a TypeScript file importing them type-checks with
# moduleResolution node16 and bundler, `npx trm-router solve` answers a Sudoku and a maze with the
# packaged TRM models (not the exact fallback), and the installed gateway serves a TRM solve.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$repo"
tarball="$(npm pack --silent --pack-destination "$work" | tail -n 1)"
printf 'packed %s (%s)\n' "$tarball" "$(du -h "$work/$tarball" | cut -f1)"
mkdir "$work/app"
cd "$work/app"
npm init -y >/dev/null
npm pkg set type=module
# the README's install lines (with the tarball in place of the registry name)
npm pkg set allowScripts.onnxruntime-node=false --json
npm install --no-audit --no-fund "$work/$tarball"
du -sh node_modules | sed 's/^/installed with its dependencies: /'
# the optional peers of the subpaths that need them, and the type checker (versions as the repo pins them)
peers="$(node -e "const p = require('$repo/package.json'); const d = p.devDependencies; console.log(['@modelcontextprotocol/sdk', 'ai', '@langchain/core', 'typescript', '@types/node'].map((n) => n + '@' + d[n]).join(' '))")"
npm install --no-audit --no-fund $peers
du -sh node_modules/trm-router node_modules/onnxruntime-node | sed 's/^/installed: /'
cp "$repo/examples/puzzles/sudoku-grid.txt" "$repo/examples/puzzles/maze-30x30.txt" .
node "$repo/.ci/check-install.mjs" "$work/app"
