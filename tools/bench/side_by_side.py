#!/usr/bin/python3
"""side_by_side.py - latency of onnxc, ONNX Runtime and PyTorch on the same
models and inputs, interleaved in one run, at 1 and 2 threads.

Usage:
  /usr/bin/python3 tools/bench/side_by_side.py [--onnxc build/tools/onnxc]
      [--models a,b,...] [--threads 1,2] [--rounds R] [--runs K] [--warmup W]
      [--work DIR] [--json FILE] [--markdown]

For each model (built by tests/e2e/gen.py's constructors with seeded random
weights, exported with torch.onnx.export at opset 13 at the benchmark input
size below) and each thread count, R rounds run K timed inferences in each
of the three runtimes, the order rotating each round (A B C, B C A, C A B),
after W warm-up runs per runtime, with a pause (--gap, 0.5 s) before each
turn so that threads a runtime leaves spinning after its runs (ORT's pool,
PyTorch's OpenMP) do not compete with the next one.  Reported: per runtime the median over
all R*K runs, and the ratios onnxc/ORT and onnxc/PyTorch; then the
geometric means of the ratios.

  onnxc    `onnxc bench MODEL --input X.npy --runs K --warmup W --threads T
           --json` (its times_ms), the default pass pipeline; each round is a
           new process (load and prepare are not timed).
  ORT      onnxruntime-node (npm, installed with --ignore-scripts into
           WORK/ort on first use), one persistent Node process
           (tools/bench/ort_worker.js), intraOpNumThreads = T, all graph
           optimisations.
  PyTorch  Debian's python3-torch in this process, torch.set_num_threads(T),
           inference_mode, the eager model the ONNX file was exported from.

This is a benchmark, not a test: it never gates CI.  Exit status 0 when
every runtime ran every model, 1 when one failed (shown as "-" in the table).
"""
import argparse
import json
import math
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "e2e"))

import numpy as np  # noqa: E402
import torch  # noqa: E402

import gen  # noqa: E402  (tests/e2e/gen.py: model constructors)

# name -> input shape for the benchmark (batch 1; realistic sizes)
SIZES = {
    "resnet18": (1, 3, 224, 224),
    "mobilenet_v2": (1, 3, 224, 224),
    "squeezenet1_1": (1, 3, 224, 224),
    "deeplabv3_mobilenet_v3_large": (1, 3, 256, 256),
    "lraspp_mobilenet_v3_large": (1, 3, 256, 256),
    "fcn_resnet50": (1, 3, 256, 256),
    "fcn_bilinear": (1, 3, 256, 256),
    "unet": (1, 3, 256, 256),
    "transformer": (1, 64, 32),
}
DEFAULT_MODELS = list(SIZES)


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--onnxc", default=os.path.join(ROOT, "build", "tools", "onnxc"))
    p.add_argument("--models", default=",".join(DEFAULT_MODELS))
    p.add_argument("--threads", default="1,2")
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--gap", type=float, default=0.5,
                   help="seconds of pause before each runtime's turn (default 0.5)")
    p.add_argument("--work", default="/tmp/onnxc_side_by_side")
    p.add_argument("--json", help="write every measurement to this file")
    p.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    a = p.parse_args()
    a.models = [m for m in a.models.split(",") if m]
    bad = [m for m in a.models if m not in SIZES]
    if bad:
        p.error("unknown model(s): %s (known: %s)" % (",".join(bad), ",".join(SIZES)))
    a.threads = [int(t) for t in a.threads.split(",")]
    if a.rounds < 1 or a.runs < 1 or a.warmup < 0 or any(t < 1 for t in a.threads):
        p.error("rounds, runs and threads must be >= 1, warmup >= 0")
    return a


def prepare_model(name, work):
    """Build, export and save the input of one model; (torch model, paths)."""
    d = os.path.join(work, name)
    os.makedirs(d, exist_ok=True)
    model = gen.build(name)
    shape = SIZES[name]
    x = torch.randn(shape, generator=torch.Generator().manual_seed(gen.model_seed(name)))
    onnx_path = os.path.join(d, "model.onnx")
    npy = os.path.join(d, "input.npy")
    binf = os.path.join(d, "input.bin")
    stamp = os.path.join(d, "stamp.json")
    want = {"shape": list(shape), "opset": 13}
    have = None
    if os.path.exists(stamp):
        with open(stamp) as f:
            have = json.load(f)
    if have != want or not os.path.exists(onnx_path):
        with torch.no_grad():
            y = model(x)
        n_out = len(y) if isinstance(y, (tuple, list)) else 1
        gen.export(model, x, onnx_path, 13, False, n_out)
        with open(stamp, "w") as f:
            json.dump(want, f)
    np.save(npy, x.numpy())
    x.numpy().astype(np.float32).tofile(binf)
    return model, x, onnx_path, npy, binf


class OrtWorker:
    def __init__(self, work):
        self.p = subprocess.Popen(["node", os.path.join(HERE, "ort_worker.js"),
                                   os.path.join(work, "ort")],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def run(self, onnx_path, binf, shape, threads, runs, warmup):
        req = {"model": onnx_path, "input": "input", "shape": list(shape), "data": binf,
               "threads": threads, "runs": runs, "warmup": warmup}
        self.p.stdin.write(json.dumps(req) + "\n")
        self.p.stdin.flush()
        line = self.p.stdout.readline()
        if not line:
            raise RuntimeError("ort_worker.js exited")
        r = json.loads(line)
        if "error" in r:
            raise RuntimeError(r["error"])
        return r["times_ms"]

    def close(self):
        self.p.stdin.close()
        self.p.wait()


def run_onnxc(exe, onnx_path, npy, threads, runs, warmup):
    cmd = [exe, "bench", onnx_path, "--input", npy, "--runs", str(runs), "--warmup",
           str(warmup), "--threads", str(threads), "--json"]
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        raise RuntimeError("onnxc bench: exit %d: %s" % (r.returncode, r.stderr.strip()))
    return json.loads(r.stdout)["times_ms"]


def run_torch(model, x, threads, runs, warmup, warmed):
    torch.set_num_threads(threads)
    times = []
    with torch.inference_mode():
        if not warmed:
            for _ in range(warmup):
                model(x)
        for _ in range(runs):
            t0 = time.perf_counter()
            model(x)
            times.append((time.perf_counter() - t0) * 1e3)
    return times


def median(v):
    v = sorted(v)
    n = len(v)
    return v[n // 2] if n % 2 else 0.5 * (v[n // 2 - 1] + v[n // 2])


def geomean(v):
    v = [x for x in v if x and x > 0]
    return math.exp(sum(math.log(x) for x in v) / len(v)) if v else None


def fmt(v, spec="%.2f"):
    return "-" if v is None else spec % v


def main():
    a = parse_args()
    if not os.access(a.onnxc, os.X_OK):
        sys.exit("side_by_side.py: %s is not an executable (build first, or --onnxc)" % a.onnxc)
    os.makedirs(a.work, exist_ok=True)
    ver = subprocess.run([a.onnxc, "--version"], stdout=subprocess.PIPE, text=True).stdout
    print("onnxc: %s" % " | ".join(ver.strip().splitlines()))
    print("PyTorch %s; models built with seeded random weights (tests/e2e/gen.py)" %
          torch.__version__)
    ort = OrtWorker(a.work)
    results = []
    failed = False
    for name in a.models:
        model, x, onnx_path, npy, binf = prepare_model(name, a.work)
        for t in a.threads:
            samples = {"onnxc": [], "ort": [], "torch": []}
            errors = {}
            warmed = False
            runners = {
                "onnxc": lambda: run_onnxc(a.onnxc, onnx_path, npy, t, a.runs, a.warmup),
                "ort": lambda: ort.run(onnx_path, binf, SIZES[name], t, a.runs, a.warmup),
                "torch": lambda: run_torch(model, x, t, a.runs, a.warmup, warmed),
            }
            order = ["onnxc", "ort", "torch"]
            for r in range(a.rounds):
                for k in order[r % 3:] + order[:r % 3]:
                    if k in errors:
                        continue
                    # let the previous runtime's idle threads stop spinning (ORT's
                    # pool and PyTorch's OpenMP threads spin after a run), so they
                    # do not take a core from the next one
                    time.sleep(a.gap)
                    try:
                        samples[k] += runners[k]()
                        if k == "torch":
                            warmed = True
                    except Exception as e:  # report, keep the other runtimes going
                        errors[k] = str(e).splitlines()[0][:200]
                        print("  %s %s T=%d: %s" % (name, k, t, errors[k]), file=sys.stderr)
            med = {k: (median(v) if v and k not in errors else None) for k, v in samples.items()}
            row = {"model": name, "threads": t, "shape": list(SIZES[name]),
                   "median_ms": med, "min_ms": {k: (min(v) if v else None)
                                                for k, v in samples.items()},
                   "samples": sum(len(v) for v in samples.values()), "errors": errors}
            row["onnxc_ort"] = med["onnxc"] / med["ort"] if med["onnxc"] and med["ort"] else None
            row["onnxc_torch"] = (med["onnxc"] / med["torch"]
                                  if med["onnxc"] and med["torch"] else None)
            failed |= bool(errors)
            results.append(row)
            print("%-30s T=%d  onnxc %8s ms  ORT %8s ms  PyTorch %8s ms  onnxc/ORT %5s  "
                  "onnxc/PyTorch %5s" % (name, t, fmt(med["onnxc"]), fmt(med["ort"]),
                                         fmt(med["torch"]), fmt(row["onnxc_ort"]),
                                         fmt(row["onnxc_torch"])), flush=True)
    ort.close()
    print()
    if a.markdown:
        print("| model | input | threads | onnxc ms | ORT ms | PyTorch ms | onnxc/ORT | onnxc/PyTorch |")
        print("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |")
        for r in results:
            m = r["median_ms"]
            print("| %s | %s | %d | %s | %s | %s | %s | %s |" % (
                r["model"], "x".join(str(d) for d in r["shape"]), r["threads"], fmt(m["onnxc"]),
                fmt(m["ort"]), fmt(m["torch"]), fmt(r["onnxc_ort"]), fmt(r["onnxc_torch"])))
    for t in a.threads:
        rows = [r for r in results if r["threads"] == t]
        print("threads %d: geomean onnxc/ORT %s, onnxc/PyTorch %s, worst onnxc/ORT %s" % (
            t, fmt(geomean([r["onnxc_ort"] for r in rows])),
            fmt(geomean([r["onnxc_torch"] for r in rows])),
            fmt(max([r["onnxc_ort"] for r in rows if r["onnxc_ort"]], default=None))))
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"date": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "rounds": a.rounds,
                       "runs": a.runs, "warmup": a.warmup, "results": results}, f, indent=1)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
