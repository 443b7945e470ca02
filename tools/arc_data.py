"""
ARC data in the official TRM encoding, for adapt.py and any later ARC training run.

  from arc_data import read_task, plan_augmentations, build_examples, supervision_loss

- `read_task(value, where)`: an ARC task JSON (ARC-AGI-1/2 format: {"train": [{input, output}],
  "test": [{input[, output]}]}, or one task wrapped as {"<task id>": {...}}), every grid checked;
  ValueError naming the field ("train[1].output: row 2 has 3 cells, row 0 has 4").
- `plan_augmentations(task_id, pairs, n, seed)`: n augmentations drawn as the official
  dataset/build_arc_dataset.py draws them (a dihedral transform id 0..7 and a permutation of the
  colours 1..9 with 0 fixed; an augmentation that gives the same set of grids as one already drawn is
  drawn again, up to 5n tries), the identity first. Each is named as the official identifiers.json
  and src/tasks/arc/augment.ts name them: the identity is the bare task id, the others
  `<task>|||t<tid>|||<10 digits>`.
- `augment_grid(grid, tid, perm)`: recolour, then transform (augment.ts's augmentGrid).
- `encode_grid_pair(inp, out, offset)`: the 900 input and label tokens (0 PAD, 1 EOS, colour c ->
  c + 2; the grid at the top-left, or at `offset` (rows, cols) for the official training-time
  translation; an EOS row under the grid across its columns, an EOS column right of it down its
  rows).
- `build_examples(pairs, augs, translate, gen)`: inputs [N,900], labels [N,900] and aug [N] (the
  augmentation's index in `augs`, i.e. the puzzle-embedding row among the task's rows): every
  demonstration pair under every augmentation. With `translate`, as the official training split,
  every pair but one random pair per augmented puzzle sits at a random offset.
- `supervision_loss(logits, q_halt, labels, loss_fn)`: the official ACT loss of one supervision
  step per sample: mean CE over the label's non-PAD cells + 0.5 * BCE(q_halt, whole answer right),
  and whether the answer is right.
- `decode_grid(tokens)`: the official evaluator's crop (src/tasks/arc/encode.ts decodeArcGrid).
- Every token function also takes a smaller N x N canvas (`side`, S = N*N; `decode_grid` reads N
  from the token count): the official layout cut to N x N, for models trained with `arc_side`;
  `fits(grid, side)` says whether a grid fits one.
"""

import hashlib
import json
import math
import random

import numpy as np
import torch
import torch.nn.functional as F

SIDE = 30                      # the official ARC canvas (30 x 30, S = 900)
SEQ_LEN, VOCAB = SIDE * SIDE, 12
PAD, EOS, COLOUR_OFFSET = 0, 1, 2
SEPARATOR = "|||"
RETRIES = 5                    # official ARCAugmentRetriesFactor
DIHEDRAL_INVERSE = [0, 3, 2, 1, 4, 5, 6, 7]


# -----------------------------------------------------------------------------
# reading a task

def _grid(value, where):
    if not isinstance(value, list) or not value:
        raise ValueError(f"{where} must be a non-empty list of rows")
    if len(value) > SIDE:
        raise ValueError(f"{where} has {len(value)} rows; ARC grids have at most {SIDE}")
    cols = None
    for r, row in enumerate(value):
        if not isinstance(row, list) or not row:
            raise ValueError(f"{where} row {r} must be a non-empty list of colours 0..9")
        if cols is None:
            cols = len(row)
        elif len(row) != cols:
            raise ValueError(f"{where}: row {r} has {len(row)} cells, row 0 has {cols}")
        for c, v in enumerate(row):
            if not (isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 9):
                raise ValueError(f"{where}[{r}][{c}] = {v!r} is not an ARC colour 0..9")
    if cols > SIDE:
        raise ValueError(f"{where} has {cols} columns; ARC grids have at most {SIDE}")
    return np.array(value, dtype=np.int64)


def read_task(value, where="task", task_id=None):
    """(task id or None, [(input, output)] demonstration pairs, [test input]) of an ARC task JSON
    value; the id comes from a {"<id>": task} wrapper. With task_id, a challenges file (many
    {"<id>": task} entries) gives that task. ValueError naming the field otherwise."""
    if isinstance(value, dict) and task_id is not None and not {"train", "test"} & set(value) and len(value) > 1:
        if task_id not in value:
            raise ValueError(f"{where} has no task {task_id!r} ({len(value)} tasks in it)")
        value = {task_id: value[task_id]}
    task_id = None
    if isinstance(value, dict) and len(value) == 1 and not {"train", "test"} & set(value):
        task_id, value = next(iter(value.items()))
        where = f"{where}[{task_id!r}]"
    if not isinstance(value, dict):
        raise ValueError(f"{where} must be an object with \"train\" and \"test\" (ARC task JSON)")
    if "train" not in value:
        raise ValueError(f"{where}.train is missing: an ARC task has demonstration pairs")
    train = value["train"]
    if not isinstance(train, list) or not train:
        raise ValueError(f"{where}.train must be a non-empty list of {{input, output}} pairs")
    pairs = []
    for i, pair in enumerate(train):
        if not isinstance(pair, dict) or "input" not in pair or "output" not in pair:
            raise ValueError(f"{where}.train[{i}] must be an object with \"input\" and \"output\" grids")
        pairs.append((_grid(pair["input"], f"{where}.train[{i}].input"), _grid(pair["output"], f"{where}.train[{i}].output")))
    tests = []
    test = value.get("test", [])
    if not isinstance(test, list):
        raise ValueError(f"{where}.test must be a list of {{input}} items")
    for i, item in enumerate(test):
        if not isinstance(item, dict) or "input" not in item:
            raise ValueError(f"{where}.test[{i}] must be an object with an \"input\" grid")
        tests.append(_grid(item["input"], f"{where}.test[{i}].input"))
    return task_id, pairs, tests


def load_task(path, task_id=None):
    """read_task of a file; ValueError naming the file for unreadable JSON."""
    with open(path) as f:
        try:
            value = json.load(f)
        except json.JSONDecodeError as e:
            raise ValueError(f"{path}: not JSON ({e})") from e
    return read_task(value, path, task_id)


# -----------------------------------------------------------------------------
# augmentations (official numbering and naming)

def dihedral(grid, tid):
    """Official dataset/common.py dihedral_transform on a numpy grid."""
    return [lambda a: a, lambda a: np.rot90(a, 1), lambda a: np.rot90(a, 2), lambda a: np.rot90(a, 3),
            np.fliplr, np.flipud, lambda a: a.T, lambda a: np.fliplr(np.rot90(a, 1))][tid](grid)


def augment_grid(grid, tid, perm):
    """Recolour (colour c -> perm[c]), then transform: the official aug() and augment.ts."""
    return np.ascontiguousarray(dihedral(np.asarray(perm)[grid], tid))


def inverse_augment_grid(grid, tid, perm):
    return np.argsort(perm)[dihedral(np.asarray(grid), DIHEDRAL_INVERSE[tid])]


def augmentation_name(task_id, tid, perm):
    if tid == 0 and list(perm) == list(range(10)):
        return task_id
    return f"{task_id}{SEPARATOR}t{tid}{SEPARATOR}{''.join(str(int(c)) for c in perm)}"


def task_of(name):
    """The task id of an identifier (official naming: a name without ||| is the task itself)."""
    return name.split(SEPARATOR)[0]


def _puzzle_hash(pairs):
    digest = []
    for inp, out in pairs:
        h = [hashlib.sha256(bytes(g.shape) + g.astype(np.uint8).tobytes()).hexdigest() for g in (inp, out)]
        digest.append("|".join(h))
    return hashlib.sha256("|".join(sorted(digest)).encode()).hexdigest()


def plan_augmentations(task_id, pairs, n, seed=0):
    """[{name, tid, perm}] of n distinct augmentations, the identity first (fewer when the task's
    symmetries leave fewer distinct ones within 5n draws)."""
    rng = random.Random(seed)
    plan = [{"name": task_id, "tid": 0, "perm": list(range(10))}]
    seen = {_puzzle_hash(pairs)}
    for _ in range(RETRIES * n):
        if len(plan) >= n:
            break
        tid = rng.randrange(8)
        rest = list(range(1, 10))
        rng.shuffle(rest)
        perm = [0] + rest
        h = _puzzle_hash([(augment_grid(i, tid, perm), augment_grid(o, tid, perm)) for i, o in pairs])
        if h in seen:
            continue
        seen.add(h)
        plan.append({"name": augmentation_name(task_id, tid, perm), "tid": tid, "perm": perm})
    return plan


# -----------------------------------------------------------------------------
# tokens

def fits(grid, side):
    """Whether a grid fits an N x N canvas."""
    return grid.shape[0] <= side and grid.shape[1] <= side


def encode_grid(grid, offset=(0, 0), side=SIDE):
    """[side*side] tokens (900 on the official canvas) of one grid at `offset` (official
    np_grid_to_seq_translational_augment)."""
    r0, c0 = offset
    rows, cols = grid.shape
    if r0 + rows > side or c0 + cols > side:
        raise ValueError(f"a {rows}x{cols} grid at {tuple(offset)} does not fit the {side}x{side} canvas")
    out = np.zeros((side, side), dtype=np.int64)
    out[r0:r0 + rows, c0:c0 + cols] = grid + COLOUR_OFFSET
    if r0 + rows < side:
        out[r0 + rows, c0:c0 + cols] = EOS
    if c0 + cols < side:
        out[r0:r0 + rows, c0 + cols] = EOS
    return out.reshape(-1)


def encode_grid_pair(inp, out, offset=(0, 0), side=SIDE):
    return encode_grid(inp, offset, side), encode_grid(out, offset, side)


def decode_grid(tokens):
    """The official evaluator's crop of N*N predicted tokens (900 on the official canvas;
    encode.ts decodeArcGrid): for each n rows, the width is the run of colour tokens at the start
    of row n-1, never wider than the rows above; the n x width rectangle of largest area (first on
    ties). [] when none."""
    tokens = np.asarray(tokens)
    side = math.isqrt(tokens.size)
    if side * side != tokens.size:
        raise ValueError(f"ARC predictions are N*N tokens of an N x N canvas, got {tokens.size}")
    t = tokens.reshape(side, side)
    colour = (t >= COLOUR_OFFSET) & (t < VOCAB)
    best, best_area, width = (0, 0), 0, side
    for n in range(1, side + 1):
        row = colour[n - 1]
        run = side if row.all() else int(np.argmin(row))
        width = min(width, run)
        if width * n > best_area:
            best, best_area = (n, width), width * n
    if best_area == 0:
        return np.zeros((0, 0), dtype=np.int64)
    return t[:best[0], :best[1]] - COLOUR_OFFSET


def build_examples(pairs, augs, translate=False, gen=None, side=SIDE):
    """{"inputs" [N,S], "labels" [N,S], "aug" [N]} on the side x side canvas (S = 900 on the
    official one): every pair under every augmentation. With translate, every pair but one random
    pair per augmentation sits at a random offset (the official training split); gen is a
    random.Random."""
    gen = gen or random.Random(0)
    inputs, labels, which = [], [], []
    for a, aug in enumerate(augs):
        keep = gen.randrange(len(pairs))
        for k, (inp, out) in enumerate(pairs):
            i, o = augment_grid(inp, aug["tid"], aug["perm"]), augment_grid(out, aug["tid"], aug["perm"])
            offset = (0, 0)
            if translate and k != keep:
                offset = (gen.randrange(side - max(i.shape[0], o.shape[0]) + 1),
                          gen.randrange(side - max(i.shape[1], o.shape[1]) + 1))
            x, y = encode_grid_pair(i, o, offset, side)
            inputs.append(x)
            labels.append(y)
            which.append(a)
    return {"inputs": torch.from_numpy(np.stack(inputs)), "labels": torch.from_numpy(np.stack(labels)),
            "aug": torch.tensor(which, dtype=torch.long)}


# -----------------------------------------------------------------------------
# the loss (official models/losses.py ACTLossHead, one supervision step)

def log_stablemax(x, dim=-1):
    s = torch.where(x < 0, 1 / (1 - x + 1e-30), x + 1)
    return torch.log(s / s.sum(dim=dim, keepdim=True))


def token_loss(logits, labels, kind="stablemax"):
    """Per-token cross-entropy [B,S] (stablemax in float64, as the official ARC runs, or softmax)."""
    if kind == "stablemax":
        logp = log_stablemax(logits.double())
        return -logp.gather(-1, labels.unsqueeze(-1)).squeeze(-1).float()
    return F.cross_entropy(logits.float().transpose(1, 2), labels, reduction="none")


def supervision_loss(logits, q_halt, labels, loss_fn="stablemax"):
    """(loss [B] = mean CE over non-PAD label cells + 0.5 * BCE(q_halt, answer right), lm [B],
    correct [B] bool): PAD labels (0) are ignored, as the official ignore_label_id 0."""
    mask = labels != PAD
    ce = token_loss(logits, labels, loss_fn)
    lm = (ce * mask).sum(1) / mask.sum(1).clamp(min=1)
    with torch.no_grad():
        correct = ((logits.argmax(-1) == labels) | ~mask).all(1)
    bce = F.binary_cross_entropy_with_logits(q_halt.float(), correct.float(), reduction="none")
    return lm + 0.5 * bce, lm, correct


# -----------------------------------------------------------------------------
# training a whole ARC model (tools/train.py, task "arc"): the official dataset recipe

def vote(candidates, k=2):
    """The official evaluator's vote: candidates [(grid, sigmoid(q_halt))] -> the k grids with
    the most votes, ties broken by the higher mean halting probability, then by first seen."""
    groups = {}
    for grid, q in candidates:
        key = (tuple(grid.shape), grid.tobytes())
        g = groups.setdefault(key, {"grid": grid, "count": 0, "conf": 0.0, "order": len(groups)})
        g["count"] += 1
        g["conf"] += q
    ranked = sorted(groups.values(), key=lambda g: (-g["count"], -g["conf"] / g["count"], g["order"]))
    return [g["grid"] for g in ranked[:k]]


def _grids(pairs):
    return [(np.array(p["input"], dtype=np.int64), np.array(p["output"], dtype=np.int64)) for p in pairs]


class ArcCorpus:
    """The official ARC training set (dataset/build_arc_dataset.py) at a size we choose:

    - `subsets` (e.g. "arc-agi-1_training", "arc-agi-1_evaluation") are read from
      `<arc_dir>/<subset>_{challenges,solutions}.json`. Every task's demonstration pairs are
      training pairs; so are the test pairs of every subset but `test_set`, whose test inputs are
      held out (the evaluation split, scored by `evaluate_arc`).
    - Each task gets `augmentations` puzzles (plan_augmentations over its training pairs: the
      identity first, then distinct dihedral + colour-permutation ones, named as the official
      identifiers.json), one puzzle-embedding row each; row 0 is the official "<blank>".
    - `max_tasks` > 0 keeps the first that many tasks of each subset (sorted ids; tests and short
      runs), `task_ids` only the tasks listed.
    - `side` < 30: a smaller N x N canvas; only the tasks whose demonstration grids and test inputs
      all fit it are kept (and, where trained on, test outputs). A held-out task is chosen without
      its hidden test outputs: one whose answer is larger than the canvas stays, and is missed.
    """

    def __init__(self, arc_dir, subsets, test_set, augmentations, seed=42, max_tasks=0, task_ids=None, side=SIDE):
        self.tasks, self.identifiers = [], ["<blank>"]
        self.subsets, self.test_set, self.augmentations, self.seed = list(subsets), test_set, augmentations, seed
        self.side, self.skipped = side, 0
        wanted = set(task_ids) if task_ids else None
        for subset in self.subsets:
            prefix = f"{arc_dir}/{subset}"
            with open(f"{prefix}_challenges.json") as f:
                challenges = json.load(f)
            try:
                with open(f"{prefix}_solutions.json") as f:
                    solutions = json.load(f)
            except FileNotFoundError:
                solutions = {}
            ids = sorted(i for i in challenges if wanted is None or i in wanted)
            if max_tasks > 0:
                ids = ids[:max_tasks]
            for task_id in ids:
                read_task(challenges[task_id], f"{prefix}_challenges.json[{task_id!r}]")     # checks every grid
                demos = _grids(challenges[task_id]["train"])
                outputs = solutions.get(task_id) or [None] * len(challenges[task_id]["test"])
                tests = [(np.array(t["input"], dtype=np.int64), None if o is None else np.array(o, dtype=np.int64))
                         for t, o in zip(challenges[task_id]["test"], outputs)]
                heldout = subset == test_set
                pairs = demos + ([] if heldout else [(i, o) for i, o in tests if o is not None])
                shown = [g for p in pairs for g in p] + [i for i, _ in tests]
                if not all(fits(g, side) for g in shown):
                    self.skipped += 1
                    continue
                augs = plan_augmentations(task_id, pairs, augmentations, seed=hash_seed(seed, task_id))
                first = len(self.identifiers)
                self.identifiers.extend(a["name"] for a in augs)
                self.tasks.append({"id": task_id, "subset": subset, "pairs": pairs, "tests": tests,
                                   "heldout": heldout, "augs": augs, "first_row": first})
        if not self.tasks:
            raise ValueError(f"no ARC tasks in {arc_dir} for subsets {', '.join(self.subsets)}")

    @property
    def rows(self):
        return len(self.identifiers)

    def training_pairs(self):
        return sum(len(t["pairs"]) for t in self.tasks)

    def describe(self):
        return {"subsets": self.subsets, "testSet": self.test_set, "augmentations": self.augmentations,
                "augmentSeed": self.seed, "tasks": len(self.tasks), "rows": self.rows,
                **({"canvas": self.side, "tasksLargerThanCanvas": self.skipped} if self.side != SIDE else {}),
                "trainingPairs": self.training_pairs(),
                "heldoutTasks": sum(t["heldout"] for t in self.tasks)}


def hash_seed(seed, task_id):
    """A per-task seed that does not depend on which other tasks are loaded."""
    return int(hashlib.sha256(f"{seed}:{task_id}".encode()).hexdigest()[:12], 16)


class ArcStream:
    """Training samples in the official order (puzzle_dataset.py's training iterator): epochs over
    the tasks in a random order; per task one of its augmented puzzles at random, then all of that
    puzzle's pairs in a random order, every pair but one random pair at a random offset on the
    canvas (the official training-time translation; drawn afresh each time, where the official
    dataset draws it once when it is built). `draw(n)` -> inputs [n,900], labels [n,900],
    puzzle-embedding rows [n]. The same interface as data.PuzzleStream (gen, level, set_level,
    state_dict), so train.py's carry and exploration work unchanged."""

    def __init__(self, corpus, task, seed):
        self.corpus, self.task = corpus, task
        self.gen = torch.Generator().manual_seed(seed)
        self.rng = random.Random(seed)
        self.level, self.order, self.queue = None, [], []

    def set_level(self, g):
        self.level = None                                   # no curriculum for ARC

    def _refill(self):
        if not self.order:
            self.order = list(range(len(self.corpus.tasks)))
            self.rng.shuffle(self.order)
        t = self.order.pop()
        task = self.corpus.tasks[t]
        a = self.rng.randrange(len(task["augs"]))
        aug = task["augs"][a]
        keep = self.rng.randrange(len(task["pairs"]))
        ks = list(range(len(task["pairs"])))
        self.rng.shuffle(ks)
        for k in ks:
            inp, out = task["pairs"][k]
            offset = (0, 0)
            if k != keep:
                shape = aug_shape(inp.shape, aug["tid"]), aug_shape(out.shape, aug["tid"])
                side = self.corpus.side
                offset = (self.rng.randrange(side - max(shape[0][0], shape[1][0]) + 1),
                          self.rng.randrange(side - max(shape[0][1], shape[1][1]) + 1))
            self.queue.append((t, a, k, offset))

    def draw(self, n):
        while len(self.queue) < n:
            self._refill()
        items, self.queue = self.queue[:n], self.queue[n:]
        xs, ys, ids = [], [], []
        for t, a, k, offset in items:
            task = self.corpus.tasks[t]
            aug = task["augs"][a]
            inp, out = task["pairs"][k]
            x, y = encode_grid_pair(augment_grid(inp, aug["tid"], aug["perm"]), augment_grid(out, aug["tid"], aug["perm"]),
                                    offset, self.corpus.side)
            xs.append(x)
            ys.append(y)
            ids.append(task["first_row"] + a)
        return (torch.from_numpy(np.stack(xs)), torch.from_numpy(np.stack(ys)), torch.tensor(ids, dtype=torch.long))

    def state_dict(self):
        return {"gen": self.gen.get_state(), "rng": self.rng.getstate(), "order": list(self.order),
                "queue": [(t, a, k, list(o)) for t, a, k, o in self.queue]}

    def load_state_dict(self, s):
        self.gen.set_state(s["gen"])
        self.rng.setstate(s["rng"])
        self.order = list(s["order"])
        self.queue = [(t, a, k, tuple(o)) for t, a, k, o in s["queue"]]


def aug_shape(shape, tid):
    """The shape of a grid after dihedral transform tid (1, 3, 6, 7 swap rows and columns)."""
    return (shape[1], shape[0]) if tid in (1, 3, 6, 7) else tuple(shape)


@torch.no_grad()
def evaluate_arc(model, corpus, heldout=True, max_tasks=0, max_augmentations=0, batch_size=64, device="cpu",
                 ctx=None, ks=(1, 2)):
    """The official ARC evaluator on the test inputs of the held-out tasks (heldout=True) or of the
    tasks whose test pairs were trained on (heldout=False): every test input under each of the
    task's augmentations (their own puzzle-embedding rows; the first `max_augmentations`, 0 = all),
    untranslated, all halt_max_steps steps; each answer cropped (decode_grid), mapped back, and voted
    on (count, then mean sigmoid(q_halt)); pass@k = share of the test inputs whose top k holds the
    solution, averaged per task (a task with two test inputs counts half each), as the official
    evaluators/arc.py. Also `exact`: share of the augmented examples answered exactly.
    Returns {"tasks", "testInputs", "examples", "pass@1", "pass@2", "exact", "solved": [task ids]}."""
    from contextlib import nullcontext
    ctx = ctx or nullcontext()
    chosen = [t for t in corpus.tasks if t["heldout"] == heldout and all(o is not None for _, o in t["tests"])]
    if max_tasks > 0:
        chosen = chosen[:max_tasks]
    items = []                                  # (task index in chosen, test index, aug)
    for ti, task in enumerate(chosen):
        augs = task["augs"][:max_augmentations] if max_augmentations > 0 else task["augs"]
        for j in range(len(task["tests"])):
            for a, aug in enumerate(augs):
                items.append((ti, j, a))
    was_training = model.training
    model.eval()
    T = model.cfg.halt_max_steps
    preds, qs = [], []
    for i in range(0, len(items), batch_size):
        chunk = items[i:i + batch_size]
        xs, ids = [], []
        for ti, j, a in chunk:
            task = chosen[ti]
            aug = task["augs"][a]
            xs.append(encode_grid(augment_grid(task["tests"][j][0], aug["tid"], aug["perm"]), side=corpus.side))
            ids.append(task["first_row"] + a)
        x = torch.from_numpy(np.stack(xs)).to(device)
        pid = torch.tensor(ids, dtype=torch.long, device=device)
        B = x.shape[0]
        z_H, z_L = (z.to(device) for z in model.initial_latents(B))
        for s in range(T):
            with ctx:
                logits, q, z_H, z_L = model(x, pid, z_H.float(), z_L.float(), torch.full((B,), s == 0, device=device))
        preds.append(logits.argmax(-1).cpu())
        qs.append(torch.sigmoid(q[:, 0].double()).cpu())
    model.train(was_training)
    preds = torch.cat(preds).numpy() if preds else np.zeros((0, corpus.side ** 2), dtype=np.int64)
    qs = torch.cat(qs).numpy() if qs else np.zeros(0)
    candidates, exact = {}, 0
    for (ti, j, a), p, q in zip(items, preds, qs):
        task = chosen[ti]
        aug = task["augs"][a]
        grid = decode_grid(p)
        if grid.size:
            grid = np.ascontiguousarray(inverse_augment_grid(grid, aug["tid"], aug["perm"]))
        target = task["tests"][j][1]
        exact += int(grid.shape == target.shape and (grid == target).all())
        candidates.setdefault((ti, j), []).append((grid, float(q)))
    score = {k: 0.0 for k in ks}
    solved = []
    for ti, task in enumerate(chosen):
        per = {k: 0 for k in ks}
        for j, (_, target) in enumerate(task["tests"]):
            top = vote(candidates.get((ti, j), []), max(ks))
            for k in ks:
                per[k] += any(g.shape == target.shape and (g == target).all() for g in top[:k])
        for k in ks:
            score[k] += per[k] / len(task["tests"])
        if per[max(ks)]:
            solved.append(task["id"])
    n = max(1, len(chosen))
    out = {"tasks": len(chosen), "testInputs": sum(len(t["tests"]) for t in chosen), "examples": len(items),
           "exact": exact / max(1, len(items)), "solved": solved}
    out.update({f"pass@{k}": score[k] / n for k in ks})
    return out
