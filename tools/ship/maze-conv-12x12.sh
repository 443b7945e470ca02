#!/usr/bin/env bash
# Ships the small maze model: export the EMA weights of the CPU training run, copy the held-out
# mazes beside it, and measure it with `trm-router eval --record` (the manifest's accuracy
# numbers come only from here). Run from the repository root after
#   /usr/bin/python3 tools/train.py tools/configs/maze_conv_cpu.py
# has finished (see the commands at the top of tools/configs/maze_conv_cpu.py; the test files
# below come from the same `data maze --unique-path` command with their own seeds:
#   --count 300 --size 6 --seed 1003 --exclude $D/maze6-train.jsonl --out $D/maze6-test.jsonl
#   --count 200 --size 16 --seed 1004 / 20 --seed 1005 / 30 --seed 1006 --out $D/maze{16,20,30}-test.jsonl).
# Then the same weights on the official 30x30 canvas (export_onnx.py --canvas 30), measured on
# mazes larger than any seen in training, for the model card only (that copy is not shipped).
set -euo pipefail
CKPT=${CKPT:-out/maze-conv1/ckpt.pt}
MODEL=${MODEL:-models/maze-conv-12x12}
BIG=${BIG:-out/maze-conv-30x30}
DATA=out/data

/usr/bin/python3 tools/export_onnx.py --checkpoint "$CKPT" --out "$MODEL"
# accuracy figures in the manifest come only from `trm-router eval --record` below
node -e 'const fs = require("fs"); const p = process.argv[1]; const m = JSON.parse(fs.readFileSync(p, "utf8"));
m.accuracy = null; m.accuracyNote = "measured by tools/ship/maze-conv-12x12.sh"; fs.writeFileSync(p, JSON.stringify(m, null, 2) + "\n");' "$MODEL/manifest.json"

# held-out mazes (seeds never used in training; the training files of the same sizes exclude them
# up to the 8 dihedral transforms): the model's own size, and smaller mazes placed in its canvas
mkdir -p "$MODEL/heldout"
cp "$DATA/maze12-test.jsonl" "$MODEL/heldout/maze-12x12.jsonl"
cp "$DATA/maze9-test.jsonl" "$MODEL/heldout/maze-9x9.jsonl"
cp "$DATA/maze6-test.jsonl" "$MODEL/heldout/maze-6x6.jsonl"

EVAL="npx tsx src/cli/main.ts eval --model $MODEL"
# the default halting policy, chosen from the accuracy-vs-steps curves of the model's own size
$EVAL --data "$MODEL/heldout/maze-12x12.jsonl" --dataset maze-12x12 --curves --record
for set in maze-12x12 maze-9x9 maze-6x6; do
  for halt in verified adaptive; do
    $EVAL --data "$MODEL/heldout/$set.jsonl" --dataset "$set" --halt "$halt" --record
  done
done

# the same weights on the 30x30 canvas, the first 100 mazes of 12x12 to 30x30 (card only)
/usr/bin/python3 tools/export_onnx.py --checkpoint "$CKPT" --out "$BIG" --canvas 30
for n in 12 16 20 30; do
  head -n 100 "$DATA/maze$n-test.jsonl" > "$BIG/maze-${n}x$n.jsonl"
  npx tsx src/cli/main.ts eval --model "$BIG" --data "$BIG/maze-${n}x$n.jsonl" --dataset "maze-${n}x$n" --halt verified
done
