#!/usr/bin/env bash
# Ships the small maze model: export the EMA weights of the CPU training run, copy the held-out
# mazes beside it, and measure it with `trm-router eval --record` (the manifest's accuracy
# numbers come only from here). Run from the repository root after
#   /usr/bin/python3 tools/train.py tools/configs/maze_cpu_small.py
# has finished (see the commands at the top of tools/configs/maze_cpu_small.py).
set -euo pipefail
CKPT=${CKPT:-out/maze-run3/ckpt.pt}
MODEL=${MODEL:-models/maze-mlp-12x12}
DATA=out/data
EVAL="npx tsx src/cli/main.ts eval --model $MODEL"

/usr/bin/python3 tools/export_onnx.py --checkpoint "$CKPT" --out "$MODEL"
# accuracy figures in the manifest come only from `trm-router eval --record` below
node -e 'const fs = require("fs"); const p = process.argv[1]; const m = JSON.parse(fs.readFileSync(p, "utf8"));
m.accuracy = null; m.accuracyNote = "measured by tools/ship/maze-mlp-12x12.sh"; fs.writeFileSync(p, JSON.stringify(m, null, 2) + "\n");' "$MODEL/manifest.json"

# held-out mazes (seeds never used in training; the 12x12 and 9x9 training files exclude them
# up to the 8 dihedral transforms): the model's own size, and smaller mazes placed in its canvas
mkdir -p "$MODEL/heldout"
cp "$DATA/maze12-test.jsonl" "$MODEL/heldout/maze-12x12.jsonl"
cp "$DATA/maze9-test.jsonl" "$MODEL/heldout/maze-9x9.jsonl"

# the default halting policy, chosen from the accuracy-vs-steps curves of the model's own size
$EVAL --data "$MODEL/heldout/maze-12x12.jsonl" --dataset maze-12x12 --curves --record

for set in maze-12x12 maze-9x9; do
  for halt in adaptive verified fixed; do
    $EVAL --data "$MODEL/heldout/$set.jsonl" --dataset "$set" --halt "$halt" --record
  done
done
