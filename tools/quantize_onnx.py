"""
Lower-precision copies of an exported TRM step graph.

  /usr/bin/python3 tools/quantize_onnx.py --model models/NAME --precision int8 --out models/NAME-int8

int8: every MatMul whose second input is a constant weight [K, N], except those whose node name
matches --keep-fp32 (default: down_proj), becomes
  DynamicQuantizeLinear(x) -> MatMulInteger(x_u8, W_s8, x_zp, 0) -> Cast -> Mul(x_scale * w_scale[N])
A weight on the left (W @ x: export_onnx.py's token mixer) is quantized as W^T and run as
Transpose(x^T @ W^T), the same integers and scales as the transposed layout had; sink_transposes
then keeps its results transposed up to the float down-projection (one Transpose per block).
with symmetric per-output-channel int8 weights and dynamic (per-tensor, per-call) uint8
activations: ONNX Runtime fuses this into its DynamicQuantizeMatMul kernel (AVX512-VNNI / AMX on
CPUs that have them). Everything else (norms, SwiGLU, embeddings, q_head, and the kept MatMuls)
stays float32.

Why the down-projections stay float32: their input is a SwiGLU output whose rows differ by two
orders of magnitude (a few hidden channels in the token-mixing mlp_t, the puzzle-embedding
position in the channel MLP: row max ~100 against a median of ~1 to ~20). One per-tensor scale
then rounds most rows to a handful of levels, and the recursion carries the error from step to
step: quantizing them too cost sudoku-9x9-mlp-small ~20 points of exact accuracy on sudoku-24-29.
Per-row dynamic scales (ReduceMax/Abs/Round/Cast around MatMulInteger) fix the accuracy but their
extra elementwise passes cost about what the int8 MatMul saves (no faster than fp32 at batch 64),
and ORT 1.30's 8-bit MatMulNBits (block-wise, int8 compute) was slower than fp32 MatMul here.
The gate/up projections and lm_head have well-behaved inputs (row max within ~2x of the median)
and lose nothing. With the default, sudoku-9x9-mlp-small's int8 copy scores within about a point of
fp32 on both held-out sets (-0.8 to +1.1 by figure; its model card) but is no faster at that
size; on the full-size D=512 models `npm run bench -- trm` measures 1.55x (MLP mixer) and 1.9x
(convolution mixer) per step at batch 1 (every MatMul int8 is faster still, but loses 20 to 30
points on sudoku-24-29). ONNX Runtime runs the int8 GEMMs on AMX where the CPU has it.
`--keep-fp32 none` quantizes every
MatMul (the earlier behaviour).

Note: a dynamic activation scale is computed over the whole batch tensor, so with int8 a
sample's numbers can depend very slightly on the other samples in its batch.

bf16/fp16 are not offered: onnxruntime-node 1.30's CPU provider has no bf16 MatMul kernel at all
("Could not find an implementation"), and its fp16 MatMul ran no faster than the fp32 one on an
AVX512-FP16 CPU (a [M,256]x[256,512] MatMul, M = 97 and 8192, one thread), so a half-precision
graph would only halve the file.

The manifest is copied with `precision` set, a new sha256, and the accuracy cleared (measure the
copy with `trm-router eval --record`).
"""

import argparse
import hashlib
import json
import os
import re
import shutil
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper, TensorProto


def const_source(graph, name, inits):
    """Follow Identity nodes back to an initializer; None if the input is not a constant."""
    producers = {o: n for n in graph.node for o in n.output}
    while name not in inits:
        node = producers.get(name)
        if node is None or node.op_type != "Identity":
            return None
        name = node.input[0]
    return name


# MatMuls left in float32 by default (node-name regexes): see the module docstring
DEFAULT_KEEP_FP32 = ("down_proj",)


# --method nbits (issue #19): com.microsoft MatMulNBits, 8-bit weights in blocks of NBITS_BLOCK
# along K (a symmetric scale per block and output channel, zero point 128), accuracy_level 4:
# ORT quantizes the activations to int8 per row and block on the fly. Per-row activation scales
# are what the down-projections need (see above), so with nbits every MatMul is quantized by
# default. Measured on the full-size Sudoku step (D=512, batch 1, 2 threads, one run, loaded
# machine): MatMulNBits took ~400 ms per step for its 253 MatMuls where the dq graph took ~90 ms in
# its 168 int8 MatMuls + ~250 ms in the 84 float down-projections (all-nbits step 454-473 ms
# against 328-502 ms for dq); 4-bit blocks (a quick trial, not offered) were slower still (657 ms
# in MatMulNBits). ORT 1.30's MatMulNBits is built for M = 1 decoding; at M = 97 rows it loses.
NBITS_BLOCK = 32
METHODS = ("dq", "nbits")
NBITS_METHOD = (f"MatMulNBits: int8 weights in blocks of {NBITS_BLOCK} (per block and channel), "
                f"int8 activations per row and block (accuracy_level 4)")


def nbits_weights(w, block=NBITS_BLOCK):
    """[K, N] float -> (B uint8 [N, blocks, block], scales float32 [N * blocks]) for MatMulNBits
    with bits 8 and the default zero point 128; K is zero-padded to whole blocks."""
    K, N = w.shape
    blocks = -(-K // block)
    wp = np.zeros((blocks * block, N), dtype=np.float32)
    wp[:K] = w
    wb = wp.T.reshape(N, blocks, block)
    scale = np.maximum(np.abs(wb).max(axis=2), 1e-12) / 127.0
    q = (np.clip(np.round(wb / scale[:, :, None]), -127, 127) + 128).astype(np.uint8)
    return q, scale.astype(np.float32).reshape(-1)


def quantize_int8(model, keep_fp32=DEFAULT_KEEP_FP32, method="dq"):
    """Quantizes the constant-weight MatMuls whose node name matches none of `keep_fp32`
    (method "dq": DynamicQuantizeLinear + MatMulInteger, "nbits": MatMulNBits)."""
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    graph = model.graph
    inits = {i.name: i for i in graph.initializer}
    ranks = None  # tensor ranks (shape inference), needed by weight-on-the-left MatMuls only
    quantized = {}  # (weight name, transposed) -> (q name, scale name, zero name)
    transposed = {}  # activation name -> its transpose (weight-on-the-left MatMuls)
    transposed_out = set()  # outputs of weight-on-the-left MatMuls, made by a Transpose
    new_nodes = []
    count = 0
    for node in graph.node:
        w, left = None, False
        if node.op_type == "MatMul" and len(node.input) == 2 and not any(re.search(k, node.name) for k in keep_fp32):
            for left in (False, True):  # x @ W, or W @ x (export_onnx.py's token mixer)
                src = const_source(graph, node.input[0 if left else 1], inits)
                if src is not None:
                    w = numpy_helper.to_array(inits[src])
                    break
        if w is None or w.ndim != 2 or w.dtype != np.float32:
            new_nodes.append(node)
            continue
        key = (src, left)
        if key not in quantized:
            if left:
                w = w.T  # W @ x = (x^T @ W^T)^T: the same int8 weights and scales as x^T @ W^T
            qn, sn, zn = (f"{src}_int8", f"{src}_scale", f"{src}_zero") if not left else \
                (f"{src}_T_int8", f"{src}_T_scale", f"{src}_T_zero")
            if method == "nbits":
                q, scale = nbits_weights(w)
                graph.initializer.extend([numpy_helper.from_array(q, qn), numpy_helper.from_array(scale, sn)])
                zn = w.shape  # (K, N), for the node's attributes
            else:
                scale = np.maximum(np.abs(w).max(axis=0), 1e-12) / 127.0
                q = np.clip(np.round(w / scale), -127, 127).astype(np.int8)
                graph.initializer.extend([numpy_helper.from_array(q, qn), numpy_helper.from_array(scale.astype(np.float32), sn),
                                          numpy_helper.from_array(np.zeros(w.shape[1], dtype=np.int8), zn)])
            quantized[key] = (qn, sn, zn)
        qn, sn, zn = quantized[key]
        p = f"{node.name or node.output[0]}_q{count}"
        count += 1
        x, y = node.input[1 if left else 0], node.output[0]
        if left:
            # W @ x as Transpose(x^T @ W^T): the standard pattern below, which ONNX Runtime fuses
            # into DynamicQuantizeMatMul (a weight on the left has no fused int8 kernel)
            if ranks is None:
                ranks = tensor_ranks(model)
            if ranks.get(x, 0) < 2:
                raise ValueError(f"{node.name}: rank of {x} unknown, cannot quantize a weight-on-the-left MatMul")
            perm = list(range(ranks[x] - 2)) + [ranks[x] - 1, ranks[x] - 2]
            if x not in transposed:
                transposed[x] = f"{x}_T"
                new_nodes.append(helper.make_node("Transpose", [x], [transposed[x]], perm=perm, name=f"{p}_xT"))
            x, y = transposed[x], f"{p}_yT"
        if method == "nbits":
            K, N = zn
            new_nodes.append(helper.make_node("MatMulNBits", [x, qn, sn], [y], name=f"{p}_nbits", domain="com.microsoft",
                                              K=K, N=N, bits=8, block_size=NBITS_BLOCK, accuracy_level=4))
        else:
            new_nodes += [
                helper.make_node("DynamicQuantizeLinear", [x], [f"{p}_x", f"{p}_xs", f"{p}_xz"], name=f"{p}_dql"),
                helper.make_node("MatMulInteger", [f"{p}_x", qn, f"{p}_xz", zn], [f"{p}_i32"], name=f"{p}_mmi"),
                helper.make_node("Cast", [f"{p}_i32"], [f"{p}_f32"], to=TensorProto.FLOAT, name=f"{p}_cast"),
                helper.make_node("Mul", [f"{p}_xs", sn], [f"{p}_s"], name=f"{p}_scale"),
                helper.make_node("Mul", [f"{p}_f32", f"{p}_s"], [y], name=f"{p}_out"),
            ]
        if left:
            new_nodes.append(helper.make_node("Transpose", [y], [node.output[0]], perm=perm, name=f"{p}_yT"))
            transposed_out.add(node.output[0])
    if method == "nbits" and not any(o.domain == "com.microsoft" for o in model.opset_import):
        model.opset_import.append(helper.make_opsetid("com.microsoft", 1))
    new_nodes = sink_transposes(new_nodes, graph, inits, transposed_out)
    # drop nodes whose outputs nobody reads (the Identity chains to the float weights), then weights
    outputs = {o.name for o in graph.output}
    while True:
        read = {i for n in new_nodes for i in n.input} | outputs
        alive = [n for n in new_nodes if any(o in read for o in n.output)]
        if len(alive) == len(new_nodes):
            break
        new_nodes = alive
    del graph.node[:]
    graph.node.extend(new_nodes)
    used = {i for n in graph.node for i in n.input}
    keep = [i for i in graph.initializer if i.name in used]
    del graph.initializer[:]
    graph.initializer.extend(keep)
    onnx.checker.check_model(model)
    return model, len(quantized), count


# elementwise ops a Transpose commutes with (same perm on every input: broadcasting is unchanged)
ELEMENTWISE = {"Sigmoid", "Tanh", "Relu", "Neg", "Exp", "Mul", "Add", "Sub", "Div"}


def sink_transposes(nodes, graph, inits, names):
    """Moves the Transposes that make `names` (the outputs of quantized weight-on-the-left
    MatMuls) past elementwise ops whose inputs are all such Transposes (same perm), and into a
    float weight-on-the-left MatMul: W @ T(a) -> Transpose(MatMul(a, W^T)). In export_onnx.py's
    token mixer the gate and up products stay transposed through silu(gate) * up and the float
    down-projection, and one Transpose of its [B, L, D] output remains instead of two of
    [B, I, D] (Transposes of the last two axes only). Elementwise results are the same numbers
    in another order; the down-projection is the MatMul the transposed layout always ran."""
    made = {}  # name -> the Transpose node that makes it, for `names` and what is sunk from them
    weights_t = {}  # float weight -> its transpose (initializer)
    out = []

    def emit(node, inputs, perm):
        sunk = helper.make_node(node.op_type, inputs, [f"{node.output[0]}_sunk"], name=node.name)
        sunk.attribute.extend(node.attribute)
        t = helper.make_node("Transpose", sunk.output, [node.output[0]], perm=perm, name=f"{node.name or node.output[0]}_T")
        out.extend([sunk, t])
        made[node.output[0]] = t

    for node in nodes:
        perms = {tuple(helper.get_attribute_value(made[i].attribute[0])) if i in made else None for i in node.input}
        if node.op_type == "Transpose" and node.output[0] in names:
            made[node.output[0]] = node
            out.append(node)
        elif node.op_type in ELEMENTWISE and len(node.output) == 1 and len(perms) == 1 and None not in perms:
            emit(node, [made[i].input[0] for i in node.input], list(perms.pop()))
        elif node.op_type == "MatMul" and node.input[1] in made:
            perm = list(helper.get_attribute_value(made[node.input[1]].attribute[0]))
            src = const_source(graph, node.input[0], inits)
            w = numpy_helper.to_array(inits[src]) if src is not None else None
            if w is None or w.ndim != 2 or perm[-2:] != [len(perm) - 1, len(perm) - 2] or perm[:-2] != list(range(len(perm) - 2)):
                out.append(node)
                continue
            if src not in weights_t:
                weights_t[src] = f"{src}_T"
                graph.initializer.append(numpy_helper.from_array(np.ascontiguousarray(w.T), weights_t[src]))
            emit(node, [made[node.input[1]].input[0], weights_t[src]], perm)
        else:
            out.append(node)
    return out


def tensor_ranks(model):
    """Rank of every tensor ONNX shape inference can tell."""
    inferred = onnx.shape_inference.infer_shapes(model).graph
    return {v.name: len(v.type.tensor_type.shape.dim) for v in list(inferred.value_info) + list(inferred.input)
            if v.type.tensor_type.HasField("shape")}


PRECISIONS = ["fp32", "int8"]  # bf16/fp16: no fast CPU kernels in ONNX Runtime (see the docstring)


def quantize_folder(src, dst, precision, keep_fp32=DEFAULT_KEEP_FP32, method="dq"):
    """Writes dst/model.onnx + manifest.json at `precision` from the fp32 model in src (dst may be src);
    MatMuls whose node name matches a regex in `keep_fp32` stay float32."""
    if precision == "fp32":
        return
    with open(os.path.join(src, "manifest.json")) as f:
        manifest = json.load(f)
    if manifest.get("precision", "fp32") != "fp32":
        sys.exit(f"{src} is {manifest['precision']}: quantize the fp32 model")
    model = onnx.load(os.path.join(src, manifest["onnx"]["file"]))
    keep_fp32 = list(keep_fp32)
    model, weights, matmuls = quantize_int8(model, keep_fp32, method)
    data = model.SerializeToString()
    os.makedirs(dst, exist_ok=True)
    with open(os.path.join(dst, "model.onnx"), "wb") as f:
        f.write(data)
    if os.path.normpath(src) != os.path.normpath(dst):
        manifest["name"] = os.path.basename(os.path.normpath(dst))
        table = manifest.get("puzzleTable")
        if table is not None:  # the puzzle-embedding table outside the graph stays float32, copied as it is
            for f in (table["file"], table["identifiers"]):
                shutil.copyfile(os.path.join(src, f), os.path.join(dst, f))
    manifest.update(precision=precision, accuracy=None,
                    accuracyNote="not measured yet: run trm-router eval --record on this model")
    manifest["onnx"].update(bytes=len(data), sha256=hashlib.sha256(data).hexdigest(), file="model.onnx")
    manifest.setdefault("training", {})["quantized"] = {"from": src, "precision": precision,
                                                        "method": NBITS_METHOD if method == "nbits" else
                                                        "per-channel int8 weights, dynamic uint8 activations",
                                                        "keepFp32": keep_fp32}
    manifest.pop("halting", None)
    with open(os.path.join(dst, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    print(f"wrote {dst}: {weights} weights quantized in {matmuls} MatMuls, model.onnx {len(data)} bytes")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True, help="model folder with model.onnx + manifest.json (fp32)")
    ap.add_argument("--precision", choices=PRECISIONS[1:], required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--keep-fp32", action="append", metavar="REGEX",
                    help="leave MatMuls whose node name matches REGEX in float32 (repeatable; default: "
                         f"{' '.join(DEFAULT_KEEP_FP32)}; 'none' quantizes every MatMul)")
    ap.add_argument("--method", choices=METHODS, default="dq", help="dq: DynamicQuantizeLinear + MatMulInteger "
                    "(ORT fuses it into DynamicQuantizeMatMul / MatMulIntegerToFloat); nbits: com.microsoft "
                    "MatMulNBits, 8-bit blocks, every MatMul by default (slower here: see the docstring)")
    args = ap.parse_args(argv)
    default_keep = DEFAULT_KEEP_FP32 if args.method == "dq" else ()
    keep = default_keep if args.keep_fp32 is None else [k for k in args.keep_fp32 if k != "none"]
    quantize_folder(args.model, args.out, args.precision, keep, args.method)


if __name__ == "__main__":
    main()
