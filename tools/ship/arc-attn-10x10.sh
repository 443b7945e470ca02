#!/usr/bin/env bash
# Ships the ARC model trained on a 10x10 canvas: the EMA weights of the CPU run
# (tools/configs/arc_small_cpu.py: the official recipe for the 256 ARC-AGI-1 training and evaluation
# tasks whose demonstrations and test inputs fit 10x10; the evaluation tasks' test inputs held out),
# then every figure of its manifest measured through the TypeScript runtime with
# `trm-router eval --record`:
#   - held out: the 400 ARC-AGI-1 evaluation tasks (pass@1, pass@2; the 322 it has no puzzle
#     identifiers for, too large for its canvas, score 0), every one of its 8 augmentations voted;
#   - trained on: the ARC-AGI-1 training tasks' test pairs (it trained on them: did it learn?);
#   - never seen: ARC-AGI-2 training tasks that are not in ARC-AGI-1 and whose demonstrations and
#     test inputs fit 10x10 (the first $ADAPT_TASKS by id), each adapted into the model with
#     `trm-router adapt` (its demonstration pairs only, every weight frozen), then scored.
# Run from the repository root after the training run has finished:
#   nice -n 5 /usr/bin/python3 tools/train.py tools/configs/arc_small_cpu.py
#   bash tools/ship/arc-attn-10x10.sh
set -euo pipefail
CKPT=${CKPT:-out/arc-small/ckpt.pt}
MODEL=${MODEL:-models/arc-attn-10x10}
ADAPT_TASKS=${ADAPT_TASKS:-8}
ADAPT_MIN=${ADAPT_MIN:-1}
CLI="npx tsx src/cli/main.ts"

rm -rf "$MODEL"
/usr/bin/python3 tools/export_onnx.py --checkpoint "$CKPT" --out "$MODEL" --external-table \
  --accuracy-note "measured by tools/ship/arc-attn-10x10.sh"
# the official evaluation runs every supervision step (fixed halting), as the solver does for ARC
/usr/bin/python3 - "$MODEL/manifest.json" <<'PY'
import json, sys
path = sys.argv[1]
m = json.load(open(path))
m["halting"] = {"policy": "fixed", "maxSteps": m["recursion"]["haltMaxSteps"]}
with open(path, "w") as f:
    json.dump(m, f, indent=2)
    f.write("\n")
PY

EVAL="$CLI eval --model $MODEL"
$EVAL --data data/arc/arc-agi-1_evaluation_challenges.json --record
$EVAL --data data/arc/arc-agi-1_training_challenges.json --dataset arc-agi-1_training-trained-on --record

# tasks it never saw: ARC-AGI-2 training tasks new in ARC-AGI-2 that fit its canvas
mkdir -p "$MODEL/heldout"
/usr/bin/python3 - "$ADAPT_TASKS" "$MODEL/heldout" <<'PY'
import json, sys
n, out = int(sys.argv[1]), sys.argv[2]
load = lambda name: json.load(open(f"data/arc/{name}.json"))
seen = set(load("arc-agi-1_training_challenges")) | set(load("arc-agi-1_evaluation_challenges"))
challenges, solutions = load("arc-agi-2_training_challenges"), load("arc-agi-2_training_solutions")
def fits(task):
    grids = [p[k] for p in task["train"] for k in ("input", "output")] + [t["input"] for t in task["test"]]
    return all(len(g) <= 10 and len(g[0]) <= 10 for g in grids)
ids = sorted(i for i in challenges if i not in seen and fits(challenges[i]))[:n]
for name, data in (("challenges", challenges), ("solutions", solutions)):
    with open(f"{out}/arc-agi-2-new-10x10_{name}.json", "w") as f:
        json.dump({i: data[i] for i in ids}, f, separators=(",", ":"))
        f.write("\n")
print(" ".join(ids))
PY
NEW=$MODEL/heldout/arc-agi-2-new-10x10_challenges.json
for id in $(/usr/bin/python3 -c 'import json, sys; print(" ".join(json.load(open(sys.argv[1]))))' "$NEW"); do
  $CLI adapt --model "$MODEL" --task "$NEW" --task-id "$id" --minutes "$ADAPT_MIN" --augmentations 8
done
$EVAL --data "$NEW" --dataset arc-agi-2-new-10x10-adapted --record
