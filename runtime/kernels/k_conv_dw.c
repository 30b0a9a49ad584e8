/*
 * k_conv_dw.c - the AVX2+FMA and AVX-512 kernels of float depthwise Conv
 * (group == C == M, 1-D or 2-D, stride 1 or 2, kernel up to 7x7, any
 * dilation up to 32: MobileNetV3's dilated 5x5 layers in DeepLab/LR-ASPP).
 *
 * Per channel, the input plane is first copied into a zero-padded buffer
 * (the caller's scratch), so that every output is computed the same way,
 * edges included: 8 or 16 (AVX2), 16 or 32 (AVX-512) outputs of a row at a
 * time with FMAs, the last ones by an overlapping vector (or a masked
 * store when the row is shorter than a vector); 3x3 and 5x5 at strides 1
 * and 2 have unrolled instances.  Taps
 * are summed in the order of the plain C kernel of k_conv_tmpl.h (bias,
 * then row by row; the padding's taps add 0), but with fused
 * multiply-adds, so results may differ from it by float rounding.
 *
 * The functions carry __attribute__((target(...))): the library is built
 * for baseline x86-64 and rt_dw_simd_ok picks the level the CPU has at
 * prepare.  Both levels sum in the same order, so they agree bit for bit.
 */
#include <string.h>

#include "k_conv_geom.h"
#include "k_vmath.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

#define DW_TARGET __attribute__((target("avx2,fma")))
#define DW_INLINE static inline __attribute__((always_inline)) DW_TARGET

/* dw_geom: one channel's sizes, the 1-D case as 2-D with H = 1; HP x WP is
 * the zero-padded copy of the input plane every output reads from. */
typedef struct dw_geom {
	int64_t H, W, OH, OW, KH, KW, S, DH, DW, ph, pw, HP, WP;
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
			int64_t ow, const int KH, const int KW, const int S, const int64_t DH,
			const int64_t DW)
{
	int kh, kw;

	for (kh = 0; kh < KH; kh++) {
		const float *xr = xp + (oh * S + kh * DH) * WP + ow * S;
		for (kw = 0; kw < KW; kw++)
			acc = _mm256_fmadd_ps(wv[kh * KW + kw], dw_load(xr + kw * DW, S), acc);
	}
	return acc;
}

/* DW_CLAMP: the fused Relu/Clip as ACT_CLIP computes it (k_act.h: a NaN
 * stays NaN, -0 stays -0): max_ps(lo, v) is lo > v ? lo : v. */
#define DW_CLAMP(v) _mm256_min_ps(vhi, _mm256_max_ps(vlo, (v)))

/* dw_channel: one channel from its padded copy xp, clamped to [lo, hi];
 * KH, KW, S (and DH, DW: the dilations) constants in the unrolled
 * instances.  Rows of fewer than 8
 * outputs end with a masked store, longer ones with an overlapping
 * vector. */
DW_INLINE void dw_channel(const dw_geom *d, const float *xp, const float *w, float b, float *y,
			  float lo, float hi, const int KH, const int KW, const int S,
			  const int64_t DH, const int64_t DW)
{
	__m256 wv[49];
	const __m256 vb = _mm256_set1_ps(b), vlo = _mm256_set1_ps(lo), vhi = _mm256_set1_ps(hi);
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
			_mm256_maskstore_ps(yr, mask, DW_CLAMP(dw_vec(xp, WP, wv, vb, oh, 0, KH, KW, S, DH, DW)));
			continue;
		}
		for (ow = 0; ow + 16 <= OW; ow += 16) {
			__m256 a0 = dw_vec(xp, WP, wv, vb, oh, ow, KH, KW, S, DH, DW);
			__m256 a1 = dw_vec(xp, WP, wv, vb, oh, ow + 8, KH, KW, S, DH, DW);
			_mm256_storeu_ps(yr + ow, DW_CLAMP(a0));
			_mm256_storeu_ps(yr + ow + 8, DW_CLAMP(a1));
		}
		for (; ow + 8 <= OW; ow += 8)
			_mm256_storeu_ps(yr + ow, DW_CLAMP(dw_vec(xp, WP, wv, vb, oh, ow, KH, KW, S, DH, DW)));
		if (ow < OW)
			_mm256_storeu_ps(yr + OW - 8,
					 DW_CLAMP(dw_vec(xp, WP, wv, vb, oh, OW - 8, KH, KW, S, DH, DW)));
	}
}

#define DW_INSTANCE(NAME, KH, KW, S, DH, DW)                                               \
	static DW_TARGET void NAME(const dw_geom *d, const float *xp, const float *w, float b, \
				   float *y, float lo, float hi)                            \
	{                                                                                   \
		dw_channel(d, xp, w, b, y, lo, hi, KH, KW, S, DH, DW);                             \
	}

DW_INSTANCE(dw_3x3s1, 3, 3, 1, 1, 1)
DW_INSTANCE(dw_3x3s2, 3, 3, 2, 1, 1)
DW_INSTANCE(dw_5x5s1, 5, 5, 1, 1, 1)
DW_INSTANCE(dw_5x5s2, 5, 5, 2, 1, 1)
DW_INSTANCE(dw_3x3s1_dil, 3, 3, 1, d->DH, d->DW)
DW_INSTANCE(dw_5x5s1_dil, 5, 5, 1, d->DH, d->DW)
DW_INSTANCE(dw_any_s1, (int)d->KH, (int)d->KW, 1, d->DH, d->DW)
DW_INSTANCE(dw_any_s2, (int)d->KH, (int)d->KW, 2, d->DH, d->DW)

/* ---- the AVX-512 variant: 16 outputs per vector ---- */

#define DW5_TARGET __attribute__((target("avx512f,avx2,fma")))
#define DW5_INLINE static inline __attribute__((always_inline)) DW5_TARGET

/* dw5_load: 16 inputs S apart from p (S == 2 reads p[0..31]). */
DW5_INLINE __m512 dw5_load(const float *p, const int S)
{
	if (S == 1)
		return _mm512_loadu_ps(p);
	return _mm512_permutex2var_ps(_mm512_loadu_ps(p),
				      _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22,
							24, 26, 28, 30),
				      _mm512_loadu_ps(p + 16));
}

/* dw5_vec: 16 outputs of row oh from column ow of the padded plane. */
DW5_INLINE __m512 dw5_vec(const float *xp, int64_t WP, const __m512 *wv, __m512 acc, int64_t oh,
			  int64_t ow, const int KH, const int KW, const int S, const int64_t DH,
			  const int64_t DW)
{
	int kh, kw;

	for (kh = 0; kh < KH; kh++) {
		const float *xr = xp + (oh * S + kh * DH) * WP + ow * S;
		for (kw = 0; kw < KW; kw++)
			acc = _mm512_fmadd_ps(wv[kh * KW + kw], dw5_load(xr + kw * DW, S), acc);
	}
	return acc;
}

/* dw5_vec4: dw5_vec for rows oh .. oh + 3 at once (four independent
 * chains of FMAs: a narrow map's rows would otherwise wait on each
 * other's latency); each output summed in dw5_vec's order. */
DW5_INLINE void dw5_vec4(const float *xp, int64_t WP, const __m512 *wv, __m512 b, int64_t oh,
			 int64_t ow, const int KH, const int KW, const int S, const int64_t DH,
			 const int64_t DW, __m512 *acc)
{
	const int64_t rs = S * WP;
	__m512 a0 = b, a1 = b, a2 = b, a3 = b;
	int kh, kw;

	for (kh = 0; kh < KH; kh++) {
		const float *xr = xp + (oh * S + kh * DH) * WP + ow * S;
		for (kw = 0; kw < KW; kw++) {
			const __m512 w = wv[kh * KW + kw];
			const float *p = xr + kw * DW;

			a0 = _mm512_fmadd_ps(w, dw5_load(p, S), a0);
			a1 = _mm512_fmadd_ps(w, dw5_load(p + rs, S), a1);
			a2 = _mm512_fmadd_ps(w, dw5_load(p + 2 * rs, S), a2);
			a3 = _mm512_fmadd_ps(w, dw5_load(p + 3 * rs, S), a3);
		}
	}
	acc[0] = a0;
	acc[1] = a1;
	acc[2] = a2;
	acc[3] = a3;
}

/* DW5_CLAMP: DW_CLAMP on 16 floats. */
#define DW5_CLAMP(v) _mm512_min_ps(vhi, _mm512_max_ps(vlo, (v)))

/* dw5_channel: dw_channel with 16-wide vectors (masked store below 16). */
DW5_INLINE void dw5_channel(const dw_geom *d, const float *xp, const float *w, float b, float *y,
			    float lo, float hi, const int KH, const int KW, const int S,
			    const int64_t DH, const int64_t DW)
{
	__m512 wv[49];
	const __m512 vb = _mm512_set1_ps(b), vlo = _mm512_set1_ps(lo), vhi = _mm512_set1_ps(hi);
	const int64_t OW = d->OW, WP = d->WP;
	const __mmask16 mask = rt_lanes16(OW);
	int64_t oh, ow;
	int k;

	for (k = 0; k < KH * KW; k++)
		wv[k] = _mm512_set1_ps(w[k]);
	oh = 0;
	if (OW <= 16)   /* one vector a row: four rows at a time */
		for (; oh + 4 <= d->OH; oh += 4) {
			__m512 a[4];
			int r;

			dw5_vec4(xp, WP, wv, vb, oh, 0, KH, KW, S, DH, DW, a);
			for (r = 0; r < 4; r++)
				_mm512_mask_storeu_ps(y + (oh + r) * OW, mask, DW5_CLAMP(a[r]));
		}
	for (; oh < d->OH; oh++) {
		float *yr = y + oh * OW;

		if (OW < 16) {
			_mm512_mask_storeu_ps(yr, mask,
					      DW5_CLAMP(dw5_vec(xp, WP, wv, vb, oh, 0, KH, KW, S, DH, DW)));
			continue;
		}
		for (ow = 0; ow + 32 <= OW; ow += 32) {
			__m512 a0 = dw5_vec(xp, WP, wv, vb, oh, ow, KH, KW, S, DH, DW);
			__m512 a1 = dw5_vec(xp, WP, wv, vb, oh, ow + 16, KH, KW, S, DH, DW);
			_mm512_storeu_ps(yr + ow, DW5_CLAMP(a0));
			_mm512_storeu_ps(yr + ow + 16, DW5_CLAMP(a1));
		}
		for (; ow + 16 <= OW; ow += 16)
			_mm512_storeu_ps(yr + ow, DW5_CLAMP(dw5_vec(xp, WP, wv, vb, oh, ow, KH, KW, S, DH, DW)));
		if (ow < OW)
			_mm512_storeu_ps(yr + OW - 16,
					 DW5_CLAMP(dw5_vec(xp, WP, wv, vb, oh, OW - 16, KH, KW, S, DH, DW)));
	}
}

#define DW5_INSTANCE(NAME, KH, KW, S, DH, DW)                                              \
	static DW5_TARGET void NAME(const dw_geom *d, const float *xp, const float *w, float b, \
				    float *y, float lo, float hi)                           \
	{                                                                                   \
		dw5_channel(d, xp, w, b, y, lo, hi, KH, KW, S, DH, DW);                            \
	}

DW5_INSTANCE(dw5_3x3s1, 3, 3, 1, 1, 1)
DW5_INSTANCE(dw5_3x3s2, 3, 3, 2, 1, 1)
DW5_INSTANCE(dw5_5x5s1, 5, 5, 1, 1, 1)
DW5_INSTANCE(dw5_5x5s2, 5, 5, 2, 1, 1)
DW5_INSTANCE(dw5_3x3s1_dil, 3, 3, 1, d->DH, d->DW)
DW5_INSTANCE(dw5_5x5s1_dil, 5, 5, 1, d->DH, d->DW)
DW5_INSTANCE(dw5_any_s1, (int)d->KH, (int)d->KW, 1, d->DH, d->DW)
DW5_INSTANCE(dw5_any_s2, (int)d->KH, (int)d->KW, 2, d->DH, d->DW)

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
	d->DH = two ? g->dil[0] : 1;
	d->DW = g->dil[two];
	d->ph = two ? g->pad0[0] : 0;
	d->pw = g->pad0[two];
	/* rows read: oh * S + kh * DH; columns: below S * max(OW, 16) +
	 * (KW - 1) * DW + 1 + 32 (a stride-2 load of the AVX-512 kernel reads
	 * 32); whole cache lines */
	d->HP = (d->OH - 1) * d->S + (d->KH - 1) * d->DH + 1;
	d->WP = (d->S * (d->OW > 16 ? d->OW : 16) + (d->KW - 1) * d->DW + 1 + 32 + 15) / 16 * 16;
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

	if (rt_conv_simd < 1 || g->nsp < 1 || g->nsp > 2)
		return 0;
	for (i = 0; i < g->nsp; i++)
		if (g->dil[i] > 32 || g->stride[i] != g->stride[g->nsp - 1] || g->stride[i] > 2 ||
		    g->k[i] > 7)
			return 0;
	__builtin_cpu_init();
	if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("fma"))
		return 0;
	return rt_conv_simd >= 2 && __builtin_cpu_supports("avx512f") ? 2 : 1;
}

void rt_dw_simd_f(int level, const rt_convgeom *g, const float *x, const float *w,
		  const float *bias, float *y, int64_t channels, float *pad, float lo, float hi)
{
	void (*fn)(const dw_geom *, const float *, const float *, float, float *, float, float);
	dw_geom d;
	int64_t c;

	dw_geom_of(g, &d);
	if (d.DH != 1 || d.DW != 1)
		fn = d.S == 2 ? (level == 2 ? dw5_any_s2 : dw_any_s2) :
		     d.KH == 3 && d.KW == 3 ? (level == 2 ? dw5_3x3s1_dil : dw_3x3s1_dil) :
		     d.KH == 5 && d.KW == 5 ? (level == 2 ? dw5_5x5s1_dil : dw_5x5s1_dil) :
					      (level == 2 ? dw5_any_s1 : dw_any_s1);
	else if (d.KH == 3 && d.KW == 3)
		fn = level == 2 ? (d.S == 1 ? dw5_3x3s1 : dw5_3x3s2) :
				  (d.S == 1 ? dw_3x3s1 : dw_3x3s2);
	else if (d.KH == 5 && d.KW == 5)
		fn = level == 2 ? (d.S == 1 ? dw5_5x5s1 : dw5_5x5s2) :
				  (d.S == 1 ? dw_5x5s1 : dw_5x5s2);
	else
		fn = level == 2 ? (d.S == 1 ? dw5_any_s1 : dw5_any_s2) :
				  (d.S == 1 ? dw_any_s1 : dw_any_s2);
	for (c = 0; c < channels; c++) {
		dw_pad_plane(&d, x + c * g->in_size, pad);
		fn(&d, pad, w + c * g->k_size, bias ? bias[c] : 0, y + c * g->out_size, lo, hi);
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

void rt_dw_simd_f(int level, const rt_convgeom *g, const float *x, const float *w,
		  const float *bias, float *y, int64_t channels, float *pad, float lo, float hi)
{
	(void)level, (void)g, (void)x, (void)w, (void)bias, (void)y, (void)channels, (void)pad;
	(void)lo, (void)hi;
}

#endif
