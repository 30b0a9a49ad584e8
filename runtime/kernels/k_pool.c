/*
 * k_pool.c - MaxPool (1, 8, 10, 11, 12), AveragePool (1, 7, 10, 11),
 * LpPool (1, 2, 11), GlobalMaxPool, GlobalAveragePool, GlobalLpPool (1, 2).
 *
 * float and double everywhere; MaxPool-12 also int8 and uint8.  Windows of
 * any spatial rank (1..6) with strides, pads, auto_pad, dilations,
 * ceil_mode (windows starting in the end padding are dropped, as the ONNX
 * spec says), count_include_pad (pads count, the ceil_mode overhang past the
 * end padding does not) and MaxPool's optional Indices output in row-major or
 * column-major (storage_order = 1) order.  Padding never wins a max and adds
 * nothing to a sum.
 */
#include <math.h>
#include <string.h>

#include "k_conv_geom.h"
#include "k_vmath.h"

enum { RT_POOL_MAX, RT_POOL_AVG, RT_POOL_LP };


/* Prepared state (n->params, one flat block). */
typedef struct rt_pool {
	rt_convgeom g;         /* for global pools only g.in_size is used */
	int64_t planes;        /* N * C */
	int kind;              /* RT_POOL_* */
	int global;
	int count_include_pad;
	int colmajor;          /* MaxPool storage_order */
	double p;              /* Lp exponent */
} rt_pool;

/* One exec: the arguments of the per-type loops, and the window table
 * (built in the scratch): for spatial dim d and output index o, entry
 * base[d] + o of st (window start), lo / hi (the taps inside the input) and
 * cnt (the divisor's factor: hi - lo, or with count_include_pad the taps
 * before the end of the end padding). */
typedef struct rt_pooltask {
	const rt_pool *pp;
	const void *x;
	void *y;
	int64_t *ind;
	const int64_t *st, *lo, *hi, *cnt;
	int64_t base[RT_MAXSP];
} rt_pooltask;

/* build_table: fill the window table of t in tab (4 * sum(out) entries). */
static void build_table(rt_pooltask *t, int64_t *tab)
{
	const rt_convgeom *g = &t->pp->g;
	int64_t total = 0, o, k;
	int d;

	for (d = 0; d < g->nsp; d++) {
		t->base[d] = total;
		total += g->out[d];
	}
	t->st = tab;
	t->lo = tab + total;
	t->hi = tab + 2 * total;
	t->cnt = tab + 3 * total;
	for (d = 0; d < g->nsp; d++)
		for (o = 0; o < g->out[d]; o++) {
			int64_t s = o * g->stride[d] - g->pad0[d], dil = g->dil[d];
			int64_t rest = g->in[d] - s, lo, hi, c;

			lo = s < 0 ? (-s + dil - 1) / dil : 0;
			hi = rest <= 0 ? 0 : (rest + dil - 1) / dil;
			if (hi > g->k[d])
				hi = g->k[d];
			c = hi > lo ? hi - lo : 0;
			if (t->pp->count_include_pad) {
				rest = g->in[d] + g->pad1[d] - s;
				c = (rest + dil - 1) / dil;
				if (c > g->k[d])
					c = g->k[d];
			}
			k = t->base[d] + o;
			tab[k] = s;
			tab[total + k] = lo;
			tab[2 * total + k] = hi;
			tab[3 * total + k] = c;
		}
}

/* pool_window: the window of output multi-index o: start st[d], taps
 * [lo[d], hi[d]) inside the input; *count (if not NULL) the divisor.
 * Returns 0 when the window holds no input element. */
static int pool_window(const rt_pooltask *t, const int64_t *o, int64_t *st, int64_t *lo,
		       int64_t *hi, double *count)
{
	double c = 1;
	int d;

	for (d = 0; d < t->pp->g.nsp; d++) {
		int64_t k = t->base[d] + o[d];

		st[d] = t->st[k];
		lo[d] = t->lo[k];
		hi[d] = t->hi[k];
		if (lo[d] >= hi[d])
			return 0;
		c *= (double)t->cnt[k];
	}
	if (count)
		*count = c;
	return 1;
}

#define TFLOAT
#define T float
#define FN(x) x##_f
#define LOWEST (-INFINITY)
#include "k_pool_tmpl.h"
#undef T
#undef FN
#define T double
#define FN(x) x##_d
#include "k_pool_tmpl.h"
#undef T
#undef FN
#undef LOWEST
#undef TFLOAT
#define T int8_t
#define FN(x) x##_i8
#define LOWEST INT8_MIN
#include "k_pool_tmpl.h"
#undef T
#undef FN
#undef LOWEST
#define T uint8_t
#define FN(x) x##_u8
#define LOWEST 0
#include "k_pool_tmpl.h"
#undef T
#undef FN
#undef LOWEST

/* check_x: X present, of a supported type (int8/uint8 only when ints), of
 * rank >= minrank.  0 or -1 (err). */
static int check_x(const rt_node *n, int ints, int minrank, onnxc_err *err)
{
	const rt_tensor *x = n->n_in > 0 ? n->in[0] : NULL;

	if (!x)
		return rt_fail(n, err, ONNXC_EINVAL, "input X is missing");
	if (x->dtype != IR_FLOAT && x->dtype != IR_DOUBLE &&
	    !(ints && (x->dtype == IR_INT8 || x->dtype == IR_UINT8)))
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "input type %s is not supported%s",
			       ir_dtype_name(x->dtype),
			       ints ? " (float, double, int8, uint8)" : " (float, double)");
	if (x->rank < minrank || x->rank > RT_MAXRANK)
		return rt_fail(n, err, ONNXC_EINVAL, "X has rank %d, expected N x C x D1 ... (%d..%d)",
			       x->rank, minrank, RT_MAXRANK);
	return 0;
}

/* finish: store the params, set the outputs' shapes (Y of X's type, the
 * optional Indices int64).  0 or -1 (err). */
static int finish(rt_node *n, const rt_pool *pp, int rank, const int64_t *odims, onnxc_err *err)
{
	if (rt_set_shape(n, n->out[0], n->in[0]->dtype, rank, odims, err))
		return -1;
	if (n->n_out > 1 && rt_set_shape(n, n->out[1], IR_INT64, rank, odims, err))
		return -1;
	n->params = onnxc_malloc(sizeof *pp);
	if (!n->params)
		return onnxc_oom(err);
	memcpy(n->params, pp, sizeof *pp);
	return 0;
}

/* prep_window: the common prep of MaxPool, AveragePool and LpPool. */
static int prep_window(rt_node *n, int kind, onnxc_err *err)
{
	const int v = n->ir->since_version;
	const rt_tensor *x;
	rt_pool pp;
	int64_t k[RT_MAXSP], odims[RT_MAXRANK];
	int nsp, i, ceil_mode = 0, r;

	if (check_x(n, kind == RT_POOL_MAX && v >= 12, 3, err))
		return -1;
	x = n->in[0];
	nsp = x->rank - 2;
	memset(&pp, 0, sizeof pp);
	pp.kind = kind;
	r = rt_convgeom_kernel_attr(n, nsp, k, err);
	if (r < 0)
		return -1;
	if (r == 0)
		return rt_fail(n, err, ONNXC_EINVAL, "attribute kernel_shape is required");
	/* Attributes are honoured when present, whatever the version: those
	 * that a version lacks are absent in a valid model (and AveragePool-19
	 * or LpPool-18, which add dilations and ceil_mode, resolve to 11). */
	if (rt_convgeom_attrs(n, nsp, x->dims + 2, k, 1, &pp.g, err))
		return -1;
	ceil_mode = (int)ir_attr_int(n->ir, "ceil_mode", 0);
	if (ceil_mode != 0 && ceil_mode != 1)
		return rt_fail(n, err, ONNXC_EINVAL, "ceil_mode must be 0 or 1");
	if (kind == RT_POOL_AVG)
		pp.count_include_pad = ir_attr_int(n->ir, "count_include_pad", 0) != 0;
	if (kind == RT_POOL_MAX) {
		int64_t so = ir_attr_int(n->ir, "storage_order", 0);
		if (so != 0 && so != 1)
			return rt_fail(n, err, ONNXC_EINVAL, "storage_order must be 0 or 1");
		pp.colmajor = (int)so;
	}
	if (kind != RT_POOL_MAX && n->n_out > 1)
		return rt_fail(n, err, ONNXC_EINVAL, "has %d outputs, expected 1", n->n_out);
	if (kind == RT_POOL_MAX && n->n_out > 1 && v < 8)
		return rt_fail(n, err, ONNXC_EINVAL, "the Indices output needs MaxPool-8 or later");
	if (kind == RT_POOL_LP) {
		pp.p = v < 2 ? (double)ir_attr_float(n->ir, "p", 2.0f)
			     : (double)ir_attr_int(n->ir, "p", 2);
		if (!(pp.p > 0))
			return rt_fail(n, err, ONNXC_EINVAL, "p must be positive");
	}
	if (rt_convgeom_forward(n, &pp.g, ceil_mode, err))
		return -1;
	n->scratch_bytes = 0;
	for (i = 0; i < nsp; i++)
		n->scratch_bytes += 4 * (size_t)pp.g.out[i] * sizeof(int64_t);
	pp.planes = x->dims[0] * x->dims[1];
	odims[0] = x->dims[0];
	odims[1] = x->dims[1];
	for (i = 0; i < nsp; i++)
		odims[2 + i] = pp.g.out[i];
	return finish(n, &pp, x->rank, odims, err);
}

static int prep_maxpool(rt_node *n, onnxc_err *err)
{
	return prep_window(n, RT_POOL_MAX, err);
}

static int prep_avgpool(rt_node *n, onnxc_err *err)
{
	return prep_window(n, RT_POOL_AVG, err);
}

static int prep_lppool(rt_node *n, onnxc_err *err)
{
	return prep_window(n, RT_POOL_LP, err);
}

/* prep_global: GlobalMax/Average/LpPool: [N, C, D...] -> [N, C, 1...]. */
static int prep_global(rt_node *n, int kind, onnxc_err *err)
{
	const rt_tensor *x;
	rt_pool pp;
	int64_t odims[RT_MAXRANK];
	int i;

	if (check_x(n, 0, 2, err))
		return -1;
	x = n->in[0];
	memset(&pp, 0, sizeof pp);
	pp.kind = kind;
	pp.global = 1;
	pp.planes = x->dims[0] * x->dims[1];
	pp.g.in_size = rt_numel(x->rank - 2, x->dims + 2);
	if (kind == RT_POOL_LP) {
		pp.p = n->ir->since_version < 2 ? (double)ir_attr_float(n->ir, "p", 2.0f)
						: (double)ir_attr_int(n->ir, "p", 2);
		if (!(pp.p > 0))
			return rt_fail(n, err, ONNXC_EINVAL, "p must be positive");
	}
	for (i = 0; i < x->rank; i++)
		odims[i] = i < 2 ? x->dims[i] : 1;
	return finish(n, &pp, x->rank, odims, err);
}

static int prep_gmax(rt_node *n, onnxc_err *err)
{
	return prep_global(n, RT_POOL_MAX, err);
}

static int prep_gavg(rt_node *n, onnxc_err *err)
{
	return prep_global(n, RT_POOL_AVG, err);
}

static int prep_glp(rt_node *n, onnxc_err *err)
{
	return prep_global(n, RT_POOL_LP, err);
}

static int exec_pool(rt_node *n, onnxc_err *err)
{
	rt_pooltask t;
	int64_t grain;

	(void)err;
	t.pp = n->params;
	t.x = n->in[0]->data;
	t.y = n->out[0]->data;
	t.ind = n->n_out > 1 && n->out[1] ? n->out[1]->data : NULL;
	if (!n->out[0]->numel)
		return 0;
	if (!t.pp->global)
		build_table(&t, n->scratch);
	/* planes per chunk: about RT_PAR_ELEMS input elements */
	grain = t.pp->g.in_size > 0 ? RT_PAR_ELEMS / t.pp->g.in_size : 1;
	switch (n->in[0]->dtype) {
	case IR_FLOAT: rt_parallel_for_grain(n, t.pp->planes, grain, task_f, &t); break;
	case IR_DOUBLE: rt_parallel_for_grain(n, t.pp->planes, grain, task_d, &t); break;
	case IR_INT8: rt_parallel_for_grain(n, t.pp->planes, grain, task_i8, &t); break;
	default: rt_parallel_for_grain(n, t.pp->planes, grain, task_u8, &t); break;
	}
	return 0;
}

const rt_op rt_op_MaxPool = { prep_maxpool, exec_pool, 0 };
const rt_op rt_op_AveragePool = { prep_avgpool, exec_pool, 0 };
const rt_op rt_op_LpPool = { prep_lppool, exec_pool, 0 };
const rt_op rt_op_GlobalMaxPool = { prep_gmax, exec_pool, 0 };
const rt_op rt_op_GlobalAveragePool = { prep_gavg, exec_pool, 0 };
const rt_op rt_op_GlobalLpPool = { prep_glp, exec_pool, 0 };
