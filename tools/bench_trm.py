"""
Speed of the PyTorch reference TRM, for the table `npm run bench` prints beside onnxruntime-node.

  /usr/bin/python3 tools/bench_trm.py make OUT_DIR [NAME ...] # random-weight bench models (ONNX + manifest)
  /usr/bin/python3 tools/bench_trm.py int8 OUT_DIR            # (re)write the int8 copies from OUT_DIR's fp32 models
  /usr/bin/python3 tools/bench_trm.py torch MODEL_DIR --batch 16 --steps 2 [--budget-ms 3000] [--warmup-batch 1]
      -> one JSON line: {"batch", "steps", "msPerStep", "maxRssMb", "threads"}
         (after one warm-up step; --budget-ms ends the timed steps early, after at least one)

Random weights are fine for speed: the cost of a step does not depend on the values. Each
measurement runs in its own process so that its peak RSS is its own. `make` writes every model in
BENCH_MODELS (or the NAMEs given) and, for the full-size ones, an int8 copy NAME-int8
(tools/quantize_onnx.py; ONNX Runtime only, PyTorch has no counterpart).
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
from quantize_onnx import quantize_folder  # noqa: E402
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
    # paper scale (arXiv 2510.04871, the official configs): D=512, expansion 4, T=3, n=6, 2 layers,
    # 16 supervision steps; Sudoku-Extreme uses the MLP token mixer, Maze-Hard attention + RoPE on 30x30
    "sudoku-mlp-d512": ("sudoku", dict(seq_len=81, vocab_size=11, hidden_size=512, num_heads=8, expansion=4.0,
                                       L_layers=2, mlp_t=True, pos_encodings="none", puzzle_emb_ndim=512,
                                       H_cycles=3, L_cycles=6, halt_max_steps=16)),
    "maze-att-d512": ("maze", dict(seq_len=900, vocab_size=6, hidden_size=512, num_heads=8, expansion=4.0,
                                   L_layers=2, mlp_t=False, pos_encodings="rope", puzzle_emb_ndim=512,
                                   H_cycles=3, L_cycles=6, halt_max_steps=16)),
    # our maze mixer (a depthwise 3x3 convolution over the grid, tools/configs/maze_conv_cpu.py) at
    # the same scale
    "maze-conv-d512": ("maze", dict(seq_len=900, vocab_size=6, hidden_size=512, num_heads=8, expansion=4.0,
                                    L_layers=2, mlp_t=False, conv_kernel=3, pos_encodings="none",
                                    puzzle_emb_ndim=512, puzzle_emb_len=1, H_cycles=3, L_cycles=6,
                                    halt_max_steps=16)),
}
# models that also get an int8 copy NAME-int8
INT8_COPIES = ("sudoku-mlp-d512", "maze-att-d512", "maze-conv-d512")
# models that also get NAME-plain (a plain torch.onnx.export of TRM.step: no layout patches, no
# dedupe, the baseline of the ours / plain ratio) and NAME-fused (export_onnx.py --fused: ORT's
# fused kernels), each with its int8 copy
LAYOUT_COPIES = ("sudoku-mlp-d512", "maze-att-d512")


def make(out_dir, names=None):
    unknown = sorted(set(names or []) - set(BENCH_MODELS))
    if unknown:
        sys.exit(f"unknown bench models {unknown}; known: {sorted(BENCH_MODELS)}")
    for name, (task, args) in BENCH_MODELS.items():
        if names and name not in names:
            continue
        torch.manual_seed(0)
        model = TRM(TRMConfig(**args)).eval()
        training = {"source": "random-init benchmark model", "generator": "tools/bench_trm.py"}
        export(model, os.path.join(out_dir, name), task, training)
        print(f"{name}: {model.num_params()} parameters")
        if name in LAYOUT_COPIES:
            for layout in ("plain", "fused"):
                export(model, os.path.join(out_dir, f"{name}-{layout}"), task, dict(training, layout=layout),
                       layout=layout)
        if name in INT8_COPIES:
            make_int8(out_dir, [name])


def int8_sources(names=INT8_COPIES):
    return [n for name in names for n in
            [name] + ([f"{name}-plain", f"{name}-fused"] if name in LAYOUT_COPIES else [])]


def make_int8(out_dir, names=INT8_COPIES):
    """NAME-int8 beside each fp32 bench model NAME, and beside its -plain and -fused exports
    (cheap: the bench reuses cached fp32 exports and requantizes with the current
    tools/quantize_onnx.py)."""
    for name in int8_sources(names):
        quantize_folder(os.path.join(out_dir, name), os.path.join(out_dir, f"{name}-int8"), "int8")


def bench_torch(model_dir, batch, steps, threads, budget_ms=0, warmup_batch=0):
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
        w = min(warmup_batch or batch, batch)  # a smaller warm-up batch saves a slow step at batch 16, 64
        _, _, zh, zl = model.step(inputs[:w], ids[:w], z_H[:w], z_L[:w], reset[:w])  # warm-up
        if w == batch:
            z_H, z_L = zh, zl
        reset = torch.zeros(batch, dtype=torch.bool)
        t0 = time.perf_counter()
        done = 0
        # `steps` steps, or fewer (at least one) once budget_ms has passed
        while done < steps and (done == 0 or budget_ms <= 0 or (time.perf_counter() - t0) * 1000 < budget_ms):
            _, _, z_H, z_L = model.step(inputs, ids, z_H, z_L, reset)
            done += 1
        ms = (time.perf_counter() - t0) * 1000 / done
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"batch": batch, "steps": done, "msPerStep": ms, "maxRssMb": rss,
                      "threads": torch.get_num_threads()}))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    m = sub.add_parser("make")
    m.add_argument("out_dir")
    m.add_argument("names", nargs="*", help=f"default: all of {', '.join(BENCH_MODELS)}")
    q = sub.add_parser("int8")
    q.add_argument("out_dir")
    t = sub.add_parser("torch")
    t.add_argument("model_dir")
    t.add_argument("--batch", type=int, default=1)
    t.add_argument("--steps", type=int, default=3)
    t.add_argument("--threads", type=int, default=0, help="0 = torch's default")
    t.add_argument("--budget-ms", type=float, default=0, help="stop after this long (at least one step); 0 = run all steps")
    t.add_argument("--warmup-batch", type=int, default=0, help="batch of the warm-up step (0 = --batch)")
    args = ap.parse_args(argv)
    if args.cmd == "make":
        make(args.out_dir, args.names)
    elif args.cmd == "int8":
        make_int8(args.out_dir)
    else:
        bench_torch(args.model_dir, args.batch, args.steps, args.threads, args.budget_ms, args.warmup_batch)


if __name__ == "__main__":
    main()
