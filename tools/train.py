"""
Train a Tiny Recursive Model (arXiv 2510.04871) on Sudoku or maze JSONL from `trm-router data`.

  /usr/bin/python3 tools/train.py tools/configs/sudoku_cpu_small.py
  /usr/bin/python3 tools/train.py --train_file=a.jsonl --test_files=b.jsonl,c.jsonl --hidden_size=64
  /usr/bin/python3 tools/train.py --resume=out/sudoku/ckpt.pt          # continue exactly
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
task, training, accuracy) plus what an exact resume needs: each rank's RNG and carry.
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
from data import PuzzleStream, load_jsonl, task_tokens  # noqa: E402
from trm.model import TRM, TRMConfig  # noqa: E402

# -----------------------------------------------------------------------------
# default config values
# I/O
out_dir = "out/sudoku"            # ckpt.pt and log.jsonl go here
task = "sudoku"                   # sudoku | maze
maze_side = 30                    # maze canvas N x N (S = N*N): 30 is the official one
train_file = "out/data/sudoku-train.jsonl"
test_files = "out/data/sudoku-test.jsonl"   # comma-separated held-out JSONL files
resume = ""                       # "" fresh run; a checkpoint path; bare --resume = out_dir/ckpt.pt
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
# optimization
batch_size = 96                   # slots, over all processes
lr = 1e-3                         # peak learning rate
min_lr = 1e-4                     # cosine floor
lr_schedule = "cosine"            # cosine | constant (after warm-up)
warmup_iters = 200                # optimizer steps of linear warm-up
weight_decay = 0.1                # AdamW, on matrices only
beta1 = 0.9
beta2 = 0.95
grad_clip = 1.0                   # max gradient norm (0 = off; the official trainer has none)
loss_fn = "stablemax"             # stablemax | softmax cross-entropy
given_weight = 1.0                # loss weight of cells the input already fixes (Sudoku givens; maze
                                  # walls, S, G, the canvas around a smaller maze) against 1 for the cells
                                  # to decide; < 1 keeps copying from drowning the decisions (1 = paper)
ema_decay = 0.999                 # EMA of the weights (0 = none: evaluate the raw weights)
# length of the run: whichever comes first; the schedules follow max(step / max_iters, time / budget)
max_iters = 0                     # optimizer steps (0 = no limit)
time_budget_min = 0.0             # minutes of training, not counting the final evaluation (0 = no limit)
stop_after = 0                    # end this invocation after this step, schedules unchanged (then --resume)
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


BLANK = {"sudoku": 1, "maze": 2}   # the input token of a cell to decide: a Sudoku blank, an open maze cell


def token_loss(logits, labels, kind):
    """Per-token cross-entropy [B,S] (label 0 = PAD is ignored by the caller's mask)."""
    if kind == "stablemax":
        logp = log_stablemax(logits.double())
        return -logp.gather(-1, labels.unsqueeze(-1)).squeeze(-1).float()
    return F.cross_entropy(logits.float().transpose(1, 2), labels, reduction="none")


def lr_at(c, step, progress):
    if step < c.warmup_iters:
        return c.lr * (step + 1) / c.warmup_iters
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
            "labels": torch.ones(B, S, dtype=torch.long, device=device),
            "z_H": torch.zeros(B, L, D, device=device), "z_L": torch.zeros(B, L, D, device=device),
            "steps": torch.zeros(B, dtype=torch.long, device=device),
            "halted": torch.ones(B, dtype=torch.bool, device=device)}   # all slots take a puzzle first


def train_step(model, carry, stream, optimizer, c, model_cfg, ctx):
    """One supervision step on every slot, one optimizer step; returns metrics (sums)."""
    h = carry["halted"]
    n_new = int(h.sum())
    if n_new:
        x, y = stream.draw(n_new)
        carry["inputs"][h], carry["labels"][h] = x.to(h.device), y.to(h.device)
        carry["steps"][h] = 0
    B = h.shape[0]
    ids = torch.zeros(B, dtype=torch.long, device=h.device)
    with ctx:
        logits, q, z_H, z_L = model(carry["inputs"], ids, carry["z_H"], carry["z_L"], h)
    labels = carry["labels"]
    mask = labels != 0
    ce = token_loss(logits, labels, c.loss_fn)
    weight = mask.float()
    if c.given_weight != 1.0:
        weight = weight * torch.where(carry["inputs"] == BLANK[c.task], 1.0, c.given_weight)
    lm = (ce * weight).sum(1) / weight.sum(1).clamp(min=1e-6)
    with torch.no_grad():
        correct = ((logits.argmax(-1) == labels) | ~mask).all(1)
    q_halt = q[:, 0].float()
    bce = F.binary_cross_entropy_with_logits(q_halt, correct.float(), reduction="none")
    loss = (lm + 0.5 * bce).mean()
    loss.backward()
    if c.grad_clip > 0:
        torch.nn.utils.clip_grad_norm_(model.parameters(), c.grad_clip)
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
def evaluate(model, data, model_cfg, device, max_puzzles, batch_size, ctx):
    model.eval()
    N = data["inputs"].shape[0] if max_puzzles <= 0 else min(max_puzzles, data["inputs"].shape[0])
    T = model_cfg.halt_max_steps
    by_step, cells, adaptive, adaptive_steps = torch.zeros(T), 0, 0, 0
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
            ok_cells = (logits.argmax(-1) == y) | ~mask
            ok = ok_cells.all(1)
            by_step[s] += ok.sum().item()
            stop = (halted_at == 0) & ((q[:, 0] > 0) | (s == T - 1))
            adaptive += int((ok & stop).sum())
            halted_at[stop] = s + 1
        cells += ((ok_cells & mask).sum() / mask.sum()).item() * B
        adaptive_steps += int(halted_at.sum())
    model.train()
    return {"puzzles": N, "exact": by_step[-1].item() / N, "cell": cells / N,
            "exact_by_step": [round(v / N, 4) for v in by_step.tolist()],
            "adaptive_exact": adaptive / N, "adaptive_steps": adaptive_steps / N}


def accuracy_entries(results, model_cfg):
    """The manifest's accuracy list: fixed steps and adaptive halting per test file."""
    out = []
    for name, r in results.items():
        out.append({"dataset": name, "puzzles": r["puzzles"], "exact": round(r["exact"], 4),
                    "cell": round(r["cell"], 4), "meanSteps": model_cfg.halt_max_steps,
                    "halt": f"fixed {model_cfg.halt_max_steps} steps", "exactByStep": r["exact_by_step"]})
        out.append({"dataset": name, "puzzles": r["puzzles"], "exact": round(r["adaptive_exact"], 4),
                    "meanSteps": round(r["adaptive_steps"], 3), "halt": "q_halt > 0"})
    return out


# -----------------------------------------------------------------------------

def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    cfg, given = configure(argv)
    ckpt = None
    if cfg["resume"]:
        path = os.path.join(cfg["out_dir"], "ckpt.pt") if cfg["resume"] == "auto" else cfg["resume"]
        ckpt = torch.load(path, map_location="cpu")
        # the run's own config, then what this command line says again
        once = ("resume", "stop_after")                    # belong to one invocation
        cfg = {**DEFAULTS, **{k: v for k, v in ckpt["config"].items() if k not in once},
               **{k: cfg[k] for k in given}}
    c = type("Config", (), cfg)

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
    train = load_jsonl(c.train_file, c.task, c.maze_side)
    tests = {os.path.basename(f): load_jsonl(f, c.task, c.maze_side) for f in c.test_files.split(",") if f}
    model_args = asdict(TRMConfig(**task_tokens(c.task, c.maze_side), num_puzzle_identifiers=1,
                                  **{k: getattr(c, k) for k in MODEL_KEYS}).validate())
    if ckpt is not None:
        model_args = ckpt["model_args"]
    model_cfg = TRMConfig(**model_args)
    torch.manual_seed(c.seed)
    model = TRM(model_cfg).to(dev)
    ema = copy.deepcopy(model).eval().requires_grad_(False) if c.ema_decay > 0 else None
    decay = [p for p in model.parameters() if p.dim() >= 2]
    no_decay = [p for p in model.parameters() if p.dim() < 2]
    optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": c.weight_decay},
                                   {"params": no_decay, "weight_decay": 0.0}],
                                  lr=c.lr, betas=(c.beta1, c.beta2))
    local_batch = c.batch_size // world
    stream = PuzzleStream(train, c.task, seed=c.data_seed * 1_000_003 + rank, augment=c.augment)
    carry = new_carry(local_batch, model_cfg, dev)
    step, elapsed, history, commands = 0, 0.0, [], []
    if ckpt is not None:
        model.load_state_dict(ckpt["model"])
        if ema is not None and ckpt.get("ema") is not None:
            ema.load_state_dict(ckpt["ema"])
        optimizer.load_state_dict(ckpt["optimizer"])
        step, elapsed = ckpt["step"], ckpt.get("elapsed", 0.0)
        commands = ckpt.get("training", {}).get("commands", [])
        if len(ckpt.get("streams", [])) == world:
            stream.load_state_dict(ckpt["streams"][rank])
        if len(ckpt.get("carries") or []) == world:
            carry = {k: v.to(dev) for k, v in ckpt["carries"][rank].items()}
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
    log(f"{c.task}: {model.num_params():,} parameters, {train['inputs'].shape[0]} training puzzles, "
        f"{world} process(es) x {local_batch} slots on {dev}, T={model_cfg.H_cycles} n={model_cfg.L_cycles} "
        f"steps<={model_cfg.halt_max_steps}")
    os.makedirs(c.out_dir, exist_ok=True)

    def progress():
        p = 0.0
        if c.max_iters > 0:
            p = max(p, step / c.max_iters)
        if c.time_budget_min > 0:
            p = max(p, elapsed / (60 * c.time_budget_min))
        return p

    def run_eval(max_puzzles):
        m = ema if ema is not None else model
        return {name: evaluate(m, d, model_cfg, dev, max_puzzles, c.eval_batch_size, ctx) for name, d in tests.items()}

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
        training = {"source": "trm-router training run", "task": c.task, "trainFile": c.train_file,
                    "trainPuzzles": int(train["inputs"].shape[0]), "testFiles": c.test_files,
                    "optimizerSteps": step, "sampleSteps": step * c.batch_size, "minutes": round(elapsed / 60, 2),
                    "device": dev, "processes": world, "batchSize": c.batch_size, "lr": c.lr,
                    "lossFn": c.loss_fn, "emaDecay": c.ema_decay, "commands": commands,
                    "weights": "ema" if ema is not None else "model"}
        if results is not None:
            training["finalEval"] = results
        state = {"model": model.state_dict(), "model_args": model_args, "optimizer": optimizer.state_dict(),
                 "ema": ema.state_dict() if ema is not None else None, "step": step, "config": cfg,
                 "data_seed": c.data_seed, "task": c.task, "training": training, "accuracy": accuracy,
                 "elapsed": elapsed, "streams": streams, "carries": carries}
        tmp = os.path.join(c.out_dir, "ckpt.pt.tmp")
        torch.save(state, tmp)
        os.replace(tmp, os.path.join(c.out_dir, "ckpt.pt"))

    def record(entry):
        history.append(entry)
        if master:
            with open(os.path.join(c.out_dir, "log.jsonl"), "a") as f:
                f.write(json.dumps(entry) + "\n")

    sums, stopped_by = None, None
    t_log = t_prev = time.time()
    while True:
        p = progress()
        g = curriculum_level(c, p)
        if g != stream.level:
            stream.set_level(g)
        lr = lr_at(c, step, p)
        for group in optimizer.param_groups:
            group["lr"] = lr
        stop = (c.max_iters > 0 and step >= c.max_iters) or (c.time_budget_min > 0 and p >= 1.0)
        stop_here = stop or (c.stop_after > 0 and step >= c.stop_after)
        if ddp:  # every process stops at the same step
            flag = torch.tensor([float(stop), float(stop_here)], device=dev)
            dist.all_reduce(flag, op=dist.ReduceOp.MAX)
            stop, stop_here = bool(flag[0]), bool(flag[1])
        if stop_here:
            stopped_by = "end" if stop else "stop_after"
            break
        m = train_step(net, carry, stream, optimizer, c, model_cfg, ctx)
        if ema is not None:
            with torch.no_grad():
                d = min(c.ema_decay, (1 + step) / (10 + step))     # short warm-up of the average
                for e, w in zip(ema.state_dict().values(), model.state_dict().values()):
                    if e.dtype.is_floating_point:
                        e.mul_(d).add_(w.detach(), alpha=1 - d)
        step += 1
        now = time.time()
        dt, t_prev = now - t_prev, now               # wall time, evaluations and checkpoints included
        if ddp:
            tt = torch.tensor([dt], device=dev)
            dist.all_reduce(tt, op=dist.ReduceOp.MAX)
            dt = tt.item()
        elapsed += dt
        sums = m if sums is None else {k: sums[k] + m[k] for k in m}
        record({"step": step, "loss": m["loss"] / m["slots"], "lr": lr})
        if step % c.log_interval == 0:
            now = time.time()
            rate = sums["slots"] * world / (now - t_log)
            exact = sums["exact"] / max(1, sums["halted"])
            msteps = sums["steps"] / max(1, sums["halted"])
            log(f"step {step:6d} | loss {sums['loss'] / sums['slots']:.4f} (ce {sums['lm'] / sums['slots']:.4f}) | "
                f"exact {100 * exact:5.1f}% of {sums['halted']} halted | steps {msteps:.2f} | lr {lr:.2e} | "
                f"{'givens>=' if c.task == 'sudoku' else 'size<='}{g} | {rate:.0f} sample-steps/s | {elapsed / 60:.1f} min")
            sums, t_log = None, now
        if c.eval_interval > 0 and step % c.eval_interval == 0:
            if master:
                res = run_eval(c.eval_puzzles)
                for name, r in res.items():
                    log(f"eval {name} @ {step}: exact {100 * r['exact']:.1f}% ({r['puzzles']}, {model_cfg.halt_max_steps} steps) "
                        f"cell {100 * r['cell']:.1f}% | adaptive {100 * r['adaptive_exact']:.1f}% in "
                        f"{r['adaptive_steps']:.2f} steps | by step {r['exact_by_step']}")
                record({"step": step, "eval": res})
            if ddp:
                dist.barrier()
        if c.ckpt_interval > 0 and step % c.ckpt_interval == 0:
            save()

    results = None
    if stopped_by == "end" and master:
        results = run_eval(c.final_eval_puzzles)
        for name, r in results.items():
            log(f"final {name}: exact {100 * r['exact']:.1f}% of {r['puzzles']} ({model_cfg.halt_max_steps} steps) | "
                f"cell {100 * r['cell']:.1f}% | adaptive {100 * r['adaptive_exact']:.1f}% in {r['adaptive_steps']:.2f} steps "
                f"| by step {r['exact_by_step']}")
        record({"step": step, "final": results})
    save(accuracy_entries(results, model_cfg) if results else None, results)
    log(f"saved {os.path.join(c.out_dir, 'ckpt.pt')} at step {step} ({elapsed / 60:.1f} min, {stopped_by})")
    if ddp:
        dist.barrier()
        dist.destroy_process_group()
    return {"history": history, "step": step, "results": results}


if __name__ == "__main__":
    main()
