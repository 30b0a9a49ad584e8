/*
 * test_ir.c - the IR: op table, graph building, toposort, verifier, tensors.
 */
#include <string.h>

#include "ir.h"
#include "testutil.h"

START_TEST(op_table)
{
	ck_assert_int_ne(ir_op_lookup("Conv", IR_DOM_ONNX), IR_OP_UNKNOWN);
	ck_assert_str_eq(ir_ops[IR_OP_Conv].name, "Conv");
	ck_assert_int_eq(ir_op_lookup("Conv", IR_DOM_ML), IR_OP_UNKNOWN);
	ck_assert_int_eq(ir_op_lookup("NoSuchOp", IR_DOM_ONNX), IR_OP_UNKNOWN);
	/* Squeeze: axes attribute at 1 and 11, input from 13 */
	ck_assert_int_eq(ir_op_since(IR_OP_Squeeze, 9), 1);
	ck_assert_int_eq(ir_op_since(IR_OP_Squeeze, 12), 11);
	ck_assert_int_eq(ir_op_since(IR_OP_Squeeze, 17), 13);
	ck_assert_int_eq(ir_op_since(IR_OP_Resize, 9), 0);
	ck_assert_int_eq(ir_domain_lookup("ai.onnx"), IR_DOM_ONNX);
	ck_assert_int_eq(ir_domain_lookup("ai.onnx.ml"), IR_DOM_ML);
	ck_assert_int_eq(ir_domain_lookup("com.example"), IR_DOM_OTHER);
}
END_TEST

/* a -> Relu -> b -> Neg -> c, built in reverse order */
static ir_model *chain(onnxc_err *err)
{
	ir_model *m = ir_model_new(err);
	ir_graph *g = m->graph;
	ir_value *a = ir_graph_value(g, "a", err), *b = ir_graph_value(g, "b", err),
		 *c = ir_graph_value(g, "c", err);
	ir_node *neg = ir_node_new(g, "neg", "Neg", "", 1, 1, err);
	ir_node *relu = ir_node_new(g, "relu", "Relu", "", 1, 1, err);

	ir_model_add_opset(m, "", 13, err);
	ir_graph_add_input(g, a, err);
	ir_graph_add_output(g, c, err);
	neg->in[0] = b;
	ir_node_set_output(neg, 0, c);
	relu->in[0] = a;
	ir_node_set_output(relu, 0, b);
	ir_node_resolve(m, neg);
	ir_node_resolve(m, relu);
	return m;
}

START_TEST(toposort_and_verify)
{
	onnxc_err err = { 0 };
	ir_model *m = chain(&err);

	ck_assert_int_eq(err.code, 0);
	ck_assert_int_eq(m->graph->nodes[0]->since_version, 13);
	ck_assert_int_eq(ir_graph_toposort(m->graph, &err), 0);
	ck_assert_str_eq(m->graph->nodes[0]->name, "relu");
	ck_assert_int_eq(ir_verify(m->graph, "test", &err), 0);
	ck_assert_int_eq(m->graph->values[1]->n_uses, 1);  /* b read by neg */
	ir_model_free(m);
}
END_TEST

START_TEST(cycle_detected)
{
	onnxc_err err = { 0 };
	ir_model *m = chain(&err);
	ir_graph *g = m->graph;

	/* relu now reads c: relu -> b -> neg -> c -> relu */
	g->nodes[1]->in[0] = ir_graph_find(g, "c");
	ck_assert_int_eq(ir_graph_toposort(g, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "cycle"));
	ir_model_free(m);
}
END_TEST

START_TEST(undefined_input_and_double_assignment)
{
	onnxc_err err = { 0 };
	ir_model *m = chain(&err);
	ir_graph *g = m->graph;
	ir_node *extra;

	ck_assert_int_eq(ir_graph_toposort(g, &err), 0);
	g->nodes[0]->in[0] = ir_graph_value(g, "ghost", &err);
	ck_assert_int_eq(ir_verify(g, "test", &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "ghost"));
	ck_assert_ptr_nonnull(strstr(err.msg, "relu"));
	onnxc_errclear(&err);
	g->nodes[0]->in[0] = ir_graph_find(g, "a");
	extra = ir_node_new(g, "again", "Relu", "", 1, 1, &err);
	extra->in[0] = ir_graph_find(g, "a");
	extra->out[0] = ir_graph_find(g, "c");   /* c also produced by neg */
	ck_assert_int_eq(ir_verify(g, "test", &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "more than once"));
	ir_model_free(m);
}
END_TEST

START_TEST(first_error_kept)
{
	onnxc_err err = { 0 };

	onnxc_seterr(&err, ONNXC_EINVAL, "first %d", 1);
	onnxc_seterr(&err, ONNXC_EIO, "second");
	ck_assert_int_eq(err.code, ONNXC_EINVAL);
	ck_assert_str_eq(err.msg, "first 1");
	onnxc_seterr(NULL, ONNXC_EIO, "no crash");
}
END_TEST

START_TEST(tensors)
{
	onnxc_err err = { 0 };
	int64_t dims[2] = { 2, 3 }, big[3] = { INT64_MAX / 2, 4, 1 };
	ir_tensor *t = ir_tensor_new(IR_FLOAT, 2, dims, &err), *u;

	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(t->numel, 6);
	ck_assert_uint_eq(t->nbytes, 24);
	((float *)t->data)[5] = 2.5f;
	u = ir_tensor_clone(t, &err);
	ck_assert(ir_tensor_equal(t, u));
	((float *)u->data)[5] = 1;
	ck_assert(!ir_tensor_equal(t, u));
	ir_tensor_free(t);
	ir_tensor_free(u);
	ck_assert_ptr_null(ir_tensor_new(IR_FLOAT, 3, big, &err));
	ck_assert_int_eq(err.code, ONNXC_EINVAL);
	ck_assert_int_eq(ir_numel(3, big), -1);
	ck_assert_uint_eq(ir_dtype_size(IR_BFLOAT16), 2);
	ck_assert_str_eq(ir_dtype_name(IR_INT64), "int64");
}
END_TEST

START_TEST(alloc_failures_are_clean)
{
	long n;

	/* every allocation of building the chain may fail; no crash, no leak */
	for (n = 0; n < 64; n++) {
		onnxc_err err = { 0 };
		ir_model *m;
		onnxc_alloc_fail_after(n);
		m = ir_model_new(&err);
		if (m) {
			ir_value *v = ir_graph_value(m->graph, "x", &err);
			ir_node *nd = ir_node_new(m->graph, "n", "Relu", "", 1, 1, &err);
			if (nd && v)
				nd->in[0] = v;
			ir_graph_toposort(m->graph, &err);
		}
		onnxc_alloc_fail_after(-1);
		ir_model_free(m);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("ir");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, op_table);
	tcase_add_test(tc, toposort_and_verify);
	tcase_add_test(tc, cycle_detected);
	tcase_add_test(tc, undefined_input_and_double_assignment);
	tcase_add_test(tc, first_error_kept);
	tcase_add_test(tc, tensors);
	tcase_add_test(tc, alloc_failures_are_clean);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
