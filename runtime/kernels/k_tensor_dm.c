/*
 * k_tensor_dm.c - helpers of the data-movement kernels (see k_tensor_dm.h).
 */
#include <string.h>

#include "k_tensor_dm.h"

int rt_dm_dtype(const rt_node *n, const rt_tensor *t, const char *what, onnxc_err *err)
{
	if (t->dtype == IR_STRING)
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "%s: string tensors are not supported",
			       what);
	if (!ir_dtype_valid(t->dtype) || !ir_dtype_size(t->dtype))
		return rt_fail(n, err, ONNXC_EINVAL, "%s: unsupported element type %s (%d)", what,
			       ir_dtype_name(t->dtype), t->dtype);
	return 0;
}

int rt_dm_need(const rt_node *n, int count, onnxc_err *err)
{
	int i;

	for (i = 0; i < count; i++)
		if (!RT_DM_IN(n, i))
			return rt_fail(n, err, ONNXC_EINVAL, "required input %d is missing", i);
	if (!RT_DM_OUT(n, 0))
		return rt_fail(n, err, ONNXC_EINVAL, "output 0 is missing");
	return 0;
}

int rt_dm_axis(const rt_node *n, int64_t axis, int rank, const char *what, int *out,
	       onnxc_err *err)
{
	if (axis < -rank || axis >= rank)
		return rt_fail(n, err, ONNXC_EINVAL, "%s %lld out of range for rank %d", what,
			       (long long)axis, rank);
	*out = (int)(axis < 0 ? axis + rank : axis);
	return 0;
}

int rt_dm_ints(const rt_node *n, int idx, int64_t *out, int max, int *count, onnxc_err *err)
{
	const rt_tensor *t = RT_DM_IN(n, idx);
	int64_t i;

	if (!t)
		return rt_fail(n, err, ONNXC_EINVAL, "input %d is missing", idx);
	if (!t->is_const)
		return rt_need_const(n, idx, err);
	switch (t->dtype) {
	case IR_STRING: case IR_COMPLEX64: case IR_COMPLEX128: case IR_UNDEFINED:
		return rt_fail(n, err, ONNXC_EINVAL, "input %d must be numeric, not %s", idx,
			       ir_dtype_name(t->dtype));
	default:
		break;
	}
	if (!ir_dtype_size(t->dtype))
		return rt_fail(n, err, ONNXC_EINVAL, "input %d has unknown element type %d", idx,
			       t->dtype);
	if (t->numel > max)
		return rt_fail(n, err, ONNXC_EINVAL, "input %d has %lld elements, at most %d allowed",
			       idx, (long long)t->numel, max);
	for (i = 0; i < t->numel; i++)
		out[i] = rt_get_i(t, i);
	*count = (int)t->numel;
	return 0;
}

void rt_dm_strides(int rank, const int64_t *dims, int64_t *strides)
{
	int64_t s = 1;
	int i;

	for (i = rank - 1; i >= 0; i--) {
		strides[i] = s;
		s *= dims[i];
	}
}

/* copy_row: len elements of es bytes from src (stride `st` elements) to
 * contiguous dst. */
static void copy_row(unsigned char *dst, const unsigned char *src, size_t es, int64_t len,
		     int64_t st)
{
	int64_t i;
	ptrdiff_t step = (ptrdiff_t)(st * (int64_t)es);

	if (st == 1) {
		memcpy(dst, src, (size_t)len * es);
		return;
	}
	switch (es) {
	case 1:
		for (i = 0; i < len; i++, src += step)
			dst[i] = *src;
		break;
	case 2:
		for (i = 0; i < len; i++, src += step, dst += 2)
			memcpy(dst, src, 2);
		break;
	case 4:
		for (i = 0; i < len; i++, src += step, dst += 4)
			memcpy(dst, src, 4);
		break;
	case 8:
		for (i = 0; i < len; i++, src += step, dst += 8)
			memcpy(dst, src, 8);
		break;
	default:
		for (i = 0; i < len; i++, src += step, dst += es)
			memcpy(dst, src, es);
		break;
	}
}

void rt_dm_copy(void *dst, const void *src, size_t es, int rank, const int64_t *dims,
		const int64_t *strides)
{
	int64_t d[RT_DM_MAXRANK], s[RT_DM_MAXRANK], idx[RT_DM_MAXRANK];
	int r = 0, i;
	unsigned char *o = dst;
	const unsigned char *p = src;
	int64_t len, st, rows, row;

	/* drop unit dims, merge dims that are contiguous with their inner one */
	for (i = 0; i < rank; i++) {
		if (dims[i] == 0)
			return;
		if (dims[i] == 1)
			continue;
		if (r > 0 && s[r - 1] == strides[i] * dims[i]) {
			d[r - 1] *= dims[i];
			s[r - 1] = strides[i];
			continue;
		}
		d[r] = dims[i];
		s[r] = strides[i];
		r++;
	}
	if (r == 0) {
		memcpy(o, p, es);
		return;
	}
	len = d[r - 1];
	st = s[r - 1];
	rows = 1;
	for (i = 0; i < r - 1; i++) {
		rows *= d[i];
		idx[i] = 0;
	}
	for (row = 0; row < rows; row++) {
		copy_row(o, p, es, len, st);
		o += (size_t)len * es;
		/* advance the outer counters (odometer), moving p along */
		for (i = r - 2; i >= 0; i--) {
			p += (ptrdiff_t)(s[i] * (int64_t)es);
			if (++idx[i] < d[i])
				break;
			p -= (ptrdiff_t)(s[i] * d[i] * (int64_t)es);
			idx[i] = 0;
		}
	}
}

rt_dm_view *rt_dm_view_params(rt_node *n, onnxc_err *err)
{
	rt_dm_view *v = onnxc_calloc(1, sizeof *v);

	if (!v) {
		onnxc_oom(err);
		return NULL;
	}
	n->params = v;
	return v;
}

int rt_dm_view_exec(rt_node *n, onnxc_err *err)
{
	const rt_dm_view *v = n->params;
	const rt_tensor *x = n->in[0];
	rt_tensor *y = n->out[0];
	size_t es = ir_dtype_size(x->dtype);

	(void)err;
	if (!y->numel)
		return 0;
	rt_dm_copy(y->data, (const unsigned char *)x->data + (size_t)v->offset * es, es, v->rank,
		   v->dims, v->strides);
	return 0;
}

int rt_dm_is_zero(const rt_tensor *t, int64_t i)
{
	const unsigned char *p;
	size_t es, k;

	switch (t->dtype) {
	case IR_FLOAT: case IR_DOUBLE: case IR_FLOAT16: case IR_BFLOAT16:
		return rt_get_f(t, i) == 0;
	case IR_COMPLEX64: {
		float c[2];
		memcpy(c, (const unsigned char *)t->data + (size_t)i * 8, 8);
		return c[0] == 0 && c[1] == 0;
	}
	case IR_COMPLEX128: {
		double c[2];
		memcpy(c, (const unsigned char *)t->data + (size_t)i * 16, 16);
		return c[0] == 0 && c[1] == 0;
	}
	default:
		es = ir_dtype_size(t->dtype);
		p = (const unsigned char *)t->data + (size_t)i * es;
		for (k = 0; k < es; k++)
			if (p[k])
				return 0;
		return 1;
	}
}

int rt_dm_real(int dt)
{
	return ir_dtype_valid(dt) && dt != IR_STRING && dt != IR_COMPLEX64 && dt != IR_COMPLEX128;
}

int rt_dm_index_dtype(const rt_node *n, const rt_tensor *t, const char *what, onnxc_err *err)
{
	if (t->dtype != IR_INT64 && t->dtype != IR_INT32)
		return rt_fail(n, err, ONNXC_EINVAL, "%s must be int32 or int64, not %s", what,
			       ir_dtype_name(t->dtype));
	return 0;
}
