/*
 * k_conv_wino.c - 3x3 stride-1 float Conv by Winograd F(2x2, 3x3) (Lavin &
 * Gray, "Fast Algorithms for Convolutional Neural Networks", 2016).
 *
 * Each 2x2 block of outputs ("tile") of channel m is
 *   Y = A^T [ sum_c (G g_mc G^T) .* (B^T d_c B) ] A
 * with d_c the 4x4 input patch under the tile and g_mc the 3x3 filter: 16
 * multiplies per tile and channel pair instead of 36.  The filters are
 * transformed once, when the plan is made (U[xi][m][c], xi = the 16 patch
 * positions); a run transforms the input patches of a chunk of tile rows
 * (V[xi][c][t]), does the 16 products U[xi] x V[xi] (M x tiles x C each;
 * with rt_sgemm on U packed at prepare when the CPU has AVX-512, else
 * OpenBLAS), and transforms them back (bias added, fused activation over
 * the finished rows).  Chunks (image, band of tile rows) run on the
 * session's threads, each with its own scratch slot; a chunk's V and
 * products take about 1.5 MiB, so they stay in L2.  With fewer than 4
 * chunks and 96+ output channels (late ResNet layers) the bands run one
 * after the other instead, each split over channels (input transform) and
 * blocks of output channels (products, output transform).  The mode and
 * the blocks (one GEMM call each) follow from the sizes alone: results do
 * not depend on the thread count.
 *
 * Exactness: the transforms only add, subtract and halve; float results
 * differ from the direct sum by rounding (relative 1e-6 on typical layers,
 * test_k_conv checks the two methods against each other).
 */
#include <cblas.h>
#include <string.h>

#include "k_conv_wino.h"
#include "k_sgemm.h"
#include "k_vmath.h"

#define CHUNK_BYTES ((size_t)3 << 19)  /* V + products of one chunk: 1.5 MiB */
/* The 16 V (and product) matrices of a chunk are this many floats further
 * apart than their size: with power-of-two sizes the 16 streams a tile
 * writes would otherwise fall into the same cache sets. */
#define SKEW 16

struct rt_wino {
	int64_t N, C, M, H, W, OH, OW, pt, pl;
	int64_t TH, TW;            /* tile rows and columns per image */
	int64_t rows;              /* tile rows per chunk */
	int64_t chunks;            /* chunks per image */
	int64_t lb;                /* padded row buffer length (floats) */
	size_t slot_floats;        /* scratch floats per slot */
	float *u;                  /* [16][M][C] transformed filters */
	int64_t dil;               /* > 1: run on the polyphase sub-maps */
	size_t gather_off;         /* then floats from the scratch to the copy
				      of x (the copy of y follows it) */
	float *up;                 /* the 16 U[xi] packed for rt_sgemm, or NULL */
	int64_t up_floats;         /* floats of one packed U[xi] */
};

/* filter_transform: u[xi * M * C + m * C + c] = (G g G^T)[xi] for every
 * filter g = w[m, c] (computed in double). */
static void filter_transform(const float *w, int64_t M, int64_t C, float *u)
{
	int64_t m, c;
	int i, j;

	for (m = 0; m < M; m++)
		for (c = 0; c < C; c++) {
			const float *g = w + (m * C + c) * 9;
			double t[4][3], r[4][4];

			for (j = 0; j < 3; j++) {
				double a = g[j], b = g[3 + j], d = g[6 + j];
				t[0][j] = a;
				t[1][j] = 0.5 * (a + b + d);
				t[2][j] = 0.5 * (a - b + d);
				t[3][j] = d;
			}
			for (i = 0; i < 4; i++) {
				double a = t[i][0], b = t[i][1], d = t[i][2];
				r[i][0] = a;
				r[i][1] = 0.5 * (a + b + d);
				r[i][2] = 0.5 * (a - b + d);
				r[i][3] = d;
			}
			for (i = 0; i < 16; i++)
				u[(int64_t)i * M * C + m * C + c] = (float)r[i / 4][i % 4];
		}
}

rt_wino *rt_wino_new(const rt_node *n, int64_t N, int64_t C, int64_t H, int64_t W, int64_t M,
		     int64_t OH, int64_t OW, int64_t pt, int64_t pl, int64_t dil, const float *w,
		     int slots, size_t *scratch, onnxc_err *err)
{
	const int64_t N0 = N, H0 = H, W0 = W, OH0 = OH, OW0 = OW;   /* the layer's own */
	rt_wino *wp;
	size_t per_row;

	(void)n;
	*scratch = 0;
	/* few channels: the transforms cost more than the products save */
	if (dil < 1 || H % dil || W % dil || OH % dil || OW % dil || pt % dil || pl % dil)
		return NULL;
	N *= dil * dil;
	H /= dil;
	W /= dil;
	OH /= dil;
	OW /= dil;
	pt /= dil;
	pl /= dil;
	if (C < 16 || M < 16 || OH < 2 || OW < 2 || slots < 1)
		return NULL;
	wp = onnxc_calloc(1, sizeof *wp);
	if (!wp) {
		onnxc_oom(err);
		return NULL;
	}
	wp->N = N;
	wp->C = C;
	wp->M = M;
	wp->H = H;
	wp->W = W;
	wp->OH = OH;
	wp->OW = OW;
	wp->pt = pt;
	wp->pl = pl;
	wp->TH = (OH + 1) / 2;
	wp->TW = (OW + 1) / 2;
	per_row = (size_t)(16 * (C + M) * wp->TW) * sizeof(float);
	wp->rows = (int64_t)(CHUNK_BYTES / per_row);
	if (wp->rows < 1)
		wp->rows = 1;
	/* at least 64 tiles a chunk even past CHUNK_BYTES: each transformed
	 * filter read from memory serves that many tiles (FCN's 3x3 head has
	 * 2048 channels in, U is 64 MiB: with 16-tile chunks it was read 16
	 * times a run and the layer took 178 ms instead of 92) */
	if (wp->rows * wp->TW < 64)
		wp->rows = (64 + wp->TW - 1) / wp->TW;
	if (wp->rows > wp->TH)
		wp->rows = wp->TH;
	/* at least 4 chunks per image when each still has 48+ tiles (work
	 * for both threads of a small map; sizes only) */
	if ((wp->TH + 3) / 4 < wp->rows && (wp->TH + 3) / 4 * wp->TW >= 48)
		wp->rows = (wp->TH + 3) / 4;
	/* chunks of equal rows (10 + 4 rows kept one thread waiting) */
	wp->chunks = (wp->TH + wp->rows - 1) / wp->rows;
	wp->rows = (wp->TH + wp->chunks - 1) / wp->chunks;
	wp->chunks = (wp->TH + wp->rows - 1) / wp->rows;
	wp->lb = 2 * wp->TW + 2;
	/* V, products, 4 padded input rows, rt_sgemm's work; each part
	 * 64-byte aligned */
	wp->slot_floats = (size_t)(16 * ((C + M) * wp->rows * wp->TW + 2 * SKEW)) +
			  (size_t)(4 * wp->lb) + 64 + SG_WORK_FLOATS;
	wp->u = onnxc_malloc((size_t)(16 * M * C) * sizeof(float));
	if (!wp->u) {
		onnxc_free(wp);
		onnxc_oom(err);
		return NULL;
	}
	filter_transform(w, M, C, wp->u);
	if (rt_sgemm_ok()) {
		int xi;

		wp->up_floats = rt_sgemm_pack_floats(M, C);
		wp->up = onnxc_malloc((size_t)(16 * wp->up_floats) * sizeof(float));
		if (!wp->up) {
			rt_wino_free(wp);
			onnxc_oom(err);
			return NULL;
		}
		for (xi = 0; xi < 16; xi++)
			rt_sgemm_pack(wp->u + (int64_t)xi * M * C, C, M, C,
				      wp->up + (int64_t)xi * wp->up_floats);
	}
	*scratch = wp->slot_floats * sizeof(float) * (size_t)slots;
	wp->dil = dil;
	if (dil > 1) {
		wp->gather_off = wp->slot_floats * (size_t)slots;
		*scratch += (size_t)(N0 * (C * H0 * W0 + M * OH0 * OW0)) * sizeof(float);
	}
	return wp;
}

void rt_wino_free(rt_wino *wp)
{
	if (!wp)
		return;
	onnxc_free(wp->u);
	onnxc_free(wp->up);
	onnxc_free(wp);
}

/* align16: p rounded up to a multiple of 16 floats (64 bytes). */
static float *align16(float *p)
{
	return (float *)(((uintptr_t)p + 63) & ~(uintptr_t)63);
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

#define WT_TARGET __attribute__((target("avx512f")))

/* wt_even: d[0], d[2], ..., d[2n - 2] in lanes [0, n), 0 in the others
 * (n <= 16; reads d[0 .. 2n - 2] only). */
static inline __attribute__((always_inline)) WT_TARGET __m512 wt_even(const float *d, int64_t n)
{
	const __m512i even = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26,
					       28, 30);

	return _mm512_permutex2var_ps(_mm512_maskz_loadu_ps(rt_lanes16(2 * n - 1), d), even,
				      _mm512_maskz_loadu_ps(rt_lanes16(2 * n - 17), d + 16));
}

/* in_tf_avx512: input_transform's tile loop for the TW tiles of one tile
 * row, 16 tiles at a time (the last group masked), the same operations
 * in the same order per element (so the same bits); b: the 4 padded rows,
 * lb apart. */
static WT_TARGET void in_tf_avx512(const float *b, int64_t lb, int64_t TW, float *vt, int64_t xs)
{
	int64_t tc;
	int i, j;

	for (tc = 0; tc < TW; tc += 16) {
		const int64_t n = TW - tc < 16 ? TW - tc : 16;
		const __mmask16 m = rt_lanes16(n);
		__m512 d[4][4], t[4][4];

		for (i = 0; i < 4; i++)
			for (j = 0; j < 4; j++)
				d[i][j] = wt_even(b + i * lb + 2 * tc + j, n);
		for (j = 0; j < 4; j++) {
			t[0][j] = _mm512_sub_ps(d[0][j], d[2][j]);
			t[1][j] = _mm512_add_ps(d[1][j], d[2][j]);
			t[2][j] = _mm512_sub_ps(d[2][j], d[1][j]);
			t[3][j] = _mm512_sub_ps(d[1][j], d[3][j]);
		}
		for (i = 0; i < 4; i++) {
			float *o = vt + 4 * i * xs + tc;
			_mm512_mask_storeu_ps(o, m, _mm512_sub_ps(t[i][0], t[i][2]));
			_mm512_mask_storeu_ps(o + xs, m, _mm512_add_ps(t[i][1], t[i][2]));
			_mm512_mask_storeu_ps(o + 2 * xs, m, _mm512_sub_ps(t[i][2], t[i][1]));
			_mm512_mask_storeu_ps(o + 3 * xs, m, _mm512_sub_ps(t[i][1], t[i][3]));
		}
	}
}

/* out_tf_avx512: output_transform's tile loop for the TW tiles of one
 * tile row (OW output columns), 16 tiles at a time (the last group
 * masked), the same operations in the same order per element; y1 NULL:
 * one row only. */
static WT_TARGET void out_tf_avx512(const float *pt, int64_t ps, int64_t TW, int64_t OW, float bm,
				    float *y0, float *y1)
{
	const __m512i lo = _mm512_setr_epi32(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
	const __m512i hi = _mm512_setr_epi32(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30,
					     15, 31);
	const __m512 vb = _mm512_set1_ps(bm);
	int64_t tc;
	int k;

	for (tc = 0; tc < TW; tc += 16) {
		const int64_t n = TW - tc < 16 ? TW - tc : 16;
		const int64_t cols = 2 * n < OW - 2 * tc ? 2 * n : OW - 2 * tc;
		const __mmask16 m = rt_lanes16(n), s0m = rt_lanes16(cols), s1m = rt_lanes16(cols - 16);
		__m512 q[16], s0[4], s1[4], e, o;

		for (k = 0; k < 16; k++)
			q[k] = _mm512_maskz_loadu_ps(m, pt + k * ps + tc);
		for (k = 0; k < 4; k++) {
			s0[k] = _mm512_add_ps(_mm512_add_ps(q[k], q[4 + k]), q[8 + k]);
			s1[k] = _mm512_sub_ps(_mm512_sub_ps(q[4 + k], q[8 + k]), q[12 + k]);
		}
		e = _mm512_add_ps(_mm512_add_ps(_mm512_add_ps(s0[0], s0[1]), s0[2]), vb);
		o = _mm512_add_ps(_mm512_sub_ps(_mm512_sub_ps(s0[1], s0[2]), s0[3]), vb);
		_mm512_mask_storeu_ps(y0 + 2 * tc, s0m, _mm512_permutex2var_ps(e, lo, o));
		_mm512_mask_storeu_ps(y0 + 2 * tc + 16, s1m, _mm512_permutex2var_ps(e, hi, o));
		if (y1) {
			e = _mm512_add_ps(_mm512_add_ps(_mm512_add_ps(s1[0], s1[1]), s1[2]), vb);
			o = _mm512_add_ps(_mm512_sub_ps(_mm512_sub_ps(s1[1], s1[2]), s1[3]), vb);
			_mm512_mask_storeu_ps(y1 + 2 * tc, s0m, _mm512_permutex2var_ps(e, lo, o));
			_mm512_mask_storeu_ps(y1 + 2 * tc + 16, s1m, _mm512_permutex2var_ps(e, hi, o));
		}
	}
}
#else
static void in_tf_avx512(const float *b, int64_t lb, int64_t TW, float *vt, int64_t xs)
{
	(void)b, (void)lb, (void)TW, (void)vt, (void)xs;
}

static void out_tf_avx512(const float *pt, int64_t ps, int64_t TW, int64_t OW, float bm,
			  float *y0, float *y1)
{
	(void)pt, (void)ps, (void)TW, (void)OW, (void)bm, (void)y0, (void)y1;
}
#endif

/* input_transform: V[xi][c][t] for channels [c0, c1) and the tiles of rows
 * [tr0, tr1) of one image x (t counts from tr0's first tile; ld = tiles of
 * a full chunk). */
static void input_transform(const rt_wino *wp, const float *x, int64_t tr0, int64_t tr1,
			    int64_t c0, int64_t c1, float *v, int64_t ld, float *buf)
{
	const int64_t C = wp->C, H = wp->H, W = wp->W, TW = wp->TW, lb = wp->lb;
	const int64_t xs = C * ld + SKEW;  /* stride between the 16 V matrices */
	int64_t c, tr, tc, i;

	(void)C;
	for (c = c0; c < c1; c++) {
		const float *xc = x + c * H * W;

		for (tr = tr0; tr < tr1; tr++) {
			float *restrict vt = v + c * ld + (tr - tr0) * TW;

			/* the 4 input rows under this tile row, zero padded */
			for (i = 0; i < 4; i++) {
				const int64_t r = 2 * tr - wp->pt + i;
				float *b = buf + i * lb;
				int64_t j0 = wp->pl, len = W;

				memset(b, 0, (size_t)lb * sizeof *b);
				if (r < 0 || r >= H)
					continue;
				if (j0 + len > lb)
					len = lb - j0;
				if (len > 0)
					memcpy(b + j0, xc + r * W, (size_t)len * sizeof *b);
			}
			tc = 0;
			if (wp->up) {   /* AVX-512 (rt_sgemm_ok) */
				in_tf_avx512(buf, lb, TW, vt, xs);
				tc = TW;
			}
			for (; tc < TW; tc++) {
				const float *d0 = buf + 2 * tc, *d1 = d0 + lb, *d2 = d1 + lb, *d3 = d2 + lb;
				float t0[4], t1[4], t2[4], t3[4];
				int j;

				for (j = 0; j < 4; j++) {
					t0[j] = d0[j] - d2[j];
					t1[j] = d1[j] + d2[j];
					t2[j] = d2[j] - d1[j];
					t3[j] = d1[j] - d3[j];
				}
#define ROW(k, t)                                                  \
	vt[(4 * (k) + 0) * xs + tc] = t[0] - t[2];                 \
	vt[(4 * (k) + 1) * xs + tc] = t[1] + t[2];                 \
	vt[(4 * (k) + 2) * xs + tc] = t[2] - t[1];                 \
	vt[(4 * (k) + 3) * xs + tc] = t[1] - t[3];
				ROW(0, t0)
				ROW(1, t1)
				ROW(2, t2)
				ROW(3, t3)
#undef ROW
			}
		}
	}
}

/* output_transform: rows of the tiles [tr0, tr1) of output channels
 * [m0, m1) from the products P[xi][m][t], plus the bias; then the fused
 * activation over those rows. */
static void output_transform(const rt_wino *wp, const float *p, int64_t ld, int64_t tr0,
			     int64_t tr1, int64_t m0, int64_t m1, const float *bias, float *y,
			     const rt_act *act)
{
	const int64_t M = wp->M, OH = wp->OH, OW = wp->OW, TW = wp->TW;
	const int64_t ps = M * ld + SKEW;
	const int64_t r0 = 2 * tr0, r1 = 2 * tr1 < OH ? 2 * tr1 : OH;
	int64_t m, tr, tc;

	(void)M;
	for (m = m0; m < m1; m++) {
		const float bm = bias ? bias[m] : 0.0f;
		float *ym = y + m * OH * OW;

		for (tr = tr0; tr < tr1; tr++) {
			const float *pt = p + m * ld + (tr - tr0) * TW;
			float *y0 = ym + 2 * tr * OW, *y1 = y0 + OW;
			const int two_rows = 2 * tr + 1 < OH;

			tc = 0;
			if (wp->up) {   /* AVX-512 (rt_sgemm_ok) */
				out_tf_avx512(pt, ps, TW, OW, bm, y0, two_rows ? y1 : NULL);
				tc = TW;
			}
			for (; tc < TW; tc++) {
				float q[16], s0[4], s1[4];
				int k;

				for (k = 0; k < 16; k++)
					q[k] = pt[k * ps + tc];
				for (k = 0; k < 4; k++) {
					s0[k] = q[k] + q[4 + k] + q[8 + k];
					s1[k] = q[4 + k] - q[8 + k] - q[12 + k];
				}
				y0[2 * tc] = s0[0] + s0[1] + s0[2] + bm;
				if (2 * tc + 1 < OW)
					y0[2 * tc + 1] = s0[1] - s0[2] - s0[3] + bm;
				if (two_rows) {
					y1[2 * tc] = s1[0] + s1[1] + s1[2] + bm;
					if (2 * tc + 1 < OW)
						y1[2 * tc + 1] = s1[1] - s1[2] - s1[3] + bm;
				}
			}
		}
		if (act->op != IR_OP_UNKNOWN)
			rt_act_f(act, ym + r0 * OW, (r1 - r0) * OW);
	}
}

typedef struct wino_job {
	const rt_wino *wp;
	const float *x, *b;
	float *y;
	float *scratch;
	const rt_act *act;
	int64_t img, tr0, tr1;     /* the band of the shared-V mode */
} wino_job;

/* slot_parts: the V, products, row-buffer and rt_sgemm work parts of
 * slot `slot`. */
static void slot_parts(const rt_wino *wp, float *scratch, int slot, float **v, float **p,
		       float **buf, float **work)
{
	const int64_t ld = wp->rows * wp->TW;
	float *s = scratch + (size_t)slot * wp->slot_floats;

	*v = align16(s);
	*p = align16(*v + 16 * (wp->C * ld + SKEW));
	*buf = align16(*p + 16 * (wp->M * ld + SKEW));
	*work = align16(*buf + 4 * wp->lb);
}

/* products: P[xi] rows [m0, m1) = U[xi] rows [m0, m1) x V[xi], nt tiles
 * (m0 a multiple of SG_MR; work: the slot's). */
static void products(const rt_wino *wp, const float *v, float *p, int64_t m0, int64_t m1,
		     int64_t nt, float *work)
{
	const int64_t C = wp->C, M = wp->M, ld = wp->rows * wp->TW;
	const int64_t vs = C * ld + SKEW, ps = M * ld + SKEW;
	int xi;

	for (xi = 0; xi < 16; xi++)
		if (wp->up)
			rt_sgemm(wp->up + xi * wp->up_floats, M, C, m0, m1, v + xi * vs, ld, nt,
				 p + xi * ps + m0 * ld, ld, NULL, NULL, work);
		else
			cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)(m1 - m0),
				    (int)nt, (int)C, 1.0f, wp->u + (int64_t)xi * M * C + m0 * C,
				    (int)C, v + xi * vs, (int)ld, 0.0f, p + xi * ps + m0 * ld,
				    (int)ld);
}

/* chunk_run: chunks [i0, i1) (image i / chunks, band i % chunks), each
 * whole in one slot. */
static void chunk_run(void *arg, int slot, int64_t i0, int64_t i1)
{
	const wino_job *j = arg;
	const rt_wino *wp = j->wp;
	const int64_t C = wp->C, M = wp->M, ld = wp->rows * wp->TW;
	float *v, *p, *buf, *work;
	int64_t i;

	slot_parts(wp, j->scratch, slot, &v, &p, &buf, &work);
	for (i = i0; i < i1; i++) {
		const int64_t img = i / wp->chunks, tr0 = (i % wp->chunks) * wp->rows;
		const int64_t tr1 = tr0 + wp->rows < wp->TH ? tr0 + wp->rows : wp->TH;

		input_transform(wp, j->x + img * C * wp->H * wp->W, tr0, tr1, 0, C, v, ld, buf);
		products(wp, v, p, 0, M, (tr1 - tr0) * wp->TW, work);
		output_transform(wp, p, ld, tr0, tr1, 0, M, j->b, j->y + img * M * wp->OH * wp->OW,
				 j->act);
	}
}

/* The shared-V mode (few chunks, many channels: late ResNet layers): one
 * band at a time, its input transform split over channels and its
 * products and output transform over blocks of WINO_MBLK output channels,
 * V and the products in slot 0's parts; one GEMM per block, so that
 * the sums do not depend on how the blocks are shared out (a multiple of
 * SG_MR: whole panels of the packed U). */
#define WINO_MBLK 48

static void shared_in(void *arg, int slot, int64_t c0, int64_t c1)
{
	const wino_job *j = arg;
	const rt_wino *wp = j->wp;
	float *v, *p, *buf, *work, *v0, *p0, *b0, *w0;

	slot_parts(wp, j->scratch, 0, &v0, &p0, &b0, &w0);
	slot_parts(wp, j->scratch, slot, &v, &p, &buf, &work);
	input_transform(wp, j->x + j->img * wp->C * wp->H * wp->W, j->tr0, j->tr1, c0, c1, v0,
			wp->rows * wp->TW, buf);
}

static void shared_out(void *arg, int slot, int64_t b0, int64_t b1)
{
	const wino_job *j = arg;
	const rt_wino *wp = j->wp;
	const int64_t m0 = b0 * WINO_MBLK, m1 = b1 * WINO_MBLK < wp->M ? b1 * WINO_MBLK : wp->M;
	float *v, *p, *buf, *work, *v1, *p1, *buf1;
	int64_t b;

	slot_parts(wp, j->scratch, 0, &v, &p, &buf, &work);
	slot_parts(wp, j->scratch, slot, &v1, &p1, &buf1, &work);
	for (b = b0; b < b1; b++)
		products(wp, v, p, b * WINO_MBLK, b + 1 < b1 ? (b + 1) * WINO_MBLK : m1,
			 (j->tr1 - j->tr0) * wp->TW, work);
	output_transform(wp, p, wp->rows * wp->TW, j->tr0, j->tr1, m0, m1, j->b,
			 j->y + j->img * wp->M * wp->OH * wp->OW, j->act);
}

/* poly_job / poly_items: the polyphase copies of a dilated layer: planes
 * [i0, i1) of the layer's tensor (N x channels planes of h x w) to or
 * from the sub-maps (image n * d^2 + a * d + b holds rows a, a + d, ... and
 * columns b, b + d, ... of image n). */
typedef struct poly_job {
	const rt_wino *wp;
	const float *src;
	float *dst;
	int64_t channels, h, w;
	int to_sub;                /* 1: gather x, 0: scatter y */
} poly_job;

static void poly_items(void *arg, int slot, int64_t i0, int64_t i1)
{
	const poly_job *j = arg;
	const int64_t d = j->wp->dil, hs = j->h / d, ws = j->w / d;
	int64_t i, a, bb, r, c;

	(void)slot;
	for (i = i0; i < i1; i++) {
		const int64_t n = i / j->channels, ch = i % j->channels;

		for (a = 0; a < d; a++)
			for (bb = 0; bb < d; bb++) {
				const int64_t sub = ((n * d * d + a * d + bb) * j->channels + ch) * hs * ws;
				const int64_t full = i * j->h * j->w;

				for (r = 0; r < hs; r++)
					for (c = 0; c < ws; c++) {
						const int64_t f = full + (r * d + a) * j->w + c * d + bb;
						const int64_t s = sub + r * ws + c;

						if (j->to_sub)
							j->dst[s] = j->src[f];
						else
							j->dst[f] = j->src[s];
					}
			}
	}
}

static void wino_run_plain(const rt_node *n, const rt_wino *wp, const float *x, const float *b,
			   float *y, void *scratch, const rt_act *act);

void rt_wino_run(const rt_node *n, const rt_wino *wp, const float *x, const float *b, float *y,
		 void *scratch, const rt_act *act)
{
	/* with dil > 1 the plan's sizes are the sub-maps', N d^2 of them */
	const int64_t d = wp->dil, N = wp->N / (d * d);
	float *xs, *ys;
	poly_job pj;

	if (d <= 1) {
		wino_run_plain(n, wp, x, b, y, scratch, act);
		return;
	}
	xs = (float *)scratch + wp->gather_off;
	ys = xs + N * wp->C * wp->H * d * wp->W * d;
	pj = (poly_job){ wp, x, xs, wp->C, wp->H * d, wp->W * d, 1 };
	rt_parallel_grain(n, N * wp->C, 1, poly_items, &pj);
	wino_run_plain(n, wp, xs, b, ys, scratch, act);
	pj = (poly_job){ wp, ys, y, wp->M, wp->OH * d, wp->OW * d, 0 };
	rt_parallel_grain(n, N * wp->M, 1, poly_items, &pj);
}

/* wino_run_plain: rt_wino_run on the (sub-)images as they are. */
static void wino_run_plain(const rt_node *n, const rt_wino *wp, const float *x, const float *b,
			   float *y, void *scratch, const rt_act *act)
{
	wino_job j = { wp, x, b, y, scratch, act, 0, 0, 0 };
	int64_t i;

	/* the mode depends on the sizes only, so results do not depend on the
	 * thread count */
	if (wp->N * wp->chunks >= 4 || wp->M < 2 * WINO_MBLK) {
		rt_parallel_grain(n, wp->N * wp->chunks, 1, chunk_run, &j);
		return;
	}
	for (i = 0; i < wp->N * wp->chunks; i++) {
		j.img = i / wp->chunks;
		j.tr0 = (i % wp->chunks) * wp->rows;
		j.tr1 = j.tr0 + wp->rows < wp->TH ? j.tr0 + wp->rows : wp->TH;
		rt_parallel_grain(n, wp->C, 8, shared_in, &j);
		rt_parallel_grain(n, (wp->M + WINO_MBLK - 1) / WINO_MBLK, 1, shared_out, &j);
	}
}
