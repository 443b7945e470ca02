"""
Score an ARC checkpoint of tools/train.py (task "arc") as the official evaluator does: every test
input of the chosen tasks under each of the task's augmentations (its own puzzle-embedding rows),
all halt_max_steps steps, the answers mapped back and voted on (count, then mean halting
probability); pass@1 / pass@2 averaged per task.

  /usr/bin/python3 tools/eval_arc.py --checkpoint out/arc-cpu/ckpt.pt                 # held out
  /usr/bin/python3 tools/eval_arc.py --checkpoint out/arc-cpu/ckpt.pt --trained-on --tasks 100

--heldout (default): the test inputs of the run's arc_test_set (never trained on); --trained-on:
the test pairs of the other subsets' tasks (trained on, as the official recipe does: shows whether
the run learned anything). The tasks and their augmentations are rebuilt from the run's own arc_*
settings (arc_data.ArcCorpus is deterministic) and checked against the checkpoint's identifiers.
Prints one JSON object: {checkpoint, step, set, tasks, testInputs, examples, augmentations,
"pass@1", "pass@2", exact (share of augmented examples answered exactly), solved: [task ids]}.
"""

import argparse
import json
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import arc_data  # noqa: E402
from train import DEFAULTS, autocast, set_cpu_threads  # noqa: E402
from trm.model import TRM, TRMConfig  # noqa: E402


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", required=True)
    which = ap.add_mutually_exclusive_group()
    which.add_argument("--heldout", dest="heldout", action="store_true", default=True)
    which.add_argument("--trained-on", dest="heldout", action="store_false")
    ap.add_argument("--tasks", type=int, default=0, help="first N tasks of the set (0 = all)")
    ap.add_argument("--augmentations", type=int, default=0, help="augmentations voted per test input (0 = all the run has)")
    ap.add_argument("--arc-dir", help="where the ARC JSON is (default: the run's arc_dir)")
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--raw", action="store_true", help="the raw weights instead of the EMA weights")
    ap.add_argument("--cpu-autocast", choices=["run", "on", "off"], default="run",
                    help="bf16 autocast on CPU: as the run trained (default), or on / off")
    args = ap.parse_args(argv)

    ckpt = torch.load(args.checkpoint, map_location="cpu")
    if ckpt.get("task") != "arc" or not ckpt.get("identifiers"):
        raise SystemExit(f"{args.checkpoint}: not an ARC checkpoint of train.py (task arc with identifiers)")
    c = {**DEFAULTS, **ckpt["config"]}
    arc_dir = args.arc_dir or c["arc_dir"]
    if not os.path.isabs(arc_dir) and not os.path.isdir(arc_dir):      # the run's path, from the repository root
        arc_dir = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), arc_dir)
    corpus = arc_data.ArcCorpus(arc_dir, [s for s in c["arc_subsets"].split(",") if s], c["arc_test_set"],
                                c["arc_augmentations"], c["arc_aug_seed"], c["arc_tasks"],
                                [t for t in c["arc_task_ids"].split(",") if t] or None, side=c.get("arc_side", arc_data.SIDE))
    if corpus.identifiers != ckpt["identifiers"]:
        raise SystemExit("the run's arc_* settings no longer give its puzzle identifiers (data changed?)")
    if args.device == "cpu":
        set_cpu_threads(args.threads)
    model = TRM(TRMConfig(**ckpt["model_args"]))
    weights = ckpt["model"] if args.raw or not ckpt.get("ema") else ckpt["ema"]
    model.load_state_dict({k: v.float() for k, v in weights.items()})
    model = model.to(args.device).eval()
    if args.device.startswith("cuda"):
        ctx = autocast("cuda", c["dtype"])
    else:
        on = c["cpu_autocast"] if args.cpu_autocast == "run" else args.cpu_autocast == "on"
        ctx = autocast("cpu", "bfloat16") if on else None
    t0 = time.time()
    r = arc_data.evaluate_arc(model, corpus, args.heldout, args.tasks, args.augmentations, args.batch_size, args.device, ctx)
    out = {"checkpoint": args.checkpoint, "step": ckpt["step"], "minutesTrained": round(ckpt.get("elapsed", 0) / 60, 1),
           "set": c["arc_test_set"] + " test inputs (held out)" if args.heldout else "trained-on tasks' test pairs",
           "augmentations": args.augmentations or c["arc_augmentations"], "weights": "raw" if args.raw else "ema", **r,
           "evalMinutes": round((time.time() - t0) / 60, 2)}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
