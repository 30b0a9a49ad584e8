/*
 * test_pass_simplify.c - removing pass-through nodes: Identity, Dropout,
 * same-type Cast, shape-preserving Reshape/Flatten/Squeeze; graph outputs
 * keep their names.
 */
#include <string.h>

#include "gb.h"
#include "testutil.h"

/* x -> Identity -> a -> Relu -> b -> Identity -> y (output) */
static ir_model *build_identities(void)
{
	gb *b = gb_new(13);
	int64_t d[2] = { 2, 3 };

	gb_input(b, "x", IR_FLOAT, 2, d);
	gb_node(b, "Identity", "id1", "x", "a");
	gb_node(b, "Relu", "relu", "a", "b");
	gb_node(b, "Identity", "id2", "b", "y");
	gb_output(b, "y");
	return gb_finish(b);
}

START_TEST(identities_go_outputs_keep_names)
{
	ir_model *m = build_identities();
	ir_node *relu;

	ck_assert_int_eq(gb_passes(m, "simplify"), 2);
	ck_assert_int_eq(gb_count(m, NULL), 1);
	relu = gb_find(m, "relu");
	ck_assert_ptr_nonnull(relu);
	ck_assert(relu->in[0] == gb_value(m, "x"));
	ck_assert(relu->out[0] == gb_value(m, "y"));
	ck_assert_str_eq(m->graph->outputs[0]->name, "y");
	ir_model_free(m);
	ck_assert_int_eq(gb_equiv(build_identities, NULL, 0), 1);
}
END_TEST

/* Identities that must stay: input -> output, and output -> output. */
START_TEST(identities_between_graph_io_stay)
{
	gb *b = gb_new(13);
	int64_t d[1] = { 4 };
	ir_model *m;

	gb_input(b, "x", IR_FLOAT, 1, d);
	gb_init(b, "c", IR_FLOAT, 1, d, NULL);
	gb_node(b, "Identity", "in_out", "x", "y1");
	gb_node(b, "Relu", "relu", "x", "r");
	gb_node(b, "Identity", "out_out", "r", "y2");
	gb_node(b, "Identity", "const_out", "c", "y3");
	gb_output(b, "y1");
	gb_output(b, "r");
	gb_output(b, "y2");
	gb_output(b, "y3");
	m = gb_finish(b);
	ck_assert_int_eq(gb_passes(m, "simplify"), 0);
	ck_assert_int_eq(gb_count(m, "Identity"), 3);
	ir_model_free(m);
}
END_TEST

/* Dropouts: mask unread (removed), mask an output (stays), training_mode a
 * constant false (removed), training_mode true with ratio 0 (stays). */
static ir_model *build_dropouts(void)
{
	gb *b = gb_new(13);
	int64_t d[2] = { 2, 2 };
	uint8_t f = 0, t = 1;
	float zero = 0;

	gb_input(b, "x", IR_FLOAT, 2, d);
	gb_init(b, "false", IR_BOOL, 0, NULL, &f);
	gb_init(b, "true", IR_BOOL, 0, NULL, &t);
	gb_init(b, "ratio", IR_FLOAT, 0, NULL, &zero);
	gb_node(b, "Dropout", "drop1", "x", "a,mask1");
	gb_node(b, "Dropout", "drop2", "a", "c,mask2");
	gb_node(b, "Dropout", "drop3", "c,ratio,false", "e");
	gb_node(b, "Dropout", "drop4", "e,ratio,true", "h");
	gb_node(b, "Relu", "relu", "h", "y");
	gb_output(b, "y");
	gb_output(b, "mask2");
	return gb_finish(b);
}

START_TEST(dropouts)
{
	ir_model *m = build_dropouts();

	ck_assert_int_eq(gb_passes(m, "simplify"), 2);
	ck_assert_ptr_null(gb_find(m, "drop1"));
	ck_assert_ptr_nonnull(gb_find(m, "drop2"));
	ck_assert_ptr_null(gb_find(m, "drop3"));
	ck_assert_ptr_nonnull(gb_find(m, "drop4"));
	ck_assert(gb_find(m, "drop2")->in[0] == gb_value(m, "x"));
	ck_assert(gb_find(m, "drop4")->in[0] == gb_value(m, "c"));
	ir_model_free(m);
	ck_assert_int_eq(gb_equiv(build_dropouts, NULL, 0), 3);
}
END_TEST

/* x -> Cast(float) -> a -> Relu -> r -> CastLike(float) -> c -> Cast(int32)
 * -> *10 -> Cast(int32) -> y: the two same-type casts go, the int32 one
 * stays. */
static ir_model *build_casts(void)
{
	gb *b = gb_new(15);
	int64_t d[2] = { 2, 3 };
	float ten = 10;
	ir_node *n;

	gb_input(b, "x", IR_FLOAT, 2, d);
	gb_init(b, "like", IR_FLOAT, 0, NULL, NULL);
	n = gb_node(b, "Cast", "same", "x", "a");
	gb_int(n, "to", IR_FLOAT);
	gb_node(b, "Relu", "relu", "a", "r");
	gb_node(b, "CastLike", "like_same", "r,like", "c");
	gb_init(b, "ten", IR_FLOAT, 0, NULL, &ten);
	gb_node(b, "Mul", "mul", "c,ten", "c10");
	n = gb_node(b, "Cast", "to_int", "c10", "y");
	gb_int(n, "to", IR_INT32);
	gb_output(b, "y");
	return gb_finish(b);
}

START_TEST(casts)
{
	ir_model *m = build_casts();

	/* without infer, r's dtype is unknown: only the first Cast goes */
	ck_assert_int_eq(gb_passes(m, "simplify"), 1);
	ck_assert_ptr_nonnull(gb_find(m, "like_same"));
	ck_assert_int_eq(gb_passes(m, "infer,simplify"), 4 + 1);
	ck_assert_ptr_null(gb_find(m, "like_same"));
	ck_assert_ptr_nonnull(gb_find(m, "to_int"));
	ck_assert_int_eq(gb_count(m, NULL), 3);
	ir_model_free(m);
	ck_assert_int_eq(gb_equiv(build_casts, NULL, 0), 3);
}
END_TEST

/* Reshapes on r = Relu(x[2,3]): Reshape to [2,3] (removed), to [3,2]
 * (stays), Flatten axis 1 (removed), Squeeze with no axes of size 1
 * (removed), Unsqueeze (stays). */
static ir_model *build_reshapes(void)
{
	gb *b = gb_new(13);
	int64_t d[2] = { 2, 3 }, two[1] = { 2 }, one[1] = { 1 }, s23[2] = { 2, 3 },
		s32[2] = { 3, 2 }, ax0 = 0;
	ir_node *n;

	gb_input(b, "x", IR_FLOAT, 2, d);
	gb_init(b, "s23", IR_INT64, 1, two, s23);
	gb_init(b, "s32", IR_INT64, 1, two, s32);
	gb_init(b, "ax0", IR_INT64, 1, one, &ax0);
	gb_node(b, "Relu", "relu", "x", "r");
	gb_node(b, "Reshape", "same_shape", "r,s23", "a");
	n = gb_node(b, "Flatten", "flatten", "a", "f");
	gb_int(n, "axis", 1);
	gb_node(b, "Squeeze", "squeeze", "f", "q");
	gb_node(b, "Reshape", "other_shape", "q,s32", "y1");
	gb_node(b, "Unsqueeze", "unsqueeze", "q,ax0", "y2");
	gb_output(b, "y1");
	gb_output(b, "y2");
	return gb_finish(b);
}

START_TEST(reshapes)
{
	ir_model *m = build_reshapes();

	/* no shapes known before infer */
	ck_assert_int_eq(gb_passes(m, "simplify"), 0);
	gb_passes(m, "infer");
	ck_assert_int_eq(gb_passes(m, "simplify"), 3);
	ck_assert_int_eq(gb_count(m, NULL), 3);
	ck_assert(gb_find(m, "other_shape")->in[0] == gb_value(m, "r"));
	ck_assert(gb_find(m, "unsqueeze")->in[0] == gb_value(m, "r"));
	ir_model_free(m);
	ck_assert_int_eq(gb_equiv(build_reshapes, NULL, 0), 3);
}
END_TEST

/* Pads: all-zero pads input (removed, also in reflect mode), all-zero pads
 * attribute of Pad-2 (removed), one non-zero pad (stays). */
static int pad_opset;

static ir_model *build_pads(void)
{
	gb *b = gb_new(pad_opset);
	int64_t d[2] = { 2, 3 }, four = 4, zeros[4] = { 0 }, one[4] = { 0, 1, 0, 0 };
	ir_node *n;

	gb_input(b, "x", IR_FLOAT, 2, d);
	if (pad_opset >= 11) {
		gb_init(b, "zeros", IR_INT64, 1, &four, zeros);
		gb_init(b, "one", IR_INT64, 1, &four, one);
		gb_node(b, "Pad", "pad0", "x,zeros", "a");
		n = gb_node(b, "Pad", "pad_reflect", "a,zeros", "c");
		gb_string(n, "mode", "reflect");
		gb_node(b, "Pad", "pad1", "c,one", "y");
	} else {
		n = gb_node(b, "Pad", "pad0", "x", "a");
		gb_ints(n, "pads", 4, zeros);
		n = gb_node(b, "Pad", "pad_reflect", "a", "c");
		gb_ints(n, "pads", 4, zeros);
		gb_string(n, "mode", "reflect");
		n = gb_node(b, "Pad", "pad1", "c", "y");
		gb_ints(n, "pads", 4, one);
	}
	gb_output(b, "y");
	return gb_finish(b);
}

START_TEST(zero_pads)
{
	for (pad_opset = 10; pad_opset <= 13; pad_opset += 3) {
		ir_model *m = build_pads();
		ck_assert_int_eq(gb_passes(m, "simplify"), 2);
		ck_assert_int_eq(gb_count(m, NULL), 1);
		ck_assert(gb_find(m, "pad1")->in[0] == gb_value(m, "x"));
		ir_model_free(m);
		ck_assert_int_eq(gb_equiv(build_pads, NULL, 0), 1);
	}
}
END_TEST

/* a removed node's output read by a subgraph: the subgraph is rewired */
START_TEST(subgraph_readers_are_rewired)
{
	gb *b = gb_new(13);
	int64_t d[1] = { 2 };
	onnxc_err err = { 0 };
	ir_model *m;
	ir_node *n, *inner;
	ir_attr *a;
	ir_graph *body;
	ir_value *a_val, *o;

	gb_input(b, "x", IR_FLOAT, 1, d);
	gb_input(b, "cond", IR_BOOL, 0, NULL);
	gb_node(b, "Relu", "relu", "x", "r");
	gb_node(b, "Identity", "id", "r", "a");
	n = gb_node(b, "If", "if", "cond", "y");
	a = ir_node_add_attr(n, "then_branch", IR_ATTR_GRAPH, &err);
	body = a->g = ir_graph_new(b->g, &err);
	a_val = ir_graph_find(b->g, "a");
	inner = ir_node_new(body, "inner", "Neg", "", 1, 1, &err);
	inner->in[0] = a_val;
	o = ir_graph_value(body, "o", &err);
	ir_node_set_output(inner, 0, o);
	ir_graph_add_output(body, o, &err);
	a = ir_node_add_attr(n, "else_branch", IR_ATTR_GRAPH, &err);
	body = a->g = ir_graph_new(b->g, &err);
	inner = ir_node_new(body, "inner2", "Identity", "", 1, 1, &err);
	inner->in[0] = a_val;
	o = ir_graph_value(body, "o2", &err);
	ir_node_set_output(inner, 0, o);
	ir_graph_add_output(body, o, &err);
	ck_assert_int_eq(err.code, 0);
	gb_output(b, "y");
	m = gb_finish(b);
	ck_assert_int_eq(gb_passes(m, "simplify"), 1);
	ck_assert_ptr_null(gb_find(m, "id"));
	n = gb_find(m, "if");
	ck_assert(ir_attr_get(n, "then_branch")->g->nodes[0]->in[0] == gb_value(m, "r"));
	ck_assert(ir_attr_get(n, "else_branch")->g->nodes[0]->in[0] == gb_value(m, "r"));
	/* the Identity inside the subgraph is not touched (top graph only) */
	ck_assert_int_eq(ir_attr_get(n, "else_branch")->g->n_nodes, 1);
	ir_model_free(m);
}
END_TEST

START_TEST(out_of_memory_is_reported)
{
	gb_oom_sweep(build_identities, "simplify");
	gb_oom_sweep(build_reshapes, "infer,simplify,dce");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pass_simplify");
	TCase *tc = tcase_create("simplify");

	tcase_add_test(tc, identities_go_outputs_keep_names);
	tcase_add_test(tc, identities_between_graph_io_stay);
	tcase_add_test(tc, dropouts);
	tcase_add_test(tc, casts);
	tcase_add_test(tc, reshapes);
	tcase_add_test(tc, zero_pads);
	tcase_add_test(tc, subgraph_readers_are_rewired);
	tcase_add_test(tc, out_of_memory_is_reported);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
