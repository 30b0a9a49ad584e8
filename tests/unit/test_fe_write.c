/*
 * test_fe_write.c - the writer: an IR built in C and the fixtures written,
 * loaded back and compared; atomic file replacement; allocation failures.
 * Written files stay in <build>/tests/fe/rt for the ONNX checker
 * (tests/data/fe/check_written.py, ctest fe.roundtrip_checker).
 */
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fe.h"
#include "testutil.h"

static char path_buf[4096];

static const char *fx(const char *rel)
{
	snprintf(path_buf, sizeof path_buf, "%s/tests/fe/%s", ONNXC_BINARY_DIR, rel);
	return path_buf;
}

static ir_value *typed(ir_graph *g, const char *name, int dt, int rank, const int64_t *dims,
		       onnxc_err *err)
{
	ir_value *v = ir_graph_value(g, name, err);

	ck_assert_ptr_nonnull(v);
	v->dtype = dt;
	v->has_type = 1;
	ck_assert_int_eq(ir_shape_set(&v->shape, rank, dims, err), 0);
	return v;
}

static ir_node *node(ir_model *m, ir_graph *g, const char *name, const char *op, int n_in,
		     int n_out, onnxc_err *err)
{
	ir_node *n = ir_node_new(g, name, op, "", n_in, n_out, err);

	ck_assert_ptr_nonnull(n);
	ir_node_resolve(m, n);
	return n;
}

/* c_model: a model built with the IR API only (see check_written.py). */
static ir_model *c_model(void)
{
	onnxc_err err = { 0 };
	ir_model *m = ir_model_new(&err);
	ir_graph *g = m->graph, *then_g, *else_g;
	int64_t n2[2] = { -1, 2 }, two = 2, t2[2] = { 2, -1 };
	ir_value *x, *c, *w, *y, *z, *u, *h, *v, *q, *mx, *s, *t, *e;
	ir_tensor *tw, *ts, *th, *tmx;
	ir_node *n;
	ir_attr *a;

	m->ir_version = 8;
	m->producer_name = onnxc_strdup("onnxc-test");
	m->producer_version = onnxc_strdup("0.1");
	m->domain = onnxc_strdup("org.onnxc");
	m->model_version = 3;
	m->doc = onnxc_strdup("written by C");
	m->meta = onnxc_calloc(1, sizeof *m->meta);
	m->meta[0].key = onnxc_strdup("k");
	m->meta[0].value = onnxc_strdup("v");
	m->n_meta = 1;
	ck_assert_int_eq(ir_model_add_opset(m, "", 13, &err), 0);
	g->name = onnxc_strdup("cgraph");

	x = typed(g, "x", IR_FLOAT, 2, n2, &err);
	ck_assert_int_eq(ir_shape_set_sym(&x->shape, 0, "N", &err), 0);
	c = typed(g, "c", IR_BOOL, 0, NULL, &err);
	ir_graph_add_input(g, x, &err);
	ir_graph_add_input(g, c, &err);

	w = ir_graph_value(g, "w", &err);
	tw = ir_tensor_new(IR_FLOAT, 1, &two, &err);
	((float *)tw->data)[0] = 0.5f;
	((float *)tw->data)[1] = -1.0f;
	ck_assert_int_eq(ir_graph_add_init(g, w, tw, &err), 0);
	s = ir_graph_value(g, "strs", &err);
	ts = ir_tensor_new(IR_STRING, 1, &two, &err);
	((char **)ts->data)[0] = onnxc_strdup("ab");
	ts->str_lens[0] = 2;
	((char **)ts->data)[1] = onnxc_strndup("c\0d", 3);
	ts->str_lens[1] = 3;
	ck_assert_int_eq(ir_graph_add_init(g, s, ts, &err), 0);
	mx = ir_graph_value(g, "six", &err);
	tmx = ir_tensor_new(IR_FLOAT, 0, NULL, &err);
	((float *)tmx->data)[0] = 6.0f;
	ck_assert_int_eq(ir_graph_add_init(g, mx, tmx, &err), 0);

	y = typed(g, "y", IR_FLOAT, 2, n2, &err);       /* value_info */
	ck_assert_int_eq(ir_shape_set_sym(&y->shape, 0, "N", &err), 0);
	n = node(m, g, "add", "Add", 2, 1, &err);
	n->in[0] = x;
	n->in[1] = w;
	ir_node_set_output(n, 0, y);

	z = ir_graph_value(g, "z", &err);
	n = node(m, g, "if", "If", 1, 1, &err);
	n->in[0] = c;
	ir_node_set_output(n, 0, z);
	a = ir_node_add_attr(n, "then_branch", IR_ATTR_GRAPH, &err);
	a->g = then_g = ir_graph_new(g, &err);
	then_g->name = onnxc_strdup("then");
	t = typed(then_g, "t", IR_FLOAT, 2, n2, &err);
	ck_assert_int_eq(ir_shape_set_sym(&t->shape, 0, "N", &err), 0);
	n = node(m, then_g, "neg", "Neg", 1, 1, &err);
	n->in[0] = y;                                    /* outer value */
	ir_node_set_output(n, 0, t);
	ir_graph_add_output(then_g, t, &err);
	a = ir_node_add_attr(g->nodes[1], "else_branch", IR_ATTR_GRAPH, &err);
	a->g = else_g = ir_graph_new(g, &err);
	else_g->name = onnxc_strdup("else");
	e = ir_graph_value(else_g, "e", &err);           /* untyped subgraph output */
	n = node(m, else_g, "id", "Identity", 1, 1, &err);
	n->in[0] = y;
	ir_node_set_output(n, 0, e);
	ir_graph_add_output(else_g, e, &err);

	u = ir_graph_value(g, "u", &err);
	n = node(m, g, "lk", "LeakyRelu", 1, 1, &err);
	n->in[0] = z;
	ir_node_set_output(n, 0, u);
	ir_node_add_attr(n, "alpha", IR_ATTR_FLOAT, &err)->f = 0.125f;

	h = typed(g, "h", IR_FLOAT16, 1, &two, &err);
	n = node(m, g, "cst", "Constant", 0, 1, &err);
	ir_node_set_output(n, 0, h);
	th = ir_tensor_new(IR_FLOAT16, 1, &two, &err);
	((uint16_t *)th->data)[0] = 0x3C00;
	((uint16_t *)th->data)[1] = 0x4000;
	ir_node_add_attr(n, "value", IR_ATTR_TENSOR, &err)->t = th;

	v = typed(g, "v", IR_FLOAT, 2, t2, &err);
	ck_assert_int_eq(ir_shape_set_sym(&v->shape, 1, "N", &err), 0);
	n = node(m, g, "tr", "Transpose", 1, 1, &err);
	n->in[0] = u;
	ir_node_set_output(n, 0, v);
	a = ir_node_add_attr(n, "perm", IR_ATTR_INTS, &err);
	a->ints = onnxc_malloc(2 * sizeof(int64_t));
	a->ints[0] = 1;
	a->ints[1] = 0;
	a->n = 2;

	q = typed(g, "q", IR_FLOAT, 2, n2, &err);
	n = node(m, g, "clip", "Clip", 3, 1, &err);     /* min omitted */
	n->in[0] = u;
	n->in[2] = mx;
	ir_node_set_output(n, 0, q);

	ir_graph_add_output(g, v, &err);
	ir_graph_add_output(g, h, &err);
	ir_graph_add_output(g, q, &err);
	ck_assert_msg(err.code == 0, "%s", err.msg);
	ck_assert_int_eq(ir_graph_toposort(g, &err), 0);
	ck_assert_int_eq(ir_verify(g, "c_model", &err), 0);
	return m;
}

START_TEST(c_model_round_trip)
{
	onnxc_err err = { 0 };
	ir_model *m = c_model(), *m2 = NULL;
	char why[512];
	const ir_tensor *t;
	void *buf;
	size_t len;

	mkdir(fx("rt"), 0777);
	ck_assert_int_eq(fe_write_file(m, fx("rt/c_built.onnx"), &err), 0);
	ck_assert_int_eq(fe_load_file(fx("rt/c_built.onnx"), NULL, &m2, &err), 0);
	ck_assert_msg(fe_model_equal(m, m2, why, sizeof why), "%s", why);
	/* spot checks on what came back */
	ck_assert_str_eq(m2->graph->inputs[0]->shape.syms[0], "N");
	ck_assert_str_eq(m2->graph->nodes[5]->op_type, "Clip");
	ck_assert_ptr_null(m2->graph->nodes[5]->in[1]);   /* omitted min */
	t = ir_graph_find_local(m2->graph, "strs")->init;
	ck_assert_uint_eq(t->str_lens[1], 3);
	ck_assert(!memcmp(((char **)t->data)[1], "c\0d", 3));
	ck_assert_ptr_eq(ir_attr_get(m2->graph->nodes[1], "then_branch")->g->nodes[0]->in[0],
			 ir_graph_find_local(m2->graph, "y"));
	ir_model_free(m2);
	/* buffer path too; and the model differs once something changes */
	ck_assert_int_eq(fe_write_buffer(m, &buf, &len, &err), 0);
	ck_assert_int_eq(fe_load_buffer(buf, len, NULL, "buf", NULL, &m2, &err), 0);
	ck_assert(fe_model_equal(m, m2, NULL, 0));
	((float *)ir_graph_find_local(m2->graph, "w")->init->data)[1] = 2.0f;
	ck_assert(!fe_model_equal(m, m2, why, sizeof why));
	ck_assert_ptr_nonnull(strstr(why, "graph 'cgraph': initializer 'w': tensor differs"));
	onnxc_free(buf);
	ir_model_free(m2);
	ir_model_free(m);
}
END_TEST

START_TEST(fixtures_round_trip)
{
	static const char *rels[] = { "kitchen.onnx", "func.onnx", "func_if.onnx", "dtypes.onnx", "if_outer.onnx",
				      "squeeze11.onnx", "squeeze13.onnx", "ext/model.onnx" };
	unsigned i;

	mkdir(fx("rt"), 0777);
	for (i = 0; i < sizeof rels / sizeof *rels; i++) {
		onnxc_err err = { 0 };
		ir_model *m = NULL, *m2 = NULL;
		char out[4096], name[256], why[512], *p;

		snprintf(name, sizeof name, "%s", rels[i]);
		for (p = name; *p; p++)
			if (*p == '/')
				*p = '_';
		snprintf(out, sizeof out, "%s", fx("rt/"));
		strncat(out, name, sizeof out - strlen(out) - 1);
		ck_assert_msg(!fe_load_file(fx(rels[i]), NULL, &m, &err), "%s", err.msg);
		ck_assert_msg(!fe_write_file(m, out, &err), "%s", err.msg);
		ck_assert_msg(!fe_load_file(out, NULL, &m2, &err), "%s", err.msg);
		ck_assert_msg(fe_model_equal(m, m2, why, sizeof why), "%s: %s", rels[i], why);
		ir_model_free(m);
		ir_model_free(m2);
	}
}
END_TEST

/* leftovers: entries of dir whose name contains ".tmp". */
static int leftovers(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL)
		n += strstr(e->d_name, ".tmp") != NULL;
	closedir(d);
	return n;
}

START_TEST(write_file_is_atomic)
{
	onnxc_err err = { 0 };
	ir_model *m = c_model();
	char dir[4096], target[4200];
	struct stat st;
	long n;

	snprintf(dir, sizeof dir, "%s", fx("wr"));
	mkdir(dir, 0777);
	snprintf(target, sizeof target, "%s/adir", dir);
	mkdir(target, 0777);
	/* rename onto a directory fails after the temp file was written */
	ck_assert_int_eq(fe_write_file(m, target, &err), -1);
	ck_assert_int_eq(err.code, ONNXC_EIO);
	ck_assert_int_eq(leftovers(dir), 0);
	onnxc_errclear(&err);
	snprintf(target, sizeof target, "%s/no/such/dir.onnx", dir);
	ck_assert_int_eq(fe_write_file(m, target, &err), -1);
	ck_assert_int_eq(err.code, ONNXC_EIO);
	/* allocation failures: no file, no temp file */
	snprintf(target, sizeof target, "%s/swept.onnx", dir);
	unlink(target);
	for (n = 0;; n++) {
		int rc;
		onnxc_errclear(&err);
		onnxc_alloc_fail_after(n);
		rc = fe_write_file(m, target, &err);
		onnxc_alloc_fail_after(-1);
		if (!rc)
			break;
		ck_assert_int_eq(err.code, ONNXC_ENOMEM);
		ck_assert_int_ne(stat(target, &st), 0);
		ck_assert_int_eq(leftovers(dir), 0);
	}
	ck_assert_int_gt(n, 20);
	ck_assert_int_eq(stat(target, &st), 0);
	ck_assert_int_eq(leftovers(dir), 0);
	ir_model_free(m);
}
END_TEST

START_TEST(write_alloc_sweep_and_refusals)
{
	onnxc_err err = { 0 };
	ir_model *m = NULL, *m2 = NULL;
	void *buf;
	size_t len;
	ir_attr *a;
	long n;

	ck_assert_int_eq(fe_load_file(fx("kitchen.onnx"), NULL, &m, &err), 0);
	for (n = 0;; n++) {
		int rc;
		onnxc_errclear(&err);
		onnxc_alloc_fail_after(n);
		rc = fe_write_buffer(m, &buf, &len, &err);
		onnxc_alloc_fail_after(-1);
		if (!rc)
			break;
		ck_assert_int_eq(err.code, ONNXC_ENOMEM);
		ck_assert_ptr_null(buf);
	}
	ck_assert_int_gt(n, 50);
	ck_assert_int_eq(fe_load_buffer(buf, len, NULL, "k", NULL, &m2, &err), 0);
	ck_assert(fe_model_equal(m, m2, NULL, 0));
	onnxc_free(buf);
	ir_model_free(m2);
	/* a node version the model's opsets do not select cannot be written */
	ck_assert_str_eq(m->graph->nodes[0]->op_type, "If");
	ck_assert_int_eq(m->graph->nodes[0]->since_version, 13);
	m->graph->nodes[0]->since_version = 11;
	ck_assert_int_eq(fe_write_buffer(m, &buf, &len, &err), -1);
	ck_assert_int_eq(err.code, ONNXC_EUNSUPPORTED);
	ck_assert_str_eq(err.msg, "node 'if' (If) is version 11, but the model's opset imports "
			 "select 13: cannot be written");
	m->graph->nodes[0]->since_version = 13;
	onnxc_errclear(&err);
	/* kinds the IR cannot hold data for are refused */
	a = ir_node_add_attr(m->graph->nodes[0], "sp", IR_ATTR_SPARSE_TENSOR, &err);
	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(fe_write_buffer(m, &buf, &len, &err), -1);
	ck_assert_int_eq(err.code, ONNXC_EUNSUPPORTED);
	ck_assert_ptr_nonnull(strstr(err.msg, "node 'if' (If): attribute 'sp'"));
	ir_model_free(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("fe_write");
	TCase *tc = tcase_create("write");

	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, c_model_round_trip);
	tcase_add_test(tc, fixtures_round_trip);
	tcase_add_test(tc, write_file_is_atomic);
	tcase_add_test(tc, write_alloc_sweep_and_refusals);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
