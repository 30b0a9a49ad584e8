/*
 * k_control_scan.c - Scan (8, 9, 11, 16) on tensors, run at prepare.
 *
 * Like If and Loop (k_control.c), Scan runs only when the model is prepared:
 * every input and every value of an enclosing graph that the body reads must
 * be known then (constants, or graph inputs the session binds by value);
 * otherwise prep refuses with "control flow runs when the model is prepared:
 * ... must be known then".  The results are kept in n->params and copied out
 * by exec.
 *
 * Inputs: N initial states then M = num_scan_inputs scan inputs; body
 * (state..., slice...) -> (state..., scan slice...); outputs: N final states
 * then K scan outputs.  Iteration t reads slice t of every scan input along
 * its scan_input_axes entry (default 0; negative from the end since 11),
 * from the end when its scan_input_directions entry is 1; scan output slices
 * are stacked along scan_output_axes (default 0) in order, or from the end
 * when scan_output_directions is 1.  All scan inputs must have the same
 * length.
 * Scan-8: a leading optional sequence_lens input and a batch axis 0 on every
 * input and output (scan axis 1, `directions` for the inputs); batches run
 * one after the other.  sequence_lens, when given, must equal the full
 * sequence length for every batch (padding is refused).
 */
#include <string.h>

#include "k_control.h"

/* the most states, scan inputs or scan outputs a Scan may have */
#define SCAN_MAX_IO 32

/* scan_cfg: the attributes after validation. */
typedef struct scan_cfg {
	const ir_graph *body;
	int n_state, n_scan_in, n_scan_out;
	int in_axis[SCAN_MAX_IO], in_rev[SCAN_MAX_IO];
	int out_axis[SCAN_MAX_IO], out_rev[SCAN_MAX_IO];
} scan_cfg;

/* take_slice: dst (allocated with the right size) gets x[..., idx, ...] at
 * axis (that axis removed). */
static void take_slice(const rt_tensor *x, int axis, int64_t idx, rt_tensor *dst)
{
	int64_t outer = rt_numel(axis, x->dims), len = x->dims[axis], o;
	size_t inner = ir_dtype_size(x->dtype) * (size_t)rt_numel(x->rank - axis - 1, x->dims + axis + 1);

	for (o = 0; o < outer; o++)
		memcpy((char *)dst->data + (size_t)o * inner,
		       (const char *)x->data + ((size_t)(o * len + idx)) * inner, inner);
}

/* put_slice: write slice s into y at index idx of axis (y has len there). */
static void put_slice(rt_tensor *y, int axis, int64_t idx, const rt_tensor *s)
{
	int64_t outer = rt_numel(axis, y->dims), len = y->dims[axis], o;
	size_t inner = ir_dtype_size(y->dtype) * (size_t)rt_numel(y->rank - axis - 1, y->dims + axis + 1);

	for (o = 0; o < outer; o++)
		memcpy((char *)y->data + ((size_t)(o * len + idx)) * inner,
		       (const char *)s->data + (size_t)o * inner, inner);
}

/* drop_axis: dims of x without `axis` into out (rank-1 entries). */
static void drop_axis(const rt_tensor *x, int axis, int64_t *out)
{
	int d, j = 0;

	for (d = 0; d < x->rank; d++)
		if (d != axis)
			out[j++] = x->dims[d];
}

/* scan_iter: run the body once for step t: states st[] replaced, scan
 * slices written into res[] (allocated at t == 0).  0 or -1. */
static int scan_iter(rt_node *n, const scan_cfg *c, int64_t t, int64_t len, rt_tensor *st,
		     rt_tensor *slices, const rt_tensor *const *scans, rt_tensor *next,
		     rt_tensor *res, const rt_tensor **bind, onnxc_err *err)
{
	struct rt_plan *sp;
	const rt_tensor *o;
	int k, done = 0, rc = -1;

	for (k = 0; k < c->n_state; k++)
		bind[k] = &st[k];
	for (k = 0; k < c->n_scan_in; k++) {
		take_slice(scans[k], c->in_axis[k], c->in_rev[k] ? len - 1 - t : t, &slices[k]);
		bind[c->n_state + k] = &slices[k];
	}
	if (!(sp = rt_subgraph_run(n, c->body, c->n_state + c->n_scan_in, bind, err)))
		return -1;
	for (k = 0; k < c->n_state; k++, done++) {
		if (!(o = rt_subgraph_output(sp, k))) {
			rt_fail(n, err, ONNXC_EINVAL, "body output %d is never computed", k);
			goto free_next;
		}
		if (o->dtype != st[k].dtype) {
			rt_fail(n, err, ONNXC_EINVAL, "state %d changes type from %s to %s", k,
				ir_dtype_name(st[k].dtype), ir_dtype_name(o->dtype));
			goto free_next;
		}
		if (cf_copy(n, &next[k], o, err))
			goto free_next;
	}
	for (k = 0; k < c->n_scan_out; k++) {
		rt_tensor *y = &res[k];
		int64_t dims[RT_MAXRANK];
		int ax = c->out_axis[k], d;
		if (!(o = rt_subgraph_output(sp, c->n_state + k))) {
			rt_fail(n, err, ONNXC_EINVAL, "body output %d is never computed", c->n_state + k);
			goto free_next;
		}
		if (ax < 0)
			ax += o->rank + 1;
		if (o->rank + 1 > RT_MAXRANK || ax < 0 || ax > o->rank) {
			rt_fail(n, err, ONNXC_EINVAL, "scan output %d: axis %d does not fit rank %d", k,
				ax, o->rank + 1);
			goto free_next;
		}
		for (d = 0; d < o->rank; d++)
			dims[d < ax ? d : d + 1] = o->dims[d];
		dims[ax] = len;
		if (t == 0 && cf_alloc(n, y, o->dtype, o->rank + 1, dims, err))
			goto free_next;
		if (o->dtype != y->dtype || o->rank + 1 != y->rank ||
		    memcmp(dims, y->dims, sizeof(int64_t) * (size_t)y->rank)) {
			rt_fail(n, err, ONNXC_EINVAL, "scan output %d changes its type or shape at "
				"iteration %lld", k, (long long)t);
			goto free_next;
		}
		put_slice(y, ax, c->out_rev[k] ? len - 1 - t : t, o);
	}
	for (k = 0; k < c->n_state; k++) {
		cf_release(&st[k]);
		st[k] = next[k];
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

/* scan_run: the whole scan over states init[] and scan inputs scans[]
 * (axes in c); res[0..n_state) get the final states, res[n_state..) the
 * stacked scan outputs (all owned).  0 or -1. */
static int scan_run(rt_node *n, const scan_cfg *c, const rt_tensor *const *init,
		    const rt_tensor *const *scans, rt_tensor *res, onnxc_err *err)
{
	int k, rc = -1;
	int64_t len = scans[0]->dims[c->in_axis[0]], t, dims[RT_MAXRANK];
	rt_tensor slices[SCAN_MAX_IO] = { { 0 } }, next[SCAN_MAX_IO] = { { 0 } };
	const rt_tensor *bind[2 * SCAN_MAX_IO];

	for (k = 0; k < c->n_scan_in; k++)
		if (scans[k]->dims[c->in_axis[k]] != len)
			return rt_fail(n, err, ONNXC_EINVAL, "scan inputs 0 and %d have lengths %lld and "
				       "%lld", k, (long long)len,
				       (long long)scans[k]->dims[c->in_axis[k]]);
	if (len > CF_MAX_ITERS)
		return rt_fail(n, err, ONNXC_ELIMIT, "more than %d iterations at prepare", CF_MAX_ITERS);
	for (k = 0; k < c->n_state; k++)
		if (cf_copy(n, &res[k], init[k], err))
			return -1;
	for (k = 0; k < c->n_scan_in; k++) {
		drop_axis(scans[k], c->in_axis[k], dims);
		if (cf_alloc(n, &slices[k], scans[k]->dtype, scans[k]->rank - 1, dims, err))
			goto free_slices;
	}
	for (t = 0; t < len; t++)
		if (scan_iter(n, c, t, len, res, slices, scans, next, res + c->n_state, bind, err))
			goto free_slices;
	for (k = 0; !len && k < c->n_scan_out; k++)
		if (cf_empty_scan(n, c->body->outputs[c->n_state + k], c->out_axis[k],
				  &res[c->n_state + k], err))
			goto free_slices;
	rc = 0;
free_slices:
	for (k = 0; k < c->n_scan_in; k++)
		cf_release(&slices[k]);
	return rc;
}

/* scan_attrs: counts, axes and directions from the attributes (v8: scan
 * inputs and outputs have axis 0 within a batch item).  0 or -1. */
static int scan_attrs(rt_node *n, scan_cfg *c, int first, onnxc_err *err)
{
	int v8 = n->ir->since_version < 9, k, cnt;
	int64_t m = ir_attr_int(n->ir, "num_scan_inputs", -1);
	const int64_t *a;
	const struct { const char *name; int *dst; int is_axis, is_in; } lists[4] = {
		{ v8 ? "directions" : "scan_input_directions", c->in_rev, 0, 1 },
		{ "scan_output_directions", c->out_rev, 0, 0 },
		{ "scan_input_axes", c->in_axis, 1, 1 },
		{ "scan_output_axes", c->out_axis, 1, 0 },
	};

	if (!(c->body = cf_body(n, "body", err)))
		return -1;
	if (m < 1 || m > n->n_in - first)
		return rt_fail(n, err, ONNXC_EINVAL, "num_scan_inputs %lld does not fit %d inputs",
			       (long long)m, n->n_in - first);
	c->n_scan_in = (int)m;
	c->n_state = n->n_in - first - c->n_scan_in;
	c->n_scan_out = n->n_out - c->n_state;
	if (c->n_scan_out < 0 || c->n_state + c->n_scan_in > SCAN_MAX_IO ||
	    c->n_scan_out > SCAN_MAX_IO)
		return rt_fail(n, err, ONNXC_EINVAL, "%d states, %d scan inputs and %d outputs do not "
			       "fit", c->n_state, c->n_scan_in, n->n_out);
	if (c->body->n_inputs != c->n_state + c->n_scan_in ||
	    c->body->n_outputs != c->n_state + c->n_scan_out)
		return rt_fail(n, err, ONNXC_EINVAL, "the body takes %d inputs and gives %d outputs; "
			       "expected %d and %d", c->body->n_inputs, c->body->n_outputs,
			       c->n_state + c->n_scan_in, c->n_state + c->n_scan_out);
	for (k = 0; k < 4; k++) {
		int want = lists[k].is_in ? c->n_scan_in : c->n_scan_out, j;
		if ((v8 && k > 0) || !(a = ir_attr_ints(n->ir, lists[k].name, &cnt))) {
			if (v8 && k > 0 && ir_attr_get(n->ir, lists[k].name))
				return rt_fail(n, err, ONNXC_EINVAL, "attribute '%s' is not defined "
					       "before opset 9", lists[k].name);
			memset(lists[k].dst, 0, sizeof(int) * (size_t)want);
			continue;
		}
		if (cnt != want)
			return rt_fail(n, err, ONNXC_EINVAL, "'%s' has %d entries, expected %d",
				       lists[k].name, cnt, want);
		for (j = 0; j < cnt; j++) {
			if (!lists[k].is_axis && a[j] != 0 && a[j] != 1)
				return rt_fail(n, err, ONNXC_EINVAL, "'%s'[%d] must be 0 or 1",
					       lists[k].name, j);
			if (lists[k].is_axis && (a[j] < -RT_MAXRANK || a[j] > RT_MAXRANK))
				return rt_fail(n, err, ONNXC_EINVAL, "'%s'[%d] = %lld is out of range",
					       lists[k].name, j, (long long)a[j]);
			lists[k].dst[j] = (int)a[j];
		}
	}
	return 0;
}

/* norm_axes: normalise the input axes against the scan inputs' ranks
 * (less the batch axis for v8) and, when the body declares their rank, the
 * output axes against the body outputs' ranks + 1 (otherwise scan_iter
 * does it with the actual rank).  0 or -1. */
static int norm_axes(rt_node *n, scan_cfg *c, const rt_tensor *const *scans, int batch,
		     onnxc_err *err)
{
	int k;

	for (k = 0; k < c->n_scan_in; k++) {
		int r = scans[k]->rank - batch;
		if (r < 1)
			return rt_fail(n, err, ONNXC_EINVAL, "scan input %d has no scan axis", k);
		if (rt_axis(n, c->in_axis[k], r, &c->in_axis[k], err))
			return -1;
	}
	for (k = 0; k < c->n_scan_out; k++) {
		const ir_value *o = c->body->outputs[c->n_state + k];
		if (c->out_axis[k] < 0 && o && o->shape.rank >= 0 &&
		    rt_axis(n, c->out_axis[k], o->shape.rank + 1, &c->out_axis[k], err))
			return -1;
	}
	return 0;
}

/* prep_scan9: Scan-9/11/16. */
static int prep_scan9(rt_node *n, onnxc_err *err)
{
	scan_cfg c;
	cf_vals *r;
	int k;

	if (scan_attrs(n, &c, 0, err) || cf_need_inputs(n, err) ||
	    rt_subgraph_need_outer(n, c.body, err))
		return -1;
	for (k = 0; k < n->n_in; k++)
		if (!n->in[k])
			return rt_fail(n, err, ONNXC_EINVAL, "input %d is missing", k);
	if (norm_axes(n, &c, (const rt_tensor *const *)n->in + c.n_state, 0, err) ||
	    !(r = cf_start(n, n->n_out, err)))
		return -1;
	if (scan_run(n, &c, (const rt_tensor *const *)n->in, (const rt_tensor *const *)n->in + c.n_state,
		     r->v, err))
		return -1;
	return cf_finish(n, err);
}

/* prep_scan8: Scan-8: batches one after the other, stacked on axis 0. */
static int prep_scan8(rt_node *n, onnxc_err *err)
{
	const rt_tensor *const *x = (const rt_tensor *const *)n->in + 1;
	rt_tensor item[SCAN_MAX_IO] = { { 0 } }, res[2 * SCAN_MAX_IO] = { { 0 } };
	const rt_tensor *ip[SCAN_MAX_IO];
	int64_t batch, b, dims[RT_MAXRANK];
	scan_cfg c;
	cf_vals *r;
	int k, n_io, rc = -1;

	if (n->n_in < 1 || scan_attrs(n, &c, 1, err) || cf_need_inputs(n, err) ||
	    rt_subgraph_need_outer(n, c.body, err))
		return -1;
	n_io = c.n_state + c.n_scan_in;
	for (k = 0; k < n_io; k++)
		if (!x[k] || x[k]->rank < 1)
			return rt_fail(n, err, ONNXC_EINVAL, "input %d is missing or has no batch axis",
				       k + 1);
	batch = x[0]->dims[0];
	for (k = 0; k < n_io; k++)
		if (x[k]->dims[0] != batch)
			return rt_fail(n, err, ONNXC_EINVAL, "inputs 1 and %d have batch %lld and %lld",
				       k + 1, (long long)batch, (long long)x[k]->dims[0]);
	if (batch < 1)
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "a batch of 0 is not supported");
	if (norm_axes(n, &c, x + c.n_state, 1, err) || !(r = cf_start(n, n->n_out, err)))
		return -1;
	if (n->in[0]) {
		const rt_tensor *sl = n->in[0];
		int64_t full = x[c.n_state]->dims[1];
		if ((sl->dtype != IR_INT64 && sl->dtype != IR_INT32) || sl->numel != batch)
			return rt_fail(n, err, ONNXC_EINVAL, "sequence_lens must be int64 of batch size");
		for (b = 0; b < batch; b++)
			if (rt_get_i(sl, b) != full)
				return rt_fail(n, err, ONNXC_EUNSUPPORTED, "sequence_lens[%lld] = %lld is "
					       "not the full length %lld (padding is not supported)",
					       (long long)b, (long long)rt_get_i(sl, b), (long long)full);
	}
	for (k = 0; k < n_io; k++) {
		drop_axis(x[k], 0, dims);
		if (cf_alloc(n, &item[k], x[k]->dtype, x[k]->rank - 1, dims, err))
			goto free_items;
		ip[k] = &item[k];
	}
	for (b = 0; b < batch; b++) {
		for (k = 0; k < n_io; k++)
			take_slice(x[k], 0, b, &item[k]);
		if (scan_run(n, &c, ip, ip + c.n_state, res, err))
			goto free_res;
		for (k = 0; k < n->n_out; k++) {
			rt_tensor *y = &r->v[k];
			if (b == 0) {
				if (res[k].rank + 1 > RT_MAXRANK) {
					rt_fail(n, err, ONNXC_EUNSUPPORTED, "output %d of rank %d", k,
						res[k].rank + 1);
					goto free_res;
				}
				dims[0] = batch;
				memcpy(dims + 1, res[k].dims, sizeof(int64_t) * (size_t)res[k].rank);
				if (cf_alloc(n, y, res[k].dtype, res[k].rank + 1, dims, err))
					goto free_res;
			} else if (y->dtype != res[k].dtype || y->rank != res[k].rank + 1 ||
				   memcmp(y->dims + 1, res[k].dims, sizeof(int64_t) * (size_t)res[k].rank)) {
				rt_fail(n, err, ONNXC_EINVAL, "output %d differs in shape between batch "
					"items", k);
				goto free_res;
			}
			put_slice(y, 0, b, &res[k]);
			cf_release(&res[k]);
		}
	}
	rc = cf_finish(n, err);
	goto free_items;
free_res:
	for (k = 0; k < n->n_out; k++)
		cf_release(&res[k]);
free_items:
	for (k = 0; k < n_io; k++)
		cf_release(&item[k]);
	return rc;
}

static int prep_scan(rt_node *n, onnxc_err *err)
{
	return n->ir->since_version < 9 ? prep_scan8(n, err) : prep_scan9(n, err);
}

const rt_op rt_op_Scan = { prep_scan, cf_exec, 0 };
