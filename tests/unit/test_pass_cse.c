/*
 * test_pass_cse.c - common subexpression elimination: equal nodes (inputs,
 * attributes by value in any order, tensor attributes), chains, graph
 * outputs, subgraphs, small initializers.
 */
#include <string.h>

#include "gb.h"
#include "testutil.h"

/* two Relu -> Neg chains of x, added; two Transposes differing in perm;
 * two Gemms with the same attributes in another order. */
static ir_model *build_dups(void)
{
	gb *b = gb_new(13);
	int64_t d[2] = { 3, 3 }, p01[2] = { 0, 1 }, p10[2] = { 1, 0 };
	ir_node *n;

	gb_input(b, "x", IR_FLOAT, 2, d);
	gb_init(b, "w", IR_FLOAT, 2, d, NULL);
	gb_node(b, "Relu", "r1", "x", "a1");
	gb_node(b, "Relu", "r2", "x", "a2");
	gb_node(b, "Neg", "n1", "a1", "b1");
	gb_node(b, "Neg", "n2", "a2", "b2");
	gb_node(b, "Add", "add", "b1,b2", "s");
	n = gb_node(b, "Transpose", "t1", "s", "t1o");
	gb_ints(n, "perm", 2, p10);
	n = gb_node(b, "Transpose", "t2", "s", "t2o");
	gb_ints(n, "perm", 2, p01);
	n = gb_node(b, "Gemm", "g1", "t1o,w", "g1o");
	gb_float(n, "alpha", 0.5f);
	gb_int(n, "transB", 1);
	n = gb_node(b, "Gemm", "g2", "t1o,w", "g2o");
	gb_int(n, "transB", 1);
	gb_float(n, "alpha", 0.5f);
	gb_node(b, "Sum", "sum", "g1o,g2o,t2o", "y");
	gb_output(b, "y");
	return gb_finish(b);
}

START_TEST(equal_nodes_merge)
{
	ir_model *m = build_dups();
	ir_node *add, *sum;

	ck_assert_int_eq(gb_passes(m, "cse"), 3);
	ck_assert_ptr_null(gb_find(m, "r2"));
	ck_assert_ptr_null(gb_find(m, "n2"));
	ck_assert_ptr_null(gb_find(m, "g2"));
	ck_assert_ptr_nonnull(gb_find(m, "t2"));
	add = gb_find(m, "add");
	ck_assert(add->in[0] == gb_value(m, "b1") && add->in[1] == gb_value(m, "b1"));
	sum = gb_find(m, "sum");
	ck_assert(sum->in[0] == gb_value(m, "g1o") && sum->in[1] == gb_value(m, "g1o"));
	ck_assert_int_eq(gb_count(m, NULL), 7);
	ir_model_free(m);
	ck_assert_int_eq(gb_equiv(build_dups, NULL, 1e-6), 7);
}
END_TEST

/* Constant nodes: equal tensors merge, a different one does not. */
START_TEST(tensor_attributes_compare_by_value)
{
	gb *b = gb_new(13);
	int64_t d[1] = { 2 };
	float v1[2] = { 1, 2 }, v2[2] = { 1, 2 }, v3[2] = { 1, 3 };
	ir_model *m;
	ir_node *n;

	gb_input(b, "x", IR_FLOAT, 1, d);
	n = gb_node(b, "Constant", "k1", "", "c1");
	gb_tensor_attr(n, "value", 1, d, v1);
	n = gb_node(b, "Constant", "k2", "", "c2");
	gb_tensor_attr(n, "value", 1, d, v2);
	n = gb_node(b, "Constant", "k3", "", "c3");
	gb_tensor_attr(n, "value", 1, d, v3);
	gb_node(b, "Sum", "sum", "x,c1,c2,c3", "y");
	gb_output(b, "y");
	m = gb_finish(b);
	ck_assert_int_eq(gb_passes(m, "cse"), 1);
	ck_assert_ptr_null(gb_find(m, "k2"));
	ck_assert_ptr_nonnull(gb_find(m, "k3"));
	ck_assert(gb_find(m, "sum")->in[2] == gb_value(m, "c1"));
	ir_model_free(m);
}
END_TEST

/* r1 = Relu(x) read by Neg; r2 = Relu(x) a graph output: merged, the
 * surviving node makes "r2".  r3 = Relu(x) another output: stays. */
START_TEST(graph_outputs_keep_names)
{
	gb *b = gb_new(13);
	int64_t d[1] = { 4 };
	ir_model *m;
	ir_node *r1;

	gb_input(b, "x", IR_FLOAT, 1, d);
	gb_node(b, "Relu", "relu1", "x", "r1");
	gb_node(b, "Neg", "neg", "r1", "y");
	gb_node(b, "Relu", "relu2", "x", "r2");
	gb_node(b, "Relu", "relu3", "x", "r3");
	gb_output(b, "y");
	gb_output(b, "r2");
	gb_output(b, "r3");
	m = gb_finish(b);
	ck_assert_int_eq(gb_passes(m, "cse"), 1);
	r1 = gb_find(m, "relu1");
	ck_assert(r1->out[0] == gb_value(m, "r2"));
	ck_assert(gb_find(m, "neg")->in[0] == gb_value(m, "r2"));
	ck_assert_ptr_null(gb_find(m, "relu2"));
	ck_assert_ptr_nonnull(gb_find(m, "relu3"));
	ck_assert_int_eq(m->graph->n_outputs, 3);
	ir_model_free(m);
}
END_TEST

/* nodes with subgraphs never merge */
START_TEST(subgraphs_never_merge)
{
	gb *b = gb_new(13);
	onnxc_err err = { 0 };
	ir_model *m;
	int k;

	gb_input(b, "c", IR_BOOL, 0, NULL);
	for (k = 0; k < 2; k++) {
		ir_node *n = gb_node(b, "If", k ? "if2" : "if1", "c", k ? "y2" : "y1");
		ir_attr *a = ir_node_add_attr(n, "then_branch", IR_ATTR_GRAPH, &err);
		ir_value *o;
		a->g = ir_graph_new(b->g, &err);
		o = ir_graph_value(a->g, "o", &err);
		ir_node_set_output(ir_node_new(a->g, "k", "Identity", "", 1, 1, &err), 0, o);
		a->g->nodes[0]->in[0] = ir_graph_find(b->g, "c");
		ir_graph_add_output(a->g, o, &err);
	}
	ck_assert_int_eq(err.code, 0);
	gb_output(b, "y1");
	gb_output(b, "y2");
	m = gb_finish(b);
	ck_assert_int_eq(gb_passes(m, "cse"), 0);
	ck_assert_int_eq(gb_count(m, "If"), 2);
	ir_model_free(m);
}
END_TEST

/* initializers: two equal [3] merge; two equal [65] do not; an equal one
 * that is a graph output does not. */
static ir_model *build_inits(void)
{
	gb *b = gb_new(13);
	int64_t d3[1] = { 3 }, d65[1] = { 65 };
	float v[65];
	int i;

	for (i = 0; i < 65; i++)
		v[i] = (float)i / 8;
	gb_input(b, "x", IR_FLOAT, 1, d3);
	gb_input(b, "z", IR_FLOAT, 1, d65);
	gb_init(b, "a", IR_FLOAT, 1, d3, v);
	gb_init(b, "b", IR_FLOAT, 1, d3, v);
	gb_init(b, "o", IR_FLOAT, 1, d3, v);
	gb_init(b, "big1", IR_FLOAT, 1, d65, v);
	gb_init(b, "big2", IR_FLOAT, 1, d65, v);
	gb_node(b, "Add", "add_a", "x,a", "xa");
	gb_node(b, "Add", "add_b", "x,b", "xb");
	gb_node(b, "Sum", "s1", "xa,xb,o", "y1");
	gb_node(b, "Sum", "s2", "z,big1,big2", "y2");
	gb_output(b, "y1");
	gb_output(b, "y2");
	gb_output(b, "o");
	return gb_finish(b);
}

START_TEST(small_initializers_merge)
{
	ir_model *m = build_inits();

	/* b merges into a, so add_b merges into add_a */
	ck_assert_int_eq(gb_passes(m, "cse"), 2);
	ck_assert_ptr_null(gb_find(m, "add_b"));
	ck_assert(gb_find(m, "s1")->in[1] == gb_value(m, "xa"));
	ck_assert(gb_find(m, "s1")->in[2] == gb_value(m, "o"));
	ck_assert(gb_find(m, "s2")->in[2] == gb_value(m, "big2"));
	gb_passes(m, "dce");
	ck_assert_int_eq(m->graph->n_inits, 4);
	ir_model_free(m);
	ck_assert_int_eq(gb_equiv(build_inits, NULL, 0), 3);
}
END_TEST

START_TEST(out_of_memory_is_reported)
{
	gb_oom_sweep(build_dups, "cse");
	gb_oom_sweep(build_inits, "cse,dce");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pass_cse");
	TCase *tc = tcase_create("cse");

	tcase_add_test(tc, equal_nodes_merge);
	tcase_add_test(tc, tensor_attributes_compare_by_value);
	tcase_add_test(tc, graph_outputs_keep_names);
	tcase_add_test(tc, subgraphs_never_merge);
	tcase_add_test(tc, small_initializers_merge);
	tcase_add_test(tc, out_of_memory_is_reported);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
