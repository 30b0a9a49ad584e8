/*
 * test_pass_dilation.c - the fold_dilation pass: Conv layers whose taps
 * but one read only padding become 1x1 Convs with the same output (run
 * before and after on the same input); the DeepLabv3 ASPP head (rates
 * 12/24/36 on a 16x16 map) folds the rate-24 and rate-36 branches only.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "pass.h"
#include "session.h"
#include "testutil.h"

#define TOL 1e-5

typedef struct notes {
	int n;
	char msg[4][512];
} notes;

static unsigned rng_state = 7;

static float rnd(void)
{
	rng_state = rng_state * 1664525u + 1013904223u;
	return (float)((double)(rng_state >> 8) / (double)(1u << 24) * 2.0 - 1.0);
}

static void add_ints(ir_node *n, const char *name, int cnt, const int64_t *v)
{
	onnxc_err err = { 0 };
	ir_attr *a = ir_node_add_attr(n, name, IR_ATTR_INTS, &err);

	a->ints = onnxc_malloc((size_t)cnt * sizeof *a->ints);
	memcpy(a->ints, v, (size_t)cnt * sizeof *a->ints);
	a->n = cnt;
}

/* One Conv layer. */
typedef struct cv_spec {
	const char *name;
	int nsp;
	int64_t M, group;
	int64_t k[3], d[3], s[3], p0[3], p1[3];
	const char *auto_pad;
	int bias, w_input;
} cv_spec;

/* add_conv: a Conv per c reading x (C channels) into a new value `out`. */
static ir_value *add_conv(ir_graph *g, ir_value *x, int64_t C, const cv_spec *c, const char *out)
{
	onnxc_err err = { 0 };
	char name[64];
	int64_t wd[5], bd = c->M, n, i, pads[6];
	ir_value *w, *b = NULL, *y = ir_graph_value(g, out, &err);
	ir_tensor *t;
	ir_node *nd;

	wd[0] = c->M;
	wd[1] = C / c->group;
	for (i = 0; i < c->nsp; i++)
		wd[i + 2] = c->k[i];
	snprintf(name, sizeof name, "%s_W", c->name);
	w = ir_graph_value(g, name, &err);
	t = ir_tensor_new(IR_FLOAT, c->nsp + 2, wd, &err);
	for (n = 0; n < t->numel; n++)
		((float *)t->data)[n] = rnd();
	ir_graph_add_init(g, w, t, &err);
	if (c->w_input)
		ir_graph_add_input(g, w, &err);
	if (c->bias) {
		snprintf(name, sizeof name, "%s_B", c->name);
		b = ir_graph_value(g, name, &err);
		t = ir_tensor_new(IR_FLOAT, 1, &bd, &err);
		for (n = 0; n < t->numel; n++)
			((float *)t->data)[n] = rnd();
		ir_graph_add_init(g, b, t, &err);
	}
	nd = ir_node_new(g, c->name, "Conv", "", c->bias ? 3 : 2, 1, &err);
	nd->in[0] = x;
	nd->in[1] = w;
	if (b)
		nd->in[2] = b;
	ir_node_set_output(nd, 0, y);
	add_ints(nd, "kernel_shape", c->nsp, c->k);
	add_ints(nd, "dilations", c->nsp, c->d);
	add_ints(nd, "strides", c->nsp, c->s);
	if (c->auto_pad) {
		ir_attr *a = ir_node_add_attr(nd, "auto_pad", IR_ATTR_STRING, &err);
		a->s = onnxc_strdup(c->auto_pad);
		a->slen = strlen(a->s);
	} else {
		for (i = 0; i < c->nsp; i++) {
			pads[i] = c->p0[i];
			pads[c->nsp + i] = c->p1[i];
		}
		add_ints(nd, "pads", 2 * c->nsp, pads);
	}
	if (c->group != 1) {
		ir_attr *a = ir_node_add_attr(nd, "group", IR_ATTR_INT, &err);
		a->i = c->group;
	}
	ck_assert_int_eq(err.code, 0);
	return y;
}

/* new_model: x [N, C, in...] (static or symbolic), opset 13 */
static ir_model *new_model(int nsp, int64_t N, int64_t C, const int64_t *in, int x_static,
			   ir_value **x)
{
	onnxc_err err = { 0 };
	ir_model *m = ir_model_new(&err);
	int64_t d[5];
	int i;

	ir_model_add_opset(m, "", 13, &err);
	d[0] = N;
	d[1] = C;
	for (i = 0; i < nsp; i++)
		d[i + 2] = in[i];
	*x = ir_graph_value(m->graph, "x", &err);
	(*x)->dtype = IR_FLOAT;
	(*x)->has_type = 1;
	ir_shape_set(&(*x)->shape, nsp + 2, d, &err);
	if (!x_static)
		ir_shape_set_sym(&(*x)->shape, nsp + 1, "w", &err);
	ir_graph_add_input(m->graph, *x, &err);
	return m;
}

static void finish(ir_model *m, ir_value *y)
{
	onnxc_err err = { 0 };
	int i;

	ir_graph_add_output(m->graph, y, &err);
	for (i = 0; i < m->graph->n_nodes; i++)
		ir_node_resolve(m, m->graph->nodes[i]);
	ck_assert_int_eq(ir_graph_toposort(m->graph, &err), 0);
	ck_assert_int_eq(ir_graph_index(m->graph, &err), 0);
}

static void on_note(void *ud, const char *pass, const char *msg)
{
	notes *nt = ud;

	ck_assert_str_eq(pass, "fold_dilation");
	if (nt->n < 4)
		snprintf(nt->msg[nt->n], sizeof nt->msg[0], "%s", msg);
	nt->n++;
}

static void run_pass(ir_model *m, notes *nt)
{
	onnxc_err err = { 0 };
	pass_opts o = { 0 };

	memset(nt, 0, sizeof *nt);
	o.only = "fold_dilation";
	o.verify = 1;
	o.note = on_note;
	o.ud = nt;
	ck_assert_msg(pass_run(m, &o, &err) == 0, "%s", err.msg);
	/* every fold marks the nodes it made or changed (dumps show it) */
	{
		int i, marked = 0;

		for (i = 0; i < m->graph->n_nodes; i++)
			if (m->graph->nodes[i]->origin) {
				ck_assert_msg(!strncmp(m->graph->nodes[i]->origin, "fold_dilation: ",
						       sizeof "fold_dilation: " - 1),
					      "%s", m->graph->nodes[i]->origin);
				marked++;
			}
		ck_assert_int_ge(marked, nt->n);
		ck_assert(nt->n || !marked);
	}
}

#define OUT_CAP (1 << 18)
static float ref_buf[OUT_CAP], got_buf[OUT_CAP];

/* run: m (ownership passes) on x of dims xd; the output into out. */
static int64_t run(ir_model *m, int rank, const int64_t *xd, const float *x, float *out)
{
	onnxc_err err = { 0 };
	onnxc_model *om = rt_model_wrap(m, &err);
	onnxc_session *s;
	int64_t nx = 1, n = 1;
	const onnxc_tensor *o;
	int n_out, i;

	for (i = 0; i < rank; i++)
		nx *= xd[i];
	{
		onnxc_tensor in = { "x", IR_FLOAT, rank, xd, (void *)x, (size_t)nx * sizeof(float) };
		ck_assert_ptr_nonnull(om);
		ck_assert_int_eq(onnxc_session_new(om, NULL, &s), 0);
		ck_assert_msg(onnxc_session_run(s, 1, &in, &n_out, &o) == 0, "%s",
			      onnxc_session_errmsg(s));
	}
	for (i = 0; i < o[0].rank; i++)
		n *= o[0].dims[i];
	ck_assert_int_le(n, OUT_CAP);
	memcpy(out, o[0].data, (size_t)n * sizeof(float));
	onnxc_session_free(s);
	onnxc_model_free(om);
	return n;
}

/* compare: run m0 and m1 on one random input; max |difference| <= TOL */
static void compare(ir_model *m0, ir_model *m1, int rank, const int64_t *xd)
{
	static float x[1 << 16];
	int64_t nx = 1, n0, n1, i;
	double e = 0;

	for (i = 0; i < rank; i++)
		nx *= xd[i];
	ck_assert_int_le(nx, 1 << 16);
	for (i = 0; i < nx; i++)
		x[i] = rnd();
	n0 = run(m0, rank, xd, x, ref_buf);
	n1 = run(m1, rank, xd, x, got_buf);
	ck_assert_int_eq(n0, n1);
	for (i = 0; i < n0; i++)
		if (fabs((double)ref_buf[i] - got_buf[i]) > e)
			e = fabs((double)ref_buf[i] - got_buf[i]);
	ck_assert_msg(e <= TOL, "max err %g", e);
}

/* kernel_of: the spatial dims of node `name`'s weight, as "3x3" */
static const char *kernel_of(const ir_model *m, const char *name)
{
	static char buf[64];
	int i, k;

	for (i = 0; i < m->graph->n_nodes; i++) {
		const ir_node *n = m->graph->nodes[i];
		if (strcmp(n->name, name))
			continue;
		buf[0] = 0;
		for (k = 2; k < n->in[1]->init->rank; k++)
			snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%lld", k > 2 ? "x" : "",
				 (long long)n->in[1]->init->dims[k]);
		return buf;
	}
	return "?";
}

/* aspp: x [1, 8, 16, 16] -> 1x1, 3x3 rates 12/24/36 (pads = rates), and
 * GlobalAveragePool -> 3x3 pad 1 (on a 1x1 map) broadcast-added to the 1x1
 * branch; Concat -> 1x1 projection. */
static ir_model *aspp(void)
{
	static const int64_t in[2] = { 16, 16 };
	onnxc_err err = { 0 };
	ir_value *x, *br[4], *cat, *gp, *y;
	ir_model *m = new_model(2, 1, 8, in, 1, &x);
	cv_spec c = { "b0", 2, 4, 1, { 1, 1 }, { 1, 1 }, { 1, 1 }, { 0, 0 }, { 0, 0 }, NULL, 1, 0 };
	ir_node *n;
	int i;

	br[0] = add_conv(m->graph, x, 8, &c, "b0_out");
	for (i = 1; i < 4; i++) {
		char name[16], out[16];
		int64_t r = 12 * i;
		snprintf(name, sizeof name, "aspp_r%lld", (long long)r);
		snprintf(out, sizeof out, "b%d_out", i);
		c.name = name;
		c.k[0] = c.k[1] = 3;
		c.d[0] = c.d[1] = c.p0[0] = c.p0[1] = c.p1[0] = c.p1[1] = r;
		br[i] = add_conv(m->graph, x, 8, &c, out);
	}
	gp = ir_graph_value(m->graph, "pooled", &err);
	n = ir_node_new(m->graph, "gap", "GlobalAveragePool", "", 1, 1, &err);
	n->in[0] = x;
	ir_node_set_output(n, 0, gp);
	{
		static const int64_t one[4] = { 1, 8, 1, 1 };
		ir_shape_set(&gp->shape, 4, one, &err);   /* as an infer pass would record it */
	}
	c.name = "pool_conv";
	c.k[0] = c.k[1] = 3;
	c.d[0] = c.d[1] = 1;
	c.p0[0] = c.p0[1] = c.p1[0] = c.p1[1] = 1;
	gp = add_conv(m->graph, gp, 8, &c, "pool_out");
	n = ir_node_new(m->graph, "add_pool", "Add", "", 2, 1, &err);
	n->in[0] = br[0];
	n->in[1] = gp;
	br[0] = ir_graph_value(m->graph, "b0_sum", &err);
	ir_node_set_output(n, 0, br[0]);
	cat = ir_graph_value(m->graph, "cat", &err);
	n = ir_node_new(m->graph, "concat", "Concat", "", 4, 1, &err);
	for (i = 0; i < 4; i++)
		n->in[i] = br[i];
	ir_node_set_output(n, 0, cat);
	{
		ir_attr *a = ir_node_add_attr(n, "axis", IR_ATTR_INT, &err);
		a->i = 1;
	}
	c.name = "project";
	c.k[0] = c.k[1] = 1;
	c.p0[0] = c.p0[1] = c.p1[0] = c.p1[1] = 0;
	y = add_conv(m->graph, cat, 16, &c, "y");
	finish(m, y);
	return m;
}

START_TEST(deeplab_aspp_16x16)
{
	static const int64_t xd[4] = { 1, 8, 16, 16 };
	unsigned seed = rng_state;
	ir_model *m0 = aspp(), *m1;
	notes nt;

	rng_state = seed;
	m1 = aspp();
	run_pass(m1, &nt);
	ck_assert_int_eq(nt.n, 3);
	ck_assert_str_eq(kernel_of(m1, "aspp_r12"), "3x3");   /* 12 < 16: taps reach the map */
	ck_assert_str_eq(kernel_of(m1, "aspp_r24"), "1x1");
	ck_assert_str_eq(kernel_of(m1, "aspp_r36"), "1x1");
	ck_assert_str_eq(kernel_of(m1, "pool_conv"), "1x1");
	ck_assert_int_eq(ir_attr_int(m1->graph->nodes[2], "group", 1), 1);
	/* 8 multiply-adds less per output per channel pair: 8*4*8*256 */
	ck_assert_str_eq(nt.msg[0], "folded Conv 'aspp_r24' (k=3x3, dilations=24x24, input 16x16): "
				    "only tap (1,1) reads data -> 1x1 Conv, pads 0,0,0,0; "
				    "multiply-adds saved 65536 per image (65536 per run)");
	ck_assert_str_eq(nt.msg[2], "folded Conv 'pool_conv' (k=3x3, dilations=1x1, input 1x1): "
				    "only tap (1,1) reads data -> 1x1 Conv, pads 0,0,0,0; "
				    "multiply-adds saved 256 per image (256 per run)");
	compare(m0, m1, 4, xd);
}
END_TEST

typedef struct one_case {
	int nsp;
	int64_t C, in[3];
	cv_spec c;
	int x_static, folds;
	const char *kernel_after;    /* expected kernel after the pass */
} one_case;

/* one Conv per case, folded or not as expected, same output */
START_TEST(single_convs)
{
	static const one_case cases[] = {
		/* stride 2, rate 8 on 8x8: only the centre of each axis */
		{ 2, 4, { 8, 8 }, { "s2", 2, 6, 1, { 3, 3 }, { 8, 8 }, { 2, 2 }, { 8, 8 }, { 8, 8 },
		  NULL, 1, 0 }, 1, 1, "1x1" },
		/* SAME_UPPER resolves to pads 20 */
		{ 2, 4, { 10, 9 }, { "same", 2, 4, 1, { 3, 3 }, { 20, 20 }, { 1, 1 }, { 0 }, { 0 },
		  "SAME_UPPER", 0, 0 }, 1, 1, "1x1" },
		/* SAME_LOWER with stride 2 */
		{ 2, 4, { 9, 9 }, { "same_lo", 2, 4, 1, { 3, 3 }, { 20, 20 }, { 2, 2 }, { 0 }, { 0 },
		  "SAME_LOWER", 1, 0 }, 1, 1, "1x1" },
		/* one tap survives, but its 1x1 end pad would be -5: left alone */
		{ 2, 4, { 6, 6 }, { "negpad", 2, 4, 1, { 3, 3 }, { 10, 10 }, { 1, 1 }, { 10, 10 },
		  { 5, 5 }, NULL, 0, 0 }, 1, 0, "3x3" },
		/* input size unknown: left alone */
		{ 2, 4, { 16, 16 }, { "unknown", 2, 4, 1, { 3, 3 }, { 24, 24 }, { 1, 1 }, { 24, 24 },
		  { 24, 24 }, NULL, 0, 0 }, 0, 0, "3x3" },
		/* 3-D: the first axis has rate 1 (all taps read data): left alone */
		{ 3, 2, { 4, 8, 8 }, { "d3_mixed", 3, 2, 1, { 3, 3, 3 }, { 1, 20, 20 }, { 1, 1, 1 },
		  { 1, 20, 20 }, { 1, 20, 20 }, NULL, 0, 0 }, 1, 0, "3x3x3" },
		{ 3, 2, { 4, 5, 6 }, { "d3", 3, 3, 1, { 3, 3, 3 }, { 9, 9, 9 }, { 1, 1, 1 },
		  { 9, 9, 9 }, { 9, 9, 9 }, NULL, 1, 0 }, 1, 1, "1x1x1" },
		/* grouped, 1-D */
		{ 1, 6, { 16 }, { "grouped", 1, 4, 2, { 3 }, { 24 }, { 1 }, { 24 }, { 24 }, NULL, 1, 0 },
		  1, 1, "1" },
		/* even kernel: tap 0 is the one that survives (pads 0 and 20) */
		{ 2, 3, { 16, 16 }, { "even", 2, 2, 1, { 2, 2 }, { 20, 20 }, { 1, 1 }, { 0, 0 },
		  { 20, 20 }, NULL, 0, 0 }, 1, 1, "1x1" },
		/* one axis 1 tap already, the other degenerate */
		{ 2, 3, { 5, 16 }, { "k1x3", 2, 2, 1, { 1, 3 }, { 1, 30 }, { 1, 1 }, { 0, 30 },
		  { 0, 30 }, NULL, 0, 0 }, 1, 1, "1x1" },
		/* a 1x1 Conv with a dilation: nothing to fold */
		{ 2, 3, { 5, 5 }, { "k1", 2, 2, 1, { 1, 1 }, { 4, 4 }, { 1, 1 }, { 0, 0 }, { 0, 0 },
		  NULL, 0, 0 }, 1, 0, "1x1" },
		/* weights that are also a graph input may be overridden */
		{ 2, 3, { 8, 8 }, { "w_input", 2, 2, 1, { 3, 3 }, { 24, 24 }, { 1, 1 }, { 24, 24 },
		  { 24, 24 }, NULL, 0, 1 }, 1, 0, "3x3" },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const one_case *t = &cases[i];
		int64_t xd[5];
		ir_value *x, *y;
		ir_model *m0, *m1;
		unsigned seed = rng_state;
		notes nt;
		int k, folded = t->folds;

		xd[0] = 2;
		xd[1] = t->C;
		for (k = 0; k < t->nsp; k++)
			xd[k + 2] = t->in[k];
		m0 = new_model(t->nsp, 2, t->C, t->in, t->x_static, &x);
		y = add_conv(m0->graph, x, t->C, &t->c, "y");
		finish(m0, y);
		rng_state = seed;
		m1 = new_model(t->nsp, 2, t->C, t->in, t->x_static, &x);
		y = add_conv(m1->graph, x, t->C, &t->c, "y");
		finish(m1, y);
		run_pass(m1, &nt);
		ck_assert_msg(nt.n == folded, "%s: %d notes", t->c.name, nt.n);
		ck_assert_str_eq(kernel_of(m1, t->c.name), t->kernel_after);
		if (folded) {
			const ir_node *n = m1->graph->nodes[0];
			ck_assert_str_eq(ir_attr_string(n, "auto_pad", "NOTSET"), "NOTSET");
			ck_assert_ptr_nonnull(strstr(nt.msg[0], t->c.name));
		}
		compare(m0, m1, t->nsp + 2, xd);
	}
}
END_TEST

/* the even-kernel case keeps pads 0,0 then 0,0: a 1x1 Conv of tap (0,0) */
START_TEST(surviving_tap_not_centre)
{
	static const int64_t in[2] = { 16, 16 };
	cv_spec c = { "even", 2, 2, 1, { 2, 2 }, { 20, 20 }, { 1, 1 }, { 0, 0 }, { 20, 20 }, NULL, 0, 0 };
	ir_value *x, *y;
	ir_model *m = new_model(2, 1, 3, in, 1, &x);
	const ir_tensor *w0;
	notes nt;
	int nn;
	const int64_t *pads;
	int64_t o, ci;

	y = add_conv(m->graph, x, 3, &c, "y");
	finish(m, y);
	w0 = ir_graph_find(m->graph, "even_W")->init;
	run_pass(m, &nt);
	ck_assert_int_eq(nt.n, 1);
	pads = ir_attr_ints(m->graph->nodes[0], "pads", &nn);
	ck_assert_int_eq(nn, 4);
	ck_assert_int_eq(pads[0] | pads[1] | pads[2] | pads[3], 0);
	for (o = 0; o < 2; o++)
		for (ci = 0; ci < 3; ci++)
			ck_assert_float_eq(((float *)m->graph->nodes[0]->in[1]->init->data)[o * 3 + ci],
					   ((float *)w0->data)[(o * 3 + ci) * 4]);
	ir_model_free(m);
}
END_TEST

/* weights shared through an Identity (as PyTorch exports equal weights) */
START_TEST(weights_through_identity)
{
	static const int64_t in[2] = { 16, 16 }, xd[4] = { 1, 3, 16, 16 };
	cv_spec c = { "shared", 2, 2, 1, { 3, 3 }, { 24, 24 }, { 1, 1 }, { 24, 24 }, { 24, 24 },
		      NULL, 1, 0 };
	ir_model *m[2];
	unsigned seed = rng_state;
	notes nt;
	int k;

	for (k = 0; k < 2; k++) {
		onnxc_err err = { 0 };
		ir_value *x, *y, *ws;
		ir_node *id;
		rng_state = seed;
		m[k] = new_model(2, 1, 3, in, 1, &x);
		y = add_conv(m[k]->graph, x, 3, &c, "y");
		ws = ir_graph_value(m[k]->graph, "W_shared", &err);
		id = ir_node_new(m[k]->graph, "share", "Identity", "", 1, 1, &err);
		id->in[0] = m[k]->graph->nodes[0]->in[1];
		ir_node_set_output(id, 0, ws);
		m[k]->graph->nodes[0]->in[1] = ws;
		finish(m[k], y);
	}
	run_pass(m[1], &nt);
	ck_assert_int_eq(nt.n, 1);
	ck_assert_str_eq(kernel_of(m[1], "shared"), "1x1");
	compare(m[0], m[1], 4, xd);
}
END_TEST

START_TEST(allocation_failures)
{
	long n;
	int ok = 0;

	for (n = 0; !ok && n < 200; n++) {
		onnxc_err err = { 0 };
		pass_opts only = { 0 };
		ir_model *m = aspp();
		int rc;
		only.only = "fold_dilation";
		onnxc_alloc_fail_after(n);
		rc = pass_run(m, &only, &err);
		onnxc_alloc_fail_after(-1);
		if (rc == 0)
			ok = 1;
		else
			ck_assert_int_eq(err.code, ONNXC_ENOMEM);
		ir_model_free(m);
	}
	ck_assert(ok);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pass_dilation");
	TCase *tc = tcase_create("pass_dilation");

	tcase_add_test(tc, deeplab_aspp_16x16);
	tcase_add_test(tc, single_convs);
	tcase_add_test(tc, surviving_tap_not_centre);
	tcase_add_test(tc, weights_through_identity);
	tcase_add_test(tc, allocation_failures);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
