/*
 * k_shape.c - kernels that only relabel dims (Reshape, Flatten, Squeeze,
 * Unsqueeze, Dropout at inference: out[0] aliases in[0]) and the shape
 * queries Shape and Size (computed from the input's dims alone).
 */
#include <string.h>

#include "k_tensor_dm.h"

/* exec of the aliasing kernels: out[0] = in[0] byte for byte (nothing to do
 * when the planner made them share memory). */
static int exec_alias(rt_node *n, onnxc_err *err)
{
	(void)err;
	if (n->out[0]->data != n->in[0]->data && n->in[0]->nbytes)
		memcpy(n->out[0]->data, n->in[0]->data, n->in[0]->nbytes);
	return 0;
}

/* ---- Reshape ---- */

/* prep_reshape: shape from the attribute (v1) or the constant input (v5+);
 * 0 copies the input dim (unless allowzero, v14), one -1 is inferred. */
static int prep_reshape(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x;
	int64_t shape[RT_MAXRANK], dims[RT_MAXRANK], known = 1;
	int cnt, i, infer = -1, allowzero = 0, has_zero = 0;

	if (rt_dm_need(n, n->ir->since_version >= 5 ? 2 : 1, err))
		return -1;
	x = n->in[0];
	if (rt_dm_dtype(n, x, "data", err))
		return -1;
	if (n->ir->since_version < 5) {
		const int64_t *a = ir_attr_ints(n->ir, "shape", &cnt);
		if (!a)
			return rt_fail(n, err, ONNXC_EINVAL, "attribute 'shape' is missing");
		if (cnt > RT_MAXRANK)
			return rt_fail(n, err, ONNXC_EUNSUPPORTED, "output rank %d exceeds %d", cnt,
				       RT_MAXRANK);
		memcpy(shape, a, sizeof(int64_t) * (size_t)cnt);
	} else {
		if (n->in[1]->rank != 1)
			return rt_fail(n, err, ONNXC_EINVAL, "input 'shape' must be 1-D, not rank %d",
				       n->in[1]->rank);
		if (rt_in_ints(n, 1, shape, RT_MAXRANK, &cnt, err))
			return -1;
		if (n->ir->since_version >= 14)
			allowzero = ir_attr_int(n->ir, "allowzero", 0) != 0;
	}
	for (i = 0; i < cnt; i++) {
		if (shape[i] == -1) {
			if (infer >= 0)
				return rt_fail(n, err, ONNXC_EINVAL, "shape has more than one -1");
			infer = i;
			continue;
		}
		if (shape[i] < -1)
			return rt_fail(n, err, ONNXC_EINVAL, "shape[%d] = %lld is invalid", i,
				       (long long)shape[i]);
		if (shape[i] == 0 && !allowzero) {
			if (i >= x->rank)
				return rt_fail(n, err, ONNXC_EINVAL,
					       "shape[%d] = 0 copies a dim the rank-%d input lacks", i,
					       x->rank);
			dims[i] = x->dims[i];
		} else {
			dims[i] = shape[i];
			has_zero |= shape[i] == 0;
		}
		if (onnxc_mul_i64(known, dims[i], &known))
			return rt_fail(n, err, ONNXC_EINVAL, "shape overflows");
	}
	if (infer >= 0) {
		if (has_zero)
			return rt_fail(n, err, ONNXC_EINVAL, "shape has both 0 (allowzero) and -1");
		if (known == 0 || x->numel % known)
			return rt_fail(n, err, ONNXC_EINVAL,
				       "cannot infer the -1 dim: %lld elements into blocks of %lld",
				       (long long)x->numel, (long long)known);
		dims[infer] = x->numel / known;
		known = x->numel;
	}
	if (known != x->numel)
		return rt_fail(n, err, ONNXC_EINVAL, "cannot reshape %lld elements into %lld",
			       (long long)x->numel, (long long)known);
	return rt_set_shape(n, n->out[0], x->dtype, cnt, dims, err);
}

const rt_op rt_op_Reshape = { prep_reshape, exec_alias, RT_INPLACE | RT_ALIAS };

/* ---- Flatten ---- */

/* prep_flatten: [prod(dims[:axis]), prod(dims[axis:])], axis in [-r, r]. */
static int prep_flatten(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x;
	int64_t axis, dims[2] = { 1, 1 };
	int i;

	if (rt_dm_need(n, 1, err))
		return -1;
	x = n->in[0];
	if (rt_dm_dtype(n, x, "input", err))
		return -1;
	axis = ir_attr_int(n->ir, "axis", 1);
	if (axis < 0 && n->ir->since_version >= 11)
		axis += x->rank;
	if (axis < 0 || axis > x->rank)
		return rt_fail(n, err, ONNXC_EINVAL, "axis %lld out of range for rank %d",
			       (long long)ir_attr_int(n->ir, "axis", 1), x->rank);
	for (i = 0; i < x->rank; i++)
		dims[i < axis ? 0 : 1] *= x->dims[i];
	return rt_set_shape(n, n->out[0], x->dtype, 2, dims, err);
}

const rt_op rt_op_Flatten = { prep_flatten, exec_alias, RT_INPLACE | RT_ALIAS };

/* ---- Squeeze / Unsqueeze ---- */

/* get_axes: the axes attribute (before opset 13) or the constant input 1;
 * *present = 0 when neither is given. */
static int get_axes(rt_node *n, int64_t *axes, int max, int *cnt, int *present, onnxc_err *err)
{
	*present = 0;
	*cnt = 0;
	if (n->ir->since_version < 13) {
		const int64_t *a = ir_attr_ints(n->ir, "axes", cnt);
		if (!a)
			return 0;
		if (*cnt > max)
			return rt_fail(n, err, ONNXC_EINVAL, "%d axes given, at most %d allowed", *cnt,
				       max);
		memcpy(axes, a, sizeof(int64_t) * (size_t)*cnt);
	} else {
		if (!RT_DM_IN(n, 1))
			return 0;
		if (rt_in_ints(n, 1, axes, max, cnt, err))
			return -1;
	}
	*present = 1;
	return 0;
}

/* prep_squeeze: drop the listed axes (which must have size 1), or every
 * size-1 axis when none are listed (an empty list counts as none, as in
 * onnxruntime). */
static int prep_squeeze(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x;
	int64_t axes[RT_MAXRANK], dims[RT_MAXRANK];
	int drop[RT_MAXRANK] = { 0 };
	int cnt, present, i, ax, r = 0;

	if (rt_dm_need(n, 1, err))
		return -1;
	x = n->in[0];
	if (rt_dm_dtype(n, x, "data", err) || get_axes(n, axes, RT_MAXRANK, &cnt, &present, err))
		return -1;
	for (i = 0; i < cnt; i++) {
		if (rt_dm_axis(n, axes[i], x->rank, "axis", &ax, err))
			return -1;
		if (x->dims[ax] != 1)
			return rt_fail(n, err, ONNXC_EINVAL, "cannot squeeze axis %d of size %lld", ax,
				       (long long)x->dims[ax]);
		drop[ax] = 1;
	}
	for (i = 0; i < x->rank; i++)
		if (present && cnt ? !drop[i] : x->dims[i] != 1)
			dims[r++] = x->dims[i];
	return rt_set_shape(n, n->out[0], x->dtype, r, dims, err);
}

const rt_op rt_op_Squeeze = { prep_squeeze, exec_alias, RT_INPLACE | RT_ALIAS };

/* prep_unsqueeze: insert size-1 axes at the listed positions of the output
 * (negative counts from the output's end). */
static int prep_unsqueeze(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x;
	int64_t axes[RT_MAXRANK], dims[RT_MAXRANK];
	int ins[RT_MAXRANK] = { 0 };
	int cnt, present, i, ax, r, k = 0;

	if (rt_dm_need(n, n->ir->since_version >= 13 ? 2 : 1, err))
		return -1;
	x = n->in[0];
	if (rt_dm_dtype(n, x, "data", err) || get_axes(n, axes, RT_MAXRANK, &cnt, &present, err))
		return -1;
	if (!present)
		return rt_fail(n, err, ONNXC_EINVAL, "axes are missing");
	r = x->rank + cnt;
	if (r > RT_MAXRANK)
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "output rank %d exceeds %d", r,
			       RT_MAXRANK);
	for (i = 0; i < cnt; i++) {
		if (rt_dm_axis(n, axes[i], r, "axis", &ax, err))
			return -1;
		if (ins[ax])
			return rt_fail(n, err, ONNXC_EINVAL, "axis %d listed twice", ax);
		ins[ax] = 1;
	}
	for (i = 0; i < r; i++)
		dims[i] = ins[i] ? 1 : x->dims[k++];
	return rt_set_shape(n, n->out[0], x->dtype, r, dims, err);
}

const rt_op rt_op_Unsqueeze = { prep_unsqueeze, exec_alias, RT_INPLACE | RT_ALIAS };

/* ---- Dropout (inference) ---- */

/* prep_dropout: output = input; the optional mask is all true (bool from
 * opset 10, the data type before).  training_mode (opset 12+) must be a
 * constant false, or true with a constant ratio of 0 (an identity). */
static int prep_dropout(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x, *ratio, *train;
	rt_tensor *mask = RT_DM_OUT(n, 1);

	if (rt_dm_need(n, 1, err))
		return -1;
	x = n->in[0];
	if (rt_dm_dtype(n, x, "data", err))
		return -1;
	ratio = n->ir->since_version >= 12 ? RT_DM_IN(n, 1) : NULL;
	train = n->ir->since_version >= 12 ? RT_DM_IN(n, 2) : NULL;
	if (ratio && ratio->numel != 1)
		return rt_fail(n, err, ONNXC_EINVAL, "ratio must be a scalar");
	if (train) {
		if (train->dtype != IR_BOOL || train->numel != 1)
			return rt_fail(n, err, ONNXC_EINVAL, "training_mode must be a bool scalar");
		if (!train->is_const) {
			rt_need_value(n, train);
			return rt_fail(n, err, ONNXC_EUNSUPPORTED,
					       "training_mode must be known when the model is prepared");
		}
		if (*(const uint8_t *)train->data &&
		    !(ratio && ratio->is_const && rt_get_f(ratio, 0) == 0))
			return rt_fail(n, err, ONNXC_EUNSUPPORTED,
				       "training_mode is true: training dropout is not supported");
	}
	if (mask && n->ir->since_version < 10 && !rt_dm_real(x->dtype))
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "a %s mask is not supported",
			       ir_dtype_name(x->dtype));
	if (rt_set_shape(n, n->out[0], x->dtype, x->rank, x->dims, err))
		return -1;
	return rt_set_shape(n, mask, n->ir->since_version >= 10 ? IR_BOOL : x->dtype, x->rank,
			    x->dims, err);
}

static int exec_dropout(rt_node *n, onnxc_err *err)
{
	rt_tensor *mask = RT_DM_OUT(n, 1);
	int64_t i;

	exec_alias(n, err);
	if (!mask)
		return 0;
	if (mask->dtype == IR_BOOL)
		memset(mask->data, 1, mask->nbytes);
	else
		for (i = 0; i < mask->numel; i++)
			rt_put_f(mask, i, 1.0);
	return 0;
}

const rt_op rt_op_Dropout = { prep_dropout, exec_dropout, RT_INPLACE | RT_ALIAS };

/* ---- Shape / Size ---- */

/* shape_range: the [start, end) of dims Shape reports (opset 15 attributes,
 * clamped to [0, rank]). */
static void shape_range(const rt_node *n, int rank, int64_t *start, int64_t *end)
{
	int64_t s = 0, e = rank;

	if (n->ir->since_version >= 15) {
		s = ir_attr_int(n->ir, "start", 0);
		e = ir_attr_int(n->ir, "end", rank);
	}
	if (s < 0)
		s += rank;
	if (e < 0)
		e += rank;
	s = s < 0 ? 0 : s > rank ? rank : s;
	e = e < 0 ? 0 : e > rank ? rank : e;
	*start = s;
	*end = e < s ? s : e;
}

static int prep_shape(rt_node *n, onnxc_err *err)
{
	int64_t s, e, len;

	if (rt_dm_need(n, 1, err))
		return -1;
	shape_range(n, n->in[0]->rank, &s, &e);
	len = e - s;
	return rt_set_shape(n, n->out[0], IR_INT64, 1, &len, err);
}

static int exec_shape(rt_node *n, onnxc_err *err)
{
	int64_t s, e, i;

	(void)err;
	shape_range(n, n->in[0]->rank, &s, &e);
	for (i = s; i < e; i++)
		((int64_t *)n->out[0]->data)[i - s] = n->in[0]->dims[i];
	return 0;
}

const rt_op rt_op_Shape = { prep_shape, exec_shape, RT_SHAPE_ONLY };

static int prep_size(rt_node *n, onnxc_err *err)
{
	if (rt_dm_need(n, 1, err))
		return -1;
	return rt_set_shape(n, n->out[0], IR_INT64, 0, NULL, err);
}

static int exec_size(rt_node *n, onnxc_err *err)
{
	(void)err;
	*(int64_t *)n->out[0]->data = n->in[0]->numel;
	return 0;
}

const rt_op rt_op_Size = { prep_size, exec_size, RT_SHAPE_ONLY };
