"""tools/train.py task "arc" and the ARC training data of tools/arc_data.py: the official split
(evaluation tasks' test inputs held out), augmentations as puzzle-embedding rows, the stream,
the vote, an exact resume, and the export the Node runtime reads (external table)."""
import json

import numpy as np
import pytest
import torch

import arc_data
import export_onnx
import train
from conftest import DATA
from helpers import onnx_steps_in_node, steps_as_reference
from trm.model import TRM, TRMConfig

TRAIN_IDS, HELDOUT_ID = ["6150a2bd", "d037b0a7"], "66e6c45b"      # small grids: fast steps
SUBSETS = "arc-agi-1_training,arc-agi-1_evaluation"
TINY = ["--task=arc", f"--arc_dir={DATA / 'arc'}", f"--arc_subsets={SUBSETS}", "--arc_test_set=arc-agi-1_evaluation",
        f"--arc_task_ids={','.join(TRAIN_IDS + [HELDOUT_ID])}", "--arc_augmentations=3", "--hidden_size=16",
        "--num_heads=2", "--expansion=1.0", "--L_layers=1", "--mlp_t=False", "--pos_encodings=rope",
        "--puzzle_emb_ndim=16", "--puzzle_emb_len=1", "--H_cycles=1", "--L_cycles=1", "--halt_max_steps=2",
        "--batch_size=4", "--warmup_iters=1", "--threads=1", "--log_interval=1000", "--eval_interval=0",
        "--eval_batch_size=32", "--ema_decay=0.9", "--halt_exploration_prob=0.5", "--arc_train_eval_tasks=2"]


def corpus(augmentations=3):
    return arc_data.ArcCorpus(DATA / "arc", SUBSETS.split(","), "arc-agi-1_evaluation", augmentations,
                              task_ids=TRAIN_IDS + [HELDOUT_ID])


def test_the_official_split_holds_the_evaluation_test_inputs_out():
    c = corpus()
    challenges = json.loads((DATA / "arc" / "arc-agi-1_evaluation_challenges.json").read_text())[HELDOUT_ID]
    train_challenges = json.loads((DATA / "arc" / "arc-agi-1_training_challenges.json").read_text())
    by_id = {t["id"]: t for t in c.tasks}
    assert [t["id"] for t in c.tasks] == TRAIN_IDS + [HELDOUT_ID]
    held = by_id[HELDOUT_ID]
    assert held["heldout"] and len(held["pairs"]) == len(challenges["train"])   # demonstrations only
    assert held["tests"][0][1] is not None                                    # its solution: for scoring only
    for task_id in TRAIN_IDS:                                                 # demonstrations + test pairs
        t = by_id[task_id]
        assert not t["heldout"] and len(t["pairs"]) == len(train_challenges[task_id]["train"]) + len(train_challenges[task_id]["test"])
    secret = [i.tolist() for i, _ in held["tests"]]
    assert all(i.tolist() not in secret for t in c.tasks for i, _ in t["pairs"])
    # one row per augmented puzzle, named as the official identifiers.json, row 0 blank
    assert c.rows == 1 + 3 * 3 and c.identifiers[0] == "<blank>"
    for t in c.tasks:
        names = c.identifiers[t["first_row"]:t["first_row"] + 3]
        assert names[0] == t["id"] and all(n.startswith(t["id"] + "|||t") for n in names[1:])
        assert names == [a["name"] for a in t["augs"]]
    assert corpus().identifiers == c.identifiers                              # deterministic (resume)


def test_the_stream_draws_whole_puzzles_and_resumes():
    c = corpus()
    s = arc_data.ArcStream(c, None, seed=5)
    x, y, ids = s.draw(7)
    assert x.shape == (7, 900) and y.shape == (7, 900) and ids.shape == (7,)
    assert int(ids.min()) >= 1 and int(ids.max()) < c.rows                    # never the blank row
    first = c.tasks[[t["first_row"] <= int(ids[0]) < t["first_row"] + 3 for t in c.tasks].index(True)]
    n = len(first["pairs"])
    assert (ids[:n] == ids[0]).all()                                          # all pairs of one puzzle in a row
    # every pair but one sits at a random offset: exactly one starts at the top-left corner
    at_origin = [(x[i].view(30, 30)[0, 0] >= 2).item() or (y[i].view(30, 30)[0, 0] >= 2).item() for i in range(n)]
    assert sum(at_origin) >= 1
    state = s.state_dict()
    a = s.draw(9)
    s2 = arc_data.ArcStream(c, None, seed=123)
    s2.load_state_dict(state)
    b = s2.draw(9)
    assert all(torch.equal(u, v) for u, v in zip(a, b))


def test_vote_counts_then_mean_halting_probability():
    g = lambda v: np.array([[v]])  # noqa: E731
    top = arc_data.vote([(g(1), 0.9), (g(2), 0.2), (g(2), 0.3), (g(3), 0.99), (g(3), 0.1)], 2)
    assert [int(t[0, 0]) for t in top] == [3, 2]           # 3 and 2 tie on count: mean q 0.545 > 0.25
    assert [int(t[0, 0]) for t in arc_data.vote([(g(1), 0.2), (g(2), 0.9)], 1)] == [2]


def test_sign_sgd_moves_only_the_rows_with_a_gradient():
    table = torch.nn.Parameter(torch.ones(4, 3))
    table.grad = torch.zeros(4, 3)
    table.grad[2] = torch.tensor([0.5, -2.0, 0.0])
    train.sign_sgd(table, 0.1, 0.5)
    assert torch.equal(table.data[[0, 1, 3]], torch.ones(3, 3))
    assert torch.allclose(table.data[2], torch.tensor([0.95 - 0.1, 0.95 + 0.1, 0.95]))
    assert table.grad is None


def test_arc_training_resumes_exactly_and_exports_for_node(tmp_path, capsys):
    common = TINY + ["--max_iters=6", "--arc_eval_augmentations=2"]
    whole = train.main(common + [f"--out_dir={tmp_path / 'a'}"])
    first = train.main(common + [f"--out_dir={tmp_path / 'b'}", "--stop_after=3"])
    rest = train.main([f"--out_dir={tmp_path / 'b'}", "--resume"])
    loss = lambda run: [h["loss"] for h in run["history"] if "loss" in h]  # noqa: E731
    assert loss(first) == loss(whole)[:3]
    assert loss(rest) == pytest.approx(loss(whole)[3:], rel=1e-5, abs=1e-6)
    a, b = torch.load(tmp_path / "a" / "ckpt.pt"), torch.load(tmp_path / "b" / "ckpt.pt")
    for k, v in a["ema"].items():
        assert torch.allclose(v, b["ema"][k], atol=1e-5), k

    # the table trains apart (sign SGD), is not averaged, and its blank row is never used
    c = corpus()
    assert a["identifiers"] == c.identifiers and a["model_args"]["num_puzzle_identifiers"] == c.rows
    table = a["model"]["puzzle_emb.weights"]
    assert torch.equal(a["ema"]["puzzle_emb.weights"], table)
    assert not table[0].any() and table[1:].abs().sum() > 0
    n_params = len(list(TRM(TRMConfig(**a["model_args"])).parameters()))
    assert sum(len(g["params"]) for g in a["optimizer"]["param_groups"]) == n_params - 1   # AdamW: all but the table

    # the final evaluation: the held-out task's test input, and the trained-on tasks' test pairs
    final = whole["results"]
    assert final["arc-agi-1_evaluation"]["tasks"] == 1 and final["arc-agi-1_evaluation"]["examples"] == 2
    assert final["trained-on"]["tasks"] == 2
    assert {e["dataset"] for e in a["accuracy"]} == {"arc-agi-1_evaluation", "trained-on"}
    assert all({"pass1", "pass2", "exact", "testInputs"} <= set(e) for e in a["accuracy"])

    # tools/eval_arc.py rebuilds the tasks from the run's settings and scores the same
    import eval_arc
    capsys.readouterr()
    eval_arc.main(["--checkpoint", str(tmp_path / "a" / "ckpt.pt"), "--augmentations=2"])
    again = json.loads(capsys.readouterr().out)
    assert {k: again[k] for k in final["arc-agi-1_evaluation"]} == final["arc-agi-1_evaluation"]

    # export with the table outside the graph: the rows are named, Node runs the graph as PyTorch
    export_onnx.main(["--checkpoint", str(tmp_path / "a" / "ckpt.pt"), "--out", str(tmp_path / "m"), "--external-table"])
    m = json.loads((tmp_path / "m" / "manifest.json").read_text())
    assert m["task"] == "arc" and m["puzzleTable"]["rows"] == c.rows and m["accuracy"] == a["accuracy"]
    assert json.loads((tmp_path / "m" / m["puzzleTable"]["identifiers"]).read_text()) == c.identifiers
    model = TRM(TRMConfig(**a["model_args"])).eval()
    model.load_state_dict(a["ema"])
    held = c.tasks[-1]
    x = torch.from_numpy(np.stack([arc_data.encode_grid(arc_data.augment_grid(held["tests"][0][0], aug["tid"], aug["perm"]))
                                   for aug in held["augs"][:2]]))
    ids = torch.tensor([held["first_row"], held["first_row"] + 1])
    z_H, z_L = model.initial_latents(2)
    outputs = []
    with torch.no_grad():
        for s in range(a["model_args"]["halt_max_steps"]):
            logits, q, z_H, z_L = model(x, ids, z_H, z_L, torch.full((2,), s == 0))
            outputs.append((logits, q[:, 0]))
    ref = {"inputs": x.tolist(), "puzzleIdentifiers": ids.tolist(), "steps": steps_as_reference(outputs)}
    (tmp_path / "ref.json").write_text(json.dumps(ref))
    got = onnx_steps_in_node(tmp_path / "m", tmp_path / "ref.json")
    assert len(got) == len(ref["steps"])
    for g, r in zip(got, ref["steps"]):
        assert g["tokens"] == r["tokens"]
        assert g["qHalt"] == pytest.approx(r["qHalt"], abs=1e-4)


def test_a_smaller_canvas_keeps_the_tasks_that_fit_and_exports_its_canvas(tmp_path, capsys):
    # 6150a2bd and d037b0a7 are 3x3, 66e6c45b 4x4: a 3x3 canvas keeps the first two only
    small = arc_data.ArcCorpus(DATA / "arc", SUBSETS.split(","), "arc-agi-1_evaluation", 3,
                               task_ids=TRAIN_IDS + [HELDOUT_ID], side=3)
    assert [t["id"] for t in small.tasks] == TRAIN_IDS and small.skipped == 1
    assert small.describe()["canvas"] == 3 and small.describe()["tasksLargerThanCanvas"] == 1
    assert small.identifiers == corpus().identifiers[:1 + 2 * 3]               # the same rows, fewer tasks
    x, y, ids = arc_data.ArcStream(small, None, seed=1).draw(5)
    assert x.shape == (5, 9) and y.shape == (5, 9)
    grid = np.array([[1, 2], [3, 4]])
    tokens = arc_data.encode_grid(grid, side=3)
    assert tokens.tolist() == [3, 4, 1, 5, 6, 1, 1, 1, 0]                      # 30x30's top-left 3x3
    assert arc_data.decode_grid(tokens).tolist() == grid.tolist()
    with pytest.raises(ValueError, match="does not fit the 3x3 canvas"):
        arc_data.encode_grid(np.zeros((4, 1), dtype=np.int64), side=3)

    # training on a 4x4 canvas (all three tasks fit), its export and a Node run of its graph
    run = train.main(TINY + ["--max_iters=3", "--arc_side=4", "--arc_eval_augmentations=2", f"--out_dir={tmp_path / 'a'}"])
    assert run["results"]["arc-agi-1_evaluation"]["tasks"] == 1
    ckpt = torch.load(tmp_path / "a" / "ckpt.pt")
    assert ckpt["model_args"]["seq_len"] == 16
    export_onnx.main(["--checkpoint", str(tmp_path / "a" / "ckpt.pt"), "--out", str(tmp_path / "m")])
    m = json.loads((tmp_path / "m" / "manifest.json").read_text())
    assert m["canvas"] == {"rows": 4, "cols": 4} and m["seqLen"] == 16
    assert m["training"]["arc"]["canvas"] == 4 and m["training"]["arc"]["tasksLargerThanCanvas"] == 0
    import eval_arc
    capsys.readouterr()
    eval_arc.main(["--checkpoint", str(tmp_path / "a" / "ckpt.pt"), "--augmentations=2"])
    again = json.loads(capsys.readouterr().out)
    assert {k: again[k] for k in run["results"]["arc-agi-1_evaluation"]} == run["results"]["arc-agi-1_evaluation"]


def test_gpu_pack_trains_arc_on_cpu_and_leaves_named_rows(tmp_path):
    """TASK=arc through the device machine's scripts at a tiny size: prepare.sh only checks the
    tracked ARC JSON, train.sh trains the official recipe from it and leaves parts whose checkpoint
    keeps the puzzle identifiers (resumable, and slim)."""
    import os
    import subprocess
    import sys

    from conftest import REPO, TOOLS
    sys.path.insert(0, str(TOOLS / "gpu"))
    import join_checkpoint
    import split_checkpoint

    pack, out = tmp_path / "pack", tmp_path / "out"
    env = dict(os.environ, OMP_NUM_THREADS="1", PACK_DIR=str(pack))
    p = subprocess.run(["bash", str(TOOLS / "gpu" / "prepare.sh"), "arc"], capture_output=True, text=True, timeout=60,
                       env=env, cwd=REPO)
    assert p.returncode == 0, (p.stdout + p.stderr)[-4000:]
    assert (pack / "TASK").read_text().strip() == "arc"
    p = subprocess.run(["bash", str(TOOLS / "gpu" / "prepare.sh"), "arc"], capture_output=True, text=True, timeout=60,
                       env=dict(env, ARC_DIR=str(tmp_path / "nowhere")), cwd=REPO)
    assert p.returncode == 1 and "arc-agi-1_training_challenges.json missing" in p.stderr
    train_env = dict(env, SESSION_MIN="0.02", TOTAL_MIN="5", DEVICE="cpu", PART_MIB="0.25", PYTHON=sys.executable,
                     WORK_DIR=str(tmp_path / "work"), TRAIN_ARGS=" ".join([a for a in TINY if not a.startswith("--arc_dir")]))
    p = subprocess.run(["bash", str(TOOLS / "gpu" / "train.sh"), str(out)], capture_output=True, text=True,
                       timeout=150, env=train_env, cwd=REPO)
    assert p.returncode == 0, (p.stdout + p.stderr)[-4000:]
    log = (out / "train.log").read_text()
    assert "arc, " in log and "final arc-agi-1_evaluation: pass@1" in log and ", session)" in log
    ckpt = torch.load(join_checkpoint.join(str(out), str(tmp_path / "joined.pt"))[0])
    assert ckpt["resumable"] and ckpt["identifiers"] == corpus().identifiers
    slim = torch.load(__import__("io").BytesIO(split_checkpoint.slim(ckpt, 1 << 30)))
    assert slim["identifiers"] == ckpt["identifiers"] and slim["ema"] is None
