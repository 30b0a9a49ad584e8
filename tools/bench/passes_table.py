#!/usr/bin/python3
"""passes_table.py - what the pass pipeline does to each benchmark model:
nodes before and after, the changes each pass reported, and latency with
the passes off (-O0) and on (default), interleaved.

Usage:
  /usr/bin/python3 tools/bench/passes_table.py [--onnxc build/tools/onnxc]
      [--models a,b,...] [--threads 1] [--rounds R] [--runs K] [--warmup W]
      [--work DIR]

Models and inputs are those of side_by_side.py (same work folder, so
exports are shared).  Node counts and reports come from
`onnxc dump -O --pass-stats` (live nodes of the top graph); latency from
`onnxc bench --json`, R rounds of K runs alternating -O0 and default, median
of all runs.  A benchmark, not a test.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import side_by_side as sbs  # noqa: E402

SHOWN = ("fold", "simplify", "cse", "fold_bn", "fold_affine", "gemm", "fold_pad",
         "fold_bilinear", "fold_dilation", "fuse_act", "dce")


def pass_stats(exe, model):
    r = subprocess.run([exe, "dump", "-O", "--pass-stats", model, "-o", os.devnull],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True)
    reports, total = {}, None
    for line in r.stderr.splitlines():
        m = re.match(r"pass (\S+)\s+(\d+) reports?, nodes (\d+) -> (\d+)$", line)
        if m:
            reports[m.group(1)] = int(m.group(2))
        m = re.match(r"passes: nodes (\d+) -> (\d+)$", line)
        if m:
            total = (int(m.group(1)), int(m.group(2)))
    return reports, total


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--onnxc", default=os.path.join(sbs.ROOT, "build", "tools", "onnxc"))
    p.add_argument("--models", default=",".join(sbs.DEFAULT_MODELS))
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--work", default="/tmp/onnxc_side_by_side")
    a = p.parse_args()
    os.makedirs(a.work, exist_ok=True)
    print("| model | nodes -O0 | nodes -O | changes by pass | -O0 ms | -O ms | speed-up |")
    print("| --- | ---: | ---: | --- | ---: | ---: | ---: |")
    for name in a.models.split(","):
        _, _, onnx_path, npy, _ = sbs.prepare_model(name, a.work)
        reports, total = pass_stats(a.onnxc, onnx_path)
        t = {"0": [], "1": []}
        for r in range(a.rounds):
            for lvl in (("0", "1") if r % 2 == 0 else ("1", "0")):
                cmd = [a.onnxc, "bench", onnx_path, "--input", npy, "-O" + lvl, "--runs",
                       str(a.runs), "--warmup", str(a.warmup), "--threads", str(a.threads),
                       "--json"]
                out = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, check=True).stdout
                t[lvl] += sbs.json.loads(out)["times_ms"]
        m0, m1 = statistics.median(t["0"]), statistics.median(t["1"])
        changes = ", ".join("%s %d" % (k, reports[k]) for k in SHOWN if reports.get(k))
        print("| %s | %d | %d | %s | %.2f | %.2f | %.2fx |" % (
            name, total[0], total[1], changes or "none", m0, m1, m0 / m1), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
