/*
 * test_pass_fold_affine.c - per-channel constant Mul/Add after a Conv
 * folded into its weights and bias; shapes and uses that must not fold.
 */
#include "gb.h"
#include "testutil.h"

/* x[1,3,4,4] -> Conv(W[4,3,3,3], no bias) -> Mul(k[1,4,1,1]) -> Add(c[4,1,1])
 * -> Add(scalar, operand first) -> y */
static ir_model *build_chain(void)
{
	gb *b = gb_new(13);
	int64_t xd[4] = { 1, 3, 4, 4 }, wd[4] = { 4, 3, 3, 3 }, kd[4] = { 1, 4, 1, 1 },
		cd[3] = { 4, 1, 1 };
	float k[4] = { 2, -0.5f, 3, 0.25f }, c[4] = { 1, 2, -3, 0.5f }, s = 0.75f;

	gb_input(b, "x", IR_FLOAT, 4, xd);
	gb_init(b, "W", IR_FLOAT, 4, wd, NULL);
	gb_init(b, "k", IR_FLOAT, 4, kd, k);
	gb_init(b, "c", IR_FLOAT, 3, cd, c);
	gb_init(b, "s", IR_FLOAT, 0, NULL, &s);
	gb_node(b, "Conv", "conv", "x,W", "a");
	gb_node(b, "Mul", "mul", "a,k", "m");
	gb_node(b, "Add", "add", "m,c", "p");
	gb_node(b, "Add", "add_s", "s,p", "y");
	gb_output(b, "y");
	return gb_finish(b);
}

START_TEST(mul_add_chain_folds)
{
	ir_model *m = build_chain();
	ir_node *conv;
	const float *bias;

	ck_assert_int_eq(gb_passes(m, "fold_affine"), 3);
	ck_assert_int_eq(gb_count(m, NULL), 1);
	conv = gb_find(m, "conv");
	ck_assert(conv->out[0] == gb_value(m, "y"));
	ck_assert_int_eq(conv->n_in, 3);
	ck_assert_str_eq(conv->origin, "fold_affine: Mul 'mul' folded into the weights; "
			 "fold_affine: Add 'add' folded into the bias; "
			 "fold_affine: Add 'add_s' folded into the bias");
	/* no bias to scale by k; then bias = c + s */
	bias = conv->in[2]->init->data;
	ck_assert_float_eq(bias[0], 1.75f);
	ck_assert_float_eq(bias[1], 2.75f);
	ck_assert_float_eq(bias[2], -2.25f);
	ck_assert_float_eq(bias[3], 1.25f);
	/* W scaled per output channel */
	ck_assert_float_eq(((const float *)conv->in[1]->init->data)[27],
			   -0.5f * ((const float *)gb_value(m, "W")->init->data)[27]);
	ir_model_free(m);
	ck_assert_int_eq(gb_equiv(build_chain, NULL, 1e-5), 1);
}
END_TEST

/* Conv with a bias, Mul by a per-channel constant: the bias is scaled */
static ir_model *build_bias_mul(void)
{
	gb *b = gb_new(13);
	int64_t xd[4] = { 2, 2, 3, 3 }, wd[4] = { 3, 2, 1, 1 }, kd[3] = { 3, 1, 1 }, c = 3;
	float k[3] = { -1, 2, 0.5f }, bias[3] = { 1, 1, 4 };

	gb_input(b, "x", IR_FLOAT, 4, xd);
	gb_init(b, "W", IR_FLOAT, 4, wd, NULL);
	gb_init(b, "B", IR_FLOAT, 1, &c, bias);
	gb_init(b, "k", IR_FLOAT, 3, kd, k);
	gb_node(b, "Conv", "conv", "x,W,B", "a");
	gb_node(b, "Mul", "mul", "k,a", "y");
	gb_output(b, "y");
	return gb_finish(b);
}

START_TEST(bias_is_scaled)
{
	ir_model *m = build_bias_mul();
	const float *bias;

	ck_assert_int_eq(gb_passes(m, "fold_affine"), 1);
	bias = gb_find(m, "conv")->in[2]->init->data;
	ck_assert_float_eq(bias[0], -1);
	ck_assert_float_eq(bias[1], 2);
	ck_assert_float_eq(bias[2], 2);
	ck_assert_float_eq(((const float *)gb_value(m, "B")->init->data)[0], 1);  /* untouched */
	ir_model_free(m);
	ck_assert_int_eq(gb_equiv(build_bias_mul, NULL, 1e-5), 1);
}
END_TEST

/* constants that are not per channel, a Conv read twice, a rank-5 constant */
static int variant;

static ir_model *build_nofold(void)
{
	gb *b = gb_new(13);
	int64_t xd[4] = { 1, 2, 2, 3 }, wd[4] = { 2, 2, 1, 1 }, spatial[4] = { 1, 1, 1, 3 },
		chan2[2] = { 2, 1 }, r5[5] = { 1, 1, 2, 1, 1 }, three = 3;
	const char *op = variant & 1 ? "Mul" : "Add";

	gb_input(b, "x", IR_FLOAT, 4, xd);
	gb_init(b, "W", IR_FLOAT, 4, wd, NULL);
	switch (variant / 2) {
	case 0: gb_init(b, "k", IR_FLOAT, 4, spatial, NULL); break;
	case 1: gb_init(b, "k", IR_FLOAT, 2, chan2, NULL); break;   /* aligns with H */
	case 2: gb_init(b, "k", IR_FLOAT, 5, r5, NULL); break;
	default: gb_init(b, "k", IR_FLOAT, 1, &three, NULL); break; /* aligns with W */
	}
	gb_node(b, "Conv", "conv", "x,W", "a");
	gb_node(b, op, "op", "a,k", "y");
	gb_output(b, "y");
	return gb_finish(b);
}

START_TEST(no_fold)
{
	for (variant = 0; variant < 8; variant++) {
		ir_model *m = build_nofold();
		ck_assert_int_eq(gb_passes(m, "fold_affine"), 0);
		ck_assert_int_eq(gb_count(m, NULL), 2);
		ir_model_free(m);
		ck_assert_int_eq(gb_equiv(build_nofold, NULL, 1e-6), 2);
	}
}
END_TEST

START_TEST(conv_read_twice)
{
	gb *b = gb_new(13);
	int64_t xd[4] = { 1, 2, 3, 3 }, wd[4] = { 2, 2, 1, 1 };
	ir_model *m;

	gb_input(b, "x", IR_FLOAT, 4, xd);
	gb_init(b, "W", IR_FLOAT, 4, wd, NULL);
	gb_init(b, "k", IR_FLOAT, 0, NULL, NULL);
	gb_node(b, "Conv", "conv", "x,W", "a");
	gb_node(b, "Mul", "mul", "a,k", "y");
	gb_node(b, "Relu", "relu", "a", "y2");
	gb_output(b, "y");
	gb_output(b, "y2");
	m = gb_finish(b);
	ck_assert_int_eq(gb_passes(m, "fold_affine"), 0);
	ir_model_free(m);
}
END_TEST

START_TEST(out_of_memory_is_reported)
{
	gb_oom_sweep(build_chain, "fold_affine,dce");
	gb_oom_sweep(build_bias_mul, "fold_affine");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pass_fold_affine");
	TCase *tc = tcase_create("fold_affine");

	tcase_add_test(tc, mul_add_chain_folds);
	tcase_add_test(tc, bias_is_scaled);
	tcase_add_test(tc, no_fold);
	tcase_add_test(tc, conv_read_twice);
	tcase_add_test(tc, out_of_memory_is_reported);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
