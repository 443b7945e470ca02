"""tools/train.py and tools/data.py: augmentations, loss, config, learning, exact resume, checkpoints."""
import json
import math
import os

import pytest
import torch

import data
import export_onnx
import train
from conftest import DATA, REPO
from trm.model import TRM, TRMConfig

BASE = [(r * 3 + r // 3 + c) % 9 + 1 for r in range(9) for c in range(9)]  # a valid solved grid


def solved_grids(n, seed=0):
    """n valid solutions as tokens [n, 81]: the base grid under random augmentations."""
    base = torch.tensor([d + 1 for d in BASE]).expand(n, 81)
    position, token = data.sudoku_augmentation(n, torch.Generator().manual_seed(seed))
    return data.apply_sudoku(base, position, token)


def write_sudoku_jsonl(path, n, blanks, seed=0):
    g = torch.Generator().manual_seed(seed + 1)
    with open(path, "w") as f:
        for sol in solved_grids(n, seed):
            digits = [str(t - 1) for t in sol.tolist()]
            puzzle = list(digits)
            for i in torch.randperm(81, generator=g)[:blanks].tolist():
                puzzle[i] = "."
            f.write(json.dumps({"puzzle": "".join(puzzle), "solution": "".join(digits), "givens": 81 - blanks}) + "\n")
    return str(path)


TINY = ["--hidden_size=32", "--puzzle_emb_ndim=32", "--expansion=2.0", "--H_cycles=2", "--L_cycles=2",
        "--halt_max_steps=2", "--warmup_iters=2", "--threads=1", "--log_interval=1000", "--eval_interval=0"]


# -----------------------------------------------------------------------------
# augmentations

def test_sudoku_augmentations_keep_solutions_valid_and_invert():
    grids = solved_grids(64, seed=3)
    assert data.sudoku_valid(grids).all()
    assert len({tuple(g.tolist()) for g in grids}) == 64                # they really differ
    position, token = data.sudoku_augmentation(64, torch.Generator().manual_seed(4))
    moved = data.apply_sudoku(grids, position, token)
    assert data.sudoku_valid(moved).all()
    back = data.apply_sudoku(moved, *data.invert_sudoku(position, token))
    assert torch.equal(back, grids)
    # a puzzle moves with its solution: blanks (1) stay blank, givens stay consistent
    puzzle = grids.clone()
    puzzle[:, ::3] = 1
    p2 = data.apply_sudoku(puzzle, position, token)
    assert ((p2 == 1) | (p2 == moved)).all() and (p2 == 1).sum() == (puzzle == 1).sum()


def test_sudoku_augmentation_reaches_transposes_and_band_shuffles():
    position, _ = data.sudoku_augmentation(2000, torch.Generator().manual_seed(0))
    first_row = position[:, :9] // 9
    assert (first_row == first_row[:, :1]).all(1).float().mean() > 0.3   # row kept: no transpose
    assert (position[:, :9] < 9).all(1).float().mean() < 0.7             # ... or moved
    assert len({int(p) for p in position[:, 0]}) == 81                   # any cell can land at (0,0)


def test_maze_dihedral_matches_the_official_vectors():
    path = DATA / "vectors" / "official-encodings.json"
    for v in json.loads(path.read_text())["dihedral"]:
        grid = torch.tensor(v["grid"])
        out = data.dihedral(grid, v["tid"])
        assert out.tolist() == v["transformed"], v["tid"]
        assert data.DIHEDRAL_INVERSE[v["tid"]] == v["inverse_tid"]
        assert torch.equal(data.dihedral(out, v["inverse_tid"]), grid)


def test_maze_augmentation_moves_the_maze_not_the_canvas(tmp_path):
    maze = ["#######", "#S    #", "# ### #", "#   #G#", "#######"]
    sol = ["#######", "#Soooo#", "# ###o#", "#   #G#", "#######"]
    f = tmp_path / "maze.jsonl"
    f.write_text(json.dumps({"rows": 5, "cols": 7, "puzzle": maze, "solution": sol}) + "\n")
    d = data.load_jsonl(str(f), "maze")
    assert d["inputs"].shape == (1, 900) and d["sizes"].tolist() == [[5, 7]]
    x, y = d["inputs"].expand(8, 900), d["labels"].expand(8, 900)
    tids = torch.arange(8)
    ax, ay = data.apply_maze(x, d["sizes"].expand(8, 2), tids), data.apply_maze(y, d["sizes"].expand(8, 2), tids)
    for b in range(8):
        canvas = ax[b].view(30, 30)
        h, w = (5, 7) if b in (0, 2, 4, 5) else (7, 5)
        assert (canvas[h:, :] == 1).all() and (canvas[:, w:] == 1).all()   # walls outside the maze
        assert (canvas == 3).sum() == 1 and (canvas == 4).sum() == 1        # one S, one G
        assert ((ay[b] == 5) == ((ax[b] == 2) & (ay[b] != 2))).all()        # path marks on open cells
        inv = data.DIHEDRAL_INVERSE[b]
        size = torch.tensor([[h, w]])
        assert torch.equal(data.apply_maze(ax[b:b + 1], size, torch.tensor([inv])), x[:1])


# -----------------------------------------------------------------------------
# pieces of the trainer

def test_stablemax_cross_entropy():
    logits = torch.tensor([[[2.0, -1.0, 0.5]]])
    s = torch.tensor([3.0, 0.5, 1.5])                                    # x + 1 for x >= 0, 1 / (1 - x) else
    got = train.token_loss(logits, torch.tensor([[2]]), "stablemax")
    assert got.item() == pytest.approx(-math.log(1.5 / s.sum().item()), rel=1e-6)
    soft = train.token_loss(logits, torch.tensor([[0]]), "softmax")
    assert soft.item() == pytest.approx(-torch.log_softmax(logits[0, 0], -1)[0].item(), rel=1e-6)


def test_configure_reads_files_and_overrides(tmp_path):
    py = tmp_path / "c.py"
    py.write_text("hidden_size = 64\nlr = 3e-4\n_private = 1\n")
    js = tmp_path / "c.json"
    js.write_text('{"batch_size": 32, "task": "maze"}')
    cfg, given = train.configure([str(py), str(js), "--lr=1e-3", "--out_dir=x/y", "--resume", "--mlp_t=False",
                                  "--time_budget_min=2"])
    assert (cfg["hidden_size"], cfg["batch_size"], cfg["task"], cfg["lr"], cfg["out_dir"]) == (64, 32, "maze", 1e-3, "x/y")
    assert cfg["resume"] == "auto" and cfg["mlp_t"] is False and cfg["time_budget_min"] == 2.0
    assert cfg["L_cycles"] == train.DEFAULTS["L_cycles"] and "hidden_size" in given and "seed" not in given
    with pytest.raises(SystemExit, match="unknown config key 'hiden_size'"):
        train.configure(["--hiden_size=3"])
    with pytest.raises(SystemExit, match="batch_size must be int"):
        train.configure(["--batch_size=1.5"])


def test_a_fine_tune_takes_the_architecture_it_does_not_set_from_the_starting_model():
    shipped = str(REPO / "models" / "maze-conv-30x30")
    cfg, given = train.configure([f"--init_weights={shipped}", "--task=maze", "--halt_max_steps=12"])
    taken = train.inherit_architecture(cfg, given)
    assert "halt_max_steps" not in taken and cfg["halt_max_steps"] == 12          # set here: kept
    assert (cfg["hidden_size"], cfg["num_heads"], cfg["mlp_t"], cfg["conv_kernel"], cfg["puzzle_emb_len"]) == (128, 4, False, 3, 1)
    assert isinstance(cfg["expansion"], float) and cfg["expansion"] == 2.0          # stored as 2
    assert {"hidden_size", "L_layers", "H_cycles", "L_cycles"} <= set(taken)
    cfg, given = train.configure([f"--init_weights={shipped}/model.onnx", "--hidden_size=64"])
    train.inherit_architecture(cfg, given)
    assert cfg["hidden_size"] == 64 and cfg["conv_kernel"] == 3                    # the file's folder is read too
    cfg, given = train.configure(["--init_weights=/nonexistent/model"])
    assert train.inherit_architecture(cfg, given) == [] and cfg["hidden_size"] == train.DEFAULTS["hidden_size"]


def test_schedules():
    c = type("C", (), dict(train.DEFAULTS, warmup_iters=10, lr=1e-3, min_lr=1e-4, curriculum_start=36,
                           curriculum_end=22, curriculum_frac=0.5))
    assert train.lr_at(c, 0, 0.0) == pytest.approx(1e-4) and train.lr_at(c, 9, 0.0) == pytest.approx(1e-3)
    assert train.lr_at(c, 50, 0.5) == pytest.approx(5.5e-4) and train.lr_at(c, 99, 1.0) == pytest.approx(1e-4)
    assert [train.curriculum_level(c, p) for p in (0.0, 0.25, 0.5, 0.9)] == [36, 29, 22, 22]
    c.curriculum_start = 0
    assert train.curriculum_level(c, 0.1) is None


def test_maze_curriculum_grows_the_maze_size():
    d = {"inputs": torch.zeros(4, 36, dtype=torch.long), "labels": torch.zeros(4, 36, dtype=torch.long),
         "sizes": torch.tensor([[3, 4], [5, 5], [6, 2], [6, 6]])}
    stream = data.PuzzleStream(d, "maze", seed=0, augment=False)
    stream.set_level(4)
    assert stream.pool.tolist() == [0] and stream.level == 4
    stream.set_level(2)                                                    # never an empty pool
    assert stream.pool.tolist() == [0] and stream.level == 4
    stream.set_level(6)
    assert stream.pool.tolist() == [0, 1, 2, 3]
    stream.set_level(5)
    restored = data.PuzzleStream(d, "maze", seed=1, augment=False)
    restored.load_state_dict(stream.state_dict())
    assert restored.pool.tolist() == [0, 1] and torch.equal(restored.draw(3)[0], stream.draw(3)[0])


# -----------------------------------------------------------------------------
# training

def test_tiny_model_overfits_a_handful_of_puzzles(tmp_path):
    f = write_sudoku_jsonl(tmp_path / "few.jsonl", 4, blanks=8)
    out = train.main(["--train_file=" + f, "--test_files=" + f, f"--out_dir={tmp_path / 'run'}", "--batch_size=8",
                      "--max_iters=60", "--lr=1e-2", "--min_lr=1e-2", "--augment=False", "--ema_decay=0.9",
                      "--weight_decay=0.0", "--loss_fn=softmax", *TINY])
    losses = [h["loss"] for h in out["history"] if "loss" in h]
    assert sum(losses[-10:]) / 10 < 0.3 * sum(losses[:10]) / 10
    final = out["results"]["few.jsonl"]
    assert final["exact"] == 1.0 and final["cell"] == 1.0


def test_resume_continues_exactly(tmp_path):
    f = write_sudoku_jsonl(tmp_path / "d.jsonl", 64, blanks=30)
    common = ["--train_file=" + f, "--test_files=" + f, "--batch_size=6", "--max_iters=8", "--final_eval_puzzles=4",
              "--halt_exploration_prob=0.5", "--curriculum_start=60", "--curriculum_end=51", *TINY]
    whole = train.main(common + [f"--out_dir={tmp_path / 'a'}"])
    first = train.main(common + [f"--out_dir={tmp_path / 'b'}", "--stop_after=4"])
    assert first["step"] == 4 and first["results"] is None
    rest = train.main([f"--out_dir={tmp_path / 'b'}", "--resume"])
    loss = lambda run: [h["loss"] for h in run["history"] if "loss" in h]  # noqa: E731
    assert loss(first) == loss(whole)[:4]
    assert loss(rest) == pytest.approx(loss(whole)[4:], rel=1e-6, abs=1e-7)
    a = torch.load(tmp_path / "a" / "ckpt.pt")
    b = torch.load(tmp_path / "b" / "ckpt.pt")
    for k, v in a["ema"].items():
        assert torch.allclose(v, b["ema"][k], atol=1e-6), k
    assert len(b["training"]["commands"]) == 2


def test_checkpoint_describes_itself_and_exports_the_ema_weights(tmp_path):
    f = write_sudoku_jsonl(tmp_path / "d.jsonl", 16, blanks=20)
    train.main(["--train_file=" + f, "--test_files=" + f, f"--out_dir={tmp_path / 'run'}", "--batch_size=4",
                "--max_iters=3", "--ema_decay=0.5", *TINY])
    ckpt = torch.load(tmp_path / "run" / "ckpt.pt")
    for key in ("model", "model_args", "optimizer", "ema", "step", "config", "data_seed", "task", "training", "accuracy"):
        assert key in ckpt, key
    assert ckpt["step"] == 3 and ckpt["task"] == "sudoku" and ckpt["config"]["hidden_size"] == 32
    assert {a["halt"] for a in ckpt["accuracy"]} == {"fixed 2 steps", "q_halt > 0"}
    model = TRM(TRMConfig(**ckpt["model_args"]))
    model.load_state_dict(ckpt["ema"])
    assert any(not torch.equal(v, ckpt["model"][k]) for k, v in ckpt["ema"].items())  # EMA differs from raw
    export_onnx.main(["--checkpoint", str(tmp_path / "run" / "ckpt.pt"), "--out", str(tmp_path / "m")])
    manifest = json.loads((tmp_path / "m" / "manifest.json").read_text())
    assert manifest["training"]["source"] == "trm-router training run" and manifest["training"]["weights"] == "ema"
    assert manifest["accuracy"][0]["dataset"] == "d.jsonl" and manifest["hiddenSize"] == 32


def test_maze_on_a_smaller_canvas_trains_and_exports_its_canvas(tmp_path):
    mazes = [(["#S  ", "## #", "G  #"], ["#Soo", "##o#", "Goo#"]),
             (["S # ", "  # ", " G  "], ["S # ", "o # ", "oG  "]),
             (["S   G"], ["SoooG"])]
    f = tmp_path / "mazes.jsonl"
    f.write_text("".join(json.dumps({"rows": len(p), "cols": len(p[0]), "puzzle": p, "solution": s}) + "\n"
                         for p, s in mazes))
    d = data.load_jsonl(str(f), "maze", maze_side=6)
    assert d["inputs"].shape == (3, 36) and d["sizes"].tolist() == [[3, 4], [3, 4], [1, 5]]
    assert d["inputs"][2].view(6, 6)[1:, :].eq(1).all()                   # walls below the 1x5 maze
    ax = data.apply_maze(d["inputs"], d["sizes"], torch.tensor([1, 6, 2]))
    assert ax.shape == (3, 36) and ax[2].view(6, 6)[0, :5].tolist() == [4, 2, 2, 2, 3]   # rotated by 180
    with pytest.raises(ValueError, match="does not fit"):
        data.load_jsonl(str(f), "maze", maze_side=4)
    out = train.main(["--task=maze", "--maze_side=6", "--train_file=" + str(f), "--test_files=" + str(f),
                      f"--out_dir={tmp_path / 'run'}", "--batch_size=6", "--max_iters=30", "--lr=1e-2",
                      "--min_lr=1e-2", "--mlp_t=False", "--conv_kernel=3", "--pos_encodings=none", "--puzzle_emb_len=1",
                      "--augment=False", "--given_weight=0.1",
                      "--ema_decay=0.0", "--weight_decay=0.0", *TINY])
    losses = [h["loss"] for h in out["history"] if "loss" in h]
    assert sum(losses[-5:]) / 5 < 0.5 * losses[0]          # (per-step losses are noisy: slots carry)
    export_onnx.main(["--checkpoint", str(tmp_path / "run" / "ckpt.pt"), "--out", str(tmp_path / "m")])
    manifest = json.loads((tmp_path / "m" / "manifest.json").read_text())
    assert manifest["task"] == "maze" and manifest["canvas"] == {"rows": 6, "cols": 6} and manifest["seqLen"] == 36
    assert manifest["architecture"]["mixer"] == "conv"
    # the convolution's weights do not depend on the canvas: the same run exports for 10 x 10
    export_onnx.main(["--checkpoint", str(tmp_path / "run" / "ckpt.pt"), "--out", str(tmp_path / "m10"), "--canvas", "10"])
    assert json.loads((tmp_path / "m10" / "manifest.json").read_text())["seqLen"] == 100
    # a fine-tune of that model records what it started from, through a resume and the export, and
    # a fine-tune of the fine-tune keeps the chain
    tune = ["--task=maze", "--maze_side=6", "--train_file=" + str(f), "--test_files=" + str(f), "--batch_size=6",
            "--final_eval_puzzles=1", "--max_iters=2"]
    train.main(tune + [f"--init_weights={tmp_path / 'm'}", f"--out_dir={tmp_path / 'tune'}", "--stop_after=1"])
    train.main([f"--out_dir={tmp_path / 'tune'}", "--resume"])
    export_onnx.main(["--checkpoint", str(tmp_path / "tune" / "ckpt.pt"), "--out", str(tmp_path / "m2")])
    origin = json.loads((tmp_path / "m2" / "manifest.json").read_text())["training"]["startedFrom"]
    assert origin["model"] == os.path.normpath(tmp_path / "m") and origin["optimizerSteps"] == 30
    assert origin["commands"][0].startswith("train.py --task=maze") and "finalEval" not in origin
    train.main(tune + [f"--init_weights={tmp_path / 'm2'}", f"--out_dir={tmp_path / 'tune2'}"])
    chain = torch.load(tmp_path / "tune2" / "ckpt.pt")["training"]["startedFrom"]
    assert chain["model"] == os.path.normpath(tmp_path / "m2") and chain["startedFrom"] == origin
    assert "startedFrom" not in torch.load(tmp_path / "run" / "ckpt.pt")["training"]   # a fresh run has none


def test_autocast_leaves_the_blocks_their_gradients():
    # with autocast's weight-cast cache the no-grad H-cycles' bf16 copies are reused by the gradient
    # cycle and the blocks get zero gradient (torch 1.13, CPU and CUDA alike): train.autocast turns it off
    torch.manual_seed(0)
    model = TRM(TRMConfig(hidden_size=32, puzzle_emb_ndim=32, mlp_t=True, pos_encodings="none", expansion=2.0,
                          H_cycles=2, L_cycles=2))
    x = solved_grids(4)
    z_H, z_L = model.initial_latents(4)
    with train.autocast("cpu", "bfloat16"):
        logits, _, _, _ = model(x, torch.zeros(4, dtype=torch.long), z_H, z_L, torch.ones(4, dtype=torch.bool))
    train.token_loss(logits, x, "stablemax").mean().backward()
    for name, p in model.named_parameters():
        if name.startswith("L_level"):
            assert p.grad is not None and p.grad.abs().sum() > 0, name


def test_a_maze_run_can_accept_any_shortest_path(tmp_path):
    # the second maze has tied shortest paths; with maze_target=any the loss takes the one the model
    # leans to, and the run says so in its checkpoint (and so in the exported manifest)
    mazes = [(["#S  ", "## #", "G  #"], ["#Soo", "##o#", "Goo#"]),
             (["S   ", "    ", "   G"], ["S   ", "o   ", "oooG"])]
    f = tmp_path / "mazes.jsonl"
    f.write_text("".join(json.dumps({"rows": len(p), "cols": len(p[0]), "puzzle": p, "solution": s}) + "\n"
                         for p, s in mazes))
    common = ["--task=maze", "--maze_side=4", "--train_file=" + str(f), "--test_files=" + str(f), "--batch_size=4",
              "--max_iters=3", "--mlp_t=False", "--conv_kernel=3", "--pos_encodings=none", "--puzzle_emb_len=1", *TINY]
    train.main(common + ["--maze_target=any", f"--out_dir={tmp_path / 'any'}"])
    assert torch.load(tmp_path / "any" / "ckpt.pt")["training"]["mazeTarget"].startswith("any shortest path")
    train.main(common + [f"--out_dir={tmp_path / 'canonical'}"])
    assert "mazeTarget" not in torch.load(tmp_path / "canonical" / "ckpt.pt")["training"]
    with pytest.raises(SystemExit, match="maze_target"):
        train.main(["--task=sudoku", "--maze_target=any", "--train_file=" + str(f)])
    with pytest.raises(SystemExit, match="maze_target"):
        train.main(common + ["--maze_target=nearest"])
