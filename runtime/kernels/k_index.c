/*
 * k_index.c - gathering kernels: Gather, GatherElements, GatherND.  Indices
 * may be negative (counted from the end); an index out of range makes exec
 * fail with a message naming the node and the index, never a wild read.
 */
#include <string.h>

#include "k_tensor_dm.h"

/* bad_index: the run-time error for index value v at element `pos` of the
 * indices, against a dim of size d. */
static int bad_index(const rt_node *n, int64_t v, int64_t pos, int64_t d, onnxc_err *err)
{
	const rt_tensor *ind = n->in[1];

	return rt_fail(n, err, ONNXC_EINVAL,
		       "index %lld (element %lld of indices '%s') is out of range [-%lld, %lld)",
		       (long long)v, (long long)pos, ind->ir && ind->ir->name ? ind->ir->name : "?",
		       (long long)d, (long long)d);
}

/* ---- Gather ---- */

/* prep_gather: out = data dims[:axis] + indices dims + data dims[axis+1:]. */
static int prep_gather(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x, *ind;
	int64_t dims[RT_MAXRANK];
	int ax, i, r = 0;

	if (rt_dm_need(n, 2, err))
		return -1;
	x = n->in[0];
	ind = n->in[1];
	if (rt_dm_dtype(n, x, "data", err) || rt_dm_index_dtype(n, ind, "indices", err) ||
	    rt_dm_axis(n, ir_attr_int(n->ir, "axis", 0), x->rank, "axis", &ax, err))
		return -1;
	if (x->rank - 1 + ind->rank > RT_MAXRANK)
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "output rank %d exceeds %d",
			       x->rank - 1 + ind->rank, RT_MAXRANK);
	for (i = 0; i < ax; i++)
		dims[r++] = x->dims[i];
	for (i = 0; i < ind->rank; i++)
		dims[r++] = ind->dims[i];
	for (i = ax + 1; i < x->rank; i++)
		dims[r++] = x->dims[i];
	return rt_set_shape(n, n->out[0], x->dtype, r, dims, err);
}

/* exec_gather: check every index, then copy one inner block per (outer
 * index, index). */
static int exec_gather(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x = n->in[0], *ind = n->in[1];
	rt_tensor *y = n->out[0];
	size_t es = ir_dtype_size(x->dtype), inner = es;
	int64_t outer = 1, d, o, j, nidx = ind->numel;
	unsigned char *dst = y->data;
	int ax = (int)ir_attr_int(n->ir, "axis", 0), k;

	if (ax < 0)
		ax += x->rank;
	d = x->dims[ax];
	for (j = 0; j < nidx; j++) {
		int64_t v = rt_dm_index(ind, j);
		if (v < -d || v >= d)
			return bad_index(n, v, j, d, err);
	}
	if (!y->numel)
		return 0;
	for (k = 0; k < ax; k++)
		outer *= x->dims[k];
	for (k = ax + 1; k < x->rank; k++)
		inner *= (size_t)x->dims[k];
	for (o = 0; o < outer; o++)
		for (j = 0; j < nidx; j++, dst += inner) {
			int64_t v = rt_dm_index(ind, j);
			if (v < 0)
				v += d;
			memcpy(dst, (const unsigned char *)x->data + (size_t)(o * d + v) * inner, inner);
		}
	return 0;
}

const rt_op rt_op_Gather = { prep_gather, exec_gather, 0 };

/* ---- GatherElements ---- */

/* prep_gather_elements: indices of the data's rank, no larger than the data
 * along the other axes; the output has the indices' shape. */
static int prep_gather_elements(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x, *ind;
	int ax, i;

	if (rt_dm_need(n, 2, err))
		return -1;
	x = n->in[0];
	ind = n->in[1];
	if (rt_dm_dtype(n, x, "data", err) || rt_dm_index_dtype(n, ind, "indices", err) ||
	    rt_dm_axis(n, ir_attr_int(n->ir, "axis", 0), x->rank, "axis", &ax, err))
		return -1;
	if (ind->rank != x->rank)
		return rt_fail(n, err, ONNXC_EINVAL, "indices have rank %d, data has rank %d",
			       ind->rank, x->rank);
	for (i = 0; i < x->rank; i++)
		if (i != ax && ind->dims[i] > x->dims[i])
			return rt_fail(n, err, ONNXC_EINVAL,
				       "indices dim %d (%lld) exceeds the data's (%lld)", i,
				       (long long)ind->dims[i], (long long)x->dims[i]);
	return rt_set_shape(n, n->out[0], x->dtype, ind->rank, ind->dims, err);
}

/* exec_gather_elements: out[i..] = data[i.. with i_axis = indices[i..]]. */
static int exec_gather_elements(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x = n->in[0], *ind = n->in[1];
	rt_tensor *y = n->out[0];
	size_t es = ir_dtype_size(x->dtype);
	int64_t st[RT_MAXRANK], c[RT_MAXRANK] = { 0 }, base = 0, d, j;
	int ax = (int)ir_attr_int(n->ir, "axis", 0), r = x->rank, k;

	if (ax < 0)
		ax += r;
	d = x->dims[ax];
	rt_dm_strides(r, x->dims, st);
	for (j = 0; j < ind->numel; j++) {
		int64_t v = rt_dm_index(ind, j);
		if (v < -d || v >= d)
			return bad_index(n, v, j, d, err);
		if (v < 0)
			v += d;
		memcpy((unsigned char *)y->data + (size_t)j * es,
		       (const unsigned char *)x->data + (size_t)(base + v * st[ax]) * es, es);
		/* next index position; base = sum over k != axis of c[k]*st[k] */
		for (k = r - 1; k >= 0; k--) {
			if (k != ax)
				base += st[k];
			if (++c[k] < ind->dims[k])
				break;
			if (k != ax)
				base -= st[k] * c[k];
			c[k] = 0;
		}
	}
	return 0;
}

const rt_op rt_op_GatherElements = { prep_gather_elements, exec_gather_elements, 0 };

/* ---- GatherND ---- */

/* prep_gathernd: out = indices dims[:-1] + data dims[b + k:] where k is the
 * indices' last dim and b = batch_dims (opset 12+). */
static int prep_gathernd(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x, *ind;
	int64_t dims[RT_MAXRANK], b, k;
	int i, r = 0;

	if (rt_dm_need(n, 2, err))
		return -1;
	x = n->in[0];
	ind = n->in[1];
	if (rt_dm_dtype(n, x, "data", err) || rt_dm_index_dtype(n, ind, "indices", err))
		return -1;
	b = n->ir->since_version >= 12 ? ir_attr_int(n->ir, "batch_dims", 0) : 0;
	if (x->rank < 1 || ind->rank < 1)
		return rt_fail(n, err, ONNXC_EINVAL, "data and indices must have rank >= 1");
	if (b < 0 || b >= x->rank || b >= ind->rank)
		return rt_fail(n, err, ONNXC_EINVAL, "batch_dims %lld must be below both ranks (%d, %d)",
			       (long long)b, x->rank, ind->rank);
	k = ind->dims[ind->rank - 1];
	if (k < 1 || k > x->rank - b)
		return rt_fail(n, err, ONNXC_EINVAL,
			       "indices' last dim %lld must be in [1, %lld]", (long long)k,
			       (long long)(x->rank - b));
	for (i = 0; i < b; i++)
		if (ind->dims[i] != x->dims[i])
			return rt_fail(n, err, ONNXC_EINVAL, "batch dim %d differs: %lld vs %lld", i,
				       (long long)ind->dims[i], (long long)x->dims[i]);
	if (ind->rank - 1 + x->rank - b - k > RT_MAXRANK)
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "output rank exceeds %d", RT_MAXRANK);
	for (i = 0; i < ind->rank - 1; i++)
		dims[r++] = ind->dims[i];
	for (i = (int)(b + k); i < x->rank; i++)
		dims[r++] = x->dims[i];
	return rt_set_shape(n, n->out[0], x->dtype, r, dims, err);
}

/* exec_gathernd: for every batch and index tuple copy the addressed slice. */
static int exec_gathernd(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x = n->in[0], *ind = n->in[1];
	rt_tensor *y = n->out[0];
	size_t es = ir_dtype_size(x->dtype);
	int b = (int)(n->ir->since_version >= 12 ? ir_attr_int(n->ir, "batch_dims", 0) : 0);
	int k = (int)ind->dims[ind->rank - 1], i, m;
	int64_t batches = 1, tuples, slice = 1, bstride = 1, bi, t;
	unsigned char *dst = y->data;

	for (i = 0; i < b; i++)
		batches *= x->dims[i];
	for (i = b; i < x->rank; i++)
		bstride *= x->dims[i];
	for (i = b + k; i < x->rank; i++)
		slice *= x->dims[i];
	tuples = batches ? ind->numel / k / batches : 0;
	for (bi = 0; bi < batches; bi++)
		for (t = 0; t < tuples; t++) {
			int64_t pos = (bi * tuples + t) * k, off = 0;
			for (m = 0; m < k; m++) {
				int64_t v = rt_dm_index(ind, pos + m), d = x->dims[b + m];
				if (v < -d || v >= d)
					return bad_index(n, v, pos + m, d, err);
				off = off * d + (v < 0 ? v + d : v);
			}
			if (slice)
				memcpy(dst, (const unsigned char *)x->data +
						    (size_t)(bi * bstride + off * slice) * es,
				       (size_t)slice * es);
			dst += (size_t)slice * es;
		}
	return 0;
}

const rt_op rt_op_GatherND = { prep_gathernd, exec_gathernd, 0 };
