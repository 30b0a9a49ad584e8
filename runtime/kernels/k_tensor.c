/*
 * k_tensor.c - rearranging kernels: Transpose, Slice, Expand and Tile (each a
 * strided view of its input, see k_tensor_dm.h), Concat and Split.
 */
#include <string.h>

#include "k_tensor_dm.h"

/* ---- Transpose ---- */

/* prep_transpose: out dims[k] = in dims[perm[k]]; perm defaults to the
 * reversed axes. */
static int prep_transpose(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x;
	const int64_t *perm;
	int64_t st[RT_MAXRANK];
	int seen[RT_MAXRANK] = { 0 };
	int cnt, k, r;
	rt_dm_view *v;

	if (rt_dm_need(n, 1, err))
		return -1;
	x = n->in[0];
	r = x->rank;
	if (rt_dm_dtype(n, x, "data", err))
		return -1;
	perm = ir_attr_ints(n->ir, "perm", &cnt);
	if (perm && cnt != r)
		return rt_fail(n, err, ONNXC_EINVAL, "perm has %d entries for a rank-%d input", cnt,
			       r);
	if (!(v = rt_dm_view_params(n, err)))
		return -1;
	rt_dm_strides(r, x->dims, st);
	for (k = 0; k < r; k++) {
		int64_t p = perm ? perm[k] : r - 1 - k;
		if (p < 0 || p >= r || seen[p])
			return rt_fail(n, err, ONNXC_EINVAL, "perm is not a permutation of 0..%d",
				       r - 1);
		seen[p] = 1;
		v->dims[k] = x->dims[p];
		v->strides[k] = st[p];
	}
	v->rank = r;
	return rt_set_shape(n, n->out[0], x->dtype, r, v->dims, err);
}

const rt_op rt_op_Transpose = { prep_transpose, rt_dm_view_exec, 0 };

/* ---- Slice ---- */

/* slice_args: starts/ends/axes/steps from the attributes (v1) or the
 * constant inputs (v10+); *cnt entries, axes/steps defaulted. */
static int slice_args(rt_node *n, int64_t *starts, int64_t *ends, int64_t *axes, int64_t *steps,
		      int *cnt, onnxc_err *err)
{
	int c, ce, ca = -1, cs = -1, i;

	if (n->ir->since_version < 10) {
		const int64_t *s = ir_attr_ints(n->ir, "starts", &c);
		const int64_t *e = ir_attr_ints(n->ir, "ends", &ce);
		const int64_t *a = ir_attr_ints(n->ir, "axes", &ca);
		if (!s || !e)
			return rt_fail(n, err, ONNXC_EINVAL, "attributes 'starts' and 'ends' are required");
		if (!a)
			ca = -1;
		if (c > RT_MAXRANK || ce > RT_MAXRANK || ca > RT_MAXRANK)
			return rt_fail(n, err, ONNXC_EINVAL, "more than %d axes", RT_MAXRANK);
		memcpy(starts, s, sizeof(int64_t) * (size_t)c);
		memcpy(ends, e, sizeof(int64_t) * (size_t)ce);
		if (a)
			memcpy(axes, a, sizeof(int64_t) * (size_t)ca);
	} else {
		if (rt_in_ints(n, 1, starts, RT_MAXRANK, &c, err) ||
		    rt_in_ints(n, 2, ends, RT_MAXRANK, &ce, err))
			return -1;
		if (RT_DM_IN(n, 3) && rt_in_ints(n, 3, axes, RT_MAXRANK, &ca, err))
			return -1;
		if (RT_DM_IN(n, 4) && rt_in_ints(n, 4, steps, RT_MAXRANK, &cs, err))
			return -1;
	}
	if (ce != c || (ca >= 0 && ca != c) || (cs >= 0 && cs != c))
		return rt_fail(n, err, ONNXC_EINVAL,
			       "starts, ends, axes and steps differ in length (%d, %d, %d, %d)", c, ce,
			       ca, cs);
	for (i = 0; i < c; i++) {
		if (ca < 0)
			axes[i] = i;
		if (cs < 0)
			steps[i] = 1;
	}
	*cnt = c;
	return 0;
}

/* prep_slice: clamp every (start, end, step) as the ONNX spec says and make
 * the view. */
static int prep_slice(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x;
	int64_t starts[RT_MAXRANK], ends[RT_MAXRANK], axes[RT_MAXRANK], steps[RT_MAXRANK];
	int64_t st[RT_MAXRANK], start[RT_MAXRANK], step[RT_MAXRANK];
	int seen[RT_MAXRANK] = { 0 };
	int cnt = 0, i, ax, r;
	rt_dm_view *v;

	if (rt_dm_need(n, n->ir->since_version >= 10 ? 3 : 1, err))
		return -1;
	x = n->in[0];
	r = x->rank;
	if (rt_dm_dtype(n, x, "data", err) || slice_args(n, starts, ends, axes, steps, &cnt, err))
		return -1;
	if (!(v = rt_dm_view_params(n, err)))
		return -1;
	for (i = 0; i < r; i++) {
		v->dims[i] = x->dims[i];
		start[i] = 0;
		step[i] = 1;
	}
	for (i = 0; i < cnt; i++) {
		int64_t d, s, e, k = steps[i], len;
		if (rt_dm_axis(n, axes[i], r, "axis", &ax, err))
			return -1;
		if (seen[ax])
			return rt_fail(n, err, ONNXC_EINVAL, "axis %d is sliced twice", ax);
		seen[ax] = 1;
		if (k == 0)
			return rt_fail(n, err, ONNXC_EINVAL, "step of axis %d is 0", ax);
		d = x->dims[ax];
		s = starts[i];
		e = ends[i];
		if (s < 0)
			s += d;
		if (e < 0)
			e += d;
		if (d == 0) {
			len = 0;
		} else if (k > 0) {
			s = s < 0 ? 0 : s > d ? d : s;
			e = e < 0 ? 0 : e > d ? d : e;
			len = e > s ? (int64_t)((uint64_t)(e - s - 1) / (uint64_t)k) + 1 : 0;
		} else {
			s = s < 0 ? 0 : s > d - 1 ? d - 1 : s;
			e = e < -1 ? -1 : e > d - 1 ? d - 1 : e;
			len = s > e ? (int64_t)((uint64_t)(s - e - 1) / (0 - (uint64_t)k)) + 1 : 0;
		}
		v->dims[ax] = len;
		start[ax] = len ? s : 0;
		step[ax] = len > 1 ? k : 1;   /* |k| < d here: the stride cannot overflow */
	}
	rt_dm_strides(r, x->dims, st);
	v->rank = r;
	v->offset = 0;
	for (i = 0; i < r; i++) {
		v->offset += start[i] * st[i];
		v->strides[i] = st[i] * step[i];
	}
	return rt_set_shape(n, n->out[0], x->dtype, r, v->dims, err);
}

const rt_op rt_op_Slice = { prep_slice, rt_dm_view_exec, 0 };

/* ---- Expand ---- */

/* prep_expand: broadcast the input against the constant shape input. */
static int prep_expand(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x;
	int64_t shape[RT_MAXRANK];
	int cnt;
	rt_dm_view *v;

	if (rt_dm_need(n, 2, err))
		return -1;
	x = n->in[0];
	if (rt_dm_dtype(n, x, "input", err))
		return -1;
	if (n->in[1]->rank != 1)
		return rt_fail(n, err, ONNXC_EINVAL, "input 'shape' must be 1-D, not rank %d",
			       n->in[1]->rank);
	if (rt_in_ints(n, 1, shape, RT_MAXRANK, &cnt, err))
		return -1;
	if (!(v = rt_dm_view_params(n, err)))
		return -1;
	if (rt_broadcast_shape(n, x->rank, x->dims, cnt, shape, &v->rank, v->dims, err))
		return -1;
	rt_broadcast_strides(x->rank, x->dims, v->rank, v->dims, v->strides);
	return rt_set_shape(n, n->out[0], x->dtype, v->rank, v->dims, err);
}

const rt_op rt_op_Expand = { prep_expand, rt_dm_view_exec, 0 };

/* ---- Tile ---- */

/* prep_tile: repeat the input reps[i] times along axis i: a view of rank 2r
 * with dims (reps[i], dims[i]) and strides (0, stride[i]).  Tile-1 takes a
 * scalar count `tiles` and a scalar `axis` as inputs. */
static int prep_tile(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x;
	int64_t reps[RT_MAXRANK], st[RT_MAXRANK], dims[RT_MAXRANK];
	int cnt, i, r;
	rt_dm_view *v;

	if (rt_dm_need(n, n->ir->since_version >= 6 ? 2 : 3, err))
		return -1;
	x = n->in[0];
	r = x->rank;
	if (rt_dm_dtype(n, x, "input", err))
		return -1;
	if (n->ir->since_version < 6) {
		int64_t tiles, axis;
		int ax;
		if (n->in[1]->numel != 1 || n->in[2]->numel != 1)
			return rt_fail(n, err, ONNXC_EINVAL, "tiles and axis must be scalars");
		if (rt_dm_ints(n, 1, &tiles, 1, &cnt, err) || rt_dm_ints(n, 2, &axis, 1, &cnt, err))
			return -1;
		if (rt_dm_axis(n, axis, r, "axis", &ax, err))
			return -1;
		for (i = 0; i < r; i++)
			reps[i] = i == ax ? tiles : 1;
	} else {
		if (rt_in_ints(n, 1, reps, RT_MAXRANK, &cnt, err))
			return -1;
		if (cnt != r || n->in[1]->rank != 1)
			return rt_fail(n, err, ONNXC_EINVAL,
				       "repeats must be 1-D with %d entries, not %d", r, cnt);
	}
	if (!(v = rt_dm_view_params(n, err)))
		return -1;
	rt_dm_strides(r, x->dims, st);
	for (i = 0; i < r; i++) {
		if (reps[i] < 0)
			return rt_fail(n, err, ONNXC_EINVAL, "repeats[%d] = %lld is negative", i,
				       (long long)reps[i]);
		if (onnxc_mul_i64(x->dims[i], reps[i], &dims[i]))
			return rt_fail(n, err, ONNXC_EINVAL, "output size overflows");
		v->dims[2 * i] = reps[i];
		v->strides[2 * i] = 0;
		v->dims[2 * i + 1] = x->dims[i];
		v->strides[2 * i + 1] = st[i];
	}
	v->rank = 2 * r;
	return rt_set_shape(n, n->out[0], x->dtype, r, dims, err);
}

const rt_op rt_op_Tile = { prep_tile, rt_dm_view_exec, 0 };

/* ---- Concat ---- */

/* concat_axis: the (normalised) axis of Concat for inputs of rank r; the
 * attribute is optional (default 1) only in Concat-1. */
static int concat_axis(const rt_node *n, int r, int *axis, onnxc_err *err)
{
	if (!ir_attr_get(n->ir, "axis") && n->ir->since_version >= 4)
		return rt_fail(n, err, ONNXC_EINVAL, "attribute 'axis' is missing");
	return rt_dm_axis(n, ir_attr_int(n->ir, "axis", 1), r, "axis", axis, err);
}

/* prep_concat: inputs of one dtype and rank whose dims agree except along
 * the axis (zero-size inputs included). */
static int prep_concat(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x0;
	int64_t dims[RT_MAXRANK];
	int i, k, axis;

	if (n->n_in < 1)
		return rt_fail(n, err, ONNXC_EINVAL, "needs at least one input");
	if (rt_dm_need(n, n->n_in, err))
		return -1;
	x0 = n->in[0];
	if (rt_dm_dtype(n, x0, "input 0", err) || concat_axis(n, x0->rank, &axis, err))
		return -1;
	memcpy(dims, x0->dims, sizeof dims);
	dims[axis] = 0;
	for (i = 0; i < n->n_in; i++) {
		const rt_tensor *x = n->in[i];
		if (x->dtype != x0->dtype)
			return rt_fail(n, err, ONNXC_EINVAL, "input %d is %s, input 0 is %s", i,
				       ir_dtype_name(x->dtype), ir_dtype_name(x0->dtype));
		if (x->rank != x0->rank)
			return rt_fail(n, err, ONNXC_EINVAL, "input %d has rank %d, input 0 has %d", i,
				       x->rank, x0->rank);
		for (k = 0; k < x->rank; k++)
			if (k != axis && x->dims[k] != x0->dims[k])
				return rt_fail(n, err, ONNXC_EINVAL,
					       "input %d dim %d is %lld, input 0 has %lld", i, k,
					       (long long)x->dims[k], (long long)x0->dims[k]);
		dims[axis] += x->dims[axis];
	}
	return rt_set_shape(n, n->out[0], x0->dtype, x0->rank, dims, err);
}

/* concat_job / concat_items: Concat's output in items of CONCAT_ITEM
 * bytes (sizes only), each copied from the inputs it overlaps, on the
 * session's threads. */
#define CONCAT_ITEM ((size_t)64 << 10)

typedef struct concat_job {
	const rt_node *n;
	int axis;
	size_t inner, row, total;  /* bytes: one axis element, one outer row, all */
	unsigned char *dst;
} concat_job;

static void concat_items(void *arg, int slot, int64_t i0, int64_t i1)
{
	const concat_job *j = arg;
	size_t s = (size_t)i0 * CONCAT_ITEM, e = (size_t)i1 * CONCAT_ITEM;

	(void)slot;
	if (e > j->total)
		e = j->total;
	while (s < e) {
		const size_t o = s / j->row;
		size_t pos = s % j->row, start = 0;
		int i;

		for (i = 0; i < j->n->n_in; i++) {
			const size_t chunk = (size_t)j->n->in[i]->dims[j->axis] * j->inner;

			if (pos < start + chunk) {
				size_t len = start + chunk - pos;

				if (len > e - s)
					len = e - s;
				const unsigned char *src =
					(const unsigned char *)j->n->in[i]->data + o * chunk + (pos - start);

				if (src != j->dst + s)   /* else written there by its producer */
					memcpy(j->dst + s, src, len);
				s += len;
				break;
			}
			start += chunk;
		}
	}
}

/* in_place: 1 when every input already sits at its place in dst (the
 * planner had the producers write there), else 0. */
static int in_place(const rt_node *n, const unsigned char *dst)
{
	size_t at = 0;
	int i;

	for (i = 0; i < n->n_in; at += n->in[i]->nbytes, i++)
		if (n->in[i]->nbytes && n->in[i]->data != dst + at)
			return 0;
	return 1;
}

/* exec_concat: for each outer index, append every input's block. */
static int exec_concat(rt_node *n, onnxc_err *err)
{
	rt_tensor *y = n->out[0];
	concat_job j = { n, 0, ir_dtype_size(y->dtype), 0, 0, y->data };
	int64_t outer = 1;
	int k;

	if (!y->numel)
		return 0;
	if (concat_axis(n, y->rank, &j.axis, err))
		return -1;
	for (k = 0; k < j.axis; k++)
		outer *= y->dims[k];
	for (k = j.axis + 1; k < y->rank; k++)
		j.inner *= (size_t)y->dims[k];
	j.row = (size_t)y->dims[j.axis] * j.inner;
	j.total = (size_t)outer * j.row;
	if (outer == 1 && in_place(n, j.dst))
		return 0;
	rt_parallel_grain(n, (int64_t)((j.total + CONCAT_ITEM - 1) / CONCAT_ITEM), 1, concat_items,
			  &j);
	return 0;
}

const rt_op rt_op_Concat = { prep_concat, exec_concat, 0 };

/* ---- Split ---- */

typedef struct split_params {
	int axis;
	int n;
	int64_t sizes[];
} split_params;

/* prep_split: split sizes from the attribute (v1, v2, v11), the constant
 * input 1 (v1 alternative, v13; empty = absent), or equal parts over the
 * outputs. */
static int prep_split(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x;
	split_params *p;
	int64_t dims[RT_MAXRANK], total = 0;
	int i, axis, cnt = -1, nout = n->n_out;

	if (rt_dm_need(n, 1, err))
		return -1;
	x = n->in[0];
	if (rt_dm_dtype(n, x, "input", err) ||
	    rt_dm_axis(n, ir_attr_int(n->ir, "axis", 0), x->rank, "axis", &axis, err))
		return -1;
	p = onnxc_calloc(1, sizeof *p + sizeof(int64_t) * (size_t)(nout + 1));
	if (!p)
		return onnxc_oom(err);
	n->params = p;
	p->axis = axis;
	p->n = nout;
	if (RT_DM_IN(n, 1) && n->in[1]->numel &&
	    (n->ir->since_version == 1 || n->ir->since_version >= 13)) {
		if (n->in[1]->numel != nout)
			return rt_fail(n, err, ONNXC_EINVAL, "split has %lld sizes for %d outputs",
				       (long long)n->in[1]->numel, nout);
		if (rt_dm_ints(n, 1, p->sizes, nout, &cnt, err))
			return -1;
	} else if (n->ir->since_version < 13) {
		const int64_t *a = ir_attr_ints(n->ir, "split", &cnt);
		if (!a)
			cnt = -1;
		else if (cnt != nout)
			return rt_fail(n, err, ONNXC_EINVAL, "split has %d sizes for %d outputs", cnt,
				       nout);
		else
			memcpy(p->sizes, a, sizeof(int64_t) * (size_t)cnt);
	}
	if (cnt < 0) {
		if (nout < 1 || x->dims[axis] % nout)
			return rt_fail(n, err, ONNXC_EINVAL,
				       "dim %d of size %lld does not split into %d equal parts", axis,
				       (long long)x->dims[axis], nout);
		for (i = 0; i < nout; i++)
			p->sizes[i] = x->dims[axis] / nout;
	}
	for (i = 0; i < nout; i++) {
		if (p->sizes[i] < 0)
			return rt_fail(n, err, ONNXC_EINVAL, "split[%d] = %lld is negative", i,
				       (long long)p->sizes[i]);
		total += p->sizes[i];
	}
	if (total != x->dims[axis])
		return rt_fail(n, err, ONNXC_EINVAL, "split sizes add up to %lld, dim %d is %lld",
			       (long long)total, axis, (long long)x->dims[axis]);
	memcpy(dims, x->dims, sizeof dims);
	for (i = 0; i < nout; i++) {
		dims[axis] = p->sizes[i];
		if (rt_set_shape(n, n->out[i], x->dtype, x->rank, dims, err))
			return -1;
	}
	return 0;
}

/* exec_split: for each outer index, hand every output its block. */
static int exec_split(rt_node *n, onnxc_err *err)
{
	const split_params *p = n->params;
	const rt_tensor *x = n->in[0];
	size_t es = ir_dtype_size(x->dtype), inner = es;
	int64_t outer = 1, o;
	const unsigned char *src = x->data;
	int i, k;

	(void)err;
	if (!x->numel)
		return 0;
	for (k = 0; k < p->axis; k++)
		outer *= x->dims[k];
	for (k = p->axis + 1; k < x->rank; k++)
		inner *= (size_t)x->dims[k];
	for (o = 0; o < outer; o++)
		for (i = 0; i < p->n; i++) {
			size_t chunk = (size_t)p->sizes[i] * inner;
			if (chunk && n->out[i])
				memcpy((unsigned char *)n->out[i]->data + (size_t)o * chunk, src, chunk);
			src += chunk;
		}
	return 0;
}

const rt_op rt_op_Split = { prep_split, exec_split, 0 };
