"""An official-code ARC checkpoint (data/vectors/official-trm/arc-att-d64, see its README), converted
with its table cut to 3 tasks x 4 augmentations (of 5), reproduces the official code's float64 outputs;
convert_official's ARC options (--identifiers, --tasks, --augmentations) and their errors.

Measured (PyTorch float32, OpenBLAS, 2 cores), max |diff| against the official float64 run over
the 4 steps: q_halt 3.6e-7, logits_sample 1.1e-5, tokens exact; our float64 run: q_halt 3.0e-8
(the official code casts q to float32), logits 1.8e-6; our own float32-vs-float64 spread 1.9e-5.
onnxruntime-node (tools/check_onnx.mjs): q_halt 4.2e-7, logits 1.3e-5, tokens exact.
"""
import json

import pytest
import torch

from convert_official import build, main, read_task_ids, select_rows
from helpers import differences, official, onnx_steps_in_node, steps_as_reference

TOL = 1e-4
NAME = "arc-att-d64"


def run_tokens(model, ref, dtype):
    """Supervision steps on reference.json's token inputs and (converted) identifiers."""
    m = model.to(dtype)
    x, ids = torch.tensor(ref["inputs"]), torch.tensor(ref["puzzleIdentifiers"])
    B = len(x)
    z_H, z_L = (z.to(dtype) for z in m.initial_latents(B))
    out = []
    with torch.no_grad():
        for i in range(len(ref["steps"])):
            logits, q, z_H, z_L = m.step(x, ids, z_H, z_L, torch.full((B,), i == 0))
            out.append((logits.double(), q.double()))
    model.float()
    return out


@pytest.fixture(scope="module")
def arc(tmp_path_factory):
    d, ref = official(NAME)
    identifiers = json.loads((d / "identifiers.json").read_text())
    rows = select_rows(identifiers, ref["tasks"], ref["augmentations"])
    model = build(d / "step_0", d / "all_config.yaml", "arc", rows)
    single, double = run_tokens(model, ref, torch.float32), run_tokens(model, ref, torch.float64)
    spread = [max((a[0] - b[0]).abs().max().item(), (a[1] - b[1]).abs().max().item()) for a, b in zip(single, double)]
    return dict(dir=d, ref=ref, identifiers=identifiers, rows=rows, model=model, single=single,
                double=double, tols=[max(TOL, 4 * s) for s in spread], tmp=tmp_path_factory.mktemp("arc"))


def assert_matches(got, c):
    for i, ((dq, dl, cells), tol) in enumerate(zip(differences(got, c["ref"]["steps"]), c["tols"])):
        assert not cells, f"step {i + 1}: tokens differ at {cells[:5]}"
        assert dq <= tol and dl <= tol, f"step {i + 1}: q_halt {dq:.2e}, logits {dl:.2e} > {tol:.2e}"


def test_the_cut_keeps_blank_and_identity_first(arc):
    ids, rows, ref = arc["identifiers"], arc["rows"], arc["ref"]
    assert len(ids) == 21 and rows[0] == 0 and len(rows) == 1 + 3 * 4
    assert [ids[i] for i in rows[1:]] == ref["names"]
    assert rows[1:] == ref["checkpointIdentifiers"]
    assert list(range(1, len(rows))) == ref["puzzleIdentifiers"]   # renumbered from 1
    assert arc["model"].cfg.num_puzzle_identifiers == 13
    assert all(ids[i].split("|||")[0] != "00d62c1b" for i in rows)       # the dropped task
    assert ids[rows[4] + 1].startswith("007bbfb7|||")                     # 007bbfb7's 5th row: cut


def test_pytorch_reproduces_the_official_arc_reference(arc):
    assert_matches(steps_as_reference(arc["single"]), arc)
    for (dq, dl, cells) in differences(steps_as_reference(arc["double"]), arc["ref"]["steps"]):
        assert not cells and dq <= 1e-6 and dl <= 1e-5   # float64 against float64: the same computation


def test_converted_folder_in_onnxruntime_node(arc):
    out = arc["tmp"] / "model"
    d = arc["dir"]
    assert main(["--checkpoint", str(d / "step_0"), "--config", str(d / "all_config.yaml"), "--task", "arc",
                 "--identifiers", str(d / "identifiers.json"), "--tasks", ",".join(arc["ref"]["tasks"]),
                 "--augmentations", "4", "--out", str(out)]) == 0
    m = json.loads((out / "manifest.json").read_text())
    assert m["puzzleTable"]["rows"] == m["numPuzzleIdentifiers"] == 13 and "identifiers" not in m
    assert json.loads((out / "identifiers.json").read_text()) == ["<blank>"] + arc["ref"]["names"]
    assert m["training"]["tableCut"] == {"tasks": "007bbfb7,017c7c7b,025d127b", "augmentations": 4,
                                         "rowsInCheckpoint": 21, "rowsKept": 13}
    assert_matches(onnx_steps_in_node(out, d / "reference.json"), arc)


def test_task_ids_from_a_list_a_file_or_a_challenges_json(tmp_path):
    assert read_task_ids("a, b,,a") == ["a", "b"]
    (tmp_path / "ids.txt").write_text("x1  # first\nx2,x3\n")
    assert read_task_ids(str(tmp_path / "ids.txt")) == ["x1", "x2", "x3"]
    (tmp_path / "challenges.json").write_text(json.dumps({"k1": {"train": [], "test": []}, "k2": {}}))
    assert read_task_ids(str(tmp_path / "challenges.json")) == ["k1", "k2"]
    (tmp_path / "list.json").write_text(json.dumps(["j1", "j2"]))
    assert read_task_ids(str(tmp_path / "list.json")) == ["j1", "j2"]
    with pytest.raises(ValueError, match="no task ids"):
        read_task_ids(" , ")


def test_select_rows():
    ids = ["<blank>", "a", "a|||t1|||0123456789", "a|||t2|||0213456789", "b|||t3|||0123456798", "b",
           "c", "c|||t4|||0123456789"]
    assert select_rows(ids) == list(range(8))
    assert select_rows(ids, augmentations=1) == [0, 1, 5, 6]
    assert select_rows(ids, ["b"], 2) == [0, 4, 5]                 # identity + the first augmentation, in order
    assert select_rows(ids, ["c", "a"], 2) == [0, 1, 2, 6, 7]     # the table keeps its order
    with pytest.raises(ValueError, match=r"2 task id\(s\) not in the identifiers \(3 tasks\): zz, a\|\|\|t1"):
        select_rows(ids, ["zz", "a|||t1", "a"])
    with pytest.raises(ValueError, match="at least 1"):
        select_rows(ids, None, 0)


def test_cli_errors(arc, tmp_path, capsys):
    d = arc["dir"]
    base = ["--checkpoint", str(d / "step_0"), "--config", str(d / "all_config.yaml"), "--task", "arc",
            "--out", str(tmp_path / "m")]
    assert main(base + ["--identifiers", str(d / "identifiers.json"), "--tasks", "007bbfb7,nope"]) == 2
    assert "1 task id(s) not in the identifiers (4 tasks): nope" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(base + ["--tasks", "007bbfb7"])                          # no --identifiers
    assert "need --identifiers" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(base + ["--identifiers", str(d / "identifiers.json"), "--in-graph-table"])
    (tmp_path / "short.json").write_text(json.dumps(arc["identifiers"][:5]))
    assert main(base + ["--identifiers", str(tmp_path / "short.json")]) == 2
    assert "names 5 rows, the checkpoint's puzzle-embedding table has 21" in capsys.readouterr().err
    assert not (tmp_path / "m").exists()
