/*
 * test_k_logic.c - comparisons, And/Or/Xor/Not, IsNaN/IsInf and Where:
 * broadcasting (incl. three-way for Where and the legacy attribute form),
 * NaN, exact 64-bit integer comparisons, bool bytes other than 0/1,
 * refusals (the ONNX backend test data: test_k_elemwise_onnx.c).
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
	tk_check(tk_node("Or", 1, 2, "broadcast", 1), 2, in, &y_or, 0);
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
	tk_check(tk_node("IsInf", 10, 1, "detect_negative", 0), 1, &x, &y_pos, 0);
	h = hk_new("IsInf", 10, 1, 1);
	hk_attr_int(h, "detect_negative", 0);
	hk_attr_int(h, "detect_positive", 0);
	tk_check(h, 1, &x, &y_none, 0);
	tk_check(tk_node("IsInf", 10, 1, "detect_positive", 0), 1, &xd, &yd_neg, 0);
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

TK_MAIN("k_logic", comparisons, boolean_ops, nan_inf, where_broadcast, logic_refusals)
