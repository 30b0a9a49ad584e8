/*
 * test_pass_fuse_act.c - the fuse_act pass on hand-built graphs: the graph
 * after the pass (nodes, the producer's fused activation, SSA), outputs
 * equal to the unoptimised graph's, the written model loaded back and run
 * (equal outputs, the activation as standard nodes at the model's opset),
 * the cases that must not fuse, the public API path (passes="fuse_act"),
 * allocation failures, and onnx.checker on the written files.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
enum prod { P_CONV, P_CONVT, P_GEMM, P_MATMUL, P_COUNT };
static const char *const prod_op[P_COUNT] = { "Conv", "ConvTranspose", "Gemm", "MatMul" };

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

static double next_val(gb *b)
{
	b->seed = b->seed * 1103515245u + 12345u;
	return ((b->seed >> 8) & 0xffff) / 16384.0 - 2.0;
}

static ir_tensor *tensor(gb *b, int rank, const int64_t *dims, const double *vals)
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

static ir_value *value(gb *b, const char *name)
{
	ir_value *v = ir_graph_value(b->m->graph, name, &b->err);

	ck_assert_ptr_nonnull(v);
	return v;
}

static ir_value *input(gb *b, const char *name, int dtype, int rank, const int64_t *dims)
{
	ir_value *v = value(b, name);

	v->dtype = dtype;
	v->has_type = 1;
	if (rank >= 0)
		ck_assert_int_eq(ir_shape_set(&v->shape, rank, dims, &b->err), 0);
	ck_assert_int_eq(ir_graph_add_input(b->m->graph, v, &b->err), 0);
	return v;
}

static void init(gb *b, const char *name, int rank, const int64_t *dims, const double *vals)
{
	ck_assert_int_eq(ir_graph_add_init(b->m->graph, value(b, name), tensor(b, rank, dims, vals),
					   &b->err), 0);
}

/* node: op reading the values named in ins (comma list, "" entries omitted)
 * and writing out */
static ir_node *node(gb *b, ir_graph *g, const char *name, const char *op, const char *ins,
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

static void fattr(gb *b, ir_node *n, const char *name, float f)
{
	ir_attr *a = ir_node_add_attr(n, name, IR_ATTR_FLOAT, &b->err);

	ck_assert_ptr_nonnull(a);
	a->f = f;
}

static void iattr(gb *b, ir_node *n, const char *name, int64_t i)
{
	ir_attr *a = ir_node_add_attr(n, name, IR_ATTR_INT, &b->err);

	ck_assert_ptr_nonnull(a);
	a->i = i;
}

/* iints: an INTS attribute of n copies of v */
static void iints(gb *b, ir_node *nd, const char *name, int n, int64_t v)
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
static void output(gb *b, const char *name)
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
static void producer(gb *b, const spec *s)
{
	static const int64_t xc[4] = { 1, 2, 5, 5 }, wc[4] = { 3, 2, 3, 3 }, b3[1] = { 3 };
	static const int64_t xt[4] = { 1, 2, 3, 3 }, wt[4] = { 2, 3, 3, 3 };
	static const int64_t xg[2] = { 2, 3 }, wg[2] = { 3, 4 }, b4[1] = { 4 };
	static const int64_t yc[4] = { 1, 3, 5, 5 }, yt[4] = { 1, 3, 7, 7 }, yg[2] = { 2, 4 };
	ir_node *n;

	b->rank = s->prod <= P_CONVT ? 4 : 2;
	memcpy(b->dims, s->prod == P_CONV ? yc : s->prod == P_CONVT ? yt : yg,
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
	default:
		input(b, "x", s->dtype, s->flags & F_NO_RANK ? -1 : 2, xg);
		init(b, "W", 2, wg, NULL);
		node(b, b->m->graph, "matmul", "MatMul", "x,W", "y");
		break;
	}
}

/* const_node: a Constant node writing scalar v to `name` */
static void const_node(gb *b, const char *name, double v)
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
static void activation(gb *b, const spec *s)
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
static void subgraph_reader(gb *b)
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
static ir_model *build(const spec *s)
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

static void on_note(void *ud, const char *pass, const char *msg)
{
	notes *nt = ud;

	ck_assert_str_eq(pass, "fuse_act");
	nt->n++;
	snprintf(nt->last, sizeof nt->last, "%s", msg);
}

/* fuse: run the fuse_act pass alone (verifying after it); its note count */
static int fuse(ir_model *m, notes *nt)
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
static result run_om(onnxc_model *om, const spec *s)
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
static result run(ir_model *m, const spec *s)
{
	onnxc_err err = { 0 };
	onnxc_model *om = rt_model_wrap(m, &err);
	result r;

	ck_assert_msg(om != NULL, "%s", err.msg);
	r = run_om(om, s);
	onnxc_model_free(om);
	return r;
}

static double elem(const result *r, int dtype, int64_t i)
{
	return dtype == IR_FLOAT ? ((float *)r->data)[i] : ((double *)r->data)[i];
}

/* same: a == b, bit for bit when exact, else within 1e-6 (float) */
static void same(const result *a, const result *b, int dtype, int exact, const char *what)
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
static ir_model *write_reload(const ir_model *m)
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
static const char *ops(const ir_graph *g)
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

static ir_node *find_node(const ir_graph *g, const char *name)
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
static void fused_case(const spec *s, ir_op op, const char *from, const char *written_ops,
		       result *keep)
{
	static const char *const pname[P_COUNT] = { "conv", "convt", "gemm", "matmul" };
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
static void not_fused(const spec *s)
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

/* ---- the cases ---- */

START_TEST(conv_relu)
{
	spec s = { P_CONV, A_RELU, 13, IR_FLOAT, 0, 0, 0, NULL, NULL, NULL };
	ir_model *m = build(&s);
	notes nt;

	fuse(m, &nt);
	ck_assert_str_eq(nt.last, "fused Relu 'relu' into Conv 'conv'");
	ck_assert_str_eq(ops(m->graph), "Conv");
	ir_model_free(m);
	fused_case(&s, IR_OP_Relu, "relu", "Conv Relu", NULL);
}
END_TEST

/* Gemm -> Clip(0, 6) (Relu6), bounds as attributes (opset 9), initializers
 * and Constant nodes (13); values from numpy:
 * clip(A @ B + C, 0, 6) with the data below */
START_TEST(gemm_relu6)
{
	static const double x[6] = { 1, -2, 0.5, 3, 1, -1 };
	static const double w[12] = { 1, 2, -1, 0.5, 0.5, -1, 2, 1, 2, 1, 1, -3 };
	static const double b[4] = { 0.5, 1, -0.5, 2 };
	static const float want[8] = { 1.5f, 5.5f, 0, 0, 2, 5, 0, 6 };
	static const struct { int opset; enum act act; const char *written; } v[] = {
		{ 9, A_CLIP, "Gemm Clip" },
		{ 13, A_CLIP, "Gemm Clip" },
		{ 13, A_CLIP_CONST, "Gemm Clip Constant Constant" },
	};
	int i;

	for (i = 0; i < 3; i++) {
		spec s = { P_GEMM, v[i].act, v[i].opset, IR_FLOAT, 0, 0, 6, x, w, b };
		ir_model *m = build(&s);
		result r;
		ir_node *g;
		notes nt;

		fuse(m, &nt);
		g = find_node(m->graph, "gemm");
		ck_assert_int_eq(g->fused_act, IR_OP_Clip);
		ck_assert(g->fused_alpha == 0.0f && g->fused_beta == 6.0f);
		ir_model_free(m);
		fused_case(&s, IR_OP_Clip, "clip", v[i].written, &r);
		ck_assert_int_eq(r.numel, 8);
		ck_assert(!memcmp(r.data, want, sizeof want));
		free(r.data);
	}
}
END_TEST

/* Conv -> Mul(y, HardSigmoid(y)) -> a fused HardSwish; written back as
 * HardSigmoid + Mul before opset 14, as HardSwish from 14 */
START_TEST(conv_hardswish_pattern)
{
	static const struct { enum act act; int opset, dtype; const char *written; } v[] = {
		{ A_HS_PATTERN, 13, IR_FLOAT, "Conv HardSigmoid Mul" },
		{ A_HS_PATTERN_SWAP, 9, IR_FLOAT, "Conv HardSigmoid Mul" },
		{ A_HS_PATTERN, 14, IR_FLOAT, "Conv HardSwish" },
		{ A_HS_PATTERN_SWAP, 17, IR_DOUBLE, "Conv HardSwish" },
	};
	int i;

	for (i = 0; i < 4; i++) {
		spec s = { P_CONV, v[i].act, v[i].opset, v[i].dtype, 0, 0, 0, NULL, NULL, NULL };
		ir_model *m = build(&s);
		notes nt;

		fuse(m, &nt);
		ck_assert_str_eq(nt.last, "fused HardSigmoid 'hs' + Mul 'mul' as HardSwish into "
			       "Conv 'conv'");
		ir_model_free(m);
		fused_case(&s, IR_OP_HardSwish, "hs,mul", v[i].written, NULL);
	}
}
END_TEST

/* every producer x activation x element type x opset */
START_TEST(all_producers_and_activations)
{
	static const ir_op op[A_COUNT] = {
		IR_OP_Relu, IR_OP_LeakyRelu, IR_OP_Sigmoid, IR_OP_Tanh, IR_OP_HardSigmoid,
		IR_OP_HardSwish, IR_OP_HardSwish, IR_OP_HardSwish, IR_OP_Clip, IR_OP_Clip, IR_OP_Clip
	};
	static const char *const node_name[A_COUNT] = {
		"relu", "leaky", "sigmoid", "tanh", "hsig", "hswish", "hs,mul", "hs,mul", "clip",
		"clip", "clip"
	};
	static const char *const written[A_COUNT] = {
		"Relu", "LeakyRelu", "Sigmoid", "Tanh", "HardSigmoid", "HardSwish", NULL, NULL,
		"Clip", "Clip Constant Constant", "Clip"
	};
	static const int opsets[3] = { 9, 13, 17 };
	const enum prod p = (enum prod)(_i / 2);
	const int dtype = _i % 2 ? IR_DOUBLE : IR_FLOAT;
	int a, o, cases = 0;

	for (a = 0; a < A_COUNT; a++)
		for (o = 0; o < 3; o++) {
			spec s = { p, (enum act)a, opsets[o], dtype, 0, 0, 0, NULL, NULL, NULL };
			char w[96];
			if ((a == A_HSWISH && opsets[o] < 14) ||
			    ((a == A_CLIP_CONST || a == A_CLIP_MAX_ONLY) && opsets[o] < 11))
				continue;
			if (a == A_HS_PATTERN || a == A_HS_PATTERN_SWAP)
				snprintf(w, sizeof w, "%s %s", prod_op[p],
					 opsets[o] < 14 ? "HardSigmoid Mul" : "HardSwish");
			else
				snprintf(w, sizeof w, "%s %s", prod_op[p], written[a]);
			fused_case(&s, op[a], node_name[a], w, NULL);
			cases++;
		}
	ck_assert_int_eq(cases, 29);
}
END_TEST

/* what must stay as it is */
START_TEST(not_fusable)
{
	static const spec v[] = {
		/* the conv output has two readers */
		{ P_CONV, A_RELU, 13, IR_FLOAT, F_TWO_USES, 0, 0, NULL, NULL, NULL },
		/* the conv output is a graph output */
		{ P_CONV, A_RELU, 13, IR_FLOAT, F_Y_OUTPUT, 0, 0, NULL, NULL, NULL },
		{ P_CONV, A_HS_PATTERN, 13, IR_FLOAT, F_Y_OUTPUT, 0, 0, NULL, NULL, NULL },
		/* HardSigmoid's output read by more than the Mul */
		{ P_CONV, A_HS_PATTERN, 13, IR_FLOAT, F_H_READ, 0, 0, NULL, NULL, NULL },
		/* Clip bounds that are not constants */
		{ P_CONV, A_CLIP, 13, IR_FLOAT, F_BOUND_IN, 0, 0, NULL, NULL, NULL },
		{ P_CONV, A_CLIP, 13, IR_FLOAT, F_BOUND_FEED, 0, 0, NULL, NULL, NULL },
		/* a double bound float cannot hold */
		{ P_GEMM, A_CLIP, 13, IR_DOUBLE, 0, -0.1, 1, NULL, NULL, NULL },
		/* MatMul inputs not known to be 2-D */
		{ P_MATMUL, A_RELU, 13, IR_FLOAT, F_NO_RANK, 0, 0, NULL, NULL, NULL },
		/* integer Gemm */
		{ P_GEMM, A_RELU, 14, IR_INT32, 0, 0, 0, NULL, NULL, NULL },
		/* a subgraph reads the conv output */
		{ P_CONV, A_RELU, 13, IR_FLOAT, F_SUBGRAPH, 0, 0, NULL, NULL, NULL },
	};
	int i;

	for (i = 0; i < (int)(sizeof v / sizeof v[0]); i++)
		not_fused(&v[i]);
}
END_TEST

/* a double Clip bound that float holds exactly is fused */
START_TEST(double_clip_bound_exact)
{
	spec s = { P_GEMM, A_CLIP, 13, IR_DOUBLE, 0, -0.25, 1.5, NULL, NULL, NULL };

	fused_case(&s, IR_OP_Clip, "clip", "Gemm Clip", NULL);
}
END_TEST

/* the public API: a file loaded with opt_level 0 and with passes="fuse_act" */
START_TEST(api_passes_option)
{
	spec s = { P_CONV, A_HS_PATTERN, 13, IR_FLOAT, 0, 0, 0, NULL, NULL, NULL };
	ir_model *m = build(&s);
	onnxc_err err = { 0 };
	onnxc_options o0, o1;
	onnxc_model *a, *b;
	char path[4096], eb[512];
	result r0, r1;

	mkdir(tu_bin("tests/fuse_act"), 0777);
	snprintf(path, sizeof path, "%s", tu_bin("tests/fuse_act/api_conv_hspat.onnx"));
	ck_assert_msg(fe_write_file(m, path, &err) == 0, "%s", err.msg);
	ir_model_free(m);
	onnxc_options_init(&o0);
	o0.opt_level = 0;
	onnxc_options_init(&o1);
	o1.passes = "fuse_act";
	ck_assert_msg(onnxc_model_load(path, &o0, &a, eb, sizeof eb) == 0, "%s", eb);
	ck_assert_msg(onnxc_model_load(path, &o1, &b, eb, sizeof eb) == 0, "%s", eb);
	ck_assert_str_eq(ops(a->ir->graph), "Conv HardSigmoid Mul");
	ck_assert_str_eq(ops(b->ir->graph), "Conv");
	r0 = run_om(a, &s);
	r1 = run_om(b, &s);
	same(&r0, &r1, IR_FLOAT, 0, "api");
	free(r0.data);
	free(r1.data);
	onnxc_model_free(a);
	onnxc_model_free(b);
}
END_TEST

/* the writer's fresh names avoid every name of the model */
START_TEST(writer_fresh_names)
{
	spec s = { P_CONV, A_CLIP, 13, IR_FLOAT, 0, 0, 0, NULL, NULL, NULL };
	ir_model *m = build(&s), *r;
	onnxc_err err = { 0 };
	int64_t one = 1;
	notes nt;
	const char *taken[3] = { "z_prefuse", "z_min", "z_max1" };
	int k;

	for (k = 0; k < 3; k++)   /* unused initializers holding the names */
		ck_assert_int_eq(ir_graph_add_init(m->graph, ir_graph_value(m->graph, taken[k], &err),
						   ir_tensor_new(IR_FLOAT, 1, &one, &err), &err), 0);
	ck_assert_int_eq(ir_graph_index(m->graph, &err), 0);
	fuse(m, &nt);
	r = write_reload(m);
	ck_assert_str_eq(ops(r->graph), "Conv Clip");
	ck_assert_str_eq(r->graph->nodes[0]->out[0]->name, "z_prefuse1");
	ck_assert_str_eq(r->graph->nodes[1]->in[0]->name, "z_prefuse1");
	ck_assert_str_eq(r->graph->nodes[1]->in[1]->name, "z_min1");
	ck_assert_str_eq(r->graph->nodes[1]->in[2]->name, "z_max");
	ck_assert_str_eq(r->graph->nodes[1]->out[0]->name, "z");
	ck_assert_str_eq(r->graph->nodes[1]->name, "clip");
	ir_model_free(r);
	ir_model_free(m);
}
END_TEST

/* an activation the writer does not know is refused with a message */
START_TEST(writer_refuses_unknown_activation)
{
	spec s = { P_CONV, A_RELU, 13, IR_FLOAT, 0, 0, 0, NULL, NULL, NULL };
	ir_model *m = build(&s);
	onnxc_err err = { 0 };
	void *buf;
	size_t len;

	find_node(m->graph, "conv")->fused_act = IR_OP_Selu;
	ck_assert_int_eq(fe_write_buffer(m, &buf, &len, &err), -1);
	ck_assert_int_eq(err.code, ONNXC_EUNSUPPORTED);
	ck_assert_str_eq(err.msg, "node 'conv' (Conv): fused activation Selu cannot be written");
	ir_model_free(m);
}
END_TEST

/* every allocation of the pass and of writing a fused model may fail */
START_TEST(allocation_failures)
{
	spec s = { P_CONV, A_HS_PATTERN, 13, IR_FLOAT, 0, 0, 0, NULL, NULL, NULL };
	spec c = { P_GEMM, A_CLIP, 13, IR_DOUBLE, 0, 0, 0, NULL, NULL, NULL };
	int n, rc, failed = 0;

	for (n = 0;; n++) {
		ir_model *m = build(&s);
		onnxc_err err = { 0 };
		pass_opts po = { 0 };
		po.only = "fuse_act";
		onnxc_alloc_fail_after(n);
		rc = pass_run(m, &po, &err);
		onnxc_alloc_fail_after(-1);
		ir_model_free(m);
		if (!rc)
			break;
		ck_assert_int_eq(err.code, ONNXC_ENOMEM);
		failed++;
	}
	ck_assert_int_gt(failed, 0);
	for (n = 0, failed = 0;; n++) {
		ir_model *m = build(&c);
		onnxc_err err = { 0 };
		notes nt;
		void *buf = NULL;
		size_t len;
		fuse(m, &nt);
		onnxc_alloc_fail_after(n);
		rc = fe_write_buffer(m, &buf, &len, &err);
		onnxc_alloc_fail_after(-1);
		ir_model_free(m);
		onnxc_free(buf);
		if (!rc)
			break;
		ck_assert_int_eq(err.code, ONNXC_ENOMEM);
		failed++;
	}
	ck_assert_int_gt(failed, 4);
}
END_TEST

/* onnx.checker (full_check: strict shape inference) on fused models
 * written at opsets 9, 13, 14 and 17 */
START_TEST(written_models_pass_the_checker)
{
	static const int opsets[4] = { 9, 13, 14, 17 };
	char cmd[8192], path[4096];
	int a, o, p, files = 0;

	mkdir(tu_bin("tests/fuse_act"), 0777);
	for (p = 0; p < P_COUNT; p += 2)   /* Conv and Gemm */
		for (a = 0; a < A_COUNT; a++)
			for (o = 0; o < 4; o++) {
				spec s = { (enum prod)p, (enum act)a, opsets[o],
					   o % 2 ? IR_DOUBLE : IR_FLOAT, 0, 0, 0, NULL, NULL, NULL };
				onnxc_err err = { 0 };
				ir_model *m;
				notes nt;
				if ((a == A_HSWISH && opsets[o] < 14) ||
				    ((a == A_CLIP_CONST || a == A_CLIP_MAX_ONLY) && opsets[o] < 11))
					continue;
				m = build(&s);
				ck_assert_int_eq(fuse(m, &nt), 1);
				snprintf(path, sizeof path, "%s/%s_%s_op%d.onnx",
					 tu_bin("tests/fuse_act"), prod_op[p], act_name[a], opsets[o]);
				ck_assert_msg(fe_write_file(m, path, &err) == 0, "%s", err.msg);
				ir_model_free(m);
				files++;
			}
	ck_assert_int_eq(files, 2 * 40);
	snprintf(cmd, sizeof cmd,
		 "/usr/bin/python3 -c 'import glob, sys, onnx\n"
		 "fs = sorted(glob.glob(sys.argv[1] + \"/*_op*.onnx\"))\n"
		 "for f in fs:\n"
		 "    onnx.checker.check_model(onnx.load(f), full_check=True)\n"
		 "assert len(fs) == %d, len(fs)\n' %s",
		 files, tu_bin("tests/fuse_act"));
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pass_fuse_act");
	TCase *tc = tcase_create("fuse_act");

	tcase_add_test(tc, conv_relu);
	tcase_add_test(tc, gemm_relu6);
	tcase_add_test(tc, conv_hardswish_pattern);
	tcase_add_loop_test(tc, all_producers_and_activations, 0, 2 * P_COUNT);
	tcase_add_test(tc, not_fusable);
	tcase_add_test(tc, double_clip_bound_exact);
	tcase_add_test(tc, api_passes_option);
	tcase_add_test(tc, writer_fresh_names);
	tcase_add_test(tc, writer_refuses_unknown_activation);
	tcase_add_test(tc, allocation_failures);
	tcase_add_test(tc, written_models_pass_the_checker);
	tcase_set_timeout(tc, 600);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
