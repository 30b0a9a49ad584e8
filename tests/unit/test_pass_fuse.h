/*
 * test_pass_fuse.h - the graphs of the fuse_act tests (test_pass_fuse_act.c,
 * test_pass_fuse_write.c): a producer P (Conv, ConvTranspose, Gemm, MatMul)
 * writing y, an activation y -> z (or Mul(y, HardSigmoid(y))), options that
 * must prevent fusing; running a model; comparing outputs; writing and
 * loading back.  Everything is static inline: each test uses a part.
 */
#ifndef ONNXC_TEST_PASS_FUSE_H
#define ONNXC_TEST_PASS_FUSE_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fe.h"
#include "pass.h"
#include "session.h"
#include "testutil.h"

/* ---- building graphs ---- */

enum act {
	A_RELU, A_LEAKY, A_SIGMOID, A_TANH, A_HSIG, A_HSWISH, A_HS_PATTERN, A_HS_PATTERN_SWAP,
	A_CLIP, A_CLIP_CONST, A_CLIP_MAX_ONLY, A_COUNT
};
static const char *const act_name[A_COUNT] = {
	"relu", "leaky", "sigmoid", "tanh", "hsig", "hswish", "hspat", "hspat_swap", "clip",
	"clip_const", "clip_max"
};
enum prod { P_CONV, P_CONVT, P_GEMM, P_MATMUL, P_ADD, P_COUNT };
static const char *const prod_op[P_COUNT] = { "Conv", "ConvTranspose", "Gemm", "MatMul", "Add" };

/* extra structure around P -> y -> act -> z */
#define F_TWO_USES   1u   /* y also read by Neg -> u (graph output) */
#define F_Y_OUTPUT   2u   /* y is a graph output too */
#define F_H_READ     4u   /* hardswish pattern: h also a graph output */
#define F_BOUND_IN   8u   /* Clip max is a graph input "hi" */
#define F_BOUND_FEED 16u  /* Clip max is an initializer that is a graph input */
#define F_SUBGRAPH   32u  /* an If's branches read y */
#define F_NO_RANK    64u  /* MatMul: x declared without a shape */

typedef struct spec {
	enum prod prod;
	enum act act;
	int opset, dtype;
	unsigned flags;
	double clip_lo, clip_hi;   /* A_CLIP*: bounds (defaults -0.5, 1) */
	const double *x, *w, *b;   /* Gemm data (NULL: pseudo-random) */
} spec;

typedef struct gb {
	ir_model *m;
	onnxc_err err;
	int dtype;
	unsigned seed;
	int rank;             /* the producer's output shape */
	int64_t dims[4];
} gb;

static inline double next_val(gb *b)
{
	b->seed = b->seed * 1103515245u + 12345u;
	return ((b->seed >> 8) & 0xffff) / 16384.0 - 2.0;
}

static inline ir_tensor *tensor(gb *b, int rank, const int64_t *dims, const double *vals)
{
	ir_tensor *t = ir_tensor_new(b->dtype, rank, dims, &b->err);
	int64_t i;

	ck_assert_ptr_nonnull(t);
	for (i = 0; i < t->numel; i++) {
		double v = vals ? vals[i] : next_val(b) / 2;
		if (b->dtype == IR_FLOAT)
			((float *)t->data)[i] = (float)v;
		else if (b->dtype == IR_DOUBLE)
			((double *)t->data)[i] = v;
		else
			((int32_t *)t->data)[i] = (int32_t)(v * 8);
	}
	return t;
}

static inline ir_value *value(gb *b, const char *name)
{
	ir_value *v = ir_graph_value(b->m->graph, name, &b->err);

	ck_assert_ptr_nonnull(v);
	return v;
}

static inline ir_value *input(gb *b, const char *name, int dtype, int rank, const int64_t *dims)
{
	ir_value *v = value(b, name);

	v->dtype = dtype;
	v->has_type = 1;
	if (rank >= 0)
		ck_assert_int_eq(ir_shape_set(&v->shape, rank, dims, &b->err), 0);
	ck_assert_int_eq(ir_graph_add_input(b->m->graph, v, &b->err), 0);
	return v;
}

static inline void init(gb *b, const char *name, int rank, const int64_t *dims, const double *vals)
{
	ck_assert_int_eq(ir_graph_add_init(b->m->graph, value(b, name), tensor(b, rank, dims, vals),
					   &b->err), 0);
}

/* node: op reading the values named in ins (comma list, "" entries omitted)
 * and writing out */
static inline ir_node *node(gb *b, ir_graph *g, const char *name, const char *op, const char *ins,
		     const char *out)
{
	char buf[256], *p;
	int n_in = 1, k = 0;
	ir_node *n;

	for (p = (char *)ins; *p; p++)
		n_in += *p == ',';
	n = ir_node_new(g, name, op, "", n_in, 1, &b->err);
	ck_assert_ptr_nonnull(n);
	snprintf(buf, sizeof buf, "%s", ins);
	for (p = buf; k < n_in; k++) {
		char *e = strchr(p, ',');
		if (e)
			*e = 0;
		n->in[k] = *p ? ir_graph_find(g, p) : NULL;
		ck_assert(!*p || n->in[k]);
		p = e ? e + 1 : p + strlen(p);
	}
	ir_node_set_output(n, 0, ir_graph_value(g, out, &b->err));
	ir_node_resolve(b->m, n);
	return n;
}

static inline void fattr(gb *b, ir_node *n, const char *name, float f)
{
	ir_attr *a = ir_node_add_attr(n, name, IR_ATTR_FLOAT, &b->err);

	ck_assert_ptr_nonnull(a);
	a->f = f;
}

static inline void iattr(gb *b, ir_node *n, const char *name, int64_t i)
{
	ir_attr *a = ir_node_add_attr(n, name, IR_ATTR_INT, &b->err);

	ck_assert_ptr_nonnull(a);
	a->i = i;
}

/* iints: an INTS attribute of n copies of v */
static inline void iints(gb *b, ir_node *nd, const char *name, int n, int64_t v)
{
	ir_attr *a = ir_node_add_attr(nd, name, IR_ATTR_INTS, &b->err);
	int k;

	ck_assert_ptr_nonnull(a);
	a->ints = onnxc_calloc((size_t)n, sizeof *a->ints);
	ck_assert_ptr_nonnull(a->ints);
	a->n = n;
	for (k = 0; k < n; k++)
		a->ints[k] = v;
}

/* output: make `name` a graph output, typed with the model's element type */
static inline void output(gb *b, const char *name)
{
	ir_value *v = value(b, name);

	if (!v->has_type) {   /* all outputs have y's type and shape */
		v->dtype = b->dtype;
		v->has_type = 1;
		ck_assert_int_eq(ir_shape_set(&v->shape, b->rank, b->dims, &b->err), 0);
	}
	ck_assert_int_eq(ir_graph_add_output(b->m->graph, v, &b->err), 0);
}

/* producer: P(x, ...) -> y */
static inline void producer(gb *b, const spec *s)
{
	static const int64_t xc[4] = { 1, 2, 5, 5 }, wc[4] = { 3, 2, 3, 3 }, b3[1] = { 3 };
	static const int64_t xt[4] = { 1, 2, 3, 3 }, wt[4] = { 2, 3, 3, 3 };
	static const int64_t xg[2] = { 2, 3 }, wg[2] = { 3, 4 }, b4[1] = { 4 };
	static const int64_t yc[4] = { 1, 3, 5, 5 }, yt[4] = { 1, 3, 7, 7 }, yg[2] = { 2, 4 };
	static const int64_t c211[3] = { 2, 1, 1 };
	ir_node *n;

	b->rank = s->prod <= P_CONVT || s->prod == P_ADD ? 4 : 2;
	memcpy(b->dims, s->prod == P_CONV ? yc : s->prod == P_ADD ? xc : s->prod == P_CONVT ? yt : yg,
	       (size_t)b->rank * sizeof *b->dims);
	switch (s->prod) {
	case P_CONV:
		input(b, "x", s->dtype, 4, xc);
		init(b, "W", 4, wc, NULL);
		init(b, "B", 1, b3, NULL);
		n = node(b, b->m->graph, "conv", "Conv", "x,W,B", "y");
		iattr(b, n, "group", 1);
		iints(b, n, "pads", 4, 1);
		break;
	case P_CONVT:
		input(b, "x", s->dtype, 4, xt);
		init(b, "W", 4, wt, NULL);
		init(b, "B", 1, b3, NULL);
		n = node(b, b->m->graph, "convt", "ConvTranspose", "x,W,B", "y");
		iints(b, n, "strides", 2, 2);
		break;
	case P_GEMM:
		input(b, "x", s->dtype, 2, xg);
		init(b, "W", 2, wg, s->w);
		init(b, "B", 1, b4, s->b);
		node(b, b->m->graph, "gemm", "Gemm", "x,W,B", "y");
		break;
	case P_ADD:
		/* a residual Add: x + a per-channel constant broadcast [2,1,1] */
		input(b, "x", s->dtype, 4, xc);
		init(b, "W", 3, c211, NULL);
		node(b, b->m->graph, "add", "Add", "x,W", "y");
		break;
	default:
		input(b, "x", s->dtype, s->flags & F_NO_RANK ? -1 : 2, xg);
		init(b, "W", 2, wg, NULL);
		node(b, b->m->graph, "matmul", "MatMul", "x,W", "y");
		break;
	}
}

/* const_node: a Constant node writing scalar v to `name` */
static inline void const_node(gb *b, const char *name, double v)
{
	ir_node *n = ir_node_new(b->m->graph, name, "Constant", "", 0, 1, &b->err);
	ir_attr *a;

	ck_assert_ptr_nonnull(n);
	ir_node_set_output(n, 0, value(b, name));
	a = ir_node_add_attr(n, "value", IR_ATTR_TENSOR, &b->err);
	ck_assert_ptr_nonnull(a);
	a->t = tensor(b, 0, NULL, &v);
	ir_node_resolve(b->m, n);
}

/* the activation: y -> z */
static inline void activation(gb *b, const spec *s)
{
	ir_graph *g = b->m->graph;
	double lo = s->clip_lo || s->clip_hi ? s->clip_lo : -0.5;
	double hi = s->clip_lo || s->clip_hi ? s->clip_hi : 1;
	ir_node *n;

	switch (s->act) {
	case A_RELU: node(b, g, "relu", "Relu", "y", "z"); break;
	case A_SIGMOID: node(b, g, "sigmoid", "Sigmoid", "y", "z"); break;
	case A_TANH: node(b, g, "tanh", "Tanh", "y", "z"); break;
	case A_HSWISH: node(b, g, "hswish", "HardSwish", "y", "z"); break;
	case A_LEAKY:
		fattr(b, node(b, g, "leaky", "LeakyRelu", "y", "z"), "alpha", 0.2f);
		break;
	case A_HSIG:
		n = node(b, g, "hsig", "HardSigmoid", "y", "z");
		fattr(b, n, "alpha", 0.3f);
		fattr(b, n, "beta", 0.4f);
		break;
	case A_HS_PATTERN:
	case A_HS_PATTERN_SWAP:
		n = node(b, g, "hs", "HardSigmoid", "y", "h");
		fattr(b, n, "alpha", 1.0f / 6);
		fattr(b, n, "beta", 0.5f);
		node(b, g, "mul", "Mul", s->act == A_HS_PATTERN ? "y,h" : "h,y", "z");
		if (s->flags & F_H_READ)
			output(b, "h");
		break;
	default:   /* Clip */
		if (s->opset < 11) {
			n = node(b, g, "clip", "Clip", "y", "z");
			fattr(b, n, "min", (float)lo);
			fattr(b, n, "max", (float)hi);
			break;
		}
		if (s->flags & F_BOUND_IN) {
			init(b, "lo", 0, NULL, &lo);
			input(b, "hi", s->dtype, 0, NULL);
		} else if (s->act == A_CLIP_CONST) {
			const_node(b, "lo", lo);
			const_node(b, "hi", hi);
		} else {
			init(b, "lo", 0, NULL, &lo);
			init(b, "hi", 0, NULL, &hi);
			if (s->flags & F_BOUND_FEED)
				ck_assert_int_eq(ir_graph_add_input(g, value(b, "hi"), &b->err), 0);
		}
		node(b, g, "clip", "Clip", s->act == A_CLIP_MAX_ONLY ? "y,,hi" : "y,lo,hi", "z");
		break;
	}
}

/* subgraph_reader: If(c) whose branches both output Identity(y) -> w */
static inline void subgraph_reader(gb *b)
{
	ir_node *n;
	int k;

	input(b, "c", IR_BOOL, 0, NULL);
	n = node(b, b->m->graph, "if", "If", "c", "w");
	for (k = 0; k < 2; k++) {
		ir_attr *a = ir_node_add_attr(n, k ? "else_branch" : "then_branch", IR_ATTR_GRAPH,
					      &b->err);
		ir_graph *sg = ir_graph_new(b->m->graph, &b->err);
		ck_assert_ptr_nonnull(a);
		ck_assert_ptr_nonnull(sg);
		a->g = sg;
		node(b, sg, k ? "id_else" : "id_then", "Identity", "y", k ? "we" : "wt");
		ck_assert_int_eq(ir_graph_add_output(sg, ir_graph_value(sg, k ? "we" : "wt",
									&b->err), &b->err), 0);
	}
	output(b, "w");
}

/* build: the model of spec s (same weights for the same spec) */
static inline ir_model *build(const spec *s)
{
	gb b = { 0 };
	ir_model *m;

	b.m = ir_model_new(&b.err);
	ck_assert_ptr_nonnull(b.m);
	b.dtype = s->dtype;
	b.seed = 42u + (unsigned)s->prod * 7u + (unsigned)s->act;
	b.m->ir_version = 8;
	ck_assert_int_eq(ir_model_add_opset(b.m, "", s->opset, &b.err), 0);
	producer(&b, s);
	activation(&b, s);
	output(&b, "z");
	if (s->flags & F_TWO_USES) {
		node(&b, b.m->graph, "neg", "Neg", "y", "u");
		output(&b, "u");
	}
	if (s->flags & F_Y_OUTPUT)
		output(&b, "y");
	if (s->flags & F_SUBGRAPH)
		subgraph_reader(&b);
	m = b.m;
	ck_assert_int_eq(ir_graph_toposort(m->graph, &b.err), 0);
	ck_assert_int_eq(ir_graph_index(m->graph, &b.err), 0);
	ck_assert_int_eq(ir_verify(m->graph, "built", &b.err), 0);
	ck_assert_int_eq(b.err.code, 0);
	return m;
}

/* ---- running ---- */

typedef struct notes {
	int n;
	char last[512];
} notes;

static inline void on_note(void *ud, const char *pass, const char *msg)
{
	notes *nt = ud;

	ck_assert_str_eq(pass, "fuse_act");
	nt->n++;
	snprintf(nt->last, sizeof nt->last, "%s", msg);
}

/* fuse: run the fuse_act pass alone (verifying after it); its note count */
static inline int fuse(ir_model *m, notes *nt)
{
	onnxc_err err = { 0 };
	pass_opts po = { 0 };

	memset(nt, 0, sizeof *nt);
	po.only = "fuse_act";
	po.verify = 1;
	po.note = on_note;
	po.ud = nt;
	ck_assert_msg(pass_run(m, &po, &err) == 0, "%s", err.msg);
	return nt->n;
}

typedef struct result {
	void *data;
	size_t nbytes;
	int64_t numel;
} result;

/* run_om: the first graph output of om on input x ([2, 3] when declared
 * without a shape; the spec's data or a fixed sequence) and, with
 * F_BOUND_IN, hi = 0.75. */
static inline result run_om(onnxc_model *om, const spec *s)
{
	const ir_value *xv = ir_graph_find(om->ir->graph, "x");
	const int64_t d23[2] = { 2, 3 };
	onnxc_session *ss;
	onnxc_tensor in[2];
	const onnxc_tensor *out;
	gb b = { 0 };
	ir_tensor *xt, *hit = NULL;
	double hi = 0.75;
	result r;
	int n_out, n_in = 1;

	b.dtype = s->dtype;
	b.seed = 7;
	xt = xv->shape.rank < 0 ? tensor(&b, 2, d23, s->x)
				: tensor(&b, xv->shape.rank, xv->shape.dims, s->x);
	in[0] = (onnxc_tensor){ "x", s->dtype, xt->rank, xt->dims, xt->data, xt->nbytes };
	if (s->flags & F_BOUND_IN) {
		hit = tensor(&b, 0, NULL, &hi);
		in[n_in++] = (onnxc_tensor){ "hi", s->dtype, 0, NULL, hit->data, hit->nbytes };
	}
	ck_assert_int_eq(onnxc_session_new(om, NULL, &ss), 0);
	ck_assert_msg(onnxc_session_run(ss, n_in, in, &n_out, &out) == 0, "%s",
		      onnxc_session_errmsg(ss));
	r.nbytes = out[0].nbytes;
	r.numel = (int64_t)(out[0].nbytes / ir_dtype_size(s->dtype));
	r.data = malloc(r.nbytes);
	ck_assert_ptr_nonnull(r.data);
	memcpy(r.data, out[0].data, r.nbytes);
	onnxc_session_free(ss);
	ir_tensor_free(xt);
	ir_tensor_free(hit);
	return r;
}

/* run: run_om on IR model m (ownership passes) */
static inline result run(ir_model *m, const spec *s)
{
	onnxc_err err = { 0 };
	onnxc_model *om = rt_model_wrap(m, &err);
	result r;

	ck_assert_msg(om != NULL, "%s", err.msg);
	r = run_om(om, s);
	onnxc_model_free(om);
	return r;
}

static inline double elem(const result *r, int dtype, int64_t i)
{
	return dtype == IR_FLOAT ? ((float *)r->data)[i] : ((double *)r->data)[i];
}

/* same: a == b, bit for bit when exact, else within 1e-6 (float) */
static inline void same(const result *a, const result *b, int dtype, int exact, const char *what)
{
	int64_t i;

	ck_assert_msg(a->nbytes == b->nbytes, "%s: %zu vs %zu bytes", what, a->nbytes, b->nbytes);
	if (exact) {
		ck_assert_msg(!memcmp(a->data, b->data, a->nbytes), "%s: outputs differ", what);
		return;
	}
	for (i = 0; i < a->numel; i++) {
		double x = elem(a, dtype, i), y = elem(b, dtype, i);
		ck_assert_msg(fabs(x - y) <= 1e-6 * (1 + fabs(x)), "%s: element %lld: %.9g vs %.9g",
			      what, (long long)i, x, y);
	}
}

/* write_reload: write m, load it back (no passes) */
static inline ir_model *write_reload(const ir_model *m)
{
	onnxc_err err = { 0 };
	ir_model *r = NULL;
	void *buf;
	size_t len;

	ck_assert_msg(fe_write_buffer(m, &buf, &len, &err) == 0, "%s", err.msg);
	ck_assert_msg(fe_load_buffer(buf, len, NULL, "written", NULL, &r, &err) == 0, "%s",
		      err.msg);
	onnxc_free(buf);
	return r;
}

/* ops: the op types of g's nodes, space separated */
static inline const char *ops(const ir_graph *g)
{
	static char buf[512];
	size_t k = 0;
	int i;

	buf[0] = 0;
	for (i = 0; i < g->n_nodes; i++)
		k += (size_t)snprintf(buf + k, sizeof buf - k, "%s%s", i ? " " : "",
				      g->nodes[i]->op_type);
	return buf;
}

static inline ir_node *find_node(const ir_graph *g, const char *name)
{
	int i;

	for (i = 0; i < g->n_nodes; i++)
		if (!strcmp(g->nodes[i]->name, name))
			return g->nodes[i];
	return NULL;
}

/* fused_case: build s twice, fuse one, check that the producer took the
 * activation `op` (fused_from `from`) and writes z, that outputs match -O0
 * (exactly unless HardSwish replaced HardSigmoid+Mul), and that the written
 * model has nodes `written_ops` and computes what -O0 computes (exactly
 * when it has the original nodes again). */
static inline void fused_case(const spec *s, ir_op op, const char *from, const char *written_ops,
		       result *keep)
{
	static const char *const pname[P_COUNT] = { "conv", "convt", "gemm", "matmul", "add" };
	const int pattern = s->act == A_HS_PATTERN || s->act == A_HS_PATTERN_SWAP;
	ir_model *m0 = build(s), *m1 = build(s), *m2;
	ir_node *p;
	notes nt;
	result r0, r1, r2;
	char what[96];

	snprintf(what, sizeof what, "%s + %s, opset %d, %s", prod_op[s->prod], act_name[s->act],
		 s->opset, ir_dtype_name(s->dtype));
	ck_assert_msg(fuse(m1, &nt) == 1, "%s: %d fusions", what, nt.n);
	ck_assert_msg(m1->graph->n_nodes == m0->graph->n_nodes - 1 - pattern,
		      "%s: %s after, %d nodes before", what, ops(m1->graph), m0->graph->n_nodes);
	p = find_node(m1->graph, pname[s->prod]);
	ck_assert_ptr_nonnull(p);
	ck_assert_msg(p->fused_act == op, "%s: fused %d", what, (int)p->fused_act);
	ck_assert_str_eq(p->fused_from, from);
	ck_assert_str_eq(p->out[0]->name, "z");
	ck_assert_ptr_eq(p->out[0]->producer, p);
	ck_assert_ptr_null(ir_graph_find(m1->graph, "y")->producer);
	ck_assert_int_eq(ir_graph_find(m1->graph, "y")->n_uses, 0);
	m2 = write_reload(m1);
	ck_assert_str_eq(ops(m2->graph), written_ops);
	r0 = run(m0, s);
	r1 = run(m1, s);
	r2 = run(m2, s);
	same(&r0, &r1, s->dtype, !pattern, what);
	same(&r0, &r2, s->dtype, !pattern || s->opset < 14, what);
	same(&r1, &r2, s->dtype, !pattern || s->opset >= 14, what);
	free(r0.data);
	free(r2.data);
	if (keep)
		*keep = r1;
	else
		free(r1.data);
}

/* not_fused: the pass leaves s alone; outputs still match */
static inline void not_fused(const spec *s)
{
	ir_model *m0 = build(s), *m1 = build(s);
	notes nt;
	char ops0[512];
	int i;

	snprintf(ops0, sizeof ops0, "%s", ops(m0->graph));
	ck_assert_msg(fuse(m1, &nt) == 0, "fused: %s", nt.last);
	ck_assert_str_eq(ops(m1->graph), ops0);
	for (i = 0; i < m1->graph->n_nodes; i++)
		ck_assert_int_eq(m1->graph->nodes[i]->fused_act, IR_OP_UNKNOWN);
	if (s->flags & F_SUBGRAPH) {   /* If has no kernel: structure only */
		ir_model_free(m0);
		ir_model_free(m1);
		return;
	}
	{
		result r0 = run(m0, s), r1 = run(m1, s);
		same(&r0, &r1, s->dtype, 1, "not fused");
		free(r0.data);
		free(r1.data);
	}
}

#endif
