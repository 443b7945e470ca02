"""
Export a TRM as one supervision step to models/NAME/model.onnx + manifest.json
(the trm-onnx/1 contract in docs/trm-onnx.md).

  /usr/bin/python3 tools/export_onnx.py --checkpoint out/ckpt.pt --out models/sudoku-mlp

Our checkpoints describe themselves (nanoGPT style):
  {"model": state_dict, "model_args": TRMConfig fields, "task": "sudoku",
   "training": {...}, "accuracy": [...] or None}
and, from tools/train.py, "ema": the averaged weights, which are exported when present, and
"task_spec": a learned task's spec, which the manifest carries as `learnedTask` (its `task` is the
spec's name, its canvas the spec's N x N).
Official checkpoints go through convert_official.py, which calls export() below.

The manifest's accuracy entries mean what the zod schema says: `exact` = answers the task's
verifier accepts (a learned task has none: the whole grid equal to the held-out output),
`tokenExact` = every cell equal to the label. train.py's final evaluation measures both. A
checkpoint of an older train.py holds every-cell-equal figures under `exact`: they are not
verifier figures, so such an export writes `accuracy: null` with an accuracyNote and keeps them,
relabelled tokenExact, under training.trainingEval. `--accuracy-note NOTE` does the same for any
checkpoint (the ship scripts, whose figures come from `trm-router eval --record` afterwards).
"""

import argparse
import contextlib
import hashlib
import io
import json
import math
import os
import sys
import warnings
from dataclasses import asdict

import numpy as np
import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F
from onnx import numpy_helper

import tasks
from trm.model import TRM, TRMConfig, rms_norm, rotate

FORMAT = "trm-onnx/1"
OPSET = 17
TASKS = {name: dict(**tasks.get(name).tokens(), canvas=list(tasks.get(name).canvas))  # official encodings
         for name in tasks.BUILTIN}


def task_canvas(task, seq_len, spec=None):
    """[rows, cols] of a task's canvas; a maze model may use a smaller square canvas (S = N*N)."""
    return list(tasks.for_model(task, seq_len, spec).canvas)


INPUTS = ["inputs", "puzzle_identifiers", "z_H", "z_L", "reset"]
OUTPUTS = ["logits", "q_halt", "z_H_next", "z_L_next"]

# The puzzle-embedding table outside the graph (docs/trm-onnx.md, "The puzzle-embedding table"):
# models/NAME/puzzle_emb.f32 (raw little-endian float32, rows x puzzleEmbNdim, row 0 the blank
# puzzle) and identifiers.json (the name of each row); the graph takes the rows themselves as the
# input puzzle_emb [batch, puzzleEmbNdim] instead of puzzle_identifiers. An ARC checkpoint's table
# (one row per task and augmentation, about a million rows) exceeds protobuf's 2 GB.
TABLE_FILE = "puzzle_emb.f32"
IDENTIFIERS_FILE = "identifiers.json"
EXTERNAL_INPUTS = ["inputs", "puzzle_emb", "z_H", "z_L", "reset"]
EXTERNAL_ROWS = 4096              # a larger table goes outside the graph unless asked otherwise
EXTERNAL_BYTES = 64 << 20         # ... and so does one of more bytes


class StepGraph(nn.Module):
    """The graph that is exported: exactly TRM.step."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, inputs, puzzle_identifiers, z_H, z_L, reset):
        return self.model.step(inputs, puzzle_identifiers, z_H, z_L, reset)


# -----------------------------------------------------------------------------
# the layout ONNX Runtime runs fastest: the same sums, traced without Transposes and Slices
#
# Block.forward as written (and as trained) mixes positions on h^T: Transpose [B,L,D] -> [B,D,L],
# one gate_up MatMul, two Slices for gate and up, the norm over L, Transpose back, and the channel
# SwiGLU again as MatMul + two Slices. In ONNX Runtime 1.30 (CPU, MLAS) the Transposes get fused
# into the MatMuls as transA (FusedMatMul), which runs the [B*L, D] x [D, 2I] channel gate_up
# ~30% slower than a plain MatMul, and each Slice copies its half. Traced under `ort_layout`:
#   token mixer   gate = W_g @ h, up = W_u @ h   ([I, L] @ [B, L, D], the weight on the left),
#                 h = norm_L(h + W_down @ (silu(gate) * up))   (ReduceMean over axis -2)
#   channel MLP   gate = h @ W_g^T, up = h @ W_u^T   (two MatMuls on the halves of gate_up_proj)
# Every output element is the same dot product of the same numbers; only MLAS's blocking (the
# order of the float32 additions) can differ, i.e. float32 rounding. The weights are the halves
# of gate_up_proj (stored once, as before) and node names keep their module scopes
# (.../mlp_t/gate_up_proj/MatMul, .../mlp/down_proj/MatMul) for quantize_onnx.py's --keep-fp32.
# Full-size Sudoku step (D=512, MLP mixer), batch 1, 1 thread: ~13% less time (issue #8).

def _halves(linear):
    w = linear.weight
    inter = w.shape[0] // 2
    return w[:inter], w[inter:]


def _gate_up_right(linear):
    def forward(x):  # x @ W^T, by halves
        w_gate, w_up = _halves(linear)
        return F.linear(x, w_gate), F.linear(x, w_up)
    return forward


def _gate_up_left(linear):
    def forward(x):  # W @ x, by halves: [I, L] @ [B, L, D] -> [B, I, D]
        w_gate, w_up = _halves(linear)
        return torch.matmul(w_gate, x), torch.matmul(w_up, x)
    return forward


def _down_left(linear):
    def forward(x):  # [L, I] @ [B, I, D] -> [B, L, D]
        return torch.matmul(linear.weight, x)
    return forward


def _swiglu(mlp):
    def forward(x):
        gate, up = mlp.gate_up_proj(x)
        return mlp.down_proj(F.silu(gate) * up)
    return forward


def _block(block):
    def forward(h, rope):
        if hasattr(block, "mlp_t"):
            h = h + block.mlp_t(h)  # positions mixed in place: no transpose
            h = h * torch.rsqrt(h.square().mean(-2, keepdim=True) + block.eps)  # rms_norm over L
        elif hasattr(block, "conv_t"):
            h = rms_norm(h + block.conv_t(h), block.eps)
        else:
            h = rms_norm(h + block.self_attn(h, rope), block.eps)
        return rms_norm(h + block.mlp(h), block.eps)
    return forward


# -----------------------------------------------------------------------------
# --fused: ORT's fused CPU kernels where the math matches (issue #19)
#
# Each post-norm `rms_norm(h + mix(h))` over the channels (the last axis) becomes one
# com.microsoft SkipSimplifiedLayerNormalization(h, mix(h), gamma = 1): the residual add, the
# mean of squares, the rsqrt and the scale in one pass (ORT 1.30 CPU, contrib op domain
# com.microsoft, opset 1). The token mixer's norm runs over positions (axis -2), which that
# kernel (norm over the last axis) cannot do: it stays as traced. The fused kernel sums in
# another order (and in float32 like ours), so the fused graph is not bit-exact to the reference:
# tools/tests/test_fused.py bounds the difference. The default export stays exact.

MS_DOMAIN = "com.microsoft"


class _SkipRMSNorm(torch.autograd.Function):
    """rms_norm(x + skip) in PyTorch; one SkipSimplifiedLayerNormalization node in the ONNX trace."""

    @staticmethod
    def forward(ctx, x, skip, gamma, eps):
        return rms_norm(x + skip, eps)

    @staticmethod
    def symbolic(g, x, skip, gamma, eps):
        out = g.op(f"{MS_DOMAIN}::SkipSimplifiedLayerNormalization", x, skip, gamma, epsilon_f=eps, outputs=1)
        out.setType(x.type())
        return out


class _MHA(torch.autograd.Function):
    """Bidirectional multi-head attention of [B, L, D] q, k, v (RoPE already applied), no mask;
    one com.microsoft MultiHeadAttention node in the ONNX trace."""

    @staticmethod
    def forward(ctx, q, k, v, heads, head_dim):
        B, L, D = q.shape
        split = (lambda t: t.view(B, L, heads, head_dim).transpose(1, 2))
        att = (split(q) @ split(k).transpose(-2, -1)) * (1.0 / math.sqrt(head_dim))
        return (att.softmax(dim=-1) @ split(v)).transpose(1, 2).reshape(B, L, D)

    @staticmethod
    def symbolic(g, q, k, v, heads, head_dim):
        out = g.op(f"{MS_DOMAIN}::MultiHeadAttention", q, k, v, num_heads_i=heads, outputs=1)
        out.setType(q.type())
        return out


def _fused_attention(attn):
    def forward(x, rope):  # Attention.forward without transposes: heads stay in [B, L, heads, hd]
        B, L, D = x.shape
        qkv = attn.qkv_proj(x).view(B, L, 3 * attn.n_heads, attn.head_dim)
        q, k, v = qkv.split(attn.n_heads, dim=2)
        if rope is not None:
            cos, sin = (t.unsqueeze(-2) for t in rope)  # [L, 1, hd]: the same angle for every head
            q, k = rotate(q, cos, sin), rotate(k, cos, sin)
        y = _MHA.apply(q.reshape(B, L, D), k.reshape(B, L, D), v.reshape(B, L, D), attn.n_heads, attn.head_dim)
        return attn.o_proj(y)
    return forward


def _fused_block(block):
    D = block.mlp.down_proj.weight.shape[0]

    def forward(h, rope):
        gamma = torch.ones(D)
        if hasattr(block, "mlp_t"):
            h = h + block.mlp_t(h)
            h = h * torch.rsqrt(h.square().mean(-2, keepdim=True) + block.eps)  # over L: not fusable
        elif hasattr(block, "conv_t"):
            h = _SkipRMSNorm.apply(h, block.conv_t(h), gamma, block.eps)
        else:
            h = _SkipRMSNorm.apply(h, block.self_attn(h, rope), gamma, block.eps)
        return _SkipRMSNorm.apply(h, block.mlp(h), gamma, block.eps)
    return forward


@contextlib.contextmanager
def ort_layout(model, fused=False):
    """Within the block, `model` traces in the ONNX Runtime layout above (instance forwards are
    swapped and put back afterwards; the weights are not touched); `fused`: with ORT's fused
    kernels (above)."""
    patched = []

    def patch(module, forward):
        module.forward = forward
        patched.append(module)

    for block in model.L_level.layers:
        patch(block, _fused_block(block) if fused else _block(block))
        if fused and hasattr(block, "self_attn"):
            patch(block.self_attn, _fused_attention(block.self_attn))
        patch(block.mlp, _swiglu(block.mlp))
        patch(block.mlp.gate_up_proj, _gate_up_right(block.mlp.gate_up_proj))
        if hasattr(block, "mlp_t"):
            patch(block.mlp_t, _swiglu(block.mlp_t))
            patch(block.mlp_t.gate_up_proj, _gate_up_left(block.mlp_t.gate_up_proj))
            patch(block.mlp_t.down_proj, _down_left(block.mlp_t.down_proj))
    try:
        yield model
    finally:
        for module in patched:
            del module.forward


def dedupe_tensors(graph):
    """Keep one copy of each byte-identical weight. The tracer inlines non-saved tables (RoPE)
    as a Constant node per use; first uses come first in the topologically sorted graph."""
    first, rename = {}, {}

    def key(t):
        return (t.data_type, tuple(t.dims), t.raw_data or t.SerializeToString())

    inits = []
    for init in graph.initializer:
        k = key(init)
        if k in first:
            rename[init.name] = first[k]
        else:
            first[k] = init.name
            inits.append(init)
    nodes = []
    for node in graph.node:
        for i, name in enumerate(node.input):
            node.input[i] = rename.get(name, name)
        if node.op_type == "Constant" and node.attribute[0].name == "value":
            k = key(node.attribute[0].t)
            if k in first:
                rename[node.output[0]] = first[k]
                continue
            first[k] = node.output[0]
        nodes.append(node)
    for out in graph.output:
        assert out.name not in rename, f"graph output {out.name} is a constant"
    del graph.initializer[:]
    graph.initializer.extend(inits)
    del graph.node[:]
    graph.node.extend(nodes)


LAYOUTS = ("ours", "plain", "fused")


def onnx_bytes(model, batch_size=2, layout="ours", external=False):
    """Trace model.step at a sample batch and return the serialized ONNX graph. layout: "ours" (the
    ONNX Runtime layout, weights stored once: exact to the reference), "fused" (the same with ORT's
    fused kernels, above) or "plain" (torch.onnx.export of TRM.step as written, no layout patches
    and no dedupe: the bench's baseline). external: the graph of the external-table layout (input
    puzzle_emb instead of puzzle_identifiers, no table inside; any number of rows)."""
    if external:
        if model.cfg.puzzle_emb_ndim == 0:
            raise ValueError("an external puzzle-embedding table needs puzzle_emb_ndim > 0")
        # trace with a one-row stand-in (the graph does not depend on the rows), then cut the
        # lookup out: the same graph as externalize_table makes of an in-graph export
        emb = model.puzzle_emb
        full, n = emb.weights, model.cfg.num_puzzle_identifiers
        emb.weights = nn.Parameter(torch.full((1, full.shape[1]), 0.3183098861837907), requires_grad=False)
        model.cfg.num_puzzle_identifiers = 1
        try:
            proto = onnx.load_from_string(onnx_bytes(model, batch_size, layout))
        finally:
            emb.weights, model.cfg.num_puzzle_identifiers = full, n
        drop_table(proto)
        return proto.SerializeToString()
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {LAYOUTS}, got {layout!r}")
    cfg = model.cfg
    model = model.eval().float()
    z_H, z_L = model.initial_latents(batch_size)
    args = (torch.ones(batch_size, cfg.seq_len, dtype=torch.long),
            torch.zeros(batch_size, dtype=torch.long),
            z_H, z_L, torch.ones(batch_size, dtype=torch.bool))
    batch = {0: "batch"}
    f = io.BytesIO()
    patches = contextlib.nullcontext() if layout == "plain" else ort_layout(model, fused=layout == "fused")
    extra = {"custom_opsets": {MS_DOMAIN: 1}} if layout == "fused" else {}
    with torch.no_grad(), warnings.catch_warnings(), patches:
        warnings.simplefilter("ignore", (UserWarning, FutureWarning))  # torch 1.13's shape-inference chatter
        torch.onnx.export(StepGraph(model), args, f, opset_version=OPSET,
                          input_names=INPUTS, output_names=OUTPUTS,
                          dynamic_axes={name: batch for name in INPUTS + OUTPUTS},
                          do_constant_folding=True, **extra)
    proto = onnx.load_from_string(f.getvalue())
    if layout != "plain":
        dedupe_tensors(proto.graph)
    # the tracer leaves some output dims symbolic; the contract fixes all but the batch
    shapes = {"logits": [cfg.seq_len, cfg.vocab_size], "q_halt": [],
              "z_H_next": [cfg.positions, cfg.hidden_size], "z_L_next": [cfg.positions, cfg.hidden_size]}
    for out in proto.graph.output:
        dims = out.type.tensor_type.shape.dim
        for d, size in zip(dims[1:], shapes[out.name]):
            d.Clear()
            d.dim_value = size
    if cfg.puzzle_emb_ndim == 0:
        # the tracer drops inputs the graph does not read; the contract keeps this one
        ids = onnx.helper.make_tensor_value_info("puzzle_identifiers", onnx.TensorProto.INT64, ["batch"])
        proto.graph.input.insert(1, ids)
    onnx.checker.check_model(proto)
    got = [i.name for i in proto.graph.input]
    assert got == INPUTS, f"graph inputs {got} (an input the step does not use was dropped?)"
    if layout != "plain":
        check_size(proto, model)
    return proto.SerializeToString()


def drop_table(proto):
    """Rewrites a step graph (in place) to the external-table layout: the Gather of the
    puzzle-embedding table by `puzzle_identifiers` is cut out and its output becomes the graph input
    `puzzle_emb` [batch, puzzleEmbNdim]; everything else is unchanged, so the arithmetic is the
    same. Returns the table that was inside the graph (numpy float32 [rows, puzzleEmbNdim])."""
    g = proto.graph
    users = [n for n in g.node if "puzzle_identifiers" in n.input]
    inits = {t.name: t for t in g.initializer}
    if (len(users) != 1 or users[0].op_type != "Gather" or list(users[0].input)[1:] != ["puzzle_identifiers"]
            or users[0].input[0] not in inits or any(a.name == "axis" and a.i != 0 for a in users[0].attribute)):
        raise ValueError("the graph does not look up a puzzle-embedding table by puzzle_identifiers "
                         "(no puzzle embedding, or already the external-table layout)")
    gather = users[0]
    table = numpy_helper.to_array(inits[gather.input[0]])
    if table.ndim != 2 or not np.issubdtype(table.dtype, np.floating):
        raise ValueError(f"puzzle-embedding table {gather.input[0]} is {table.dtype} {list(table.shape)}, "
                         f"expected float [rows, dim]")
    out = gather.output[0]
    nodes = [n for n in g.node if n is not gather]
    for n in nodes:
        for i, name in enumerate(n.input):
            if name == out:
                n.input[i] = "puzzle_emb"
    del g.node[:]
    g.node.extend(nodes)
    if not any(gather.input[0] in n.input for n in nodes):
        keep = [t for t in g.initializer if t.name != gather.input[0]]
        del g.initializer[:]
        g.initializer.extend(keep)
    i = [v.name for v in g.input].index("puzzle_identifiers")
    del g.input[i]
    g.input.insert(i, onnx.helper.make_tensor_value_info("puzzle_emb", onnx.TensorProto.FLOAT, ["batch", table.shape[1]]))
    onnx.checker.check_model(proto)
    return table.astype(np.float32)


def wants_external(cfg):
    """The default: a table of more than EXTERNAL_ROWS rows or EXTERNAL_BYTES bytes goes outside."""
    rows, dim = cfg.num_puzzle_identifiers, cfg.puzzle_emb_ndim
    return dim > 0 and (rows > EXTERNAL_ROWS or rows * dim * 4 > EXTERNAL_BYTES)


def default_identifiers(rows):
    """Row names of a model whose rows have none: "<blank>" for row 0, then "1", "2", ..."""
    return ["<blank>"] + [str(i) for i in range(1, rows)]


def _write_atomic(path, write):
    """Writes `path` through a temporary name in the same folder, renamed into place at the end."""
    tmp = f"{path}.tmp-{os.getpid()}"
    try:
        with open(tmp, "wb") as f:
            write(f)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def write_table(out_dir, table, identifiers):
    """Writes out_dir/puzzle_emb.f32 (float32 little-endian, row-major; `table` a tensor or array
    [rows, dim], written in chunks) and out_dir/identifiers.json; returns the manifest's
    puzzleTable entry."""
    rows, dim = table.shape
    if len(identifiers) != rows:
        raise ValueError(f"{len(identifiers)} identifiers for {rows} puzzle embeddings")

    def rows_out(f):
        for start in range(0, rows, 65536):
            chunk = table[start:start + 65536]
            chunk = chunk.detach().to(torch.float32).numpy() if torch.is_tensor(chunk) else np.asarray(chunk)
            f.write(np.ascontiguousarray(chunk, dtype="<f4").tobytes())
    _write_atomic(os.path.join(out_dir, TABLE_FILE), rows_out)
    _write_atomic(os.path.join(out_dir, IDENTIFIERS_FILE), lambda f: f.write(json.dumps(list(identifiers)).encode()))
    return {"file": TABLE_FILE, "dtype": "float32", "rows": rows, "dim": dim, "identifiers": IDENTIFIERS_FILE}


def read_table(model_dir, manifest=None):
    """(table as a float32 numpy memmap [rows, dim], identifiers) of a model folder with an external
    table; checks the file size and the identifier count (ValueError naming the field)."""
    if manifest is None:
        with open(os.path.join(model_dir, "manifest.json")) as f:
            manifest = json.load(f)
    t = manifest.get("puzzleTable")
    if t is None:
        raise ValueError(f"{model_dir}: manifest has no puzzleTable (the table is inside the graph)")
    path = os.path.join(model_dir, t["file"])
    size = os.path.getsize(path)
    if t.get("dtype") != "float32" or size != t["rows"] * t["dim"] * 4:
        raise ValueError(f"puzzleTable.file: {path} has {size} bytes, {t['rows']} rows x {t['dim']} float32 "
                         f"need {t['rows'] * t['dim'] * 4}")
    with open(os.path.join(model_dir, t["identifiers"])) as f:
        identifiers = json.load(f)
    if len(identifiers) != t["rows"]:
        raise ValueError(f"puzzleTable.identifiers: {len(identifiers)} names for {t['rows']} rows")
    return np.memmap(path, dtype="<f4", mode="r", shape=(t["rows"], t["dim"])), identifiers


def externalize_table(model_dir):
    """Rewrites a model folder whose puzzle-embedding table is inside model.onnx to the external
    layout: puzzle_emb.f32 + identifiers.json (the manifest's inline `identifiers`, else
    default_identifiers) beside a graph that takes `puzzle_emb`, and the manifest's puzzleTable,
    onnx.inputs, bytes and sha256. Each file is written under a temporary name and renamed, the
    manifest last. A folder already in the external layout is left as it is. Returns the manifest."""
    mpath = os.path.join(model_dir, "manifest.json")
    with open(mpath) as f:
        m = json.load(f)
    if "puzzleTable" in m:
        return m
    gpath = os.path.join(model_dir, m["onnx"]["file"])
    proto = onnx.load(gpath)
    table = drop_table(proto)
    rows = table.shape[0]
    if rows != m["numPuzzleIdentifiers"]:
        raise ValueError(f"{gpath}: table has {rows} rows, manifest numPuzzleIdentifiers {m['numPuzzleIdentifiers']}")
    identifiers = m.pop("identifiers", None) or default_identifiers(rows)
    m["puzzleTable"] = write_table(model_dir, table, identifiers)
    data = proto.SerializeToString()
    _write_atomic(gpath, lambda f: f.write(data))
    m["onnx"].update(bytes=len(data), sha256=hashlib.sha256(data).hexdigest(), inputs=EXTERNAL_INPUTS)
    _write_atomic(mpath, lambda f: f.write((json.dumps(m, indent=2) + "\n").encode()))
    return m


def tensor_bytes(proto):
    """Bytes of all weights and constants stored in the graph."""
    consts = [n.attribute[0].t for n in proto.graph.node if n.op_type == "Constant"]
    return sum(len(t.raw_data) for t in list(proto.graph.initializer) + consts)


def check_size(proto, model):
    """Each weight must be stored once: ~4 bytes per parameter, plus the small RoPE tables."""
    cfg = model.cfg
    n_params = model.num_params()
    budget = 4 * n_params + 2 * 4 * cfg.positions * (cfg.hidden_size // cfg.num_heads) + 16 * 1024
    got = tensor_bytes(proto)
    if got > budget:
        raise RuntimeError(f"model.onnx stores {got} bytes of tensors for {n_params} parameters "
                           f"(budget {budget}): weights are stored more than once")


def check_accuracy(accuracy):
    """A manifest accuracy figure (or list) must carry `exact`, a verifier figure in 0..1."""
    for e in accuracy if isinstance(accuracy, list) else [accuracy]:
        if not isinstance(e, dict) or not isinstance(e.get("exact"), (int, float)) or not 0 <= e["exact"] <= 1:
            raise ValueError(f"accuracy entry without a verifier figure `exact`: {e!r} (keep such figures in "
                             f"training, write accuracy None with an accuracy note)")


def manifest_for(model, task, training, accuracy, identifiers, name, sha256, n_bytes, accuracy_note=None):
    """`task`: a tasks.Task (or a built-in task's name)."""
    cfg = model.cfg
    if not isinstance(task, tasks.Task):
        task = tasks.for_model(task, cfg.seq_len)
    m = {
        "format": FORMAT,
        "name": name,
        "task": task.name,
        **task.manifest(),                   # learnedTask: the spec, exactly as given
        "canvas": dict(zip(("rows", "cols"), task.canvas)),
        "vocabSize": cfg.vocab_size,
        "seqLen": cfg.seq_len,               # S
        "puzzleEmbLen": cfg.P,               # P
        "hiddenSize": cfg.hidden_size,       # D
        "numPuzzleIdentifiers": cfg.num_puzzle_identifiers,
        "architecture": {
            "mixer": "mlp" if cfg.mlp_t else "conv" if cfg.conv_kernel else "attention",
            **({"convKernel": cfg.conv_kernel} if cfg.conv_kernel else {}),
            "layers": cfg.L_layers,
            "heads": cfg.num_heads,
            "expansion": cfg.expansion,
            "posEncodings": cfg.pos_encodings,
            "ropeTheta": cfg.rope_theta,
            "rmsNormEps": cfg.rms_norm_eps,
            "puzzleEmbNdim": cfg.puzzle_emb_ndim,
        },
        "recursion": {
            "hCycles": cfg.H_cycles,          # T
            "lCycles": cfg.L_cycles,          # n
            "haltMaxSteps": cfg.halt_max_steps,
            "noActContinue": cfg.no_ACT_continue,
        },
        "parameters": model.num_params(),
        "training": training,
        "accuracy": accuracy,                # [{"dataset", "puzzles", "exact", "tokenExact", ...}] when measured
        "accuracyNote": None if accuracy is not None else accuracy_note or "not measured",
        "onnx": {"file": "model.onnx", "opset": OPSET, "bytes": n_bytes, "sha256": sha256,
                 "inputs": INPUTS, "outputs": OUTPUTS},
        "modelArgs": asdict(cfg),            # the exact TRMConfig, to rebuild the PyTorch model
    }
    if identifiers is not None:
        m["identifiers"] = identifiers       # name of each puzzle id (official identifiers.json)
    return m


def export(model, out_dir, task, training, accuracy=None, identifiers=None, name=None, learned_task=None,
           accuracy_note=None, variant_of=None, layout="ours", external_table=None):
    """Write out_dir/model.onnx and out_dir/manifest.json; returns the manifest. `task`: a
    built-in task's name, or with `learned_task` (the task spec) the spec's name. `layout`: see
    onnx_bytes (a non-default layout is recorded as the manifest's onnx.layout). `external_table`:
    True writes the puzzle-embedding table outside the graph (puzzle_emb.f32 + identifiers.json,
    the manifest's puzzleTable), False inside, None (default) outside when it is large
    (wants_external)."""
    cfg = model.cfg
    if learned_task is None and task not in TASKS:
        raise ValueError(f"task must be one of {', '.join(TASKS)}, or a learned task with its spec")
    t = tasks.for_model(task, cfg.seq_len, learned_task)
    rows, cols = t.canvas
    if (cfg.seq_len, cfg.vocab_size) != (rows * cols, t.vocab_size):
        raise ValueError(f"{task} needs seq_len {rows * cols}, vocab {t.vocab_size}; "
                         f"model has {cfg.seq_len}, {cfg.vocab_size}")
    if accuracy is not None:
        check_accuracy(accuracy)
    if identifiers is not None and len(identifiers) != cfg.num_puzzle_identifiers:
        raise ValueError(f"{len(identifiers)} identifiers for {cfg.num_puzzle_identifiers} puzzle embeddings")
    external = wants_external(cfg) if external_table is None else bool(external_table)
    data = onnx_bytes(model, layout=layout, external=external)
    os.makedirs(out_dir, exist_ok=True)
    table = None
    if external:  # the table first: a manifest never names rows its table lacks
        table = write_table(out_dir, model.puzzle_emb.weights,
                            identifiers if identifiers is not None else default_identifiers(cfg.num_puzzle_identifiers))
    with open(os.path.join(out_dir, "model.onnx"), "wb") as f:
        f.write(data)
    name = name or os.path.basename(os.path.normpath(out_dir))
    m = manifest_for(model, t, training, accuracy, None if external else identifiers, name,
                     hashlib.sha256(data).hexdigest(), len(data), accuracy_note)
    if table is not None:
        m["puzzleTable"] = table
        m["onnx"]["inputs"] = EXTERNAL_INPUTS
    if variant_of is not None:
        m["variantOf"] = variant_of          # the same weights as that model, on another canvas
    if layout != "ours":
        m["onnx"]["layout"] = layout         # "fused": ORT contrib ops, not bit-exact to the reference
    with open(os.path.join(out_dir, "manifest.json"), "w") as f:
        json.dump(m, f, indent=2)
        f.write("\n")
    return m


LEGACY_NOTE = ("the checkpoint's figures (training.trainingEval) are every-cell-equal figures of an older "
               "train.py, not verifier figures: measure with trm-router eval --record")
LEGACY_KEYS = {"exact": "tokenExact", "exact_by_step": "tokenExactByStep", "exactByStep": "tokenExactByStep",
               "adaptive_exact": "adaptiveTokenExact", "adaptive_steps": "adaptiveSteps"}


def checkpoint_figures(ckpt, note=None):
    """(accuracy, accuracy note, training additions) for the manifest of one of our checkpoints.
    Figures from train.py's final evaluation carry tokenExact beside the verifier figure exact;
    an older train.py stored every-cell-equal figures under `exact` (no tokenExact): those are
    relabelled tokenExact and kept under training.trainingEval, and accuracy is None. `note`:
    accuracy None with that note, whatever the checkpoint holds (its figures -> trainingEval)."""
    accuracy = ckpt.get("accuracy")
    training = ckpt.get("training") or {}
    entries = accuracy if isinstance(accuracy, list) else [accuracy] if accuracy else []
    legacy = (training.get("source") == "trm-router training run" and bool(entries)
              and not any(isinstance(e, dict) and ("tokenExact" in e or "pass2" in e) for e in entries))
    extra = {}
    if legacy:
        entries = [{LEGACY_KEYS.get(k, k): v for k, v in e.items()} for e in entries]
        if isinstance(training.get("finalEval"), dict):
            extra["finalEval"] = {f: {LEGACY_KEYS.get(k, k): v for k, v in r.items()}
                                  for f, r in training["finalEval"].items()}
    if note is not None or legacy:
        if entries:
            extra["trainingEval"] = entries
        return None, note or LEGACY_NOTE, extra
    return accuracy, None, extra


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", required=True, help="our checkpoint (.pt with model, model_args, task); "
                    "onnx_init.py writes one from a shipped model folder")
    ap.add_argument("--variant-of", metavar="NAME", help="manifest variantOf: the model whose weights these are, "
                    "exported at another canvas (solvers take the smallest canvas a maze fits)")
    ap.add_argument("--out", required=True, help="model folder, e.g. models/sudoku-mlp")
    ap.add_argument("--task", choices=sorted(TASKS), help="overrides the checkpoint's task")
    ap.add_argument("--precision", choices=["fp32", "int8"], default="fp32", help="int8: quantized copy (tools/quantize_onnx.py)")
    ap.add_argument("--fused", action="store_true", help="emit ORT's fused CPU kernels where the math matches "
                    "(com.microsoft SkipSimplifiedLayerNormalization for the channel RMS norms): ONNX Runtime "
                    "only, float32 rounding differs from the reference (the default export is exact)")
    ap.add_argument("--canvas", type=int, help="maze models with the conv mixer: export for an N x N canvas "
                    "(their weights do not depend on the canvas; default: the one trained on)")
    table = ap.add_mutually_exclusive_group()
    table.add_argument("--external-table", dest="external_table", action="store_true", default=None,
                       help="write the puzzle-embedding table outside the graph (puzzle_emb.f32 + identifiers.json; "
                       f"the default when it has more than {EXTERNAL_ROWS} rows or {EXTERNAL_BYTES >> 20} MiB)")
    table.add_argument("--in-graph-table", dest="external_table", action="store_false",
                       help="keep the puzzle-embedding table inside model.onnx whatever its size")
    ap.add_argument("--accuracy-note", metavar="NOTE", help="write accuracy: null with this note (figures measured "
                    "afterwards, e.g. by trm-router eval --record); the checkpoint's own go to training.trainingEval")
    args = ap.parse_args(argv)

    ckpt = torch.load(args.checkpoint, map_location="cpu")
    spec = ckpt.get("task_spec")
    if spec is not None and args.task:
        ap.error(f"--task: the checkpoint is the learned task {spec['name']!r} (its spec sets the task)")
    model_args = dict(ckpt["model_args"])
    if args.canvas:
        if not model_args.get("conv_kernel") or (args.task or ckpt["task"]) != "maze" or spec is not None:
            ap.error("--canvas needs a maze model with the conv token mixer (conv_kernel > 0)")
        model_args["seq_len"] = args.canvas * args.canvas
    model = TRM(TRMConfig(**model_args))
    weights = ckpt.get("ema") or ckpt["model"]      # tools/train.py: the EMA weights, as evaluated
    model.load_state_dict({k: v.float() for k, v in weights.items()})
    accuracy, note, extra = checkpoint_figures(ckpt, args.accuracy_note)
    training = {"source": "trm-router training run", "checkpoint": args.checkpoint, **ckpt.get("training", {}), **extra}
    if args.canvas:
        training.setdefault("trainedSeqLen", ckpt["model_args"]["seq_len"])   # onnx_init.py's: as recorded
    # an ARC run (train.py task "arc") names its puzzle-embedding rows as the official identifiers.json
    m = export(model, args.out, args.task or ckpt["task"], training, accuracy, identifiers=ckpt.get("identifiers"),
               learned_task=spec, accuracy_note=note,
               variant_of=args.variant_of, layout="fused" if args.fused else "ours", external_table=args.external_table)
    if args.precision != "fp32":
        from quantize_onnx import quantize_folder
        quantize_folder(args.out, args.out, args.precision)
    print(f"wrote {args.out}: {m['parameters']} parameters, model.onnx {m['onnx']['bytes']} bytes")


if __name__ == "__main__":
    sys.exit(main())
