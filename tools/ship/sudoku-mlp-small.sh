#!/usr/bin/env bash
# Ships the small Sudoku model: export the EMA weights of the CPU training run, copy the
# held-out data beside it, and measure it with `trm-router eval --record` (the manifest's
# accuracy numbers come only from here). Run from the repository root after
#   /usr/bin/python3 tools/train.py tools/configs/sudoku_cpu_small.py
# has finished (see the commands at the top of tools/configs/sudoku_cpu_small.py).
set -euo pipefail
CKPT=${CKPT:-out/sudoku-run1/ckpt.pt}
MODEL=${MODEL:-models/sudoku-mlp-small}
DATA=out/data
MAGICTOUR=${MAGICTOUR:-../shared/data/sudoku/magictour_top1465.txt}
EVAL="npx tsx src/cli/main.ts eval --model $MODEL"

/usr/bin/python3 tools/export_onnx.py --checkpoint "$CKPT" --out "$MODEL"
# accuracy figures in the manifest come only from `trm-router eval --record` below
node -e 'const fs = require("fs"); const p = process.argv[1]; const m = JSON.parse(fs.readFileSync(p, "utf8"));
m.accuracy = null; m.accuracyNote = "measured by tools/ship/sudoku-mlp-small.sh"; fs.writeFileSync(p, JSON.stringify(m, null, 2) + "\n");' "$MODEL/manifest.json"

# held-out sets (generated with seeds never used in training, excluded from it up to augmentation),
# split by number of givens
mkdir -p "$MODEL/heldout"
split_by_givens() { # SRC DST LO HI
  node -e '
const fs = require("fs");
const [src, dst, lo, hi] = process.argv.slice(1);
const lines = fs.readFileSync(src, "utf8").split("\n").filter(Boolean)
  .filter((l) => { const g = JSON.parse(l).givens; return g >= +lo && g <= +hi; });
fs.writeFileSync(dst, lines.join("\n") + "\n");
console.log(`${dst}: ${lines.length} puzzles`);
' "$@"
}
split_by_givens "$DATA/sudoku-test.jsonl" "$MODEL/heldout/sudoku-30-40.jsonl" 30 40
split_by_givens "$DATA/sudoku-test-hard.jsonl" "$MODEL/heldout/sudoku-24-29.jsonl" 24 29

# the default halting policy, chosen from the accuracy-vs-steps curves of both held-out sets
cat "$MODEL/heldout/sudoku-30-40.jsonl" "$MODEL/heldout/sudoku-24-29.jsonl" > "$MODEL/heldout/sudoku-24-40.jsonl"
$EVAL --data "$MODEL/heldout/sudoku-24-40.jsonl" --dataset sudoku-24-40 --curves --record
rm "$MODEL/heldout/sudoku-24-40.jsonl"

for set in sudoku-30-40 sudoku-24-29; do
  for halt in adaptive verified; do
    $EVAL --data "$MODEL/heldout/$set.jsonl" --dataset "$set" --halt "$halt" --record
  done
done
$EVAL --data "$MAGICTOUR" --dataset magictour_top1465 --halt adaptive --record
