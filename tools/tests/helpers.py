"""Shared by the tests: run a model for reference.json's steps, read the official vectors."""
import json
import os
import shutil
import subprocess

import pytest
import torch

from conftest import OFFICIAL, REPO, TOOLS


def official(name):
    d = OFFICIAL / name
    return d, json.loads((d / "reference.json").read_text())


def encode(puzzles):
    return torch.tensor([[1 if c == "." else int(c) + 1 for c in p] for p in puzzles])


def run_steps(model, puzzles, steps, ids=None, dtype=torch.float32):
    """Supervision steps from a reset, carrying latents: [(logits, q_halt)] in float64."""
    m = model.to(dtype)
    x = encode(puzzles)
    B = len(puzzles)
    ids = torch.zeros(B, dtype=torch.long) if ids is None else torch.tensor(ids)
    z_H, z_L = (z.to(dtype) for z in m.initial_latents(B))
    out = []
    with torch.no_grad():
        for i in range(steps):
            logits, q, z_H, z_L = m.step(x, ids, z_H, z_L, torch.full((B,), i == 0))
            out.append((logits.double(), q.double()))
    model.float()
    return out


def ort_node_modules():
    """A node_modules holding onnxruntime-node: $TRM_ORT_NODE_MODULES, else the repo's own, else skip."""
    path = os.environ.get("TRM_ORT_NODE_MODULES")
    if not path and (REPO / "node_modules" / "onnxruntime-node").exists():
        path = str(REPO / "node_modules")
    if not path or not shutil.which("node"):
        pytest.skip("no onnxruntime-node (set TRM_ORT_NODE_MODULES to a node_modules that has it)")
    return path


def onnx_steps_in_node(model_dir, reference):
    """Run model.onnx in onnxruntime-node on reference.json's puzzles: its steps, same format."""
    env = dict(os.environ, NODE_PATH=ort_node_modules())
    p = subprocess.run(["node", str(TOOLS / "check_onnx.mjs"), str(model_dir), str(reference), "--json"],
                       capture_output=True, text=True, env=env, timeout=120)
    assert p.stdout.strip(), p.stderr
    return json.loads(p.stdout)["steps"]


def steps_as_reference(outputs):
    """PyTorch outputs in reference.json's step format (plus the top-2 margin per cell)."""
    steps = []
    for logits, q in outputs:
        top2 = logits.topk(2, dim=-1).values
        steps.append({"tokens": logits.argmax(-1).tolist(), "qHalt": q.tolist(),
                      "logits_sample": logits[:, :3].tolist(), "margin": (top2[..., 0] - top2[..., 1]).tolist()})
    return steps


def differences(got, ref):
    """Per step: max |d q_halt|, max |d logits_sample|, and the cells whose argmax differs."""
    out = []
    for g, r in zip(got, ref):
        dq = (torch.tensor(g["qHalt"]) - torch.tensor(r["qHalt"])).abs().max().item()
        dl = (torch.tensor(g["logits_sample"]) - torch.tensor(r["logits_sample"])).abs().max().item()
        cells = (torch.tensor(g["tokens"]) != torch.tensor(r["tokens"])).nonzero().tolist()
        out.append((dq, dl, cells))
    return out
