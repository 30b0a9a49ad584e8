/*
 * test_k_cast.c - Cast (every version, `to` as a string in Cast-1) and
 * CastLike: truncation and wrapping of float -> integer, integer wrapping,
 * bool both ways, float16/bfloat16 round-to-nearest-even (ties, subnormals,
 * overflow), 64-bit extremes, refusals (the ONNX backend test data:
 * test_k_elemwise_onnx.c).
 */
#include "test_k_elemwise.h"

/* a Cast node of this opset to element type `to` */
#define cast_to(opset, to) tk_node("Cast", opset, 1, "to", to)

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
	const tk_io xc = { IR_COMPLEX64, 1, { 0 }, NULL };
	const tk_io in_like[] = { x, { IR_STRING, 1, { 1 }, NULL } };
	hk *h;

	/* strings only at prepare: the input must be constant (test_k_string.c) */
	tk_refused(cast_to(13, IR_STRING), 1, &x, ONNXC_EUNSUPPORTED, "must be known when the model");
	tk_refused(cast_to(13, IR_FLOAT), 1, &xs, ONNXC_EUNSUPPORTED, "must be known when the model");
	tk_refused(hk_new("CastLike", 15, 2, 1), 2, in_like, ONNXC_EUNSUPPORTED,
		   "must be known when the model");
	tk_refused(cast_to(13, IR_COMPLEX64), 1, &x, ONNXC_EUNSUPPORTED, "complex64");
	tk_refused(cast_to(13, IR_STRING), 1, &xc, ONNXC_EUNSUPPORTED, "complex64 to string");
	tk_refused(cast_to(13, 0), 1, &x, ONNXC_EINVAL, "'to'");
	tk_refused(cast_to(13, 99), 1, &x, ONNXC_EINVAL, "'to'");
	tk_refused(hk_new("Cast", 13, 1, 1), 1, &x, ONNXC_EINVAL, "'to' is missing");
	h = hk_new("Cast", 1, 1, 1);
	hk_attr_string(h, "to", "FLOAT128");
	tk_refused(h, 1, &x, ONNXC_EINVAL, "'to'");
	/* out of memory for the converter */
	h = cast_to(13, IR_INT8);
	tk_inputs(h, 1, &x);
	onnxc_alloc_fail_after(0);
	ck_assert_int_eq(hk_prep(h), -1);
	onnxc_alloc_fail_after(-1);
	ck_assert_int_eq(h->err.code, ONNXC_ENOMEM);
	hk_free(h);
}
END_TEST

TK_MAIN("k_cast", float_to_integer, integer_and_bool, half_rounding,
	versions_and_castlike, cast_refusals)
