#!/usr/bin/env bash
# Ships the learned fill-enclosed model: the EMA weights of the CPU training run (tools/configs/
# grid_cpu.py, 110 minutes on 2 CPU cores, grids of 5x5 to 20x20), the held-out pairs beside it,
# and every figure of the manifest measured through the TypeScript runtime with
# `trm-router eval --record`. Run from the repository root after the training run has finished.
# The data (D=out/fill), from `trm-router data fill-enclosed` (seeds never used for training; the
# training file excludes every held-out input and its rotations and reflections):
#   C="npx tsx src/cli/main.ts data fill-enclosed"
#   $C --count 300 --size 5-10  --seed 1001 --out $D/heldout-5-10.jsonl
#   $C --count 300 --size 11-15 --seed 1002 --exclude $D/heldout-5-10.jsonl --out $D/heldout-11-15.jsonl
#   $C --count 300 --size 16-20 --seed 1003 --exclude $D/heldout-5-10.jsonl --exclude $D/heldout-11-15.jsonl --out $D/heldout-16-20.jsonl
#   $C --count 30000 --size 5-20 --seed 1 --exclude $D/heldout-5-10.jsonl --exclude $D/heldout-11-15.jsonl \
#      --exclude $D/heldout-16-20.jsonl --spec $D/spec.json --out $D/train.jsonl
# The training run:
#   /usr/bin/python3 tools/train.py tools/configs/grid_cpu.py --task_spec=$D/spec.json --train_file=$D/train.jsonl \
#     --test_files=$D/heldout-5-10.jsonl,$D/heldout-11-15.jsonl,$D/heldout-16-20.jsonl --out_dir=out/fill-run1 \
#     --time_budget_min=110.0 --curriculum_start=8 --curriculum_end=20 --eval_interval=400 --eval_puzzles=150
set -euo pipefail
CKPT=${CKPT:-out/fill-run1/ckpt.pt}
MODEL=${MODEL:-models/fill-enclosed-conv-20x20}
DATA=${DATA:-out/fill}

# accuracy figures in the manifest come only from `trm-router eval --record` below (the training
# run's own evaluation of the same pairs stays in training.trainingEval)
/usr/bin/python3 tools/export_onnx.py --checkpoint "$CKPT" --out "$MODEL" \
  --accuracy-note "measured by tools/ship/fill-enclosed-conv-20x20.sh"

mkdir -p "$MODEL/heldout"
for band in 5-10 11-15 16-20; do cp "$DATA/heldout-$band.jsonl" "$MODEL/heldout/fill-enclosed-$band.jsonl"; done

EVAL="npx tsx src/cli/main.ts eval --model $MODEL"
# the default halting policy, chosen from the accuracy-vs-steps curves of all sizes together
cat "$MODEL"/heldout/fill-enclosed-*.jsonl > "$DATA/heldout-all.jsonl"
$EVAL --data "$DATA/heldout-all.jsonl" --dataset fill-enclosed-5-20 --curves --record
# per size band: the default policy just chosen (the manifest's halting), adaptive halting at its
# chosen threshold, and all 8 steps (the official evaluation)
DEFAULT=$(node -e "const h = require('./$MODEL/manifest.json').halting; console.log(h.policy === 'fixed' ? '--halt fixed --max-steps ' + h.maxSteps : '--halt ' + h.policy)")
for band in 5-10 11-15 16-20; do
  data=("--data" "$MODEL/heldout/fill-enclosed-$band.jsonl" "--dataset" "fill-enclosed-$band")
  $EVAL "${data[@]}" $DEFAULT --record
  $EVAL "${data[@]}" --halt adaptive --record
  $EVAL "${data[@]}" --halt fixed --record
done
