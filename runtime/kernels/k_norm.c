/*
 * k_norm.c - BatchNormalization (1, 6, 7, 9, 14, 15; inference),
 * InstanceNormalization (1, 6), LayerNormalization (17), LRN (1, 13).
 * float and double inputs (BatchNormalization's scale/B/mean/var may be of
 * any floating type); statistics in double.
 *
 * BatchNormalization: Y = (X - mean) / sqrt(var + epsilon) * scale + B per
 * channel (per element of X.shape[1:] when the legacy spatial = 0).
 * training_mode = 1 and the saved batch statistics (outputs 3 and 4 of
 * versions 1-9) are refused; the optional running mean / var outputs are
 * the input mean / var (unchanged in inference).  The legacy is_test and
 * consumed_inputs attributes are ignored: the node is always evaluated in
 * inference mode.
 *
 * BatchNormalization and InstanceNormalization split their planes,
 * LayerNormalization its rows, over the session's threads.
 */
#include <math.h>
#include <string.h>

#include "rt.h"

#define T float
#define FN(x) x##_f
#include "k_norm_tmpl.h"
#undef T
#undef FN
#define T double
#define FN(x) x##_d
#include "k_norm_tmpl.h"
#undef T
#undef FN

/* check_x: input 0 present, float or double, rank >= minrank. */
static int check_x(const rt_node *n, int minrank, onnxc_err *err)
{
	const rt_tensor *x = n->n_in > 0 ? n->in[0] : NULL;

	if (!x)
		return rt_fail(n, err, ONNXC_EINVAL, "input X is missing");
	if (x->dtype != IR_FLOAT && x->dtype != IR_DOUBLE)
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "input type %s (float and double supported)",
			       ir_dtype_name(x->dtype));
	if (x->rank < minrank)
		return rt_fail(n, err, ONNXC_EINVAL, "X has rank %d, expected at least %d", x->rank,
			       minrank);
	return 0;
}

static int is_floating(int dt)
{
	return dt == IR_FLOAT || dt == IR_DOUBLE || dt == IR_FLOAT16 || dt == IR_BFLOAT16;
}

/* ---- BatchNormalization ---- */

typedef struct bn_params {
	int64_t outer, ch, inner;     /* X viewed as [outer, ch, inner] */
	float eps;
} bn_params;

/* prep_bn: X [N, C, ...]; scale, B, mean, var of C elements (or of
 * X.shape[1:] elements with spatial = 0). */
static int prep_bn(rt_node *n, onnxc_err *err)
{
	const int v = n->ir->since_version;
	const rt_tensor *x;
	bn_params p;
	int i;

	if (check_x(n, 2, err))
		return -1;
	x = n->in[0];
	if (n->n_in < 5)
		return rt_fail(n, err, ONNXC_EINVAL, "has %d inputs, expected 5", n->n_in);
	if (v >= 14 && ir_attr_int(n->ir, "training_mode", 0) != 0)
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "training_mode = 1 is not supported");
	for (i = 3; i < n->n_out; i++)
		if (n->out[i])
			return rt_fail(n, err, ONNXC_EUNSUPPORTED,
				       "output %d (saved batch statistics of training) is not supported",
				       i);
	memset(&p, 0, sizeof p);
	p.outer = x->dims[0];
	p.ch = x->dims[1];
	p.inner = rt_numel(x->rank - 2, x->dims + 2);
	if (v < 9 && ir_attr_int(n->ir, "spatial", 1) == 0) {
		p.ch *= p.inner;
		p.inner = 1;
	}
	for (i = 1; i < 5; i++) {
		const rt_tensor *t = n->in[i];
		if (!t)
			return rt_fail(n, err, ONNXC_EINVAL, "input %d is missing", i);
		if (!is_floating(t->dtype))
			return rt_fail(n, err, ONNXC_EINVAL, "input %d has type %s", i,
				       ir_dtype_name(t->dtype));
		if (t->numel != p.ch)
			return rt_fail(n, err, ONNXC_EINVAL, "input %d has %lld elements, expected %lld",
				       i, (long long)t->numel, (long long)p.ch);
	}
	p.eps = ir_attr_float(n->ir, "epsilon", 1e-5f);
	if (rt_set_shape(n, n->out[0], x->dtype, x->rank, x->dims, err))
		return -1;
	/* the running mean and var outputs: unchanged in inference */
	for (i = 1; i < 3 && i < n->n_out; i++)
		if (rt_set_shape(n, n->out[i], n->in[i + 2]->dtype, n->in[i + 2]->rank,
				 n->in[i + 2]->dims, err))
			return -1;
	n->params = onnxc_malloc(sizeof p);
	if (!n->params)
		return onnxc_oom(err);
	memcpy(n->params, &p, sizeof p);
	n->scratch_bytes = (size_t)(2 * p.ch) * sizeof(double);
	return 0;
}

/* bn_planes: BatchNormalization's affine map on planes [p0, p1). */
static void bn_planes(void *arg, int slot, int64_t p0, int64_t p1)
{
	const rt_node *n = arg;
	const bn_params *p = n->params;
	const double *a = n->scratch, *b = a + p->ch;

	(void)slot;
	if (n->in[0]->dtype == IR_FLOAT)
		affine_f(n->in[0]->data, n->out[0]->data, a, b, p->ch, p->inner, p0, p1);
	else
		affine_d(n->in[0]->data, n->out[0]->data, a, b, p->ch, p->inner, p0, p1);
}

static int exec_bn(rt_node *n, onnxc_err *err)
{
	const bn_params *p = n->params;
	double *a = n->scratch, *b;
	int64_t c;

	(void)err;
	for (c = 1; c < 3 && c < n->n_out; c++)
		if (n->out[c] && n->out[c]->data != n->in[c + 2]->data && n->out[c]->nbytes)
			memcpy(n->out[c]->data, n->in[c + 2]->data, n->out[c]->nbytes);
	if (!p->ch || !n->out[0]->numel)
		return 0;   /* (and no scratch when ch is 0: a may be NULL) */
	b = a + p->ch;
	for (c = 0; c < p->ch; c++) {
		double s = rt_get_f(n->in[1], c), bias = rt_get_f(n->in[2], c);
		double mean = rt_get_f(n->in[3], c), var = rt_get_f(n->in[4], c);
		a[c] = s / sqrt(var + (double)p->eps);
		b[c] = bias - mean * a[c];
	}
	rt_parallel_grain(n, p->outer * p->ch, p->inner ? RT_PAR_ELEMS / p->inner + 1 : 1,
			  bn_planes, n);
	return 0;
}

/* ---- InstanceNormalization ---- */

typedef struct in_params {
	int64_t N, C, S;
	float eps;
} in_params;

/* prep_in: X [N, C, D...], scale [C], B [C] of X's type. */
static int prep_in(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x;
	in_params p;
	int i;

	if (check_x(n, 3, err))
		return -1;
	x = n->in[0];
	memset(&p, 0, sizeof p);
	p.N = x->dims[0];
	p.C = x->dims[1];
	p.S = rt_numel(x->rank - 2, x->dims + 2);
	for (i = 1; i < 3; i++) {
		const rt_tensor *t = n->n_in > i ? n->in[i] : NULL;
		if (!t)
			return rt_fail(n, err, ONNXC_EINVAL, "input %d is missing", i);
		if (t->dtype != x->dtype || t->numel != p.C)
			return rt_fail(n, err, ONNXC_EINVAL,
				       "input %d must be %lld elements of X's type %s", i,
				       (long long)p.C, ir_dtype_name(x->dtype));
	}
	p.eps = ir_attr_float(n->ir, "epsilon", 1e-5f);
	if (rt_set_shape(n, n->out[0], x->dtype, x->rank, x->dims, err))
		return -1;
	n->params = onnxc_malloc(sizeof p);
	if (!n->params)
		return onnxc_oom(err);
	memcpy(n->params, &p, sizeof p);
	return 0;
}

/* in_planes: InstanceNormalization of planes [p0, p1). */
static void in_planes(void *arg, int slot, int64_t p0, int64_t p1)
{
	const rt_node *n = arg;
	const in_params *p = n->params;
	int64_t pl;

	(void)slot;
	for (pl = p0; pl < p1; pl++) {
		int64_t c = pl % p->C;
		if (n->in[0]->dtype == IR_FLOAT)
			normrow_f((const float *)n->in[0]->data + pl * p->S,
				  (float *)n->out[0]->data + pl * p->S, p->S, p->eps,
				  (const float *)n->in[1]->data + c, (const float *)n->in[2]->data + c,
				  0, NULL, NULL);
		else
			normrow_d((const double *)n->in[0]->data + pl * p->S,
				  (double *)n->out[0]->data + pl * p->S, p->S, p->eps,
				  (const double *)n->in[1]->data + c, (const double *)n->in[2]->data + c,
				  0, NULL, NULL);
	}
}

static int exec_in(rt_node *n, onnxc_err *err)
{
	const in_params *p = n->params;

	(void)err;
	rt_parallel_grain(n, p->N * p->C, p->S ? RT_PAR_ELEMS / p->S + 1 : 1, in_planes, n);
	return 0;
}

/* ---- LayerNormalization ---- */

typedef struct ln_params {
	int64_t outer, inner;          /* X viewed as [outer, inner] */
	int nrank;                     /* rank of the normalized shape */
	int64_t ndims[RT_MAXRANK];     /* the normalized shape X.shape[axis:] */
	int64_t sstr[RT_MAXRANK];      /* Scale's broadcast strides over it */
	int64_t bstr[RT_MAXRANK];      /* B's */
	int has_bias;
	float eps;
} ln_params;

/* bcast_to: t must broadcast unidirectionally to dims[0..r); strides out. */
static int bcast_to(const rt_node *n, const rt_tensor *t, const char *what, int r,
		    const int64_t *dims, int64_t *str, onnxc_err *err)
{
	int i;

	if (t->rank > r)
		return rt_fail(n, err, ONNXC_EINVAL, "%s has rank %d, more than the %d normalized dims",
			       what, t->rank, r);
	for (i = 0; i < t->rank; i++) {
		int64_t d = t->dims[t->rank - 1 - i], want = dims[r - 1 - i];
		if (d != want && d != 1)
			return rt_fail(n, err, ONNXC_EINVAL,
				       "%s does not broadcast to the normalized shape (dim %lld vs %lld)",
				       what, (long long)d, (long long)want);
	}
	rt_broadcast_strides(t->rank, t->dims, r, dims, str);
	return 0;
}

/* prep_ln: X [..., D_axis, ...]; Scale and optional B broadcast to
 * X.shape[axis:]; Y like X; optional Mean / InvStdDev float of shape
 * X.shape[:axis] + [1] * (rank - axis). */
static int prep_ln(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x, *s, *b;
	ln_params p;
	int64_t sdims[RT_MAXRANK];
	int axis, i;

	if (check_x(n, 1, err))
		return -1;
	x = n->in[0];
	s = n->n_in > 1 ? n->in[1] : NULL;
	b = n->n_in > 2 ? n->in[2] : NULL;
	if (!s)
		return rt_fail(n, err, ONNXC_EINVAL, "input Scale is missing");
	if (s->dtype != x->dtype || (b && b->dtype != x->dtype))
		return rt_fail(n, err, ONNXC_EINVAL, "Scale and B must have X's type %s",
			       ir_dtype_name(x->dtype));
	if (ir_attr_int(n->ir, "stash_type", 1) != 1)
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "stash_type %lld (only 1, float)",
			       (long long)ir_attr_int(n->ir, "stash_type", 1));
	if (rt_axis(n, ir_attr_int(n->ir, "axis", -1), x->rank, &axis, err))
		return -1;
	memset(&p, 0, sizeof p);
	p.outer = rt_numel(axis, x->dims);
	p.inner = rt_numel(x->rank - axis, x->dims + axis);
	p.nrank = x->rank - axis;
	for (i = 0; i < p.nrank; i++)
		p.ndims[i] = x->dims[axis + i];
	if (bcast_to(n, s, "Scale", p.nrank, p.ndims, p.sstr, err) ||
	    (b && bcast_to(n, b, "B", p.nrank, p.ndims, p.bstr, err)))
		return -1;
	p.has_bias = b != NULL;
	p.eps = ir_attr_float(n->ir, "epsilon", 1e-5f);
	if (rt_set_shape(n, n->out[0], x->dtype, x->rank, x->dims, err))
		return -1;
	for (i = 0; i < x->rank; i++)
		sdims[i] = i < axis ? x->dims[i] : 1;
	for (i = 1; i < 3 && i < n->n_out; i++)
		if (rt_set_shape(n, n->out[i], IR_FLOAT, x->rank, sdims, err))
			return -1;
	n->params = onnxc_malloc(sizeof p);
	if (!n->params)
		return onnxc_oom(err);
	memcpy(n->params, &p, sizeof p);
	n->scratch_bytes = (size_t)(2 * p.inner) * ir_dtype_size(x->dtype);
	return 0;
}

/* expand: copy the broadcast view (strides str over p's normalized shape)
 * of t into dst as `inner` elements of es bytes. */
static void expand(const ln_params *p, const rt_tensor *t, const int64_t *str, void *dst,
		   size_t es)
{
	int64_t idx[RT_MAXRANK] = { 0 }, off = 0, i;
	int d;

	for (i = 0; i < p->inner; i++) {
		memcpy((char *)dst + (size_t)i * es, (const char *)t->data + (size_t)off * es, es);
		for (d = p->nrank - 1; d >= 0; d--) {
			off += str[d];
			if (++idx[d] < p->ndims[d])
				break;
			off -= str[d] * p->ndims[d];
			idx[d] = 0;
		}
	}
}

/* ln_rows: LayerNormalization of rows [r0, r1) (scale and bias expanded
 * into the scratch). */
static void ln_rows(void *arg, int slot, int64_t r0, int64_t r1)
{
	const rt_node *n = arg;
	const ln_params *p = n->params;
	const size_t es = ir_dtype_size(n->in[0]->dtype);
	const char *scale = n->scratch, *bias = scale + (size_t)p->inner * es;
	float *mean = n->n_out > 1 && n->out[1] ? n->out[1]->data : NULL;
	float *inv = n->n_out > 2 && n->out[2] ? n->out[2]->data : NULL;
	int64_t r;

	(void)slot;
	for (r = r0; r < r1; r++) {
		double m, is;
		if (es == sizeof(float))
			normrow_f((const float *)n->in[0]->data + r * p->inner,
				  (float *)n->out[0]->data + r * p->inner, p->inner, p->eps,
				  (const float *)scale, p->has_bias ? (const float *)bias : NULL, 1,
				  &m, &is);
		else
			normrow_d((const double *)n->in[0]->data + r * p->inner,
				  (double *)n->out[0]->data + r * p->inner, p->inner, p->eps,
				  (const double *)scale, p->has_bias ? (const double *)bias : NULL, 1,
				  &m, &is);
		if (mean)
			mean[r] = (float)m;
		if (inv)
			inv[r] = (float)is;
	}
}

static int exec_ln(rt_node *n, onnxc_err *err)
{
	const ln_params *p = n->params;
	const size_t es = ir_dtype_size(n->in[0]->dtype);
	char *scale = n->scratch, *bias;

	(void)err;
	if (!p->inner)
		return 0;   /* (and no scratch: scale may be NULL) */
	bias = scale + (size_t)p->inner * es;
	expand(p, n->in[1], p->sstr, scale, es);
	if (p->has_bias)
		expand(p, n->in[2], p->bstr, bias, es);
	rt_parallel_grain(n, p->outer, RT_PAR_ELEMS / p->inner + 1, ln_rows, n);
	return 0;
}

/* ---- LRN ---- */

typedef struct lrn_params {
	int64_t N, C, S, size;
	float alpha, beta, bias;
} lrn_params;

/* prep_lrn: X [N, C, ...]; size >= 1 required. */
static int prep_lrn(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x;
	lrn_params p;

	if (check_x(n, 2, err))
		return -1;
	x = n->in[0];
	memset(&p, 0, sizeof p);
	p.N = x->dims[0];
	p.C = x->dims[1];
	p.S = rt_numel(x->rank - 2, x->dims + 2);
	p.size = ir_attr_int(n->ir, "size", 0);
	if (p.size < 1)
		return rt_fail(n, err, ONNXC_EINVAL, "attribute size must be >= 1");
	p.alpha = ir_attr_float(n->ir, "alpha", 1e-4f);
	p.beta = ir_attr_float(n->ir, "beta", 0.75f);
	p.bias = ir_attr_float(n->ir, "bias", 1.0f);
	if (rt_set_shape(n, n->out[0], x->dtype, x->rank, x->dims, err))
		return -1;
	n->params = onnxc_malloc(sizeof p);
	if (!n->params)
		return onnxc_oom(err);
	memcpy(n->params, &p, sizeof p);
	return 0;
}

static int exec_lrn(rt_node *n, onnxc_err *err)
{
	const lrn_params *p = n->params;

	(void)err;
	if (n->in[0]->dtype == IR_FLOAT)
		lrn_f(n->in[0]->data, n->out[0]->data, p->N, p->C, p->S, p->size, p->alpha, p->beta,
		      p->bias);
	else
		lrn_d(n->in[0]->data, n->out[0]->data, p->N, p->C, p->S, p->size, p->alpha, p->beta,
		      p->bias);
	return 0;
}

const rt_op rt_op_BatchNormalization = { prep_bn, exec_bn, RT_INPLACE };
const rt_op rt_op_InstanceNormalization = { prep_in, exec_in, RT_INPLACE };
const rt_op rt_op_LayerNormalization = { prep_ln, exec_ln, RT_INPLACE };
const rt_op rt_op_LRN = { prep_lrn, exec_lrn, 0 };
