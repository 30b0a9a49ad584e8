/*
 * k_scan.c - CumSum (11, 14).
 *
 * y[k] = x[0] + ... + x[k] along `axis` (a scalar or one-element int32/int64
 * input, negative from the end); exclusive=1 drops x[k] itself (y[0] = 0),
 * reverse=1 sums from the end.  The axis may be known only at run time.
 * The running sum is the previous output element, so accumulation happens
 * in the element type (as numpy and onnxruntime do; the 16-bit float types
 * add in float and round each step).
 */
#include <string.h>

#include "rt.h"

/* get_axis: the normalised axis from input 1 (data must be readable).
 * 0 or -1. */
static int get_axis(const rt_node *n, int *axis, onnxc_err *err)
{
	const rt_tensor *t = n->in[1], *x = n->in[0];

	if (t->dtype != IR_INT32 && t->dtype != IR_INT64)
		return rt_fail(n, err, ONNXC_EINVAL, "axis must be int32 or int64, not %s",
			       ir_dtype_name(t->dtype));
	if (t->numel != 1 || t->rank > 1)
		return rt_fail(n, err, ONNXC_EINVAL, "axis must be a scalar");
	return rt_axis(n, rt_get_i(t, 0), x->rank, axis, err);
}

/* prep_cumsum: validate types (and the axis when constant); output shape
 * = input shape.  0 or -1. */
static int prep_cumsum(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x = n->in[0];
	int axis, dt;

	if (!x || n->n_in < 2 || !n->in[1])
		return rt_fail(n, err, ONNXC_EINVAL, "inputs x and axis are required");
	dt = x->dtype;
	if (dt != IR_FLOAT && dt != IR_DOUBLE && dt != IR_INT32 && dt != IR_INT64 &&
	    dt != IR_UINT32 && dt != IR_UINT64 && dt != IR_FLOAT16 && dt != IR_BFLOAT16)
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "element type %s is not supported",
			       ir_dtype_name(dt));
	if (x->rank == 0)
		return rt_fail(n, err, ONNXC_EINVAL, "input is a scalar");
	if (n->in[1]->is_const && get_axis(n, &axis, err))
		return -1;
	if (!n->in[1]->is_const && (n->in[1]->numel != 1 || n->in[1]->rank > 1))
		return rt_fail(n, err, ONNXC_EINVAL, "axis must be a scalar");
	return rt_set_shape(n, n->out[0], dt, x->rank, x->dims, err);
}

#define DEFINE_SCAN(NAME, CT, WT, LOAD, STORE)                                                \
	static void NAME(const CT *x, CT *y, int64_t outer, int64_t D, int64_t in, int excl,   \
			 int rev)                                                              \
	{                                                                                      \
		int64_t a, t, j;                                                               \
		for (a = 0; a < outer; a++, x += D * in, y += D * in)                          \
			for (t = 0; t < D; t++) {                                              \
				int64_t k = rev ? D - 1 - t : t, pk = rev ? k + 1 : k - 1;     \
				CT *yk = y + k * in;                                           \
				const CT *xk = x + k * in, *yp, *xp;                           \
				if (t == 0) {                                                  \
					for (j = 0; j < in; j++)                               \
						yk[j] = excl ? STORE((WT)0) : xk[j];           \
					continue;                                              \
				}                                                              \
				yp = y + pk * in;                                              \
				xp = excl ? x + pk * in : xk;                                  \
				for (j = 0; j < in; j++)                                       \
					yk[j] = STORE(LOAD(yp[j]) + LOAD(xp[j]));              \
			}                                                                      \
	}

#define ID(v) (v)
#define H2F(v) rt_half_to_float(v)
#define F2H(v) rt_float_to_half(v)
#define B2F(v) rt_bf16_to_float(v)
#define F2B(v) rt_float_to_bf16(v)
DEFINE_SCAN(scan_f32, float, float, ID, ID)
DEFINE_SCAN(scan_f64, double, double, ID, ID)
DEFINE_SCAN(scan_u32, uint32_t, uint32_t, ID, ID)
DEFINE_SCAN(scan_u64, uint64_t, uint64_t, ID, ID)
DEFINE_SCAN(scan_f16, uint16_t, float, H2F, F2H)
DEFINE_SCAN(scan_bf16, uint16_t, float, B2F, F2B)

/* signed sums wrap (computed unsigned: no signed-overflow UB) */
static void scan_i32(const int32_t *x, int32_t *y, int64_t outer, int64_t D, int64_t in, int excl,
		     int rev)
{
	scan_u32((const uint32_t *)x, (uint32_t *)y, outer, D, in, excl, rev);
}

static void scan_i64(const int64_t *x, int64_t *y, int64_t outer, int64_t D, int64_t in, int excl,
		     int rev)
{
	scan_u64((const uint64_t *)x, (uint64_t *)y, outer, D, in, excl, rev);
}

/* exec_cumsum: read the axis, scan.  -1 only for a bad run-time axis. */
static int exec_cumsum(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x = n->in[0];
	rt_tensor *y = n->out[0];
	int excl = ir_attr_int(n->ir, "exclusive", 0) != 0;
	int rev = ir_attr_int(n->ir, "reverse", 0) != 0;
	int64_t outer, D, in;
	int axis;

	if (get_axis(n, &axis, err))
		return -1;
	if (y->numel == 0)
		return 0;
	outer = rt_numel(axis, x->dims);
	D = x->dims[axis];
	in = rt_numel(x->rank - axis - 1, x->dims + axis + 1);
	switch (x->dtype) {
	case IR_FLOAT: scan_f32(x->data, y->data, outer, D, in, excl, rev); break;
	case IR_DOUBLE: scan_f64(x->data, y->data, outer, D, in, excl, rev); break;
	case IR_INT32: scan_i32(x->data, y->data, outer, D, in, excl, rev); break;
	case IR_INT64: scan_i64(x->data, y->data, outer, D, in, excl, rev); break;
	case IR_UINT32: scan_u32(x->data, y->data, outer, D, in, excl, rev); break;
	case IR_UINT64: scan_u64(x->data, y->data, outer, D, in, excl, rev); break;
	case IR_FLOAT16: scan_f16(x->data, y->data, outer, D, in, excl, rev); break;
	default: scan_bf16(x->data, y->data, outer, D, in, excl, rev); break;
	}
	return 0;
}

const rt_op rt_op_CumSum = { prep_cumsum, exec_cumsum, 0 };
