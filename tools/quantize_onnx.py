"""
Lower-precision copies of an exported TRM step graph.

  /usr/bin/python3 tools/quantize_onnx.py --model models/NAME --precision int8 --out models/NAME-int8

int8: every MatMul whose second input is a constant weight [K, N] becomes
  DynamicQuantizeLinear(x) -> MatMulInteger(x_u8, W_s8, x_zp, 0) -> Cast -> Mul(x_scale * w_scale[N])
with symmetric per-output-channel int8 weights and dynamic (per-tensor, per-call) uint8
activations: ONNX Runtime fuses this into its DynamicQuantizeMatMul kernel (AVX512-VNNI / AMX on
CPUs that have them). Everything else (norms, softmax, embeddings, heads) stays float32.
Note: a dynamic activation scale is computed over the whole batch tensor, so with int8 a
sample's numbers can depend very slightly on the other samples in its batch.

The manifest is copied with `precision` set, a new sha256, and the accuracy cleared (measure the
copy with `trm-router eval --record`).
"""

import argparse
import hashlib
import json
import os
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


def quantize_int8(model):
    graph = model.graph
    inits = {i.name: i for i in graph.initializer}
    quantized = {}  # weight name -> (q name, scale name)
    new_nodes = []
    count = 0
    for node in graph.node:
        src = const_source(graph, node.input[1], inits) if node.op_type == "MatMul" and len(node.input) == 2 else None
        w = numpy_helper.to_array(inits[src]) if src is not None else None
        if w is None or w.ndim != 2 or w.dtype != np.float32:
            new_nodes.append(node)
            continue
        if src not in quantized:
            scale = np.maximum(np.abs(w).max(axis=0), 1e-12) / 127.0
            q = np.clip(np.round(w / scale), -127, 127).astype(np.int8)
            qn, sn, zn = f"{src}_int8", f"{src}_scale", f"{src}_zero"
            graph.initializer.extend([numpy_helper.from_array(q, qn), numpy_helper.from_array(scale.astype(np.float32), sn),
                                      numpy_helper.from_array(np.zeros(w.shape[1], dtype=np.int8), zn)])
            quantized[src] = (qn, sn, zn)
        qn, sn, zn = quantized[src]
        p = f"{node.name or node.output[0]}_q{count}"
        count += 1
        x = node.input[0]
        new_nodes += [
            helper.make_node("DynamicQuantizeLinear", [x], [f"{p}_x", f"{p}_xs", f"{p}_xz"], name=f"{p}_dql"),
            helper.make_node("MatMulInteger", [f"{p}_x", qn, f"{p}_xz", zn], [f"{p}_i32"], name=f"{p}_mmi"),
            helper.make_node("Cast", [f"{p}_i32"], [f"{p}_f32"], to=TensorProto.FLOAT, name=f"{p}_cast"),
            helper.make_node("Mul", [f"{p}_xs", sn], [f"{p}_s"], name=f"{p}_scale"),
            helper.make_node("Mul", [f"{p}_f32", f"{p}_s"], [node.output[0]], name=f"{p}_out"),
        ]
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


PRECISIONS = ["fp32", "int8"]  # bf16/fp16: ONNX Runtime's CPU provider has no fast kernels for them


def quantize_folder(src, dst, precision):
    """Writes dst/model.onnx + manifest.json at `precision` from the fp32 model in src (dst may be src)."""
    if precision == "fp32":
        return
    with open(os.path.join(src, "manifest.json")) as f:
        manifest = json.load(f)
    if manifest.get("precision", "fp32") != "fp32":
        sys.exit(f"{src} is {manifest['precision']}: quantize the fp32 model")
    model = onnx.load(os.path.join(src, manifest["onnx"]["file"]))
    model, weights, matmuls = quantize_int8(model)
    data = model.SerializeToString()
    os.makedirs(dst, exist_ok=True)
    with open(os.path.join(dst, "model.onnx"), "wb") as f:
        f.write(data)
    if os.path.normpath(src) != os.path.normpath(dst):
        manifest["name"] = os.path.basename(os.path.normpath(dst))
    manifest.update(precision=precision, accuracy=None,
                    accuracyNote="not measured yet: run trm-router eval --record on this model")
    manifest["onnx"].update(bytes=len(data), sha256=hashlib.sha256(data).hexdigest(), file="model.onnx")
    manifest.setdefault("training", {})["quantized"] = {"from": src, "precision": precision,
                                                        "method": "per-channel int8 weights, dynamic uint8 activations"}
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
    args = ap.parse_args(argv)
    quantize_folder(args.model, args.out, args.precision)


if __name__ == "__main__":
    main()
