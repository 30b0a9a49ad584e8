/*
 * k_index_scatter.c - ScatterND, ScatterElements and Scatter (its deprecated
 * alias): the output is a copy of data with elements or slices replaced by
 * (reduction "none") or combined with ("add", "mul", opset 16) updates.
 * Every index is checked before anything is written.
 */
#include <string.h>

#include "k_tensor_dm.h"

enum { RED_NONE, RED_ADD, RED_MUL };

/* get_reduction: the reduction attribute (opset 16+); -1 (err) when unknown
 * or when the element type cannot be combined. */
static int get_reduction(const rt_node *n, int dtype, int *red, onnxc_err *err)
{
	const char *s = n->ir->since_version >= 16 ? ir_attr_string(n->ir, "reduction", "none")
						   : "none";

	if (!strcmp(s, "none"))
		*red = RED_NONE;
	else if (!strcmp(s, "add"))
		*red = RED_ADD;
	else if (!strcmp(s, "mul"))
		*red = RED_MUL;
	else
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "reduction '%s' is not supported", s);
	if (*red != RED_NONE &&
	    (dtype == IR_BOOL || dtype == IR_COMPLEX64 || dtype == IR_COMPLEX128))
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "reduction '%s' on %s is not supported", s,
			       ir_dtype_name(dtype));
	return 0;
}

/* COMBINE_F / COMBINE_U: a (red)= b over cnt elements of a floating type /
 * an integer type (computed in uint64_t so that overflow wraps). */
#define COMBINE_F(T)                                                                \
	do {                                                                        \
		T a, b;                                                             \
		for (i = 0; i < (size_t)cnt; i++) {                                 \
			memcpy(&a, d + i * sizeof(T), sizeof(T));                   \
			memcpy(&b, s + i * sizeof(T), sizeof(T));                   \
			a = red == RED_ADD ? a + b : a * b;                         \
			memcpy(d + i * sizeof(T), &a, sizeof(T));                   \
		}                                                                   \
	} while (0)
#define COMBINE_U(T)                                                                \
	do {                                                                        \
		T a, b;                                                             \
		for (i = 0; i < (size_t)cnt; i++) {                                 \
			memcpy(&a, d + i * sizeof(T), sizeof(T));                   \
			memcpy(&b, s + i * sizeof(T), sizeof(T));                   \
			a = (T)(red == RED_ADD ? (uint64_t)a + b : (uint64_t)a * b); \
			memcpy(d + i * sizeof(T), &a, sizeof(T));                   \
		}                                                                   \
	} while (0)

/* combine: dst[i] = dst[i] (red) src[i] for cnt elements of dtype.  Integer
 * arithmetic wraps (done unsigned). */
static void combine(void *dst, const void *src, int dtype, int red, int64_t cnt)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	size_t i;
	size_t es = ir_dtype_size(dtype);

	if (red == RED_NONE) {
		memcpy(dst, src, (size_t)cnt * es);
		return;
	}
	switch (dtype) {
	case IR_FLOAT: COMBINE_F(float); break;
	case IR_DOUBLE: COMBINE_F(double); break;
	case IR_INT8: case IR_UINT8: COMBINE_U(uint8_t); break;
	case IR_INT16: case IR_UINT16: COMBINE_U(uint16_t); break;
	case IR_INT32: case IR_UINT32: COMBINE_U(uint32_t); break;
	case IR_INT64: case IR_UINT64: COMBINE_U(uint64_t); break;
	case IR_FLOAT16: case IR_BFLOAT16: {
		uint16_t a, b;
		float fa, fb;
		for (i = 0; i < (size_t)cnt; i++) {
			memcpy(&a, d + 2 * i, 2);
			memcpy(&b, s + 2 * i, 2);
			fa = dtype == IR_FLOAT16 ? rt_half_to_float(a) : rt_bf16_to_float(a);
			fb = dtype == IR_FLOAT16 ? rt_half_to_float(b) : rt_bf16_to_float(b);
			fa = red == RED_ADD ? fa + fb : fa * fb;
			a = dtype == IR_FLOAT16 ? rt_float_to_half(fa) : rt_float_to_bf16(fa);
			memcpy(d + 2 * i, &a, 2);
		}
		break;
	}
	default:
		break;
	}
}

/* copy_data: out = data unless the planner made them share memory. */
static void copy_data(rt_node *n)
{
	if (n->out[0]->data != n->in[0]->data && n->in[0]->nbytes)
		memcpy(n->out[0]->data, n->in[0]->data, n->in[0]->nbytes);
}

/* bad_index: the run-time error for index value v at element pos. */
static int bad_index(const rt_node *n, int64_t v, int64_t pos, int64_t d, onnxc_err *err)
{
	const rt_tensor *ind = n->in[1];

	return rt_fail(n, err, ONNXC_EINVAL,
		       "index %lld (element %lld of indices '%s') is out of range [-%lld, %lld)",
		       (long long)v, (long long)pos, ind->ir && ind->ir->name ? ind->ir->name : "?",
		       (long long)d, (long long)d);
}

/* ---- ScatterND ---- */

/* prep_scatternd: updates shaped indices dims[:-1] + data dims[k:]. */
static int prep_scatternd(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x, *ind, *upd;
	int64_t k;
	int i, q, red;

	if (rt_dm_need(n, 3, err))
		return -1;
	x = n->in[0], ind = n->in[1], upd = n->in[2];
	if (rt_dm_dtype(n, x, "data", err) || rt_dm_index_dtype(n, ind, "indices", err) ||
	    get_reduction(n, x->dtype, &red, err))
		return -1;
	if (upd->dtype != x->dtype)
		return rt_fail(n, err, ONNXC_EINVAL, "updates are %s, data is %s",
			       ir_dtype_name(upd->dtype), ir_dtype_name(x->dtype));
	q = ind->rank;
	if (x->rank < 1 || q < 1)
		return rt_fail(n, err, ONNXC_EINVAL, "data and indices must have rank >= 1");
	k = ind->dims[q - 1];
	if (k < 1 || k > x->rank)
		return rt_fail(n, err, ONNXC_EINVAL, "indices' last dim %lld must be in [1, %d]",
			       (long long)k, x->rank);
	if (upd->rank != q - 1 + x->rank - k)
		goto bad_updates;
	for (i = 0; i < q - 1; i++)
		if (upd->dims[i] != ind->dims[i])
			goto bad_updates;
	for (i = (int)k; i < x->rank; i++)
		if (upd->dims[q - 1 + i - k] != x->dims[i])
			goto bad_updates;
	return rt_set_shape(n, n->out[0], x->dtype, x->rank, x->dims, err);

bad_updates:
	return rt_fail(n, err, ONNXC_EINVAL,
		       "updates must be shaped indices.shape[:-1] + data.shape[%lld:]", (long long)k);
}

/* nd_offset: element offset of index tuple t (k entries at pos), or -1
 * (err) when an entry is out of range. */
static int64_t nd_offset(const rt_node *n, int64_t pos, int k, int64_t slice, onnxc_err *err)
{
	const rt_tensor *x = n->in[0], *ind = n->in[1];
	int64_t off = 0;
	int m;

	for (m = 0; m < k; m++) {
		int64_t v = rt_dm_index(ind, pos + m), d = x->dims[m];
		if (v < -d || v >= d)
			return bad_index(n, v, pos + m, d, err);
		off = off * d + (v < 0 ? v + d : v);
	}
	return off * slice;
}

static int exec_scatternd(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x = n->in[0], *ind = n->in[1], *upd = n->in[2];
	rt_tensor *y = n->out[0];
	size_t es = ir_dtype_size(x->dtype);
	int k = (int)ind->dims[ind->rank - 1], i, red;
	int64_t slice = 1, tuples = ind->numel / k, t, off;

	if (get_reduction(n, x->dtype, &red, err))
		return -1;
	for (i = k; i < x->rank; i++)
		slice *= x->dims[i];
	for (t = 0; t < tuples; t++)
		if (nd_offset(n, t * k, k, slice, err) < 0)
			return -1;
	copy_data(n);
	for (t = 0; t < tuples; t++) {
		off = nd_offset(n, t * k, k, slice, err);
		combine((unsigned char *)y->data + (size_t)off * es,
			(const unsigned char *)upd->data + (size_t)(t * slice) * es, x->dtype, red, slice);
	}
	return 0;
}

const rt_op rt_op_ScatterND = { prep_scatternd, exec_scatternd, RT_INPLACE };

/* ---- ScatterElements / Scatter ---- */

/* prep_scatter_elements: indices and updates of one shape, of the data's
 * rank, no larger than the data along the other axes. */
static int prep_scatter_elements(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x, *ind, *upd;
	int ax, i, red;

	if (rt_dm_need(n, 3, err))
		return -1;
	x = n->in[0], ind = n->in[1], upd = n->in[2];
	if (rt_dm_dtype(n, x, "data", err) || rt_dm_index_dtype(n, ind, "indices", err) ||
	    get_reduction(n, x->dtype, &red, err) ||
	    rt_dm_axis(n, ir_attr_int(n->ir, "axis", 0), x->rank, "axis", &ax, err))
		return -1;
	if (upd->dtype != x->dtype)
		return rt_fail(n, err, ONNXC_EINVAL, "updates are %s, data is %s",
			       ir_dtype_name(upd->dtype), ir_dtype_name(x->dtype));
	if (ind->rank != x->rank || upd->rank != x->rank)
		return rt_fail(n, err, ONNXC_EINVAL, "data, indices and updates must share one rank");
	for (i = 0; i < x->rank; i++) {
		if (upd->dims[i] != ind->dims[i])
			return rt_fail(n, err, ONNXC_EINVAL, "updates and indices differ in dim %d", i);
		if (i != ax && ind->dims[i] > x->dims[i])
			return rt_fail(n, err, ONNXC_EINVAL,
				       "indices dim %d (%lld) exceeds the data's (%lld)", i,
				       (long long)ind->dims[i], (long long)x->dims[i]);
	}
	return rt_set_shape(n, n->out[0], x->dtype, x->rank, x->dims, err);
}

/* exec_scatter_elements: out[i.. with i_axis = indices[i..]] (red)=
 * updates[i..], after checking every index. */
static int exec_scatter_elements(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x = n->in[0], *ind = n->in[1], *upd = n->in[2];
	rt_tensor *y = n->out[0];
	size_t es = ir_dtype_size(x->dtype);
	int64_t st[RT_MAXRANK], c[RT_MAXRANK] = { 0 }, base = 0, d, j;
	int ax = (int)ir_attr_int(n->ir, "axis", 0), r = x->rank, k, red;

	if (get_reduction(n, x->dtype, &red, err))
		return -1;
	if (ax < 0)
		ax += r;
	d = x->dims[ax];
	for (j = 0; j < ind->numel; j++) {
		int64_t v = rt_dm_index(ind, j);
		if (v < -d || v >= d)
			return bad_index(n, v, j, d, err);
	}
	copy_data(n);
	rt_dm_strides(r, x->dims, st);
	for (j = 0; j < ind->numel; j++) {
		int64_t v = rt_dm_index(ind, j);
		if (v < 0)
			v += d;
		combine((unsigned char *)y->data + (size_t)(base + v * st[ax]) * es,
			(const unsigned char *)upd->data + (size_t)j * es, x->dtype, red, 1);
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

const rt_op rt_op_ScatterElements = { prep_scatter_elements, exec_scatter_elements, RT_INPLACE };
const rt_op rt_op_Scatter = { prep_scatter_elements, exec_scatter_elements, RT_INPLACE };
