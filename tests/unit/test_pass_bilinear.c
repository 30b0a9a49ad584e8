/*
 * test_pass_bilinear.c - the fold_bilinear pass: ConvTranspose layers built
 * in C with bilinear weights are run before and after the pass on the same
 * input; the folded graph must give the same output (<= 1e-5) and have the
 * expected form (Pad/Resize/Slice[/Add] when factor == stride, a depthwise
 * ConvTranspose otherwise); weights that are not bilinear are left alone.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fe.h"
#include "pass.h"
#include "session.h"
#include "testutil.h"

#define TOL 1e-5

typedef struct ct_spec {
	int nsp;
	int64_t N, C;
	int64_t in[3], k[3], s[3], p0[3], p1[3], opad[3];
	int depthwise, bias, dtype, opset;
	const char *auto_pad;      /* NULL: explicit pads */
	int out_shape;             /* give output_shape (out_add added to s*(H-1)+k) */
	int64_t out_add;
	int dil;                   /* dilation of every axis (0: no attribute) */
	int64_t perturb_at;        /* weight index changed by `perturb` */
	double perturb;
	int learned;               /* random weights */
	double offdiag;            /* W[0][1][0...] for group 1 */
	int w_input, b_input;      /* weight / bias are also graph inputs */
	int mult;                  /* depthwise channel multiplier (W [C, mult, k...]) */
	int fused;                 /* the node carries a fused Relu */
	int w_via;                 /* W from 1: Identity of an initializer, 2: a Constant */
	int x_static;              /* X's shape declared with numbers */
} ct_spec;

typedef struct notes {
	int n;
	char last[512];
} notes;

static unsigned rng_state;

static double rnd(void)
{
	rng_state = rng_state * 1664525u + 1013904223u;
	return (double)(rng_state >> 8) / (double)(1u << 24) * 2.0 - 1.0;
}

static double tap(int64_t k, int64_t t)
{
	int64_t f = (k + 1) / 2;
	double c = k % 2 ? (double)(f - 1) : (double)f - 0.5;

	return 1.0 - fabs((double)t - c) / (double)f;
}

static void spec_init(ct_spec *sp, int64_t k, int64_t s, int64_t p, int64_t h, int64_t w)
{
	memset(sp, 0, sizeof *sp);
	sp->nsp = 2;
	sp->N = 1;
	sp->C = 3;
	sp->dtype = IR_FLOAT;
	sp->opset = 13;
	sp->in[0] = h;
	sp->in[1] = w;
	sp->k[0] = sp->k[1] = k;
	sp->s[0] = sp->s[1] = s;
	sp->p0[0] = sp->p0[1] = sp->p1[0] = sp->p1[1] = p;
	sp->perturb_at = -1;
	sp->mult = 1;
}

static void put(void *data, int dtype, int64_t i, double v)
{
	if (dtype == IR_DOUBLE)
		((double *)data)[i] = v;
	else
		((float *)data)[i] = (float)v;
}

static void add_ints(ir_node *n, const char *name, int cnt, const int64_t *v)
{
	onnxc_err err = { 0 };
	ir_attr *a = ir_node_add_attr(n, name, IR_ATTR_INTS, &err);

	a->ints = onnxc_malloc((size_t)cnt * sizeof *a->ints);
	memcpy(a->ints, v, (size_t)cnt * sizeof *a->ints);
	a->n = cnt;
}

/* build: x -> ConvTranspose 'up' (W, optional B) -> y */
static ir_model *build(const ct_spec *sp)
{
	onnxc_err err = { 0 };
	ir_model *m = ir_model_new(&err);
	ir_graph *g = m->graph;
	int rank = sp->nsp + 2, i;
	int64_t xd[5], wd[5], bd = sp->C, cw = sp->depthwise ? sp->mult : sp->C, ks = 1, j, ci, co;
	int64_t pads[6], v[3];
	ir_value *x = ir_graph_value(g, "x", &err), *w = ir_graph_value(g, "W", &err),
		 *b = ir_graph_value(g, "B", &err), *y = ir_graph_value(g, "y", &err);
	ir_tensor *wt, *bt;
	ir_node *n = ir_node_new(g, "up", "ConvTranspose", "", sp->bias ? 3 : 2, 1, &err);

	ir_model_add_opset(m, "", sp->opset, &err);
	xd[0] = sp->N;
	xd[1] = sp->C;
	wd[0] = sp->C;
	wd[1] = cw;
	for (i = 0; i < sp->nsp; i++) {
		xd[i + 2] = sp->in[i];
		wd[i + 2] = sp->k[i];
		ks *= sp->k[i];
	}
	x->dtype = sp->dtype;
	x->has_type = 1;
	ir_shape_set(&x->shape, rank, xd, &err);
	if (!sp->x_static) {
		static const char *syms[5] = { "n", "c", "d1", "d2", "d3" };
		for (i = 0; i < rank; i++)
			ir_shape_set_sym(&x->shape, i, syms[i], &err);
	}
	ir_graph_add_input(g, x, &err);
	wt = ir_tensor_new(sp->dtype, rank, wd, &err);
	for (ci = 0; ci < sp->C; ci++)
		for (co = 0; co < cw; co++)
			for (j = 0; j < ks; j++) {
				double f = 1.0;
				int64_t r = j;
				for (i = sp->nsp - 1; i >= 0; i--) {
					f *= tap(sp->k[i], r % sp->k[i]);
					r /= sp->k[i];
				}
				if (!sp->depthwise && ci != co)
					f = 0;
				if (sp->learned)
					f = rnd();
				put(wt->data, sp->dtype, (ci * cw + co) * ks + j, f);
			}
	if (sp->perturb_at >= 0)
		put(wt->data, sp->dtype, sp->perturb_at,
		    (sp->dtype == IR_DOUBLE ? ((double *)wt->data)[sp->perturb_at]
					    : ((float *)wt->data)[sp->perturb_at]) + sp->perturb);
	if (sp->offdiag != 0)
		put(wt->data, sp->dtype, ks, sp->offdiag);    /* W[0][1][0...] */
	if (sp->w_via == 2) {           /* W = Constant(value = wt) */
		ir_node *c = ir_node_new(g, "wconst", "Constant", "", 0, 1, &err);
		ir_attr *a = ir_node_add_attr(c, "value", IR_ATTR_TENSOR, &err);
		a->t = wt;
		ir_node_set_output(c, 0, w);
		ir_node_resolve(m, c);
	} else if (sp->w_via == 1) {    /* W = Identity(W0), W0 the initializer */
		ir_value *w0 = ir_graph_value(g, "W0", &err);
		ir_node *c = ir_node_new(g, "wshare", "Identity", "", 1, 1, &err);
		ir_graph_add_init(g, w0, wt, &err);
		if (sp->w_input)
			ir_graph_add_input(g, w0, &err);
		c->in[0] = w0;
		ir_node_set_output(c, 0, w);
		ir_node_resolve(m, c);
	} else {
		ir_graph_add_init(g, w, wt, &err);
		if (sp->w_input)
			ir_graph_add_input(g, w, &err);
	}
	n->in[0] = x;
	n->in[1] = w;
	if (sp->bias) {
		bt = ir_tensor_new(sp->dtype, 1, &bd, &err);
		for (j = 0; j < sp->C; j++)
			put(bt->data, sp->dtype, j, 0.25 * (double)(j + 1) - 0.5);
		ir_graph_add_init(g, b, bt, &err);
		if (sp->b_input)
			ir_graph_add_input(g, b, &err);
		n->in[2] = b;
	}
	ir_node_set_output(n, 0, y);
	ir_graph_add_output(g, y, &err);
	y->dtype = sp->dtype;
	y->has_type = 1;
	if (sp->depthwise) {
		ir_attr *a = ir_node_add_attr(n, "group", IR_ATTR_INT, &err);
		a->i = sp->C;
	}
	add_ints(n, "kernel_shape", sp->nsp, sp->k);
	add_ints(n, "strides", sp->nsp, sp->s);
	for (i = 0; i < sp->nsp; i++) {
		pads[i] = sp->p0[i];
		pads[sp->nsp + i] = sp->p1[i];
		v[i] = sp->s[i] * (sp->in[i] - 1) + sp->k[i] + sp->out_add;
	}
	if (sp->auto_pad) {
		ir_attr *a = ir_node_add_attr(n, "auto_pad", IR_ATTR_STRING, &err);
		a->s = onnxc_strdup(sp->auto_pad);
		a->slen = strlen(a->s);
	} else if (!sp->out_shape) {
		add_ints(n, "pads", 2 * sp->nsp, pads);
	}
	if (sp->out_shape)
		add_ints(n, "output_shape", sp->nsp, v);
	if (sp->opad[0] || sp->opad[1] || sp->opad[2])
		add_ints(n, "output_padding", sp->nsp, sp->opad);
	if (sp->dil) {
		for (i = 0; i < sp->nsp; i++)
			v[i] = sp->dil;
		add_ints(n, "dilations", sp->nsp, v);
	}
	if (sp->fused)
		n->fused_act = IR_OP_Relu;
	ir_node_resolve(m, n);
	ck_assert_int_eq(ir_graph_toposort(g, &err), 0);
	ck_assert_int_eq(ir_graph_index(g, &err), 0);
	ck_assert_int_eq(err.code, 0);
	return m;
}

static void on_note(void *ud, const char *pass, const char *msg)
{
	notes *nt = ud;

	ck_assert_str_eq(pass, "fold_bilinear");
	nt->n++;
	snprintf(nt->last, sizeof nt->last, "%s", msg);
}

/* run_pass: fold_bilinear on m (verifying the IR), notes in nt. */
static void run_pass(ir_model *m, notes *nt)
{
	onnxc_err err = { 0 };
	pass_opts o = { 0 };

	memset(nt, 0, sizeof *nt);
	o.only = "fold_bilinear";
	o.verify = 1;
	o.note = on_note;
	o.ud = nt;
	ck_assert_msg(pass_run(m, &o, &err) == 0, "%s", err.msg);
	/* every fold marks the nodes it made or changed (dumps show it) */
	{
		int i, marked = 0;

		for (i = 0; i < m->graph->n_nodes; i++)
			if (m->graph->nodes[i]->origin) {
				ck_assert_msg(!strncmp(m->graph->nodes[i]->origin, "fold_bilinear: ",
						       sizeof "fold_bilinear: " - 1),
					      "%s", m->graph->nodes[i]->origin);
				marked++;
			}
		ck_assert_int_ge(marked, nt->n);
		ck_assert(nt->n || !marked);
	}
}

/* run: run m (ownership passes) on x; the output copied to out (cap
 * elements), its element count returned (dims in od). */
static int64_t run(ir_model *m, const ct_spec *sp, const void *x, double *out, int64_t cap,
		   int64_t *od)
{
	onnxc_err err = { 0 };
	onnxc_model *om = rt_model_wrap(m, &err);
	onnxc_session *s;
	int64_t xd[5], n = 1, i;
	onnxc_tensor in = { "x", sp->dtype, sp->nsp + 2, xd, (void *)x, 0 };
	const onnxc_tensor *o;
	int n_out, rc;

	xd[0] = sp->N;
	xd[1] = sp->C;
	for (i = 0; i < sp->nsp; i++)
		xd[i + 2] = sp->in[i];
	in.nbytes = (size_t)(sp->N * sp->C * (sp->nsp > 0 ? sp->in[0] : 1) *
			     (sp->nsp > 1 ? sp->in[1] : 1) * (sp->nsp > 2 ? sp->in[2] : 1)) *
		    ir_dtype_size(sp->dtype);
	ck_assert_ptr_nonnull(om);
	ck_assert_int_eq(onnxc_session_new(om, NULL, &s), 0);
	rc = onnxc_session_run(s, 1, &in, &n_out, &o);
	ck_assert_msg(rc == 0, "%s", onnxc_session_errmsg(s));
	for (i = 0; i < o[0].rank; i++) {
		od[i] = o[0].dims[i];
		n *= od[i];
	}
	ck_assert_int_le(n, cap);
	for (i = 0; i < n; i++)
		out[i] = sp->dtype == IR_DOUBLE ? ((double *)o[0].data)[i] : ((float *)o[0].data)[i];
	onnxc_session_free(s);
	onnxc_model_free(om);
	return n;
}

/* find_op: the first node of m's graph with this op, or NULL. */
static const ir_node *find_op(const ir_model *m, ir_op op)
{
	int i;

	for (i = 0; i < m->graph->n_nodes; i++)
		if (m->graph->nodes[i]->op == op)
			return m->graph->nodes[i];
	return NULL;
}

/* count_ops: nodes of m's graph with this op. */
static int count_ops(const ir_model *m, ir_op op)
{
	int i, c = 0;

	for (i = 0; i < m->graph->n_nodes; i++)
		c += m->graph->nodes[i]->op == op;
	return c;
}

#define OUT_CAP (1 << 20)
static double ref_buf[OUT_CAP], got_buf[OUT_CAP];
static int n_cases;
static double max_err;

enum { EXPECT_RESIZE, EXPECT_DEPTHWISE, EXPECT_NONE };

/* check: build sp twice, fold one, run both on the same random input;
 * the output must agree and the folded graph have the expected form. */
static void check(const ct_spec *sp, int expect, notes *nt_out)
{
	static double xbuf[1 << 16];
	unsigned seed = rng_state;
	ir_model *m0 = build(sp), *m1;
	int64_t nx = sp->N * sp->C, i, n0, n1, d0[5], d1[5];
	notes nt;
	double e = 0;

	rng_state = seed;         /* the same (learned) weights in both */
	m1 = build(sp);
	for (i = 0; i < sp->nsp; i++)
		nx *= sp->in[i];
	ck_assert_int_le(nx, (int64_t)(sizeof xbuf / sizeof xbuf[0]) / 2);
	for (i = 0; i < nx; i++)
		put(xbuf, sp->dtype, i, rnd());
	run_pass(m1, &nt);
	switch (expect) {
	case EXPECT_RESIZE:
		ck_assert_msg(nt.n == 1, "not folded: k=%lld s=%lld p=%lld,%lld dw=%d bias=%d",
			      (long long)sp->k[0], (long long)sp->s[0], (long long)sp->p0[0],
			      (long long)sp->p1[0], sp->depthwise, sp->bias);
		ck_assert_int_eq(count_ops(m1, IR_OP_ConvTranspose), 0);
		ck_assert_int_eq(count_ops(m1, IR_OP_Resize), 1);
		ck_assert_int_eq(count_ops(m1, IR_OP_Pad), 1);
		ck_assert_int_eq(count_ops(m1, IR_OP_Slice), 1);
		ck_assert_int_eq(count_ops(m1, IR_OP_Add), sp->bias ? 1 : 0);
		break;
	case EXPECT_DEPTHWISE:
		ck_assert_int_eq(nt.n, 1);
		ck_assert_int_eq(count_ops(m1, IR_OP_ConvTranspose), 1);
		ck_assert_int_eq(ir_attr_int(find_op(m1, IR_OP_ConvTranspose), "group", 1), sp->C);
		ck_assert_int_eq(find_op(m1, IR_OP_ConvTranspose)->in[1]->init->dims[1], 1);
		break;
	default:
		ck_assert_msg(nt.n == 0, "unexpected fold: %s", nt.last);
		ck_assert_int_eq(m1->graph->n_nodes, 1);
		ck_assert_ptr_eq(m1->graph->nodes[0]->in[1], ir_graph_find(m1->graph, "W"));
		break;
	}
	n0 = run(m0, sp, xbuf, ref_buf, OUT_CAP, d0);
	n1 = run(m1, sp, xbuf, got_buf, OUT_CAP, d1);
	ck_assert_int_eq(n0, n1);
	for (i = 0; i < sp->nsp + 2; i++)
		ck_assert_int_eq(d0[i], d1[i]);
	for (i = 0; i < n0; i++)
		if (fabs(ref_buf[i] - got_buf[i]) > e)
			e = fabs(ref_buf[i] - got_buf[i]);
	ck_assert_msg(e <= TOL, "k=%lld s=%lld p=%lld,%lld in=%lldx%lld dw=%d bias=%d: max err %g",
		      (long long)sp->k[0], (long long)sp->s[0], (long long)sp->p0[0],
		      (long long)sp->p1[0], (long long)sp->in[0], (long long)sp->in[1], sp->depthwise,
		      sp->bias, e);
	n_cases++;
	if (e > max_err)
		max_err = e;
	if (nt_out)
		*nt_out = nt;
}

/* expected: what the pass should do with a bilinear layer of sp. */
static int expected(const ct_spec *sp)
{
	int i, eq = 1;

	for (i = 0; i < sp->nsp; i++)
		eq = eq && (sp->k[i] + 1) / 2 == sp->s[i];
	if (eq && sp->opset >= 11)
		return EXPECT_RESIZE;
	return sp->depthwise ? EXPECT_NONE : EXPECT_DEPTHWISE;
}

/* out_ok: every output size of sp is >= 1 */
static int out_ok(const ct_spec *sp)
{
	int i;

	for (i = 0; i < sp->nsp; i++)
		if (sp->s[i] * (sp->in[i] - 1) + sp->k[i] + sp->opad[i] - sp->p0[i] - sp->p1[i] < 1)
			return 0;
	return 1;
}

/* k in 1..16, s in 1..8, PyTorch-style and other pads, group 1 / C, bias
 * on/off, odd and even input sizes. */
START_TEST(sweep)
{
	static const int64_t sizes[2][2] = { { 5, 4 }, { 4, 7 } };
	int64_t k, s;
	int folded = 0, dw = 0, before = n_cases;

	rng_state = 1;
	for (k = 1; k <= 16; k++)
		for (s = 1; s <= 8; s++) {
			int64_t pp[8][2], np = 0, c, q;
			int64_t cand[6] = { 0, 1, s / 2, k > s ? (k - s) / 2 : 0,
					    k > s ? (k - s + 1) / 2 : 0, k - 1 };
			for (c = 0; c < 6; c++) {
				for (q = 0; q < np && pp[q][0] != cand[c]; q++)
					;
				if (q == np) {
					pp[np][0] = pp[np][1] = cand[c];
					np++;
				}
			}
			pp[np][0] = 0;          /* asymmetric: nothing before, k/2 after */
			pp[np++][1] = k / 2;
			for (c = 0; c < np; c++)
				for (q = 0; q < 8; q++) {
					ct_spec sp;
					spec_init(&sp, k, s, pp[c][0], sizes[q & 1][0], sizes[q & 1][1]);
					sp.p1[0] = sp.p1[1] = pp[c][1];
					sp.depthwise = (q >> 1) & 1;
					sp.bias = (q >> 2) & 1;
					if (!out_ok(&sp))
						continue;
					check(&sp, expected(&sp), NULL);
					folded += expected(&sp) == EXPECT_RESIZE;
					dw += expected(&sp) == EXPECT_DEPTHWISE;
				}
		}
	printf("fold_bilinear sweep: %d cases (%d to Pad/Resize/Slice, %d to depthwise), "
	       "max |folded - ConvTranspose| = %.3g\n", n_cases - before, folded, dw, max_err);
	ck_assert_int_gt(folded, 500);
}
END_TEST

/* output_padding, auto_pad SAME_UPPER/SAME_LOWER/VALID, output_shape */
START_TEST(output_padding_auto_pad_output_shape)
{
	static const char *aps[3] = { "SAME_UPPER", "SAME_LOWER", "VALID" };
	int64_t s, d, o, a;

	rng_state = 2;
	for (s = 1; s <= 4; s++)
		for (d = -1; d <= 1; d++) {    /* k = 2s-1, 2s, 2s+1 */
			int64_t k = 2 * s + d;
			for (o = 0; o < s; o++) {
				ct_spec sp;
				spec_init(&sp, k, s, s / 2, 3, 4);
				sp.opad[0] = o;
				sp.opad[1] = s - 1 - o;
				sp.bias = (int)o & 1;
				if (out_ok(&sp))
					check(&sp, expected(&sp), NULL);
			}
			for (a = 0; a < 3; a++) {
				ct_spec sp;
				spec_init(&sp, k, s, 0, 5, 2);
				sp.auto_pad = aps[a];
				sp.depthwise = (int)a & 1;
				if (a < 2 && k < s)
					continue;
				check(&sp, expected(&sp), NULL);
			}
			for (o = -2; o <= 0; o++) {
				ct_spec sp;
				spec_init(&sp, k, s, 0, 4, 3);
				sp.out_shape = 1;
				sp.out_add = o;
				sp.x_static = 1;
				check(&sp, expected(&sp), NULL);
				sp.x_static = 0;      /* size unknown: the pads are not known */
				check(&sp, EXPECT_NONE, NULL);
			}
		}
}
END_TEST

/* 1-D and 3-D layers, double, batch 2, opset 11 and 10 */
START_TEST(ranks_dtypes_opsets)
{
	ct_spec sp;
	int64_t s;

	rng_state = 3;
	for (s = 1; s <= 4; s++) {
		spec_init(&sp, 2 * s, s, s / 2, 7, 0);
		sp.nsp = 1;
		sp.bias = 1;
		check(&sp, EXPECT_RESIZE, NULL);
		spec_init(&sp, 2 * s - 1, s, 0, 3, 2);
		sp.nsp = 3;
		sp.in[2] = 3;
		sp.k[2] = 2 * s;
		sp.s[2] = s;
		sp.p0[2] = 1;
		sp.depthwise = 1;
		check(&sp, EXPECT_RESIZE, NULL);
	}
	spec_init(&sp, 4, 2, 1, 5, 6);
	sp.dtype = IR_DOUBLE;
	sp.N = 2;
	sp.bias = 1;
	check(&sp, EXPECT_RESIZE, NULL);
	sp.opset = 11;
	check(&sp, EXPECT_RESIZE, NULL);
	sp.opset = 10;          /* no Resize with coordinate modes: depthwise */
	check(&sp, EXPECT_DEPTHWISE, NULL);
	sp.depthwise = 1;
	check(&sp, EXPECT_NONE, NULL);
	/* mixed axes: k = 2s on one, k = 2s-1 on the other (asymmetric) */
	spec_init(&sp, 6, 3, 1, 4, 5);
	sp.k[1] = 5;
	check(&sp, EXPECT_RESIZE, NULL);
	sp.k[1] = 7;            /* factor 4 != 3 on one axis */
	check(&sp, EXPECT_DEPTHWISE, NULL);
}
END_TEST

/* weights or layers that are not the target stay as they are */
START_TEST(not_folded)
{
	ct_spec sp;
	int dw;

	rng_state = 4;
	for (dw = 0; dw < 2; dw++) {
		spec_init(&sp, 4, 2, 1, 5, 6);
		sp.depthwise = dw;
		sp.perturb_at = 5;              /* a diagonal tap of channel 0 */
		sp.perturb = 1e-3;
		check(&sp, EXPECT_NONE, NULL);
		sp.perturb = -1e-3;
		sp.perturb_at = dw ? 2 * 16 + 15 : (2 * 3 + 2) * 16 + 15;  /* last channel */
		check(&sp, EXPECT_NONE, NULL);
		sp.perturb = 5e-7;              /* within 1e-6: still bilinear */
		check(&sp, EXPECT_RESIZE, NULL);
		sp.perturb = 0;
		sp.learned = 1;
		check(&sp, EXPECT_NONE, NULL);
		sp.learned = 0;
		sp.dil = 2;
		check(&sp, EXPECT_NONE, NULL);
		sp.dil = 1;                     /* explicit dilations of 1 are fine */
		check(&sp, EXPECT_RESIZE, NULL);
		sp.dil = 0;
		sp.w_input = 1;
		check(&sp, EXPECT_NONE, NULL);
		sp.w_input = 0;
		sp.bias = 1;
		sp.b_input = 1;
		check(&sp, EXPECT_NONE, NULL);
	}
	spec_init(&sp, 4, 2, 1, 5, 6);
	sp.offdiag = 1e-3;                      /* channel 1 feeds channel 0 a little */
	check(&sp, EXPECT_NONE, NULL);
	sp.offdiag = 0;
	sp.depthwise = 1;
	sp.mult = 2;                            /* depthwise with a multiplier */
	{
		ir_model *m = build(&sp);
		notes nt;
		run_pass(m, &nt);
		ck_assert_int_eq(nt.n, 0);
		ck_assert_int_eq(count_ops(m, IR_OP_ConvTranspose), 1);
		ir_model_free(m);
	}
	spec_init(&sp, 4, 2, 1, 5, 6);
	sp.fused = 1;                           /* a fused activation: left alone */
	{
		ir_model *m = build(&sp);
		notes nt;
		run_pass(m, &nt);
		ck_assert_int_eq(nt.n, 0);
		ck_assert_int_eq(count_ops(m, IR_OP_ConvTranspose), 1);
		ir_model_free(m);
	}
}
END_TEST

/* weights shared through Identity (PyTorch's export) or given by a
 * Constant node are constants too; an Identity of an overridable
 * initializer is not */
START_TEST(weights_through_identity_or_constant)
{
	ct_spec sp;
	int via;

	rng_state = 6;
	for (via = 1; via <= 2; via++) {
		spec_init(&sp, 4, 2, 1, 5, 6);
		sp.w_via = via;
		sp.bias = 1;
		check(&sp, EXPECT_RESIZE, NULL);
		spec_init(&sp, 5, 2, 2, 4, 3);
		sp.w_via = via;
		check(&sp, EXPECT_DEPTHWISE, NULL);
	}
	spec_init(&sp, 4, 2, 1, 5, 6);
	sp.w_via = 1;
	sp.w_input = 1;
	{
		ir_model *m = build(&sp);
		notes nt;
		run_pass(m, &nt);
		ck_assert_int_eq(nt.n, 0);
		ck_assert_int_eq(count_ops(m, IR_OP_ConvTranspose), 1);
		ir_model_free(m);
	}
}
END_TEST

/* the note names node, channels, k, s, p and the multiply-adds */
START_TEST(notes_report_the_fold)
{
	ct_spec sp;
	notes nt;

	rng_state = 5;
	/* group 1, C=3, k=4, s=2: 3*3*16 = 144 per input pixel before; after:
	 * 2 taps on 2x then 4x the pixels, 3 channels: 3*(2*2 + 2*4) = 36 */
	spec_init(&sp, 4, 2, 1, 5, 6);
	sp.x_static = 1;
	check(&sp, EXPECT_RESIZE, &nt);
	ck_assert_str_eq(nt.last, "folded ConvTranspose 'up' (C=3, group 1 diagonal, k=4x4, s=2x2, "
				  "p=1,1,1,1): bilinear -> Pad/Resize(linear, half_pixel)/Slice; "
				  "multiply-adds per input pixel 144 -> 36, saved 108, 3240 per run");
	/* k=3, s=2 (p=1): asymmetric; depthwise with bias */
	spec_init(&sp, 3, 2, 1, 5, 6);
	sp.depthwise = 1;
	sp.bias = 1;
	check(&sp, EXPECT_RESIZE, &nt);
	ck_assert_str_eq(nt.last, "folded ConvTranspose 'up' (C=3, depthwise, k=3x3, s=2x2, "
				  "p=1,1,1,1): bilinear -> Pad/Resize(linear, asymmetric)/Slice/Add; "
				  "multiply-adds per input pixel 27 -> 36, saved -9");
	/* k=5, s=2: the checkerboard case goes depthwise: 3*3*25 -> 3*25 */
	spec_init(&sp, 5, 2, 2, 5, 6);
	check(&sp, EXPECT_DEPTHWISE, &nt);
	ck_assert_str_eq(nt.last, "folded ConvTranspose 'up' (C=3, group 1 diagonal, k=5x5, s=2x2, "
				  "p=2,2,2,2): bilinear -> depthwise ConvTranspose (group = C); "
				  "multiply-adds per input pixel 225 -> 75, saved 150");
}
END_TEST

/* the folded model survives the writer and loader and still runs */
START_TEST(folded_model_round_trips)
{
	ct_spec sp;
	onnxc_err err = { 0 };
	ir_model *m, *back;
	void *buf;
	size_t len;
	notes nt;

	spec_init(&sp, 16, 8, 4, 3, 2);
	sp.bias = 1;
	m = build(&sp);
	run_pass(m, &nt);
	ck_assert_int_eq(nt.n, 1);
	ck_assert_int_eq(fe_write_buffer(m, &buf, &len, &err), 0);
	ck_assert_int_eq(fe_load_buffer(buf, len, NULL, "folded", NULL, &back, &err), 0);
	ck_assert_int_eq(count_ops(back, IR_OP_ConvTranspose), 0);
	ck_assert_int_eq(count_ops(back, IR_OP_Resize), 1);
	ck_assert_str_eq(ir_attr_string(back->graph->nodes[1], "coordinate_transformation_mode", ""),
			 "half_pixel");
	onnxc_free(buf);
	ir_model_free(back);
	ir_model_free(m);
}
END_TEST

/* every allocation failure during the pass fails it cleanly */
START_TEST(allocation_failures)
{
	int route;

	for (route = 0; route < 2; route++) {
		long n;
		int ok = 0;
		for (n = 0; !ok && n < 200; n++) {
			ct_spec sp;
			onnxc_err err = { 0 };
			pass_opts only = { 0 };
			ir_model *m;
			int rc;
			spec_init(&sp, route ? 5 : 4, 2, 1, 5, 6);
			sp.bias = 1;
			m = build(&sp);
			only.only = "fold_bilinear";
			onnxc_alloc_fail_after(n);
			rc = pass_run(m, &only, &err);
			onnxc_alloc_fail_after(-1);
			if (rc == 0)
				ok = 1;
			else
				ck_assert_int_eq(err.code, ONNXC_ENOMEM);
			ir_model_free(m);
		}
		ck_assert_msg(ok, "the pass never succeeded");
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pass_bilinear");
	TCase *tc = tcase_create("pass_bilinear");

	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, sweep);
	tcase_add_test(tc, output_padding_auto_pad_output_shape);
	tcase_add_test(tc, ranks_dtypes_opsets);
	tcase_add_test(tc, not_folded);
	tcase_add_test(tc, weights_through_identity_or_constant);
	tcase_add_test(tc, notes_report_the_fold);
	tcase_add_test(tc, folded_model_round_trips);
	tcase_add_test(tc, allocation_failures);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
