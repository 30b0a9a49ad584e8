/*
 * rt.h - the runtime's internal interface: tensors, nodes and the contract
 * every kernel implements.
 *
 * A kernel is a `const rt_op rt_op_<Name>` defined in runtime/kernels/ and
 * registered by the K column of ir/ops.def (nothing else to edit).
 *
 *   prep(n, err)  called once per input-shape signature at prepare time.
 *                 Inputs have dtype and dims set; in[i]->data is valid only
 *                 when in[i]->is_const (initializers and values computed at
 *                 prepare, e.g. PyTorch's Shape->Gather->Concat chains).
 *                 prep validates attributes and input types for
 *                 n->ir->since_version, sets every present output's dtype and
 *                 dims (rt_set_shape), may allocate n->params (freed with
 *                 onnxc_free, or n->free_params if set) and sets
 *                 n->scratch_bytes.  Returns 0, or -1 with rt_fail(...).
 *   exec(n, err)  computes outputs from inputs; outputs' data points at
 *                 planned memory of the prepared size; n->scratch at
 *                 n->scratch_bytes (64-byte aligned).  No allocation.
 *                 Returns 0, or -1 with rt_fail(...) for data-dependent
 *                 errors (an index out of range).
 *
 * When every input of a node is constant at prepare, the session runs exec
 * right away (constant folding) and the outputs become constants.
 *
 * Strings and sequences exist only as constants made at prepare:
 *   IR_STRING    data is an array of numel `char *` (NUL-terminated; an
 *                embedded NUL ends the string); nbytes = numel*sizeof(char*).
 *   RT_SEQUENCE  a sequence value: rank 0, data points at one rt_seq
 *                (nbytes = sizeof(rt_seq)).
 * Kernels that consume or produce them call rt_need_const on their inputs
 * (so they always fold) and allocate the bytes their outputs point at with
 * rt_alloc_const (owned by the plan, freed with it).
 */
#ifndef ONNXC_RT_H
#define ONNXC_RT_H

#include <stddef.h>
#include <stdint.h>

#include "ir.h"

#define RT_MAXRANK 8

/* dtype of a sequence value (not an ir_dtype: ir_dtype_size gives 0) */
#define RT_SEQUENCE 100

typedef struct rt_tensor {
	int dtype;                 /* ir_dtype, or RT_SEQUENCE */
	int rank;
	int64_t dims[RT_MAXRANK];
	int64_t numel;
	size_t nbytes;
	void *data;
	unsigned is_const : 1;     /* data known at prepare */
	const ir_value *ir;        /* the IR value it stands for (name, ...) */
} rt_tensor;

struct onnxc_session;
struct rt_plan;

/* A sequence of tensors (the data of an RT_SEQUENCE value).  items and
 * their data are made with rt_alloc_const, so they live as long as the
 * plan; items' ir is NULL. */
typedef struct rt_seq {
	int n;
	int dtype;                 /* element type (SequenceEmpty's), 0 unknown */
	rt_tensor *items;
} rt_seq;

typedef struct rt_node {
	const ir_node *ir;
	int n_in, n_out;
	rt_tensor **in;            /* NULL entries: omitted optional inputs */
	rt_tensor **out;           /* NULL entries: omitted optional outputs */
	void *params;              /* op-private state made by prep */
	void (*free_params)(void *params);
	size_t scratch_bytes;
	void *scratch;
	int threads;               /* threads this node may use (>= 1) */
	const rt_tensor *need_value; /* set by rt_need_const/rt_need_value when
				       prep needed the data of a non-constant input
				       (written through a const node pointer: it is
				       a note to the session, not kernel state) */
	struct onnxc_session *sess; /* the session (its thread pool); NULL in the
				       unit-test harness and shape inference */
	const struct rt_plan *plan; /* the plan being prepared that holds the
				       node (outer-scope lookups; NULL in the
				       unit-test harness) */
	/* set by the session only while a node is folded at prepare (NULL at
	 * run time): zeroed, 64-byte aligned bytes owned by the plan (NULL on
	 * OOM).  Kernels call it through rt_alloc_const. */
	void *(*alloc_const)(struct rt_node *n, size_t bytes);
	void *alloc_ctx;           /* the allocator's state (the plan) */
	uint64_t max_bytes;        /* limit of one output (rt_set_shape refuses
				      more, before prep allocates anything
				      for it); 0: none beyond 2^46 */
} rt_node;

typedef struct rt_op {
	int (*prep)(rt_node *n, onnxc_err *err);
	int (*exec)(rt_node *n, onnxc_err *err);
	unsigned flags;
} rt_op;

/* rt_op flags */
#define RT_INPLACE     1u  /* out[0] may share memory with in[0] (same size) */
#define RT_SHAPE_ONLY  2u  /* outputs depend only on input shapes (Shape, Size) */
#define RT_ALIAS       4u  /* out[0] is a view of in[0]'s bytes (Reshape...):
			      exec may be skipped when they share memory */
#define RT_STRINGS     8u  /* takes or makes IR_STRING / RT_SEQUENCE tensors
			      (only at prepare); nodes of other ops that
			      meet one are refused */

/* The registry, expanded from ops.def (runtime/registry.c). */
const rt_op *rt_op_get(ir_op op);

/* ---- helpers for kernels (runtime/rtutil.c) ---- */

/* rt_fail: record "node 'NAME' (OpType-vV): <message>"; returns -1. */
int rt_fail(const rt_node *n, onnxc_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* rt_set_shape: set dtype and dims of t; -1 (err) if rank > RT_MAXRANK, a dim
 * is negative, the size overflows or exceeds n->max_bytes. */
int rt_set_shape(const rt_node *n, rt_tensor *t, int dtype, int rank, const int64_t *dims,
		 onnxc_err *err);
/* rt_numel: product of dims[0..rank). */
int64_t rt_numel(int rank, const int64_t *dims);
/* rt_axis: normalise a possibly negative axis against rank; -1 (err) when out
 * of range. */
int rt_axis(const rt_node *n, int64_t axis, int rank, int *out, onnxc_err *err);
/* rt_broadcast_shape: multidirectional (numpy) broadcast of a and b into out;
 * -1 (err) when incompatible. */
int rt_broadcast_shape(const rt_node *n, int ra, const int64_t *a, int rb, const int64_t *b,
		       int *rout, int64_t *out, onnxc_err *err);
/* rt_broadcast_strides: element strides of an input of rank r/dims when
 * broadcast to rank ro/dims_out (0 where broadcast). */
void rt_broadcast_strides(int r, const int64_t *dims, int ro, const int64_t *dims_out,
			  int64_t *strides);
/* rt_need_const: 0 when input idx is present and constant at prepare;
 * otherwise -1 with "input idx must be known when the model is prepared"
 * (ONNXC_EUNSUPPORTED), remembering the input in n->need_value so the
 * session can bind the graph inputs it derives from by value and retry. */
int rt_need_const(const rt_node *n, int idx, onnxc_err *err);
/* rt_need_value: record that prep needed the data of t (not constant) —
 * for kernels that report the failure with their own message. */
void rt_need_value(const rt_node *n, const rt_tensor *t);
/* rt_alloc_const: plan-owned, zeroed bytes for data made at prepare
 * (strings, sequence items); -1 (err) when the node is not being folded at
 * prepare or on OOM.  *out gets the block. */
int rt_alloc_const(rt_node *n, size_t bytes, void **out, onnxc_err *err);
/* rt_strdup_const: a plan-owned copy of s[0..len) plus a NUL; NULL (err) on
 * failure. */
char *rt_strdup_const(rt_node *n, const char *s, size_t len, onnxc_err *err);
/* rt_in_ints: read a constant integer tensor (int32 or int64, any rank) into
 * out[0..max); *count gets the element count.  -1 (err) if the input is not
 * constant at prepare, not an integer type, or longer than max. */
int rt_in_ints(rt_node *n, int idx, int64_t *out, int max, int *count, onnxc_err *err);
/* rt_scalar_f: element i of a tensor of any numeric dtype as double. */
double rt_get_f(const rt_tensor *t, int64_t i);
/* rt_set_f: store v as element i of a numeric tensor (with conversion). */
void rt_put_f(rt_tensor *t, int64_t i, double v);
/* int64 accessors (exact for integer types). */
int64_t rt_get_i(const rt_tensor *t, int64_t i);
void rt_put_i(rt_tensor *t, int64_t i, int64_t v);
/* half-precision conversion */
float rt_half_to_float(uint16_t h);
uint16_t rt_float_to_half(float f);
float rt_bf16_to_float(uint16_t h);
uint16_t rt_float_to_bf16(float f);

/* ---- subgraphs (control flow; runtime/prepare.c) ----
 * Control-flow kernels run their bodies at prepare: every body value is
 * then a constant, so a body is prepared with its inputs bound and all of
 * its nodes fold at once. */

/* rt_lookup: the tensor of value v as seen from n: a value of n's graph or
 * of an enclosing graph (outer scope); NULL when not found. */
const rt_tensor *rt_lookup(const rt_node *n, const ir_value *v);
/* rt_subgraph_need_outer: every value of an enclosing graph that `body` (or
 * a graph nested in it) reads must be constant at prepare; otherwise -1 with
 * a message naming the value, which is recorded with rt_need_value so the
 * session can bind the graph inputs it derives from by value and retry. */
int rt_subgraph_need_outer(const rt_node *n, const ir_graph *body, onnxc_err *err);
/* rt_subgraph_run: prepare `body` (a graph attribute of n) with input k
 * bound to the constant in[k] (k < n_in; in[k] NULL: the body input's
 * initializer), computing every node.  The inputs' data must stay valid
 * until rt_subgraph_free.  NULL with err set on failure. */
struct rt_plan *rt_subgraph_run(const rt_node *n, const ir_graph *body, int n_in,
				const rt_tensor *const *in, onnxc_err *err);
/* rt_subgraph_output: output k of a run body (constant, data valid until
 * rt_subgraph_free); NULL if it has no value. */
const rt_tensor *rt_subgraph_output(const struct rt_plan *sp, int k);
void rt_subgraph_free(struct rt_plan *sp);

/* ---- parallel loops (runtime/rtutil.c, on the session's pool) ----
 * Chunks of one loop run at once on the session's threads (the caller
 * among them) and must write disjoint memory.  Without a pool (threads 1,
 * the unit-test harness, shape inference) everything runs in the caller.
 * How a loop is split may depend on the thread count: kernels whose result
 * could depend on the split (a GEMM's blocking) choose their work items
 * from the sizes alone and parallelise over those. */

/* items per chunk for loops over elements of cheap elementwise ops */
#define RT_PAR_ELEMS ((int64_t)1 << 15)

/* rt_slot_fn: compute items [i0, i1) of a loop in thread `slot` (0 <=
 * slot < rt_parallel_slots, and below the loop's chunk count, itself at
 * most count / grain): chunks running at once have different slots
 * (per-thread scratch); one thread may run several chunks one after the
 * other. */
typedef void (*rt_slot_fn)(void *arg, int slot, int64_t i0, int64_t i1);

/* rt_parallel_slots: the threads a loop of node n may run on (the
 * session's pool when n->threads > 1, else 1); per-thread scratch is sized
 * with it at prep. */
int rt_parallel_slots(const rt_node *n);

/* rt_parallel_grain: fn over [0, count) in contiguous chunks of at least
 * `grain` items, a few per thread, handed out to the threads as they
 * become free (one chunk, slot 0, when count < 2 * grain or there is one
 * slot). */
void rt_parallel_grain(const rt_node *n, int64_t count, int64_t grain, rt_slot_fn fn, void *arg);

/* rt_blas_single: make OpenBLAS compute in the calling thread (process
 * wide, done once): onnxc splits GEMMs over its own threads.  Called
 * wherever kernels may run (sessions, shape inference, node evaluation). */
void rt_blas_single(void);

/* rt_parallel_for: call fn(arg, i0, i1) over [0, count) split into
 * contiguous chunks as rt_parallel_grain does, each item worth a chunk (in
 * the calling thread when there is one slot). */
void rt_parallel_for(const rt_node *n, int64_t count, void (*fn)(void *arg, int64_t i0, int64_t i1),
		     void *arg);
/* rt_parallel_for_grain: rt_parallel_for with chunks of at least `grain`
 * items (RT_PAR_ELEMS for a loop over elements). */
void rt_parallel_for_grain(const rt_node *n, int64_t count, int64_t grain,
			   void (*fn)(void *arg, int64_t i0, int64_t i1), void *arg);

#endif
