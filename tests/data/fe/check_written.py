#!/usr/bin/python3
"""check_written.py FIXTURE_DIR - run onnx.checker on every model the writer
produced (FIXTURE_DIR/rt from test_fe_write, FIXTURE_DIR/rt_testdata from
test_fe_testdata) and check what python reads from the C-built model.

The IR has no sequence/map/optional value types, so testdata models whose
graph inputs/outputs have such types lose them on the way through; those
(and only those) are listed and not counted as failures.
"""
import glob
import os
import shutil
import struct
import sys

import onnx
from onnx import numpy_helper

D = sys.argv[1]
TESTDATA = "/usr/share/libonnx-testdata/data"
fails = []


def non_tensor_io(m):
    """True if a main-graph input/output has a non-tensor type."""
    for vi in list(m.graph.input) + list(m.graph.output):
        if vi.type.WhichOneof("value") not in (None, "tensor_type"):
            return True
    return False


def check(path):
    try:
        onnx.checker.check_model(path)
        return None
    except Exception as e:  # noqa: BLE001 - report every checker error
        return str(e).splitlines()[0]


rt = sorted(glob.glob(os.path.join(D, "rt", "*.onnx")))
for f in rt:
    e = check(f)
    if e:
        fails.append((f, e))

# what python sees in the model test_fe_write built with the IR API
m = onnx.load(os.path.join(D, "rt", "c_built.onnx"))
exp = [
    (m.producer_name, "onnxc-test"), (m.producer_version, "0.1"), (m.domain, "org.onnxc"),
    (m.model_version, 3), (m.doc_string, "written by C"), (m.ir_version, 8),
    ([(p.key, p.value) for p in m.metadata_props], [("k", "v")]),
    ([(o.domain, o.version) for o in m.opset_import], [("", 13)]),
    (m.graph.name, "cgraph"),
    ([i.name for i in m.graph.input], ["x", "c"]),
    (m.graph.input[0].type.tensor_type.shape.dim[0].dim_param, "N"),
    (m.graph.input[0].type.tensor_type.shape.dim[1].dim_value, 2),
    (len(m.graph.input[1].type.tensor_type.shape.dim), 0),
    ([o.name for o in m.graph.output], ["v", "h", "q"]),
    (m.graph.output[0].type.tensor_type.shape.dim[1].dim_param, "N"),
    ([n.op_type for n in m.graph.node], ["Add", "If", "LeakyRelu", "Constant", "Transpose",
                                         "Clip"]),
    (list(m.graph.node[5].input), ["u", "", "six"]),
    (m.graph.node[2].attribute[0].f, 0.125),
    (list(m.graph.node[4].attribute[0].ints), [1, 0]),
    (numpy_helper.to_array(m.graph.node[3].attribute[0].t).view("uint16").tolist(),
     [0x3C00, 0x4000]),
    (numpy_helper.to_array(m.graph.initializer[0]).tolist(), [0.5, -1.0]),
    (list(m.graph.initializer[1].string_data), [b"ab", b"c\x00d"]),
    (m.graph.node[1].attribute[0].g.node[0].input[0], "y"),
    ([v.name for v in m.graph.value_info], ["y"]),
    (m.graph.value_info[0].type.tensor_type.elem_type, 1),
]
for i, (got, want) in enumerate(exp):
    if got != want:
        fails.append(("c_built.onnx", "expectation %d: got %r, want %r" % (i, got, want)))

td = sorted(glob.glob(os.path.join(D, "rt_testdata", "*.onnx")))
lost_types = []
for f in td:
    e = check(f)
    if not e:
        continue
    sub, name = os.path.basename(f)[:-5].split("__", 1)
    orig = onnx.load(os.path.join(TESTDATA, sub, name, "model.onnx"))
    if non_tensor_io(orig) and "type" in e:
        lost_types.append(os.path.basename(f))
    else:
        fails.append((f, e))
if len(td) < 1000:
    fails.append((os.path.join(D, "rt_testdata"), "only %d files" % len(td)))
shutil.rmtree(os.path.join(D, "rt_testdata"), ignore_errors=True)

for f, e in fails:
    print("FAIL", f, e)
for f in lost_types:
    print("non-tensor types lost (IR limitation):", f)
print("checker: %d fixtures written by onnxc, %d testdata models written by onnxc: "
      "%d passed, %d lost non-tensor types, %d failed"
      % (len(rt), len(td), len(rt) + len(td) - len(lost_types) - len(fails), len(lost_types),
         len(fails)))
sys.exit(1 if fails else 0)
