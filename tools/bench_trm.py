"""
Speed of the PyTorch reference TRM, for the table `npm run bench` prints beside onnxruntime-node.

  /usr/bin/python3 tools/bench_trm.py make OUT_DIR            # random-weight bench models (ONNX + manifest)
  /usr/bin/python3 tools/bench_trm.py torch MODEL_DIR --batch 16 --steps 2
      -> one JSON line: {"batch", "steps", "msPerStep", "maxRssMb", "threads"}

Random weights are fine for speed: the cost of a step does not depend on the values. Each
measurement runs in its own process so that its peak RSS is its own.
"""

import argparse
import json
import os
import resource
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from export_onnx import export  # noqa: E402
from trm.model import TRM, TRMConfig  # noqa: E402

# bench models: name -> (task, TRMConfig fields)
BENCH_MODELS = {
    # the scale we train on 2 CPU cores (TRM.md): MLP mixer, D=128, T=2, n=3
    "sudoku-mlp-d128": ("sudoku", dict(seq_len=81, vocab_size=11, hidden_size=128, num_heads=2, mlp_t=True,
                                       pos_encodings="none", puzzle_emb_ndim=128, H_cycles=2, L_cycles=3,
                                       halt_max_steps=8)),
    # a 30x30 attention model of the same width
    "maze-att-d128": ("maze", dict(seq_len=900, vocab_size=6, hidden_size=128, num_heads=2, mlp_t=False,
                                   pos_encodings="rope", puzzle_emb_ndim=128, H_cycles=2, L_cycles=3,
                                   halt_max_steps=8)),
}


def make(out_dir):
    torch.manual_seed(0)
    for name, (task, args) in BENCH_MODELS.items():
        model = TRM(TRMConfig(**args)).eval()
        export(model, os.path.join(out_dir, name), task,
               {"source": "random-init benchmark model", "generator": "tools/bench_trm.py"})
        print(f"{name}: {model.num_params()} parameters")


def bench_torch(model_dir, batch, steps, threads):
    if threads > 0:
        torch.set_num_threads(threads)
    with open(os.path.join(model_dir, "manifest.json")) as f:
        manifest = json.load(f)
    cfg = TRMConfig(**manifest["modelArgs"])
    model = TRM(cfg).eval()
    inputs = torch.randint(1, cfg.vocab_size, (batch, cfg.seq_len))
    ids = torch.zeros(batch, dtype=torch.long)
    z_H, z_L = model.initial_latents(batch)
    with torch.inference_mode():
        reset = torch.ones(batch, dtype=torch.bool)
        _, _, z_H, z_L = model.step(inputs, ids, z_H, z_L, reset)  # warm-up
        reset = torch.zeros(batch, dtype=torch.bool)
        t0 = time.perf_counter()
        for _ in range(steps):
            _, _, z_H, z_L = model.step(inputs, ids, z_H, z_L, reset)
        ms = (time.perf_counter() - t0) * 1000 / steps
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"batch": batch, "steps": steps, "msPerStep": ms, "maxRssMb": rss,
                      "threads": torch.get_num_threads()}))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    m = sub.add_parser("make")
    m.add_argument("out_dir")
    t = sub.add_parser("torch")
    t.add_argument("model_dir")
    t.add_argument("--batch", type=int, default=1)
    t.add_argument("--steps", type=int, default=3)
    t.add_argument("--threads", type=int, default=0, help="0 = torch's default")
    args = ap.parse_args(argv)
    if args.cmd == "make":
        make(args.out_dir)
    else:
        bench_torch(args.model_dir, args.batch, args.steps, args.threads)


if __name__ == "__main__":
    main()
