/*
 * test_k_sgemm.c - the packed-weight float GEMM (k_sgemm.c) against a
 * double reference: every tail of the 12-row panels and 32-column slivers,
 * K across several blocks, bias or none, row ranges starting at any
 * panel; the sums of a row range equal those of the whole run bit for bit
 * (what lets Conv split rows over threads without changing results).
 * Skipped on CPUs without AVX-512F, saying so (rt_sgemm_ok()).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "k_act.h"
#include "k_conv_geom.h"
#include "k_sgemm.h"
#include "testutil.h"

static uint32_t rng_state = 777;
static float rnd(void)
{
	rng_state = rng_state * 1664525u + 1013904223u;
	return (float)((double)(rng_state >> 8) / (double)(1u << 23) - 1.0);
}

/* run_case: C = A x B (+ bias) for rows [m0, m1) with ldb, ldc wider than
 * N; checks every element against a double sum and that the guard
 * columns past N and rows outside the range are untouched. */
static void run_case(int64_t M, int64_t N, int64_t K, int64_t m0, int64_t m1, int bias)
{
	const int64_t ldb = N + 3, ldc = N + 5;
	float *A = malloc(sizeof(float) * (size_t)(M * K + 1));
	float *B = malloc(sizeof(float) * (size_t)(K * ldb + 1));
	float *C = malloc(sizeof(float) * (size_t)(M * ldc + 1));
	float *bv = malloc(sizeof(float) * (size_t)(M + 1));
	float *Ap = malloc(sizeof(float) * (size_t)(rt_sgemm_pack_floats(M, K) + 1));
	float *work = aligned_alloc(64, SG_WORK_FLOATS * sizeof(float));
	int64_t i, j, k;

	ck_assert(A && B && C && bv && Ap && work);
	for (i = 0; i < M * K; i++)
		A[i] = rnd();
	for (i = 0; i < K * ldb; i++)
		B[i] = rnd();
	for (i = 0; i < M; i++)
		bv[i] = rnd();
	for (i = 0; i < M * ldc; i++)
		C[i] = -99.0f;
	rt_sgemm_pack(A, K, M, K, Ap);
	rt_sgemm(Ap, M, K, m0, m1, B, ldb, N, C + m0 * ldc, ldc, bias ? bv + m0 : NULL, NULL, work);
	for (i = 0; i < M; i++)
		for (j = 0; j < ldc; j++) {
			double ref = -99.0, tol = 0;

			if (i >= m0 && i < m1 && j < N) {
				ref = bias ? bv[i] : 0.0;
				for (k = 0; k < K; k++)
					ref += (double)A[i * K + k] * (double)B[k * ldb + j];
				tol = 1e-5 * (1.0 + sqrt((double)K));
			}
			ck_assert_msg(fabs(C[i * ldc + j] - ref) <= tol,
				      "M %lld N %lld K %lld rows [%lld, %lld) bias %d: C[%lld][%lld] = %.9g, "
				      "expected %.9g", (long long)M, (long long)N, (long long)K,
				      (long long)m0, (long long)m1, bias, (long long)i, (long long)j,
				      C[i * ldc + j], ref);
		}
	free(A);
	free(B);
	free(C);
	free(bv);
	free(Ap);
	free(work);
}

START_TEST(against_reference)
{
	static const int64_t Ms[] = { 1, 4, 5, 8, 11, 12, 13, 24, 37 };
	static const int64_t Ns[] = { 1, 15, 16, 17, 32, 33, 70 };
	static const int64_t Ks[] = { 1, 7, SG_KC, SG_KC + 1, 2 * SG_KC + 50 };
	size_t a, b, c;

	if (!rt_sgemm_ok()) {
		fprintf(stderr, "test_k_sgemm: no AVX-512F on this CPU, rt_sgemm not tested\n");
		return;
	}
	for (a = 0; a < sizeof Ms / sizeof Ms[0]; a++)
		for (b = 0; b < sizeof Ns / sizeof Ns[0]; b++)
			for (c = 0; c < sizeof Ks / sizeof Ks[0]; c++)
				run_case(Ms[a], Ns[b], Ks[c], 0, Ms[a], (int)((a + b + c) % 2));
	/* row ranges from a panel boundary, ending anywhere */
	run_case(37, 40, 100, 12, 37, 1);
	run_case(37, 40, 100, 24, 30, 0);
	run_case(600, 9, 20, 0, 600, 1);     /* more rows than one L2 block */
	run_case(5, 3, 0, 0, 5, 1);          /* K = 0: the bias alone */
}
END_TEST

/* rows [m0, m1) computed alone equal the same rows of a whole run */
START_TEST(row_split_same_bits)
{
	const int64_t M = 100, N = 45, K = 700;
	float *A = malloc(sizeof(float) * (size_t)(M * K)), *B = malloc(sizeof(float) * (size_t)(K * N));
	float *C1 = malloc(sizeof(float) * (size_t)(M * N)), *C2 = malloc(sizeof(float) * (size_t)(M * N));
	float *Ap = malloc(sizeof(float) * (size_t)rt_sgemm_pack_floats(M, K));
	float *work = aligned_alloc(64, SG_WORK_FLOATS * sizeof(float));
	int64_t i, m0;

	if (!rt_sgemm_ok())
		goto done;
	for (i = 0; i < M * K; i++)
		A[i] = rnd();
	for (i = 0; i < K * N; i++)
		B[i] = rnd();
	rt_sgemm_pack(A, K, M, K, Ap);
	rt_sgemm(Ap, M, K, 0, M, B, N, N, C1, N, NULL, NULL, work);
	for (m0 = 0; m0 < M; m0 += 24)
		rt_sgemm(Ap, M, K, m0, m0 + 24 < M ? m0 + 24 : M, B, N, N, C2 + m0 * N, N, NULL, NULL, work);
	ck_assert(memcmp(C1, C2, sizeof(float) * (size_t)(M * N)) == 0);
	/* and columns split at a sliver boundary */
	rt_sgemm(Ap, M, K, 0, M, B, N, 32, C2, N, NULL, NULL, work);
	rt_sgemm(Ap, M, K, 0, M, B + 32, N, N - 32, C2 + 32, N, NULL, NULL, work);
	ck_assert(memcmp(C1, C2, sizeof(float) * (size_t)(M * N)) == 0);
done:
	free(A);
	free(B);
	free(C1);
	free(C2);
	free(Ap);
	free(work);
}
END_TEST

/* a clamp (fused Relu or Clip) equals the unclamped result put through
 * k_act.h's ACT_CLIP bit for bit, over one and several K blocks, with a
 * NaN and -0 among the outputs (ACT_CLIP keeps both), and K = 0 */
START_TEST(clamp_same_bits_as_act_clip)
{
	static const int64_t Ks[] = { 0, 9, 2 * SG_KC + 7 };
	static const float bounds[3][2] = { { 0.0f, INFINITY }, { 0.0f, 6.0f }, { -0.5f, 0.25f } };
	const int64_t M = 29, N = 45;
	float *A = malloc(sizeof(float) * (size_t)(M * 2 * SG_KC + M * 7 + 1));
	float *B = malloc(sizeof(float) * (size_t)((2 * SG_KC + 7) * N));
	float *C1 = malloc(sizeof(float) * (size_t)(M * N)), *C2 = malloc(sizeof(float) * (size_t)(M * N));
	float *Ap = malloc(sizeof(float) * (size_t)rt_sgemm_pack_floats(M, 2 * SG_KC + 7));
	float *work = aligned_alloc(64, SG_WORK_FLOATS * sizeof(float));
	float bias[29];
	size_t a, b;
	int64_t i, nan = 0, negzero = 0;

	if (!rt_sgemm_ok())
		goto done;
	for (i = 0; i < M; i++)
		bias[i] = i == 3 ? -0.0f : rnd() * 4;
	for (a = 0; a < sizeof Ks / sizeof Ks[0]; a++) {
		const int64_t K = Ks[a];
		for (i = 0; i < M * K; i++)
			A[i] = i / K == 3 ? 0.0f : rnd() * 4;   /* row 3: bias -0 plus zeros */
		for (i = 0; i < K * N; i++)
			B[i] = i == 5 ? NAN : rnd();
		rt_sgemm_pack(A, K, M, K, Ap);
		for (b = 0; b < 3; b++) {
			rt_sgemm(Ap, M, K, 0, M, B, N, N, C1, N, bias, NULL, work);
			for (i = 0; i < M * N; i++) {
				const float x = C1[i];
				C1[i] = ACT_CLIP(x, bounds[b][0], bounds[b][1]);
			}
			rt_sgemm(Ap, M, K, 0, M, B, N, N, C2, N, bias, bounds[b], work);
			ck_assert_msg(memcmp(C1, C2, sizeof(float) * (size_t)(M * N)) == 0,
				      "K %lld bounds [%g, %g]", (long long)K, bounds[b][0], bounds[b][1]);
			for (i = 0; i < M * N; i++) {
				nan += isnan(C2[i]);
				negzero += C2[i] == 0 && signbit(C2[i]);
			}
		}
	}
	ck_assert(nan > 0);          /* the cases did hold a NaN and a -0 */
	ck_assert(negzero > 0);
done:
	free(A);
	free(B);
	free(C1);
	free(C2);
	free(Ap);
	free(work);
}
END_TEST

/* rt_conv_simd below 2 turns it off (Conv then uses OpenBLAS) */
START_TEST(switched_off)
{
	rt_conv_simd = 1;
	ck_assert_int_eq(rt_sgemm_ok(), 0);
	rt_conv_simd = 2;
}
END_TEST

int main(void)
{
	Suite *s = suite_create("k_sgemm");
	TCase *tc = tcase_create("sgemm");

	tcase_add_test(tc, against_reference);
	tcase_add_test(tc, row_split_same_bits);
	tcase_add_test(tc, clamp_same_bits_as_act_clip);
	tcase_add_test(tc, switched_off);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
