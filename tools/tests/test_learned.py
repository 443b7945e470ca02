"""Learned grid tasks (tasks.py): the encoding, its vectors, augmentations, data errors, the
verifier figures of every task, and a tiny learned task trained, resumed and exported."""
import json
import math
import shutil
import subprocess

from dataclasses import asdict

import onnx
import pytest
import torch

import data
import export_onnx
import make_fixtures
import tasks
import train
from conftest import DATA, REPO
from helpers import onnx_steps_in_node, steps_as_reference
from test_train import TINY, solved_grids

SPEC = {"name": "flip-lr", "description": "Mirror the grid left to right.", "maxGrid": {"rows": 5, "cols": 5},
        "alphabet": {"colours": 4}, "sameSize": True, "augmentations": ["colours"]}
ARC = {"name": "arc-like", "description": "Official ARC layout.", "maxGrid": {"rows": 30, "cols": 30},
       "alphabet": {"colours": 10}, "sameSize": False, "augmentations": ["dihedral", "colours"]}
CONV = ["--mlp_t=False", "--conv_kernel=3", "--pos_encodings=none", "--puzzle_emb_len=1"]


def grid_of(tokens, side):
    return tokens.view(side, side).tolist()


# -----------------------------------------------------------------------------
# encoding

def test_encoding_layout_small_canvas():
    spec = dict(SPEC, maxGrid={"rows": 4, "cols": 5})                    # N = 6
    t = tasks.LearnedTask(spec)
    assert (t.side, t.seq_len, t.vocab_size, t.canvas) == (6, 36, 6, (6, 6))
    x, y, extra = t.read({"input": [[0, 1, 2], [3, 0, 1]], "output": [[2, 1, 0], [1, 0, 3]]})
    assert grid_of(torch.tensor(x), 6) == [
        [2, 3, 4, 1, 0, 0],
        [5, 2, 3, 1, 0, 0],
        [1, 1, 1, 0, 0, 0],                                               # EOS row, PAD corner
        [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0]]
    assert grid_of(torch.tensor(y), 6)[0] == [4, 3, 2, 1, 0, 0]
    assert extra == {"sizes": (2, 3), "out_sizes": (2, 3)}
    full = tasks.encode_grid([[1] * 5] * 5, 6).view(6, 6)                 # a 5x5 grid: EOS on both sides
    assert full[:5, 5].tolist() == [1] * 5 and full[5, :5].tolist() == [1] * 5 and full[5, 5] == 0


def test_encoding_at_30_leaves_no_room_for_eos():
    t = tasks.LearnedTask(ARC)
    assert (t.side, t.seq_len, t.vocab_size) == (30, 900, 12)
    wide = torch.tensor(t.read({"input": [[7] * 30], "output": [[7] * 30] * 30})[0]).view(30, 30)
    assert wide[0].tolist() == [9] * 30 and wide[1].tolist() == [1] * 30 and (wide[2:] == 0).all()
    tall = tasks.encode_grid([[3]] * 30, 30).view(30, 30)
    assert tall[:, 0].tolist() == [5] * 30 and tall[:, 1].tolist() == [1] * 30 and (tall[:, 2:] == 0).all()
    assert (tasks.encode_grid([[2] * 30] * 30, 30) == 4).all()
    assert tasks.spec_side(dict(ARC, maxGrid={"rows": 29, "cols": 3})) == 30
    assert tasks.spec_side(dict(ARC, maxGrid={"rows": 1, "cols": 1})) == 2


def test_official_arc_vectors_are_the_learned_encoding_at_n30_k10():
    vectors = json.loads((DATA / "vectors" / "official-encodings.json").read_text())
    t = tasks.LearnedTask(ARC)
    for v in vectors["arc_encode"]:
        x, y, _ = t.read({"input": v["input"], "output": v["output"]})
        assert x == v["input_tokens"] and y == v["output_tokens"], v["task"]


def test_symbols_and_few_colours():
    spec = dict(SPEC, maxGrid={"rows": 3, "cols": 4}, alphabet={"symbols": [".", "#", "o"]}, sameSize=False)
    t = tasks.LearnedTask(spec)
    assert (t.side, t.vocab_size) == (5, 5)
    x, y, extra = t.read({"input": ["#..o", ".##."], "output": [[2], [1], [0]]})
    assert grid_of(torch.tensor(x), 5)[:3] == [[3, 2, 2, 4, 1], [2, 3, 3, 2, 1], [1, 1, 1, 1, 0]]
    assert grid_of(torch.tensor(y), 5)[:4] == [[4, 1, 0, 0, 0], [3, 1, 0, 0, 0], [2, 1, 0, 0, 0], [1, 0, 0, 0, 0]]
    assert extra == {"sizes": (2, 4), "out_sizes": (3, 1)}


def test_encoding_vectors_file_is_up_to_date_and_small():
    path = make_fixtures.LEARNED
    assert path.stat().st_size < 200_000
    vectors = json.loads(path.read_text())
    assert vectors == make_fixtures.learned_vectors()
    sets = [vectors] + vectors["moreSpecs"]
    assert vectors["canvas"] == {"rows": 30, "cols": 30} and vectors["vocabSize"] == 12
    assert {s["canvas"]["rows"] for s in sets} == {30, 15, 9, 7}
    assert any("symbols" in s["spec"]["alphabet"] for s in sets)
    assert any(len(c["grid"][0]) == 30 for c in vectors["cases"])
    for s in sets:
        t = tasks.LearnedTask(s["spec"])
        for c in s["cases"]:
            assert t.read({"input": c["grid"], "output": c["grid"]})[0] == c["tokens"]


def test_encoding_vectors_match_typescript_encode_arc_grid(tmp_path):
    # the N = 30, K = 10 cases through src/tasks/arc/encode.ts itself
    tsx = REPO / "node_modules" / ".bin" / "tsx"
    if not tsx.exists() or not shutil.which("node"):
        pytest.skip("no node_modules/.bin/tsx")
    script = tmp_path / "encode.ts"
    script.write_text(
        "import { readFileSync } from 'node:fs';\n"
        f"import {{ encodeArcGrid }} from '{REPO / 'src' / 'tasks' / 'arc' / 'encode.ts'}';\n"
        "const v = JSON.parse(readFileSync(process.argv[2], 'utf8'));\n"
        "console.log(JSON.stringify(v.cases.map((c: { grid: number[][] }) => Array.from(encodeArcGrid(c.grid)))));\n")
    p = subprocess.run([str(tsx), str(script), str(make_fixtures.LEARNED)], capture_output=True, text=True,
                       timeout=120, cwd=REPO)
    assert p.returncode == 0, p.stderr
    cases = json.loads(make_fixtures.LEARNED.read_text())["cases"]
    assert json.loads(p.stdout) == [c["tokens"] for c in cases]


# -----------------------------------------------------------------------------
# augmentations

def test_augmentations_match_the_official_arc_vectors():
    # name "task|||t<tid>|||<mapping of colours 0..9>": augmented = mapping[dihedral(original, tid)]
    for v in json.loads((DATA / "vectors" / "official-encodings.json").read_text())["arc_aug_inverse"]:
        _, t, mapping = v["name"].split("|||")
        tid, perm = int(t[1:]), torch.tensor([[int(ch) for ch in mapping]])
        g = torch.tensor(v["original"])
        x = tasks.encode_grid(g, 30).view(1, -1)
        out = tasks.apply_colours(tasks.apply_dihedral(x, torch.tensor([list(g.shape)]), torch.tensor([tid])), perm)
        assert out[0].tolist() == tasks.encode_grid(v["augmented"], 30).tolist(), v["name"]


def test_dihedral_moves_the_eos_lines_and_inverts():
    g = torch.arange(6).view(2, 3) % 4
    x = tasks.encode_grid(g, 6).view(1, -1).expand(8, 36)
    sizes = torch.tensor([[2, 3]]).expand(8, 2)
    out = tasks.apply_dihedral(x, sizes, torch.arange(8))
    for tid in range(8):
        want = tasks.dihedral(g, tid)
        assert out[tid].tolist() == tasks.encode_grid(want, 6).tolist()
        back = tasks.apply_dihedral(out[tid:tid + 1], torch.tensor([list(want.shape)]),
                                    torch.tensor([tasks.DIHEDRAL_INVERSE[tid]]))
        assert torch.equal(back[0], x[0])


def test_stream_draws_only_the_spec_augmentations(tmp_path):
    f = tmp_path / "d.jsonl"
    f.write_text("\n".join(json.dumps({"input": [[1, 2, 3], [0, 3, 0]], "output": [[3, 2, 1], [0, 3, 0]]}) for _ in range(4)))
    only_colours = data.load_jsonl(str(f), tasks.LearnedTask(SPEC))
    x, y = data.PuzzleStream(only_colours, tasks.LearnedTask(SPEC), seed=0).draw(64)
    assert (x.view(64, 6, 6)[:, 2, :3] == 1).all() and (x.view(64, 6, 6)[:, :2, 3] == 1).all()   # shape kept
    assert (x.view(64, 6, 6)[:, 1, 0] == 2).all()                        # background 0 stays
    assert len({tuple(r.tolist()) for r in x}) == 6                       # 3! permutations of 1..3
    flip = x.view(64, 6, 6)[:, :2, :3].flip(2)
    assert torch.equal(flip, y.view(64, 6, 6)[:, :2, :3])                # input and output alike
    both = tasks.LearnedTask(dict(SPEC, augmentations=["dihedral", "colours"]))
    x2, _ = data.PuzzleStream(only_colours, both, seed=0).draw(256)
    assert (x2.view(256, 6, 6)[:, 3, :2] == 1).any()                     # some transposed: 3x2
    plain = data.PuzzleStream(only_colours, both, seed=0, augment=False).draw(3)
    assert torch.equal(plain[0], only_colours["inputs"][:3])


def test_learned_curriculum_uses_the_largest_side(tmp_path):
    t = tasks.LearnedTask(dict(SPEC, sameSize=False))
    f = tmp_path / "d.jsonl"
    f.write_text("\n".join(json.dumps({"input": [[1] * c] * r, "output": [[1] * oc]}) for r, c, oc in
                           [(1, 2, 1), (3, 1, 1), (2, 2, 5), (4, 4, 1)]))
    d = data.load_jsonl(str(f), t)
    assert t.levels(d).tolist() == [2, 3, 5, 4]
    stream = data.PuzzleStream(d, t, seed=0)
    stream.set_level(3)
    assert stream.pool.tolist() == [0, 1] and stream.level == 3


# -----------------------------------------------------------------------------
# specs and data files

@pytest.mark.parametrize("change, message", [
    (dict(name="Fill"), "name 'Fill' must match"),
    (dict(name="maze"), "built-in task"),
    (dict(maxGrid={"rows": 31, "cols": 3}), "maxGrid must be"),
    (dict(alphabet={"colours": 11}), "alphabet.colours must be an integer 2..10"),
    (dict(alphabet={"symbols": [".", "."]}), "distinct one-character strings"),
    (dict(alphabet={"colours": 3, "symbols": ["a", "b"]}), "alphabet must be"),
    (dict(augmentations=["rotate"]), "augmentations must be"),
    (dict(sameSize="yes"), "sameSize must be true or false"),
    (dict(extra=1), "unknown key 'extra'"),
])
def test_bad_specs_are_named(change, message):
    with pytest.raises(ValueError, match=message):
        tasks.check_spec({**SPEC, **change})


def test_spec_file_errors(tmp_path):
    p = tmp_path / "s.json"
    p.write_text("{nope")
    with pytest.raises(ValueError, match="s.json: not JSON"):
        tasks.load_spec(p)
    p.write_text(json.dumps({k: v for k, v in SPEC.items() if k != "description"}))
    with pytest.raises(ValueError, match="missing key 'description'"):
        tasks.load_spec(p)


def test_bad_jsonl_lines_name_file_line_and_reason(tmp_path):
    good = json.dumps({"input": [[0, 1], [2, 3]], "output": [[1, 0], [3, 2]]})
    bad = [
        ('{"input": [[0, 1]]', "not JSON"),
        (json.dumps({"input": [[0, 1]]}), "missing 'output'"),
        (json.dumps({"input": [[0, 1], [2]], "output": [[1, 0], [2]]}), "input: row 1 has 1 cells, row 0 has 2"),
        (json.dumps({"input": [[0, 4]], "output": [[4, 0]]}), r"input\[0\]\[1\] = 4 is not a colour 0..3"),
        (json.dumps({"input": [[0]] * 6, "output": [[0]] * 6}), "input is 6x1, larger than maxGrid 5x5"),
        (json.dumps({"input": [[0, 1]], "output": [[1], [0]]}), "output is 2x1, input 1x2; the spec says sameSize"),
        (json.dumps({"input": ["01"], "output": ["10"]}), "rows are strings, but the alphabet is colours"),
        (json.dumps({"input": [], "output": [[1]]}), "input must be a non-empty list of rows"),
        (json.dumps([1, 2]), "a record is"),
    ]
    t = tasks.LearnedTask(SPEC)
    for line, why in bad:
        f = tmp_path / "d.jsonl"
        f.write_text(f"{good}\n\n{good}\n{line}\n{good}\n")
        with pytest.raises(ValueError, match=rf"d.jsonl line 4: .*{why}"):
            data.load_jsonl(str(f), t)
    sym = tasks.LearnedTask(dict(SPEC, alphabet={"symbols": [".", "#"]}))
    f.write_text(json.dumps({"input": ["#.", ".x"], "output": ["..", ".."]}) + "\n")
    with pytest.raises(ValueError, match=r"line 1: not a flip-lr record \(input row 1: 'x' not in the symbols '.#'\)"):
        data.load_jsonl(str(f), sym)
    f.write_text("\n\n")
    with pytest.raises(ValueError, match="no puzzles"):
        data.load_jsonl(str(f), t)


# -----------------------------------------------------------------------------
# what `exact` means per task

def test_sudoku_exact_is_the_verifier():
    t = tasks.get("sudoku")
    sol = solved_grids(3, seed=1)
    puzzle = sol.clone()
    puzzle[:, :40] = 1
    other = solved_grids(1, seed=9).expand(3, 81)                        # valid, but another grid
    ok = t.verify(puzzle, sol, sol)
    assert ok.all()
    assert not t.verify(puzzle, other, sol).any()                        # keeps no givens
    keeps_givens = torch.cat((other[:, :40], sol[:, 40:]), dim=1)        # givens kept, grid invalid
    assert not t.verify(puzzle, keeps_givens, sol).any()
    free = torch.ones_like(sol)                                          # no givens at all: any valid grid
    assert t.verify(free, other, sol).all()


def maze_tokens(rows, side=6):
    return torch.tensor([tasks.maze_tokens(rows, side)])


def test_maze_exact_is_a_shortest_path_through_the_marks():
    t = tasks.get("maze", side=6)
    puzzle = ["S    ", " ### ", "    G"]
    label = ["Soooo", " ###o", "    G"]
    x, y = maze_tokens(puzzle), maze_tokens(label)
    assert t.verify(x, y, y).item()
    other_way = maze_tokens(["S    ", "o### ", "ooooG"])                  # the other shortest path
    assert t.verify(x, other_way, y).item() and not tasks.Task.verify(t, x, other_way, y).item()
    stray = maze_tokens(["Soooo", "o###o", "    G"])                      # a stray mark: ignored
    assert t.verify(x, stray, y).item()
    copied_badly = y.clone()
    copied_badly[0, 0] = 2                                               # S not copied: the path still counts
    assert t.verify(x, copied_badly, y).item()
    gap = maze_tokens(["Soo o", " ###o", "    G"])
    assert not t.verify(x, gap, y).item()
    open_maze = maze_tokens(["S  ", "   ", "  G"])
    assert t.verify(open_maze, maze_tokens(["Soo", "  o", "  G"]), open_maze).item()
    assert t.verify(open_maze, maze_tokens(["Soo", "oo ", "ooG"]), open_maze).item()   # a shortest route among the marks
    assert not t.verify(open_maze, maze_tokens(["S  ", "o  ", "o  "]), open_maze).item()  # never reaches G
    row = maze_tokens(["S  G", "    "])
    assert not t.verify(row, maze_tokens(["S  G", "oooo"]), row).item()                # a path, not a shortest one
    wall = maze_tokens(["S#G", "   "])
    assert not t.verify(wall, maze_tokens(["SoG", "   "]), wall).item()                # through a wall
    assert t.verify(wall, maze_tokens(["S#G", "ooo"]), wall).item()


def test_learned_exact_is_every_label_token():
    t = tasks.LearnedTask(SPEC)
    x, y, _ = t.read({"input": [[0, 1]], "output": [[1, 0]]})
    x, y = torch.tensor([x]), torch.tensor([y])
    assert t.verify(x, y, y).item()
    wrong_eos = y.clone()
    wrong_eos[0, 2] = 0                                                  # the EOS after the row
    assert not t.verify(x, wrong_eos, y).item()
    pad_noise = y.clone()
    pad_noise[0, -1] = 3                                                 # PAD cells are not scored
    assert t.verify(x, pad_noise, y).item()
    assert torch.equal(t.decide(x, y), x != y)


# -----------------------------------------------------------------------------
# train, resume, export

def write_flips(path, n, seed):
    g = torch.Generator().manual_seed(seed)
    with open(path, "w") as f:
        for _ in range(n):
            R, C = (int(v) for v in torch.randint(1, 6, (2,), generator=g))
            grid = torch.randint(0, 4, (R, C), generator=g)
            f.write(json.dumps({"input": grid.tolist(), "output": grid.flip(1).tolist()}) + "\n")
    return str(path)


@pytest.fixture(scope="module")
def flip_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("flip")
    (tmp / "spec.json").write_text(json.dumps(SPEC))
    train_file, test_file = write_flips(tmp / "train.jsonl", 200, 1), write_flips(tmp / "held.jsonl", 40, 2)
    args = [f"--task_spec={tmp / 'spec.json'}", "--train_file=" + train_file, "--test_files=" + test_file,
            "--batch_size=16", "--max_iters=80", "--lr=3e-3", "--ema_decay=0.9", *CONV, *TINY,
            "--log_interval=20", "--eval_interval=40", "--eval_puzzles=20"]
    out = train.main(args + [f"--out_dir={tmp / 'run'}"])
    return dict(tmp=tmp, args=args, out=out)


def test_tiny_learned_task_trains_and_logs(flip_run):
    out, run = flip_run["out"], flip_run["tmp"] / "run"
    losses = [h["loss"] for h in out["history"] if "loss" in h]
    assert len(losses) == 80 and sum(losses[-10:]) / 10 < 0.8 * sum(losses[:10]) / 10
    final = out["results"]["held.jsonl"]
    assert final["exact"] == final["tokenExact"] and 0 < final["cell"] <= 1
    ckpt = torch.load(run / "ckpt.pt")
    assert ckpt["task"] == "flip-lr" and ckpt["task_spec"] == SPEC and ckpt["config"]["task"] == "flip-lr"
    assert (ckpt["model_args"]["seq_len"], ckpt["model_args"]["vocab_size"]) == (36, 6)
    assert all(a["exact"] == a["tokenExact"] for a in ckpt["accuracy"])
    lines = [json.loads(line) for line in (run / "log.jsonl").read_text().splitlines()]
    assert lines[0]["start"] is True and lines[0]["task"] == "flip-lr" and lines[0]["resumed"] is False
    progress = [e for e in lines if "elapsedMin" in e and "loss" in e]
    assert [e["step"] for e in progress] == [20, 40, 60, 80]
    assert all(e["budgetMin"] == 0 and 0 < e["progress"] <= 1 for e in progress)
    evals = [e for e in lines if "eval" in e]
    assert [e["step"] for e in evals] == [40, 80] and set(evals[0]["eval"]["held.jsonl"]) >= {"exact", "cell"}
    assert lines[-1]["done"] is True and lines[-1]["accuracy"] == ckpt["accuracy"] and lines[-1]["stoppedBy"] == "end"
    assert sum(1 for e in lines if "lr" in e and "elapsedMin" not in e) == 80   # one line per step


def test_learned_run_resumes_exactly_from_its_stored_spec(flip_run, tmp_path):
    args = flip_run["args"]
    first = train.main(args + [f"--out_dir={tmp_path}", "--stop_after=50"])
    assert first["results"] is None
    (flip_run["tmp"] / "spec.json").rename(flip_run["tmp"] / "moved.json")       # the spec file is gone
    try:
        rest = train.main([f"--out_dir={tmp_path}", "--resume"])
    finally:
        (flip_run["tmp"] / "moved.json").rename(flip_run["tmp"] / "spec.json")
    whole = [h["loss"] for h in flip_run["out"]["history"] if "loss" in h]
    got = [h["loss"] for h in first["history"] + rest["history"] if "loss" in h]
    assert got == pytest.approx(whole, rel=1e-6, abs=1e-7)
    lines = [json.loads(line) for line in (tmp_path / "log.jsonl").read_text().splitlines()]
    assert [e["resumed"] for e in lines if "start" in e] == [False, True]
    assert [e["stoppedBy"] for e in lines if "done" in e] == ["stop_after", "end"]
    assert [e for e in lines if "done" in e][0]["accuracy"] is None


def test_learned_task_config_errors(tmp_path):
    (tmp_path / "spec.json").write_text(json.dumps(SPEC))
    with pytest.raises(SystemExit, match="needs --task_spec"):
        train.main(["--task=learned", "--train_file=x", "--threads=1"])
    with pytest.raises(SystemExit, match="the spec sets the task"):
        train.main(["--task=maze", f"--task_spec={tmp_path / 'spec.json'}", "--train_file=x", "--threads=1"])
    (tmp_path / "d.jsonl").write_text('{"input": [[9]], "output": [[9]]}\n')
    with pytest.raises(SystemExit, match=r"d.jsonl line 1: .*9 is not a colour 0..3"):
        train.main([f"--task_spec={tmp_path / 'spec.json'}", f"--train_file={tmp_path / 'd.jsonl'}",
                    f"--out_dir={tmp_path / 'run'}", "--threads=1"])


def test_warmup_is_capped_by_the_run_length():
    c = type("C", (), dict(train.DEFAULTS, warmup_iters=100, warmup_frac=0.1, lr=1e-3, min_lr=1e-4))
    assert train.lr_at(c, 5, 0.05) == pytest.approx(5e-4)                # half of 10% of a short run
    assert train.lr_at(c, 5, 0.1) == pytest.approx(1e-4 + 0.45e-3 * (1 + math.cos(math.pi * 0.1)))   # warm-up over
    assert train.lr_at(c, 49, 0.001) == pytest.approx(5e-4)               # a long run: the steps rule
    c.warmup_frac = 0.0
    assert train.lr_at(c, 5, 0.5) == pytest.approx(6e-5)                  # no cap


def test_learned_export_carries_the_spec(flip_run):
    tmp = flip_run["tmp"]
    export_onnx.main(["--checkpoint", str(tmp / "run" / "ckpt.pt"), "--out", str(tmp / "m")])
    man = json.loads((tmp / "m" / "manifest.json").read_text())
    assert man["task"] == "flip-lr" and man["learnedTask"] == SPEC
    assert man["canvas"] == {"rows": 6, "cols": 6} and man["seqLen"] == 36 and man["vocabSize"] == 6
    assert man["architecture"]["mixer"] == "conv" and man["accuracyNote"] is None
    assert all(a["exact"] == a["tokenExact"] for a in man["accuracy"])
    proto = onnx.load(str(tmp / "m" / "model.onnx"))
    dims = {v.name: [d.dim_param or d.dim_value for d in v.type.tensor_type.shape.dim]
            for v in list(proto.graph.input) + list(proto.graph.output)}
    assert dims["inputs"] == ["batch", 36] and dims["logits"] == ["batch", 36, 6]
    with pytest.raises(SystemExit):
        export_onnx.main(["--checkpoint", str(tmp / "run" / "ckpt.pt"), "--out", str(tmp / "x"), "--task", "maze"])
    with pytest.raises(SystemExit):
        export_onnx.main(["--checkpoint", str(tmp / "run" / "ckpt.pt"), "--out", str(tmp / "x"), "--canvas", "10"])


def test_learned_export_runs_in_onnx_runtime(flip_run):
    tmp = flip_run["tmp"]
    if not (tmp / "m" / "manifest.json").exists():
        export_onnx.main(["--checkpoint", str(tmp / "run" / "ckpt.pt"), "--out", str(tmp / "m")])
    man = json.loads((tmp / "m" / "manifest.json").read_text())
    model = export_onnx.TRM(export_onnx.TRMConfig(**man["modelArgs"]))
    ckpt = torch.load(tmp / "run" / "ckpt.pt")
    model.load_state_dict(ckpt["ema"])
    x = data.load_jsonl(str(tmp / "held.jsonl"), tasks.LearnedTask(SPEC))["inputs"][:3]
    z_H, z_L = model.initial_latents(3)
    steps = []
    with torch.no_grad():
        for i in range(2):
            logits, q, z_H, z_L = model.step(x, torch.zeros(3, dtype=torch.long), z_H, z_L, torch.full((3,), i == 0))
            steps.append((logits.double(), q.double()))
    ours = steps_as_reference(steps)
    (tmp / "ref.json").write_text(json.dumps({"inputs": x.tolist(), "steps": ours}))
    got = onnx_steps_in_node(tmp / "m", tmp / "ref.json")
    for g, o in zip(got, ours):
        assert g["tokens"] == o["tokens"]
        assert torch.allclose(torch.tensor(g["qHalt"], dtype=torch.float64), torch.tensor(o["qHalt"], dtype=torch.float64), atol=1e-4)


# -----------------------------------------------------------------------------
# the accuracy field of exported training checkpoints

def legacy_checkpoint(path):
    torch.manual_seed(0)
    m = export_onnx.TRM(export_onnx.TRMConfig(hidden_size=32, num_heads=2, H_cycles=1, L_cycles=1, halt_max_steps=2,
                                              puzzle_emb_ndim=32, mlp_t=True, pos_encodings="none"))
    torch.save({"model": m.state_dict(), "model_args": asdict(m.cfg), "task": "sudoku",
                "training": {"source": "trm-router training run",
                             "finalEval": {"t.jsonl": {"puzzles": 10, "exact": 0.5, "cell": 0.9, "exact_by_step": [0.4, 0.5],
                                                       "adaptive_exact": 0.4, "adaptive_steps": 1.5}}},
                "accuracy": [{"dataset": "t.jsonl", "puzzles": 10, "exact": 0.5, "cell": 0.9, "meanSteps": 2,
                              "halt": "fixed 2 steps", "exactByStep": [0.4, 0.5]},
                             {"dataset": "t.jsonl", "puzzles": 10, "exact": 0.4, "meanSteps": 1.5, "halt": "q_halt > 0"}]},
               path)


def test_older_checkpoints_figures_are_not_written_as_verifier_figures(tmp_path):
    legacy_checkpoint(tmp_path / "ckpt.pt")
    export_onnx.main(["--checkpoint", str(tmp_path / "ckpt.pt"), "--out", str(tmp_path / "m")])
    man = json.loads((tmp_path / "m" / "manifest.json").read_text())
    assert man["accuracy"] is None and "not verifier figures" in man["accuracyNote"]
    first = man["training"]["trainingEval"][0]
    assert first["tokenExact"] == 0.5 and "exact" not in first and first["tokenExactByStep"] == [0.4, 0.5]
    assert man["training"]["finalEval"]["t.jsonl"]["adaptiveTokenExact"] == 0.4
    assert "exact" not in man["training"]["finalEval"]["t.jsonl"]


def test_accuracy_note_option_and_verifier_figures(tmp_path, flip_run):
    ckpt = flip_run["tmp"] / "run" / "ckpt.pt"
    export_onnx.main(["--checkpoint", str(ckpt), "--out", str(tmp_path / "m"), "--accuracy-note", "measured by ship.sh"])
    man = json.loads((tmp_path / "m" / "manifest.json").read_text())
    assert man["accuracy"] is None and man["accuracyNote"] == "measured by ship.sh"
    assert man["training"]["trainingEval"] == torch.load(ckpt)["accuracy"]
    model = export_onnx.TRM(export_onnx.TRMConfig(**man["modelArgs"]))
    with pytest.raises(ValueError, match="without a verifier figure"):
        export_onnx.export(model, tmp_path / "x", "flip-lr", {}, accuracy=[{"dataset": "d", "tokenExact": 1.0}],
                           learned_task=SPEC)


def test_ship_scripts_export_without_training_figures():
    for script in (REPO / "tools" / "ship").glob("*.sh"):
        text = script.read_text()
        assert "--accuracy-note" in text and "m.accuracy = null" not in text, script.name
