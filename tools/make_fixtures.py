"""
Tiny random-weight TRMs and their reference outputs, for the TypeScript runtime's parity tests.

  /usr/bin/python3 tools/make_fixtures.py            # writes test/fixtures/trm/<name>/ and
                                                     # test/fixtures/learned/encoding-vectors.json
  /usr/bin/python3 tools/make_fixtures.py --check    # regenerate in a temp dir, compare, exit 1 on drift

Each fixture folder holds model.onnx + manifest.json (the trm-onnx/1 contract) and reference.json:
  puzzles, inputs (token ids), puzzleIdentifiers, and per supervision step (reset on step 1,
  latents carried after) tokens (argmax), qHalt, logits_sample (first 3 cells, [puzzle][cell][vocab]),
  maxAbsLogit, minTopMargin (smallest top-1 minus top-2 logit gap) and fp32Spread (largest
  difference between a float32 and a float64 run, i.e. what rounding alone moves).
The reference numbers come from the float64 PyTorch run, so they do not depend on the BLAS.
Weights come from numpy's legacy RandomState, whose stream is frozen across numpy versions.

test/fixtures/learned/encoding-vectors.json: the learned-task encoding (tasks.py) for the
TypeScript codec: {spec, canvas {rows, cols}, seqLen, vocabSize, cases: [{grid, tokens}],
augmented: [{grid, tid, perm, grid_out, tokens_out}]} for the official ARC layout (N = 30,
K = 10: encodeArcGrid's tokens), and the same under moreSpecs (a list) for N < 30, K < 10 and a
symbols alphabet (whose grids are strings; `colours` gives them as colour indices). augmented:
dihedral transform tid (official numbering) and colour map perm (perm[c] = new colour of c,
perm[0] = 0) applied to the grid, as train.py's augmentation does it on tokens.
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

import tasks
from export_onnx import export
from trm.model import TRM, TRMConfig

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "test" / "fixtures" / "trm"
LEARNED = REPO / "test" / "fixtures" / "learned" / "encoding-vectors.json"
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


# -----------------------------------------------------------------------------
# learned-task encoding vectors

LEARNED_SETS = [  # (spec, case grid sizes, augmented: (grid size, [(tid, permute colours?)]))
    ({"name": "arc-official", "description": "The official ARC layout: N = 30, K = 10 (encodeArcGrid).",
      "maxGrid": {"rows": 30, "cols": 30}, "alphabet": {"colours": 10}, "sameSize": False,
      "augmentations": ["dihedral", "colours"]},
     [(3, 3), (6, 3), (1, 30), (30, 1), (30, 30), (14, 9)],
     ((3, 5), [(t, True) for t in range(8)])),
    ({"name": "fill-enclosed", "description": "Fill every background region enclosed by colour 3 with colour 4.",
      "maxGrid": {"rows": 14, "cols": 14}, "alphabet": {"colours": 10}, "sameSize": True,
      "augmentations": ["dihedral"]},
     [(14, 14), (1, 1), (3, 5), (14, 2), (7, 14)],
     ((4, 14), [(1, False), (4, False), (6, False), (7, False)])),
    ({"name": "recolour-small", "description": "Recolour every 1 to 2.",
      "maxGrid": {"rows": 5, "cols": 8}, "alphabet": {"colours": 3}, "sameSize": True,
      "augmentations": ["colours"]},
     [(5, 8), (2, 2), (5, 1), (1, 8)],
     ((5, 8), [(0, True), (0, True), (2, True)])),
    ({"name": "symbol-paths", "description": "Mark the path between the two x with o.",
      "maxGrid": {"rows": 6, "cols": 6}, "alphabet": {"symbols": [".", "#", "o", "x"]}, "sameSize": False,
      "augmentations": ["dihedral", "colours"]},
     [(2, 3), (1, 1), (6, 6), (6, 4)],
     ((2, 6), [(t, True) for t in (0, 1, 3, 5, 7)])),
]


def learned_vectors():
    rng = np.random.RandomState(7)
    sets = []
    for spec, sizes, (aug_size, augs) in LEARNED_SETS:
        task = tasks.LearnedTask(spec)
        K, N, symbols = task.colours, task.side, task.symbols

        def shown(g):  # a grid as a data file holds it
            return ["".join(symbols[v] for v in row) for row in g] if symbols else g

        def grid(size):
            return rng.randint(0, K, size).tolist()

        cases = []
        for size in sizes:
            g = grid(size)
            case = {"grid": shown(g), "tokens": tasks.encode_grid(g, N).tolist()}
            if symbols:
                case["colours"] = g
            cases.append(case)
        augmented = []
        g = grid(aug_size)
        tokens = tasks.encode_grid(g, N).view(1, -1)
        for tid, recolour in augs:
            perm = tasks.colour_permutations(1, K, torch.Generator().manual_seed(int(rng.randint(1 << 30))))
            if not recolour:
                perm = torch.arange(K).view(1, K)
            out = tasks.apply_colours(tasks.apply_dihedral(tokens, torch.tensor([aug_size]), torch.tensor([tid])), perm)
            R, C = aug_size if tid in (0, 2, 4, 5) else aug_size[::-1]
            g_out = tasks.decode_grid(out[0], R, C).tolist()
            augmented.append({"grid": shown(g), "tid": tid, "perm": perm[0].tolist(), "grid_out": shown(g_out),
                              "tokens_out": out[0].tolist()})
        sets.append({"spec": spec, "canvas": {"rows": N, "cols": N}, "seqLen": N * N, "vocabSize": task.vocab_size,
                     "cases": cases, "augmented": augmented})
    first = sets[0]
    return {
        "about": "Learned-task encoding test vectors, written by tools/make_fixtures.py from tools/tasks.py.",
        "encoding": "K colours, V = K + 2: 0 PAD, 1 EOS, colour c -> c + 2; N x N canvas, N = min(30, max(maxGrid.rows, "
                    "maxGrid.cols) + 1), row-major; the grid at the top-left, an EOS row under it across its columns "
                    "(if rows < N), an EOS column right of it down its rows (if cols < N), the diagonal corner and "
                    "the rest PAD. A symbols alphabet: symbol i is colour i.",
        "augmentation": "grid_out = perm[dihedral(grid, tid)]: tid 0 id, 1-3 rot90 x tid counter-clockwise, 4 flip "
                        "left-right, 5 flip up-down, 6 transpose, 7 anti-transpose (the official numbering); "
                        "perm[c] is the new colour of c, perm[0] = 0; tokens_out encodes grid_out",
        **first,
        "moreSpecs": sets[1:],
    }


def write_learned(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(to_json(learned_vectors()) + "\n")
    print(f"wrote {path}")


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


def check(committed, learned=LEARNED):
    problems = []
    if not learned.exists():
        problems.append(f"{learned} missing")
    elif json.loads(learned.read_text()) != learned_vectors():
        problems.append(f"{learned}: differs from a fresh build")
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
    ap.add_argument("--learned", type=Path, default=LEARNED,
                    help="learned-task encoding vectors to write or check (default test/fixtures/learned/encoding-vectors.json)")
    args = ap.parse_args(argv)
    if args.check:
        return check(args.out, args.learned)
    write_all(args.out)
    write_learned(args.learned)
    return 0


if __name__ == "__main__":
    sys.exit(main())
