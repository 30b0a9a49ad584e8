/*
 * k_act.h - activation formulas shared by the elementwise kernels
 * (k_unary.c) and the fused activations of Conv, ConvTranspose, Gemm and
 * MatMul (ir_node.fused_act, set by the fuse_act pass), so that a fused
 * activation computes bit for bit what the standalone node computes.
 *
 * ACT_* are expressions in x (float or double) and the parameters a, b;
 * rt_act_f / rt_act_d apply a fused activation to an array in place.
 */
#ifndef ONNXC_K_ACT_H
#define ONNXC_K_ACT_H

#include <math.h>
#include <stdint.h>

#include "k_vmath.h"
#include "rt.h"

#define ACT_MAXV(a, b) ((a) < (b) ? (b) : (a))   /* NaN in a propagates */
#define ACT_MINV(a, b) ((b) < (a) ? (b) : (a))
#define ACT_CLAMP01(v) ACT_MINV(ACT_MAXV((v), 0), 1)

static inline float act_sigmoid_f(float x)
{
	const float e = expf(-fabsf(x));   /* one exp, never overflowing */

	return x >= 0 ? 1 / (1 + e) : e / (1 + e);
}

static inline double act_sigmoid_d(double x)
{
	const double e = exp(-fabs(x));

	return x >= 0 ? 1 / (1 + e) : e / (1 + e);
}

#define ACT_RELU(x) ((x) < 0 ? 0 : (x))
#define ACT_LEAKYRELU(x, a) ((x) * ((x) < 0 ? (a) : 1))
#define ACT_HARDSIGMOID(x, a, b) ACT_CLAMP01((a) * (x) + (b))
#define ACT_HARDSWISH(x) ((x) * ACT_CLAMP01((x) / 6 + 0.5f))
#define ACT_CLIP(x, lo, hi) ACT_MINV(ACT_MAXV((x), (lo)), (hi))
#define ACT_SIGMOID(x) _Generic((x), float: act_sigmoid_f, double: act_sigmoid_d)(x)
#define ACT_TANH(x) _Generic((x), float: tanhf, double: tanh)(x)

/* A fused activation: op (IR_OP_UNKNOWN: none) with LeakyRelu alpha /
 * HardSigmoid alpha, beta / Clip min, max in alpha, beta. */
typedef struct rt_act {
	ir_op op;
	float alpha, beta;
} rt_act;

/* rt_act_of: the fused activation of node n. */
static inline rt_act rt_act_of(const ir_node *n)
{
	rt_act a = { n->fused_act, n->fused_alpha, n->fused_beta };

	return a;
}

/* rt_act_clamp: 1 when a is Relu or Clip, the clamp of x to [c[0], c[1]]
 * computed as ACT_CLIP does (Relu is [0, inf]: the same bits as
 * ACT_RELU), with c set; else 0 (c untouched). */
static inline int rt_act_clamp(const rt_act *a, float c[2])
{
	if (a->op == IR_OP_Relu) {
		c[0] = 0.0f;
		c[1] = INFINITY;
		return 1;
	}
	if (a->op == IR_OP_Clip) {
		c[0] = a->alpha;
		c[1] = a->beta;
		return 1;
	}
	return 0;
}

/* rt_act_known: 1 when op is none or an activation rt_act_f/_d apply. */
static inline int rt_act_known(ir_op op)
{
	switch (op) {
	case IR_OP_UNKNOWN: case IR_OP_Relu: case IR_OP_LeakyRelu: case IR_OP_Clip:
	case IR_OP_Sigmoid: case IR_OP_HardSigmoid: case IR_OP_HardSwish: case IR_OP_Tanh:
		return 1;
	default:
		return 0;
	}
}

/* rt_act_check: prep's check of n's fused activation: none, or one of the
 * above on a float or double output.  0, or -1 (err naming the node). */
static inline int rt_act_check(const rt_node *n, int dtype, onnxc_err *err)
{
	ir_op op = n->ir->fused_act;

	if (op == IR_OP_UNKNOWN)
		return 0;
	if (!rt_act_known(op))
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "fused activation %s is not supported",
			       op > 0 && op < IR_OP_COUNT ? ir_ops[op].name : "?");
	if (dtype != IR_FLOAT && dtype != IR_DOUBLE)
		return rt_fail(n, err, ONNXC_EUNSUPPORTED,
			       "fused activation %s is not supported on %s outputs",
			       ir_ops[op].name, ir_dtype_name(dtype));
	return 0;
}

/* act_vec_f / _d: rt_vact_f where it applies (float arrays of 64 or more
 * elements), returning 1 when done */
static inline int act_vec_f(const rt_act *a, float *y, int64_t n)
{
	return n >= 64 && rt_vact_f(a, y, n);
}

static inline int act_vec_d(const rt_act *a, double *y, int64_t n)
{
	(void)a, (void)y, (void)n;
	return 0;
}

/* ACT_LOOP(EXPR): y[0..n) = ACT_<op>(y[i]) with parameters p0, p1 of type T */
#define ACT_LOOP(EXPR)                                                   \
	for (i = 0; i < n; i++) {                                        \
		const T x = y[i];                                        \
		y[i] = (T)(EXPR);                                        \
	}                                                                \
	break;

#define ACT_DEF(SUFFIX, TYPE)                                                        \
	static inline void rt_act_##SUFFIX(const rt_act *a, TYPE *y, int64_t n)      \
	{                                                                            \
		typedef TYPE T;                                                      \
		const T p0 = a->alpha, p1 = a->beta;                                 \
		int64_t i;                                                           \
                                                                                     \
		if (act_vec_##SUFFIX(a, y, n))                                       \
			return;                                                      \
		switch (a->op) {                                                     \
		case IR_OP_Relu: ACT_LOOP(ACT_RELU(x))                               \
		case IR_OP_LeakyRelu: ACT_LOOP(ACT_LEAKYRELU(x, p0))                 \
		case IR_OP_Clip: ACT_LOOP(ACT_CLIP(x, p0, p1))                       \
		case IR_OP_Sigmoid: ACT_LOOP(ACT_SIGMOID(x))                         \
		case IR_OP_HardSigmoid: ACT_LOOP(ACT_HARDSIGMOID(x, p0, p1))         \
		case IR_OP_HardSwish: ACT_LOOP(ACT_HARDSWISH(x))                     \
		case IR_OP_Tanh: ACT_LOOP(ACT_TANH(x))                               \
		default: break;                                                      \
		}                                                                    \
	}                                                                            \
	/* rt_act_rows_: the same on `rows` rows of `cols` elements, ld apart */     \
	static inline void rt_act_rows_##SUFFIX(const rt_act *a, TYPE *y, int64_t rows, \
						int64_t cols, int64_t ld)            \
	{                                                                            \
		int64_t r;                                                           \
                                                                                     \
		if (a->op == IR_OP_UNKNOWN)                                          \
			return;                                                      \
		if (ld == cols) {                                                    \
			rt_act_##SUFFIX(a, y, rows * cols);                          \
			return;                                                      \
		}                                                                    \
		for (r = 0; r < rows; r++)                                           \
			rt_act_##SUFFIX(a, y + r * ld, cols);                        \
	}

ACT_DEF(f, float)
ACT_DEF(d, double)

#undef ACT_DEF
#undef ACT_LOOP

/* Output elements per block of depthwise channels computed before the fused
 * activation runs over them (128 KiB of float: well inside L2). */
#define RT_ACT_BLOCK ((int64_t)32768)

#endif
