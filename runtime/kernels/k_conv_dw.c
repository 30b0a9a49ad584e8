/*
 * k_conv_dw.c - the AVX2+FMA kernel of float depthwise Conv (group == C ==
 * M, 1-D or 2-D, dilation 1, stride 1 or 2, kernel up to 7x7).
 *
 * Per channel and output row, the interior columns (every tap inside the
 * input) are computed 8 or 16 at a time with FMAs; 3x3 and 5x5 at strides
 * 1 and 2 have unrolled instances.  Edge outputs (a tap in the padding)
 * are computed one at a time.  Taps are summed in the same order as the
 * plain C kernel of k_conv_tmpl.h (bias, then row by row), but with fused
 * multiply-adds, so results may differ from it by float rounding.
 *
 * The functions carry __attribute__((target("avx2,fma"))): the library is
 * built for baseline x86-64 and rt_dw_simd_ok checks the CPU at prepare.
 */
#include "k_conv_geom.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

#define DW_TARGET __attribute__((target("avx2,fma")))
#define DW_INLINE static inline __attribute__((always_inline)) DW_TARGET

/* dw_geom: one channel's sizes, the 1-D case as 2-D with H = 1. */
typedef struct dw_geom {
	int64_t H, W, OH, OW, KH, KW, S, ph, pw;
} dw_geom;

/* dw_pixel: output (oh, ow) summing only the taps inside the input. */
DW_INLINE float dw_pixel(const dw_geom *d, const float *x, const float *w, float b, int64_t oh,
			 int64_t ow)
{
	const int64_t ih0 = oh * d->S - d->ph, iw0 = ow * d->S - d->pw;
	float acc = b;
	int64_t kh, kw;

	for (kh = 0; kh < d->KH; kh++) {
		const int64_t ih = ih0 + kh;
		if (ih < 0 || ih >= d->H)
			continue;
		for (kw = 0; kw < d->KW; kw++) {
			const int64_t iw = iw0 + kw;
			if (iw >= 0 && iw < d->W)
				acc += w[kh * d->KW + kw] * x[ih * d->W + iw];
		}
	}
	return acc;
}

/* dw_load: 8 inputs S apart from p (S == 2 reads p[0..15]). */
DW_INLINE __m256 dw_load(const float *p, const int S)
{
	__m256 a, b, e;

	if (S == 1)
		return _mm256_loadu_ps(p);
	a = _mm256_loadu_ps(p);
	b = _mm256_loadu_ps(p + 8);
	e = _mm256_shuffle_ps(a, b, _MM_SHUFFLE(2, 0, 2, 0));   /* a0 a2 b0 b2 a4 a6 b4 b6 */
	return _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(e),
						      _MM_SHUFFLE(3, 1, 2, 0)));
}

/* dw_row: outputs [ow0, ow1) of one row whose taps are all inside the
 * input (rows ih0.., columns from ow*S - pw); returns the first column
 * not computed (fewer than 8 are left). */
DW_INLINE int64_t dw_row(const float *x, int64_t W, const float *w, float b, float *yr,
			 int64_t ih0, int64_t pw, int64_t ow0, int64_t ow1, const int KH,
			 const int KW, const int S)
{
	const __m256 vb = _mm256_set1_ps(b);
	int64_t ow = ow0;
	int kh, kw;

	for (; ow + 16 <= ow1; ow += 16) {
		__m256 a0 = vb, a1 = vb;
		for (kh = 0; kh < KH; kh++) {
			const float *xr = x + (ih0 + kh) * W + ow * S - pw;
			for (kw = 0; kw < KW; kw++) {
				const __m256 wv = _mm256_broadcast_ss(w + kh * KW + kw);
				a0 = _mm256_fmadd_ps(wv, dw_load(xr + kw, S), a0);
				a1 = _mm256_fmadd_ps(wv, dw_load(xr + kw + 8 * S, S), a1);
			}
		}
		_mm256_storeu_ps(yr + ow, a0);
		_mm256_storeu_ps(yr + ow + 8, a1);
	}
	for (; ow + 8 <= ow1; ow += 8) {
		__m256 a0 = vb;
		for (kh = 0; kh < KH; kh++) {
			const float *xr = x + (ih0 + kh) * W + ow * S - pw;
			for (kw = 0; kw < KW; kw++)
				a0 = _mm256_fmadd_ps(_mm256_broadcast_ss(w + kh * KW + kw),
						     dw_load(xr + kw, S), a0);
		}
		_mm256_storeu_ps(yr + ow, a0);
	}
	return ow;
}

/* dw_channel: one channel; KH, KW, S constants in the unrolled instances. */
DW_INLINE void dw_channel(const dw_geom *d, const float *x, const float *w, float b, float *y,
			  const int KH, const int KW, const int S)
{
	/* interior: every tap inside; S == 2 loads read one element more */
	int64_t oh_lo = (d->ph + S - 1) / S, ow_lo = (d->pw + S - 1) / S;
	int64_t oh_hi = d->H - KH + d->ph >= 0 ? (d->H - KH + d->ph) / S + 1 : 0;
	int64_t ow_hi = d->W - KW - (S - 1) + d->pw >= 0 ? (d->W - KW - (S - 1) + d->pw) / S + 1 : 0;
	int64_t oh, ow;

	if (oh_hi > d->OH)
		oh_hi = d->OH;
	if (ow_hi > d->OW)
		ow_hi = d->OW;
	if (ow_lo > ow_hi)
		ow_lo = ow_hi;
	for (oh = 0; oh < d->OH; oh++) {
		float *yr = y + oh * d->OW;

		ow = 0;
		if (oh >= oh_lo && oh < oh_hi) {
			for (; ow < ow_lo; ow++)
				yr[ow] = dw_pixel(d, x, w, b, oh, ow);
			ow = dw_row(x, d->W, w, b, yr, oh * S - d->ph, d->pw, ow_lo, ow_hi, KH, KW, S);
		}
		for (; ow < d->OW; ow++)
			yr[ow] = dw_pixel(d, x, w, b, oh, ow);
	}
}

static DW_TARGET void dw_3x3s1(const dw_geom *d, const float *x, const float *w, float b, float *y)
{
	dw_channel(d, x, w, b, y, 3, 3, 1);
}

static DW_TARGET void dw_3x3s2(const dw_geom *d, const float *x, const float *w, float b, float *y)
{
	dw_channel(d, x, w, b, y, 3, 3, 2);
}

static DW_TARGET void dw_5x5s1(const dw_geom *d, const float *x, const float *w, float b, float *y)
{
	dw_channel(d, x, w, b, y, 5, 5, 1);
}

static DW_TARGET void dw_5x5s2(const dw_geom *d, const float *x, const float *w, float b, float *y)
{
	dw_channel(d, x, w, b, y, 5, 5, 2);
}

static DW_TARGET void dw_any_s1(const dw_geom *d, const float *x, const float *w, float b, float *y)
{
	dw_channel(d, x, w, b, y, (int)d->KH, (int)d->KW, 1);
}

static DW_TARGET void dw_any_s2(const dw_geom *d, const float *x, const float *w, float b, float *y)
{
	dw_channel(d, x, w, b, y, (int)d->KH, (int)d->KW, 2);
}

int rt_dw_simd_ok(const rt_convgeom *g)
{
	int i;

	if (!rt_conv_simd || g->nsp < 1 || g->nsp > 2)
		return 0;
	for (i = 0; i < g->nsp; i++)
		if (g->dil[i] != 1 || g->stride[i] != g->stride[g->nsp - 1] || g->stride[i] > 2 ||
		    g->k[i] > 7)
			return 0;
	__builtin_cpu_init();
	return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

void rt_dw_simd_f(const rt_convgeom *g, const float *x, const float *w, const float *bias,
		  float *y, int64_t channels)
{
	const int two = g->nsp == 2;
	void (*fn)(const dw_geom *, const float *, const float *, float, float *);
	dw_geom d;
	int64_t c;

	d.H = two ? g->in[0] : 1;
	d.W = g->in[two];
	d.OH = two ? g->out[0] : 1;
	d.OW = g->out[two];
	d.KH = two ? g->k[0] : 1;
	d.KW = g->k[two];
	d.S = g->stride[two];
	d.ph = two ? g->pad0[0] : 0;
	d.pw = g->pad0[two];
	if (d.KH == 3 && d.KW == 3)
		fn = d.S == 1 ? dw_3x3s1 : dw_3x3s2;
	else if (d.KH == 5 && d.KW == 5)
		fn = d.S == 1 ? dw_5x5s1 : dw_5x5s2;
	else
		fn = d.S == 1 ? dw_any_s1 : dw_any_s2;
	for (c = 0; c < channels; c++)
		fn(&d, x + c * g->in_size, w + c * g->k_size, bias ? bias[c] : 0, y + c * g->out_size);
}

#else

int rt_dw_simd_ok(const rt_convgeom *g)
{
	(void)g;
	return 0;
}

void rt_dw_simd_f(const rt_convgeom *g, const float *x, const float *w, const float *bias,
		  float *y, int64_t channels)
{
	(void)g, (void)x, (void)w, (void)bias, (void)y, (void)channels;
}

#endif
