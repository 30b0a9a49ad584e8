/*
 * k_conv_dw.c - the AVX2+FMA kernel of float depthwise Conv (group == C ==
 * M, 1-D or 2-D, dilation 1, stride 1 or 2, kernel up to 7x7).
 *
 * Per channel, the input plane is first copied into a zero-padded buffer
 * (the caller's scratch), so that every output is computed the same way,
 * edges included: 8 or 16 outputs of a row at a time with FMAs, the last
 * ones by an overlapping vector (or a masked store when the row is shorter
 * than 8); 3x3 and 5x5 at strides 1 and 2 have unrolled instances.  Taps
 * are summed in the order of the plain C kernel of k_conv_tmpl.h (bias,
 * then row by row; the padding's taps add 0), but with fused
 * multiply-adds, so results may differ from it by float rounding.
 *
 * The functions carry __attribute__((target("avx2,fma"))): the library is
 * built for baseline x86-64 and rt_dw_simd_ok checks the CPU at prepare.
 */
#include <string.h>

#include "k_conv_geom.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

#define DW_TARGET __attribute__((target("avx2,fma")))
#define DW_INLINE static inline __attribute__((always_inline)) DW_TARGET

/* dw_geom: one channel's sizes, the 1-D case as 2-D with H = 1; HP x WP is
 * the zero-padded copy of the input plane every output reads from. */
typedef struct dw_geom {
	int64_t H, W, OH, OW, KH, KW, S, ph, pw, HP, WP;
} dw_geom;

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

/* dw_pad_plane: the HP x WP zero-padded copy of plane x (row r, column c of
 * the copy hold x[r - ph][c - pw], 0 outside x). */
static DW_TARGET void dw_pad_plane(const dw_geom *d, const float *x, float *xp)
{
	/* columns [pw, pw + n) of a row hold the input row, the rest 0 */
	const int64_t lead = d->pw < d->WP ? d->pw : d->WP;
	const int64_t n = d->W < d->WP - lead ? d->W : d->WP - lead;
	int64_t r;

	for (r = 0; r < d->HP; r++) {
		float *row = xp + r * d->WP;
		const int64_t ih = r - d->ph;

		if (ih < 0 || ih >= d->H) {
			memset(row, 0, sizeof(float) * (size_t)d->WP);
			continue;
		}
		memset(row, 0, sizeof(float) * (size_t)lead);
		memcpy(row + lead, x + ih * d->W, sizeof(float) * (size_t)n);
		memset(row + lead + n, 0, sizeof(float) * (size_t)(d->WP - lead - n));
	}
}

/* dw_vec: 8 outputs of row oh from column ow of the padded plane. */
DW_INLINE __m256 dw_vec(const float *xp, int64_t WP, const __m256 *wv, __m256 acc, int64_t oh,
			int64_t ow, const int KH, const int KW, const int S)
{
	int kh, kw;

	for (kh = 0; kh < KH; kh++) {
		const float *xr = xp + (oh * S + kh) * WP + ow * S;
		for (kw = 0; kw < KW; kw++)
			acc = _mm256_fmadd_ps(wv[kh * KW + kw], dw_load(xr + kw, S), acc);
	}
	return acc;
}

/* dw_channel: one channel from its padded copy xp; KH, KW, S constants in
 * the unrolled instances.  Rows of fewer than 8 outputs end with a masked
 * store, longer ones with an overlapping vector. */
DW_INLINE void dw_channel(const dw_geom *d, const float *xp, const float *w, float b, float *y,
			  const int KH, const int KW, const int S)
{
	__m256 wv[49];
	const __m256 vb = _mm256_set1_ps(b);
	const int64_t OW = d->OW, WP = d->WP;
	const __m256i mask = _mm256_cmpgt_epi32(_mm256_set1_epi32((int)(OW < 8 ? OW : 8)),
						_mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
	int64_t oh, ow;
	int k;

	for (k = 0; k < KH * KW; k++)
		wv[k] = _mm256_broadcast_ss(w + k);
	for (oh = 0; oh < d->OH; oh++) {
		float *yr = y + oh * OW;

		if (OW < 8) {
			_mm256_maskstore_ps(yr, mask, dw_vec(xp, WP, wv, vb, oh, 0, KH, KW, S));
			continue;
		}
		for (ow = 0; ow + 16 <= OW; ow += 16) {
			__m256 a0 = dw_vec(xp, WP, wv, vb, oh, ow, KH, KW, S);
			__m256 a1 = dw_vec(xp, WP, wv, vb, oh, ow + 8, KH, KW, S);
			_mm256_storeu_ps(yr + ow, a0);
			_mm256_storeu_ps(yr + ow + 8, a1);
		}
		for (; ow + 8 <= OW; ow += 8)
			_mm256_storeu_ps(yr + ow, dw_vec(xp, WP, wv, vb, oh, ow, KH, KW, S));
		if (ow < OW)
			_mm256_storeu_ps(yr + OW - 8, dw_vec(xp, WP, wv, vb, oh, OW - 8, KH, KW, S));
	}
}

#define DW_INSTANCE(NAME, KH, KW, S)                                                       \
	static DW_TARGET void NAME(const dw_geom *d, const float *xp, const float *w, float b, \
				   float *y)                                                \
	{                                                                                   \
		dw_channel(d, xp, w, b, y, KH, KW, S);                                      \
	}

DW_INSTANCE(dw_3x3s1, 3, 3, 1)
DW_INSTANCE(dw_3x3s2, 3, 3, 2)
DW_INSTANCE(dw_5x5s1, 5, 5, 1)
DW_INSTANCE(dw_5x5s2, 5, 5, 2)
DW_INSTANCE(dw_any_s1, (int)d->KH, (int)d->KW, 1)
DW_INSTANCE(dw_any_s2, (int)d->KH, (int)d->KW, 2)

/* dw_geom_of: the channel geometry of g (padded plane included). */
static void dw_geom_of(const rt_convgeom *g, dw_geom *d)
{
	const int two = g->nsp == 2;

	d->H = two ? g->in[0] : 1;
	d->W = g->in[two];
	d->OH = two ? g->out[0] : 1;
	d->OW = g->out[two];
	d->KH = two ? g->k[0] : 1;
	d->KW = g->k[two];
	d->S = g->stride[two];
	d->ph = two ? g->pad0[0] : 0;
	d->pw = g->pad0[two];
	/* rows read: oh * S + kh; columns: up to S * max(OW, 8) + KW + 15 (a
	 * stride-2 load reads 16); rounded to whole cache lines */
	d->HP = (d->OH - 1) * d->S + d->KH;
	d->WP = (d->S * (d->OW > 8 ? d->OW : 8) + d->KW + 16 + 15) / 16 * 16;
}

int64_t rt_dw_simd_scratch(const rt_convgeom *g)
{
	dw_geom d;

	dw_geom_of(g, &d);
	return d.HP * d.WP;
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
		  float *y, int64_t channels, float *pad)
{
	void (*fn)(const dw_geom *, const float *, const float *, float, float *);
	dw_geom d;
	int64_t c;

	dw_geom_of(g, &d);
	if (d.KH == 3 && d.KW == 3)
		fn = d.S == 1 ? dw_3x3s1 : dw_3x3s2;
	else if (d.KH == 5 && d.KW == 5)
		fn = d.S == 1 ? dw_5x5s1 : dw_5x5s2;
	else
		fn = d.S == 1 ? dw_any_s1 : dw_any_s2;
	for (c = 0; c < channels; c++) {
		dw_pad_plane(&d, x + c * g->in_size, pad);
		fn(&d, pad, w + c * g->k_size, bias ? bias[c] : 0, y + c * g->out_size);
	}
}

#else

int rt_dw_simd_ok(const rt_convgeom *g)
{
	(void)g;
	return 0;
}

int64_t rt_dw_simd_scratch(const rt_convgeom *g)
{
	(void)g;
	return 0;
}

void rt_dw_simd_f(const rt_convgeom *g, const float *x, const float *w, const float *bias,
		  float *y, int64_t channels, float *pad)
{
	(void)g, (void)x, (void)w, (void)bias, (void)y, (void)channels, (void)pad;
}

#endif
