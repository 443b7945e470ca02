"""
The task table of the Python side: everything that differs between tasks, one entry per task.

  task = tasks.get("sudoku") | tasks.get("maze", side=12) | tasks.get(name, spec=spec)

A Task knows its token spec (seq_len, vocab_size, canvas), how a JSONL record becomes input and
label tokens (`read`), its training augmentations (`augment`), which cells are "to decide" for
train.py's given_weight (`decide`), what its verifier accepts (`verify`, the meaning of `exact`),
and its curriculum (`levels`, `curriculum`). data.py, train.py and export_onnx.py use nothing
else; adding a task is one class and one TASKS entry here.

Built-in tasks (the official TinyRecursiveModels encodings, docs/encodings.md):
  sudoku  S=81,  V=11: 0 PAD, 1 blank, digit d -> d + 1
  maze    S=900, V=6:  '# SGo' -> 1..5 on a 30x30 canvas, the maze at the top-left, walls around
          (a smaller N x N canvas, S = N*N, for models trained at a smaller size: maze_side)
  arc     S=900, V=12 (official checkpoints: convert_official.py; training from ARC JSON: arc_data.py)
          (a smaller N x N canvas, S = N*N, for models of the tasks whose grids fit it: arc_side)

Learned grid tasks are declared by a JSON task spec (`load_spec`, `check_spec`):
  {"name": "fill-enclosed", "description": "...", "maxGrid": {"rows": 14, "cols": 14},
   "alphabet": {"colours": 10} | {"symbols": [".", "#", "o"]}, "sameSize": true,
   "augmentations": ["dihedral", "colours"]}
Their encoding is the official ARC one generalised (at N = 30, K = 10 it is exactly
src/tasks/arc/encode.ts's encodeArcGrid): K colours, V = K + 2 (0 PAD, 1 EOS, colour c -> c + 2),
a square N x N canvas with N = min(30, max(maxGrid.rows, maxGrid.cols) + 1), S = N*N, row-major;
the grid at the top-left, an EOS row under it across the grid's columns only (if rows < N), an
EOS column right of it down the grid's rows only (if cols < N), the corner cell diagonal to the
grid PAD, everything else PAD. Input and label (the output grid) are both encoded so.
"""

import json
import math
import re

import torch
import torch.nn.functional as F

MAX_SIDE = 30                        # the official canvas side (maze, ARC, learned tasks at most)
MAZE_CHARS = "# SGo"                 # maze token = index + 1
PAD, EOS, COLOUR_OFFSET = 0, 1, 2    # learned-task tokens: colour c -> c + 2
DIHEDRAL_INVERSE = [0, 3, 2, 1, 4, 5, 6, 7]


def dihedral(grid, tid):
    """Official numbering: 0 id, 1-3 rot90 x k (counter-clockwise), 4 flip left-right,
    5 flip up-down, 6 transpose, 7 anti-transpose."""
    if tid < 4:
        return torch.rot90(grid, tid, dims=(0, 1))
    return [grid.flip(1), grid.flip(0), grid.t(), torch.rot90(grid, 2, dims=(0, 1)).t()][tid - 4]


class Task:
    """The interface (and defaults) every task implements."""
    name = None
    seq_len = vocab_size = None
    canvas = None                    # (rows, cols)
    extras = ()                      # per-record tensors load_jsonl keeps beside inputs and labels
    curriculum = None                # "min": draw levels >= g (sudoku givens); "max": <= g (sizes)
    level_label = ""                 # progress lines: "givens>=", "size<="

    def tokens(self):
        return dict(seq_len=self.seq_len, vocab_size=self.vocab_size)

    def read(self, record):
        """One JSONL record -> (input tokens [S], label tokens [S], {extra: value})."""
        raise ValueError(f"{self.name} has no data reader here (export only)")

    def augment(self, x, y, extra, gen):
        """A random augmentation of each row of x (inputs) and y (labels), drawn from gen."""
        return x, y

    def decide(self, inputs, labels):
        """[B,S] bool: the cells to decide (given_weight weights the others), or None."""
        return None

    def step_labels(self, inputs, labels, loss_if):
        """[B,S] the labels one supervision step trains on: the data's (here), or, for a task whose
        loss accepts several answers, the accepted answer nearest the model's output; loss_if(t) is
        the model's [B,S] per-cell loss were every label t."""
        return labels

    def verify(self, inputs, preds, labels):
        """[B] bool: the prediction is an answer the task's verifier accepts."""
        return ((preds == labels) | (labels == PAD)).all(1)

    def levels(self, data):
        """[N] curriculum level of each record of a loaded data file."""
        raise ValueError(f"{self.name} has no curriculum")

    def manifest(self):
        """Extra top-level manifest fields."""
        return {}


# -----------------------------------------------------------------------------
# sudoku

def sudoku_tokens(text):
    if len(text) != 81:
        raise ValueError(f"a sudoku has 81 cells, got {len(text)}")
    return [1 if c in ".0" else int(c) + 1 for c in text]


def _batch_perm(gen, B, n):
    return torch.rand(B, n, generator=gen).argsort(dim=1)


def sudoku_augmentation(B, gen):
    """B random (position_map [B,81], token_map [B,11]) pairs: digit relabelling, transpose,
    band and row-within-band, stack and column-within-stack shuffles."""
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
    """new[i] = token_map[old[position_map[i]]]"""
    return token.gather(1, tokens.gather(1, position))


def invert_sudoku(position, token):
    """The (position_map, token_map) pair that undoes an augmentation."""
    return position.argsort(dim=1), token.argsort(dim=1)


def sudoku_valid(tokens):
    """[B] bool: every row, column and box of the solved grid (tokens 2..10) holds 9 digits."""
    g = (tokens - 1).view(-1, 9, 9)
    boxes = g.view(-1, 3, 3, 3, 3).transpose(2, 3).reshape(-1, 9, 9)
    ok = lambda h: (h.sort(dim=2).values == torch.arange(1, 10, device=h.device)).all(dim=2).all(dim=1)  # noqa: E731
    return ok(g) & ok(g.transpose(1, 2)) & ok(boxes)


class Sudoku(Task):
    name = "sudoku"
    seq_len, vocab_size, canvas = 81, 11, (9, 9)
    extras = ("givens",)
    curriculum, level_label = "min", "givens>="

    def read(self, r):
        givens = sum(c not in ".0" for c in r["puzzle"])
        return sudoku_tokens(r["puzzle"]), sudoku_tokens(r["solution"]), {"givens": givens}

    def augment(self, x, y, extra, gen):
        position, token = sudoku_augmentation(x.shape[0], gen)
        return apply_sudoku(x, position, token), apply_sudoku(y, position, token)

    def decide(self, inputs, labels):
        return inputs == 1                                               # the blanks

    def verify(self, inputs, preds, labels):
        # what src/tasks/sudoku's verifier accepts: a valid grid that keeps every given
        return sudoku_valid(preds) & ((inputs == 1) | (preds == inputs)).all(1)

    def levels(self, data):
        return data["givens"]


# -----------------------------------------------------------------------------
# maze

def maze_tokens(rows, side=MAX_SIDE):
    if len(rows) > side or any(len(r) > side for r in rows):
        raise ValueError(f"a maze larger than {side}x{side} does not fit the canvas")
    grid = [[1] * side for _ in range(side)]             # walls around a smaller maze
    for r, row in enumerate(rows):
        for c, ch in enumerate(row.replace(".", " ")):
            grid[r][c] = MAZE_CHARS.index(ch) + 1
    return [t for row in grid for t in row]


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


def _grow(reached, allowed):
    """One breadth-first layer on [B,N,N] bool grids: reached plus its allowed 4-neighbours."""
    d = reached.clone()
    d[:, 1:] |= reached[:, :-1]
    d[:, :-1] |= reached[:, 1:]
    d[:, :, 1:] |= reached[:, :, :-1]
    d[:, :, :-1] |= reached[:, :, 1:]
    return reached | (d & allowed)


def _goal_distance(start, goal, allowed, limit):
    """[B] steps from start to goal through allowed cells (start itself need not be allowed), -1
    where goal is not reached within limit steps."""
    dist = torch.full((start.shape[0],), -1, dtype=torch.long, device=start.device)
    reached = start
    for k in range(1, limit + 1):
        grown = _grow(reached, allowed)
        dist[(dist < 0) & (grown & goal).flatten(1).any(1)] = k
        if bool((dist >= 0).all()) or torch.equal(grown, reached):
            break
        reached = grown
    return dist


def maze_shortest(inputs):
    """[B] length of the shortest S-G path of each maze (-1: none)."""
    side = math.isqrt(inputs.shape[1])
    x = inputs.view(-1, side, side)
    return _goal_distance(x == 3, x == 4, (x >= 2) & (x <= 4), side * side)


def maze_path_ok(inputs, preds, shortest=None):
    """[B] bool: what `trm-router eval` accepts for a maze (readMarkedPath + verifyMaze): a
    shortest S-G path runs through the cells marked 'o' on open cells; stray marks elsewhere
    are ignored, as there. `shortest`: maze_shortest(inputs), when known."""
    side = math.isqrt(inputs.shape[1])
    x, p = inputs.view(-1, side, side), preds.view(-1, side, side)
    passable = (x >= 2) & (x <= 4)                                        # ' ', S, G
    start, goal = x == 3, x == 4
    if shortest is None:
        shortest = maze_shortest(inputs)
    marked = ((p == 5) & passable) | goal
    limit = int(shortest.max().clamp(min=0))
    through_marks = _goal_distance(start, goal, marked, limit)
    return (shortest > 0) & (through_marks == shortest)


def _distances(sources, passable):
    """[B,N,N] breadth-first distance from the source cells through passable cells (sources count
    as passable); unreached cells get N*N + 1."""
    B, side, _ = sources.shape
    inf = side * side + 1
    dist = torch.full(sources.shape, inf, dtype=torch.long, device=sources.device)
    dist[sources] = 0
    reached, allowed = sources, passable | sources
    for k in range(1, side * side + 1):
        grown = _grow(reached, allowed)
        new = grown & ~reached
        if not bool(new.any()):
            break
        dist[new] = k
        reached = grown
    return dist


def _neighbour_min(values, fill):
    """[B,N,N] the smallest of each cell's four neighbours (fill beyond the edge)."""
    pad = F.pad(values, (1, 1, 1, 1), value=fill)
    return torch.minimum(torch.minimum(pad[:, :-2, 1:-1], pad[:, 2:, 1:-1]),
                         torch.minimum(pad[:, 1:-1, :-2], pad[:, 1:-1, 2:]))


def maze_canonical_labels(inputs):
    """[B,S] labels: each maze with its canonical shortest path marked 'o' (5) on open cells, as
    src/tasks/maze/kinds.ts's canonicalShortestPath draws it: from S, step to the first
    neighbour (up, down, left, right) one step closer to G. A maze with one shortest path gets
    that path; with ties the choice depends only on the distances to G around each cell, which a
    model can learn, and an augmented (rotated, mirrored) maze gets its own canonical path. A maze
    whose G is unreachable keeps no marks."""
    side = math.isqrt(inputs.shape[1])
    x = inputs.view(-1, side, side)
    B = x.shape[0]
    passable = (x >= 2) & (x <= 4)
    inf = side * side + 1
    dist = F.pad(_distances(x == 4, passable), (1, 1, 1, 1), value=inf)                 # INF border
    flat = dist.reshape(B, -1)
    W = side + 2
    start = (x == 3).flatten(1)
    has = start.any(1)
    r, c = torch.div(start.float().argmax(1), side, rounding_mode="floor"), start.float().argmax(1) % side
    cur = (r + 1) * W + (c + 1)
    out = x.clone().view(B, -1)
    rows = torch.arange(B, device=x.device)
    steps = torch.tensor([-W, W, -1, 1], device=x.device)
    while True:
        d = flat[rows, cur]
        active = has & (d > 0) & (d < inf)
        if not bool(active.any()):
            break
        around = flat[rows.unsqueeze(1), cur.unsqueeze(1) + steps]                   # [B,4]
        first = (around == (d - 1).unsqueeze(1)).float().argmax(1)                    # first closer one
        cur = torch.where(active, cur + steps[first], cur)
        cell = (torch.div(cur, W, rounding_mode="floor") - 1) * side + (cur % W - 1)
        mark = active & (out[rows, cell] == 2)
        out[rows[mark], cell[mark]] = 5
    return out


def maze_nearest_shortest_labels(inputs, path_cost):
    """[B,S] labels for a loss that accepts any shortest path: each maze with the shortest S-G path
    the model already leans to marked 'o' (5), the one of least summed path_cost over its open cells,
    where path_cost [B,S] is what marking a cell costs against leaving it open (the model's
    cross-entropy for 'o' minus that for ' '). A maze with one shortest path gets that path whatever
    the costs (the canonical label); with ties, the label follows the model instead of asking it to
    learn a tie-break. Dynamic programming over the cells on some shortest path, layer by layer from
    S, then a walk back from G to the cheapest predecessor. A maze whose G is unreachable keeps no
    marks."""
    side = math.isqrt(inputs.shape[1])
    x = inputs.view(-1, side, side)
    B = x.shape[0]
    passable = (x >= 2) & (x <= 4)
    start, goal = x == 3, x == 4
    inf = side * side + 1
    from_s, from_g = _distances(start, passable), _distances(goal, passable)
    length = torch.where(goal, from_s, torch.full_like(from_s, inf)).flatten(1).min(1).values   # [B]
    on_path = passable & (from_s + from_g == length.view(B, 1, 1)) & (length < inf).view(B, 1, 1)
    cost = torch.where(x == 2, path_cost.view(B, side, side).double(), torch.zeros((), dtype=torch.double))
    big = float("inf")
    best = torch.full((B, side, side), big, dtype=torch.double, device=x.device)
    best[start & on_path] = 0.0
    reach = int(length[length < inf].max()) if bool((length < inf).any()) else 0
    for k in range(1, reach + 1):
        layer = on_path & (from_s == k)
        best = torch.where(layer, cost + _neighbour_min(best, big), best)
    # walk back from G: at each cell, step to the cheapest neighbour one layer closer to S
    out = x.clone()
    W = side + 2
    padded = F.pad(best, (1, 1, 1, 1), value=big).view(B, -1)
    layer_of = F.pad(torch.where(on_path, from_s, torch.full_like(from_s, -5)), (1, 1, 1, 1), value=-5).view(B, -1)
    has = length < inf
    g = goal.flatten(1).float().argmax(1)
    cur = (torch.div(g, side, rounding_mode="floor") + 1) * W + (g % side + 1)
    rows = torch.arange(B, device=x.device)
    steps = torch.tensor([-W, W, -1, 1], device=x.device)
    flat = out.view(B, -1)
    for _ in range(reach):
        d = layer_of[rows, cur]
        active = has & (d > 0)
        if not bool(active.any()):
            break
        around = cur.unsqueeze(1) + steps
        ok = layer_of[rows.unsqueeze(1), around] == (d - 1).unsqueeze(1)
        score = padded[rows.unsqueeze(1), around].masked_fill(~ok, big)
        cur = torch.where(active, cur + steps[score.argmin(1)], cur)
        cell = (torch.div(cur, W, rounding_mode="floor") - 1) * side + (cur % W - 1)
        mark = active & (flat[rows, cell] == 2)
        flat[rows[mark], cell[mark]] = 5
    return out.view(B, -1)


MAZE_TARGETS = ("canonical", "any")   # maze labels: the canonical path the data holds | any shortest path


class Maze(Task):
    name = "maze"
    vocab_size = 6
    extras = ("sizes",)
    curriculum, level_label = "max", "size<="

    def __init__(self, side=MAX_SIDE, target="canonical"):
        if not 2 <= side <= MAX_SIDE:
            raise ValueError(f"maze_side must be 2..{MAX_SIDE}, got {side}")
        if target not in MAZE_TARGETS:
            raise ValueError(f"maze_target must be one of {', '.join(MAZE_TARGETS)}, got {target!r}")
        self.side, self.seq_len, self.canvas, self.target = side, side * side, (side, side), target

    def read(self, r):
        rows = r["puzzle"]
        return maze_tokens(rows, self.side), maze_tokens(r["solution"], self.side), {"sizes": (len(rows), len(rows[0]))}

    def augment(self, x, y, extra, gen):
        # the label is drawn again for the transformed maze: the canonical path of a rotated maze
        # with ties is not the rotated canonical path (one shortest path: the same either way)
        tids = torch.randint(8, (x.shape[0],), generator=gen)
        return (ax := apply_maze(x, extra["sizes"], tids)), maze_canonical_labels(ax)

    def decide(self, inputs, labels):
        return inputs == 2                                               # open cells: path or not

    def step_labels(self, inputs, labels, loss_if):
        if self.target == "canonical":
            return labels
        return maze_nearest_shortest_labels(inputs, loss_if(5) - loss_if(2))     # 'o' against ' '

    def verify(self, inputs, preds, labels):
        # evaluation asks once per supervision step for the same inputs: their shortest paths are kept
        cached = getattr(self, "_shortest", None)
        if cached is None or cached[0] is not inputs:
            self._shortest = cached = (inputs, maze_shortest(inputs))
        return maze_path_ok(inputs, preds, cached[1])

    def levels(self, data):
        return data["sizes"].max(dim=1).values


class Arc(Task):
    """ARC: official checkpoints (convert_official.py) and train.py's task "arc", whose data comes
    from ARC JSON through arc_data.py (ArcCorpus, ArcStream), not from JSONL records. The official
    canvas is 30x30; a model trained on a smaller N x N canvas (arc_side) answers the tasks whose
    grids fit it, at a fraction of the cost per step."""
    name = "arc"
    vocab_size = 12

    def __init__(self, side=MAX_SIDE):
        if not 2 <= side <= MAX_SIDE:
            raise ValueError(f"arc_side must be 2..{MAX_SIDE}, got {side}")
        self.side, self.seq_len, self.canvas = side, side * side, (side, side)


# -----------------------------------------------------------------------------
# learned grid tasks

NAME_RE = re.compile(r"^[a-z][a-z0-9-]{1,39}$")
SPEC_KEYS = ("name", "description", "maxGrid", "alphabet", "sameSize", "augmentations")
AUGMENTATIONS = ("dihedral", "colours")


def check_spec(spec):
    """The spec itself when it is a valid learned-task spec, else ValueError naming each problem."""
    if not isinstance(spec, dict):
        raise ValueError("a task spec is a JSON object")
    problems = [f"unknown key {k!r}" for k in spec if k not in SPEC_KEYS]
    problems += [f"missing key {k!r}" for k in SPEC_KEYS if k not in spec]

    def is_int(v):
        return isinstance(v, int) and not isinstance(v, bool)

    name = spec.get("name")
    if "name" in spec and not (isinstance(name, str) and NAME_RE.match(name)):
        problems.append(f"name {name!r} must match [a-z][a-z0-9-]{{1,39}}")
    elif name in BUILTIN:
        problems.append(f"name {name!r} is a built-in task")
    if "description" in spec and not (isinstance(spec["description"], str) and spec["description"].strip()):
        problems.append("description must be a non-empty string")
    g = spec.get("maxGrid")
    if "maxGrid" in spec and not (isinstance(g, dict) and set(g) == {"rows", "cols"}
                                  and all(is_int(g[k]) and 1 <= g[k] <= MAX_SIDE for k in g)):
        problems.append(f"maxGrid must be {{rows, cols}} with each side 1..{MAX_SIDE}, got {g!r}")
    a = spec.get("alphabet")
    if "alphabet" in spec:
        if isinstance(a, dict) and list(a) == ["colours"]:
            if not (is_int(a["colours"]) and 2 <= a["colours"] <= 10):
                problems.append(f"alphabet.colours must be an integer 2..10, got {a['colours']!r}")
        elif isinstance(a, dict) and list(a) == ["symbols"]:
            s = a["symbols"]
            if not (isinstance(s, list) and 2 <= len(s) <= MAX_SIDE
                    and all(isinstance(c, str) and len(c) == 1 for c in s) and len(set(s)) == len(s)):
                problems.append(f"alphabet.symbols must be 2..{MAX_SIDE} distinct one-character strings, got {s!r}")
        else:
            problems.append(f"alphabet must be {{\"colours\": K}} or {{\"symbols\": [...]}}, got {a!r}")
    if "sameSize" in spec and not isinstance(spec["sameSize"], bool):
        problems.append(f"sameSize must be true or false, got {spec['sameSize']!r}")
    augs = spec.get("augmentations")
    if "augmentations" in spec and not (isinstance(augs, list) and all(x in AUGMENTATIONS for x in augs)
                                        and len(set(augs)) == len(augs)):
        problems.append(f"augmentations must be a list of distinct {list(AUGMENTATIONS)}, got {augs!r}")
    if problems:
        raise ValueError("invalid task spec: " + "; ".join(problems))
    return spec


def load_spec(path):
    """A task spec file, checked."""
    with open(path) as f:
        try:
            spec = json.load(f)
        except json.JSONDecodeError as e:
            raise ValueError(f"{path}: not JSON ({e})") from e
    try:
        return check_spec(spec)
    except ValueError as e:
        raise ValueError(f"{path}: {e}") from e


def spec_side(spec):
    """N of the learned task's N x N canvas."""
    return min(MAX_SIDE, max(spec["maxGrid"]["rows"], spec["maxGrid"]["cols"]) + 1)


def spec_colours(spec):
    """K, the number of colours."""
    a = spec["alphabet"]
    return a["colours"] if "colours" in a else len(a["symbols"])


def encode_grid(grid, side):
    """Tokens [side*side] of a grid of colours (lists of ints 0..K-1 or a [R,C] tensor) at the top-left."""
    g = torch.as_tensor(grid, dtype=torch.long)
    R, C = g.shape
    out = torch.zeros(side, side, dtype=torch.long)
    out[:R, :C] = g + COLOUR_OFFSET
    if C < side:
        out[:R, C] = EOS
    if R < side:
        out[R, :C] = EOS
    return out.view(-1)


def decode_grid(tokens, rows, cols):
    """The rows x cols colour grid at the top-left of the tokens (the inverse of encode_grid)."""
    side = math.isqrt(tokens.shape[-1])
    return tokens.view(side, side)[:rows, :cols] - COLOUR_OFFSET


class LearnedTask(Task):
    """A grid task declared by a task spec (see the module docstring for the encoding)."""
    extras = ("sizes", "out_sizes")
    curriculum, level_label = "max", "size<="

    def __init__(self, spec):
        self.spec = check_spec(spec)
        self.name = spec["name"]
        self.colours = spec_colours(spec)
        self.symbols = spec["alphabet"].get("symbols")
        self.side = spec_side(spec)
        self.seq_len, self.vocab_size, self.canvas = self.side ** 2, self.colours + 2, (self.side, self.side)
        self.max_rows, self.max_cols = spec["maxGrid"]["rows"], spec["maxGrid"]["cols"]

    def grid(self, value, what):
        """A data-file grid (rows of ints 0..K-1, or strings of the spec's symbols) as lists of ints."""
        K = self.colours
        if not isinstance(value, list) or not value:
            raise ValueError(f"{what} must be a non-empty list of rows")
        if all(isinstance(row, str) for row in value):
            if self.symbols is None:
                raise ValueError(f"{what}: rows are strings, but the alphabet is colours 0..{K - 1} (rows of integers)")
            grid = []
            for r, row in enumerate(value):
                bad = sorted({ch for ch in row if ch not in self.symbols})
                if bad:
                    raise ValueError(f"{what} row {r}: {''.join(bad)!r} not in the symbols {''.join(self.symbols)!r}")
                grid.append([self.symbols.index(ch) for ch in row])
        elif all(isinstance(row, list) for row in value):
            grid = value
            for r, row in enumerate(grid):
                for c, v in enumerate(row):
                    if not (isinstance(v, int) and not isinstance(v, bool) and 0 <= v < K):
                        raise ValueError(f"{what}[{r}][{c}] = {v!r} is not a colour 0..{K - 1}")
        else:
            raise ValueError(f"{what} rows must all be lists of integers or all strings")
        cols = len(grid[0])
        for r, row in enumerate(grid):
            if len(row) != cols:
                raise ValueError(f"{what}: row {r} has {len(row)} cells, row 0 has {cols}")
        if cols == 0:
            raise ValueError(f"{what}: rows are empty")
        if len(grid) > self.max_rows or cols > self.max_cols:
            raise ValueError(f"{what} is {len(grid)}x{cols}, larger than maxGrid "
                             f"{self.max_rows}x{self.max_cols}")
        return grid

    def read(self, r):
        if not isinstance(r, dict):
            raise ValueError('a record is {"input": grid, "output": grid}')
        for key in ("input", "output"):
            if key not in r:
                raise ValueError(f"missing {key!r}")
        x, y = self.grid(r["input"], "input"), self.grid(r["output"], "output")
        size, out_size = (len(x), len(x[0])), (len(y), len(y[0]))
        if self.spec["sameSize"] and size != out_size:
            raise ValueError(f"output is {out_size[0]}x{out_size[1]}, input {size[0]}x{size[1]}; "
                             f"the spec says sameSize")
        return (encode_grid(x, self.side).tolist(), encode_grid(y, self.side).tolist(),
                {"sizes": size, "out_sizes": out_size})

    def augment(self, x, y, extra, gen):
        augs = self.spec["augmentations"]
        n = x.shape[0]
        if "dihedral" in augs:
            tids = torch.randint(8, (n,), generator=gen)
            x = apply_dihedral(x, extra["sizes"], tids)
            y = apply_dihedral(y, extra["out_sizes"], tids)
        if "colours" in augs:
            perm = colour_permutations(n, self.colours, gen)
            x, y = apply_colours(x, perm), apply_colours(y, perm)
        return x, y

    def decide(self, inputs, labels):
        # same-size tasks: the cells whose output differs from the input (what the model has to
        # change); other tasks have no cell-for-cell correspondence, so no such cells
        return labels != inputs if self.spec["sameSize"] else None

    def verify(self, inputs, preds, labels):
        # no verifier: exact = every non-PAD label token right = the whole grid equal to the output
        return super().verify(inputs, preds, labels)

    def levels(self, data):
        return torch.maximum(data["sizes"].max(dim=1).values, data["out_sizes"].max(dim=1).values)

    def manifest(self):
        return {"learnedTask": self.spec}


def apply_dihedral(tokens, sizes, tids):
    """Learned-task tokens [B,S]: each row's grid (sizes[b] at the top-left) under dihedral
    transform tids[b] (official numbering), re-encoded so the EOS lines follow its new shape."""
    side = math.isqrt(tokens.shape[1])
    out = torch.empty_like(tokens)
    for b in range(tokens.shape[0]):
        R, C = sizes[b].tolist()
        out[b] = encode_grid(dihedral(decode_grid(tokens[b], R, C), int(tids[b])), side)
    return out


def colour_permutations(n, colours, gen):
    """[n, K] colour maps: 0 (the background) stays, 1..K-1 randomly permuted."""
    rest = torch.rand(n, colours - 1, generator=gen).argsort(dim=1) + 1
    return torch.cat((torch.zeros(n, 1, dtype=torch.long), rest), dim=1)


def apply_colours(tokens, perm):
    """Learned-task tokens [B,S] with colour c replaced by perm[b, c] (PAD and EOS stay)."""
    n = tokens.shape[0]
    token_map = torch.cat((torch.tensor([PAD, EOS]).expand(n, 2), perm + COLOUR_OFFSET), dim=1)
    return token_map.gather(1, tokens)


# -----------------------------------------------------------------------------
# the table

BUILTIN = {"sudoku": Sudoku, "maze": Maze, "arc": Arc}


def get(name, side=MAX_SIDE, spec=None, maze_target="canonical"):
    """The Task called `name`: a built-in one, or the learned task `spec` declares; `side` is the
    N x N canvas of a maze or ARC model (30, the official one, by default); `maze_target` what a
    maze's loss accepts (MAZE_TARGETS; another task takes only the default)."""
    if maze_target != "canonical" and name != "maze":
        raise ValueError(f"maze_target {maze_target!r} is for the maze task, not {name}")
    if isinstance(name, Task):
        return name
    if spec is not None:
        task = LearnedTask(spec)
        if name is not None and name != task.name:
            raise ValueError(f"task {name!r} but the spec declares {task.name!r}")
        return task
    if name == "maze":
        return Maze(side, maze_target)
    if name == "arc":
        return Arc(side)
    if name not in BUILTIN:
        raise ValueError(f"unknown task {name!r}: one of {', '.join(BUILTIN)}, or a learned task (task spec)")
    return BUILTIN[name]()


def for_model(name, seq_len, spec=None):
    """The Task whose encoding a model with seq_len tokens uses (a maze or ARC model's canvas side
    comes from seq_len); ValueError when seq_len does not fit the task."""
    if name in ("maze", "arc") and spec is None:
        side = math.isqrt(seq_len)
        if side * side != seq_len or not 2 <= side <= MAX_SIDE:
            raise ValueError(f"a {name} model needs S = N*N with N in 2..{MAX_SIDE}, got S={seq_len}")
        return get(name, side)
    return get(name, spec=spec)
