/*
 * k_reduce_mvn.c - MeanVarianceNormalization (9, 13).  (GlobalLpPool is in k_pool.c.)
 *
 * MVN: Y = (X - mean) / (sqrt(var) + 1e-9) with mean and variance over
 * `axes` (default [0, 2, 3]) as in the ONNX function body; the variance is
 * computed in two passes (mean of squared deviations, never negative)
 * instead of E[X^2] - E[X]^2, which equals it up to rounding.
 *
 * Computes in double; types float, double, float16, bfloat16.
 */
#include <math.h>
#include <string.h>

#include "rt.h"

typedef struct mvn_params {
	int rank;
	int64_t dims[RT_MAXRANK];
	int64_t ostr[RT_MAXRANK];  /* stride in the statistics array, 0 on reduced axes */
	int64_t nstat, count;      /* statistics entries, elements per entry */
} mvn_params;

static int float_type(int dt)
{
	return dt == IR_FLOAT || dt == IR_DOUBLE || dt == IR_FLOAT16 || dt == IR_BFLOAT16;
}

/* prep_mvn: validate axes, output shape = input shape, strides of the
 * statistics array (scratch: mean and std per entry).  0 or -1. */
static int prep_mvn(rt_node *n, onnxc_err *err)
{
	static const int64_t dflt[3] = { 0, 2, 3 };
	const rt_tensor *x = n->in[0];
	const int64_t *axes;
	uint8_t red[RT_MAXRANK] = { 0 };
	int cnt, i, ax;
	int64_t s = 1;
	mvn_params *p;

	if (!x)
		return rt_fail(n, err, ONNXC_EINVAL, "input X is missing");
	if (!float_type(x->dtype))
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "element type %s is not supported",
			       ir_dtype_name(x->dtype));
	axes = ir_attr_ints(n->ir, "axes", &cnt);
	if (!axes) {
		axes = dflt;
		cnt = 3;
	}
	for (i = 0; i < cnt; i++) {
		if (rt_axis(n, axes[i], x->rank, &ax, err))
			return -1;
		if (red[ax])
			return rt_fail(n, err, ONNXC_EINVAL, "axis %lld is given twice",
				       (long long)axes[i]);
		red[ax] = 1;
	}
	if (rt_set_shape(n, n->out[0], x->dtype, x->rank, x->dims, err))
		return -1;
	p = onnxc_calloc(1, sizeof *p);
	if (!p)
		return onnxc_oom(err);
	p->rank = x->rank;
	p->count = 1;
	for (i = x->rank - 1; i >= 0; i--) {
		p->dims[i] = x->dims[i];
		p->ostr[i] = red[i] ? 0 : s;
		if (red[i])
			p->count *= x->dims[i];
		else
			s *= x->dims[i];
	}
	p->nstat = s;
	n->params = p;
	n->scratch_bytes = (size_t)s * 2 * sizeof(double);
	return 0;
}

/* mvn_pass: walk X in memory order; pass 0 sums x, pass 1 sums the squared
 * deviations, pass 2 writes Y. */
static void mvn_pass(const mvn_params *p, const rt_tensor *x, rt_tensor *y, double *mean,
		     double *var, int pass)
{
	int r = p->rank, d;
	int64_t cnt[RT_MAXRANK] = { 0 }, last = r ? p->dims[r - 1] : 1, rows, row, j, i = 0;
	int64_t ol = r ? p->ostr[r - 1] : 0;

	rows = x->numel / (last ? last : 1);
	for (row = 0; row < rows; row++) {
		int64_t o = 0;
		for (d = 0; d < r - 1; d++)
			o += cnt[d] * p->ostr[d];
		for (j = 0; j < last; j++, i++) {
			int64_t k = o + j * ol;
			double v = x->dtype == IR_FLOAT ? ((const float *)x->data)[i] : rt_get_f(x, i);
			if (pass == 0) {
				mean[k] += v;
			} else if (pass == 1) {
				var[k] += (v - mean[k]) * (v - mean[k]);
			} else {
				double out = (v - mean[k]) / var[k];
				if (y->dtype == IR_FLOAT)
					((float *)y->data)[i] = (float)out;
				else
					rt_put_f(y, i, out);
			}
		}
		for (d = r - 2; d >= 0; d--) {
			if (++cnt[d] < p->dims[d])
				break;
			cnt[d] = 0;
		}
	}
}

static int exec_mvn(rt_node *n, onnxc_err *err)
{
	const mvn_params *p = n->params;
	double *mean = n->scratch, *var;
	int64_t k;

	(void)err;
	if (n->in[0]->numel == 0)
		return 0;   /* (and no scratch: mean may be NULL) */
	var = mean + p->nstat;
	memset(mean, 0, sizeof(double) * (size_t)p->nstat * 2);
	mvn_pass(p, n->in[0], n->out[0], mean, var, 0);
	for (k = 0; k < p->nstat; k++)
		mean[k] /= (double)p->count;
	mvn_pass(p, n->in[0], n->out[0], mean, var, 1);
	for (k = 0; k < p->nstat; k++)
		var[k] = sqrt(var[k] / (double)p->count) + (double)1e-9f;
	mvn_pass(p, n->in[0], n->out[0], mean, var, 2);
	return 0;
}

const rt_op rt_op_MeanVarianceNormalization = { prep_mvn, exec_mvn, 0 };

