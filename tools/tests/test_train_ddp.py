"""Multi-process training (torchrun, gloo on CPU), tools/gpu/train.sh at a tiny size, checkpoint parts."""
import os
import socket
import subprocess
import sys
import tempfile
import time

import torch

from conftest import REPO, TOOLS
from test_train import TINY, write_sudoku_jsonl
from trm.model import TRM, TRMConfig

sys.path.insert(0, str(TOOLS / "gpu"))
import join_checkpoint  # noqa: E402
import split_checkpoint  # noqa: E402

ENV = dict(os.environ, OMP_NUM_THREADS="1", PYTHONUNBUFFERED="1")


def torchrun(args, timeout=150, attempts=2):
    """Two training processes with the environment torchrun gives them (RANK, WORLD_SIZE, ...).
    Debian's torch 1.13 `torch.distributed.run` fails on Python 3.11 before starting any worker
    (its Std IntFlag lookup returns None), so the test starts the workers itself. When one process
    fails (the rendezvous port, picked free, can be taken before rank 0 binds it), the other would
    wait for it forever: it is stopped at once, and the pair is started again on a new port."""
    for attempt in range(attempts):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        logs = [tempfile.TemporaryFile(mode="w+") for _ in range(2)]
        procs = [subprocess.Popen([sys.executable, str(TOOLS / "train.py"), *args], cwd=REPO, text=True,
                                  stdout=logs[r], stderr=subprocess.STDOUT,
                                  env=dict(ENV, RANK=str(r), LOCAL_RANK=str(r), WORLD_SIZE="2", LOCAL_WORLD_SIZE="2",
                                           MASTER_ADDR="127.0.0.1", MASTER_PORT=str(port)))
                 for r in range(2)]
        deadline = time.time() + timeout
        while any(p.poll() is None for p in procs) and time.time() < deadline:
            if any(p.poll() not in (None, 0) for p in procs):
                break
            time.sleep(0.2)
        for p in procs:
            if p.poll() is None:
                p.kill()
            p.wait()
        outs = []
        for log in logs:
            log.seek(0)
            outs.append(log.read())
            log.close()
        if all(p.returncode == 0 for p in procs):
            return outs[0]
    for p, out in zip(procs, outs):
        assert p.returncode == 0, out[-4000:]
    return outs[0]


def test_ddp_gloo_two_processes_train_save_and_resume(tmp_path):
    f = write_sudoku_jsonl(tmp_path / "d.jsonl", 32, blanks=30)
    args = ["--train_file=" + f, "--test_files=" + f, f"--out_dir={tmp_path / 'run'}", "--batch_size=8",
            "--max_iters=4", "--final_eval_puzzles=8", *TINY]
    out = torchrun(args + ["--stop_after=2"])
    assert "2 process(es) x 4 slots on cpu" in out and "at step 2" in out
    ckpt = torch.load(tmp_path / "run" / "ckpt.pt")
    assert len(ckpt["streams"]) == 2 and len(ckpt["carries"]) == 2
    assert not torch.equal(ckpt["carries"][0]["inputs"], ckpt["carries"][1]["inputs"])  # ranks draw their own
    out = torchrun([f"--out_dir={tmp_path / 'run'}", "--resume"])
    assert "resumed from step 2" in out and "at step 4" in out and "final d.jsonl" in out
    ckpt = torch.load(tmp_path / "run" / "ckpt.pt")
    assert ckpt["step"] == 4 and ckpt["training"]["processes"] == 2 and ckpt["accuracy"]


def test_gpu_train_script_runs_tiny_on_cpu(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    write_sudoku_jsonl(data / "sudoku-train.jsonl", 32, blanks=30)
    write_sudoku_jsonl(data / "sudoku-test.jsonl", 8, blanks=30, seed=5)
    write_sudoku_jsonl(data / "sudoku-test-hard.jsonl", 8, blanks=50, seed=6)
    env = dict(ENV, BUDGET_MIN="0.04", DATA_DIR=str(data), WORK_DIR=str(tmp_path / "work"), DEVICE="cpu",
               TASK="sudoku", PACK_DIR=str(tmp_path / "no-pack"),   # never the machine's own out/gpu-pack
               PART_MIB="0.25", PYTHON=sys.executable,
               TRAIN_ARGS=" ".join(TINY + ["--batch_size=8", "--eval_batch_size=8", "--log_interval=5"]))
    out = tmp_path / "out"
    p = subprocess.run(["bash", str(TOOLS / "gpu" / "train.sh"), str(out)], capture_output=True, text=True,
                       timeout=150, env=env, cwd=REPO)
    assert p.returncode == 0, (p.stdout + p.stderr)[-4000:]
    parts = sorted(out.glob("ckpt.pt.part*"))
    assert len(parts) >= 2 and all(q.stat().st_size <= 0.25 * 2**20 for q in parts)
    assert "final sudoku-test.jsonl" in (out / "train.log").read_text()
    dest, _ = join_checkpoint.join(str(out))
    ckpt = torch.load(dest)
    assert ckpt["resumable"] and ckpt["optimizer"] and ckpt["carries"] is None and ckpt["accuracy"]
    TRM(TRMConfig(**ckpt["model_args"])).load_state_dict(ckpt["ema"])


def test_split_stores_bf16_when_large_and_join_checks_hashes(tmp_path):
    model = TRM(TRMConfig(hidden_size=32, puzzle_emb_ndim=32, mlp_t=True, pos_encodings="none", expansion=2.0))
    ckpt = {"model": model.state_dict(), "ema": model.state_dict(), "model_args": {"hidden_size": 32},
            "optimizer": {"big": torch.zeros(10000)}, "task": "sudoku", "training": {}, "accuracy": None}
    torch.save(ckpt, tmp_path / "ckpt.pt")
    split_checkpoint.main([str(tmp_path / "ckpt.pt"), str(tmp_path / "parts"), "--slim", "--part-mib", "0.1",
                           "--max-total-mib", "0.5"])
    dest, _ = join_checkpoint.join(str(tmp_path / "parts"), str(tmp_path / "joined.pt"))
    back = torch.load(dest)
    assert back["training"]["weightsDtype"] == "bfloat16"
    assert back["model"]["lm_head.weight"].dtype == torch.bfloat16
    first = sorted((tmp_path / "parts").glob("*.part*"))[0]
    first.write_bytes(first.read_bytes()[:-1] + b"x")
    try:
        join_checkpoint.join(str(tmp_path / "parts"))
        raise AssertionError("a corrupted part was accepted")
    except SystemExit as e:
        assert "sha256" in str(e)


def test_gpu_pack_prepares_trains_and_resumes_on_cpu(tmp_path):
    """The device machine's flow at a tiny size: prepare.sh builds the data with the repository's
    builders (Node.js, here), train.sh trains from the pack alone (no Node.js needed), leaves resumable
    parts, and a second run resumes them with the schedule unchanged."""
    pack, out1, out2 = tmp_path / "pack", tmp_path / "out1", tmp_path / "out2"
    env = dict(ENV, PACK_DIR=str(pack), SCALE="0.0005")
    p = subprocess.run(["bash", str(TOOLS / "gpu" / "prepare.sh"), "maze-mix"], capture_output=True, text=True,
                       timeout=120, env=env, cwd=REPO)
    assert p.returncode == 0, (p.stdout + p.stderr)[-4000:]
    assert (pack / "TASK").read_text().strip() == "maze-mix" and not (pack / "resume").exists()
    assert len((pack / "data" / "mix-train.jsonl").read_text().splitlines()) == 15
    train_env = dict(env, SESSION_MIN="0.02", TOTAL_MIN="5", DEVICE="cpu", PART_MIB="0.25", PYTHON=sys.executable,
                     WORK_DIR=str(tmp_path / "work"),
                     TRAIN_ARGS=" ".join(TINY + ["--init_weights=", "--mlp_t=False", "--conv_kernel=3", "--batch_size=4", "--eval_batch_size=8",
                                                 "--log_interval=2", "--final_eval_puzzles=4"]))
    p = subprocess.run(["bash", str(TOOLS / "gpu" / "train.sh"), str(out1)], capture_output=True, text=True,
                       timeout=150, env=train_env, cwd=REPO)
    assert p.returncode == 0, (p.stdout + p.stderr)[-4000:]
    log = (out1 / "train.log").read_text()
    assert "maze-mix" in log and "final mix30-test.jsonl" in log and ", session)" in log
    parts = sorted(out1.glob("ckpt.pt.part*"))
    assert parts and all(q.stat().st_size <= 0.25 * 2**20 for q in parts)
    assert len(list(out1.iterdir())) <= 8
    dest, _ = join_checkpoint.join(str(out1), str(tmp_path / "first.pt"))
    first = torch.load(dest)
    assert first["resumable"] and first["optimizer"] and first["carries"] is None and first["step"] > 0

    p = subprocess.run(["bash", str(TOOLS / "gpu" / "prepare.sh"), "maze-mix", str(out1)], capture_output=True,
                       text=True, timeout=60, env=env, cwd=REPO)
    assert p.returncode == 0 and "keeping" in p.stdout, (p.stdout + p.stderr)[-4000:]
    p = subprocess.run(["bash", str(TOOLS / "gpu" / "train.sh"), str(out2)], capture_output=True, text=True,
                       timeout=150, env=train_env, cwd=REPO)
    assert p.returncode == 0, (p.stdout + p.stderr)[-4000:]
    log = (out2 / "train.log").read_text()
    assert "resuming from" in log and f"resumed from step {first['step']}" in log
    second = torch.load(join_checkpoint.join(str(out2), str(tmp_path / "second.pt"))[0])
    assert second["step"] > first["step"] and second["elapsed"] > first["elapsed"]


def test_resumable_split_stores_bf16_moments_when_large(tmp_path):
    model = TRM(TRMConfig(hidden_size=32, puzzle_emb_ndim=32, mlp_t=True, pos_encodings="none", expansion=2.0))
    opt = torch.optim.AdamW(model.parameters())
    for p in model.parameters():
        p.grad = torch.randn_like(p)
    opt.step()
    ckpt = {"model": model.state_dict(), "ema": model.state_dict(), "optimizer": opt.state_dict(),
            "carries": [{"x": torch.zeros(1000)}], "step": 1, "training": {}}
    torch.save(ckpt, tmp_path / "ckpt.pt")
    full = os.path.getsize(tmp_path / "ckpt.pt") / 2**20
    split_checkpoint.main([str(tmp_path / "ckpt.pt"), str(tmp_path / "parts"), "--resumable", "--part-mib", "0.1",
                           "--max-total-mib", str(full * 0.8)])
    back = torch.load(join_checkpoint.join(str(tmp_path / "parts"), str(tmp_path / "joined.pt"))[0])
    assert back["resumable"] and back["carries"] is None
    assert back["training"]["optimizerMomentsDtype"] == "bfloat16"
    moments = [v for s in back["optimizer"]["state"].values() for k, v in s.items() if k == "exp_avg"]
    assert moments and all(m.dtype == torch.bfloat16 for m in moments)
    opt2 = torch.optim.AdamW(model.parameters())
    opt2.load_state_dict(back["optimizer"])                      # cast back to the parameters' float32
    assert all(s["exp_avg"].dtype == torch.float32 for s in opt2.state.values())
    assert split_checkpoint.main([str(tmp_path / "ckpt.pt"), str(tmp_path / "p2"), "--resumable",
                                  "--max-total-mib", "0.001"]) == 3
