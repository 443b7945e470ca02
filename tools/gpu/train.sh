#!/usr/bin/env bash
# Train a larger TRM (Sudoku, or a 30x30 maze with TASK=maze) on one GPU within a time budget and
# leave its checkpoint in OUT_DIR as parts of at most 16 MiB (EMA weights only, bf16 if large)
# plus the training log:
#
#   bash tools/gpu/train.sh OUT_DIR                  # TASK=maze bash tools/gpu/train.sh OUT_DIR
#   /usr/bin/python3 tools/gpu/join_checkpoint.py OUT_DIR          # -> OUT_DIR/ckpt.pt
#   /usr/bin/python3 tools/export_onnx.py --checkpoint OUT_DIR/ckpt.pt --out models/sudoku-mlp-gpu
#
# Environment (defaults: one H200-class GPU, ~10 minutes in all):
#   TASK         sudoku (tools/configs/sudoku_gpu.py) or maze (tools/configs/maze_gpu.py, 30x30)
#   BUDGET_MIN   training minutes, evaluation and saving come after (default 8)
#   DATA_DIR     holds sudoku-train.jsonl, sudoku-test.jsonl, sudoku-test-hard.jsonl, or for mazes
#                maze30-train.jsonl, maze30-test.jsonl, maze20-test.jsonl (default out/data;
#                built with `trm-router data` when missing and node_modules is there)
#   DEVICE       cuda when torch sees a GPU, else cpu
#   WORK_DIR     where the full (resumable) checkpoint is written (default /tmp/trm-gpu-run)
#   PART_MIB     largest part (default 16)
#   TRAIN_ARGS   extra --key=value arguments for train.py (the CPU test shrinks the model with them)
set -euo pipefail
OUT_DIR=${1:?usage: tools/gpu/train.sh OUT_DIR}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
BUDGET_MIN=${BUDGET_MIN:-8}
DATA_DIR=${DATA_DIR:-out/data}
WORK_DIR=${WORK_DIR:-/tmp/trm-gpu-run}
PART_MIB=${PART_MIB:-16}
TASK=${TASK:-sudoku}
case "$TASK" in
  sudoku) TRAIN=sudoku-train.jsonl; TESTS=(sudoku-test.jsonl sudoku-test-hard.jsonl) ;;
  maze) TRAIN=maze30-train.jsonl; TESTS=(maze30-test.jsonl maze20-test.jsonl) ;;
  *) echo "train.sh: TASK must be sudoku or maze, got $TASK" >&2; exit 2 ;;
esac

PY=""
for p in ${PYTHON:-} python3 /usr/bin/python3; do
  if command -v "$p" >/dev/null 2>&1 && "$p" -c "import torch" 2>/dev/null; then PY=$p; break; fi
done
[ -n "$PY" ] || { echo "train.sh: no python with torch found (set PYTHON)" >&2; exit 1; }
DEVICE=${DEVICE:-$("$PY" -c "import torch; print('cuda' if torch.cuda.is_available() else 'cpu')")}

if [ ! -f "$DATA_DIR/$TRAIN" ]; then
  [ -d node_modules ] || { echo "train.sh: $DATA_DIR/$TRAIN missing and no node_modules to build it" >&2; exit 1; }
  mkdir -p "$DATA_DIR"
  data() { npx tsx src/cli/main.ts data "$TASK" "$@"; }
  [ "$TASK" = maze ] && data() { npx tsx src/cli/main.ts data maze --unique-path "$@"; }
  if [ "$TASK" = sudoku ]; then
    data --count 1000 --givens 26-40 --seed 1001 --out "$DATA_DIR/sudoku-test.jsonl"
    data --count 1000 --givens 22-29 --seed 1002 --exclude "$DATA_DIR/sudoku-test.jsonl" --out "$DATA_DIR/sudoku-test-hard.jsonl"
    data --count 20000 --givens 22-40 --seed 1 --exclude "$DATA_DIR/sudoku-test.jsonl" \
      --exclude "$DATA_DIR/sudoku-test-hard.jsonl" --out "$DATA_DIR/sudoku-train.jsonl"
  else
    # Maze-Hard style (path >= 110 at 30x30), plus smaller mazes so the model also solves them
    data --count 1000 --size 30 --seed 3001 --out "$DATA_DIR/maze30-test.jsonl"
    data --count 500 --size 20 --seed 3002 --out "$DATA_DIR/maze20-test.jsonl"
    data --count 20000 --size 30 --seed 31 --exclude "$DATA_DIR/maze30-test.jsonl" --out "$DATA_DIR/maze30-only.jsonl"
    data --count 5000 --size 20 --seed 32 --exclude "$DATA_DIR/maze20-test.jsonl" --out "$DATA_DIR/maze20-train.jsonl"
    cat "$DATA_DIR/maze30-only.jsonl" "$DATA_DIR/maze20-train.jsonl" > "$DATA_DIR/$TRAIN"
  fi
fi

mkdir -p "$OUT_DIR" "$WORK_DIR"
rm -f "$WORK_DIR/log.jsonl"
echo "train.sh: $TASK, $PY on $DEVICE, $BUDGET_MIN min, data $DATA_DIR" | tee "$OUT_DIR/train.log"
# shellcheck disable=SC2086
"$PY" tools/train.py "tools/configs/${TASK}_gpu.py" --out_dir="$WORK_DIR" --device="$DEVICE" \
  --time_budget_min="$BUDGET_MIN" --train_file="$DATA_DIR/$TRAIN" \
  --test_files="$DATA_DIR/${TESTS[0]},$DATA_DIR/${TESTS[1]}" ${TRAIN_ARGS:-} 2>&1 | tee -a "$OUT_DIR/train.log"
"$PY" tools/gpu/split_checkpoint.py "$WORK_DIR/ckpt.pt" "$OUT_DIR" --slim --part-mib "$PART_MIB" | tee -a "$OUT_DIR/train.log"
