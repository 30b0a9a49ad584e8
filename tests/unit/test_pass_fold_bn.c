/*
 * test_pass_fold_bn.c - BatchNormalization folded into Conv, ConvTranspose
 * (grouped) and Gemm (both B layouts, with and without C); the cases that
 * must not fold.
 */
#include <string.h>

#include "gb.h"
#include "testutil.h"

/* BN parameters with variance well away from 0, deterministic */
static void add_bn(gb *b, const char *name, const char *in, const char *out, int64_t c)
{
	float p[4][64];
	char names[4][32];
	ir_node *n;
	int64_t i;
	int k;

	for (i = 0; i < c; i++) {
		p[0][i] = 0.5f + 0.25f * (float)(i % 5);   /* scale */
		p[1][i] = 0.1f * (float)(i % 3) - 0.1f;    /* B */
		p[2][i] = 0.05f * (float)(i % 4) - 0.07f;  /* mean */
		p[3][i] = 0.3f + 0.2f * (float)(i % 6);    /* var */
	}
	for (k = 0; k < 4; k++) {
		snprintf(names[k], sizeof names[k], "%s_%d", name, k);
		gb_init(b, names[k], IR_FLOAT, 1, &c, p[k]);
	}
	{
		char ins[200];
		snprintf(ins, sizeof ins, "%s,%s,%s,%s,%s", in, names[0], names[1], names[2], names[3]);
		n = gb_node(b, "BatchNormalization", name, ins, out);
	}
	gb_float(n, "epsilon", 1e-3f);
}

/* x[1,3,5,5] -> Conv(W[4,3,3,3], bias) -> BN -> y (graph output) */
static ir_model *build_conv_bias(void)
{
	gb *b = gb_new(13);
	int64_t xd[4] = { 1, 3, 5, 5 }, wd[4] = { 4, 3, 3, 3 }, c = 4, pads[4] = { 1, 1, 1, 1 };
	ir_node *n;

	gb_input(b, "x", IR_FLOAT, 4, xd);
	gb_init(b, "W", IR_FLOAT, 4, wd, NULL);
	gb_init(b, "B", IR_FLOAT, 1, &c, NULL);
	n = gb_node(b, "Conv", "conv", "x,W,B", "c");
	gb_ints(n, "pads", 4, pads);
	add_bn(b, "bn", "c", "y", 4);
	gb_output(b, "y");
	return gb_finish(b);
}

START_TEST(conv_with_bias)
{
	ir_model *m = build_conv_bias();
	ir_node *conv;

	ck_assert_int_eq(gb_passes(m, "fold_bn"), 1);
	ck_assert_int_eq(gb_count(m, NULL), 1);
	conv = gb_find(m, "conv");
	ck_assert(conv->out[0] == gb_value(m, "y"));
	ck_assert(conv->in[1] != gb_value(m, "W") && conv->in[1]->init);
	ck_assert(conv->in[2] != gb_value(m, "B") && conv->in[2]->init);
	ck_assert_int_eq(conv->in[2]->init->numel, 4);
	ck_assert_ptr_nonnull(conv->origin);
	ck_assert_str_eq(conv->origin, "fold_bn: BatchNormalization 'bn' folded into the weights");
	ir_model_free(m);
	ck_assert_int_eq(gb_equiv(build_conv_bias, "fold_bn,dce", 1e-5), 1);
}
END_TEST

/* Conv without bias whose weights another Conv shares; BN then Relu. */
static ir_model *build_conv_shared(void)
{
	gb *b = gb_new(13);
	int64_t xd[4] = { 2, 2, 4, 4 }, wd[4] = { 3, 2, 1, 1 };

	gb_input(b, "x", IR_FLOAT, 4, xd);
	gb_init(b, "W", IR_FLOAT, 4, wd, NULL);
	gb_node(b, "Conv", "conv1", "x,W", "c1");
	add_bn(b, "bn", "c1", "n1", 3);
	gb_node(b, "Relu", "relu", "n1", "y1");
	gb_node(b, "Conv", "conv2", "x,W", "y2");
	gb_output(b, "y1");
	gb_output(b, "y2");
	return gb_finish(b);
}

START_TEST(conv_without_bias_shared_weights)
{
	ir_model *m = build_conv_shared();
	ir_node *c1, *c2;

	ck_assert_int_eq(gb_passes(m, "fold_bn"), 1);
	c1 = gb_find(m, "conv1");
	c2 = gb_find(m, "conv2");
	ck_assert_int_eq(c1->n_in, 3);
	ck_assert_ptr_nonnull(c1->in[2]);
	ck_assert(c2->in[1] == gb_value(m, "W"));   /* untouched */
	ck_assert(c1->in[1] != c2->in[1]);
	ck_assert(gb_find(m, "relu")->in[0] == gb_value(m, "n1"));
	ir_model_free(m);
	ck_assert_int_eq(gb_equiv(build_conv_shared, NULL, 1e-5), 3);
}
END_TEST

/* ConvTranspose, 4 input channels in 2 groups, W [4,3,2,2]: 6 outputs */
static ir_model *build_convtranspose(void)
{
	gb *b = gb_new(13);
	int64_t xd[4] = { 1, 4, 3, 3 }, wd[4] = { 4, 3, 2, 2 }, c = 6, strides[2] = { 2, 2 };
	ir_node *n;

	gb_input(b, "x", IR_FLOAT, 4, xd);
	gb_init(b, "W", IR_FLOAT, 4, wd, NULL);
	gb_init(b, "B", IR_FLOAT, 1, &c, NULL);
	n = gb_node(b, "ConvTranspose", "deconv", "x,W,B", "d");
	gb_int(n, "group", 2);
	gb_ints(n, "strides", 2, strides);
	add_bn(b, "bn", "d", "y", 6);
	gb_output(b, "y");
	return gb_finish(b);
}

START_TEST(convtranspose_grouped)
{
	ir_model *m = build_convtranspose();

	ck_assert_int_eq(gb_passes(m, "fold_bn"), 1);
	ck_assert_int_eq(gb_count(m, NULL), 1);
	ir_model_free(m);
	ck_assert_int_eq(gb_equiv(build_convtranspose, NULL, 1e-5), 1);
}
END_TEST

/* Gemm variants: transB, C absent / [3] / [2,3] with beta 0.5 */
static int gemm_variant;

static ir_model *build_gemm(void)
{
	gb *b = gb_new(13);
	int64_t ad[2] = { 2, 4 }, bd[2] = { 4, 3 }, btd[2] = { 3, 4 }, c1 = 3, c2[2] = { 2, 3 };
	int tb = gemm_variant & 1, cv = gemm_variant >> 1;
	ir_node *n;

	gb_input(b, "a", IR_FLOAT, 2, ad);
	gb_init(b, "B", IR_FLOAT, 2, tb ? btd : bd, NULL);
	if (cv == 1)
		gb_init(b, "C", IR_FLOAT, 1, &c1, NULL);
	else if (cv == 2)
		gb_init(b, "C", IR_FLOAT, 2, c2, NULL);
	n = gb_node(b, "Gemm", "gemm", cv ? "a,B,C" : "a,B", "g");
	gb_int(n, "transB", tb);
	gb_float(n, "alpha", 1.5f);
	if (cv)
		gb_float(n, "beta", 0.5f);
	add_bn(b, "bn", "g", "y", 3);
	gb_output(b, "y");
	return gb_finish(b);
}

START_TEST(gemm_variants)
{
	for (gemm_variant = 0; gemm_variant < 6; gemm_variant++) {
		ir_model *m = build_gemm();
		ir_node *g;
		ck_assert_int_eq(gb_passes(m, "fold_bn"), 1);
		g = gb_find(m, "gemm");
		ck_assert_int_eq(gb_count(m, NULL), 1);
		ck_assert_float_eq(ir_attr_float(g, "beta", 0), 1.0f);
		ck_assert_float_eq(ir_attr_float(g, "alpha", 0), 1.5f);
		ck_assert_int_eq(g->in[2]->init->rank, gemm_variant >> 1 == 2 ? 2 : 1);
		ir_model_free(m);
		ck_assert_int_eq(gb_equiv(build_gemm, NULL, 1e-5), 1);
	}
}
END_TEST

/* cases that must not fold */
static int nofold_variant;

static ir_model *build_nofold(void)
{
	gb *b = gb_new(15);
	int64_t xd[4] = { 1, 2, 3, 3 }, wd[4] = { 2, 2, 1, 1 };
	ir_node *bn;

	gb_input(b, "x", IR_FLOAT, 4, xd);
	if (nofold_variant == 3)
		gb_input(b, "W", IR_FLOAT, 4, wd);       /* weights not constant */
	else
		gb_init(b, "W", IR_FLOAT, 4, wd, NULL);
	gb_node(b, "Conv", "conv", "x,W", "c");
	add_bn(b, "bn", "c", nofold_variant == 1 ? "y,rm,rv" : "y", 2);
	bn = gb_find(b->m, "bn");
	if (nofold_variant == 0)
		gb_node(b, "Relu", "relu", "c", "y2");   /* conv read twice */
	else if (nofold_variant == 2)
		gb_int(bn, "training_mode", 1);
	gb_output(b, "y");
	if (nofold_variant == 0)
		gb_output(b, "y2");
	if (nofold_variant == 1)
		gb_output(b, "rm");                      /* running mean read */
	return gb_finish(b);
}

START_TEST(no_fold)
{
	for (nofold_variant = 0; nofold_variant < 4; nofold_variant++) {
		ir_model *m = build_nofold();
		ck_assert_int_eq(gb_passes(m, "fold_bn"), 0);
		ck_assert_int_eq(gb_count(m, "BatchNormalization"), 1);
		ir_model_free(m);
	}
}
END_TEST

START_TEST(out_of_memory_is_reported)
{
	gb_oom_sweep(build_conv_bias, "fold_bn");
	gb_oom_sweep(build_conv_shared, "fold_bn,dce");
	gemm_variant = 5;
	gb_oom_sweep(build_gemm, "fold_bn");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pass_fold_bn");
	TCase *tc = tcase_create("fold_bn");

	tcase_add_test(tc, conv_with_bias);
	tcase_add_test(tc, conv_without_bias_shared_weights);
	tcase_add_test(tc, convtranspose_grouped);
	tcase_add_test(tc, gemm_variants);
	tcase_add_test(tc, no_fold);
	tcase_add_test(tc, out_of_memory_is_reported);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
