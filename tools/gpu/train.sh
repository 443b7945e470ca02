#!/usr/bin/env bash
# Train (or resume) a TRM on one GPU within a time budget and leave its checkpoint in OUT_DIR as
# parts of at most 16 MiB (at most 6 parts, under 60 MiB in all) plus the training log. Made for
# the device machine of this workplace: a fresh H200 with CUDA and PyTorch, no Node.js, no
# internet, one command of at most 10 minutes, at most 8 files back. Prepare here first:
#
#   bash tools/gpu/prepare.sh maze-mix [RESUME_PARTS_DIR]   # data (+ parts to resume) in out/gpu-pack
#   # device: run(command="bash tools/gpu/train.sh $OUT", carry=["out/gpu-pack"], timeout_s=600)
#   /usr/bin/python3 tools/gpu/join_checkpoint.py DIR_WITH_PARTS                 # -> DIR/ckpt.pt
#   /usr/bin/python3 tools/export_onnx.py --checkpoint DIR/ckpt.pt --out models/NAME
#
# It installs what it needs: a Python with torch (and numpy) is looked for, and when none has
# them, wheels carried in out/gpu-pack/wheels are installed (pip --no-index) into a private folder.
# It resumes when the pack holds a previous run's parts (out/gpu-pack/resume): the schedule is
# TOTAL_MIN minutes long across sessions, each session trains SESSION_MIN of them and is
# evaluated; the parts it leaves are resumable (weights, EMA, optimizer, RNG) when they fit in
# 60 MiB, else the EMA weights alone (say so in train.log; a next session then starts afresh).
#
# Environment (defaults: one H200-class GPU, under 10 minutes in all):
#   TASK          read from the pack (out/gpu-pack/TASK), else sudoku; one of
#                   sudoku    tools/configs/sudoku_gpu.py     sudoku-train/-test/-test-hard.jsonl
#                   maze      tools/configs/maze_gpu.py       maze30-train/-test, maze20-test.jsonl
#                   maze-mix  tools/configs/maze_mix_gpu.py   mix-train, mix30-test, mix16-test, maze30-test.jsonl
#                   arc       tools/configs/arc_gpu.py        the ARC-AGI-1 JSON in ARC_DIR (default data/arc,
#                             tracked in the repository: it travels with the working tree)
#   SESSION_MIN   training minutes in this run; evaluation and saving come after (default 6.5)
#   TOTAL_MIN     the schedule's length across runs (default SESSION_MIN: one run does it all)
#   PACK_DIR      prepared data and resume parts (default out/gpu-pack)
#   DATA_DIR      the task's data files (default PACK_DIR/data, else out/data; built with
#                 `trm-router data` only where Node.js and node_modules are there)
#   RESUME_DIR    parts of a checkpoint to resume (default PACK_DIR/resume when it holds an index)
#   DEVICE        cuda when torch sees a GPU, else cpu
#   WORK_DIR      where the full checkpoint is written (default /tmp/trm-gpu-run)
#   PART_MIB      largest part (default 16); MAX_TOTAL_MIB all parts together (default 60)
#   TRAIN_ARGS    extra --key=value arguments for train.py (the CPU dry run shrinks the model with them)
set -euo pipefail
OUT_DIR=${1:?usage: tools/gpu/train.sh OUT_DIR}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
PACK_DIR=${PACK_DIR:-out/gpu-pack}
SESSION_MIN=${SESSION_MIN:-${BUDGET_MIN:-6.5}}
TOTAL_MIN=${TOTAL_MIN:-$SESSION_MIN}
WORK_DIR=${WORK_DIR:-/tmp/trm-gpu-run}
PART_MIB=${PART_MIB:-16}
MAX_TOTAL_MIB=${MAX_TOTAL_MIB:-60}
if [ -z "${TASK:-}" ] && [ -f "$PACK_DIR/TASK" ]; then TASK=$(cat "$PACK_DIR/TASK"); fi
TASK=${TASK:-sudoku}
if [ -z "${DATA_DIR:-}" ]; then
  if [ -d "$PACK_DIR/data" ]; then DATA_DIR=$PACK_DIR/data; else DATA_DIR=out/data; fi
fi
case "$TASK" in
  sudoku) CONFIG=sudoku_gpu; TRAIN=sudoku-train.jsonl; TESTS=(sudoku-test.jsonl sudoku-test-hard.jsonl) ;;
  maze) CONFIG=maze_gpu; TRAIN=maze30-train.jsonl; TESTS=(maze30-test.jsonl maze20-test.jsonl) ;;
  maze-mix) CONFIG=maze_mix_gpu; TRAIN=mix-train.jsonl; TESTS=(mix30-test.jsonl mix16-test.jsonl maze30-test.jsonl) ;;
  arc) CONFIG=arc_gpu; ARC_DIR=${ARC_DIR:-data/arc}; DATA_DIR=$ARC_DIR; TRAIN=arc-agi-1_training_challenges.json; TESTS=() ;;
  *) echo "train.sh: TASK must be sudoku, maze, maze-mix or arc, got $TASK" >&2; exit 2 ;;
esac
mkdir -p "$OUT_DIR" "$WORK_DIR"
LOG=$OUT_DIR/train.log
say() { echo "train.sh: $*" | tee -a "$LOG"; }
: > "$LOG"

# --- a Python with torch: the machine's, else one made from carried wheels -----------------------
PY=""
for p in ${PYTHON:-} python3 /usr/bin/python3; do
  if command -v "$p" >/dev/null 2>&1 && "$p" -c "import torch, numpy" 2>/dev/null; then PY=$p; break; fi
done
if [ -z "$PY" ] && compgen -G "$PACK_DIR/wheels/*.whl" >/dev/null; then
  for p in ${PYTHON:-} python3 /usr/bin/python3; do
    command -v "$p" >/dev/null 2>&1 || continue
    say "installing $(ls "$PACK_DIR"/wheels/*.whl | wc -l) carried wheel(s) for $p into $WORK_DIR/site"
    "$p" -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --target "$WORK_DIR/site" "$PACK_DIR"/wheels/*.whl
    export PYTHONPATH="$WORK_DIR/site${PYTHONPATH:+:$PYTHONPATH}"
    if "$p" -c "import torch, numpy" 2>/dev/null; then PY=$p; break; fi
  done
fi
[ -n "$PY" ] || { say "no python with torch and numpy found (set PYTHON, or carry wheels in $PACK_DIR/wheels)"; exit 1; }
DEVICE=${DEVICE:-$("$PY" -c "import torch; print('cuda' if torch.cuda.is_available() else 'cpu')")}

# --- data: prepared here (prepare.sh), or built now where Node.js is at hand ------------------------
if [ ! -f "$DATA_DIR/$TRAIN" ]; then
  if command -v node >/dev/null 2>&1 && [ -d node_modules ]; then
    say "building $TASK data in $DATA_DIR"
    KEEP_RESUME=1 PACK_DIR=$PACK_DIR bash tools/gpu/prepare.sh "$TASK" "" "$DATA_DIR" | tee -a "$LOG"
  else
    say "$DATA_DIR/$TRAIN missing and no Node.js here to build it: run tools/gpu/prepare.sh $TASK where Node.js is, and carry $PACK_DIR"
    exit 1
  fi
fi

# --- resume: a previous run's parts ------------------------------------------------------------------
RESUME_DIR=${RESUME_DIR:-}
if [ -z "$RESUME_DIR" ] && [ -f "$PACK_DIR/resume/ckpt.pt.index.json" ]; then RESUME_DIR=$PACK_DIR/resume; fi
RESUME_ARGS=()
if [ -n "$RESUME_DIR" ]; then
  "$PY" tools/gpu/join_checkpoint.py "$RESUME_DIR" "$WORK_DIR/resume.pt" | tee -a "$LOG"
  if "$PY" -c "import sys, torch; sys.exit(0 if torch.load(sys.argv[1], map_location='cpu').get('resumable') else 1)" "$WORK_DIR/resume.pt"; then
    RESUME_ARGS=(--resume="$WORK_DIR/resume.pt")
    say "resuming from $RESUME_DIR"
  else
    say "$RESUME_DIR holds EMA weights only (not resumable): starting afresh"
  fi
fi

say "$TASK, $PY on $DEVICE, $SESSION_MIN of $TOTAL_MIN min, data $DATA_DIR"
rm -f "$WORK_DIR/log.jsonl" "$WORK_DIR/ckpt.pt"
if [ "$TASK" = arc ]; then
  DATA_ARGS=(--arc_dir="$ARC_DIR")                  # train.py reads the ARC JSON itself (arc_data.ArcCorpus)
else
  TEST_FILES=$(printf "$DATA_DIR/%s," "${TESTS[@]}")
  DATA_ARGS=(--train_file="$DATA_DIR/$TRAIN" --test_files="${TEST_FILES%,}")
fi
# shellcheck disable=SC2086
"$PY" tools/train.py "tools/configs/${CONFIG}.py" ${RESUME_ARGS[@]+"${RESUME_ARGS[@]}"} --out_dir="$WORK_DIR" \
  --device="$DEVICE" --time_budget_min="$TOTAL_MIN" --session_min="$SESSION_MIN" "${DATA_ARGS[@]}" \
  ${TRAIN_ARGS:-} 2>&1 | tee -a "$LOG"
cp "$WORK_DIR/log.jsonl" "$OUT_DIR/log.jsonl" 2>/dev/null || true

# --- the checkpoint, in parts that can leave the machine ---------------------------------------------
set +e
"$PY" tools/gpu/split_checkpoint.py "$WORK_DIR/ckpt.pt" "$OUT_DIR" --resumable --part-mib "$PART_MIB" \
  --max-total-mib "$MAX_TOTAL_MIB" 2>&1 | tee -a "$LOG"
status=${PIPESTATUS[0]}
set -e
if [ "$status" -eq 3 ]; then
  say "resumable parts would exceed $MAX_TOTAL_MIB MiB: leaving the EMA weights alone (a next run starts afresh)"
  "$PY" tools/gpu/split_checkpoint.py "$WORK_DIR/ckpt.pt" "$OUT_DIR" --slim --part-mib "$PART_MIB" \
    --max-total-mib "$MAX_TOTAL_MIB" | tee -a "$LOG"
elif [ "$status" -ne 0 ]; then
  exit "$status"
fi
