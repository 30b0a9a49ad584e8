/*
 * k_control.c - If (1, 11, 13, 16) and Loop (1, 11, 13, 16) on tensors, and
 * the helpers shared with Scan (k_control_scan.c).
 *
 * Control flow runs only when the model is prepared, like shape arithmetic:
 * prep needs the condition, trip count and initial values, and every value
 * of an enclosing graph that the executed body reads, to be known then
 * (constants, or graph inputs the session then binds by value: the plan is
 * made per input value).  Otherwise prep refuses with "control flow runs when
 * the model is prepared: ... must be known then".  Prep runs the chosen
 * branch or every iteration as a subgraph plan in which all nodes fold, keeps
 * the results in n->params and sets the output shapes; the node folds and
 * exec copies the results out.
 *
 * If: cond is a one-element bool tensor; the branch's outputs become the
 * node's outputs (only the chosen branch must be computable).
 * Loop: inputs (M, cond, v_initial...), each of M and cond optional (not
 * both); body (iter_num, cond_in, v...) -> (cond_out, v..., scan...);
 * outputs: the final loop-carried values, then each scan output stacked
 * along a new axis 0 over the iterations.  cond_out is ignored when cond is
 * absent.  At most CF_MAX_ITERS iterations.
 * Values of sequence or optional type (Loop-13/16 sequences, If-16
 * optionals) are not supported: the ops that make them have no kernels.
 */
#include <string.h>

#include "k_control.h"

static void cf_free(void *params)
{
	cf_vals *r = params;
	int k;

	for (k = 0; k < r->n; k++)
		cf_release(&r->v[k]);
	onnxc_free(r);
}

cf_vals *cf_start(rt_node *n, int count, onnxc_err *err)
{
	cf_vals *r = onnxc_calloc(1, sizeof *r + sizeof(rt_tensor) * (size_t)(count > 0 ? count : 1));

	if (!r) {
		onnxc_oom(err);
		return NULL;
	}
	r->n = count;
	n->params = r;
	n->free_params = cf_free;
	return r;
}

const ir_graph *cf_body(const rt_node *n, const char *name, onnxc_err *err)
{
	const ir_attr *a = ir_attr_get(n->ir, name);

	if (!a || a->kind != IR_ATTR_GRAPH || !a->g) {
		rt_fail(n, err, ONNXC_EINVAL, "graph attribute '%s' is missing", name);
		return NULL;
	}
	return a->g;
}

int cf_need_inputs(const rt_node *n, onnxc_err *err)
{
	int k;

	for (k = 0; k < n->n_in; k++)
		if (n->in[k] && !n->in[k]->is_const) {
			rt_need_value(n, n->in[k]);
			return rt_fail(n, err, ONNXC_EUNSUPPORTED, "control flow runs when the model "
				       "is prepared: input %d ('%s') must be known then", k,
				       n->in[k]->ir ? n->in[k]->ir->name : "?");
		}
	return 0;
}

int cf_alloc(const rt_node *n, rt_tensor *dst, int dtype, int rank, const int64_t *dims,
	     onnxc_err *err)
{
	rt_tensor t = { 0 };

	if (rt_set_shape(n, &t, dtype, rank, dims, err))
		return -1;
	if (!ir_dtype_size(dtype) || dtype == IR_STRING)
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "values of type %s are not supported",
			       ir_dtype_name(dtype));
	t.data = onnxc_malloc(t.nbytes ? t.nbytes : 1);
	if (!t.data)
		return onnxc_oom(err);
	t.is_const = 1;
	*dst = t;
	return 0;
}

int cf_copy(const rt_node *n, rt_tensor *dst, const rt_tensor *src, onnxc_err *err)
{
	if (cf_alloc(n, dst, src->dtype, src->rank, src->dims, err))
		return -1;
	if (src->nbytes)
		memcpy(dst->data, src->data, src->nbytes);
	return 0;
}

void cf_release(rt_tensor *t)
{
	onnxc_free(t->data);
	t->data = NULL;
}

int cf_finish(rt_node *n, onnxc_err *err)
{
	const cf_vals *r = n->params;
	int k;

	for (k = 0; k < n->n_out && k < r->n; k++)
		if (n->out[k] && rt_set_shape(n, n->out[k], r->v[k].dtype, r->v[k].rank, r->v[k].dims,
					      err))
			return -1;
	return 0;
}

int cf_exec(rt_node *n, onnxc_err *err)
{
	const cf_vals *r = n->params;
	int k;

	if (!r)
		return rt_fail(n, err, ONNXC_EINTERNAL, "no results (control flow runs at prepare)");
	for (k = 0; k < n->n_out && k < r->n; k++)
		if (n->out[k] && r->v[k].nbytes)
			memcpy(n->out[k]->data, r->v[k].data, r->v[k].nbytes);
	return 0;
}

int cf_empty_scan(const rt_node *n, const ir_value *decl, int axis, rt_tensor *dst,
		  onnxc_err *err)
{
	int64_t dims[RT_MAXRANK] = { 0 };
	int d, rank = 1;

	if (decl && axis < 0)
		axis += decl->shape.rank + 1;

	if (!decl || !decl->dtype)
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "no iteration ran and the body does not "
			       "declare the type of scan output '%s'", decl ? decl->name : "?");
	if (decl->shape.rank >= 0 && decl->shape.rank < RT_MAXRANK && axis >= 0 &&
	    axis <= decl->shape.rank) {
		rank = decl->shape.rank + 1;
		for (d = 0; d < decl->shape.rank; d++) {
			if (decl->shape.dims[d] < 0)
				rank = 1;
			dims[d < axis ? d : d + 1] = decl->shape.dims[d];
		}
		if (rank == 1)
			memset(dims, 0, sizeof dims);
		else
			dims[axis] = 0;
	}
	return cf_alloc(n, dst, decl->dtype, rank, dims, err);
}

int cf_same_shape(const rt_tensor *a, const rt_tensor *b)
{
	return a->dtype == b->dtype && a->rank == b->rank &&
	       !memcmp(a->dims, b->dims, sizeof(int64_t) * (size_t)a->rank);
}

/* ---- If ---- */

static int prep_if(rt_node *n, onnxc_err *err)
{
	const rt_tensor *c = n->n_in > 0 ? n->in[0] : NULL;
	const ir_graph *body;
	struct rt_plan *sp;
	cf_vals *r;
	int k, rc = -1;

	if (!c || n->n_in != 1)
		return rt_fail(n, err, ONNXC_EINVAL, "takes exactly one input (cond)");
	if (cf_need_inputs(n, err))
		return -1;
	if (c->dtype != IR_BOOL || c->numel != 1)
		return rt_fail(n, err, ONNXC_EINVAL, "cond must be a one-element bool tensor");
	body = cf_body(n, *(const uint8_t *)c->data ? "then_branch" : "else_branch", err);
	if (!body || rt_subgraph_need_outer(n, body, err))
		return -1;
	if (body->n_outputs != n->n_out)
		return rt_fail(n, err, ONNXC_EINVAL, "the branch has %d outputs, the node %d",
			       body->n_outputs, n->n_out);
	if (!(r = cf_start(n, n->n_out, err)) || !(sp = rt_subgraph_run(n, body, 0, NULL, err)))
		return -1;
	for (k = 0; k < n->n_out; k++) {
		const rt_tensor *o = rt_subgraph_output(sp, k);
		if (!o) {
			rt_fail(n, err, ONNXC_EINVAL, "branch output %d is never computed", k);
			goto free_sub;
		}
		if (cf_copy(n, &r->v[k], o, err))
			goto free_sub;
	}
	rc = cf_finish(n, err);
free_sub:
	rt_subgraph_free(sp);
	return rc;
}

const rt_op rt_op_If = { prep_if, cf_exec, 0 };

/* ---- Loop ---- */

/* scan_acc: a Loop scan output being stacked over the iterations. */
typedef struct scan_acc {
	rt_tensor first;       /* dtype and dims of every iteration's value */
	char *buf;
	size_t len, cap;
} scan_acc;

/* acc_push: append one iteration's scan value o.  0 or -1. */
static int acc_push(const rt_node *n, scan_acc *a, const rt_tensor *o, int64_t iter, int j,
		    onnxc_err *err)
{
	if (iter == 0) {
		a->first = *o;
		a->first.data = NULL;
	} else if (!cf_same_shape(&a->first, o)) {
		return rt_fail(n, err, ONNXC_EINVAL, "scan output %d changes its type or shape at "
			       "iteration %lld", j, (long long)iter);
	}
	if (a->len + o->nbytes > a->cap) {
		size_t cap = a->cap ? a->cap : 64;
		char *b;
		while (cap < a->len + o->nbytes)
			cap *= 2;
		if (!(b = onnxc_realloc(a->buf, cap)))
			return onnxc_oom(err);
		a->buf = b;
		a->cap = cap;
	}
	if (o->nbytes)
		memcpy(a->buf + a->len, o->data, o->nbytes);
	a->len += o->nbytes;
	return 0;
}

/* acc_finish: the stacked value [iters, ...] into dst (taking the buffer).
 * 0 or -1. */
static int acc_finish(const rt_node *n, scan_acc *a, int64_t iters, const ir_value *decl,
		      rt_tensor *dst, onnxc_err *err)
{
	int64_t dims[RT_MAXRANK];

	if (!iters)
		return cf_empty_scan(n, decl, 0, dst, err);
	if (a->first.rank + 1 > RT_MAXRANK)
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "scan output of rank %d", a->first.rank + 1);
	dims[0] = iters;
	memcpy(dims + 1, a->first.dims, sizeof(int64_t) * (size_t)a->first.rank);
	if (rt_set_shape(n, dst, a->first.dtype, a->first.rank + 1, dims, err))
		return -1;
	dst->data = a->buf ? a->buf : onnxc_malloc(1);
	a->buf = NULL;
	if (!dst->data)
		return onnxc_oom(err);
	dst->is_const = 1;
	return 0;
}

/* loop_iter: run the body once: state v[0..n_dep) is replaced by the new
 * carried values, scan values are appended, *go gets cond_out.  0 or -1. */
static int loop_iter(rt_node *n, const ir_graph *body, int64_t i, int n_dep, int n_scan,
		     rt_tensor *v, rt_tensor *next, scan_acc *acc, const rt_tensor **bind,
		     int *go, onnxc_err *err)
{
	int64_t it = i;
	uint8_t c = 1;
	rt_tensor t_it = { 0 }, t_c = { 0 };
	struct rt_plan *sp;
	const rt_tensor *o;
	int k, done = 0, rc = -1;

	t_it.dtype = IR_INT64;
	t_it.numel = 1;
	t_it.nbytes = sizeof it;
	t_it.data = &it;
	t_it.is_const = 1;
	t_c = t_it;
	t_c.dtype = IR_BOOL;
	t_c.nbytes = 1;
	t_c.data = &c;
	bind[0] = &t_it;
	bind[1] = &t_c;
	for (k = 0; k < n_dep; k++)
		bind[2 + k] = &v[k];
	if (!(sp = rt_subgraph_run(n, body, 2 + n_dep, bind, err)))
		return -1;
	o = rt_subgraph_output(sp, 0);
	if (!o || o->dtype != IR_BOOL || o->numel != 1) {
		rt_fail(n, err, ONNXC_EINVAL, "the body's cond output must be a one-element bool");
		goto free_sub;
	}
	*go = *(const uint8_t *)o->data != 0;
	for (k = 0; k < n_dep; k++, done++) {
		if (!(o = rt_subgraph_output(sp, 1 + k))) {
			rt_fail(n, err, ONNXC_EINVAL, "body output %d is never computed", 1 + k);
			goto free_next;
		}
		if (o->dtype != v[k].dtype) {
			rt_fail(n, err, ONNXC_EINVAL, "loop-carried value %d changes type from %s to %s",
				k, ir_dtype_name(v[k].dtype), ir_dtype_name(o->dtype));
			goto free_next;
		}
		if (cf_copy(n, &next[k], o, err))
			goto free_next;
	}
	for (k = 0; k < n_scan; k++) {
		if (!(o = rt_subgraph_output(sp, 1 + n_dep + k))) {
			rt_fail(n, err, ONNXC_EINVAL, "body output %d is never computed", 1 + n_dep + k);
			goto free_next;
		}
		if (acc_push(n, &acc[k], o, i, k, err))
			goto free_next;
	}
	for (k = 0; k < n_dep; k++) {
		cf_release(&v[k]);
		v[k] = next[k];
	}
	rc = 0;
	goto free_sub;
free_next:
	for (k = 0; k < done; k++)
		cf_release(&next[k]);
free_sub:
	rt_subgraph_free(sp);
	return rc;
}

static int prep_loop(rt_node *n, onnxc_err *err)
{
	const ir_graph *body = cf_body(n, "body", err);
	const rt_tensor *tm, *tc;
	int n_dep = n->n_in - 2, n_scan = n->n_out - (n->n_in - 2), k, go = 1, rc = -1;
	int64_t max_trip = -1, i;
	rt_tensor *next = NULL;
	const rt_tensor **bind = NULL;
	scan_acc *acc = NULL;
	cf_vals *r;

	if (!body)
		return -1;
	if (n_dep < 0 || n_scan < 0)
		return rt_fail(n, err, ONNXC_EINVAL, "%d inputs and %d outputs do not fit (M, cond, "
			       "v...) -> (v..., scan...)", n->n_in, n->n_out);
	if (body->n_inputs != 2 + n_dep || body->n_outputs != 1 + n_dep + n_scan)
		return rt_fail(n, err, ONNXC_EINVAL, "the body takes %d inputs and gives %d outputs; "
			       "expected %d and %d", body->n_inputs, body->n_outputs, 2 + n_dep,
			       1 + n_dep + n_scan);
	if (cf_need_inputs(n, err) || rt_subgraph_need_outer(n, body, err))
		return -1;
	tm = n->in[0];
	tc = n->in[1];
	if (!tm && !tc)
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "neither a trip count nor a condition: "
			       "the loop never ends");
	if (tm && ((tm->dtype != IR_INT64 && tm->dtype != IR_INT32) || tm->numel != 1))
		return rt_fail(n, err, ONNXC_EINVAL, "M must be a one-element int64 tensor");
	if (tc && (tc->dtype != IR_BOOL || tc->numel != 1))
		return rt_fail(n, err, ONNXC_EINVAL, "cond must be a one-element bool tensor");
	if (tm)
		max_trip = rt_get_i(tm, 0) < 0 ? 0 : rt_get_i(tm, 0);
	if (tc)
		go = *(const uint8_t *)tc->data != 0;
	for (k = 2; k < n->n_in; k++)
		if (!n->in[k])
			return rt_fail(n, err, ONNXC_EINVAL, "loop-carried input %d is missing", k);
	if (!(r = cf_start(n, n_dep + n_scan, err)))
		return -1;
	next = onnxc_calloc((size_t)(n_dep ? n_dep : 1), sizeof *next);
	bind = onnxc_calloc((size_t)(2 + n_dep), sizeof *bind);
	acc = onnxc_calloc((size_t)(n_scan ? n_scan : 1), sizeof *acc);
	if (!next || !bind || !acc) {
		onnxc_oom(err);
		goto free_all;
	}
	for (k = 0; k < n_dep; k++)
		if (cf_copy(n, &r->v[k], n->in[2 + k], err))
			goto free_all;
	for (i = 0; (max_trip < 0 || i < max_trip) && go; i++) {
		int cond_out;
		if (i >= CF_MAX_ITERS) {
			rt_fail(n, err, ONNXC_ELIMIT, "more than %d iterations at prepare", CF_MAX_ITERS);
			goto free_all;
		}
		if (loop_iter(n, body, i, n_dep, n_scan, r->v, next, acc, bind, &cond_out, err))
			goto free_all;
		if (tc)
			go = cond_out;
	}
	for (k = 0; k < n_scan; k++)
		if (acc_finish(n, &acc[k], i, body->outputs[1 + n_dep + k], &r->v[n_dep + k], err))
			goto free_all;
	rc = cf_finish(n, err);
free_all:
	for (k = 0; acc && k < n_scan; k++)
		onnxc_free(acc[k].buf);
	onnxc_free(acc);
	onnxc_free(bind);
	onnxc_free(next);
	return rc;
}

const rt_op rt_op_Loop = { prep_loop, cf_exec, 0 };
