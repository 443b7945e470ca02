"""The puzzle-embedding table outside the graph (docs/trm-onnx.md, "The puzzle-embedding table"):
export_onnx's external layout, externalize_table on an in-graph folder, onnx_init reading it back."""
import json
import shutil

import numpy as np
import pytest
import torch

from export_onnx import (EXTERNAL_INPUTS, EXTERNAL_ROWS, IDENTIFIERS_FILE, TABLE_FILE, export,
                         externalize_table, read_table, wants_external)
from helpers import onnx_steps_in_node
from onnx_init import checkpoint_of_model, load_onnx_weights
from trm.model import TRM, TRMConfig

PUZZLES = ["4...3.......6..8..........1....5..9..8....6...7.2........1.27..5.3....4.9........",
           "7.8...3.....2.1...5.........4.....263...8.......1...9..9.6....4....7.5..........."]
IDS = ["<blank>", "a", "b", "c"]


def tiny(rows=4, seed=0):
    torch.manual_seed(seed)
    cfg = TRMConfig(seq_len=81, vocab_size=11, num_puzzle_identifiers=rows, hidden_size=16, num_heads=2,
                    expansion=1.0, L_layers=1, puzzle_emb_ndim=16, puzzle_emb_len=2, H_cycles=1, L_cycles=1,
                    halt_max_steps=2)
    model = TRM(cfg).eval()
    with torch.no_grad():  # random rows (the official init is zero, which would test nothing)
        model.puzzle_emb.weights.normal_()
        model.puzzle_emb.weights[0].zero_()
        model.q_head.weight.normal_(std=0.3)
    return model


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("table")
    model = tiny()
    export(model, tmp / "in-graph", "sudoku", {"source": "test"}, identifiers=IDS)
    shutil.copytree(tmp / "in-graph", tmp / "externalized")
    externalize_table(tmp / "externalized")
    export(model, tmp / "exported", "sudoku", {"source": "test"}, identifiers=IDS, external_table=True)
    return dict(tmp=tmp, model=model)


def manifest(d):
    return json.loads((d / "manifest.json").read_text())


def test_externalize_writes_the_external_layout(folders):
    d, model = folders["tmp"] / "externalized", folders["model"]
    m = manifest(d)
    assert m["puzzleTable"] == {"file": TABLE_FILE, "dtype": "float32", "rows": 4, "dim": 16,
                                "identifiers": IDENTIFIERS_FILE}
    assert "identifiers" not in m and m["numPuzzleIdentifiers"] == 4
    assert m["onnx"]["inputs"] == EXTERNAL_INPUTS
    assert json.loads((d / IDENTIFIERS_FILE).read_text()) == IDS
    table = np.fromfile(d / TABLE_FILE, dtype="<f4").reshape(4, 16)
    assert np.array_equal(table, model.puzzle_emb.weights.detach().numpy())
    # the exporter's external layout is the same graph, byte for byte
    assert (d / "model.onnx").read_bytes() == (folders["tmp"] / "exported" / "model.onnx").read_bytes()
    assert manifest(folders["tmp"] / "exported")["puzzleTable"] == m["puzzleTable"]
    assert externalize_table(d) == m  # already external: left as it is


def test_onnx_init_reads_the_external_table_back(folders):
    model = folders["model"]
    for name in ("in-graph", "externalized"):
        back = TRM(TRMConfig(**manifest(folders["tmp"] / name)["modelArgs"]))
        assert load_onnx_weights(back, folders["tmp"] / name) == []
        for k, v in model.state_dict().items():
            assert torch.equal(v, back.state_dict()[k]), (name, k)


def test_onnx_init_follows_appended_rows(folders, tmp_path):
    """adapt appends rows to the table; the checkpoint has them all (numPuzzleIdentifiers)."""
    d = tmp_path / "grown"
    shutil.copytree(folders["tmp"] / "externalized", d)
    extra = np.arange(16, dtype="<f4")
    with open(d / TABLE_FILE, "ab") as f:
        f.write(extra.tobytes())
    (d / IDENTIFIERS_FILE).write_text(json.dumps(IDS + ["new"]))
    m = manifest(d)
    m["puzzleTable"]["rows"] = m["numPuzzleIdentifiers"] = 5
    (d / "manifest.json").write_text(json.dumps(m))
    ckpt = checkpoint_of_model(str(d))
    assert ckpt["model_args"]["num_puzzle_identifiers"] == 5
    assert torch.equal(ckpt["model"]["puzzle_emb.weights"][4], torch.from_numpy(extra))


def test_read_table_refuses_a_truncated_table_or_wrong_names(folders, tmp_path):
    d = tmp_path / "broken"
    shutil.copytree(folders["tmp"] / "externalized", d)
    (d / IDENTIFIERS_FILE).write_text(json.dumps(IDS[:3]))
    with pytest.raises(ValueError, match="puzzleTable.identifiers"):
        read_table(d)
    with open(d / TABLE_FILE, "r+b") as f:
        f.truncate(4 * 16 * 3)
    with pytest.raises(ValueError, match="puzzleTable.file"):
        read_table(d)


def test_large_tables_go_outside_by_default():
    small, large = tiny(rows=EXTERNAL_ROWS), TRMConfig(num_puzzle_identifiers=EXTERNAL_ROWS + 1, puzzle_emb_ndim=8)
    assert not wants_external(small.cfg) and wants_external(large)
    assert wants_external(TRMConfig(num_puzzle_identifiers=100, puzzle_emb_ndim=512 * 400))
    assert not wants_external(TRMConfig(num_puzzle_identifiers=10 ** 6, puzzle_emb_ndim=0, puzzle_emb_len=0))


def test_same_steps_in_onnxruntime_node(folders, tmp_path):
    ref = tmp_path / "reference.json"
    blank = {"tokens": [[0] * 81] * 2, "qHalt": [0, 0], "logits_sample": [[[0] * 11] * 3] * 2}
    ref.write_text(json.dumps({"puzzles": PUZZLES, "puzzleIdentifiers": [3, 1], "steps": [blank, blank]}))
    a = onnx_steps_in_node(folders["tmp"] / "in-graph", ref)
    b = onnx_steps_in_node(folders["tmp"] / "externalized", ref)
    assert a == b and a[0]["qHalt"][0] != a[0]["qHalt"][1]


def test_int8_copy_keeps_the_external_table(folders, tmp_path):
    from quantize_onnx import quantize_folder
    src, dst = folders["tmp"] / "externalized", tmp_path / "int8"
    quantize_folder(str(src), str(dst), "int8")
    m = manifest(dst)
    assert m["precision"] == "int8" and m["puzzleTable"] == manifest(src)["puzzleTable"]
    assert m["onnx"]["inputs"] == EXTERNAL_INPUTS
    for f in (TABLE_FILE, IDENTIFIERS_FILE):
        assert (dst / f).read_bytes() == (src / f).read_bytes()
