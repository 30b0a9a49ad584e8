/*
 * test_pass_fold_pad.c - zero Pad folded into Conv/AveragePool pads; the
 * Pads and readers that must stay.
 */
#include <string.h>

#include "gb.h"
#include "testutil.h"

static int variant;

/* x[1,2,5,6] -> Pad -> p -> Conv(W[3,2,3,3], pads 1) -> y; variants:
 * 0 Pad-13 pads input, 1 Pad-13 with constant_value 0, 2 Pad-2 attributes,
 * 3 Pad-13 also read by a Relu (second output) */
static ir_model *build_conv(void)
{
	gb *b = gb_new(variant == 2 ? 10 : 13);
	int64_t xd[4] = { 1, 2, 5, 6 }, wd[4] = { 3, 2, 3, 3 }, eight = 8;
	int64_t pads[8] = { 0, 0, 1, 2, 0, 0, 2, 1 }, cpads[4] = { 1, 1, 1, 1 };
	float zero = 0;
	ir_node *n;

	gb_input(b, "x", IR_FLOAT, 4, xd);
	gb_init(b, "W", IR_FLOAT, 4, wd, NULL);
	if (variant == 2) {
		n = gb_node(b, "Pad", "pad", "x", "p");
		gb_ints(n, "pads", 8, pads);
		gb_string(n, "mode", "constant");
	} else {
		gb_init(b, "pads", IR_INT64, 1, &eight, pads);
		if (variant == 1)
			gb_init(b, "zero", IR_FLOAT, 0, NULL, &zero);
		gb_node(b, "Pad", "pad", variant == 1 ? "x,pads,zero" : "x,pads", "p");
	}
	n = gb_node(b, "Conv", "conv", "p,W", "y");
	gb_ints(n, "pads", 4, cpads);
	gb_output(b, "y");
	if (variant == 3) {
		gb_node(b, "Relu", "relu", "p", "y2");
		gb_output(b, "y2");
	}
	return gb_finish(b);
}

START_TEST(conv_pads_grow)
{
	for (variant = 0; variant < 4; variant++) {
		ir_model *m = build_conv();
		ir_node *conv;
		const int64_t *p;
		int cnt;
		ck_assert_int_eq(gb_passes(m, "fold_pad"), 1);
		conv = gb_find(m, "conv");
		ck_assert(conv->in[0] == gb_value(m, "x"));
		p = ir_attr_ints(conv, "pads", &cnt);
		ck_assert_int_eq(cnt, 4);
		ck_assert_int_eq(p[0], 2);
		ck_assert_int_eq(p[1], 3);
		ck_assert_int_eq(p[2], 3);
		ck_assert_int_eq(p[3], 2);
		gb_passes(m, "dce");
		ck_assert_int_eq(gb_count(m, "Pad"), variant == 3 ? 1 : 0);
		ir_model_free(m);
		ck_assert_int_eq(gb_equiv(build_conv, NULL, 1e-5), variant == 3 ? 3 : 1);
	}
}
END_TEST

/* Pads that must stay: 4 value 1, 5 reflect mode, 6 channel padding,
 * 7 negative pads, 8 Conv with auto_pad SAME_UPPER */
static ir_model *build_nofold(void)
{
	gb *b = gb_new(13);
	int64_t xd[4] = { 1, 2, 5, 6 }, wd[4] = { 3, 2, 3, 3 }, wd_ch[4] = { 3, 4, 3, 3 }, eight = 8;
	int64_t pads[8] = { 0, 0, 1, 2, 0, 0, 2, 1 };
	float one = 1;
	ir_node *n;

	gb_input(b, "x", IR_FLOAT, 4, xd);
	gb_init(b, "W", IR_FLOAT, 4, variant == 6 ? wd_ch : wd, NULL);
	if (variant == 6)
		pads[1] = pads[5] = 1;
	if (variant == 7)
		pads[2] = -1;
	gb_init(b, "pads", IR_INT64, 1, &eight, pads);
	gb_init(b, "one", IR_FLOAT, 0, NULL, &one);
	n = gb_node(b, "Pad", "pad", variant == 4 ? "x,pads,one" : "x,pads", "p");
	if (variant == 5)
		gb_string(n, "mode", "reflect");
	n = gb_node(b, "Conv", "conv", "p,W", "y");
	if (variant == 8)
		gb_string(n, "auto_pad", "SAME_UPPER");
	gb_output(b, "y");
	return gb_finish(b);
}

START_TEST(pads_that_stay)
{
	for (variant = 4; variant < 9; variant++) {
		ir_model *m = build_nofold();
		ck_assert_int_eq(gb_passes(m, "fold_pad"), 0);
		ck_assert(gb_find(m, "conv")->in[0] == gb_value(m, "p"));
		ir_model_free(m);
		ck_assert_int_eq(gb_equiv(build_nofold, NULL, 0), 2);
	}
}
END_TEST

/* pools: 0 AveragePool count_include_pad=1 (folded), 1 count_include_pad=0
 * with pads of its own, 2 MaxPool, 3 AveragePool with ceil_mode,
 * 4 count_include_pad=0 without pads (folded, now counting the pads) */
static ir_model *build_pool(void)
{
	gb *b = gb_new(13);
	int64_t xd[4] = { 1, 2, 5, 5 }, eight = 8, k[2] = { 3, 3 };
	int64_t pads[8] = { 0, 0, 1, 0, 0, 0, 1, 2 }, own[4] = { 1, 1, 1, 1 };
	ir_node *n;

	gb_input(b, "x", IR_FLOAT, 4, xd);
	gb_init(b, "pads", IR_INT64, 1, &eight, pads);
	gb_node(b, "Relu", "relu", "x", "r");
	gb_node(b, "Pad", "pad", "r,pads", "p");
	n = gb_node(b, variant == 2 ? "MaxPool" : "AveragePool", "pool", "p", "y");
	gb_ints(n, "kernel_shape", 2, k);
	if (variant != 2)
		gb_int(n, "count_include_pad", variant != 1 && variant != 4);
	if (variant == 1)
		gb_ints(n, "pads", 4, own);
	if (variant == 3)
		gb_int(n, "ceil_mode", 1);
	gb_output(b, "y");
	return gb_finish(b);
}

START_TEST(pools)
{
	for (variant = 0; variant < 5; variant++) {
		ir_model *m = build_pool();
		int folded = variant == 0 || variant == 4;
		ck_assert_int_eq(gb_passes(m, "fold_pad"), folded);
		ck_assert_int_eq(gb_count(m, "Pad"), 1);
		if (folded) {
			int cnt;
			const ir_node *pool = gb_find(m, "pool");
			const int64_t *p = ir_attr_ints(pool, "pads", &cnt);
			ck_assert_int_eq(cnt, 4);
			ck_assert(p[0] == 1 && p[1] == 0 && p[2] == 1 && p[3] == 2);
			ck_assert_int_eq(ir_attr_int(pool, "count_include_pad", 0), 1);
		}
		ir_model_free(m);
		ck_assert_int_eq(gb_equiv(build_pool, NULL, 1e-6), folded ? 2 : 3);
	}
}
END_TEST

START_TEST(out_of_memory_is_reported)
{
	variant = 0;
	gb_oom_sweep(build_conv, "fold_pad,dce");
	gb_oom_sweep(build_pool, "fold_pad");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pass_fold_pad");
	TCase *tc = tcase_create("fold_pad");

	tcase_add_test(tc, conv_pads_grow);
	tcase_add_test(tc, pads_that_stay);
	tcase_add_test(tc, pools);
	tcase_add_test(tc, out_of_memory_is_reported);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
