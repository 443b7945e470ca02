"""
Puzzle data for tools/train.py: JSONL files as token tensors, and the stream of fresh, augmented
training puzzles. What is task-specific (encodings, augmentations, curriculum levels) lives in
tasks.py; the names below that come from there stay importable from here.

Data files (one record a line, blank lines skipped; a bad line raises ValueError naming the file,
the line number and why):
  sudoku   {"puzzle": "4..3...", "solution": "4123..."}   (from `trm-router data sudoku`)
  maze     {"puzzle": ["#S #", ...], "solution": [...]}    (from `trm-router data maze`)
  learned  {"input": grid, "output": grid}: a grid is a list of rows of colours 0..K-1, or of
           equal-length strings of the spec's symbols (tasks.LearnedTask)
Augmentations (each maps a puzzle and its solution to another valid pair):
  sudoku   digit relabelling, transpose, band and row-within-band, stack and column-within-stack
           shuffles, as one position map + one token map per sample
  maze     the 8 dihedral transforms of the maze (official numbering, see DIHEDRAL_INVERSE)
  learned  what the spec allows: the 8 dihedral transforms of the grid (input and output alike,
           re-encoded so the EOS lines follow the new shape), a permutation of colours 1..K-1
"""

import json

import torch

import tasks
from tasks import (DIHEDRAL_INVERSE, MAZE_CHARS, apply_maze, apply_sudoku, dihedral,  # noqa: F401
                   invert_sudoku, maze_tokens, sudoku_augmentation, sudoku_tokens, sudoku_valid)

MAZE_SIDE = tasks.MAX_SIDE   # the official maze canvas
TASKS = {name: tasks.get(name).tokens() for name in ("sudoku", "maze")}   # the official token specs


def task_tokens(task, maze_side=MAZE_SIDE, spec=None):
    """(seq_len, vocab_size) of a task; a maze model may use a smaller N x N canvas."""
    return tasks.get(task, maze_side, spec).tokens()


# -----------------------------------------------------------------------------
# reading

def load_jsonl(path, task, maze_side=MAZE_SIDE):
    """A data file as {inputs [N,S], labels [N,S], and the task's extras: givens [N] (sudoku),
    sizes [N,2] (maze; learned tasks also out_sizes [N,2])}. `task`: a name or a tasks.Task."""
    task = tasks.get(task, maze_side)
    inputs, labels, extra = [], [], {k: [] for k in task.extras}
    with open(path) as f:
        for i, line in enumerate(f):
            if not line.strip():
                continue
            try:
                x, y, e = task.read(json.loads(line))
            except json.JSONDecodeError as err:
                raise ValueError(f"{path} line {i + 1}: not JSON ({err})") from err
            except (KeyError, ValueError, TypeError, IndexError, AttributeError) as err:
                why = f"missing {err}" if isinstance(err, KeyError) else str(err)
                raise ValueError(f"{path} line {i + 1}: not a {task.name} record ({why})") from err
            inputs.append(x)
            labels.append(y)
            for k in task.extras:
                extra[k].append(e[k])
    if not inputs:
        raise ValueError(f"{path}: no puzzles")
    data = {"inputs": torch.tensor(inputs), "labels": torch.tensor(labels)}
    data.update({k: torch.tensor(v) for k, v in extra.items()})
    return data


# -----------------------------------------------------------------------------
# the stream of fresh training puzzles

class PuzzleStream:
    """Draws augmented training puzzles, with replacement, from those the curriculum allows.
    Everything random comes from one generator, whose state the checkpoint keeps."""

    def __init__(self, data, task, seed, augment=True):
        self.data, self.task, self.augment = data, tasks.get(task), augment
        self.gen = torch.Generator().manual_seed(seed)
        self.pool, self.level = None, None

    def set_level(self, g):
        """Curriculum (None = all puzzles): sudoku draws only puzzles with at least g givens, maze
        and learned tasks only grids of at most g rows and columns."""
        if g is None:
            self.pool = None
        else:
            levels = self.task.levels(self.data)
            if self.task.curriculum == "min":
                g = min(int(g), int(levels.max()))                          # never an empty pool
                self.pool = (levels >= g).nonzero().squeeze(1)
            else:
                g = max(int(g), int(levels.min()))                          # never an empty pool
                self.pool = (levels <= g).nonzero().squeeze(1)
        self.level = g

    def draw(self, n):
        N = self.data["inputs"].shape[0]
        if self.pool is None:
            idx = torch.randint(N, (n,), generator=self.gen)
        else:
            idx = self.pool[torch.randint(self.pool.numel(), (n,), generator=self.gen)]
        x, y = self.data["inputs"][idx], self.data["labels"][idx]
        if not self.augment:
            return x, y
        return self.task.augment(x, y, {k: self.data[k][idx] for k in self.task.extras}, self.gen)

    def state_dict(self):
        return {"gen": self.gen.get_state(), "level": self.level}

    def load_state_dict(self, s):
        self.gen.set_state(s["gen"])
        self.set_level(s["level"] if "level" in s else s.get("min_givens"))   # older checkpoints: min_givens
