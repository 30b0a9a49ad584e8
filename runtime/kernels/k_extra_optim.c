/*
 * k_extra_optim.c - the training-domain optimizers of
 * ai.onnx.preview.training-1: Adagrad, Adam and Momentum (standard and
 * nesterov).
 *
 * Inputs R (learning rate, float or double, one element), T (update count,
 * int64, one element), then n groups of tensors given list by list
 * (X1..Xn, G1..Gn, then the state lists: Adagrad H; Adam V, H; Momentum
 * V).  Outputs are the new X list followed by the new state lists.  Every
 * tensor of group i must have X_i's shape (the broadcasting the pseudo code
 * allows is refused); X, G and the states share one dtype, float or double.
 * Each element is computed in double from the pseudo code of the ONNX
 * documentation.  R and T are data: they are read at exec.
 */
#include <math.h>
#include <string.h>

#include "rt.h"

enum { OPT_ADAGRAD, OPT_ADAM, OPT_MOMENTUM };

typedef struct opt_params {
	int kind;
	int lists;           /* tensor lists per group: X, G and the states */
	int groups;          /* tensors optimized */
	int dbl;             /* T3 is double */
	int nesterov;
	double alpha, beta, eps, norm, norm_post, decay;
} opt_params;

static double ld(const void *p, int dbl, int64_t i)
{
	return dbl ? ((const double *)p)[i] : (double)((const float *)p)[i];
}

static void st(void *p, int dbl, int64_t i, double v)
{
	if (dbl)
		((double *)p)[i] = v;
	else
		((float *)p)[i] = (float)v;
}

/* req_float: attribute `name` as a float; -1 (err) when required and
 * absent, or not a float. */
static int req_float(rt_node *n, const char *name, int required, double dflt, double *out,
		     onnxc_err *err)
{
	const ir_attr *a = ir_attr_get(n->ir, name);

	if (!a) {
		if (required)
			return rt_fail(n, err, ONNXC_EINVAL, "attribute '%s' is required", name);
		*out = dflt;
		return 0;
	}
	if (a->kind != IR_ATTR_FLOAT)
		return rt_fail(n, err, ONNXC_EINVAL, "attribute '%s' must be a float", name);
	*out = a->f;
	return 0;
}

/* parse_attrs: the attributes of each optimizer into p.  0 or -1. */
static int parse_attrs(rt_node *n, opt_params *p, onnxc_err *err)
{
	switch (p->kind) {
	case OPT_ADAGRAD:
		return req_float(n, "decay_factor", 0, 0.0, &p->decay, err) ||
		       req_float(n, "epsilon", 0, 1e-6f, &p->eps, err) ||
		       req_float(n, "norm_coefficient", 0, 0.0, &p->norm, err) ? -1 : 0;
	case OPT_ADAM:
		return req_float(n, "alpha", 0, 0.9f, &p->alpha, err) ||
		       req_float(n, "beta", 0, 0.999f, &p->beta, err) ||
		       req_float(n, "epsilon", 0, 1e-6f, &p->eps, err) ||
		       req_float(n, "norm_coefficient", 0, 0.0, &p->norm, err) ||
		       req_float(n, "norm_coefficient_post", 0, 0.0, &p->norm_post, err) ? -1 : 0;
	default: {
		const char *mode = ir_attr_string(n->ir, "mode", NULL);
		if (req_float(n, "alpha", 1, 0, &p->alpha, err) ||
		    req_float(n, "beta", 1, 0, &p->beta, err) ||
		    req_float(n, "norm_coefficient", 1, 0, &p->norm, err))
			return -1;
		if (!mode)
			return rt_fail(n, err, ONNXC_EINVAL, "attribute 'mode' is required");
		if (strcmp(mode, "standard") && strcmp(mode, "nesterov"))
			return rt_fail(n, err, ONNXC_EINVAL, "mode '%s' is not standard or nesterov",
				       mode);
		p->nesterov = mode[0] == 'n';
		return 0;
	}
	}
}

/* check_scalars: R float/double with one element, T int64 with one. */
static int check_scalars(rt_node *n, onnxc_err *err)
{
	const rt_tensor *r = n->in[0], *t = n->in[1];

	if (!r || !t)
		return rt_fail(n, err, ONNXC_EINVAL, "inputs R and T are required");
	if (r->dtype != IR_FLOAT && r->dtype != IR_DOUBLE)
		return rt_fail(n, err, ONNXC_EINVAL, "R must be float or double, not %s",
			       ir_dtype_name(r->dtype));
	if (t->dtype != IR_INT64)
		return rt_fail(n, err, ONNXC_EINVAL, "T must be int64, not %s",
			       ir_dtype_name(t->dtype));
	if (r->numel != 1 || t->numel != 1)
		return rt_fail(n, err, ONNXC_EINVAL, "R and T must hold one element each");
	return 0;
}

/* prep_opt: inputs grouped and checked, outputs shaped like their X.
 * 0 or -1. */
static int prep_opt(rt_node *n, int kind, onnxc_err *err)
{
	const int lists = kind == OPT_ADAM ? 4 : 3;
	opt_params *p;
	int g, l, d;

	if (n->n_in < 2 + lists || (n->n_in - 2) % lists)
		return rt_fail(n, err, ONNXC_EINVAL, "has %d inputs, expected 2 + %d per tensor",
			       n->n_in, lists);
	if (n->n_out != (n->n_in - 2) / lists * (lists - 1))
		return rt_fail(n, err, ONNXC_EINVAL, "has %d outputs, expected %d", n->n_out,
			       (n->n_in - 2) / lists * (lists - 1));
	if (check_scalars(n, err))
		return -1;
	p = onnxc_calloc(1, sizeof *p);
	if (!p)
		return onnxc_oom(err);
	n->params = p;
	p->kind = kind;
	p->lists = lists;
	p->groups = (n->n_in - 2) / lists;
	if (parse_attrs(n, p, err))
		return -1;
	for (g = 0; g < p->groups; g++) {
		const rt_tensor *x = n->in[2 + g];
		if (!x)
			return rt_fail(n, err, ONNXC_EINVAL, "input %d is missing", 2 + g);
		if (x->dtype != IR_FLOAT && x->dtype != IR_DOUBLE)
			return rt_fail(n, err, ONNXC_EUNSUPPORTED, "input %d: element type %s is not "
				       "supported (float or double)", 2 + g, ir_dtype_name(x->dtype));
		if (g == 0)
			p->dbl = x->dtype == IR_DOUBLE;
		for (l = 0; l < lists; l++) {
			const rt_tensor *t = n->in[2 + l * p->groups + g];
			if (!t)
				return rt_fail(n, err, ONNXC_EINVAL, "input %d is missing",
					       2 + l * p->groups + g);
			if (t->dtype != n->in[2]->dtype)
				return rt_fail(n, err, ONNXC_EINVAL, "input %d is %s, input 2 is %s",
					       2 + l * p->groups + g, ir_dtype_name(t->dtype),
					       ir_dtype_name(n->in[2]->dtype));
			if (t->rank != x->rank)
				goto shape;
			for (d = 0; d < x->rank; d++)
				if (t->dims[d] != x->dims[d])
					goto shape;
			continue;
shape:
			return rt_fail(n, err, ONNXC_EUNSUPPORTED, "input %d does not have the shape "
				       "of input %d (broadcasting is not supported)",
				       2 + l * p->groups + g, 2 + g);
		}
		/* X_new, then one new state per state list */
		for (l = 0; l < lists - 1; l++) {
			rt_tensor *o = n->out[l * p->groups + g];
			if (o && rt_set_shape(n, o, x->dtype, x->rank, x->dims, err))
				return -1;
		}
	}
	return 0;
}

/* exec_opt: one update of every group.  Outputs of group g: X_new is
 * out[g], the states follow at out[groups*k + g]. */
static int exec_opt(rt_node *n, onnxc_err *err)
{
	const opt_params *p = n->params;
	const int ng = p->groups, dbl = p->dbl;
	const double R = rt_get_f(n->in[0], 0);
	const int64_t T = ((const int64_t *)n->in[1]->data)[0];
	double r = R;
	int g;

	(void)err;
	if (p->kind == OPT_ADAGRAD)
		r = R / (1.0 + (double)T * p->decay);
	else if (p->kind == OPT_ADAM && T > 0)
		r = R * sqrt(1.0 - pow(p->beta, (double)T)) / (1.0 - pow(p->alpha, (double)T));
	for (g = 0; g < ng; g++) {
		const rt_tensor *xt = n->in[2 + g];
		const void *x = xt->data, *gr = n->in[2 + ng + g]->data;
		const void *s1 = n->in[2 + 2 * ng + g]->data;
		const void *s2 = p->lists == 4 ? n->in[2 + 3 * ng + g]->data : NULL;
		void *ox = n->out[g] ? n->out[g]->data : NULL;
		void *o1 = n->out[ng + g] ? n->out[ng + g]->data : NULL;
		void *o2 = p->lists == 4 && n->out[2 * ng + g] ? n->out[2 * ng + g]->data : NULL;
		int64_t i;

		for (i = 0; i < xt->numel; i++) {
			double xv = ld(x, dbl, i), gv = p->norm * xv + ld(gr, dbl, i);
			double xn, v1, v2 = 0;

			if (p->kind == OPT_ADAGRAD) {
				v1 = ld(s1, dbl, i) + gv * gv;
				xn = xv - r * gv / (sqrt(v1) + p->eps);
			} else if (p->kind == OPT_ADAM) {
				v1 = p->alpha * ld(s1, dbl, i) + (1.0 - p->alpha) * gv;
				v2 = p->beta * ld(s2, dbl, i) + (1.0 - p->beta) * gv * gv;
				xn = (1.0 - p->norm_post) * (xv - r * v1 / (sqrt(v2) + p->eps));
			} else {
				v1 = p->alpha * ld(s1, dbl, i) + (T > 0 ? p->beta : 1.0) * gv;
				xn = p->nesterov ? xv - R * (gv + p->alpha * v1) : xv - R * v1;
			}
			if (ox)
				st(ox, dbl, i, xn);
			if (o1)
				st(o1, dbl, i, v1);
			if (o2)
				st(o2, dbl, i, v2);
		}
	}
	return 0;
}

static int prep_adagrad(rt_node *n, onnxc_err *err)
{
	return prep_opt(n, OPT_ADAGRAD, err);
}

static int prep_adam(rt_node *n, onnxc_err *err)
{
	return prep_opt(n, OPT_ADAM, err);
}

static int prep_momentum(rt_node *n, onnxc_err *err)
{
	return prep_opt(n, OPT_MOMENTUM, err);
}

const rt_op rt_op_Adagrad = { prep_adagrad, exec_opt, 0 };
const rt_op rt_op_Adam = { prep_adam, exec_opt, 0 };
const rt_op rt_op_Momentum = { prep_momentum, exec_opt, 0 };
