/*
 * test_k_binary.c - Add/Sub/Mul/Div/Pow/Mod/BitShift/PRelu and the variadic
 * Max/Min/Sum/Mean: numpy broadcasting (scalar, row, column, rank mismatch,
 * both sides, zero-size, runs longer than one chunk), the legacy
 * broadcast/axis forms, integer semantics, NaN in Max/Min, in place, and
 * refusals (the ONNX backend test data: test_k_elemwise_onnx.c).
 */
#include "k_elemwise.h"
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
	tk_check(tk_node("Mul", 6, 2, "broadcast", 1), 2, in_sf, &y_sf, 0);
	tk_check(tk_node("Pow", 1, 2, "broadcast", 1), 2, in_one, &y_one, 0);
	tk_check(hk_new("Div", 6, 2, 1), 2, in_eq, &y_eq, 0);
	tk_check(tk_node("Equal", 1, 2, "broadcast", 1), 2, in_e, &y_e, 0);
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
	tk_check(tk_node("Mod", 13, 2, "fmod", 1), 2, in_mod, &y_fmod, 0);
	tk_check(tk_node("Mod", 13, 2, "fmod", 1), 2, in_ff, &y_ff, 0);
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
	/* out of memory for the plan: an error, nothing leaked */
	h = hk_new("Add", 14, 2, 1);
	tk_inputs(h, 2, in_f);
	onnxc_alloc_fail_after(0);
	ck_assert_int_eq(hk_prep(h), -1);
	onnxc_alloc_fail_after(-1);
	ck_assert_int_eq(h->err.code, ONNXC_ENOMEM);
	ck_assert_ptr_null(h->rn.params);
	hk_free(h);
}
END_TEST

/* the walker started anywhere (as threads would split the output): every
 * output element once, in order, with each input's offset matching the
 * broadcast index computed independently */
typedef struct walk_rec {
	const ew_plan *p;
	int64_t next;              /* the next output index expected */
} walk_rec;

/* plan_rank: the merged rank of an Add of float shapes a and b */
static int plan_rank(int ra, const int64_t *a, int rb, const int64_t *b)
{
	tk_io in[2] = { { IR_FLOAT, ra, { 0 }, NULL }, { IR_FLOAT, rb, { 0 }, NULL } };
	hk *h = hk_new("Add", 14, 2, 1);
	int r;

	memcpy(in[0].dims, a, sizeof(int64_t) * (size_t)ra);
	memcpy(in[1].dims, b, sizeof(int64_t) * (size_t)rb);
	tk_inputs(h, 2, in);
	ck_assert_int_eq(hk_prep(h), 0);
	r = ((const ew_plan *)h->rn.params)->rank;
	hk_free(h);
	return r;
}

static void walk_check(void *ctx, const int64_t *coord, int64_t j0, int64_t len, int64_t o)
{
	walk_rec *w = ctx;
	int64_t e;

	ck_assert_int_eq(o, w->next);
	for (e = 0; e < len; e++) {
		int64_t idx = o + e, i = idx / 8, j = idx / 4 % 2, k = idx % 4;
		ck_assert_int_eq(ew_off(w->p, 0, coord, j0 + e), i * 4 + k);
		ck_assert_int_eq(ew_off(w->p, 1, coord, j0 + e), j);
	}
	w->next += len;
}

/* dims merge wherever every input is contiguous: same shapes and a scalar
 * give one run, a row two dims, size-1 dims vanish */
START_TEST(plans_merge_dims)
{
	const int64_t a[] = { 2, 3, 4 }, row[] = { 4 }, one[] = { 1, 1 }, col[] = { 2, 3, 1 };
	const int64_t a1[] = { 1, 2, 1, 3, 4 }, tail[] = { 3, 4 };

	ck_assert_int_eq(plan_rank(3, a, 3, a), 1);
	ck_assert_int_eq(plan_rank(3, a, 0, one), 1);
	ck_assert_int_eq(plan_rank(3, a, 2, one), 1);
	ck_assert_int_eq(plan_rank(3, a, 1, row), 2);
	ck_assert_int_eq(plan_rank(3, a, 3, col), 2);
	ck_assert_int_eq(plan_rank(5, a1, 5, a1), 1);
	ck_assert_int_eq(plan_rank(5, a1, 2, tail), 2);
}
END_TEST

START_TEST(walk_from_any_offset)
{
	const tk_io in[] = { { IR_FLOAT, 3, { 3, 1, 4 }, NULL }, { IR_FLOAT, 2, { 2, 1 }, NULL } };
	const int64_t cuts[] = { 0, 1, 5, 11, 12, 23, 24 };
	hk *h = hk_new("Add", 14, 2, 1);
	walk_rec w;
	int c;

	tk_inputs(h, 2, in);
	ck_assert_int_eq(hk_prep(h), 0);
	w.p = h->rn.params;
	ck_assert_int_eq(w.p->rank, 3);   /* nothing merges here */
	w.next = 0;
	for (c = 0; c + 1 < (int)(sizeof cuts / sizeof *cuts); c++)
		ew_walk(w.p, cuts[c], cuts[c + 1], walk_check, &w);
	ck_assert_int_eq(w.next, 24);
	hk_free(h);
}
END_TEST

TK_MAIN("k_binary", plans_merge_dims, walk_from_any_offset, broadcast_shapes, long_runs_convert_in_chunks,
	legacy_broadcast_attribute, integer_arithmetic, variadic, prelu_forms, in_place,
	binary_refusals)
