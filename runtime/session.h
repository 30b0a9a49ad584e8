/*
 * session.h - internals of onnxc_model and onnxc_session (runtime/).
 */
#ifndef ONNXC_SESSION_H
#define ONNXC_SESSION_H

#include "fe.h"
#include "onnxc.h"
#include "plan.h"
#include "pool.h"
#include "rt.h"

struct onnxc_model {
	ir_model *ir;
	onnxc_err err;
	int n_inputs;              /* graph inputs without an initializer */
	ir_value **inputs;
	onnxc_tensor *in_info, *out_info;
	int64_t *info_dims;        /* storage for in_info/out_info dims */
};

/* Where a tensor's bytes live. */
enum { RT_MEM_NONE, RT_MEM_ARENA, RT_MEM_CONST, RT_MEM_INPUT, RT_MEM_FOLDED };

typedef struct rt_plan {
	const ir_graph *g;         /* the graph planned (the model's, or a body) */
	uint64_t limit;            /* most bytes of one tensor, scratch or arena */
	const struct rt_plan *parent; /* for a body: the plan of the enclosing
				       graph (outer-scope values), else NULL */
	int n_sig;
	int64_t *sig;              /* dtype, rank, dims of each bound input */
	int n_values;
	rt_tensor *tensors;        /* one per value of g */
	unsigned char *mem;        /* per value: RT_MEM_* */
	int *bufid;                /* per value: arena buffer index or -1 */
	rt_node *nodes;            /* nodes executed per run, in order */
	int n_nodes;
	rt_tensor **slots;         /* storage for nodes' in/out pointer arrays */
	void **folded;             /* heap blocks of values computed at prepare */
	int n_folded, cap_folded;
	int n_folded_nodes;
	rt_buf *bufs;
	int n_bufs;
	void *arena;
	size_t arena_bytes, lower_bound, naive_bytes;
	unsigned char *bound;      /* per model input: bound by value (a copy is
				      in tensors[], the plan only fits those values) */
	const rt_tensor *need_value; /* why the build failed, when it did */
	onnxc_tensor *outputs;     /* handed to the caller */
	int64_t *out_dims;
} rt_plan;

#define RT_PLAN_CACHE 8

struct onnxc_session {
	onnxc_model *model;
	onnxc_options opt;
	onnxc_err err;
	int threads;               /* opt.threads resolved (0: online CPUs), >= 1 */
	rt_pool *pool;             /* threads-1 workers; NULL when threads == 1 */
	rt_plan *plans[RT_PLAN_CACHE];  /* most recently used first */
	int n_plans;
	/* per model input: 1 when some node needs its values at prepare (a
	 * shape, axes or sizes fed as a graph input); plans are then made per
	 * input value, not only per shape */
	unsigned char *bind_by_value;
	/* set by rt_infer_shapes: rt_plan_build stops after shapes and
	 * folding (no arena; such a plan cannot run) */
	int shapes_only;
	/* profiling (profile.c): one entry per node of the model's graph,
	 * NULL when off */
	onnxc_profile_entry *prof;
	int n_prof;
};

/* rt_plan_build: infer shapes, fold constants, plan the arena for inputs
 * with the given dtypes/dims (not when s->shapes_only).  NULL with err set
 * on any problem. */
rt_plan *rt_plan_build(onnxc_session *s, int n, const onnxc_tensor *inputs, onnxc_err *err,
		       int *need_input);
void rt_plan_free(rt_plan *p);
/* rt_plan_memory (lifetime.c): arena buffers for the run list of p (after
 * every node's prep), their offsets, the arena and every arena tensor's
 * data; 0, or -1 with err set (out of memory, over the tensor limit). */
int rt_plan_memory(onnxc_session *s, rt_plan *p, onnxc_err *err);
/* rt_infer_shapes (infer.c): when every graph input (initializers aside)
 * has a dtype and fully static dims, prepare the model on those shapes and
 * write every computed value's dtype and dims into the IR (has_type = 1;
 * graph inputs and initializers untouched).  Returns the number of values
 * whose type changed (0 when an input is dynamic: nothing is done), or -1
 * with err set when preparing fails (unsupported op, invalid model, OOM). */
int rt_infer_shapes(ir_model *m, onnxc_err *err);
/* rt_eval_node (infer.c): run node n with its kernel on constant inputs
 * (initializers; for the shape queries Shape/Size also values with a
 * static dtype and dims).  On 0, outs[k] is a new tensor for every present
 * output k (the caller owns them).  Returns 1 (outs all NULL, err untouched)
 * when n cannot be evaluated here: no kernel, an input not constant, a
 * string or sequence input or output, or outputs more than max_growth
 * bytes larger than the inputs read; -1 with err set when prep or exec
 * fails. */
int rt_eval_node(const ir_node *n, size_t max_growth, ir_tensor **outs, onnxc_err *err);
/* rt_profile_exec (profile.c): op->exec(n) timed into the session's
 * profile entry of n's graph node; returns what exec returns. */
int rt_profile_exec(onnxc_session *s, const rt_op *op, rt_node *n);
/* rt_profile_free (profile.c): free the profile counters (profiling off). */
void rt_profile_free(onnxc_session *s);
/* rt_node_macs (flops.c): multiply-adds of one run of prepared node n:
 * Conv, ConvTranspose, Gemm and MatMul from their tensors' dims; 0 for
 * every other op or when a tensor is missing. */
int64_t rt_node_macs(const rt_node *n);
/* rt_model_wrap: an API model around an IR model (ownership passes, also
 * on failure).  NULL with err set on OOM. */
onnxc_model *rt_model_wrap(ir_model *ir, onnxc_err *err);
/* rt_find_input: the caller's tensor for model input k (by name, else by
 * position among the unnamed ones); NULL if not given. */
const onnxc_tensor *rt_find_input(const onnxc_model *m, int k, int n, const onnxc_tensor *in);

#endif
