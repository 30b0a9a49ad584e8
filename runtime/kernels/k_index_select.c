/*
 * k_index_select.c - kernels whose output size depends on input values:
 * Compress (on the condition), NonZero and Unique (on the input).  The static
 * memory planner needs every size at prepare, so prep refuses them unless
 * those inputs are constant then (the session then folds the node), and
 * computes the real output shape by counting.  exec re-checks the count, so
 * it never writes past the prepared size.
 */
#include <string.h>

#include "k_tensor_dm.h"

/* need_const: -1 (EUNSUPPORTED naming the input) unless input idx is known
 * at prepare. */
static int need_const(const rt_node *n, int idx, onnxc_err *err)
{
	const rt_tensor *t = n->in[idx];

	if (t->is_const)
		return 0;
	rt_need_value(n, t);
	return rt_fail(n, err, ONNXC_EUNSUPPORTED,
		       "the output size depends on the values of input %d ('%s'), which must be "
		       "known when the model is prepared",
		       idx, t->ir && t->ir->name ? t->ir->name : "?");
}

/* ---- Compress ---- */

/* compress_count: the number of selected slices along axis (flattened
 * input when has_axis is 0); *extent = that axis' length.  -1 (err) if a
 * true entry lies beyond it. */
static int compress_count(const rt_node *n, int has_axis, int axis, int64_t *extent,
			  int64_t *count, onnxc_err *err)
{
	const rt_tensor *x = n->in[0], *c = n->in[1];
	const uint8_t *cd = c->data;
	int64_t e = has_axis ? x->dims[axis] : x->numel, i, k = 0;

	for (i = 0; i < c->numel; i++) {
		if (!cd[i])
			continue;
		if (i >= e)
			return rt_fail(n, err, ONNXC_EINVAL,
				       "condition selects index %lld, beyond the %lld available",
				       (long long)i, (long long)e);
		k++;
	}
	*extent = e;
	*count = k;
	return 0;
}

/* compress_axis: *has_axis and the normalised axis attribute. */
static int compress_axis(const rt_node *n, int *has_axis, int *axis, onnxc_err *err)
{
	*has_axis = ir_attr_get(n->ir, "axis") != NULL;
	*axis = 0;
	if (!*has_axis)
		return 0;
	return rt_dm_axis(n, ir_attr_int(n->ir, "axis", 0), n->in[0]->rank, "axis", axis, err);
}

static int prep_compress(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x, *c;
	int64_t dims[RT_MAXRANK], extent, count;
	int has_axis, axis;

	if (rt_dm_need(n, 2, err))
		return -1;
	x = n->in[0], c = n->in[1];
	if (rt_dm_dtype(n, x, "input", err) || compress_axis(n, &has_axis, &axis, err))
		return -1;
	if (c->dtype != IR_BOOL || c->rank != 1)
		return rt_fail(n, err, ONNXC_EINVAL, "condition must be a 1-D bool tensor");
	if (need_const(n, 1, err) || compress_count(n, has_axis, axis, &extent, &count, err))
		return -1;
	if (!has_axis)
		return rt_set_shape(n, n->out[0], x->dtype, 1, &count, err);
	memcpy(dims, x->dims, sizeof dims);
	dims[axis] = count;
	return rt_set_shape(n, n->out[0], x->dtype, x->rank, dims, err);
}

/* exec_compress: copy the selected slices (elements) in order. */
static int exec_compress(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x = n->in[0], *c = n->in[1];
	rt_tensor *y = n->out[0];
	const uint8_t *cd = c->data;
	size_t es = ir_dtype_size(x->dtype), inner = es;
	int64_t extent = 0, count = 0, outer = 1, o, i, lim;
	unsigned char *dst = y->data;
	int has_axis, axis, k;

	if (compress_axis(n, &has_axis, &axis, err) ||
	    compress_count(n, has_axis, axis, &extent, &count, err))
		return -1;
	if (count != (has_axis ? y->dims[axis] : y->numel))
		return rt_fail(n, err, ONNXC_EINVAL, "condition changed since prepare");
	if (has_axis) {
		for (k = 0; k < axis; k++)
			outer *= x->dims[k];
		for (k = axis + 1; k < x->rank; k++)
			inner *= (size_t)x->dims[k];
	}
	lim = c->numel < extent ? c->numel : extent;
	for (o = 0; o < outer; o++)
		for (i = 0; i < lim; i++)
			if (cd[i]) {
				memcpy(dst, (const unsigned char *)x->data + (size_t)(o * extent + i) * inner,
				       inner);
				dst += inner;
			}
	return 0;
}

const rt_op rt_op_Compress = { prep_compress, exec_compress, 0 };

/* ---- NonZero ---- */

static int64_t count_nonzero(const rt_tensor *x)
{
	int64_t i, k = 0;

	for (i = 0; i < x->numel; i++)
		k += !rt_dm_is_zero(x, i);
	return k;
}

/* prep_nonzero: [rank, count] int64 (a scalar counts as rank 1, like numpy). */
static int prep_nonzero(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x;
	int64_t dims[2];

	if (rt_dm_need(n, 1, err))
		return -1;
	x = n->in[0];
	if (rt_dm_dtype(n, x, "X", err) || need_const(n, 0, err))
		return -1;
	dims[0] = x->rank ? x->rank : 1;
	dims[1] = count_nonzero(x);
	return rt_set_shape(n, n->out[0], IR_INT64, 2, dims, err);
}

/* exec_nonzero: row k of the output lists the k-th coordinate of every
 * non-zero element, in C order. */
static int exec_nonzero(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x = n->in[0];
	rt_tensor *y = n->out[0];
	int64_t *out = y->data, cnt = count_nonzero(x), c[RT_MAXRANK] = { 0 }, i, j = 0;
	int r = x->rank, k;

	if (y->dims[1] != cnt)
		return rt_fail(n, err, ONNXC_EINVAL, "input changed since prepare");
	for (i = 0; i < x->numel; i++) {
		if (!rt_dm_is_zero(x, i)) {
			for (k = 0; k < r; k++)
				out[k * cnt + j] = c[k];
			if (!r)
				out[j] = 0;
			j++;
		}
		for (k = r - 1; k >= 0; k--) {
			if (++c[k] < x->dims[k])
				break;
			c[k] = 0;
		}
	}
	return 0;
}

const rt_op rt_op_NonZero = { prep_nonzero, exec_nonzero, 0 };

/* ---- Unique ---- */

/* The input is seen as `items` (elements, or with an axis the slices along
 * it: x as [outer, items, inner]) compared lexicographically. */
typedef struct uq {
	const rt_tensor *x;
	int64_t outer, items, inner;
} uq;

/* elem_cmp: order of elements i and j of x (NaN after all numbers, equal to
 * NaN). */
static int elem_cmp(const rt_tensor *x, int64_t i, int64_t j)
{
	switch (x->dtype) {
	case IR_FLOAT: case IR_DOUBLE: case IR_FLOAT16: case IR_BFLOAT16: {
		double a = rt_get_f(x, i), b = rt_get_f(x, j);
		if (a != a || b != b)
			return (a != a) - (b != b);
		return (a > b) - (a < b);
	}
	case IR_UINT64: {
		uint64_t a = ((const uint64_t *)x->data)[i], b = ((const uint64_t *)x->data)[j];
		return (a > b) - (a < b);
	}
	default: {
		int64_t a = rt_get_i(x, i), b = rt_get_i(x, j);
		return (a > b) - (a < b);
	}
	}
}

static int item_cmp(const uq *u, int64_t a, int64_t b)
{
	int64_t m, o, in;
	int c;

	for (m = 0; m < u->outer * u->inner; m++) {
		o = m / u->inner;
		in = m % u->inner;
		c = elem_cmp(u->x, (o * u->items + a) * u->inner + in,
			     (o * u->items + b) * u->inner + in);
		if (c)
			return c;
	}
	return 0;
}

/* merge_sort: stable sort of the item ids v[0..n) with tmp[0..n) as room. */
static void merge_sort(const uq *u, int64_t *v, int64_t *tmp, int64_t n)
{
	int64_t w, lo, i, j, k, mid, hi;

	for (w = 1; w < n; w *= 2) {
		for (lo = 0; lo < n; lo += 2 * w) {
			mid = lo + w < n ? lo + w : n;
			hi = lo + 2 * w < n ? lo + 2 * w : n;
			for (i = lo, j = mid, k = lo; k < hi; k++)
				tmp[k] = (j >= hi || (i < mid && item_cmp(u, v[i], v[j]) <= 0)) ? v[i++]
												  : v[j++];
		}
		memcpy(v, tmp, sizeof(int64_t) * (size_t)n);
	}
}

/* uq_setup: fill u for n's input and axis attribute. */
static int uq_setup(const rt_node *n, uq *u, int *axis, onnxc_err *err)
{
	const rt_tensor *x = n->in[0];
	int k;

	u->x = x;
	u->outer = 1;
	u->inner = 1;
	u->items = x->numel;
	*axis = -1;
	if (!ir_attr_get(n->ir, "axis"))
		return 0;
	if (rt_dm_axis(n, ir_attr_int(n->ir, "axis", 0), x->rank, "axis", axis, err))
		return -1;
	u->items = x->dims[*axis];
	for (k = 0; k < *axis; k++)
		u->outer *= x->dims[k];
	for (k = *axis + 1; k < x->rank; k++)
		u->inner *= x->dims[k];
	return 0;
}

/* uq_run: group the items (work: 6 * items int64).  Returns the number of
 * unique items; fills first[g], cnt[g], rank[g] (output position of group g)
 * and inv[i] (group of item i). */
static int64_t uq_run(const uq *u, int sorted, int64_t *work)
{
	int64_t n = u->items, *perm = work, *tmp = work + n, *inv = work + 2 * n;
	int64_t *first = work + 3 * n, *cnt = work + 4 * n, *rank = work + 5 * n, g = -1, i, r = 0;

	for (i = 0; i < n; i++)
		perm[i] = i;
	merge_sort(u, perm, tmp, n);
	for (i = 0; i < n; i++) {
		if (i == 0 || item_cmp(u, perm[i - 1], perm[i])) {
			g++;
			first[g] = perm[i];
			cnt[g] = 0;
		}
		cnt[g]++;
		inv[perm[i]] = g;
	}
	for (i = 0; i <= g; i++)
		rank[i] = i;
	if (!sorted)
		for (i = 0; i < n; i++)
			if (first[inv[i]] == i)
				rank[inv[i]] = r++;
	return g + 1;
}

/* prep_unique: outputs Y (unique items), indices (first occurrence),
 * inverse_indices and counts, sized by running the grouping now. */
static int prep_unique(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x;
	int64_t dims[RT_MAXRANK], *work, U;
	size_t bytes;
	uq u;
	int axis, k;

	if (rt_dm_need(n, 1, err))
		return -1;
	x = n->in[0];
	if (rt_dm_dtype(n, x, "X", err) || uq_setup(n, &u, &axis, err))
		return -1;
	if (x->dtype == IR_COMPLEX64 || x->dtype == IR_COMPLEX128)
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "complex input is not supported");
	if (need_const(n, 0, err))
		return -1;
	if (onnxc_mul_size((size_t)u.items, 6 * sizeof(int64_t), &bytes))
		return rt_fail(n, err, ONNXC_ELIMIT, "input too large");
	if (!(work = onnxc_malloc(bytes ? bytes : 1)))
		return onnxc_oom(err);
	U = uq_run(&u, ir_attr_int(n->ir, "sorted", 1) != 0, work);
	onnxc_free(work);
	n->scratch_bytes = bytes;
	if (axis < 0) {
		if (rt_set_shape(n, n->out[0], x->dtype, 1, &U, err))
			return -1;
	} else {
		memcpy(dims, x->dims, sizeof dims);
		dims[axis] = U;
		if (rt_set_shape(n, n->out[0], x->dtype, x->rank, dims, err))
			return -1;
	}
	for (k = 1; k < 4; k++)
		if (rt_set_shape(n, RT_DM_OUT(n, k), IR_INT64, 1, k == 2 ? &u.items : &U, err))
			return -1;
	return 0;
}

static int exec_unique(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x = n->in[0];
	rt_tensor *y = n->out[0], *yi = RT_DM_OUT(n, 1), *yinv = RT_DM_OUT(n, 2);
	rt_tensor *ycnt = RT_DM_OUT(n, 3);
	int64_t *work = n->scratch, U, N, g, i, o;
	size_t es = ir_dtype_size(x->dtype), blk;
	uq u;
	int axis;

	if (uq_setup(n, &u, &axis, err))
		return -1;
	N = u.items;
	if (!N)
		return 0;
	U = uq_run(&u, ir_attr_int(n->ir, "sorted", 1) != 0, work);
	if (U != (axis < 0 ? y->numel : y->dims[axis]))
		return rt_fail(n, err, ONNXC_EINVAL, "input changed since prepare");
	blk = (size_t)u.inner * es;
	for (g = 0; g < U; g++) {
		int64_t r = work[5 * N + g], f = work[3 * N + g];
		for (o = 0; o < u.outer; o++)
			if (blk)
				memcpy((unsigned char *)y->data + (size_t)(o * U + r) * blk,
				       (const unsigned char *)x->data + (size_t)(o * N + f) * blk, blk);
		if (yi)
			((int64_t *)yi->data)[r] = f;
		if (ycnt)
			((int64_t *)ycnt->data)[r] = work[4 * N + g];
	}
	if (yinv)
		for (i = 0; i < N; i++)
			((int64_t *)yinv->data)[i] = work[5 * N + work[2 * N + i]];
	return 0;
}

const rt_op rt_op_Unique = { prep_unique, exec_unique, 0 };
