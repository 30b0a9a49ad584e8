/*
 * test_k_quant.c - QuantizeLinear, DequantizeLinear, DynamicQuantizeLinear,
 * MatMulInteger, QLinearMatMul, ConvInteger, QLinearConv.
 *
 * Cases named test_* are the ONNX 1.12 backend test data; the others are
 * hand-computed or computed with numpy (written out in the comments).
 */
#include <math.h>
#include <string.h>

#include "h_kernel.h"
#include "testutil.h"

static void expect_refused(hk *h, const char *op, const char *part)
{
	ck_assert_int_eq(hk_prep(h), -1);
	ck_assert_msg(strstr(h->err.msg, "'n0'") && strstr(h->err.msg, op) &&
			      strstr(h->err.msg, part),
		      "message: %s", h->err.msg);
}

/* assert_bytes: out[k] has dtype dt and these numel bytes-per-element
 * values (int8/uint8 compared as bytes). */
static void assert_u8(hk *h, int k, int dt, const uint8_t *exp, int64_t numel)
{
	int64_t i;

	ck_assert_int_eq(h->out[k].dtype, dt);
	ck_assert_int_eq(h->out[k].numel, numel);
	for (i = 0; i < numel; i++)
		ck_assert_msg(((uint8_t *)h->out[k].data)[i] == exp[i], "element %lld: %d, expected %d",
			      (long long)i, ((uint8_t *)h->out[k].data)[i], exp[i]);
}

static void assert_i8(hk *h, int k, const int8_t *exp, int64_t numel)
{
	assert_u8(h, k, IR_INT8, (const uint8_t *)exp, numel);
}

static void assert_i32(hk *h, int k, const int32_t *exp, int64_t numel)
{
	int64_t i;

	ck_assert_int_eq(h->out[k].dtype, IR_INT32);
	ck_assert_int_eq(h->out[k].numel, numel);
	for (i = 0; i < numel; i++)
		ck_assert_msg(((int32_t *)h->out[k].data)[i] == exp[i], "element %lld: %d, expected %d",
			      (long long)i, ((int32_t *)h->out[k].data)[i], exp[i]);
}

static const int64_t d1[] = { 1 }, d3[] = { 3 }, d1332[] = { 1, 3, 3, 2 };

/* test_quantizelinear_axis / test_dequantizelinear_axis share these */
static const float qa_x[] = { -162, 10, -100, 232, -20, -50, -76, 0, 0, 252, 32, -44,
			      245, -485, -960, -270, -375, -470 };
static const float qa_s[] = { 2, 4, 5 };
static const uint8_t qa_z[] = { 84, 24, 196 };
static const uint8_t qa_y[] = { 3, 89, 34, 200, 74, 59, 5, 24, 24, 87, 32, 13, 245, 99, 4, 142,
				121, 102 };

START_TEST(test_quantizelinear)
{
	static const int64_t d6[] = { 6 };
	static const float x[] = { 0, 2, 3, 1000, -254, -1000 }, s = 2;
	static const uint8_t z = 128, y[] = { 128, 129, 130, 255, 1, 0 };
	hk *h = hk_new("QuantizeLinear", 13, 3, 1);

	hk_input(h, 0, IR_FLOAT, 1, d6, x, 0);
	hk_input(h, 1, IR_FLOAT, 0, NULL, &s, 0);
	hk_input(h, 2, IR_UINT8, 0, NULL, &z, 0);
	ck_assert_int_eq(hk_run(h), 0);
	assert_u8(h, 0, IR_UINT8, y, 6);
	hk_free(h);
}
END_TEST

START_TEST(test_quantizelinear_axis)
{
	hk *h = hk_new("QuantizeLinear", 13, 3, 1);

	hk_input(h, 0, IR_FLOAT, 4, d1332, qa_x, 0);
	hk_input(h, 1, IR_FLOAT, 1, d3, qa_s, 0);
	hk_input(h, 2, IR_UINT8, 1, d3, qa_z, 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 4, d1332);
	assert_u8(h, 0, IR_UINT8, qa_y, 18);
	hk_free(h);
}
END_TEST

START_TEST(test_dequantizelinear_axis)
{
	hk *h = hk_new("DequantizeLinear", 13, 3, 1);

	hk_input(h, 0, IR_UINT8, 4, d1332, qa_y, 0);
	hk_input(h, 1, IR_FLOAT, 1, d3, qa_s, 0);
	hk_input(h, 2, IR_UINT8, 1, d3, qa_z, 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_close(h, 0, qa_x, 18, 0);
	hk_free(h);
}
END_TEST

START_TEST(quantize_rounds_half_to_even_and_saturates)
{
	/* x / 1 rounded half to even, int8 zero point 0: saturates at -128/127 */
	static const int64_t d8[] = { 8 };
	static const float x[] = { 0.5f, 1.5f, 2.5f, -0.5f, -1.5f, -2.5f, 300, -300 }, s = 1;
	static const int8_t z = 0, y[] = { 0, 2, 2, 0, -2, -2, 127, -128 };
	/* no zero point (uint8 output), opset 10: 2.5 -> 2, negatives -> 0 */
	static const uint8_t yu[] = { 0, 2, 2, 0, 0, 0, 255, 0 };
	/* int32 input, scale 4, opset 10: 6/4 = 1.5 -> 2, 10/4 = 2.5 -> 2, -6/4 -> -2 */
	static const int32_t xi[] = { 6, 10, -6, 1000 };
	static const int64_t d4[] = { 4 };
	static const float s4 = 4;
	static const int8_t z5 = 5, yi[] = { 7, 7, 3, 127 };
	hk *h = hk_new("QuantizeLinear", 13, 3, 1);

	hk_input(h, 0, IR_FLOAT, 1, d8, x, 0);
	hk_input(h, 1, IR_FLOAT, 1, d1, &s, 0);
	hk_input(h, 2, IR_INT8, 1, d1, &z, 0);
	ck_assert_int_eq(hk_run(h), 0);
	assert_i8(h, 0, y, 8);
	hk_free(h);

	h = hk_new("QuantizeLinear", 10, 2, 1);
	hk_input(h, 0, IR_FLOAT, 1, d8, x, 0);
	hk_input(h, 1, IR_FLOAT, 0, NULL, &s, 0);
	ck_assert_int_eq(hk_run(h), 0);
	assert_u8(h, 0, IR_UINT8, yu, 8);
	hk_free(h);

	h = hk_new("QuantizeLinear", 10, 3, 1);
	hk_input(h, 0, IR_INT32, 1, d4, xi, 0);
	hk_input(h, 1, IR_FLOAT, 0, NULL, &s4, 0);
	hk_input(h, 2, IR_INT8, 0, NULL, &z5, 0);
	ck_assert_int_eq(hk_run(h), 0);
	assert_i8(h, 0, yi, 4);
	hk_free(h);
}
END_TEST

START_TEST(dequantize_int8_int32_and_axis0)
{
	/* int8 with zero point -1, scale 0.5 */
	static const int8_t x[] = { -128, -1, 0, 127 }, z = -1;
	static const int64_t d4[] = { 4 }, d22[] = { 2, 2 }, d2[] = { 2 };
	static const float s = 0.5f, y[] = { -63.5f, 0, 0.5f, 64 };
	/* int32 without zero point */
	static const int32_t xi[] = { -7, 0, 1, 100000 };
	static const float yi[] = { -3.5f, 0, 0.5f, 50000 };
	/* axis 0 of a [2, 2] uint8: rows scaled by 1 and 10, zero points 1, 2 */
	static const uint8_t xa[] = { 1, 3, 2, 5 }, za[] = { 1, 2 };
	static const float sa[] = { 1, 10 }, ya[] = { 0, 2, 0, 30 };
	hk *h = hk_new("DequantizeLinear", 10, 3, 1);

	hk_input(h, 0, IR_INT8, 1, d4, x, 0);
	hk_input(h, 1, IR_FLOAT, 0, NULL, &s, 0);
	hk_input(h, 2, IR_INT8, 0, NULL, &z, 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_close(h, 0, y, 4, 0);
	hk_free(h);

	h = hk_new("DequantizeLinear", 13, 2, 1);
	hk_input(h, 0, IR_INT32, 1, d4, xi, 0);
	hk_input(h, 1, IR_FLOAT, 0, NULL, &s, 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_close(h, 0, yi, 4, 0);
	hk_free(h);

	h = hk_new("DequantizeLinear", 13, 3, 1);
	hk_attr_int(h, "axis", 0);
	hk_input(h, 0, IR_UINT8, 2, d22, xa, 0);
	hk_input(h, 1, IR_FLOAT, 1, d2, sa, 0);
	hk_input(h, 2, IR_UINT8, 1, d2, za, 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_close(h, 0, ya, 4, 0);
	hk_free(h);
}
END_TEST

/* run_dql: DynamicQuantizeLinear of x; checks y, scale, zero point. */
static void run_dql(int rank, const int64_t *dims, const float *x, const uint8_t *y, float scale,
		    uint8_t zp)
{
	hk *h = hk_new("DynamicQuantizeLinear", 11, 1, 3);
	int64_t numel = 1;
	int i;

	for (i = 0; i < rank; i++)
		numel *= dims[i];
	hk_input(h, 0, IR_FLOAT, rank, dims, x, 0);
	ck_assert_int_eq(hk_run(h), 0);
	assert_u8(h, 0, IR_UINT8, y, numel);
	hk_assert_dims(h, 1, 0, NULL);
	hk_assert_close(h, 1, &scale, 1, 0);
	assert_u8(h, 2, IR_UINT8, &zp, 1);
	hk_free(h);
}

START_TEST(test_dynamicquantizelinear)
{
	static const int64_t d6[] = { 6 }, d34[] = { 3, 4 };
	static const float x0[] = { 0, 2, -3, -2.5f, 1.34000003f, 0.5f };
	static const uint8_t y0[] = { 153, 255, 0, 26, 221, 179 };
	static const float x1[] = { -1, -2.0999999f, -1.29999995f, -2.5f, -3.33999991f, -4 };
	static const uint8_t y1[] = { 191, 121, 172, 96, 42, 0 };
	static const float x2[] = { 1, 2.0999999f, 1.29999995f, 2.5f, 3.33999991f, 4, 1.5f,
				    2.5999999f, 3.9000001f, 4, 3, 2.34500003f };
	static const uint8_t y2[] = { 64, 134, 83, 159, 213, 255, 96, 166, 249, 255, 191, 149 };
	static const float zeros[3] = { 0 };
	static const uint8_t yz[3] = { 0 };

	run_dql(1, d6, x0, y0, 0.0196078438f, 153);    /* test_dynamicquantizelinear */
	run_dql(1, d6, x1, y1, 0.0156862754f, 255);    /* ..._max_adjusted */
	run_dql(2, d34, x2, y2, 0.0156862754f, 0);     /* ..._min_adjusted */
	run_dql(1, d3, zeros, yz, 0, 0);               /* all zeros: scale 0 */
}
END_TEST

START_TEST(test_matmulinteger_and_qlinearmatmul_3d)
{
	static const int64_t d43[] = { 4, 3 }, d32[] = { 3, 2 };
	static const uint8_t a[] = { 11, 7, 3, 10, 6, 2, 9, 5, 1, 8, 4, 0 };
	static const uint8_t b[] = { 1, 4, 2, 5, 3, 6 }, az = 12, bz = 0;
	static const int32_t y[] = { -38, -83, -44, -98, -50, -113, -56, -128 };
	/* test_qlinearmatmul_3D */
	static const int64_t d224[] = { 2, 2, 4 }, d243[] = { 2, 4, 3 }, d223[] = { 2, 2, 3 };
	static const uint8_t qa[] = { 208, 236, 0, 238, 3, 214, 255, 29,
				      208, 236, 0, 238, 3, 214, 255, 29 };
	static const uint8_t qb[] = { 152, 51, 244, 60, 26, 255, 0, 127, 246, 127, 254, 247,
				      152, 51, 244, 60, 26, 255, 0, 127, 246, 127, 254, 247 };
	static const float as = 0.00659999996f, bs = 0.00705000013f, ys = 0.0107000005f;
	static const uint8_t qaz = 113, qbz = 114, qyz = 118;
	static const uint8_t qy[] = { 168, 115, 255, 1, 66, 151, 168, 115, 255, 1, 66, 151 };
	hk *h = hk_new("MatMulInteger", 10, 4, 1);

	hk_input(h, 0, IR_UINT8, 2, d43, a, 0);
	hk_input(h, 1, IR_UINT8, 2, d32, b, 0);
	hk_input(h, 2, IR_UINT8, 1, d1, &az, 0);
	hk_input(h, 3, IR_UINT8, 1, d1, &bz, 0);
	ck_assert_int_eq(hk_run(h), 0);
	assert_i32(h, 0, y, 8);
	hk_free(h);

	h = hk_new("QLinearMatMul", 10, 8, 1);
	hk_input(h, 0, IR_UINT8, 3, d224, qa, 0);
	hk_input(h, 1, IR_FLOAT, 1, d1, &as, 0);
	hk_input(h, 2, IR_UINT8, 1, d1, &qaz, 0);
	hk_input(h, 3, IR_UINT8, 3, d243, qb, 0);
	hk_input(h, 4, IR_FLOAT, 1, d1, &bs, 0);
	hk_input(h, 5, IR_UINT8, 1, d1, &qbz, 0);
	hk_input(h, 6, IR_FLOAT, 1, d1, &ys, 0);
	hk_input(h, 7, IR_UINT8, 1, d1, &qyz, 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 3, d223);
	assert_u8(h, 0, IR_UINT8, qy, 12);
	hk_free(h);
}
END_TEST

START_TEST(matmulinteger_broadcast_per_row_and_1d)
{
	/* numpy: A int8 [2,2,3], B uint8 [3,2], a_zp per row [1,-1], b_zp per
	 * column [3,0]: ((A - azp) @ (B - bzp)) */
	static const int64_t d223[] = { 2, 2, 3 }, d32[] = { 3, 2 }, d2[] = { 2 }, d222[] = { 2, 2, 2 };
	static const int8_t a[] = { 1, -2, 3, 4, 5, -6, -7, 8, 9, 10, -11, 12 }, az[] = { 1, -1 };
	static const uint8_t b[] = { 1, 2, 3, 4, 250, 6 }, bz[] = { 3, 0 };
	static const int32_t y[] = { 494, 0, -1245, 4, 1992, 60, 3189, 60 };
	/* 1-D A [1,2,3] @ B: [757, 28], shape [2] */
	static const uint8_t a1[] = { 1, 2, 3 };
	static const int32_t y1[] = { 757, 28 };
	hk *h = hk_new("MatMulInteger", 10, 4, 1);

	hk_input(h, 0, IR_INT8, 3, d223, a, 0);
	hk_input(h, 1, IR_UINT8, 2, d32, b, 0);
	hk_input(h, 2, IR_INT8, 1, d2, az, 0);
	hk_input(h, 3, IR_UINT8, 1, d2, bz, 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 3, d222);
	assert_i32(h, 0, y, 8);
	hk_free(h);

	h = hk_new("MatMulInteger", 10, 2, 1);
	hk_input(h, 0, IR_UINT8, 1, d3, a1, 0);
	hk_input(h, 1, IR_UINT8, 2, d32, b, 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 1, d2);
	assert_i32(h, 0, y1, 2);
	hk_free(h);
}
END_TEST

START_TEST(test_convinteger_with_padding)
{
	static const int64_t dx[] = { 1, 1, 3, 3 }, dw[] = { 1, 1, 2, 2 }, dy[] = { 1, 1, 4, 4 };
	static const int64_t pads[] = { 1, 1, 1, 1 };
	static const uint8_t x[] = { 2, 3, 4, 5, 6, 7, 8, 9, 10 }, w[] = { 1, 1, 1, 1 }, xz = 1;
	static const int32_t y[] = { 1, 3, 5, 3, 5, 12, 16, 9, 11, 24, 28, 15, 7, 15, 17, 9 };
	hk *h = hk_new("ConvInteger", 10, 3, 1);

	hk_attr_ints(h, "pads", 4, pads);
	hk_input(h, 0, IR_UINT8, 4, dx, x, 0);
	hk_input(h, 1, IR_UINT8, 4, dw, w, 0);
	hk_input(h, 2, IR_UINT8, 0, NULL, &xz, 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 4, dy);
	assert_i32(h, 0, y, 16);
	hk_free(h);
}
END_TEST

START_TEST(convinteger_group_stride_same_upper)
{
	/* numpy: x uint8 [1,2,4,4] = (arange(32)*7 % 23), w int8 [2,1,3,3] =
	 * (arange(18) % 5 - 2), group 2, strides 2, SAME_UPPER (pad 0 before,
	 * 1 after), x_zp 2, w_zp per channel [1, -1] */
	static const int64_t dx[] = { 1, 2, 4, 4 }, dw[] = { 2, 1, 3, 3 }, dy[] = { 1, 2, 2, 2 };
	static const int64_t st[] = { 2, 2 }, d2[] = { 2 };
	static const uint8_t x[] = { 0, 7, 14, 21, 5, 12, 19, 3, 10, 17, 1, 8, 15, 22, 6, 13,
				     20, 4, 11, 18, 2, 9, 16, 0, 7, 14, 21, 5, 12, 19, 3, 10 };
	static const int8_t w[] = { -2, -1, 0, 1, 2, -2, -1, 0, 1, 2, -2, -1, 0, 1, 2, -2, -1, 0 };
	static const uint8_t xz = 2;
	static const int8_t wz[] = { 1, -1 };
	static const int32_t y[] = { -88, -77, -45, 2, 122, 2, 50, 71 };
	hk *h = hk_new("ConvInteger", 10, 4, 1);

	hk_attr_int(h, "group", 2);
	hk_attr_ints(h, "strides", 2, st);
	hk_attr_string(h, "auto_pad", "SAME_UPPER");
	hk_input(h, 0, IR_UINT8, 4, dx, x, 0);
	hk_input(h, 1, IR_INT8, 4, dw, w, 0);
	hk_input(h, 2, IR_UINT8, 0, NULL, &xz, 0);
	hk_input(h, 3, IR_INT8, 1, d2, wz, 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 4, dy);
	assert_i32(h, 0, y, 8);
	hk_free(h);
}
END_TEST

START_TEST(test_qlinearconv)
{
	static const int64_t d7[] = { 1, 1, 7, 7 }, dw[] = { 1, 1, 1, 1 };
	static const uint8_t x[] = { 255, 174, 162, 25, 203, 168, 58, 15, 59, 237, 95, 129, 0,
				     64, 56, 242, 153, 221, 168, 12, 166, 232, 178, 186, 195, 237,
				     162, 237, 188, 39, 124, 77, 80, 102, 43, 127, 230, 21, 83, 41,
				     40, 134, 255, 154, 92, 141, 42, 148, 247 };
	static const float xs = 0.00369204697f, ws = 0.00172794575f, ys = 0.00162681262f;
	static const uint8_t xz = 132, w = 0, wz = 255, yz = 123;
	static const uint8_t y[] = { 0, 81, 93, 230, 52, 87, 197, 240, 196, 18, 160, 126, 255,
				     191, 199, 13, 102, 34, 87, 243, 89, 23, 77, 69, 60, 18, 93, 18,
				     67, 216, 131, 178, 175, 153, 212, 128, 25, 234, 172, 214, 215,
				     121, 0, 101, 163, 114, 213, 107, 8 };
	hk *h = hk_new("QLinearConv", 10, 8, 1);

	hk_input(h, 0, IR_UINT8, 4, d7, x, 0);
	hk_input(h, 1, IR_FLOAT, 0, NULL, &xs, 0);
	hk_input(h, 2, IR_UINT8, 0, NULL, &xz, 0);
	hk_input(h, 3, IR_UINT8, 4, dw, &w, 0);
	hk_input(h, 4, IR_FLOAT, 1, d1, &ws, 0);
	hk_input(h, 5, IR_UINT8, 1, d1, &wz, 0);
	hk_input(h, 6, IR_FLOAT, 0, NULL, &ys, 0);
	hk_input(h, 7, IR_UINT8, 0, NULL, &yz, 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 4, d7);
	assert_u8(h, 0, IR_UINT8, y, 49);
	hk_free(h);
}
END_TEST

START_TEST(qlinearconv_bias_per_channel_int8_out)
{
	/* x [1,1,3,3] = 10..90, x_scale 0.5, x_zp 10; w uint8 [2,1,2,2] =
	 * [1,2,3,4 | 4,5,6,7], w_scale [0.25, 1], w_zp [0, 4]; B [4, -100];
	 * y_scale 2, y_zp -3 (int8).  Channel 1: acc 90, 150, 270, 330 times
	 * 0.25 = 22.5, 37.5, 67.5, 82.5 -> rint 22, 38, 68, 82 (half to even)
	 * -> 19, 35, 65, 79. */
	static const int64_t dx[] = { 1, 1, 3, 3 }, dw[] = { 2, 1, 2, 2 }, dy[] = { 1, 2, 2, 2 };
	static const int64_t d2[] = { 2 };
	static const uint8_t x[] = { 10, 20, 30, 40, 50, 60, 70, 80, 90 }, xz = 10;
	static const uint8_t w[] = { 1, 2, 3, 4, 4, 5, 6, 7 }, wz[] = { 0, 4 };
	static const float xs = 0.5f, ws[] = { 0.25f, 1 }, ys = 2;
	static const int8_t yz = -3, y[] = { 14, 20, 33, 39, 19, 35, 65, 79 };
	static const int32_t bias[] = { 4, -100 };
	hk *h = hk_new("QLinearConv", 10, 9, 1);

	hk_input(h, 0, IR_UINT8, 4, dx, x, 0);
	hk_input(h, 1, IR_FLOAT, 0, NULL, &xs, 0);
	hk_input(h, 2, IR_UINT8, 0, NULL, &xz, 0);
	hk_input(h, 3, IR_UINT8, 4, dw, w, 0);
	hk_input(h, 4, IR_FLOAT, 1, d2, ws, 0);
	hk_input(h, 5, IR_UINT8, 1, d2, wz, 0);
	hk_input(h, 6, IR_FLOAT, 0, NULL, &ys, 0);
	hk_input(h, 7, IR_INT8, 0, NULL, &yz, 0);
	hk_input(h, 8, IR_INT32, 1, d2, bias, 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 4, dy);
	assert_i8(h, 0, y, 8);
	hk_free(h);
}
END_TEST

START_TEST(refusals)
{
	static const float x[6] = { 0 }, s3[] = { 1, 1, 1 }, s = 1;
	static const uint8_t u[32] = { 0 }, z = 0;
	static const int64_t d23[] = { 2, 3 }, d22[] = { 2, 2 }, dx[] = { 1, 2, 3, 3 };
	static const int64_t dw[] = { 2, 1, 2, 2 }, d3b[] = { 3 };
	static const int32_t b3[] = { 0, 0, 0 };
	hk *h;

	/* per-axis scale before opset 13 */
	h = hk_new("QuantizeLinear", 10, 2, 1);
	hk_input(h, 0, IR_FLOAT, 2, d23, x, 0);
	hk_input(h, 1, IR_FLOAT, 1, d3, s3, 0);
	expect_refused(h, "QuantizeLinear", "y_scale must have one element");
	hk_free(h);

	/* per-axis scale of the wrong length */
	h = hk_new("QuantizeLinear", 13, 2, 1);
	hk_input(h, 0, IR_FLOAT, 2, d22, x, 0);
	hk_input(h, 1, IR_FLOAT, 1, d3, s3, 0);
	expect_refused(h, "QuantizeLinear", "1-D of 2");
	hk_free(h);

	h = hk_new("QuantizeLinear", 13, 2, 1);
	hk_input(h, 0, IR_DOUBLE, 1, d3, x, 0);
	hk_input(h, 1, IR_FLOAT, 0, NULL, &s, 0);
	expect_refused(h, "QuantizeLinear", "double");
	hk_free(h);

	/* zero point of another type than x */
	h = hk_new("DequantizeLinear", 13, 3, 1);
	hk_input(h, 0, IR_UINT8, 1, d3, u, 0);
	hk_input(h, 1, IR_FLOAT, 0, NULL, &s, 0);
	hk_input(h, 2, IR_INT8, 0, NULL, &z, 0);
	expect_refused(h, "DequantizeLinear", "x_zero_point of type int8");
	hk_free(h);

	h = hk_new("DynamicQuantizeLinear", 11, 1, 3);
	hk_input(h, 0, IR_DOUBLE, 1, d3, x, 0);
	expect_refused(h, "DynamicQuantizeLinear", "double");
	hk_free(h);

	h = hk_new("MatMulInteger", 10, 2, 1);
	hk_input(h, 0, IR_UINT8, 2, d23, u, 0);
	hk_input(h, 1, IR_UINT8, 2, d23, u, 0);
	expect_refused(h, "MatMulInteger", "inner dimensions differ: 3 and 2");
	hk_free(h);

	h = hk_new("MatMulInteger", 10, 2, 1);
	hk_input(h, 0, IR_FLOAT, 2, d22, x, 0);
	hk_input(h, 1, IR_UINT8, 2, d22, u, 0);
	expect_refused(h, "MatMulInteger", "float");
	hk_free(h);

	/* group 2 needs w with C/2 = 1 input channel: here 1 with group 1 */
	h = hk_new("ConvInteger", 10, 2, 1);
	hk_input(h, 0, IR_UINT8, 4, dx, u, 0);
	hk_input(h, 1, IR_UINT8, 4, dw, u, 0);
	expect_refused(h, "ConvInteger", "group 1 does not fit");
	hk_free(h);

	h = hk_new("ConvInteger", 10, 2, 1);
	hk_attr_int(h, "group", 2);
	hk_attr_string(h, "auto_pad", "SAME");
	hk_input(h, 0, IR_UINT8, 4, dx, u, 0);
	hk_input(h, 1, IR_UINT8, 4, dw, u, 0);
	expect_refused(h, "ConvInteger", "unknown auto_pad 'SAME'");
	hk_free(h);

	h = hk_new("QLinearConv", 10, 9, 1);
	hk_attr_int(h, "group", 2);
	hk_input(h, 0, IR_UINT8, 4, dx, u, 0);
	hk_input(h, 1, IR_FLOAT, 0, NULL, &s, 0);
	hk_input(h, 2, IR_UINT8, 0, NULL, &z, 0);
	hk_input(h, 3, IR_UINT8, 4, dw, u, 0);
	hk_input(h, 4, IR_FLOAT, 0, NULL, &s, 0);
	hk_input(h, 5, IR_UINT8, 0, NULL, &z, 0);
	hk_input(h, 6, IR_FLOAT, 0, NULL, &s, 0);
	hk_input(h, 7, IR_UINT8, 0, NULL, &z, 0);
	hk_input(h, 8, IR_INT32, 1, d3b, b3, 0);
	expect_refused(h, "QLinearConv", "B must be int32 of shape [2]");
	hk_free(h);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("k_quant");
	TCase *tc = tcase_create("quant");

	tcase_add_test(tc, test_quantizelinear);
	tcase_add_test(tc, test_quantizelinear_axis);
	tcase_add_test(tc, test_dequantizelinear_axis);
	tcase_add_test(tc, quantize_rounds_half_to_even_and_saturates);
	tcase_add_test(tc, dequantize_int8_int32_and_axis0);
	tcase_add_test(tc, test_dynamicquantizelinear);
	tcase_add_test(tc, test_matmulinteger_and_qlinearmatmul_3d);
	tcase_add_test(tc, matmulinteger_broadcast_per_row_and_1d);
	tcase_add_test(tc, test_convinteger_with_padding);
	tcase_add_test(tc, convinteger_group_stride_same_upper);
	tcase_add_test(tc, test_qlinearconv);
	tcase_add_test(tc, qlinearconv_bias_per_channel_int8_out);
	tcase_add_test(tc, refusals);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
