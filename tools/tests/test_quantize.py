"""tools/quantize_onnx.py: int8 copies keep the step contract and store int8 weights."""
import json
import subprocess
import sys

import onnx
from helpers import REPO

FIXTURE = REPO / "test" / "fixtures" / "trm" / "sudoku-mlp-tiny"


def quantize(out, *extra):
    subprocess.run([sys.executable, str(REPO / "tools" / "quantize_onnx.py"), "--model", str(FIXTURE),
                    "--precision", "int8", "--out", str(out), *extra], check=True)
    m = onnx.load(str(out / "model.onnx"))
    onnx.checker.check_model(m)
    return m


def float_matmuls(m):
    """Names of the MatMuls left in float32 (their weight input is an initializer or Identity of one)."""
    return [n.name for n in m.graph.node if n.op_type == "MatMul"]


def test_int8_copy(tmp_path):
    out = tmp_path / "int8"
    m = quantize(out)
    ops = [n.op_type for n in m.graph.node]
    assert "MatMulInteger" in ops and "DynamicQuantizeLinear" in ops
    assert [i.name for i in m.graph.input] == ["inputs", "puzzle_identifiers", "z_H", "z_L", "reset"]
    # the down-projections (outlier-heavy SwiGLU inputs) stay float32, every other weight MatMul is int8
    kept = float_matmuls(m)
    assert kept and all("down_proj" in n for n in kept)
    quantized = [n.name for n in m.graph.node if n.op_type == "MatMulInteger"]
    assert any("gate_up_proj" in n for n in quantized) and any("lm_head" in n for n in quantized)
    assert not any("down_proj" in n for n in quantized)
    # no float copy of a quantized weight survives: the graph is smaller
    assert (out / "model.onnx").stat().st_size < (FIXTURE / "model.onnx").stat().st_size * 0.7
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["precision"] == "int8" and manifest["accuracy"] is None
    assert manifest["onnx"]["bytes"] == (out / "model.onnx").stat().st_size
    assert manifest["training"]["quantized"]["keepFp32"] == ["down_proj"]


def test_keep_fp32_option(tmp_path):
    every = quantize(tmp_path / "all", "--keep-fp32", "none")
    assert float_matmuls(every) == []
    assert (tmp_path / "all" / "model.onnx").stat().st_size < (FIXTURE / "model.onnx").stat().st_size / 2
    mixer = quantize(tmp_path / "mlp_t", "--keep-fp32", "mlp_t/", "--keep-fp32", "lm_head")
    kept = float_matmuls(mixer)
    assert kept and all("mlp_t/" in n or "lm_head" in n for n in kept) and any("lm_head" in n for n in kept)
    assert any("down_proj" in n.name for n in mixer.graph.node if n.op_type == "MatMulInteger")


def test_refuses_to_requantize(tmp_path):
    out = tmp_path / "int8"
    cmd = [sys.executable, str(REPO / "tools" / "quantize_onnx.py"), "--precision", "int8"]
    subprocess.run(cmd + ["--model", str(FIXTURE), "--out", str(out)], check=True)
    r = subprocess.run(cmd + ["--model", str(out), "--out", str(tmp_path / "again")], capture_output=True, text=True)
    assert r.returncode != 0 and "quantize the fp32 model" in r.stderr
