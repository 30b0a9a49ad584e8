/*
 * test_k_control.c - If, Loop and Scan on hand-built IR graphs run through
 * sessions: bodies reading outer-scope values, graph inputs bound by value
 * (one plan per value), early exit on cond, zero iterations, scan axes and
 * directions, nesting, refusals and allocation failures.
 */
#include <string.h>

#include "session.h"
#include "testutil.h"

static onnxc_err e;

/* val: a value of g with a declared type (rank < 0: none). */
static ir_value *val(ir_graph *g, const char *name, int dtype, int rank, const int64_t *dims)
{
	ir_value *v = ir_graph_value(g, name, &e);

	ck_assert_ptr_nonnull(v);
	if (dtype) {
		v->dtype = dtype;
		v->has_type = 1;
	}
	if (rank >= 0)
		ck_assert_int_eq(ir_shape_set(&v->shape, rank, dims, &e), 0);
	return v;
}

static ir_value *input(ir_graph *g, const char *name, int dtype, int rank, const int64_t *dims)
{
	ir_value *v = val(g, name, dtype, rank, dims);

	ck_assert_int_eq(ir_graph_add_input(g, v, &e), 0);
	return v;
}

/* init: an initializer of g holding nbytes of data. */
static ir_value *init(ir_graph *g, const char *name, int dtype, int rank, const int64_t *dims,
		      const void *data)
{
	ir_value *v = val(g, name, dtype, rank, dims);
	ir_tensor *t = ir_tensor_new(dtype, rank, dims, &e);

	ck_assert_ptr_nonnull(t);
	memcpy(t->data, data, t->nbytes);
	ck_assert_int_eq(ir_graph_add_init(g, v, t, &e), 0);
	return v;
}

/* node: op in g reading ins[0..n_in) (NULL: omitted), writing the values
 * named outs[0..n_out) (local to g, created). */
static ir_node *node(ir_model *m, ir_graph *g, const char *op, int n_in, ir_value *const *ins,
		     int n_out, const char *const *outs)
{
	ir_node *n = ir_node_new(g, op, op, "", n_in, n_out, &e);
	int k;

	ck_assert_ptr_nonnull(n);
	for (k = 0; k < n_in; k++)
		n->in[k] = ins[k];
	for (k = 0; k < n_out; k++)
		ir_node_set_output(n, k, val(g, outs[k], 0, -1, NULL));
	ir_node_resolve(m, n);
	ck_assert_int_gt(n->since_version, 0);
	return n;
}

static ir_value *out_of(ir_graph *g, const char *name)
{
	return ir_graph_find_local(g, name);
}

static ir_graph *body(ir_node *n, const char *attr, ir_graph *parent)
{
	ir_attr *a = ir_node_add_attr(n, attr, IR_ATTR_GRAPH, &e);

	ck_assert_ptr_nonnull(a);
	a->g = ir_graph_new(parent, &e);
	ck_assert_ptr_nonnull(a->g);
	return a->g;
}

static onnxc_model *wrap(ir_model *m)
{
	onnxc_model *om;

	ck_assert_int_eq(ir_verify(m->graph, "test", &e), 0);
	om = rt_model_wrap(m, &e);
	ck_assert_ptr_nonnull(om);
	return om;
}

static ir_model *new_model(int opset)
{
	ir_model *m;

	onnxc_errclear(&e);
	m = ir_model_new(&e);
	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(ir_model_add_opset(m, "", opset, &e), 0);
	return m;
}

/* If(cond): then = x + [10, 20, 30] (constant of the branch), else = x * x;
 * cond and x are graph inputs, x read only by the branches. */
static onnxc_model *if_model(void)
{
	ir_model *m = new_model(13);
	ir_graph *g = m->graph, *tb, *eb;
	int64_t d3[1] = { 3 };
	float tc[3] = { 10, 20, 30 };
	ir_value *cond = input(g, "cond", IR_BOOL, 0, NULL), *x = input(g, "x", IR_FLOAT, 1, d3);
	static const char *y[] = { "y" }, *t_out[] = { "t_out" }, *e_out[] = { "e_out" };
	ir_node *n = node(m, g, "If", 1, &cond, 1, y);

	tb = body(n, "then_branch", g);
	eb = body(n, "else_branch", g);
	node(m, tb, "Add", 2, (ir_value *[]){ x, init(tb, "c", IR_FLOAT, 1, d3, tc) }, 1, t_out);
	ir_graph_add_output(tb, out_of(tb, "t_out"), &e);
	node(m, eb, "Mul", 2, (ir_value *[]){ x, x }, 1, e_out);
	ir_graph_add_output(eb, out_of(eb, "e_out"), &e);
	ir_graph_add_output(g, out_of(g, "y"), &e);
	return wrap(m);
}

START_TEST(if_picks_the_branch_per_cond_value)
{
	onnxc_model *m = if_model();
	onnxc_session *s;
	int64_t d3[1] = { 3 };
	float x[3] = { 1, 2, 3 };
	uint8_t yes = 1, no = 0;
	onnxc_tensor in[2] = { { "cond", IR_BOOL, 0, NULL, &yes, 1 },
			       { "x", IR_FLOAT, 1, d3, x, sizeof x } };
	const onnxc_tensor *out;
	const float *y;
	int n_out;

	ck_assert_int_eq(onnxc_session_new(m, NULL, &s), 0);
	ck_assert_int_eq(onnxc_session_run(s, 2, in, &n_out, &out), 0);
	ck_assert_int_eq(n_out, 1);
	ck_assert_int_eq(out[0].rank, 1);
	ck_assert_int_eq(out[0].dims[0], 3);
	y = out[0].data;
	ck_assert_float_eq(y[0], 11.0f);
	ck_assert_float_eq(y[1], 22.0f);
	ck_assert_float_eq(y[2], 33.0f);
	in[0].data = &no;
	ck_assert_int_eq(onnxc_session_run(s, 2, in, &n_out, &out), 0);
	y = out[0].data;
	ck_assert_float_eq(y[0], 1.0f);
	ck_assert_float_eq(y[1], 4.0f);
	ck_assert_float_eq(y[2], 9.0f);
	/* both read by value: one plan each */
	ck_assert_int_eq(s->n_plans, 2);
	ck_assert(s->bind_by_value[0] && s->bind_by_value[1]);
	x[0] = 5;
	ck_assert_int_eq(onnxc_session_run(s, 2, in, &n_out, &out), 0);
	ck_assert_float_eq(((const float *)out[0].data)[0], 25.0f);
	onnxc_session_free(s);
	onnxc_model_free(m);
}
END_TEST

START_TEST(if_needs_values_at_prepare)
{
	onnxc_model *m = if_model();
	onnxc_session *s;
	int64_t d3[1] = { 3 };
	onnxc_tensor in[2] = { { "cond", IR_BOOL, 0, NULL, NULL, 0 },
			       { "x", IR_FLOAT, 1, d3, NULL, 0 } };

	ck_assert_int_eq(onnxc_session_new(m, NULL, &s), 0);
	ck_assert_int_eq(onnxc_session_prepare(s, 2, in), ONNXC_EINVAL);
	ck_assert_ptr_nonnull(strstr(onnxc_session_errmsg(s), "'cond': its values are needed"));
	onnxc_session_free(s);
	onnxc_model_free(m);
}
END_TEST

/* Loop(M, cond, v) with body (i, c, v) -> (i < 2, v + float(i) + w, same):
 * w = [0, 10] an initializer of the top graph.  m_input: M is a graph input,
 * else the constant 5; cond absent when no_cond (then M = 0 as well). */
static onnxc_model *loop_model(int m_input, int no_cond)
{
	ir_model *m = new_model(13);
	ir_graph *g = m->graph, *b;
	int64_t d2[1] = { 2 }, five = 5, zero = 0, two = 2;
	float w0[2] = { 0, 10 };
	uint8_t yes = 1;
	ir_value *mv = m_input ? input(g, "M", IR_INT64, 0, NULL)
			       : init(g, "M", IR_INT64, 0, NULL, no_cond ? &zero : &five);
	ir_value *cv = no_cond ? NULL : init(g, "cond", IR_BOOL, 0, NULL, &yes);
	ir_value *v0 = input(g, "v0", IR_FLOAT, 1, d2), *w = init(g, "w", IR_FLOAT, 1, d2, w0);
	static const char *outs[] = { "v_final", "v_scan" }, *c_out[] = { "c_out" },
			  *fi[] = { "fi" }, *s1[] = { "s1" }, *s2[] = { "s2" };
	ir_node *n = node(m, g, "Loop", 3, (ir_value *[]){ mv, cv, v0 }, 2, outs);
	ir_node *cast;
	ir_value *i, *c, *v;

	b = body(n, "body", g);
	i = input(b, "i", IR_INT64, 0, NULL);
	c = input(b, "c", IR_BOOL, 0, NULL);
	v = input(b, "v", IR_FLOAT, 1, d2);
	node(m, b, "Less", 2, (ir_value *[]){ i, init(b, "two", IR_INT64, 0, NULL, &two) }, 1, c_out);
	cast = node(m, b, "Cast", 1, &i, 1, fi);
	ir_node_add_attr(cast, "to", IR_ATTR_INT, &e)->i = IR_FLOAT;
	node(m, b, "Add", 2, (ir_value *[]){ v, out_of(b, "fi") }, 1, s1);
	node(m, b, "Add", 2, (ir_value *[]){ out_of(b, "s1"), w }, 1, s2);
	/* declared, for the shape of an empty scan output */
	val(b, "s2", IR_FLOAT, 1, d2);
	ir_graph_add_output(b, out_of(b, "c_out"), &e);
	ir_graph_add_output(b, out_of(b, "s2"), &e);
	ir_graph_add_output(b, out_of(b, "s2"), &e);
	(void)c;
	ir_graph_add_output(g, out_of(g, "v_final"), &e);
	ir_graph_add_output(g, out_of(g, "v_scan"), &e);
	return wrap(m);
}

START_TEST(loop_stops_on_cond_and_stacks_scan_outputs)
{
	onnxc_model *m = loop_model(0, 0);
	onnxc_session *s;
	int64_t d2[1] = { 2 };
	float v0[2] = { 1, 1 };
	onnxc_tensor in = { "v0", IR_FLOAT, 1, d2, v0, sizeof v0 };
	const onnxc_tensor *out;
	const float want_scan[6] = { 1, 11, 2, 22, 4, 34 };
	onnxc_plan_stats st;
	int n_out, k;

	ck_assert_int_eq(onnxc_session_new(m, NULL, &s), 0);
	ck_assert_int_eq(onnxc_session_run(s, 1, &in, &n_out, &out), 0);
	ck_assert_int_eq(n_out, 2);
	/* i = 0, 1, 2 run (cond_out false after i = 2), M = 5 not reached */
	ck_assert_int_eq(out[0].rank, 1);
	ck_assert_float_eq(((const float *)out[0].data)[0], 4.0f);
	ck_assert_float_eq(((const float *)out[0].data)[1], 34.0f);
	ck_assert_int_eq(out[1].rank, 2);
	ck_assert_int_eq(out[1].dims[0], 3);
	ck_assert_int_eq(out[1].dims[1], 2);
	for (k = 0; k < 6; k++)
		ck_assert_float_eq(((const float *)out[1].data)[k], want_scan[k]);
	ck_assert_int_eq(onnxc_session_plan_stats(s, &st), 0);
	ck_assert_int_eq(st.n_nodes, 0);   /* the loop folded */
	onnxc_session_free(s);
	onnxc_model_free(m);
}
END_TEST

START_TEST(loop_trip_count_bound_by_value)
{
	onnxc_model *m = loop_model(1, 0);
	onnxc_session *s;
	int64_t d2[1] = { 2 }, trip = 1;
	float v0[2] = { 1, 1 };
	onnxc_tensor in[2] = { { "M", IR_INT64, 0, NULL, &trip, sizeof trip },
			       { "v0", IR_FLOAT, 1, d2, v0, sizeof v0 } };
	const onnxc_tensor *out;
	int n_out;

	ck_assert_int_eq(onnxc_session_new(m, NULL, &s), 0);
	ck_assert_int_eq(onnxc_session_run(s, 2, in, &n_out, &out), 0);
	ck_assert_int_eq(out[1].dims[0], 1);
	ck_assert_float_eq(((const float *)out[0].data)[1], 11.0f);
	trip = 2;
	ck_assert_int_eq(onnxc_session_run(s, 2, in, &n_out, &out), 0);
	ck_assert_int_eq(out[1].dims[0], 2);
	ck_assert_float_eq(((const float *)out[0].data)[0], 2.0f);
	ck_assert_float_eq(((const float *)out[0].data)[1], 22.0f);
	ck_assert_int_eq(s->n_plans, 2);
	onnxc_session_free(s);
	onnxc_model_free(m);
}
END_TEST

START_TEST(loop_zero_iterations_without_cond)
{
	onnxc_model *m = loop_model(0, 1);
	onnxc_session *s;
	int64_t d2[1] = { 2 };
	float v0[2] = { 7, 8 };
	onnxc_tensor in = { "v0", IR_FLOAT, 1, d2, v0, sizeof v0 };
	const onnxc_tensor *out;
	int n_out;

	ck_assert_int_eq(onnxc_session_new(m, NULL, &s), 0);
	ck_assert_int_eq(onnxc_session_run(s, 1, &in, &n_out, &out), 0);
	ck_assert_float_eq(((const float *)out[0].data)[0], 7.0f);
	ck_assert_float_eq(((const float *)out[0].data)[1], 8.0f);
	/* no iteration: the scan output gets the body's declared [2] -> [0, 2] */
	ck_assert_int_eq(out[1].dtype, IR_FLOAT);
	ck_assert_int_eq(out[1].rank, 2);
	ck_assert_int_eq(out[1].dims[0], 0);
	ck_assert_int_eq(out[1].dims[1], 2);
	ck_assert_uint_eq(out[1].nbytes, 0);
	onnxc_session_free(s);
	onnxc_model_free(m);
}
END_TEST

START_TEST(loop_prepare_survives_allocation_failures)
{
	int64_t d2[1] = { 2 };
	float v0[2] = { 1, 1 };
	onnxc_tensor in = { "v0", IR_FLOAT, 1, d2, v0, sizeof v0 };
	long n;
	int rc = -1;

	for (n = 0; rc != ONNXC_OK; n++) {
		onnxc_model *m = loop_model(0, 0);
		onnxc_session *s;
		ck_assert_int_eq(onnxc_session_new(m, NULL, &s), 0);
		onnxc_alloc_fail_after(n);
		rc = onnxc_session_prepare(s, 1, &in);
		onnxc_alloc_fail_after(-1);
		ck_assert(rc == ONNXC_OK || rc == ONNXC_ENOMEM);
		onnxc_session_free(s);
		onnxc_model_free(m);
	}
	ck_assert_int_gt(n, 20);
}
END_TEST

/* Scan-11: state s [2], scan input x [2, 3] along axis 1 read from the end;
 * body (s, col) -> (s + col, s + col, col); scan outputs: s stacked along
 * axis 1 in order, col stacked along axis 0 from the end. */
static onnxc_model *scan_model(void)
{
	ir_model *m = new_model(13);
	ir_graph *g = m->graph, *b;
	int64_t d2[1] = { 2 }, d23[2] = { 2, 3 };
	static const char *outs[] = { "s_final", "s_scan", "c_scan" }, *sum[] = { "sum" },
			  *col_out[] = { "col_out" };
	ir_value *s0 = input(g, "s0", IR_FLOAT, 1, d2), *x = input(g, "x", IR_FLOAT, 2, d23);
	ir_node *n = node(m, g, "Scan", 2, (ir_value *[]){ s0, x }, 3, outs);
	ir_value *s, *col;

	ck_assert_int_eq(n->since_version, 11);
	ir_node_add_attr(n, "num_scan_inputs", IR_ATTR_INT, &e)->i = 1;
	ir_attr *a = ir_node_add_attr(n, "scan_input_axes", IR_ATTR_INTS, &e);
	a->n = 1;
	a->ints = onnxc_calloc(1, sizeof *a->ints);
	a->ints[0] = -1;
	a = ir_node_add_attr(n, "scan_input_directions", IR_ATTR_INTS, &e);
	a->n = 1;
	a->ints = onnxc_calloc(1, sizeof *a->ints);
	a->ints[0] = 1;
	a = ir_node_add_attr(n, "scan_output_axes", IR_ATTR_INTS, &e);
	a->n = 2;
	a->ints = onnxc_calloc(2, sizeof *a->ints);
	a->ints[0] = 1;
	a = ir_node_add_attr(n, "scan_output_directions", IR_ATTR_INTS, &e);
	a->n = 2;
	a->ints = onnxc_calloc(2, sizeof *a->ints);
	a->ints[1] = 1;
	b = body(n, "body", g);
	s = input(b, "s", IR_FLOAT, 1, d2);
	col = input(b, "col", IR_FLOAT, 1, d2);
	node(m, b, "Add", 2, (ir_value *[]){ s, col }, 1, sum);
	node(m, b, "Identity", 1, &col, 1, col_out);
	ir_graph_add_output(b, out_of(b, "sum"), &e);
	ir_graph_add_output(b, out_of(b, "sum"), &e);
	ir_graph_add_output(b, out_of(b, "col_out"), &e);
	ir_graph_add_output(g, out_of(g, "s_final"), &e);
	ir_graph_add_output(g, out_of(g, "s_scan"), &e);
	ir_graph_add_output(g, out_of(g, "c_scan"), &e);
	return wrap(m);
}

START_TEST(scan_axes_and_directions)
{
	onnxc_model *m = scan_model();
	onnxc_session *s;
	int64_t d2[1] = { 2 }, d23[2] = { 2, 3 };
	float s0[2] = { 0, 0 }, x[6] = { 1, 2, 3, 4, 5, 6 };
	onnxc_tensor in[2] = { { "s0", IR_FLOAT, 1, d2, s0, sizeof s0 },
			       { "x", IR_FLOAT, 2, d23, x, sizeof x } };
	const onnxc_tensor *out;
	/* columns read 2, 1, 0: [3,6] -> s [3,6]; [2,5] -> [5,11]; [1,4] -> [6,15] */
	const float want_s[6] = { 3, 5, 6, 6, 11, 15 };
	/* col slices written at rows 2, 1, 0 */
	const float want_c[6] = { 1, 4, 2, 5, 3, 6 };
	int n_out, k;

	ck_assert_int_eq(onnxc_session_new(m, NULL, &s), 0);
	ck_assert_int_eq(onnxc_session_run(s, 2, in, &n_out, &out), 0);
	ck_assert_int_eq(n_out, 3);
	ck_assert_float_eq(((const float *)out[0].data)[0], 6.0f);
	ck_assert_float_eq(((const float *)out[0].data)[1], 15.0f);
	ck_assert_int_eq(out[1].dims[0], 2);
	ck_assert_int_eq(out[1].dims[1], 3);
	ck_assert_int_eq(out[2].dims[0], 3);
	ck_assert_int_eq(out[2].dims[1], 2);
	for (k = 0; k < 6; k++) {
		ck_assert_float_eq(((const float *)out[1].data)[k], want_s[k]);
		ck_assert_float_eq(((const float *)out[2].data)[k], want_c[k]);
	}
	onnxc_session_free(s);
	onnxc_model_free(m);
}
END_TEST

/* Scan-8: batch of 2, sequence_lens = lens (full or not), state s [2, 2],
 * x [2, 3, 2] read from the end (directions = [1]); body (s, row) ->
 * (s + row, s + row). */
static onnxc_model *scan8_model(const int64_t *lens)
{
	ir_model *m = new_model(8);
	ir_graph *g = m->graph, *b;
	int64_t d2[1] = { 2 }, d22[2] = { 2, 2 }, d232[3] = { 2, 3, 2 };
	static const char *outs[] = { "s_final", "s_scan" }, *sum[] = { "sum" };
	ir_value *sl = init(g, "lens", IR_INT64, 1, d2, lens);
	ir_value *s0 = input(g, "s0", IR_FLOAT, 2, d22), *x = input(g, "x", IR_FLOAT, 3, d232);
	ir_node *n = node(m, g, "Scan", 3, (ir_value *[]){ sl, s0, x }, 2, outs);
	ir_attr *a;

	ck_assert_int_eq(n->since_version, 8);
	ir_node_add_attr(n, "num_scan_inputs", IR_ATTR_INT, &e)->i = 1;
	a = ir_node_add_attr(n, "directions", IR_ATTR_INTS, &e);
	a->n = 1;
	a->ints = onnxc_calloc(1, sizeof *a->ints);
	a->ints[0] = 1;
	b = body(n, "body", g);
	node(m, b, "Add", 2, (ir_value *[]){ input(b, "s", IR_FLOAT, 1, d2),
					     input(b, "row", IR_FLOAT, 1, d2) }, 1, sum);
	ir_graph_add_output(b, out_of(b, "sum"), &e);
	ir_graph_add_output(b, out_of(b, "sum"), &e);
	ir_graph_add_output(g, out_of(g, "s_final"), &e);
	ir_graph_add_output(g, out_of(g, "s_scan"), &e);
	return wrap(m);
}

START_TEST(scan8_runs_each_batch_item)
{
	const int64_t full[2] = { 3, 3 }, ragged[2] = { 3, 2 };
	onnxc_model *m = scan8_model(full);
	onnxc_session *s;
	int64_t d22[2] = { 2, 2 }, d232[3] = { 2, 3, 2 };
	float s0[4] = { 0, 0, 10, 20 }, x[12] = { 1, 2, 3, 4, 5, 6, 1, 0, 0, 1, 2, 2 };
	onnxc_tensor in[2] = { { "s0", IR_FLOAT, 2, d22, s0, sizeof s0 },
			       { "x", IR_FLOAT, 3, d232, x, sizeof x } };
	const onnxc_tensor *out;
	const float want_final[4] = { 9, 12, 13, 23 };
	const float want_scan[12] = { 5, 6, 8, 10, 9, 12, 12, 22, 12, 23, 13, 23 };
	int n_out, k;

	ck_assert_int_eq(onnxc_session_new(m, NULL, &s), 0);
	ck_assert_int_eq(onnxc_session_run(s, 2, in, &n_out, &out), 0);
	ck_assert_int_eq(out[0].rank, 2);
	ck_assert_int_eq(out[1].rank, 3);
	ck_assert_int_eq(out[1].dims[0], 2);
	ck_assert_int_eq(out[1].dims[1], 3);
	for (k = 0; k < 4; k++)
		ck_assert_float_eq(((const float *)out[0].data)[k], want_final[k]);
	for (k = 0; k < 12; k++)
		ck_assert_float_eq(((const float *)out[1].data)[k], want_scan[k]);
	onnxc_session_free(s);
	onnxc_model_free(m);

	m = scan8_model(ragged);
	ck_assert_int_eq(onnxc_session_new(m, NULL, &s), 0);
	ck_assert_int_eq(onnxc_session_run(s, 2, in, &n_out, &out), ONNXC_EUNSUPPORTED);
	ck_assert_ptr_nonnull(strstr(onnxc_session_errmsg(s), "sequence_lens[1] = 2"));
	onnxc_session_free(s);
	onnxc_model_free(m);
}
END_TEST

/* If whose then branch holds a Loop (M = 3, no cond) whose body reads the
 * top-level input x two graphs up: acc = acc + x each iteration; the else
 * branch holds an op without a kernel. */
static onnxc_model *nested_model(void)
{
	ir_model *m = new_model(13);
	ir_graph *g = m->graph, *tb, *eb, *lb;
	int64_t d1[1] = { 1 }, three = 3;
	float z = 0;
	ir_value *cond = input(g, "cond", IR_BOOL, 0, NULL), *x = input(g, "x", IR_FLOAT, 1, d1);
	static const char *y[] = { "y" }, *acc_out[] = { "acc_out" }, *sum[] = { "sum" },
			  *c_out[] = { "c_out" }, *e_out[] = { "e_out" };
	ir_node *n = node(m, g, "If", 1, &cond, 1, y), *loop;
	ir_value *c;

	tb = body(n, "then_branch", g);
	eb = body(n, "else_branch", g);
	loop = node(m, tb, "Loop", 3, (ir_value *[]){ init(tb, "M", IR_INT64, 0, NULL, &three), NULL,
						       init(tb, "zero", IR_FLOAT, 1, d1, &z) },
		    1, acc_out);
	ir_graph_add_output(tb, out_of(tb, "acc_out"), &e);
	lb = body(loop, "body", tb);
	input(lb, "i", IR_INT64, 0, NULL);
	c = input(lb, "c", IR_BOOL, 0, NULL);
	node(m, lb, "Add", 2, (ir_value *[]){ input(lb, "acc", IR_FLOAT, 1, d1), x }, 1, sum);
	node(m, lb, "Identity", 1, &c, 1, c_out);
	ir_graph_add_output(lb, out_of(lb, "c_out"), &e);
	ir_graph_add_output(lb, out_of(lb, "sum"), &e);
	node(m, eb, "Abs", 1, &x, 1, e_out)->op = IR_OP_UNKNOWN;
	ir_graph_add_output(eb, out_of(eb, "e_out"), &e);
	ir_graph_add_output(g, out_of(g, "y"), &e);
	return wrap(m);
}

START_TEST(nested_bodies_read_outer_values)
{
	onnxc_model *m = nested_model();
	onnxc_session *s;
	int64_t d1[1] = { 1 };
	float x = 2.5f;
	uint8_t cond = 1;
	onnxc_tensor in[2] = { { "cond", IR_BOOL, 0, NULL, &cond, 1 },
			       { "x", IR_FLOAT, 1, d1, &x, sizeof x } };
	const onnxc_tensor *out;
	int n_out;

	ck_assert_int_eq(onnxc_session_new(m, NULL, &s), 0);
	ck_assert_int_eq(onnxc_session_run(s, 2, in, &n_out, &out), 0);
	ck_assert_float_eq(((const float *)out[0].data)[0], 7.5f);
	cond = 0;
	ck_assert_int_eq(onnxc_session_run(s, 2, in, &n_out, &out), ONNXC_EUNSUPPORTED);
	ck_assert_ptr_nonnull(strstr(onnxc_session_errmsg(s), "unsupported op: Abs"));
	ck_assert_ptr_nonnull(strstr(onnxc_session_errmsg(s), "[in a subgraph of If node 'If']"));
	onnxc_session_free(s);
	onnxc_model_free(m);
}
END_TEST

START_TEST(refusals)
{
	ir_model *m = new_model(13);
	ir_graph *g = m->graph;
	int64_t d1[1] = { 1 };
	float one = 1;
	static const char *outs[] = { "v" };
	ir_value *v0 = init(g, "v0", IR_FLOAT, 1, d1, &one);
	ir_node *n = node(m, g, "Loop", 3, (ir_value *[]){ NULL, NULL, v0 }, 1, outs);
	ir_graph *b = body(n, "body", g);
	onnxc_model *om;
	onnxc_session *s;
	const onnxc_tensor *out;
	int n_out;

	input(b, "i", IR_INT64, 0, NULL);
	ir_graph_add_output(b, input(b, "c", IR_BOOL, 0, NULL), &e);
	ir_graph_add_output(b, input(b, "v", IR_FLOAT, 1, d1), &e);
	ir_graph_add_output(g, out_of(g, "v"), &e);
	om = wrap(m);
	ck_assert_int_eq(onnxc_session_new(om, NULL, &s), 0);
	ck_assert_int_eq(onnxc_session_run(s, 0, NULL, &n_out, &out), ONNXC_EUNSUPPORTED);
	ck_assert_ptr_nonnull(strstr(onnxc_session_errmsg(s), "the loop never ends"));
	onnxc_session_free(s);
	onnxc_model_free(om);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("k_control");
	TCase *tc = tcase_create("control");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, if_picks_the_branch_per_cond_value);
	tcase_add_test(tc, if_needs_values_at_prepare);
	tcase_add_test(tc, loop_stops_on_cond_and_stacks_scan_outputs);
	tcase_add_test(tc, loop_trip_count_bound_by_value);
	tcase_add_test(tc, loop_zero_iterations_without_cond);
	tcase_add_test(tc, loop_prepare_survives_allocation_failures);
	tcase_add_test(tc, scan_axes_and_directions);
	tcase_add_test(tc, scan8_runs_each_batch_item);
	tcase_add_test(tc, nested_bodies_read_outer_values);
	tcase_add_test(tc, refusals);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
