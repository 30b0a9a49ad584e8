/*
 * k_cast.c - conversions between every pair of numeric/bool element types
 * (the table the elementwise engine loads and stores through), and the Cast
 * and CastLike kernels.
 *
 * Semantics (ONNX leaves out-of-range casts undefined; these are defined):
 *   float -> integer: truncation toward zero, NaN -> 0, saturation to the
 *     int64 range, then wrapping modulo 2^bits into the target type (-1.0 ->
 *     255 for uint8, as numpy on x86); into uint64, values from 2^63 up
 *     convert directly (saturating at 2^64-1);
 *   integer -> integer: wraps modulo 2^bits (two's complement);
 *   anything -> bool: value != 0 (NaN -> true); bool -> anything: 0 or 1;
 *   -> float16/bfloat16: round to nearest even (via float, so a double is
 *     rounded twice).
 *   to and from strings: see rt_str_cast (k_string.h); only at prepare.
 * Complex numbers are refused.
 */
#include <string.h>

#include "k_elemwise.h"
#include "k_string.h"

static inline int64_t f2i64(double v)
{
	if (!(v == v))
		return 0;
	if (v >= 9223372036854775808.0)
		return INT64_MAX;
	if (v < -9223372036854775808.0)
		return INT64_MIN;
	return (int64_t)v;
}

static inline uint64_t f2u64(double v)
{
	if (v >= 9223372036854775808.0)
		return v >= 18446744073709551616.0 ? UINT64_MAX : (uint64_t)v;
	return (uint64_t)f2i64(v);
}

/* per tag: storage type, load (to a C value) and store (from a C value) */
#define ST_f32 float
#define ST_f64 double
#define ST_f16 uint16_t
#define ST_bf16 uint16_t
#define ST_i8 int8_t
#define ST_i16 int16_t
#define ST_i32 int32_t
#define ST_i64 int64_t
#define ST_u8 uint8_t
#define ST_u16 uint16_t
#define ST_u32 uint32_t
#define ST_u64 uint64_t
#define ST_b uint8_t

#define LD_f16(x) rt_half_to_float(x)
#define LD_bf16(x) rt_bf16_to_float(x)
#define LD_b(x) ((uint8_t)((x) != 0))
#define LD_f32(x) (x)
#define LD_f64(x) (x)
#define LD_i8(x) (x)
#define LD_i16(x) (x)
#define LD_i32(x) (x)
#define LD_i64(x) (x)
#define LD_u8(x) (x)
#define LD_u16(x) (x)
#define LD_u32(x) (x)
#define LD_u64(x) (x)

#define TO_I(v) _Generic((v), float: f2i64(v), double: f2i64(v), default: (v))
#define CV_f32(v) ((float)(v))
#define CV_f64(v) ((double)(v))
#define CV_f16(v) rt_float_to_half((float)(v))
#define CV_bf16(v) rt_float_to_bf16((float)(v))
#define CV_i8(v) ((int8_t)TO_I(v))
#define CV_i16(v) ((int16_t)TO_I(v))
#define CV_i32(v) ((int32_t)TO_I(v))
#define CV_i64(v) ((int64_t)TO_I(v))
#define CV_u8(v) ((uint8_t)TO_I(v))
#define CV_u16(v) ((uint16_t)TO_I(v))
#define CV_u32(v) ((uint32_t)TO_I(v))
#define CV_u64(v) ((uint64_t)_Generic((v), float: f2u64(v), double: f2u64(v), default: (v)))
#define CV_b(v) ((uint8_t)((v) != 0))

/* the tags in table order (EW_TAGS2 is the same list, for nesting) */
#define EW_TAGS(X, A) X(A, f32) X(A, f64) X(A, f16) X(A, bf16) X(A, i8) X(A, i16) X(A, i32) \
	X(A, i64) X(A, u8) X(A, u16) X(A, u32) X(A, u64) X(A, b)
#define EW_TAGS2(X, A) X(A, f32) X(A, f64) X(A, f16) X(A, bf16) X(A, i8) X(A, i16) X(A, i32) \
	X(A, i64) X(A, u8) X(A, u16) X(A, u32) X(A, u64) X(A, b)

#define CVT_FN(S, D)                                                                     \
	static void cvt_##S##_##D(const void *s_, int64_t ss, void *d_, int64_t n)          \
	{                                                                                   \
		const ST_##S *s = s_;                                                       \
		ST_##D *d = d_;                                                             \
		if (!ss) {                                                                  \
			const ST_##D v = CV_##D(LD_##S(s[0]));                              \
			EW_FOR(i, n, d[i] = v;);                                            \
			return;                                                             \
		}                                                                           \
		EW_FOR(i, n, d[i] = CV_##D(LD_##S(s[i])););                                 \
	}
#define CVT_ROW(unused, S) EW_TAGS2(CVT_FN, S)
EW_TAGS(CVT_ROW, _)

#define CVT_ENT(S, D) cvt_##S##_##D,
#define CVT_TROW(unused, S) { EW_TAGS2(CVT_ENT, S) },
static const ew_cvt_fn cvt_table[13][13] = { EW_TAGS(CVT_TROW, _) };

/* tag: the table index of an element type, -1 if it has none */
static int tag(int dt)
{
	switch (dt) {
	case IR_FLOAT: return 0;
	case IR_DOUBLE: return 1;
	case IR_FLOAT16: return 2;
	case IR_BFLOAT16: return 3;
	case IR_INT8: return 4;
	case IR_INT16: return 5;
	case IR_INT32: return 6;
	case IR_INT64: return 7;
	case IR_UINT8: return 8;
	case IR_UINT16: return 9;
	case IR_UINT32: return 10;
	case IR_UINT64: return 11;
	case IR_BOOL: return 12;
	default: return -1;
	}
}

ew_cvt_fn ew_cvt(int from_dtype, int to_dtype)
{
	int a = tag(from_dtype), b = tag(to_dtype);

	return a < 0 || b < 0 ? NULL : cvt_table[a][b];
}

/* ---- Cast, CastLike ---- */

/* dtype_by_name: Cast-1's `to` is a string naming a TensorProto.DataType */
static int dtype_by_name(const char *s)
{
	static const char *const names[IR_DTYPE_COUNT] = {
		"UNDEFINED", "FLOAT", "UINT8", "INT8", "UINT16", "INT16", "INT32", "INT64",
		"STRING", "BOOL", "FLOAT16", "DOUBLE", "UINT32", "UINT64", "COMPLEX64",
		"COMPLEX128", "BFLOAT16"
	};
	int i;

	for (i = 1; i < IR_DTYPE_COUNT; i++)
		if (!strcmp(s, names[i]))
			return i;
	return 0;
}

/* cast_prep: output = input 0's shape in type `to`; the converter is the
 * node's params. */
static int cast_prep_to(rt_node *n, int to, onnxc_err *err)
{
	const rt_tensor *x = n->in[0];
	ew_cvt_fn *fn;

	if (to == IR_STRING || x->dtype == IR_STRING) {
		/* folded at prepare (k_string.c); no converter */
		int other = to == IR_STRING ? x->dtype : to;
		if (other != IR_STRING && (!ir_dtype_size(other) || other == IR_COMPLEX64 ||
					   other == IR_COMPLEX128))
			return rt_fail(n, err, ONNXC_EUNSUPPORTED, "cannot cast %s to %s",
				       ir_dtype_name(x->dtype), ir_dtype_name(to));
		/* CastLike folds only when its `like` input is known too */
		if (rt_need_const(n, 0, err) || (n->n_in > 1 && rt_need_const(n, 1, err)))
			return -1;
		return rt_set_shape(n, n->out[0], to, x->rank, x->dims, err);
	}
	if (!ew_cvt(x->dtype, to))
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "cannot cast %s to %s",
			       ir_dtype_name(x->dtype), ir_dtype_name(to));
	if (rt_set_shape(n, n->out[0], to, x->rank, x->dims, err))
		return -1;
	fn = onnxc_malloc(sizeof *fn);
	if (!fn)
		return onnxc_oom(err);
	*fn = ew_cvt(x->dtype, to);
	n->params = fn;
	return 0;
}

static int check_io(rt_node *n, int n_in, onnxc_err *err)
{
	int k;

	if (n->n_in < n_in || !n->out[0])
		return rt_fail(n, err, ONNXC_EINVAL, "needs %d input(s) and an output", n_in);
	for (k = 0; k < n_in; k++)
		if (!n->in[k])
			return rt_fail(n, err, ONNXC_EINVAL, "input %d is missing", k);
	return 0;
}

static int prep_cast(rt_node *n, onnxc_err *err)
{
	const ir_attr *a = ir_attr_get(n->ir, "to");
	int to;

	if (check_io(n, 1, err))
		return -1;
	if (!a)
		return rt_fail(n, err, ONNXC_EINVAL, "attribute 'to' is missing");
	if (a->kind == IR_ATTR_STRING)
		to = a->s ? dtype_by_name(a->s) : 0;
	else
		to = a->i > 0 && a->i < IR_DTYPE_COUNT ? (int)a->i : 0;
	if (!to || !ir_dtype_valid(to))
		return rt_fail(n, err, ONNXC_EINVAL, "attribute 'to' names no element type");
	return cast_prep_to(n, to, err);
}

static int prep_castlike(rt_node *n, onnxc_err *err)
{
	if (check_io(n, 2, err))
		return -1;
	return cast_prep_to(n, n->in[1]->dtype, err);
}

static void cast_chunk(void *arg, int64_t i0, int64_t i1)
{
	const rt_node *n = arg;
	const ew_cvt_fn *fn = n->params;
	size_t si = ir_dtype_size(n->in[0]->dtype), so = ir_dtype_size(n->out[0]->dtype);

	(*fn)((const char *)n->in[0]->data + (size_t)i0 * si, 1,
	      (char *)n->out[0]->data + (size_t)i0 * so, i1 - i0);
}

static int exec_cast(rt_node *n, onnxc_err *err)
{
	if (n->in[0]->dtype == IR_STRING || n->out[0]->dtype == IR_STRING)
		return rt_str_cast(n, err);
	rt_parallel_for_grain(n, n->out[0]->numel, RT_PAR_ELEMS, cast_chunk, n);
	return 0;
}

const rt_op rt_op_Cast = { prep_cast, exec_cast, RT_STRINGS };
const rt_op rt_op_CastLike = { prep_castlike, exec_cast, RT_STRINGS };
