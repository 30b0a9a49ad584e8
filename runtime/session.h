/*
 * session.h - internals of onnxc_model and onnxc_session (runtime/).
 */
#ifndef ONNXC_SESSION_H
#define ONNXC_SESSION_H

#include "fe.h"
#include "onnxc.h"
#include "plan.h"
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
	rt_plan *plans[RT_PLAN_CACHE];  /* most recently used first */
	int n_plans;
	/* per model input: 1 when some node needs its values at prepare (a
	 * shape, axes or sizes fed as a graph input); plans are then made per
	 * input value, not only per shape */
	unsigned char *bind_by_value;
};

/* rt_plan_build: infer shapes, fold constants, plan the arena for inputs
 * with the given dtypes/dims.  NULL with err set on any problem. */
rt_plan *rt_plan_build(onnxc_session *s, int n, const onnxc_tensor *inputs, onnxc_err *err,
		       int *need_input);
void rt_plan_free(rt_plan *p);
/* rt_model_wrap: an API model around an IR model (ownership passes, also
 * on failure).  NULL with err set on OOM. */
onnxc_model *rt_model_wrap(ir_model *ir, onnxc_err *err);
/* rt_find_input: the caller's tensor for model input k (by name, else by
 * position among the unnamed ones); NULL if not given. */
const onnxc_tensor *rt_find_input(const onnxc_model *m, int k, int n, const onnxc_tensor *in);

#endif
