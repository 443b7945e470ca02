"""
Read a shipped model's weights back out of its model.onnx into a TRM of the same shapes, so a
model can be fine-tuned when only its ONNX export is at hand (train.py --init_weights=DIR).

The export folds and splits weights (gate and up halves, transposes for the ONNX Runtime layout,
tensors deduplicated), so names do not say which tensor came from where. The mapping is found
instead: a probe copy of the model gets every state-dict element a distinct value (its index,
exact in float32), is exported the same way, and each element of each probe initializer then
names the model element it came from. The shipped graph has the same structure, so its
initializers carry the shipped values in the same places. The canvas (seq_len) may differ
between the ONNX file and the model (the convolution mixer's weights do not depend on it): the
probe is exported at the ONNX file's seq_len.

  from onnx_init import load_onnx_weights
  missing = load_onnx_weights(model, "models/maze-conv-30x30")   # names of tensors not found

As a command it writes a checkpoint of a built-in task's model folder, which export_onnx.py
exports again (tools/ship/maze-variant.sh: the same weights on a smaller canvas):

  /usr/bin/python3 tools/onnx_init.py models/maze-conv-30x30 /tmp/maze.pt
  /usr/bin/python3 tools/export_onnx.py --checkpoint /tmp/maze.pt --canvas 12 --out models/maze-conv-12x12 \
      --variant-of maze-conv-30x30
"""

import argparse
import copy
import json
import os
import sys

import numpy as np
import onnx
import torch
from onnx import numpy_helper

from export_onnx import onnx_bytes, read_table
from trm.model import TRM, TRMConfig


def _arrays(proto):
    out = [numpy_helper.to_array(t) for t in proto.graph.initializer]
    for node in proto.graph.node:
        if node.op_type == "Constant" and node.attribute and node.attribute[0].name == "value":
            out.append(numpy_helper.to_array(node.attribute[0].t))
    return out


def load_onnx_weights(model, model_dir, table=True):
    """Copies the weights of model_dir/model.onnx into `model` (in place). Returns the names of
    state-dict tensors it found no value for (empty: every weight came from the file); raises
    ValueError when the file's graph does not match the model's structure. table=False leaves an
    external puzzle-embedding table unread (adapt.py trains new rows only: a converted official
    table is ~2 GB), and `puzzle_emb.weights` is then not reported missing."""
    path = os.path.join(model_dir, "model.onnx") if os.path.isdir(model_dir) else model_dir
    shipped = onnx.load(path)
    seq_len, external = None, False
    for inp in shipped.graph.input:
        if inp.name == "inputs":
            seq_len = inp.type.tensor_type.shape.dim[1].dim_value
        external |= inp.name == "puzzle_emb"        # the table is outside the graph, beside it
    probe_cfg = copy.deepcopy(model.cfg)
    if seq_len:
        probe_cfg.seq_len = seq_len
    if external:
        probe_cfg.num_puzzle_identifiers = 1         # the graph holds no rows: one stands in
    probe = TRM(probe_cfg).float()
    state = {k: v for k, v in probe.state_dict().items() if v.is_floating_point()}
    offsets, total = {}, 0
    for name, tensor in state.items():
        offsets[name] = (total, tensor.numel())
        tensor.copy_(torch.arange(total, total + tensor.numel(), dtype=torch.float32).view_as(tensor))
        total += tensor.numel()
    if total >= 2 ** 24:
        raise ValueError(f"{total} weights: too many to tell apart in float32")
    probe_graph = onnx.load_from_string(onnx_bytes(probe, external=external))
    probe_arrays, shipped_arrays = _arrays(probe_graph), _arrays(shipped)
    if [a.shape for a in probe_arrays] != [a.shape for a in shipped_arrays]:
        raise ValueError(f"{path}: its weights do not have this model's shapes")
    values = np.full(total, np.nan, dtype=np.float64)
    for p, s in zip(probe_arrays, shipped_arrays):
        if not np.issubdtype(p.dtype, np.floating) or p.size < 2:
            continue                                   # shapes, indices, scalar constants
        p = p.astype(np.float64).ravel()
        if not ((p >= 0) & (p < total) & (p == np.round(p))).all() or len(np.unique(p)) != p.size:
            continue                                   # a constant, not a copy of weights
        values[p.astype(np.int64)] = s.astype(np.float64).ravel()
    target = model.state_dict()
    missing = []
    if external and not table:
        del offsets["puzzle_emb.weights"]
    elif external:
        rows, _ = read_table(os.path.dirname(path))
        if tuple(rows.shape) != tuple(target["puzzle_emb.weights"].shape):
            raise ValueError(f"{path}: its puzzle-embedding table is {list(rows.shape)}, the model's "
                             f"{list(target['puzzle_emb.weights'].shape)}")
        target["puzzle_emb.weights"].copy_(torch.from_numpy(np.array(rows)))
        del offsets["puzzle_emb.weights"]
    for name, (start, n) in offsets.items():
        v = values[start:start + n]
        if np.isnan(v).any():
            missing.append(name)
            continue
        target[name].copy_(torch.from_numpy(v).view_as(target[name]).to(target[name].dtype))
    return missing


def read_manifest(model_dir):
    """A model folder's manifest.json."""
    with open(os.path.join(model_dir, "manifest.json")) as f:
        return json.load(f)


def checkpoint_of_model(model_dir):
    """A checkpoint of a built-in task's model folder, as export_onnx.py reads one: its weights
    read back from model.onnx, its manifest's model args, task and training record (training.
    checkpoint names the folder; accuracy left out: figures of one canvas are not another's)."""
    manifest = read_manifest(model_dir)
    if "learnedTask" in manifest or "modelArgs" not in manifest:
        raise SystemExit(f"onnx_init: {model_dir} is not a built-in task's model with modelArgs")
    # an external table may have grown since the export (trm-router adapt appends rows): the
    # manifest's numPuzzleIdentifiers counts them
    model_args = dict(manifest["modelArgs"], num_puzzle_identifiers=manifest["numPuzzleIdentifiers"])
    model = TRM(TRMConfig(**model_args))
    missing = load_onnx_weights(model, model_dir)
    if missing:
        raise SystemExit(f"onnx_init: no value in {model_dir}/model.onnx for {', '.join(missing)}")
    training = {**manifest.get("training", {}), "checkpoint": os.path.normpath(model_dir)}
    return {"model": model.state_dict(), "model_args": model_args, "task": manifest["task"],
            "training": training, "accuracy": None}


def main(argv=None):
    ap = argparse.ArgumentParser(description="Write a checkpoint of a shipped model folder (weights read back "
                                 "from its model.onnx) for export_onnx.py --checkpoint.")
    ap.add_argument("model_dir")
    ap.add_argument("out", help="the checkpoint file (.pt)")
    args = ap.parse_args(argv)
    torch.save(checkpoint_of_model(args.model_dir), args.out)
    print(f"wrote {args.out} from {args.model_dir}/model.onnx")


if __name__ == "__main__":
    sys.exit(main())
