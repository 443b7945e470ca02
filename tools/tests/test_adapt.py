"""tools/adapt.py (trm-router adapt) and tools/arc_data.py: a new ARC task's puzzle embeddings
learned with every weight frozen, appended to the external table, refused twice, written so that a
crash leaves the old model whole."""
import json
import os
import random
import shutil

import numpy as np
import pytest
import torch

import adapt
import arc_data
from export_onnx import export, read_table
from trm.model import TRM, TRMConfig

IDS = ["<blank>", "007bbfb7", "007bbfb7|||t1|||0123456789"]
# two demonstration pairs of a made-up task (colours 1 <-> 2 swapped), 3x3 grids
TASK = {"train": [{"input": [[1, 0, 2], [0, 1, 0], [2, 2, 0]], "output": [[2, 0, 1], [0, 2, 0], [1, 1, 0]]},
                  {"input": [[0, 1, 1], [2, 0, 0], [0, 0, 1]], "output": [[0, 2, 2], [1, 0, 0], [0, 0, 2]]}],
        "test": [{"input": [[1, 2, 0], [0, 0, 0], [0, 1, 2]]}]}


def opts(steps):
    """Short runs: a few optimizer steps (a high lr so that they show), evaluations only at the ends."""
    return ["--max-steps", str(steps), "--lr", "0.1", "--augmentations", "2", "--batch-size", "4", "--eval-every", "1e9", "--warmup-steps", "1",
            "--threads", "1", "--minutes", "5"]


def tiny_arc(path, external=True, side=30):
    """A random ARC TRM (30x30 attention, or side x side, D = 16): its answers depend on the puzzle embedding."""
    torch.manual_seed(0)
    cfg = TRMConfig(seq_len=side * side, vocab_size=12, num_puzzle_identifiers=len(IDS), hidden_size=16, num_heads=1,
                    expansion=1.0, L_layers=1, pos_encodings="rope", puzzle_emb_ndim=16, puzzle_emb_len=1,
                    H_cycles=1, L_cycles=1, halt_max_steps=2)
    model = TRM(cfg).eval()
    with torch.no_grad():
        model.puzzle_emb.weights.normal_(0, 0.5)
        model.puzzle_emb.weights[0].zero_()
    export(model, path, "arc", {"source": "test"}, identifiers=IDS, external_table=external)
    return model


def manifest(d):
    return json.loads((d / "manifest.json").read_text())


def run(capsys, *argv):
    code = adapt.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if code == 0 else None), err


@pytest.fixture(scope="module")
def adapted(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("adapt")
    before = tmp / "before"
    model = tiny_arc(before)
    after = tmp / "after"
    shutil.copytree(before, after)
    (tmp / "swap.json").write_text(json.dumps({"c0ffee01": TASK}))
    code = adapt.main(["--model", str(after), "--task", str(tmp / "swap.json"), *opts(25)])
    assert code == 0
    return dict(tmp=tmp, before=before, after=after, model=model)


def test_adapt_lowers_the_demonstration_loss_and_appends_rows(adapted, capsys):
    after, before = adapted["after"], adapted["before"]
    m, m0 = manifest(after), manifest(before)
    record = m["adapted"][-1]
    assert record["taskId"] == "c0ffee01" and record["rows"] == 2 and record["steps"] == 25
    assert record["loss"] < record["lossBefore"] - 0.05, record
    # two rows appended after the three there were; the old rows are byte for byte the same
    table, ids = read_table(after, m)
    old, _ = read_table(before, m0)
    assert m["puzzleTable"]["rows"] == m["numPuzzleIdentifiers"] == m["modelArgs"]["num_puzzle_identifiers"] == 5
    assert m["parameters"] == m0["parameters"] + 2 * 16
    assert np.array_equal(np.asarray(table[:3]), np.asarray(old))
    assert ids[:3] == IDS and ids[3] == "c0ffee01" and ids[4].startswith("c0ffee01|||t")
    assert m["puzzleTable"]["file"] != m0["puzzleTable"]["file"]           # a new file, switched by the manifest
    assert not (after / m0["puzzleTable"]["file"]).exists()                  # the old one removed
    assert sorted(p.name for p in after.iterdir()) == sorted(["manifest.json", "model.onnx", m["puzzleTable"]["file"],
                                                              m["puzzleTable"]["identifiers"]])
    # the graph is untouched; the rows written are the ones whose loss was reported
    assert (after / "model.onnx").read_bytes() == (before / "model.onnx").read_bytes()
    net = adapted["model"]
    _, pairs, _ = arc_data.read_task(TASK)
    augs = arc_data.plan_augmentations("c0ffee01", pairs, 2)
    assert [a["name"] for a in augs] == ids[3:]
    net.puzzle_emb.weights = torch.nn.Parameter(torch.from_numpy(np.array(table[3:])))
    metrics = adapt.evaluate(net, arc_data.build_examples(pairs, augs), augs, pairs, "cpu", 64, "stablemax")
    assert metrics["loss"] == pytest.approx(record["loss"], abs=1e-5)


def test_a_task_already_adapted_is_refused_unless_replace(adapted, capsys):
    tmp = adapted["tmp"]
    d = tmp / "again"
    shutil.copytree(adapted["after"], d)
    files = {p.name: p.read_bytes() for p in d.iterdir()}
    code, _, err = run(capsys, "--model", d, "--task", tmp / "swap.json", *opts(25))
    assert code == 2 and "c0ffee01 is already in the table" in err and "--replace" in err
    assert {p.name: p.read_bytes() for p in d.iterdir()} == files          # nothing written
    code, out, _ = run(capsys, "--model", d, "--task", tmp / "swap.json", "--replace", *opts(2))
    assert code == 0
    m = manifest(d)
    _, ids = read_table(d, m)
    assert m["numPuzzleIdentifiers"] == 5 and ids[3:] == [a for a in ids[3:] if a.startswith("c0ffee01")]
    assert [a["taskId"] for a in m["adapted"]] == ["c0ffee01"] and m["adapted"][0]["steps"] == 2


def test_a_crash_before_the_manifest_leaves_the_old_model_whole(adapted, capsys, monkeypatch):
    tmp = adapted["tmp"]
    d = tmp / "crash"
    shutil.copytree(adapted["before"], d)
    files = {p.name: p.read_bytes() for p in d.iterdir()}
    real = os.replace

    def crash_on_manifest(src, dst):
        if os.path.basename(dst) == "manifest.json":
            raise OSError("simulated crash")
        return real(src, dst)
    monkeypatch.setattr(adapt.os, "replace", crash_on_manifest)
    with pytest.raises(OSError, match="simulated crash"):
        adapt.main(["--model", str(d), "--task", str(tmp / "swap.json"), *opts(1)])
    # the manifest and the files it names are unchanged and agree (new files may lie beside them)
    m = manifest(d)
    assert (d / "manifest.json").read_bytes() == files["manifest.json"]
    for name in (m["puzzleTable"]["file"], m["puzzleTable"]["identifiers"], "model.onnx"):
        assert (d / name).read_bytes() == files[name]
    table, ids = read_table(d, m)
    assert table.shape == (3, 16) and ids == IDS


def test_a_second_adapt_of_the_same_folder_is_refused_while_one_runs(adapted, capsys):
    d = adapted["tmp"] / "locked"
    shutil.copytree(adapted["before"], d)
    held = adapt.lock_folder(str(d))
    try:
        code, _, err = run(capsys, "--model", d, "--task", adapted["tmp"] / "swap.json", *opts(1))
    finally:
        os.close(held)
    assert code == 2 and "another adapt is running" in err
    code, _, err = run(capsys, "--model", d, "--task", adapted["tmp"] / "swap.json", *opts(1))
    assert code == 0, err


def test_what_another_command_wrote_into_the_manifest_meanwhile_is_kept(adapted, capsys, monkeypatch):
    d = adapted["tmp"] / "meanwhile"
    shutil.copytree(adapted["before"], d)
    real = adapt.append_rows

    def eval_record_meanwhile(model_dir, *rest):
        m = manifest(d)
        (d / "manifest.json").write_text(json.dumps({**m, "accuracy": [{"dataset": "x", "puzzles": 1, "exact": 1.0}]}))
        return real(model_dir, *rest)
    monkeypatch.setattr(adapt, "append_rows", eval_record_meanwhile)
    code, _, err = run(capsys, "--model", d, "--task", adapted["tmp"] / "swap.json", *opts(1))
    assert code == 0, err
    m = manifest(d)
    assert m["accuracy"] == [{"dataset": "x", "puzzles": 1, "exact": 1.0}] and m["numPuzzleIdentifiers"] == 5


def test_a_model_with_its_table_in_the_graph_is_externalized_first(tmp_path, capsys):
    tiny_arc(tmp_path / "m", external=False)
    assert "puzzleTable" not in manifest(tmp_path / "m")
    (tmp_path / "t.json").write_text(json.dumps(TASK))
    code, out, err = run(capsys, "--model", tmp_path / "m", "--task", tmp_path / "t.json", *opts(1))
    assert code == 0, err
    m = manifest(tmp_path / "m")
    assert out["taskId"] == "t" and m["onnx"]["inputs"][1] == "puzzle_emb" and "identifiers" not in m
    assert read_table(tmp_path / "m", m)[1] == IDS + [a["name"] for a in arc_data.plan_augmentations("t", arc_data.read_task(TASK)[1], 2)]


@pytest.mark.parametrize("task, field", [
    ({"train": [{"input": [[1, 2], [3]], "output": [[1]]}], "test": []}, "train[0].input: row 1 has 1 cells, row 0 has 2"),
    ({"train": [{"input": [[1]], "output": [[10]]}], "test": []}, "train[0].output[0][0] = 10 is not an ARC colour"),
    ({"train": [{"input": [[1]]}], "test": []}, "train[0] must be an object with \"input\" and \"output\""),
    ({"test": [{"input": [[1]]}]}, ".train is missing"),
    ({"train": [], "test": []}, ".train must be a non-empty list"),
])
def test_a_bad_task_is_refused_naming_the_field(tmp_path, capsys, task, field):
    tiny_arc(tmp_path / "m")
    (tmp_path / "bad.json").write_text(json.dumps(task))
    code, _, err = run(capsys, "--model", tmp_path / "m", "--task", tmp_path / "bad.json")
    assert code == 2 and field in err, err


def test_a_model_of_a_smaller_canvas_adapts_the_tasks_that_fit_and_refuses_larger_ones(tmp_path, capsys):
    tiny_arc(tmp_path / "m", side=3)
    assert manifest(tmp_path / "m")["canvas"] == {"rows": 3, "cols": 3}
    wide = {"train": TASK["train"], "test": [{"input": [[1, 2, 0, 1]]}]}
    (tmp_path / "wide.json").write_text(json.dumps({"c0ffee02": wide}))
    code, _, err = run(capsys, "--model", tmp_path / "m", "--task", tmp_path / "wide.json", *opts(2))
    assert code == 2 and "test[0].input is 1x4; model" in err and "takes ARC grids up to 3x3" in err, err
    (tmp_path / "t.json").write_text(json.dumps({"c0ffee01": TASK}))           # 3x3 grids: they fit
    code, out, err = run(capsys, "--model", tmp_path / "m", "--task", tmp_path / "t.json", *opts(3))
    assert code == 0, err
    assert out["taskId"] == "c0ffee01" and out["after"]["loss"] < out["before"]["loss"]


def test_a_task_out_of_a_challenges_file():
    other = {"train": TASK["train"][:1], "test": TASK["test"]}
    task_id, pairs, tests = arc_data.read_task({"aaaa0001": TASK, "bbbb0002": other}, "c.json", "bbbb0002")
    assert task_id == "bbbb0002" and len(pairs) == 1 and len(tests) == 1
    with pytest.raises(ValueError, match="c.json has no task 'cccc0003' \\(2 tasks in it\\)"):
        arc_data.read_task({"aaaa0001": TASK, "bbbb0002": other}, "c.json", "cccc0003")


def test_a_model_of_another_task_is_refused(tmp_path, capsys):
    (tmp_path / "t.json").write_text(json.dumps(TASK))
    sudoku = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "trm", "sudoku-mlp-tiny")
    code, _, err = run(capsys, "--model", sudoku, "--task", tmp_path / "t.json")
    assert code == 2 and "not an ARC model" in err
    code, _, err = run(capsys, "--model", tmp_path / "none", "--task", tmp_path / "t.json")
    assert code == 2 and "no such model folder" in err


def test_augmentations_are_named_and_applied_as_the_typescript_solver_reads_them():
    _, pairs, _ = arc_data.read_task(TASK)
    augs = arc_data.plan_augmentations("abc", pairs, 6, seed=3)
    assert augs[0] == {"name": "abc", "tid": 0, "perm": list(range(10))}
    assert len({a["name"] for a in augs}) == 6
    for a in augs[1:]:
        _, tid, perm = a["name"].split("|||")
        assert tid == f"t{a['tid']}" and perm == "".join(map(str, a["perm"])) and a["perm"][0] == 0
    # augment.ts's examples: recolour, then transform; the inverse undoes it
    aug = [0, 8, 3, 2, 5, 9, 7, 4, 1, 6]
    assert arc_data.augment_grid(np.array([[0, 7, 7]]), 4, aug).tolist() == [[4, 4, 0]]
    grid = np.array([[1, 2, 3], [4, 5, 6]])
    for tid in range(8):
        assert np.array_equal(arc_data.inverse_augment_grid(arc_data.augment_grid(grid, tid, aug), tid, aug), grid)
    # a symmetric task: its transforms give few distinct puzzles, so fewer augmentations
    sym = [(np.zeros((2, 2), dtype=np.int64), np.zeros((2, 2), dtype=np.int64))]
    assert len(arc_data.plan_augmentations("z", sym, 8)) == 1


def test_encoding_and_crop_match_the_typescript_codec():
    x = arc_data.encode_grid(np.array([[0, 7], [7, 7]]))
    assert x[:3].tolist() == [2, 9, 1] and x[60:63].tolist() == [1, 1, 0]
    assert arc_data.decode_grid(arc_data.encode_grid(np.array([[3, 4, 5]]))).tolist() == [[3, 4, 5]]
    assert arc_data.decode_grid(np.zeros(900, dtype=np.int64)).size == 0
    ex = arc_data.build_examples([(np.ones((2, 3), dtype=np.int64), np.ones((3, 2), dtype=np.int64))] * 3,
                                 [{"tid": 0, "perm": list(range(10))}], translate=True, gen=random.Random(1))
    # translated copies keep the grid whole: the same number of colour and EOS cells
    assert ex["inputs"].shape == (3, 900) and ((ex["inputs"] == 3).sum(1) == 6).all()
    at_origin = [bool((x.view(30, 30)[:2, :3] == 3).all()) for x in ex["inputs"]]
    assert at_origin.count(True) >= 1 and at_origin.count(False) >= 1     # one pair stays, the others moved
