/*
 * dump_ir.c - builds one small model by hand, covering what the printers
 * must get right (symbolic and unknown dims, names needing quotes and
 * escapes, every attribute kind, omitted optional inputs and outputs,
 * custom domains, a subgraph reading an outer value, annotations), and
 * prints it with dump_text or dump_dot.
 *
 * usage: dump_ir text|dot|notes   (output on stdout; compared with the
 * expected files in tests/cli/ by tests/cli_dump.cmake)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dump.h"

static onnxc_err err;

static void *check(void *p)
{
	if (!p) {
		fprintf(stderr, "dump_ir: %s\n", err.msg);
		exit(1);
	}
	return p;
}

static void ok(int rc)
{
	if (rc) {
		fprintf(stderr, "dump_ir: %s\n", err.msg);
		exit(1);
	}
}

/* value: a named value of g with a dtype and dims (-1 unknown, -2 symbolic
 * "N"); rank -1 leaves the shape unknown. */
static ir_value *value(ir_graph *g, const char *name, int dtype, int rank, const int64_t *dims)
{
	ir_value *v = check(ir_graph_value(g, name, &err));
	int i;

	v->dtype = dtype;
	if (rank >= 0) {
		int64_t d[8];

		for (i = 0; i < rank; i++)
			d[i] = dims[i] < 0 ? IR_DIM_UNKNOWN : dims[i];
		ok(ir_shape_set(&v->shape, rank, d, &err));
		for (i = 0; i < rank; i++)
			if (dims[i] == -2)
				ok(ir_shape_set_sym(&v->shape, i, "N", &err));
		v->has_type = 1;
	}
	return v;
}

static ir_tensor *tensor(int dtype, int rank, const int64_t *dims)
{
	return check(ir_tensor_new(dtype, rank, dims, &err));
}

static ir_node *node(const ir_model *m, ir_graph *g, const char *name, const char *op,
		     const char *domain, int n_in, int n_out)
{
	ir_node *n = check(ir_node_new(g, name, op, domain, n_in, n_out, &err));

	ir_node_resolve(m, n);
	return n;
}

static ir_model *build(void)
{
	static const int64_t d_n3[] = { -2, 3 }, d_34[] = { 3, 4 }, d_n4[] = { -2, 4 };
	static const int64_t d_4[] = { 4 }, d_q[] = { -1, 4 }, d_3[] = { 3 };
	ir_model *m = check(ir_model_new(&err));
	ir_graph *g = m->graph, *then_g, *else_g;
	ir_value *x, *odd, *w, *b, *y, *z, *c, *cond, *r, *mask, *t_out, *e_out;
	ir_node *n;
	ir_attr *a;

	m->ir_version = 8;
	m->producer_name = check(onnxc_strdup("hand built"));
	m->producer_version = check(onnxc_strdup("1.0"));
	ok(ir_model_add_opset(m, "", 13, &err));
	ok(ir_model_add_opset(m, "com.example", 1, &err));
	g->name = check(onnxc_strdup("main"));

	x = value(g, "x", IR_FLOAT, 2, d_n3);
	ok(ir_graph_add_input(g, x, &err));
	odd = value(g, "we\"ird\\name\n<b>&amp;", IR_FLOAT, -1, NULL);
	ok(ir_graph_add_input(g, odd, &err));
	cond = value(g, "cond", IR_BOOL, 0, NULL);
	ok(ir_graph_add_input(g, cond, &err));
	/* an input with a default value (initializer) */
	b = value(g, "gemm.bias", IR_FLOAT, 1, d_4);
	ok(ir_graph_add_input(g, b, &err));
	ok(ir_graph_add_init(g, b, tensor(IR_FLOAT, 1, d_4), &err));
	w = check(ir_graph_value(g, "gemm.weight", &err));
	ok(ir_graph_add_init(g, w, tensor(IR_FLOAT, 2, d_34), &err));

	y = value(g, "y", IR_FLOAT, 2, d_n4);
	n = node(m, g, "Gemm_0", "Gemm", "", 3, 1);
	n->in[0] = x, n->in[1] = w, n->in[2] = b;
	ir_node_set_output(n, 0, y);
	check(a = ir_node_add_attr(n, "alpha", IR_ATTR_FLOAT, &err));
	a->f = 1.0f;
	check(a = ir_node_add_attr(n, "beta", IR_ATTR_FLOAT, &err));
	a->f = 0.1f;
	check(a = ir_node_add_attr(n, "transB", IR_ATTR_INT, &err));
	a->i = 1;

	/* omitted optional input (min) and output (mask) */
	z = value(g, "z", IR_FLOAT, 2, d_q);
	n = node(m, g, "clip 1", "Clip", "", 3, 1);
	n->in[0] = y, n->in[2] = odd;
	ir_node_set_output(n, 0, z);
	mask = NULL;
	r = check(ir_graph_value(g, "r", &err));
	n = node(m, g, "", "Dropout", "", 1, 2);
	n->in[0] = z;
	ir_node_set_output(n, 0, r);
	ir_node_set_output(n, 1, mask);

	c = check(ir_graph_value(g, "c", &err));
	n = node(m, g, "const", "Constant", "", 0, 1);
	ir_node_set_output(n, 0, c);
	check(a = ir_node_add_attr(n, "value", IR_ATTR_TENSOR, &err));
	a->t = tensor(IR_INT64, 1, d_3);

	/* custom domain, strings, lists */
	n = node(m, g, "custom", "Frobnicate", "com.example", 2, 1);
	n->in[0] = r, n->in[1] = c;
	ir_node_set_output(n, 0, check(ir_graph_value(g, "f", &err)));
	check(a = ir_node_add_attr(n, "mode", IR_ATTR_STRING, &err));
	a->s = check(onnxc_strdup("say \"hi\"\t\xc3\xa9\xff"));
	a->slen = strlen(a->s);
	check(a = ir_node_add_attr(n, "scales", IR_ATTR_FLOATS, &err));
	a->n = 4;
	a->floats = check(onnxc_calloc(4, sizeof(float)));
	a->floats[0] = 0.5f, a->floats[1] = 1e-5f, a->floats[2] = -3.0f;
	a->floats[3] = 16777216.0f;
	check(a = ir_node_add_attr(n, "pads", IR_ATTR_INTS, &err));
	a->n = 2;
	a->ints = check(onnxc_calloc(2, sizeof(int64_t)));
	a->ints[0] = -1, a->ints[1] = 9000000000LL;
	check(a = ir_node_add_attr(n, "names", IR_ATTR_STRINGS, &err));
	a->n = 2;
	a->strings = check(onnxc_calloc(2, sizeof(char *)));
	a->strings[0] = check(onnxc_strdup("a,b"));
	a->strings[1] = check(onnxc_strdup(""));
	check(a = ir_node_add_attr(n, "consts", IR_ATTR_TENSORS, &err));
	a->n = 1;
	a->tensors = check(onnxc_calloc(1, sizeof(ir_tensor *)));
	a->tensors[0] = tensor(IR_DOUBLE, 0, NULL);

	/* If with two branches; the then branch reads y from the outer graph */
	then_g = check(ir_graph_new(g, &err));
	then_g->name = check(onnxc_strdup("then body"));
	t_out = value(then_g, "t_out", IR_FLOAT, 2, d_n4);
	n = node(m, then_g, "then_relu", "Relu", "", 1, 1);
	n->in[0] = y;
	ir_node_set_output(n, 0, t_out);
	ok(ir_graph_add_output(then_g, t_out, &err));
	else_g = check(ir_graph_new(g, &err));
	else_g->name = check(onnxc_strdup("else_body"));
	e_out = check(ir_graph_value(else_g, "e_out", &err));
	ok(ir_graph_add_init(else_g, e_out, tensor(IR_FLOAT, 2, d_34), &err));
	ok(ir_graph_add_output(else_g, e_out, &err));

	n = node(m, g, "if", "If", "", 1, 1);
	n->in[0] = cond;
	ir_node_set_output(n, 0, value(g, "sel", IR_FLOAT, 2, d_q));
	check(a = ir_node_add_attr(n, "then_branch", IR_ATTR_GRAPH, &err));
	a->g = then_g;
	check(a = ir_node_add_attr(n, "else_branch", IR_ATTR_GRAPH, &err));
	a->g = else_g;

	ok(ir_graph_add_output(g, check(ir_graph_find(g, "f")), &err));
	ok(ir_graph_add_output(g, check(ir_graph_find(g, "sel")), &err));
	ok(ir_graph_index(g, &err));
	ok(ir_verify(g, "dump_ir", &err));
	return m;
}

/* annotations as a memory planner would add them */
static size_t value_note(void *ud, const ir_value *v, char *buf, size_t len)
{
	(void)ud;
	if (v->is_initializer)
		return 0;
	return (size_t)snprintf(buf, len, "arena+%d", 64 * v->id);
}

static size_t node_note(void *ud, const ir_node *n, char *buf, size_t len)
{
	(void)ud;
	return (size_t)snprintf(buf, len, "step %d", n->id);
}

int main(int argc, char **argv)
{
	dump_opts notes = { value_note, node_note, NULL };
	ir_model *m;
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: dump_ir text|dot|notes|notes-dot\n");
		return 2;
	}
	m = build();
	if (!strcmp(argv[1], "text"))
		rc = dump_text(stdout, m, NULL);
	else if (!strcmp(argv[1], "dot"))
		rc = dump_dot(stdout, m, NULL);
	else if (!strcmp(argv[1], "notes"))
		rc = dump_text(stdout, m, &notes);
	else if (!strcmp(argv[1], "notes-dot"))
		rc = dump_dot(stdout, m, &notes);
	else
		rc = -1;
	ir_model_free(m);
	return rc ? 1 : 0;
}
