/*
 * test_k_sort.c - TopK.  Expected values are hand-computed (the ONNX
 * examples of topk.py) or computed with a stable Python sort.
 */
#include <math.h>
#include <string.h>

#include "h_kernel.h"
#include "testutil.h"

static const float x34[12] = { 0, 1, 2, 3, 4, 5, 6, 7, 11, 10, 9, 8 };
static const int64_t d34[2] = { 3, 4 };

/* a TopK node of `opset` on x34 with K (constant input, or attribute for 1) */
static hk *topk(int opset, int64_t k, int k_const)
{
	hk *h = hk_new("TopK", opset, opset < 10 ? 1 : 2, 2);
	int64_t d1[1] = { 1 };

	if (opset < 10)
		hk_attr_int(h, "k", k);
	hk_input(h, 0, IR_FLOAT, 2, d34, x34, 0);
	if (opset >= 10)
		hk_input(h, 1, IR_INT64, 1, d1, &k, k_const);
	return h;
}

static void check_idx(hk *h, int n, const int64_t *want)
{
	int i;

	ck_assert_int_eq(h->out[1].dtype, IR_INT64);
	ck_assert_int_eq(h->out[1].numel, n);
	for (i = 0; i < n; i++)
		ck_assert_msg(hk_outi64(h, 1)[i] == want[i], "index %d: got %lld, expected %lld", i,
			      (long long)hk_outi64(h, 1)[i], (long long)want[i]);
}

START_TEST(opsets_and_axes)
{
	int64_t e33[2] = { 3, 3 }, e24[2] = { 2, 4 };
	float v_last[9] = { 3, 2, 1, 7, 6, 5, 11, 10, 9 };
	int64_t i_last[9] = { 3, 2, 1, 3, 2, 1, 0, 1, 2 };
	float v_small[9] = { 0, 1, 2, 4, 5, 6, 8, 9, 10 };
	int64_t i_small[9] = { 0, 1, 2, 0, 1, 2, 3, 2, 1 };
	float v_ax0[8] = { 11, 10, 9, 8, 4, 5, 6, 7 };
	int64_t i_ax0[8] = { 2, 2, 2, 2, 1, 1, 1, 1 };
	int opsets[3] = { 1, 10, 11 }, k;
	hk *h;

	for (k = 0; k < 3; k++) {
		h = topk(opsets[k], 3, 1);
		ck_assert_msg(hk_run(h) == 0, "%s", h->err.msg);
		hk_assert_dims(h, 0, 2, e33);
		hk_assert_dims(h, 1, 2, e33);
		hk_assert_close(h, 0, v_last, 9, 0);
		check_idx(h, 9, i_last);
		hk_free(h);
	}
	h = topk(11, 3, 1);
	hk_attr_int(h, "largest", 0);
	hk_attr_int(h, "sorted", 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_close(h, 0, v_small, 9, 0);
	check_idx(h, 9, i_small);
	hk_free(h);
	/* largest is an opset-11 attribute: ignored by TopK-10 */
	h = topk(10, 3, 1);
	hk_attr_int(h, "largest", 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_close(h, 0, v_last, 9, 0);
	hk_free(h);
	/* along axis 0 (strided slices) */
	h = topk(11, 2, 1);
	hk_attr_int(h, "axis", 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 2, e24);
	hk_assert_close(h, 0, v_ax0, 8, 0);
	check_idx(h, 8, i_ax0);
	hk_free(h);
}
END_TEST

/* equal values: the lower index first, for both directions; NaN is largest */
START_TEST(ties_and_nan)
{
	int64_t d[1] = { 5 }, d1[1] = { 1 }, k = 2, d3[1] = { 3 };
	float x[5] = { 3, 1, 3, 2, 1 }, vl[2] = { 3, 3 }, vs[2] = { 1, 1 };
	int64_t il[2] = { 0, 2 }, is[2] = { 1, 4 };
	float xn[3] = { 1, NAN, 3 }, vs2[2] = { 1, 3 };
	int64_t in1[1] = { 1 }, is2[2] = { 0, 2 };
	hk *h = hk_new("TopK", 11, 2, 2);

	hk_input(h, 0, IR_FLOAT, 1, d, x, 0);
	hk_input(h, 1, IR_INT64, 1, d1, &k, 1);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_close(h, 0, vl, 2, 0);
	check_idx(h, 2, il);
	hk_attr_int(h, "largest", 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_close(h, 0, vs, 2, 0);
	check_idx(h, 2, is);
	hk_input(h, 0, IR_FLOAT, 1, d3, xn, 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_close(h, 0, vs2, 2, 0);
	check_idx(h, 2, is2);
	hk_free(h);
	h = hk_new("TopK", 11, 2, 2);
	k = 1;
	hk_input(h, 0, IR_FLOAT, 1, d3, xn, 0);
	hk_input(h, 1, IR_INT64, 1, d1, &k, 1);
	ck_assert_int_eq(hk_run(h), 0);
	ck_assert(isnan(hk_outf(h, 0)[0]));
	check_idx(h, 1, in1);
	hk_free(h);
}
END_TEST

/* 100 values with many ties: k = 5 takes the heap path, k = 30 the sort */
START_TEST(heap_and_sort_paths)
{
	int64_t d[1] = { 100 }, d1[1] = { 1 }, k;
	float x[100];
	int64_t il5[5] = { 5, 10, 15, 20, 25 }, is5[5] = { 0, 76, 81, 86, 91 };
	int64_t il30[30] = { 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75,
			     80, 85, 4, 9, 14, 90, 95, 19, 24, 29, 34, 39, 44, 49, 54 };
	hk *h;
	int i;

	for (i = 0; i < 100; i++)
		x[i] = (float)(((i * 37) % 101) % 17 - 8);
	for (i = 0; i < 3; i++) {
		h = hk_new("TopK", 11, 2, 2);
		k = i == 2 ? 30 : 5;
		if (i == 1)
			hk_attr_int(h, "largest", 0);
		hk_input(h, 0, IR_FLOAT, 1, d, x, 0);
		hk_input(h, 1, IR_INT64, 1, d1, &k, 1);
		ck_assert_int_eq(hk_run(h), 0);
		check_idx(h, (int)k, i == 0 ? il5 : i == 1 ? is5 : il30);
		hk_free(h);
	}
}
END_TEST

START_TEST(integer_and_half_types)
{
	int64_t d[1] = { 4 }, d1[1] = { 1 }, k = 2;
	int64_t x64[4] = { -5, INT64_MAX, INT64_MIN, 7 }, i64[2] = { 1, 3 };
	uint8_t xu8[4] = { 200, 3, 255, 0 }, vu8[2] = { 0, 3 };
	int64_t iu8[2] = { 3, 1 };
	uint16_t xh[4], i_h[2] = { 0 };
	float hv[4] = { -0.5f, 2, 1.5f, -3 };
	int64_t ih[2] = { 1, 2 };
	hk *h = hk_new("TopK", 11, 2, 2);
	int i;

	hk_input(h, 0, IR_INT64, 1, d, x64, 0);
	hk_input(h, 1, IR_INT64, 1, d1, &k, 1);
	ck_assert_int_eq(hk_run(h), 0);
	ck_assert_int_eq(hk_outi64(h, 0)[0], INT64_MAX);
	ck_assert_int_eq(hk_outi64(h, 0)[1], 7);
	check_idx(h, 2, i64);
	hk_attr_int(h, "largest", 0);
	hk_input(h, 0, IR_UINT8, 1, d, xu8, 0);
	ck_assert_int_eq(hk_run(h), 0);
	ck_assert_mem_eq(h->out[0].data, vu8, 2);
	check_idx(h, 2, iu8);
	hk_free(h);
	h = hk_new("TopK", 10, 2, 2);
	for (i = 0; i < 4; i++)
		xh[i] = rt_float_to_half(hv[i]);
	hk_input(h, 0, IR_FLOAT16, 1, d, xh, 0);
	hk_input(h, 1, IR_INT64, 1, d1, &k, 1);
	ck_assert_int_eq(hk_run(h), 0);
	ck_assert_int_eq(h->out[0].dtype, IR_FLOAT16);
	i_h[0] = xh[1];
	i_h[1] = xh[2];
	ck_assert_mem_eq(h->out[0].data, i_h, 4);
	check_idx(h, 2, ih);
	hk_free(h);
}
END_TEST

START_TEST(k_zero_and_full)
{
	int64_t e30[2] = { 3, 0 };
	float vall[12] = { 3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8 };
	hk *h = topk(11, 0, 1);

	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 2, e30);
	hk_assert_dims(h, 1, 2, e30);
	hk_free(h);
	h = topk(11, 4, 1);
	hk_omit_output(h, 1);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_close(h, 0, vall, 12, 0);
	hk_free(h);
}
END_TEST

static void refused(hk *h, int code, const char *what)
{
	ck_assert_int_eq(hk_prep(h), -1);
	ck_assert_int_eq(h->err.code, code);
	ck_assert_msg(strstr(h->err.msg, what) != NULL, "message lacks '%s': %s", what, h->err.msg);
	hk_free(h);
}

START_TEST(refusals)
{
	hk *h;

	refused(topk(11, 5, 1), ONNXC_EINVAL, "node 'n0' (TopK-11): k = 5 is outside [0, 4]");
	refused(topk(10, -1, 1), ONNXC_EINVAL, "node 'n0' (TopK-10): k = -1 is outside [0, 4]");
	refused(topk(11, 2, 0), ONNXC_EUNSUPPORTED,
		"node 'n0' (TopK-11): input 1 ('in1') must be known");
	h = hk_new("TopK", 1, 1, 2);
	hk_input(h, 0, IR_FLOAT, 2, d34, x34, 0);
	refused(h, ONNXC_EINVAL, "node 'n0' (TopK-1): attribute k is required");
	h = topk(11, 2, 1);
	hk_attr_int(h, "axis", 2);
	refused(h, ONNXC_EINVAL, "node 'n0' (TopK-11): axis 2 out of range");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("k_sort");
	TCase *tc = tcase_create("topk");

	tcase_add_test(tc, opsets_and_axes);
	tcase_add_test(tc, ties_and_nan);
	tcase_add_test(tc, heap_and_sort_paths);
	tcase_add_test(tc, integer_and_half_types);
	tcase_add_test(tc, k_zero_and_full);
	tcase_add_test(tc, refusals);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
