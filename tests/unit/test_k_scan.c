/*
 * test_k_scan.c - CumSum.  The table holds the ONNX 1.12 backend test data
 * (test_cumsum_*, opset 14, double); the rest is hand-computed.
 */
#include <string.h>

#include "h_gcase.h"
#include "h_kernel.h"
#include "testutil.h"

static const gcase cases[] = {
	{ "cumsum_1d", "CumSum", 14, 0, { { NULL, 0, { 0 } } },
	  IR_DOUBLE, 1, { 5 },
	  { 1, 2, 3, 4, 5 },
	  2, IR_INT32, 0, { 0 }, { 0 },
	  IR_DOUBLE, 1, { 5 },
	  { 1, 3, 6, 10, 15 } },
	{ "cumsum_1d_exclusive", "CumSum", 14, 1, { { "exclusive", 0, { 1 } } },
	  IR_DOUBLE, 1, { 5 },
	  { 1, 2, 3, 4, 5 },
	  2, IR_INT32, 0, { 0 }, { 0 },
	  IR_DOUBLE, 1, { 5 },
	  { 0, 1, 3, 6, 10 } },
	{ "cumsum_1d_reverse", "CumSum", 14, 1, { { "reverse", 0, { 1 } } },
	  IR_DOUBLE, 1, { 5 },
	  { 1, 2, 3, 4, 5 },
	  2, IR_INT32, 0, { 0 }, { 0 },
	  IR_DOUBLE, 1, { 5 },
	  { 15, 14, 12, 9, 5 } },
	{ "cumsum_1d_reverse_exclusive", "CumSum", 14, 2, { { "exclusive", 0, { 1 } }, { "reverse", 0, { 1 } } },
	  IR_DOUBLE, 1, { 5 },
	  { 1, 2, 3, 4, 5 },
	  2, IR_INT32, 0, { 0 }, { 0 },
	  IR_DOUBLE, 1, { 5 },
	  { 14, 12, 9, 5, 0 } },
	{ "cumsum_2d_axis_0", "CumSum", 14, 0, { { NULL, 0, { 0 } } },
	  IR_DOUBLE, 2, { 2, 3 },
	  { 1, 2, 3, 4, 5, 6 },
	  2, IR_INT32, 0, { 0 }, { 0 },
	  IR_DOUBLE, 2, { 2, 3 },
	  { 1, 2, 3, 5, 7, 9 } },
	{ "cumsum_2d_axis_1", "CumSum", 14, 0, { { NULL, 0, { 0 } } },
	  IR_DOUBLE, 2, { 2, 3 },
	  { 1, 2, 3, 4, 5, 6 },
	  2, IR_INT32, 0, { 0 }, { 1 },
	  IR_DOUBLE, 2, { 2, 3 },
	  { 1, 3, 6, 4, 9, 15 } },
	{ "cumsum_2d_negative_axis", "CumSum", 14, 0, { { NULL, 0, { 0 } } },
	  IR_DOUBLE, 2, { 2, 3 },
	  { 1, 2, 3, 4, 5, 6 },
	  2, IR_INT32, 0, { 0 }, { -1 },
	  IR_DOUBLE, 2, { 2, 3 },
	  { 1, 3, 6, 4, 9, 15 } },
};

#define NCASES ((int)(sizeof cases / sizeof cases[0]))

START_TEST(table_case)
{
	gc_run(&cases[_i], 1e-12);
}
END_TEST

/* 2x3x2, axis 1 (strided), every exclusive/reverse combination, float */
START_TEST(middle_axis_all_modes)
{
	float x[12] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };
	int64_t d[3] = { 2, 3, 2 };
	int32_t ax = -2;
	float want[4][12] = {
		{ 1, 2, 4, 6, 9, 12, 7, 8, 16, 18, 27, 30 },      /* plain */
		{ 0, 0, 1, 2, 4, 6, 0, 0, 7, 8, 16, 18 },         /* exclusive */
		{ 9, 12, 8, 10, 5, 6, 27, 30, 20, 22, 11, 12 },   /* reverse */
		{ 8, 10, 5, 6, 0, 0, 20, 22, 11, 12, 0, 0 },      /* both */
	};
	int m;

	for (m = 0; m < 4; m++) {
		hk *h = hk_new("CumSum", 11, 2, 1);
		hk_attr_int(h, "exclusive", m & 1);
		hk_attr_int(h, "reverse", m >> 1);
		hk_input(h, 0, IR_FLOAT, 3, d, x, 0);
		hk_input(h, 1, IR_INT32, 0, NULL, &ax, 1);
		ck_assert_int_eq(hk_run(h), 0);
		hk_assert_dims(h, 0, 3, d);
		hk_assert_close(h, 0, want[m], 12, 0);
		hk_free(h);
	}
}
END_TEST

/* the axis may arrive at run time; it is checked then */
START_TEST(runtime_axis)
{
	int64_t x[4] = { INT64_MAX, 1, -3, 4 }, d[2] = { 2, 2 }, d1[1] = { 1 };
	int64_t ax = 0, bad = 2;
	hk *h = hk_new("CumSum", 14, 2, 1);

	hk_input(h, 0, IR_INT64, 2, d, x, 0);
	hk_input(h, 1, IR_INT64, 1, d1, &ax, 0);
	ck_assert_int_eq(hk_run(h), 0);
	ck_assert_int_eq(hk_outi64(h, 0)[0], INT64_MAX);
	ck_assert_int_eq(hk_outi64(h, 0)[1], 1);
	ck_assert_int_eq(hk_outi64(h, 0)[2], INT64_MAX - 3);
	ck_assert_int_eq(hk_outi64(h, 0)[3], 5);
	hk_input(h, 1, IR_INT64, 1, d1, &bad, 0);
	ck_assert_int_eq(hk_run(h), -1);
	ck_assert_int_eq(h->err.code, ONNXC_EINVAL);
	ck_assert_msg(strstr(h->err.msg, "node 'n0' (CumSum-14): axis 2 out of range"), "%s",
		      h->err.msg);
	hk_free(h);
}
END_TEST

START_TEST(int32_and_half)
{
	int32_t x[3] = { INT32_MAX, 1, 5 }, y[3] = { INT32_MAX, INT32_MIN, INT32_MIN + 5 };
	int64_t d[1] = { 3 }, ax = 0;
	uint16_t xh[3];
	float hv[3] = { 0.5f, 1.25f, -2 };
	hk *h = hk_new("CumSum", 14, 2, 1);
	int i;

	hk_input(h, 0, IR_INT32, 1, d, x, 0);
	hk_input(h, 1, IR_INT64, 0, NULL, &ax, 1);
	ck_assert_int_eq(hk_run(h), 0);
	ck_assert_mem_eq(h->out[0].data, y, sizeof y);    /* wraps */
	for (i = 0; i < 3; i++)
		xh[i] = rt_float_to_half(hv[i]);
	hk_input(h, 0, IR_FLOAT16, 1, d, xh, 0);
	ck_assert_int_eq(hk_run(h), 0);
	ck_assert_float_eq(rt_half_to_float(((uint16_t *)h->out[0].data)[1]), 1.75f);
	ck_assert_float_eq(rt_half_to_float(((uint16_t *)h->out[0].data)[2]), -0.25f);
	hk_free(h);
}
END_TEST

START_TEST(refusals)
{
	int64_t d[1] = { 3 }, d2[1] = { 2 }, ax2[2] = { 0, 0 };
	float x[3] = { 1, 2, 3 };
	uint8_t xb[3] = { 1, 2, 3 };
	hk *h = hk_new("CumSum", 14, 2, 1);

	hk_input(h, 0, IR_FLOAT, 1, d, x, 0);
	hk_input(h, 1, IR_INT64, 1, d2, ax2, 1);
	ck_assert_int_eq(hk_prep(h), -1);
	ck_assert_msg(strstr(h->err.msg, "node 'n0' (CumSum-14): axis must be a scalar"), "%s",
		      h->err.msg);
	hk_input(h, 0, IR_UINT8, 1, d, xb, 0);
	ck_assert_int_eq(hk_prep(h), -1);
	ck_assert_int_eq(h->err.code, ONNXC_EUNSUPPORTED);
	ck_assert_msg(strstr(h->err.msg, "node 'n0' (CumSum-14): element type uint8"), "%s",
		      h->err.msg);
	hk_free(h);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("k_scan");
	TCase *tc = tcase_create("cumsum");

	tcase_add_loop_test(tc, table_case, 0, NCASES);
	tcase_add_test(tc, middle_axis_all_modes);
	tcase_add_test(tc, runtime_axis);
	tcase_add_test(tc, int32_and_half);
	tcase_add_test(tc, refusals);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
