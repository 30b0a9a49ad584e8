#!/usr/bin/python3
"""make_seeds.py OUT_DIR: small .npy seed files for fuzz_npy (every dtype
the reader knows, ranks 0-4, format 1.0 and 2.0, an empty array)."""
import os
import sys

import numpy as np


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(7)
    dtypes = ["<f4", "<f8", "<f2", "|i1", "|u1", "<i2", "<u2", "<i4", "<u4", "<i8", "<u8",
              "|b1", "<c8", "<c16"]
    shapes = [(), (3,), (2, 3), (1, 2, 2), (2, 1, 1, 3), (0, 4)]
    for i, dt in enumerate(dtypes):
        for j, shape in enumerate(shapes):
            a = (rng.standard_normal(shape) * 10).astype(dt)
            np.save(os.path.join(out, "s_%s_%d.npy" % (dt[1:], j)), a)
    # format 2.0 (4-byte header length)
    with open(os.path.join(out, "v2.npy"), "wb") as f:
        np.lib.format.write_array(f, np.arange(6, dtype="<i4").reshape(2, 3), version=(2, 0))


if __name__ == "__main__":
    main()
