#!/usr/bin/env bash
# Prepare, where Node.js is, what tools/gpu/train.sh needs on a machine without it: the task's data
# from the repository's own builders (`trm-router data`) and, to resume, a previous run's parts.
#
#   bash tools/gpu/prepare.sh TASK [RESUME_PARTS_DIR] [DATA_DIR]
#
# TASK: sudoku, maze, maze-mix or arc (see train.sh; arc's data is the ARC JSON tracked in data/arc,
# which travels with the working tree: nothing is built, the files are only checked). Writes PACK_DIR/TASK (default out/gpu-pack), the
# data in DATA_DIR (default PACK_DIR/data; files already there are kept) and copies the parts of
# RESUME_PARTS_DIR (ckpt.pt.part* + ckpt.pt.index.json, what a previous train.sh left) to
# PACK_DIR/resume. Every file is reproducible by its seed; held-out files are excluded from
# training, augmented copies included. SCALE (default 1) multiplies every count (the CPU dry run
# uses a tiny one). KEEP_RESUME=1 keeps PACK_DIR/resume when no RESUME_PARTS_DIR is given (train.sh
# building missing data). Sudoku puzzles with few givens are slow to make (about 4 a second here).
set -euo pipefail
TASK=${1:?usage: tools/gpu/prepare.sh TASK [RESUME_PARTS_DIR] [DATA_DIR]}
RESUME_FROM=${2:-}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
PACK_DIR=${PACK_DIR:-out/gpu-pack}
D=${3:-$PACK_DIR/data}
SCALE=${SCALE:-1}
n() { awk -v a="$1" -v s="$SCALE" 'BEGIN { v = int(a * s); print (v < 4 ? 4 : v) }'; }
data() {
  local out=$1; shift
  if [ -s "$out" ]; then echo "prepare.sh: keeping $out"; return; fi
  if [ -f dist/cli/main.js ]; then node dist/cli/main.js data "$@" --out "$out.tmp"; else npx tsx src/cli/main.ts data "$@" --out "$out.tmp"; fi
  mv "$out.tmp" "$out"
}
mkdir -p "$PACK_DIR" "$D"
case "$TASK" in
  sudoku)
    # hard by few givens (the paper trains on Sudoku-Extreme); tested on the shipped model's sets
    data "$D/sudoku-test.jsonl" sudoku --count "$(n 1000)" --givens 26-40 --seed 1001
    data "$D/sudoku-test-hard.jsonl" sudoku --count "$(n 1000)" --givens 22-29 --seed 1002 --exclude "$D/sudoku-test.jsonl"
    data "$D/sudoku-train.jsonl" sudoku --count "$(n 5000)" --givens 19-30 --seed 1 \
      --exclude "$D/sudoku-test.jsonl" --exclude "$D/sudoku-test-hard.jsonl"
    ;;
  maze)
    # Maze-Hard style (path >= 110 at 30x30), plus smaller mazes so the model also solves them
    data "$D/maze30-test.jsonl" maze --unique-path --count "$(n 1000)" --size 30 --seed 3001
    data "$D/maze20-test.jsonl" maze --unique-path --count "$(n 500)" --size 20 --seed 3002
    data "$D/maze30-only.jsonl" maze --unique-path --count "$(n 20000)" --size 30 --seed 31 --exclude "$D/maze30-test.jsonl"
    data "$D/maze20-train.jsonl" maze --unique-path --count "$(n 5000)" --size 20 --seed 32 --exclude "$D/maze20-test.jsonl"
    [ -s "$D/maze30-train.jsonl" ] || cat "$D/maze30-only.jsonl" "$D/maze20-train.jsonl" > "$D/maze30-train.jsonl"
    rm -f "$D/maze30-only.jsonl" "$D/maze20-train.jsonl"
    ;;
  maze-mix)
    # mazes as users draw them (issue 17): the five generators, sides 4..30 drawn independently,
    # canonical shortest-path labels; held out by size band, and one-path 30x30 mazes
    data "$D/mix16-test.jsonl" maze --kind all --size 4-16 --count "$(n 400)" --seed 1111
    data "$D/mix30-test.jsonl" maze --kind all --size 17-30 --count "$(n 400)" --seed 1112
    data "$D/maze30-test.jsonl" maze --unique-path --size 30 --count "$(n 300)" --seed 1113
    # and never a maze of the shipped models' held-out sets (their cards' figures), nor a rotation
    # or mirror of one
    HELD=()
    for f in models/maze-mix-conv-30x30/heldout/*.jsonl models/maze-conv-30x30/heldout/*.jsonl; do
      [ -f "$f" ] && HELD+=(--exclude "$f")
    done
    data "$D/mix-train.jsonl" maze --kind all --size 4-30 --count "$(n 30000)" --seed 111 \
      --exclude "$D/mix16-test.jsonl" --exclude "$D/mix30-test.jsonl" --exclude "$D/maze30-test.jsonl" "${HELD[@]}"
    ;;
  arc)
    # the official recipe reads the ARC-AGI-1 JSON directly (tools/arc_data.py); ARC_DIR (default
    # data/arc) is tracked, so the device's copy of the working tree has it
    for f in training_challenges training_solutions evaluation_challenges evaluation_solutions; do
      [ -s "${ARC_DIR:-data/arc}/arc-agi-1_$f.json" ] || { echo "prepare.sh: ${ARC_DIR:-data/arc}/arc-agi-1_$f.json missing" >&2; exit 1; }
    done
    ;;
  *) echo "prepare.sh: TASK must be sudoku, maze, maze-mix or arc, got $TASK" >&2; exit 2 ;;
esac
echo "$TASK" > "$PACK_DIR/TASK"
# a pack resumes only the run it was given (stale parts of another task must not be resumed)
[ "${KEEP_RESUME:-0}" = 1 ] || rm -rf "$PACK_DIR/resume"
if [ -n "$RESUME_FROM" ]; then
  [ -f "$RESUME_FROM/ckpt.pt.index.json" ] || { echo "prepare.sh: no ckpt.pt.index.json in $RESUME_FROM" >&2; exit 1; }
  mkdir -p "$PACK_DIR/resume"
  cp "$RESUME_FROM"/ckpt.pt.index.json "$RESUME_FROM"/ckpt.pt.part* "$PACK_DIR/resume/"
fi
echo "prepare.sh: $TASK ready in $PACK_DIR ($(du -sh "$PACK_DIR" | cut -f1)); device: run(command=\"bash tools/gpu/train.sh \$OUT\", carry=[\"$PACK_DIR\"])"
