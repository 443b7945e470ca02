"""tools/bench_trm.py: the bench models' shapes, `make NAME` with its int8 copies, the torch timing."""
import json
from collections import Counter

import onnx
import pytest

import bench_trm
from trm.model import TRMConfig


def test_paper_scale_configs():
    for name, seq_len, mlp_t in [("sudoku-mlp-d512", 81, True), ("maze-att-d512", 900, False)]:
        task, args = bench_trm.BENCH_MODELS[name]
        cfg = TRMConfig(**args).validate()
        assert (cfg.seq_len, cfg.mlp_t, cfg.hidden_size, cfg.expansion) == (seq_len, mlp_t, 512, 4.0)
        assert (cfg.H_cycles, cfg.L_cycles, cfg.L_layers, cfg.halt_max_steps) == (3, 6, 2, 16)
        assert name in bench_trm.INT8_COPIES
    assert bench_trm.BENCH_MODELS["maze-att-d512"][1]["pos_encodings"] == "rope"
    assert bench_trm.BENCH_MODELS["sudoku-mlp-d512"][1]["pos_encodings"] == "none"
    conv = TRMConfig(**bench_trm.BENCH_MODELS["maze-conv-d512"][1]).validate()
    assert (conv.seq_len, conv.conv_kernel, conv.hidden_size, conv.H_cycles, conv.L_cycles) == (900, 3, 512, 3, 6)
    assert "maze-conv-d512" in bench_trm.INT8_COPIES
    assert set(bench_trm.LAYOUT_COPIES) == {"sudoku-mlp-d512", "maze-att-d512"}


def test_make_one_with_int8_copy_and_time_it(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(bench_trm, "INT8_COPIES", ("sudoku-mlp-d128",))
    bench_trm.make(str(tmp_path), ["sudoku-mlp-d128"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sudoku-mlp-d128", "sudoku-mlp-d128-int8"]
    int8 = json.loads((tmp_path / "sudoku-mlp-d128-int8" / "manifest.json").read_text())
    assert int8["precision"] == "int8"
    capsys.readouterr()
    # a budget of 1 ms still times one step; without a budget all steps run
    bench_trm.bench_torch(str(tmp_path / "sudoku-mlp-d128"), batch=2, steps=3, threads=1, budget_ms=1)
    out = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert out["steps"] == 1 and out["batch"] == 2 and out["msPerStep"] > 0
    bench_trm.bench_torch(str(tmp_path / "sudoku-mlp-d128"), batch=1, steps=2, threads=1)
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1])["steps"] == 2
    bench_trm.bench_torch(str(tmp_path / "sudoku-mlp-d128"), batch=3, steps=1, threads=1, warmup_batch=1)
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1])["batch"] == 3


def test_make_plain_and_fused_exports_with_int8_copies(tmp_path, monkeypatch):
    # the bench's ours / plain export and fused / ours rows (issue #19)
    monkeypatch.setattr(bench_trm, "INT8_COPIES", ("sudoku-mlp-d128",))
    monkeypatch.setattr(bench_trm, "LAYOUT_COPIES", ("sudoku-mlp-d128",))
    bench_trm.make(str(tmp_path), ["sudoku-mlp-d128"])
    names = [f"sudoku-mlp-d128{s}" for s in ("", "-int8", "-plain", "-plain-int8", "-fused", "-fused-int8")]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names)
    ops = {n: {node.op_type for node in onnx.load(str(tmp_path / n / "model.onnx")).graph.node} for n in names}
    assert "SkipSimplifiedLayerNormalization" in ops["sudoku-mlp-d128-fused"]
    assert "SkipSimplifiedLayerNormalization" in ops["sudoku-mlp-d128-fused-int8"]
    assert "SkipSimplifiedLayerNormalization" not in ops["sudoku-mlp-d128"] | ops["sudoku-mlp-d128-plain"]
    # no layout patches: gate_up as one MatMul and two Slices (ours: two MatMuls on its halves)
    count = {n: Counter(node.op_type for node in onnx.load(str(tmp_path / n / "model.onnx")).graph.node)
             for n in ("sudoku-mlp-d128", "sudoku-mlp-d128-plain")}
    assert count["sudoku-mlp-d128-plain"]["Slice"] > count["sudoku-mlp-d128"]["Slice"]
    assert count["sudoku-mlp-d128-plain"]["MatMul"] < count["sudoku-mlp-d128"]["MatMul"]
    manifest = json.loads((tmp_path / "sudoku-mlp-d128-plain" / "manifest.json").read_text())
    assert manifest["onnx"]["layout"] == "plain"


def test_make_rejects_unknown_names(tmp_path):
    with pytest.raises(SystemExit, match="unknown bench models"):
        bench_trm.make(str(tmp_path), ["sudoku-mlp-d999"])
