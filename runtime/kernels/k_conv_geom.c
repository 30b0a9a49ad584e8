/*
 * k_conv_geom.c - sliding-window attributes and output sizes for Conv,
 * ConvTranspose and the pools (see k_conv_geom.h).
 */
#include <limits.h>
#include <string.h>

#include "k_conv_geom.h"
#include "k_sgemm.h"

/* read_ints: an optional INTS attribute of exactly `want` entries into out;
 * absent (or empty) leaves out untouched.  0 or -1 (err). */
static int read_ints(const rt_node *n, const char *name, int want, int64_t *out, onnxc_err *err)
{
	int cnt = 0, i;
	const ir_attr *a = ir_attr_get(n->ir, name);
	const int64_t *v;

	if (!a)
		return 0;
	if (a->kind != IR_ATTR_INTS)
		return rt_fail(n, err, ONNXC_EINVAL, "attribute '%s' must be a list of ints", name);
	v = ir_attr_ints(n->ir, name, &cnt);
	if (cnt == 0)
		return 0;
	if (cnt != want)
		return rt_fail(n, err, ONNXC_EINVAL, "attribute '%s' has %d values, expected %d", name,
			       cnt, want);
	for (i = 0; i < cnt; i++)
		out[i] = v[i];
	return 0;
}

int rt_convgeom_kernel_attr(const rt_node *n, int nsp, int64_t *k, onnxc_err *err)
{
	const ir_attr *a = ir_attr_get(n->ir, "kernel_shape");
	int i;

	if (!a || (a->kind == IR_ATTR_INTS && a->n == 0))
		return 0;
	if (read_ints(n, "kernel_shape", nsp, k, err))
		return -1;
	for (i = 0; i < nsp; i++)
		if (k[i] < 1)
			return rt_fail(n, err, ONNXC_EINVAL, "kernel_shape[%d] is %lld, must be >= 1",
				       i, (long long)k[i]);
	return 1;
}

int rt_convgeom_attrs(const rt_node *n, int nsp, const int64_t *in_sp, const int64_t *kernel,
		      int use_dil, rt_convgeom *g, onnxc_err *err)
{
	int64_t pads[2 * RT_MAXSP];
	const char *ap;
	int i;

	if (nsp < 1 || nsp > RT_MAXSP)
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "%d spatial dims (1..%d supported)", nsp,
			       RT_MAXSP);
	memset(g, 0, sizeof *g);
	g->nsp = nsp;
	for (i = 0; i < nsp; i++) {
		g->in[i] = in_sp[i];
		g->k[i] = kernel[i];
		g->stride[i] = 1;
		g->dil[i] = 1;
		pads[i] = pads[i + nsp] = 0;
	}
	if (read_ints(n, "strides", nsp, g->stride, err))
		return -1;
	if (use_dil && read_ints(n, "dilations", nsp, g->dil, err))
		return -1;
	if (read_ints(n, "pads", 2 * nsp, pads, err))
		return -1;
	for (i = 0; i < nsp; i++) {
		if (g->stride[i] < 1)
			return rt_fail(n, err, ONNXC_EINVAL, "strides[%d] is %lld, must be >= 1", i,
				       (long long)g->stride[i]);
		if (g->dil[i] < 1)
			return rt_fail(n, err, ONNXC_EINVAL, "dilations[%d] is %lld, must be >= 1", i,
				       (long long)g->dil[i]);
		if (pads[i] < 0 || pads[i + nsp] < 0)
			return rt_fail(n, err, ONNXC_EINVAL, "pads must not be negative");
		if (g->k[i] < 1)
			return rt_fail(n, err, ONNXC_EINVAL, "kernel dim %d is %lld, must be >= 1", i,
				       (long long)g->k[i]);
		if (g->stride[i] > INT32_MAX || g->dil[i] > INT32_MAX || g->k[i] > INT32_MAX ||
		    pads[i] > INT32_MAX || pads[i + nsp] > INT32_MAX)
			return rt_fail(n, err, ONNXC_ELIMIT, "window attributes are too large");
		g->pad0[i] = pads[i];
		g->pad1[i] = pads[i + nsp];
	}
	ap = ir_attr_string(n->ir, "auto_pad", "NOTSET");
	if (!strcmp(ap, "NOTSET") || !*ap)
		g->autopad = RT_PAD_NOTSET;
	else if (!strcmp(ap, "SAME_UPPER"))
		g->autopad = RT_PAD_SAME_UPPER;
	else if (!strcmp(ap, "SAME_LOWER"))
		g->autopad = RT_PAD_SAME_LOWER;
	else if (!strcmp(ap, "VALID"))
		g->autopad = RT_PAD_VALID;
	else
		return rt_fail(n, err, ONNXC_EINVAL, "unknown auto_pad '%s'", ap);
	if (g->autopad != RT_PAD_NOTSET)
		for (i = 0; i < nsp; i++)
			g->pad0[i] = g->pad1[i] = 0;
	return 0;
}

void rt_convgeom_sizes(rt_convgeom *g)
{
	int i;

	g->in_size = g->out_size = g->k_size = 1;
	for (i = 0; i < g->nsp; i++) {
		g->in_size *= g->in[i];
		g->out_size *= g->out[i];
		g->k_size *= g->k[i];
	}
}

int rt_convgeom_forward(const rt_node *n, rt_convgeom *g, int ceil_mode, onnxc_err *err)
{
	int i;

	for (i = 0; i < g->nsp; i++) {
		int64_t ek = (g->k[i] - 1) * g->dil[i] + 1, s = g->stride[i], in = g->in[i];

		if (g->autopad == RT_PAD_SAME_UPPER || g->autopad == RT_PAD_SAME_LOWER) {
			int64_t out = (in + s - 1) / s, total = (out - 1) * s + ek - in;

			if (total < 0)
				total = 0;
			g->pad0[i] = g->autopad == RT_PAD_SAME_UPPER ? total / 2 : total - total / 2;
			g->pad1[i] = total - g->pad0[i];
			g->out[i] = out;
		} else {
			int64_t span = in + g->pad0[i] + g->pad1[i] - ek, out;

			if (span < 0)
				return rt_fail(n, err, ONNXC_EINVAL,
					       "spatial dim %d: window of %lld exceeds the padded input of %lld",
					       i, (long long)ek, (long long)(in + g->pad0[i] + g->pad1[i]));
			out = (ceil_mode ? (span + s - 1) / s : span / s) + 1;
			/* a last window starting inside the end padding is dropped */
			if (ceil_mode && out > 1 && (out - 1) * s >= in + g->pad0[i])
				out--;
			g->out[i] = out;
		}
	}
	rt_convgeom_sizes(g);
	return 0;
}

int rt_fits_int(int64_t a, int64_t b, int64_t c)
{
	return a <= INT_MAX && b <= INT_MAX && c <= INT_MAX;
}

int rt_conv_check_inputs(const rt_node *n, onnxc_err *err)
{
	const rt_tensor *x = n->n_in > 0 ? n->in[0] : NULL, *w = n->n_in > 1 ? n->in[1] : NULL;
	const rt_tensor *b = n->n_in > 2 ? n->in[2] : NULL;

	if (!x || !w)
		return rt_fail(n, err, ONNXC_EINVAL, "inputs X and W are required");
	if (x->dtype != IR_FLOAT && x->dtype != IR_DOUBLE)
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "input type %s (float and double supported)",
			       ir_dtype_name(x->dtype));
	if (w->dtype != x->dtype || (b && b->dtype != x->dtype))
		return rt_fail(n, err, ONNXC_EINVAL, "W and B must have X's type %s",
			       ir_dtype_name(x->dtype));
	if (x->rank < 3)
		return rt_fail(n, err, ONNXC_EINVAL, "X has rank %d, expected N x C x D1 ... (rank >= 3)",
			       x->rank);
	if (w->rank != x->rank)
		return rt_fail(n, err, ONNXC_EINVAL, "W has rank %d, expected %d (the rank of X)",
			       w->rank, x->rank);
	if (b && b->rank != 1)
		return rt_fail(n, err, ONNXC_EINVAL, "B has rank %d, expected 1", b->rank);
	return 0;
}

int rt_conv_simd = 2;

#define CONV_TILE_BYTES ((int64_t)2 << 20)     /* im2col tile target */
#define CONV_OUT_BYTES ((int64_t)256 << 10)    /* 1x1 output block target */
#define CONV_MIN_ITEMS 4                       /* items wanted per layer */
#define CONV_ITEM_MACS 1e6                     /* multiply-adds per item, at least */

/* round_up: x rounded up to a multiple of m. */
static int64_t round_up(int64_t x, int64_t m)
{
	return (x + m - 1) / m * m;
}

void rt_conv_split(rt_convparams *p, size_t es)
{
	const int64_t S = p->g.out_size;
	/* items wanted per image and group: one per CONV_ITEM_MACS
	 * multiply-adds (rounded), 1 to CONV_MIN_ITEMS (each item is one more
	 * GEMM call: small layers are not worth many) */
	const double macs = (double)p->Mg * (double)S * (double)(p->rows > 0 ? p->rows : 1);
	int64_t want = macs >= CONV_ITEM_MACS * (CONV_MIN_ITEMS - 0.5) ? CONV_MIN_ITEMS :
		       macs >= CONV_ITEM_MACS * 1.5 ? (int64_t)(macs / CONV_ITEM_MACS + 0.5) : 1;
	int64_t t, base, per;

	/* an even count: 3 items on 2 threads leave one waiting half the time */
	if (want > 1 && want % 2)
		want++;
	/* K blocks pay only when the whole column matrix is over the tile
	 * budget (else one tile, built once, serves every block of rows) */
	if (p->kblock && (p->rows <= SG_KC || (double)p->rows * (double)S * (double)es <=
						      (double)CONV_TILE_BYTES))
		p->kblock = 0;
	if (p->mode == RT_CONV_GEMM) {
		/* tiles of about CONV_TILE_BYTES of column matrix (kblock: of
		 * one K block of it), never less than 64 positions (A is
		 * packed again per tile) */
		const int64_t rows = p->kblock && p->rows > SG_KC ? SG_KC : p->rows;

		t = rows > 0 ? CONV_TILE_BYTES / (rows * (int64_t)es) : S;
		if (t < 64)
			t = 64;
		if (t > rt_conv_tile(rows, S, es))
			t = rt_conv_tile(rows, S, es);
	} else {
		/* 1x1: output blocks of about CONV_OUT_BYTES, written (bias),
		 * accumulated and activated while in cache */
		t = p->Mg > 0 ? round_up(CONV_OUT_BYTES / (p->Mg * (int64_t)es), 16) : S;
		if (t < 256)
			t = 256;
	}
	/* big planes: at least `want` tiles of >= 128 positions */
	per = round_up((S + want - 1) / want, 32);
	if (per < 128)
		per = 128;
	if (t > per)
		t = per;
	/* whole slivers of the packed GEMM (32 columns): a tile of 227
	 * positions would end in a sliver of 3 computed as 16 */
	if (t > 32 && t < S)
		t = t / 32 * 32;
	if (t > S)
		t = S;
	if (t < 1)
		t = 1;
	p->tile = t;
	p->ntile = (S + t - 1) / t;
	/* few items (small planes): split the output channels too, in blocks
	 * of >= 32 (im2col is then repeated per block: cheap next to a GEMM
	 * of 32 rows) */
	p->nmb = 1;
	p->mblk = p->Mg;
	base = p->N * p->group * p->ntile;
	if (base < want && p->Mg >= 64) {
		int64_t nmb = (want + base - 1) / base;
		if (nmb > p->Mg / 32)
			nmb = p->Mg / 32;
		/* a multiple of 24: whole panels of rt_sgemm's packed W */
		p->mblk = round_up((p->Mg + nmb - 1) / nmb, 24);
		p->nmb = (p->Mg + p->mblk - 1) / p->mblk;
	}
	p->shared_col = p->mode == RT_CONV_GEMM && p->ntile == 1 && p->nmb > 1 && !p->kblock;
}

int rt_conv_pack(rt_node *n, rt_convparams *p, const float *w, int64_t M, int64_t K, int trans,
		 onnxc_err *err)
{
	int64_t grp;

	p->packed_group = rt_sgemm_pack_floats(M, K);
	p->packed = onnxc_malloc((size_t)(p->group * p->packed_group) * sizeof(float));
	if (!p->packed)
		return onnxc_oom(err);
	for (grp = 0; grp < p->group; grp++) {
		if (trans)
			rt_sgemm_pack_t(w + grp * M * K, M, M, K, p->packed + grp * p->packed_group);
		else
			rt_sgemm_pack(w + grp * M * K, K, M, K, p->packed + grp * p->packed_group);
	}
	p->work_off = (int64_t)(n->scratch_bytes / sizeof(float));
	n->scratch_bytes += (size_t)rt_parallel_slots(n) * (SG_WORK_FLOATS + 16) * sizeof(float);
	return 0;
}

int64_t rt_conv_tile(int64_t rows, int64_t total, size_t es)
{
	int64_t t = rows > 0 ? (int64_t)(RT_CONV_SCRATCH_MAX / es) / rows : total;

	if (t > total)
		t = total;
	return t < 1 ? 1 : t;
}
