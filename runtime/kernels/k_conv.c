/*
 * k_conv.c - Conv (opsets 1 and 11), float and double, 1-D to 6-D.
 *
 * Y[n, m] = B[m] + sum over c in m's group and the kernel window of
 * W[m, c, k] * X[n, c, out*stride - pad + k*dilation].  Computed per image
 * and group as W_g x im2col(X_g), the column matrix built in tiles of
 * output positions (about 2 MiB each); float layers with constant weights
 * on an AVX-512 CPU multiply with k_sgemm.c on W packed at prepare (bias
 * in the first K block), the others with OpenBLAS (single-threaded);
 * 1x1 convs with stride 1 and no pads multiply X directly; depthwise
 * 1-D/2-D layers (group == C == M) use direct loops (AVX-512 or AVX2 for
 * float when the CPU has it, k_conv_dw.c); float 3x3 stride-1 layers with
 * 16+ channels in and out and constant weights use Winograd F(2x2, 3x3)
 * (k_conv_wino.c); 2-D float layers whose vertical taps mostly read padding
 * (large dilations on small maps) run in bands of rows with only their live
 * taps.  The work is split into items chosen from
 * the sizes (rt_conv_split: tiles of positions, blocks of output channels)
 * that run on the session's threads, each im2col tile in its thread's own
 * scratch slice.  A fused activation (fuse_act) is applied to each output
 * block right after it is computed.
 */
#include <cblas.h>
#include <string.h>

#include "k_act.h"
#include "k_conv_geom.h"
#include "k_conv_wino.h"
#include "k_sgemm.h"

#define T float
#define FN(x) x##_f
#define GEMM cblas_sgemm
#define KC_FLOAT
#include "k_conv_tmpl.h"
#undef KC_FLOAT
#undef T
#undef FN
#undef GEMM
#define T double
#define FN(x) x##_d
#define GEMM cblas_dgemm
#include "k_conv_tmpl.h"
#undef T
#undef FN
#undef GEMM

/*
 * Bands: a 2-D float Conv (group 1, constant weights) whose vertical taps
 * read only padding for many output rows -- large dilations on small maps,
 * DeepLab's ASPP at rate 12 on a 16x16 map, where the taps at -12 and +12
 * are live for 4 rows each.  For output row oh the live vertical taps are
 * one range [ka, kb); consecutive rows with the same range form a band,
 * computed as a Conv with only those taps (weights compacted at prepare,
 * im2col with the shifted pad) over the band's positions in tiles, one
 * work item each, each with its thread's scratch slot.  The same sums as
 * the full im2col minus terms that are exactly zero (padding).
 */
typedef struct rt_band {
	int64_t r0, r1;                /* output rows */
	rt_convgeom g;                 /* the geometry with taps [ka, kb) only */
	int64_t rows;                  /* C * (kb - ka) * kw */
	float *w;                      /* [M, C, kb - ka, kw] */
} rt_band;

typedef struct rt_bands {
	int nb;
	rt_band *b;
	int64_t nitems, *item;         /* per image: (band, first row, end row) */
	int64_t slot_floats;
} rt_bands;

#define BANDS_TILE_FLOATS ((int64_t)1 << 19)   /* im2col tile: 2 MiB */

static void bands_free(rt_bands *bs)
{
	int i;

	if (!bs)
		return;
	for (i = 0; i < bs->nb; i++)
		onnxc_free(bs->b[i].w);
	onnxc_free(bs->b);
	onnxc_free(bs->item);
	onnxc_free(bs);
}

/* live_taps: the vertical taps [*ka, *kb) of output row oh that read
 * input rows (possibly empty). */
static void live_taps(const rt_convgeom *g, int64_t oh, int64_t *ka, int64_t *kb)
{
	const int64_t s = oh * g->stride[0] - g->pad0[0], d = g->dil[0];
	int64_t a = 0, b = g->k[0];

	while (a < b && s + a * d < 0)
		a++;
	while (b > a && s + (b - 1) * d >= g->in[0])
		b--;
	*ka = a;
	*kb = b;
}

/* bands_new: the bands of p when the live vertical taps are at most 3/4
 * of all (else NULL, err untouched); NULL with err on OOM. */
static rt_bands *bands_new(const rt_convparams *p, const float *w, int slots, size_t *scratch,
			   onnxc_err *err)
{
	const rt_convgeom *g = &p->g;
	const int64_t KH = g->k[0], KW = g->k[1], OH = g->out[0], OW = g->out[1];
	int64_t oh, live = 0, ka, kb, pa = -1, pb = -1, m, c, t, maxrows = 0;
	rt_bands *bs;
	int nb = 0, i;

	for (oh = 0; oh < OH; oh++) {
		live_taps(g, oh, &ka, &kb);
		live += kb - ka;
		if (ka != pa || kb != pb)
			nb++;
		pa = ka;
		pb = kb;
	}
	if (4 * live > 3 * OH * KH || nb > 64)
		return NULL;
	bs = onnxc_calloc(1, sizeof *bs);
	if (!bs || !(bs->b = onnxc_calloc((size_t)nb, sizeof *bs->b)))
		goto oom;
	pa = pb = -1;
	for (oh = 0; oh < OH; oh++) {
		live_taps(g, oh, &ka, &kb);
		if (ka != pa || kb != pb) {
			rt_band *b = &bs->b[bs->nb++];
			b->r0 = oh;
			b->g = *g;
			b->g.k[0] = kb - ka;
			b->g.pad0[0] = g->pad0[0] - ka * g->dil[0];
			b->g.k_size = (kb - ka) * KW;
			b->rows = p->C * b->g.k_size;
			if (b->rows && !(b->w = onnxc_malloc((size_t)(p->M * b->rows) * sizeof(float))))
				goto oom;
			for (m = 0; m < p->M; m++)
				for (c = 0; c < p->C; c++)
					for (t = 0; t < kb - ka; t++)
						memcpy(b->w + ((m * p->C + c) * (kb - ka) + t) * KW,
						       w + ((m * p->C + c) * KH + ka + t) * KW,
						       (size_t)KW * sizeof(float));
			if (b->rows > maxrows)
				maxrows = b->rows;
		}
		bs->b[bs->nb - 1].r1 = oh + 1;
		pa = ka;
		pb = kb;
	}
	/* items: each band in tiles of whole rows within BANDS_TILE_FLOATS */
	for (i = 0; i < bs->nb; i++) {
		const rt_band *b = &bs->b[i];
		int64_t per = b->rows ? BANDS_TILE_FLOATS / (b->rows * OW) : b->r1 - b->r0;
		if (per < 1)
			per = 1;
		bs->nitems += (b->r1 - b->r0 + per - 1) / per;
	}
	if (!(bs->item = onnxc_malloc((size_t)(3 * bs->nitems) * sizeof(int64_t))))
		goto oom;
	for (i = 0, t = 0; i < bs->nb; i++) {
		const rt_band *b = &bs->b[i];
		int64_t per = b->rows ? BANDS_TILE_FLOATS / (b->rows * OW) : b->r1 - b->r0, r;
		if (per < 1)
			per = 1;
		for (r = b->r0; r < b->r1; r += per, t++) {
			bs->item[3 * t] = i;
			bs->item[3 * t + 1] = r;
			bs->item[3 * t + 2] = r + per < b->r1 ? r + per : b->r1;
		}
	}
	/* one tile of the widest band (at least one row) per slot */
	{
		int64_t tile = BANDS_TILE_FLOATS;
		if (maxrows * OW > tile)
			tile = maxrows * OW;
		bs->slot_floats = tile;
		*scratch = (size_t)(tile * slots) * sizeof(float);
	}
	return bs;
oom:
	bands_free(bs);
	onnxc_oom(err);
	return NULL;
}

typedef struct bands_job {
	const rt_convparams *p;
	const float *x, *bias;
	float *y, *scratch;
	const rt_act *act;
} bands_job;

/* bands_item: items [i0, i1) over images x bands' tiles. */
static void bands_item(void *arg, int slot, int64_t i0, int64_t i1)
{
	const bands_job *j = arg;
	const rt_convparams *p = j->p;
	const rt_bands *bs = p->bands;
	const int64_t OW = p->g.out[1], osz = p->g.out_size;
	float *col = j->scratch + (size_t)slot * (size_t)bs->slot_floats;
	int64_t i, m;

	for (i = i0; i < i1; i++) {
		const int64_t img = i / bs->nitems, *it = bs->item + 3 * (i % bs->nitems);
		const rt_band *b = &bs->b[it[0]];
		const int64_t p0 = it[1] * OW, p1 = it[2] * OW;
		const float *x = j->x + img * p->C * p->g.in_size;
		float *y = j->y + img * p->M * osz;

		if (b->rows) {
			im2col_f(x, &b->g, p->C, p0, p1, col);
			cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)p->M, (int)(p1 - p0),
				    (int)b->rows, 1.0f, b->w, (int)b->rows, col, (int)(p1 - p0), 0.0f,
				    y + p0, (int)osz);
		}
		for (m = 0; m < p->M; m++) {
			float *ym = y + m * osz + p0;
			const float bm = j->bias ? j->bias[m] : 0.0f;
			int64_t k;

			if (!b->rows)
				for (k = 0; k < p1 - p0; k++)
					ym[k] = bm;
			else if (j->bias)
				for (k = 0; k < p1 - p0; k++)
					ym[k] += bm;
			if (j->act->op != IR_OP_UNKNOWN)
				rt_act_f(j->act, ym, p1 - p0);
		}
	}
}

/* float_2d_const: a float 2-D Conv with group 1 and constant weights (what
 * Winograd and the bands need: weights rearranged at prepare). */
static int float_2d_const(const rt_convparams *p, const rt_tensor *x, const rt_tensor *w)
{
	return x->dtype == IR_FLOAT && p->g.nsp == 2 && p->group == 1 && w->is_const && w->data;
}

/* bands_ok: float_2d_const and computed by im2col. */
static int bands_ok(const rt_convparams *p, const rt_tensor *x, const rt_tensor *w)
{
	return float_2d_const(p, x, w) && p->mode == RT_CONV_GEMM;
}

/* wino_ok: a float 2-D Conv with group 1, a 3x3 kernel, stride 1, the
 * same dilation on both axes (1, or above it with the packed GEMM: the
 * polyphase form, k_conv_wino.c) and constant weights (Winograd F(2x2,
 * 3x3) applies; rt_wino_new may still decline). */
static int wino_ok(const rt_convparams *p, const rt_tensor *x, const rt_tensor *w)
{
	int d;

	if (!float_2d_const(p, x, w) || p->g.dil[0] != p->g.dil[1] ||
	    (p->g.dil[0] > 1 && !rt_sgemm_ok()))
		return 0;
	for (d = 0; d < 2; d++)
		if (p->g.k[d] != 3 || p->g.stride[d] != 1)
			return 0;
	return 1;
}

/* packed_ok: a float Conv by GEMM (im2col or 1x1) with constant weights
 * on a CPU where rt_sgemm runs: its weights are packed at prepare. */
static int packed_ok(const rt_convparams *p, const rt_tensor *x, const rt_tensor *w)
{
	return x->dtype == IR_FLOAT && w->is_const && w->data && p->rows > 0 && p->Mg > 0 &&
	       (p->mode == RT_CONV_GEMM || p->mode == RT_CONV_DIRECT) && rt_sgemm_ok();
}

/* free_conv: n->params and its Winograd filters. */
static void free_conv(void *params)
{
	rt_convparams *p = params;

	rt_wino_free(p->wino);
	bands_free(p->bands);
	onnxc_free(p->packed);
	onnxc_free(p);
}

/* prep_conv: validate X [N,C,D...], W [M,C/group,k...], B [M]; compute the
 * geometry and the output [N,M,O...]; pick the method and the scratch. */
static int prep_conv(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x, *w, *b;
	rt_convparams pp, *p = &pp;
	int64_t kattr[RT_MAXSP], odims[RT_MAXRANK];
	size_t es;
	int nsp, i, k, direct = 1;

	if (rt_conv_check_inputs(n, err))
		return -1;
	x = n->in[0];
	w = n->in[1];
	b = n->n_in > 2 ? n->in[2] : NULL;
	nsp = x->rank - 2;
	memset(p, 0, sizeof *p);
	p->N = x->dims[0];
	p->C = x->dims[1];
	p->M = w->dims[0];
	p->group = ir_attr_int(n->ir, "group", 1);
	if (p->group < 1)
		return rt_fail(n, err, ONNXC_EINVAL, "group is %lld, must be >= 1",
			       (long long)p->group);
	if (p->C % p->group)
		return rt_fail(n, err, ONNXC_EINVAL, "group %lld does not divide the %lld input channels",
			       (long long)p->group, (long long)p->C);
	if (p->M % p->group)
		return rt_fail(n, err, ONNXC_EINVAL,
			       "group %lld does not divide the %lld output channels (W dim 0)",
			       (long long)p->group, (long long)p->M);
	p->Cg = p->C / p->group;
	p->Mg = p->M / p->group;
	if (w->dims[1] != p->Cg)
		return rt_fail(n, err, ONNXC_EINVAL,
			       "W has %lld channels per group, X has %lld channels in %lld groups",
			       (long long)w->dims[1], (long long)p->C, (long long)p->group);
	if (b && b->dims[0] != p->M)
		return rt_fail(n, err, ONNXC_EINVAL, "B has %lld elements, expected %lld",
			       (long long)b->dims[0], (long long)p->M);
	k = rt_convgeom_kernel_attr(n, nsp, kattr, err);
	if (k < 0)
		return -1;
	for (i = 0; k && i < nsp; i++)
		if (kattr[i] != w->dims[2 + i])
			return rt_fail(n, err, ONNXC_EINVAL, "kernel_shape[%d] = %lld but W has %lld",
				       i, (long long)kattr[i], (long long)w->dims[2 + i]);
	if (rt_convgeom_attrs(n, nsp, x->dims + 2, w->dims + 2, 1, &p->g, err) ||
	    rt_convgeom_forward(n, &p->g, 0, err))
		return -1;
	odims[0] = p->N;
	odims[1] = p->M;
	for (i = 0; i < nsp; i++) {
		odims[2 + i] = p->g.out[i];
		if (p->g.k[i] != 1 || p->g.stride[i] != 1 || p->g.pad0[i] || p->g.pad1[i])
			direct = 0;
	}
	if (rt_set_shape(n, n->out[0], x->dtype, x->rank, odims, err) ||
	    rt_act_check(n, x->dtype, err))
		return -1;
	es = ir_dtype_size(x->dtype);
	p->rows = p->Cg * p->g.k_size;
	if (p->group > 1 && p->group == p->C && p->M == p->C && nsp <= 2)
		p->mode = RT_CONV_DEPTHWISE;
	else if (direct)
		p->mode = RT_CONV_DIRECT;
	else
		p->mode = RT_CONV_GEMM;
	p->kblock = p->mode == RT_CONV_GEMM && packed_ok(p, x, w);
	rt_conv_split(p, es);
	p->slots = rt_parallel_slots(n);
	if (p->slots > p->N * p->group * p->ntile * p->nmb)
		p->slots = p->N * p->group * p->ntile * p->nmb;
	if (p->slots < 1 || p->shared_col)
		p->slots = 1;
	p->simd = p->mode == RT_CONV_DEPTHWISE && x->dtype == IR_FLOAT ? rt_dw_simd_ok(&p->g) : 0;
	if (p->simd) {
		p->dw_pad = rt_dw_simd_scratch(&p->g);
		p->slots = rt_parallel_slots(n) < p->N * p->C ? rt_parallel_slots(n) : p->N * p->C;
	}
	if (!rt_fits_int(p->Mg, p->rows, p->g.in_size) || !rt_fits_int(p->g.out_size, 0, 0))
		return rt_fail(n, err, ONNXC_ELIMIT, "convolution too large for BLAS int sizes");
	n->scratch_bytes = p->mode == RT_CONV_GEMM ?
				   (size_t)(p->slots * (p->kblock ? SG_KC : p->rows) * p->tile) * es :
			   p->simd ? (size_t)(p->slots * p->dw_pad) * es : 0;
	if (wino_ok(p, x, w)) {
		size_t scratch;

		p->wino = rt_wino_new(n, p->N, p->C, p->g.in[0], p->g.in[1], p->M, p->g.out[0],
				      p->g.out[1], p->g.pad0[0], p->g.pad0[1], p->g.dil[0], w->data,
				      rt_parallel_slots(n), &scratch, err);
		if (!p->wino && err->code)
			return -1;
		if (p->wino)
			n->scratch_bytes = scratch;
	}
	if (!p->wino && bands_ok(p, x, w)) {
		size_t scratch = 0;

		p->bands = bands_new(p, w->data, rt_parallel_slots(n), &scratch, err);
		if (!p->bands && err->code)
			return -1;
		if (p->bands)
			n->scratch_bytes = scratch;
	}
	if (p->wino || p->bands)
		p->kblock = 0;
	if (!p->wino && !p->bands && packed_ok(p, x, w) &&
	    rt_conv_pack(n, p, w->data, p->Mg, p->rows, 0, err))
		return -1;
	n->params = onnxc_malloc(sizeof *p);
	if (!n->params) {
		rt_wino_free(p->wino);
		bands_free(p->bands);
		onnxc_free(p->packed);
		return onnxc_oom(err);
	}
	memcpy(n->params, p, sizeof *p);
	n->free_params = free_conv;
	return 0;
}

static int exec_conv(rt_node *n, onnxc_err *err)
{
	const rt_convparams *p = n->params;
	const rt_tensor *b = n->n_in > 2 ? n->in[2] : NULL;
	const rt_act act = rt_act_of(n->ir);

	(void)err;
	if (!n->out[0]->numel)
		return 0;
	if (p->wino) {
		rt_wino_run(n, p->wino, n->in[0]->data, b ? b->data : NULL, n->out[0]->data,
			    n->scratch, &act);
	} else if (p->bands) {
		bands_job j = { p, n->in[0]->data, b ? b->data : NULL, n->out[0]->data, n->scratch,
				&act };
		rt_parallel_grain(n, p->N * p->bands->nitems, 1, bands_item, &j);
	} else if (n->in[0]->dtype == IR_FLOAT)
		conv_run_f(n, p, n->in[0]->data, n->in[1]->data, b ? b->data : NULL, n->out[0]->data,
			   n->scratch, &act);
	else
		conv_run_d(n, p, n->in[0]->data, n->in[1]->data, b ? b->data : NULL, n->out[0]->data,
			   n->scratch, &act);
	return 0;
}

const rt_op rt_op_Conv = { prep_conv, exec_conv, 0 };
