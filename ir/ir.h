/*
 * ir.h - the one intermediate representation every stage of onnxc uses.
 *
 * A model owns one top-level graph; a graph owns its nodes and values; a
 * node's attributes may own nested graphs (If/Loop/Scan bodies) whose nodes
 * may read values of enclosing graphs (outer scope): such a node input points
 * straight at the enclosing graph's ir_value (ir_graph_find searches parents).  Every allocation goes
 * through onnxc_malloc & co. (ir/util.h) so tests can fail the Nth one.
 *
 * Invariants the verifier (ir_verify) checks:
 *   - every value has at most one producer (a node output, a graph input or
 *     an initializer), and every node input is defined before use;
 *   - graph->nodes is in topological order, no cycles;
 *   - node inputs/outputs agree with the values' recorded producer.
 */
#ifndef ONNXC_IR_H
#define ONNXC_IR_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* Element types: numbering equals ONNX TensorProto.DataType. */
typedef enum ir_dtype {
	IR_UNDEFINED = 0,
	IR_FLOAT = 1,
	IR_UINT8 = 2,
	IR_INT8 = 3,
	IR_UINT16 = 4,
	IR_INT16 = 5,
	IR_INT32 = 6,
	IR_INT64 = 7,
	IR_STRING = 8,
	IR_BOOL = 9,
	IR_FLOAT16 = 10,
	IR_DOUBLE = 11,
	IR_UINT32 = 12,
	IR_UINT64 = 13,
	IR_COMPLEX64 = 14,
	IR_COMPLEX128 = 15,
	IR_BFLOAT16 = 16,
	IR_DTYPE_COUNT
} ir_dtype;

/* ir_dtype_size: bytes per element, 0 for UNDEFINED/STRING/unknown codes. */
size_t ir_dtype_size(int dt);
/* ir_dtype_name: "float", "int64", ...; "?" for unknown codes. */
const char *ir_dtype_name(int dt);
/* ir_dtype_valid: 1 when dt is a defined element type other than UNDEFINED. */
int ir_dtype_valid(int dt);

/* ---- op table (ir/ops.def, X-macro) ---- */
typedef enum ir_domain { IR_DOM_ONNX, IR_DOM_ML, IR_DOM_TRAIN, IR_DOM_OTHER } ir_domain;

typedef enum ir_op {
	IR_OP_UNKNOWN = 0,
#define OP(name, dom, k, ...) IR_OP_##name,
#include "ops.def"
#undef OP
	IR_OP_COUNT
} ir_op;

typedef struct ir_opinfo {
	const char *name;
	ir_domain domain;
	int has_kernel;        /* K column of ops.def */
	const int *versions;   /* since-versions, ascending, 0-terminated */
} ir_opinfo;

extern const ir_opinfo ir_ops[IR_OP_COUNT];
/* ir_domain_name: "" for ONNX, "ai.onnx.ml", ... */
const char *ir_domain_name(ir_domain d);
/* ir_domain_lookup: map a domain string ("" and "ai.onnx" are the same) */
ir_domain ir_domain_lookup(const char *domain);
/* ir_op_lookup: the op with this name in this domain, IR_OP_UNKNOWN if none. */
ir_op ir_op_lookup(const char *op_type, ir_domain d);
/* ir_op_since: the since-version of `op` that applies at `opset`, 0 if the op
 * is not yet defined at that opset. */
int ir_op_since(ir_op op, int64_t opset);

/* ---- shapes and tensors ---- */
#define IR_DIM_UNKNOWN (-1)

typedef struct ir_shape {
	int rank;          /* -1: rank unknown */
	int64_t *dims;     /* rank entries; IR_DIM_UNKNOWN when not a number */
	char **syms;       /* rank entries or NULL; syms[i] = dim_param or NULL */
} ir_shape;

/* Shared, refcounted storage (a heap buffer or an mmap of a file). */
typedef struct ir_blob {
	int refs;
	void *base;
	size_t size;
	int is_mmap;
} ir_blob;

typedef struct ir_tensor {
	char *name;
	int dtype;             /* ir_dtype */
	int rank;
	int64_t *dims;
	int64_t numel;
	void *data;            /* numel*elsize bytes; for STRING an array of char* */
	size_t nbytes;
	size_t *str_lens;      /* STRING only: byte length of each element */
	ir_blob *blob;         /* if set, data points into blob (not owned) */
	char *doc;
} ir_tensor;

/* ---- attributes ---- */
typedef enum ir_attr_kind {
	IR_ATTR_UNDEFINED = 0,
	IR_ATTR_FLOAT = 1,
	IR_ATTR_INT = 2,
	IR_ATTR_STRING = 3,
	IR_ATTR_TENSOR = 4,
	IR_ATTR_GRAPH = 5,
	IR_ATTR_FLOATS = 6,
	IR_ATTR_INTS = 7,
	IR_ATTR_STRINGS = 8,
	IR_ATTR_TENSORS = 9,
	IR_ATTR_GRAPHS = 10,
	IR_ATTR_SPARSE_TENSOR = 11,
	IR_ATTR_SPARSE_TENSORS = 12,
	IR_ATTR_TYPE_PROTO = 13,
	IR_ATTR_TYPE_PROTOS = 14
} ir_attr_kind;

struct ir_graph;

typedef struct ir_attr {
	char *name;
	ir_attr_kind kind;
	char *doc;
	float f;
	int64_t i;
	char *s;               /* bytes, NUL-terminated for convenience */
	size_t slen;
	ir_tensor *t;
	struct ir_graph *g;
	int n;                 /* element count of the list kinds */
	float *floats;
	int64_t *ints;
	char **strings;
	size_t *string_lens;
	ir_tensor **tensors;
	struct ir_graph **graphs;
} ir_attr;

/* ---- values and nodes ---- */
struct ir_node;

typedef struct ir_use {
	struct ir_node *node;
	int index;             /* input slot */
} ir_use;

typedef struct ir_value {
	char *name;
	int dtype;             /* IR_UNDEFINED when not known */
	ir_shape shape;
	char *doc;
	/* non-tensor values (sequence, map, optional, sparse): their ONNX
	 * TypeProto, serialised, kept so the writer can restore it; NULL for
	 * tensors.  Such values have dtype IR_UNDEFINED and has_type 0. */
	char *type_proto;
	size_t type_proto_len;
	struct ir_node *producer;  /* NULL for graph inputs / initializers / outer */
	int producer_index;
	ir_tensor *init;       /* constant data (initializer), or NULL */
	unsigned is_input : 1;     /* graph input (possibly with an initializer) */
	unsigned is_output : 1;
	unsigned is_initializer : 1;
	unsigned has_type : 1;     /* declared in inputs/outputs/value_info */
	ir_use *uses;          /* rebuilt by ir_graph_index */
	int n_uses, cap_uses;
	int id;                /* index in graph->values */
	void *aux;             /* free for a stage's bookkeeping */
} ir_value;

typedef struct ir_node {
	char *name;
	char *op_type;
	char *domain;          /* as in the file ("" for ONNX) */
	ir_op op;              /* IR_OP_UNKNOWN for ops not in ops.def */
	int since_version;     /* resolved against the model's opsets, 0 unknown */
	int n_in, n_out;
	ir_value **in;         /* NULL entries are omitted optional inputs */
	ir_value **out;        /* NULL entries are omitted optional outputs */
	int n_attr;
	ir_attr *attrs;
	char *doc;
	int id;
	unsigned dead : 1;
	void *aux;
	/* Set by passes: an activation applied to output 0 inside the kernel
	 * (IR_OP_UNKNOWN: none), with its parameters (LeakyRelu/Elu alpha,
	 * Clip min/max, HardSigmoid alpha/beta), and the names of the nodes
	 * absorbed into this one (for dumps).  The writer emits the activation
	 * as its own standard node again. */
	ir_op fused_act;
	float fused_alpha, fused_beta;
	char *fused_from;
	/* Set by passes (pass_mark): what was folded into this node or what
	 * it was made from, "pass: what; pass: what" (for dumps and the
	 * written node's doc_string); NULL when untouched. */
	char *origin;
} ir_node;

typedef struct ir_graph {
	char *name;
	char *doc;
	struct ir_graph *parent;    /* enclosing graph for subgraphs */
	ir_node **nodes;            /* topological order */
	int n_nodes, cap_nodes;
	ir_value **values;          /* every value named in this graph */
	int n_values, cap_values;
	ir_value **inputs;          /* graph inputs, in order */
	int n_inputs, cap_inputs;
	ir_value **outputs;
	int n_outputs, cap_outputs;
	ir_value **inits;           /* initializers, in file order */
	int n_inits, cap_inits;
	void *names;                /* name -> value hash (private) */
} ir_graph;

typedef struct ir_opset {
	char *domain;
	int64_t version;
} ir_opset;

typedef struct ir_kv {
	char *key, *value;
} ir_kv;

typedef struct ir_model {
	int64_t ir_version;
	char *producer_name, *producer_version, *domain, *doc;
	int64_t model_version;
	ir_opset *opsets;
	int n_opsets;
	ir_kv *meta;
	int n_meta;
	ir_graph *graph;
	char *path;            /* file it was loaded from, or NULL */
	uint64_t max_tensor_bytes; /* the loader's tensor limit (0: default);
				      passes that compute tensors (infer, fold)
				      keep to it */
} ir_model;

/* ---- construction and destruction ---- */

/* ir_model_new: an empty model with an empty graph; NULL on OOM (err set). */
ir_model *ir_model_new(onnxc_err *err);
/* ir_model_free: frees the model and everything it owns; NULL is fine. */
void ir_model_free(ir_model *m);
/* ir_model_opset: the opset version imported for a domain, or -1. */
int64_t ir_model_opset(const ir_model *m, const char *domain);
/* ir_model_add_opset: add or replace an opset import. Returns 0 or -1. */
int ir_model_add_opset(ir_model *m, const char *domain, int64_t version, onnxc_err *err);

/* ir_graph_new: empty graph with a parent (NULL for top level). */
ir_graph *ir_graph_new(ir_graph *parent, onnxc_err *err);
void ir_graph_free(ir_graph *g);

/* ir_graph_value: the value named `name` visible from g (searching parents,
 * marking nothing); NULL if none. */
ir_value *ir_graph_find(ir_graph *g, const char *name);
/* ir_graph_find_local: only in g itself. */
ir_value *ir_graph_find_local(ir_graph *g, const char *name);
/* ir_graph_value: the local value named `name`, created if absent.
 * NULL on OOM. */
ir_value *ir_graph_value(ir_graph *g, const char *name, onnxc_err *err);
/* ir_graph_new_value: a fresh local value whose name is unique in g (built
 * from `hint`).  NULL on OOM. */
ir_value *ir_graph_new_value(ir_graph *g, const char *hint, onnxc_err *err);
/* ir_graph_add_input/output/init: append to the lists (flags set).
 * Return 0 or -1. */
int ir_graph_add_input(ir_graph *g, ir_value *v, onnxc_err *err);
int ir_graph_add_output(ir_graph *g, ir_value *v, onnxc_err *err);
/* ir_graph_add_init: value v gets constant t (ownership of t passes). */
int ir_graph_add_init(ir_graph *g, ir_value *v, ir_tensor *t, onnxc_err *err);

/* ir_node_new: append a node to g with room for n_in inputs and n_out outputs
 * (all NULL).  op/since_version are resolved by the caller (ir_node_resolve).
 * NULL on OOM. */
ir_node *ir_node_new(ir_graph *g, const char *name, const char *op_type,
		     const char *domain, int n_in, int n_out, onnxc_err *err);
/* ir_node_insert: like ir_node_new, but placed at position pos of g->nodes. */
ir_node *ir_node_insert(ir_graph *g, int pos, const char *name, const char *op_type,
			const char *domain, int n_in, int n_out, onnxc_err *err);
/* ir_node_set_output: make v the k-th output of n (records the producer). */
void ir_node_set_output(ir_node *n, int k, ir_value *v);
/* ir_node_add_attr: append an attribute of `kind` named `name`, zeroed
 * otherwise; returns it or NULL on OOM. */
ir_attr *ir_node_add_attr(ir_node *n, const char *name, ir_attr_kind kind, onnxc_err *err);
/* ir_node_resolve: set n->op and n->since_version from the model's opsets.
 * Unknown ops get IR_OP_UNKNOWN/0 (not an error here). */
void ir_node_resolve(const ir_model *m, ir_node *n);
/* ir_node_remove: mark dead; ir_graph_compact drops dead nodes. */
void ir_node_remove(ir_node *n);
void ir_graph_compact(ir_graph *g);

/* ---- attribute access (NULL / default when absent) ---- */
const ir_attr *ir_attr_get(const ir_node *n, const char *name);
int64_t ir_attr_int(const ir_node *n, const char *name, int64_t dflt);
float ir_attr_float(const ir_node *n, const char *name, float dflt);
const char *ir_attr_string(const ir_node *n, const char *name, const char *dflt);
/* ir_attr_ints: pointer to the list and its length in *n_out; NULL if absent */
const int64_t *ir_attr_ints(const ir_node *n, const char *name, int *n_out);
const float *ir_attr_floats(const ir_node *n, const char *name, int *n_out);
void ir_attr_clear(ir_attr *a);

/* ---- tensors ---- */
/* ir_tensor_new: a tensor of dtype and dims with zeroed owned data (strings:
 * NULL pointers).  NULL on OOM or when the byte size overflows (err set). */
ir_tensor *ir_tensor_new(int dtype, int rank, const int64_t *dims, onnxc_err *err);
/* ir_tensor_new_nodata: same but data left NULL (caller fills it). */
ir_tensor *ir_tensor_new_nodata(int dtype, int rank, const int64_t *dims, onnxc_err *err);
ir_tensor *ir_tensor_clone(const ir_tensor *t, onnxc_err *err);
void ir_tensor_free(ir_tensor *t);
/* ir_numel: product of dims; -1 when a dim is negative or it overflows. */
int64_t ir_numel(int rank, const int64_t *dims);
/* ir_tensor_equal: same dtype, dims and bytes (strings compared as bytes). */
int ir_tensor_equal(const ir_tensor *a, const ir_tensor *b);
void ir_blob_unref(ir_blob *b);

/* ---- shapes ---- */
int ir_shape_set(ir_shape *s, int rank, const int64_t *dims, onnxc_err *err);
int ir_shape_copy(ir_shape *dst, const ir_shape *src, onnxc_err *err);
void ir_shape_clear(ir_shape *s);
/* ir_shape_set_sym: give dim i the symbolic name sym (dims[i] unknown). */
int ir_shape_set_sym(ir_shape *s, int i, const char *sym, onnxc_err *err);

/* ---- analysis ---- */
/* ir_graph_index: rebuild producers, uses and value ids of g (not nested). */
int ir_graph_index(ir_graph *g, onnxc_err *err);
/* ir_graph_toposort: reorder g->nodes topologically (stable for already
 * sorted graphs).  -1 with an error naming a node on a cycle. */
int ir_graph_toposort(ir_graph *g, onnxc_err *err);
/* ir_verify: check the invariants above, recursively into subgraphs.
 * `what` names the stage for the message ("after pass fold"). 0 or -1. */
int ir_verify(const ir_graph *g, const char *what, onnxc_err *err);
/* ir_replace_uses: every input slot reading `from` reads `to` instead (and
 * graph outputs are renamed accordingly is the caller's business). */
void ir_replace_uses(ir_graph *g, ir_value *from, ir_value *to);
/* ir_graph_param_count: elements and bytes in initializers (recursive). */
void ir_graph_param_count(const ir_graph *g, int64_t *elems, int64_t *bytes);

#endif
