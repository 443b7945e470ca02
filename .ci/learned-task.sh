#!/usr/bin/env bash
# A learned task end to end, in under a minute of training: pairs built by `trm-router data`,
# taught by `trm-router learn`, then served through the CLI, an MCP client and the gateway.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"; [ -n "${server:-}" ] && kill "$server" 2>/dev/null || true' EXIT
cli() { node "$repo/dist/cli/main.js" "$@"; }
cli data fill-enclosed --count 400 --size 4-6 --seed 5 --out "$work/pairs.jsonl"
cli learn --name fill-tiny --data "$work/pairs.jsonl" --out "$work/models/fill-tiny" --minutes 0.5 --augment dihedral \
  --description 'Fills every background area enclosed by walls with colour 4 (a CI smoke test).'
cli models --models-dir "$work/models"
printf '11111\n10001\n10001\n11111\n' > "$work/grid.txt"
out="$(cli solve "$work/grid.txt" --task fill-tiny --models-dir "$work/models" --json || true)"
echo "$out"
node -e "const o = JSON.parse(process.argv[1]); if (o.provenance?.kind !== 'trm' || o.provenance.model !== 'fill-tiny' || o.verified !== false) { console.error('FAIL: the CLI did not answer with the learned model'); process.exit(1); } console.log('ok: CLI answered with', o.provenance.solver);" "$out"
node "$repo/.ci/mcp-call.mjs" "$repo" "$work/models" fill-tiny
port="$(node -e "const s = require('net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })")"
# node itself in the background, not the `cli` function: $! must be the server's own pid, or the
# trap's kill stops a subshell and leaves the gateway running after CI
node "$repo/dist/cli/main.js" serve --port "$port" --models-dir "$work/models" > "$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
reply="$(curl -s "http://127.0.0.1:$port/v1/solve" -H 'content-type: application/json' -d '{"task": "fill-tiny", "puzzle": [[1,1,1,1,1],[1,0,0,0,1],[1,0,0,0,1],[1,1,1,1,1]]}')"
echo "$reply"
node -e "const o = JSON.parse(process.argv[1]); if (o.provenance?.model !== 'fill-tiny' || o.verified !== false) { console.error('FAIL: the gateway did not answer with the learned model'); process.exit(1); } console.log('ok: gateway answered with', o.provenance.solver);" "$reply"
curl -s "http://127.0.0.1:$port/v1/models" | node -e "let t = ''; process.stdin.on('data', (c) => (t += c)).on('end', () => { if (!t.includes('fill-tiny')) { console.error('FAIL: /v1/models does not list fill-tiny'); process.exit(1); } console.log('ok: /v1/models lists fill-tiny'); });"
