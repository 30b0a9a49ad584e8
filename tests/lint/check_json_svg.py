#!/usr/bin/python3
"""check_json_svg.py TOOL MODELDIR - `onnxc lint` JSON output, SVG picture,
--input-shape, --werror and the error exits, on make_models.py's models."""
import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

TOOL, DIR = sys.argv[1], sys.argv[2]
failures = []
checks = [0]


def lint(*args):
    p = subprocess.run([TOOL, "lint"] + list(args), capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def check(cond, what):
    checks[0] += 1
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def model(name):
    return os.path.join(DIR, name + ".onnx")


def as_json(name, *flags):
    rc, out, err = lint(model(name), "--format", "json", *flags)
    return rc, json.loads(out), err


# [2,4,6]: R3, R1 warnings, R2, R5 notes; coverage 169/625 on the stem's grid
rc, j, err = as_json("stack_246")
check(rc == 1, "stack_246 exit 1")
check(j["model"] == model("stack_246") and j["chains"] == 1, "stack_246 model/chains")
check([f["rule"] for f in j["findings"]] == ["R3", "R1", "R2", "R5"], "stack_246 rules")
r3 = j["findings"][0]
check(r3["severity"] == "warning" and r3["rates"] == [2, 4, 6], "stack_246 R3 severity/rates")
check(abs(r3["coverage"] - 169 / 625) < 1e-4, "stack_246 coverage")
check(r3["coverage_per_axis"] == [0.52, 0.52] and r3["span"] == [[-12, 12], [-12, 12]],
      "stack_246 per axis")
check(r3["period"] == [2, 2] and len(r3["nodes"]) == 3, "stack_246 period/nodes")
check(r3["origin"] == "/stem/stem.0/Conv_output_0", "stack_246 origin is the stem's output")
check(j["findings"][1]["factor"] == 2, "stack_246 R1 factor")
check(j["findings"][2]["severity"] == "note" and j["findings"][2]["m2"] == 4, "stack_246 R2")
check(j["findings"][3]["suggested"] == [1, 3, 8], "stack_246 R5 suggestion")

# clean schedules: no findings, exit 0
for name in ("stack_125", "stack_125125"):
    rc, j, err = as_json(name)
    check(rc == 0 and j["findings"] == [] and j["chains"] == 1, name + " clean")

# [1,9,3]: an R2 note only (exit 0); --werror makes it a warning (exit 1)
rc, j, err = as_json("stack_193")
check(rc == 0 and [f["rule"] for f in j["findings"]] == ["R2"], "stack_193 R2 only")
check(j["findings"][0]["severity"] == "note" and j["findings"][0]["K"] == 3, "stack_193 note")
rc, j, err = as_json("stack_193", "--werror")
check(rc == 1 and j["findings"][0]["severity"] == "warning", "stack_193 --werror")

# DeepLabv3 at 256x256: R4 for the rate-24 and rate-36 ASPP branches (16x16 map)
rc, j, err = as_json("deeplabv3_mobilenet_v3_large")
r4 = [f for f in j["findings"] if f["rule"] == "R4"]
check(rc == 1 and len(r4) == 2, "deeplab two R4")
check([f["node"].split("/")[-2] for f in r4] == ["convs.2.0", "convs.3.0"], "deeplab R4 nodes")
check(all(f["input_size"] == [16, 16] for f in r4), "deeplab R4 sizes")
# at 512x512 the map is 32x32: rate 24 reaches real pixels, rate 36 still not
rc, j, err = as_json("deeplabv3_mobilenet_v3_large", "--input-shape", "image=1x3x512x512")
r4 = [f for f in j["findings"] if f["rule"] == "R4"]
check(len(r4) == 1 and r4[0]["input_size"] == [32, 32] and "convs.3.0" in r4[0]["node"],
      "deeplab 512 R4")
rc2, j2, err = as_json("deeplabv3_mobilenet_v3_large", "--input-shape", "1x3x512x512")
check(j2 == j, "--input-shape without NAME for a one-input model")

# SVG: one rect per offset of the 25x25 span, 169 reached, 456 holes
with tempfile.TemporaryDirectory() as tmp:
    svg = os.path.join(tmp, "f.svg")
    rc, out, err = lint(model("stack_246"), "--svg", svg)
    check(rc == 1 and os.path.exists(svg), "svg written")
    root = ET.parse(svg).getroot()
    fills = [r.get("fill") for r in root.iter("{http://www.w3.org/2000/svg}rect")]
    check(fills.count("#1f5fa8") == 169 and fills.count("#f4b6b6") == 456, "svg cells")
    check(os.listdir(tmp) == ["f.svg"], "no temporary file left")
    rc, out, err = lint(model("stack_246"), "--svg", os.path.join(tmp, "no/such/dir.svg"))
    check(rc == 2 and "onnxc lint:" in err, "svg into a missing folder: exit 2")

# errors: exit 2 and one line on stderr
for args in (["--format", "xml", model("stack_125")], ["--bogus", model("stack_125")],
             [os.path.join(DIR, "missing.onnx")], [],
             [model("stack_125"), "--input-shape", "nosuch=1x3x8x8"],
             [model("stack_125"), "--input-shape", "image=1x0x8"],
             [model("stack_125"), model("stack_246")]):
    rc, out, err = lint(*args)
    check(rc == 2 and err.startswith("onnxc lint: ") and err.count("\n") == 1 and out == "",
          "error exit for %s (got %d, %r)" % (args, rc, err))
rc, out, err = lint("--help")
check(rc == 0 and out.startswith("usage: onnxc lint"), "--help")

print("%d passed, %d failed" % (checks[0] - len(failures), len(failures)))
sys.exit(1 if failures else 0)
