#!/usr/bin/python3
"""Write tests/cli's small model: a conv block with a symbolic batch dim,
value_info for some intermediates, attributes of several kinds, a Constant,
an omitted optional input, and an If whose branches read an outer value.

usage: make_small.py OUT.onnx
"""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def main(out):
    rng = np.random.default_rng(0)
    w = numpy_helper.from_array(rng.standard_normal((4, 3, 3, 3)).astype(np.float32), "conv1.weight")
    b = numpy_helper.from_array(np.zeros(4, np.float32), "conv1.bias")
    shape = numpy_helper.from_array(np.array([0, -1], np.int64), "flat_shape")

    then_g = helper.make_graph(
        [helper.make_node("Relu", ["flat"], ["then_out"], name="then_relu")],
        "then_body", [], [helper.make_tensor_value_info("then_out", TensorProto.FLOAT, ["N", 1024])])
    else_g = helper.make_graph(
        [helper.make_node("Neg", ["flat"], ["else_out"], name="else_neg")],
        "else_body", [], [helper.make_tensor_value_info("else_out", TensorProto.FLOAT, ["N", 1024])])

    nodes = [
        helper.make_node("Conv", ["input", "conv1.weight", "conv1.bias"], ["conv1_out"], name="Conv_0",
                         dilations=[1, 1], group=1, kernel_shape=[3, 3], pads=[1, 1, 1, 1], strides=[1, 1]),
        helper.make_node("LeakyRelu", ["conv1_out"], ["act"], name="LeakyRelu_1", alpha=0.1),
        helper.make_node("Constant", [], ["lo"], name="Constant_2",
                         value=numpy_helper.from_array(np.array(-6.0, np.float32))),
        helper.make_node("Clip", ["act", "lo", ""], ["clipped"], name="Clip_3"),
        helper.make_node("Reshape", ["clipped", "flat_shape"], ["flat"], name="Reshape_4"),
        helper.make_node("ReduceSum", ["flat"], ["total"], name="ReduceSum_5", keepdims=0),
        helper.make_node("Greater", ["total", "lo"], ["positive"], name="Greater_6"),
        helper.make_node("Cast", ["positive"], ["positive_f"], name="Cast_7", to=TensorProto.FLOAT),
        helper.make_node("ReduceMax", ["positive_f"], ["positive_max"], name="ReduceMax_8", keepdims=0),
        helper.make_node("Cast", ["positive_max"], ["positive_any"], name="Cast_9", to=TensorProto.BOOL),
        helper.make_node("If", ["positive_any"], ["branch_out"], name="If_10",
                         then_branch=then_g, else_branch=else_g),
    ]

    graph = helper.make_graph(
        nodes, "small",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["N", 3, 16, 16])],
        [helper.make_tensor_value_info("branch_out", TensorProto.FLOAT, ["N", 1024]),
         helper.make_tensor_value_info("total", TensorProto.FLOAT, [])],
        initializer=[w, b, shape],
        value_info=[helper.make_tensor_value_info("conv1_out", TensorProto.FLOAT, ["N", 4, 16, 16]),
                    helper.make_tensor_value_info("flat", TensorProto.FLOAT, ["N", None]),
                    helper.make_tensor_value_info("act", TensorProto.FLOAT, None)])
    model = helper.make_model(graph, producer_name="onnxc-tests", producer_version="1",
                              opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.checker.check_model(model, full_check=True)
    onnx.save(model, out)


if __name__ == "__main__":
    main(sys.argv[1])
