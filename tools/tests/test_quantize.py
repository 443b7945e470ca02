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


def test_token_mixer_stays_transposed_until_its_down_projection(tmp_path):
    # the exporter puts the token mixer's weights on the left (W @ h); the int8 copy runs them as
    # Transpose(h) -> DynamicQuantizeMatMul with W^T, keeps gate, up and silu(gate) * up transposed
    # and ends with the float down-projection as MatMul(a, W_down^T) + one Transpose
    m = quantize(tmp_path / "int8")
    fp32 = onnx.load(str(FIXTURE / "model.onnx"))
    calls = sum(1 for n in fp32.graph.node if n.op_type == "MatMul" and "mlp_t/down_proj" in n.name)
    made_by = {o: n for n in m.graph.node for o in n.output}
    transposes = [n for n in m.graph.node if n.op_type == "Transpose" and "/layers." in n.name]
    assert len(transposes) == 2 * calls  # h^T (shared by gate and up) and the down-projection's output
    for n in m.graph.node:
        if n.op_type in ("Sigmoid", "Mul") and "mlp_t" in n.name:
            assert all(made_by.get(i) is None or made_by[i].op_type != "Transpose" for i in n.input), n.name
    downs = [n for n in m.graph.node if n.op_type == "MatMul" and "mlp_t/down_proj" in n.name]
    assert len(downs) == calls and all(made_by[n.output[0]].op_type == "MatMul" for n in downs)
    assert all(n.input[1].endswith("_T") for n in downs)  # MatMul(a, W_down^T): the weight on the right
