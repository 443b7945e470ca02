"""convert_official: prefixes, and clear errors for checkpoints that do not fit the config."""
import hashlib
import json

import pytest
import torch

import convert_official
from convert_official import CheckpointMismatch, build
from helpers import official

NAME = "sudoku-mlp-d32"
PREFIX = "_orig_mod.model.inner."


@pytest.fixture(scope="module")
def source():
    d, _ = official(NAME)
    return d, torch.load(d / "step_0", map_location="cpu")


def convert(tmp_path, source, state_dict, task="sudoku"):
    """Run the CLI on a modified checkpoint: (exit code, stderr, output folder)."""
    d, _ = source
    ckpt, out = tmp_path / "step_x", tmp_path / "out"
    torch.save(state_dict, ckpt)
    return convert_official.main(["--checkpoint", str(ckpt), "--config", str(d / "all_config.yaml"),
                                  "--task", task, "--out", str(out)]), out


@pytest.mark.parametrize("prefix", ["_orig_mod.model.inner.", "model.inner.", "inner.", "_orig_mod.inner.", ""])
def test_prefixes(tmp_path, source, prefix):
    d, sd = source
    renamed = {prefix + k[len(PREFIX):]: v for k, v in sd.items()}
    torch.save(renamed, tmp_path / "ckpt")
    model = build(tmp_path / "ckpt", d / "all_config.yaml", "sudoku")
    for k, v in sd.items():
        assert torch.equal(model.state_dict()[k[len(PREFIX):]], v)


def test_missing_tensor(tmp_path, source, capsys):
    sd = dict(source[1])
    del sd[PREFIX + "L_level.layers.1.mlp.down_proj.weight"]
    code, out = convert(tmp_path, source, sd)
    err = capsys.readouterr().err
    assert code == 2 and not out.exists()
    assert "missing tensor: L_level.layers.1.mlp.down_proj.weight [32, 256]" in err


def test_unexpected_tensor(tmp_path, source, capsys):
    sd = dict(source[1])
    sd[PREFIX + "L_level.layers.2.mlp.down_proj.weight"] = torch.zeros(32, 256)
    code, out = convert(tmp_path, source, sd)
    assert code == 2 and not out.exists()
    assert f"unexpected tensor: {PREFIX}L_level.layers.2.mlp.down_proj.weight" in capsys.readouterr().err


def test_wrong_shape(tmp_path, source, capsys):
    sd = dict(source[1])
    sd[PREFIX + "lm_head.weight"] = torch.zeros(12, 32)
    code, out = convert(tmp_path, source, sd)
    assert code == 2 and not out.exists()
    assert f"wrong shape: {PREFIX}lm_head.weight is [12, 32], expected [11, 32]" in capsys.readouterr().err


def test_every_problem_is_listed(tmp_path, source, capsys):
    sd = dict(source[1])
    del sd[PREFIX + "H_init"]
    del sd[PREFIX + "q_head.bias"]
    sd[PREFIX + "extra"] = torch.zeros(1)
    sd[PREFIX + "L_level.layers.0.mlp_t.gate_up_proj.weight"] = torch.zeros(1024, 98)
    code, _ = convert(tmp_path, source, sd)
    err = capsys.readouterr().err
    assert code == 2
    for line in ["missing tensor: H_init [32]", "missing tensor: q_head.bias [2]", f"unexpected tensor: {PREFIX}extra",
                 f"wrong shape: {PREFIX}L_level.layers.0.mlp_t.gate_up_proj.weight is [1024, 98], expected [1024, 97]"]:
        assert line in err


def test_wrong_task_names_the_tensors(tmp_path, source, capsys):
    # a Sudoku checkpoint read as a maze: vocabulary and sequence length do not fit
    code, _ = convert(tmp_path, source, source[1], task="maze")
    err = capsys.readouterr().err
    assert code == 2
    assert f"wrong shape: {PREFIX}embed_tokens.embedding_weight is [11, 32], expected [6, 32]" in err
    assert f"wrong shape: {PREFIX}L_level.layers.0.mlp_t.gate_up_proj.weight is [1024, 97]" in err


def test_duplicate_after_prefixes(tmp_path, source):
    d, sd = source
    sd = dict(sd)
    sd["inner.H_init"] = sd[PREFIX + "H_init"]
    torch.save(sd, tmp_path / "ckpt")
    with pytest.raises(CheckpointMismatch, match="H_init twice"):
        build(tmp_path / "ckpt", d / "all_config.yaml", "sudoku")


def test_not_a_state_dict(tmp_path, source):
    d, _ = source
    torch.save({"model": {"a": torch.zeros(1)}}, tmp_path / "ckpt")
    with pytest.raises(CheckpointMismatch, match="not a state dict"):
        build(tmp_path / "ckpt", d / "all_config.yaml", "sudoku")


def test_identifiers_must_match_the_table(tmp_path, source, capsys):
    d, _ = source
    (tmp_path / "ids.json").write_text('["<blank>", "extra"]')
    code = convert_official.main(["--checkpoint", str(d / "step_0"), "--config", str(d / "all_config.yaml"),
                                  "--task", "sudoku", "--identifiers", str(tmp_path / "ids.json"),
                                  "--out", str(tmp_path / "out")])
    assert code == 2 and "--identifiers names 2 rows, the checkpoint's puzzle-embedding table has 1" in capsys.readouterr().err


def test_cli_writes_a_model_folder(tmp_path, source):
    d, _ = source
    (tmp_path / "ids.json").write_text('["<blank>"]')
    code = convert_official.main(["--checkpoint", str(d / "step_0"), "--config", str(d / "all_config.yaml"),
                                  "--task", "sudoku", "--identifiers", str(tmp_path / "ids.json"),
                                  "--out", str(tmp_path / "m")])
    m = json.loads((tmp_path / "m" / "manifest.json").read_text())
    assert code == 0
    assert m["format"] == "trm-onnx/1" and m["name"] == "m" and m["identifiers"] == ["<blank>"]
    assert m["onnx"]["sha256"] == hashlib.sha256((tmp_path / "m" / "model.onnx").read_bytes()).hexdigest()
    assert m["architecture"]["mixer"] == "mlp" and m["recursion"] == {
        "hCycles": 2, "lCycles": 2, "haltMaxSteps": 4, "noActContinue": True}
    assert m["training"]["source"] == "official TinyRecursiveModels checkpoint"
    assert m["accuracy"] is None and m["accuracyNote"] == "not measured"
