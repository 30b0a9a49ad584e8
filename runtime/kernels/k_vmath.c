/*
 * k_vmath.c - vectorised float math (k_vmath.h): one plain C body per
 * function, compiled for the baseline, AVX2+FMA and AVX-512F, and the best
 * the CPU has chosen at run time (__builtin_cpu_supports).
 */
#include <string.h>

#include "k_act.h"
#include "k_vmath.h"

/* rt_vact_f must round like the plain loops: no contraction into FMAs
 * (gcc in ISO C mode does not contract; clang would, within expressions) */
#ifdef __clang__
#pragma STDC FP_CONTRACT OFF
#endif

/* exp_poly: exp(x) for x already clamped to [-87.3, 88.37]: x = n ln2 + r,
 * |r| <= ln2/2 (Cody-Waite split of ln2), exp(r) by the degree-6 minimax
 * polynomial of Cephes' expf, times 2^n built in the exponent bits.  n is
 * rounded to nearest with the 1.5*2^23 trick (no floorf call, so the loop
 * vectorises without SSE4.1). */
static inline __attribute__((always_inline)) float exp_poly(float x)
{
	const float magic = 12582912.0f;  /* 1.5 * 2^23 */
	float t = x * 1.44269504088896341f + magic, n = t - magic, r, p;
	int32_t e;
	float s;

	r = x - n * 0.693359375f;
	r = r - n * -2.12194440e-4f;
	p = 1.9875691500e-4f;
	p = p * r + 1.3981999507e-3f;
	p = p * r + 8.3334519073e-3f;
	p = p * r + 4.1665795894e-2f;
	p = p * r + 1.6666665459e-1f;
	p = p * r + 5.0000001201e-1f;
	p = p * r * r + r + 1.0f;
	e = ((int32_t)n + 127) << 23;
	memcpy(&s, &e, sizeof s);
	return p * s;
}

#define BLOCK 16

/* The body of rt_vexp_sum_f, instantiated per instruction set: one loop
 * computing y (a NaN goes through exp_poly as 0 and is put back after;
 * below -87.3, where expf is subnormal or 0, the result is 0), then the sum in BLOCK
 * float accumulators. */
#define VEXP_SUM_BODY                                                                  \
	{                                                                              \
		float acc[BLOCK] = { 0 };                                              \
		double sum = 0;                                                        \
		int64_t i, j;                                                          \
		for (i = 0; i < n; i++) {                                              \
			float v = x[i] - m, c = v == v ? v : 0.0f;                     \
			c = c < -87.3f ? -87.3f : c;                                   \
			c = c > 88.37f ? 88.37f : c;                                    \
			c = exp_poly(c);                                               \
			c = v < -87.3f ? 0.0f : c;                                     \
			y[i] = v == v ? c : v;                                         \
		}                                                                      \
		for (i = 0; i + BLOCK <= n; i += BLOCK)                                \
			for (j = 0; j < BLOCK; j++)                                    \
				acc[j] += y[i + j];                                    \
		for (; i < n; i++)                                                     \
			sum += y[i];                                                   \
		for (j = 0; j < BLOCK; j++)                                            \
			sum += acc[j];                                                 \
		return sum;                                                            \
	}

static double vexp_sum_base(const float *x, float *y, int64_t n, float m) VEXP_SUM_BODY

#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target("avx2,fma")))
static double vexp_sum_avx2(const float *x, float *y, int64_t n, float m) VEXP_SUM_BODY

__attribute__((target("avx512f")))
static double vexp_sum_avx512(const float *x, float *y, int64_t n, float m) VEXP_SUM_BODY
#endif

double rt_vexp_sum_f(const float *x, float *y, int64_t n, float m)
{
#if defined(__x86_64__) && defined(__GNUC__)
	if (__builtin_cpu_supports("avx512f"))
		return vexp_sum_avx512(x, y, n, m);
	if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
		return vexp_sum_avx2(x, y, n, m);
#endif
	return vexp_sum_base(x, y, n, m);
}

/* The body of rt_vact_f per instruction set: k_act.h's ACT_LOOP with the
 * same expressions. */
#define VACT_LOOP(EXPR)                                                                \
	for (i = 0; i < n; i++) {                                                      \
		const float x = y[i];                                                  \
		y[i] = (float)(EXPR);                                                  \
	}                                                                              \
	return 1;
#define VACT_BODY                                                                      \
	{                                                                              \
		const float p0 = a->alpha, p1 = a->beta;                               \
		int64_t i;                                                             \
		switch (a->op) {                                                       \
		case IR_OP_Relu: VACT_LOOP(ACT_RELU(x))                                \
		case IR_OP_LeakyRelu: VACT_LOOP(ACT_LEAKYRELU(x, p0))                  \
		case IR_OP_Clip: VACT_LOOP(ACT_CLIP(x, p0, p1))                        \
		case IR_OP_HardSigmoid: VACT_LOOP(ACT_HARDSIGMOID(x, p0, p1))          \
		case IR_OP_HardSwish: VACT_LOOP(ACT_HARDSWISH(x))                      \
		default: return 0;                                                     \
		}                                                                      \
	}

/* The body of rt_vsum_f: 8 double partial sums. */
#define VSUM_BODY                                                                      \
	{                                                                              \
		double acc[8] = { 0 }, sum = 0;                                        \
		int64_t i, j;                                                          \
		for (i = 0; i + 8 <= n; i += 8)                                        \
			for (j = 0; j < 8; j++)                                        \
				acc[j] += x[i + j];                                    \
		for (; i < n; i++)                                                     \
			acc[i % 8] += x[i];                                            \
		for (j = 0; j < 8; j++)                                                \
			sum += acc[j];                                                 \
		return sum;                                                            \
	}

static double vsum_base(const float *x, int64_t n) VSUM_BODY

#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target("avx2"))) static int vact_avx2(const rt_act *a, float *y, int64_t n) VACT_BODY

__attribute__((target("avx512f"))) static int vact_avx512(const rt_act *a, float *y, int64_t n)
	VACT_BODY

__attribute__((target("avx512f"))) static double vsum_avx512(const float *x, int64_t n) VSUM_BODY
#endif

int rt_vact_f(const rt_act *a, float *y, int64_t n)
{
#if defined(__x86_64__) && defined(__GNUC__)
	if (__builtin_cpu_supports("avx512f"))
		return vact_avx512(a, y, n);
	if (__builtin_cpu_supports("avx2"))
		return vact_avx2(a, y, n);
#endif
	(void)a, (void)y, (void)n;
	return 0;
}

double rt_vsum_f(const float *x, int64_t n)
{
#if defined(__x86_64__) && defined(__GNUC__)
	if (__builtin_cpu_supports("avx512f"))
		return vsum_avx512(x, n);
#endif
	return vsum_base(x, n);
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

/* s2_masks: for cnt (1..16) outputs of a stride-2 access, the lanes of the
 * two 16-float loads that cover x[0 .. 2 cnt - 2] (lo, hi) and of the cnt
 * outputs (out). */
static inline void s2_masks(int64_t cnt, __mmask16 *lo, __mmask16 *hi, __mmask16 *out)
{
	const int64_t m = 2 * cnt - 1;

	*lo = rt_lanes16(m);
	*hi = rt_lanes16(m - 16);
	*out = rt_lanes16(cnt);
}

/* add_s2_avx512: rt_add_s2_f by 16 inputs: each spread to the even lanes
 * of two vectors of y (a permute) and added under the even-lane mask. */
__attribute__((target("avx512f"))) static void add_s2_avx512(float *y, const float *x, int64_t n)
{
	const __m512i lo = _mm512_setr_epi32(0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7);
	const __m512i hi = _mm512_setr_epi32(8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 14, 14, 15,
					     15);
	int64_t j;

	for (j = 0; j < n; j += 16) {
		__mmask16 m0, m1, mx;
		__m512 v;
		float *p = y + 2 * j;

		s2_masks(n - j < 16 ? n - j : 16, &m0, &m1, &mx);
		m0 &= 0x5555;   /* the even lanes: y[2 j] */
		m1 &= 0x5555;
		v = _mm512_maskz_loadu_ps(mx, x + j);

		_mm512_mask_storeu_ps(p, m0, _mm512_add_ps(_mm512_maskz_loadu_ps(m0, p),
							    _mm512_permutexvar_ps(lo, v)));
		_mm512_mask_storeu_ps(p + 16, m1, _mm512_add_ps(_mm512_maskz_loadu_ps(m1, p + 16),
								 _mm512_permutexvar_ps(hi, v)));
	}
}
#endif

#if defined(__x86_64__) && defined(__GNUC__)
/* max_s2_avx512: rt_max_s2_f, all taps of 16 outputs in a register (two
 * loads and an even-lane permute per tap). */
__attribute__((target("avx512f"))) static void max_s2_avx512(float *y, const float *const *rows,
							     int nrows, int64_t KW, int64_t dw,
							     int64_t base, int64_t n)
{
	const __m512i even = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26,
					       28, 30);
	int64_t i, kw;
	int kh;

	for (i = 0; i < n; i += 16) {
		__mmask16 mlo, mhi, mo;
		__m512 acc = _mm512_setzero_ps();
		int first = 1;

		s2_masks(n - i < 16 ? n - i : 16, &mlo, &mhi, &mo);
		for (kh = 0; kh < nrows; kh++)
			for (kw = 0; kw < KW; kw++) {
				const float *p = rows[kh] + base + 2 * i + kw * dw;
				const __m512 v = _mm512_permutex2var_ps(_mm512_maskz_loadu_ps(mlo, p), even,
									_mm512_maskz_loadu_ps(mhi, p + 16));

				acc = first ? v : _mm512_max_ps(v, acc);
				first = 0;
			}
		_mm512_mask_storeu_ps(y + i, mo, acc);
	}
}

/* copy_s2_avx512: rt_copy_s2_f by 16 outputs: two loads (the second
 * masked to what is needed) and one even-lane permute. */
__attribute__((target("avx512f"))) static void copy_s2_avx512(float *y, const float *x, int64_t n)
{
	const __m512i even = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26,
					       28, 30);
	int64_t j;

	for (j = 0; j < n; j += 16) {
		__mmask16 mlo, mhi, mo;

		s2_masks(n - j < 16 ? n - j : 16, &mlo, &mhi, &mo);
		_mm512_mask_storeu_ps(y + j, mo,
				      _mm512_permutex2var_ps(_mm512_maskz_loadu_ps(mlo, x + 2 * j), even,
							     _mm512_maskz_loadu_ps(mhi, x + 2 * j + 16)));
	}
}
#endif

int rt_max_s2_f(float *y, const float *const *rows, int nrows, int64_t KW, int64_t dw,
		int64_t base, int64_t n)
{
#if defined(__x86_64__) && defined(__GNUC__)
	if (__builtin_cpu_supports("avx512f")) {
		max_s2_avx512(y, rows, nrows, KW, dw, base, n);
		return 1;
	}
#endif
	(void)y, (void)rows, (void)nrows, (void)KW, (void)dw, (void)base, (void)n;
	return 0;
}

int rt_copy_s2_f(float *y, const float *x, int64_t n)
{
#if defined(__x86_64__) && defined(__GNUC__)
	if (__builtin_cpu_supports("avx512f")) {
		copy_s2_avx512(y, x, n);
		return 1;
	}
#endif
	(void)y, (void)x, (void)n;
	return 0;
}

int rt_add_s2_f(float *y, const float *x, int64_t n)
{
#if defined(__x86_64__) && defined(__GNUC__)
	if (__builtin_cpu_supports("avx512f")) {
		add_s2_avx512(y, x, n);
		return 1;
	}
#endif
	(void)y, (void)x, (void)n;
	return 0;
}
