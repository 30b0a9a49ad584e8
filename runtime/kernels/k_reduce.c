/*
 * k_reduce.c - ReduceSum, ReduceMean, ReduceMax, ReduceMin, ReduceProd,
 * ReduceL1, ReduceL2, ReduceLogSum, ReduceLogSumExp, ReduceSumSquare.
 *
 * Axes come from the "axes" attribute, except ReduceSum-13 which reads them
 * from its optional second input (constant at prepare; empty or omitted
 * means every axis, or a copy with noop_with_empty_axes=1).  Negative axes
 * count from the end; duplicates are an error.
 *
 * prep drops size-1 dims and merges neighbouring dims that are all reduced
 * or all kept; exec walks the input once in memory order with an odometer
 * over the merged dims, accumulating into one accumulator per output
 * (double for floating types, int64 for integer sums/products/extrema)
 * held in scratch, then finishes (mean, sqrt, log) into the output.
 * LogSumExp makes two passes (max, then sum of exp(x - max)).  Reducing an
 * empty set gives 0 (Sum, L1, L2, SumSquare), 1 (Prod), -inf/+inf or the
 * integer type's extreme (Max/Min), NaN (Mean), -inf (LogSum, LogSumExp).
 */
#include <math.h>
#include <string.h>

#include "rt.h"

enum { R_SUM, R_MEAN, R_MAX, R_MIN, R_PROD, R_L1, R_L2, R_LOGSUM, R_LOGSUMEXP, R_SUMSQ };
/* how one element is folded into its accumulator */
enum { A_ADD, A_ABS, A_SQ, A_MUL, A_MAX, A_MIN, A_EXP };

typedef struct rd_params {
	int kind;
	int noop;                  /* output = input */
	int int_acc;               /* int64 accumulators */
	int m;                     /* merged rank (>= 1) */
	int64_t dims[RT_MAXRANK];  /* merged input dims */
	int64_t ostr[RT_MAXRANK];  /* output stride of each kept merged dim, 0 if reduced */
	int red_last;              /* the innermost merged dim is reduced */
	int64_t count;             /* input elements per output element */
	int64_t out_numel;
} rd_params;

static int fold_of(int kind)
{
	switch (kind) {
	case R_MAX: return A_MAX;
	case R_MIN: return A_MIN;
	case R_PROD: return A_MUL;
	case R_L1: return A_ABS;
	case R_L2: case R_SUMSQ: return A_SQ;
	default: return A_ADD;
	}
}

static int is_float_type(int dt)
{
	return dt == IR_FLOAT || dt == IR_DOUBLE || dt == IR_FLOAT16 || dt == IR_BFLOAT16;
}

/* get_axes: fill mask[0..rank) with the reduced axes; *noop set when the
 * node reduces nothing (ReduceSum-13 noop_with_empty_axes).  0 or -1. */
static int get_axes(rt_node *n, int rank, uint8_t *mask, int *noop, onnxc_err *err)
{
	int64_t buf[RT_MAXRANK * 2];
	const int64_t *axes = NULL;
	int cnt = 0, i, ax;

	*noop = 0;
	if (n->ir->op == IR_OP_ReduceSum && n->ir->since_version >= 13) {
		const rt_tensor *t = n->n_in > 1 ? n->in[1] : NULL;
		if (t && t->numel > 0) {
			if (rt_in_ints(n, 1, buf, RT_MAXRANK * 2, &cnt, err))
				return -1;
			axes = buf;
		} else if (ir_attr_int(n->ir, "noop_with_empty_axes", 0)) {
			*noop = 1;
		}
	} else {
		axes = ir_attr_ints(n->ir, "axes", &cnt);
	}
	memset(mask, 0, RT_MAXRANK);
	if (*noop)
		return 0;
	if (!axes || cnt == 0) {
		memset(mask, 1, (size_t)rank);
		return 0;
	}
	for (i = 0; i < cnt; i++) {
		if (rt_axis(n, axes[i], rank, &ax, err))
			return -1;
		if (mask[ax])
			return rt_fail(n, err, ONNXC_EINVAL, "axis %lld is given twice",
				       (long long)axes[i]);
		mask[ax] = 1;
	}
	return 0;
}

/* prep_reduce: validate, fix the output shape and the merged-dims plan
 * (params; scratch = one accumulator per output, two for LogSumExp).
 * NULL params means a copy (noop_with_empty_axes).  0 or -1. */
static int prep_reduce(rt_node *n, int kind, onnxc_err *err)
{
	const rt_tensor *x = n->in[0];
	int keep = ir_attr_int(n->ir, "keepdims", 1) != 0;
	int64_t od[RT_MAXRANK], stride;
	uint8_t mask[RT_MAXRANK], mred[RT_MAXRANK];
	int orank = 0, i, noop;
	rd_params *p;

	if (!x)
		return rt_fail(n, err, ONNXC_EINVAL, "input data is missing");
	if (x->dtype == IR_STRING || x->dtype == IR_BOOL || x->dtype == IR_COMPLEX64 ||
	    x->dtype == IR_COMPLEX128 || !ir_dtype_size(x->dtype))
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "element type %s is not supported",
			       ir_dtype_name(x->dtype));
	if (get_axes(n, x->rank, mask, &noop, err))
		return -1;
	if (noop)
		return rt_set_shape(n, n->out[0], x->dtype, x->rank, x->dims, err);
	for (i = 0; i < x->rank; i++) {
		if (!mask[i])
			od[orank++] = x->dims[i];
		else if (keep)
			od[orank++] = 1;
	}
	if (rt_set_shape(n, n->out[0], x->dtype, orank, od, err))
		return -1;
	p = onnxc_calloc(1, sizeof *p);
	if (!p)
		return onnxc_oom(err);
	p->kind = kind;
	p->int_acc = !is_float_type(x->dtype) && kind != R_MEAN && kind != R_L2 &&
		     kind != R_LOGSUM && kind != R_LOGSUMEXP;
	p->count = 1;
	/* merge: skip size-1 dims, join runs of the same status */
	for (i = 0; i < x->rank; i++) {
		if (mask[i])
			p->count *= x->dims[i];
		if (x->dims[i] == 1)
			continue;
		if (p->m && mred[p->m - 1] == mask[i]) {
			p->dims[p->m - 1] *= x->dims[i];
		} else {
			mred[p->m] = mask[i];
			p->dims[p->m++] = x->dims[i];
		}
	}
	if (p->m == 0) {
		mred[0] = 1;
		p->dims[0] = 1;
		p->m = 1;
	}
	stride = 1;
	for (i = p->m - 1; i >= 0; i--) {
		p->ostr[i] = mred[i] ? 0 : stride;
		if (!mred[i])
			stride *= p->dims[i];
	}
	p->red_last = mred[p->m - 1];
	p->out_numel = n->out[0] ? n->out[0]->numel : 0;
	n->params = p;
	n->scratch_bytes = (size_t)p->out_numel * 8 * (kind == R_LOGSUMEXP ? 2 : 1);
	return 0;
}

/* ---- accumulation ---- */

#define FOLD_D(F, a, v)                                                                       \
	do {                                                                                  \
		double v_ = (v);                                                              \
		switch (F) {                                                                  \
		case A_ADD: a += v_; break;                                                   \
		case A_ABS: a += fabs(v_); break;                                             \
		case A_SQ: a += v_ * v_; break;                                               \
		case A_MUL: a *= v_; break;                                                   \
		case A_MAX: if (v_ > a || v_ != v_) a = (a != a) ? a : v_; break;             \
		case A_MIN: if (v_ < a || v_ != v_) a = (a != a) ? a : v_; break;             \
		}                                                                             \
	} while (0)

/* Walk the input rows in memory order.  Sums and exp-sums have their own
 * loops; the other folds switch per element on F, which is constant for the
 * call (a perfectly predicted branch). */
#define DEFINE_ROWS(NAME, CT, LOAD)                                                           \
	static void NAME(const rd_params *p, const void *xv, double *acc, const double *shift,  \
			 int F)                                                               \
	{                                                                                     \
		const CT *x = xv;                                                             \
		int64_t cnt[RT_MAXRANK] = { 0 }, n = p->dims[p->m - 1], rows, r, j;           \
		int m = p->m, d;                                                              \
		rows = rt_numel(m - 1, p->dims);                                              \
		for (r = 0; r < rows; r++, x += n) {                                          \
			int64_t o = 0;                                                        \
			for (d = 0; d < m - 1; d++)                                           \
				o += cnt[d] * p->ostr[d];                                     \
			if (p->red_last) {                                                    \
				double a = acc[o];                                            \
				if (F == A_EXP) {                                             \
					double s = shift[o];                                  \
					for (j = 0; j < n; j++)                               \
						a += exp(LOAD(x[j]) - s);                     \
				} else if (F == A_ADD) {                                      \
					for (j = 0; j < n; j++)                               \
						a += LOAD(x[j]);                              \
				} else {                                                      \
					for (j = 0; j < n; j++)                               \
						FOLD_D(F, a, LOAD(x[j]));                     \
				}                                                             \
				acc[o] = a;                                                   \
			} else {                                                              \
				double *ar = acc + o;                                         \
				const double *sr = shift ? shift + o : NULL;                  \
				if (F == A_EXP) {                                             \
					for (j = 0; j < n; j++)                               \
						ar[j] += exp(LOAD(x[j]) - sr[j]);             \
				} else if (F == A_ADD) {                                      \
					for (j = 0; j < n; j++)                               \
						ar[j] += LOAD(x[j]);                          \
				} else {                                                      \
					for (j = 0; j < n; j++)                               \
						FOLD_D(F, ar[j], LOAD(x[j]));                 \
				}                                                             \
			}                                                                     \
			for (d = m - 2; d >= 0; d--) {                                        \
				if (++cnt[d] < p->dims[d])                                    \
					break;                                                \
				cnt[d] = 0;                                                   \
			}                                                                     \
		}                                                                             \
	}

#define LD_ID(v) ((double)(v))
#define LD_HALF(v) ((double)rt_half_to_float(v))
#define LD_BF16(v) ((double)rt_bf16_to_float(v))
DEFINE_ROWS(rows_f32, float, LD_ID)
DEFINE_ROWS(rows_f64, double, LD_ID)
DEFINE_ROWS(rows_f16, uint16_t, LD_HALF)
DEFINE_ROWS(rows_bf16, uint16_t, LD_BF16)
DEFINE_ROWS(rows_i8, int8_t, LD_ID)
DEFINE_ROWS(rows_u8, uint8_t, LD_ID)
DEFINE_ROWS(rows_i16, int16_t, LD_ID)
DEFINE_ROWS(rows_u16, uint16_t, LD_ID)
DEFINE_ROWS(rows_i32, int32_t, LD_ID)
DEFINE_ROWS(rows_u32, uint32_t, LD_ID)
DEFINE_ROWS(rows_i64, int64_t, LD_ID)
DEFINE_ROWS(rows_u64, uint64_t, LD_ID)

typedef void (*rows_fn)(const rd_params *, const void *, double *, const double *, int);

static rows_fn rows_for(int dt)
{
	switch (dt) {
	case IR_FLOAT: return rows_f32;
	case IR_DOUBLE: return rows_f64;
	case IR_FLOAT16: return rows_f16;
	case IR_BFLOAT16: return rows_bf16;
	case IR_INT8: return rows_i8;
	case IR_UINT8: return rows_u8;
	case IR_INT16: return rows_i16;
	case IR_UINT16: return rows_u16;
	case IR_INT32: return rows_i32;
	case IR_UINT32: return rows_u32;
	case IR_INT64: return rows_i64;
	default: return rows_u64;
	}
}

/* int_extreme: the smallest (lo) or largest value of an integer type, as
 * int64 (UINT64's largest is stored as -1, i.e. all ones). */
static int64_t int_extreme(int dt, int lo)
{
	switch (dt) {
	case IR_INT8: return lo ? INT8_MIN : INT8_MAX;
	case IR_UINT8: return lo ? 0 : UINT8_MAX;
	case IR_INT16: return lo ? INT16_MIN : INT16_MAX;
	case IR_UINT16: return lo ? 0 : UINT16_MAX;
	case IR_INT32: return lo ? INT32_MIN : INT32_MAX;
	case IR_UINT32: return lo ? 0 : (int64_t)UINT32_MAX;
	case IR_UINT64: return lo ? 0 : -1;
	default: return lo ? INT64_MIN : INT64_MAX;
	}
}

/* reduce_int: integer accumulation (sum/prod wrap like the C types; uint64
 * extrema compare unsigned). */
static void reduce_int(const rd_params *p, const rt_tensor *x, int64_t *acc)
{
	int64_t cnt[RT_MAXRANK] = { 0 }, n = p->dims[p->m - 1], rows, r, j, i = 0;
	int m = p->m, d, F = fold_of(p->kind), uns = x->dtype == IR_UINT64;

	rows = rt_numel(m - 1, p->dims);
	for (r = 0; r < rows; r++) {
		int64_t o = 0;
		for (d = 0; d < m - 1; d++)
			o += cnt[d] * p->ostr[d];
		for (j = 0; j < n; j++, i++) {
			int64_t v = rt_get_i(x, i);
			int64_t *a = acc + o + (p->red_last ? 0 : j);
			switch (F) {
			case A_ADD: *a = (int64_t)((uint64_t)*a + (uint64_t)v); break;
			case A_ABS: *a = (int64_t)((uint64_t)*a + (uint64_t)(v < 0 && !uns ? -(uint64_t)v : (uint64_t)v)); break;
			case A_SQ: *a = (int64_t)((uint64_t)*a + (uint64_t)v * (uint64_t)v); break;
			case A_MUL: *a = (int64_t)((uint64_t)*a * (uint64_t)v); break;
			case A_MAX:
				if (uns ? (uint64_t)v > (uint64_t)*a : v > *a)
					*a = v;
				break;
			default:
				if (uns ? (uint64_t)v < (uint64_t)*a : v < *a)
					*a = v;
				break;
			}
		}
		for (d = m - 2; d >= 0; d--) {
			if (++cnt[d] < p->dims[d])
				break;
			cnt[d] = 0;
		}
	}
}

/* exec_reduce: accumulate, then finish each output (mean, sqrt, log).
 * Always 0. */
static int exec_reduce(rt_node *n, onnxc_err *err)
{
	const rd_params *p = n->params;
	const rt_tensor *x = n->in[0];
	rt_tensor *y = n->out[0];
	int64_t o, on;
	int F;

	(void)err;
	if (!p) {
		if (y->data != x->data && x->nbytes)
			memcpy(y->data, x->data, x->nbytes);
		return 0;
	}
	on = p->out_numel;
	if (!on)
		return 0;   /* empty output: no scratch either (acc may be NULL) */
	F = fold_of(p->kind);
	if (p->int_acc) {
		int64_t *acc = n->scratch;
		int64_t init = F == A_MUL ? 1 : F == A_MAX ? int_extreme(x->dtype, 1) :
			       F == A_MIN ? int_extreme(x->dtype, 0) : 0;
		for (o = 0; o < on; o++)
			acc[o] = init;
		if (x->numel)
			reduce_int(p, x, acc);
		for (o = 0; o < on; o++)
			rt_put_i(y, o, acc[o]);
		return 0;
	} else {
		double *acc = n->scratch, *shift = NULL;
		rows_fn rows = rows_for(x->dtype);
		double init = F == A_MUL ? 1 : F == A_MAX ? -INFINITY : F == A_MIN ? INFINITY : 0;
		if (p->kind == R_LOGSUMEXP) {
			shift = acc + on;
			for (o = 0; o < on; o++)
				shift[o] = -INFINITY;
			if (x->numel)
				rows(p, x->data, shift, NULL, A_MAX);
			for (o = 0; o < on; o++)
				if (!isfinite(shift[o]))
					shift[o] = isnan(shift[o]) ? shift[o] : 0;
			F = A_EXP;
		}
		for (o = 0; o < on; o++)
			acc[o] = init;
		if (x->numel)
			rows(p, x->data, acc, shift, F);
		for (o = 0; o < on; o++) {
			double v = acc[o];
			switch (p->kind) {
			case R_MEAN: v = v / (double)p->count; break;
			case R_L2: v = sqrt(v); break;
			case R_LOGSUM: v = log(v); break;
			case R_LOGSUMEXP: v = shift[o] + log(v); break;
			default: break;
			}
			if (y->dtype == IR_FLOAT)
				((float *)y->data)[o] = (float)v;
			else
				rt_put_f(y, o, v);
		}
	}
	return 0;
}

#define REDUCE_OP(Name, KIND)                                                                 \
	static int prep_##Name(rt_node *n, onnxc_err *err)                                    \
	{                                                                                     \
		return prep_reduce(n, KIND, err);                                             \
	}                                                                                     \
	const rt_op rt_op_##Name = { prep_##Name, exec_reduce, 0 };

REDUCE_OP(ReduceSum, R_SUM)
REDUCE_OP(ReduceMean, R_MEAN)
REDUCE_OP(ReduceMax, R_MAX)
REDUCE_OP(ReduceMin, R_MIN)
REDUCE_OP(ReduceProd, R_PROD)
REDUCE_OP(ReduceL1, R_L1)
REDUCE_OP(ReduceL2, R_L2)
REDUCE_OP(ReduceLogSum, R_LOGSUM)
REDUCE_OP(ReduceLogSumExp, R_LOGSUMEXP)
REDUCE_OP(ReduceSumSquare, R_SUMSQ)
