/*
 * k_loss.c - NegativeLogLikelihoodLoss (12, 13) and SoftmaxCrossEntropyLoss
 * (12, 13).
 *
 * input/scores is [N, C] or [N, C, d1..dk]; target/labels is [N] or
 * [N, d1..dk] (int32 or int64); the optional weight is [C].  Both ops are
 * handled as [N, C, D] with D = prod(d1..dk):
 *
 *   NLL:  loss[n, d] = -input[n, t, d] * w[t]       (t = target[n, d])
 *   SCE:  the same on log_prob = LogSoftmax(scores) along axis 1, which is
 *         also the optional second output (shape of scores).
 *
 * An element whose target equals ignore_index contributes 0 and no weight.
 * reduction "none" keeps the target's shape, "sum" adds everything, "mean"
 * divides the sum by the sum of the weights used (the count without a
 * weight): 0/0 (every element ignored) is NaN, as in PyTorch.  A target
 * outside [0, C) that is not ignore_index is an error at exec.
 *
 * Types: float, double, float16 (and bfloat16 for SoftmaxCrossEntropyLoss-13,
 * as the schemas say), computed in double; the 16-bit types are read and
 * written through rt_get_f/rt_put_f.
 */
#include <math.h>
#include <string.h>

#include "k_tensor_dm.h"

enum { RED_NONE, RED_SUM, RED_MEAN };

typedef struct loss_params {
	int sce;                  /* SoftmaxCrossEntropyLoss */
	int reduction;
	int has_ii;
	int64_t ii;               /* ignore_index when has_ii */
	int64_t n, c, d;          /* [N, C, D] */
} loss_params;

/* float_type: 1 when the op at this version accepts dt for its T. */
static int float_type(const rt_node *n, int sce, int dt)
{
	if (dt == IR_FLOAT || dt == IR_DOUBLE || dt == IR_FLOAT16)
		return 1;
	return dt == IR_BFLOAT16 && sce && n->ir->since_version >= 13;
}

/* prep_loss: validate the shapes, types and attributes shared by both ops,
 * set the loss output (and SCE's log_prob output) and the [N, C, D] plan.
 * 0 or -1. */
static int prep_loss(rt_node *n, int sce, onnxc_err *err)
{
	const rt_tensor *x = RT_DM_IN(n, 0), *t = RT_DM_IN(n, 1), *w = RT_DM_IN(n, 2);
	rt_tensor *lp = RT_DM_OUT(n, 1);
	const char *red = ir_attr_string(n->ir, "reduction", "mean");
	const ir_attr *ia = ir_attr_get(n->ir, "ignore_index");
	loss_params *p;
	int64_t tdims[RT_MAXRANK];
	int i, rc;

	if (rt_dm_need(n, 2, err))
		return -1;
	if (!float_type(n, sce, x->dtype))
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "input of type %s is not supported",
			       ir_dtype_name(x->dtype));
	if (rt_dm_index_dtype(n, t, "target", err))
		return -1;
	if (x->rank < 2)
		return rt_fail(n, err, ONNXC_EINVAL, "input must have rank >= 2, not %d", x->rank);
	if (t->rank != x->rank - 1)
		return rt_fail(n, err, ONNXC_EINVAL, "target has rank %d, input rank %d needs %d",
			       t->rank, x->rank, x->rank - 1);
	tdims[0] = x->dims[0];
	for (i = 2; i < x->rank; i++)
		tdims[i - 1] = x->dims[i];
	for (i = 0; i < t->rank; i++)
		if (t->dims[i] != tdims[i])
			return rt_fail(n, err, ONNXC_EINVAL,
				       "target dim %d is %lld, the input needs %lld", i,
				       (long long)t->dims[i], (long long)tdims[i]);
	if (w) {
		if (w->dtype != x->dtype)
			return rt_fail(n, err, ONNXC_EINVAL, "weight is %s, input is %s",
				       ir_dtype_name(w->dtype), ir_dtype_name(x->dtype));
		if (w->rank != 1 || w->dims[0] != x->dims[1])
			return rt_fail(n, err, ONNXC_EINVAL, "weight must be 1-D of C = %lld elements",
				       (long long)x->dims[1]);
	}
	if (ia && ia->kind != IR_ATTR_INT)
		return rt_fail(n, err, ONNXC_EINVAL, "ignore_index must be an int");
	p = onnxc_calloc(1, sizeof *p);
	if (!p)
		return onnxc_oom(err);
	n->params = p;
	if (!strcmp(red, "none"))
		p->reduction = RED_NONE;
	else if (!strcmp(red, "sum"))
		p->reduction = RED_SUM;
	else if (!strcmp(red, "mean"))
		p->reduction = RED_MEAN;
	else
		return rt_fail(n, err, ONNXC_EINVAL, "reduction '%s' is not none, sum or mean", red);
	p->sce = sce;
	p->has_ii = ia != NULL;
	p->ii = ia ? ia->i : 0;
	p->n = x->dims[0];
	p->c = x->dims[1];
	p->d = rt_numel(x->rank - 2, x->dims + 2);
	if (lp && !sce)
		return rt_fail(n, err, ONNXC_EINVAL, "has %d outputs, the op has 1", n->n_out);
	if (p->reduction == RED_NONE)
		rc = rt_set_shape(n, n->out[0], x->dtype, t->rank, t->dims, err);
	else
		rc = rt_set_shape(n, n->out[0], x->dtype, 0, NULL, err);
	if (!rc && lp)
		rc = rt_set_shape(n, lp, x->dtype, x->rank, x->dims, err);
	return rc;
}

static int prep_nll(rt_node *n, onnxc_err *err)
{
	return prep_loss(n, 0, err);
}

static int prep_sce(rt_node *n, onnxc_err *err)
{
	return prep_loss(n, 1, err);
}

/* exec_loss: one pass over the N*D positions.  For SCE, the log-softmax
 * of the C scores of a position is formed in double (max subtracted) and
 * written to log_prob when that output is present.  0, or -1 for a target
 * out of range. */
static int exec_loss(rt_node *n, onnxc_err *err)
{
	const loss_params *p = n->params;
	const rt_tensor *x = n->in[0], *t = n->in[1], *w = RT_DM_IN(n, 2);
	rt_tensor *y = n->out[0], *lp = RT_DM_OUT(n, 1);
	int64_t a, j, k, C = p->c, D = p->d;
	double sum = 0, wsum = 0;

	for (a = 0; a < p->n; a++)
		for (j = 0; j < D; j++) {
			int64_t pos = a * D + j, base = a * C * D + j, tg = rt_dm_index(t, pos);
			double v, wt, lse = 0;
			if (p->sce && C > 0) {   /* C = 0: no scores, only ignored targets pass */
				double m = rt_get_f(x, base), s = 0;
				for (k = 1; k < C; k++)
					if (rt_get_f(x, base + k * D) > m)
						m = rt_get_f(x, base + k * D);
				for (k = 0; k < C; k++)
					s += exp(rt_get_f(x, base + k * D) - m);
				lse = m + log(s);
				if (lp)
					for (k = 0; k < C; k++)
						rt_put_f(lp, base + k * D, rt_get_f(x, base + k * D) - lse);
			}
			if (p->has_ii && tg == p->ii) {
				if (p->reduction == RED_NONE)
					rt_put_f(y, pos, 0);
				continue;
			}
			if (tg < 0 || tg >= C)
				return rt_fail(n, err, ONNXC_EINVAL,
					       "target %lld at position %lld is outside [0, %lld)",
					       (long long)tg, (long long)pos, (long long)C);
			v = rt_get_f(x, base + tg * D) - lse;
			wt = w ? rt_get_f(w, tg) : 1;
			v = -v * wt;
			if (p->reduction == RED_NONE)
				rt_put_f(y, pos, v);
			sum += v;
			wsum += wt;
		}
	if (p->reduction == RED_SUM)
		rt_put_f(y, 0, sum);
	else if (p->reduction == RED_MEAN)
		rt_put_f(y, 0, sum / wsum);
	return 0;
}

const rt_op rt_op_NegativeLogLikelihoodLoss = { prep_nll, exec_loss, 0 };
const rt_op rt_op_SoftmaxCrossEntropyLoss = { prep_sce, exec_loss, 0 };
