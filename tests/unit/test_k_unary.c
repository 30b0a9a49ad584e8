/*
 * test_k_unary.c - unary elementwise kernels: hand-computed cases (legacy
 * attribute forms, integer and float16 types, rounding, Clip's two forms,
 * in place, refusals).  The ONNX backend test data of these ops is in
 * test_k_elemwise_onnx.c.
 */
#include "test_k_elemwise.h"

START_TEST(relu_types_and_versions)
{
	/* Relu-1 with the legacy consumed_inputs attribute, float */
	hk *h = hk_new("Relu", 1, 1, 1);
	const tk_io x = { IR_FLOAT, 2, { 2, 3 }, F32(-1, 0, 2.5f, -0.0f, NAN, -INFINITY) };
	const tk_io y = { IR_FLOAT, 2, { 2, 3 }, F32(0, 0, 2.5f, 0, NAN, 0) };
	const int64_t ci[1] = { 0 };

	hk_attr_ints(h, "consumed_inputs", 1, ci);
	tk_check(h, 1, &x, &y, 0);

	/* Relu-14 on int8 and int64; double; float16 (computed in float) */
	{
		const tk_io xi = { IR_INT8, 1, { 4 }, I8(-128, -1, 0, 127) };
		const tk_io yi = { IR_INT8, 1, { 4 }, I8(0, 0, 0, 127) };
		const tk_io xl = { IR_INT64, 1, { 2 }, I64(INT64_MIN, INT64_MAX) };
		const tk_io yl = { IR_INT64, 1, { 2 }, I64(0, INT64_MAX) };
		const tk_io xd = { IR_DOUBLE, 1, { 3 }, F64(-1e300, 1e300, 0.25) };
		const tk_io yd = { IR_DOUBLE, 1, { 3 }, F64(0, 1e300, 0.25) };
		/* float16: -2, -0.5, 1, 65504 */
		const tk_io xh = { IR_FLOAT16, 1, { 4 }, F16(0xc000, 0xb800, 0x3c00, 0x7bff) };
		const tk_io yh = { IR_FLOAT16, 1, { 4 }, F16(0, 0, 0x3c00, 0x7bff) };
		/* bfloat16: -1, 3 */
		const tk_io xb = { IR_BFLOAT16, 1, { 2 }, U16(0xbf80, 0x4040) };
		const tk_io yb = { IR_BFLOAT16, 1, { 2 }, U16(0, 0x4040) };

		tk_check(hk_new("Relu", 14, 1, 1), 1, &xi, &yi, 0);
		tk_check(hk_new("Relu", 14, 1, 1), 1, &xl, &yl, 0);
		tk_check(hk_new("Relu", 6, 1, 1), 1, &xd, &yd, 0);
		tk_check(hk_new("Relu", 13, 1, 1), 1, &xh, &yh, 0);
		tk_check(hk_new("Relu", 14, 1, 1), 1, &xb, &yb, 0);
	}
}
END_TEST

START_TEST(round_half_to_even)
{
	const tk_io x = { IR_FLOAT, 1, { 10 },
			  F32(0.5f, 1.5f, 2.5f, 3.5f, -0.5f, -1.5f, -2.5f, 2.4999998f, 1e9f + 64, -7.0f) };
	const tk_io y = { IR_FLOAT, 1, { 10 },
			  F32(0, 2, 2, 4, -0.0f, -2, -2, 2, 1e9f + 64, -7) };
	const tk_io xd = { IR_DOUBLE, 1, { 4 }, F64(0.5, 4.5, -4.5, 4.500000001) };
	const tk_io yd = { IR_DOUBLE, 1, { 4 }, F64(0, 4, -4, 5) };
	hk *h = hk_new("Round", 11, 1, 1);

	tk_inputs(h, 1, &x);
	ck_assert_int_eq(hk_run(h), 0);
	tk_expect_out(h, 0, &y, 0);
	ck_assert(signbit(hk_outf(h, 0)[4]));   /* -0.5 rounds to -0 */
	hk_free(h);
	tk_check(hk_new("Round", 11, 1, 1), 1, &xd, &yd, 0);
}
END_TEST

START_TEST(activations_defaults)
{
	const tk_io x5 = { IR_FLOAT, 1, { 5 }, F32(-100, -1, 0, 1, 100) };
	/* Sigmoid and Softplus stay finite and accurate at the extremes */
	const tk_io sig = { IR_FLOAT, 1, { 5 },
			    F32(3.783505853677006e-44f, 0.2689414322376251f, 0.5f, 0.7310585975646973f, 1) };
	const tk_io sp = { IR_FLOAT, 1, { 5 },
			   F32(3.72007598e-44f, 0.313261688f, 0.693147181f, 1.31326169f, 100) };
	/* Selu with the default alpha and gamma */
	const tk_io xs = { IR_FLOAT, 1, { 3 }, F32(-1, 0, 2) };
	const tk_io ys = { IR_FLOAT, 1, { 3 }, F32(-1.1113307412864781f, 0, 2.1014020442962646f) };
	/* HardSigmoid defaults alpha 0.2, beta 0.5; LeakyRelu default 0.01 */
	const tk_io xh = { IR_FLOAT, 1, { 4 }, F32(-3, 0, 1, 3) };
	const tk_io yh = { IR_FLOAT, 1, { 4 }, F32(0, 0.5f, 0.7f, 1) };
	const tk_io yl = { IR_FLOAT, 1, { 4 }, F32(-0.03f, 0, 1, 3) };
	/* HardSwish: x * clamp(x/6 + 0.5) */
	const tk_io yw = { IR_FLOAT, 1, { 4 }, F32(0, 0, 2.0f / 3, 3) };
	/* Elu-1 (consumed_inputs) with alpha 1 */
	const tk_io ye = { IR_FLOAT, 1, { 4 }, F32(-0.950212931632136f, 0, 1, 3) };

	tk_check(hk_new("Sigmoid", 13, 1, 1), 1, &x5, &sig, 1e-45);
	tk_check(hk_new("Softplus", 1, 1, 1), 1, &x5, &sp, 1e-45);
	tk_check(hk_new("Selu", 6, 1, 1), 1, &xs, &ys, 1e-6);
	tk_check(hk_new("HardSigmoid", 6, 1, 1), 1, &xh, &yh, 1e-6);
	tk_check(hk_new("LeakyRelu", 16, 1, 1), 1, &xh, &yl, 1e-7);
	tk_check(hk_new("HardSwish", 14, 1, 1), 1, &xh, &yw, 1e-6);
	tk_check(hk_new("Elu", 1, 1, 1), 1, &xh, &ye, 1e-6);
}
END_TEST

START_TEST(float16_compute)
{
	/* Exp on float16 0, 1, -1, 2 -> values numpy computes in float16 */
	const tk_io x = { IR_FLOAT16, 1, { 4 }, F16(0, 15360, 48128, 16384) };
	const tk_io y = { IR_FLOAT16, 1, { 4 }, F16(15360, 16752, 13795, 18276) };

	tk_check(hk_new("Exp", 13, 1, 1), 1, &x, &y, 0);
}
END_TEST

START_TEST(integer_unary)
{
	const tk_io x8 = { IR_INT8, 1, { 5 }, I8(-128, -5, 0, 5, 127) };
	const tk_io abs8 = { IR_INT8, 1, { 5 }, I8(-128, 5, 0, 5, 127) };   /* wraps like numpy */
	const tk_io neg8 = { IR_INT8, 1, { 5 }, I8(-128, 5, 0, -5, -127) };
	const tk_io sign8 = { IR_INT8, 1, { 5 }, I8(-1, -1, 0, 1, 1) };
	const tk_io xu = { IR_UINT32, 1, { 3 }, U32(0, 7, 4294967295u) };
	const tk_io signu = { IR_UINT32, 1, { 3 }, U32(0, 1, 1) };
	const tk_io xl = { IR_INT64, 1, { 3 }, I64(INT64_MIN, -3, 9) };
	const tk_io negl = { IR_INT64, 1, { 3 }, I64(INT64_MIN, 3, -9) };
	/* Erf of integers computes in double and truncates: always 0 */
	const tk_io xe = { IR_INT32, 1, { 3 }, I32(-2, 0, 3) };
	const tk_io ye = { IR_INT32, 1, { 3 }, I32(0, 0, 0) };
	/* Shrink on int16 (lambd 1.5, bias 1.5) computes in double */
	const tk_io xs = { IR_INT16, 1, { 5 }, I16(-3, -2, 0, 2, 3) };
	const tk_io ys = { IR_INT16, 1, { 5 }, I16(-1, 0, 0, 0, 1) };
	hk *h;

	tk_check(hk_new("Abs", 13, 1, 1), 1, &x8, &abs8, 0);
	tk_check(hk_new("Neg", 13, 1, 1), 1, &x8, &neg8, 0);
	tk_check(hk_new("Sign", 13, 1, 1), 1, &x8, &sign8, 0);
	tk_check(hk_new("Abs", 6, 1, 1), 1, &xu, &xu, 0);
	tk_check(hk_new("Sign", 9, 1, 1), 1, &xu, &signu, 0);
	tk_check(hk_new("Neg", 6, 1, 1), 1, &xl, &negl, 0);
	tk_check(hk_new("Erf", 13, 1, 1), 1, &xe, &ye, 0);
	h = hk_new("Shrink", 9, 1, 1);
	hk_attr_float(h, "lambd", 1.5f);
	hk_attr_float(h, "bias", 1.5f);
	tk_check(h, 1, &xs, &ys, 0);
}
END_TEST

START_TEST(clip_forms)
{
	const tk_io x = { IR_FLOAT, 1, { 5 }, F32(-5, -1, 0.5f, 2, 1e30f) };
	const tk_io y_attr = { IR_FLOAT, 1, { 5 }, F32(-1.5f, -1, 0.5f, 1, 1) };
	const tk_io y_none = { IR_FLOAT, 1, { 5 }, F32(-5, -1, 0.5f, 2, 1e30f) };
	const tk_io y_lo = { IR_FLOAT, 1, { 5 }, F32(0, 0, 0.5f, 2, 1e30f) };
	const tk_io y_inv = { IR_FLOAT, 1, { 5 }, F32(-2, -2, -2, -2, -2) };
	hk *h;

	/* Clip-6: attributes; Clip-1 with consumed_inputs; absent = no bound */
	h = hk_new("Clip", 6, 1, 1);
	hk_attr_float(h, "min", -1.5f);
	hk_attr_float(h, "max", 1.0f);
	tk_check(h, 1, &x, &y_attr, 0);
	h = hk_new("Clip", 1, 1, 1);
	hk_attr_ints(h, "consumed_inputs", 1, (const int64_t[]){ 0 });
	tk_check(h, 1, &x, &y_none, 0);
	/* (integers are not in Clip-6's schema; accepted, the attributes apply) */
	h = hk_new("Clip", 6, 1, 1);
	hk_attr_float(h, "min", 2.5f);
	hk_attr_float(h, "max", 200.0f);
	tk_check(h, 1, &(const tk_io){ IR_UINT8, 1, { 3 }, U8(0, 7, 255) },
		 &(const tk_io){ IR_UINT8, 1, { 3 }, U8(2, 7, 200) }, 0);
	tk_check(tk_node("Clip", 6, 1, "max", -3), 1, &(const tk_io){ IR_INT16, 1, { 2 }, I16(-9, 9) },
		 &(const tk_io){ IR_INT16, 1, { 2 }, I16(-9, -3) }, 0);
	{
		/* Clip-11: only min given; Clip-13: min > max gives max everywhere */
		const tk_io in_lo[] = { x, { IR_FLOAT, 0, { 0 }, F32(0) } };
		const tk_io in_inv[] = { x, { IR_FLOAT, 0, { 0 }, F32(3) }, { IR_FLOAT, 1, { 1 }, F32(-2) } };
		tk_check(hk_new("Clip", 11, 2, 1), 2, in_lo, &y_lo, 0);
		tk_check(hk_new("Clip", 13, 3, 1), 3, in_inv, &y_inv, 0);
	}
	{
		/* Clip-12 on int32 and uint8, bounds as inputs */
		const tk_io in_i[] = { { IR_INT32, 1, { 4 }, I32(-100, -3, 4, 100) },
				       { IR_INT32, 0, { 0 }, I32(-5) }, { IR_INT32, 0, { 0 }, I32(5) } };
		const tk_io y_i = { IR_INT32, 1, { 4 }, I32(-5, -3, 4, 5) };
		const tk_io in_u[] = { { IR_UINT8, 1, { 4 }, U8(0, 3, 200, 255) },
				       { IR_UNDEFINED, 0, { 0 }, NULL }, { IR_UINT8, 0, { 0 }, U8(199) } };
		const tk_io y_u = { IR_UINT8, 1, { 4 }, U8(0, 3, 199, 199) };
		tk_check(hk_new("Clip", 12, 3, 1), 3, in_i, &y_i, 0);
		tk_check(hk_new("Clip", 13, 3, 1), 3, in_u, &y_u, 0);
	}
}
END_TEST

START_TEST(zero_size_and_in_place)
{
	const tk_io x0 = { IR_FLOAT, 2, { 0, 3 }, NULL };
	const tk_io x = { IR_FLOAT, 1, { 4 }, F32(-1, 4, 9, 0.25f) };
	const tk_io y = { IR_FLOAT, 1, { 4 }, F32(NAN, 2, 3, 0.5f) };
	const tk_io in_c[] = { { IR_FLOAT, 1, { 4 }, F32(-1, 4, 9, 0.25f) },
			       { IR_FLOAT, 0, { 0 }, F32(0) }, { IR_FLOAT, 0, { 0 }, F32(5) } };
	const tk_io y_c = { IR_FLOAT, 1, { 4 }, F32(0, 4, 5, 0.25f) };
	hk *h = hk_new("Tanh", 13, 1, 1);

	tk_inputs(h, 1, &x0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 2, x0.dims);
	hk_free(h);
	tk_inplace(hk_new("Sqrt", 13, 1, 1), 1, &x, 0, &y, 1e-7);
	tk_inplace(hk_new("Clip", 13, 3, 1), 3, in_c, 0, &y_c, 0);
}
END_TEST

START_TEST(unary_refusals)
{
	const tk_io xi = { IR_INT32, 1, { 2 }, I32(1, 2) };
	const tk_io xu = { IR_UINT8, 1, { 2 }, U8(1, 2) };
	const tk_io xs = { IR_STRING, 1, { 1 }, NULL };
	const tk_io in_c[] = { { IR_FLOAT, 1, { 2 }, F32(1, 2) }, { IR_FLOAT, 1, { 2 }, F32(0, 0) } };
	const tk_io in_t[] = { { IR_FLOAT, 1, { 2 }, F32(1, 2) }, { IR_DOUBLE, 0, { 0 }, F64(0) } };

	tk_refused(hk_new("Sigmoid", 13, 1, 1), 1, &xi, ONNXC_EUNSUPPORTED, "int32");
	tk_refused(hk_new("Neg", 13, 1, 1), 1, &xu, ONNXC_EUNSUPPORTED, "uint8");
	tk_refused(hk_new("Relu", 14, 1, 1), 1, &xs, ONNXC_EUNSUPPORTED, "string");
	tk_refused(hk_new("Clip", 13, 2, 1), 2, in_c, ONNXC_EINVAL, "scalar");
	tk_refused(hk_new("Clip", 13, 2, 1), 2, in_t, ONNXC_EINVAL, "double");
}
END_TEST

TK_MAIN("k_unary", relu_types_and_versions, round_half_to_even, activations_defaults,
	float16_compute, integer_unary, clip_forms, zero_size_and_in_place, unary_refusals)
