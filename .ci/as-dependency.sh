#!/usr/bin/env bash
# trm-router as a dependency: `npm pack`, then a fresh project installs the tarball the way the
# README's "Use it in your project" tells users to, and from that project: every subpath export
# imports from plain ESM JavaScript, a TypeScript file importing them type-checks with
# moduleResolution node16 and bundler, `npx trm-router solve` answers a Sudoku and a maze with the
# packaged TRM models (not the exact fallback), the installed gateway serves a TRM solve, and
# `npx trm-router learn` trains a model with the packaged Python tools that then answers.
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
# the packaged Python tools: `learn` from the installed package (train.py, export_onnx.py and the
# modules they import, all from node_modules/trm-router/tools), then the new model answers
npx trm-router data fill-enclosed --count 200 --size 4-5 --seed 7 --out pairs.jsonl
npx trm-router learn --name fill-packed --data pairs.jsonl --out models/fill-packed --minutes 0.1 \
  --description 'Fills enclosed background with colour 4 (the packaged tools, a CI smoke test).'
printf '1111\n1001\n1111\n' > fill.txt
out="$(npx trm-router solve fill.txt --task fill-packed --models-dir models --json || true)"
node -e "const o = JSON.parse(process.argv[1]); if (o.provenance?.model !== 'fill-packed') { console.error('FAIL: the model learned by the installed package did not answer'); process.exit(1); } console.log('ok: learned from the installed package; it answered with', o.provenance.solver);" "$out"
