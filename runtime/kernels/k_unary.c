/*
 * k_unary.c - elementwise unary ops: activations, math functions, rounding,
 * Abs/Neg/Sign, Clip (attributes before opset 11, optional inputs from 11),
 * Shrink.
 *
 * Float ops compute in float for float32/float16/bfloat16 and in double for
 * double; integer ops in int64/uint64 (wrapping like the narrower type).
 * Each op is one expression below, instantiated per compute type.
 */
#include <math.h>
#include <tgmath.h>

#include "k_act.h"
#include "k_elemwise.h"

/* float ops: one expression in x (and p0..p2) for float and double; the
 * activations a Conv/Gemm can absorb (fuse_act) use the formulas of k_act.h */
#define UNARY_FLOAT(X)                                                           \
	X(Relu, ACT_RELU(x))                                                     \
	X(LeakyRelu, ACT_LEAKYRELU(x, p0))                                       \
	X(Elu, x < 0 ? p0 * expm1(x) : x)                                        \
	X(Selu, x <= 0 ? p1 * p0 * expm1(x) : p1 * x)                            \
	X(Celu, x < 0 ? p0 * expm1(x / p0) : x)                                  \
	X(ThresholdedRelu, x > p0 ? x : 0)                                       \
	X(HardSigmoid, ACT_HARDSIGMOID(x, p0, p1))                               \
	X(HardSwish, ACT_HARDSWISH(x))                                           \
	X(Sigmoid, ACT_SIGMOID(x))                                               \
	X(Tanh, ACT_TANH(x))                                                     \
	X(Softplus, EW_MAXV(x, 0) + log1p(exp(-fabs(x))))                        \
	X(Softsign, x / (1 + fabs(x)))                                           \
	X(Erf, erf(x))                                                           \
	X(Exp, exp(x))                                                           \
	X(Log, log(x))                                                           \
	X(Sqrt, sqrt(x))                                                         \
	X(Neg, -x)                                                               \
	X(Abs, fabs(x))                                                          \
	X(Reciprocal, 1 / x)                                                     \
	X(Floor, floor(x))                                                       \
	X(Ceil, ceil(x))                                                         \
	X(Round, nearbyint(x))                                                   \
	X(Sign, x > 0 ? 1 : x < 0 ? -1 : x)                                      \
	X(Sin, sin(x))                                                           \
	X(Cos, cos(x))                                                           \
	X(Tan, tan(x))                                                           \
	X(Asin, asin(x))                                                         \
	X(Acos, acos(x))                                                         \
	X(Atan, atan(x))                                                         \
	X(Sinh, sinh(x))                                                         \
	X(Cosh, cosh(x))                                                         \
	X(Asinh, asinh(x))                                                       \
	X(Acosh, acosh(x))                                                       \
	X(Atanh, atanh(x))                                                       \
	X(Clip, ACT_CLIP(x, p0, p1))                                             \
	X(Shrink, x < -p0 ? x + p1 : x > p0 ? x - p1 : 0)

#define GEN_FLOAT(name, e) EW_UN(name, f32, float, float, f, e) EW_UN(name, f64, double, double, f, e)
UNARY_FLOAT(GEN_FLOAT)

/* integer ops (int64 with wrap-around through uint64; uint64) */
#define NEG_I(v) ((int64_t)(0 - (uint64_t)(v)))
EW_UN(Relu, i64, int64_t, int64_t, i, x < 0 ? 0 : x)
EW_UN(Abs, i64, int64_t, int64_t, i, x < 0 ? NEG_I(x) : x)
EW_UN(Neg, i64, int64_t, int64_t, i, NEG_I(x))
EW_UN(Sign, i64, int64_t, int64_t, i, (x > 0) - (x < 0))
EW_UN(Clip, i64, int64_t, int64_t, i, EW_MINV(EW_MAXV(x, p0), p1))
EW_UN(Abs, u64, uint64_t, uint64_t, u, x)
EW_UN(Sign, u64, uint64_t, uint64_t, u, x > 0)
EW_UN(Clip, u64, uint64_t, uint64_t, u, EW_MINV(EW_MAXV(x, p0), p1))

#define FL(name) EW_D(name, EW_UNARY, 0, EW_FL(name))
#define FLA(name, ...) EW_DA(name, EW_UNARY, 0, EW_FL(name), __VA_ARGS__)
#define WITH_INT(name, u64) EW_D(name, EW_UNARY, 0, EW_FNS(name##_f32, name##_f64, name##_i64, u64, NULL))

static const ew_desc unary_ops[] = {
	FLA(LeakyRelu, .attr = { "alpha" }, .dflt = { 0.01f }),
	FLA(Elu, .attr = { "alpha" }, .dflt = { 1.0f }),
	FLA(Selu, .attr = { "alpha", "gamma" },
	    .dflt = { 1.67326319217681884765625f, 1.05070102214813232421875f }),
	FLA(Celu, .attr = { "alpha" }, .dflt = { 1.0f }),
	FLA(ThresholdedRelu, .attr = { "alpha" }, .dflt = { 1.0f }),
	FLA(HardSigmoid, .attr = { "alpha", "beta" }, .dflt = { 0.2f, 0.5f }),
	FL(HardSwish), FL(Sigmoid), FL(Tanh), FL(Softplus), FL(Softsign), FL(Exp), FL(Log),
	FL(Sqrt), FL(Reciprocal), FL(Floor), FL(Ceil), FL(Round), FL(Sin), FL(Cos), FL(Tan),
	FL(Asin), FL(Acos), FL(Atan), FL(Sinh), FL(Cosh), FL(Asinh), FL(Acosh), FL(Atanh),
	EW_D(Erf, EW_UNARY, EW_INT_VIA_F64, EW_FL(Erf)),
	EW_DA(Shrink, EW_UNARY, EW_INT_VIA_F64, EW_FL(Shrink), .attr = { "lambd", "bias" },
	      .dflt = { 0.5f, 0.0f }),
	WITH_INT(Relu, NULL), WITH_INT(Neg, NULL), WITH_INT(Abs, Abs_u64), WITH_INT(Sign, Sign_u64),
	EW_DA(Clip, EW_UNARY, 0, EW_FNS(Clip_f32, Clip_f64, Clip_i64, Clip_u64, NULL),
	      .attr = { "min", "max" }, .dflt = { -INFINITY, INFINITY }),
};

static int prep_unary(rt_node *n, onnxc_err *err)
{
	return ew_prep_in(n, unary_ops, EW_COUNT(unary_ops), err);
}

/* ---- Clip: from opset 11 the bounds are optional scalar inputs ---- */

static int prep_clip(rt_node *n, onnxc_err *err)
{
	int k;

	if (n->ir->since_version >= 11)
		for (k = 1; k < n->n_in && k < 3; k++) {
			const rt_tensor *b = n->in[k];
			if (!b || !n->in[0])
				continue;
			if (b->dtype != n->in[0]->dtype)
				return rt_fail(n, err, ONNXC_EINVAL, "input %d is %s but input 0 is %s",
					       k, ir_dtype_name(b->dtype),
					       ir_dtype_name(n->in[0]->dtype));
			if (b->numel != 1)
				return rt_fail(n, err, ONNXC_EINVAL,
					       "input %d (%s) must be a scalar, has %lld elements", k,
					       k == 1 ? "min" : "max", (long long)b->numel);
		}
	return prep_unary(n, err);
}

static int exec_clip(rt_node *n, onnxc_err *err)
{
	const ew_plan *p = n->params;
	const rt_tensor *lo = n->n_in > 1 ? n->in[1] : NULL, *hi = n->n_in > 2 ? n->in[2] : NULL;
	ew_k k = p->k;

	(void)err;
	if (n->ir->since_version < 11)
		return ew_run(n, &k);
	k.f[0] = lo ? rt_get_f(lo, 0) : -INFINITY;
	k.f[1] = hi ? rt_get_f(hi, 0) : INFINITY;
	k.i[0] = lo ? rt_get_i(lo, 0) : INT64_MIN;
	k.i[1] = hi ? rt_get_i(hi, 0) : INT64_MAX;
	k.u[0] = lo ? (uint64_t)rt_get_i(lo, 0) : 0;
	k.u[1] = hi ? (uint64_t)rt_get_i(hi, 0) : UINT64_MAX;
	return ew_run(n, &k);
}

#define UNARY_OP(name) const rt_op rt_op_##name = { prep_unary, ew_exec, RT_INPLACE };
UNARY_OP(Relu) UNARY_OP(LeakyRelu) UNARY_OP(Elu) UNARY_OP(Selu) UNARY_OP(Celu)
UNARY_OP(ThresholdedRelu) UNARY_OP(HardSigmoid) UNARY_OP(HardSwish) UNARY_OP(Sigmoid)
UNARY_OP(Tanh) UNARY_OP(Softplus) UNARY_OP(Softsign) UNARY_OP(Erf) UNARY_OP(Exp) UNARY_OP(Log)
UNARY_OP(Sqrt) UNARY_OP(Neg) UNARY_OP(Abs) UNARY_OP(Reciprocal) UNARY_OP(Floor) UNARY_OP(Ceil)
UNARY_OP(Round) UNARY_OP(Sign) UNARY_OP(Sin) UNARY_OP(Cos) UNARY_OP(Tan) UNARY_OP(Asin)
UNARY_OP(Acos) UNARY_OP(Atan) UNARY_OP(Sinh) UNARY_OP(Cosh) UNARY_OP(Asinh) UNARY_OP(Acosh)
UNARY_OP(Atanh) UNARY_OP(Shrink)
const rt_op rt_op_Clip = { prep_clip, exec_clip, RT_INPLACE };
