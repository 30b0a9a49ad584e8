/*
 * test_pass_gemm.c - MatMul + bias Add -> Gemm: bias shapes, operand order,
 * symbolic batch, and what must stay a MatMul.
 */
#include <string.h>

#include "gb.h"
#include "testutil.h"

static int variant;

/* A[3 or ?,4] x B[4,5] + bias of a shape chosen by `variant` */
static ir_model *build(void)
{
	static const int64_t shapes[][3] = {
		/* rank, dims */
		{ 1, 5, 0 }, { 0, 0, 0 }, { 1, 1, 0 }, { 2, 1, 5 }, { 2, 1, 1 },
		/* not fused: [3,5] (per row), [1,1,5] (rank 3) */
		{ 2, 3, 5 }, { 3, 1, 5 },
	};
	gb *b = gb_new(13);
	int64_t ad[2] = { variant == 7 ? -1 : 3, 4 }, bd[2] = { 4, 5 }, cd[3] = { 1, 1, 5 };
	int v = variant == 7 ? 0 : variant == 8 ? 0 : variant;
	int rank = (int)shapes[v][0];

	gb_input(b, "a", IR_FLOAT, 2, ad);
	gb_init(b, "B", IR_FLOAT, 2, bd, NULL);
	if (rank < 3) {
		cd[0] = shapes[v][1];
		cd[1] = shapes[v][2];
	}
	gb_init(b, "bias", IR_FLOAT, rank, cd, NULL);
	gb_node(b, "MatMul", "mm", "a,B", "p");
	gb_node(b, "Add", "add", variant == 8 ? "bias,p" : "p,bias", "y");
	gb_output(b, "y");
	return gb_finish(b);
}

START_TEST(fused)
{
	/* 0-4 bias shapes, 7 symbolic rows, 8 bias first */
	static const int cases[] = { 0, 1, 2, 3, 4, 7, 8 };
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		ir_model *m;
		ir_node *g;
		variant = cases[i];
		m = build();
		ck_assert_int_eq(gb_passes(m, "gemm"), 1);
		ck_assert_int_eq(gb_count(m, NULL), 1);
		g = m->graph->nodes[0];
		ck_assert_str_eq(g->op_type, "Gemm");
		ck_assert_ptr_nonnull(g->origin);
		ck_assert(!strncmp(g->origin, "gemm: made from MatMul '", 24));
		ck_assert_int_eq(g->since_version, 13);
		ck_assert(g->in[0] == gb_value(m, "a") && g->in[1] == gb_value(m, "B") &&
			  g->in[2] == gb_value(m, "bias"));
		ck_assert(g->out[0] == gb_value(m, "y"));
		ir_model_free(m);
		ck_assert_int_eq(gb_equiv(build, NULL, 1e-6), 1);
	}
}
END_TEST

START_TEST(not_fused)
{
	for (variant = 5; variant < 7; variant++) {
		ir_model *m = build();
		ck_assert_int_eq(gb_passes(m, "gemm"), 0);
		ck_assert_int_eq(gb_count(m, "MatMul"), 1);
		ir_model_free(m);
		ck_assert_int_eq(gb_equiv(build, NULL, 0), 2);
	}
}
END_TEST

/* A of rank 3, A of unknown rank (fused once infer knows it), B not
 * constant, MatMul read twice */
START_TEST(other_operands)
{
	int64_t a3[3] = { 2, 3, 4 }, a2[2] = { 3, 4 }, bd[2] = { 4, 5 }, n = 5;
	int k;

	for (k = 0; k < 4; k++) {
		gb *b = gb_new(13);
		ir_model *m;
		if (k == 0)
			gb_input(b, "x", IR_FLOAT, 3, a3);
		else
			gb_input(b, "x", IR_FLOAT, 2, a2);
		if (k == 2)
			gb_input(b, "B", IR_FLOAT, 2, bd);
		else
			gb_init(b, "B", IR_FLOAT, 2, bd, NULL);
		gb_init(b, "bias", IR_FLOAT, 1, &n, NULL);
		gb_node(b, "Relu", "relu", "x", "a");
		gb_node(b, "MatMul", "mm", "a,B", "p");
		gb_node(b, "Add", "add", "p,bias", "y");
		if (k == 3)
			gb_node(b, "Neg", "neg", "p", "y2");
		gb_output(b, "y");
		if (k == 3)
			gb_output(b, "y2");
		m = gb_finish(b);
		ck_assert_int_eq(gb_passes(m, "gemm"), 0);
		ck_assert_int_eq(gb_count(m, "MatMul"), 1);
		if (k == 1) {
			/* a = Relu(x) has no shape until infer */
			gb_passes(m, "infer");
			ck_assert_int_eq(gb_passes(m, "gemm"), 1);
			ck_assert_int_eq(gb_count(m, "Gemm"), 1);
		}
		ir_model_free(m);
	}
}
END_TEST

START_TEST(out_of_memory_is_reported)
{
	variant = 3;
	gb_oom_sweep(build, "gemm,dce");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pass_gemm");
	TCase *tc = tcase_create("gemm");

	tcase_add_test(tc, fused);
	tcase_add_test(tc, not_fused);
	tcase_add_test(tc, other_operands);
	tcase_add_test(tc, out_of_memory_is_reported);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
