/*
 * test_k_pool.c - MaxPool, AveragePool, LpPool and the global pools: the
 * ONNX backend test cases (numbers decoded from /usr/share/libonnx-testdata/
 * data/node/test_{max,average,globalaverage,globalmax}pool*), hand-computed
 * ceil_mode / count_include_pad / Lp cases (checked against PyTorch), random
 * 1-D/2-D/3-D cases against a naive reference, and prep refusals.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "h_kernel.h"
#include "testutil.h"

/* test_averagepool_2d_ceil (opset 11): ceil_mode=1, kernel_shape=[3, 3], strides=[2, 2] */
static const int64_t apceil_in0_dims[] = { 1, 1, 4, 4 };
static const float apceil_in0[] = {
	1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16
};
static const int64_t apceil_out0_dims[] = { 1, 1, 2, 2 };
static const float apceil_out0[] = {
	6, 7.5f, 12, 13.5f
};
/* test_averagepool_2d_precomputed_pads (opset 11): kernel_shape=[5, 5], pads=[2, 2, 2, 2] */
static const int64_t appads_in0_dims[] = { 1, 1, 5, 5 };
static const float appads_in0[] = {
	1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25
};
static const int64_t appads_out0_dims[] = { 1, 1, 5, 5 };
static const float appads_out0[] = {
	7, 7.5f, 8, 8.5f, 9, 9.5f, 10, 10.5f, 11, 11.5f, 12, 12.5f, 13, 13.5f, 14, 14.5f, 15, 15.5f,
	16, 16.5f, 17, 17.5f, 18, 18.5f, 19
};
/* test_averagepool_2d_precomputed_pads_count_include_pad (opset 11): count_include_pad=1, kernel_shape=[5, 5], pads=[2, 2, 2, 2] */
static const int64_t appadsinc_in0_dims[] = { 1, 1, 5, 5 };
static const float appadsinc_in0[] = {
	1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25
};
static const int64_t appadsinc_out0_dims[] = { 1, 1, 5, 5 };
static const float appadsinc_out0[] = {
	2.51999998f, 3.5999999f, 4.80000019f, 4.07999992f, 3.24000001f, 4.55999994f, 6.4000001f,
	8.39999962f, 7.03999996f, 5.51999998f, 7.19999981f, 10, 13, 10.8000002f, 8.39999962f,
	6.96000004f, 9.60000038f, 12.3999996f, 10.2399998f, 7.92000008f, 6.11999989f, 8.39999962f,
	10.8000002f, 8.88000011f, 6.84000015f
};
/* test_averagepool_2d_precomputed_same_upper (opset 11): auto_pad=SAME_UPPER, kernel_shape=[3, 3], strides=[2, 2] */
static const int64_t apsame_in0_dims[] = { 1, 1, 5, 5 };
static const float apsame_in0[] = {
	1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25
};
static const int64_t apsame_out0_dims[] = { 1, 1, 3, 3 };
static const float apsame_out0[] = {
	4, 5.5f, 7, 11.5f, 13, 14.5f, 19, 20.5f, 22
};
/* test_averagepool_2d_precomputed_strides (opset 11): kernel_shape=[2, 2], strides=[2, 2] */
static const int64_t apstr_in0_dims[] = { 1, 1, 5, 5 };
static const float apstr_in0[] = {
	1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25
};
static const int64_t apstr_out0_dims[] = { 1, 1, 2, 2 };
static const float apstr_out0[] = {
	4, 6, 14, 16
};
/* test_maxpool_2d_ceil (opset 12): ceil_mode=1, kernel_shape=[3, 3], strides=[2, 2] */
static const int64_t mpceil_in0_dims[] = { 1, 1, 4, 4 };
static const float mpceil_in0[] = {
	1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16
};
static const int64_t mpceil_out0_dims[] = { 1, 1, 2, 2 };
static const float mpceil_out0[] = {
	11, 12, 15, 16
};
/* test_maxpool_2d_dilations (opset 12): dilations=[2, 2], kernel_shape=[2, 2], strides=[1, 1] */
static const int64_t mpdil_in0_dims[] = { 1, 1, 4, 4 };
static const float mpdil_in0[] = {
	1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16
};
static const int64_t mpdil_out0_dims[] = { 1, 1, 2, 2 };
static const float mpdil_out0[] = {
	11, 12, 15, 16
};
/* test_maxpool_2d_precomputed_pads (opset 12): kernel_shape=[5, 5], pads=[2, 2, 2, 2] */
static const int64_t mppads_in0_dims[] = { 1, 1, 5, 5 };
static const float mppads_in0[] = {
	1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25
};
static const int64_t mppads_out0_dims[] = { 1, 1, 5, 5 };
static const float mppads_out0[] = {
	13, 14, 15, 15, 15, 18, 19, 20, 20, 20, 23, 24, 25, 25, 25, 23, 24, 25, 25, 25, 23, 24, 25,
	25, 25
};
/* test_maxpool_2d_precomputed_same_upper (opset 12): auto_pad=SAME_UPPER, kernel_shape=[3, 3], strides=[2, 2] */
static const int64_t mpsame_in0_dims[] = { 1, 1, 5, 5 };
static const float mpsame_in0[] = {
	1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25
};
static const int64_t mpsame_out0_dims[] = { 1, 1, 3, 3 };
static const float mpsame_out0[] = {
	7, 9, 10, 17, 19, 20, 22, 24, 25
};
/* test_maxpool_2d_precomputed_strides (opset 12): kernel_shape=[2, 2], strides=[2, 2] */
static const int64_t mpstr_in0_dims[] = { 1, 1, 5, 5 };
static const float mpstr_in0[] = {
	1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25
};
static const int64_t mpstr_out0_dims[] = { 1, 1, 2, 2 };
static const float mpstr_out0[] = {
	7, 9, 17, 19
};
/* test_maxpool_2d_uint8 (opset 12): kernel_shape=[5, 5], pads=[2, 2, 2, 2] */
static const int64_t mpu8_in0_dims[] = { 1, 1, 5, 5 };
static const uint8_t mpu8_in0[] = {
	1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25
};
static const int64_t mpu8_out0_dims[] = { 1, 1, 5, 5 };
static const uint8_t mpu8_out0[] = {
	13, 14, 15, 15, 15, 18, 19, 20, 20, 20, 23, 24, 25, 25, 25, 23, 24, 25, 25, 25, 23, 24, 25,
	25, 25
};
/* test_maxpool_with_argmax_2d_precomputed_pads (opset 12): kernel_shape=[5, 5], pads=[2, 2, 2, 2] */
static const int64_t mpargpads_in0_dims[] = { 1, 1, 5, 5 };
static const float mpargpads_in0[] = {
	1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25
};
static const int64_t mpargpads_out0_dims[] = { 1, 1, 5, 5 };
static const float mpargpads_out0[] = {
	13, 14, 15, 15, 15, 18, 19, 20, 20, 20, 23, 24, 25, 25, 25, 23, 24, 25, 25, 25, 23, 24, 25,
	25, 25
};
static const int64_t mpargpads_out1_dims[] = { 1, 1, 5, 5 };
static const int64_t mpargpads_out1[] = {
	12, 13, 14, 14, 14, 17, 18, 19, 19, 19, 22, 23, 24, 24, 24, 22, 23, 24, 24, 24, 22, 23, 24,
	24, 24
};
/* test_maxpool_with_argmax_2d_precomputed_strides (opset 12): kernel_shape=[2, 2], storage_order=1, strides=[2, 2] */
static const int64_t mpargstr_in0_dims[] = { 1, 1, 5, 5 };
static const float mpargstr_in0[] = {
	1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25
};
static const int64_t mpargstr_out0_dims[] = { 1, 1, 2, 2 };
static const float mpargstr_out0[] = {
	7, 9, 17, 19
};
static const int64_t mpargstr_out1_dims[] = { 1, 1, 2, 2 };
static const int64_t mpargstr_out1[] = {
	6, 16, 8, 18
};
/* test_globalaveragepool_precomputed (opset 1):  */
static const int64_t gap_in0_dims[] = { 1, 1, 3, 3 };
static const float gap_in0[] = {
	1, 2, 3, 4, 5, 6, 7, 8, 9
};
static const int64_t gap_out0_dims[] = { 1, 1, 1, 1 };
static const float gap_out0[] = {
	5
};
/* test_globalmaxpool_precomputed (opset 1):  */
static const int64_t gmp_in0_dims[] = { 1, 1, 3, 3 };
static const float gmp_in0[] = {
	1, 2, 3, 4, 5, 6, 7, 8, 9
};
static const int64_t gmp_out0_dims[] = { 1, 1, 1, 1 };
static const float gmp_out0[] = {
	9
};
/* test_globalaveragepool (opset 1):  */
static const int64_t gap3_in0_dims[] = { 1, 3, 5, 5 };
static const float gap3_in0[] = {
	1.76405239f, 0.400157213f, 0.97873801f, 2.24089313f, 1.867558f, -0.977277875f, 0.950088441f,
	-0.151357204f, -0.103218853f, 0.410598516f, 0.144043565f, 1.45427346f, 0.761037707f,
	0.121675014f, 0.443863243f, 0.333674341f, 1.49407911f, -0.205158263f, 0.313067704f,
	-0.854095757f, -2.55298972f, 0.653618574f, 0.864436209f, -0.742165029f, 2.26975465f,
	-1.45436573f, 0.0457585156f, -0.187183857f, 1.53277922f, 1.4693588f, 0.15494743f,
	0.378162533f, -0.887785733f, -1.98079646f, -0.347912163f, 0.156348974f, 1.23029065f,
	1.20237982f, -0.387326807f, -0.302302748f, -1.04855299f, -1.42001796f, -1.70627022f,
	1.95077538f, -0.509652197f, -0.438074291f, -1.25279534f, 0.777490377f, -1.6138978f,
	-0.212740287f, -0.895466566f, 0.386902511f, -0.51080513f, -1.18063223f, -0.028182229f,
	0.428331882f, 0.0665172189f, 0.302471906f, -0.634322107f, -0.362741172f, -0.672460437f,
	-0.359553158f, -0.813146293f, -1.7262826f, 0.177426144f, -0.401780933f, -1.63019836f,
	0.462782264f, -0.907298386f, 0.0519453958f, 0.729090571f, 0.128982916f, 1.13940072f,
	-1.23482585f, 0.402341634f
};
static const int64_t gap3_out0_dims[] = { 1, 3, 1, 1 };
static const float gap3_out0[] = {
	0.475173861f, -0.194055304f, -0.283260077f
};

static hk *pool_node(const char *op, int opset, int n_out, int rank, const int64_t *xd,
		     const float *x)
{
	hk *h = hk_new(op, opset, 1, n_out);

	hk_input(h, 0, IR_FLOAT, rank, xd, x, 0);
	return h;
}

static void ints(hk *h, const char *name, int n, int64_t a, int64_t b, int64_t c, int64_t d)
{
	int64_t v[4] = { a, b, c, d };

	hk_attr_ints(h, name, n, v);
}

static void check(hk *h, int rank, const int64_t *yd, const float *y)
{
	int64_t n = 1;
	int i;

	for (i = 0; i < rank; i++)
		n *= yd[i];
	ck_assert_msg(hk_run(h) == 0, "%s", h->err.msg);
	hk_assert_dims(h, 0, rank, yd);
	hk_assert_close(h, 0, y, n, 1e-5f);
}

/* ---- ONNX backend test cases ---- */

START_TEST(onnx_averagepool)
{
	hk *h = pool_node("AveragePool", 11, 1, 4, apceil_in0_dims, apceil_in0);

	hk_attr_int(h, "ceil_mode", 1);
	ints(h, "kernel_shape", 2, 3, 3, 0, 0);
	ints(h, "strides", 2, 2, 2, 0, 0);
	check(h, 4, apceil_out0_dims, apceil_out0);
	hk_free(h);

	h = pool_node("AveragePool", 11, 1, 4, appads_in0_dims, appads_in0);
	ints(h, "kernel_shape", 2, 5, 5, 0, 0);
	ints(h, "pads", 4, 2, 2, 2, 2);
	check(h, 4, appads_out0_dims, appads_out0);
	hk_free(h);

	h = pool_node("AveragePool", 11, 1, 4, appadsinc_in0_dims, appadsinc_in0);
	hk_attr_int(h, "count_include_pad", 1);
	ints(h, "kernel_shape", 2, 5, 5, 0, 0);
	ints(h, "pads", 4, 2, 2, 2, 2);
	check(h, 4, appadsinc_out0_dims, appadsinc_out0);
	hk_free(h);

	h = pool_node("AveragePool", 11, 1, 4, apsame_in0_dims, apsame_in0);
	hk_attr_string(h, "auto_pad", "SAME_UPPER");
	ints(h, "kernel_shape", 2, 3, 3, 0, 0);
	ints(h, "strides", 2, 2, 2, 0, 0);
	check(h, 4, apsame_out0_dims, apsame_out0);
	hk_free(h);

	h = pool_node("AveragePool", 11, 1, 4, apstr_in0_dims, apstr_in0);
	ints(h, "kernel_shape", 2, 2, 2, 0, 0);
	ints(h, "strides", 2, 2, 2, 0, 0);
	check(h, 4, apstr_out0_dims, apstr_out0);
	hk_free(h);
}
END_TEST

START_TEST(onnx_maxpool)
{
	hk *h = pool_node("MaxPool", 12, 1, 4, mpceil_in0_dims, mpceil_in0);

	hk_attr_int(h, "ceil_mode", 1);
	ints(h, "kernel_shape", 2, 3, 3, 0, 0);
	ints(h, "strides", 2, 2, 2, 0, 0);
	check(h, 4, mpceil_out0_dims, mpceil_out0);
	hk_free(h);

	h = pool_node("MaxPool", 12, 1, 4, mpdil_in0_dims, mpdil_in0);
	ints(h, "dilations", 2, 2, 2, 0, 0);
	ints(h, "kernel_shape", 2, 2, 2, 0, 0);
	ints(h, "strides", 2, 1, 1, 0, 0);
	check(h, 4, mpdil_out0_dims, mpdil_out0);
	hk_free(h);

	h = pool_node("MaxPool", 12, 1, 4, mppads_in0_dims, mppads_in0);
	ints(h, "kernel_shape", 2, 5, 5, 0, 0);
	ints(h, "pads", 4, 2, 2, 2, 2);
	check(h, 4, mppads_out0_dims, mppads_out0);
	hk_free(h);

	h = pool_node("MaxPool", 12, 1, 4, mpsame_in0_dims, mpsame_in0);
	hk_attr_string(h, "auto_pad", "SAME_UPPER");
	ints(h, "kernel_shape", 2, 3, 3, 0, 0);
	ints(h, "strides", 2, 2, 2, 0, 0);
	check(h, 4, mpsame_out0_dims, mpsame_out0);
	hk_free(h);

	/* the opset-1 form of the same */
	h = pool_node("MaxPool", 1, 1, 4, mpstr_in0_dims, mpstr_in0);
	ints(h, "kernel_shape", 2, 2, 2, 0, 0);
	ints(h, "strides", 2, 2, 2, 0, 0);
	check(h, 4, mpstr_out0_dims, mpstr_out0);
	hk_free(h);
}
END_TEST

START_TEST(onnx_maxpool_uint8)
{
	hk *h = hk_new("MaxPool", 12, 1, 1);
	int i;

	hk_input(h, 0, IR_UINT8, 4, mpu8_in0_dims, mpu8_in0, 0);
	ints(h, "kernel_shape", 2, 5, 5, 0, 0);
	ints(h, "pads", 4, 2, 2, 2, 2);
	ck_assert_msg(hk_run(h) == 0, "%s", h->err.msg);
	ck_assert_int_eq(h->out[0].dtype, IR_UINT8);
	hk_assert_dims(h, 0, 4, mpu8_out0_dims);
	for (i = 0; i < 25; i++)
		ck_assert_int_eq(((uint8_t *)h->out[0].data)[i], mpu8_out0[i]);
	hk_free(h);
	/* uint8 is MaxPool-12 only */
	h = hk_new("MaxPool", 11, 1, 1);
	hk_input(h, 0, IR_UINT8, 4, mpu8_in0_dims, mpu8_in0, 0);
	ints(h, "kernel_shape", 2, 5, 5, 0, 0);
	ck_assert_int_eq(hk_prep(h), -1);
	ck_assert_int_eq(h->err.code, ONNXC_EUNSUPPORTED);
	hk_free(h);
}
END_TEST

START_TEST(onnx_maxpool_indices)
{
	hk *h = pool_node("MaxPool", 12, 2, 4, mpargpads_in0_dims, mpargpads_in0);
	int i;

	ints(h, "kernel_shape", 2, 5, 5, 0, 0);
	ints(h, "pads", 4, 2, 2, 2, 2);
	check(h, 4, mpargpads_out0_dims, mpargpads_out0);
	hk_assert_dims(h, 1, 4, mpargpads_out1_dims);
	ck_assert_int_eq(h->out[1].dtype, IR_INT64);
	for (i = 0; i < 25; i++)
		ck_assert_int_eq(hk_outi64(h, 1)[i], mpargpads_out1[i]);
	hk_free(h);

	/* storage_order 1: column-major indices */
	h = pool_node("MaxPool", 12, 2, 4, mpargstr_in0_dims, mpargstr_in0);
	ints(h, "kernel_shape", 2, 2, 2, 0, 0);
	hk_attr_int(h, "storage_order", 1);
	ints(h, "strides", 2, 2, 2, 0, 0);
	check(h, 4, mpargstr_out0_dims, mpargstr_out0);
	hk_assert_dims(h, 1, 4, mpargstr_out1_dims);
	for (i = 0; i < 4; i++)
		ck_assert_int_eq(hk_outi64(h, 1)[i], mpargstr_out1[i]);
	hk_free(h);
}
END_TEST

START_TEST(onnx_global)
{
	hk *h = pool_node("GlobalAveragePool", 1, 1, 4, gap_in0_dims, gap_in0);

	check(h, 4, gap_out0_dims, gap_out0);
	hk_free(h);
	h = pool_node("GlobalMaxPool", 1, 1, 4, gmp_in0_dims, gmp_in0);
	check(h, 4, gmp_out0_dims, gmp_out0);
	hk_free(h);
	h = pool_node("GlobalAveragePool", 1, 1, 4, gap3_in0_dims, gap3_in0);
	check(h, 4, gap3_out0_dims, gap3_out0);
	hk_free(h);
}
END_TEST

/* ---- hand-computed (values checked with PyTorch) ---- */

/* x = 1..5, k 2, s 2, pads 1/1, ceil_mode: the 4th window would start in
 * the end padding and is dropped: [1, 3, 5]; indices 0, 2, 4 */
START_TEST(hand_ceil_drops_padding_window)
{
	static const int64_t xd[3] = { 1, 1, 5 }, yd[3] = { 1, 1, 3 };
	static const float x[5] = { 1, 2, 3, 4, 5 }, y[3] = { 1, 3, 5 };
	hk *h = pool_node("MaxPool", 10, 2, 3, xd, x);

	hk_attr_int(h, "ceil_mode", 1);
	ints(h, "kernel_shape", 1, 2, 0, 0, 0);
	ints(h, "strides", 1, 2, 0, 0, 0);
	ints(h, "pads", 2, 1, 1, 0, 0);
	check(h, 3, yd, y);
	ck_assert_int_eq(hk_outi64(h, 1)[0], 0);
	ck_assert_int_eq(hk_outi64(h, 1)[1], 2);
	ck_assert_int_eq(hk_outi64(h, 1)[2], 4);
	hk_free(h);
}
END_TEST

/* x = 1..4, k 3, s 2, pads 1/1, ceil_mode: windows [-1,1], [1,3], [3,5];
 * the last reaches past the end padding.  count_include_pad divides by the
 * taps in input + pads: [1, 3, 2]; without: [1.5, 3, 4] */
START_TEST(hand_avg_ceil_count_include_pad)
{
	static const int64_t xd[3] = { 1, 1, 4 }, yd[3] = { 1, 1, 3 };
	static const float x[4] = { 1, 2, 3, 4 }, inc[3] = { 1, 3, 2 }, exc[3] = { 1.5f, 3, 4 };
	int include;

	for (include = 0; include <= 1; include++) {
		hk *h = pool_node("AveragePool", 10, 1, 3, xd, x);
		hk_attr_int(h, "ceil_mode", 1);
		hk_attr_int(h, "count_include_pad", include);
		ints(h, "kernel_shape", 1, 3, 0, 0, 0);
		ints(h, "strides", 1, 2, 0, 0, 0);
		ints(h, "pads", 2, 1, 1, 0, 0);
		check(h, 3, yd, include ? inc : exc);
		hk_free(h);
	}
}
END_TEST

/* AveragePool-1 has no count_include_pad: pads are excluded */
START_TEST(hand_avg_opset1_excludes_pads)
{
	static const int64_t xd[3] = { 1, 1, 3 }, yd[3] = { 1, 1, 3 };
	static const float x[3] = { 2, 4, 6 }, y[3] = { 3, 4, 5 };
	hk *h = pool_node("AveragePool", 1, 1, 3, xd, x);

	ints(h, "kernel_shape", 1, 3, 0, 0, 0);
	ints(h, "pads", 2, 1, 1, 0, 0);
	check(h, 3, yd, y);
	hk_free(h);
}
END_TEST

/* LpPool p = 2 and p = 1 (LpPool-2: int p; LpPool-1: float p); GlobalLpPool */
START_TEST(hand_lppool)
{
	static const int64_t xd[4] = { 1, 1, 2, 2 }, yd[4] = { 1, 1, 1, 1 };
	static const float x[4] = { 3, -4, 0, 12 }, l2[1] = { 13 }, l1[1] = { 19 };
	hk *h = pool_node("LpPool", 11, 1, 4, xd, x);

	ints(h, "kernel_shape", 2, 2, 2, 0, 0);
	check(h, 4, yd, l2);
	hk_free(h);
	h = pool_node("LpPool", 2, 1, 4, xd, x);
	ints(h, "kernel_shape", 2, 2, 2, 0, 0);
	hk_attr_int(h, "p", 1);
	check(h, 4, yd, l1);
	hk_free(h);
	h = pool_node("LpPool", 1, 1, 4, xd, x);
	ints(h, "kernel_shape", 2, 2, 2, 0, 0);
	hk_attr_float(h, "p", 1.0f);
	check(h, 4, yd, l1);
	hk_free(h);
	h = pool_node("GlobalLpPool", 2, 1, 4, xd, x);
	check(h, 4, yd, l2);
	hk_free(h);
	{
		/* p = 3 over [1, 2]: (1 + 8)^(1/3) */
		static const int64_t xd1[3] = { 1, 1, 2 }, yd1[3] = { 1, 1, 1 };
		static const float x1[2] = { 1, -2 };
		float y1 = cbrtf(9.0f);
		h = pool_node("LpPool", 11, 1, 3, xd1, x1);
		ints(h, "kernel_shape", 1, 2, 0, 0, 0);
		hk_attr_int(h, "p", 3);
		check(h, 3, yd1, &y1);
		hk_free(h);
	}
	{
		/* 3-D windows over [1, -2, 3, 4]: p = 1, 2, 3 */
		static const int64_t xd3[5] = { 1, 1, 2, 1, 2 }, yd3[5] = { 1, 1, 1, 1, 1 };
		static const float x3[4] = { 1, -2, 3, 4 };
		float y3[3] = { 10, sqrtf(30.0f), cbrtf(100.0f) };
		int p;
		for (p = 1; p <= 3; p++) {
			h = pool_node("LpPool", 11, 1, 5, xd3, x3);
			ints(h, "kernel_shape", 3, 2, 1, 2, 0);
			hk_attr_int(h, "p", p);
			check(h, 5, yd3, &y3[p - 1]);
			hk_free(h);
		}
	}
}
END_TEST

/* ---- random cases against a reference ---- */

static uint32_t rng_state = 4242;
static double rnd(void)
{
	rng_state = rng_state * 1664525u + 1013904223u;
	return (double)(rng_state >> 8) / (double)(1u << 23) - 1.0;
}

typedef struct pcfg {
	const char *op;
	int opset, nsp;
	int64_t N, C;
	int64_t in[3], k[3], s[3], d[3], p0[3], p1[3];
	const char *autopad;   /* p0/p1 then hold the pads it must produce */
	int ceil, incl, dbl, indices, colmajor;
} pcfg;

static int cfg_idx;

/* pool_ref: max (with flat indices) or average over every window, in
 * double, taps outside the input skipped. */
static double *pool_ref(const pcfg *c, const double *x, int64_t *out, int64_t **ind)
{
	int64_t isz = 1, osz = 1, ksz = 1, pl, o, kk;
	int max = !strcmp(c->op, "MaxPool"), i;
	double *y;

	for (i = 0; i < c->nsp; i++) {
		int64_t ek = (c->k[i] - 1) * c->d[i] + 1, span = c->in[i] + c->p0[i] + c->p1[i] - ek;
		out[i] = (c->ceil ? (span + c->s[i] - 1) / c->s[i] : span / c->s[i]) + 1;
		if (c->ceil && (out[i] - 1) * c->s[i] >= c->in[i] + c->p0[i])
			out[i]--;
		isz *= c->in[i];
		osz *= out[i];
		ksz *= c->k[i];
	}
	y = calloc((size_t)(c->N * c->C * osz) + 1, sizeof *y);
	*ind = calloc((size_t)(c->N * c->C * osz) + 1, sizeof **ind);
	for (pl = 0; pl < c->N * c->C; pl++)
		for (o = 0; o < osz; o++) {
			double best = -INFINITY, sum = 0, cnt = 0, cnt_pad = 0;
			int64_t bi = -1;
			for (kk = 0; kk < ksz; kk++) {
				int64_t orem = o, krem = kk, roff = 0, coff = 0, rmul = 1, cmul = 1;
				int in = 1, inpad = 1;
				int64_t pos[3];
				for (i = c->nsp - 1; i >= 0; i--) {
					int64_t oi = orem % out[i], ki = krem % c->k[i];
					pos[i] = oi * c->s[i] - c->p0[i] + ki * c->d[i];
					orem /= out[i];
					krem /= c->k[i];
					if (pos[i] < 0 || pos[i] >= c->in[i])
						in = 0;
					if (pos[i] >= c->in[i] + c->p1[i])
						inpad = 0;
					roff += pos[i] * rmul;
					rmul *= c->in[i];
				}
				for (i = 0; i < c->nsp; i++) {
					coff += pos[i] * cmul;
					cmul *= c->in[i];
				}
				cnt_pad += inpad;
				if (!in)
					continue;
				cnt++;
				sum += x[pl * isz + roff];
				if (x[pl * isz + roff] > best) {
					best = x[pl * isz + roff];
					bi = pl * isz + (c->colmajor ? coff : roff);
				}
			}
			y[pl * osz + o] = max ? best : sum / (c->incl ? cnt_pad : cnt);
			(*ind)[pl * osz + o] = bi;
		}
	return y;
}

static void run_cfg(const pcfg *c)
{
	int64_t xd[5], yd[5], out[3], nx = 1, ny, i, *ind;
	int rank = c->nsp + 2, j;
	double *x, *y;
	hk *h;

	xd[0] = yd[0] = c->N;
	xd[1] = yd[1] = c->C;
	for (j = 0; j < c->nsp; j++)
		xd[2 + j] = c->in[j];
	for (j = 0; j < rank; j++)
		nx *= xd[j];
	x = malloc(sizeof *x * (size_t)nx);
	for (i = 0; i < nx; i++)
		x[i] = rnd();
	y = pool_ref(c, x, out, &ind);
	ny = c->N * c->C;
	for (j = 0; j < c->nsp; j++) {
		yd[2 + j] = out[j];
		ny *= out[j];
	}
	h = hk_new(c->op, c->opset, 1, c->indices ? 2 : 1);
	if (c->dbl) {
		hk_input(h, 0, IR_DOUBLE, rank, xd, x, 0);
	} else {
		float *xf = malloc(sizeof *xf * (size_t)nx);
		for (i = 0; i < nx; i++)
			xf[i] = (float)x[i];
		hk_input(h, 0, IR_FLOAT, rank, xd, xf, 0);
		free(xf);
	}
	hk_attr_ints(h, "kernel_shape", c->nsp, c->k);
	hk_attr_ints(h, "strides", c->nsp, c->s);
	if ((!strcmp(c->op, "MaxPool") && c->opset >= 10) || c->d[0] != 1 || c->d[c->nsp - 1] != 1)
		hk_attr_ints(h, "dilations", c->nsp, c->d);
	if (c->autopad) {
		hk_attr_string(h, "auto_pad", c->autopad);
	} else {
		int64_t pads[6];
		for (j = 0; j < c->nsp; j++) {
			pads[j] = c->p0[j];
			pads[j + c->nsp] = c->p1[j];
		}
		hk_attr_ints(h, "pads", 2 * c->nsp, pads);
	}
	if (c->ceil)
		hk_attr_int(h, "ceil_mode", 1);
	if (c->incl)
		hk_attr_int(h, "count_include_pad", 1);
	if (c->colmajor)
		hk_attr_int(h, "storage_order", 1);
	ck_assert_msg(hk_run(h) == 0, "case %d: %s", cfg_idx, h->err.msg);
	hk_assert_dims(h, 0, rank, yd);
	for (i = 0; i < ny; i++) {
		double got = c->dbl ? ((double *)h->out[0].data)[i] : hk_outf(h, 0)[i];
		ck_assert_msg(fabs(got - y[i]) <= 1e-6 + 1e-6 * fabs(y[i]),
			      "case %d element %lld: got %.9g expected %.9g", cfg_idx, (long long)i,
			      got, y[i]);
		if (c->indices)
			ck_assert_msg(hk_outi64(h, 1)[i] == ind[i], "case %d index %lld: %lld vs %lld",
				      cfg_idx, (long long)i, (long long)hk_outi64(h, 1)[i],
				      (long long)ind[i]);
	}
	hk_free(h);
	free(x);
	free(y);
	free(ind);
}

static const pcfg cfgs[] = {
	/* op opset nsp N C in k s d p0 p1 autopad ceil incl dbl indices colmajor */
	{ "MaxPool", 12, 1, 2, 3, { 32 }, { 2 }, { 1 }, { 1 }, { 0 }, { 0 }, NULL, 0, 0, 0, 1, 0 },
	{ "MaxPool", 12, 2, 1, 3, { 12, 11 }, { 3, 2 }, { 2, 3 }, { 2, 1 }, { 1, 0 }, { 2, 1 }, NULL, 1, 0, 0, 1, 1 },
	{ "MaxPool", 12, 2, 2, 2, { 9, 8 }, { 3, 3 }, { 2, 2 }, { 1, 1 }, { 1, 0 }, { 1, 1 }, "SAME_UPPER", 0, 0, 1, 1, 0 },
	{ "MaxPool", 11, 2, 1, 2, { 8, 8 }, { 2, 2 }, { 1, 1 }, { 1, 1 }, { 1, 1 }, { 0, 0 }, "SAME_LOWER", 0, 0, 0, 0, 0 },
	{ "MaxPool", 12, 3, 1, 2, { 6, 5, 7 }, { 2, 2, 3 }, { 2, 1, 2 }, { 1, 2, 1 }, { 0, 1, 1 }, { 1, 0, 1 }, NULL, 1, 0, 0, 1, 0 },
	{ "MaxPool", 12, 3, 1, 1, { 4, 3, 5 }, { 2, 2, 2 }, { 1, 1, 2 }, { 1, 1, 1 }, { 0, 0, 0 }, { 0, 0, 0 }, NULL, 0, 0, 0, 1, 1 },
	{ "MaxPool", 1, 2, 1, 3, { 7, 7 }, { 3, 3 }, { 2, 2 }, { 1, 1 }, { 1, 1 }, { 1, 1 }, NULL, 0, 0, 0, 0, 0 },
	/* 2x2 stride 2 without indices (the unrolled max2x2 path): even and odd
	 * sizes, float and double; ceil_mode with odd sizes takes the generic path */
	{ "MaxPool", 12, 2, 2, 3, { 16, 18 }, { 2, 2 }, { 2, 2 }, { 1, 1 }, { 0, 0 }, { 0, 0 }, NULL, 0, 0, 0, 0, 0 },
	{ "MaxPool", 12, 2, 1, 2, { 9, 13 }, { 2, 2 }, { 2, 2 }, { 1, 1 }, { 0, 0 }, { 0, 0 }, NULL, 0, 0, 1, 0, 0 },
	{ "MaxPool", 12, 2, 1, 2, { 9, 13 }, { 2, 2 }, { 2, 2 }, { 1, 1 }, { 0, 0 }, { 0, 0 }, NULL, 1, 0, 0, 0, 0 },
	/* other 2-D windows without indices (max2d: interior columns tap by tap):
	 * ResNet's 3x3/2 pad 1, dilation, asymmetric pads, ceil_mode, windows
	 * wider than the padding, 1-column interiors, double */
	{ "MaxPool", 12, 2, 2, 3, { 20, 21 }, { 3, 3 }, { 2, 2 }, { 1, 1 }, { 1, 1 }, { 1, 1 }, NULL, 0, 0, 0, 0, 0 },
	{ "MaxPool", 12, 2, 1, 2, { 17, 19 }, { 3, 2 }, { 1, 3 }, { 2, 3 }, { 2, 1 }, { 0, 3 }, NULL, 1, 0, 0, 0, 0 },
	{ "MaxPool", 12, 2, 1, 2, { 7, 6 }, { 5, 5 }, { 1, 1 }, { 1, 1 }, { 2, 2 }, { 2, 2 }, NULL, 0, 0, 1, 0, 0 },
	{ "MaxPool", 12, 2, 1, 1, { 5, 5 }, { 4, 4 }, { 3, 3 }, { 1, 1 }, { 3, 3 }, { 3, 3 }, NULL, 1, 0, 0, 0, 0 },
	{ "MaxPool", 12, 1, 1, 2, { 31 }, { 3 }, { 2 }, { 2 }, { 1 }, { 2 }, NULL, 0, 0, 0, 0, 0 },
	/* horizontal stride 2, float (the AVX-512 interior: 16 outputs a
	 * vector): SqueezeNet's 3x3/2 ceil_mode on a wide map (37 = 16 + 16 +
	 * 5 outputs a row), dilated taps, a 2-column window */
	{ "MaxPool", 12, 2, 1, 2, { 13, 75 }, { 3, 3 }, { 2, 2 }, { 1, 1 }, { 0, 0 }, { 0, 0 }, NULL, 1, 0, 0, 0, 0 },
	{ "MaxPool", 12, 2, 2, 1, { 9, 80 }, { 2, 3 }, { 2, 2 }, { 2, 2 }, { 1, 2 }, { 1, 2 }, NULL, 0, 0, 0, 0, 0 },
	{ "MaxPool", 12, 2, 1, 1, { 6, 67 }, { 3, 2 }, { 1, 2 }, { 1, 1 }, { 1, 0 }, { 1, 0 }, NULL, 0, 0, 0, 0, 0 },
	{ "AveragePool", 11, 1, 1, 3, { 32 }, { 2 }, { 1 }, { 1 }, { 0 }, { 0 }, NULL, 0, 0, 0, 0, 0 },
	{ "AveragePool", 11, 2, 1, 3, { 14, 13 }, { 3, 3 }, { 1, 1 }, { 1, 1 }, { 2, 2 }, { 2, 2 }, NULL, 0, 0, 0, 0, 0 },
	{ "AveragePool", 11, 2, 1, 3, { 14, 13 }, { 3, 3 }, { 1, 1 }, { 1, 1 }, { 2, 2 }, { 2, 2 }, NULL, 0, 1, 0, 0, 0 },
	{ "AveragePool", 11, 2, 2, 2, { 11, 10 }, { 3, 4 }, { 2, 3 }, { 1, 1 }, { 1, 0 }, { 2, 1 }, NULL, 1, 1, 0, 0, 0 },
	{ "AveragePool", 11, 2, 2, 2, { 11, 10 }, { 3, 4 }, { 2, 3 }, { 1, 1 }, { 1, 0 }, { 2, 1 }, NULL, 1, 0, 1, 0, 0 },
	{ "AveragePool", 11, 2, 1, 3, { 16, 16 }, { 2, 2 }, { 1, 1 }, { 1, 1 }, { 0, 0 }, { 1, 1 }, "SAME_UPPER", 0, 0, 0, 0, 0 },
	{ "AveragePool", 11, 2, 1, 3, { 16, 16 }, { 2, 2 }, { 1, 1 }, { 1, 1 }, { 1, 1 }, { 0, 0 }, "SAME_LOWER", 0, 0, 0, 0, 0 },
	{ "AveragePool", 11, 2, 1, 3, { 16, 16 }, { 5, 5 }, { 3, 3 }, { 1, 1 }, { 0, 0 }, { 0, 0 }, NULL, 0, 0, 0, 0, 0 },
	{ "AveragePool", 11, 3, 1, 2, { 6, 7, 5 }, { 2, 3, 2 }, { 1, 2, 2 }, { 1, 1, 1 }, { 1, 1, 0 }, { 0, 1, 1 }, NULL, 1, 1, 0, 0, 0 },
	{ "AveragePool", 7, 3, 1, 2, { 5, 5, 5 }, { 3, 3, 3 }, { 2, 2, 2 }, { 1, 1, 1 }, { 1, 1, 1 }, { 1, 1, 1 }, NULL, 0, 1, 1, 0, 0 },
	/* dilations (AveragePool-19 form, honoured when present) */
	{ "AveragePool", 11, 2, 1, 2, { 11, 9 }, { 3, 2 }, { 2, 1 }, { 2, 3 }, { 1, 2 }, { 2, 1 }, NULL, 1, 1, 0, 0, 0 },
	{ "AveragePool", 11, 2, 1, 2, { 11, 9 }, { 3, 2 }, { 2, 1 }, { 2, 3 }, { 1, 2 }, { 2, 1 }, NULL, 1, 0, 0, 0, 0 },
	{ "AveragePool", 11, 3, 1, 1, { 7, 6, 5 }, { 2, 2, 2 }, { 1, 2, 1 }, { 2, 1, 2 }, { 1, 0, 1 }, { 0, 1, 1 }, NULL, 0, 1, 0, 0, 0 },
};

START_TEST(random_vs_reference)
{
	size_t i;

	for (i = 0; i < sizeof cfgs / sizeof cfgs[0]; i++) {
		cfg_idx = (int)i;
		run_cfg(&cfgs[i]);
	}
}
END_TEST

/* NaN in the windows of a 3x3/2 float MaxPool (the vector interior): the
 * generic loop's rule, first tap then each later tap that compares
 * greater, so a NaN first tap stays NaN and a later NaN is skipped */
START_TEST(maxpool_nan_rule)
{
	enum { H = 7, W = 67, OH = 3, OW = 33 };
	static const int64_t xd[4] = { 1, 1, H, W };
	static float x[H * W];
	hk *h;
	int i, oh, ow, kh, kw;

	for (i = 0; i < H * W; i++)
		x[i] = (float)((i * 37) % 101) - 50.0f;
	for (i = 0; i < H * W; i += 7)
		x[i] = NAN;
	h = pool_node("MaxPool", 12, 1, 4, xd, x);
	ints(h, "kernel_shape", 2, 3, 3, 0, 0);
	ints(h, "strides", 2, 2, 2, 0, 0);
	ck_assert_msg(hk_run(h) == 0, "%s", h->err.msg);
	for (oh = 0; oh < OH; oh++)
		for (ow = 0; ow < OW; ow++) {
			float want = 0, got = hk_outf(h, 0)[oh * OW + ow];
			int first = 1;

			for (kh = 0; kh < 3; kh++)
				for (kw = 0; kw < 3; kw++) {
					const float v = x[(2 * oh + kh) * W + 2 * ow + kw];
					if (first || v > want)
						want = v;
					first = 0;
				}
			ck_assert_msg(isnan(want) ? isnan(got) : got == want,
				      "output (%d, %d): got %g, expected %g", oh, ow, got, want);
		}
	hk_free(h);
}
END_TEST

/* ---- refusals ---- */

static void expect_refusal(hk *h, int code, const char *what)
{
	ck_assert_int_eq(hk_prep(h), -1);
	ck_assert_int_eq(h->err.code, code);
	ck_assert_msg(strstr(h->err.msg, "'n0'") != NULL, "message names no node: %s", h->err.msg);
	ck_assert_msg(strstr(h->err.msg, what) != NULL, "message '%s' lacks '%s'", h->err.msg, what);
	hk_free(h);
}

START_TEST(refusals)
{
	static const int64_t x4[4] = { 1, 2, 5, 5 }, x2[2] = { 2, 5 };
	static float buf[64];
	hk *h;

	h = pool_node("MaxPool", 12, 1, 4, x4, buf);
	expect_refusal(h, ONNXC_EINVAL, "kernel_shape");
	h = pool_node("MaxPool", 12, 1, 4, x4, buf);
	ints(h, "kernel_shape", 3, 2, 2, 2, 0);
	expect_refusal(h, ONNXC_EINVAL, "kernel_shape");
	h = pool_node("AveragePool", 11, 1, 4, x4, buf);
	ints(h, "kernel_shape", 2, 7, 7, 0, 0);
	expect_refusal(h, ONNXC_EINVAL, "exceeds");
	h = pool_node("AveragePool", 11, 1, 2, x2, buf);
	ints(h, "kernel_shape", 1, 2, 0, 0, 0);
	expect_refusal(h, ONNXC_EINVAL, "rank");
	h = pool_node("MaxPool", 12, 1, 4, x4, buf);
	ints(h, "kernel_shape", 2, 2, 2, 0, 0);
	hk_attr_int(h, "storage_order", 2);
	expect_refusal(h, ONNXC_EINVAL, "storage_order");
	h = pool_node("MaxPool", 12, 1, 4, x4, buf);
	ints(h, "kernel_shape", 2, 2, 2, 0, 0);
	ints(h, "pads", 4, 0, 0, -1, 0);
	expect_refusal(h, ONNXC_EINVAL, "pads");
	h = hk_new("AveragePool", 11, 1, 1);
	hk_input(h, 0, IR_INT8, 4, x4, buf, 0);
	ints(h, "kernel_shape", 2, 2, 2, 0, 0);
	expect_refusal(h, ONNXC_EUNSUPPORTED, "int8");
	h = pool_node("LpPool", 11, 1, 4, x4, buf);
	ints(h, "kernel_shape", 2, 2, 2, 0, 0);
	hk_attr_int(h, "p", 0);
	expect_refusal(h, ONNXC_EINVAL, "p must");
}
END_TEST

/* prep reports a failed allocation of its params as ENOMEM */
START_TEST(prep_out_of_memory)
{
	static const int64_t xd[4] = { 1, 2, 4, 4 };
	static float buf[32];
	const char *ops[2] = { "MaxPool", "GlobalAveragePool" };
	int i;

	for (i = 0; i < 2; i++) {
		hk *h = pool_node(ops[i], 12, 1, 4, xd, buf);
		if (!i)
			ints(h, "kernel_shape", 2, 2, 2, 0, 0);
		onnxc_alloc_fail_after(0);
		ck_assert_int_eq(hk_prep(h), -1);
		onnxc_alloc_fail_after(-1);
		ck_assert_int_eq(h->err.code, ONNXC_ENOMEM);
		ck_assert_msg(hk_run(h) == 0, "%s", h->err.msg);
		hk_free(h);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("k_pool");
	TCase *tc = tcase_create("pool");

	tcase_add_test(tc, onnx_averagepool);
	tcase_add_test(tc, onnx_maxpool);
	tcase_add_test(tc, onnx_maxpool_uint8);
	tcase_add_test(tc, onnx_maxpool_indices);
	tcase_add_test(tc, maxpool_nan_rule);
	tcase_add_test(tc, onnx_global);
	tcase_add_test(tc, hand_ceil_drops_padding_window);
	tcase_add_test(tc, hand_avg_ceil_count_include_pad);
	tcase_add_test(tc, hand_avg_opset1_excludes_pads);
	tcase_add_test(tc, hand_lppool);
	tcase_add_test(tc, random_vs_reference);
	tcase_add_test(tc, refusals);
	tcase_add_test(tc, prep_out_of_memory);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
