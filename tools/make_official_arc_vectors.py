"""
Official-code ARC vectors: data/vectors/official-trm/arc-att-d64/ (see its README).

  git --git-dir=PATH/TO/TinyRecursiveModels.git archive HEAD models dataset evaluators | tar -x -C /tmp/trm-official
  /usr/bin/python3 tools/make_official_arc_vectors.py --official /tmp/trm-official

Builds the official TinyRecursiveReasoningModel_ACTV1 (models/recursive_reasoning/trm.py, imported
from --official: none of its code is copied here) with an ARC configuration (30x30 canvas, V = 12,
attention with RoPE, D = 64), random weights including random puzzle-embedding rows and Q head
(the official init zeroes both, which would test nothing), and saves:

- step_0: the state dict as the official pretrain.py saves it (`_orig_mod.model.` prefixes),
  every tensor in bfloat16 as official runs store them;
- all_config.yaml: the run's `arch:` section;
- identifiers.json: the official identifiers file, 4 tasks x (identity + 4 augmentations named by
  the official dataset/build_arc_dataset.py `aug`) + <blank>: 21 rows;
- reference.json: the official model's outputs, run in float64 over halt_max_steps supervision
  steps (eval mode: every step), on the test input 0 of the 3 tasks the parity conversion keeps
  (`--tasks KEEP --augmentations 4`), under each kept augmentation, encoded by the official
  dataset code; per step `tokens`, `qHalt`, `logits_sample`; and per sample what the official
  evaluator (evaluators/arc.py) would vote with after the last step: its crop of the prediction
  mapped back by the official `inverse_aug`, and sigmoid(q_halt).

The official code runs on CPU under torch 1.13 with shims for what it imports but this machine
lacks (einops.rearrange, pydantic.BaseModel, argdantic, numba.njit, nn.Buffer,
torch.optim.optimizer.ParamsT, a bare @torch.no_grad, F.scaled_dot_product_attention: plain softmax(QK^T/sqrt(d))V), and
its rms_norm, which computes in float32 whatever the input, is run in the input's dtype so that
the reference is float64 throughout (the yardstick of docs/trm-onnx.md "Why the float64 yardstick").
"""

import argparse
import json
import math
import os
import sys
import types
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "data" / "vectors" / "official-trm" / "arc-att-d64"
ARC = REPO / "data" / "arc" / "arc-agi-1_training_challenges.json"
TASKS = ["007bbfb7", "00d62c1b", "017c7c7b", "025d127b"]   # in the checkpoint
KEEP = ["007bbfb7", "017c7c7b", "025d127b"]                # what the parity conversion keeps
AUGMENTATIONS = 4                                          # per task in the checkpoint, besides the identity
KEEP_AUGMENTATIONS = 4                                     # identity + the first 3 of the 4
INIT_SCALE = 0.1    # H_init, L_init (official: std 1)
BLOCK_SCALE = 0.5   # the blocks' weights (official: LeCun normal), as in tools/make_fixtures.py
COPY = 1.0          # lm_head += COPY * sqrt(D) * token embedding
ARCH = dict(
    name="recursive_reasoning.trm@TinyRecursiveReasoningModel_ACTV1",
    loss=dict(name="losses@ACTLossHead", loss_type="stablemax_cross_entropy"),
    halt_exploration_prob=0.1, halt_max_steps=4, H_cycles=2, L_cycles=2, H_layers=0, L_layers=2,
    hidden_size=64, num_heads=4, expansion=4, puzzle_emb_ndim=64, pos_encodings="rope",
    forward_dtype="bfloat16", mlp_t=False, puzzle_emb_len=16, no_ACT_continue=True,
    rope_theta=10000.0, rms_norm_eps=1e-05,
)


def shim():
    """What the official code imports and torch 1.13 / this machine lacks."""
    einops = types.ModuleType("einops")

    def rearrange(t, pattern):
        assert pattern in ("B S H D -> B H S D", "B H S D -> B S H D"), pattern
        return t.transpose(1, 2)
    einops.rearrange = rearrange
    sys.modules["einops"] = einops

    pydantic = types.ModuleType("pydantic")

    class BaseModel:
        def __init__(self, **kw):
            hints = {}
            for klass in reversed(type(self).__mro__):
                hints.update(getattr(klass, "__annotations__", {}))
            for k in hints:
                if k in kw:
                    setattr(self, k, kw.pop(k))
                elif not hasattr(type(self), k):
                    raise TypeError(f"{type(self).__name__}: missing {k}")
            for k, v in kw.items():   # pydantic ignores extra keys by default
                pass
    pydantic.BaseModel = BaseModel
    sys.modules["pydantic"] = pydantic

    argdantic = types.ModuleType("argdantic")

    class ArgParser:
        def __getattr__(self, name):
            return lambda *a, **k: (lambda f: f)
    argdantic.ArgParser = ArgParser
    sys.modules["argdantic"] = argdantic

    numba = types.ModuleType("numba")
    numba.njit = lambda f=None, **k: f if f is not None else (lambda g: g)
    sys.modules["numba"] = numba

    if not hasattr(nn, "Buffer"):
        class Buffer:
            def __init__(self, data, persistent=True):
                self.data, self.persistent = data, persistent
        setattr_ = nn.Module.__setattr__

        def module_setattr(self, name, value):
            if isinstance(value, Buffer):
                self.register_buffer(name, value.data, persistent=value.persistent)
            else:
                setattr_(self, name, value)
        nn.Buffer = Buffer
        nn.Module.__setattr__ = module_setattr
    try:
        torch.no_grad(lambda: None)
    except TypeError:  # torch < 2: no bare @torch.no_grad decorator (the official optimizer uses one)
        base = torch.no_grad

        class no_grad(base):
            def __init__(self, func=None):
                super().__init__()
                self.func = func

            def __call__(self, *a, **k):
                if self.func is None:
                    return super().__call__(*a, **k)
                with base():
                    return self.func(*a, **k)
        torch.no_grad = no_grad
    import torch.optim.optimizer as optimizer
    if not hasattr(optimizer, "ParamsT"):
        optimizer.ParamsT = object
    if not hasattr(F, "scaled_dot_product_attention"):
        def sdpa(query, key, value, is_causal=False):
            assert not is_causal
            att = (query @ key.transpose(-2, -1)) * (1.0 / math.sqrt(query.shape[-1]))
            # laid out [B, S, H, D] in memory, as torch's fused kernels return it (the official
            # code's .view after rearranging back relies on that)
            return (att.softmax(dim=-1) @ value).transpose(1, 2).contiguous().transpose(1, 2)
        F.scaled_dot_product_attention = sdpa


def rms_norm_same_dtype(hidden_states, variance_epsilon):
    """The official rms_norm without its float32 round trip (float64 stays float64)."""
    variance = hidden_states.square().mean(-1, keepdim=True)
    return hidden_states * torch.rsqrt(variance + variance_epsilon)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--official", required=True, help="a checkout of SamsungSAILMontreal/TinyRecursiveModels")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    shim()
    sys.path.insert(0, os.path.abspath(args.official))
    import dataset.build_arc_dataset as build_arc
    import evaluators.arc as evaluator
    import models.recursive_reasoning.trm as trm

    # identifiers as the official build names them: per task the original, then augmentations
    np.random.seed(0)
    challenges = json.loads(ARC.read_text())
    identifiers, maps = ["<blank>"], {}
    for task in TASKS:
        identifiers.append(task)
        maps[task] = lambda g: g
        names = set()
        while len(names) < AUGMENTATIONS:
            name, fn = build_arc.aug(task)
            if name in names or name.split("|||")[1] == "t0" and name.endswith("0123456789"):
                continue
            names.add(name)
            identifiers.append(name)
            maps[name] = fn

    D = ARCH["hidden_size"]
    cfg = {k: v for k, v in ARCH.items() if k not in ("name", "loss")}
    cfg.update(batch_size=16, seq_len=900, vocab_size=12, num_puzzle_identifiers=len(identifiers))
    torch.manual_seed(0)
    model = trm.TinyRecursiveReasoningModel_ACTV1(cfg)
    inner = model.inner
    with torch.no_grad():
        rows = torch.randn(len(identifiers), ARCH["puzzle_emb_ndim"]) / math.sqrt(D)
        rows[0] = 0  # <blank>
        inner.puzzle_emb.weights.copy_(rows)
        inner.q_head.weight.copy_(torch.randn(2, D) / math.sqrt(D))
        inner.q_head.bias.zero_()
        # so that predictions depend on the input (with the official init every cell of this
        # random model predicts one token): blocks at half scale, smaller start latents, and an
        # lm_head that partly reads the token embedding back. The answer is then a noisy copy of
        # the input (about 90% of the grid cells at the last step), and augmentations mapped back
        # agree in part: votes with counts above 1, and ties broken by halting probability
        for p in inner.L_level.parameters():
            p.mul_(BLOCK_SCALE)
        inner.H_init.mul_(INIT_SCALE)
        inner.L_init.mul_(INIT_SCALE)
        inner.lm_head.weight.add_(COPY * inner.embed_tokens.embedding_weight * math.sqrt(D))
    state = {f"_orig_mod.model.{k}": v.detach().to(torch.bfloat16).clone() for k, v in model.state_dict().items()}

    # the reference run: the same (bf16-valued) weights, float64 everywhere
    cfg64 = dict(cfg, forward_dtype="float64")
    ref_model = trm.TinyRecursiveReasoningModel_ACTV1(cfg64)
    ref_model.load_state_dict({k[len("_orig_mod.model."):]: v.double() for k, v in state.items()})
    ref_model = ref_model.double().eval()
    trm.rms_norm = rms_norm_same_dtype

    # samples: test input 0 of each kept task under each kept augmentation, identifiers' order
    kept = [i for i, n in enumerate(identifiers) if i == 0 or n.split("|||")[0] in KEEP]
    per_task = {}
    for i in kept[1:]:
        per_task.setdefault(identifiers[i].split("|||")[0], []).append(i)
    kept = [0] + [i for t in KEEP for i in per_task[t][:KEEP_AUGMENTATIONS]]
    samples = [i for i in kept if i != 0]
    inputs = []
    for i in samples:
        name = identifiers[i]
        grid = build_arc.arc_grid_to_np(challenges[name.split("|||")[0]]["test"][0]["input"])
        aug_grid = maps[name](grid)
        seq, _ = build_arc.np_grid_to_seq_translational_augment(aug_grid, aug_grid, do_translation=False)
        inputs.append(seq.astype(np.int64).tolist())

    batch = {"inputs": torch.tensor(inputs), "puzzle_identifiers": torch.tensor(samples)}  # int64: torch 1.13 indexes with no int32
    carry = ref_model.initial_carry(batch)
    carry.inner_carry.z_H.zero_()   # empty() memory: reset on the first step anyway
    carry.inner_carry.z_L.zero_()
    steps = []
    with torch.no_grad():
        for _ in range(ARCH["halt_max_steps"]):
            carry, out = ref_model(carry, batch)
            logits = out["logits"].double()
            steps.append({"tokens": logits.argmax(-1).tolist(),
                          "qHalt": out["q_halt_logits"].double().tolist(),
                          "logits_sample": logits[:, :3].tolist()})
    assert bool(carry.halted.all()), "eval mode runs exactly halt_max_steps steps"

    # what the official evaluator votes with: crop, inverse augmentation, sigmoid(q_halt)
    preds = logits.argmax(-1).numpy().astype(np.uint8)
    q = torch.tensor(steps[-1]["qHalt"], dtype=torch.float64).sigmoid().tolist()
    same = (preds == np.array(inputs)).mean()
    print(f"last step: {same:.3f} of the cells predict their input token")
    votes = []
    for b, i in enumerate(samples):
        orig, inverse = build_arc.inverse_aug(identifiers[i])
        pred = inverse(evaluator._crop(preds[b]))
        votes.append({"task": orig, "identifier": identifiers[i], "grid": np.asarray(pred).tolist(), "q": q[b]})

    args.out.mkdir(parents=True, exist_ok=True)
    torch.save(state, args.out / "step_0")
    import yaml
    (args.out / "all_config.yaml").write_text(yaml.safe_dump({"arch": ARCH}, sort_keys=False))
    (args.out / "identifiers.json").write_text(json.dumps(identifiers) + "\n")
    renumber = {old: new for new, old in enumerate(kept)}
    ref = {
        "about": "official TinyRecursiveModels outputs (float64), tools/make_official_arc_vectors.py",
        "tasks": KEEP, "augmentations": KEEP_AUGMENTATIONS,
        "names": [identifiers[i] for i in samples],
        "checkpointIdentifiers": samples,
        "puzzleIdentifiers": [renumber[i] for i in samples],
        "inputs": inputs,
        "steps": steps,
        "votes": votes,
    }
    (args.out / "reference.json").write_text(json.dumps(ref, separators=(",", ":")) + "\n")
    n_params = sum(t.numel() for t in state.values())
    print(f"wrote {args.out}: {n_params} parameters, {len(identifiers)} identifiers, {len(samples)} samples, "
          f"q_halt at the last step {[round(x, 3) for x in steps[-1]['qHalt']]}")


if __name__ == "__main__":
    sys.exit(main())
