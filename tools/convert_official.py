"""
Convert an official TinyRecursiveModels checkpoint to models/NAME (model.onnx + manifest.json).

  /usr/bin/python3 tools/convert_official.py --checkpoint step_0 --config all_config.yaml \
      --task sudoku --out models/sudoku-mlp

The checkpoint is what the official pretrain.py saves, torch.save(model.state_dict()), keys like
`_orig_mod.model.inner.L_level.layers.0.mlp.gate_up_proj.weight` (the `_orig_mod.` and `model.`
prefixes may be absent). The architecture comes from the `arch:` section of all_config.yaml,
the sequence length and vocabulary from the task, the number of puzzle identifiers from the
puzzle-embedding table. bf16 tensors become float32. Any missing, unexpected or mis-shaped
tensor stops the conversion with a list naming each one.

ARC checkpoints (one puzzle-embedding row per task and augmentation, about a million rows for the
official runs) come with the run's identifiers.json, the name of each row, and always get the
table outside the graph (puzzle_emb.f32 + identifiers.json, read by the runtime row by row):

  /usr/bin/python3 tools/convert_official.py --checkpoint step_N --config all_config.yaml --task arc \
      --identifiers identifiers.json [--tasks FILE|ID,ID,...] [--augmentations N] --out models/arc

--tasks keeps only those tasks' rows (FILE: task ids one per line, a JSON list of ids, or an ARC
challenges JSON whose keys are the ids); --augmentations N keeps each kept task's identity row and
its first N-1 augmentations in the identifiers' order. Row 0 (<blank>) is always kept, the rows
keep their order and are numbered again from 0.
"""

import argparse
import hashlib
import json
import os
import sys

import torch
import yaml  # python3-yaml, a dependency of Debian's python3-torch

from export_onnx import TASKS, export

SEPARATOR = "|||"  # official: "<task id>|||t<transform>|||<colour permutation>"; the identity is the bare id
from trm.model import TRM, TRMConfig

PREFIXES = ("_orig_mod.", "model.", "inner.")  # torch.compile, ACTLossHead, ACT wrapper


class CheckpointMismatch(Exception):
    pass


def read_arch(path):
    """The `arch:` mapping of an official all_config.yaml (or a file that is only that mapping)."""
    with open(path) as f:
        doc = yaml.safe_load(f)
    return doc["arch"] if "arch" in doc else doc


def strip_prefixes(state_dict):
    """{our name: (original key, tensor)}; the official wrappers' prefixes are optional."""
    out = {}
    for key, t in state_dict.items():
        name = key
        for p in PREFIXES:
            if name.startswith(p):
                name = name[len(p):]
        if name in out:
            raise CheckpointMismatch(f"checkpoint holds {name} twice: {out[name][0]} and {key}")
        out[name] = (key, t)
    return out


def load_official(path):
    sd = torch.load(path, map_location="cpu")
    if not isinstance(sd, dict) or not all(torch.is_tensor(v) for v in sd.values()):
        raise CheckpointMismatch(f"{path} is not a state dict of tensors")
    return strip_prefixes(sd)


def fit_state_dict(model, tensors):
    """Float32 state dict for `model` from {name: (key, tensor)}, or CheckpointMismatch naming every problem."""
    want = model.state_dict()
    missing = [n for n in want if n not in tensors]
    unexpected = [key for n, (key, _) in tensors.items() if n not in want]
    misshaped = [(key, list(t.shape), list(want[n].shape)) for n, (key, t) in tensors.items()
                 if n in want and t.shape != want[n].shape]
    if missing or unexpected or misshaped:
        lines = ["checkpoint does not match the architecture:"]
        lines += [f"  missing tensor: {n} {list(want[n].shape)}" for n in missing]
        lines += [f"  unexpected tensor: {key}" for key in unexpected]
        lines += [f"  wrong shape: {key} is {got}, expected {exp}" for key, got, exp in misshaped]
        raise CheckpointMismatch("\n".join(lines))
    return {n: t.to(torch.float32) for n, (_, t) in tensors.items()}


def read_task_ids(spec):
    """Task ids from --tasks: a file (one id per line or comma-separated, a JSON list of ids, or an
    ARC challenges JSON object whose keys are the ids) or a comma-separated list."""
    if os.path.isfile(spec):
        with open(spec) as f:
            text = f.read()
        try:
            doc = json.loads(text)
        except ValueError:
            doc = None
        if isinstance(doc, dict):
            ids = list(doc)
        elif isinstance(doc, list):
            ids = [str(x) for x in doc]
        else:
            ids = [x for line in text.splitlines() for x in line.split("#")[0].replace(",", " ").split()]
        where = spec
    else:
        ids, where = [x.strip() for x in spec.split(",") if x.strip()], "--tasks"
    if not ids:
        raise ValueError(f"--tasks: no task ids in {where}")
    return list(dict.fromkeys(ids))


def task_of(name):
    """(task id, is the identity) of an official identifier name."""
    return name.split(SEPARATOR)[0], SEPARATOR not in name


def select_rows(identifiers, tasks=None, augmentations=None):
    """Rows of the puzzle-embedding table to keep, in order: 0 (<blank>), then for each kept task
    (every task when `tasks` is None) its identity and its first augmentations-1 augmented rows in
    the identifiers' order (all when `augmentations` is None). Unknown task ids are a ValueError
    naming them."""
    if augmentations is not None and augmentations < 1:
        raise ValueError(f"--augmentations must be at least 1 (the identity), got {augmentations}")
    known = {}
    for i, name in enumerate(identifiers[1:], start=1):
        known.setdefault(task_of(name)[0], []).append(i)
    if tasks is not None:
        unknown = [t for t in tasks if t not in known]
        if unknown:
            shown = ", ".join(unknown[:10]) + (f" and {len(unknown) - 10} more" if len(unknown) > 10 else "")
            raise ValueError(f"--tasks: {len(unknown)} task id(s) not in the identifiers ({len(known)} tasks): {shown}")
    keep = [0]
    for task in (known if tasks is None else tasks):
        rows = known[task]
        identity = [i for i in rows if task_of(identifiers[i])[1]]
        augmented = [i for i in rows if not task_of(identifiers[i])[1]]
        n = len(augmented) if augmentations is None else augmentations - len(identity[:1])
        keep += identity[:1] + augmented[:max(0, n)]
    return sorted(set(keep))


def build(checkpoint, config, task, rows=None):
    """Load an official checkpoint into our TRM (float32, eval mode); `rows`: keep only these rows
    of its puzzle-embedding table (select_rows), in this order."""
    tensors = load_official(checkpoint)
    t = TASKS[task]
    if rows is not None:
        if "puzzle_emb.weights" not in tensors:
            raise CheckpointMismatch("the checkpoint has no puzzle-embedding table to cut")
        key, table = tensors["puzzle_emb.weights"]
        if max(rows) >= table.shape[0]:
            raise CheckpointMismatch(f"{key} has {table.shape[0]} rows, the identifiers name {max(rows) + 1}")
        tensors["puzzle_emb.weights"] = (key, table.index_select(0, torch.tensor(rows, dtype=torch.long)))
    emb = tensors.get("puzzle_emb.weights")
    n_ids = emb[1].shape[0] if emb is not None else 1
    cfg = TRMConfig.from_arch(read_arch(config), seq_len=t["seq_len"], vocab_size=t["vocab_size"],
                              num_puzzle_identifiers=n_ids)
    model = TRM(cfg)
    model.load_state_dict(fit_state_dict(model, tensors))
    return model.eval()


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", required=True, help="official step_N file")
    ap.add_argument("--config", required=True, help="the run's all_config.yaml")
    ap.add_argument("--task", required=True, choices=sorted(TASKS))
    ap.add_argument("--identifiers", help="official identifiers.json (puzzle-id names, ARC)")
    ap.add_argument("--tasks", metavar="FILE|IDS", help="keep only these tasks' puzzle-embedding rows: a file of task ids "
                    "(one per line, a JSON list, or an ARC challenges JSON whose keys are the ids) or a comma-separated list")
    ap.add_argument("--augmentations", type=int, metavar="N", help="keep each kept task's identity and its first N-1 "
                    "augmentations (in the identifiers' order)")
    table = ap.add_mutually_exclusive_group()
    table.add_argument("--external-table", dest="external_table", action="store_true", default=None,
                       help="puzzle-embedding table outside the graph (always for ARC; otherwise when it is large)")
    table.add_argument("--in-graph-table", dest="external_table", action="store_false",
                       help="keep the table inside model.onnx (not for ARC)")
    ap.add_argument("--out", required=True, help="model folder, e.g. models/sudoku-mlp")
    ap.add_argument("--name", help="model name (default: the folder name)")
    ap.add_argument("--precision", choices=["fp32", "int8"], default="fp32", help="int8: quantized copy (tools/quantize_onnx.py)")
    args = ap.parse_args(argv)
    if (args.tasks or args.augmentations is not None) and not args.identifiers:
        ap.error("--tasks and --augmentations need --identifiers (which row is which task)")
    if args.task == "arc" and args.external_table is False:
        ap.error("--in-graph-table: an ARC model's table is always outside the graph")

    training = {
        "source": "official TinyRecursiveModels checkpoint",
        "checkpoint": args.checkpoint,
        "checkpointSha256": sha256_file(args.checkpoint),
        "config": args.config,
    }
    try:
        identifiers, rows = None, None
        if args.identifiers:
            with open(args.identifiers) as f:
                identifiers = json.load(f)
            if not isinstance(identifiers, list) or not all(isinstance(x, str) for x in identifiers) or not identifiers:
                raise ValueError(f"--identifiers: {args.identifiers} is not a JSON list of names")
            training["identifiers"] = args.identifiers
        if args.tasks or args.augmentations is not None:
            tasks = read_task_ids(args.tasks) if args.tasks else None
            rows = select_rows(identifiers, tasks, args.augmentations)
            training["tableCut"] = {"tasks": args.tasks, "augmentations": args.augmentations,
                                    "rowsInCheckpoint": len(identifiers), "rowsKept": len(rows)}
            identifiers = [identifiers[i] for i in rows]
        model = build(args.checkpoint, args.config, args.task, rows)
        if identifiers is not None and len(identifiers) != model.cfg.num_puzzle_identifiers:
            raise ValueError(f"--identifiers names {len(identifiers)} rows, the checkpoint's puzzle-embedding table "
                             f"has {model.cfg.num_puzzle_identifiers}")
        external = args.external_table
        if args.task == "arc" and model.cfg.puzzle_emb_ndim > 0:
            external = True
        m = export(model, args.out, args.task, training, identifiers=identifiers, name=args.name,
                   external_table=external)
    except (CheckpointMismatch, ValueError) as e:
        print(f"convert_official: {args.checkpoint}: {e}", file=sys.stderr)
        return 2
    table = f", puzzle_emb.f32 {m['puzzleTable']['rows']} rows" if "puzzleTable" in m else ""
    print(f"wrote {args.out}: {m['parameters']} parameters, model.onnx {m['onnx']['bytes']} bytes{table}")
    if args.precision != "fp32":
        from quantize_onnx import quantize_folder
        quantize_folder(args.out, args.out, args.precision)
    return 0


if __name__ == "__main__":
    sys.exit(main())
