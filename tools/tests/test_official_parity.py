"""Official checkpoints, converted, reproduce the official code's outputs (reference.json).

Measured (PyTorch, float32, OpenBLAS), max |diff| over the 4 steps:
  sudoku-att-d32-bf16: q_halt 1.4e-6, logits 3.1e-6, tokens exact.
  sudoku-mlp-d32:      steps 1-2 within 4.4e-5 and tokens exact; steps 3-4 reach 2.8e-4 / 1.0e-3
                       and 2 argmax near-ties flip. That model's recursion is chaotic: our own
                       float32 and float64 runs differ just as much (6e-5, 3e-4, 1.4e-3 by step),
                       so no float32 implementation can match those steps to 1e-4 unless it
                       rounds exactly like the machine that made the reference.
Steps beyond STRICT_STEPS are held to what rounding alone explains: 4x our own float32-vs-float64
spread, and tokens may differ only where our top-2 logits are that close.
"""
import pytest
import torch

from convert_official import build
from export_onnx import export, tensor_bytes
from helpers import differences, official, onnx_steps_in_node, run_steps, steps_as_reference

TOL = 1e-4
CHECKPOINTS = {"sudoku-mlp-d32": 2, "sudoku-att-d32-bf16": 4}  # name: steps matched to TOL exactly


@pytest.fixture(scope="module", params=sorted(CHECKPOINTS))
def converted(request, tmp_path_factory):
    name = request.param
    d, ref = official(name)
    model = build(d / "step_0", d / "all_config.yaml", "sudoku")
    n = len(ref["steps"])
    single = run_steps(model, ref["puzzles"], n)
    double = run_steps(model, ref["puzzles"], n, dtype=torch.float64)
    spread = [max((a[0] - b[0]).abs().max().item(), (a[1] - b[1]).abs().max().item())
              for a, b in zip(single, double)]
    tols = [max(TOL, 4 * s) for s in spread]
    return dict(name=name, dir=d, ref=ref, model=model, ours=steps_as_reference(single),
                tols=tols, strict=CHECKPOINTS[name], tmp=tmp_path_factory.mktemp(name))


def assert_matches(got, c):
    for i, ((dq, dl, cells), tol) in enumerate(zip(differences(got, c["ref"]["steps"]), c["tols"])):
        if i < c["strict"]:
            assert not cells, f"step {i + 1}: tokens differ at {cells}"
            assert dq <= TOL and dl <= TOL, f"step {i + 1}: q_halt {dq:.2e}, logits {dl:.2e}"
        else:
            assert dq <= tol and dl <= tol, f"step {i + 1}: q_halt {dq:.2e}, logits {dl:.2e} > {tol:.2e}"
            near_ties = [[b, s] for b, s in cells if c["ours"][i]["margin"][b][s] < 2 * tol]
            assert cells == near_ties, f"step {i + 1}: tokens differ at {cells}, not near ties"


def test_pytorch_reproduces_reference(converted):
    assert_matches(converted["ours"], converted)


def test_reference_has_the_documented_shape(converted):
    ref = converted["ref"]
    assert len(ref["puzzles"]) == 8 and len(ref["steps"]) == converted["model"].cfg.halt_max_steps == 4


def test_bf16_checkpoint_becomes_float32():
    d, _ = official("sudoku-att-d32-bf16")
    raw = torch.load(d / "step_0", map_location="cpu")
    model = build(d / "step_0", d / "all_config.yaml", "sudoku")
    assert all(t.dtype == torch.bfloat16 for t in raw.values())
    assert all(t.dtype == torch.float32 for t in model.state_dict().values())
    key = "_orig_mod.model.inner.L_level.layers.0.self_attn.qkv_proj.weight"
    assert torch.equal(raw[key].float(), model.L_level.layers[0].self_attn.qkv_proj.weight)


def test_exported_graph(converted):
    import onnx
    model, out = converted["model"], converted["tmp"] / "model"
    m = export(model, out, "sudoku", {"source": "test"})
    proto = onnx.load(str(out / "model.onnx"))
    onnx.checker.check_model(proto)
    io = {v.name: (v.type.tensor_type.elem_type, [d.dim_param or d.dim_value for d in v.type.tensor_type.shape.dim])
          for v in list(proto.graph.input) + list(proto.graph.output)}
    P, S, D, V = 16, 81, 32, 11
    f32, i64, b = onnx.TensorProto.FLOAT, onnx.TensorProto.INT64, onnx.TensorProto.BOOL
    assert io == {
        "inputs": (i64, ["batch", S]), "puzzle_identifiers": (i64, ["batch"]),
        "z_H": (f32, ["batch", P + S, D]), "z_L": (f32, ["batch", P + S, D]), "reset": (b, ["batch"]),
        "logits": (f32, ["batch", S, V]), "q_halt": (f32, ["batch"]),
        "z_H_next": (f32, ["batch", P + S, D]), "z_L_next": (f32, ["batch", P + S, D]),
    }
    assert proto.opset_import[0].version == 17
    weights = sum(len(t.raw_data) for t in proto.graph.initializer)
    assert weights == 4 * m["parameters"]  # every weight stored once, in float32
    rope = 2 * 4 * (P + S) * (D // 2) if model.cfg.pos_encodings == "rope" else 0
    assert tensor_bytes(proto) <= weights + rope + 1024  # cos/sin once, not once per use
    assert m["parameters"] == sum(t.numel() for t in torch.load(converted["dir"] / "step_0").values())


def test_onnx_reproduces_reference(converted):
    out = converted["tmp"] / "model"
    if not (out / "model.onnx").exists():
        export(converted["model"], out, "sudoku", {"source": "test"})
    got = onnx_steps_in_node(out, converted["dir"] / "reference.json")
    assert_matches(got, converted)
