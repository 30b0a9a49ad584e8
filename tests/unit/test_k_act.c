/*
 * test_k_act.c - the vector fused activations (rt_vact_f, k_vmath.c) give
 * bit for bit what k_act.h's plain loops give (the standalone elementwise
 * kernels' formulas): every op with parameters, on values with both signs,
 * the clamp edges, -0, infinities and NaN; and rt_vsum_f against a double
 * sum.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "h_kernel.h"
#include "k_act.h"
#include "testutil.h"

static uint32_t lcg = 99;
static float rndf(void)
{
	lcg = lcg * 1664525u + 1013904223u;
	return (float)((double)(lcg >> 8) / (double)(1u << 23) - 1.0) * 8.0f;
}

/* plain: y[i] = the activation of x[i] by k_act.h's expressions, one
 * element at a time (the loop rt_act_f runs when rt_vact_f declines). */
static float plain(const rt_act *a, float x)
{
	const float p0 = a->alpha, p1 = a->beta;

	switch (a->op) {
	case IR_OP_Relu: return ACT_RELU(x);
	case IR_OP_LeakyRelu: return (float)ACT_LEAKYRELU(x, p0);
	case IR_OP_Clip: return ACT_CLIP(x, p0, p1);
	case IR_OP_HardSigmoid: return (float)ACT_HARDSIGMOID(x, p0, p1);
	case IR_OP_HardSwish: return (float)ACT_HARDSWISH(x);
	default: return x;
	}
}

START_TEST(vector_equals_plain)
{
	static const rt_act acts[] = {
		{ IR_OP_Relu, 0, 0 },        { IR_OP_LeakyRelu, 0.01f, 0 },
		{ IR_OP_Clip, -0.5f, 0.75f }, { IR_OP_Clip, 0, 6 },
		{ IR_OP_HardSigmoid, 0.2f, 0.5f }, { IR_OP_HardSigmoid, 1.0f / 6, 0.5f },
		{ IR_OP_HardSwish, 0, 0 },
	};
	enum { N = 1000 };
	float x[N], y[N], want[N];
	size_t a;
	int i, done = 0;

	for (i = 0; i < N; i++)
		x[i] = rndf();
	x[0] = -0.0f;
	x[1] = INFINITY;
	x[2] = -INFINITY;
	x[3] = NAN;
	x[4] = -3.0f;
	x[5] = 3.0f;
	x[6] = 6.0f;
	x[7] = -2.5f;
	x[8] = 2.5f;
	x[9] = 1e-39f;   /* subnormal */
	for (a = 0; a < sizeof acts / sizeof acts[0]; a++) {
		for (i = 0; i < N; i++)
			want[i] = plain(&acts[a], x[i]);
		memcpy(y, x, sizeof y);
		done += rt_vact_f(&acts[a], y, N);
		for (i = 0; i < N; i++)
			ck_assert_msg(!memcmp(&y[i], &want[i], sizeof(float)),
				      "op %d element %d: act(%.9g) = %.9g, vector %.9g", acts[a].op, i,
				      x[i], want[i], y[i]);
		/* and through rt_act_f, which uses it */
		memcpy(y, x, sizeof y);
		rt_act_f(&acts[a], y, N);
		ck_assert(!memcmp(y, want, sizeof y));
	}
	if (!done)
		fprintf(stderr, "test_k_act: no AVX2/AVX-512 on this CPU, only the plain loops ran\n");
}
END_TEST

/* Sigmoid and Tanh stay with libm: rt_vact_f declines them */
START_TEST(declines_libm_ops)
{
	rt_act a = { IR_OP_Sigmoid, 0, 0 };
	float y[64] = { 0 };

	ck_assert_int_eq(rt_vact_f(&a, y, 64), 0);
	a.op = IR_OP_Tanh;
	ck_assert_int_eq(rt_vact_f(&a, y, 64), 0);
}
END_TEST

START_TEST(vsum)
{
	static float x[1237];
	double want = 0, got;
	int i;

	for (i = 0; i < 1237; i++) {
		x[i] = rndf();
		want += x[i];
	}
	got = rt_vsum_f(x, 1237);
	ck_assert_msg(fabs(got - want) <= 1e-12 * 1237 * 8, "sum %.17g, expected %.17g", got, want);
	ck_assert(rt_vsum_f(x, 0) == 0);
	ck_assert(rt_vsum_f(x, 3) == (double)x[0] + (double)x[1] + (double)x[2]);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("k_act");
	TCase *tc = tcase_create("act");

	tcase_add_test(tc, vector_equals_plain);
	tcase_add_test(tc, declines_libm_ops);
	tcase_add_test(tc, vsum);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
