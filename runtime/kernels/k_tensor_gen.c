/*
 * k_tensor_gen.c - kernels that make tensors from attributes and shapes:
 * Constant, ConstantOfShape, EyeLike, Range, Trilu, OneHot.
 */
#include <math.h>
#include <string.h>

#include "k_tensor_dm.h"

/* fill: n copies of the es-byte element at val into dst. */
static void fill(void *dst, const void *val, size_t es, int64_t n)
{
	unsigned char *d = dst;
	const unsigned char *v = val;
	size_t k;
	int64_t i;

	for (k = 0; k < es && !v[k]; k++)
		;
	if (k == es) {
		memset(dst, 0, (size_t)n * es);
		return;
	}
	for (i = 0; i < n; i++, d += es)
		memcpy(d, val, es);
}

/* ---- Constant ---- */

static const char *const const_attrs[] = {
	"value", "sparse_value", "value_float", "value_floats",
	"value_int", "value_ints", "value_string", "value_strings",
};

/* const_attr: the one value* attribute of a Constant node, or NULL. */
static const ir_attr *const_attr(const rt_node *n)
{
	size_t i;

	for (i = 0; i < sizeof const_attrs / sizeof const_attrs[0]; i++) {
		const ir_attr *a = ir_attr_get(n->ir, const_attrs[i]);
		if (a)
			return a;
	}
	return NULL;
}

/* prep_constant: exactly one of value (a tensor), value_float(s),
 * value_int(s) (opset 12+); strings and sparse tensors are refused. */
static int prep_constant(rt_node *n, onnxc_err *err)
{
	const ir_attr *a = NULL;
	size_t i;
	int cnt = 0;
	int64_t len;

	for (i = 0; i < sizeof const_attrs / sizeof const_attrs[0]; i++)
		if (ir_attr_get(n->ir, const_attrs[i])) {
			a = ir_attr_get(n->ir, const_attrs[i]);
			cnt++;
		}
	if (cnt != 1)
		return rt_fail(n, err, ONNXC_EINVAL, "needs exactly one value attribute, has %d", cnt);
	if (!RT_DM_OUT(n, 0))
		return rt_fail(n, err, ONNXC_EINVAL, "output 0 is missing");
	if (strcmp(a->name, "value") && strcmp(a->name, "sparse_value") && n->ir->since_version < 12)
		return rt_fail(n, err, ONNXC_EINVAL, "attribute '%s' needs opset 12", a->name);
	if (!strcmp(a->name, "sparse_value"))
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "sparse_value is not supported");
	if (!strncmp(a->name, "value_string", 12))
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "%s: string tensors are not supported",
			       a->name);
	if (!strcmp(a->name, "value")) {
		const ir_tensor *t = a->t;
		if (a->kind != IR_ATTR_TENSOR || !t)
			return rt_fail(n, err, ONNXC_EINVAL, "attribute 'value' is not a tensor");
		if (t->dtype == IR_STRING)
			return rt_fail(n, err, ONNXC_EUNSUPPORTED, "value: string tensors are not supported");
		if (!ir_dtype_size(t->dtype))
			return rt_fail(n, err, ONNXC_EINVAL, "value has element type %d", t->dtype);
		if (t->rank > RT_MAXRANK)
			return rt_fail(n, err, ONNXC_EUNSUPPORTED, "value rank %d exceeds %d", t->rank,
				       RT_MAXRANK);
		if (rt_set_shape(n, n->out[0], t->dtype, t->rank, t->dims, err))
			return -1;
		if (n->out[0]->nbytes != t->nbytes || (t->nbytes && !t->data))
			return rt_fail(n, err, ONNXC_EINVAL, "value holds %zu bytes, its dims need %zu",
				       t->data ? t->nbytes : 0, n->out[0]->nbytes);
		return 0;
	}
	if (!strcmp(a->name, "value_float") && a->kind == IR_ATTR_FLOAT)
		return rt_set_shape(n, n->out[0], IR_FLOAT, 0, NULL, err);
	if (!strcmp(a->name, "value_int") && a->kind == IR_ATTR_INT)
		return rt_set_shape(n, n->out[0], IR_INT64, 0, NULL, err);
	len = a->n;
	if (!strcmp(a->name, "value_floats") && a->kind == IR_ATTR_FLOATS)
		return rt_set_shape(n, n->out[0], IR_FLOAT, 1, &len, err);
	if (!strcmp(a->name, "value_ints") && a->kind == IR_ATTR_INTS)
		return rt_set_shape(n, n->out[0], IR_INT64, 1, &len, err);
	return rt_fail(n, err, ONNXC_EINVAL, "attribute '%s' has the wrong kind", a->name);
}

static int exec_constant(rt_node *n, onnxc_err *err)
{
	const ir_attr *a = const_attr(n);
	void *y = n->out[0]->data;

	(void)err;
	switch (a->kind) {
	case IR_ATTR_TENSOR:
		if (a->t->nbytes)
			memcpy(y, a->t->data, a->t->nbytes);
		break;
	case IR_ATTR_FLOAT: *(float *)y = a->f; break;
	case IR_ATTR_INT: *(int64_t *)y = a->i; break;
	case IR_ATTR_FLOATS:
		if (a->n)
			memcpy(y, a->floats, sizeof(float) * (size_t)a->n);
		break;
	case IR_ATTR_INTS:
		if (a->n)
			memcpy(y, a->ints, sizeof(int64_t) * (size_t)a->n);
		break;
	default:
		break;
	}
	return 0;
}

const rt_op rt_op_Constant = { prep_constant, exec_constant, 0 };

/* ---- ConstantOfShape ---- */

/* prep_cos: dims from the constant 1-D input; dtype from the one-element
 * `value` attribute (default float 0). */
static int prep_cos(rt_node *n, onnxc_err *err)
{
	const ir_attr *a = ir_attr_get(n->ir, "value");
	int64_t dims[RT_MAXRANK];
	int cnt, dt = IR_FLOAT;

	if (rt_dm_need(n, 1, err))
		return -1;
	if (n->in[0]->rank != 1)
		return rt_fail(n, err, ONNXC_EINVAL, "input must be 1-D, not rank %d", n->in[0]->rank);
	if (rt_in_ints(n, 0, dims, RT_MAXRANK, &cnt, err))
		return -1;
	if (a) {
		if (a->kind != IR_ATTR_TENSOR || !a->t || a->t->numel != 1 || !a->t->data)
			return rt_fail(n, err, ONNXC_EINVAL, "value must be a one-element tensor");
		dt = a->t->dtype;
		if (!rt_dm_real(dt))
			return rt_fail(n, err, ONNXC_EUNSUPPORTED, "value of type %s is not supported",
				       ir_dtype_name(dt));
	}
	return rt_set_shape(n, n->out[0], dt, cnt, dims, err);
}

static int exec_cos(rt_node *n, onnxc_err *err)
{
	const ir_attr *a = ir_attr_get(n->ir, "value");
	rt_tensor *y = n->out[0];
	float zero = 0;

	(void)err;
	fill(y->data, a ? a->t->data : &zero, ir_dtype_size(y->dtype), y->numel);
	return 0;
}

const rt_op rt_op_ConstantOfShape = { prep_cos, exec_cos, 0 };

/* ---- EyeLike ---- */

/* prep_eyelike: a 2-D output shaped like the input, dtype from the `dtype`
 * attribute (default: the input's). */
static int prep_eyelike(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x;
	int64_t dt;

	if (rt_dm_need(n, 1, err))
		return -1;
	x = n->in[0];
	if (x->rank != 2)
		return rt_fail(n, err, ONNXC_EINVAL, "input must be 2-D, not rank %d", x->rank);
	dt = ir_attr_int(n->ir, "dtype", x->dtype);
	if (dt < 0 || dt >= IR_DTYPE_COUNT || !rt_dm_real((int)dt))
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "output type %lld is not supported",
			       (long long)dt);
	return rt_set_shape(n, n->out[0], (int)dt, 2, x->dims, err);
}

static int exec_eyelike(rt_node *n, onnxc_err *err)
{
	rt_tensor *y = n->out[0];
	int64_t k = ir_attr_int(n->ir, "k", 0), i;

	(void)err;
	memset(y->data, 0, y->nbytes);
	for (i = 0; i < y->dims[0]; i++)
		if (k >= -i && k < y->dims[1] - i)
			rt_put_f(y, i * y->dims[1] + i + k, 1.0);
	return 0;
}

const rt_op rt_op_EyeLike = { prep_eyelike, exec_eyelike, RT_SHAPE_ONLY };

/* ---- Range ---- */

static int is_float(int dt)
{
	return dt == IR_FLOAT || dt == IR_DOUBLE || dt == IR_FLOAT16 || dt == IR_BFLOAT16;
}

/* range_count: max(ceil((limit - start) / delta), 0) without overflow;
 * -1 (err) for a zero, NaN or infinite step or a count beyond 2^46. */
static int range_count(const rt_node *n, int64_t *count, onnxc_err *err)
{
	const rt_tensor *s = n->in[0], *l = n->in[1], *d = n->in[2];

	if (is_float(s->dtype)) {
		double a = rt_get_f(s, 0), b = rt_get_f(l, 0), c = rt_get_f(d, 0), q;
		if (c == 0 || !isfinite(a) || !isfinite(b) || !isfinite(c))
			return rt_fail(n, err, ONNXC_EINVAL, "start, limit and delta must be finite, delta non-zero");
		q = ceil((b - a) / c);
		if (q > (double)((int64_t)1 << 46))
			return rt_fail(n, err, ONNXC_ELIMIT, "range of %g elements is too large", q);
		*count = q > 0 ? (int64_t)q : 0;
	} else {
		int64_t a = rt_get_i(s, 0), b = rt_get_i(l, 0), c = rt_get_i(d, 0);
		uint64_t diff, step, q;
		if (c == 0)
			return rt_fail(n, err, ONNXC_EINVAL, "delta is 0");
		if ((c > 0 && b <= a) || (c < 0 && b >= a)) {
			*count = 0;
			return 0;
		}
		diff = c > 0 ? (uint64_t)b - (uint64_t)a : (uint64_t)a - (uint64_t)b;
		step = c > 0 ? (uint64_t)c : (uint64_t)0 - (uint64_t)c;
		q = diff / step + (diff % step != 0);
		if (q > ((uint64_t)1 << 46))
			return rt_fail(n, err, ONNXC_ELIMIT, "range of %llu elements is too large",
				       (unsigned long long)q);
		*count = (int64_t)q;
	}
	return 0;
}

/* prep_range: three scalars of one numeric type, constant at prepare (the
 * output's length depends on their values). */
static int prep_range(rt_node *n, onnxc_err *err)
{
	int64_t count;
	int i;

	if (rt_dm_need(n, 3, err))
		return -1;
	for (i = 0; i < 3; i++) {
		const rt_tensor *t = n->in[i];
		if (t->dtype != n->in[0]->dtype || !rt_dm_real(t->dtype) || t->dtype == IR_BOOL)
			return rt_fail(n, err, ONNXC_EINVAL,
				       "start, limit and delta must share one numeric type");
		if (t->numel != 1 || t->rank > 1)
			return rt_fail(n, err, ONNXC_EINVAL, "input %d must be a scalar", i);
		if (!t->is_const) {
			rt_need_value(n, t);
			return rt_fail(n, err, ONNXC_EUNSUPPORTED,
					       "input %d ('%s') must be known when the model is prepared "
					       "(the output length depends on it)",
					       i, t->ir && t->ir->name ? t->ir->name : "?");
		}
	}
	if (range_count(n, &count, err))
		return -1;
	return rt_set_shape(n, n->out[0], n->in[0]->dtype, 1, &count, err);
}

static int exec_range(rt_node *n, onnxc_err *err)
{
	rt_tensor *y = n->out[0];
	int64_t count, i;

	if (range_count(n, &count, err))
		return -1;
	if (count != y->numel)
		return rt_fail(n, err, ONNXC_EINVAL, "inputs changed since prepare");
	if (is_float(y->dtype)) {
		double s = rt_get_f(n->in[0], 0), d = rt_get_f(n->in[2], 0);
		for (i = 0; i < count; i++)
			rt_put_f(y, i, s + (double)i * d);
	} else {
		uint64_t s = (uint64_t)rt_get_i(n->in[0], 0), d = (uint64_t)rt_get_i(n->in[2], 0);
		for (i = 0; i < count; i++)
			rt_put_i(y, i, (int64_t)(s + (uint64_t)i * d));
	}
	return 0;
}

const rt_op rt_op_Range = { prep_range, exec_range, 0 };

/* ---- Trilu ---- */

static int prep_trilu(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x, *k;

	if (rt_dm_need(n, 1, err))
		return -1;
	x = n->in[0];
	k = RT_DM_IN(n, 1);
	if (rt_dm_dtype(n, x, "input", err))
		return -1;
	if (x->rank < 2)
		return rt_fail(n, err, ONNXC_EINVAL, "input must have rank >= 2, not %d", x->rank);
	if (k && (k->numel != 1 || (k->dtype != IR_INT64 && k->dtype != IR_INT32)))
		return rt_fail(n, err, ONNXC_EINVAL, "k must be an int64 scalar");
	return rt_set_shape(n, n->out[0], x->dtype, x->rank, x->dims, err);
}

/* exec_trilu: keep the elements with j - i >= k (upper) or <= k (lower) of
 * every matrix, zero the rest. */
static int exec_trilu(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x = n->in[0], *kt = RT_DM_IN(n, 1);
	rt_tensor *y = n->out[0];
	int upper = ir_attr_int(n->ir, "upper", 1) != 0;
	int64_t k = kt ? rt_get_i(kt, 0) : 0, rows = x->dims[x->rank - 2];
	int64_t cols = x->dims[x->rank - 1], mats, m, i;
	size_t es = ir_dtype_size(x->dtype), row = (size_t)cols * es;

	(void)err;
	if (!y->numel)
		return 0;
	/* clamp k so that i + k cannot overflow */
	k = k < -((int64_t)1 << 48) ? -((int64_t)1 << 48) : k > ((int64_t)1 << 48) ? (int64_t)1 << 48 : k;
	mats = x->numel / (rows * cols);
	for (m = 0; m < mats; m++)
		for (i = 0; i < rows; i++) {
			size_t off = ((size_t)m * (size_t)rows + (size_t)i) * row;
			unsigned char *yr = (unsigned char *)y->data + off;
			const unsigned char *xr = (const unsigned char *)x->data + off;
			int64_t lo = upper ? i + k : 0, hi = upper ? cols : i + k + 1;
			lo = lo < 0 ? 0 : lo > cols ? cols : lo;
			hi = hi < lo ? lo : hi > cols ? cols : hi;
			memset(yr, 0, (size_t)lo * es);
			if (hi > lo && yr != xr)
				memcpy(yr + (size_t)lo * es, xr + (size_t)lo * es, (size_t)(hi - lo) * es);
			memset(yr + (size_t)hi * es, 0, (size_t)(cols - hi) * es);
		}
	return 0;
}

const rt_op rt_op_Trilu = { prep_trilu, exec_trilu, RT_INPLACE };

/* ---- OneHot ---- */

/* prep_onehot: indices dims with `depth` (a constant scalar) inserted at
 * axis; values = [off, on] of the output type. */
static int prep_onehot(rt_node *n, onnxc_err *err)
{
	const rt_tensor *ind, *val;
	int64_t depth, dims[RT_MAXRANK], axis;
	int cnt, ax, r, i, k = 0;

	if (rt_dm_need(n, 3, err))
		return -1;
	ind = n->in[0];
	val = n->in[2];
	r = ind->rank + 1;
	if (!rt_dm_real(ind->dtype) || ind->dtype == IR_BOOL)
		return rt_fail(n, err, ONNXC_EINVAL, "indices must be numeric, not %s",
			       ir_dtype_name(ind->dtype));
	if (rt_dm_dtype(n, val, "values", err))
		return -1;
	if (val->numel != 2)
		return rt_fail(n, err, ONNXC_EINVAL, "values must hold [off, on], not %lld elements",
			       (long long)val->numel);
	if (n->in[1]->numel != 1)
		return rt_fail(n, err, ONNXC_EINVAL, "depth must hold one element");
	if (rt_dm_ints(n, 1, &depth, 1, &cnt, err))
		return -1;
	if (depth < 0)
		return rt_fail(n, err, ONNXC_EINVAL, "depth %lld is negative", (long long)depth);
	if (r > RT_MAXRANK)
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "output rank %d exceeds %d", r, RT_MAXRANK);
	axis = ir_attr_int(n->ir, "axis", -1);
	if (rt_dm_axis(n, axis, r, "axis", &ax, err))
		return -1;
	for (i = 0; i < r; i++)
		dims[i] = i == ax ? depth : ind->dims[k++];
	return rt_set_shape(n, n->out[0], val->dtype, r, dims, err);
}

/* exec_onehot: everything off, then on where the (negative-wrapped) index
 * selects the depth position; indices outside [-depth, depth) stay off. */
static int exec_onehot(rt_node *n, onnxc_err *err)
{
	const rt_tensor *ind = n->in[0], *val = n->in[2];
	rt_tensor *y = n->out[0];
	size_t es = ir_dtype_size(y->dtype);
	const unsigned char *on = (const unsigned char *)val->data + es;
	int64_t depth, outer = 1, inner, o, i, ax = ir_attr_int(n->ir, "axis", -1);
	int k;

	(void)err;
	if (!y->numel)
		return 0;
	if (ax < 0)
		ax += y->rank;
	depth = y->dims[ax];
	for (k = 0; k < ax; k++)
		outer *= ind->dims[k];
	inner = outer ? ind->numel / outer : 0;
	fill(y->data, val->data, es, y->numel);
	for (o = 0; o < outer; o++)
		for (i = 0; i < inner; i++) {
			int64_t v = rt_get_i(ind, o * inner + i);
			if (v < 0 && v >= -depth)
				v += depth;
			if (v >= 0 && v < depth)
				memcpy((unsigned char *)y->data + (size_t)((o * depth + v) * inner + i) * es,
				       on, es);
		}
	return 0;
}

const rt_op rt_op_OneHot = { prep_onehot, exec_onehot, 0 };
