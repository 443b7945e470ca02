#!/usr/bin/env bash
# Ships the int8 copy of sudoku-9x9-mlp-small (tools/quantize_onnx.py: per-channel int8 weights,
# dynamic uint8 activations, SwiGLU down-projections kept fp32) and measures it on the fp32
# model's held-out sets with `trm-router eval --record`. Run after tools/ship/sudoku-9x9-mlp-small.sh.
set -euo pipefail
SRC=${SRC:-models/sudoku-9x9-mlp-small}
MODEL=${MODEL:-models/sudoku-9x9-mlp-small-int8}
EVAL="npx tsx src/cli/main.ts eval --model $MODEL"

/usr/bin/python3 tools/quantize_onnx.py --model "$SRC" --precision int8 --out "$MODEL"
# its own default halting policy, chosen from its own curves on both held-out sets together
cat "$SRC/heldout/sudoku-30-40.jsonl" "$SRC/heldout/sudoku-24-29.jsonl" > "$MODEL/sudoku-24-40.jsonl"
$EVAL --data "$MODEL/sudoku-24-40.jsonl" --dataset sudoku-24-40 --curves --record
rm "$MODEL/sudoku-24-40.jsonl"
for set in sudoku-30-40 sudoku-24-29; do
  for halt in verified adaptive; do
    $EVAL --data "$SRC/heldout/$set.jsonl" --dataset "$set" --halt "$halt" --record
  done
done
