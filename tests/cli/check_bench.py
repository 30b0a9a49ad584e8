#!/usr/bin/python3
"""Helpers of tests/cli/bench.sh (the `onnxc bench` tests).

check_bench.py flops MODEL
    Print the FLOPs of one run of MODEL as `onnxc bench -O0` must count them,
    computed independently with the onnx package: shapes by ONNX shape
    inference (symbolic dims taken as 1), 2 x multiply-adds of every Conv
    (output elements x C/group x kernel), ConvTranspose (input elements x
    M/group x kernel), Gemm (M x N x K) and MatMul (output elements x K).
check_bench.py json FILE RUNS WARMUP [FLOPS]
    Check the `onnxc bench --json` output in FILE: one JSON object (nothing
    else), every documented key, runs/warmup as given, one time per run,
    min <= median <= max, mean and GFLOP/s consistent, flops == FLOPS when
    given.  Prints one line per failed check; exit status 1 if any.
check_bench.py string-model OUT
    Write a model whose input is a string tensor.
"""
import json
import math
import sys

import onnx
from onnx import TensorProto, helper, numpy_helper, shape_inference

KEYS = ["model", "median_ms", "min_ms", "mean_ms", "runs", "warmup", "threads", "gflops",
        "flops", "arena_bytes", "blas_core", "times_ms"]


def dims_of(t):
    return [d.dim_value if d.HasField("dim_value") else 1 for d in t.tensor_type.shape.dim]


def prod(xs):
    p = 1
    for x in xs:
        p *= x
    return p


def model_flops(path):
    model = onnx.load(path)
    for inp in model.graph.input:   # symbolic dims become 1, as bench does
        for d in inp.type.tensor_type.shape.dim:
            if not d.HasField("dim_value"):
                d.dim_value = 1
    model = shape_inference.infer_shapes(model)
    g = model.graph
    shapes = {v.name: dims_of(v.type) for v in list(g.input) + list(g.value_info) + list(g.output)}
    for t in g.initializer:
        shapes[t.name] = list(t.dims)
    macs = 0
    for n in g.node:
        if n.op_type == "Conv":
            macs += prod(shapes[n.output[0]]) * prod(shapes[n.input[1]][1:])
        elif n.op_type == "ConvTranspose":
            macs += prod(shapes[n.input[0]]) * prod(shapes[n.input[1]][1:])
        elif n.op_type == "Gemm":
            y = shapes[n.output[0]]
            macs += prod(y) * (prod(shapes[n.input[0]]) // y[0])
        elif n.op_type == "MatMul":
            macs += prod(shapes[n.output[0]]) * shapes[n.input[0]][-1]
    return 2 * macs


def check_json(path, runs, warmup, flops):
    fails = []

    def check(ok, what):
        if not ok:
            fails.append(what)

    with open(path) as f:
        text = f.read()
    try:
        r = json.loads(text)
    except ValueError as e:
        print("FAIL: not one JSON object: %s" % e)
        return 1
    if not isinstance(r, dict):
        print("FAIL: not a JSON object")
        return 1
    missing = [k for k in KEYS if k not in r]
    if missing:
        print("FAIL: missing keys: %s" % ", ".join(missing))
        return 1
    t = r["times_ms"]
    check(r["runs"] == runs, "runs is %r, expected %d" % (r["runs"], runs))
    check(r["warmup"] == warmup, "warmup is %r, expected %d" % (r["warmup"], warmup))
    check(isinstance(t, list) and len(t) == runs, "times_ms has %d entries, expected %d"
          % (len(t) if isinstance(t, list) else -1, runs))
    if isinstance(t, list) and t:
        check(all(isinstance(x, (int, float)) and x > 0 for x in t), "times_ms not all > 0")
        check(r["min_ms"] <= r["median_ms"] <= max(t), "not min <= median <= max: %r %r %r"
              % (r["min_ms"], r["median_ms"], max(t)))
        check(math.isclose(r["min_ms"], min(t), rel_tol=1e-6, abs_tol=1e-6),
              "min_ms %r is not min(times_ms) %r" % (r["min_ms"], min(t)))
        s = sorted(t)
        med = s[len(s) // 2] if len(s) % 2 else (s[len(s) // 2 - 1] + s[len(s) // 2]) / 2
        check(math.isclose(r["median_ms"], med, rel_tol=1e-6, abs_tol=1e-6),
              "median_ms %r is not the median of times_ms %r" % (r["median_ms"], med))
        check(math.isclose(r["mean_ms"], sum(t) / len(t), rel_tol=1e-5, abs_tol=1e-6),
              "mean_ms %r is not the mean of times_ms" % r["mean_ms"])
    check(isinstance(r["flops"], int) and r["flops"] >= 0, "flops %r" % r["flops"])
    if flops is not None:
        check(r["flops"] == flops, "flops is %r, expected %d" % (r["flops"], flops))
    if r["median_ms"] > 0:
        check(math.isclose(r["gflops"], r["flops"] / (r["median_ms"] * 1e6), rel_tol=1e-3,
                           abs_tol=1e-6), "gflops %r is not flops / median" % r["gflops"])
    check(isinstance(r["arena_bytes"], int) and r["arena_bytes"] >= 0,
          "arena_bytes %r" % r["arena_bytes"])
    check(isinstance(r["blas_core"], str) and r["blas_core"] != "", "blas_core %r" % r["blas_core"])
    check(isinstance(r["threads"], int), "threads %r" % r["threads"])
    for f in fails:
        print("FAIL: %s" % f)
    return 1 if fails else 0


def string_model(out):
    node = helper.make_node("StringNormalizer", ["s"], ["y"], case_change_action="UPPER")
    g = helper.make_graph([node], "strings",
                          [helper.make_tensor_value_info("s", TensorProto.STRING, [2])],
                          [helper.make_tensor_value_info("y", TensorProto.STRING, [2])])
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)], producer_name="onnxc-tests")
    m.ir_version = 8
    onnx.save(m, out)


def main(argv):
    if len(argv) >= 2 and argv[1] == "flops" and len(argv) == 3:
        print(model_flops(argv[2]))
        return 0
    if len(argv) >= 2 and argv[1] == "json" and len(argv) in (5, 6):
        return check_json(argv[2], int(argv[3]), int(argv[4]),
                          int(argv[5]) if len(argv) == 6 else None)
    if len(argv) == 3 and argv[1] == "string-model":
        string_model(argv[2])
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
