/*
 * k_reduce_arg.c - ArgMax and ArgMin (1, 11, 12, 13).
 *
 * The input is viewed as [outer, D, inner] around `axis` (default 0,
 * negative from 11); the int64 output is [outer, inner] with the axis kept
 * as 1 (keepdims=1, default) or dropped.  Ties go to the first index, or the
 * last with select_last_index=1 (12+).  NaN counts as the extreme (the first
 * NaN wins, as in numpy).  An empty axis is an error.
 */
#include <math.h>
#include <string.h>

#include "rt.h"

typedef struct arg_params {
	int is_max, last;
	int64_t outer, d, inner;
} arg_params;

/* prep_arg: output shape, [outer, D, inner] plan, scratch for the best
 * value per inner position.  0 or -1. */
static int prep_arg(rt_node *n, int is_max, onnxc_err *err)
{
	const rt_tensor *x = n->in[0];
	int keep = ir_attr_int(n->ir, "keepdims", 1) != 0, axis, i, r = 0;
	int64_t od[RT_MAXRANK];
	arg_params *p;

	if (!x)
		return rt_fail(n, err, ONNXC_EINVAL, "input data is missing");
	if (x->dtype == IR_STRING || x->dtype == IR_BOOL || x->dtype == IR_COMPLEX64 ||
	    x->dtype == IR_COMPLEX128 || !ir_dtype_size(x->dtype))
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "element type %s is not supported",
			       ir_dtype_name(x->dtype));
	if (rt_axis(n, ir_attr_int(n->ir, "axis", 0), x->rank, &axis, err))
		return -1;
	if (x->rank == 0)
		return rt_fail(n, err, ONNXC_EINVAL, "input is a scalar");
	if (x->dims[axis] == 0)
		return rt_fail(n, err, ONNXC_EINVAL, "axis %d is empty", axis);
	for (i = 0; i < x->rank; i++)
		if (i != axis)
			od[r++] = x->dims[i];
		else if (keep)
			od[r++] = 1;
	if (rt_set_shape(n, n->out[0], IR_INT64, r, od, err))
		return -1;
	p = onnxc_calloc(1, sizeof *p);
	if (!p)
		return onnxc_oom(err);
	p->is_max = is_max;
	p->last = n->ir->since_version >= 12 && ir_attr_int(n->ir, "select_last_index", 0) != 0;
	p->outer = rt_numel(axis, x->dims);
	p->d = x->dims[axis];
	p->inner = rt_numel(x->rank - axis - 1, x->dims + axis + 1);
	n->params = p;
	n->scratch_bytes = (size_t)p->inner * sizeof(double);
	return 0;
}

/* better: does v replace the current best b? */
static inline int better_f(double v, double b, int is_max, int last)
{
	if (b != b)
		return last && v != v;
	if (v != v)
		return 1;
	if (last && v == b)
		return 1;
	return is_max ? v > b : v < b;
}

static inline int better_i(uint64_t v, uint64_t b, int is_max, int last)
{
	if (last && v == b)
		return 1;
	return is_max ? v > b : v < b;
}

/* Floating types: best values per inner position live in scratch. */
#define DEFINE_ARG_F(NAME, CT, LOAD)                                                          \
	static void NAME(const arg_params *p, const void *xv, int64_t *y, double *best)       \
	{                                                                                     \
		const CT *x = xv;                                                             \
		int64_t a, k, j, in = p->inner;                                               \
		for (a = 0; a < p->outer; a++, y += in) {                                     \
			for (j = 0; j < in; j++) {                                            \
				best[j] = LOAD(x[j]);                                         \
				y[j] = 0;                                                     \
			}                                                                     \
			x += in;                                                              \
			for (k = 1; k < p->d; k++, x += in)                                   \
				for (j = 0; j < in; j++) {                                    \
					double v = LOAD(x[j]);                                \
					if (better_f(v, best[j], p->is_max, p->last)) {       \
						best[j] = v;                                  \
						y[j] = k;                                     \
					}                                                     \
				}                                                             \
		}                                                                             \
	}

#define LD_ID(v) ((double)(v))
#define LD_HALF(v) ((double)rt_half_to_float(v))
#define LD_BF16(v) ((double)rt_bf16_to_float(v))
DEFINE_ARG_F(arg_f32, float, LD_ID)
DEFINE_ARG_F(arg_f64, double, LD_ID)
DEFINE_ARG_F(arg_f16, uint16_t, LD_HALF)
DEFINE_ARG_F(arg_bf16, uint16_t, LD_BF16)

/* Integer types: compare as uint64 after flipping the sign bit of signed
 * values (keeps the order); best values kept in scratch as uint64. */
static void arg_int(const arg_params *p, const rt_tensor *x, int64_t *y, uint64_t *best)
{
	int64_t a, k, j, in = p->inner, i = 0;
	uint64_t flip = x->dtype == IR_UINT64 ? 0 : (uint64_t)1 << 63;

	for (a = 0; a < p->outer; a++, y += in)
		for (k = 0; k < p->d; k++)
			for (j = 0; j < in; j++, i++) {
				uint64_t v = (uint64_t)rt_get_i(x, i) ^ flip;
				if (k == 0 || better_i(v, best[j], p->is_max, p->last)) {
					best[j] = v;
					y[j] = k;
				}
			}
}

static int exec_arg(rt_node *n, onnxc_err *err)
{
	const arg_params *p = n->params;
	const rt_tensor *x = n->in[0];
	int64_t *y = n->out[0]->data;

	(void)err;
	if (n->out[0]->numel == 0)
		return 0;
	switch (x->dtype) {
	case IR_FLOAT: arg_f32(p, x->data, y, n->scratch); break;
	case IR_DOUBLE: arg_f64(p, x->data, y, n->scratch); break;
	case IR_FLOAT16: arg_f16(p, x->data, y, n->scratch); break;
	case IR_BFLOAT16: arg_bf16(p, x->data, y, n->scratch); break;
	default: arg_int(p, x, y, n->scratch); break;
	}
	return 0;
}

static int prep_argmax(rt_node *n, onnxc_err *err)
{
	return prep_arg(n, 1, err);
}

static int prep_argmin(rt_node *n, onnxc_err *err)
{
	return prep_arg(n, 0, err);
}

const rt_op rt_op_ArgMax = { prep_argmax, exec_arg, 0 };
const rt_op rt_op_ArgMin = { prep_argmin, exec_arg, 0 };
