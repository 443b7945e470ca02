"""tools/quantize_onnx.py: int8 copies keep the step contract and store int8 weights."""
import json
import subprocess
import sys

import onnx
from helpers import REPO

FIXTURE = REPO / "test" / "fixtures" / "trm" / "sudoku-mlp-tiny"


def test_int8_copy(tmp_path):
    out = tmp_path / "int8"
    subprocess.run([sys.executable, str(REPO / "tools" / "quantize_onnx.py"), "--model", str(FIXTURE),
                    "--precision", "int8", "--out", str(out)], check=True)
    m = onnx.load(str(out / "model.onnx"))
    onnx.checker.check_model(m)
    ops = [n.op_type for n in m.graph.node]
    assert "MatMulInteger" in ops and "DynamicQuantizeLinear" in ops
    assert [i.name for i in m.graph.input] == ["inputs", "puzzle_identifiers", "z_H", "z_L", "reset"]
    # no float copy of a quantized weight survives: the graph is much smaller
    assert (out / "model.onnx").stat().st_size < (FIXTURE / "model.onnx").stat().st_size / 2
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["precision"] == "int8" and manifest["accuracy"] is None
    assert manifest["onnx"]["bytes"] == (out / "model.onnx").stat().st_size


def test_refuses_to_requantize(tmp_path):
    out = tmp_path / "int8"
    cmd = [sys.executable, str(REPO / "tools" / "quantize_onnx.py"), "--precision", "int8"]
    subprocess.run(cmd + ["--model", str(FIXTURE), "--out", str(out)], check=True)
    r = subprocess.run(cmd + ["--model", str(out), "--out", str(tmp_path / "again")], capture_output=True, text=True)
    assert r.returncode != 0 and "quantize the fp32 model" in r.stderr
