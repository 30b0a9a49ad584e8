/*
 * k_binary.c - arithmetic with broadcasting: Add, Sub, Mul, Div, Pow, Mod,
 * BitShift, PRelu, and the variadic Max, Min, Sum, Mean.
 *
 * Integer semantics: int8..int64 compute in int64 and wrap like two's
 * complement; Div truncates toward zero; Mod (fmod=0) takes the divisor's
 * sign, fmod=1 the dividend's; division or modulus by zero gives 0 (ONNX
 * leaves it undefined).  Pow with an integer base and an integer exponent
 * multiplies exactly (a negative exponent gives 0 unless the base is +-1);
 * with a floating exponent it computes in double and truncates; an exponent
 * of exactly 2 is x * x (the value pow gives, without the call).  Max/Min
 * propagate NaN like numpy.maximum/minimum.  BitShift by >= the type's bit
 * width gives 0.
 */
#include <math.h>
#include <string.h>
#include <tgmath.h>

#include "k_elemwise.h"

#define NEG_I(v) ((int64_t)(0 - (uint64_t)(v)))
#define WRAP_I(x, op, y) ((int64_t)((uint64_t)(x) op (uint64_t)(y)))

static inline int64_t idiv(int64_t x, int64_t y)
{
	return y == 0 ? 0 : y == -1 ? NEG_I(x) : x / y;
}

static inline int64_t ifmod(int64_t x, int64_t y)
{
	return y == 0 || y == -1 ? 0 : x % y;
}

static inline int64_t imod(int64_t x, int64_t y)
{
	int64_t r = ifmod(x, y);

	return r && ((r < 0) != (y < 0)) ? r + y : r;
}

static inline int64_t ipow(int64_t x, int64_t y)
{
	uint64_t r = 1, b = (uint64_t)x;

	if (y < 0)
		return x == 1 ? 1 : x == -1 ? ((y & 1) ? -1 : 1) : 0;
	while (y) {
		if (y & 1)
			r *= b;
		b *= b;
		y >>= 1;
	}
	return (int64_t)r;
}

/* float and double */
#define BINARY_FLOAT(X)                                                          \
	X(Add, x + y)                                                            \
	X(Sub, x - y)                                                            \
	X(Mul, x * y)                                                            \
	X(Div, x / y)                                                            \
	X(Pow, y == 2 ? x * x : pow(x, y))                                       \
	X(FMod, fmod(x, y))                                                      \
	X(Max, (x > y || x != x) ? x : y)                                        \
	X(Min, (x < y || x != x) ? x : y)                                        \
	X(PRelu, x * (x < 0 ? y : 1))
#define GEN_FLOAT(name, e) EW_BIN(name, f32, float, float, e) EW_BIN(name, f64, double, double, e)
BINARY_FLOAT(GEN_FLOAT)

/* int64 */
#define BINARY_INT(X)                                                            \
	X(Add, WRAP_I(x, +, y))                                                  \
	X(Sub, WRAP_I(x, -, y))                                                  \
	X(Mul, WRAP_I(x, *, y))                                                  \
	X(Div, idiv(x, y))                                                       \
	X(Pow, ipow(x, y))                                                       \
	X(Mod, imod(x, y))                                                       \
	X(FMod, ifmod(x, y))                                                     \
	X(Max, x > y ? x : y)                                                    \
	X(Min, x < y ? x : y)                                                    \
	X(PRelu, x < 0 ? WRAP_I(y, *, x) : x)
#define GEN_INT(name, e) EW_BIN(name, i64, int64_t, int64_t, e)
BINARY_INT(GEN_INT)

/* uint64 */
#define BINARY_UINT(X)                                                           \
	X(Add, x + y)                                                            \
	X(Sub, x - y)                                                            \
	X(Mul, x * y)                                                            \
	X(Div, y ? x / y : 0)                                                    \
	X(FMod, y ? x % y : 0)                                                   \
	X(Max, x > y ? x : y)                                                    \
	X(Min, x < y ? x : y)                                                    \
	X(PRelu, ((void)y, x))                                                   \
	X(Shl, y >= 64 ? 0 : x << y)                                             \
	X(Shr, y >= 64 ? 0 : x >> y)
#define GEN_UINT(name, e) EW_BIN(name, u64, uint64_t, uint64_t, e)
BINARY_UINT(GEN_UINT)

/* Mean's last step: divide the sum by the input count (p0) */
EW_UN(MeanDiv, f32, float, float, f, x / p0)
EW_UN(MeanDiv, f64, double, double, f, x / p0)
static const ew_fn mean_div[EW_NCT] = EW_FL(MeanDiv);

#define ALL(name) EW_FNS(name##_f32, name##_f64, name##_i64, name##_u64, NULL)

static const ew_desc binary_ops[] = {
	EW_D(Add, EW_BINARY, 0, ALL(Add)),
	EW_D(Sub, EW_BINARY, 0, ALL(Sub)),
	EW_D(Mul, EW_BINARY, 0, ALL(Mul)),
	EW_D(Div, EW_BINARY, 0, ALL(Div)),
	EW_D(Pow, EW_BINARY, EW_MIXED, EW_FNS(Pow_f32, Pow_f64, Pow_i64, NULL, NULL)),
	EW_D(PRelu, EW_PRELU, 0, ALL(PRelu)),
	EW_D(Max, EW_VARIADIC, 0, ALL(Max)),
	EW_D(Min, EW_VARIADIC, 0, ALL(Min)),
	EW_D(Sum, EW_VARIADIC, 0, ALL(Add)),
	EW_DA(Mean, EW_VARIADIC, 0, EW_FL(Add), .fin = mean_div),
};

static const ew_desc mod_int = EW_D(Mod, EW_BINARY, 0, EW_FNS(NULL, NULL, Mod_i64, FMod_u64, NULL));
static const ew_desc mod_fmod = EW_D(Mod, EW_BINARY, 0, ALL(FMod));
static const ew_desc shift_left = EW_D(BitShift, EW_BINARY, 0, EW_FNS(NULL, NULL, NULL, Shl_u64, NULL));
static const ew_desc shift_right = EW_D(BitShift, EW_BINARY, 0, EW_FNS(NULL, NULL, NULL, Shr_u64, NULL));

static int prep_binary(rt_node *n, onnxc_err *err)
{
	return ew_prep_in(n, binary_ops, EW_COUNT(binary_ops), err);
}

static int prep_mod(rt_node *n, onnxc_err *err)
{
	int64_t fm = ir_attr_int(n->ir, "fmod", 0);
	int ct = n->n_in > 0 && n->in[0] ? ew_ct_of(n->in[0]->dtype) : -1;

	if (fm != 0 && fm != 1)
		return rt_fail(n, err, ONNXC_EINVAL, "attribute fmod must be 0 or 1, not %lld",
			       (long long)fm);
	if (!fm && (ct == EW_F32 || ct == EW_F64))
		return rt_fail(n, err, ONNXC_EINVAL, "fmod must be 1 for floating-point inputs (%s)",
			       ir_dtype_name(n->in[0]->dtype));
	return ew_prep(n, fm ? &mod_fmod : &mod_int, err);
}

static int prep_bitshift(rt_node *n, onnxc_err *err)
{
	const char *dir = ir_attr_string(n->ir, "direction", "");

	if (!strcmp(dir, "LEFT"))
		return ew_prep(n, &shift_left, err);
	if (!strcmp(dir, "RIGHT"))
		return ew_prep(n, &shift_right, err);
	return rt_fail(n, err, ONNXC_EINVAL, "attribute direction must be LEFT or RIGHT, not '%s'",
		       dir);
}

#define BINARY_OP(name) const rt_op rt_op_##name = { prep_binary, ew_exec, RT_INPLACE };
BINARY_OP(Add) BINARY_OP(Sub) BINARY_OP(Mul) BINARY_OP(Div) BINARY_OP(Pow) BINARY_OP(PRelu)
BINARY_OP(Max) BINARY_OP(Min) BINARY_OP(Sum) BINARY_OP(Mean)
const rt_op rt_op_Mod = { prep_mod, ew_exec, RT_INPLACE };
const rt_op rt_op_BitShift = { prep_bitshift, ew_exec, RT_INPLACE };
