/*
 * k_quant.h - helpers shared by the quantization kernels (k_quant*.c):
 * scale / zero-point parameters that are per-tensor (one element) or
 * per-axis (1-D), and the round-half-to-even + saturate step.
 */
#ifndef ONNXC_K_QUANT_H
#define ONNXC_K_QUANT_H

#include <math.h>

#include "k_tensor_dm.h"

/* rt_q_is8: 1 when dt is int8 or uint8. */
static inline int rt_q_is8(int dt)
{
	return dt == IR_INT8 || dt == IR_UINT8;
}

/* rt_q_param: check that input idx of n (named `what`, may be omitted when
 * !required) is a per-tensor parameter (one element, any rank) or, when
 * len > 0, a 1-D tensor of len elements; its dtype must be `dtype`
 * (IR_UNDEFINED: int8 or uint8).  0 or -1 (err naming `what`). */
int rt_q_param(const rt_node *n, int idx, const char *what, int dtype, int64_t len, int required,
	       onnxc_err *err);

/* rt_q_at: element i of a per-axis parameter t, element 0 when t is
 * per-tensor; def when t is NULL (an omitted zero point). */
static inline double rt_q_at(const rt_tensor *t, int64_t i, double def)
{
	if (!t)
		return def;
	return rt_get_f(t, t->numel == 1 ? 0 : i);
}

/* rt_q_zp: like rt_q_at for integer zero points. */
static inline int32_t rt_q_zp(const rt_tensor *t, int64_t i)
{
	if (!t)
		return 0;
	return (int32_t)rt_get_i(t, t->numel == 1 ? 0 : i);
}

/* rt_q_store: element i of the int8/uint8 tensor y = saturate(rint(v) + zp),
 * rounding halves to even; NaN counts as 0. */
static inline void rt_q_store(rt_tensor *y, int64_t i, double v, int32_t zp)
{
	double lo = y->dtype == IR_UINT8 ? 0 : -128, hi = y->dtype == IR_UINT8 ? 255 : 127;
	double r = v == v ? nearbyint(v) + zp : zp;

	r = r < lo ? lo : r > hi ? hi : r;
	if (y->dtype == IR_UINT8)
		((uint8_t *)y->data)[i] = (uint8_t)r;
	else
		((int8_t *)y->data)[i] = (int8_t)r;
}

/* rt_q_get8: element i of an int8 or uint8 tensor. */
static inline int32_t rt_q_get8(const rt_tensor *t, int64_t i)
{
	return t->dtype == IR_UINT8 ? ((const uint8_t *)t->data)[i]
				    : ((const int8_t *)t->data)[i];
}

#endif
