#!/usr/bin/python3
"""make_fixtures.py OUTDIR - the small ONNX files the front-end tests read.

Run by ctest (fixture fe.fixtures) into the build tree; nothing generated is
committed.  Values here are mirrored by hand in tests/unit/test_fe_*.c.
"""
import os
import struct
import sys

import onnx
from onnx import TensorProto as TP
from onnx import helper as h

OUT = sys.argv[1]
F = TP.FLOAT


def save(model, rel, check=True):
    path = os.path.join(OUT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(model.SerializeToString())
    if check:   # by path, so that external data resolves
        onnx.checker.check_model(path)


def model(nodes, inputs, outputs, inits=(), opsets=(("", 13),), **kw):
    g = h.make_graph(nodes, "g", inputs, outputs, initializer=list(inits))
    extra = {k: v for k, v in kw.items() if k in ("functions",)}
    m = h.make_model(g, opset_imports=[h.make_opsetid(d, v) for d, v in opsets],
                     producer_name="make_fixtures", **extra)
    m.ir_version = 8
    return m


def vi(name, dt=F, shape=(2,)):
    return h.make_tensor_value_info(name, dt, list(shape))


def raw(name, dt, dims, data):
    """A raw_data tensor, built by hand so that the size may be wrong."""
    return TP(name=name, data_type=dt, dims=dims, raw_data=data)


# ---- every element type, raw_data and typed fields -------------------------
def dtypes():
    inits = []

    def both(tag, dt, dims, typed_vals, raw_bytes):
        inits.append(h.make_tensor(tag + "_typed", dt, dims, typed_vals))
        inits.append(raw(tag + "_raw", dt, dims, raw_bytes))

    both("float", TP.FLOAT, [3], [1.5, -2.0, 3.25], struct.pack("<3f", 1.5, -2.0, 3.25))
    both("double", TP.DOUBLE, [2], [1.5, -2.25], struct.pack("<2d", 1.5, -2.25))
    both("float16", TP.FLOAT16, [2], [1.0, -2.0], struct.pack("<2H", 0x3C00, 0xC000))
    both("bfloat16", TP.BFLOAT16, [2], [1.0, -2.0], struct.pack("<2H", 0x3F80, 0xC000))
    both("int8", TP.INT8, [3], [-128, 127, -1], struct.pack("<3b", -128, 127, -1))
    both("int16", TP.INT16, [2], [-32768, 32767], struct.pack("<2h", -32768, 32767))
    both("int32", TP.INT32, [2], [-2**31, 2**31 - 1], struct.pack("<2i", -2**31, 2**31 - 1))
    both("int64", TP.INT64, [2], [-2**63, 2**63 - 1], struct.pack("<2q", -2**63, 2**63 - 1))
    both("uint8", TP.UINT8, [2], [0, 255], struct.pack("<2B", 0, 255))
    both("uint16", TP.UINT16, [2], [65535, 1], struct.pack("<2H", 65535, 1))
    both("uint32", TP.UINT32, [2], [4294967295, 1], struct.pack("<2I", 4294967295, 1))
    both("uint64", TP.UINT64, [1], [2**64 - 1], struct.pack("<Q", 2**64 - 1))
    both("bool", TP.BOOL, [3], [True, False, True], bytes([1, 0, 1]))
    both("complex64", TP.COMPLEX64, [2], [1 + 2j, -3 - 4j], struct.pack("<4f", 1, 2, -3, -4))
    both("complex128", TP.COMPLEX128, [1], [1.5 - 2.5j], struct.pack("<2d", 1.5, -2.5))
    inits.append(h.make_tensor("string_typed", TP.STRING, [3], [b"a", b"", "h\u00e9llo".encode()]))
    inits.append(h.make_tensor("scalar_typed", TP.INT64, [], [42]))
    inits.append(raw("empty_raw", TP.FLOAT, [0, 3], b""))
    save(model([], [], [vi("float_raw", F, [3])], inits), "dtypes.onnx")


# ---- external data ------------------------------------------------------
def ext_tensor(name, dt, dims, **kv):
    t = TP(name=name, data_type=dt, dims=dims)
    t.data_location = TP.EXTERNAL
    for k, v in kv.items():
        e = t.external_data.add()
        e.key, e.value = k, str(v)
    return t


def external():
    d = os.path.join(OUT, "ext")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "weights.bin"), "wb") as f:
        f.write(struct.pack("<4f", 1, 2, 3, 4) + struct.pack("<2q", 7, -8))
    with open(os.path.join(OUT, "outside.bin"), "wb") as f:
        f.write(struct.pack("<4f", 9, 9, 9, 9))
    link = os.path.join(d, "link.bin")
    if os.path.lexists(link):
        os.remove(link)
    os.symlink("../outside.bin", link)

    def one(rel, *tensors, check=True):
        save(model([], [], [vi(tensors[0].name, tensors[0].data_type, tensors[0].dims)],
                   tensors), rel, check)

    one("ext/model.onnx", ext_tensor("w", F, [4], location="weights.bin", offset=0, length=16),
        ext_tensor("k", TP.INT64, [2], location="weights.bin", offset=16))
    one("ext/abs.onnx", ext_tensor("w", F, [4], location=os.path.join(d, "weights.bin"),
                                   length=16), check=False)
    one("ext/dotdot.onnx", ext_tensor("w", F, [4], location="../outside.bin"), check=False)
    one("ext/dotdot2.onnx", ext_tensor("w", F, [4], location="sub/../../outside.bin"),
        check=False)
    one("ext/symlink.onnx", ext_tensor("w", F, [4], location="link.bin"))
    one("ext/offset.onnx", ext_tensor("w", F, [4], location="weights.bin", offset=33))
    one("ext/length.onnx", ext_tensor("w", F, [4], location="weights.bin", offset=24,
                                      length=16))
    one("ext/size.onnx", ext_tensor("w", F, [3], location="weights.bin", length=16))
    one("ext/missing.onnx", ext_tensor("w", F, [4], location="nope.bin"), check=False)


# ---- model-local functions ---------------------------------------------------
def ref(name, ref_name, typ):
    a = onnx.AttributeProto(name=name, ref_attr_name=ref_name, type=typ)
    return a


def functions():
    lk = h.make_node("LeakyRelu", ["X"], ["T"], name="lk")
    lk.attribute.append(ref("alpha", "alpha", onnx.AttributeProto.FLOAT))
    scale = h.make_function("custom", "ScaleAct", ["X"], ["Y"],
                            [lk, h.make_node("Neg", ["T"], ["Y"], name="neg")],
                            [h.make_opsetid("", 13)], ["alpha"])
    inner = h.make_node("ScaleAct", ["A"], ["U"], name="inner", domain="custom")
    inner.attribute.append(ref("alpha", "gain", onnx.AttributeProto.FLOAT))
    outer = h.make_function("custom", "Outer", ["A", "B"], ["C"],
                            [inner, h.make_node("Add", ["U", "B"], ["C"], name="add")],
                            [h.make_opsetid("", 13), h.make_opsetid("custom", 1),
                             h.make_opsetid("custom.extra", 2)], ["gain"])
    nodes = [h.make_node("Outer", ["x", "y"], ["o1"], name="call1", domain="custom", gain=0.5),
             h.make_node("ScaleAct", ["o1"], ["o2"], name="call2", domain="custom", alpha=0.25),
             h.make_node("ScaleAct", ["o2"], ["o3"], name="call3", domain="custom")]
    m = model(nodes, [vi("x"), vi("y")], [vi("o3")], opsets=(("", 13), ("custom", 1)),
              functions=[scale, outer])
    save(m, "func.onnx")
    # a body with an If whose branches read the body's values; the call
    # takes only the first of two outputs
    then_g = h.make_graph([h.make_node("Identity", ["T"], ["a"], name="then_id")], "then", [],
                          [vi("a")])
    else_g = h.make_graph([h.make_node("Add", ["T", "X"], ["b"], name="else_add")], "else",
                          [], [vi("b")])
    branchy = h.make_function("custom", "Branchy", ["C", "X"], ["Y", "Tout"],
                              [h.make_node("Neg", ["X"], ["T"], name="neg"),
                               h.make_node("If", ["C"], ["Y"], name="if", then_branch=then_g,
                                           else_branch=else_g),
                               h.make_node("Identity", ["T"], ["Tout"], name="tid")],
                              [h.make_opsetid("", 13)])
    m = model([h.make_node("Branchy", ["c", "x"], ["y"], name="br", domain="custom")],
              [vi("c", TP.BOOL, []), vi("x")], [vi("y")], opsets=(("", 13), ("custom", 1)),
              functions=[branchy])
    save(m, "func_if.onnx")
    rec = h.make_function("custom", "Rec", ["X"], ["Y"],
                          [h.make_node("Rec", ["X"], ["Y"], domain="custom")],
                          [h.make_opsetid("custom", 1)])
    m = model([h.make_node("Rec", ["x"], ["o"], domain="custom")], [vi("x")], [vi("o")],
              opsets=(("", 13), ("custom", 1)), functions=[rec])
    save(m, "func_rec.onnx", check=False)
    # the function's output Y is only the name of a branch's output: no
    # node of the body assigns it (a fuzz finding; the model loaded, and the
    # written copy did not)
    else_y = h.make_graph([h.make_node("Add", ["T", "X"], ["b"], name="else_add")], "else",
                          [], [vi("Y")])
    unassigned = h.make_function("custom", "Branchy", ["C", "X"], ["Y", "Tout"],
                                 [h.make_node("Neg", ["X"], ["T"], name="neg"),
                                  h.make_node("If", ["C"], ["Z"], name="if", then_branch=then_g,
                                              else_branch=else_y),
                                  h.make_node("Identity", ["T"], ["Tout"], name="tid")],
                                 [h.make_opsetid("", 13)])
    m = model([h.make_node("Branchy", ["c", "x"], ["y"], name="br", domain="custom")],
              [vi("c", TP.BOOL, []), vi("x")], [vi("y")], opsets=(("", 13), ("custom", 1)),
              functions=[unassigned])
    save(m, "func_unassigned.onnx", check=False)


# ---- opsets, subgraphs -------------------------------------------------------
def opsets_and_subgraphs():
    for v in (11, 13):
        ins = ["x"] if v == 11 else ["x", "axes"]
        kw = {"axes": [0]} if v == 11 else {}
        inits = [] if v == 11 else [h.make_tensor("axes", TP.INT64, [1], [0])]
        # at 13, axes is a graph input with an initializer (a default value)
        gin = [vi("x", F, [1, 2])] + ([vi("axes", TP.INT64, [1])] if v == 13 else [])
        save(model([h.make_node("Squeeze", ins, ["y"], name="sq", **kw)],
                   gin, [vi("y", F, [2])], inits, opsets=(("", v),)),
             "squeeze%d.onnx" % v)
    then_g = h.make_graph([h.make_node("Add", ["x", "x"], ["t"], name="then_add")], "then", [],
                          [vi("t")])
    else_g = h.make_graph([h.make_node("Neg", ["x"], ["e"], name="else_neg")], "else", [],
                          [vi("e")])
    node = h.make_node("If", ["c"], ["y"], name="if", then_branch=then_g, else_branch=else_g)
    save(model([node], [vi("c", TP.BOOL, []), vi("x")], [vi("y")]), "if_outer.onnx")


# ---- broken models -----------------------------------------------------------
def broken():
    x, y = vi("x"), vi("y")
    save(model([h.make_node("Neg", ["b"], ["a"], name="n1"),
                h.make_node("Neg", ["a"], ["b"], name="n2"),
                h.make_node("Add", ["x", "a"], ["y"], name="n3")], [x], [y]),
         "cycle.onnx", False)
    save(model([h.make_node("Add", ["x", "ghost"], ["y"], name="reader")], [x], [y]),
         "undefined.onnx", False)
    save(model([h.make_node("Neg", ["x"], ["y"], name="first"),
                h.make_node("Relu", ["x"], ["y"], name="second")], [x], [y]),
         "dup.onnx", False)
    save(model([], [], [vi("w", F, [2, 3])], [raw("w", F, [2, 3], struct.pack("<5f", *range(5)))]),
         "raw_short.onnx", False)
    save(model([], [], [vi("w", F, [2, 3])],
               [raw("w", F, [2, 3], struct.pack("<7f", *range(7)))]), "raw_long.onnx", False)
    t = TP(name="w", data_type=F, dims=[-1, 2])
    save(model([], [], [vi("w", F, [2])], [t]), "neg_dims.onnx", False)
    t = TP(name="w", data_type=F, dims=[2**62, 4, 4])
    save(model([], [], [vi("w", F, [2])], [t]), "overflow_dims.onnx", False)
    t = TP(name="w", data_type=F, dims=[1 << 20, 1 << 20])
    t.raw_data = b""
    save(model([], [], [vi("w", F, [2])], [t]), "huge_dims.onnx", False)
    g = h.make_graph([], "g", [], [vi("s", F, [4])])
    sp = g.sparse_initializer.add()
    sp.values.CopyFrom(h.make_tensor("s", F, [1], [5.0]))
    sp.indices.CopyFrom(h.make_tensor("s_i", TP.INT64, [1], [2]))
    sp.dims.extend([4])
    m = h.make_model(g, opset_imports=[h.make_opsetid("", 13)])
    save(m, "sparse.onnx", False)
    c = h.make_node("Constant", [], ["s"], name="const")
    a = c.attribute.add()
    a.name, a.type = "sparse_value", onnx.AttributeProto.SPARSE_TENSOR
    a.sparse_tensor.CopyFrom(sp)
    save(model([c], [], [vi("s", F, [4])]), "sparse_attr.onnx", False)
    n = h.make_node("Relu", ["x"], ["y"], name="r")
    n.attribute.append(ref("alpha", "alpha", onnx.AttributeProto.FLOAT))
    save(model([n], [x], [y]), "ref_outside.onnx", False)


# ---- a bit of everything: alloc-failure sweep and checker round trip -----------
def kitchen():
    dims = ["batch", 2]
    then_g = h.make_graph([h.make_node("Add", ["x", "w"], ["t"], name="then_add")], "then", [],
                          [vi("t", F, dims)])
    else_g = h.make_graph([h.make_node("Neg", ["x"], ["e"], name="else_neg")], "else", [],
                          [vi("e", F, dims)])
    body = h.make_graph([h.make_node("Identity", ["bi"], ["bo"])], "body",
                        [vi("bi", F, [2])], [vi("bo", F, [2])])
    lk = h.make_node("LeakyRelu", ["X"], ["T"], name="lk")
    lk.attribute.append(ref("alpha", "alpha", onnx.AttributeProto.FLOAT))
    fn = h.make_function("custom", "Act", ["X"], ["Y"],
                         [lk, h.make_node("Neg", ["T"], ["Y"], name="neg")],
                         [h.make_opsetid("", 13)], ["alpha"])
    kn = h.make_node("Kitchen", ["y"], ["k"], name="kitchen", domain="custom",
                     f=1.25, i=-7, s="text", t=h.make_tensor("tt", TP.INT32, [2], [1, 2]),
                     g=body, fs=[0.5, 1.5], iz=[1, 2, 3], ss=["a", "bc"],
                     ts=[h.make_tensor("t0", F, [1], [1.0]),
                         h.make_tensor("t1", TP.STRING, [1], [b"z"])],
                     gs=[body, body])
    a = kn.attribute.add()
    a.name, a.type = "tp", onnx.AttributeProto.TYPE_PROTO
    a.tp.CopyFrom(h.make_tensor_type_proto(F, ["n", 3]))
    a = kn.attribute.add()
    a.name, a.type = "tps", onnx.AttributeProto.TYPE_PROTOS
    a.type_protos.extend([h.make_tensor_type_proto(TP.INT64, [1]),
                          h.make_sequence_type_proto(h.make_tensor_type_proto(F, None))])
    nodes = [h.make_node("If", ["c"], ["y"], name="if", then_branch=then_g,
                         else_branch=else_g, doc_string="an If"),
             h.make_node("Act", ["y"], ["z"], name="act", domain="custom", alpha=0.125),
             kn,
             h.make_node("Concat", ["z", "k", "w"], ["out"], name="cat", axis=0)]
    g = h.make_graph(nodes, "kitchen", [vi("c", TP.BOOL, []), vi("x", F, dims)],
                     [vi("out", F, [None, 2])],
                     initializer=[h.make_tensor("w", F, [2], [0.5, -1.0]),
                                  raw("cst", TP.INT64, [1], struct.pack("<q", 3))],
                     value_info=[vi("z", F, dims)], doc_string="graph doc")
    m = h.make_model(g, opset_imports=[h.make_opsetid("", 13), h.make_opsetid("custom", 1)],
                     producer_name="make_fixtures", producer_version="1.0", domain="org.test",
                     model_version=5, doc_string="model doc", functions=[fn])
    m.ir_version = 8
    h.set_model_props(m, {"author": "fe", "license": "MIT"})
    save(m, "kitchen.onnx")


dtypes()
external()
functions()
opsets_and_subgraphs()
broken()
kitchen()
