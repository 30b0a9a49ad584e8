/*
 * k_sgemm.c - float GEMM with a pre-packed left operand (AVX-512), for
 * layers whose weights are constant: C = A x B (+ bias per row, or + C),
 * A packed once at prepare, B read in place (any row stride).
 *
 * A (M x K) is stored in blocks of SG_KC columns; within a block, panels
 * of SG_MR rows, each column of a panel SG_MR consecutive floats (rows
 * past M are zero).  B is copied, SG_NR columns by up to SG_KC rows at a
 * time, into a small buffer (the caller's `work`) that stays in L1 while
 * every panel of A in the block multiplies it: 12 x 32 outputs in 24
 * vector registers, one broadcast of A and two loads of B per column.
 * A clamp to [lo, hi] (a fused Relu or Clip) is applied in the registers
 * after the last K block, before the outputs are stored.
 * Loops: K blocks, then blocks of SG_MC rows (A's block stays in L2),
 * then B's slivers, then A's panels.  Each output is summed over k in
 * order within a K block and the blocks in order, so the result does not
 * depend on the caller's split of rows or columns (the caller's split
 * into items never changes the sums: threads give the same bits).
 *
 * The kernel carries __attribute__((target("avx512f"))): the library is
 * built for baseline x86-64, rt_sgemm_ok says at prepare whether the CPU
 * (and rt_conv_simd) allow it; callers use OpenBLAS otherwise.
 */
#include <string.h>

#include "k_conv_geom.h"
#include "k_sgemm.h"
#include "k_vmath.h"

#define SG_MC (SG_MR * 40)     /* rows of A per L2 block */

/* sg_kc: the K block for K: K split into equal blocks of at most SG_KC. */
static int64_t sg_kc(int64_t K)
{
	const int64_t nb = (K + SG_KC - 1) / SG_KC;

	return nb > 1 ? (K + nb - 1) / nb : SG_KC;
}

int64_t rt_sgemm_pack_floats(int64_t M, int64_t K)
{
	return (M + SG_MR - 1) / SG_MR * SG_MR * K;
}

/* sg_pack: A[i][k] = A[i * rs + k * cs] (M x K) packed into dst. */
static void sg_pack(const float *A, int64_t rs, int64_t cs, int64_t M, int64_t K, float *dst)
{
	const int64_t Mp = (M + SG_MR - 1) / SG_MR * SG_MR;
	const int64_t KC = sg_kc(K);
	int64_t k0, i0, k, r;

	for (k0 = 0; k0 < K; k0 += KC) {
		const int64_t kc = K - k0 < KC ? K - k0 : KC;

		for (i0 = 0; i0 < Mp; i0 += SG_MR) {
			float *d = dst + k0 * Mp + i0 * kc;

			for (k = 0; k < kc; k++)
				for (r = 0; r < SG_MR; r++)
					d[k * SG_MR + r] =
						i0 + r < M ? A[(i0 + r) * rs + (k0 + k) * cs] : 0.0f;
		}
	}
}

void rt_sgemm_pack(const float *A, int64_t lda, int64_t M, int64_t K, float *dst)
{
	sg_pack(A, lda, 1, M, K, dst);
}

void rt_sgemm_pack_t(const float *At, int64_t ldat, int64_t M, int64_t K, float *dst)
{
	sg_pack(At, 1, ldat, M, K, dst);
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

#define SG_TARGET __attribute__((target("avx512f")))
#ifndef SG_PF
#define SG_PF (SG_MR * 64)
#endif

int rt_sgemm_ok(void)
{
	if (rt_conv_simd < 2)
		return 0;
	__builtin_cpu_init();
	return __builtin_cpu_supports("avx512f");
}

/* sg_mask: the lanes of the vector at column v*16 of a sliver of nr. */
static inline __mmask16 sg_mask(int nr, int v)
{
	const int n = nr - 16 * v;

	return rt_lanes16(n);
}

/* sg_pack_b: rows [0, kc) x columns [0, nr) of B (row stride ldb) into
 * w as kc rows of SG_NR floats, columns past nr zero. */
static SG_TARGET void sg_pack_b(const float *B, int64_t ldb, int64_t kc, int nr, float *w)
{
	const __mmask16 m0 = sg_mask(nr, 0), m1 = sg_mask(nr, 1);
	int64_t k;

	if (nr == SG_NR) {
		for (k = 0; k < kc; k++) {
			_mm512_store_ps(w + k * SG_NR, _mm512_loadu_ps(B + k * ldb));
			_mm512_store_ps(w + k * SG_NR + 16, _mm512_loadu_ps(B + k * ldb + 16));
		}
		return;
	}
	for (k = 0; k < kc; k++) {
		_mm512_store_ps(w + k * SG_NR, _mm512_maskz_loadu_ps(m0, B + k * ldb));
		_mm512_store_ps(w + k * SG_NR + 16, _mm512_maskz_loadu_ps(m1, B + k * ldb + 16));
	}
}

/* sg_kernel: the mr x nr block at c (row stride ldc) = init + a x b over
 * kc columns, a one packed panel, b a packed sliver; init: bias[i] per
 * row (bias NULL: 0) when first, else the block's current values.  MRC
 * (4, 8 or 12 >= mr) rows and NV (1 or 2, 16 * NV >= nr) vectors of
 * columns are computed: constants, one instance each. */
static inline __attribute__((always_inline)) SG_TARGET void
sg_kernel(const float *a, const float *b, int64_t kc, float *c, int64_t ldc, int mr, int nr,
	  int first, const float *bias, const float *clamp, const int MRC, const int NV)
{
	const __mmask16 m0 = sg_mask(nr, 0), m1 = sg_mask(nr, 1);
	__m512 r0[SG_MR], r1[SG_MR];
	int64_t k;
	int i;

#pragma GCC unroll 12
	for (i = 0; i < MRC; i++) {
		if (i >= mr || (first && !bias)) {
			r0[i] = _mm512_setzero_ps();
			r1[i] = _mm512_setzero_ps();
		} else if (first) {
			r0[i] = r1[i] = _mm512_set1_ps(bias[i]);
		} else {
			r0[i] = _mm512_maskz_loadu_ps(m0, c + i * ldc);
			r1[i] = NV > 1 ? _mm512_maskz_loadu_ps(m1, c + i * ldc + 16) : r0[i];
		}
	}
	for (k = 0; k < kc; k++) {
		const __m512 b0 = _mm512_load_ps(b + k * SG_NR);

		_mm_prefetch((const char *)(a + k * SG_MR + SG_PF), _MM_HINT_T0);
		const __m512 b1 = NV > 1 ? _mm512_load_ps(b + k * SG_NR + 16) : b0;

#pragma GCC unroll 12
		for (i = 0; i < MRC; i++) {
			const __m512 ai = _mm512_set1_ps(a[k * SG_MR + i]);
			r0[i] = _mm512_fmadd_ps(ai, b0, r0[i]);
			if (NV > 1)
				r1[i] = _mm512_fmadd_ps(ai, b1, r1[i]);
		}
	}
	if (clamp) {
		/* k_act.h's ACT_CLIP: x < lo ? lo : x, then hi < x ? hi : x */
		const __m512 lo = _mm512_set1_ps(clamp[0]), hi = _mm512_set1_ps(clamp[1]);

#pragma GCC unroll 12
		for (i = 0; i < MRC; i++) {
			r0[i] = _mm512_mask_mov_ps(r0[i], _mm512_cmp_ps_mask(r0[i], lo, _CMP_LT_OQ), lo);
			r0[i] = _mm512_mask_mov_ps(r0[i], _mm512_cmp_ps_mask(hi, r0[i], _CMP_LT_OQ), hi);
			if (NV > 1) {
				r1[i] = _mm512_mask_mov_ps(r1[i], _mm512_cmp_ps_mask(r1[i], lo,
										  _CMP_LT_OQ), lo);
				r1[i] = _mm512_mask_mov_ps(r1[i], _mm512_cmp_ps_mask(hi, r1[i],
										  _CMP_LT_OQ), hi);
			}
		}
	}
#pragma GCC unroll 12
	for (i = 0; i < MRC; i++) {
		if (i < mr) {
			_mm512_mask_storeu_ps(c + i * ldc, m0, r0[i]);
			if (NV > 1)
				_mm512_mask_storeu_ps(c + i * ldc + 16, m1, r1[i]);
		}
	}
}

/* sg_kernels: sg_kernel's six instances, by rows (4, 8, 12) and vectors. */
#define SG_INST(R, V)                                                                            \
	static SG_TARGET void sg_kernel_##R##_##V(const float *a, const float *b, int64_t kc,      \
						  float *c, int64_t ldc, int mr, int nr, int first, \
						  const float *bias, const float *clamp)            \
	{                                                                                        \
		sg_kernel(a, b, kc, c, ldc, mr, nr, first, bias, clamp, R, V);                   \
	}
SG_INST(4, 1)
SG_INST(8, 1)
SG_INST(12, 1)
SG_INST(4, 2)
SG_INST(8, 2)
SG_INST(12, 2)

typedef void (*sg_fn)(const float *, const float *, int64_t, float *, int64_t, int, int, int,
		      const float *, const float *);
static const sg_fn sg_kernels[2][3] = {
	{ sg_kernel_4_1, sg_kernel_8_1, sg_kernel_12_1 },
	{ sg_kernel_4_2, sg_kernel_8_2, sg_kernel_12_2 },
};

/* sg_run: rt_sgemm and rt_sgemm_cb: B read at B (row stride ldb), or
 * when fill is given, produced a K block at a time into bbuf (N columns). */
static void sg_run(const float *Ap, int64_t M, int64_t K, int64_t m0, int64_t m1, const float *B,
		   int64_t ldb, rt_sgemm_fill fill, void *arg, float *bbuf, int64_t N, float *C,
		   int64_t ldc, const float *bias, const float *clamp, float *work)
{
	const int64_t Mp = (M + SG_MR - 1) / SG_MR * SG_MR;
	const int64_t KC = sg_kc(K);
	int64_t k0, ic, j0, i0;

	for (k0 = 0; k0 < K; k0 += KC) {
		const int64_t kc = K - k0 < KC ? K - k0 : KC;
		const float *Bk = B + k0 * ldb;
		int64_t ldk = ldb;

		if (fill) {
			fill(arg, k0, kc, bbuf);
			Bk = bbuf;
			ldk = N;
		}
		for (ic = m0; ic < m1; ic += SG_MC) {
			const int64_t ie = ic + SG_MC < m1 ? ic + SG_MC : m1;

			for (j0 = 0; j0 < N; j0 += SG_NR) {
				const int nr = N - j0 < SG_NR ? (int)(N - j0) : SG_NR;

				sg_pack_b(Bk + j0, ldk, kc, nr, work);
				for (i0 = ic; i0 < ie; i0 += SG_MR) {
					const int mr = ie - i0 < SG_MR ? (int)(ie - i0) : SG_MR;

					sg_kernels[nr > 16][(mr - 1) / 4](Ap + k0 * Mp + i0 * kc, work, kc,
									  C + (i0 - m0) * ldc + j0, ldc,
									  mr, nr, k0 == 0,
									  bias ? bias + (i0 - m0) : NULL,
									  k0 + kc == K ? clamp : NULL);
				}
			}
		}
	}
	if (K == 0)
		for (i0 = m0; i0 < m1; i0++)
			for (j0 = 0; j0 < N; j0++) {
				float v = bias ? bias[i0 - m0] : 0.0f;

				if (clamp) {
					v = v < clamp[0] ? clamp[0] : v;
					v = clamp[1] < v ? clamp[1] : v;
				}
				C[(i0 - m0) * ldc + j0] = v;
			}
}

void rt_sgemm(const float *Ap, int64_t M, int64_t K, int64_t m0, int64_t m1, const float *B,
	      int64_t ldb, int64_t N, float *C, int64_t ldc, const float *bias, const float *clamp,
	      float *work)
{
	sg_run(Ap, M, K, m0, m1, B, ldb, NULL, NULL, NULL, N, C, ldc, bias, clamp, work);
}

void rt_sgemm_cb(const float *Ap, int64_t M, int64_t K, int64_t m0, int64_t m1,
		 rt_sgemm_fill fill, void *arg, float *bbuf, int64_t N, float *C, int64_t ldc,
		 const float *bias, const float *clamp, float *work)
{
	sg_run(Ap, M, K, m0, m1, NULL, 0, fill, arg, bbuf, N, C, ldc, bias, clamp, work);
}

#else

int rt_sgemm_ok(void)
{
	return 0;
}

void rt_sgemm(const float *Ap, int64_t M, int64_t K, int64_t m0, int64_t m1, const float *B,
	      int64_t ldb, int64_t N, float *C, int64_t ldc, const float *bias, const float *clamp,
	      float *work)
{
	(void)Ap, (void)M, (void)K, (void)m0, (void)m1, (void)B, (void)ldb, (void)N, (void)C;
	(void)ldc, (void)bias, (void)clamp, (void)work;
}

void rt_sgemm_cb(const float *Ap, int64_t M, int64_t K, int64_t m0, int64_t m1,
		 rt_sgemm_fill fill, void *arg, float *bbuf, int64_t N, float *C, int64_t ldc,
		 const float *bias, const float *clamp, float *work)
{
	(void)Ap, (void)M, (void)K, (void)m0, (void)m1, (void)fill, (void)arg, (void)bbuf;
	(void)N, (void)C, (void)ldc, (void)bias, (void)clamp, (void)work;
}

#endif
