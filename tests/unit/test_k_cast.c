/*
 * test_k_cast.c - Cast (every version, `to` as a string in Cast-1) and
 * CastLike: truncation and wrapping of float -> integer, integer wrapping,
 * bool both ways, float16/bfloat16 round-to-nearest-even (ties, subnormals,
 * overflow), 64-bit extremes, refusals; then cases from the ONNX backend
 * test data.
 */
#include "test_k_elemwise.h"

static hk *cast_to(int opset, int to)
{
	hk *h = hk_new("Cast", opset, 1, 1);

	hk_attr_int(h, "to", to);
	return h;
}

START_TEST(float_to_integer)
{
	const tk_io x = { IR_FLOAT, 1, { 6 }, F32(2.9f, -2.9f, 300.7f, -1.0f, 1e10f, NAN) };
	/* truncation toward zero; NaN -> 0; saturation to the int64 range, then
	 * wrapping into narrower types (as numpy on x86) */
	const tk_io y32 = { IR_INT32, 1, { 6 }, I32(2, -2, 300, -1, 1410065408, 0) };
	const tk_io y64 = { IR_INT64, 1, { 6 }, I64(2, -2, 300, -1, 10000000000LL, 0) };
	const tk_io yu8 = { IR_UINT8, 1, { 6 }, U8(2, 254, 44, 255, 0, 0) };
	const tk_io xd = { IR_DOUBLE, 1, { 4 }, F64(1.8e19, -1.0, 1e30, -1e30) };
	const tk_io yu64 = { IR_UINT64, 1, { 4 },
			     U64(18000000000000000000u, 18446744073709551615u, 18446744073709551615u,
				 9223372036854775808u) };
	const tk_io yi64 = { IR_INT64, 1, { 4 }, I64(INT64_MAX, -1, INT64_MAX, INT64_MIN) };

	tk_check(cast_to(13, IR_INT32), 1, &x, &y32, 0);
	tk_check(cast_to(9, IR_INT64), 1, &x, &y64, 0);
	tk_check(cast_to(6, IR_UINT8), 1, &x, &yu8, 0);
	tk_check(cast_to(13, IR_UINT64), 1, &xd, &yu64, 0);
	tk_check(cast_to(13, IR_INT64), 1, &xd, &yi64, 0);
}
END_TEST

START_TEST(integer_and_bool)
{
	const tk_io x = { IR_INT64, 1, { 5 }, I64(300, -129, -1, 0, 4294967296LL + 7) };
	const tk_io y8 = { IR_INT8, 1, { 5 }, I8(44, 127, -1, 0, 7) };
	const tk_io yu16 = { IR_UINT16, 1, { 5 }, U16(300, 65407, 65535, 0, 7) };
	const tk_io yb = { IR_BOOL, 1, { 5 }, BOOL(1, 1, 1, 0, 1) };
	const tk_io xu = { IR_UINT64, 1, { 2 }, U64(18446744073709551615u, 1) };
	const tk_io yf = { IR_FLOAT, 1, { 2 }, F32(1.8446744e19f, 1) };
	const tk_io yi = { IR_INT64, 1, { 2 }, I64(-1, 1) };
	/* bool -> float and float -> bool (NaN is true, -0 is false) */
	const tk_io xb = { IR_BOOL, 1, { 3 }, BOOL(1, 0, 1) };
	const tk_io yfb = { IR_DOUBLE, 1, { 3 }, F64(1, 0, 1) };
	const tk_io xf = { IR_FLOAT, 1, { 4 }, F32(NAN, -0.0f, 0.5f, 0) };
	const tk_io ybf = { IR_BOOL, 1, { 4 }, BOOL(1, 0, 1, 0) };

	tk_check(cast_to(13, IR_INT8), 1, &x, &y8, 0);
	tk_check(cast_to(13, IR_UINT16), 1, &x, &yu16, 0);
	tk_check(cast_to(13, IR_BOOL), 1, &x, &yb, 0);
	tk_check(cast_to(13, IR_FLOAT), 1, &xu, &yf, 0);
	tk_check(cast_to(13, IR_INT64), 1, &xu, &yi, 0);
	tk_check(cast_to(13, IR_DOUBLE), 1, &xb, &yfb, 0);
	tk_check(cast_to(13, IR_BOOL), 1, &xf, &ybf, 0);
	tk_check(cast_to(13, IR_INT64), 1, &x, &x, 0);    /* same type: a copy */
}
END_TEST

START_TEST(half_rounding)
{
	/* float -> float16: ties to even (1 + 2^-11 -> 1, 1 + 3*2^-11 -> 1 + 2^-9),
	 * 65519 stays finite, 65520 overflows, subnormals round to even
	 * (2^-25 -> 0, 3*2^-25 -> 2*2^-24), -0 keeps its sign */
	const tk_io x = { IR_FLOAT, 1, { 9 },
			  F32(1.00048828125f, 1.00146484375f, 65519.0f, 65520.0f, 2.9802322387695312e-08f,
			      8.940696716308594e-08f, 5.960464477539063e-08f, -0.0f, NAN) };
	const tk_io y = { IR_FLOAT16, 1, { 9 },
			  F16(0x3c00, 0x3c02, 0x7bff, 0x7c00, 0x0000, 0x0002, 0x0001, 0x8000, 0x7e00) };
	/* int64 -> float16 */
	const tk_io xi = { IR_INT64, 1, { 4 }, I64(65504, 70000, -3, 2049) };
	const tk_io yi = { IR_FLOAT16, 1, { 4 }, F16(31743, 31744, 49664, 26624) };
	/* float -> bfloat16 ties to even too (the backend data of onnx 1.12
	 * truncates instead, so its expected values are not used here) */
	const tk_io xb = { IR_FLOAT, 1, { 4 }, F32(0.48033666610717773f, 0.4996848702430725f, 1.00390625f, 1.01171875f) };
	const tk_io yb = { IR_BFLOAT16, 1, { 4 }, U16(0x3ef6, 0x3f00, 0x3f80, 0x3f82) };
	/* float16 -> int8 truncates */
	const tk_io xh = { IR_FLOAT16, 1, { 2 }, F16(0x4100, 0xc100) };   /* 2.5, -2.5 */
	const tk_io yh = { IR_INT8, 1, { 2 }, I8(2, -2) };
	hk *h;

	h = cast_to(13, IR_FLOAT16);
	tk_inputs(h, 1, &x);
	ck_assert_int_eq(hk_run(h), 0);
	ck_assert_int_eq(h->out[0].dtype, IR_FLOAT16);
	ck_assert_mem_eq(h->out[0].data, y.data, 9 * 2);   /* bit-exact */
	hk_free(h);
	tk_check(cast_to(13, IR_FLOAT16), 1, &xi, &yi, 0);
	tk_check(cast_to(13, IR_BFLOAT16), 1, &xb, &yb, 0);
	tk_check(cast_to(13, IR_INT8), 1, &xh, &yh, 0);
}
END_TEST

START_TEST(versions_and_castlike)
{
	const tk_io x = { IR_FLOAT, 2, { 2, 2 }, F32(1.5f, -2.5f, 3, 0) };
	const tk_io y = { IR_INT32, 2, { 2, 2 }, I32(1, -2, 3, 0) };
	const tk_io in_like[] = { x, { IR_INT32, 1, { 0 }, NULL } };
	const tk_io x0 = { IR_DOUBLE, 2, { 3, 0 }, NULL };
	const tk_io y0 = { IR_FLOAT16, 2, { 3, 0 }, NULL };
	hk *h = hk_new("Cast", 1, 1, 1);

	/* Cast-1 names the type with a string */
	hk_attr_string(h, "to", "INT32");
	tk_check(h, 1, &x, &y, 0);
	tk_check(hk_new("CastLike", 15, 2, 1), 2, in_like, &y, 0);
	tk_check(cast_to(13, IR_FLOAT16), 1, &x0, &y0, 0);
}
END_TEST

START_TEST(cast_refusals)
{
	const tk_io x = { IR_FLOAT, 1, { 1 }, F32(1) };
	const tk_io xs = { IR_STRING, 1, { 1 }, NULL };
	const tk_io in_like[] = { x, { IR_STRING, 1, { 1 }, NULL } };
	hk *h;

	tk_refused(cast_to(13, IR_STRING), 1, &x, ONNXC_EUNSUPPORTED, "strings");
	tk_refused(cast_to(13, IR_FLOAT), 1, &xs, ONNXC_EUNSUPPORTED, "strings");
	tk_refused(hk_new("CastLike", 15, 2, 1), 2, in_like, ONNXC_EUNSUPPORTED, "strings");
	tk_refused(cast_to(13, IR_COMPLEX64), 1, &x, ONNXC_EUNSUPPORTED, "complex64");
	tk_refused(cast_to(13, 0), 1, &x, ONNXC_EINVAL, "'to'");
	tk_refused(cast_to(13, 99), 1, &x, ONNXC_EINVAL, "'to'");
	tk_refused(hk_new("Cast", 13, 1, 1), 1, &x, ONNXC_EINVAL, "'to' is missing");
	h = hk_new("Cast", 1, 1, 1);
	hk_attr_string(h, "to", "FLOAT128");
	tk_refused(h, 1, &x, ONNXC_EINVAL, "'to'");
}
END_TEST

/* ---- cases from the ONNX backend test data: inputs, attributes and the
 * expected output of /usr/share/libonnx-testdata/data/node/test_<name>,
 * decoded with onnx.numpy_helper ---- */
static const tk_case backend[] = {
	{ "cast_BFLOAT16_to_FLOAT", "Cast", 13, 1,
	  {
		  { IR_BFLOAT16, 2, { 3, 4 }, U16(0x3ef5, 0x3ef5, 0x3eff, 0x3f51, 0x3ef0, 0x3f51, 0x3e57, 0x3f39,
			0x7fc0, 0x7f80, 0x7f80, 0xff80) },
	  },
	  { IR_FLOAT, 2, { 3, 4 }, F32(0.478515625f, 0.478515625f, 0.498046875f, 0.81640625f, 0.46875f, 0.81640625f,
		0.2099609375f, 0.72265625f, NAN, INFINITY, INFINITY, -INFINITY) },
	  { { "to", IR_ATTR_INT, .i = 1 } }, 1e-5 },
	{ "cast_DOUBLE_to_FLOAT", "Cast", 13, 1,
	  {
		  { IR_DOUBLE, 2, { 3, 4 }, F64(0.31542835092418386, 0.3637107709426226, 0.5701967704178796,
			0.43860151346232035, 0.9883738380592262, 0.10204481074802807,
			0.2088767560948347, 0.16130951788499626, 0.6531083254653984,
			0.2532916025397821, 0.4663107728563063, 0.24442559200160274) },
	  },
	  { IR_FLOAT, 2, { 3, 4 }, F32(0.31542834639549255f, 0.36371076107025146f, 0.5701967477798462f,
		0.4386015236377716f, 0.9883738160133362f, 0.10204481333494186f,
		0.20887675881385803f, 0.16130951046943665f, 0.6531082987785339f,
		0.25329160690307617f, 0.4663107693195343f, 0.24442559480667114f) },
	  { { "to", IR_ATTR_INT, .i = 1 } }, 1e-5 },
	{ "cast_DOUBLE_to_FLOAT16", "Cast", 13, 1,
	  {
		  { IR_DOUBLE, 2, { 3, 4 }, F64(0.15896958364551972, 0.11037514116430513, 0.6563295894652734,
			0.1381829513486138, 0.1965823616800535, 0.3687251706609641,
			0.8209932298479351, 0.09710127579306127, 0.8379449074988039,
			0.09609840789396307, 0.9764594650133958, 0.4686512016477016) },
	  },
	  { IR_FLOAT16, 2, { 3, 4 }, F16(0x3116, 0x2f10, 0x3940, 0x306c, 0x324a, 0x35e6, 0x3a91, 0x2e37, 0x3ab4,
		0x2e26, 0x3bd0, 0x3780) },
	  { { "to", IR_ATTR_INT, .i = 10 } }, 1e-5 },
	{ "cast_FLOAT16_to_DOUBLE", "Cast", 13, 1,
	  {
		  { IR_FLOAT16, 2, { 3, 4 }, F16(0x38e6, 0x38ef, 0x3b8d, 0x3974, 0x35c1, 0x36fe, 0x3995, 0x2bb5,
			0x3956, 0x395d, 0x32bb, 0x3020) },
	  },
	  { IR_DOUBLE, 2, { 3, 4 }, F64(0.6123046875, 0.61669921875, 0.94384765625, 0.681640625, 0.359619140625,
		0.43701171875, 0.69775390625, 0.060211181640625, 0.6669921875, 0.67041015625,
		0.2103271484375, 0.12890625) },
	  { { "to", IR_ATTR_INT, .i = 11 } }, 1e-5 },
	{ "cast_FLOAT16_to_FLOAT", "Cast", 13, 1,
	  {
		  { IR_FLOAT16, 2, { 3, 4 }, F16(0x2f92, 0x391f, 0x3096, 0x3b8f, 0x382d, 0x36a2, 0x343c, 0x3a32,
			0x374c, 0x388c, 0x24cf, 0x38f1) },
	  },
	  { IR_FLOAT, 2, { 3, 4 }, F32(0.1182861328125f, 0.64013671875f, 0.143310546875f, 0.94482421875f,
		0.52197265625f, 0.41455078125f, 0.2646484375f, 0.7744140625f, 0.4560546875f,
		0.568359375f, 0.0187835693359375f, 0.61767578125f) },
	  { { "to", IR_ATTR_INT, .i = 1 } }, 1e-5 },
	{ "cast_FLOAT_to_DOUBLE", "Cast", 13, 1,
	  {
		  { IR_FLOAT, 2, { 3, 4 }, F32(0.5680445432662964f, 0.9255966544151306f, 0.07103605568408966f,
			0.08712930232286453f, 0.020218396559357643f, 0.832619845867157f,
			0.7781567573547363f, 0.8700121641159058f, 0.978618323802948f,
			0.7991585731506348f, 0.4614793658256531f, 0.7805292010307312f) },
	  },
	  { IR_DOUBLE, 2, { 3, 4 }, F64(0.5680445432662964, 0.9255966544151306, 0.07103605568408966,
		0.08712930232286453, 0.020218396559357643, 0.832619845867157,
		0.7781567573547363, 0.8700121641159058, 0.978618323802948,
		0.7991585731506348, 0.4614793658256531, 0.7805292010307312) },
	  { { "to", IR_ATTR_INT, .i = 11 } }, 1e-5 },
	{ "cast_FLOAT_to_FLOAT16", "Cast", 13, 1,
	  {
		  { IR_FLOAT, 2, { 3, 4 }, F32(0.54881352186203f, 0.7151893377304077f, 0.6027633547782898f,
			0.5448831915855408f, 0.42365479469299316f, 0.6458941102027893f,
			0.4375872015953064f, 0.891772985458374f, 0.9636627435684204f,
			0.3834415078163147f, 0.7917250394821167f, 0.5288949012756348f) },
	  },
	  { IR_FLOAT16, 2, { 3, 4 }, F16(0x3864, 0x39b9, 0x38d2, 0x385c, 0x36c7, 0x392b, 0x3700, 0x3b22, 0x3bb6,
		0x3623, 0x3a55, 0x383b) },
	  { { "to", IR_ATTR_INT, .i = 10 } }, 1e-5 },
	{ "castlike_BFLOAT16_to_FLOAT", "CastLike", 15, 2,
	  {
		  { IR_BFLOAT16, 2, { 3, 4 }, U16(0x3ef5, 0x3ef5, 0x3eff, 0x3f51, 0x3ef0, 0x3f51, 0x3e57, 0x3f39,
			0x7fc0, 0x7f80, 0x7f80, 0xff80) },
		  { IR_FLOAT, 1, { 1 }, F32(0.478515625f) },
	  },
	  { IR_FLOAT, 2, { 3, 4 }, F32(0.478515625f, 0.478515625f, 0.498046875f, 0.81640625f, 0.46875f, 0.81640625f,
		0.2099609375f, 0.72265625f, NAN, INFINITY, INFINITY, -INFINITY) },
	  { { NULL } }, 1e-5 },
	{ "castlike_DOUBLE_to_FLOAT", "CastLike", 15, 2,
	  {
		  { IR_DOUBLE, 2, { 3, 4 }, F64(0.31542835092418386, 0.3637107709426226, 0.5701967704178796,
			0.43860151346232035, 0.9883738380592262, 0.10204481074802807,
			0.2088767560948347, 0.16130951788499626, 0.6531083254653984,
			0.2532916025397821, 0.4663107728563063, 0.24442559200160274) },
		  { IR_FLOAT, 1, { 1 }, F32(0.31542834639549255f) },
	  },
	  { IR_FLOAT, 2, { 3, 4 }, F32(0.31542834639549255f, 0.36371076107025146f, 0.5701967477798462f,
		0.4386015236377716f, 0.9883738160133362f, 0.10204481333494186f,
		0.20887675881385803f, 0.16130951046943665f, 0.6531082987785339f,
		0.25329160690307617f, 0.4663107693195343f, 0.24442559480667114f) },
	  { { NULL } }, 1e-5 },
	{ "castlike_DOUBLE_to_FLOAT16", "CastLike", 15, 2,
	  {
		  { IR_DOUBLE, 2, { 3, 4 }, F64(0.15896958364551972, 0.11037514116430513, 0.6563295894652734,
			0.1381829513486138, 0.1965823616800535, 0.3687251706609641,
			0.8209932298479351, 0.09710127579306127, 0.8379449074988039,
			0.09609840789396307, 0.9764594650133958, 0.4686512016477016) },
		  { IR_FLOAT16, 1, { 1 }, F16(0x3116) },
	  },
	  { IR_FLOAT16, 2, { 3, 4 }, F16(0x3116, 0x2f10, 0x3940, 0x306c, 0x324a, 0x35e6, 0x3a91, 0x2e37, 0x3ab4,
		0x2e26, 0x3bd0, 0x3780) },
	  { { NULL } }, 1e-5 },
	{ "castlike_FLOAT16_to_DOUBLE", "CastLike", 15, 2,
	  {
		  { IR_FLOAT16, 2, { 3, 4 }, F16(0x38e6, 0x38ef, 0x3b8d, 0x3974, 0x35c1, 0x36fe, 0x3995, 0x2bb5,
			0x3956, 0x395d, 0x32bb, 0x3020) },
		  { IR_DOUBLE, 1, { 1 }, F64(0.6123046875) },
	  },
	  { IR_DOUBLE, 2, { 3, 4 }, F64(0.6123046875, 0.61669921875, 0.94384765625, 0.681640625, 0.359619140625,
		0.43701171875, 0.69775390625, 0.060211181640625, 0.6669921875, 0.67041015625,
		0.2103271484375, 0.12890625) },
	  { { NULL } }, 1e-5 },
	{ "castlike_FLOAT16_to_FLOAT", "CastLike", 15, 2,
	  {
		  { IR_FLOAT16, 2, { 3, 4 }, F16(0x2f92, 0x391f, 0x3096, 0x3b8f, 0x382d, 0x36a2, 0x343c, 0x3a32,
			0x374c, 0x388c, 0x24cf, 0x38f1) },
		  { IR_FLOAT, 1, { 1 }, F32(0.1182861328125f) },
	  },
	  { IR_FLOAT, 2, { 3, 4 }, F32(0.1182861328125f, 0.64013671875f, 0.143310546875f, 0.94482421875f,
		0.52197265625f, 0.41455078125f, 0.2646484375f, 0.7744140625f, 0.4560546875f,
		0.568359375f, 0.0187835693359375f, 0.61767578125f) },
	  { { NULL } }, 1e-5 },
	{ "castlike_FLOAT_to_DOUBLE", "CastLike", 15, 2,
	  {
		  { IR_FLOAT, 2, { 3, 4 }, F32(0.5680445432662964f, 0.9255966544151306f, 0.07103605568408966f,
			0.08712930232286453f, 0.020218396559357643f, 0.832619845867157f,
			0.7781567573547363f, 0.8700121641159058f, 0.978618323802948f,
			0.7991585731506348f, 0.4614793658256531f, 0.7805292010307312f) },
		  { IR_DOUBLE, 1, { 1 }, F64(0.5680445432662964) },
	  },
	  { IR_DOUBLE, 2, { 3, 4 }, F64(0.5680445432662964, 0.9255966544151306, 0.07103605568408966,
		0.08712930232286453, 0.020218396559357643, 0.832619845867157,
		0.7781567573547363, 0.8700121641159058, 0.978618323802948,
		0.7991585731506348, 0.4614793658256531, 0.7805292010307312) },
	  { { NULL } }, 1e-5 },
	{ "castlike_FLOAT_to_FLOAT16", "CastLike", 15, 2,
	  {
		  { IR_FLOAT, 2, { 3, 4 }, F32(0.54881352186203f, 0.7151893377304077f, 0.6027633547782898f,
			0.5448831915855408f, 0.42365479469299316f, 0.6458941102027893f,
			0.4375872015953064f, 0.891772985458374f, 0.9636627435684204f,
			0.3834415078163147f, 0.7917250394821167f, 0.5288949012756348f) },
		  { IR_FLOAT16, 1, { 1 }, F16(0x3864) },
	  },
	  { IR_FLOAT16, 2, { 3, 4 }, F16(0x3864, 0x39b9, 0x38d2, 0x385c, 0x36c7, 0x392b, 0x3700, 0x3b22, 0x3bb6,
		0x3623, 0x3a55, 0x383b) },
	  { { NULL } }, 1e-5 },
};

START_TEST(backend_case)
{
	tk_run_case(&backend[_i]);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("k_cast");
	TCase *tc = tcase_create("cast");

	tcase_add_test(tc, float_to_integer);
	tcase_add_test(tc, integer_and_bool);
	tcase_add_test(tc, half_rounding);
	tcase_add_test(tc, versions_and_castlike);
	tcase_add_test(tc, cast_refusals);
	tcase_add_loop_test(tc, backend_case, 0, (int)(sizeof backend / sizeof *backend));
	suite_add_tcase(s, tc);
	return tu_run(s);
}
