#!/usr/bin/env bash
# Ships a canvas variant of a shipped maze model: the same weights (read back from its ONNX file)
# exported for a smaller N x N canvas, with manifest variantOf naming the model. A maze that fits
# runs there at a fraction of the cost (S = N*N positions instead of 900), and `chooseModel` takes
# the smallest canvas of a model and its variants that a maze fits. The held-out files given keep
# the mazes that fit N x N, in order, in the variant's folder (a file FILE:NAME is written as
# heldout/NAME.jsonl; otherwise under its own name), and every figure is measured on the
# variant itself with `trm-router eval --record`; its default halting comes from its own curves
# (the Q head reads the grid mean, which depends on the canvas), with the same step cap as the
# model's own default halting (its manifest's halting.maxSteps: 8 for maze-conv-30x30, 16 for
# maze-mix-conv-30x30) and exploration (halting.explore, where it has one). The first held-out
# file chooses the halting. Run from the repository root:
#   bash tools/ship/maze-variant.sh models/maze-conv-30x30 12 models/maze-conv-30x30/heldout/maze-12x12.jsonl ...
#   bash tools/ship/maze-variant.sh models/maze-mix-conv-30x30 25 \
#     models/maze-mix-conv-30x30/heldout/braid-21-30.jsonl:braid-21-25 ...     # the 21-30 mazes that fit 25x25
set -euo pipefail
MAIN=${1:?usage: maze-variant.sh MAIN_DIR N HELDOUT.jsonl...}
N=${2:?canvas side}
shift 2
[ "$#" -gt 0 ] || { echo "maze-variant.sh: name at least one held-out file" >&2; exit 2; }
BASE=$(basename "$MAIN")
NAME=${BASE%-*}-${N}x$N
OUT=models/$NAME
CKPT=$(mktemp --suffix .pt)
trap 'rm -f "$CKPT"' EXIT
/usr/bin/python3 tools/onnx_init.py "$MAIN" "$CKPT"
/usr/bin/python3 tools/export_onnx.py --checkpoint "$CKPT" --canvas "$N" --out "$OUT" --variant-of "$BASE" \
  --accuracy-note "measured by tools/ship/maze-variant.sh"
# the manifest's training commands: the model's, then how these weights were carried over
/usr/bin/python3 - "$OUT/manifest.json" "$MAIN" "$N" "$BASE" <<'PY'
import json, sys
path, main, n, base = sys.argv[1:]
m = json.load(open(path))
m["training"]["commands"] = m["training"].get("commands", []) + [
    f"onnx_init.py {main} CKPT", f"export_onnx.py --checkpoint CKPT --canvas {n} --variant-of {base}"]
with open(path, "w") as f:
    json.dump(m, f, indent=2)
    f.write("\n")
PY
mkdir -p "$OUT/heldout"
NAMES=()
for f in "$@"; do
  src=${f%%:*}
  name=$(basename "$src" .jsonl)
  [ "$src" = "$f" ] || name=${f#*:}
  # every maze of the file whose both sides fit the canvas, byte for byte and in order
  /usr/bin/python3 -c 'import json, sys
n = int(sys.argv[2])
with open(sys.argv[1]) as src, open(sys.argv[3], "w") as out:
    for line in src:
        if line.strip() and max(json.loads(line)["rows"], json.loads(line)["cols"]) <= n:
            out.write(line)' "$src" "$N" "$OUT/heldout/$name.jsonl"
  [ -s "$OUT/heldout/$name.jsonl" ] || { echo "maze-variant.sh: no maze of $src fits ${N}x$N" >&2; exit 2; }
  NAMES+=("$name")
done
read -r STEPS EXPLORE < <(/usr/bin/python3 -c 'import json, sys; h = json.load(open(sys.argv[1]))["halting"]; print(h["maxSteps"], h.get("explore", 0))' "$MAIN/manifest.json")
EVAL="npx tsx src/cli/main.ts eval --model $OUT --max-steps $STEPS"
first=${NAMES[0]}
$EVAL --data "$OUT/heldout/$first.jsonl" --dataset "$first" --curves --explore "$EXPLORE" --record
for d in "${NAMES[@]}"; do
  # the default (with the model's exploration, when it has one), the first sample alone, adaptive halting
  [ "$EXPLORE" = 0 ] || $EVAL --data "$OUT/heldout/$d.jsonl" --dataset "$d" --halt verified --explore "$EXPLORE" --record
  for halt in verified adaptive; do
    $EVAL --data "$OUT/heldout/$d.jsonl" --dataset "$d" --halt "$halt" --record
  done
done
