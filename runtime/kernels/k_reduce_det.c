/*
 * k_reduce_det.c - Det (11): determinants of [*, M, M] into [*].
 *
 * Each matrix is copied into scratch as double and factorised by Gaussian
 * elimination with partial pivoting; det = product of the pivots times the
 * permutation's sign.  M = 0 gives 1.  Types float, double, float16,
 * bfloat16.
 */
#include <math.h>
#include <string.h>

#include "rt.h"

/* prep_det: check [*, M, M]; output [*]; scratch for one matrix.  0 or -1. */
static int prep_det(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x = n->in[0];
	int64_t m;

	if (!x)
		return rt_fail(n, err, ONNXC_EINVAL, "input X is missing");
	if (x->dtype != IR_FLOAT && x->dtype != IR_DOUBLE && x->dtype != IR_FLOAT16 &&
	    x->dtype != IR_BFLOAT16)
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "element type %s is not supported",
			       ir_dtype_name(x->dtype));
	if (x->rank < 2 || x->dims[x->rank - 1] != x->dims[x->rank - 2])
		return rt_fail(n, err, ONNXC_EINVAL, "input must be [*, M, M]");
	m = x->dims[x->rank - 1];
	if (rt_set_shape(n, n->out[0], x->dtype, x->rank - 2, x->dims, err))
		return -1;
	n->scratch_bytes = (size_t)(m * m) * sizeof(double);
	return 0;
}

/* det_lu: determinant of the m x m row-major matrix a (destroyed) */
static double det_lu(double *a, int64_t m)
{
	double det = 1;
	int64_t i, j, k;

	for (k = 0; k < m; k++) {
		int64_t piv = k;
		double best = fabs(a[k * m + k]);
		for (i = k + 1; i < m; i++)
			if (fabs(a[i * m + k]) > best) {
				best = fabs(a[i * m + k]);
				piv = i;
			}
		if (best == 0)
			return 0;
		if (piv != k) {
			for (j = 0; j < m; j++) {
				double t = a[k * m + j];
				a[k * m + j] = a[piv * m + j];
				a[piv * m + j] = t;
			}
			det = -det;
		}
		det *= a[k * m + k];
		for (i = k + 1; i < m; i++) {
			double f = a[i * m + k] / a[k * m + k];
			if (f == 0)
				continue;
			for (j = k + 1; j < m; j++)
				a[i * m + j] -= f * a[k * m + j];
		}
	}
	return det;
}

static int exec_det(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x = n->in[0];
	rt_tensor *y = n->out[0];
	int64_t m = x->dims[x->rank - 1], mm = m * m, b, i;
	double *a = n->scratch;

	(void)err;
	for (b = 0; b < y->numel; b++) {
		for (i = 0; i < mm; i++)
			a[i] = rt_get_f(x, b * mm + i);
		rt_put_f(y, b, m ? det_lu(a, m) : 1);
	}
	return 0;
}

const rt_op rt_op_Det = { prep_det, exec_det, 0 };
