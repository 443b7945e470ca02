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
"""

import argparse
import hashlib
import json
import sys

import torch
import yaml  # python3-yaml, a dependency of Debian's python3-torch

from export_onnx import TASKS, export
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


def build(checkpoint, config, task):
    """Load an official checkpoint into our TRM (float32, eval mode)."""
    tensors = load_official(checkpoint)
    t = TASKS[task]
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
    ap.add_argument("--out", required=True, help="model folder, e.g. models/sudoku-mlp")
    ap.add_argument("--name", help="model name (default: the folder name)")
    ap.add_argument("--precision", choices=["fp32", "int8"], default="fp32", help="int8: quantized copy (tools/quantize_onnx.py)")
    args = ap.parse_args(argv)

    training = {
        "source": "official TinyRecursiveModels checkpoint",
        "checkpoint": args.checkpoint,
        "checkpointSha256": sha256_file(args.checkpoint),
        "config": args.config,
    }
    try:
        model = build(args.checkpoint, args.config, args.task)
        identifiers = None
        if args.identifiers:
            with open(args.identifiers) as f:
                identifiers = json.load(f)
        m = export(model, args.out, args.task, training, identifiers=identifiers, name=args.name)
    except (CheckpointMismatch, ValueError) as e:
        print(f"convert_official: {args.checkpoint}: {e}", file=sys.stderr)
        return 2
    print(f"wrote {args.out}: {m['parameters']} parameters, model.onnx {m['onnx']['bytes']} bytes")
    if args.precision != "fp32":
        from quantize_onnx import quantize_folder
        quantize_folder(args.out, args.out, args.precision)
    return 0


if __name__ == "__main__":
    sys.exit(main())
