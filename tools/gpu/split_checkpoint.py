"""
Split a checkpoint into parts of at most --part-mib MiB, so it can leave a machine that only
returns small files; tools/gpu/join_checkpoint.py puts it back together.

  python3 tools/gpu/split_checkpoint.py out/gpu/ckpt.pt OUT_DIR [--slim|--resumable] [--part-mib 16] [--max-total-mib 48]

--slim keeps what export needs and drops what only a resume needs: the weights become the EMA
weights (`model`), optimizer, carries and RNG streams are dropped; when the slim checkpoint is
still larger than --max-total-mib its floating-point weights are stored as bfloat16 (export
reads them back as float32). --resumable keeps what `train.py --resume` needs (weights, EMA,
optimizer, RNG streams, step and time) and drops only the slots' carries (a resume draws new
puzzles for its slots); when that is larger than --max-total-mib the optimizer's moments are
stored as bfloat16 (the optimizer casts them back to float32 when it loads them), and when it is
still larger it exits with status 3, so the caller can fall back to --slim. OUT_DIR gets ckpt.pt.part000, ... and ckpt.index.json (sizes and
sha256 of the parts and of the whole).
"""

import argparse
import copy
import hashlib
import io
import json
import os
import sys

import torch

MiB = 1 << 20


def slim(ckpt, max_total_bytes):
    weights = ckpt.get("ema") or ckpt["model"]
    out = {k: ckpt.get(k) for k in ("model_args", "step", "config", "data_seed", "task", "task_spec", "training", "accuracy",
                                    "identifiers")}   # identifiers: an ARC run names its puzzle-embedding rows
    out.update(model=weights, ema=None, slim=True, training=dict(ckpt.get("training") or {}, weights="ema"))

    def size(obj):
        buf = io.BytesIO()
        torch.save(obj, buf)
        return buf.getvalue()

    data = size(out)
    if len(data) > max_total_bytes:
        out["model"] = {k: v.to(torch.bfloat16) if v.is_floating_point() else v for k, v in weights.items()}
        out["training"]["weightsDtype"] = "bfloat16"
        data = size(out)
    return data


def resumable(ckpt, max_total_bytes):
    out = dict(ckpt, carries=None, resumable=True)

    def size(obj):
        buf = io.BytesIO()
        torch.save(obj, buf)
        return buf.getvalue()

    data = size(out)
    if len(data) > max_total_bytes and out.get("optimizer"):
        opt = copy.deepcopy(out["optimizer"])
        for state in opt.get("state", {}).values():
            for k, v in state.items():
                if torch.is_tensor(v) and v.is_floating_point() and v.dim() > 0:
                    state[k] = v.to(torch.bfloat16)
        out["optimizer"] = opt
        out["training"] = dict(out.get("training") or {}, optimizerMomentsDtype="bfloat16")
        data = size(out)
    return data if len(data) <= max_total_bytes else None


def split(data, out_dir, part_bytes, name="ckpt.pt"):
    os.makedirs(out_dir, exist_ok=True)
    parts = []
    for i in range(0, max(len(data), 1), part_bytes):
        chunk = data[i:i + part_bytes]
        part = f"{name}.part{len(parts):03d}"
        with open(os.path.join(out_dir, part), "wb") as f:
            f.write(chunk)
        parts.append({"name": part, "bytes": len(chunk), "sha256": hashlib.sha256(chunk).hexdigest()})
    index = {"file": name, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest(), "parts": parts}
    with open(os.path.join(out_dir, f"{name}.index.json"), "w") as f:
        json.dump(index, f, indent=2)
        f.write("\n")
    return index


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("checkpoint")
    ap.add_argument("out_dir")
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--slim", action="store_true", help="EMA weights and metadata only (not resumable)")
    mode.add_argument("--resumable", action="store_true", help="all train.py --resume needs but the carries")
    ap.add_argument("--part-mib", type=float, default=16.0)
    ap.add_argument("--max-total-mib", type=float, default=48.0, help="above this, store bf16 (--slim: weights, --resumable: optimizer moments)")
    args = ap.parse_args(argv)
    if args.slim:
        data = slim(torch.load(args.checkpoint, map_location="cpu"), int(args.max_total_mib * MiB))
    elif args.resumable:
        data = resumable(torch.load(args.checkpoint, map_location="cpu"), int(args.max_total_mib * MiB))
        if data is None:
            print(f"split_checkpoint: a resumable checkpoint is over {args.max_total_mib} MiB even with bf16 moments",
                  file=sys.stderr)
            return 3
    else:
        with open(args.checkpoint, "rb") as f:
            data = f.read()
    index = split(data, args.out_dir, int(args.part_mib * MiB))
    print(f"wrote {len(index['parts'])} part(s), {index['bytes']} bytes, to {args.out_dir}")


if __name__ == "__main__":
    sys.exit(main())
