"""
Tiny random-weight TRMs and their reference outputs, for the TypeScript runtime's parity tests.

  /usr/bin/python3 tools/make_fixtures.py            # writes test/fixtures/trm/<name>/
  /usr/bin/python3 tools/make_fixtures.py --check    # regenerate in a temp dir, compare, exit 1 on drift

Each fixture folder holds model.onnx + manifest.json (the trm-onnx/1 contract) and reference.json:
  puzzles, inputs (token ids), puzzleIdentifiers, and per supervision step (reset on step 1,
  latents carried after) tokens (argmax), qHalt, logits_sample (first 3 cells, [puzzle][cell][vocab]),
  maxAbsLogit, minTopMargin (smallest top-1 minus top-2 logit gap) and fp32Spread (largest
  difference between a float32 and a float64 run, i.e. what rounding alone moves).
The reference numbers come from the float64 PyTorch run, so they do not depend on the BLAS.
Weights come from numpy's legacy RandomState, whose stream is frozen across numpy versions.
"""

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np
import torch

from export_onnx import export
from trm.model import TRM, TRMConfig

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "test" / "fixtures" / "trm"
STEPS = 6                  # supervision steps in reference.json
TOL = 1e-5                 # --check: allowed drift of any reference number
GAIN = 0.5                 # block weights at half the LeCun scale: at full scale the random
                           # MLP-mixer recursion is chaotic (float32 rounding grows ~8x per step)
# the first 4 puzzles of data/sudoku/magictour_top1465.txt ('.' = blank)
PUZZLES = [
    "4...3.......6..8..........1....5..9..8....6...7.2........1.27..5.3....4.9........",
    "7.8...3.....2.1...5.........4.....263...8.......1...9..9.6....4....7.5...........",
    "7.8...3.....6.1...5.........4.....263...8.......1...9..9.2....4....7.5...........",
    "3.7.4...........918........4.....7.....16.......25..........38..9....5...2.6.....",
]
PUZZLE_IDS = [0, 1, 0, 1]  # two trained puzzle embeddings, so the id lookup is exercised
COMMON = dict(seq_len=81, vocab_size=11, num_puzzle_identifiers=2, hidden_size=32, num_heads=2,
              expansion=2.0, L_layers=2, puzzle_emb_ndim=32, puzzle_emb_len=16,
              H_cycles=2, L_cycles=3, halt_max_steps=STEPS)
FIXTURES = {  # name: (config, seed); seeds picked for q_halt crossing 0 and no near-tie argmax
    "sudoku-mlp-tiny": (dict(COMMON, mlp_t=True, pos_encodings="none"), 2),
    "sudoku-att-tiny": (dict(COMMON, mlp_t=False, pos_encodings="rope"), 2),
    # the convolution token mixer (conv_kernel, our maze extension) on the 9 x 9 grid
    "sudoku-conv-tiny": (dict(COMMON, mlp_t=False, conv_kernel=3, pos_encodings="none", puzzle_emb_len=1), 3),
}


def encode(puzzle):
    return [1 if c == "." else int(c) + 1 for c in puzzle]


def random_init(model, seed):
    """Fill every saved tensor from one seeded stream, in name order (truncated normals at 2 sigma)."""
    rng = np.random.RandomState(seed)
    D = model.cfg.hidden_size
    with torch.no_grad():
        for name, t in sorted(model.state_dict().items()):
            if name in ("H_init", "L_init"):
                std = 1.0
            elif name.endswith("bias"):
                std = 0.1
            elif name.endswith("embedding_weight") or name == "puzzle_emb.weights":
                std = D ** -0.5
            elif name.endswith("conv_t.weight"):
                std = GAIN / t.shape[-1]              # depthwise k x k: fan_in k * k
            elif name.endswith("proj.weight"):
                std = GAIN * t.shape[1] ** -0.5       # block weights, LeCun scaled down
            else:
                std = t.shape[1] ** -0.5              # LeCun: 1 / sqrt(fan_in)
            x = np.clip(rng.standard_normal(t.shape), -2, 2) * std
            t.copy_(torch.from_numpy(x))
    return model


def run_steps(model, dtype):
    """STEPS supervision steps on PUZZLES: reset first, then carry the latents."""
    m = model.to(dtype)
    x = torch.tensor([encode(p) for p in PUZZLES])
    ids = torch.tensor(PUZZLE_IDS)
    B = len(PUZZLES)
    z_H, z_L = (z.to(dtype) for z in m.initial_latents(B))
    out = []
    with torch.no_grad():
        for i in range(STEPS):
            logits, q_halt, z_H, z_L = m.step(x, ids, z_H, z_L, torch.full((B,), i == 0))
            out.append((logits.double(), q_halt.double()))
    model.float()
    return out


def r(x):
    return float(f"{x:.8g}")  # 8 significant digits: far below TOL, stable file bytes


def reference(model):
    exact, single = run_steps(model, torch.float64), run_steps(model, torch.float32)
    steps = []
    for (logits, q), (logits32, q32) in zip(exact, single):
        top2 = logits.topk(2, dim=-1).values
        spread = max((logits - logits32).abs().max().item(), (q - q32).abs().max().item())
        steps.append({
            "tokens": logits.argmax(-1).tolist(),
            "qHalt": [r(v) for v in q.tolist()],
            "logits_sample": [[[r(v) for v in cell] for cell in p] for p in logits[:, :3].tolist()],
            "maxAbsLogit": r(logits.abs().max().item()),
            "minTopMargin": r((top2[..., 0] - top2[..., 1]).min().item()),
            "fp32Spread": r(spread),
        })
    worst = max(s["fp32Spread"] for s in steps)
    margin = min(s["minTopMargin"] for s in steps)
    # a fixture must be well conditioned, or parity in float32 would be noise
    assert worst < TOL / 2, f"float32 and float64 differ by {worst}: fixture is ill-conditioned"
    assert margin > 100 * worst, f"an argmax is a near tie ({margin}): pick another seed in FIXTURES"
    return {
        "puzzles": PUZZLES,
        "inputs": [encode(p) for p in PUZZLES],
        "puzzleIdentifiers": PUZZLE_IDS,
        "encoding": "sudoku: 0 PAD, 1 blank, digit d -> d + 1",
        "steps": steps,
    }


def to_json(v, indent=""):
    """JSON with one line per list of numbers: readable diffs, stable bytes."""
    inner = indent + "  "
    if isinstance(v, dict):
        items = [f"{inner}{json.dumps(k)}: {to_json(x, inner)}" for k, x in v.items()]
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    if isinstance(v, list) and any(isinstance(x, (list, dict)) for x in v):
        return "[\n" + ",\n".join(inner + to_json(x, inner) for x in v) + "\n" + indent + "]"
    return json.dumps(v)


def build(name):
    args, seed = FIXTURES[name]
    return random_init(TRM(TRMConfig(**args)), seed).eval()


def write_all(out_dir):
    for name in FIXTURES:
        model = build(name)
        training = {"source": "random-init test fixture", "generator": "tools/make_fixtures.py",
                    "seed": FIXTURES[name][1], "weightGain": GAIN}
        export(model, out_dir / name, "sudoku", training, name=name)
        with open(out_dir / name / "reference.json", "w") as f:
            f.write(to_json(reference(model)) + "\n")
        print(f"wrote {out_dir / name}: {model.num_params()} parameters")


def diff_json(a, b, path=""):
    """Differences between two JSON values: numbers within TOL, everything else equal."""
    if isinstance(a, dict) and isinstance(b, dict):
        if a.keys() != b.keys():
            return [f"{path}: keys {sorted(a.keys() ^ b.keys())}"]
        return [d for k in a for d in diff_json(a[k], b[k], f"{path}.{k}")]
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [f"{path}: length {len(a)} vs {len(b)}"]
        return [d for i, (x, y) in enumerate(zip(a, b)) for d in diff_json(x, y, f"{path}[{i}]")]
    if isinstance(a, float) or isinstance(b, float):
        if isinstance(a, (int, float)) and isinstance(b, (int, float)) and abs(a - b) <= TOL:
            return []
    elif a == b:
        return []
    return [f"{path}: {a!r} vs {b!r}"]


def check(committed):
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        write_all(Path(tmp))
        for name in FIXTURES:
            for file in ("reference.json", "manifest.json"):
                new = json.loads((Path(tmp) / name / file).read_text())
                old_path = committed / name / file
                if not old_path.exists():
                    problems.append(f"{old_path} missing")
                    continue
                old = json.loads(old_path.read_text())
                if file == "manifest.json":  # the graph bytes may differ between torch versions
                    old.pop("onnx"), new.pop("onnx")
                problems += [f"{name}/{file}{d}" for d in diff_json(old, new)]
            same = (Path(tmp) / name / "model.onnx").read_bytes() == (committed / name / "model.onnx").read_bytes()
            print(f"{name}: model.onnx {'identical' if same else 'differs in bytes (numbers checked above)'}")
    for p in problems[:20]:
        print("drift:", p)
    print(f"{len(problems)} differences beyond {TOL}" if problems else "fixtures up to date")
    return 1 if problems else 0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="compare a fresh build with the committed fixtures")
    ap.add_argument("--out", type=Path, default=OUT,
                    help="fixture folder to write, or with --check to compare (default test/fixtures/trm)")
    args = ap.parse_args(argv)
    if args.check:
        return check(args.out)
    write_all(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
