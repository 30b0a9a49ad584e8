#!/usr/bin/python3
"""Compare a runtime's outputs with reference outputs.

Usage: compare.py --ref REF_DIR --got GOT_DIR [--tol 1e-4]

Every REF_DIR/output_<k>.npy must have a GOT_DIR/output_<k>.npy of the same
shape and dtype whose max abs error is <= tol * max(1, max|ref|).  Prints one
line per output: "output_k SHAPE MAX_ABS_ERR LIMIT OK|FAIL".  An output file in
GOT_DIR with no reference counterpart is also a failure.
Exit status: 0 all OK, 1 any mismatch, 2 a missing file (or no reference).
"""
import argparse
import os
import re
import sys

import numpy as np

OUTPUT_RE = re.compile(r"^output_(\d+)\.npy$")


def output_files(d):
    """output_<k>.npy names in d (none if d is missing), sorted by k."""
    names = [n for n in os.listdir(d) if OUTPUT_RE.match(n)] if os.path.isdir(d) else []
    return sorted(names, key=lambda n: int(OUTPUT_RE.match(n).group(1)))


def fmt_shape(shape):
    return "x".join(str(s) for s in shape) or "scalar"


def compare(name, ref, got, tol):
    """Return (line, ok) for one output."""
    tag = name[:-len(".npy")]
    if ref.shape != got.shape or ref.dtype != got.dtype:
        return ("%s %s - - FAIL (expected %s %s, got %s %s)"
                % (tag, fmt_shape(ref.shape), fmt_shape(ref.shape), ref.dtype,
                   fmt_shape(got.shape), got.dtype), False)
    r, g = ref.astype(np.float64), got.astype(np.float64)
    err = float(np.max(np.abs(r - g))) if r.size else 0.0
    limit = tol * max(1.0, float(np.max(np.abs(r))) if r.size else 0.0)
    ok = err <= limit  # False for NaN
    return ("%s %s %.3e %.3e %s" % (tag, fmt_shape(ref.shape), err, limit,
                                    "OK" if ok else "FAIL"), ok)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--ref", required=True)
    p.add_argument("--got", required=True)
    p.add_argument("--tol", type=float, default=1e-4)
    a = p.parse_args()
    refs = output_files(a.ref)
    if not refs:
        print("no output_<k>.npy in %s" % a.ref)
        return 2
    missing = [n for n in refs if not os.path.isfile(os.path.join(a.got, n))]
    if missing:
        for n in missing:
            print("%s missing in %s" % (n[:-len(".npy")], a.got))
        return 2
    all_ok = True
    for n in refs:
        line, ok = compare(n, np.load(os.path.join(a.ref, n)),
                           np.load(os.path.join(a.got, n)), a.tol)
        print(line)
        all_ok &= ok
    for n in sorted(set(output_files(a.got)) - set(refs)):
        print("%s unexpected (no reference) FAIL" % n[:-len(".npy")])
        all_ok = False
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main())
