#!/usr/bin/python3
"""check_written.py FIXTURE_DIR - run onnx.checker on every model the writer
produced (FIXTURE_DIR/rt from test_fe_write, FIXTURE_DIR/rt_testdata from
test_fe_testdata) and check what python reads from the C-built model.

Non-tensor value types (sequence, map, optional) are kept by the IR as the
original TypeProto bytes and must come back unchanged.
"""
import glob
import os
import shutil
import struct
import sys

import onnx
from onnx import helper as h
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


def same_type(a, b):
    if a.WhichOneof("value") != "tensor_type":
        return a == b
    return a == b or (a.tensor_type.elem_type == b.tensor_type.elem_type and
                      [(d.WhichOneof("value"), d.dim_value, d.dim_param)
                       for d in a.tensor_type.shape.dim] ==
                      [(d.WhichOneof("value"), d.dim_value, d.dim_param)
                       for d in b.tensor_type.shape.dim])


def tensor_bytes(t):
    """The element bytes of t, little-endian, whichever field holds them."""
    if t.data_type == onnx.TensorProto.STRING:
        return list(t.string_data)
    if t.HasField("raw_data"):
        return t.raw_data
    if t.data_type == onnx.TensorProto.COMPLEX64:   # numpy_helper 1.12 fails on these
        return struct.pack("<%df" % len(t.float_data), *t.float_data)
    if t.data_type == onnx.TensorProto.COMPLEX128:
        return struct.pack("<%dd" % len(t.double_data), *t.double_data)
    if t.data_type == onnx.TensorProto.BFLOAT16:    # to_array gives float32
        return struct.pack("<%dH" % len(t.int32_data), *t.int32_data)
    return numpy_helper.to_array(t).tobytes()


def same_value(a, b):
    if isinstance(a, onnx.TensorProto):
        return (a.data_type, list(a.dims), a.name, tensor_bytes(a)) == \
            (b.data_type, list(b.dims), b.name, tensor_bytes(b))
    if isinstance(a, onnx.GraphProto):
        return diff_graph(a, b) is None
    if isinstance(a, list):
        return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b))
    return a == b


def diff_graph(a, b):
    """None when b (written by onnxc) says what a (the original) says."""
    if (a.name or "graph") != b.name:
        return "graph name %r vs %r" % (a.name, b.name)
    for kind in ("input", "output"):
        x, y = getattr(a, kind), getattr(b, kind)
        if [v.name for v in x] != [v.name for v in y]:
            return "%s names" % kind
        for v, w in zip(x, y):
            if v.HasField("type") and not same_type(v.type, w.type):
                return "%s %s type" % (kind, v.name)
    if [t.name for t in a.initializer] != [t.name for t in b.initializer]:
        return "initializer names"
    for t, u in zip(a.initializer, b.initializer):
        if not same_value(t, u):
            return "initializer %s" % t.name
    if len(a.node) != len(b.node):
        return "node count"
    for n, o in zip(a.node, b.node):
        if (n.op_type, n.domain, n.name, list(n.input), list(n.output), n.doc_string) != \
                (o.op_type, o.domain, o.name, list(o.input), list(o.output), o.doc_string):
            return "node %s (%s)" % (n.name, n.op_type)
        if [x.name for x in n.attribute] != [x.name for x in o.attribute]:
            return "node %s attribute names" % n.name
        for x, y in zip(n.attribute, o.attribute):
            if x.type != y.type or not same_value(h.get_attribute_value(x),
                                                  h.get_attribute_value(y)):
                return "node %s attribute %s" % (n.name, x.name)
    typed = {v.name: v for v in a.value_info}
    for v in b.value_info:
        if v.name not in typed or not same_type(typed[v.name].type, v.type):
            return "value_info %s" % v.name
    return None


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
# fixtures without functions (those are inlined) must say the same as written
for rel in ("dtypes.onnx", "if_outer.onnx", "squeeze11.onnx", "squeeze13.onnx",
            "ext/model.onnx"):
    orig = onnx.load(os.path.join(D, rel))
    e = diff_graph(orig.graph, onnx.load(os.path.join(D, "rt", rel.replace("/", "_"))).graph)
    if e:
        fails.append((rel, "differs from the original: " + e))

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
same = 0
for f in td:
    sub, name = os.path.basename(f)[:-5].split("__", 1)
    orig = onnx.load(os.path.join(TESTDATA, sub, name, "model.onnx"))
    d = diff_graph(orig.graph, onnx.load(f).graph)
    if d:
        fails.append((f, "differs from the original: " + d))
    else:
        same += 1
    e = check(f)
    if not e:
        continue
    fails.append((f, e))
if len(td) < 1000:
    fails.append((os.path.join(D, "rt_testdata"), "only %d files" % len(td)))
shutil.rmtree(os.path.join(D, "rt_testdata"), ignore_errors=True)

for f, e in fails:
    print("FAIL", f, e)
for f in lost_types:
    print("non-tensor types lost (IR limitation):", f)
print("%d of %d testdata models written by onnxc say what the original says" % (same, len(td)))
print("checker: %d fixtures written by onnxc, %d testdata models written by onnxc: "
      "%d passed, %d lost non-tensor types, %d failed"
      % (len(rt), len(td), len(rt) + len(td) - len(lost_types) - len(fails), len(lost_types),
         len(fails)))
sys.exit(1 if fails else 0)
