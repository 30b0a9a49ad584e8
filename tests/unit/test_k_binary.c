/*
 * test_k_binary.c - Add/Sub/Mul/Div/Pow/Mod/BitShift/PRelu and the variadic
 * Max/Min/Sum/Mean: numpy broadcasting (scalar, row, column, rank mismatch,
 * both sides, zero-size, runs longer than one chunk), the legacy
 * broadcast/axis forms, integer semantics, NaN in Max/Min, in place, and
 * refusals; then cases from the ONNX backend test data.
 */
#include "test_k_elemwise.h"

START_TEST(broadcast_shapes)
{
	const tk_io m23 = { IR_FLOAT, 2, { 2, 3 }, F32(1, 2, 3, 4, 5, 6) };
	/* scalar */
	const tk_io in_s[] = { m23, { IR_FLOAT, 0, { 0 }, F32(10) } };
	const tk_io y_s = { IR_FLOAT, 2, { 2, 3 }, F32(11, 12, 13, 14, 15, 16) };
	/* row */
	const tk_io in_r[] = { m23, { IR_FLOAT, 1, { 3 }, F32(10, 20, 30) } };
	const tk_io y_r = { IR_FLOAT, 2, { 2, 3 }, F32(11, 22, 33, 14, 25, 36) };
	/* column, on the left */
	const tk_io in_c[] = { { IR_FLOAT, 2, { 2, 1 }, F32(10, 20) }, m23 };
	const tk_io y_c = { IR_FLOAT, 2, { 2, 3 }, F32(9, 8, 7, 16, 15, 14) };
	/* both sides broadcast and rank mismatch: (2,1) - (3,1,3) -> (3,2,3) */
	const tk_io in_b[] = { { IR_FLOAT, 2, { 2, 1 }, F32(100, 200) },
			       { IR_FLOAT, 3, { 3, 1, 3 }, F32(1, 2, 3, 4, 5, 6, 7, 8, 9) } };
	const tk_io y_b = { IR_FLOAT, 3, { 3, 2, 3 },
			    F32(99, 98, 97, 199, 198, 197, 96, 95, 94, 196, 195, 194, 93, 92, 91, 193,
				192, 191) };
	/* zero-size dims */
	const tk_io in_z[] = { { IR_FLOAT, 2, { 0, 3 }, NULL }, { IR_FLOAT, 2, { 1, 3 }, F32(1, 2, 3) } };
	const tk_io y_z = { IR_FLOAT, 2, { 0, 3 }, NULL };
	const tk_io in_z1[] = { { IR_FLOAT, 1, { 1 }, F32(1) }, { IR_FLOAT, 3, { 2, 0, 1 }, NULL } };
	const tk_io y_z1 = { IR_FLOAT, 3, { 2, 0, 1 }, NULL };

	tk_check(hk_new("Add", 14, 2, 1), 2, in_s, &y_s, 0);
	tk_check(hk_new("Add", 7, 2, 1), 2, in_r, &y_r, 0);
	tk_check(hk_new("Sub", 13, 2, 1), 2, in_c, &y_c, 0);
	tk_check(hk_new("Sub", 14, 2, 1), 2, in_b, &y_b, 0);
	tk_check(hk_new("Mul", 14, 2, 1), 2, in_z, &y_z, 0);
	tk_check(hk_new("Div", 14, 2, 1), 2, in_z1, &y_z1, 0);
}
END_TEST

/* long runs with conversions cross chunk boundaries: int8 (3, 1000) + (1000)
 * and float16 (1300) * scalar */
START_TEST(long_runs_convert_in_chunks)
{
	static int8_t a[3000], b[1000], y[3000];
	static uint16_t h1[1300], hy[1300];
	const tk_io in[] = { { IR_INT8, 2, { 3, 1000 }, a }, { IR_INT8, 1, { 1000 }, b } };
	const tk_io out = { IR_INT8, 2, { 3, 1000 }, y };
	const tk_io in_h[] = { { IR_FLOAT16, 1, { 1300 }, h1 }, { IR_FLOAT16, 0, { 0 }, F16(0x4000) } };
	const tk_io out_h = { IR_FLOAT16, 1, { 1300 }, hy };
	int i;

	for (i = 0; i < 3000; i++) {
		a[i] = (int8_t)(i * 7);
		if (i < 1000)
			b[i] = (int8_t)(i * 13 + 5);
	}
	for (i = 0; i < 3000; i++)
		y[i] = (int8_t)(uint8_t)((uint8_t)a[i] + (uint8_t)b[i % 1000]);   /* wraps */
	for (i = 0; i < 1300; i++) {
		h1[i] = rt_float_to_half((float)(i % 97) - 48.5f);
		hy[i] = rt_float_to_half(2 * ((float)(i % 97) - 48.5f));
	}
	tk_check(hk_new("Add", 14, 2, 1), 2, in, &out, 0);
	tk_check(hk_new("Mul", 14, 2, 1), 2, in_h, &out_h, 0);
}
END_TEST

START_TEST(legacy_broadcast_attribute)
{
	const tk_io a = { IR_FLOAT, 3, { 2, 3, 2 }, F32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11) };
	/* axis=1: B (3) lines up with A's dim 1 */
	const tk_io in_ax[] = { a, { IR_FLOAT, 1, { 3 }, F32(100, 200, 300) } };
	const tk_io y_ax = { IR_FLOAT, 3, { 2, 3, 2 },
			     F32(100, 101, 202, 203, 304, 305, 106, 107, 208, 209, 310, 311) };
	/* suffix matching: B (3, 2) */
	const tk_io in_sf[] = { a, { IR_FLOAT, 2, { 3, 2 }, F32(1, 2, 3, 4, 5, 6) } };
	const tk_io y_sf = { IR_FLOAT, 3, { 2, 3, 2 }, F32(0, 2, 6, 12, 20, 30, 6, 14, 24, 36, 50, 66) };
	/* a one-element B of lower rank */
	const tk_io in_one[] = { a, { IR_FLOAT, 2, { 1, 1 }, F32(2) } };
	const tk_io y_one = { IR_FLOAT, 3, { 2, 3, 2 }, F32(0, 1, 4, 9, 16, 25, 36, 49, 64, 81, 100, 121) };
	/* broadcast=0 needs equal shapes */
	const tk_io in_eq[] = { { IR_FLOAT, 1, { 2 }, F32(6, 8) }, { IR_FLOAT, 1, { 2 }, F32(2, 4) } };
	const tk_io y_eq = { IR_FLOAT, 1, { 2 }, F32(3, 2) };
	/* Equal-1 with broadcast on int32 */
	const tk_io in_e[] = { { IR_INT32, 2, { 2, 2 }, I32(1, 2, 3, 1) }, { IR_INT32, 1, { 2 }, I32(1, 1) } };
	const tk_io y_e = { IR_BOOL, 2, { 2, 2 }, BOOL(1, 0, 0, 1) };
	hk *h;

	h = hk_new("Add", 1, 2, 1);
	hk_attr_int(h, "broadcast", 1);
	hk_attr_int(h, "axis", 1);
	hk_attr_ints(h, "consumed_inputs", 2, (const int64_t[]){ 0, 0 });
	tk_check(h, 2, in_ax, &y_ax, 0);
	h = hk_new("Mul", 6, 2, 1);
	hk_attr_int(h, "broadcast", 1);
	tk_check(h, 2, in_sf, &y_sf, 0);
	h = hk_new("Pow", 1, 2, 1);
	hk_attr_int(h, "broadcast", 1);
	tk_check(h, 2, in_one, &y_one, 0);
	tk_check(hk_new("Div", 6, 2, 1), 2, in_eq, &y_eq, 0);
	h = hk_new("Equal", 1, 2, 1);
	hk_attr_int(h, "broadcast", 1);
	tk_check(h, 2, in_e, &y_e, 0);
	/* refusals: no broadcast attribute with different shapes; B not
	 * matching at axis; numpy-only broadcasting */
	tk_refused(hk_new("Add", 6, 2, 1), 2, in_ax, ONNXC_EINVAL, "broadcast=0");
	h = hk_new("Sub", 6, 2, 1);
	hk_attr_int(h, "broadcast", 1);
	hk_attr_int(h, "axis", 0);
	tk_refused(h, 2, in_ax, ONNXC_EINVAL, "does not match");
	h = hk_new("Sub", 6, 2, 1);
	hk_attr_int(h, "broadcast", 1);
	hk_attr_int(h, "axis", 2);
	tk_refused(h, 2, in_sf, ONNXC_EINVAL, "axis 2");
}
END_TEST

START_TEST(integer_arithmetic)
{
	/* Div truncates toward zero; x/0 = 0; INT64_MIN/-1 wraps */
	const tk_io in_d[] = { { IR_INT64, 1, { 6 }, I64(-7, 7, -7, 7, 5, INT64_MIN) },
			       { IR_INT64, 1, { 6 }, I64(2, -2, -2, 2, 0, -1) } };
	const tk_io y_d = { IR_INT64, 1, { 6 }, I64(-3, -3, 3, 3, 0, INT64_MIN) };
	/* uint32 wraps on Sub */
	const tk_io in_u[] = { { IR_UINT32, 1, { 2 }, U32(1, 5) }, { IR_UINT32, 0, { 0 }, U32(2) } };
	const tk_io y_u = { IR_UINT32, 1, { 2 }, U32(4294967295u, 3) };
	/* int32 Mul wraps */
	const tk_io in_m[] = { { IR_INT32, 1, { 2 }, I32(65536, -3) }, { IR_INT32, 1, { 2 }, I32(65536, 4) } };
	const tk_io y_m = { IR_INT32, 1, { 2 }, I32(0, -12) };
	/* Mod: sign of the divisor; fmod=1: sign of the dividend; by 0 -> 0 */
	const tk_io in_mod[] = { { IR_INT64, 1, { 5 }, I64(-7, 7, -7, 7, 3) },
				 { IR_INT64, 1, { 5 }, I64(2, -2, -2, 2, 0) } };
	const tk_io y_mod = { IR_INT64, 1, { 5 }, I64(1, -1, -1, 1, 0) };
	const tk_io y_fmod = { IR_INT64, 1, { 5 }, I64(-1, 1, -1, 1, 0) };
	/* float fmod */
	const tk_io in_ff[] = { { IR_FLOAT, 1, { 3 }, F32(-7.5f, 7.5f, 5) }, { IR_FLOAT, 0, { 0 }, F32(2) } };
	const tk_io y_ff = { IR_FLOAT, 1, { 3 }, F32(-1.5f, 1.5f, 1) };
	/* Pow: exact integer powers, negative exponents */
	const tk_io in_p[] = { { IR_INT64, 1, { 5 }, I64(3, 2, -1, 1, -2) },
			       { IR_INT64, 1, { 5 }, I64(39, -1, -3, -5, 3) } };
	const tk_io y_p = { IR_INT64, 1, { 5 }, I64(4052555153018976267LL, 0, -1, 1, -8) };
	/* Pow: float base, int8 exponent; int32 base, double exponent */
	const tk_io in_fp[] = { { IR_FLOAT, 1, { 3 }, F32(2, -2, 4) }, { IR_INT8, 1, { 3 }, I8(3, 2, -1) } };
	const tk_io y_fp = { IR_FLOAT, 1, { 3 }, F32(8, 4, 0.25f) };
	const tk_io in_ip[] = { { IR_INT32, 1, { 3 }, I32(4, 9, 10) }, { IR_DOUBLE, 1, { 3 }, F64(0.5, 0.5, -1) } };
	const tk_io y_ip = { IR_INT32, 1, { 3 }, I32(2, 3, 0) };
	/* BitShift: shifting out of the type's width gives 0 */
	const tk_io in_sh[] = { { IR_UINT8, 1, { 4 }, U8(1, 255, 3, 128) }, { IR_UINT8, 1, { 4 }, U8(7, 1, 8, 200) } };
	const tk_io y_shl = { IR_UINT8, 1, { 4 }, U8(128, 254, 0, 0) };
	const tk_io y_shr = { IR_UINT8, 1, { 4 }, U8(0, 127, 0, 0) };
	hk *h;

	tk_check(hk_new("Div", 14, 2, 1), 2, in_d, &y_d, 0);
	tk_check(hk_new("Sub", 7, 2, 1), 2, in_u, &y_u, 0);
	tk_check(hk_new("Mul", 13, 2, 1), 2, in_m, &y_m, 0);
	tk_check(hk_new("Mod", 10, 2, 1), 2, in_mod, &y_mod, 0);
	h = hk_new("Mod", 13, 2, 1);
	hk_attr_int(h, "fmod", 1);
	tk_check(h, 2, in_mod, &y_fmod, 0);
	h = hk_new("Mod", 13, 2, 1);
	hk_attr_int(h, "fmod", 1);
	tk_check(h, 2, in_ff, &y_ff, 0);
	tk_check(hk_new("Pow", 15, 2, 1), 2, in_p, &y_p, 0);
	tk_check(hk_new("Pow", 12, 2, 1), 2, in_fp, &y_fp, 0);
	tk_check(hk_new("Pow", 13, 2, 1), 2, in_ip, &y_ip, 0);
	h = hk_new("BitShift", 11, 2, 1);
	hk_attr_string(h, "direction", "LEFT");
	tk_check(h, 2, in_sh, &y_shl, 0);
	h = hk_new("BitShift", 11, 2, 1);
	hk_attr_string(h, "direction", "RIGHT");
	tk_check(h, 2, in_sh, &y_shr, 0);
}
END_TEST

START_TEST(variadic)
{
	/* Max/Min propagate NaN whichever side it is on */
	const tk_io in_n[] = { { IR_FLOAT, 1, { 4 }, F32(NAN, 1, 5, -INFINITY) },
			       { IR_FLOAT, 1, { 4 }, F32(2, NAN, 3, 0) } };
	const tk_io y_max = { IR_FLOAT, 1, { 4 }, F32(NAN, NAN, 5, 0) };
	const tk_io y_min = { IR_FLOAT, 1, { 4 }, F32(NAN, NAN, 3, -INFINITY) };
	/* three inputs broadcast (opset 8+): (2,1), (3), scalar */
	const tk_io in3[] = { { IR_FLOAT, 2, { 2, 1 }, F32(1, 2) }, { IR_FLOAT, 1, { 3 }, F32(10, 20, 30) },
			      { IR_FLOAT, 0, { 0 }, F32(100) } };
	const tk_io y_sum = { IR_FLOAT, 2, { 2, 3 }, F32(111, 121, 131, 112, 122, 132) };
	const tk_io y_mean = { IR_FLOAT, 2, { 2, 3 }, F32(37, 121.0f / 3, 131.0f / 3, 112.0f / 3, 122.0f / 3, 44) };
	const tk_io y_max3 = { IR_FLOAT, 2, { 2, 3 }, F32(100, 100, 100, 100, 100, 100) };
	/* int64 Max of three, Mean of float16 */
	const tk_io in_i[] = { { IR_INT64, 1, { 2 }, I64(INT64_MIN, 3) }, { IR_INT64, 1, { 2 }, I64(-5, 2) },
			       { IR_INT64, 1, { 2 }, I64(-9, INT64_MAX) } };
	const tk_io y_i = { IR_INT64, 1, { 2 }, I64(-5, INT64_MAX) };
	const tk_io in_h[] = { { IR_FLOAT16, 1, { 2 }, F16(0x3c00, 0x4000) },   /* 1, 2 */
			       { IR_FLOAT16, 1, { 2 }, F16(0x4000, 0x4400) } }; /* 2, 4 */
	const tk_io y_h = { IR_FLOAT16, 1, { 2 }, F16(0x3e00, 0x4200) };        /* 1.5, 3 */
	/* Sum-6 requires equal shapes */
	const tk_io in_bad[] = { { IR_FLOAT, 1, { 2 }, F32(1, 2) }, { IR_FLOAT, 0, { 0 }, F32(1) } };

	tk_check(hk_new("Max", 13, 2, 1), 2, in_n, &y_max, 0);
	tk_check(hk_new("Min", 12, 2, 1), 2, in_n, &y_min, 0);
	tk_check(hk_new("Sum", 8, 3, 1), 3, in3, &y_sum, 0);
	tk_check(hk_new("Mean", 13, 3, 1), 3, in3, &y_mean, 1e-5);
	tk_check(hk_new("Max", 8, 3, 1), 3, in3, &y_max3, 0);
	tk_check(hk_new("Max", 12, 3, 1), 3, in_i, &y_i, 0);
	tk_check(hk_new("Mean", 13, 2, 1), 2, in_h, &y_h, 0);
	tk_refused(hk_new("Sum", 6, 2, 1), 2, in_bad, ONNXC_EINVAL, "opset 8");
	tk_refused(hk_new("Max", 1, 2, 1), 2, in_bad, ONNXC_EINVAL, "shape");
}
END_TEST

START_TEST(prelu_forms)
{
	/* X (1, 2, 2, 2); PRelu-6 slope (2): one per channel */
	const tk_io x = { IR_FLOAT, 4, { 1, 2, 2, 2 }, F32(-1, 1, -2, 2, -1, 1, -2, 2) };
	const tk_io in_ch[] = { x, { IR_FLOAT, 1, { 2 }, F32(0.5f, 3) } };
	const tk_io y_ch = { IR_FLOAT, 4, { 1, 2, 2, 2 }, F32(-0.5f, 1, -1, 2, -3, 1, -6, 2) };
	/* PRelu-7: numpy-style (2, 1, 1); (2) lines up with the last dim */
	const tk_io in_7[] = { x, { IR_FLOAT, 3, { 2, 1, 1 }, F32(0.5f, 3) } };
	const tk_io in_last[] = { x, { IR_FLOAT, 1, { 2 }, F32(0.5f, 3) } };
	const tk_io y_last = { IR_FLOAT, 4, { 1, 2, 2, 2 }, F32(-0.5f, 1, -1, 2, -0.5f, 1, -1, 2) };
	/* PRelu-9 on int32 with a scalar slope */
	const tk_io in_i[] = { { IR_INT32, 1, { 3 }, I32(-4, 0, 4) }, { IR_INT32, 0, { 0 }, I32(3) } };
	const tk_io y_i = { IR_INT32, 1, { 3 }, I32(-12, 0, 4) };
	/* the slope must broadcast to X's shape */
	const tk_io in_bad[] = { { IR_FLOAT, 1, { 2 }, F32(1, 2) }, { IR_FLOAT, 2, { 3, 2 }, F32(1, 2, 3, 4, 5, 6) } };

	tk_check(hk_new("PRelu", 6, 2, 1), 2, in_ch, &y_ch, 0);
	tk_check(hk_new("PRelu", 1, 2, 1), 2, in_ch, &y_ch, 0);
	tk_check(hk_new("PRelu", 7, 2, 1), 2, in_7, &y_ch, 0);
	tk_check(hk_new("PRelu", 16, 2, 1), 2, in_last, &y_last, 0);
	tk_check(hk_new("PRelu", 9, 2, 1), 2, in_i, &y_i, 0);
	tk_refused(hk_new("PRelu", 16, 2, 1), 2, in_bad, ONNXC_EINVAL, "does not broadcast");
}
END_TEST

START_TEST(in_place)
{
	const tk_io in[] = { { IR_FLOAT, 2, { 2, 2 }, F32(1, 2, 3, 4) }, { IR_FLOAT, 2, { 2, 2 }, F32(10, 20, 30, 40) } };
	const tk_io y = { IR_FLOAT, 2, { 2, 2 }, F32(-9, -18, -27, -36) };
	/* the broadcast input aliased is the other one */
	const tk_io in_b[] = { { IR_FLOAT, 1, { 2 }, F32(1, 2) }, { IR_FLOAT, 2, { 2, 2 }, F32(10, 20, 30, 40) } };
	const tk_io y_b = { IR_FLOAT, 2, { 2, 2 }, F32(10, 40, 30, 80) };
	/* int16 (converted through int64) in place */
	const tk_io in_i[] = { { IR_INT16, 1, { 3 }, I16(1, 2, 3) }, { IR_INT16, 1, { 3 }, I16(5, 5, 5) } };
	const tk_io y_i = { IR_INT16, 1, { 3 }, I16(5, 10, 15) };
	const tk_io in3[] = { in[0], in[1], in[0] };
	const tk_io y3 = { IR_FLOAT, 2, { 2, 2 }, F32(4, 8, 12, 16) };
	hk *h;
	void *keep;

	tk_inplace(hk_new("Sub", 14, 2, 1), 2, in, 0, &y, 0);
	tk_inplace(hk_new("Sub", 14, 2, 1), 2, in, 1, &y, 0);
	tk_inplace(hk_new("Mul", 14, 2, 1), 2, in_b, 1, &y_b, 0);
	tk_inplace(hk_new("Mul", 14, 2, 1), 2, in_i, 0, &y_i, 0);
	/* Mean(x, y, x) writing over x, which input 2 also reads */
	h = hk_new("Mean", 13, 3, 1);
	tk_inputs(h, 3, in3);
	ck_assert_int_eq(hk_prep(h), 0);
	keep = h->in[2].data;
	h->in[2].data = h->in[0].data;
	h->out[0].data = h->in[0].data;
	ck_assert_int_eq(rt_op_get(h->node->op)->exec(&h->rn, &h->err), 0);
	tk_expect_out(h, 0, &y3, 0);
	h->out[0].data = NULL;
	h->in[2].data = keep;
	hk_free(h);
}
END_TEST

START_TEST(binary_refusals)
{
	const tk_io in_bc[] = { { IR_FLOAT, 2, { 2, 3 }, F32(1, 2, 3, 4, 5, 6) }, { IR_FLOAT, 1, { 2 }, F32(1, 2) } };
	const tk_io in_ty[] = { { IR_FLOAT, 1, { 1 }, F32(1) }, { IR_DOUBLE, 1, { 1 }, F64(1) } };
	const tk_io in_f[] = { { IR_FLOAT, 1, { 1 }, F32(1) }, { IR_FLOAT, 1, { 1 }, F32(1) } };
	const tk_io in_sh[] = { { IR_INT32, 1, { 1 }, I32(1) }, { IR_INT32, 1, { 1 }, I32(1) } };
	const tk_io in_pu[] = { { IR_UINT8, 1, { 1 }, U8(1) }, { IR_UINT8, 1, { 1 }, U8(1) } };
	const tk_io in_str[] = { { IR_STRING, 1, { 1 }, NULL }, { IR_STRING, 1, { 1 }, NULL } };
	hk *h;

	tk_refused(hk_new("Add", 14, 2, 1), 2, in_bc, ONNXC_EINVAL, "cannot broadcast");
	tk_refused(hk_new("Mul", 14, 2, 1), 2, in_ty, ONNXC_EINVAL, "double");
	tk_refused(hk_new("Mod", 13, 2, 1), 2, in_f, ONNXC_EINVAL, "fmod must be 1");
	h = hk_new("BitShift", 11, 2, 1);
	hk_attr_string(h, "direction", "UP");
	tk_refused(h, 2, in_pu, ONNXC_EINVAL, "direction");
	h = hk_new("BitShift", 11, 2, 1);
	hk_attr_string(h, "direction", "LEFT");
	tk_refused(h, 2, in_sh, ONNXC_EUNSUPPORTED, "int32");
	tk_refused(hk_new("Pow", 15, 2, 1), 2, in_pu, ONNXC_EUNSUPPORTED, "uint8");
	tk_refused(hk_new("Add", 14, 2, 1), 2, in_str, ONNXC_EUNSUPPORTED, "string");
}
END_TEST

/* ---- cases from the ONNX backend test data: inputs, attributes and the
 * expected output of /usr/share/libonnx-testdata/data/node/test_<name>,
 * decoded with onnx.numpy_helper ---- */
static const tk_case backend[] = {
	{ "add_bcast", "Add", 14, 2,
	  {
		  { IR_FLOAT, 3, { 3, 4, 5 }, F32(1.764052391052246f, 0.40015721321105957f, 0.978738009929657f,
			2.2408931255340576f, 1.8675580024719238f, -0.9772778749465942f,
			0.9500884413719177f, -0.15135720372200012f, -0.10321885347366333f,
			0.4105985164642334f, 0.14404356479644775f, 1.4542734622955322f,
			0.7610377073287964f, 0.12167501449584961f, 0.44386324286460876f,
			0.3336743414402008f, 1.4940791130065918f, -0.2051582634449005f,
			0.3130677044391632f, -0.8540957570075989f, -2.5529897212982178f,
			0.653618574142456f, 0.8644362092018127f, -0.7421650290489197f,
			2.269754648208618f, -1.4543657302856445f, 0.04575851559638977f,
			-0.18718385696411133f, 1.5327792167663574f, 1.4693588018417358f,
			0.154947429895401f, 0.37816253304481506f, -0.8877857327461243f,
			-1.980796456336975f, -0.34791216254234314f, 0.15634897351264954f,
			1.2302906513214111f, 1.202379822731018f, -0.38732680678367615f,
			-0.302302747964859f, -1.0485529899597168f, -1.420017957687378f,
			-1.7062702178955078f, 1.950775384902954f, -0.5096521973609924f,
			-0.4380742907524109f, -1.2527953386306763f, 0.7774903774261475f,
			-1.6138978004455566f, -0.21274028718471527f, -0.8954665660858154f,
			0.38690251111984253f, -0.5108051300048828f, -1.18063223361969f,
			-0.02818222902715206f, 0.4283318817615509f, 0.06651721894741058f,
			0.30247190594673157f, -0.6343221068382263f, -0.3627411723136902f) },
		  { IR_FLOAT, 1, { 5 }, F32(-0.6724604368209839f, -0.35955315828323364f, -0.8131462931632996f,
			-1.7262825965881348f, 0.17742614448070526f) },
	  },
	  { IR_FLOAT, 3, { 3, 4, 5 }, F32(1.0915919542312622f, 0.04060405492782593f, 0.16559171676635742f,
		0.5146105289459229f, 2.0449841022491455f, -1.6497383117675781f,
		0.5905352830886841f, -0.9645035266876221f, -1.8295013904571533f,
		0.5880246758460999f, -0.5284168720245361f, 1.0947203636169434f,
		-0.052108585834503174f, -1.6046075820922852f, 0.6212893724441528f,
		-0.3387860953807831f, 1.134526014328003f, -1.0183045864105225f,
		-1.413214921951294f, -0.6766695976257324f, -3.225450038909912f,
		0.2940654158592224f, 0.051289916038513184f, -2.468447685241699f,
		2.44718074798584f, -2.126826286315918f, -0.31379464268684387f,
		-1.0003302097320557f, -0.19350337982177734f, 1.6467849016189575f,
		-0.5175130367279053f, 0.01860937476158142f, -1.7009320259094238f,
		-3.7070789337158203f, -0.17048601806163788f, -0.5161114931106567f,
		0.8707374930381775f, 0.3892335295677185f, -2.1136093139648438f,
		-0.12487660348415375f, -1.7210134267807007f, -1.7795710563659668f,
		-2.519416570663452f, 0.22449278831481934f, -0.332226037979126f,
		-1.11053466796875f, -1.6123485565185547f, -0.0356559157371521f,
		-3.3401803970336914f, -0.03531414270401001f, -1.5679270029067993f,
		0.027349352836608887f, -1.3239514827728271f, -2.906914710998535f,
		0.14924392104148865f, -0.24412855505943298f, -0.29303592443466187f,
		-0.5106743574142456f, -2.360604763031006f, -0.18531502783298492f) },
	  { { NULL } }, 1e-6 },
	{ "add_uint8", "Add", 14, 2,
	  {
		  { IR_UINT8, 3, { 3, 4, 5 }, U8(12, 10, 12, 15, 10, 4, 23, 21, 6, 22, 23, 0, 12, 1, 3, 19, 14, 18, 2,
			3, 22, 11, 7, 5, 9, 4, 20, 12, 19, 1, 21, 17, 5, 18, 22, 6, 2, 4, 23,
			5, 16, 23, 11, 12, 6, 11, 4, 4, 14, 18, 22, 12, 13, 12, 5, 9, 2, 1,
			2, 8) },
		  { IR_UINT8, 3, { 3, 4, 5 }, U8(6, 14, 10, 7, 10, 10, 15, 23, 8, 5, 7, 14, 8, 11, 17, 17, 11, 13, 4,
			5, 6, 19, 12, 2, 9, 22, 13, 11, 15, 18, 8, 22, 9, 14, 22, 20, 23, 14,
			5, 19, 8, 13, 5, 16, 19, 5, 19, 18, 6, 21, 5, 8, 21, 7, 21, 7, 15, 7,
			14, 3) },
	  },
	  { IR_UINT8, 3, { 3, 4, 5 }, U8(18, 24, 22, 22, 20, 14, 38, 44, 14, 27, 30, 14, 20, 12, 20, 36, 25, 31, 6, 8,
		28, 30, 19, 7, 18, 26, 33, 23, 34, 19, 29, 39, 14, 32, 44, 26, 25, 18, 28,
		24, 24, 36, 16, 28, 25, 16, 23, 22, 20, 39, 27, 20, 34, 19, 26, 16, 17, 8,
		16, 11) },
	  { { NULL } }, 1e-6 },
	{ "div_example", "Div", 14, 2,
	  {
		  { IR_FLOAT, 1, { 2 }, F32(3.0f, 4.0f) },
		  { IR_FLOAT, 1, { 2 }, F32(1.0f, 2.0f) },
	  },
	  { IR_FLOAT, 1, { 2 }, F32(3.0f, 2.0f) },
	  { { NULL } }, 1e-6 },
	{ "mul_example", "Mul", 14, 2,
	  {
		  { IR_FLOAT, 1, { 3 }, F32(1.0f, 2.0f, 3.0f) },
		  { IR_FLOAT, 1, { 3 }, F32(4.0f, 5.0f, 6.0f) },
	  },
	  { IR_FLOAT, 1, { 3 }, F32(4.0f, 10.0f, 18.0f) },
	  { { NULL } }, 1e-6 },
	{ "sub_example", "Sub", 14, 2,
	  {
		  { IR_FLOAT, 1, { 3 }, F32(1.0f, 2.0f, 3.0f) },
		  { IR_FLOAT, 1, { 3 }, F32(3.0f, 2.0f, 1.0f) },
	  },
	  { IR_FLOAT, 1, { 3 }, F32(-2.0f, 0.0f, 2.0f) },
	  { { NULL } }, 1e-6 },
	{ "pow_example", "Pow", 15, 2,
	  {
		  { IR_FLOAT, 1, { 3 }, F32(1.0f, 2.0f, 3.0f) },
		  { IR_FLOAT, 1, { 3 }, F32(4.0f, 5.0f, 6.0f) },
	  },
	  { IR_FLOAT, 1, { 3 }, F32(1.0f, 32.0f, 729.0f) },
	  { { NULL } }, 1e-6 },
	{ "pow_bcast_array", "Pow", 15, 2,
	  {
		  { IR_FLOAT, 2, { 2, 3 }, F32(1.0f, 2.0f, 3.0f, 4.0f, 5.0f, 6.0f) },
		  { IR_FLOAT, 1, { 3 }, F32(1.0f, 2.0f, 3.0f) },
	  },
	  { IR_FLOAT, 2, { 2, 3 }, F32(1.0f, 4.0f, 27.0f, 4.0f, 25.0f, 216.0f) },
	  { { NULL } }, 1e-6 },
	{ "pow_bcast_scalar", "Pow", 15, 2,
	  {
		  { IR_FLOAT, 1, { 3 }, F32(1.0f, 2.0f, 3.0f) },
		  { IR_FLOAT, 0, { 0 }, F32(2.0f) },
	  },
	  { IR_FLOAT, 1, { 3 }, F32(1.0f, 4.0f, 9.0f) },
	  { { NULL } }, 1e-6 },
	{ "pow_types_float", "Pow", 12, 2,
	  {
		  { IR_INT64, 1, { 3 }, I64(1, 2, 3) },
		  { IR_FLOAT, 1, { 3 }, F32(4.0f, 5.0f, 6.0f) },
	  },
	  { IR_INT64, 1, { 3 }, I64(1, 32, 729) },
	  { { NULL } }, 1e-6 },
	{ "pow_types_float32_int32", "Pow", 15, 2,
	  {
		  { IR_FLOAT, 1, { 3 }, F32(1.0f, 2.0f, 3.0f) },
		  { IR_INT32, 1, { 3 }, I32(4, 5, 6) },
	  },
	  { IR_FLOAT, 1, { 3 }, F32(1.0f, 32.0f, 729.0f) },
	  { { NULL } }, 1e-6 },
	{ "pow_types_float32_int64", "Pow", 15, 2,
	  {
		  { IR_FLOAT, 1, { 3 }, F32(1.0f, 2.0f, 3.0f) },
		  { IR_INT64, 1, { 3 }, I64(4, 5, 6) },
	  },
	  { IR_FLOAT, 1, { 3 }, F32(1.0f, 32.0f, 729.0f) },
	  { { NULL } }, 1e-6 },
	{ "pow_types_float32_uint32", "Pow", 15, 2,
	  {
		  { IR_FLOAT, 1, { 3 }, F32(1.0f, 2.0f, 3.0f) },
		  { IR_UINT32, 1, { 3 }, U32(4, 5, 6) },
	  },
	  { IR_FLOAT, 1, { 3 }, F32(1.0f, 32.0f, 729.0f) },
	  { { NULL } }, 1e-6 },
	{ "pow_types_float32_uint64", "Pow", 15, 2,
	  {
		  { IR_FLOAT, 1, { 3 }, F32(1.0f, 2.0f, 3.0f) },
		  { IR_UINT64, 1, { 3 }, U64(4u, 5u, 6u) },
	  },
	  { IR_FLOAT, 1, { 3 }, F32(1.0f, 32.0f, 729.0f) },
	  { { NULL } }, 1e-6 },
	{ "pow_types_int", "Pow", 12, 2,
	  {
		  { IR_FLOAT, 1, { 3 }, F32(1.0f, 2.0f, 3.0f) },
		  { IR_INT64, 1, { 3 }, I64(4, 5, 6) },
	  },
	  { IR_FLOAT, 1, { 3 }, F32(1.0f, 32.0f, 729.0f) },
	  { { NULL } }, 1e-6 },
	{ "pow_types_int32_float32", "Pow", 15, 2,
	  {
		  { IR_INT32, 1, { 3 }, I32(1, 2, 3) },
		  { IR_FLOAT, 1, { 3 }, F32(4.0f, 5.0f, 6.0f) },
	  },
	  { IR_INT32, 1, { 3 }, I32(1, 32, 729) },
	  { { NULL } }, 1e-6 },
	{ "pow_types_int32_int32", "Pow", 15, 2,
	  {
		  { IR_INT32, 1, { 3 }, I32(1, 2, 3) },
		  { IR_INT32, 1, { 3 }, I32(4, 5, 6) },
	  },
	  { IR_INT32, 1, { 3 }, I32(1, 32, 729) },
	  { { NULL } }, 1e-6 },
	{ "pow_types_int64_float32", "Pow", 15, 2,
	  {
		  { IR_INT64, 1, { 3 }, I64(1, 2, 3) },
		  { IR_FLOAT, 1, { 3 }, F32(4.0f, 5.0f, 6.0f) },
	  },
	  { IR_INT64, 1, { 3 }, I64(1, 32, 729) },
	  { { NULL } }, 1e-6 },
	{ "pow_types_int64_int64", "Pow", 15, 2,
	  {
		  { IR_INT64, 1, { 3 }, I64(1, 2, 3) },
		  { IR_INT64, 1, { 3 }, I64(4, 5, 6) },
	  },
	  { IR_INT64, 1, { 3 }, I64(1, 32, 729) },
	  { { NULL } }, 1e-6 },
	{ "mod_broadcast", "Mod", 13, 2,
	  {
		  { IR_INT32, 3, { 3, 2, 5 }, I32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
			20, 21, 22, 23, 24, 25, 26, 27, 28, 29) },
		  { IR_INT32, 1, { 1 }, I32(7) },
	  },
	  { IR_INT32, 3, { 3, 2, 5 }, I32(0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4,
		5, 6, 0, 1) },
	  { { NULL } }, 1e-6 },
	{ "mod_int64_fmod", "Mod", 13, 2,
	  {
		  { IR_INT64, 1, { 6 }, I64(-4, 7, 5, 4, -7, 8) },
		  { IR_INT64, 1, { 6 }, I64(2, -3, 8, -2, 3, 5) },
	  },
	  { IR_INT64, 1, { 6 }, I64(0, 1, 5, 0, -1, 3) },
	  { { "fmod", IR_ATTR_INT, .i = 1 } }, 1e-6 },
	{ "mod_mixed_sign_float16", "Mod", 13, 2,
	  {
		  { IR_FLOAT16, 1, { 6 }, F16(0xc44d, 0x4733, 0x4500, 0x444d, 0xc733, 0x4800) },
		  { IR_FLOAT16, 1, { 6 }, F16(0x4033, 0xc2cd, 0x4800, 0xc033, 0x42cd, 0x4500) },
	  },
	  { IR_FLOAT16, 1, { 6 }, F16(0xae80, 0x3660, 0x4500, 0x2e80, 0xb660, 0x4200) },
	  { { "fmod", IR_ATTR_INT, .i = 1 } }, 1e-6 },
	{ "mod_mixed_sign_float32", "Mod", 13, 2,
	  {
		  { IR_FLOAT, 1, { 6 }, F32(-4.300000190734863f, 7.199999809265137f, 5.0f, 4.300000190734863f,
			-7.199999809265137f, 8.0f) },
		  { IR_FLOAT, 1, { 6 }, F32(2.0999999046325684f, -3.4000000953674316f, 8.0f,
			-2.0999999046325684f, 3.4000000953674316f, 5.0f) },
	  },
	  { IR_FLOAT, 1, { 6 }, F32(-0.10000038146972656f, 0.39999961853027344f, 5.0f, 0.10000038146972656f,
		-0.39999961853027344f, 3.0f) },
	  { { "fmod", IR_ATTR_INT, .i = 1 } }, 1e-6 },
	{ "mod_mixed_sign_float64", "Mod", 13, 2,
	  {
		  { IR_DOUBLE, 1, { 6 }, F64(-4.3, 7.2, 5.0, 4.3, -7.2, 8.0) },
		  { IR_DOUBLE, 1, { 6 }, F64(2.1, -3.4, 8.0, -2.1, 3.4, 5.0) },
	  },
	  { IR_DOUBLE, 1, { 6 }, F64(-0.09999999999999964, 0.40000000000000036, 5.0, 0.09999999999999964,
		-0.40000000000000036, 3.0) },
	  { { "fmod", IR_ATTR_INT, .i = 1 } }, 1e-6 },
	{ "mod_mixed_sign_int16", "Mod", 13, 2,
	  {
		  { IR_INT16, 1, { 6 }, I16(-4, 7, 5, 4, -7, 8) },
		  { IR_INT16, 1, { 6 }, I16(2, -3, 8, -2, 3, 5) },
	  },
	  { IR_INT16, 1, { 6 }, I16(0, -2, 5, 0, 2, 3) },
	  { { NULL } }, 1e-6 },
	{ "mod_mixed_sign_int32", "Mod", 13, 2,
	  {
		  { IR_INT32, 1, { 6 }, I32(-4, 7, 5, 4, -7, 8) },
		  { IR_INT32, 1, { 6 }, I32(2, -3, 8, -2, 3, 5) },
	  },
	  { IR_INT32, 1, { 6 }, I32(0, -2, 5, 0, 2, 3) },
	  { { NULL } }, 1e-6 },
	{ "mod_mixed_sign_int64", "Mod", 13, 2,
	  {
		  { IR_INT64, 1, { 6 }, I64(-4, 7, 5, 4, -7, 8) },
		  { IR_INT64, 1, { 6 }, I64(2, -3, 8, -2, 3, 5) },
	  },
	  { IR_INT64, 1, { 6 }, I64(0, -2, 5, 0, 2, 3) },
	  { { NULL } }, 1e-6 },
	{ "mod_mixed_sign_int8", "Mod", 13, 2,
	  {
		  { IR_INT8, 1, { 6 }, I8(-4, 7, 5, 4, -7, 8) },
		  { IR_INT8, 1, { 6 }, I8(2, -3, 8, -2, 3, 5) },
	  },
	  { IR_INT8, 1, { 6 }, I8(0, -2, 5, 0, 2, 3) },
	  { { NULL } }, 1e-6 },
	{ "mod_uint16", "Mod", 13, 2,
	  {
		  { IR_UINT16, 1, { 3 }, U16(4, 7, 5) },
		  { IR_UINT16, 1, { 3 }, U16(2, 3, 8) },
	  },
	  { IR_UINT16, 1, { 3 }, U16(0, 1, 5) },
	  { { NULL } }, 1e-6 },
	{ "mod_uint32", "Mod", 13, 2,
	  {
		  { IR_UINT32, 1, { 3 }, U32(4, 7, 5) },
		  { IR_UINT32, 1, { 3 }, U32(2, 3, 8) },
	  },
	  { IR_UINT32, 1, { 3 }, U32(0, 1, 5) },
	  { { NULL } }, 1e-6 },
	{ "mod_uint64", "Mod", 13, 2,
	  {
		  { IR_UINT64, 1, { 3 }, U64(4u, 7u, 5u) },
		  { IR_UINT64, 1, { 3 }, U64(2u, 3u, 8u) },
	  },
	  { IR_UINT64, 1, { 3 }, U64(0u, 1u, 5u) },
	  { { NULL } }, 1e-6 },
	{ "mod_uint8", "Mod", 13, 2,
	  {
		  { IR_UINT8, 1, { 3 }, U8(4, 7, 5) },
		  { IR_UINT8, 1, { 3 }, U8(2, 3, 8) },
	  },
	  { IR_UINT8, 1, { 3 }, U8(0, 1, 5) },
	  { { NULL } }, 1e-6 },
	{ "max_example", "Max", 13, 3,
	  {
		  { IR_FLOAT, 1, { 3 }, F32(3.0f, 2.0f, 1.0f) },
		  { IR_FLOAT, 1, { 3 }, F32(1.0f, 4.0f, 4.0f) },
		  { IR_FLOAT, 1, { 3 }, F32(2.0f, 5.0f, 3.0f) },
	  },
	  { IR_FLOAT, 1, { 3 }, F32(3.0f, 5.0f, 4.0f) },
	  { { NULL } }, 1e-6 },
	{ "max_float16", "Max", 13, 2,
	  {
		  { IR_FLOAT16, 1, { 3 }, F16(0x4200, 0x4000, 0x3c00) },
		  { IR_FLOAT16, 1, { 3 }, F16(0x3c00, 0x4400, 0x4400) },
	  },
	  { IR_FLOAT16, 1, { 3 }, F16(0x4200, 0x4400, 0x4400) },
	  { { NULL } }, 1e-6 },
	{ "max_float32", "Max", 13, 2,
	  {
		  { IR_FLOAT, 1, { 3 }, F32(3.0f, 2.0f, 1.0f) },
		  { IR_FLOAT, 1, { 3 }, F32(1.0f, 4.0f, 4.0f) },
	  },
	  { IR_FLOAT, 1, { 3 }, F32(3.0f, 4.0f, 4.0f) },
	  { { NULL } }, 1e-6 },
	{ "max_float64", "Max", 13, 2,
	  {
		  { IR_DOUBLE, 1, { 3 }, F64(3.0, 2.0, 1.0) },
		  { IR_DOUBLE, 1, { 3 }, F64(1.0, 4.0, 4.0) },
	  },
	  { IR_DOUBLE, 1, { 3 }, F64(3.0, 4.0, 4.0) },
	  { { NULL } }, 1e-6 },
	{ "max_int16", "Max", 13, 2,
	  {
		  { IR_INT16, 1, { 3 }, I16(3, 2, 1) },
		  { IR_INT16, 1, { 3 }, I16(1, 4, 4) },
	  },
	  { IR_INT16, 1, { 3 }, I16(3, 4, 4) },
	  { { NULL } }, 1e-6 },
	{ "max_int32", "Max", 13, 2,
	  {
		  { IR_INT32, 1, { 3 }, I32(3, 2, 1) },
		  { IR_INT32, 1, { 3 }, I32(1, 4, 4) },
	  },
	  { IR_INT32, 1, { 3 }, I32(3, 4, 4) },
	  { { NULL } }, 1e-6 },
	{ "max_int64", "Max", 13, 2,
	  {
		  { IR_INT64, 1, { 3 }, I64(3, 2, 1) },
		  { IR_INT64, 1, { 3 }, I64(1, 4, 4) },
	  },
	  { IR_INT64, 1, { 3 }, I64(3, 4, 4) },
	  { { NULL } }, 1e-6 },
	{ "max_int8", "Max", 13, 2,
	  {
		  { IR_INT8, 1, { 3 }, I8(3, 2, 1) },
		  { IR_INT8, 1, { 3 }, I8(1, 4, 4) },
	  },
	  { IR_INT8, 1, { 3 }, I8(3, 4, 4) },
	  { { NULL } }, 1e-6 },
	{ "max_one_input", "Max", 13, 1,
	  {
		  { IR_FLOAT, 1, { 3 }, F32(3.0f, 2.0f, 1.0f) },
	  },
	  { IR_FLOAT, 1, { 3 }, F32(3.0f, 2.0f, 1.0f) },
	  { { NULL } }, 1e-6 },
	{ "max_two_inputs", "Max", 13, 2,
	  {
		  { IR_FLOAT, 1, { 3 }, F32(3.0f, 2.0f, 1.0f) },
		  { IR_FLOAT, 1, { 3 }, F32(1.0f, 4.0f, 4.0f) },
	  },
	  { IR_FLOAT, 1, { 3 }, F32(3.0f, 4.0f, 4.0f) },
	  { { NULL } }, 1e-6 },
	{ "max_uint16", "Max", 13, 2,
	  {
		  { IR_UINT16, 1, { 3 }, U16(3, 2, 1) },
		  { IR_UINT16, 1, { 3 }, U16(1, 4, 4) },
	  },
	  { IR_UINT16, 1, { 3 }, U16(3, 4, 4) },
	  { { NULL } }, 1e-6 },
	{ "max_uint32", "Max", 13, 2,
	  {
		  { IR_UINT32, 1, { 3 }, U32(3, 2, 1) },
		  { IR_UINT32, 1, { 3 }, U32(1, 4, 4) },
	  },
	  { IR_UINT32, 1, { 3 }, U32(3, 4, 4) },
	  { { NULL } }, 1e-6 },
	{ "max_uint64", "Max", 13, 2,
	  {
		  { IR_UINT64, 1, { 3 }, U64(3u, 2u, 1u) },
		  { IR_UINT64, 1, { 3 }, U64(1u, 4u, 4u) },
	  },
	  { IR_UINT64, 1, { 3 }, U64(3u, 4u, 4u) },
	  { { NULL } }, 1e-6 },
	{ "max_uint8", "Max", 13, 2,
	  {
		  { IR_UINT8, 1, { 3 }, U8(3, 2, 1) },
		  { IR_UINT8, 1, { 3 }, U8(1, 4, 4) },
	  },
	  { IR_UINT8, 1, { 3 }, U8(3, 4, 4) },
	  { { NULL } }, 1e-6 },
	{ "min_example", "Min", 13, 3,
	  {
		  { IR_FLOAT, 1, { 3 }, F32(3.0f, 2.0f, 1.0f) },
		  { IR_FLOAT, 1, { 3 }, F32(1.0f, 4.0f, 4.0f) },
		  { IR_FLOAT, 1, { 3 }, F32(2.0f, 5.0f, 0.0f) },
	  },
	  { IR_FLOAT, 1, { 3 }, F32(1.0f, 2.0f, 0.0f) },
	  { { NULL } }, 1e-6 },
	{ "min_float16", "Min", 13, 2,
	  {
		  { IR_FLOAT16, 1, { 3 }, F16(0x4200, 0x4000, 0x3c00) },
		  { IR_FLOAT16, 1, { 3 }, F16(0x3c00, 0x4400, 0x4400) },
	  },
	  { IR_FLOAT16, 1, { 3 }, F16(0x3c00, 0x4000, 0x3c00) },
	  { { NULL } }, 1e-6 },
	{ "min_float32", "Min", 13, 2,
	  {
		  { IR_FLOAT, 1, { 3 }, F32(3.0f, 2.0f, 1.0f) },
		  { IR_FLOAT, 1, { 3 }, F32(1.0f, 4.0f, 4.0f) },
	  },
	  { IR_FLOAT, 1, { 3 }, F32(1.0f, 2.0f, 1.0f) },
	  { { NULL } }, 1e-6 },
	{ "min_float64", "Min", 13, 2,
	  {
		  { IR_DOUBLE, 1, { 3 }, F64(3.0, 2.0, 1.0) },
		  { IR_DOUBLE, 1, { 3 }, F64(1.0, 4.0, 4.0) },
	  },
	  { IR_DOUBLE, 1, { 3 }, F64(1.0, 2.0, 1.0) },
	  { { NULL } }, 1e-6 },
	{ "min_int16", "Min", 13, 2,
	  {
		  { IR_INT16, 1, { 3 }, I16(3, 2, 1) },
		  { IR_INT16, 1, { 3 }, I16(1, 4, 4) },
	  },
	  { IR_INT16, 1, { 3 }, I16(1, 2, 1) },
	  { { NULL } }, 1e-6 },
	{ "min_int32", "Min", 13, 2,
	  {
		  { IR_INT32, 1, { 3 }, I32(3, 2, 1) },
		  { IR_INT32, 1, { 3 }, I32(1, 4, 4) },
	  },
	  { IR_INT32, 1, { 3 }, I32(1, 2, 1) },
	  { { NULL } }, 1e-6 },
	{ "min_int64", "Min", 13, 2,
	  {
		  { IR_INT64, 1, { 3 }, I64(3, 2, 1) },
		  { IR_INT64, 1, { 3 }, I64(1, 4, 4) },
	  },
	  { IR_INT64, 1, { 3 }, I64(1, 2, 1) },
	  { { NULL } }, 1e-6 },
	{ "min_int8", "Min", 13, 2,
	  {
		  { IR_INT8, 1, { 3 }, I8(3, 2, 1) },
		  { IR_INT8, 1, { 3 }, I8(1, 4, 4) },
	  },
	  { IR_INT8, 1, { 3 }, I8(1, 2, 1) },
	  { { NULL } }, 1e-6 },
	{ "min_one_input", "Min", 13, 1,
	  {
		  { IR_FLOAT, 1, { 3 }, F32(3.0f, 2.0f, 1.0f) },
	  },
	  { IR_FLOAT, 1, { 3 }, F32(3.0f, 2.0f, 1.0f) },
	  { { NULL } }, 1e-6 },
	{ "min_two_inputs", "Min", 13, 2,
	  {
		  { IR_FLOAT, 1, { 3 }, F32(3.0f, 2.0f, 1.0f) },
		  { IR_FLOAT, 1, { 3 }, F32(1.0f, 4.0f, 4.0f) },
	  },
	  { IR_FLOAT, 1, { 3 }, F32(1.0f, 2.0f, 1.0f) },
	  { { NULL } }, 1e-6 },
	{ "min_uint16", "Min", 13, 2,
	  {
		  { IR_UINT16, 1, { 3 }, U16(3, 2, 1) },
		  { IR_UINT16, 1, { 3 }, U16(1, 4, 4) },
	  },
	  { IR_UINT16, 1, { 3 }, U16(1, 2, 1) },
	  { { NULL } }, 1e-6 },
	{ "min_uint32", "Min", 13, 2,
	  {
		  { IR_UINT32, 1, { 3 }, U32(3, 2, 1) },
		  { IR_UINT32, 1, { 3 }, U32(1, 4, 4) },
	  },
	  { IR_UINT32, 1, { 3 }, U32(1, 2, 1) },
	  { { NULL } }, 1e-6 },
	{ "min_uint64", "Min", 13, 2,
	  {
		  { IR_UINT64, 1, { 3 }, U64(3u, 2u, 1u) },
		  { IR_UINT64, 1, { 3 }, U64(1u, 4u, 4u) },
	  },
	  { IR_UINT64, 1, { 3 }, U64(1u, 2u, 1u) },
	  { { NULL } }, 1e-6 },
	{ "min_uint8", "Min", 13, 2,
	  {
		  { IR_UINT8, 1, { 3 }, U8(3, 2, 1) },
		  { IR_UINT8, 1, { 3 }, U8(1, 4, 4) },
	  },
	  { IR_UINT8, 1, { 3 }, U8(1, 2, 1) },
	  { { NULL } }, 1e-6 },
	{ "mean_example", "Mean", 13, 3,
	  {
		  { IR_FLOAT, 1, { 3 }, F32(3.0f, 0.0f, 2.0f) },
		  { IR_FLOAT, 1, { 3 }, F32(1.0f, 3.0f, 4.0f) },
		  { IR_FLOAT, 1, { 3 }, F32(2.0f, 6.0f, 6.0f) },
	  },
	  { IR_FLOAT, 1, { 3 }, F32(2.0f, 3.0f, 4.0f) },
	  { { NULL } }, 1e-6 },
	{ "mean_one_input", "Mean", 13, 1,
	  {
		  { IR_FLOAT, 1, { 3 }, F32(3.0f, 0.0f, 2.0f) },
	  },
	  { IR_FLOAT, 1, { 3 }, F32(3.0f, 0.0f, 2.0f) },
	  { { NULL } }, 1e-6 },
	{ "mean_two_inputs", "Mean", 13, 2,
	  {
		  { IR_FLOAT, 1, { 3 }, F32(3.0f, 0.0f, 2.0f) },
		  { IR_FLOAT, 1, { 3 }, F32(1.0f, 3.0f, 4.0f) },
	  },
	  { IR_FLOAT, 1, { 3 }, F32(2.0f, 1.5f, 3.0f) },
	  { { NULL } }, 1e-6 },
	{ "sum_example", "Sum", 13, 3,
	  {
		  { IR_FLOAT, 1, { 3 }, F32(3.0f, 0.0f, 2.0f) },
		  { IR_FLOAT, 1, { 3 }, F32(1.0f, 3.0f, 4.0f) },
		  { IR_FLOAT, 1, { 3 }, F32(2.0f, 6.0f, 6.0f) },
	  },
	  { IR_FLOAT, 1, { 3 }, F32(6.0f, 9.0f, 12.0f) },
	  { { NULL } }, 1e-6 },
	{ "sum_one_input", "Sum", 13, 1,
	  {
		  { IR_FLOAT, 1, { 3 }, F32(3.0f, 0.0f, 2.0f) },
	  },
	  { IR_FLOAT, 1, { 3 }, F32(3.0f, 0.0f, 2.0f) },
	  { { NULL } }, 1e-6 },
	{ "sum_two_inputs", "Sum", 13, 2,
	  {
		  { IR_FLOAT, 1, { 3 }, F32(3.0f, 0.0f, 2.0f) },
		  { IR_FLOAT, 1, { 3 }, F32(1.0f, 3.0f, 4.0f) },
	  },
	  { IR_FLOAT, 1, { 3 }, F32(4.0f, 3.0f, 6.0f) },
	  { { NULL } }, 1e-6 },
	{ "bitshift_left_uint16", "BitShift", 11, 2,
	  {
		  { IR_UINT16, 1, { 3 }, U16(16, 4, 1) },
		  { IR_UINT16, 1, { 3 }, U16(1, 2, 3) },
	  },
	  { IR_UINT16, 1, { 3 }, U16(32, 16, 8) },
	  { { "direction", IR_ATTR_STRING, .s = "LEFT" } }, 1e-6 },
	{ "bitshift_left_uint32", "BitShift", 11, 2,
	  {
		  { IR_UINT32, 1, { 3 }, U32(16, 4, 1) },
		  { IR_UINT32, 1, { 3 }, U32(1, 2, 3) },
	  },
	  { IR_UINT32, 1, { 3 }, U32(32, 16, 8) },
	  { { "direction", IR_ATTR_STRING, .s = "LEFT" } }, 1e-6 },
	{ "bitshift_left_uint64", "BitShift", 11, 2,
	  {
		  { IR_UINT64, 1, { 3 }, U64(16u, 4u, 1u) },
		  { IR_UINT64, 1, { 3 }, U64(1u, 2u, 3u) },
	  },
	  { IR_UINT64, 1, { 3 }, U64(32u, 16u, 8u) },
	  { { "direction", IR_ATTR_STRING, .s = "LEFT" } }, 1e-6 },
	{ "bitshift_left_uint8", "BitShift", 11, 2,
	  {
		  { IR_UINT8, 1, { 3 }, U8(16, 4, 1) },
		  { IR_UINT8, 1, { 3 }, U8(1, 2, 3) },
	  },
	  { IR_UINT8, 1, { 3 }, U8(32, 16, 8) },
	  { { "direction", IR_ATTR_STRING, .s = "LEFT" } }, 1e-6 },
	{ "bitshift_right_uint16", "BitShift", 11, 2,
	  {
		  { IR_UINT16, 1, { 3 }, U16(16, 4, 1) },
		  { IR_UINT16, 1, { 3 }, U16(1, 2, 3) },
	  },
	  { IR_UINT16, 1, { 3 }, U16(8, 1, 0) },
	  { { "direction", IR_ATTR_STRING, .s = "RIGHT" } }, 1e-6 },
	{ "bitshift_right_uint32", "BitShift", 11, 2,
	  {
		  { IR_UINT32, 1, { 3 }, U32(16, 4, 1) },
		  { IR_UINT32, 1, { 3 }, U32(1, 2, 3) },
	  },
	  { IR_UINT32, 1, { 3 }, U32(8, 1, 0) },
	  { { "direction", IR_ATTR_STRING, .s = "RIGHT" } }, 1e-6 },
	{ "bitshift_right_uint64", "BitShift", 11, 2,
	  {
		  { IR_UINT64, 1, { 3 }, U64(16u, 4u, 1u) },
		  { IR_UINT64, 1, { 3 }, U64(1u, 2u, 3u) },
	  },
	  { IR_UINT64, 1, { 3 }, U64(8u, 1u, 0u) },
	  { { "direction", IR_ATTR_STRING, .s = "RIGHT" } }, 1e-6 },
	{ "bitshift_right_uint8", "BitShift", 11, 2,
	  {
		  { IR_UINT8, 1, { 3 }, U8(16, 4, 1) },
		  { IR_UINT8, 1, { 3 }, U8(1, 2, 3) },
	  },
	  { IR_UINT8, 1, { 3 }, U8(8, 1, 0) },
	  { { "direction", IR_ATTR_STRING, .s = "RIGHT" } }, 1e-6 },
	{ "prelu_broadcast", "PRelu", 16, 2,
	  {
		  { IR_FLOAT, 3, { 3, 4, 5 }, F32(1.764052391052246f, 0.40015721321105957f, 0.978738009929657f,
			2.2408931255340576f, 1.8675580024719238f, -0.9772778749465942f,
			0.9500884413719177f, -0.15135720372200012f, -0.10321885347366333f,
			0.4105985164642334f, 0.14404356479644775f, 1.4542734622955322f,
			0.7610377073287964f, 0.12167501449584961f, 0.44386324286460876f,
			0.3336743414402008f, 1.4940791130065918f, -0.2051582634449005f,
			0.3130677044391632f, -0.8540957570075989f, -2.5529897212982178f,
			0.653618574142456f, 0.8644362092018127f, -0.7421650290489197f,
			2.269754648208618f, -1.4543657302856445f, 0.04575851559638977f,
			-0.18718385696411133f, 1.5327792167663574f, 1.4693588018417358f,
			0.154947429895401f, 0.37816253304481506f, -0.8877857327461243f,
			-1.980796456336975f, -0.34791216254234314f, 0.15634897351264954f,
			1.2302906513214111f, 1.202379822731018f, -0.38732680678367615f,
			-0.302302747964859f, -1.0485529899597168f, -1.420017957687378f,
			-1.7062702178955078f, 1.950775384902954f, -0.5096521973609924f,
			-0.4380742907524109f, -1.2527953386306763f, 0.7774903774261475f,
			-1.6138978004455566f, -0.21274028718471527f, -0.8954665660858154f,
			0.38690251111984253f, -0.5108051300048828f, -1.18063223361969f,
			-0.02818222902715206f, 0.4283318817615509f, 0.06651721894741058f,
			0.30247190594673157f, -0.6343221068382263f, -0.3627411723136902f) },
		  { IR_FLOAT, 1, { 5 }, F32(-0.6724604368209839f, -0.35955315828323364f, -0.8131462931632996f,
			-1.7262825965881348f, 0.17742614448070526f) },
	  },
	  { IR_FLOAT, 3, { 3, 4, 5 }, F32(1.764052391052246f, 0.40015721321105957f, 0.978738009929657f,
		2.2408931255340576f, 1.8675580024719238f, 0.6571807265281677f,
		0.9500884413719177f, 0.12307555228471756f, 0.17818491160869598f,
		0.4105985164642334f, 0.14404356479644775f, 1.4542734622955322f,
		0.7610377073287964f, 0.12167501449584961f, 0.44386324286460876f,
		0.3336743414402008f, 1.4940791130065918f, 0.16682368516921997f,
		0.3130677044391632f, -0.1515389233827591f, 1.7167845964431763f,
		0.653618574142456f, 0.8644362092018127f, 1.281186580657959f,
		2.269754648208618f, 0.9780034422874451f, 0.04575851559638977f,
		0.1522078663110733f, 1.5327792167663574f, 1.4693588018417358f,
		0.154947429895401f, 0.37816253304481506f, 0.721899688243866f,
		3.419414520263672f, -0.06172871217131615f, 0.15634897351264954f,
		1.2302906513214111f, 1.202379822731018f, 0.6686355471611023f,
		-0.05363640934228897f, 0.7051104307174683f, 0.5105719566345215f,
		1.3874473571777344f, 1.950775384902954f, -0.09042562544345856f,
		0.294587641954422f, 0.4504465162754059f, 0.7774903774261475f,
		2.786043643951416f, -0.03774568811058998f, 0.6021658182144165f,
		0.38690251111984253f, 0.4153592884540558f, 2.038104772567749f,
		-0.005000264383852482f, 0.4283318817615509f, 0.06651721894741058f,
		0.30247190594673157f, 1.0950192213058472f, -0.06435976922512054f) },
	  { { NULL } }, 1e-6 },
	{ "prelu_example", "PRelu", 16, 2,
	  {
		  { IR_FLOAT, 3, { 3, 4, 5 }, F32(1.764052391052246f, 0.40015721321105957f, 0.978738009929657f,
			2.2408931255340576f, 1.8675580024719238f, -0.9772778749465942f,
			0.9500884413719177f, -0.15135720372200012f, -0.10321885347366333f,
			0.4105985164642334f, 0.14404356479644775f, 1.4542734622955322f,
			0.7610377073287964f, 0.12167501449584961f, 0.44386324286460876f,
			0.3336743414402008f, 1.4940791130065918f, -0.2051582634449005f,
			0.3130677044391632f, -0.8540957570075989f, -2.5529897212982178f,
			0.653618574142456f, 0.8644362092018127f, -0.7421650290489197f,
			2.269754648208618f, -1.4543657302856445f, 0.04575851559638977f,
			-0.18718385696411133f, 1.5327792167663574f, 1.4693588018417358f,
			0.154947429895401f, 0.37816253304481506f, -0.8877857327461243f,
			-1.980796456336975f, -0.34791216254234314f, 0.15634897351264954f,
			1.2302906513214111f, 1.202379822731018f, -0.38732680678367615f,
			-0.302302747964859f, -1.0485529899597168f, -1.420017957687378f,
			-1.7062702178955078f, 1.950775384902954f, -0.5096521973609924f,
			-0.4380742907524109f, -1.2527953386306763f, 0.7774903774261475f,
			-1.6138978004455566f, -0.21274028718471527f, -0.8954665660858154f,
			0.38690251111984253f, -0.5108051300048828f, -1.18063223361969f,
			-0.02818222902715206f, 0.4283318817615509f, 0.06651721894741058f,
			0.30247190594673157f, -0.6343221068382263f, -0.3627411723136902f) },
		  { IR_FLOAT, 3, { 3, 4, 5 }, F32(-0.6724604368209839f, -0.35955315828323364f, -0.8131462931632996f,
			-1.7262825965881348f, 0.17742614448070526f, -0.4017809331417084f,
			-1.630198359489441f, 0.46278226375579834f, -0.9072983860969543f,
			0.05194539576768875f, 0.7290905714035034f, 0.12898291647434235f,
			1.1394007205963135f, -1.234825849533081f, 0.4023416340351105f,
			-0.6848101019859314f, -0.8707971572875977f, -0.5788496732711792f,
			-0.3115525245666504f, 0.056165341287851334f, -1.1651498079299927f,
			0.9008265137672424f, 0.4656624495983124f, -1.5362436771392822f,
			1.4882521629333496f, 1.895889163017273f, 1.1787796020507812f,
			-0.1799248307943344f, -1.0707526206970215f, 1.0544517040252686f,
			-0.4031769335269928f, 1.222445011138916f, 0.2082749754190445f,
			0.9766390323638916f, 0.3563663959503174f, 0.7065731883049011f,
			0.01050002034753561f, 1.7858705520629883f, 0.12691208720207214f,
			0.4019893705844879f, 1.8831506967544556f, -1.3477590084075928f,
			-1.2704850435256958f, 0.969396710395813f, -1.1731233596801758f,
			1.9436211585998535f, -0.4136189818382263f, -0.747454822063446f,
			1.922942042350769f, 1.4805147647857666f, 1.8675589561462402f,
			0.9060446619987488f, -0.8612256646156311f, 1.910064935684204f,
			-0.26800337433815f, 0.8024563789367676f, 0.9472519755363464f,
			-0.15501008927822113f, 0.6140793561935425f, 0.922206699848175f) },
	  },
	  { IR_FLOAT, 3, { 3, 4, 5 }, F32(1.764052391052246f, 0.40015721321105957f, 0.978738009929657f,
		2.2408931255340576f, 1.8675580024719238f, 0.39265161752700806f,
		0.9500884413719177f, -0.07004542648792267f, 0.09365029633045197f,
		0.4105985164642334f, 0.14404356479644775f, 1.4542734622955322f,
		0.7610377073287964f, 0.12167501449584961f, 0.44386324286460876f,
		0.3336743414402008f, 1.4940791130065918f, 0.11875579506158829f,
		0.3130677044391632f, -0.04797057807445526f, 2.9746155738830566f,
		0.653618574142456f, 0.8644362092018127f, 1.1401463747024536f,
		2.269754648208618f, -2.7573161125183105f, 0.04575851559638977f,
		0.03367902338504791f, 1.5327792167663574f, 1.4693588018417358f,
		0.154947429895401f, 0.37816253304481506f, -0.18490354716777802f,
		-1.934523105621338f, -0.1239842027425766f, 0.15634897351264954f,
		1.2302906513214111f, 1.202379822731018f, -0.04915645346045494f,
		-0.12152249366044998f, -1.9745832681655884f, 1.913841962814331f,
		2.1677908897399902f, 1.950775384902954f, 0.5978848934173584f,
		-0.8514504432678223f, 0.5181799530982971f, 0.7774903774261475f,
		-3.1034319400787354f, -0.3149651288986206f, -1.6723365783691406f,
		0.38690251111984253f, 0.43991848826408386f, -2.255084276199341f,
		0.007552932482212782f, 0.4283318817615509f, 0.06651721894741058f,
		0.30247190594673157f, -0.38952410221099854f, -0.3345223367214203f) },
	  { { NULL } }, 1e-6 },
};

START_TEST(backend_case)
{
	tk_run_case(&backend[_i]);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("k_binary");
	TCase *tc = tcase_create("binary");

	tcase_add_test(tc, broadcast_shapes);
	tcase_add_test(tc, long_runs_convert_in_chunks);
	tcase_add_test(tc, legacy_broadcast_attribute);
	tcase_add_test(tc, integer_arithmetic);
	tcase_add_test(tc, variadic);
	tcase_add_test(tc, prelu_forms);
	tcase_add_test(tc, in_place);
	tcase_add_test(tc, binary_refusals);
	tcase_add_loop_test(tc, backend_case, 0, (int)(sizeof backend / sizeof *backend));
	suite_add_tcase(s, tc);
	return tu_run(s);
}
