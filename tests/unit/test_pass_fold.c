/*
 * test_pass_fold.c - constant folding: constant chains, Constant nodes,
 * PyTorch's Shape->Gather->Unsqueeze->Concat->Reshape chain, the size limit,
 * kernels that refuse, graph outputs.
 */
#include <string.h>

#include "gb.h"
#include "rewrite.h"
#include "session.h"
#include "testutil.h"

/* c1, c2 [2,3] -> Add -> s -> Relu -> t; y = x + t (output) */
static ir_model *build_chain(void)
{
	gb *b = gb_new(13);
	int64_t d[2] = { 2, 3 };
	float c1[6] = { 1, -2, 3, -4, 5, -6 }, c2[6] = { 0.5f, 0.5f, -3.5f, 1, 1, 10 };

	gb_input(b, "x", IR_FLOAT, 2, d);
	gb_init(b, "c1", IR_FLOAT, 2, d, c1);
	gb_init(b, "c2", IR_FLOAT, 2, d, c2);
	gb_node(b, "Add", "add_c", "c1,c2", "s");
	gb_node(b, "Relu", "relu_c", "s", "t");
	gb_node(b, "Add", "add_x", "x,t", "y");
	gb_output(b, "y");
	return gb_finish(b);
}

START_TEST(constant_chain_folds)
{
	ir_model *m = build_chain();
	const float want[6] = { 1.5f, 0, 0, 0, 6, 4 };
	const ir_value *t;

	ck_assert_int_eq(gb_passes(m, "fold"), 2);
	ck_assert_int_eq(gb_count(m, NULL), 1);
	ck_assert_ptr_nonnull(gb_find(m, "add_x"));
	t = gb_value(m, "t");
	ck_assert_ptr_nonnull(t->init);
	ck_assert_ptr_null(t->producer);
	ck_assert_int_eq(t->init->rank, 2);
	ck_assert_int_eq(t->init->dims[1], 3);
	ck_assert(!memcmp(t->init->data, want, sizeof want));
	ck_assert(gb_find(m, "add_x")->in[1] == t);
	/* s is folded too; dce then drops s, c1 and c2 */
	ck_assert_ptr_nonnull(gb_value(m, "s")->init);
	gb_passes(m, "dce");
	ck_assert_int_eq(m->graph->n_inits, 1);
	ir_model_free(m);
}
END_TEST

START_TEST(constant_chain_same_outputs)
{
	ck_assert_int_eq(gb_equiv(build_chain, "fold,dce", 0), 1);
}
END_TEST

/* Constant node (a tensor attribute) -> Mul with x; a second Constant is a
 * graph output. */
static ir_model *build_constant(void)
{
	gb *b = gb_new(13);
	int64_t d[1] = { 3 };
	float v[3] = { 2, -1, 0.5f };
	ir_node *n;

	gb_input(b, "x", IR_FLOAT, 1, d);
	n = gb_node(b, "Constant", "k", "", "kv");
	gb_tensor_attr(n, "value", 1, d, v);
	gb_node(b, "Mul", "mul", "x,kv", "y");
	n = gb_node(b, "Constant", "k2", "", "out2");
	gb_tensor_attr(n, "value", 1, d, v);
	gb_output(b, "y");
	gb_output(b, "out2");
	return gb_finish(b);
}

START_TEST(constant_nodes_become_initializers)
{
	ir_model *m = build_constant();
	const ir_value *o2;

	ck_assert_int_eq(gb_passes(m, "fold,dce"), 2);
	ck_assert_int_eq(gb_count(m, NULL), 1);
	ck_assert_ptr_nonnull(gb_value(m, "kv")->init);
	o2 = gb_value(m, "out2");
	ck_assert(o2->is_output && o2->init);
	ck_assert_float_eq(((const float *)o2->init->data)[2], 0.5f);
	ir_model_free(m);
	ck_assert_int_eq(gb_equiv(build_constant, NULL, 0), 1);
}
END_TEST

/* PyTorch's flatten: x[2,3,4,5] -> Shape -> Gather(0) -> Unsqueeze(0) ->
 * Concat(with [-1]) -> Reshape(x). */
static ir_model *build_shape_chain_dims(int dynamic)
{
	gb *b = gb_new(13);
	int64_t d[4] = { dynamic ? -1 : 2, 3, 4, 5 }, one[1] = { 1 };
	int64_t idx = 0, minus1 = -1, axes = 0;
	ir_node *n;

	gb_input(b, "x", IR_FLOAT, 4, d);
	gb_init(b, "idx", IR_INT64, 0, NULL, &idx);
	gb_init(b, "m1", IR_INT64, 1, one, &minus1);
	gb_init(b, "axes", IR_INT64, 1, one, &axes);
	gb_node(b, "Shape", "shape", "x", "s");
	n = gb_node(b, "Gather", "gather", "s,idx", "g");
	gb_int(n, "axis", 0);
	gb_node(b, "Unsqueeze", "unsq", "g,axes", "u");
	n = gb_node(b, "Concat", "concat", "u,m1", "shp");
	gb_int(n, "axis", 0);
	gb_node(b, "Reshape", "reshape", "x,shp", "y");
	gb_output(b, "y");
	return gb_finish(b);
}

static ir_model *build_shape_chain(void)
{
	return build_shape_chain_dims(0);
}

START_TEST(shape_chain_folds_away)
{
	ir_model *m = build_shape_chain();
	const ir_value *shp;

	/* infer gives nothing new to x; fold works from the declared shape */
	ck_assert_int_eq(gb_passes(m, "fold,dce"), 4 + 6);
	ck_assert_int_eq(gb_count(m, NULL), 1);
	shp = gb_value(m, "shp");
	ck_assert_ptr_nonnull(shp->init);
	ck_assert_int_eq(shp->init->numel, 2);
	ck_assert_int_eq(((const int64_t *)shp->init->data)[0], 2);
	ck_assert_int_eq(((const int64_t *)shp->init->data)[1], -1);
	ir_model_free(m);
	ck_assert_int_eq(gb_equiv(build_shape_chain, NULL, 0), 1);
}
END_TEST

START_TEST(dynamic_shape_is_not_folded)
{
	ir_model *m = build_shape_chain_dims(1);

	ck_assert_int_eq(gb_passes(m, "infer,fold"), 0);
	ck_assert_int_eq(gb_count(m, NULL), 5);
	ir_model_free(m);
}
END_TEST

/* ConstantOfShape of [n, n] floats feeding y = x + big (x is [1]). */
static ir_model *build_big(int64_t n)
{
	gb *b = gb_new(13);
	int64_t two[1] = { 2 }, one[1] = { 1 }, shape[2] = { n, n };

	gb_input(b, "x", IR_FLOAT, 1, one);
	gb_init(b, "shape", IR_INT64, 1, two, shape);
	gb_node(b, "ConstantOfShape", "cos", "shape", "big");
	gb_node(b, "Add", "add", "x,big", "y");
	gb_output(b, "y");
	return gb_finish(b);
}

START_TEST(large_outputs_are_not_folded)
{
	/* 512*512*4 = 1 MiB: just at the limit, folded */
	ir_model *m = build_big(512);

	ck_assert_int_eq(gb_passes(m, "fold"), 1);
	ck_assert_ptr_nonnull(gb_value(m, "big")->init);
	ir_model_free(m);
	/* 513*513*4 > 1 MiB + 16 bytes read: left to the session */
	m = build_big(513);
	ck_assert_int_eq(gb_passes(m, "fold"), 0);
	ck_assert_ptr_nonnull(gb_find(m, "cos"));
	ck_assert_ptr_null(gb_value(m, "big")->init);
	ir_model_free(m);
}
END_TEST

START_TEST(eval_node_limit)
{
	ir_model *m = build_big(513);
	ir_tensor *out[1];
	onnxc_err err = { 0 };

	ck_assert_int_eq(rt_eval_node(gb_find(m, "cos"), PASS_FOLD_MAX_GROWTH, out, &err), 1);
	ck_assert_ptr_null(out[0]);
	ck_assert_int_eq(err.code, 0);
	ck_assert_int_eq(rt_eval_node(gb_find(m, "cos"), (size_t)2 << 20, out, &err), 0);
	ck_assert_int_eq(out[0]->numel, 513 * 513);
	ir_tensor_free(out[0]);
	/* a node reading a non-constant value cannot be evaluated */
	ck_assert_int_eq(rt_eval_node(gb_find(m, "add"), PASS_FOLD_MAX_GROWTH, out, &err), 1);
	ir_model_free(m);
}
END_TEST

/* Gather of constants with an index out of range: the kernel refuses, the
 * node stays, and the session reports the error. */
START_TEST(refused_nodes_stay)
{
	gb *b = gb_new(13);
	int64_t d[1] = { 3 }, bad = 7;
	ir_model *m;
	onnxc_model *om;
	onnxc_session *s;
	onnxc_err err = { 0 };
	float x[3] = { 1, 2, 3 };
	onnxc_tensor in = { "x", IR_FLOAT, 1, d, x, sizeof x };
	const onnxc_tensor *out;
	int n_out;

	gb_input(b, "x", IR_FLOAT, 1, d);
	gb_init(b, "data", IR_FLOAT, 1, d, NULL);
	gb_init(b, "idx", IR_INT64, 0, NULL, &bad);
	gb_node(b, "Gather", "gather", "data,idx", "g");
	gb_node(b, "Add", "add", "x,g", "y");
	gb_output(b, "y");
	m = gb_finish(b);
	ck_assert_int_eq(gb_passes(m, NULL), 0);
	ck_assert_ptr_nonnull(gb_find(m, "gather"));
	om = rt_model_wrap(m, &err);
	ck_assert_int_eq(onnxc_session_new(om, NULL, &s), 0);
	ck_assert_int_ne(onnxc_session_run(s, 1, &in, &n_out, &out), 0);
	ck_assert_ptr_nonnull(strstr(onnxc_session_errmsg(s), "gather"));
	onnxc_session_free(s);
	onnxc_model_free(om);
}
END_TEST

/* y = x + float(SequenceLength(SequenceConstruct(c1, c2))): sequences have
 * no initializer form, the session folds them when it prepares */
static ir_model *build_sequence(void)
{
	gb *b = gb_new(13);
	int64_t d[1] = { 2 };
	ir_node *n;

	gb_input(b, "x", IR_FLOAT, 1, d);
	gb_init(b, "c1", IR_FLOAT, 1, d, NULL);
	gb_init(b, "c2", IR_FLOAT, 1, d, NULL);
	gb_node(b, "SequenceConstruct", "construct", "c1,c2", "seq");
	gb_node(b, "SequenceLength", "length", "seq", "len");
	n = gb_node(b, "Cast", "cast", "len", "lenf");
	gb_int(n, "to", IR_FLOAT);
	gb_node(b, "Add", "add", "x,lenf", "y");
	gb_output(b, "y");
	return gb_finish(b);
}

START_TEST(sequences_and_strings_are_left_to_the_session)
{
	ir_model *m = build_sequence();
	const ir_value *seq, *len;
	gb *b;
	ir_node *n;
	ir_attr *a;
	int64_t two = 2;
	onnxc_err err = { 0 };

	ck_assert_int_eq(gb_passes(m, "infer,fold"), 3);   /* len, lenf, y typed */
	ck_assert_int_eq(gb_count(m, NULL), 4);
	seq = gb_value(m, "seq");
	ck_assert(!seq->has_type);
	ck_assert_int_eq(seq->dtype, IR_UNDEFINED);
	len = gb_value(m, "len");
	ck_assert(len->has_type && len->dtype == IR_INT64 && len->shape.rank == 0);
	ir_model_free(m);
	ck_assert_int_eq(gb_equiv(build_sequence, NULL, 0), 4);

	/* a Constant holding strings stays a node */
	b = gb_new(13);
	n = gb_node(b, "Constant", "k", "", "s");
	a = ir_node_add_attr(n, "value", IR_ATTR_TENSOR, &err);
	a->t = ir_tensor_new(IR_STRING, 1, &two, &err);
	ck_assert_ptr_nonnull(a->t);
	((char **)a->t->data)[0] = onnxc_strdup("ab");
	((char **)a->t->data)[1] = onnxc_strdup("c");
	a->t->str_lens[0] = 2;
	a->t->str_lens[1] = 1;
	gb_output(b, "s");
	m = gb_finish(b);
	ck_assert_int_eq(gb_passes(m, "fold"), 0);
	ck_assert_ptr_nonnull(gb_find(m, "k"));
	ir_model_free(m);
}
END_TEST

START_TEST(out_of_memory_is_reported)
{
	gb_oom_sweep(build_chain, "fold");
	gb_oom_sweep(build_shape_chain, "infer,fold,dce");
	gb_oom_sweep(build_constant, "fold");
	gb_oom_sweep(build_sequence, "infer,fold");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pass_fold");
	TCase *tc = tcase_create("fold");

	tcase_add_test(tc, constant_chain_folds);
	tcase_add_test(tc, constant_chain_same_outputs);
	tcase_add_test(tc, constant_nodes_become_initializers);
	tcase_add_test(tc, shape_chain_folds_away);
	tcase_add_test(tc, dynamic_shape_is_not_folded);
	tcase_add_test(tc, large_outputs_are_not_folded);
	tcase_add_test(tc, eval_node_limit);
	tcase_add_test(tc, refused_nodes_stay);
	tcase_add_test(tc, sequences_and_strings_are_left_to_the_session);
	tcase_add_test(tc, out_of_memory_is_reported);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
