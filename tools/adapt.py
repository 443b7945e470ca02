"""
Adapt an ARC model to a new task: learn puzzle embeddings for the task's demonstration pairs and
their augmentations with every weight frozen, and append them to the model folder.

  /usr/bin/python3 tools/adapt.py --model models/arc-x --task 0a1d4ef5.json [--minutes 5] \
      [--augmentations 16] [--device cpu|cuda] [--task-id ID] [--replace]

What it does (the official pretrain.py's freeze_weights path, for one task):
- The network's weights come from the folder's model.onnx (onnx_init.py) and stay frozen; only
  the new puzzle-embedding rows train, one row per augmentation (arc_data.plan_augmentations: the
  identity first, named as the official identifiers.json and the TypeScript solver name them).
- The rows start at the mean of the model's table, as the official load_checkpoint re-initialises a
  table whose shape changed, and train with the official puzzle-embedding optimizer: sign SGD with
  decoupled weight decay on the rows in the batch (puzzle_emb_lr 1e-2, puzzle_emb_weight_decay 0.1),
  after a short linear warm-up.
- Training is the official ACT recipe: a batch of slots, each keeping its demonstration pair and
  latents from one supervision step to the next until it halts (q_halt > 0 with exploration, or
  halt_max_steps); loss = stablemax CE over the answer + 0.5 BCE(q_halt, answer right). Each pass
  over the pairs draws them again, every pair but one per augmentation at a random offset on the
  canvas (the official training-time translation).
- Before training, every --eval-every seconds (default a fifth of the budget, and at most a fifth
  of the time spent evaluating) and at the end, every pair under every augmentation (or the first k,
  when one evaluation would take over a tenth of the budget: a large model on a CPU) runs all
  halt_max_steps steps untranslated (the official evaluation): the demonstration loss,
  exact accuracy (every cell right), and the vote the solver takes (per pair, the augmentations'
  answers mapped back and voted on, count then mean halting probability). Training stops at the
  time budget, after --max-steps optimizer steps, or once --patience evaluations in a row
  improved neither the loss (by 0.1%) nor the exact accuracy; the best evaluated rows are kept.
- The rows are appended to the external table (docs/trm-onnx.md): a model whose table is inside
  its graph is first rewritten to the external layout (export_onnx.externalize_table). The new
  table and identifiers go to new files, then the manifest, renamed over the old one, switches to
  them in one step (a crash leaves the old model whole), then the old files are removed. The
  manifest's `adapted` list records the task, its rows, minutes, loss and demonstration accuracy.
- A task id the table already has is refused unless --replace (its old rows are then dropped).

Progress goes to stderr; the result is one JSON object on stdout: {model, taskId, rows,
identifiers: [first, last], augmentations, steps, minutes, stoppedBy, before: {loss, exact,
voteExact}, after: {loss, lm, exact, voteExact, identityExact}, date}.
Exit status 2 with one line on stderr for bad input (task JSON, model folder, duplicate task).
"""

import argparse
import datetime
import fcntl
import json
import math
import os
import random
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import arc_data  # noqa: E402
from trm.model import TRM, TRMConfig  # noqa: E402


class AdaptError(Exception):
    """Bad input: a message for the user (exit status 2)."""


# -----------------------------------------------------------------------------
# the model folder

def read_json(path):
    with open(path) as f:
        return json.load(f)


def write_atomic(path, data):
    """Write bytes or text to a temporary name beside `path`, flush to disk, rename over it."""
    tmp = f"{path}.tmp-{os.getpid()}"
    with open(tmp, "wb" if isinstance(data, bytes) else "w") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def check_model(model_dir):
    """The folder's manifest when it is an ARC model with a puzzle embedding, else AdaptError."""
    path = os.path.join(model_dir, "manifest.json")
    if not os.path.isdir(model_dir):
        raise AdaptError(f"--model {model_dir}: no such model folder")
    if not os.path.exists(path):
        raise AdaptError(f"--model {model_dir}: no manifest.json (not a trm-router model folder)")
    try:
        m = read_json(path)
    except (OSError, json.JSONDecodeError) as e:
        raise AdaptError(f"--model {model_dir}: manifest.json cannot be read ({e})") from e
    if m.get("task") != "arc":
        raise AdaptError(f"--model {model_dir}: a model of task {m.get('task')!r}, not an ARC model (task 'arc')")
    if not m.get("architecture", {}).get("puzzleEmbNdim"):
        raise AdaptError(f"--model {model_dir}: the model has no puzzle embedding (puzzleEmbNdim 0): nothing to adapt")
    if "modelArgs" not in m:
        raise AdaptError(f"--model {model_dir}: the manifest has no modelArgs (export it again with tools/export_onnx.py)")
    return m


def table_of(model_dir, m):
    """(memmap [rows, dim] of the external table, identifiers list); AdaptError when the files do
    not match the manifest."""
    from export_onnx import read_table
    try:
        return read_table(model_dir, m)
    except (OSError, ValueError) as e:
        raise AdaptError(f"--model {model_dir}: {e}") from e


def lock_folder(model_dir):
    """An exclusive lock on the model folder for this process's lifetime: two adapts of one model
    at once would each append to the table they read, and the second would drop the first's rows."""
    fd = os.open(model_dir, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise AdaptError(f"--model {model_dir}: another adapt is running on this model folder") from None
    return fd


def ensure_external(model_dir, m, log):
    """The manifest of the folder with its table outside the graph (rewritten when inside)."""
    if "puzzleTable" in m:
        return m
    from export_onnx import externalize_table
    log(f"{model_dir}: moving the puzzle-embedding table out of the graph (puzzle_emb.f32, identifiers.json)")
    try:
        return externalize_table(model_dir)
    except (OSError, ValueError) as e:
        raise AdaptError(f"--model {model_dir}: its table cannot be moved out of the graph ({e})") from e


def table_mean(table, chunk=65536):
    """Mean of every row, in float64 by chunks (a converted official table has ~1M rows)."""
    total = np.zeros(table.shape[1], dtype=np.float64)
    for i in range(0, table.shape[0], chunk):
        total += np.asarray(table[i:i + chunk], dtype=np.float64).sum(0)
    return (total / max(1, table.shape[0])).astype(np.float32)


def load_network(model_dir, m):
    """The TRM of the folder with the graph's weights (the table's rows are not needed)."""
    from onnx_init import load_onnx_weights
    cfg = TRMConfig(**{**m["modelArgs"], "num_puzzle_identifiers": 1})   # the rows stay in the file
    model = TRM(cfg)
    try:
        missing = load_onnx_weights(model, model_dir, table=False)
    except (OSError, ValueError) as e:
        raise AdaptError(f"--model {model_dir}: its weights cannot be read from {m['onnx']['file']} ({e})") from e
    if missing:
        raise AdaptError(f"--model {model_dir}: no value in {m['onnx']['file']} for {', '.join(missing)}")
    return model


def next_name(model_dir, stem, ext, avoid):
    """`stem.N.ext`, the first N whose file does not exist (and is not in avoid)."""
    n = 1
    while True:
        name = f"{stem}.{n}.{ext}"
        if name not in avoid and not os.path.exists(os.path.join(model_dir, name)):
            return name
        n += 1


def append_rows(model_dir, m, rows, names, task_id, record, replace):
    """Write the table with `rows` appended (and the task's old rows dropped with replace) under
    new names, then the manifest pointing at them, then remove the old files. Returns the new
    manifest and the first new row's index. The manifest is read again first: what another
    command wrote into it meanwhile (`trm-router eval --record`) is kept."""
    current = read_json(os.path.join(model_dir, "manifest.json"))
    if current.get("puzzleTable") != m["puzzleTable"]:
        raise AdaptError(f"--model {model_dir}: its puzzle-embedding table changed while adapting; nothing written")
    m = current
    table, ids = table_of(model_dir, m)
    t = m["puzzleTable"]
    keep = np.array([arc_data.task_of(n) != task_id for n in ids], dtype=bool)
    keep[0] = True                                    # the blank row stays row 0
    if not replace and not keep.all():
        raise AdaptError(f"task {task_id} is already in the table ({int((~keep).sum())} rows): pass --replace to adapt it again")
    table_name = next_name(model_dir, "puzzle_emb", "f32", {t["file"]})
    ids_name = next_name(model_dir, "identifiers", "json", {t["identifiers"]})
    kept = int(keep.sum())
    tmp = os.path.join(model_dir, f"{table_name}.tmp-{os.getpid()}")
    with open(tmp, "wb") as f:
        chunk = 65536
        for i in range(0, table.shape[0], chunk):
            block = np.asarray(table[i:i + chunk])
            f.write(np.ascontiguousarray(block[keep[i:i + chunk]], dtype="<f4").tobytes())
        f.write(np.ascontiguousarray(rows, dtype="<f4").tobytes())
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, os.path.join(model_dir, table_name))
    new_ids = [n for n, k in zip(ids, keep) if k] + list(names)
    write_atomic(os.path.join(model_dir, ids_name), json.dumps(new_ids) + "\n")
    total = kept + len(names)
    new = dict(m)
    new["puzzleTable"] = {**t, "file": table_name, "identifiers": ids_name, "rows": total}
    new["numPuzzleIdentifiers"] = total
    new["modelArgs"] = {**m["modelArgs"], "num_puzzle_identifiers": total}
    new["parameters"] = m["parameters"] + (total - m["puzzleTable"]["rows"]) * m["puzzleTable"]["dim"]
    new["adapted"] = [a for a in m.get("adapted", []) if a.get("taskId") != task_id] + [record]
    write_atomic(os.path.join(model_dir, "manifest.json"), json.dumps(new, indent=2) + "\n")
    del table
    for old in (t["file"], t["identifiers"]):
        if old not in (table_name, ids_name):
            try:
                os.remove(os.path.join(model_dir, old))
            except OSError:
                pass
    return new, kept


# -----------------------------------------------------------------------------
# training

def sign_sgd(rows, ids, lr, weight_decay):
    """The official CastedSparseEmbeddingSignSGD step on the rows in the batch: decoupled weight
    decay, then minus lr x the sign of the summed gradient."""
    with torch.no_grad():
        used = torch.unique(ids)
        p = rows.data[used]
        p.mul_(1.0 - lr * weight_decay).add_(torch.sign(rows.grad[used]), alpha=-lr)
        rows.data[used] = p
        rows.grad = None


@torch.no_grad()
def evaluate(model, examples, augs, pairs, device, batch_size, loss_fn):
    """Every pair under every augmentation, all halt_max_steps steps from a reset: mean loss and
    CE at the last step, exact share, the identity's exact share, and the share of pairs whose
    vote over the augmentations (answers mapped back; count, then mean sigmoid(q_halt)) is right."""
    cfg = model.cfg
    N = examples["inputs"].shape[0]
    losses, lms, correct, tokens, qs = [], [], [], [], []
    for i in range(0, N, batch_size):
        x = examples["inputs"][i:i + batch_size].to(device)
        y = examples["labels"][i:i + batch_size].to(device)
        ids = examples["aug"][i:i + batch_size].to(device)
        B = x.shape[0]
        z_H, z_L = (z.to(device) for z in model.initial_latents(B))
        for s in range(cfg.halt_max_steps):
            logits, q, z_H, z_L = model(x, ids, z_H, z_L, torch.full((B,), s == 0, device=device))
        loss, lm, ok = arc_data.supervision_loss(logits, q[:, 0], y, loss_fn)
        losses.append(loss.cpu())
        lms.append(lm.cpu())
        correct.append(ok.cpu())
        tokens.append(logits.argmax(-1).cpu())
        qs.append(q[:, 0].float().cpu())
    loss, lm, ok = torch.cat(losses), torch.cat(lms), torch.cat(correct)
    tokens, qs = torch.cat(tokens), torch.cat(qs)
    votes = 0
    for k, (_, out) in enumerate(pairs):
        groups = {}
        for j in range(N):
            if j % len(pairs) != k:
                continue
            aug = augs[int(examples["aug"][j])]
            grid = arc_data.decode_grid(tokens[j].numpy())
            if grid.size:
                grid = arc_data.inverse_augment_grid(grid, aug["tid"], aug["perm"])
            key = (grid.shape, grid.tobytes())
            g = groups.setdefault(key, {"grid": grid, "count": 0, "conf": 0.0, "order": len(groups)})
            g["count"] += 1
            g["conf"] += 1 / (1 + math.exp(-float(qs[j])))
        top = sorted(groups.values(), key=lambda g: (-g["count"], -g["conf"] / g["count"], g["order"]))[0]
        votes += int(top["grid"].shape == out.shape and (top["grid"] == out).all())
    identity = examples["aug"] == 0
    return {"loss": float(loss.mean()), "lm": float(lm.mean()), "exact": float(ok.float().mean()),
            "identityExact": float(ok[identity].float().mean()), "voteExact": votes / len(pairs),
            "right": int(ok.sum()), "examples": N}


def adapt(args, log):
    model_dir = os.path.abspath(args.model)
    check_model(model_dir)
    lock = lock_folder(model_dir)
    try:
        return adapt_locked(args, model_dir, log)
    finally:
        os.close(lock)


def adapt_locked(args, model_dir, log):
    started = time.time()
    m = check_model(model_dir)
    try:
        wrapped_id, pairs, tests = arc_data.load_task(args.task, args.task_id or None)
    except OSError as e:
        raise AdaptError(f"--task {args.task}: cannot be read ({e.strerror})") from e
    except ValueError as e:
        raise AdaptError(f"--task {e}") from e
    task_id = args.task_id or wrapped_id or os.path.splitext(os.path.basename(args.task))[0]
    if not task_id or arc_data.SEPARATOR in task_id or task_id == "<blank>" or len(task_id) > 100:
        raise AdaptError(f"task id {task_id!r}: an ARC task id such as 0a1d4ef5 (no '|||', at most 100 characters; --task-id ID)")
    if args.augmentations < 1:
        raise AdaptError("--augmentations must be at least 1 (the identity)")
    side = int(m.get("canvas", {}).get("rows", arc_data.SIDE))   # a model of a smaller canvas (arc_side)
    grids = [(f"train[{i}].{k}", g) for i, p in enumerate(pairs) for k, g in zip(("input", "output"), p)]
    for where, g in grids + [(f"test[{i}].input", g) for i, g in enumerate(tests)]:
        if not arc_data.fits(g, side):
            raise AdaptError(f"--task {args.task}: {where} is {g.shape[0]}x{g.shape[1]}; model {m.get('name')} "
                             f"takes ARC grids up to {side}x{side}")
    if "puzzleTable" in m:                     # refuse early, before minutes of training
        _, ids = table_of(model_dir, m)
        if not args.replace and any(arc_data.task_of(n) == task_id for n in ids[1:]):
            raise AdaptError(f"task {task_id} is already in the table: pass --replace to adapt it again")
    elif not args.replace and any(arc_data.task_of(n) == task_id for n in (m.get("identifiers") or [])[1:]):
        raise AdaptError(f"task {task_id} is already in the table: pass --replace to adapt it again")

    device = args.device
    if device.startswith("cuda") and not torch.cuda.is_available():
        raise AdaptError("--device cuda: torch sees no CUDA device")
    if device == "cpu":
        from train import set_cpu_threads
        set_cpu_threads(args.threads or os.cpu_count())
    torch.manual_seed(args.seed)
    gen = random.Random(args.seed)

    m = ensure_external(model_dir, m, log)
    model = load_network(model_dir, m)
    table, _ = table_of(model_dir, m)
    init = torch.from_numpy(table_mean(table))
    del table
    augs = arc_data.plan_augmentations(task_id, pairs, args.augmentations, seed=args.seed)
    rows = torch.nn.Parameter(init.unsqueeze(0).repeat(len(augs), 1).clone())
    model.puzzle_emb.weights = rows           # ids 0..len(augs)-1 index the new rows
    for name, p in model.named_parameters():
        p.requires_grad_(name == "puzzle_emb.weights")
    model = model.to(device)
    rows = model.puzzle_emb.weights
    cfg = model.cfg
    N = len(pairs) * len(augs)
    cuda = device.startswith("cuda")
    B = min(args.batch_size or (64 if cuda else 4), N)
    eval_batch = args.eval_batch_size or (256 if cuda else 8)
    budget = args.minutes * 60
    log(f"adapting {m['name']} to {task_id}: {len(pairs)} demonstration pairs x {len(augs)} augmentations = {N} examples, "
        f"{len(augs)} new rows, weights frozen, {args.minutes:g} min on {device}, batch {B}")

    t0 = time.time()                          # the budget counts the evaluations too
    # evaluations run every pair under the first k augmentations, k such that one takes at most a
    # tenth of the budget (all of them for a small model; timed on the identity's pairs)
    identity = evaluate(model, arc_data.build_examples(pairs, augs[:1], side=side), augs, pairs, device, eval_batch, args.loss_fn)
    per_aug = time.time() - t0
    k = len(augs) if args.eval_augmentations == 0 else min(len(augs), args.eval_augmentations)
    k = max(1, min(k, int(budget / 10 / max(per_aug, 1e-9))))
    eval_set = arc_data.build_examples(pairs, augs[:k], side=side)
    if k < len(augs):
        log(f"evaluations use {k} of the {len(augs)} augmentations (one pass over the identity's pairs took {per_aug:.1f} s)")
    before = identity if k == 1 else evaluate(model, eval_set, augs, pairs, device, eval_batch, args.loss_fn)
    eval_cost = per_aug * k
    # evaluations every --eval-every seconds, by default a fifth of the budget, and never more than
    # a fifth of the time: one costs every example x halt_max_steps steps
    eval_every = args.eval_every if args.eval_every > 0 else max(budget / 5, 4 * eval_cost, 1.0)
    log(f"before: loss {before['loss']:.4f} | demonstrations exact {100 * before['exact']:.1f}% "
        f"({before['right']}/{before['examples']}) | voted {100 * before['voteExact']:.0f}% of {len(pairs)} pairs")
    best = {"metrics": before, "rows": rows.detach().clone(), "step": 0}

    # the carry: each slot keeps its example and latents until it halts
    queue = []

    def draw(n):
        nonlocal queue
        out = []
        while len(out) < n:
            if not queue:
                epoch = arc_data.build_examples(pairs, augs, translate=args.translate, gen=gen, side=side)
                order = list(range(N))
                gen.shuffle(order)
                queue = [(epoch["inputs"][j], epoch["labels"][j], int(epoch["aug"][j])) for j in order]
            out.append(queue.pop())
        return out

    S, L, D = cfg.seq_len, cfg.positions, cfg.hidden_size
    carry = {"x": torch.zeros(B, S, dtype=torch.long, device=device), "y": torch.zeros(B, S, dtype=torch.long, device=device),
             "ids": torch.zeros(B, dtype=torch.long, device=device), "z_H": torch.zeros(B, L, D, device=device),
             "z_L": torch.zeros(B, L, D, device=device), "steps": torch.zeros(B, dtype=torch.long, device=device),
             "halted": torch.ones(B, dtype=torch.bool, device=device)}
    hgen = torch.Generator().manual_seed(args.seed)
    step, stopped_by, stale, eval_step = 0, None, 0, 0
    last_eval = last_log = time.time()
    sums = {"loss": 0.0, "n": 0, "halted": 0, "right": 0}
    while True:
        elapsed = time.time() - t0
        if args.max_steps and step >= args.max_steps:
            stopped_by = "max_steps"
        elif elapsed + eval_cost >= budget:   # the final evaluation still fits
            stopped_by = "time"
        if stopped_by or time.time() - last_eval >= eval_every:
            if step > eval_step:
                t_eval, eval_step = time.time(), step
                metrics = evaluate(model, eval_set, augs, pairs, device, eval_batch, args.loss_fn)
                eval_cost = time.time() - t_eval
                b = best["metrics"]
                improved = metrics["exact"] > b["exact"] or metrics["loss"] < b["loss"] * (1 - 1e-3)
                if (metrics["exact"], -metrics["loss"]) > (b["exact"], -b["loss"]):
                    best = {"metrics": metrics, "rows": rows.detach().clone(), "step": step}
                stale = 0 if improved else stale + 1
                log(f"eval @ step {step}: loss {metrics['loss']:.4f} | demonstrations exact {100 * metrics['exact']:.1f}% "
                    f"({metrics['right']}/{metrics['examples']}) | voted {100 * metrics['voteExact']:.0f}% | {elapsed / 60:.1f} of {args.minutes:g} min")
                if not stopped_by and stale >= args.patience:
                    stopped_by = "plateau"
            last_eval = time.time()
        if stopped_by:
            break
        h = carry["halted"]
        n_new = int(h.sum())
        if n_new:
            fresh = draw(n_new)
            idx = h.nonzero().flatten()
            carry["x"][idx] = torch.stack([f[0] for f in fresh]).to(device)
            carry["y"][idx] = torch.stack([f[1] for f in fresh]).to(device)
            carry["ids"][idx] = torch.tensor([f[2] for f in fresh], device=device)
            carry["steps"][idx] = 0
        logits, q, z_H, z_L = model(carry["x"], carry["ids"], carry["z_H"], carry["z_L"], h)
        loss, _, correct = arc_data.supervision_loss(logits, q[:, 0], carry["y"], args.loss_fn)
        (loss.sum() / B).backward()
        lr = args.lr * min(1.0, (step + 1) / max(1, args.warmup_steps))
        sign_sgd(rows, carry["ids"], lr, args.weight_decay)
        step += 1
        with torch.no_grad():
            steps = carry["steps"] + 1
            halted = steps >= cfg.halt_max_steps
            q_halt = q[:, 0].float()
            if cfg.halt_max_steps > 1:
                halted |= (q_halt > 0)
                explore = torch.rand(B, generator=hgen) < cfg.halt_exploration_prob
                min_steps = torch.randint(2, cfg.halt_max_steps + 1, (B,), generator=hgen) * explore
                halted &= steps >= min_steps.to(steps.device)
            carry.update(z_H=z_H, z_L=z_L, steps=steps, halted=halted)
        sums["loss"] += float(loss.sum())
        sums["n"] += B
        sums["halted"] += int(halted.sum())
        sums["right"] += int((correct & halted).sum())
        if time.time() - last_log >= args.log_every:
            log(f"step {step}: loss {sums['loss'] / sums['n']:.4f} | halted right {sums['right']}/{sums['halted']} | "
                f"lr {lr:.1e} | {(time.time() - t0) / 60:.1f} of {args.minutes:g} min")
            sums = {"loss": 0.0, "n": 0, "halted": 0, "right": 0}
            last_log = time.time()

    minutes = (time.time() - t0) / 60
    after = best["metrics"]
    names = [a["name"] for a in augs]
    record = {"taskId": task_id, "rows": len(names), "augmentations": len(augs), "steps": step, "bestStep": best["step"],
              "minutes": round(minutes, 3), "stoppedBy": stopped_by, "device": device,
              "loss": round(after["loss"], 6), "lossBefore": round(before["loss"], 6),
              "demoExact": round(after["exact"], 4), "demoVoteExact": round(after["voteExact"], 4),
              "demoPairs": len(pairs), "evalAugmentations": k, "date": datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat(),
              "command": " ".join(["adapt.py"] + list(args.argv))}
    m, first = append_rows(model_dir, m, best["rows"].cpu().numpy(), names, task_id, record, args.replace)
    log(f"{task_id}: rows {first}..{first + len(names) - 1} appended to {m['puzzleTable']['file']} "
        f"({m['puzzleTable']['rows']} rows) after {step} steps, {minutes:.2f} min ({stopped_by}); "
        f"demonstration loss {before['loss']:.4f} -> {after['loss']:.4f}, exact {100 * before['exact']:.1f}% -> "
        f"{100 * after['exact']:.1f}%, voted {100 * after['voteExact']:.0f}% of {len(pairs)} pairs")
    return {"model": model_dir, "taskId": task_id, "rows": len(names), "firstRow": first,
            "identifiers": [names[0], names[-1]], "augmentations": len(augs), "steps": step, "bestStep": best["step"],
            "minutes": round(minutes, 3), "seconds": round(time.time() - started, 1), "stoppedBy": stopped_by,
            "evalAugmentations": k,
            "before": {f: before[f] for f in ("loss", "lm", "exact", "voteExact", "identityExact")},
            "after": {f: after[f] for f in ("loss", "lm", "exact", "voteExact", "identityExact")},
            "date": record["date"]}


def parse_args(argv):
    ap = argparse.ArgumentParser(description="Learn puzzle embeddings for a new ARC task with every weight frozen "
                                 "and append them to the model folder.")
    ap.add_argument("--model", required=True, help="the ARC model folder")
    ap.add_argument("--task", required=True, help="the task JSON (ARC-AGI-1/2 format; {\"<id>\": task} names the task; "
                    "a challenges file with --task-id)")
    ap.add_argument("--task-id", default="", help="the task's id (default: the wrapper key, else the file name); "
                    "picks the task out of a challenges file")
    ap.add_argument("--minutes", type=float, default=5.0, help="time budget, evaluations included (default 5)")
    ap.add_argument("--augmentations", type=int, default=16, help="augmented copies, the identity included (default 16)")
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--replace", action="store_true", help="adapt a task the table already has again (its rows are replaced)")
    ap.add_argument("--batch-size", type=int, default=0, help="slots, at most the examples (default 4 on a CPU, where a "
                    "900-cell attention step costs more per sample in larger batches; 64 on cuda)")
    ap.add_argument("--eval-batch-size", type=int, default=0, help="default 8 on a CPU, 256 on cuda")
    ap.add_argument("--lr", type=float, default=1e-2, help="official puzzle_emb_lr (1e-2)")
    ap.add_argument("--weight-decay", type=float, default=0.1, help="official puzzle_emb_weight_decay (0.1)")
    ap.add_argument("--warmup-steps", type=int, default=20)
    ap.add_argument("--loss-fn", choices=("stablemax", "softmax"), default="stablemax")
    ap.add_argument("--no-translate", dest="translate", action="store_false", help="no random offsets on the canvas")
    ap.add_argument("--max-steps", type=int, default=0, help="stop after this many optimizer steps (0 = the time budget)")
    ap.add_argument("--eval-every", type=float, default=0, help="seconds between evaluations (default: a fifth of the budget)")
    ap.add_argument("--eval-augmentations", type=int, default=0,
                    help="augmentations the evaluations run (default all, fewer when one evaluation would take over a tenth of the budget)")
    ap.add_argument("--patience", type=int, default=3, help="evaluations without improvement before stopping")
    ap.add_argument("--log-every", type=float, default=5.0, help="seconds between progress lines")
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    args.argv = argv
    return args


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)

    def log(msg):
        print(msg, file=sys.stderr, flush=True)

    try:
        result = adapt(args, log)
    except AdaptError as e:
        print(f"adapt: {e}", file=sys.stderr)
        return 2
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
