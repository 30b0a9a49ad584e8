/*
 * k_control.h - helpers shared by the control-flow kernels (If and Loop in
 * k_control.c, Scan in k_control_scan.c).
 *
 * Control flow runs at prepare: prep needs every input and every value of an
 * enclosing graph that a body reads to be known then (constants, or graph
 * inputs the session binds by value), runs the body per iteration as a
 * subgraph plan whose nodes all fold (rt_subgraph_run), and keeps the results
 * in n->params (a cf_vals); the node then folds and exec copies them out.
 * Values of sequence or optional type are not supported.
 */
#ifndef ONNXC_K_CONTROL_H
#define ONNXC_K_CONTROL_H

#include "rt.h"

/* the most iterations a Loop or Scan may run at prepare */
#define CF_MAX_ITERS 1000000

/* n->params of a control-flow node: one held value per output.  Each v[k]
 * owns its data (onnxc_malloc). */
typedef struct cf_vals {
	int n;
	rt_tensor v[];
} cf_vals;

/* cf_start: allocate n->params with `count` empty values (free_params set,
 * so prep may return -1 at any point after).  NULL (err set) on OOM. */
cf_vals *cf_start(rt_node *n, int count, onnxc_err *err);
/* cf_body: the GRAPH attribute `name` of n; NULL (err set) if absent. */
const ir_graph *cf_body(const rt_node *n, const char *name, onnxc_err *err);
/* cf_need_inputs: every present input must be constant at prepare (and
 * rt_subgraph_need_outer for each body is the caller's business). */
int cf_need_inputs(const rt_node *n, onnxc_err *err);
/* cf_alloc: dst gets dtype/rank/dims and fresh owned data (contents
 * undefined); the previous data is NOT freed.  0 or -1 (err). */
int cf_alloc(const rt_node *n, rt_tensor *dst, int dtype, int rank, const int64_t *dims,
	     onnxc_err *err);
/* cf_copy: dst becomes an owned copy of src (previous data not freed). */
int cf_copy(const rt_node *n, rt_tensor *dst, const rt_tensor *src, onnxc_err *err);
/* cf_release: free the data a held value owns. */
void cf_release(rt_tensor *t);
/* cf_finish: set every present output's dtype and dims from the held
 * values.  0 or -1. */
int cf_finish(rt_node *n, onnxc_err *err);
/* cf_exec: copy the held values into the outputs (the node's exec). */
int cf_exec(rt_node *n, onnxc_err *err);
/* cf_empty_scan: the value of a scan output when no iteration ran: the
 * body output's declared type with a 0-length dim inserted at `axis`
 * (rank 1 [0] when the body does not declare its dims).  0 or -1. */
int cf_empty_scan(const rt_node *n, const ir_value *decl, int axis, rt_tensor *dst,
		  onnxc_err *err);
/* cf_same_shape: do a and b have the same dtype and dims? */
int cf_same_shape(const rt_tensor *a, const rt_tensor *b);

#endif
