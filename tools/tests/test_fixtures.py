"""test/fixtures/trm: committed, reproducible, and what ONNX Runtime computes."""
import hashlib
import json

import pytest
import torch

import make_fixtures
from conftest import DATA
from helpers import onnx_steps_in_node

OUT = make_fixtures.OUT


def test_fixtures_are_up_to_date(capsys):
    # regenerates both fixtures in a temp dir; drift beyond 1e-5 fails (as `make_fixtures.py --check`)
    assert make_fixtures.check(OUT) == 0, capsys.readouterr().out


def test_puzzles_are_the_first_four_of_magictour():
    path = DATA / "sudoku" / "magictour_top1465.txt"
    lines = [ln.strip() for ln in path.read_text().splitlines() if ln.strip() and not ln.startswith("#")]
    assert make_fixtures.PUZZLES == lines[:4]


@pytest.mark.parametrize("name", sorted(make_fixtures.FIXTURES))
def test_fixture_folder(name):
    d = OUT / name
    man = json.loads((d / "manifest.json").read_text())
    ref = json.loads((d / "reference.json").read_text())
    assert man["format"] == "trm-onnx/1" and man["training"]["source"] == "random-init test fixture"
    assert man["onnx"]["sha256"] == hashlib.sha256((d / "model.onnx").read_bytes()).hexdigest()
    P = make_fixtures.FIXTURES[name][0]["puzzle_emb_len"]
    assert (man["seqLen"], man["puzzleEmbLen"], man["hiddenSize"], man["vocabSize"]) == (81, P, 32, 11)
    assert len(ref["steps"]) >= 4 and len(ref["puzzles"]) == 4
    q = torch.tensor([s["qHalt"] for s in ref["steps"]])
    assert (q > 0).any() and (q < 0).any()  # halting decisions go both ways


@pytest.mark.parametrize("name", sorted(make_fixtures.FIXTURES))
def test_onnx_runtime_matches_reference(name):
    d = OUT / name
    ref = json.loads((d / "reference.json").read_text())
    got = onnx_steps_in_node(d, d / "reference.json")
    for g, r in zip(got, ref["steps"]):
        assert g["tokens"] == r["tokens"]
        for key in ("qHalt", "logits_sample"):
            diff = (torch.tensor(g[key], dtype=torch.float64) - torch.tensor(r[key], dtype=torch.float64)).abs().max()
            assert diff <= 1e-5, f"{key}: {diff:.2e}"
