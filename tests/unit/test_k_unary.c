/*
 * test_k_unary.c - unary elementwise kernels: hand-computed cases (legacy
 * attribute forms, integer and float16 types, rounding, Clip's two forms,
 * in place, refusals) and cases taken from the ONNX backend test data
 * (test_<op>*: inputs, attributes and expected outputs embedded below).
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

/* ---- generated from /usr/share/libonnx-testdata/data/node ---- */
/* backend test_acos_example */
START_TEST(bk_acos_example)
{
	hk *h = hk_new("Acos", 7, 1, 1);
	const tk_io in[] = {
		{ IR_FLOAT, 1, { 3 }, F32(-0.5f, 0.0f, 0.5f) },
	};
	const tk_io out = { IR_FLOAT, 1, { 3 }, F32(2.094395160675049f, 1.5707963705062866f, 1.0471975803375244f) };

	tk_check(h, 1, in, &out, 1e-6);
}
END_TEST

/* backend test_acosh_example */
START_TEST(bk_acosh_example)
{
	hk *h = hk_new("Acosh", 9, 1, 1);
	const tk_io in[] = {
		{ IR_FLOAT, 1, { 3 }, F32(10.0f, 2.7182817459106445f, 1.0f) },
	};
	const tk_io out = { IR_FLOAT, 1, { 3 }, F32(2.993222951889038f, 1.6574543714523315f, 0.0f) };

	tk_check(h, 1, in, &out, 1e-6);
}
END_TEST

/* backend test_asin_example */
START_TEST(bk_asin_example)
{
	hk *h = hk_new("Asin", 7, 1, 1);
	const tk_io in[] = {
		{ IR_FLOAT, 1, { 3 }, F32(-0.5f, 0.0f, 0.5f) },
	};
	const tk_io out = { IR_FLOAT, 1, { 3 }, F32(-0.5235987901687622f, 0.0f, 0.5235987901687622f) };

	tk_check(h, 1, in, &out, 1e-6);
}
END_TEST

/* backend test_asinh_example */
START_TEST(bk_asinh_example)
{
	hk *h = hk_new("Asinh", 9, 1, 1);
	const tk_io in[] = {
		{ IR_FLOAT, 1, { 3 }, F32(-1.0f, 0.0f, 1.0f) },
	};
	const tk_io out = { IR_FLOAT, 1, { 3 }, F32(-0.8813735842704773f, 0.0f, 0.8813735842704773f) };

	tk_check(h, 1, in, &out, 1e-6);
}
END_TEST

/* backend test_atan_example */
START_TEST(bk_atan_example)
{
	hk *h = hk_new("Atan", 7, 1, 1);
	const tk_io in[] = {
		{ IR_FLOAT, 1, { 3 }, F32(-1.0f, 0.0f, 1.0f) },
	};
	const tk_io out = { IR_FLOAT, 1, { 3 }, F32(-0.7853981852531433f, 0.0f, 0.7853981852531433f) };

	tk_check(h, 1, in, &out, 1e-6);
}
END_TEST

/* backend test_atanh_example */
START_TEST(bk_atanh_example)
{
	hk *h = hk_new("Atanh", 9, 1, 1);
	const tk_io in[] = {
		{ IR_FLOAT, 1, { 3 }, F32(-0.5f, 0.0f, 0.5f) },
	};
	const tk_io out = { IR_FLOAT, 1, { 3 }, F32(-0.5493061542510986f, 0.0f, 0.5493061542510986f) };

	tk_check(h, 1, in, &out, 1e-6);
}
END_TEST

/* backend test_ceil_example */
START_TEST(bk_ceil_example)
{
	hk *h = hk_new("Ceil", 13, 1, 1);
	const tk_io in[] = {
		{ IR_FLOAT, 1, { 2 }, F32(-1.5f, 1.2000000476837158f) },
	};
	const tk_io out = { IR_FLOAT, 1, { 2 }, F32(-1.0f, 2.0f) };

	tk_check(h, 1, in, &out, 1e-6);
}
END_TEST

/* backend test_celu */
START_TEST(bk_celu)
{
	hk *h = hk_new("Celu", 12, 1, 1);
	const tk_io in[] = {
		{ IR_FLOAT, 4, { 3, 3, 3, 1 }, F32(0.8439682722091675f, 0.5665143728256226f, 0.058367349207401276f, 0.029163669794797897f, 0.12964272499084473f, 0.5060197114944458f, 0.7953830361366272f, 0.9411345720291138f, 0.9546573162078857f, 0.17730942368507385f, 0.46192094683647156f, 0.264804482460022f, 0.6746842265129089f, 0.01665256917476654f, 0.6247307658195496f, 0.9240844249725342f, 0.9722340703010559f, 0.1196569874882698f, 0.41356155276298523f, 0.9129372835159302f, 0.5933007597923279f, 0.8192993402481079f, 0.7862604260444641f, 0.11799798905849457f, 0.692484438419342f, 0.5411941409111023f, 0.07513222843408585f) },
	};
	const tk_io out = { IR_FLOAT, 4, { 3, 3, 3, 1 }, F32(0.8439682722091675f, 0.5665143728256226f, 0.058367349207401276f, 0.029163669794797897f, 0.12964272499084473f, 0.5060197114944458f, 0.7953830361366272f, 0.9411345720291138f, 0.9546573162078857f, 0.17730942368507385f, 0.46192094683647156f, 0.264804482460022f, 0.6746842265129089f, 0.01665256917476654f, 0.6247307658195496f, 0.9240844249725342f, 0.9722340703010559f, 0.1196569874882698f, 0.41356155276298523f, 0.9129372835159302f, 0.5933007597923279f, 0.8192993402481079f, 0.7862604260444641f, 0.11799798905849457f, 0.692484438419342f, 0.5411941409111023f, 0.07513222843408585f) };

	hk_attr_float(h, "alpha", 2.0f);
	tk_check(h, 1, in, &out, 1e-6);
}
END_TEST

/* backend test_clip_default_inbounds */
START_TEST(bk_clip_default_inbounds)
{
	hk *h = hk_new("Clip", 13, 3, 1);
	const tk_io in[] = {
		{ IR_FLOAT, 1, { 3 }, F32(-1.0f, 0.0f, 1.0f) },
		{ IR_UNDEFINED, 0, { 0 }, NULL }, /* omitted */
		{ IR_UNDEFINED, 0, { 0 }, NULL }, /* omitted */
	};
	const tk_io out = { IR_FLOAT, 1, { 3 }, F32(-1.0f, 0.0f, 1.0f) };

	tk_check(h, 3, in, &out, 1e-6);
}
END_TEST

/* backend test_clip_default_int8_inbounds */
START_TEST(bk_clip_default_int8_inbounds)
{
	hk *h = hk_new("Clip", 13, 3, 1);
	const tk_io in[] = {
		{ IR_INT8, 1, { 3 }, I8(-1, 0, 1) },
		{ IR_UNDEFINED, 0, { 0 }, NULL }, /* omitted */
		{ IR_UNDEFINED, 0, { 0 }, NULL }, /* omitted */
	};
	const tk_io out = { IR_INT8, 1, { 3 }, I8(-1, 0, 1) };

	tk_check(h, 3, in, &out, 1e-6);
}
END_TEST

/* backend test_clip_default_int8_max */
START_TEST(bk_clip_default_int8_max)
{
	hk *h = hk_new("Clip", 13, 3, 1);
	const tk_io in[] = {
		{ IR_INT8, 3, { 3, 4, 5 }, I8(0, 0, 0, -1, 0, 0, -1, 0, 0, 0, 0, 0, 1, -1, 0, 0, 0, 0, 0, 0, -1, 0, 0, -1, 1, 1, 1, 0, -1, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 1, -1, -1, 0, -1, 1, 0, 0, 1, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0) },
		{ IR_UNDEFINED, 0, { 0 }, NULL }, /* omitted */
		{ IR_INT8, 0, { 0 }, I8(0) },
	};
	const tk_io out = { IR_INT8, 3, { 3, 4, 5 }, I8(0, 0, 0, -1, 0, 0, -1, 0, 0, 0, 0, 0, 0, -1, 0, 0, 0, 0, 0, 0, -1, 0, 0, -1, 0, 0, 0, 0, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, 0, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0) };

	tk_check(h, 3, in, &out, 1e-6);
}
END_TEST

/* backend test_clip_example */
START_TEST(bk_clip_example)
{
	hk *h = hk_new("Clip", 13, 3, 1);
	const tk_io in[] = {
		{ IR_FLOAT, 1, { 3 }, F32(-2.0f, 0.0f, 2.0f) },
		{ IR_FLOAT, 0, { 0 }, F32(-1.0f) },
		{ IR_FLOAT, 0, { 0 }, F32(1.0f) },
	};
	const tk_io out = { IR_FLOAT, 1, { 3 }, F32(-1.0f, 0.0f, 1.0f) };

	tk_check(h, 3, in, &out, 1e-6);
}
END_TEST

/* backend test_clip_inbounds */
START_TEST(bk_clip_inbounds)
{
	hk *h = hk_new("Clip", 13, 3, 1);
	const tk_io in[] = {
		{ IR_FLOAT, 1, { 3 }, F32(-1.0f, 0.0f, 1.0f) },
		{ IR_FLOAT, 0, { 0 }, F32(-5.0f) },
		{ IR_FLOAT, 0, { 0 }, F32(5.0f) },
	};
	const tk_io out = { IR_FLOAT, 1, { 3 }, F32(-1.0f, 0.0f, 1.0f) };

	tk_check(h, 3, in, &out, 1e-6);
}
END_TEST

/* backend test_clip_outbounds */
START_TEST(bk_clip_outbounds)
{
	hk *h = hk_new("Clip", 13, 3, 1);
	const tk_io in[] = {
		{ IR_FLOAT, 1, { 3 }, F32(-6.0f, 0.0f, 6.0f) },
		{ IR_FLOAT, 0, { 0 }, F32(-5.0f) },
		{ IR_FLOAT, 0, { 0 }, F32(5.0f) },
	};
	const tk_io out = { IR_FLOAT, 1, { 3 }, F32(-5.0f, 0.0f, 5.0f) };

	tk_check(h, 3, in, &out, 1e-6);
}
END_TEST

/* backend test_clip_splitbounds */
START_TEST(bk_clip_splitbounds)
{
	hk *h = hk_new("Clip", 13, 3, 1);
	const tk_io in[] = {
		{ IR_FLOAT, 1, { 3 }, F32(-1.0f, 0.0f, 6.0f) },
		{ IR_FLOAT, 0, { 0 }, F32(-5.0f) },
		{ IR_FLOAT, 0, { 0 }, F32(5.0f) },
	};
	const tk_io out = { IR_FLOAT, 1, { 3 }, F32(-1.0f, 0.0f, 5.0f) };

	tk_check(h, 3, in, &out, 1e-6);
}
END_TEST

/* backend test_cos_example */
START_TEST(bk_cos_example)
{
	hk *h = hk_new("Cos", 7, 1, 1);
	const tk_io in[] = {
		{ IR_FLOAT, 1, { 3 }, F32(-1.0f, 0.0f, 1.0f) },
	};
	const tk_io out = { IR_FLOAT, 1, { 3 }, F32(0.5403022766113281f, 1.0f, 0.5403022766113281f) };

	tk_check(h, 1, in, &out, 1e-6);
}
END_TEST

/* backend test_cosh_example */
START_TEST(bk_cosh_example)
{
	hk *h = hk_new("Cosh", 9, 1, 1);
	const tk_io in[] = {
		{ IR_FLOAT, 1, { 3 }, F32(-1.0f, 0.0f, 1.0f) },
	};
	const tk_io out = { IR_FLOAT, 1, { 3 }, F32(1.5430806875228882f, 1.0f, 1.5430806875228882f) };

	tk_check(h, 1, in, &out, 1e-6);
}
END_TEST

/* backend test_elu_example */
START_TEST(bk_elu_example)
{
	hk *h = hk_new("Elu", 6, 1, 1);
	const tk_io in[] = {
		{ IR_FLOAT, 1, { 3 }, F32(-1.0f, 0.0f, 1.0f) },
	};
	const tk_io out = { IR_FLOAT, 1, { 3 }, F32(-1.2642412185668945f, 0.0f, 1.0f) };

	hk_attr_float(h, "alpha", 2.0f);
	tk_check(h, 1, in, &out, 1e-6);
}
END_TEST

/* backend test_exp_example */
START_TEST(bk_exp_example)
{
	hk *h = hk_new("Exp", 13, 1, 1);
	const tk_io in[] = {
		{ IR_FLOAT, 1, { 3 }, F32(-1.0f, 0.0f, 1.0f) },
	};
	const tk_io out = { IR_FLOAT, 1, { 3 }, F32(0.3678794205188751f, 1.0f, 2.7182819843292236f) };

	tk_check(h, 1, in, &out, 1e-6);
}
END_TEST

/* backend test_floor_example */
START_TEST(bk_floor_example)
{
	hk *h = hk_new("Floor", 13, 1, 1);
	const tk_io in[] = {
		{ IR_FLOAT, 1, { 3 }, F32(-1.5f, 1.2000000476837158f, 2.0f) },
	};
	const tk_io out = { IR_FLOAT, 1, { 3 }, F32(-2.0f, 1.0f, 2.0f) };

	tk_check(h, 1, in, &out, 1e-6);
}
END_TEST

/* backend test_hardsigmoid_example */
START_TEST(bk_hardsigmoid_example)
{
	hk *h = hk_new("HardSigmoid", 6, 1, 1);
	const tk_io in[] = {
		{ IR_FLOAT, 1, { 3 }, F32(-1.0f, 0.0f, 1.0f) },
	};
	const tk_io out = { IR_FLOAT, 1, { 3 }, F32(0.10000002384185791f, 0.6000000238418579f, 1.0f) };

	hk_attr_float(h, "alpha", 0.5f);
	hk_attr_float(h, "beta", 0.6000000238418579f);
	tk_check(h, 1, in, &out, 1e-6);
}
END_TEST

/* backend test_hardswish */
START_TEST(bk_hardswish)
{
	hk *h = hk_new("HardSwish", 14, 1, 1);
	const tk_io in[] = {
		{ IR_FLOAT, 3, { 3, 4, 5 }, F32(1.764052391052246f, 0.40015721321105957f, 0.978738009929657f, 2.2408931255340576f, 1.8675580024719238f, -0.9772778749465942f, 0.9500884413719177f, -0.15135720372200012f, -0.10321885347366333f, 0.4105985164642334f, 0.14404356479644775f, 1.4542734622955322f, 0.7610377073287964f, 0.12167501449584961f, 0.44386324286460876f, 0.3336743414402008f, 1.4940791130065918f, -0.2051582634449005f, 0.3130677044391632f, -0.8540957570075989f, -2.5529897212982178f, 0.653618574142456f, 0.8644362092018127f, -0.7421650290489197f, 2.269754648208618f, -1.4543657302856445f, 0.04575851559638977f, -0.18718385696411133f, 1.5327792167663574f, 1.4693588018417358f, 0.154947429895401f, 0.37816253304481506f, -0.8877857327461243f, -1.980796456336975f, -0.34791216254234314f, 0.15634897351264954f, 1.2302906513214111f, 1.202379822731018f, -0.38732680678367615f, -0.302302747964859f, -1.0485529899597168f, -1.420017957687378f, -1.7062702178955078f, 1.950775384902954f, -0.5096521973609924f, -0.4380742907524109f, -1.2527953386306763f, 0.7774903774261475f, -1.6138978004455566f, -0.21274028718471527f, -0.8954665660858154f, 0.38690251111984253f, -0.5108051300048828f, -1.18063223361969f, -0.02818222902715206f, 0.4283318817615509f, 0.06651721894741058f, 0.30247190594673157f, -0.6343221068382263f, -0.3627411723136902f) },
	};
	const tk_io out = { IR_FLOAT, 3, { 3, 4, 5 }, F32(1.4006730318069458f, 0.22676624357700348f, 0.649023711681366f, 1.9573802947998047f, 1.5150744915008545f, -0.3294602632522583f, 0.6254888772964478f, -0.0718604326248169f, -0.049833737313747406f, 0.23339779675006866f, 0.07547987252473831f, 1.0796220302581787f, 0.4770486056804657f, 0.06330497562885284f, 0.25476738810539246f, 0.18539360165596008f, 1.1190849542617798f, -0.09556414932012558f, 0.17286908626556396f, -0.3054679334163666f, -0.19020205736160278f, 0.3980121612548828f, 0.556759774684906f, -0.27928102016448975f, 1.9935083389282227f, -0.3746528923511505f, 0.023228231817483902f, -0.08775229752063751f, 1.1579583883285522f, 1.094515323638916f, 0.0814751610159874f, 0.21291574835777283f, -0.3125322759151459f, -0.33647245168685913f, -0.15378226339817047f, 0.08224865049123764f, 0.8674145340919495f, 0.8421428203582764f, -0.1686597317457199f, -0.1359202116727829f, -0.34103256464004517f, -0.3739338219165802f, -0.3679087460041046f, 1.6096419095993042f, -0.21153520047664642f, -0.18705229461193085f, -0.3648149371147156f, 0.4894937574863434f, -0.3728378713130951f, -0.0988270714879036f, -0.31408989429473877f, 0.21840018033981323f, -0.21191556751728058f, -0.3580006957054138f, -0.013958741910755634f, 0.24474398791790009f, 0.033996034413576126f, 0.16648416221141815f, -0.250100314617157f, -0.15944038331508636f) };

	tk_check(h, 1, in, &out, 1e-6);
}
END_TEST

/* backend test_leakyrelu_example */
START_TEST(bk_leakyrelu_example)
{
	hk *h = hk_new("LeakyRelu", 16, 1, 1);
	const tk_io in[] = {
		{ IR_FLOAT, 1, { 3 }, F32(-1.0f, 0.0f, 1.0f) },
	};
	const tk_io out = { IR_FLOAT, 1, { 3 }, F32(-0.10000000149011612f, 0.0f, 1.0f) };

	hk_attr_float(h, "alpha", 0.10000000149011612f);
	tk_check(h, 1, in, &out, 1e-6);
}
END_TEST

/* backend test_log_example */
START_TEST(bk_log_example)
{
	hk *h = hk_new("Log", 13, 1, 1);
	const tk_io in[] = {
		{ IR_FLOAT, 1, { 2 }, F32(1.0f, 10.0f) },
	};
	const tk_io out = { IR_FLOAT, 1, { 2 }, F32(0.0f, 2.3025851249694824f) };

	tk_check(h, 1, in, &out, 1e-6);
}
END_TEST

/* backend test_neg_example */
START_TEST(bk_neg_example)
{
	hk *h = hk_new("Neg", 13, 1, 1);
	const tk_io in[] = {
		{ IR_FLOAT, 1, { 2 }, F32(-4.0f, 2.0f) },
	};
	const tk_io out = { IR_FLOAT, 1, { 2 }, F32(4.0f, -2.0f) };

	tk_check(h, 1, in, &out, 1e-6);
}
END_TEST

/* backend test_reciprocal_example */
START_TEST(bk_reciprocal_example)
{
	hk *h = hk_new("Reciprocal", 13, 1, 1);
	const tk_io in[] = {
		{ IR_FLOAT, 1, { 2 }, F32(-4.0f, 2.0f) },
	};
	const tk_io out = { IR_FLOAT, 1, { 2 }, F32(-0.25f, 0.5f) };

	tk_check(h, 1, in, &out, 1e-6);
}
END_TEST

/* backend test_relu */
START_TEST(bk_relu)
{
	hk *h = hk_new("Relu", 14, 1, 1);
	const tk_io in[] = {
		{ IR_FLOAT, 3, { 3, 4, 5 }, F32(1.764052391052246f, 0.40015721321105957f, 0.978738009929657f, 2.2408931255340576f, 1.8675580024719238f, -0.9772778749465942f, 0.9500884413719177f, -0.15135720372200012f, -0.10321885347366333f, 0.4105985164642334f, 0.14404356479644775f, 1.4542734622955322f, 0.7610377073287964f, 0.12167501449584961f, 0.44386324286460876f, 0.3336743414402008f, 1.4940791130065918f, -0.2051582634449005f, 0.3130677044391632f, -0.8540957570075989f, -2.5529897212982178f, 0.653618574142456f, 0.8644362092018127f, -0.7421650290489197f, 2.269754648208618f, -1.4543657302856445f, 0.04575851559638977f, -0.18718385696411133f, 1.5327792167663574f, 1.4693588018417358f, 0.154947429895401f, 0.37816253304481506f, -0.8877857327461243f, -1.980796456336975f, -0.34791216254234314f, 0.15634897351264954f, 1.2302906513214111f, 1.202379822731018f, -0.38732680678367615f, -0.302302747964859f, -1.0485529899597168f, -1.420017957687378f, -1.7062702178955078f, 1.950775384902954f, -0.5096521973609924f, -0.4380742907524109f, -1.2527953386306763f, 0.7774903774261475f, -1.6138978004455566f, -0.21274028718471527f, -0.8954665660858154f, 0.38690251111984253f, -0.5108051300048828f, -1.18063223361969f, -0.02818222902715206f, 0.4283318817615509f, 0.06651721894741058f, 0.30247190594673157f, -0.6343221068382263f, -0.3627411723136902f) },
	};
	const tk_io out = { IR_FLOAT, 3, { 3, 4, 5 }, F32(1.764052391052246f, 0.40015721321105957f, 0.978738009929657f, 2.2408931255340576f, 1.8675580024719238f, 0.0f, 0.9500884413719177f, 0.0f, 0.0f, 0.4105985164642334f, 0.14404356479644775f, 1.4542734622955322f, 0.7610377073287964f, 0.12167501449584961f, 0.44386324286460876f, 0.3336743414402008f, 1.4940791130065918f, 0.0f, 0.3130677044391632f, 0.0f, 0.0f, 0.653618574142456f, 0.8644362092018127f, 0.0f, 2.269754648208618f, 0.0f, 0.04575851559638977f, 0.0f, 1.5327792167663574f, 1.4693588018417358f, 0.154947429895401f, 0.37816253304481506f, 0.0f, 0.0f, 0.0f, 0.15634897351264954f, 1.2302906513214111f, 1.202379822731018f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 1.950775384902954f, 0.0f, 0.0f, 0.0f, 0.7774903774261475f, 0.0f, 0.0f, 0.0f, 0.38690251111984253f, 0.0f, 0.0f, 0.0f, 0.4283318817615509f, 0.06651721894741058f, 0.30247190594673157f, 0.0f, 0.0f) };

	tk_check(h, 1, in, &out, 1e-6);
}
END_TEST

/* backend test_round */
START_TEST(bk_round)
{
	hk *h = hk_new("Round", 11, 1, 1);
	const tk_io in[] = {
		{ IR_FLOAT, 1, { 15 }, F32(0.10000000149011612f, 0.5f, 0.8999999761581421f, 1.2000000476837158f, 1.5f, 1.7999999523162842f, 2.299999952316284f, 2.5f, 2.700000047683716f, -1.100000023841858f, -1.5f, -1.899999976158142f, -2.200000047683716f, -2.5f, -2.799999952316284f) },
	};
	const tk_io out = { IR_FLOAT, 1, { 15 }, F32(0.0f, 0.0f, 1.0f, 1.0f, 2.0f, 2.0f, 2.0f, 2.0f, 3.0f, -1.0f, -2.0f, -2.0f, -2.0f, -2.0f, -3.0f) };

	tk_check(h, 1, in, &out, 1e-6);
}
END_TEST

/* backend test_selu_example */
START_TEST(bk_selu_example)
{
	hk *h = hk_new("Selu", 6, 1, 1);
	const tk_io in[] = {
		{ IR_FLOAT, 1, { 3 }, F32(-1.0f, 0.0f, 1.0f) },
	};
	const tk_io out = { IR_FLOAT, 1, { 3 }, F32(-3.7927236557006836f, 0.0f, 3.0f) };

	hk_attr_float(h, "alpha", 2.0f);
	hk_attr_float(h, "gamma", 3.0f);
	tk_check(h, 1, in, &out, 1e-6);
}
END_TEST

/* backend test_shrink_hard */
START_TEST(bk_shrink_hard)
{
	hk *h = hk_new("Shrink", 9, 1, 1);
	const tk_io in[] = {
		{ IR_FLOAT, 1, { 5 }, F32(-2.0f, -1.0f, 0.0f, 1.0f, 2.0f) },
	};
	const tk_io out = { IR_FLOAT, 1, { 5 }, F32(-2.0f, 0.0f, 0.0f, 0.0f, 2.0f) };

	hk_attr_float(h, "lambd", 1.5f);
	tk_check(h, 1, in, &out, 1e-6);
}
END_TEST

/* backend test_shrink_soft */
START_TEST(bk_shrink_soft)
{
	hk *h = hk_new("Shrink", 9, 1, 1);
	const tk_io in[] = {
		{ IR_FLOAT, 1, { 5 }, F32(-2.0f, -1.0f, 0.0f, 1.0f, 2.0f) },
	};
	const tk_io out = { IR_FLOAT, 1, { 5 }, F32(-0.5f, 0.0f, 0.0f, 0.0f, 0.5f) };

	hk_attr_float(h, "bias", 1.5f);
	hk_attr_float(h, "lambd", 1.5f);
	tk_check(h, 1, in, &out, 1e-6);
}
END_TEST

/* backend test_sigmoid_example */
START_TEST(bk_sigmoid_example)
{
	hk *h = hk_new("Sigmoid", 13, 1, 1);
	const tk_io in[] = {
		{ IR_FLOAT, 1, { 3 }, F32(-1.0f, 0.0f, 1.0f) },
	};
	const tk_io out = { IR_FLOAT, 1, { 3 }, F32(0.26894140243530273f, 0.5f, 0.7310585975646973f) };

	tk_check(h, 1, in, &out, 1e-6);
}
END_TEST

/* backend test_sign */
START_TEST(bk_sign)
{
	hk *h = hk_new("Sign", 13, 1, 1);
	const tk_io in[] = {
		{ IR_FLOAT, 1, { 11 }, F32(-5.0f, -4.0f, -3.0f, -2.0f, -1.0f, 0.0f, 1.0f, 2.0f, 3.0f, 4.0f, 5.0f) },
	};
	const tk_io out = { IR_FLOAT, 1, { 11 }, F32(-1.0f, -1.0f, -1.0f, -1.0f, -1.0f, 0.0f, 1.0f, 1.0f, 1.0f, 1.0f, 1.0f) };

	tk_check(h, 1, in, &out, 1e-6);
}
END_TEST

/* backend test_sin_example */
START_TEST(bk_sin_example)
{
	hk *h = hk_new("Sin", 7, 1, 1);
	const tk_io in[] = {
		{ IR_FLOAT, 1, { 3 }, F32(-1.0f, 0.0f, 1.0f) },
	};
	const tk_io out = { IR_FLOAT, 1, { 3 }, F32(-0.8414710164070129f, 0.0f, 0.8414710164070129f) };

	tk_check(h, 1, in, &out, 1e-6);
}
END_TEST

/* backend test_sinh_example */
START_TEST(bk_sinh_example)
{
	hk *h = hk_new("Sinh", 9, 1, 1);
	const tk_io in[] = {
		{ IR_FLOAT, 1, { 3 }, F32(-1.0f, 0.0f, 1.0f) },
	};
	const tk_io out = { IR_FLOAT, 1, { 3 }, F32(-1.175201177597046f, 0.0f, 1.175201177597046f) };

	tk_check(h, 1, in, &out, 1e-6);
}
END_TEST

/* backend test_softplus_example */
START_TEST(bk_softplus_example)
{
	hk *h = hk_new("Softplus", 1, 1, 1);
	const tk_io in[] = {
		{ IR_FLOAT, 1, { 3 }, F32(-1.0f, 0.0f, 1.0f) },
	};
	const tk_io out = { IR_FLOAT, 1, { 3 }, F32(0.31326165795326233f, 0.6931471824645996f, 1.3132617473602295f) };

	tk_check(h, 1, in, &out, 1e-6);
}
END_TEST

/* backend test_softsign_example */
START_TEST(bk_softsign_example)
{
	hk *h = hk_new("Softsign", 1, 1, 1);
	const tk_io in[] = {
		{ IR_FLOAT, 1, { 3 }, F32(-1.0f, 0.0f, 1.0f) },
	};
	const tk_io out = { IR_FLOAT, 1, { 3 }, F32(-0.5f, 0.0f, 0.5f) };

	tk_check(h, 1, in, &out, 1e-6);
}
END_TEST

/* backend test_sqrt_example */
START_TEST(bk_sqrt_example)
{
	hk *h = hk_new("Sqrt", 13, 1, 1);
	const tk_io in[] = {
		{ IR_FLOAT, 1, { 3 }, F32(1.0f, 4.0f, 9.0f) },
	};
	const tk_io out = { IR_FLOAT, 1, { 3 }, F32(1.0f, 2.0f, 3.0f) };

	tk_check(h, 1, in, &out, 1e-6);
}
END_TEST

/* backend test_tan_example */
START_TEST(bk_tan_example)
{
	hk *h = hk_new("Tan", 7, 1, 1);
	const tk_io in[] = {
		{ IR_FLOAT, 1, { 3 }, F32(-1.0f, 0.0f, 1.0f) },
	};
	const tk_io out = { IR_FLOAT, 1, { 3 }, F32(-1.5574077367782593f, 0.0f, 1.5574077367782593f) };

	tk_check(h, 1, in, &out, 1e-6);
}
END_TEST

/* backend test_tanh_example */
START_TEST(bk_tanh_example)
{
	hk *h = hk_new("Tanh", 13, 1, 1);
	const tk_io in[] = {
		{ IR_FLOAT, 1, { 3 }, F32(-1.0f, 0.0f, 1.0f) },
	};
	const tk_io out = { IR_FLOAT, 1, { 3 }, F32(-0.7615941762924194f, 0.0f, 0.7615941762924194f) };

	tk_check(h, 1, in, &out, 1e-6);
}
END_TEST

/* backend test_thresholdedrelu_example */
START_TEST(bk_thresholdedrelu_example)
{
	hk *h = hk_new("ThresholdedRelu", 10, 1, 1);
	const tk_io in[] = {
		{ IR_FLOAT, 1, { 5 }, F32(-1.5f, 0.0f, 1.2000000476837158f, 2.0f, 2.200000047683716f) },
	};
	const tk_io out = { IR_FLOAT, 1, { 5 }, F32(0.0f, 0.0f, 0.0f, 0.0f, 2.200000047683716f) };

	hk_attr_float(h, "alpha", 2.0f);
	tk_check(h, 1, in, &out, 1e-6);
}
END_TEST

/* backend test_abs */
START_TEST(bk_abs)
{
	hk *h = hk_new("Abs", 13, 1, 1);
	const tk_io in[] = {
		{ IR_FLOAT, 3, { 3, 4, 5 }, F32(1.764052391052246f, 0.40015721321105957f, 0.978738009929657f, 2.2408931255340576f, 1.8675580024719238f, -0.9772778749465942f, 0.9500884413719177f, -0.15135720372200012f, -0.10321885347366333f, 0.4105985164642334f, 0.14404356479644775f, 1.4542734622955322f, 0.7610377073287964f, 0.12167501449584961f, 0.44386324286460876f, 0.3336743414402008f, 1.4940791130065918f, -0.2051582634449005f, 0.3130677044391632f, -0.8540957570075989f, -2.5529897212982178f, 0.653618574142456f, 0.8644362092018127f, -0.7421650290489197f, 2.269754648208618f, -1.4543657302856445f, 0.04575851559638977f, -0.18718385696411133f, 1.5327792167663574f, 1.4693588018417358f, 0.154947429895401f, 0.37816253304481506f, -0.8877857327461243f, -1.980796456336975f, -0.34791216254234314f, 0.15634897351264954f, 1.2302906513214111f, 1.202379822731018f, -0.38732680678367615f, -0.302302747964859f, -1.0485529899597168f, -1.420017957687378f, -1.7062702178955078f, 1.950775384902954f, -0.5096521973609924f, -0.4380742907524109f, -1.2527953386306763f, 0.7774903774261475f, -1.6138978004455566f, -0.21274028718471527f, -0.8954665660858154f, 0.38690251111984253f, -0.5108051300048828f, -1.18063223361969f, -0.02818222902715206f, 0.4283318817615509f, 0.06651721894741058f, 0.30247190594673157f, -0.6343221068382263f, -0.3627411723136902f) },
	};
	const tk_io out = { IR_FLOAT, 3, { 3, 4, 5 }, F32(1.764052391052246f, 0.40015721321105957f, 0.978738009929657f, 2.2408931255340576f, 1.8675580024719238f, 0.9772778749465942f, 0.9500884413719177f, 0.15135720372200012f, 0.10321885347366333f, 0.4105985164642334f, 0.14404356479644775f, 1.4542734622955322f, 0.7610377073287964f, 0.12167501449584961f, 0.44386324286460876f, 0.3336743414402008f, 1.4940791130065918f, 0.2051582634449005f, 0.3130677044391632f, 0.8540957570075989f, 2.5529897212982178f, 0.653618574142456f, 0.8644362092018127f, 0.7421650290489197f, 2.269754648208618f, 1.4543657302856445f, 0.04575851559638977f, 0.18718385696411133f, 1.5327792167663574f, 1.4693588018417358f, 0.154947429895401f, 0.37816253304481506f, 0.8877857327461243f, 1.980796456336975f, 0.34791216254234314f, 0.15634897351264954f, 1.2302906513214111f, 1.202379822731018f, 0.38732680678367615f, 0.302302747964859f, 1.0485529899597168f, 1.420017957687378f, 1.7062702178955078f, 1.950775384902954f, 0.5096521973609924f, 0.4380742907524109f, 1.2527953386306763f, 0.7774903774261475f, 1.6138978004455566f, 0.21274028718471527f, 0.8954665660858154f, 0.38690251111984253f, 0.5108051300048828f, 1.18063223361969f, 0.02818222902715206f, 0.4283318817615509f, 0.06651721894741058f, 0.30247190594673157f, 0.6343221068382263f, 0.3627411723136902f) };

	tk_check(h, 1, in, &out, 1e-6);
}
END_TEST

#define BACKEND_TESTS(X) X(bk_acos_example) X(bk_acosh_example) X(bk_asin_example) X(bk_asinh_example) X(bk_atan_example) X(bk_atanh_example) X(bk_ceil_example) X(bk_celu) X(bk_clip_default_inbounds) X(bk_clip_default_int8_inbounds) X(bk_clip_default_int8_max) X(bk_clip_example) X(bk_clip_inbounds) X(bk_clip_outbounds) X(bk_clip_splitbounds) X(bk_cos_example) X(bk_cosh_example) X(bk_elu_example) X(bk_exp_example) X(bk_floor_example) X(bk_hardsigmoid_example) X(bk_hardswish) X(bk_leakyrelu_example) X(bk_log_example) X(bk_neg_example) X(bk_reciprocal_example) X(bk_relu) X(bk_round) X(bk_selu_example) X(bk_shrink_hard) X(bk_shrink_soft) X(bk_sigmoid_example) X(bk_sign) X(bk_sin_example) X(bk_sinh_example) X(bk_softplus_example) X(bk_softsign_example) X(bk_sqrt_example) X(bk_tan_example) X(bk_tanh_example) X(bk_thresholdedrelu_example) X(bk_abs)
int main(void)
{
	Suite *s = suite_create("k_unary");
	TCase *tc = tcase_create("unary");

	tcase_add_test(tc, relu_types_and_versions);
	tcase_add_test(tc, round_half_to_even);
	tcase_add_test(tc, activations_defaults);
	tcase_add_test(tc, float16_compute);
	tcase_add_test(tc, integer_unary);
	tcase_add_test(tc, clip_forms);
	tcase_add_test(tc, zero_size_and_in_place);
	tcase_add_test(tc, unary_refusals);
#define ADD(t) tcase_add_test(tc, t);
	BACKEND_TESTS(ADD)
	suite_add_tcase(s, tc);
	return tu_run(s);
}
