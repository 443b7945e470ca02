"""
Puzzle data for tools/train.py: the JSONL written by `trm-router data` as token tensors, the
augmentations the trainer applies on the fly, and the stream of fresh training puzzles.

Encodings are the official TinyRecursiveModels ones (DESIGN.md):
  sudoku  S=81,  V=11: 0 PAD, 1 blank, digit d -> d + 1
  maze    S=900, V=6:  '# SGo' -> 1..5 on a 30x30 canvas, the maze at the top-left, walls around
          (a smaller canvas, N x N with S = N*N, for models trained at a smaller size: maze_side)
Augmentations (each maps a puzzle and its solution to another valid pair):
  sudoku  digit relabelling, transpose, band and row-within-band, stack and column-within-stack
          shuffles, as one position map + one token map per sample
  maze    the 8 dihedral transforms (official numbering, see DIHEDRAL_INVERSE)
"""

import json
import math

import torch

TASKS = {
    "sudoku": dict(seq_len=81, vocab_size=11),
    "maze": dict(seq_len=900, vocab_size=6),
}
MAZE_CHARS = "# SGo"   # token = index + 1
MAZE_SIDE = 30         # the official canvas


def task_tokens(task, maze_side=MAZE_SIDE):
    """(seq_len, vocab_size) of a task; a maze model may use a smaller N x N canvas."""
    if task == "maze":
        if not 2 <= maze_side <= MAZE_SIDE:
            raise ValueError(f"maze_side must be 2..{MAZE_SIDE}, got {maze_side}")
        return dict(seq_len=maze_side * maze_side, vocab_size=TASKS["maze"]["vocab_size"])
    return dict(TASKS[task])


# -----------------------------------------------------------------------------
# reading

def sudoku_tokens(text):
    if len(text) != 81:
        raise ValueError(f"a sudoku has 81 cells, got {len(text)}")
    return [1 if c in ".0" else int(c) + 1 for c in text]


def maze_tokens(rows, side=MAZE_SIDE):
    if len(rows) > side or any(len(r) > side for r in rows):
        raise ValueError(f"a maze larger than {side}x{side} does not fit the canvas")
    grid = [[1] * side for _ in range(side)]             # walls around a smaller maze
    for r, row in enumerate(rows):
        for c, ch in enumerate(row.replace(".", " ")):
            grid[r][c] = MAZE_CHARS.index(ch) + 1
    return [t for row in grid for t in row]


def load_jsonl(path, task, maze_side=MAZE_SIDE):
    """A data file as {inputs [N,S], labels [N,S], givens [N] (sudoku) or sizes [N,2] (maze)}."""
    inputs, labels, extra = [], [], []
    with open(path) as f:
        for i, line in enumerate(f):
            if not line.strip():
                continue
            try:
                r = json.loads(line)
                if task == "sudoku":
                    inputs.append(sudoku_tokens(r["puzzle"]))
                    labels.append(sudoku_tokens(r["solution"]))
                    extra.append(sum(c not in ".0" for c in r["puzzle"]))
                else:
                    inputs.append(maze_tokens(r["puzzle"], maze_side))
                    labels.append(maze_tokens(r["solution"], maze_side))
                    extra.append((len(r["puzzle"]), len(r["puzzle"][0])))
            except (KeyError, ValueError, TypeError, IndexError) as e:
                raise ValueError(f"{path} line {i + 1}: not a {task} record ({e})") from e
    if not inputs:
        raise ValueError(f"{path}: no puzzles")
    data = {"inputs": torch.tensor(inputs), "labels": torch.tensor(labels)}
    data["givens" if task == "sudoku" else "sizes"] = torch.tensor(extra)
    return data


# -----------------------------------------------------------------------------
# sudoku augmentation: new[i] = token_map[old[position_map[i]]]

def _batch_perm(gen, B, n):
    return torch.rand(B, n, generator=gen).argsort(dim=1)


def sudoku_augmentation(B, gen):
    """B random (position_map [B,81], token_map [B,11]) pairs."""
    bands, stacks = _batch_perm(gen, B, 3), _batch_perm(gen, B, 3)
    rows = (3 * bands[:, :, None] + _batch_perm(gen, B * 3, 3).view(B, 3, 3)).view(B, 9)
    cols = (3 * stacks[:, :, None] + _batch_perm(gen, B * 3, 3).view(B, 3, 3)).view(B, 9)
    position = rows[:, :, None] * 9 + cols[:, None, :]                    # [B, 9, 9]
    transpose = torch.rand(B, generator=gen) < 0.5
    position = torch.where(transpose[:, None, None], position.transpose(1, 2), position).reshape(B, 81)
    digits = _batch_perm(gen, B, 9) + 2                                   # tokens 2..10 permuted
    token = torch.cat((torch.tensor([0, 1]).expand(B, 2), digits), dim=1)  # PAD, blank fixed
    return position, token


def apply_sudoku(tokens, position, token):
    return token.gather(1, tokens.gather(1, position))


def invert_sudoku(position, token):
    """The (position_map, token_map) pair that undoes an augmentation."""
    return position.argsort(dim=1), token.argsort(dim=1)


# -----------------------------------------------------------------------------
# maze augmentation: the 8 dihedral transforms of the maze (not of the whole canvas)

DIHEDRAL_INVERSE = [0, 3, 2, 1, 4, 5, 6, 7]


def dihedral(grid, tid):
    """Official numbering: 0 id, 1-3 rot90 x k (counter-clockwise), 4 flip left-right,
    5 flip up-down, 6 transpose, 7 anti-transpose."""
    if tid < 4:
        return torch.rot90(grid, tid, dims=(0, 1))
    return [grid.flip(1), grid.flip(0), grid.t(), torch.rot90(grid, 2, dims=(0, 1)).t()][tid - 4]


def apply_maze(tokens, sizes, tids):
    """Each row's maze (its rows x cols at the top-left) transformed, walls around it again."""
    out = torch.ones_like(tokens)                                         # 1 = '#'
    side = math.isqrt(tokens.shape[1])
    canvas, target = tokens.view(-1, side, side), out.view(-1, side, side)
    for b in range(tokens.shape[0]):
        R, C = sizes[b].tolist()
        g = dihedral(canvas[b, :R, :C], int(tids[b]))
        target[b, :g.shape[0], :g.shape[1]] = g
    return out


# -----------------------------------------------------------------------------
# the stream of fresh training puzzles

class PuzzleStream:
    """Draws augmented training puzzles, with replacement, from those the curriculum allows.
    Everything random comes from one generator, whose state the checkpoint keeps."""

    def __init__(self, data, task, seed, augment=True):
        self.data, self.task, self.augment = data, task, augment
        self.gen = torch.Generator().manual_seed(seed)
        self.pool, self.level = None, None

    def set_level(self, g):
        """Curriculum (None = all puzzles): sudoku draws only puzzles with at least g givens, maze
        only mazes of at most g rows and columns."""
        if g is None:
            self.pool = None
        elif self.task == "sudoku":
            givens = self.data["givens"]
            g = min(int(g), int(givens.max()))                              # never an empty pool
            self.pool = (givens >= g).nonzero().squeeze(1)
        else:
            side = self.data["sizes"].max(dim=1).values
            g = max(int(g), int(side.min()))                                # never an empty pool
            self.pool = (side <= g).nonzero().squeeze(1)
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
        if self.task == "sudoku":
            position, token = sudoku_augmentation(n, self.gen)
            return apply_sudoku(x, position, token), apply_sudoku(y, position, token)
        tids = torch.randint(8, (n,), generator=self.gen)
        sizes = self.data["sizes"][idx]
        return apply_maze(x, sizes, tids), apply_maze(y, sizes, tids)

    def state_dict(self):
        return {"gen": self.gen.get_state(), "level": self.level}

    def load_state_dict(self, s):
        self.gen.set_state(s["gen"])
        self.set_level(s["level"] if "level" in s else s.get("min_givens"))   # older checkpoints: min_givens


def sudoku_valid(tokens):
    """[B] bool: every row, column and box of the solved grid (tokens 2..10) holds 9 digits."""
    g = (tokens - 1).view(-1, 9, 9)
    boxes = g.view(-1, 3, 3, 3, 3).transpose(2, 3).reshape(-1, 9, 9)
    ok = lambda h: (h.sort(dim=2).values == torch.arange(1, 10)).all(dim=2).all(dim=1)  # noqa: E731
    return ok(g) & ok(g.transpose(1, 2)) & ok(boxes)
