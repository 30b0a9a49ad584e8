/*
 * test_lint.c - the dilation lint on hand-built graphs: chains after a
 * stride-2 stem, residual blocks, an ASPP head with an image-pooling
 * branch, strided ends, R4 on known sizes, --werror, messages, and every
 * allocation failing in turn.
 */
#include <stdio.h>
#include <string.h>

#include "ir.h"
#include "lint.h"
#include "pass.h"
#include "testutil.h"

typedef struct gb {
	ir_model *m;
	ir_graph *g;
	onnxc_err err;
} gb;

static void gb_init(gb *b)
{
	memset(b, 0, sizeof *b);
	b->m = ir_model_new(&b->err);
	ck_assert_ptr_nonnull(b->m);
	b->g = b->m->graph;
	ck_assert_int_eq(ir_model_add_opset(b->m, "", 13, &b->err), 0);
}

static ir_value *gb_input(gb *b, const char *name, int64_t c, int64_t h, int64_t w)
{
	int64_t d[4] = { 1, c, h, w };
	ir_value *v = ir_graph_value(b->g, name, &b->err);

	ck_assert_ptr_nonnull(v);
	ck_assert_int_eq(ir_graph_add_input(b->g, v, &b->err), 0);
	v->dtype = IR_FLOAT;
	ck_assert_int_eq(ir_shape_set(&v->shape, 4, d, &b->err), 0);
	return v;
}

static void set_ints(gb *b, ir_node *n, const char *name, int64_t v0, int64_t v1, int cnt)
{
	ir_attr *a = ir_node_add_attr(n, name, IR_ATTR_INTS, &b->err);
	int i;

	ck_assert_ptr_nonnull(a);
	a->ints = onnxc_calloc(4, sizeof *a->ints);
	a->n = cnt;
	for (i = 0; i < cnt; i++)
		a->ints[i] = i % 2 ? v1 : v0;
}

static ir_node *node(gb *b, const char *name, const char *op, int n_in)
{
	char out[128];
	ir_node *n = ir_node_new(b->g, name, op, "", n_in, 1, &b->err);

	ck_assert_ptr_nonnull(n);
	snprintf(out, sizeof out, "%s_out", name);
	ir_node_set_output(n, 0, ir_graph_value(b->g, out, &b->err));
	ir_node_resolve(b->m, n);
	return n;
}

/* conv: k x k, rate r (both axes), stride s, pad r (k-1)/2, 8 channels */
static ir_value *conv(gb *b, ir_value *x, const char *name, int k, int r, int s)
{
	char wn[128];
	int64_t wd[4] = { 8, 8, k, k };
	ir_node *n = node(b, name, "Conv", 2);
	ir_value *w;

	snprintf(wn, sizeof wn, "%s_w", name);
	w = ir_graph_value(b->g, wn, &b->err);
	ck_assert_int_eq(ir_graph_add_init(b->g, w, ir_tensor_new(IR_FLOAT, 4, wd, &b->err), &b->err),
			 0);
	n->in[0] = x;
	n->in[1] = w;
	set_ints(b, n, "dilations", r, r, 2);
	set_ints(b, n, "strides", s, s, 2);
	set_ints(b, n, "pads", r * (k - 1) / 2, r * (k - 1) / 2, 4);
	return n->out[0];
}

static ir_value *op1(gb *b, const char *op, const char *name, ir_value *x)
{
	ir_node *n = node(b, name, op, 1);

	n->in[0] = x;
	return n->out[0];
}

static ir_value *op2(gb *b, const char *op, const char *name, ir_value *x, ir_value *y)
{
	ir_node *n = node(b, name, op, 2);

	n->in[0] = x;
	n->in[1] = y;
	if (!strcmp(op, "Concat")) {
		ir_attr *a = ir_node_add_attr(n, "axis", IR_ATTR_INT, &b->err);
		a->i = 1;
	}
	return n->out[0];
}

/* stem (3x3 stride 2) then 3x3 convs with pad = rate, each followed by Relu */
static ir_model *stack(const int *rates, int n, int64_t size)
{
	gb b;
	ir_value *x;
	char name[32];
	int i;

	gb_init(&b);
	x = conv(&b, gb_input(&b, "image", 8, size, size), "stem", 3, 1, 2);
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof name, "conv%d", i + 1);
		x = conv(&b, x, name, 3, rates[i], 1);
		snprintf(name, sizeof name, "relu%d", i + 1);
		x = op1(&b, "Relu", name, x);
	}
	ck_assert_int_eq(ir_graph_add_output(b.g, x, &b.err), 0);
	ck_assert_int_eq(b.err.code, 0);
	return b.m;
}

static void lint(const ir_model *m, int werror, pass_lint_report *r)
{
	pass_lint_opts o;
	onnxc_err err = { 0 };

	pass_lint_opts_init(&o);
	o.werror = werror;
	ck_assert_msg(pass_lint(m, &o, r, &err) == 0, "%s", err.msg);
}

/* rules: the findings' rule ids in order, as a string "3152" */
static const char *rules(const pass_lint_report *r)
{
	static char s[64];
	int i;

	for (i = 0; i < r->n_findings && i < 63; i++)
		s[i] = (char)('0' + r->findings[i].rule);
	s[i] = 0;
	return s;
}

START_TEST(stack_246_gridding)
{
	static const int rates[] = { 2, 4, 6 };
	ir_model *m = stack(rates, 3, 64);
	pass_lint_report r;
	const pass_lint_chain *c;
	const pass_lint_finding *f;
	char msg[4096];

	lint(m, 0, &r);
	ck_assert_int_eq(r.n_chains, 1);
	c = &r.chains[0];
	ck_assert_str_eq(c->origin->name, "stem_out");   /* the stem's output grid */
	ck_assert_int_eq(c->n_members, 3);
	ck_assert_str_eq(c->members[0]->name, "conv1");
	ck_assert_int_eq(c->branched, 0);
	ck_assert_int_eq(c->axis[0].lo, -12);
	ck_assert_int_eq(c->axis[1].hi, 12);
	ck_assert_int_eq(c->axis[0].covered, 13);
	ck_assert_int_eq(c->axis[1].period, 2);
	ck_assert_int_eq(c->covered_nd, 169);
	ck_assert_int_eq(c->box_nd, 625);
	/* R3 warning, R1 warning, R2 note, R5 note */
	ck_assert_str_eq(rules(&r), "3125");
	f = &r.findings[0];
	ck_assert_int_eq(f->severity, PASS_LINT_WARNING);
	ck_assert_str_eq(f->node->name, "conv3");        /* the largest rate */
	ck_assert_int_eq(r.findings[1].factor[0], 2);
	ck_assert_int_eq(r.findings[2].severity, PASS_LINT_NOTE);
	ck_assert_int_eq(r.findings[2].m2[0], 4);
	ck_assert_int_eq(r.findings[3].n_suggest, 3);
	ck_assert_int_eq(r.findings[3].suggest[0][0], 1);
	ck_assert_int_eq(r.findings[3].suggest[0][1], 3);
	ck_assert_int_eq(r.findings[3].suggest[1][2], 8);
	ck_assert_int_eq(pass_lint_count(&r, PASS_LINT_WARNING), 2);
	ck_assert_int_eq(pass_lint_count(&r, PASS_LINT_NOTE), 2);
	pass_lint_message(&r, f, msg, sizeof msg);
	ck_assert_msg(strstr(msg, "169 of 625 offsets (27.0%) of the 25x25 span") != NULL, "%s", msg);
	ck_assert_msg(strstr(msg, "; H,W: 13/25 (52.0%) in [-12,12], holes repeat every 2") != NULL, "%s",
		      msg);
	pass_lint_chain_desc(c, msg, sizeof msg);
	ck_assert_str_eq(msg, "chain of 3 spatial ops from 'stem_out': 'conv1' (3x3, dilation 2), "
			      "'conv2' (3x3, dilation 4), 'conv3' (3x3, dilation 6)");
	pass_lint_message(&r, &r.findings[3], msg, sizeof msg);
	ck_assert_msg(strstr(msg, "[2,4,6] -> [1,3,8] (receptive field 25 -> 25") != NULL, "%s", msg);
	pass_lint_node_desc(f->node, msg, sizeof msg);
	ck_assert_str_eq(msg, "Conv, dilation 6");
	pass_lint_report_free(&r);
	ir_model_free(m);
}
END_TEST

START_TEST(stacks_clean_and_notes)
{
	static const int r125[] = { 1, 2, 5 }, r125x2[] = { 1, 2, 5, 1, 2, 5 }, r193[] = { 1, 9, 3 },
			 r222[] = { 2, 2, 2 }, r129[] = { 1, 2, 9 };
	pass_lint_report r;
	ir_model *m;
	char msg[1024];

	m = stack(r125, 3, 64);
	lint(m, 0, &r);
	ck_assert_int_eq(r.n_chains, 1);
	ck_assert_int_eq(r.n_findings, 0);
	ck_assert_int_eq(r.chains[0].covered_nd, 17 * 17);
	pass_lint_report_free(&r);
	ir_model_free(m);

	m = stack(r125x2, 6, 64);
	lint(m, 0, &r);
	ck_assert_int_eq(r.n_chains, 1);
	ck_assert_int_eq(r.chains[0].n_members, 6);
	ck_assert_int_eq(r.n_findings, 0);
	pass_lint_report_free(&r);
	ir_model_free(m);

	m = stack(r193, 3, 64);      /* no holes; R2 note only */
	lint(m, 0, &r);
	ck_assert_str_eq(rules(&r), "2");
	pass_lint_message(&r, &r.findings[0], msg, sizeof msg);
	ck_assert_str_eq(msg, "HDC bound fails for the sawtooth group [1,9] of [1,9,3] (axis H,W): "
			      "M2 = 9 > K = 3; sound but conservative: R3 finds no holes, so this "
			      "is no gridding");
	ck_assert_int_eq(r.findings[0].severity, PASS_LINT_NOTE);
	ck_assert_int_eq(r.findings[0].m2[1], 9);
	ck_assert_int_eq(r.findings[0].K[1], 3);
	pass_lint_report_free(&r);
	lint(m, 1, &r);              /* --werror: the note is a warning */
	ck_assert_int_eq(r.findings[0].severity, PASS_LINT_WARNING);
	pass_lint_report_free(&r);
	ir_model_free(m);

	m = stack(r222, 3, 64);      /* R3 + R1 (R2 passes: M2 = 2) + R5 */
	lint(m, 0, &r);
	ck_assert_str_eq(rules(&r), "315");
	ck_assert_int_eq(r.chains[0].axis[0].covered, 7);
	pass_lint_report_free(&r);
	ir_model_free(m);

	m = stack(r129, 3, 64);      /* holes at +-4, +-5 */
	lint(m, 0, &r);
	ck_assert_str_eq(rules(&r), "325");
	ck_assert_int_eq(r.chains[0].axis[0].n_holes, 4);
	ck_assert_int_eq(r.chains[0].axis[0].holes[1], -4);
	ck_assert_int_eq(r.chains[0].axis[0].holes[3], 5);
	ck_assert_int_eq(r.findings[2].suggest[0][1], 3);
	pass_lint_report_free(&r);
	ir_model_free(m);
}
END_TEST

/* stem -> conv a (r2) -> Relu -> conv b (r2) -> Add(stem_out) -> Relu:
 * footprint {0} U (even offsets of [-4,4])^2 = even offsets of [-4,4]^2 */
START_TEST(residual_block)
{
	gb b;
	ir_value *s, *x;
	pass_lint_report r;
	int64_t off[2] = { 0, 0 };

	gb_init(&b);
	s = conv(&b, gb_input(&b, "image", 8, 64, 64), "stem", 3, 1, 2);
	x = conv(&b, s, "a", 3, 2, 1);
	x = op1(&b, "Relu", "ra", x);
	x = conv(&b, x, "b", 3, 2, 1);
	x = op2(&b, "Add", "add", x, s);
	x = op1(&b, "Relu", "rb", x);
	/* a 1x1 conv and BN-like Mul by a constant keep the footprint */
	x = conv(&b, x, "proj", 1, 1, 1);
	ir_graph_add_output(b.g, x, &b.err);
	lint(b.m, 0, &r);
	ck_assert_int_eq(r.n_chains, 1);
	ck_assert_int_eq(r.chains[0].n_members, 2);     /* the 1x1 is no member */
	ck_assert_int_eq(r.chains[0].branched, 1);
	ck_assert_int_eq(r.chains[0].covered_nd, 25);
	ck_assert_int_eq(pass_lint_fp_has(&r.chains[0].fp, off), 1);
	off[0] = 1;
	ck_assert_int_eq(pass_lint_fp_has(&r.chains[0].fp, off), 0);
	ck_assert_str_eq(rules(&r), "315");              /* [2,2]: M2 = 2 <= 3 */
	pass_lint_report_free(&r);

	/* the same block with a dense 3x3 (rate 1) before it: no holes */
	ir_model_free(b.m);
	gb_init(&b);
	s = conv(&b, gb_input(&b, "image", 8, 64, 64), "stem", 3, 1, 2);
	s = conv(&b, s, "dense", 3, 1, 1);
	x = conv(&b, s, "a", 3, 2, 1);
	x = conv(&b, x, "b", 3, 2, 1);
	x = op2(&b, "Add", "add", x, s);
	ir_graph_add_output(b.g, x, &b.err);
	lint(b.m, 0, &r);
	ck_assert_int_eq(r.n_chains, 1);
	ck_assert_int_eq(r.chains[0].n_members, 3);
	ck_assert_int_eq(r.chains[0].n_path, 3);
	ck_assert_int_eq(r.chains[0].covered_nd, 121);  /* [-1,1] + {-2,0,2} + {-2,0,2} = [-5,5] */
	ck_assert_int_eq(r.n_findings, 0);
	pass_lint_report_free(&r);
	ir_model_free(b.m);
}
END_TEST

/* ASPP: 1x1, 3x3 rate 2, 3x3 rate 3, image pooling (GlobalAveragePool ->
 * 1x1 -> Resize); Concat; 1x1.  Footprint per axis {-3,-2,0,2,3}; the
 * pooling branch (another origin) adds nothing. */
START_TEST(aspp_head)
{
	gb b;
	ir_value *s, *p0, *p1, *p2, *p3, *x;
	pass_lint_report r;
	char msg[4096];

	gb_init(&b);
	s = conv(&b, gb_input(&b, "image", 8, 64, 64), "stem", 3, 1, 2);
	p0 = conv(&b, s, "aspp0", 1, 1, 1);
	p1 = op1(&b, "Relu", "r1", conv(&b, s, "aspp1", 3, 2, 1));
	p2 = op1(&b, "Relu", "r2", conv(&b, s, "aspp2", 3, 3, 1));
	p3 = op1(&b, "GlobalAveragePool", "gap", s);
	p3 = conv(&b, p3, "pool_conv", 1, 1, 1);
	p3 = op1(&b, "Resize", "up", p3);
	x = op2(&b, "Concat", "cat1", p0, p1);
	x = op2(&b, "Concat", "cat2", x, p2);
	x = op2(&b, "Concat", "cat3", x, p3);
	x = conv(&b, x, "project", 1, 1, 1);
	ir_graph_add_output(b.g, x, &b.err);
	lint(b.m, 0, &r);
	ck_assert_int_eq(r.n_chains, 1);
	ck_assert_int_eq(r.chains[0].n_members, 2);
	ck_assert_int_eq(r.chains[0].branched, 1);
	ck_assert_int_eq(r.chains[0].axis[0].covered, 5);
	ck_assert_int_eq(r.chains[0].axis[0].lo, -3);
	ck_assert_int_eq(r.chains[0].axis[0].n_holes, 2);
	ck_assert_int_eq(r.chains[0].covered_nd, 1 + 8 + 8);
	/* gcd(2,3) = 1: no R1; parallel branches: no R5 (no one sequence) */
	ck_assert_str_eq(rules(&r), "3");
	ck_assert_str_eq(r.findings[0].node->name, "aspp2");
	pass_lint_message(&r, &r.findings[0], msg, sizeof msg);
	ck_assert_msg(strstr(msg, "17 of 49 offsets (34.7%) of the 7x7 span are reached; H,W: 5/7 "
				  "(71.4%) in [-3,3], holes at -1,1") != NULL, "%s", msg);
	pass_lint_chain_desc(&r.chains[0], msg, sizeof msg);
	ck_assert_str_eq(msg, "chain of 2 spatial ops from 'stem_out' (parallel paths or skips): "
			      "'aspp1' (3x3, dilation 2), 'aspp2' (3x3, dilation 3)");
	pass_lint_report_free(&r);
	ir_model_free(b.m);
}
END_TEST

/* R4: DeepLab's rates on a 16x16 map (no stem): rate 24 and 36 read only
 * padding off-centre; rate 12 does not (o - 12 >= 0 for o >= 12). */
START_TEST(r4_degenerate_rates)
{
	gb b;
	ir_value *in, *x;
	pass_lint_report r;
	int i, n4 = 0;
	char msg[512];

	gb_init(&b);
	in = gb_input(&b, "feat", 8, 16, 16);
	x = op2(&b, "Concat", "cat_a", conv(&b, in, "rate12", 3, 12, 1), conv(&b, in, "rate24", 3, 24, 1));
	x = op2(&b, "Concat", "cat_b", x, conv(&b, in, "rate36", 3, 36, 1));
	ir_graph_add_output(b.g, x, &b.err);
	lint(b.m, 0, &r);
	ck_assert_int_eq(r.n_unsized, 0);
	for (i = 0; i < r.n_findings; i++)
		if (r.findings[i].rule == 4) {
			const pass_lint_finding *f = &r.findings[i];
			ck_assert_str_eq(f->node->name, n4 ? "rate36" : "rate24");
			ck_assert_int_eq(f->in_size[0], 16);
			ck_assert_int_eq(f->padded[1], n4 ? 88 : 64);
			ck_assert_int_eq(f->axes, 3);
			ck_assert_int_eq(f->chain, 0);
			ck_assert_int_eq(f->severity, PASS_LINT_WARNING);
			if (!n4) {
				pass_lint_message(&r, f, msg, sizeof msg);
				ck_assert_str_eq(msg, "on the 16x16 input (64x64 padded) every off-centre tap "
						      "reads only padding for every output position: the conv "
						      "acts as a 1x1 conv");
			}
			n4++;
		}
	ck_assert_int_eq(n4, 2);
	pass_lint_report_free(&r);
	ir_model_free(b.m);

	/* unknown spatial size: R4 undecided, counted */
	gb_init(&b);
	in = gb_input(&b, "feat", 8, -1, -1);
	x = conv(&b, in, "rate24", 3, 24, 1);
	ir_graph_add_output(b.g, x, &b.err);
	lint(b.m, 0, &r);
	ck_assert_int_eq(r.n_unsized, 1);
	ck_assert_str_eq(rules(&r), "315");
	pass_lint_report_free(&r);
	ir_model_free(b.m);
}
END_TEST

/* A strided conv ends the chain it reads (as its last member) and starts a
 * new one; two chains from different origins that meet start a third. */
START_TEST(strided_end_and_foreign_merge)
{
	gb b;
	ir_value *s, *x, *y;
	pass_lint_report r;

	gb_init(&b);
	s = conv(&b, gb_input(&b, "image", 8, 64, 64), "stem", 3, 1, 2);
	x = conv(&b, s, "d2", 3, 2, 1);
	x = conv(&b, x, "down", 3, 2, 2);      /* rate 2, stride 2 */
	y = conv(&b, x, "after", 3, 3, 1);     /* new chain at down_out */
	ir_graph_add_output(b.g, y, &b.err);
	lint(b.m, 0, &r);
	ck_assert_int_eq(r.n_chains, 2);
	ck_assert_str_eq(r.chains[0].origin->name, "stem_out");
	ck_assert_int_eq(r.chains[0].n_members, 2);
	ck_assert_str_eq(r.chains[0].members[1]->name, "down");
	ck_assert_int_eq(r.chains[0].axis[0].lo, -4);
	ck_assert_str_eq(r.chains[1].origin->name, "down_out");
	ck_assert_int_eq(r.chains[1].n_members, 1);
	pass_lint_report_free(&r);
	ir_model_free(b.m);

	/* Add of chains from two origins: both end, the sum starts afresh */
	gb_init(&b);
	s = conv(&b, gb_input(&b, "image", 8, 64, 64), "stem", 3, 1, 2);
	x = conv(&b, s, "left", 3, 2, 1);
	y = op1(&b, "Resize", "up", conv(&b, s, "low", 3, 1, 2));
	y = conv(&b, y, "right", 3, 3, 1);
	x = op2(&b, "Add", "add", x, y);
	x = conv(&b, x, "tail", 3, 4, 1);
	ir_graph_add_output(b.g, x, &b.err);
	lint(b.m, 0, &r);
	ck_assert_int_eq(r.n_chains, 3);
	ck_assert_str_eq(r.chains[0].members[0]->name, "left");
	ck_assert_str_eq(r.chains[1].members[0]->name, "right");
	ck_assert_str_eq(r.chains[2].origin->name, "add_out");
	pass_lint_report_free(&r);
	ir_model_free(b.m);
}
END_TEST

int pass_lint_pass(pass_ctx *pc);

static void collect(void *ud, const char *pass, const char *msg)
{
	char *buf = ud;

	ck_assert_str_eq(pass, "lint");
	strncat(buf, msg, 4000 - strlen(buf));
	strcat(buf, "\n");
}

/* the pipeline wrapper: one note per finding, the IR untouched */
START_TEST(pipeline_pass_notes)
{
	static const int rates[] = { 1, 9, 3 };
	ir_model *m = stack(rates, 3, 64);
	onnxc_err err = { 0 };
	char buf[4200] = "";
	pass_ctx pc = { m, &err, "lint", 0, collect, buf };
	int n = m->graph->n_nodes;

	ck_assert_int_eq(pass_lint_pass(&pc), 0);
	ck_assert_int_eq(pc.changes, 1);
	ck_assert_int_eq(m->graph->n_nodes, n);
	ck_assert_str_eq(buf, "note[R2-hdc-bound] node 'conv2' (Conv, dilation 9): HDC bound fails "
			      "for the sawtooth group [1,9] of [1,9,3] (axis H,W): M2 = 9 > K = 3; "
			      "sound but conservative: R3 finds no holes, so this is no gridding\n");
	ir_model_free(m);
}
END_TEST

START_TEST(every_allocation_failing)
{
	static const int rates[] = { 2, 4, 6 };
	ir_model *m = stack(rates, 3, 64);
	pass_lint_report r;
	pass_lint_opts o;
	long n;
	int ok = 0;

	pass_lint_opts_init(&o);
	for (n = 0; n < 100000 && !ok; n++) {
		onnxc_err err = { 0 };
		int rc;
		onnxc_alloc_fail_after(n);
		rc = pass_lint(m, &o, &r, &err);
		onnxc_alloc_fail_after(-1);
		if (rc == 0) {
			ok = 1;
			ck_assert_str_eq(rules(&r), "3125");
		} else {
			ck_assert_int_eq(err.code, ONNXC_ENOMEM);
		}
		pass_lint_report_free(&r);
	}
	ck_assert_int_eq(ok, 1);
	ck_assert_int_gt(n, 10);
	ir_model_free(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("lint");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, stack_246_gridding);
	tcase_add_test(tc, stacks_clean_and_notes);
	tcase_add_test(tc, residual_block);
	tcase_add_test(tc, aspp_head);
	tcase_add_test(tc, r4_degenerate_rates);
	tcase_add_test(tc, strided_end_and_foreign_merge);
	tcase_add_test(tc, pipeline_pass_notes);
	tcase_add_test(tc, every_allocation_failing);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
