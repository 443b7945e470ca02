#!/usr/bin/env bash
# Ships the maze model for mazes as users draw them (issue 17): the EMA weights of the two-stage
# CPU fine-tune of maze-conv-30x30 on the five maze generators (tools/configs/maze_mix_cpu.py on a
# 16x16 canvas, then tools/configs/maze_mix30_cpu.py on 30x30), exported for the 30x30 canvas.
# Held-out mazes are drawn here, 100 per generator and size band, excluding both training files
# (and their rotations and mirrors), plus the one-path 30x30 mazes maze-conv-30x30 ships with
# (excluded from both training files). Every figure is measured with `trm-router eval --record`.
# Run from the repository root after training:
#   bash tools/ship/maze-mix-conv-30x30.sh
set -euo pipefail
CKPT=${CKPT:-out/maze-mix30/ckpt.pt}
MODEL=${MODEL:-models/maze-mix-conv-30x30}
DATA=out/data
TRAIN=("$DATA/mix-train.jsonl" "$DATA/mix30-train.jsonl")   # stage 1, stage 2
for f in "$CKPT" "${TRAIN[@]}"; do [ -s "$f" ] || { echo "maze-mix-conv-30x30.sh: $f missing" >&2; exit 1; }; done

/usr/bin/python3 tools/export_onnx.py --checkpoint "$CKPT" --out "$MODEL" --canvas 30 \
  --accuracy-note "measured by tools/ship/maze-mix-conv-30x30.sh"

# the training record: both stages (the export knows stage 2's checkpoint only; stage 1's record
# is the manifest of its export, STAGE1, the init_weights of stage 2)
STAGE1=${STAGE1:-out/maze-mix1-model}
/usr/bin/python3 - "$MODEL/manifest.json" "$STAGE1/manifest.json" <<'PY'
import json, sys
path, stage1_path = sys.argv[1:]
m, one = json.load(open(path)), json.load(open(stage1_path))["training"]
two = m["training"]
keys = ("trainFile", "trainPuzzles", "optimizerSteps", "sampleSteps", "minutes", "batchSize", "lr", "trainedSeqLen")
two["stages"] = [dict({k: one.get(k) for k in keys}, initWeights="models/maze-conv-30x30", config="tools/configs/maze_mix_cpu.py"),
                 dict({k: two.get(k) for k in keys}, initWeights="stage 1 (its EMA weights)", config="tools/configs/maze_mix30_cpu.py")]
two["stage1Eval"] = one.get("trainingEval")
two["minutes"] = round(one["minutes"] + two["minutes"], 2)
two["commands"] = (one["commands"]
                   + ["export_onnx.py --checkpoint out/maze-mix1/ckpt.pt --out out/maze-mix1-model --canvas 30"]
                   + [c.replace("out/maze-mix30/config.py", "tools/configs/maze_mix30_cpu.py") for c in two["commands"]])
with open(path, "w") as f:
    json.dump(m, f, indent=2)
    f.write("\n")
PY

mkdir -p "$MODEL/heldout"
DATA_MAZE="npx tsx src/cli/main.ts data maze"
seed=2101
for kind in corridor braid rooms open random; do
  for band in 4-10 11-20 21-30; do
    $DATA_MAZE --kind "$kind" --size "$band" --count 100 --seed "$seed" \
      --exclude "${TRAIN[0]}" --exclude "${TRAIN[1]}" --out "$MODEL/heldout/$kind-$band.jsonl"
    seed=$((seed + 1))
  done
done
cp models/maze-conv-30x30/heldout/maze-30x30.jsonl "$MODEL/heldout/one-path-30x30.jsonl"

EVAL="npx tsx src/cli/main.ts eval --model $MODEL"
# the default halting policy, from the accuracy-vs-steps curves of the largest random-wall mazes
$EVAL --data "$MODEL/heldout/random-21-30.jsonl" --dataset random-21-30 --curves --record
for f in "$MODEL"/heldout/*.jsonl; do
  d=$(basename "$f" .jsonl)
  $EVAL --data "$f" --dataset "$d" --halt verified --record
done
for d in random-21-30 one-path-30x30; do
  $EVAL --data "$MODEL/heldout/$d.jsonl" --dataset "$d" --halt adaptive --record
done
