#!/usr/bin/env bash
# Ships the maze model: the EMA weights of the CPU training run (tools/configs/maze_conv_cpu.py,
# mazes of 4x4 to 12x12 on a 12x12 canvas) exported for the official 30x30 canvas (the convolution
# token mixer's weights do not depend on the canvas), the held-out mazes beside it, and every
# figure measured with `trm-router eval --record` (the manifest's accuracy numbers come only from
# here). Run from the repository root after the training run has finished. Test files, from
# `npx tsx src/cli/main.ts data maze --unique-path` with seeds never used in training (D=out/data;
# the 9x9 test file of the training run is not shipped):
#   --count 500 --size 12 --seed 1001 --out $D/maze12-test.jsonl   (excluded from the 12x12 training file)
#   --count 300 --size 6 --seed 1003 --exclude $D/maze6-train.jsonl --out $D/maze6-test.jsonl
#   --count 200 --size 20 --seed 1005 --out $D/maze20-test.jsonl   (larger than any training maze)
#   --count 200 --size 30 --seed 1006 --out $D/maze30-test.jsonl   (idem; shortest paths >= 110)
set -euo pipefail
CKPT=${CKPT:-out/maze-conv1/ckpt.pt}
MODEL=${MODEL:-models/maze-conv-30x30}
DATA=out/data

# accuracy figures in the manifest come only from `trm-router eval --record` below: the export
# writes accuracy null (the training run's own evaluation, on the 12x12 canvas, stays in
# training.trainingEval)
/usr/bin/python3 tools/export_onnx.py --checkpoint "$CKPT" --out "$MODEL" --canvas 30 \
  --accuracy-note "measured by tools/ship/maze-conv-30x30.sh"

# held-out mazes: the canvas size, and smaller mazes placed in it (walls around them)
# (the first 200 of each file)
mkdir -p "$MODEL/heldout"
for n in 30 20 12 6; do head -n 200 "$DATA/maze$n-test.jsonl" > "$MODEL/heldout/maze-${n}x$n.jsonl"; done

EVAL="npx tsx src/cli/main.ts eval --model $MODEL"
# the default halting policy, chosen from the accuracy-vs-steps curves of the canvas size
$EVAL --data "$MODEL/heldout/maze-30x30.jsonl" --dataset maze-30x30 --curves --record
for n in 30 20 12 6; do
  for halt in verified adaptive; do
    $EVAL --data "$MODEL/heldout/maze-${n}x$n.jsonl" --dataset "maze-${n}x$n" --halt "$halt" --record
  done
done
# all 8 steps, as the official evaluation (the verified stop halts at the first step whose path
# verifies, which may still mark a stray cell: token-exact is the stricter measure here)
$EVAL --data "$MODEL/heldout/maze-30x30.jsonl" --dataset maze-30x30 --halt fixed --record

# card only (not recorded): mazes with tied shortest paths, which training never showed
#   data maze --count 100 --size 30 --seed 1007 --out $D/maze30-ties-test.jsonl (and --size 12 --seed 1008)
for n in 30 12; do
  if [ -f "$DATA/maze$n-ties-test.jsonl" ]; then
    $EVAL --data "$DATA/maze$n-ties-test.jsonl" --dataset "maze-${n}x$n-ties" --halt verified
  fi
done
