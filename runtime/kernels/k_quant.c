/*
 * k_quant.c - QuantizeLinear (10, 13), DequantizeLinear (10, 13),
 * DynamicQuantizeLinear (11).
 *
 *   QuantizeLinear:   y = saturate(rint(x / scale) + zero_point)
 *   DequantizeLinear: y = (x - zero_point) * scale
 *
 * Scale and zero point are per-tensor (one element; the only form before
 * opset 13) or, from opset 13, 1-D along `axis` (default 1).  x / scale is
 * divided in float (as ONNX Runtime does, int32 x converted to float first)
 * and rounded half to even; y is int8 or uint8 as the zero point (uint8
 * when it is omitted).  DequantizeLinear takes int8, uint8 or int32 x; the
 * zero point has x's type.
 *
 * DynamicQuantizeLinear follows its ONNX function body in float:
 * rmin = min(0, min x), rmax = max(0, max x), scale = (rmax - rmin) / 255,
 * zero_point = rint(clip(-rmin / scale, 0, 255)), y = QuantizeLinear.  An
 * input of zeros only (scale 0) gives scale 0, zero point 0 and y = 0; so
 * does a range too wide for float (scale infinite).
 */
#include <string.h>

#include "k_quant.h"

int rt_q_param(const rt_node *n, int idx, const char *what, int dtype, int64_t len, int required,
	       onnxc_err *err)
{
	const rt_tensor *t = RT_DM_IN(n, idx);

	if (!t) {
		if (required)
			return rt_fail(n, err, ONNXC_EINVAL, "%s is missing", what);
		return 0;
	}
	if (dtype == IR_UNDEFINED ? !rt_q_is8(t->dtype) : t->dtype != dtype)
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "%s of type %s is not supported", what,
			       ir_dtype_name(t->dtype));
	if (t->numel == 1)
		return 0;
	if (len > 0 && t->rank == 1 && t->dims[0] == len)
		return 0;
	if (len > 0)
		return rt_fail(n, err, ONNXC_EINVAL, "%s must have one element or be 1-D of %lld, has %lld",
			       what, (long long)len, (long long)t->numel);
	return rt_fail(n, err, ONNXC_EINVAL, "%s must have one element, has %lld", what,
		       (long long)t->numel);
}

/* [outer, axis length, inner] of the per-axis layout */
typedef struct q_params {
	int64_t outer, len, inner;
} q_params;

/* prep_q: common to Quantize/DequantizeLinear: x of an allowed type, scale
 * float, zero point (optional) of zp_dtype (IR_UNDEFINED: int8 or uint8);
 * output dtype ydt (0: the zero point's, uint8 without one).  0 or -1. */
static int prep_q(rt_node *n, int quant, onnxc_err *err)
{
	const rt_tensor *x, *s, *z;
	int v13 = n->ir->since_version >= 13, axis = 0, ydt;
	int64_t len = 0;
	q_params *p;

	if (rt_dm_need(n, 2, err))
		return -1;
	x = n->in[0];
	s = n->in[1];
	z = RT_DM_IN(n, 2);
	if (quant ? x->dtype != IR_FLOAT && x->dtype != IR_INT32
		  : !rt_q_is8(x->dtype) && x->dtype != IR_INT32)
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "input of type %s is not supported",
			       ir_dtype_name(x->dtype));
	if (v13 && s->numel != 1) {
		if (rt_dm_axis(n, ir_attr_int(n->ir, "axis", 1), x->rank, "axis", &axis, err))
			return -1;
		len = x->dims[axis];
	}
	if (rt_q_param(n, 1, quant ? "y_scale" : "x_scale", IR_FLOAT, len, 1, err) ||
	    rt_q_param(n, 2, quant ? "y_zero_point" : "x_zero_point",
		       quant ? IR_UNDEFINED : x->dtype, len, 0, err))
		return -1;
	if (z && z->numel != s->numel)
		return rt_fail(n, err, ONNXC_EINVAL, "scale has %lld elements, zero point %lld",
			       (long long)s->numel, (long long)z->numel);
	p = onnxc_calloc(1, sizeof *p);
	if (!p)
		return onnxc_oom(err);
	n->params = p;
	if (s->numel == 1) {
		p->outer = 1;
		p->len = 1;
		p->inner = x->numel;
	} else {
		p->outer = rt_numel(axis, x->dims);
		p->len = len;
		p->inner = rt_numel(x->rank - axis - 1, x->dims + axis + 1);
	}
	ydt = quant ? (z ? z->dtype : IR_UINT8) : IR_FLOAT;
	return rt_set_shape(n, n->out[0], ydt, x->rank, x->dims, err);
}

static int prep_quant(rt_node *n, onnxc_err *err)
{
	return prep_q(n, 1, err);
}

static int prep_dequant(rt_node *n, onnxc_err *err)
{
	return prep_q(n, 0, err);
}

/* exec_quant: y = saturate(rint(x / scale) + zero_point) per element,
 * scale and zero point taken per axis slice.  Returns 0. */
static int exec_quant(rt_node *n, onnxc_err *err)
{
	const q_params *p = n->params;
	const rt_tensor *x = n->in[0], *s = n->in[1], *z = RT_DM_IN(n, 2);
	rt_tensor *y = n->out[0];
	int64_t a, c, j, i = 0;

	(void)err;
	for (a = 0; a < p->outer; a++)
		for (c = 0; c < p->len; c++) {
			float sc = (float)rt_q_at(s, c, 1);
			int32_t zp = rt_q_zp(z, c);
			for (j = 0; j < p->inner; j++, i++) {
				float xv = x->dtype == IR_FLOAT ? ((const float *)x->data)[i]
								: (float)((const int32_t *)x->data)[i];
				rt_q_store(y, i, (double)(xv / sc), zp);
			}
		}
	return 0;
}

/* exec_dequant: y = (x - zero_point) * scale in float.  Returns 0. */
static int exec_dequant(rt_node *n, onnxc_err *err)
{
	const q_params *p = n->params;
	const rt_tensor *x = n->in[0], *s = n->in[1], *z = RT_DM_IN(n, 2);
	float *y = n->out[0]->data;
	int64_t a, c, j, i = 0;

	(void)err;
	for (a = 0; a < p->outer; a++)
		for (c = 0; c < p->len; c++) {
			float sc = (float)rt_q_at(s, c, 1);
			int64_t zp = z ? rt_get_i(z, z->numel == 1 ? 0 : c) : 0;
			for (j = 0; j < p->inner; j++, i++)
				y[i] = (float)(rt_get_i(x, i) - zp) * sc;
		}
	return 0;
}

const rt_op rt_op_QuantizeLinear = { prep_quant, exec_quant, 0 };
const rt_op rt_op_DequantizeLinear = { prep_dequant, exec_dequant, 0 };

/* ---- DynamicQuantizeLinear ---- */

/* prep_dql: float x; outputs y (uint8, x's shape), scale (float scalar)
 * and zero point (uint8 scalar), all three required.  0 or -1. */
static int prep_dql(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x;
	int k;

	if (rt_dm_need(n, 1, err))
		return -1;
	x = n->in[0];
	if (x->dtype != IR_FLOAT)
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "input of type %s is not supported",
			       ir_dtype_name(x->dtype));
	for (k = 1; k < 3; k++)
		if (!RT_DM_OUT(n, k))
			return rt_fail(n, err, ONNXC_EINVAL, "output %d is missing", k);
	if (rt_set_shape(n, n->out[0], IR_UINT8, x->rank, x->dims, err) ||
	    rt_set_shape(n, n->out[1], IR_FLOAT, 0, NULL, err) ||
	    rt_set_shape(n, n->out[2], IR_UINT8, 0, NULL, err))
		return -1;
	return 0;
}

/* exec_dql: the range of x (widened to include 0), scale and zero point
 * in float, then x quantized with them.  Returns 0. */
static int exec_dql(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x = n->in[0];
	const float *xv = x->data;
	rt_tensor *y = n->out[0];
	float lo = 0, hi = 0, sc, zf;
	int64_t i;
	int32_t zp;

	(void)err;
	for (i = 0; i < x->numel; i++) {
		/* NaN elements are skipped by the comparisons */
		if (xv[i] < lo)
			lo = xv[i];
		if (xv[i] > hi)
			hi = xv[i];
	}
	sc = (hi - lo) / 255.0f;
	if (sc == 0 || !(sc == sc) || isinf(sc)) {
		memset(y->data, 0, y->nbytes);
		*(float *)n->out[1]->data = sc == sc && !isinf(sc) ? sc : 0;
		*(uint8_t *)n->out[2]->data = 0;
		return 0;
	}
	zf = (0 - lo) / sc;
	zf = zf < 0 ? 0 : zf > 255 ? 255 : zf;
	zp = (int32_t)nearbyintf(zf);
	for (i = 0; i < x->numel; i++)
		rt_q_store(y, i, (double)(xv[i] / sc), zp);
	*(float *)n->out[1]->data = sc;
	*(uint8_t *)n->out[2]->data = (uint8_t)zp;
	return 0;
}

const rt_op rt_op_DynamicQuantizeLinear = { prep_dql, exec_dql, 0 };
