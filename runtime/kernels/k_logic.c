/*
 * k_logic.c - comparisons (bool outputs), And/Or/Xor/Not, IsNaN, IsInf, and
 * Where (a three-way broadcast that copies elements of any fixed size).
 */
#include <math.h>
#include <string.h>

#include "k_elemwise.h"

#define COMPARE(X)                                                               \
	X(Equal, x == y)                                                         \
	X(Less, x < y)                                                           \
	X(Greater, x > y)                                                        \
	X(LessOrEqual, x <= y)                                                   \
	X(GreaterOrEqual, x >= y)
#define GEN_CMP(name, e)                                                         \
	EW_BIN(name, f32, float, uint8_t, e) EW_BIN(name, f64, double, uint8_t, e)  \
	EW_BIN(name, i64, int64_t, uint8_t, e) EW_BIN(name, u64, uint64_t, uint8_t, e)
COMPARE(GEN_CMP)
/* bool inputs are normalised to 0/1 by the loader only when converted, so
 * compare truth values */
EW_BIN(Equal, b, uint8_t, uint8_t, !x == !y)
EW_BIN(And, b, uint8_t, uint8_t, x && y)
EW_BIN(Or, b, uint8_t, uint8_t, x || y)
EW_BIN(Xor, b, uint8_t, uint8_t, !x != !y)
EW_UN(Not, b, uint8_t, uint8_t, u, !x)
EW_UN(IsNaN, f32, float, uint8_t, f, x != x)
EW_UN(IsNaN, f64, double, uint8_t, f, x != x)
EW_UN(IsInf, f32, float, uint8_t, f, isinf(x) && (x > 0 ? p1 != 0 : p0 != 0))
EW_UN(IsInf, f64, double, uint8_t, f, isinf(x) && (x > 0 ? p1 != 0 : p0 != 0))

#define CMP(name) EW_FNS(name##_f32, name##_f64, name##_i64, name##_u64, NULL)
#define BOOL_ONLY(name) EW_FNS(NULL, NULL, NULL, NULL, name##_b)

static const ew_desc logic_ops[] = {
	EW_D(Equal, EW_BINARY, EW_BOOL_OUT, EW_FNS(Equal_f32, Equal_f64, Equal_i64, Equal_u64, Equal_b)),
	EW_D(Less, EW_BINARY, EW_BOOL_OUT, CMP(Less)),
	EW_D(Greater, EW_BINARY, EW_BOOL_OUT, CMP(Greater)),
	EW_D(LessOrEqual, EW_BINARY, EW_BOOL_OUT, CMP(LessOrEqual)),
	EW_D(GreaterOrEqual, EW_BINARY, EW_BOOL_OUT, CMP(GreaterOrEqual)),
	EW_D(And, EW_BINARY, 0, BOOL_ONLY(And)),
	EW_D(Or, EW_BINARY, 0, BOOL_ONLY(Or)),
	EW_D(Xor, EW_BINARY, 0, BOOL_ONLY(Xor)),
	EW_D(Not, EW_UNARY, 0, BOOL_ONLY(Not)),
	EW_D(IsNaN, EW_UNARY, EW_BOOL_OUT, EW_FL(IsNaN)),
	EW_DA(IsInf, EW_UNARY, EW_BOOL_OUT, EW_FL(IsInf),
	      .attr = { "detect_negative", "detect_positive" }, .dflt = { 1, 1 }),
};

static int prep_logic(rt_node *n, onnxc_err *err)
{
	return ew_prep_in(n, logic_ops, EW_COUNT(logic_ops), err);
}

/* ---- Where ---- */

static int prep_where(rt_node *n, onnxc_err *err)
{
	int k, dt;
	ew_plan *p;

	if (n->n_in < 3 || !n->out[0])
		return rt_fail(n, err, ONNXC_EINVAL, "needs 3 inputs and an output");
	for (k = 0; k < 3; k++)
		if (!n->in[k])
			return rt_fail(n, err, ONNXC_EINVAL, "input %d is missing", k);
	dt = n->in[1]->dtype;
	if (n->in[0]->dtype != IR_BOOL)
		return rt_fail(n, err, ONNXC_EINVAL, "condition must be bool, not %s",
			       ir_dtype_name(n->in[0]->dtype));
	if (n->in[2]->dtype != dt)
		return rt_fail(n, err, ONNXC_EINVAL, "X is %s but Y is %s", ir_dtype_name(dt),
			       ir_dtype_name(n->in[2]->dtype));
	if (dt == IR_STRING || !ir_dtype_size(dt))
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "element type %s is not supported",
			       ir_dtype_name(dt));
	p = ew_plan_make(n, 3, NULL, 0, dt, err);
	return p ? 0 : -1;
}

typedef struct b16 {
	uint64_t lo, hi;
} b16;

typedef struct where_ctx {
	const rt_node *n;
	const ew_plan *p;
} where_ctx;

#define WHERE_LOOP(T)                                                                    \
	do {                                                                             \
		const T *x = (const T *)n->in[1]->data + ox, *y = (const T *)n->in[2]->data + oy; \
		T *o = (T *)n->out[0]->data + oo;                                        \
		for (i = 0; i < len; i++)                                                \
			o[i] = c[i * sc] ? x[i * sx] : y[i * sy];                        \
	} while (0)

/* where_run: one run of the output (see ew_run_fn) */
static void where_run(void *ctx, const int64_t *coord, int64_t j0, int64_t len, int64_t oo)
{
	const where_ctx *w = ctx;
	const rt_node *n = w->n;
	const ew_plan *p = w->p;
	int r1 = p->rank - 1;
	const uint8_t *c = (const uint8_t *)n->in[0]->data + ew_off(p, 0, coord, j0);
	int64_t ox = ew_off(p, 1, coord, j0), oy = ew_off(p, 2, coord, j0), i;
	int64_t sc = p->in[0].st[r1], sx = p->in[1].st[r1], sy = p->in[2].st[r1];

	switch (p->in[1].es) {
	case 1: WHERE_LOOP(uint8_t); break;
	case 2: WHERE_LOOP(uint16_t); break;
	case 4: WHERE_LOOP(uint32_t); break;
	case 8: WHERE_LOOP(uint64_t); break;
	default: WHERE_LOOP(b16); break;
	}
}

static void where_chunk(void *arg, int64_t i0, int64_t i1)
{
	where_ctx *w = arg;

	ew_walk(w->p, i0, i1, where_run, w);
}

static int exec_where(rt_node *n, onnxc_err *err)
{
	where_ctx w = { n, n->params };

	(void)err;
	rt_parallel_for_grain(n, n->out[0]->numel, RT_PAR_ELEMS, where_chunk, &w);
	return 0;
}

#define LOGIC_OP(name, flags) const rt_op rt_op_##name = { prep_logic, ew_exec, flags };
LOGIC_OP(Equal, 0) LOGIC_OP(Less, 0) LOGIC_OP(Greater, 0) LOGIC_OP(LessOrEqual, 0)
LOGIC_OP(GreaterOrEqual, 0) LOGIC_OP(IsNaN, 0) LOGIC_OP(IsInf, 0)
LOGIC_OP(And, RT_INPLACE) LOGIC_OP(Or, RT_INPLACE) LOGIC_OP(Xor, RT_INPLACE) LOGIC_OP(Not, RT_INPLACE)
const rt_op rt_op_Where = { prep_where, exec_where, 0 };
