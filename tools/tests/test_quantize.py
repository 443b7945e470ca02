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


def test_nbits_method(tmp_path):
    # --method nbits (issue #19): every weight MatMul as com.microsoft MatMulNBits (8-bit blocks),
    # down-projections included; the blocks dequantize to the float weights within half a step
    import numpy as np
    from helpers import onnx_steps_in_node
    from quantize_onnx import NBITS_BLOCK, nbits_weights
    m = quantize(tmp_path / "nbits", "--method", "nbits")
    assert float_matmuls(m) == []
    nbits = [n for n in m.graph.node if n.op_type == "MatMulNBits"]
    assert nbits and all(n.domain == "com.microsoft" for n in nbits)
    assert any("down_proj" in n.name for n in nbits)
    assert json.loads((tmp_path / "nbits" / "manifest.json").read_text())["training"]["quantized"]["method"].startswith(
        "MatMulNBits")
    rng = np.random.default_rng(0)
    w = rng.standard_normal((70, 5)).astype(np.float32)  # K = 70: not a whole number of blocks
    q, scale = nbits_weights(w)
    blocks = -(-70 // NBITS_BLOCK)
    assert q.shape == (5, blocks, NBITS_BLOCK) and q.dtype == np.uint8 and scale.shape == (5 * blocks,)
    back = ((q.astype(np.float32) - 128) * scale.reshape(5, blocks, 1)).reshape(5, -1)[:, :70].T
    step = np.repeat(scale.reshape(5, blocks), NBITS_BLOCK, axis=1)[:, :70].T
    assert np.all(np.abs(back - w) <= step / 2 + 1e-7)
    # ONNX Runtime runs it (the contract's outputs, every step)
    ref = json.loads((FIXTURE / "reference.json").read_text())
    steps = onnx_steps_in_node(tmp_path / "nbits", FIXTURE / "reference.json")
    assert len(steps) == len(ref["steps"]) and [len(t) for t in steps[0]["tokens"]] == [81] * len(steps[0]["tokens"])
