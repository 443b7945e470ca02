"""
Train a Tiny Recursive Model (arXiv 2510.04871) on Sudoku or maze JSONL from `trm-router data`,
on a learned grid task declared by a task spec (tasks.py) with {"input", "output"} JSONL, or on
ARC with the official recipe (task "arc": ARC JSON from arc_dir, arc_data.py; tools/README.md).

  /usr/bin/python3 tools/train.py tools/configs/sudoku_cpu_small.py
  /usr/bin/python3 tools/train.py --train_file=a.jsonl --test_files=b.jsonl,c.jsonl --hidden_size=64
  /usr/bin/python3 tools/train.py --resume=out/sudoku/ckpt.pt          # continue exactly
  /usr/bin/python3 tools/train.py tools/configs/grid_cpu.py --task_spec=spec.json \
      --train_file=train.jsonl --test_files=heldout.jsonl --out_dir=out/fill --time_budget_min=10
  /usr/bin/python3 tools/train.py tools/configs/arc_cpu.py                      # ARC, official recipe
  torchrun --standalone --nproc_per_node=4 tools/train.py CONFIG --device=cuda   # DDP

The defaults below are the whole configuration; a config file (.py executed, or .json) and then
--key=value arguments override them. The recipe is the paper's:
- deep supervision with a carry: each batch slot keeps its puzzle and its latents (z_H, z_L,
  detached) from one supervision step to the next until it halts (q_halt > 0, or
  halt_max_steps), then a fresh augmented puzzle takes the slot; one optimizer step per
  supervision step; with probability halt_exploration_prob a step draws a random minimum
  number of steps before a slot may halt
- loss = CE(answer) + 0.5 * BCE(q_halt, whole answer correct), CE stablemax or softmax
- AdamW (0.9, 0.95), warm-up, then cosine or constant lr; EMA of the weights, which evaluation
  and export use
The checkpoint describes itself (model, model_args, optimizer, ema, step, config, data_seed,
task, task_spec (learned tasks: the spec; else None), training, accuracy) plus what an exact
resume needs: each rank's RNG and carry.

Evaluation (EMA weights, every test file, all halt_max_steps steps and adaptive halting):
  exact       answers the task's verifier accepts: Sudoku a valid grid that keeps the givens,
              maze a shortest S-G path through the marked cells (as `trm-router eval` reads
              it); a learned task has no verifier: the whole grid equal to the held-out output
  tokenExact  every cell equal to the label (the official metric; for mazes also walls, S, G)
  cell        share of label cells right
The checkpoint's `accuracy` (and the manifest export_onnx.py writes from it) lists, per test
file, {dataset, puzzles, exact, tokenExact, cell, meanSteps, halt, exactByStep, tokenExactByStep}
for fixed steps and {dataset, puzzles, exact, tokenExact, meanSteps, halt} for q_halt > 0.

OUT_DIR/log.jsonl, one JSON object a line (a fresh run starts the file anew, --resume appends):
  {"start": true, "step", "task", "budgetMin", "maxIters", "resumed", "parameters", "trainPuzzles"}
      once per invocation
  {"step", "loss", "lr"}                                              every optimizer step
  {"step", "loss", "ce", "exact", "halted", "meanSteps", "lr", "level", "sampleStepsPerSec",
   "elapsedMin", "budgetMin", "progress"}                             every log_interval steps:
      loss and ce averaged over the interval, exact = share of the slots that halted in it
      with every cell right, elapsedMin = training minutes so far (this run, resumes included),
      budgetMin = time_budget_min (0 = none), progress = 0..1 by steps or time, whichever is
      further (what the schedules follow)
  {"step", "eval": {fileBasename: {"puzzles", "exact", "tokenExact", "cell", "exactByStep",
   "tokenExactByStep", "adaptiveExact", "adaptiveTokenExact", "adaptiveSteps"}}}
      every eval_interval steps (eval_puzzles per file)
  {"step", "final": {fileBasename: {...as eval}}}                     the final evaluation
  ARC: eval and final hold {setName: {"tasks", "testInputs", "examples", "pass@1", "pass@2",
   "exact", "solved"}} (arc_data.evaluate_arc) for arc_test_set, and "trained-on" in the final one
  {"done": true, "step", "elapsedMin", "stoppedBy", "checkpoint", "accuracy"}
      last line of an invocation: stoppedBy "end" (max_iters or the time budget; accuracy = the
      checkpoint's accuracy list, null without test files), "session" (session_min reached: evaluated
      like "end", the schedules not finished) or "stop_after" (accuracy null)
"""

import ast
import copy
import ctypes
import json
import math
import os
import sys
import time
from contextlib import nullcontext
from dataclasses import asdict

import torch
import torch.distributed as dist
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel as DDP

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import arc_data  # noqa: E402
import tasks  # noqa: E402
from data import PuzzleStream, load_jsonl  # noqa: E402
from trm.model import TRM, TRMConfig  # noqa: E402

# -----------------------------------------------------------------------------
# default config values
# I/O
out_dir = "out/sudoku"            # ckpt.pt and log.jsonl go here
task = "sudoku"                   # sudoku | maze | arc | learned (needs task_spec)
task_spec = ""                    # a learned task's spec JSON (tasks.py): the task becomes the spec's
                                  # name, seq_len and vocab come from it; a resume reuses the stored spec
maze_side = 30                    # maze canvas N x N (S = N*N): 30 is the official one
train_file = "out/data/sudoku-train.jsonl"
test_files = "out/data/sudoku-test.jsonl"   # comma-separated held-out JSONL files
resume = ""                       # "" fresh run; a checkpoint path; bare --resume = out_dir/ckpt.pt
# ARC (task "arc": the data comes from ARC JSON, not train_file/test_files; arc_data.ArcCorpus)
arc_dir = "data/arc"              # <subset>_challenges.json and <subset>_solutions.json
arc_subsets = "arc-agi-1_training,arc-agi-1_evaluation"   # every task's demonstrations train ...
arc_test_set = "arc-agi-1_evaluation"                     # ... this subset's test inputs are held out
arc_augmentations = 8             # puzzles per task (identity + distinct augmentations), one embedding row each
                                  # (official: 1001)
arc_aug_seed = 42
arc_tasks = 0                     # first N tasks of each subset (0 = all; tests and short runs)
arc_side = 30                     # ARC canvas N x N (S = N*N): 30 is the official one; a smaller one
                                  # keeps the tasks whose demonstrations and test inputs fit it
arc_task_ids = ""                 # comma-separated task ids to keep (empty = all)
arc_eval_tasks = 40               # held-out tasks in periodic evaluations (0 = all)
arc_final_eval_tasks = 0          # held-out tasks in the final evaluation (0 = all)
arc_eval_augmentations = 0        # augmentations voted on per test input (0 = all the task has)
arc_train_eval_tasks = 40         # trained-on tasks (their test pairs) also scored at the end (0 = none)
puzzle_emb_lr = 1e-2              # the puzzle-embedding table's own optimizer (official sparse sign SGD)
puzzle_emb_weight_decay = 0.1     # its decoupled weight decay (official)
init_weights = ""                 # a fresh run starts from a shipped model's weights (its folder or
                                  # model.onnx; same shapes, any maze canvas): fine-tuning (onnx_init.py);
                                  # model keys the config does not set come from its manifest's modelArgs
log_interval = 10                 # optimizer steps between progress lines
eval_interval = 500               # optimizer steps between evaluations (0 = only at the end)
eval_puzzles = 500                # puzzles per test file in periodic evaluations (0 = all)
final_eval_puzzles = 0            # puzzles per test file in the final evaluation (0 = all)
eval_batch_size = 256
ckpt_interval = 500               # optimizer steps between checkpoints (0 = only at the end)
save_carry = True                 # keep each slot's puzzle and latents in the checkpoint (exact resume)
# model (TRMConfig fields; seq_len and vocab_size come from the task)
hidden_size = 128                 # D
num_heads = 2                     # attention heads (attention mixer only)
expansion = 2.0                   # SwiGLU width multiplier
L_layers = 2                      # blocks in the shared network
mlp_t = True                      # token mixer: True = SwiGLU across positions (Sudoku), False = attention
conv_kernel = 0                   # k > 0: token mixer = depthwise k x k convolution on the grid (mazes)
pos_encodings = "none"            # rope | learned | none (the MLP mixer needs none)
puzzle_emb_ndim = 128             # one blank puzzle embedding (id 0), trained like any weight
puzzle_emb_len = 16               # P positions it fills
H_cycles = 2                      # T
L_cycles = 3                      # n
halt_max_steps = 8                # supervision steps per puzzle
halt_exploration_prob = 0.1       # chance per step of a random minimum number of steps
augment = True                    # fresh training puzzles are randomly augmented (data.py)
maze_target = "canonical"         # maze labels: canonical (the BFS tie-break path the data holds) | any
                                  # (the loss accepts any shortest path: each step's label is the
                                  # shortest path the model leans to; tasks.Maze.step_labels)
# optimization
batch_size = 96                   # slots, over all processes
lr = 1e-3                         # peak learning rate
min_lr = 1e-4                     # cosine floor
lr_schedule = "cosine"            # cosine | constant (after warm-up)
warmup_iters = 200                # optimizer steps of linear warm-up ...
warmup_frac = 0.0                 # ... but never longer than this fraction of the run (0 = no cap; the
                                  # schedules' progress, steps or time), so that a run of a few minutes
                                  # still reaches the peak lr early (grid_cpu.py: 0.1)
weight_decay = 0.1                # AdamW, on matrices only
beta1 = 0.9
beta2 = 0.95
grad_clip = 1.0                   # max gradient norm (0 = off; the official trainer has none)
loss_fn = "stablemax"             # stablemax | softmax cross-entropy
given_weight = 1.0                # loss weight of cells the input already fixes (Sudoku givens; maze
                                  # walls, S, G, the canvas around a smaller maze) against 1 for the cells
                                  # to decide; < 1 keeps copying from drowning the decisions (1 = paper).
                                  # Learned tasks with sameSize: the cells to decide are those whose
                                  # output differs from the input (the rest, copied cells and the EOS/PAD
                                  # frame, get given_weight); other learned tasks: ignored
ema_decay = 0.999                 # EMA of the weights (0 = none: evaluate the raw weights)
# length of the run: whichever comes first; the schedules follow max(step / max_iters, time / budget)
max_iters = 0                     # optimizer steps (0 = no limit)
time_budget_min = 0.0             # minutes of training, not counting the final evaluation (0 = no limit)
stop_after = 0                    # end this invocation after this step, schedules unchanged (then --resume)
session_min = 0.0                 # end this invocation after this many minutes of its own training, schedules
                                  # unchanged, with an evaluation (a GPU lease: time_budget_min is the whole
                                  # schedule across sessions, session_min one session's share; then --resume)
# curriculum: a level moving linearly start -> end over curriculum_frac of the run; sudoku draws
# only puzzles with >= level givens, maze only mazes of <= level rows and columns
curriculum_start = 0              # level at the start (0 = no curriculum)
curriculum_end = 0                # level once curriculum_frac of the run is done
curriculum_frac = 0.5
# system
device = "cpu"                    # cpu | cuda | cuda:N (torchrun: one GPU per process)
dtype = "bfloat16"                # autocast dtype on cuda (float32 = off)
cpu_autocast = False              # autocast on CPU too (bf16 matmuls on AMX CPUs: ~5x faster here); off = float32
compile = False                   # torch.compile the model (torch >= 2)
threads = 0                       # CPU threads for torch (0 = all cores)
seed = 0                          # model initialisation
data_seed = 1                     # puzzle draws, augmentations, halting exploration
# -----------------------------------------------------------------------------
DEFAULTS = {k: v for k, v in list(globals().items())
            if not k.startswith("_") and isinstance(v, (int, float, bool, str)) and k not in ("DEFAULTS",)}
MODEL_KEYS = ("hidden_size", "num_heads", "expansion", "L_layers", "mlp_t", "conv_kernel", "pos_encodings", "puzzle_emb_ndim",
              "puzzle_emb_len", "H_cycles", "L_cycles", "halt_max_steps", "halt_exploration_prob")


def configure(argv):
    """DEFAULTS, then config files, then --key=value: (config, keys given explicitly)."""
    cfg, given = dict(DEFAULTS), set()

    def put(k, v, where):
        if k not in cfg:
            raise SystemExit(f"{where}: unknown config key {k!r}")
        want = type(DEFAULTS[k])
        if want is float and isinstance(v, int) and not isinstance(v, bool):
            v = float(v)
        if type(v) is not want:
            raise SystemExit(f"{where}: {k} must be {want.__name__}, got {v!r}")
        cfg[k] = v
        given.add(k)

    for arg in argv:
        if not arg.startswith("--"):
            if arg.endswith(".json"):
                with open(arg) as f:
                    items = json.load(f).items()
            else:
                scope = {}
                with open(arg) as f:
                    exec(f.read(), scope)
                items = [(k, v) for k, v in scope.items() if not k.startswith("_")]
            for k, v in items:
                put(k, v, arg)
        elif arg == "--resume":
            put("resume", "auto", arg)
        else:
            k, sep, text = arg[2:].partition("=")
            if not sep:
                raise SystemExit(f"expected --key=value, got {arg}")
            try:
                v = ast.literal_eval(text)
            except (ValueError, SyntaxError):
                v = text                                   # a bare string
            if isinstance(DEFAULTS.get(k), str):
                v = text
            put(k, v, arg)
    return cfg, given


def init_manifest(where):
    """The folder of a fine-tune's starting weights (init_weights: a model folder or its model.onnx)
    and its manifest.json, or None for the manifest where there is none to read."""
    folder = where if os.path.isdir(where) else os.path.dirname(where)
    try:
        with open(os.path.join(folder, "manifest.json")) as f:
            return folder, json.load(f)
    except (OSError, ValueError):
        return folder, None


def inherit_architecture(cfg, given):
    """A fine-tune (init_weights, no resume) takes the model keys it does not set itself from the
    starting model's manifest (its modelArgs), so a config need not copy the architecture block
    and cannot drift from it; keys it sets win (onnx_init then refuses weights of another shape).
    Returns the keys taken."""
    folder, manifest = init_manifest(cfg["init_weights"])
    if manifest is None:
        return []                                  # no manifest: the config's keys stand
    stored = manifest.get("modelArgs") or {}
    taken = []
    for k in MODEL_KEYS:
        if k in given or k not in stored:
            continue
        v = stored[k]
        if isinstance(DEFAULTS[k], float) and isinstance(v, int) and not isinstance(v, bool):
            v = float(v)
        if type(v) is not type(DEFAULTS[k]):
            raise SystemExit(f"init_weights: {folder}/manifest.json modelArgs.{k} must be {type(DEFAULTS[k]).__name__}, got {v!r}")
        cfg[k] = v
        taken.append(k)
    return taken


def started_from(where):
    """A fine-tune's record of the weights it started from: the starting model's manifest training
    record (its own startedFrom kept, so a chain of stages stays whole), less the per-file
    evaluations, which belong to that model's card. None when the folder has no manifest."""
    folder, m = init_manifest(where)
    if m is None:
        return None
    t = {k: v for k, v in (m.get("training") or {}).items() if k not in ("finalEval", "trainingEval")}
    return {"model": os.path.normpath(folder), "name": m.get("name"), **t}


def autocast(device_type, dtype):
    """Mixed precision without autocast's weight-cast cache: the cache would hand the copies made
    in the no-grad H-cycles to the gradient cycle, and the blocks would get no gradient at all."""
    if dtype == "float32":
        return nullcontext()
    return torch.autocast(device_type=device_type, dtype=getattr(torch, dtype), cache_enabled=False)


def set_cpu_threads(n):
    torch.set_num_threads(n)
    # OpenBLAS (Debian's torch) keeps its own thread pool; two pools on busy cores stall each other
    try:
        with open("/proc/self/maps") as f:
            lib = next((line.split()[-1] for line in f if "libopenblas" in line), None)
        if lib:
            ctypes.CDLL(lib).openblas_set_num_threads(n)
    except (OSError, AttributeError):
        pass


# -----------------------------------------------------------------------------
# loss

def log_stablemax(x, dim=-1):
    s = torch.where(x < 0, 1 / (1 - x + 1e-30), x + 1)
    return torch.log(s / s.sum(dim=dim, keepdim=True))


def token_loss(logits, labels, kind):
    """Per-token cross-entropy [B,S] (label 0 = PAD is ignored by the caller's mask)."""
    if kind == "stablemax":
        logp = log_stablemax(logits.double())
        return -logp.gather(-1, labels.unsqueeze(-1)).squeeze(-1).float()
    return F.cross_entropy(logits.float().transpose(1, 2), labels, reduction="none")


def lr_at(c, step, progress):
    """Linear warm-up to lr over warmup_iters steps or warmup_frac of the run, whichever ends
    first, then cosine to min_lr (or constant) over the run's progress."""
    capped = c.warmup_frac > 0 and progress >= c.warmup_frac
    if step < c.warmup_iters and not capped:
        by_progress = progress / c.warmup_frac if c.warmup_frac > 0 else 0.0
        return c.lr * max((step + 1) / c.warmup_iters, by_progress)
    if c.lr_schedule == "constant":
        return c.lr
    return c.min_lr + 0.5 * (c.lr - c.min_lr) * (1 + math.cos(math.pi * min(progress, 1.0)))


def curriculum_level(c, progress):
    if c.curriculum_start <= 0:
        return None
    t = min(1.0, progress / c.curriculum_frac) if c.curriculum_frac > 0 else 1.0
    return round(c.curriculum_start + (c.curriculum_end - c.curriculum_start) * t)


# -----------------------------------------------------------------------------
# the carry: what each batch slot holds between supervision steps

def new_carry(B, model_cfg, device):
    S, L, D = model_cfg.seq_len, model_cfg.positions, model_cfg.hidden_size
    return {"inputs": torch.ones(B, S, dtype=torch.long, device=device),
            "ids": torch.zeros(B, dtype=torch.long, device=device),           # puzzle-embedding rows (ARC)
            "labels": torch.ones(B, S, dtype=torch.long, device=device),
            "z_H": torch.zeros(B, L, D, device=device), "z_L": torch.zeros(B, L, D, device=device),
            "steps": torch.zeros(B, dtype=torch.long, device=device),
            "halted": torch.ones(B, dtype=torch.bool, device=device)}   # all slots take a puzzle first


def sign_sgd(table, lr, weight_decay):
    """The official puzzle-embedding optimizer (CastedSparseEmbeddingSignSGD_Distributed): on the
    rows the batch used (here: the rows with a gradient, after DDP's all-reduce), decoupled weight
    decay, then minus lr x the sign of the summed gradient; no state."""
    with torch.no_grad():
        g = table.grad
        if g is None:
            return
        used = (g != 0).any(1).nonzero().squeeze(1)
        p = table.data[used]
        p.mul_(1.0 - lr * weight_decay).add_(torch.sign(g[used]), alpha=-lr)
        table.data[used] = p
        table.grad = None


def train_step(model, carry, stream, optimizer, c, model_cfg, ctx, table=None, table_lr=0.0):
    """One supervision step on every slot, one optimizer step; returns metrics (sums). `table`:
    the puzzle-embedding table trained apart by sign_sgd at table_lr (ARC)."""
    h = carry["halted"]
    n_new = int(h.sum())
    if n_new:
        x, y, *rows = stream.draw(n_new)
        carry["inputs"][h], carry["labels"][h] = x.to(h.device), y.to(h.device)
        if rows:
            carry["ids"][h] = rows[0].to(h.device)
        carry["steps"][h] = 0
    B = h.shape[0]
    ids = carry["ids"]
    with ctx:
        logits, q, z_H, z_L = model(carry["inputs"], ids, carry["z_H"], carry["z_L"], h)
    with torch.no_grad():
        labels = stream.task.step_labels(carry["inputs"], carry["labels"],
                                         lambda t: token_loss(logits, torch.full_like(carry["labels"], t), c.loss_fn))
    mask = labels != 0
    ce = token_loss(logits, labels, c.loss_fn)
    weight = mask.float()
    if c.given_weight != 1.0:
        decide = stream.task.decide(carry["inputs"], labels)          # None: the task has no such cells
        if decide is not None:
            weight = weight * torch.where(decide, 1.0, c.given_weight)
    lm = (ce * weight).sum(1) / weight.sum(1).clamp(min=1e-6)
    with torch.no_grad():
        correct = ((logits.argmax(-1) == labels) | ~mask).all(1)
    q_halt = q[:, 0].float()
    bce = F.binary_cross_entropy_with_logits(q_halt, correct.float(), reduction="none")
    loss = (lm + 0.5 * bce).mean()
    loss.backward()
    if c.grad_clip > 0:
        torch.nn.utils.clip_grad_norm_([p for g in optimizer.param_groups for p in g["params"]], c.grad_clip)
    if table is not None:
        sign_sgd(table, table_lr, c.puzzle_emb_weight_decay)
    optimizer.step()
    optimizer.zero_grad(set_to_none=True)

    with torch.no_grad():
        steps = carry["steps"] + 1
        halted = steps >= model_cfg.halt_max_steps
        if model_cfg.halt_max_steps > 1:
            halted |= q_halt > 0
            # exploration (official): per step, a random minimum of 2..max steps with some probability
            explore = torch.rand(B, generator=stream.gen) < c.halt_exploration_prob
            min_steps = torch.randint(2, model_cfg.halt_max_steps + 1, (B,), generator=stream.gen) * explore
            halted &= steps >= min_steps.to(steps.device)
        carry.update(z_H=z_H.float(), z_L=z_L.float(), steps=steps, halted=halted)
        return {"loss": loss.item() * B, "lm": lm.sum().item(), "bce": bce.sum().item(), "slots": B,
                "halted": int(halted.sum()), "exact": int((correct & halted).sum()),
                "steps": int(steps[halted].sum())}


# -----------------------------------------------------------------------------
# evaluation: all halt_max_steps (official), and adaptive halting (first q_halt > 0)

@torch.no_grad()
def evaluate(model, data, model_cfg, device, max_puzzles, batch_size, ctx, task):
    """exact: the task's verifier accepts the answer (tasks.Task.verify); tokenExact: every cell
    equal to the label; by step, after all steps, and where q_halt > 0 first (adaptive)."""
    model.eval()
    N = data["inputs"].shape[0] if max_puzzles <= 0 else min(max_puzzles, data["inputs"].shape[0])
    T = model_cfg.halt_max_steps
    by_step, token_by_step, cells = torch.zeros(T), torch.zeros(T), 0
    adaptive, adaptive_token, adaptive_steps = 0, 0, 0
    for i in range(0, N, batch_size):
        x = data["inputs"][i:min(i + batch_size, N)].to(device)
        y = data["labels"][i:min(i + batch_size, N)].to(device)
        B = x.shape[0]
        z_H, z_L = (z.to(device) for z in model.initial_latents(B))
        ids = torch.zeros(B, dtype=torch.long, device=device)
        halted_at = torch.zeros(B, dtype=torch.long, device=device)
        mask = y != 0
        for s in range(T):
            with ctx:
                logits, q, z_H, z_L = model(x, ids, z_H.float(), z_L.float(), torch.full((B,), s == 0, device=device))
            preds = logits.argmax(-1)
            ok_cells = (preds == y) | ~mask
            tok = ok_cells.all(1)
            ok = task.verify(x, preds, y)
            by_step[s] += ok.sum().item()
            token_by_step[s] += tok.sum().item()
            stop = (halted_at == 0) & ((q[:, 0] > 0) | (s == T - 1))
            adaptive += int((ok & stop).sum())
            adaptive_token += int((tok & stop).sum())
            halted_at[stop] = s + 1
        cells += ((ok_cells & mask).sum() / mask.sum()).item() * B
        adaptive_steps += int(halted_at.sum())
    model.train()
    return {"puzzles": N, "exact": by_step[-1].item() / N, "tokenExact": token_by_step[-1].item() / N,
            "cell": cells / N, "exactByStep": [round(v / N, 4) for v in by_step.tolist()],
            "tokenExactByStep": [round(v / N, 4) for v in token_by_step.tolist()],
            "adaptiveExact": adaptive / N, "adaptiveTokenExact": adaptive_token / N,
            "adaptiveSteps": adaptive_steps / N}


def accuracy_entries(results, model_cfg):
    """The manifest's accuracy list: fixed steps and adaptive halting per test file. `exact` is a
    verifier figure for every task (see evaluate), so the entries are real manifest figures."""
    out = []
    for name, r in results.items():
        out.append({"dataset": name, "puzzles": r["puzzles"], "exact": round(r["exact"], 4),
                    "tokenExact": round(r["tokenExact"], 4), "cell": round(r["cell"], 4),
                    "meanSteps": model_cfg.halt_max_steps, "halt": f"fixed {model_cfg.halt_max_steps} steps",
                    "exactByStep": r["exactByStep"], "tokenExactByStep": r["tokenExactByStep"],
                    "command": "train.py final evaluation (PyTorch, EMA weights)"})
        out.append({"dataset": name, "puzzles": r["puzzles"], "exact": round(r["adaptiveExact"], 4),
                    "tokenExact": round(r["adaptiveTokenExact"], 4), "meanSteps": round(r["adaptiveSteps"], 3),
                    "halt": "q_halt > 0", "command": "train.py final evaluation (PyTorch, EMA weights)"})
    return out


def arc_accuracy_entries(results, c):
    """The manifest's accuracy entries of an ARC run (as `trm-router eval` records ARC): exact =
    pass1 = test inputs solved by the top vote over the augmentations, pass2 with the top two,
    both averaged per task as the official evaluator."""
    out = []
    for name, r in results.items():
        if not r["tasks"]:
            continue
        augs = c.arc_eval_augmentations or c.arc_augmentations
        out.append({"dataset": name, "puzzles": r["tasks"], "exact": round(r["pass@1"], 4), "pass1": round(r["pass@1"], 4),
                    "pass2": round(r["pass@2"], 4), "testInputs": r["testInputs"], "augmentations": augs,
                    "halt": f"fixed {c.halt_max_steps} steps, vote over {augs} augmentations (count, then mean halting probability)",
                    "command": "train.py final evaluation (PyTorch, EMA weights; arc_data.evaluate_arc)"})
    return out


# -----------------------------------------------------------------------------

def learned_spec(cfg, given, ckpt):
    """The learned task's spec, or None for a built-in task; sets cfg["task"] to the spec's name.
    A resume reuses the spec stored in the checkpoint (a --task_spec given again must equal it)."""
    stored = ckpt.get("task_spec") if ckpt is not None else None
    if stored is not None and "task_spec" not in given:
        spec = stored
    elif cfg["task_spec"]:
        try:
            spec = tasks.load_spec(cfg["task_spec"])
        except (OSError, ValueError) as e:
            raise SystemExit(f"task_spec: {e}")
        if stored is not None and spec != stored:
            raise SystemExit(f"task_spec: {cfg['task_spec']} is not the spec the checkpoint was trained on")
    elif cfg["task"] == "learned":
        raise SystemExit("task 'learned' needs --task_spec=SPEC.json (tasks.py describes a task spec)")
    else:
        return None
    if "task" in given and cfg["task"] not in ("learned", spec["name"]):
        raise SystemExit(f"task {cfg['task']!r}, but the task spec declares {spec['name']!r}: the spec sets the task")
    cfg["task"] = spec["name"]
    return spec


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    cfg, given = configure(argv)
    ckpt = None
    if cfg["resume"]:
        path = os.path.join(cfg["out_dir"], "ckpt.pt") if cfg["resume"] == "auto" else cfg["resume"]
        ckpt = torch.load(path, map_location="cpu")
        # the run's own config, then what this command line says again
        once = ("resume", "stop_after", "session_min")                    # belong to one invocation
        cfg = {**DEFAULTS, **{k: v for k, v in ckpt["config"].items() if k not in once},
               **{k: cfg[k] for k in given}}
    spec = learned_spec(cfg, given, ckpt)
    inherited = inherit_architecture(cfg, given) if cfg["init_weights"] and ckpt is None else []
    c = type("Config", (), cfg)
    try:
        task = tasks.get(c.task, c.arc_side if c.task == "arc" else c.maze_side, spec, c.maze_target)
    except ValueError as e:
        raise SystemExit(str(e))
    arc = c.task == "arc"
    if not c.train_file and not arc:
        raise SystemExit("train_file is empty: pass --train_file=FILE")

    ddp = int(os.environ.get("WORLD_SIZE", "1")) > 1
    rank, world = 0, 1
    dev = c.device
    if ddp:
        dist.init_process_group(backend="nccl" if dev.startswith("cuda") else "gloo")
        rank, world = dist.get_rank(), dist.get_world_size()
        if dev.startswith("cuda"):
            dev = f"cuda:{int(os.environ.get('LOCAL_RANK', '0'))}"
            torch.cuda.set_device(dev)
    master = rank == 0
    if c.batch_size % world:
        raise SystemExit(f"batch_size {c.batch_size} must divide by the {world} processes")
    if dev == "cpu":
        set_cpu_threads(c.threads or os.cpu_count())
    device_type = "cuda" if dev.startswith("cuda") else "cpu"
    ctx = autocast(device_type, c.dtype) if device_type == "cuda" or c.cpu_autocast else nullcontext()

    def log(msg):
        if master:
            print(msg, flush=True)

    # data and model
    corpus, train, tests = None, None, {}
    try:
        if arc:
            corpus = arc_data.ArcCorpus(c.arc_dir, [s for s in c.arc_subsets.split(",") if s], c.arc_test_set,
                                        c.arc_augmentations, c.arc_aug_seed, c.arc_tasks,
                                        [t for t in c.arc_task_ids.split(",") if t] or None, side=c.arc_side)
        else:
            train = load_jsonl(c.train_file, task)
            tests = {os.path.basename(f): load_jsonl(f, task) for f in c.test_files.split(",") if f}
    except (OSError, ValueError) as e:
        raise SystemExit(f"data: {e}")
    if arc and not c.puzzle_emb_ndim:
        raise SystemExit("task arc needs a puzzle embedding (puzzle_emb_ndim > 0): it is how the model knows the task")
    train_count = corpus.training_pairs() if arc else int(train["inputs"].shape[0])
    model_args = asdict(TRMConfig(**task.tokens(), num_puzzle_identifiers=corpus.rows if arc else 1,
                                  **{k: getattr(c, k) for k in MODEL_KEYS}).validate())
    if ckpt is not None:
        model_args = ckpt["model_args"]
        if arc and ckpt.get("identifiers") != corpus.identifiers:
            raise SystemExit("resume: the ARC data (arc_* settings) does not give the checkpoint's puzzle identifiers")
    model_cfg = TRMConfig(**model_args)
    torch.manual_seed(c.seed)
    model = TRM(model_cfg)
    if c.init_weights and ckpt is None:
        from onnx_init import load_onnx_weights
        try:
            missing = load_onnx_weights(model, c.init_weights)
        except (OSError, ValueError) as e:
            raise SystemExit(f"init_weights: {e}")
        if missing:
            raise SystemExit(f"init_weights: no value in {c.init_weights} for {', '.join(missing)}")
        log(f"weights from {c.init_weights}" + (f" (and {len(inherited)} model keys from its manifest)" if inherited else ""))
    model = model.to(dev)
    ema = copy.deepcopy(model).eval().requires_grad_(False) if c.ema_decay > 0 else None
    # ARC: the puzzle-embedding table has its own optimizer (sign SGD, train_step), as the official
    table = model.puzzle_emb.weights if arc else None
    rest = [p for p in model.parameters() if p is not table]
    decay = [p for p in rest if p.dim() >= 2]
    no_decay = [p for p in rest if p.dim() < 2]
    optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": c.weight_decay},
                                   {"params": no_decay, "weight_decay": 0.0}],
                                  lr=c.lr, betas=(c.beta1, c.beta2))
    local_batch = c.batch_size // world
    if arc:
        stream = arc_data.ArcStream(corpus, task, seed=c.data_seed * 1_000_003 + rank)
    else:
        stream = PuzzleStream(train, task, seed=c.data_seed * 1_000_003 + rank, augment=c.augment)
    carry = new_carry(local_batch, model_cfg, dev)
    step, elapsed, history, commands = 0, 0.0, [], []
    origin = started_from(c.init_weights) if c.init_weights and ckpt is None else None
    if ckpt is not None:
        model.load_state_dict(ckpt["model"])
        if ema is not None and ckpt.get("ema") is not None:
            ema.load_state_dict(ckpt["ema"])
        optimizer.load_state_dict(ckpt["optimizer"])
        step, elapsed = ckpt["step"], ckpt.get("elapsed", 0.0)
        commands = ckpt.get("training", {}).get("commands", [])
        origin = ckpt.get("training", {}).get("startedFrom")
        if len(ckpt.get("streams", [])) == world:
            stream.load_state_dict(ckpt["streams"][rank])
        if len(ckpt.get("carries") or []) == world:
            carry = {**carry, **{k: v.to(dev) for k, v in ckpt["carries"][rank].items()}}
        else:
            log("resume: no carry for this many processes in the checkpoint; every slot starts a fresh puzzle")
        log(f"resumed from step {step} ({elapsed / 60:.1f} min)")
    commands = commands + [" ".join(["train.py"] + list(argv))]
    net = model
    if c.compile and hasattr(torch, "compile"):
        net = torch.compile(model)
    if ddp:
        net = DDP(net, device_ids=[int(dev.split(":")[1])] if device_type == "cuda" else None)
    model.train()
    if arc:
        d = corpus.describe()
        log(f"arc: {d['tasks']} tasks ({d['heldoutTasks']} with held-out test inputs), {d['trainingPairs']} training pairs "
            f"x {c.arc_augmentations} augmentations, {d['rows']} puzzle-embedding rows")
    log(f"{c.task}: {model.num_params():,} parameters, {train_count} training puzzles, "
        f"{world} process(es) x {local_batch} slots on {dev}, T={model_cfg.H_cycles} n={model_cfg.L_cycles} "
        f"steps<={model_cfg.halt_max_steps}")
    if c.given_weight != 1.0 and (arc or task.decide(train["inputs"][:1], train["labels"][:1]) is None):
        log(f"given_weight {c.given_weight} ignored: {c.task} has no cells to decide (not sameSize)")
    os.makedirs(c.out_dir, exist_ok=True)
    log_path = os.path.join(c.out_dir, "log.jsonl")
    if master and ckpt is None and os.path.exists(log_path):
        os.remove(log_path)                            # a fresh run: a fresh log, as a fresh ckpt.pt

    def progress():
        p = 0.0
        if c.max_iters > 0:
            p = max(p, step / c.max_iters)
        if c.time_budget_min > 0:
            p = max(p, elapsed / (60 * c.time_budget_min))
        return p

    def run_eval(max_puzzles, final=False):
        m = ema if ema is not None else model
        if arc:
            res = {c.arc_test_set: arc_data.evaluate_arc(m, corpus, True, c.arc_final_eval_tasks if final else c.arc_eval_tasks,
                                                         c.arc_eval_augmentations, c.eval_batch_size, dev, ctx)}
            if final and c.arc_train_eval_tasks > 0:
                res["trained-on"] = arc_data.evaluate_arc(m, corpus, False, c.arc_train_eval_tasks,
                                                          c.arc_eval_augmentations, c.eval_batch_size, dev, ctx)
            return res
        return {name: evaluate(m, d, model_cfg, dev, max_puzzles, c.eval_batch_size, ctx, task)
                for name, d in tests.items()}

    def log_eval(label, res):
        for name, r in res.items():
            if arc:
                log(f"{label} {name}: pass@1 {100 * r['pass@1']:.2f}% pass@2 {100 * r['pass@2']:.2f}% of {r['tasks']} tasks "
                    f"({r['testInputs']} test inputs, {r['examples']} augmented) | augmented exact {100 * r['exact']:.2f}% "
                    f"| solved {r['solved'][:10]}")
            else:
                log(f"{label} {name}: exact {100 * r['exact']:.1f}% of {r['puzzles']} ({model_cfg.halt_max_steps} steps) | "
                    f"token-exact {100 * r['tokenExact']:.1f}% | cell {100 * r['cell']:.1f}% | adaptive "
                    f"{100 * r['adaptiveExact']:.1f}% in {r['adaptiveSteps']:.2f} steps | by step {r['exactByStep']}")

    def save(accuracy=None, results=None):
        streams = [stream.state_dict()]
        carries = [{k: v.cpu() for k, v in carry.items()}] if c.save_carry else None
        if ddp:
            gathered = [None] * world
            dist.all_gather_object(gathered, (streams[0], carries[0] if carries else None))
            streams = [g[0] for g in gathered]
            carries = [g[1] for g in gathered] if c.save_carry else None
        if not master:
            return
        training = {"source": "trm-router training run", "task": c.task,
                    **({"arc": corpus.describe()} if arc else {"trainFile": c.train_file, "testFiles": c.test_files}),
                    "trainPuzzles": train_count,
                    "optimizerSteps": step, "sampleSteps": step * c.batch_size, "minutes": round(elapsed / 60, 2),
                    "device": dev, "processes": world, "batchSize": c.batch_size, "lr": c.lr,
                    "lossFn": c.loss_fn, "emaDecay": c.ema_decay, "commands": commands,
                    "weights": "ema" if ema is not None else "model",
                    **({"mazeTarget": "any shortest path (the one the model leans to)"} if c.maze_target == "any" else {})}
        if origin is not None:
            training["startedFrom"] = origin
        if results is not None:
            training["finalEval"] = results
        state = {"model": model.state_dict(), "model_args": model_args, "optimizer": optimizer.state_dict(),
                 "ema": ema.state_dict() if ema is not None else None, "step": step, "config": cfg,
                 "data_seed": c.data_seed, "task": c.task, "task_spec": spec, "training": training, "accuracy": accuracy,
                 "identifiers": corpus.identifiers if arc else None,
                 "elapsed": elapsed, "streams": streams, "carries": carries}
        tmp = os.path.join(c.out_dir, "ckpt.pt.tmp")
        torch.save(state, tmp)
        os.replace(tmp, os.path.join(c.out_dir, "ckpt.pt"))

    def write_log(entry):
        if master:
            with open(log_path, "a") as f:
                f.write(json.dumps(entry) + "\n")

    def record(entry):
        history.append(entry)
        write_log(entry)

    write_log({"start": True, "step": step, "task": c.task, "budgetMin": c.time_budget_min, "maxIters": c.max_iters,
               "resumed": ckpt is not None, "parameters": model.num_params(),
               "trainPuzzles": train_count})

    sums, stopped_by = None, None
    t_log = t_prev = time.time()
    session_elapsed = 0.0                            # this invocation's training time (session_min)
    while True:
        p = progress()
        g = curriculum_level(c, p)
        if g != stream.level:
            stream.set_level(g)
        lr = lr_at(c, step, p)
        for group in optimizer.param_groups:
            group["lr"] = lr
        stop = (c.max_iters > 0 and step >= c.max_iters) or (c.time_budget_min > 0 and p >= 1.0)
        session_over = c.session_min > 0 and session_elapsed >= 60 * c.session_min
        stop_here = stop or session_over or (c.stop_after > 0 and step >= c.stop_after)
        if ddp:  # every process stops at the same step
            flag = torch.tensor([float(stop), float(stop_here), float(session_over)], device=dev)
            dist.all_reduce(flag, op=dist.ReduceOp.MAX)
            stop, stop_here, session_over = bool(flag[0]), bool(flag[1]), bool(flag[2])
        if stop_here:
            stopped_by = "end" if stop else "session" if session_over else "stop_after"
            break
        m = train_step(net, carry, stream, optimizer, c, model_cfg, ctx, table, c.puzzle_emb_lr * lr / c.lr)
        if ema is not None:
            with torch.no_grad():
                d = min(c.ema_decay, (1 + step) / (10 + step))     # short warm-up of the average
                for (k, e), w in zip(ema.state_dict().items(), model.state_dict().values()):
                    if arc and k == "puzzle_emb.weights":
                        e.copy_(w)                   # the table is not averaged (official EMA: parameters only)
                    elif e.dtype.is_floating_point:
                        e.mul_(d).add_(w.detach(), alpha=1 - d)
        step += 1
        now = time.time()
        dt, t_prev = now - t_prev, now               # wall time, evaluations and checkpoints included
        if ddp:
            tt = torch.tensor([dt], device=dev)
            dist.all_reduce(tt, op=dist.ReduceOp.MAX)
            dt = tt.item()
        elapsed += dt
        session_elapsed += dt
        sums = m if sums is None else {k: sums[k] + m[k] for k in m}
        record({"step": step, "loss": m["loss"] / m["slots"], "lr": lr})
        if step % c.log_interval == 0:
            now = time.time()
            rate = sums["slots"] * world / (now - t_log)
            exact = sums["exact"] / max(1, sums["halted"])
            msteps = sums["steps"] / max(1, sums["halted"])
            log(f"step {step:6d} | loss {sums['loss'] / sums['slots']:.4f} (ce {sums['lm'] / sums['slots']:.4f}) | "
                f"exact {100 * exact:5.1f}% of {sums['halted']} halted | steps {msteps:.2f} | lr {lr:.2e} | "
                f"{task.level_label}{g} | {rate:.0f} sample-steps/s | {elapsed / 60:.1f} min")
            write_log({"step": step, "loss": round(sums["loss"] / sums["slots"], 6),
                       "ce": round(sums["lm"] / sums["slots"], 6), "exact": round(exact, 4), "halted": sums["halted"],
                       "meanSteps": round(msteps, 3), "lr": lr, "level": g, "sampleStepsPerSec": round(rate, 1),
                       "elapsedMin": round(elapsed / 60, 4), "budgetMin": c.time_budget_min,
                       "progress": round(min(progress(), 1.0), 4)})
            sums, t_log = None, now
        if c.eval_interval > 0 and step % c.eval_interval == 0:
            if master:
                res = run_eval(c.eval_puzzles)
                log_eval(f"eval @ {step}", res)
                record({"step": step, "eval": res})
            if ddp:
                dist.barrier()
        if c.ckpt_interval > 0 and step % c.ckpt_interval == 0:
            save()

    results = None
    if stopped_by in ("end", "session"):
        save()                           # on disk before the final evaluation (long for ARC on a CPU)
    if stopped_by in ("end", "session") and master:
        results = run_eval(c.final_eval_puzzles, final=True)
        log_eval("final", results)
        record({"step": step, "final": results})
    if not results:
        accuracy = None
    elif arc:
        accuracy = arc_accuracy_entries(results, c)
    else:
        accuracy = accuracy_entries(results, model_cfg)
    save(accuracy, results)
    ckpt_path = os.path.join(c.out_dir, "ckpt.pt")
    log(f"saved {ckpt_path} at step {step} ({elapsed / 60:.1f} min, {stopped_by})")
    write_log({"done": True, "step": step, "elapsedMin": round(elapsed / 60, 4), "stoppedBy": stopped_by,
               "checkpoint": ckpt_path, "accuracy": accuracy})
    if ddp:
        dist.barrier()
        dist.destroy_process_group()
    return {"history": history, "step": step, "results": results}


if __name__ == "__main__":
    main()
