/*
 * k_quant_conv.c - ConvInteger (10) and QLinearConv (10).
 *
 * N-D convolution (x [N, C, D1..Dk], w [M, C/group, K1..Kk]) of int8/uint8
 * tensors with the Conv attributes auto_pad (NOTSET, VALID, SAME_UPPER,
 * SAME_LOWER), dilations, group, kernel_shape, pads and strides, read and
 * sized by the shared window geometry (k_conv_geom.h).  Each
 * product is (x - x_zero_point) * (w - w_zero_point[m]), accumulated in
 * integers; padding contributes nothing (it is padding with x_zero_point).
 *
 *   ConvInteger: y (int32) = the accumulator
 *   QLinearConv: y = saturate(rint((acc + B[m]) * x_scale * w_scale[m] /
 *                y_scale) + y_zero_point) of y_zero_point's type, B the
 *                optional int32 bias [M].
 *
 * x's zero point and scale are per-tensor; w's per-tensor or per output
 * channel (1-D of M).  Plain loops: correctness first.
 */

#include "k_conv_geom.h"
#include "k_quant.h"

typedef struct qc_params {
	int qlinear;
	int64_t n, c, m, group;
	rt_convgeom g;
} qc_params;

/* geometry: the window of w over x from the shared Conv attribute rules
 * (k_conv_geom.h); kernel_shape, when given, must match w.  0 or -1. */
static int geometry(const rt_node *n, const rt_tensor *x, const rt_tensor *w, qc_params *p,
		    onnxc_err *err)
{
	int64_t ks[RT_MAXSP];
	int nsp = x->rank - 2, i, has;

	has = rt_convgeom_kernel_attr(n, nsp, ks, err);
	if (has < 0)
		return -1;
	for (i = 0; has && i < nsp; i++)
		if (ks[i] != w->dims[2 + i])
			return rt_fail(n, err, ONNXC_EINVAL, "kernel_shape[%d] is %lld, w has %lld", i,
				       (long long)ks[i], (long long)w->dims[2 + i]);
	if (rt_convgeom_attrs(n, nsp, x->dims + 2, w->dims + 2, 1, &p->g, err))
		return -1;
	return rt_convgeom_forward(n, &p->g, 0, err);
}

/* prep_qc: ConvInteger slots x 0, w 1, x_zp 2, w_zp 3; QLinearConv x 0,
 * x_scale 1, x_zp 2, w 3, w_scale 4, w_zp 5, y_scale 6, y_zp 7, B 8. */
static int prep_qc(rt_node *n, int qlinear, onnxc_err *err)
{
	const rt_tensor *x, *w, *bias = qlinear ? RT_DM_IN(n, 8) : NULL;
	int64_t ydims[RT_MAXRANK];
	int ydt = IR_INT32, i;
	qc_params *p;

	if (rt_dm_need(n, qlinear ? 8 : 2, err))
		return -1;
	x = n->in[0];
	w = n->in[qlinear ? 3 : 1];
	if (!rt_q_is8(x->dtype) || !rt_q_is8(w->dtype))
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "inputs of types %s and %s are not supported",
			       ir_dtype_name(x->dtype), ir_dtype_name(w->dtype));
	if (x->rank < 3 || w->rank != x->rank)
		return rt_fail(n, err, ONNXC_EINVAL, "x (rank %d) and w (rank %d) must have the same "
			       "rank >= 3", x->rank, w->rank);
	p = onnxc_calloc(1, sizeof *p);
	if (!p)
		return onnxc_oom(err);
	n->params = p;
	p->qlinear = qlinear;
	p->n = x->dims[0];
	p->c = x->dims[1];
	p->m = w->dims[0];
	p->group = ir_attr_int(n->ir, "group", 1);
	if (p->group < 1 || p->c % p->group || p->m % p->group || w->dims[1] * p->group != p->c)
		return rt_fail(n, err, ONNXC_EINVAL, "group %lld does not fit C = %lld, M = %lld and "
			       "w's %lld input channels", (long long)p->group, (long long)p->c,
			       (long long)p->m, (long long)w->dims[1]);
	if (geometry(n, x, w, p, err))
		return -1;
	if (qlinear) {
		if (rt_q_param(n, 1, "x_scale", IR_FLOAT, 0, 1, err) ||
		    rt_q_param(n, 2, "x_zero_point", x->dtype, 0, 1, err) ||
		    rt_q_param(n, 4, "w_scale", IR_FLOAT, p->m, 1, err) ||
		    rt_q_param(n, 5, "w_zero_point", w->dtype, p->m, 1, err) ||
		    rt_q_param(n, 6, "y_scale", IR_FLOAT, 0, 1, err) ||
		    rt_q_param(n, 7, "y_zero_point", IR_UNDEFINED, 0, 1, err))
			return -1;
		ydt = n->in[7]->dtype;
		if (bias && (bias->dtype != IR_INT32 || bias->rank != 1 || bias->dims[0] != p->m))
			return rt_fail(n, err, ONNXC_EINVAL, "B must be int32 of shape [%lld]",
				       (long long)p->m);
	} else if (rt_q_param(n, 2, "x_zero_point", x->dtype, 0, 0, err) ||
		   rt_q_param(n, 3, "w_zero_point", w->dtype, p->m, 0, err)) {
		return -1;
	}
	ydims[0] = p->n;
	ydims[1] = p->m;
	for (i = 0; i < p->g.nsp; i++)
		ydims[2 + i] = p->g.out[i];
	return rt_set_shape(n, n->out[0], ydt, x->rank, ydims, err);
}

static int prep_convint(rt_node *n, onnxc_err *err)
{
	return prep_qc(n, 0, err);
}

static int prep_qlconv(rt_node *n, onnxc_err *err)
{
	return prep_qc(n, 1, err);
}

/* accumulate: sum over the group's input channels and the kernel window of
 * output position o (linear over the output's spatial dims) of image b,
 * output channel m. */
static int64_t accumulate(const qc_params *p, const rt_tensor *x, const rt_tensor *w, int64_t b,
			  int64_t m, int64_t o, int32_t xz, int32_t wz)
{
	const rt_convgeom *g = &p->g;
	int64_t oc[RT_MAXSP], cg = p->c / p->group, c0 = (m / (p->m / p->group)) * cg;
	int64_t c, kk, acc = 0, r = o;
	int i;

	for (i = g->nsp - 1; i >= 0; i--) {
		oc[i] = r % g->out[i];
		r /= g->out[i];
	}
	for (c = 0; c < cg; c++) {
		int64_t xo = (b * p->c + c0 + c) * g->in_size, wo = (m * cg + c) * g->k_size;
		for (kk = 0; kk < g->k_size; kk++) {
			int64_t rk = kk, xi = 0, pos[RT_MAXSP];
			int inside = 1;
			for (i = g->nsp - 1; i >= 0; i--) {
				int64_t kc = rk % g->k[i];
				rk /= g->k[i];
				pos[i] = oc[i] * g->stride[i] - g->pad0[i] + kc * g->dil[i];
				if (pos[i] < 0 || pos[i] >= g->in[i])
					inside = 0;
			}
			if (!inside)
				continue;
			for (i = 0; i < g->nsp; i++)
				xi = xi * g->in[i] + pos[i];
			acc += (int64_t)(rt_q_get8(x, xo + xi) - xz) * (rt_q_get8(w, wo + kk) - wz);
		}
	}
	return acc;
}

/* exec_qc: one accumulator per output element (image, channel,
 * position), requantized for QLinearConv.  Returns 0. */
static int exec_qc(rt_node *n, onnxc_err *err)
{
	const qc_params *p = n->params;
	int q = p->qlinear;
	const rt_tensor *x = n->in[0], *w = n->in[q ? 3 : 1];
	const rt_tensor *xzt = RT_DM_IN(n, 2), *wzt = RT_DM_IN(n, q ? 5 : 3);
	const rt_tensor *bias = q ? RT_DM_IN(n, 8) : NULL;
	rt_tensor *y = n->out[0];
	int32_t xz = rt_q_zp(xzt, 0), yz = q ? rt_q_zp(n->in[7], 0) : 0;
	float xs = q ? (float)rt_q_at(n->in[1], 0, 1) : 1, ys = q ? (float)rt_q_at(n->in[6], 0, 1) : 1;
	int64_t b, m, o, yi = 0;

	(void)err;
	for (b = 0; b < p->n; b++)
		for (m = 0; m < p->m; m++) {
			int32_t wz = rt_q_zp(wzt, m);
			float sc = q ? xs * (float)rt_q_at(n->in[4], m, 1) / ys : 1;
			int64_t bv = bias ? ((const int32_t *)bias->data)[m] : 0;
			for (o = 0; o < p->g.out_size; o++, yi++) {
				int64_t acc = accumulate(p, x, w, b, m, o, xz, wz) + bv;
				if (q)
					rt_q_store(y, yi, (double)acc * sc, yz);
				else
					((int32_t *)y->data)[yi] = (int32_t)acc;
			}
		}
	return 0;
}

const rt_op rt_op_ConvInteger = { prep_convint, exec_qc, 0 };
const rt_op rt_op_QLinearConv = { prep_qlconv, exec_qc, 0 };
