/*
 * infer.c - the runtime's shape inference and kernels, offered to the graph
 * passes: rt_infer_shapes writes every value's dtype and dims into the IR
 * (by preparing the model on its declared input shapes), rt_eval_node runs
 * one node on constant inputs (constant folding at load time).
 */
#include <string.h>

#include "session.h"

/* static_input: a graph input whose dtype, rank and every dim are known. */
static int static_input(const ir_value *v)
{
	int d;

	if (!ir_dtype_valid(v->dtype) || v->shape.rank < 0 || v->shape.rank > RT_MAXRANK ||
	    v->type_proto)
		return 0;
	for (d = 0; d < v->shape.rank; d++)
		if (v->shape.dims[d] < 0)
			return 0;
	return 1;
}

/* same_type: do v's recorded dtype and shape already say what t says? */
static int same_type(const ir_value *v, const rt_tensor *t)
{
	int d;

	if (!v->has_type || v->dtype != t->dtype || v->shape.rank != t->rank || v->shape.syms)
		return 0;
	for (d = 0; d < t->rank; d++)
		if (v->shape.dims[d] != t->dims[d])
			return 0;
	return 1;
}

int rt_infer_shapes(ir_model *m, onnxc_err *err)
{
	ir_graph *g = m->graph;
	onnxc_model tm;
	onnxc_session s;
	onnxc_tensor *in = NULL;
	rt_plan *p;
	int i, n = 0, changed = 0;

	if (ir_graph_index(g, err))
		return -1;
	rt_blas_single();
	for (i = 0; i < g->n_inputs; i++) {
		if (g->inputs[i]->init)
			continue;
		if (!static_input(g->inputs[i]))
			return 0;   /* dynamic: shapes stay as declared */
		n++;
	}
	memset(&tm, 0, sizeof tm);
	memset(&s, 0, sizeof s);
	tm.ir = m;
	tm.inputs = onnxc_calloc((size_t)(n ? n : 1), sizeof *tm.inputs);
	in = onnxc_calloc((size_t)(n ? n : 1), sizeof *in);
	if (!tm.inputs || !in) {
		onnxc_oom(err);
		goto free_all;
	}
	for (i = 0; i < g->n_inputs; i++) {
		ir_value *v = g->inputs[i];
		if (v->init)
			continue;
		tm.inputs[tm.n_inputs] = v;
		in[tm.n_inputs++] = (onnxc_tensor){ v->name, v->dtype, v->shape.rank, v->shape.dims,
						    NULL, 0 };
	}
	s.model = &tm;
	s.opt.threads = 1;
	s.threads = 1;
	s.opt.opt_level = 1;
	s.opt.max_tensor_bytes = m->max_tensor_bytes;  /* the loader's limit */
	s.shapes_only = 1;     /* only the types: no arena */
	p = rt_plan_build(&s, n, in, err, NULL);
	if (!p) {
		changed = -1;
		goto free_all;
	}
	for (i = 0; i < g->n_values; i++) {
		ir_value *v = g->values[i];
		const rt_tensor *t = &p->tensors[i];
		/* sequences (RT_SEQUENCE) have no IR tensor type */
		if (!ir_dtype_valid(t->dtype) || v->init || v->is_input || v->type_proto ||
		    same_type(v, t))
			continue;
		if (ir_shape_set(&v->shape, t->rank, t->dims, err)) {
			changed = -1;
			break;
		}
		v->dtype = t->dtype;
		v->has_type = 1;
		changed++;
	}
	rt_plan_free(p);
free_all:
	onnxc_free(s.bind_by_value);
	onnxc_free(tm.inputs);
	onnxc_free(in);
	return changed;
}

static void free_params(rt_node *rn)
{
	if (!rn->params)
		return;
	if (rn->free_params)
		rn->free_params(rn->params);
	else
		onnxc_free(rn->params);
	rn->params = NULL;
}

/* wrap_input: the rt_tensor for input value v: its constant data, or (for
 * the shape queries) only its static dtype and dims.  1 when v is neither. */
static int wrap_input(const rt_node *rn, const ir_value *v, int shape_only, rt_tensor *t,
		      onnxc_err *err)
{
	t->ir = v;
	if (v->init) {
		if (v->init->dtype == IR_STRING || v->init->rank > RT_MAXRANK)
			return 1;
		if (rt_set_shape(rn, t, v->init->dtype, v->init->rank, v->init->dims, err))
			return -1;
		t->data = v->init->data;
		t->is_const = 1;
		return 0;
	}
	if (!shape_only || !static_input(v))
		return 1;
	return rt_set_shape(rn, t, v->dtype, v->shape.rank, v->shape.dims, err);
}

int rt_eval_node(const ir_node *n, size_t max_growth, ir_tensor **outs, onnxc_err *err)
{
	const rt_op *op = n->op != IR_OP_UNKNOWN && n->since_version > 0 ? rt_op_get(n->op) : NULL;
	rt_tensor *t = NULL, **slots = NULL;
	void **buf = NULL, *scratch = NULL;
	rt_node rn;
	size_t in_bytes = 0, out_bytes = 0;
	int k, rc = 1;

	for (k = 0; k < n->n_out; k++)
		outs[k] = NULL;
	if (!op)
		return 1;
	rt_blas_single();
	memset(&rn, 0, sizeof rn);
	t = onnxc_calloc((size_t)(n->n_in + n->n_out + 1), sizeof *t);
	slots = onnxc_calloc((size_t)(n->n_in + n->n_out + 1), sizeof *slots);
	buf = onnxc_calloc((size_t)(n->n_out + 1), sizeof *buf);
	if (!t || !slots || !buf)
		goto oom;
	rn.ir = n;
	rn.n_in = n->n_in;
	rn.n_out = n->n_out;
	rn.in = slots;
	rn.out = slots + n->n_in;
	rn.threads = 1;
	/* rn.alloc_const stays NULL: a kernel making strings or sequences
	 * (plan-owned data) fails here; the session folds it when it prepares */
	for (k = 0; k < n->n_in; k++) {
		int r;
		if (!n->in[k])
			continue;
		r = wrap_input(&rn, n->in[k], (op->flags & RT_SHAPE_ONLY) != 0, &t[k], err);
		if (r) {
			rc = r;
			goto free_all;
		}
		rn.in[k] = &t[k];
		if (t[k].is_const)
			in_bytes += t[k].nbytes;
	}
	for (k = 0; k < n->n_out; k++) {
		if (!n->out[k])
			continue;
		t[n->n_in + k].ir = n->out[k];
		rn.out[k] = &t[n->n_in + k];
	}
	/* no output may be larger than a fold keeps, so prep refuses it
	 * before it allocates anything for it: then the node stays (1) */
	rn.max_bytes = (uint64_t)in_bytes + max_growth + 1;
	if (op->prep(&rn, err)) {
		rc = -1;
		if (err->code == ONNXC_ELIMIT) {
			onnxc_errclear(err);
			rc = 1;
		}
		goto free_params;
	}
	for (k = 0; k < n->n_out; k++) {
		if (!rn.out[k])
			continue;
		/* sequences (RT_SEQUENCE) and strings have no initializer form here */
		if (!ir_dtype_valid(rn.out[k]->dtype) || rn.out[k]->dtype == IR_STRING) {
			rc = 1;
			goto free_params;
		}
		out_bytes += rn.out[k]->nbytes;
	}
	if (out_bytes > in_bytes && out_bytes - in_bytes > max_growth) {
		rc = 1;
		goto free_params;
	}
	for (k = 0; k < n->n_out; k++) {
		rt_tensor *o = rn.out[k];
		if (!o)
			continue;
		if (!(outs[k] = ir_tensor_new(o->dtype, o->rank, o->dims, err)))
			goto free_outs;
		buf[k] = onnxc_aligned_alloc(o->nbytes ? o->nbytes : 1);
		if (!buf[k])
			goto oom_free_outs;
		o->data = buf[k];
	}
	if (rn.scratch_bytes && !(scratch = onnxc_aligned_alloc(rn.scratch_bytes)))
		goto oom_free_outs;
	rn.scratch = scratch;
	if (op->exec(&rn, err))
		goto free_outs;
	for (k = 0; k < n->n_out; k++)
		if (outs[k] && outs[k]->nbytes)
			memcpy(outs[k]->data, buf[k], outs[k]->nbytes);
	rc = 0;
	goto free_params;

oom_free_outs:
	onnxc_oom(err);
free_outs:
	for (k = 0; k < n->n_out; k++) {
		ir_tensor_free(outs[k]);
		outs[k] = NULL;
	}
	rc = -1;
free_params:
	free_params(&rn);
free_all:
	onnxc_aligned_free(scratch);
	for (k = 0; buf && k < n->n_out; k++)
		onnxc_aligned_free(buf[k]);
	onnxc_free(buf);
	onnxc_free(slots);
	onnxc_free(t);
	return rc;
oom:
	onnxc_oom(err);
	rc = -1;
	goto free_all;
}
