#!/usr/bin/python3
"""check_info.py ONNXC MODEL OPS_DEF EXPECTED_TXT EXPECTED_JSON

`onnxc info MODEL` (text and --format json, run in the current folder) must
print exactly the expected files, where the placeholder @UNSUPPORTED@
stands for the ops of MODEL (read here with the onnx package, subgraphs
included) whose ir/ops.def line is not marked K: the expected files stay
valid while kernels are being added.
"""
import json
import re
import subprocess
import sys

import onnx

DOMAINS = {"": "ONNX", "ai.onnx": "ONNX", "ai.onnx.ml": "ML", "ai.onnx.preview.training": "TRAIN"}


def model_ops(g, out):
    for n in g.node:
        name = n.op_type if n.domain in ("", "ai.onnx") else "%s:%s" % (n.domain, n.op_type)
        out.add((name, n.op_type, n.domain))
        for a in n.attribute:
            if a.HasField("g"):
                model_ops(a.g, out)
            for sub in a.graphs:
                model_ops(sub, out)
    return out


def main(onnxc, model, ops_def, exp_txt, exp_json):
    kernels = set()
    for line in open(ops_def):
        m = re.match(r"OP\((\w+), (\w+), K,", line)
        if m:
            kernels.add((m.group(1), m.group(2)))
    unsupported = sorted(name for name, op, dom in model_ops(onnx.load(model).graph, set())
                         if (op, DOMAINS.get(dom, "?")) not in kernels)
    fails = 0

    text = subprocess.run([onnxc, "info", model], capture_output=True, text=True, check=True).stdout
    want = open(exp_txt).read().replace("@UNSUPPORTED@", ", ".join(unsupported) or "none")
    if text != want:
        print("onnxc info %s differs from %s (with @UNSUPPORTED@ = %s):" % (model, exp_txt, unsupported))
        sys.stdout.writelines(__import__("difflib").unified_diff(
            want.splitlines(True), text.splitlines(True), "expected", "got"))
        fails += 1

    got = subprocess.run([onnxc, "info", model, "--format", "json"], capture_output=True, text=True,
                         check=True).stdout
    got_obj = json.loads(got)
    want_obj = json.load(open(exp_json))
    want_obj["unsupported"] = unsupported
    if got_obj != want_obj:
        print("onnxc info %s --format json differs from %s:\n%s" % (model, exp_json, got))
        fails += 1
    print("%d passed, %d failed" % (2 - fails, fails))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
