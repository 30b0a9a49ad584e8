/*
 * test_k_logic.c - comparisons, And/Or/Xor/Not, IsNaN/IsInf and Where:
 * broadcasting (incl. three-way for Where and the legacy attribute form),
 * NaN, exact 64-bit integer comparisons, bool bytes other than 0/1,
 * refusals; then cases from the ONNX backend test data.
 */
#include "test_k_elemwise.h"

START_TEST(comparisons)
{
	const tk_io in_f[] = { { IR_FLOAT, 2, { 2, 2 }, F32(1, NAN, 3, -INFINITY) },
			       { IR_FLOAT, 1, { 2 }, F32(1, 2) } };
	const tk_io y_eq = { IR_BOOL, 2, { 2, 2 }, BOOL(1, 0, 0, 0) };
	const tk_io y_lt = { IR_BOOL, 2, { 2, 2 }, BOOL(0, 0, 0, 1) };
	const tk_io y_le = { IR_BOOL, 2, { 2, 2 }, BOOL(1, 0, 0, 1) };
	const tk_io y_gt = { IR_BOOL, 2, { 2, 2 }, BOOL(0, 0, 1, 0) };
	const tk_io y_ge = { IR_BOOL, 2, { 2, 2 }, BOOL(1, 0, 1, 0) };
	/* 64-bit values that double cannot tell apart */
	const tk_io in_u[] = { { IR_UINT64, 1, { 2 }, U64(18446744073709551615u, 9007199254740993u) },
			       { IR_UINT64, 1, { 2 }, U64(18446744073709551614u, 9007199254740992u) } };
	const tk_io y_u = { IR_BOOL, 1, { 2 }, BOOL(1, 1) };
	const tk_io in_i[] = { { IR_INT64, 1, { 2 }, I64(INT64_MIN, -1) }, { IR_INT64, 0, { 0 }, I64(INT64_MIN + 1) } };
	const tk_io y_i = { IR_BOOL, 1, { 2 }, BOOL(1, 0) };
	/* Equal on bools compares truth values */
	const tk_io in_b[] = { { IR_BOOL, 1, { 3 }, BOOL(2, 0, 1) }, { IR_BOOL, 1, { 3 }, BOOL(1, 0, 0) } };
	const tk_io y_b = { IR_BOOL, 1, { 3 }, BOOL(1, 1, 0) };
	/* int8 and float16 */
	const tk_io in_8[] = { { IR_INT8, 1, { 3 }, I8(-128, 0, 127) }, { IR_INT8, 0, { 0 }, I8(0) } };
	const tk_io y_8 = { IR_BOOL, 1, { 3 }, BOOL(1, 0, 0) };
	const tk_io in_h[] = { { IR_FLOAT16, 1, { 2 }, F16(0x3c00, 0x7e00) }, { IR_FLOAT16, 1, { 2 }, F16(0x3c01, 0x3c00) } };
	const tk_io y_h = { IR_BOOL, 1, { 2 }, BOOL(1, 0) };

	tk_check(hk_new("Equal", 13, 2, 1), 2, in_f, &y_eq, 0);
	tk_check(hk_new("Less", 13, 2, 1), 2, in_f, &y_lt, 0);
	tk_check(hk_new("LessOrEqual", 16, 2, 1), 2, in_f, &y_le, 0);
	tk_check(hk_new("Greater", 9, 2, 1), 2, in_f, &y_gt, 0);
	tk_check(hk_new("GreaterOrEqual", 12, 2, 1), 2, in_f, &y_ge, 0);
	tk_check(hk_new("Greater", 13, 2, 1), 2, in_u, &y_u, 0);
	tk_check(hk_new("Less", 9, 2, 1), 2, in_i, &y_i, 0);
	tk_check(hk_new("Equal", 11, 2, 1), 2, in_b, &y_b, 0);
	tk_check(hk_new("Less", 13, 2, 1), 2, in_8, &y_8, 0);
	tk_check(hk_new("Less", 13, 2, 1), 2, in_h, &y_h, 0);
}
END_TEST

START_TEST(boolean_ops)
{
	const tk_io in[] = { { IR_BOOL, 2, { 2, 2 }, BOOL(0, 0, 1, 2) }, { IR_BOOL, 1, { 2 }, BOOL(0, 1) } };
	const tk_io y_and = { IR_BOOL, 2, { 2, 2 }, BOOL(0, 0, 0, 1) };
	const tk_io y_or = { IR_BOOL, 2, { 2, 2 }, BOOL(0, 1, 1, 1) };
	const tk_io y_xor = { IR_BOOL, 2, { 2, 2 }, BOOL(0, 1, 1, 0) };
	const tk_io y_not = { IR_BOOL, 2, { 2, 2 }, BOOL(1, 1, 0, 0) };
	/* And-1 with broadcast=1 and axis=0: B (2) runs along A's dim 0 */
	const tk_io y_and0 = { IR_BOOL, 2, { 2, 2 }, BOOL(0, 0, 1, 1) };
	hk *h;

	tk_check(hk_new("And", 7, 2, 1), 2, in, &y_and, 0);
	tk_check(hk_new("Or", 7, 2, 1), 2, in, &y_or, 0);
	tk_check(hk_new("Xor", 7, 2, 1), 2, in, &y_xor, 0);
	tk_check(hk_new("Not", 1, 1, 1), 1, in, &y_not, 0);
	h = hk_new("And", 1, 2, 1);
	hk_attr_int(h, "broadcast", 1);
	hk_attr_int(h, "axis", 0);
	tk_check(h, 2, in, &y_and0, 0);
	h = hk_new("Or", 1, 2, 1);
	hk_attr_int(h, "broadcast", 1);
	tk_check(h, 2, in, &y_or, 0);
	tk_inplace(hk_new("Xor", 7, 2, 1), 2, (const tk_io[]){ in[0], in[0] }, 1,
		   &(const tk_io){ IR_BOOL, 2, { 2, 2 }, BOOL(0, 0, 0, 0) }, 0);
	tk_inplace(hk_new("Not", 1, 1, 1), 1, in, 0, &y_not, 0);
}
END_TEST

START_TEST(nan_inf)
{
	const tk_io x = { IR_FLOAT, 1, { 5 }, F32(NAN, INFINITY, -INFINITY, 0, -3e38f) };
	const tk_io y_nan = { IR_BOOL, 1, { 5 }, BOOL(1, 0, 0, 0, 0) };
	const tk_io y_inf = { IR_BOOL, 1, { 5 }, BOOL(0, 1, 1, 0, 0) };
	const tk_io y_pos = { IR_BOOL, 1, { 5 }, BOOL(0, 1, 0, 0, 0) };
	const tk_io y_none = { IR_BOOL, 1, { 5 }, BOOL(0, 0, 0, 0, 0) };
	const tk_io xd = { IR_DOUBLE, 1, { 3 }, F64(NAN, -INFINITY, 1e308) };
	const tk_io yd_nan = { IR_BOOL, 1, { 3 }, BOOL(1, 0, 0) };
	const tk_io yd_neg = { IR_BOOL, 1, { 3 }, BOOL(0, 1, 0) };
	const tk_io xh = { IR_FLOAT16, 1, { 3 }, F16(0x7e00, 0x7c00, 0x3c00) };
	const tk_io yh = { IR_BOOL, 1, { 3 }, BOOL(1, 0, 0) };
	hk *h;

	tk_check(hk_new("IsNaN", 13, 1, 1), 1, &x, &y_nan, 0);
	tk_check(hk_new("IsNaN", 9, 1, 1), 1, &xd, &yd_nan, 0);
	tk_check(hk_new("IsNaN", 13, 1, 1), 1, &xh, &yh, 0);
	tk_check(hk_new("IsInf", 10, 1, 1), 1, &x, &y_inf, 0);
	h = hk_new("IsInf", 10, 1, 1);
	hk_attr_int(h, "detect_negative", 0);
	tk_check(h, 1, &x, &y_pos, 0);
	h = hk_new("IsInf", 10, 1, 1);
	hk_attr_int(h, "detect_negative", 0);
	hk_attr_int(h, "detect_positive", 0);
	tk_check(h, 1, &x, &y_none, 0);
	h = hk_new("IsInf", 10, 1, 1);
	hk_attr_int(h, "detect_positive", 0);
	tk_check(h, 1, &xd, &yd_neg, 0);
}
END_TEST

START_TEST(where_broadcast)
{
	/* cond (2, 1), X (1, 3), Y scalar -> (2, 3) */
	const tk_io in[] = { { IR_BOOL, 2, { 2, 1 }, BOOL(1, 0) },
			     { IR_FLOAT, 2, { 1, 3 }, F32(1, 2, 3) },
			     { IR_FLOAT, 0, { 0 }, F32(-1) } };
	const tk_io y = { IR_FLOAT, 2, { 2, 3 }, F32(1, 2, 3, -1, -1, -1) };
	/* cond (3) against X (2, 3) of int64 and Y (2, 1) */
	const tk_io in_i[] = { { IR_BOOL, 1, { 3 }, BOOL(1, 0, 1) },
			       { IR_INT64, 2, { 2, 3 }, I64(1, 2, 3, 4, 5, 6) },
			       { IR_INT64, 2, { 2, 1 }, I64(INT64_MIN, INT64_MAX) } };
	const tk_io y_i = { IR_INT64, 2, { 2, 3 }, I64(1, INT64_MIN, 3, 4, INT64_MAX, 6) };
	/* int8, float16 and bool elements; zero-size */
	const tk_io in_8[] = { { IR_BOOL, 1, { 2 }, BOOL(0, 1) }, { IR_INT8, 1, { 2 }, I8(1, 2) },
			       { IR_INT8, 1, { 2 }, I8(-1, -2) } };
	const tk_io y_8 = { IR_INT8, 1, { 2 }, I8(-1, 2) };
	const tk_io in_h[] = { { IR_BOOL, 0, { 0 }, BOOL(1) }, { IR_FLOAT16, 1, { 2 }, F16(0x3c00, 0x4000) },
			       { IR_FLOAT16, 1, { 2 }, F16(0, 0) } };
	const tk_io y_h = { IR_FLOAT16, 1, { 2 }, F16(0x3c00, 0x4000) };
	const tk_io in_z[] = { { IR_BOOL, 2, { 0, 1 }, NULL }, { IR_DOUBLE, 1, { 4 }, F64(1, 2, 3, 4) },
			       { IR_DOUBLE, 0, { 0 }, F64(0) } };
	const tk_io y_z = { IR_DOUBLE, 2, { 0, 4 }, NULL };

	tk_check(hk_new("Where", 9, 3, 1), 3, in, &y, 0);
	tk_check(hk_new("Where", 16, 3, 1), 3, in_i, &y_i, 0);
	tk_check(hk_new("Where", 16, 3, 1), 3, in_8, &y_8, 0);
	tk_check(hk_new("Where", 16, 3, 1), 3, in_h, &y_h, 0);
	tk_check(hk_new("Where", 16, 3, 1), 3, in_z, &y_z, 0);
}
END_TEST

START_TEST(logic_refusals)
{
	const tk_io in_nb[] = { { IR_INT32, 1, { 1 }, I32(1) }, { IR_INT32, 1, { 1 }, I32(1) } };
	const tk_io in_lb[] = { { IR_BOOL, 1, { 1 }, BOOL(1) }, { IR_BOOL, 1, { 1 }, BOOL(1) } };
	const tk_io in_bc[] = { { IR_FLOAT, 1, { 3 }, F32(1, 2, 3) }, { IR_FLOAT, 1, { 2 }, F32(1, 2) } };
	const tk_io in_wc[] = { { IR_INT32, 1, { 1 }, I32(1) }, { IR_FLOAT, 1, { 1 }, F32(1) },
				{ IR_FLOAT, 1, { 1 }, F32(1) } };
	const tk_io in_wt[] = { { IR_BOOL, 1, { 1 }, BOOL(1) }, { IR_FLOAT, 1, { 1 }, F32(1) },
				{ IR_DOUBLE, 1, { 1 }, F64(1) } };
	const tk_io in_ws[] = { { IR_BOOL, 1, { 1 }, BOOL(1) }, { IR_STRING, 1, { 1 }, NULL },
				{ IR_STRING, 1, { 1 }, NULL } };
	const tk_io in_wb[] = { { IR_BOOL, 1, { 2 }, BOOL(1, 0) }, { IR_FLOAT, 1, { 3 }, F32(1, 2, 3) },
				{ IR_FLOAT, 1, { 1 }, F32(1) } };
	const tk_io xi = { IR_INT32, 1, { 1 }, I32(1) };

	tk_refused(hk_new("And", 7, 2, 1), 2, in_nb, ONNXC_EUNSUPPORTED, "int32");
	tk_refused(hk_new("Less", 13, 2, 1), 2, in_lb, ONNXC_EUNSUPPORTED, "bool");
	tk_refused(hk_new("Equal", 13, 2, 1), 2, in_bc, ONNXC_EINVAL, "cannot broadcast");
	tk_refused(hk_new("IsNaN", 13, 1, 1), 1, &xi, ONNXC_EUNSUPPORTED, "int32");
	tk_refused(hk_new("Where", 16, 3, 1), 3, in_wc, ONNXC_EINVAL, "bool");
	tk_refused(hk_new("Where", 16, 3, 1), 3, in_wt, ONNXC_EINVAL, "double");
	tk_refused(hk_new("Where", 16, 3, 1), 3, in_ws, ONNXC_EUNSUPPORTED, "string");
	tk_refused(hk_new("Where", 16, 3, 1), 3, in_wb, ONNXC_EINVAL, "cannot broadcast");
}
END_TEST

/* ---- generated from /usr/share/libonnx-testdata/data/node ---- */
/* backend test_and2d */
START_TEST(bk_and2d)
{
	hk *h = hk_new("And", 7, 2, 1);
	const tk_io in[] = {
		{ IR_BOOL, 2, { 3, 4 }, BOOL(1, 1, 1, 1, 1, 0, 1, 0, 0, 1, 1, 1) },
		{ IR_BOOL, 2, { 3, 4 }, BOOL(1, 1, 1, 1, 1, 0, 1, 0, 0, 1, 1, 0) },
	};
	const tk_io out = { IR_BOOL, 2, { 3, 4 }, BOOL(1, 1, 1, 1, 1, 0, 1, 0, 0, 1, 1, 0) };

	tk_check(h, 2, in, &out, 1e-5);
}
END_TEST

/* backend test_or2d */
START_TEST(bk_or2d)
{
	hk *h = hk_new("Or", 7, 2, 1);
	const tk_io in[] = {
		{ IR_BOOL, 2, { 3, 4 }, BOOL(1, 1, 1, 1, 1, 0, 1, 0, 0, 1, 1, 1) },
		{ IR_BOOL, 2, { 3, 4 }, BOOL(1, 1, 1, 1, 1, 0, 1, 0, 0, 1, 1, 0) },
	};
	const tk_io out = { IR_BOOL, 2, { 3, 4 }, BOOL(1, 1, 1, 1, 1, 0, 1, 0, 0, 1, 1, 1) };

	tk_check(h, 2, in, &out, 1e-5);
}
END_TEST

/* backend test_xor2d */
START_TEST(bk_xor2d)
{
	hk *h = hk_new("Xor", 7, 2, 1);
	const tk_io in[] = {
		{ IR_BOOL, 2, { 3, 4 }, BOOL(1, 1, 1, 1, 1, 0, 1, 0, 0, 1, 1, 1) },
		{ IR_BOOL, 2, { 3, 4 }, BOOL(1, 1, 1, 1, 1, 0, 1, 0, 0, 1, 1, 0) },
	};
	const tk_io out = { IR_BOOL, 2, { 3, 4 }, BOOL(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1) };

	tk_check(h, 2, in, &out, 1e-5);
}
END_TEST

/* backend test_and_bcast3v1d */
START_TEST(bk_and_bcast3v1d)
{
	hk *h = hk_new("And", 7, 2, 1);
	const tk_io in[] = {
		{ IR_BOOL, 3, { 3, 4, 5 }, BOOL(1, 1, 1, 1, 1, 0, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 0, 1, 1, 0, 1, 0, 1, 0, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 0, 0) },
		{ IR_BOOL, 1, { 5 }, BOOL(0, 0, 0, 0, 1) },
	};
	const tk_io out = { IR_BOOL, 3, { 3, 4, 5 }, BOOL(0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0) };

	tk_check(h, 2, in, &out, 1e-5);
}
END_TEST

/* backend test_or_bcast3v2d */
START_TEST(bk_or_bcast3v2d)
{
	hk *h = hk_new("Or", 7, 2, 1);
	const tk_io in[] = {
		{ IR_BOOL, 3, { 3, 4, 5 }, BOOL(0, 0, 1, 0, 1, 1, 1, 1, 0, 1, 0, 0, 0, 0, 1, 0, 1, 1, 0, 1, 1, 1, 0, 0, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 0, 1, 0, 0, 1, 1, 1, 1, 0, 1, 0, 1, 1, 0, 1, 1, 1, 0, 1, 1, 0) },
		{ IR_BOOL, 2, { 4, 5 }, BOOL(0, 0, 1, 1, 1, 0, 1, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 1, 1, 1) },
	};
	const tk_io out = { IR_BOOL, 3, { 3, 4, 5 }, BOOL(0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 0, 1, 0, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1) };

	tk_check(h, 2, in, &out, 1e-5);
}
END_TEST

/* backend test_xor_bcast3v1d */
START_TEST(bk_xor_bcast3v1d)
{
	hk *h = hk_new("Xor", 7, 2, 1);
	const tk_io in[] = {
		{ IR_BOOL, 3, { 3, 4, 5 }, BOOL(1, 1, 1, 1, 1, 0, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 0, 1, 1, 0, 1, 0, 1, 0, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 0, 0) },
		{ IR_BOOL, 1, { 5 }, BOOL(0, 0, 0, 0, 1) },
	};
	const tk_io out = { IR_BOOL, 3, { 3, 4, 5 }, BOOL(1, 1, 1, 1, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 0, 0, 0, 1, 0, 1, 0, 1, 1, 0, 0, 1, 1, 1, 1, 0, 1, 0, 0, 0, 1, 1, 0, 0, 1, 0, 1, 0, 1, 0, 0, 1, 1, 1, 1, 0, 1) };

	tk_check(h, 2, in, &out, 1e-5);
}
END_TEST

/* backend test_equal_bcast */
START_TEST(bk_equal_bcast)
{
	hk *h = hk_new("Equal", 13, 2, 1);
	const tk_io in[] = {
		{ IR_INT32, 3, { 3, 4, 5 }, I32(17, 4, 9, 22, 18, -9, 9, -1, -1, 4, 1, 14, 7, 1, 4, 3, 14, -2, 3, -8, -25, 6, 8, -7, 22, -14, 0, -1, 15, 14, 1, 3, -8, -19, -3, 1, 12, 12, -3, -3, -10, -14, -17, 19, -5, -4, -12, 7, -16, -2, -8, 3, -5, -11, 0, 4, 0, 3, -6, -3) },
		{ IR_INT32, 1, { 5 }, I32(-6, -3, -8, -17, 1) },
	};
	const tk_io out = { IR_BOOL, 3, { 3, 4, 5 }, BOOL(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0) };

	tk_check(h, 2, in, &out, 1e-5);
}
END_TEST

/* backend test_greater_bcast */
START_TEST(bk_greater_bcast)
{
	hk *h = hk_new("Greater", 13, 2, 1);
	const tk_io in[] = {
		{ IR_FLOAT, 3, { 3, 4, 5 }, F32(1.764052391052246f, 0.40015721321105957f, 0.978738009929657f, 2.2408931255340576f, 1.8675580024719238f, -0.9772778749465942f, 0.9500884413719177f, -0.15135720372200012f, -0.10321885347366333f, 0.4105985164642334f, 0.14404356479644775f, 1.4542734622955322f, 0.7610377073287964f, 0.12167501449584961f, 0.44386324286460876f, 0.3336743414402008f, 1.4940791130065918f, -0.2051582634449005f, 0.3130677044391632f, -0.8540957570075989f, -2.5529897212982178f, 0.653618574142456f, 0.8644362092018127f, -0.7421650290489197f, 2.269754648208618f, -1.4543657302856445f, 0.04575851559638977f, -0.18718385696411133f, 1.5327792167663574f, 1.4693588018417358f, 0.154947429895401f, 0.37816253304481506f, -0.8877857327461243f, -1.980796456336975f, -0.34791216254234314f, 0.15634897351264954f, 1.2302906513214111f, 1.202379822731018f, -0.38732680678367615f, -0.302302747964859f, -1.0485529899597168f, -1.420017957687378f, -1.7062702178955078f, 1.950775384902954f, -0.5096521973609924f, -0.4380742907524109f, -1.2527953386306763f, 0.7774903774261475f, -1.6138978004455566f, -0.21274028718471527f, -0.8954665660858154f, 0.38690251111984253f, -0.5108051300048828f, -1.18063223361969f, -0.02818222902715206f, 0.4283318817615509f, 0.06651721894741058f, 0.30247190594673157f, -0.6343221068382263f, -0.3627411723136902f) },
		{ IR_FLOAT, 1, { 5 }, F32(-0.6724604368209839f, -0.35955315828323364f, -0.8131462931632996f, -1.7262825965881348f, 0.17742614448070526f) },
	};
	const tk_io out = { IR_BOOL, 3, { 3, 4, 5 }, BOOL(1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 1, 0, 1, 0, 1, 1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 1, 0) };

	tk_check(h, 2, in, &out, 1e-5);
}
END_TEST

/* backend test_less_bcast */
START_TEST(bk_less_bcast)
{
	hk *h = hk_new("Less", 13, 2, 1);
	const tk_io in[] = {
		{ IR_FLOAT, 3, { 3, 4, 5 }, F32(1.764052391052246f, 0.40015721321105957f, 0.978738009929657f, 2.2408931255340576f, 1.8675580024719238f, -0.9772778749465942f, 0.9500884413719177f, -0.15135720372200012f, -0.10321885347366333f, 0.4105985164642334f, 0.14404356479644775f, 1.4542734622955322f, 0.7610377073287964f, 0.12167501449584961f, 0.44386324286460876f, 0.3336743414402008f, 1.4940791130065918f, -0.2051582634449005f, 0.3130677044391632f, -0.8540957570075989f, -2.5529897212982178f, 0.653618574142456f, 0.8644362092018127f, -0.7421650290489197f, 2.269754648208618f, -1.4543657302856445f, 0.04575851559638977f, -0.18718385696411133f, 1.5327792167663574f, 1.4693588018417358f, 0.154947429895401f, 0.37816253304481506f, -0.8877857327461243f, -1.980796456336975f, -0.34791216254234314f, 0.15634897351264954f, 1.2302906513214111f, 1.202379822731018f, -0.38732680678367615f, -0.302302747964859f, -1.0485529899597168f, -1.420017957687378f, -1.7062702178955078f, 1.950775384902954f, -0.5096521973609924f, -0.4380742907524109f, -1.2527953386306763f, 0.7774903774261475f, -1.6138978004455566f, -0.21274028718471527f, -0.8954665660858154f, 0.38690251111984253f, -0.5108051300048828f, -1.18063223361969f, -0.02818222902715206f, 0.4283318817615509f, 0.06651721894741058f, 0.30247190594673157f, -0.6343221068382263f, -0.3627411723136902f) },
		{ IR_FLOAT, 1, { 5 }, F32(-0.6724604368209839f, -0.35955315828323364f, -0.8131462931632996f, -1.7262825965881348f, 0.17742614448070526f) },
	};
	const tk_io out = { IR_BOOL, 3, { 3, 4, 5 }, BOOL(0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 1) };

	tk_check(h, 2, in, &out, 1e-5);
}
END_TEST

/* backend test_less_equal_bcast */
START_TEST(bk_less_equal_bcast)
{
	hk *h = hk_new("LessOrEqual", 16, 2, 1);
	const tk_io in[] = {
		{ IR_FLOAT, 3, { 3, 4, 5 }, F32(1.764052391052246f, 0.40015721321105957f, 0.978738009929657f, 2.2408931255340576f, 1.8675580024719238f, -0.9772778749465942f, 0.9500884413719177f, -0.15135720372200012f, -0.10321885347366333f, 0.4105985164642334f, 0.14404356479644775f, 1.4542734622955322f, 0.7610377073287964f, 0.12167501449584961f, 0.44386324286460876f, 0.3336743414402008f, 1.4940791130065918f, -0.2051582634449005f, 0.3130677044391632f, -0.8540957570075989f, -2.5529897212982178f, 0.653618574142456f, 0.8644362092018127f, -0.7421650290489197f, 2.269754648208618f, -1.4543657302856445f, 0.04575851559638977f, -0.18718385696411133f, 1.5327792167663574f, 1.4693588018417358f, 0.154947429895401f, 0.37816253304481506f, -0.8877857327461243f, -1.980796456336975f, -0.34791216254234314f, 0.15634897351264954f, 1.2302906513214111f, 1.202379822731018f, -0.38732680678367615f, -0.302302747964859f, -1.0485529899597168f, -1.420017957687378f, -1.7062702178955078f, 1.950775384902954f, -0.5096521973609924f, -0.4380742907524109f, -1.2527953386306763f, 0.7774903774261475f, -1.6138978004455566f, -0.21274028718471527f, -0.8954665660858154f, 0.38690251111984253f, -0.5108051300048828f, -1.18063223361969f, -0.02818222902715206f, 0.4283318817615509f, 0.06651721894741058f, 0.30247190594673157f, -0.6343221068382263f, -0.3627411723136902f) },
		{ IR_FLOAT, 1, { 5 }, F32(-0.6724604368209839f, -0.35955315828323364f, -0.8131462931632996f, -1.7262825965881348f, 0.17742614448070526f) },
	};
	const tk_io out = { IR_BOOL, 3, { 3, 4, 5 }, BOOL(0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 1) };

	tk_check(h, 2, in, &out, 1e-5);
}
END_TEST

/* backend test_greater_equal_bcast */
START_TEST(bk_greater_equal_bcast)
{
	hk *h = hk_new("GreaterOrEqual", 16, 2, 1);
	const tk_io in[] = {
		{ IR_FLOAT, 3, { 3, 4, 5 }, F32(1.764052391052246f, 0.40015721321105957f, 0.978738009929657f, 2.2408931255340576f, 1.8675580024719238f, -0.9772778749465942f, 0.9500884413719177f, -0.15135720372200012f, -0.10321885347366333f, 0.4105985164642334f, 0.14404356479644775f, 1.4542734622955322f, 0.7610377073287964f, 0.12167501449584961f, 0.44386324286460876f, 0.3336743414402008f, 1.4940791130065918f, -0.2051582634449005f, 0.3130677044391632f, -0.8540957570075989f, -2.5529897212982178f, 0.653618574142456f, 0.8644362092018127f, -0.7421650290489197f, 2.269754648208618f, -1.4543657302856445f, 0.04575851559638977f, -0.18718385696411133f, 1.5327792167663574f, 1.4693588018417358f, 0.154947429895401f, 0.37816253304481506f, -0.8877857327461243f, -1.980796456336975f, -0.34791216254234314f, 0.15634897351264954f, 1.2302906513214111f, 1.202379822731018f, -0.38732680678367615f, -0.302302747964859f, -1.0485529899597168f, -1.420017957687378f, -1.7062702178955078f, 1.950775384902954f, -0.5096521973609924f, -0.4380742907524109f, -1.2527953386306763f, 0.7774903774261475f, -1.6138978004455566f, -0.21274028718471527f, -0.8954665660858154f, 0.38690251111984253f, -0.5108051300048828f, -1.18063223361969f, -0.02818222902715206f, 0.4283318817615509f, 0.06651721894741058f, 0.30247190594673157f, -0.6343221068382263f, -0.3627411723136902f) },
		{ IR_FLOAT, 1, { 5 }, F32(-0.6724604368209839f, -0.35955315828323364f, -0.8131462931632996f, -1.7262825965881348f, 0.17742614448070526f) },
	};
	const tk_io out = { IR_BOOL, 3, { 3, 4, 5 }, BOOL(1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 1, 0, 1, 0, 1, 1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 1, 0) };

	tk_check(h, 2, in, &out, 1e-5);
}
END_TEST

/* backend test_isinf */
START_TEST(bk_isinf)
{
	hk *h = hk_new("IsInf", 10, 1, 1);
	const tk_io in[] = {
		{ IR_FLOAT, 1, { 6 }, F32(-1.2000000476837158f, NAN, INFINITY, 2.799999952316284f, -INFINITY, INFINITY) },
	};
	const tk_io out = { IR_BOOL, 1, { 6 }, BOOL(0, 0, 1, 0, 1, 1) };

	tk_check(h, 1, in, &out, 1e-5);
}
END_TEST

/* backend test_isinf_negative */
START_TEST(bk_isinf_negative)
{
	hk *h = hk_new("IsInf", 10, 1, 1);
	const tk_io in[] = {
		{ IR_FLOAT, 1, { 6 }, F32(-1.7000000476837158f, NAN, INFINITY, -3.5999999046325684f, -INFINITY, INFINITY) },
	};
	const tk_io out = { IR_BOOL, 1, { 6 }, BOOL(0, 0, 0, 0, 1, 0) };

	hk_attr_int(h, "detect_positive", 0);
	tk_check(h, 1, in, &out, 1e-5);
}
END_TEST

/* backend test_isinf_positive */
START_TEST(bk_isinf_positive)
{
	hk *h = hk_new("IsInf", 10, 1, 1);
	const tk_io in[] = {
		{ IR_FLOAT, 1, { 6 }, F32(-1.7000000476837158f, NAN, INFINITY, 3.5999999046325684f, -INFINITY, INFINITY) },
	};
	const tk_io out = { IR_BOOL, 1, { 6 }, BOOL(0, 0, 1, 0, 0, 1) };

	hk_attr_int(h, "detect_negative", 0);
	tk_check(h, 1, in, &out, 1e-5);
}
END_TEST

/* backend test_isnan */
START_TEST(bk_isnan)
{
	hk *h = hk_new("IsNaN", 13, 1, 1);
	const tk_io in[] = {
		{ IR_FLOAT, 1, { 4 }, F32(3.0f, NAN, 4.0f, NAN) },
	};
	const tk_io out = { IR_BOOL, 1, { 4 }, BOOL(0, 1, 0, 1) };

	tk_check(h, 1, in, &out, 1e-5);
}
END_TEST

/* backend test_not_2d */
START_TEST(bk_not_2d)
{
	hk *h = hk_new("Not", 1, 1, 1);
	const tk_io in[] = {
		{ IR_BOOL, 2, { 3, 4 }, BOOL(1, 1, 1, 1, 1, 0, 1, 0, 0, 1, 1, 1) },
	};
	const tk_io out = { IR_BOOL, 2, { 3, 4 }, BOOL(0, 0, 0, 0, 0, 1, 0, 1, 1, 0, 0, 0) };

	tk_check(h, 1, in, &out, 1e-5);
}
END_TEST

/* backend test_where_example */
START_TEST(bk_where_example)
{
	hk *h = hk_new("Where", 16, 3, 1);
	const tk_io in[] = {
		{ IR_BOOL, 2, { 2, 2 }, BOOL(1, 0, 1, 1) },
		{ IR_FLOAT, 2, { 2, 2 }, F32(1.0f, 2.0f, 3.0f, 4.0f) },
		{ IR_FLOAT, 2, { 2, 2 }, F32(9.0f, 8.0f, 7.0f, 6.0f) },
	};
	const tk_io out = { IR_FLOAT, 2, { 2, 2 }, F32(1.0f, 8.0f, 3.0f, 4.0f) };

	tk_check(h, 3, in, &out, 1e-5);
}
END_TEST

/* backend test_where_long_example */
START_TEST(bk_where_long_example)
{
	hk *h = hk_new("Where", 16, 3, 1);
	const tk_io in[] = {
		{ IR_BOOL, 2, { 2, 2 }, BOOL(1, 0, 1, 1) },
		{ IR_INT64, 2, { 2, 2 }, I64(1, 2, 3, 4) },
		{ IR_INT64, 2, { 2, 2 }, I64(9, 8, 7, 6) },
	};
	const tk_io out = { IR_INT64, 2, { 2, 2 }, I64(1, 8, 3, 4) };

	tk_check(h, 3, in, &out, 1e-5);
}
END_TEST

#define BACKEND_TESTS(X) X(bk_and2d) X(bk_or2d) X(bk_xor2d) X(bk_and_bcast3v1d) X(bk_or_bcast3v2d) X(bk_xor_bcast3v1d) X(bk_equal_bcast) X(bk_greater_bcast) X(bk_less_bcast) X(bk_less_equal_bcast) X(bk_greater_equal_bcast) X(bk_isinf) X(bk_isinf_negative) X(bk_isinf_positive) X(bk_isnan) X(bk_not_2d) X(bk_where_example) X(bk_where_long_example)
int main(void)
{
	Suite *s = suite_create("k_logic");
	TCase *tc = tcase_create("logic");

	tcase_add_test(tc, comparisons);
	tcase_add_test(tc, boolean_ops);
	tcase_add_test(tc, nan_inf);
	tcase_add_test(tc, where_broadcast);
	tcase_add_test(tc, logic_refusals);
#define ADD(t) tcase_add_test(tc, t);
	BACKEND_TESTS(ADD)
	suite_add_tcase(s, tc);
	return tu_run(s);
}
