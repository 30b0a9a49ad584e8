/*
 * fe.h - the front end: ONNX protobuf files to the IR and back.
 */
#ifndef ONNXC_FE_H
#define ONNXC_FE_H

#include <stddef.h>
#include <stdint.h>

#include "ir.h"

/* Limits applied while loading; fe_limits_default gives sane defaults:
 * 2 GiB file, 16 GiB tensor, 4M nodes (after inlining), depth 64.  The
 * depth bounds protobuf message nesting (checked on the wire format before
 * protobuf-c, which recurses without a limit, unpacks), subgraph nesting and
 * nested function calls. */
typedef struct fe_limits {
	uint64_t max_file_bytes;     /* model file size */
	uint64_t max_tensor_bytes;   /* one initializer / constant */
	int64_t max_nodes;           /* nodes in all graphs together */
	int max_depth;               /* subgraph / protobuf message nesting */
} fe_limits;

/* How ONNX maps onto the IR (loader and writer agree on this):
 *  - value types: tensor types only (element type, shape with dim_value,
 *    dim_param in shape.syms, unknown dims).  Sequence/map/optional/sparse
 *    types have no IR form: such values load untyped (has_type 0).
 *  - a graph input that also has an initializer is both (is_input, init).
 *  - a subgraph's node input naming an enclosing graph's value points at
 *    that outer ir_value; a subgraph output may be an outer value (listed
 *    in outputs, not flagged is_output).
 *  - TYPE_PROTO(S) attributes keep the serialised TypeProto bytes in s/slen
 *    (strings/string_lens for the list).  SPARSE_TENSOR(S) attributes and
 *    sparse initializers are refused (ONNXC_EUNSUPPORTED).
 *  - model-local functions are inlined: nodes are named "<call>/<node>",
 *    body values "<call>/<name>" (made unique); ref_attr_name takes the
 *    call's attribute (absent if the call does not set it); the functions'
 *    opset imports are added to the model's where missing.  ModelProto.
 *    functions, training_info, quantization_annotation and denotations are
 *    not kept. */

void fe_limits_default(fe_limits *l);

/* fe_load_file: read the ONNX model at `path` into a new IR model: metadata,
 * graph, initializers (incl. external data relative to the model's folder,
 * refusing paths that leave it), subgraphs, model-local functions inlined,
 * every node resolved to the op version its opset imports select, nodes in
 * topological order, verified.  `lim` may be NULL (defaults).  Returns 0 and
 * *out, or -1 with a one-line message in err naming the file and, where it
 * applies, the node and the value. */
int fe_load_file(const char *path, const fe_limits *lim, ir_model **out, onnxc_err *err);

/* fe_load_buffer: the same from bytes in memory; external data is resolved
 * against `base_dir` (NULL: external data refused).  `what` names the
 * source in messages. */
int fe_load_buffer(const void *buf, size_t len, const char *base_dir, const char *what,
		   const fe_limits *lim, ir_model **out, onnxc_err *err);

/* fe_write_buffer: serialise the IR as a ModelProto (all tensors inline as
 * raw_data, strings in string_data; graph inputs/outputs typed when their
 * element type is known, other typed values as value_info).  ir_version 0
 * is written as 8, a graph without a name as "graph".  A resolved node
 * whose since_version differs from what the model's opset imports select
 * (possible after inlining a function that imports another opset) is
 * refused: a file cannot express it.  Returns 0 with *out and *len (free
 * with onnxc_free), or -1. */
int fe_write_buffer(const ir_model *m, void **out, size_t *len, onnxc_err *err);

/* fe_write_file: fe_write_buffer to `path`, written to a temporary file in
 * the same folder and renamed, so no partial file is ever left. */
int fe_write_file(const ir_model *m, const char *path, onnxc_err *err);

/* fe_read_tensor_pb: a serialised TensorProto (the backend test data's
 * input_N.pb) into a new IR tensor; name kept in t->name. */
int fe_read_tensor_pb(const char *path, ir_tensor **out, onnxc_err *err);
/* fe_parse_tensor_pb: the same from bytes in memory; external data is
 * resolved against `base_dir` (NULL: refused); `what` names the source in
 * messages. */
int fe_parse_tensor_pb(const void *buf, size_t len, const char *base_dir, const char *what,
		       ir_tensor **out, onnxc_err *err);

/* fe_model_equal: 1 when a and b hold the same model: metadata, opsets and
 * graphs (inputs/outputs/typed values with element types and shapes incl.
 * symbolic dims, initializers bit for bit, nodes in order with resolved
 * op/version, inputs/outputs by name, attributes and subgraphs); else 0
 * and a one-line description of the first difference in why[n] (why may be
 * NULL).  A graph without a name equals one named "graph" (the writer's
 * default). */
int fe_model_equal(const ir_model *a, const ir_model *b, char *why, size_t n);

#endif
