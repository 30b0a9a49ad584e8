/*
 * k_softmax.c - Softmax, LogSoftmax, Hardmax (1, 11, 13).
 *
 * Before opset 13 the input is coerced to 2-D at `axis` (default 1): each
 * row of prod(dims[axis:]) elements is normalised as a whole.  From 13 the
 * op works along the single axis `axis` (default -1).  Both are handled as
 * [outer, D, inner] (inner = 1 for the 2-D coercion).
 *
 * Numerically stable: the slice maximum is subtracted before exp; sums are
 * accumulated in double.  Float Softmax over the last axis uses the
 * vectorised exp of k_vmath.h (relative error < 1e-7).  Hardmax puts 1 at the first maximum of each slice.
 * Types: float, double, float16, bfloat16 (the 16-bit types computed in
 * float).  In place is safe: each element is read before its output is
 * written, and never again after.
 */
#include <math.h>
#include <string.h>

#include "k_vmath.h"
#include "rt.h"

enum { SM_SOFTMAX, SM_LOG, SM_HARD };

typedef struct sm_params {
	int kind;
	int64_t outer, d, inner;
} sm_params;

/* prep_sm: validate, output shape = input shape, [outer, D, inner] plan
 * for this opset's axis semantics.  0 or -1. */
static int prep_sm(rt_node *n, int kind, onnxc_err *err)
{
	const rt_tensor *x = n->in[0];
	int v13 = n->ir->since_version >= 13, axis;
	sm_params *p;

	if (!x)
		return rt_fail(n, err, ONNXC_EINVAL, "input is missing");
	if (x->dtype != IR_FLOAT && x->dtype != IR_DOUBLE && x->dtype != IR_FLOAT16 &&
	    x->dtype != IR_BFLOAT16)
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "element type %s is not supported",
			       ir_dtype_name(x->dtype));
	if (x->rank == 0)
		return rt_fail(n, err, ONNXC_EINVAL, "input is a scalar");
	if (rt_axis(n, ir_attr_int(n->ir, "axis", v13 ? -1 : 1), x->rank, &axis, err))
		return -1;
	if (rt_set_shape(n, n->out[0], x->dtype, x->rank, x->dims, err))
		return -1;
	p = onnxc_calloc(1, sizeof *p);
	if (!p)
		return onnxc_oom(err);
	p->kind = kind;
	p->outer = rt_numel(axis, x->dims);
	if (v13) {
		p->d = x->dims[axis];
		p->inner = rt_numel(x->rank - axis - 1, x->dims + axis + 1);
	} else {
		p->d = rt_numel(x->rank - axis, x->dims + axis);
		p->inner = 1;
	}
	n->params = p;
	n->scratch_bytes = p->inner > 1 ? (size_t)p->inner * 3 * sizeof(double) : 0;
	return 0;
}

/*
 * One implementation per element type CT, computing in W (float or double).
 * LOAD/STORE convert elements; EXP/LOG are the W math functions.  The exp of
 * each element is stored in the output and rescaled, except for the 16-bit
 * types (STORE_EXP 0), where it is recomputed to round only once.
 */
#define DEFINE_SM(NAME, CT, W, LOAD, STORE, EXP, LOG, STORE_EXP, VEXP)                       \
	static void NAME(const sm_params *p, const CT *x, CT *y, void *scratch)              \
	{                                                                                    \
		int64_t a, k, j, D = p->d, in = p->inner;                                    \
		double *mx, *sum, *arg;                                                      \
		if (in == 1) {                                                               \
			for (a = 0; a < p->outer; a++, x += D, y += D) {                     \
				W m = LOAD(x[0]);                                            \
				double s = 0;                                                \
				int64_t am = 0;                                              \
				for (k = 1; k < D; k++)                                      \
					if (LOAD(x[k]) > m) {                                \
						m = LOAD(x[k]);                              \
						am = k;                                      \
					}                                                    \
				if (p->kind == SM_HARD) {                                    \
					for (k = 0; k < D; k++)                              \
						y[k] = STORE((W)(k == am));                  \
					continue;                                            \
				}                                                            \
				if (VEXP && p->kind == SM_SOFTMAX)                           \
					s = rt_vexp_sum_f((const float *)x, (float *)y, D,   \
							  (float)m);                         \
				else                                                         \
					for (k = 0; k < D; k++) {                            \
						W e = EXP(LOAD(x[k]) - m);                   \
						if (STORE_EXP && p->kind == SM_SOFTMAX)      \
							y[k] = STORE(e);                     \
						s += e;                                      \
					}                                                    \
				if (p->kind == SM_LOG) {                                     \
					W l = (W)log(s);                                     \
					for (k = 0; k < D; k++)                              \
						y[k] = STORE((LOAD(x[k]) - m) - l);          \
				} else if (STORE_EXP) {                                      \
					W r = (W)(1 / s);                                    \
					for (k = 0; k < D; k++)                              \
						y[k] = STORE(LOAD(y[k]) * r);                \
				} else {                                                     \
					W r = (W)(1 / s);                                    \
					for (k = 0; k < D; k++)                              \
						y[k] = STORE(EXP(LOAD(x[k]) - m) * r);       \
				}                                                            \
			}                                                                    \
			return;                                                              \
		}                                                                            \
		mx = scratch;                                                                \
		sum = mx + in;                                                               \
		arg = sum + in;                                                              \
		for (a = 0; a < p->outer; a++, x += D * in, y += D * in) {                   \
			for (j = 0; j < in; j++) {                                           \
				mx[j] = LOAD(x[j]);                                          \
				sum[j] = 0;                                                  \
				arg[j] = 0;                                                  \
			}                                                                    \
			for (k = 1; k < D; k++)                                              \
				for (j = 0; j < in; j++)                                     \
					if (LOAD(x[k * in + j]) > mx[j]) {                   \
						mx[j] = LOAD(x[k * in + j]);                 \
						arg[j] = (double)k;                          \
					}                                                    \
			if (p->kind == SM_HARD) {                                            \
				for (k = 0; k < D; k++)                                      \
					for (j = 0; j < in; j++)                             \
						y[k * in + j] = STORE((W)(arg[j] == (double)k)); \
				continue;                                                    \
			}                                                                    \
			for (k = 0; k < D; k++)                                              \
				for (j = 0; j < in; j++) {                                   \
					W e = EXP(LOAD(x[k * in + j]) - (W)mx[j]);           \
					if (STORE_EXP && p->kind == SM_SOFTMAX)              \
						y[k * in + j] = STORE(e);                    \
					sum[j] += e;                                         \
				}                                                            \
			for (j = 0; j < in; j++)                                             \
				sum[j] = p->kind == SM_LOG ? log(sum[j]) : 1 / sum[j];       \
			for (k = 0; k < D; k++)                                              \
				for (j = 0; j < in; j++) {                                   \
					int64_t i = k * in + j;                              \
					if (p->kind == SM_LOG)                               \
						y[i] = STORE((LOAD(x[i]) - (W)mx[j]) -       \
							     (W)sum[j]);                     \
					else if (STORE_EXP)                                  \
						y[i] = STORE(LOAD(y[i]) * (W)sum[j]);        \
					else                                                 \
						y[i] = STORE(EXP(LOAD(x[i]) - (W)mx[j]) *    \
							     (W)sum[j]);                     \
				}                                                            \
		}                                                                            \
	}

#define ID(v) (v)
#define H2F(v) rt_half_to_float(v)
#define F2H(v) rt_float_to_half(v)
#define B2F(v) rt_bf16_to_float(v)
#define F2B(v) rt_float_to_bf16(v)
DEFINE_SM(sm_f32, float, float, ID, ID, expf, logf, 1, 1)
DEFINE_SM(sm_f64, double, double, ID, ID, exp, log, 1, 0)
DEFINE_SM(sm_f16, uint16_t, float, H2F, F2H, expf, logf, 0, 0)
DEFINE_SM(sm_bf16, uint16_t, float, B2F, F2B, expf, logf, 0, 0)

static int exec_sm(rt_node *n, onnxc_err *err)
{
	const sm_params *p = n->params;
	const rt_tensor *x = n->in[0];
	rt_tensor *y = n->out[0];

	(void)err;
	if (y->numel == 0)
		return 0;
	switch (x->dtype) {
	case IR_FLOAT: sm_f32(p, x->data, y->data, n->scratch); break;
	case IR_DOUBLE: sm_f64(p, x->data, y->data, n->scratch); break;
	case IR_FLOAT16: sm_f16(p, x->data, y->data, n->scratch); break;
	default: sm_bf16(p, x->data, y->data, n->scratch); break;
	}
	return 0;
}

static int prep_softmax(rt_node *n, onnxc_err *err)
{
	return prep_sm(n, SM_SOFTMAX, err);
}

static int prep_logsoftmax(rt_node *n, onnxc_err *err)
{
	return prep_sm(n, SM_LOG, err);
}

static int prep_hardmax(rt_node *n, onnxc_err *err)
{
	return prep_sm(n, SM_HARD, err);
}

const rt_op rt_op_Softmax = { prep_softmax, exec_sm, RT_INPLACE };
const rt_op rt_op_LogSoftmax = { prep_logsoftmax, exec_sm, RT_INPLACE };
const rt_op rt_op_Hardmax = { prep_hardmax, exec_sm, RT_INPLACE };
