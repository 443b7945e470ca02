"""The reference model: config reading, shapes, the step contract, export of every variant."""
import json
from dataclasses import asdict

import onnx
import pytest
import torch

import export_onnx
from convert_official import read_arch
from export_onnx import INPUTS, export
from helpers import official, onnx_steps_in_node, run_steps, steps_as_reference
from make_fixtures import random_init
from trm.model import TRM, TRMConfig

SMALL = dict(hidden_size=32, num_heads=2, H_cycles=2, L_cycles=2, halt_max_steps=3, puzzle_emb_ndim=32)


def test_official_configs_read():
    d, _ = official("sudoku-att-d32-bf16")
    cfg = TRMConfig.from_arch(read_arch(d / "all_config.yaml"), seq_len=81, vocab_size=11)
    assert (cfg.hidden_size, cfg.num_heads, cfg.L_layers, cfg.H_cycles, cfg.L_cycles) == (32, 2, 2, 2, 2)
    assert cfg.rms_norm_eps == 1e-5 and isinstance(cfg.rms_norm_eps, float)  # YAML reads "1e-05" as text
    assert (cfg.mlp_t, cfg.pos_encodings, cfg.P, cfg.positions) == (False, "rope", 16, 97)


def test_arch_section_errors():
    arch = dict(hidden_size=32, num_heads=2, expansion=4, L_layers=2, H_cycles=2, L_cycles=2,
                halt_max_steps=4, pos_encodings="rope", puzzle_emb_ndim=32)
    assert TRMConfig.from_arch(arch).forward_dtype == "bfloat16"  # official default when absent
    with pytest.raises(ValueError, match=r"unknown keys \['hidden_sise'\]"):
        TRMConfig.from_arch({**arch, "hidden_sise": 3})
    with pytest.raises(ValueError, match=r"missing keys \['L_cycles'\]"):
        TRMConfig.from_arch({k: v for k, v in arch.items() if k != "L_cycles"})
    with pytest.raises(ValueError, match="not a TRM architecture"):
        TRMConfig.from_arch({**arch, "name": "hrm.hrm_act_v1@HierarchicalReasoningModel_ACTV1"})
    with pytest.raises(ValueError, match="expected an integer"):
        TRMConfig.from_arch({**arch, "L_layers": 2.5})
    with pytest.raises(ValueError, match="puzzle_emb_len > 0 needs puzzle_emb_ndim > 0"):
        TRMConfig.from_arch({**arch, "puzzle_emb_ndim": 0})


def test_official_sizes():
    # paper: 5M (MLP mixer) and 7M (attention) parameters on Sudoku
    mlp = TRM(TRMConfig(mlp_t=True, pos_encodings="none"))
    att = TRM(TRMConfig())
    assert mlp.num_params() == 5_030_402 and att.num_params() == 6_829_570
    block = mlp.L_level.layers[0]
    assert block.mlp.gate_up_proj.weight.shape == (2 * 1536, 512)  # round(4 * 512 * 2/3) -> 1536
    assert block.mlp_t.gate_up_proj.weight.shape == (2 * 512, 97)  # 97 positions -> 512
    assert "rotary.cos" not in att.state_dict()  # RoPE tables are not saved


def test_reset_ignores_the_given_latents():
    torch.manual_seed(0)
    m = TRM(TRMConfig(**SMALL)).eval()
    x, ids = torch.randint(1, 11, (3, 81)), torch.zeros(3, dtype=torch.long)
    z = torch.randn(3, 97, 32)
    with torch.no_grad():
        a = m.step(x, ids, z, z, torch.ones(3, dtype=torch.bool))
        b = m.step(x, ids, torch.zeros_like(z), torch.zeros_like(z), torch.ones(3, dtype=torch.bool))
        H, L = m.H_init.expand(3, 97, 32), m.L_init.expand(3, 97, 32)
        c = m.step(x, ids, H, L, torch.zeros(3, dtype=torch.bool))
    for u, v, w in zip(a, b, c):
        assert torch.equal(u, v) and torch.allclose(u, w, atol=1e-6)
    assert a[0].shape == (3, 81, 11) and a[1].shape == (3,) and a[2].shape == a[3].shape == (3, 97, 32)


def test_batch_rows_are_independent():
    torch.manual_seed(1)
    m = TRM(TRMConfig(**SMALL, num_puzzle_identifiers=3)).eval()
    with torch.no_grad():
        m.puzzle_emb.weights.normal_()
        x, ids = torch.randint(1, 11, (4, 81)), torch.tensor([0, 1, 2, 1])
        zH, zL = torch.randn(4, 97, 32), torch.randn(4, 97, 32)
        reset = torch.tensor([True, False, True, False])
        batch = m.step(x, ids, zH, zL, reset)
        for i in range(4):
            one = m.step(x[i:i + 1], ids[i:i + 1], zH[i:i + 1], zL[i:i + 1], reset[i:i + 1])
            for u, v in zip(batch, one):
                assert torch.allclose(u[i:i + 1], v, atol=1e-4)  # rounding only: BLAS blocks differ by batch


@pytest.mark.parametrize("variant", [
    dict(mlp_t=False, pos_encodings="learned"),
    dict(mlp_t=False, pos_encodings="none", puzzle_emb_ndim=0, puzzle_emb_len=0),
    dict(mlp_t=True, pos_encodings="none", puzzle_emb_ndim=40, puzzle_emb_len=0),  # P = ceil(40/32) = 2
    dict(mlp_t=False, conv_kernel=3, pos_encodings="none", puzzle_emb_len=1),
    dict(mlp_t=False, conv_kernel=5, pos_encodings="none", puzzle_emb_ndim=0, puzzle_emb_len=0),
])
def test_every_variant_exports_the_contract(tmp_path, variant):
    # random weights at half the LeCun scale: a well-conditioned recursion (see make_fixtures.py)
    m = random_init(TRM(TRMConfig(**{**SMALL, **variant})), seed=2).eval()
    man = export(m, tmp_path, "sudoku", {"source": "test"})
    proto = onnx.load(str(tmp_path / "model.onnx"))
    assert [i.name for i in proto.graph.input] == INPUTS
    assert man["puzzleEmbLen"] == m.cfg.P and man["modelArgs"]["pos_encodings"] == variant["pos_encodings"]
    assert sum(len(t.raw_data) for t in proto.graph.initializer) <= 4 * m.num_params()
    # ONNX numerics, when onnxruntime-node is at hand
    puzzles = ["4...3.......6..8..........1....5..9..8....6...7.2........1.27..5.3....4.9........"] * 2
    ours = steps_as_reference(run_steps(m, puzzles, 3))
    (tmp_path / "ref.json").write_text(json.dumps({"puzzles": puzzles, "steps": ours}))
    got = onnx_steps_in_node(tmp_path, tmp_path / "ref.json")
    for g, o in zip(got, ours):
        assert g["tokens"] == o["tokens"]
        for key in ("logits_sample", "qHalt"):
            assert torch.allclose(torch.tensor(g[key], dtype=torch.float64), torch.tensor(o[key], dtype=torch.float64), atol=1e-5)


def test_conv_mixer_is_local_and_the_same_at_every_cell():
    cfg = TRMConfig(**{**SMALL, "mlp_t": False, "conv_kernel": 3, "pos_encodings": "none", "puzzle_emb_len": 1})
    with pytest.raises(ValueError, match="conv_kernel must be 0 or odd"):
        TRMConfig(**{**asdict(cfg), "conv_kernel": 4}).validate()
    with pytest.raises(ValueError, match="square grid"):
        TRMConfig(**{**asdict(cfg), "seq_len": 80}).validate()
    with pytest.raises(ValueError, match="choose one"):
        TRMConfig(**{**asdict(cfg), "mlp_t": True}).validate()
    mix = TRM(cfg).L_level.layers[0].conv_t
    h = torch.zeros(1, 82, 32)
    h[0, 1 + 4 * 9 + 4] = 1.0                               # one cell in the middle of the 9 x 9 grid
    y = mix(h)[0]
    touched = sorted(i - 1 for i in range(1, 82) if y[i].abs().sum() > 0)
    assert touched == [r * 9 + c for r in (3, 4, 5) for c in (3, 4, 5)]      # its 3 x 3 neighbourhood
    assert torch.allclose(y[0], h[0, 1:].mean(0))           # the puzzle-embedding position: grid mean
    h2 = torch.zeros(1, 82, 32)
    h2[0, 1 + 1 * 9 + 6] = 1.0                              # the same cell pattern moved: same response
    assert torch.allclose(mix(h2)[0, 1 + 0 * 9 + 5], y[1 + 3 * 9 + 3])


def test_conv_maze_model_exports_for_a_larger_canvas(tmp_path):
    torch.manual_seed(0)
    m = TRM(TRMConfig(**{**SMALL, "seq_len": 36, "vocab_size": 6, "mlp_t": False, "conv_kernel": 3,
                         "pos_encodings": "none", "puzzle_emb_len": 1}))
    torch.save({"model": m.state_dict(), "model_args": asdict(m.cfg), "task": "maze", "training": {}}, tmp_path / "ckpt.pt")
    export_onnx.main(["--checkpoint", str(tmp_path / "ckpt.pt"), "--out", str(tmp_path / "big"), "--canvas", "10"])
    man = json.loads((tmp_path / "big" / "manifest.json").read_text())
    assert man["canvas"] == {"rows": 10, "cols": 10} and man["seqLen"] == 100 and man["training"]["trainedSeqLen"] == 36
    assert man["architecture"]["mixer"] == "conv" and man["architecture"]["convKernel"] == 3
    assert man["parameters"] == m.num_params()
    # the same tensors, strictly: nothing in the network depends on the canvas
    big = TRM(TRMConfig(**man["modelArgs"]))
    big.load_state_dict(m.state_dict(), strict=True)
    with torch.no_grad():
        logits = big.step(torch.ones(1, 100, dtype=torch.long), torch.zeros(1, dtype=torch.long),
                          *big.initial_latents(1), torch.ones(1, dtype=torch.bool))[0]
    assert logits.shape == (1, 100, 6)
    with pytest.raises(SystemExit):
        export_onnx.main(["--checkpoint", str(tmp_path / "ckpt.pt"), "--out", str(tmp_path / "x"), "--canvas", "10",
                          "--task", "sudoku"])


def test_our_checkpoint_exports(tmp_path):
    torch.manual_seed(3)
    m = TRM(TRMConfig(**SMALL, mlp_t=True, pos_encodings="none"))
    torch.save({"model": m.state_dict(), "model_args": asdict(m.cfg), "task": "sudoku",
                "training": {"iter_num": 10}, "accuracy": {"dataset": "x", "exact": 0.5}}, tmp_path / "ckpt.pt")
    assert export_onnx.main(["--checkpoint", str(tmp_path / "ckpt.pt"), "--out", str(tmp_path / "m")]) is None
    man = json.loads((tmp_path / "m" / "manifest.json").read_text())
    assert man["training"]["iter_num"] == 10 and man["accuracy"]["exact"] == 0.5 and man["accuracyNote"] is None


@pytest.mark.parametrize("mlp_t", [True, False])
def test_ort_layout_is_the_same_math(mlp_t):
    # the layout the exporter traces (no Transposes / Slices around the MatMuls) computes the
    # same step; float64 leaves only the order of additions, which is the same here
    m = random_init(TRM(TRMConfig(**SMALL, mlp_t=mlp_t, pos_encodings="none" if mlp_t else "rope")), seed=2).eval().double()
    x, ids = torch.randint(1, 11, (3, 81)), torch.zeros(3, dtype=torch.long)
    z = torch.randn(3, 97, 32, dtype=torch.float64)
    reset = torch.tensor([True, False, False])
    with torch.no_grad():
        want = m.step(x, ids, z, z, reset)
        with export_onnx.ort_layout(m):
            got = m.step(x, ids, z, z, reset)
    for u, v in zip(want, got):
        assert torch.allclose(u, v, rtol=0, atol=1e-12)
    assert not any("forward" in vars(mod) for mod in m.modules())  # the swapped forwards are put back


def test_exported_mlp_mixer_has_no_transposes_or_slices(tmp_path):
    m = random_init(TRM(TRMConfig(**SMALL, mlp_t=True, pos_encodings="none")), seed=2).eval()
    export(m, tmp_path, "sudoku", {"source": "test"})
    proto = onnx.load(str(tmp_path / "model.onnx"))
    in_blocks = [n for n in proto.graph.node if "/layers." in n.name]
    assert not [n.name for n in in_blocks if n.op_type in ("Transpose", "Slice")]
    matmuls = [n.name.split("/layers.0/")[-1] for n in in_blocks if n.op_type == "MatMul" and "/layers.0/" in n.name]
    assert matmuls[:6] == ["mlp_t/gate_up_proj/MatMul", "mlp_t/gate_up_proj/MatMul_1", "mlp_t/down_proj/MatMul",
                       "mlp/gate_up_proj/MatMul", "mlp/gate_up_proj/MatMul_1", "mlp/down_proj/MatMul"]  # first call
    assert sum(len(t.raw_data) for t in proto.graph.initializer) == 4 * m.num_params()  # halves stored once
