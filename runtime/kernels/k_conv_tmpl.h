/*
 * k_conv_tmpl.h - the element-type dependent loops of Conv and ConvTranspose,
 * included once per type by k_conv.c and k_conv_transpose.c with
 *   T      the element type (float, double)
 *   FN(x)  the name of x for this type (x##_f, x##_d)
 *   GEMM   cblas_sgemm or cblas_dgemm
 * defined.  Window geometry is an rt_convgeom (k_conv_geom.h), fused
 * activations are applied with k_act.h (FN(rt_act) is rt_act_f or rt_act_d).
 * Every function is marked unused: each includer needs only some of them.
 */
#include "k_sgemm.h"
#include "k_vmath.h"

#ifndef KC_UNUSED
#define KC_UNUSED __attribute__((unused))
#endif

/* FN(im2col_rows): rows [r0, r1) of the column matrix of FN(im2col) (row
 * c * k_size + kernel offset) for the output positions [p0, p1), into col
 * (r1 - r0) x (p1 - p0). */
static KC_UNUSED void FN(im2col_rows)(const T *x, const rt_convgeom *g, int64_t r0, int64_t r1,
				      int64_t p0, int64_t p1, T *col)
{
	const int L = g->nsp - 1;
	const int64_t tw = p1 - p0, s = g->stride[L], inL = g->in[L], outL = g->out[L];
	int64_t kidx[RT_MAXSP], o0[RT_MAXSP], o[RT_MAXSP];
	int64_t r, p, rem = p0;
	int d;

	if (r0 >= r1)
		return;
	for (d = L; d >= 0; d--) {
		o0[d] = rem % g->out[d];
		rem /= g->out[d];
	}
	rem = r0 % g->k_size;
	for (d = L; d >= 0; d--) {
		kidx[d] = rem % g->k[d];
		rem /= g->k[d];
	}
	for (r = r0; r < r1; r++) {
		const T *xc = x + r / g->k_size * g->in_size;
		T *dst = col + (r - r0) * tw;
		const int64_t offk = kidx[L] * g->dil[L] - g->pad0[L];
		/* output columns whose tap lands inside the row: [lo, hi) */
		int64_t lo = offk >= 0 ? 0 : (-offk + s - 1) / s;
		int64_t hi = inL - offk <= 0 ? 0 : (inL - offk + s - 1) / s;

		if (hi > outL)
			hi = outL;
		if (lo > hi)
			lo = hi;
		memcpy(o, o0, sizeof o);
		for (p = p0; p < p1;) {
			int64_t run = outL - o[L], off = 0, j, a, b;
			int valid = 1;

			if (run > p1 - p)
				run = p1 - p;
			for (d = 0; d < L; d++) {
				int64_t i = o[d] * g->stride[d] - g->pad0[d] + kidx[d] * g->dil[d];
				if (i < 0 || i >= g->in[d]) {
					valid = 0;
					break;
				}
				off = off * g->in[d] + i;
			}
			if (!valid) {
				memset(dst, 0, (size_t)run * sizeof(T));
			} else {
				const T *row = xc + off * inL;
				a = o[L];
				b = o[L] + run;
				const int64_t je = b < hi ? b : hi;

				for (j = a; j < b && j < lo; j++)
					dst[j - a] = 0;
				if (j < je && s == 1) {
					memcpy(dst + (j - a), row + j + offk, (size_t)(je - j) * sizeof(T));
					j = je;
				} else if (j < je && s == 2 && sizeof(T) == sizeof(float) &&
					   rt_conv_simd >= 2 &&
					   rt_copy_s2_f((float *)dst + (j - a),
							(const float *)row + j * 2 + offk, je - j)) {
					j = je;
				}
				for (; j < je; j++)
					dst[j - a] = row[j * s + offk];
				for (; j < b; j++)
					dst[j - a] = 0;
			}
			dst += run;
			p += run;
			o[L] = 0;
			for (d = L - 1; d >= 0; d--) {
				if (++o[d] < g->out[d])
					break;
				o[d] = 0;
			}
		}
		for (d = L; d >= 0; d--) {
			if (++kidx[d] < g->k[d])
				break;
			kidx[d] = 0;
		}
	}
}

/* FN(im2col): gather the column matrix of `channels` input planes (each
 * g->in_size elements, starting at x) for the output positions [p0, p1):
 * row (c, kernel offset) holds, for each position, the input element under
 * that kernel tap or 0 in the padding.  col is (channels*k_size) x (p1-p0). */
static KC_UNUSED void FN(im2col)(const T *x, const rt_convgeom *g, int64_t channels,
				 int64_t p0, int64_t p1, T *col)
{
	FN(im2col_rows)(x, g, 0, channels * g->k_size, p0, p1, col);
}

/* FN(col2im): the transpose of im2col: scatter-add the column matrix of
 * `channels` output planes (each g->out_size elements at y) for the input
 * positions [p0, p1) of a ConvTranspose: output = input*stride - pad0 +
 * tap*dilation; taps falling outside the output are dropped. */
static KC_UNUSED void FN(col2im)(const T *col, const rt_convgeom *g, int64_t channels,
				 int64_t p0, int64_t p1, T *y)
{
	const int L = g->nsp - 1;
	const int64_t tw = p1 - p0, s = g->stride[L], inL = g->in[L], outL = g->out[L];
	int64_t kidx[RT_MAXSP] = { 0 }, i0[RT_MAXSP], iv[RT_MAXSP];
	int64_t c, kk, p, rem = p0;
	int d;

	for (d = L; d >= 0; d--) {
		i0[d] = rem % g->in[d];
		rem /= g->in[d];
	}
	for (c = 0; c < channels; c++) {
		T *yc = y + c * g->out_size;

		for (kk = 0; kk < g->k_size; kk++) {
			const T *src = col + (c * g->k_size + kk) * tw;
			const int64_t offk = kidx[L] * g->dil[L] - g->pad0[L];
			/* input columns whose tap lands inside the output row: [lo, hi) */
			int64_t lo = offk >= 0 ? 0 : (-offk + s - 1) / s;
			int64_t hi = outL - offk <= 0 ? 0 : (outL - offk + s - 1) / s;

			if (hi > inL)
				hi = inL;
			if (lo > hi)
				lo = hi;
			memcpy(iv, i0, sizeof iv);
			for (p = p0; p < p1;) {
				int64_t run = inL - iv[L], off = 0, j, a, b;
				int valid = 1;

				if (run > p1 - p)
					run = p1 - p;
				for (d = 0; d < L; d++) {
					int64_t o = iv[d] * g->stride[d] - g->pad0[d] + kidx[d] * g->dil[d];
					if (o < 0 || o >= g->out[d]) {
						valid = 0;
						break;
					}
					off = off * g->out[d] + o;
				}
				if (valid) {
					T *row = yc + off * outL;
					a = iv[L] > lo ? iv[L] : lo;
					b = iv[L] + run < hi ? iv[L] + run : hi;
					if (sizeof(T) == sizeof(float) && s == 2 && b > a && rt_conv_simd >= 2 &&
					    rt_add_s2_f((float *)row + a * 2 + offk,
							(const float *)src + (a - iv[L]), b - a))
						;
					else
						for (j = a; j < b; j++)
							row[j * s + offk] += src[j - iv[L]];
				}
				src += run;
				p += run;
				iv[L] = 0;
				for (d = L - 1; d >= 0; d--) {
					if (++iv[d] < g->in[d])
						break;
					iv[d] = 0;
				}
			}
			for (d = L; d >= 0; d--) {
				if (++kidx[d] < g->k[d])
					break;
				kidx[d] = 0;
			}
		}
	}
}

/* FN(fill_bias): planes[m] (each `size` elements) = bias[m], or 0 when bias
 * is NULL. */
static KC_UNUSED void FN(fill_bias)(T *y, const T *bias, int64_t planes, int64_t size)
{
	int64_t m, i;

	if (!bias) {
		memset(y, 0, (size_t)(planes * size) * sizeof(T));
		return;
	}
	for (m = 0; m < planes; m++)
		for (i = 0; i < size; i++)
			y[m * size + i] = bias[m];
}

/* FN(depthwise): direct convolution of a 1-D or 2-D depthwise layer
 * (group == C == M, one filter per channel) for one image. */
static KC_UNUSED void FN(depthwise)(const rt_convgeom *g, const T *x, const T *w,
				    const T *bias, T *y, int64_t channels)
{
	const int two = g->nsp == 2;
	const int64_t H = two ? g->in[0] : 1, W = g->in[two], OH = two ? g->out[0] : 1;
	const int64_t OW = g->out[two], KH = two ? g->k[0] : 1, KW = g->k[two];
	const int64_t sh = two ? g->stride[0] : 1, sw = g->stride[two];
	const int64_t dh = two ? g->dil[0] : 1, dw = g->dil[two];
	const int64_t ph = two ? g->pad0[0] : 0, pw = g->pad0[two];
	int64_t c, oh, kh, kw, ow;

	for (c = 0; c < channels; c++) {
		const T *xc = x + c * H * W, *wc = w + c * KH * KW;
		T *yc = y + c * OH * OW, b = bias ? bias[c] : 0;

		for (oh = 0; oh < OH; oh++) {
			T *yr = yc + oh * OW;

			for (ow = 0; ow < OW; ow++)
				yr[ow] = b;
			for (kh = 0; kh < KH; kh++) {
				int64_t ih = oh * sh - ph + kh * dh;
				const T *xr;

				if (ih < 0 || ih >= H)
					continue;
				xr = xc + ih * W;
				for (kw = 0; kw < KW; kw++) {
					const int64_t off = kw * dw - pw;
					const T wv = wc[kh * KW + kw];
					int64_t lo = off >= 0 ? 0 : (-off + sw - 1) / sw;
					int64_t hi = W - off <= 0 ? 0 : (W - off + sw - 1) / sw;

					if (hi > OW)
						hi = OW;
					if (sw == 1)
						for (ow = lo; ow < hi; ow++)
							yr[ow] += wv * xr[ow + off];
					else
						for (ow = lo; ow < hi; ow++)
							yr[ow] += wv * xr[ow * sw + off];
				}
			}
		}
	}
}

/* FN(dw_simd): the vector depthwise kernel on `channels` planes when it
 * applies (float, p->simd; pad: its padded plane), with the fused
 * activation when it is Relu or Clip (*act_done set); returns 1; 0 when
 * the plain loops must run. */
static KC_UNUSED int FN(dw_simd)(const rt_convparams *p, const T *x, const T *w, const T *bias,
				 T *y, int64_t channels, T *pad, const rt_act *act, int *act_done)
{
	float lo = -INFINITY, hi = INFINITY;

	*act_done = 0;
	if (sizeof(T) != sizeof(float) || !p->simd)
		return 0;
	if (act->op == IR_OP_Relu || act->op == IR_OP_UNKNOWN) {
		lo = act->op == IR_OP_Relu ? 0 : -INFINITY;
		*act_done = 1;
	} else if (act->op == IR_OP_Clip) {
		lo = act->alpha;
		hi = act->beta;
		*act_done = 1;
	}
	rt_dw_simd_f(p->simd, &p->g, (const float *)x, (const float *)w, (const float *)bias,
		     (float *)y, channels, (float *)pad, lo, hi);
	return 1;
}

/* FN(conv_job): one Conv run, shared by its work items. */
typedef struct FN(conv_job) {
	const rt_convparams *p;
	const T *x, *w, *bias;
	T *y, *col;                /* scratch (see FN(conv_run)), or NULL */
	T *scratch;                /* the node's whole scratch */
	const rt_act *act;
	int64_t item0;             /* added to the item numbers of a loop */
} FN(conv_job);

/* FN(sgemm_work): rt_sgemm's work buffer of `slot` in j's scratch
 * (p->work_off floats in, SG_WORK_FLOATS + 16 per slot, 64-byte aligned). */
static KC_UNUSED float *FN(sgemm_work)(const FN(conv_job) *j, int slot)
{
	uintptr_t a = (uintptr_t)(j->scratch + j->p->work_off +
				  (int64_t)slot * (SG_WORK_FLOATS + 16));

	return (float *)((a + 63) & ~(uintptr_t)63);
}

#if defined(KC_FLOAT) && !defined(KC_KBLOCK_DEFINED)
#define KC_KBLOCK_DEFINED
/* kblock_fill / kblock_rows: rt_sgemm_cb's fill for a packed im2col Conv:
 * rows [k0, k0 + kc) of the column matrix of one image and group for the
 * positions [p0, p1). */
typedef struct kblock_fill {
	const float *x;
	const rt_convgeom *g;
	int64_t p0, p1;
} kblock_fill;

static KC_UNUSED void kblock_rows(void *arg, int64_t k0, int64_t kc, float *b)
{
	const kblock_fill *f = arg;

	im2col_rows_f(f->x, f->g, k0, k0 + kc, f->p0, f->p1, b);
}
#endif

/* FN(conv_items): Conv work items [i0, i1) (rt_conv_split) in slot `slot`:
 * item ((n * group + grp) * ntile + tile) * nmb + mb is the block of mblk
 * output channels mb and output positions tile of image n, group grp:
 * bias, one GEMM (on im2col of the tile, or on X itself for RT_CONV_DIRECT)
 * and the fused activation while the block is in cache (a Relu or Clip
 * inside rt_sgemm, before the outputs are stored). */
static KC_UNUSED void FN(conv_items)(void *arg, int slot, int64_t i0, int64_t i1)
{
	const FN(conv_job) *j = arg;
	const rt_convparams *p = j->p;
	const rt_convgeom *g = &p->g;
	const T beta = j->bias ? 1 : 0;
	T *col = j->col && !p->shared_col ?
			 j->col + (int64_t)slot * (p->kblock ? SG_KC : p->rows) * p->tile : j->col;
	int64_t it, m, i;

	for (it = i0 + j->item0; it < i1 + j->item0; it++) {
		const int64_t mb = it % p->nmb, tile = it / p->nmb % p->ntile;
		const int64_t ng = it / p->nmb / p->ntile, n = ng / p->group, grp = ng % p->group;
		const int64_t m0 = mb * p->mblk, m1 = m0 + p->mblk < p->Mg ? m0 + p->mblk : p->Mg;
		const int64_t t0 = tile * p->tile;
		const int64_t t1 = t0 + p->tile < g->out_size ? t0 + p->tile : g->out_size;
		const T *xg = j->x + (n * p->C + grp * p->Cg) * g->in_size;
		const T *wg = j->w + (grp * p->Mg + m0) * p->rows;
		T *yb = j->y + (n * p->M + grp * p->Mg + m0) * g->out_size + t0;
		const T *bsrc = xg + t0;
		int64_t ldb = g->in_size;
		float cl[2];
		const float *clamp = p->packed && rt_act_clamp(j->act, cl) ? cl : NULL;

#ifdef KC_FLOAT
		if (p->kblock) {
			/* packed, the column tile made a K block at a time */
			kblock_fill kf = { xg, g, t0, t1 };

			rt_sgemm_cb(p->packed + grp * p->packed_group, p->Mg, p->rows, m0, m1,
				    kblock_rows, &kf, col, t1 - t0, yb, g->out_size,
				    j->bias ? j->bias + grp * p->Mg + m0 : NULL, clamp,
				    FN(sgemm_work)(j, slot));
			if (!clamp)
				FN(rt_act_rows)(j->act, yb, m1 - m0, t1 - t0, g->out_size);
			continue;
		}
#endif
		/* B: X itself (1x1), or the tile's column matrix */
		if (p->mode != RT_CONV_DIRECT) {
			if (!p->shared_col)
				FN(im2col)(xg, g, p->Cg, t0, t1, col);
			bsrc = col;
			ldb = t1 - t0;
		}
		if (p->packed) {
			/* float only: the packed weights and rt_sgemm, bias and a
			 * Relu or Clip included */
			rt_sgemm(p->packed + grp * p->packed_group, p->Mg, p->rows, m0, m1,
				 (const float *)bsrc, ldb, t1 - t0, (float *)yb, g->out_size,
				 j->bias ? (const float *)j->bias + grp * p->Mg + m0 : NULL, clamp,
				 FN(sgemm_work)(j, slot));
			if (clamp)
				continue;
		} else {
			if (j->bias)
				for (m = 0; m < m1 - m0; m++) {
					const T bv = j->bias[grp * p->Mg + m0 + m];
					T *yr = yb + m * g->out_size;
					for (i = 0; i < t1 - t0; i++)
						yr[i] = bv;
				}
			/* rows == Cg for a 1x1 */
			GEMM(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)(m1 - m0), (int)(t1 - t0),
			     (int)p->rows, 1, wg, (int)p->rows, bsrc, (int)ldb, beta, yb,
			     (int)g->out_size);
		}
		FN(rt_act_rows)(j->act, yb, m1 - m0, t1 - t0, g->out_size);
	}
}

/* FN(col_chans): im2col of input channels [c0, c1) of the image and
 * group at j->x (whole planes: one tile) into the shared column matrix. */
static KC_UNUSED void FN(col_chans)(void *arg, int slot, int64_t c0, int64_t c1)
{
	const FN(conv_job) *j = arg;
	const rt_convgeom *g = &j->p->g;

	(void)slot;
	FN(im2col)(j->x + c0 * g->in_size, g, c1 - c0, 0, g->out_size,
		   j->col + c0 * g->k_size * g->out_size);
}

/* FN(dw_items): depthwise items [i0, i1): item n * C + c is channel c of
 * image n; the fused activation per about RT_ACT_BLOCK elements. */
static KC_UNUSED void FN(dw_items)(void *arg, int slot, int64_t i0, int64_t i1)
{
	const FN(conv_job) *j = arg;
	const rt_convparams *p = j->p;
	const rt_convgeom *g = &p->g;
	int64_t it = i0, cn = p->C;
	T *pad = j->col ? j->col + (int64_t)slot * p->dw_pad : NULL;

	if (j->act->op != IR_OP_UNKNOWN && g->out_size)
		cn = g->out_size < RT_ACT_BLOCK ? RT_ACT_BLOCK / g->out_size : 1;
	while (it < i1) {
		const int64_t n = it / p->C, c0 = it % p->C;
		int64_t c1 = c0 + cn < p->C ? c0 + cn : p->C;
		T *yc = j->y + (n * p->M + c0) * g->out_size;
		const T *xc = j->x + (n * p->C + c0) * g->in_size;
		int act_done;

		if (c1 - c0 > i1 - it)
			c1 = c0 + (i1 - it);
		if (!FN(dw_simd)(p, xc, j->w + c0 * g->k_size, j->bias ? j->bias + c0 : NULL, yc,
				 c1 - c0, pad, j->act, &act_done))
			FN(depthwise)(g, xc, j->w + c0 * g->k_size, j->bias ? j->bias + c0 : NULL, yc,
				      c1 - c0);
		if (!act_done)
			FN(rt_act)(j->act, yc, (c1 - c0) * g->out_size);
		it += c1 - c0;
	}
}

/* FN(conv_run): Conv over the whole batch for node nd: x [N,C,in...],
 * w [M,Cg,k...], bias [M] or NULL, y [N,M,out...]; col is the scratch:
 * p->slots column buffers of rows x tile for RT_CONV_GEMM (one when
 * p->shared_col), p->slots padded planes of dw_pad for the AVX2 depthwise
 * kernel.  Work items
 * (FN(conv_items), FN(dw_items)) run in parallel on the session's threads;
 * they depend on the sizes only, so the result does not depend on the
 * thread count.  The fused activation `act` is applied to each block of
 * output right after it is computed. */
static KC_UNUSED void FN(conv_run)(const rt_node *nd, const rt_convparams *p, const T *x,
				   const T *w, const T *bias, T *y, T *col, const rt_act *act)
{
	const rt_convgeom *g = &p->g;
	FN(conv_job) j = { p, x, w, bias, y, p->mode == RT_CONV_GEMM || p->simd ? col : NULL, col,
			   act, 0 };
	int64_t n, grain, cost;

	if (p->mode == RT_CONV_DEPTHWISE) {
		/* channels per chunk: about RT_PAR_ELEMS multiply-adds */
		grain = g->out_size * g->k_size > 0 ? RT_PAR_ELEMS / (g->out_size * g->k_size) : 1;
		rt_parallel_grain(nd, p->N * p->C, grain, FN(dw_items), &j);
		return;
	}
	if (p->rows == 0 || p->Mg == 0 || g->out_size == 0) {
		for (n = 0; n < p->N; n++) {
			T *yn = y + n * p->M * g->out_size;
			FN(fill_bias)(yn, bias, p->M, g->out_size);
			FN(rt_act)(act, yn, p->M * g->out_size);
		}
		return;
	}
	/* items per chunk: about RT_PAR_ELEMS * 4 multiply-adds */
	cost = p->mblk * p->tile * p->rows;
	grain = cost > 0 && cost < RT_PAR_ELEMS * 4 ? RT_PAR_ELEMS * 4 / cost : 1;
	if (p->shared_col) {
		/* per image and group: the column matrix (channels in parallel),
		 * then the blocks of output channels (items of that image and
		 * group: ntile == 1) */
		int64_t ng;
		for (ng = 0; ng < p->N * p->group; ng++) {
			FN(conv_job) jc = j;
			jc.x = x + (ng / p->group * p->C + ng % p->group * p->Cg) * g->in_size;
			rt_parallel_grain(nd, p->Cg, RT_PAR_ELEMS / (g->k_size * g->out_size) + 1,
					  FN(col_chans), &jc);
			j.item0 = ng * p->nmb;
			rt_parallel_grain(nd, p->nmb, grain, FN(conv_items), &j);
		}
		return;
	}
	rt_parallel_grain(nd, p->N * p->group * p->ntile * p->nmb, grain, FN(conv_items), &j);
}

/* FN(convt_items): ConvTranspose work items [i0, i1) in slot `slot`:
 * item (n * group + grp) * nmb + mb is the block of mblk output channels
 * mb of image n, group grp: bias, then per input tile one GEMM of the
 * block's column rows (in the slot's scratch) scattered by col2im, then
 * the fused activation once every tile has added its share. */
static KC_UNUSED void FN(convt_items)(void *arg, int slot, int64_t i0, int64_t i1)
{
	const FN(conv_job) *j = arg;
	const rt_convparams *p = j->p;
	const rt_convgeom *g = &p->g;
	T *col = j->col ? j->col + (int64_t)slot * p->mblk * g->k_size * p->tile : NULL;
	int64_t it, t0;

	for (it = i0; it < i1; it++) {
		const int64_t mb = it % p->nmb, ng = it / p->nmb, n = ng / p->group, grp = ng % p->group;
		const int64_t m0 = mb * p->mblk, m1 = m0 + p->mblk < p->Mg ? m0 + p->mblk : p->Mg;
		const int64_t brows = (m1 - m0) * g->k_size;
		const T *xg = j->x + (n * p->C + grp * p->Cg) * g->in_size;
		const T *wg = j->w + grp * p->Cg * p->rows + m0 * g->k_size;
		T *yb = j->y + (n * p->M + grp * p->Mg + m0) * g->out_size;

		FN(fill_bias)(yb, j->bias ? j->bias + grp * p->Mg + m0 : NULL, m1 - m0, g->out_size);
		if (p->mode == RT_CONV_DIRECT) {
			GEMM(CblasRowMajor, CblasTrans, CblasNoTrans, (int)(m1 - m0), (int)g->in_size,
			     (int)p->Cg, 1, wg, (int)p->Mg, xg, (int)g->in_size, 1, yb,
			     (int)g->out_size);
		} else {
			for (t0 = 0; t0 < g->in_size; t0 += p->tile) {
				int64_t t1 = t0 + p->tile < g->in_size ? t0 + p->tile : g->in_size;

				if (p->packed)   /* float: W_g^T packed at prepare */
					rt_sgemm(p->packed + grp * p->packed_group, p->rows, p->Cg,
						 m0 * g->k_size, m1 * g->k_size, (const float *)xg + t0,
						 g->in_size, t1 - t0, (float *)col, t1 - t0, NULL,
						 NULL, FN(sgemm_work)(j, slot));
				else
					GEMM(CblasRowMajor, CblasTrans, CblasNoTrans, (int)brows,
					     (int)(t1 - t0), (int)p->Cg, 1, wg, (int)p->rows, xg + t0,
					     (int)g->in_size, 0, col, (int)(t1 - t0));
				FN(col2im)(col, g, m1 - m0, t0, t1, yb);
			}
		}
		FN(rt_act)(j->act, yb, (m1 - m0) * g->out_size);
	}
}

/* FN(convt_run): ConvTranspose over the whole batch for node nd: x
 * [N,C,in...], w [C,Mg,k...], bias [M] or NULL, y [N,M,out...]; col is the
 * scratch (p->slots column buffers of mblk*k_size x tile) for
 * RT_CONV_GEMM.  Work items (images, groups, blocks of output channels:
 * each writes only its channels) run on the session's threads. */
static KC_UNUSED void FN(convt_run)(const rt_node *nd, const rt_convparams *p, const T *x,
				    const T *w, const T *bias, T *y, T *col, const rt_act *act)
{
	const rt_convgeom *g = &p->g;
	FN(conv_job) j = { p, x, w, bias, y, p->mode == RT_CONV_GEMM ? col : NULL, col, act, 0 };
	int64_t n;

	if (p->Cg == 0 || p->Mg == 0 || g->in_size == 0 || g->out_size == 0) {
		for (n = 0; n < p->N; n++) {
			T *yn = y + n * p->M * g->out_size;
			FN(fill_bias)(yn, bias, p->M, g->out_size);
			FN(rt_act)(act, yn, p->M * g->out_size);
		}
		return;
	}
	rt_parallel_grain(nd, p->N * p->group * p->nmb, 1, FN(convt_items), &j);
}
