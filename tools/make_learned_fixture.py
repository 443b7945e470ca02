"""
A tiny learned-task model for the TypeScript tests of learned tasks (registry, CLI, tools, MCP,
gateway, router): trains `recolour-tiny` on CPU in about a minute and exports it.

  /usr/bin/python3 tools/make_learned_fixture.py                  # writes test/fixtures/learned-models/recolour-tiny/
  /usr/bin/python3 tools/make_learned_fixture.py --out DIR --work out/recolour-tiny

The task: every cell of colour 1 becomes colour 2, every other cell keeps its colour; grids of
2..6 x 2..6 cells, colours 0..3, the output the input's size. A colour-specific rule is not
colour-equivariant, so the only augmentation is dihedral (recolouring commutes with rotations
and reflections). A one-cell rule is what a small convolution TRM masters quickly.

Steps (all seeded: the data by --seed, the model by train.py's seed/data_seed):
1. a small generator writes the spec, TRAIN (--train pairs) and HELDOUT (--heldout pairs) JSONL
   under --work; no held-out input, nor any of its 8 dihedral images, is a training input;
2. tools/train.py tools/configs/grid_cpu.py with overrides (D = 32, 1 layer, 4 supervision
   steps, --max_iters optimizer steps, one thread) -> WORK/ckpt.pt;
3. tools/export_onnx.py -> OUT/model.onnx + manifest.json (task = the spec's name, learnedTask =
   the spec, accuracy = train.py's final evaluation on HELDOUT), and OUT/heldout/recolour-tiny.jsonl.
It prints the held-out exact accuracy (whole output grid right, all supervision steps) from the
manifest, and exits 1 below --min-exact.
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TOOLS = REPO / "tools"

NAME = "recolour-tiny"
SPEC = {
    "name": NAME,
    "description": "Recolours every cell of colour 1 to colour 2; every other cell keeps its colour.",
    "maxGrid": {"rows": 6, "cols": 6},
    "alphabet": {"colours": 4},
    "sameSize": True,
    "augmentations": ["dihedral"],
}
MIN_SIDE, MAX_SIDE, COLOURS = 2, 6, 4

# grid_cpu.py's learned-task recipe, made tiny: model.onnx stays well under 200 KB
TRAIN_OVERRIDES = {
    "hidden_size": 32,
    "num_heads": 2,
    "puzzle_emb_ndim": 32,
    "L_layers": 1,
    "H_cycles": 2,
    "L_cycles": 2,
    "halt_max_steps": 4,
    "batch_size": 64,
    "lr": 3e-3,
    "time_budget_min": 0.0,     # the run's length is --max_iters, so it does not depend on the machine's speed
    "eval_interval": 0,
    "ckpt_interval": 0,
    "log_interval": 50,
    "final_eval_puzzles": 0,
    "threads": 1,
    "seed": 0,
    "data_seed": 1,
}


def recolour(grid):
    return [[2 if v == 1 else v for v in row] for row in grid]


def random_grid(rng):
    rows, cols = rng.randint(MIN_SIDE, MAX_SIDE), rng.randint(MIN_SIDE, MAX_SIDE)
    # colour 1 in most grids, and sometimes none (the rule then copies the input)
    weights = [rng.random() for _ in range(COLOURS)]
    return [[rng.choices(range(COLOURS), weights)[0] for _ in range(cols)] for _ in range(rows)]


def dihedral_images(grid):
    """The 8 dihedral transforms of a grid, as hashable tuples."""
    def rot(g):
        return [list(row) for row in zip(*g[::-1])]

    def key(g):
        return tuple(tuple(row) for row in g)

    out, g = set(), grid
    for _ in range(4):
        out.add(key(g))
        out.add(key([row[::-1] for row in g]))
        g = rot(g)
    return out


def make_data(seed, n_train, n_heldout):
    """(train, heldout) lists of {"input", "output"}; held-out inputs unique, and no training
    input is a dihedral image of one."""
    rng = random.Random(seed)
    heldout, taken = [], set()
    while len(heldout) < n_heldout:
        grid = random_grid(rng)
        images = dihedral_images(grid)
        if images & taken:
            continue
        taken |= images
        heldout.append({"input": grid, "output": recolour(grid)})
    train = []
    while len(train) < n_train:
        grid = random_grid(rng)
        if dihedral_images(grid) & taken:
            continue
        train.append({"input": grid, "output": recolour(grid)})
    return train, heldout


def write_jsonl(path, pairs):
    with open(path, "w") as f:
        for pair in pairs:
            f.write(json.dumps(pair, separators=(",", ":")) + "\n")


def rel(path):
    """A path relative to the repository when inside it (the manifest records the commands)."""
    path = Path(path).resolve()
    return path.relative_to(REPO) if path.is_relative_to(REPO) else path


def run(cmd):
    cmd = [str(rel(c)) if isinstance(c, Path) else str(c) for c in cmd]
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, cwd=REPO)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(REPO / "test" / "fixtures" / "learned-models" / NAME), help="the model folder")
    ap.add_argument("--work", default=str(REPO / "out" / NAME), help="data, checkpoint and log (not committed)")
    ap.add_argument("--seed", type=int, default=7, help="data seed")
    ap.add_argument("--train", type=int, default=3000, help="training pairs")
    ap.add_argument("--heldout", type=int, default=100, help="held-out pairs")
    ap.add_argument("--max-iters", type=int, default=600, help="optimizer steps")
    ap.add_argument("--min-exact", type=float, default=0.95, help="exit 1 when the held-out exact accuracy is lower")
    args = ap.parse_args(argv)

    work, out = Path(args.work), Path(args.out)
    work.mkdir(parents=True, exist_ok=True)
    spec_file, train_file, heldout_file = work / "spec.json", work / "train.jsonl", work / f"{NAME}.jsonl"
    spec_file.write_text(json.dumps(SPEC, indent=2) + "\n")
    train, heldout = make_data(args.seed, args.train, args.heldout)
    write_jsonl(train_file, train)
    write_jsonl(heldout_file, heldout)

    overrides = {**TRAIN_OVERRIDES, "max_iters": args.max_iters}
    run([sys.executable, TOOLS / "train.py", TOOLS / "configs" / "grid_cpu.py", f"--task_spec={rel(spec_file)}",
         f"--train_file={rel(train_file)}", f"--test_files={rel(heldout_file)}", f"--out_dir={rel(work)}",
         *(f"--{k}={v}" for k, v in overrides.items())])

    if out.exists():
        shutil.rmtree(out)
    run([sys.executable, TOOLS / "export_onnx.py", "--checkpoint", work / "ckpt.pt", "--out", out])
    (out / "heldout").mkdir()
    shutil.copyfile(heldout_file, out / "heldout" / f"{NAME}.jsonl")

    manifest = json.loads((out / "manifest.json").read_text())
    fixed = next(a for a in manifest["accuracy"] if a["halt"].startswith("fixed"))
    size = os.path.getsize(out / "model.onnx")
    print(f"{NAME}: {manifest['parameters']} parameters, model.onnx {size} bytes; held-out exact "
          f"{fixed['exact']:.3f} of {fixed['puzzles']} pairs ({fixed['meanSteps']} mean steps)")
    for a in manifest["accuracy"]:
        print("  " + json.dumps({k: a[k] for k in ("dataset", "halt", "puzzles", "exact", "tokenExact", "meanSteps") if k in a}))
    if fixed["exact"] < args.min_exact:
        print(f"held-out exact {fixed['exact']:.3f} is below --min-exact {args.min_exact}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
