/*
 * fe_int.h - private declarations shared by the front-end files.
 *
 * fe_pb.c      protobuf-c allocator hook, wire-format pre-check, file bytes
 * fe_map.c     a small string -> pointer hash map
 * fe_tensor.c  TensorProto <-> ir_tensor (typed, raw, external data)
 * fe_load.c    ModelProto -> IR (graphs, attributes, types, subgraphs)
 * fe_func.c    inlining of model-local functions
 * fe_write.c   IR -> ModelProto
 * fe_cmp.c     structural comparison of two models
 */
#ifndef ONNXC_FE_INT_H
#define ONNXC_FE_INT_H

#include <protobuf-c/protobuf-c.h>

#include "fe.h"
#include "onnx.pb-c.h"

/* ---- string -> pointer map (keys are not owned) ---- */
typedef struct fe_map {
	const char **keys;
	void **vals;
	size_t cap, used;
} fe_map;

/* fe_map_get: 1 and *val when key is present, else 0. */
int fe_map_get(const fe_map *m, const char *key, void **val);
/* fe_map_put: insert or replace; 0 or -1 (err set). */
int fe_map_put(fe_map *m, const char *key, void *val, onnxc_err *err);
void fe_map_free(fe_map *m);

/* ---- protobuf plumbing ---- */
/* fe_pb_check: walk the wire format of a message of descriptor d and refuse
 * malformed varints/lengths, groups and nesting deeper than max_depth
 * before protobuf-c (which recurses without a limit) sees it.  0 or -1. */
int fe_pb_check(const void *buf, size_t len, const ProtobufCMessageDescriptor *d,
		int max_depth, onnxc_err *err);
/* fe_pb_unpack: fe_pb_check, then protobuf_c_message_unpack; NULL (err set)
 * on failure. */
ProtobufCMessage *fe_pb_unpack(const void *buf, size_t len, const ProtobufCMessageDescriptor *d,
			       int max_depth, onnxc_err *err);
void fe_pb_free(ProtobufCMessage *msg);

/* A file's bytes: mmap'd where possible, else read into a heap buffer. */
typedef struct fe_file {
	void *data;
	size_t len;
	int is_mmap;
} fe_file;

/* fe_file_read: map/read `path` (a regular file of at most max_bytes).
 * 0 or -1 (err set, naming the file). */
int fe_file_read(const char *path, uint64_t max_bytes, fe_file *f, onnxc_err *err);
void fe_file_release(fe_file *f);

/* ---- load context ---- */
typedef struct fe_ctx {
	fe_limits lim;
	onnxc_err *err;            /* messages without the file prefix */
	ir_model *m;
	const char *base_dir;      /* folder for external data, or NULL */
	char *base_real;           /* its realpath, computed on first use */
	int64_t n_nodes;           /* nodes created so far, all graphs */
	const Onnx__ModelProto *mp;
	fe_map names;              /* every value name in use (fresh names avoid these) */
	unsigned fresh_counter;
} fe_ctx;

/* fe_fail: record "node 'N' (OP): value 'V': message" (parts with a NULL
 * argument are omitted); returns -1. */
int fe_fail(fe_ctx *c, const char *node, const char *op, const char *value, int code,
	    const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* fe_report: copy the loader's local error into err, prefixed "what: "
 * unless it already starts so. */
void fe_report(onnxc_err *err, const onnxc_err *local, const char *what);
/* fe_dir_of: the folder part of path ("." when none), a new string or NULL. */
char *fe_dir_of(const char *path);

/* Where a tensor sits, for messages. */
typedef struct fe_where {
	const char *node, *op;
} fe_where;

/* fe_tensor_from_pb: convert tp into a new ir_tensor (name and doc kept).
 * steal: take tp's raw_data buffer instead of copying it (tp is left
 * without raw_data).  0 and *out, or -1. */
int fe_tensor_from_pb(fe_ctx *c, Onnx__TensorProto *tp, int steal, const fe_where *w,
		      ir_tensor **out);

/* ---- loading (fe_load.c) ---- */
struct fe_frame;
/* fe_build_graph: fill g (empty, parent set) from gp; depth = subgraph
 * nesting; frame = the function being inlined around it (or NULL). */
int fe_build_graph(fe_ctx *c, Onnx__GraphProto *gp, ir_graph *g, struct fe_frame *fr,
		   int steal, int depth);
/* fe_emit_nodes: append IR nodes for nodes[0..n) to g (calls to local
 * functions are inlined).  Outputs at graph level must exist already. */
int fe_emit_nodes(fe_ctx *c, ir_graph *g, struct fe_frame *fr, Onnx__NodeProto **nodes,
		  size_t n, int steal, int depth);
/* fe_lookup_value: the value `name` read by a node of g inside frame fr
 * (searching g, its parents up to the frame's host, then the frame's names;
 * without a frame g and all parents): 1 and *v (NULL for an omitted function
 * input), or 0 when nothing visible has that name. */
int fe_lookup_value(ir_graph *g, struct fe_frame *fr, const char *name, ir_value **v);
/* fe_fresh_value: a new local value of g whose name is unused anywhere. */
ir_value *fe_fresh_value(fe_ctx *c, ir_graph *g, const char *prefix, const char *hint);

/* ---- functions (fe_func.c) ---- */
/* fe_find_function: the model-local function called by np, or NULL. */
const Onnx__FunctionProto *fe_find_function(const fe_ctx *c, const Onnx__NodeProto *np);
/* fe_inline_call: replace the call np by the body of fn, in g. */
int fe_inline_call(fe_ctx *c, ir_graph *g, struct fe_frame *outer, Onnx__NodeProto *np,
		   const Onnx__FunctionProto *fn, int depth);
/* fe_frame_value: the value a name of the frame's function body maps to at
 * its top level: 1 (and *v, maybe NULL for an omitted input) or 0. */
int fe_frame_value(struct fe_frame *fr, const char *name, ir_value **v);
/* fe_frame_host: the graph the frame's body is inlined into. */
ir_graph *fe_frame_host(const struct fe_frame *fr);
/* fe_frame_resolve_ref: the attribute a `ref_attr_name` refers to, searched
 * in the calls of fr and its callers; *owner = the frame whose scope the
 * attribute belongs to.  NULL when the call does not set it. */
const Onnx__AttributeProto *fe_frame_resolve_ref(struct fe_frame *fr, const char *ref,
						 struct fe_frame **owner);
/* fe_frame_opset: the opset the frame's function imports for `domain`, or -1. */
int64_t fe_frame_opset(const struct fe_frame *fr, const char *domain);
/* fe_frame_prefix: node-name prefix of the frame. */
const char *fe_frame_prefix(const struct fe_frame *fr);
/* fe_frame_fn_name: name of the frame's function. */
const char *fe_frame_fn_name(const struct fe_frame *fr);

#endif
