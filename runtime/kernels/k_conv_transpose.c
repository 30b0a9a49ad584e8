/*
 * k_conv_transpose.c - ConvTranspose (opsets 1 and 11), float and double,
 * 1-D to 6-D, groups, dilations, strides, pads, auto_pad, output_padding and
 * output_shape.
 *
 * Each input element scatters W[c, m, k] * X[n, c, i] to output position
 * i*stride - pad_begin + k*dilation.  Computed per image and group as
 * col = W_g^T x X_g over tiles of input positions (float with constant
 * weights on an AVX-512 CPU: k_sgemm.c on W_g^T packed at prepare; else
 * OpenBLAS), then col2im
 * adds the columns into Y (pre-filled with the bias).  A fused activation
 * (fuse_act) is applied per image and group once its output is complete.
 * Images, groups and (for few of those) blocks of output channels are
 * work items on the session's threads; each writes only its own channels
 * and has its own column scratch.
 *
 * Output size per spatial dim (ONNX spec):
 *   full = stride*(in-1) + output_padding + (k-1)*dilation + 1
 *   NOTSET/VALID: out = full - pad_begin - pad_end
 *   output_shape given, or SAME_* (out = in*stride): total = full - out,
 *     SAME_UPPER: pad_begin = total/2; otherwise (NOTSET, SAME_LOWER)
 *     pad_begin = total - total/2; pad_end = total - pad_begin.
 *   A negative total (output larger than full) is all put at the end: the
 *   extra positions hold only the bias (as in the ONNX test data for
 *   output_shape, and onnxruntime, which clamps the total at 0).
 */
#include <cblas.h>
#include <string.h>

#include "k_act.h"
#include "k_conv_geom.h"
#include "k_sgemm.h"

#define CONVT_ITEMS 8                    /* work items wanted per layer */
#define CONVT_PAR_MIN ((double)(1 << 18)) /* multiply-adds worth splitting */

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

/* free_convt: n->params and its packed weights. */
static void free_convt(void *params)
{
	rt_convparams *p = params;

	onnxc_free(p->packed);
	onnxc_free(p);
}

/* out_geometry: the output sizes and begin/end pads of p->g from strides,
 * dilations, output_padding and output_shape / auto_pad.  0 or -1 (err). */
static int out_geometry(const rt_node *n, rt_convparams *p, onnxc_err *err)
{
	rt_convgeom *g = &p->g;
	const int64_t *os = NULL, *op = NULL;
	int nos = 0, nop = 0, i;

	op = ir_attr_ints(n->ir, "output_padding", &nop);
	if (nop && nop != g->nsp)
		return rt_fail(n, err, ONNXC_EINVAL, "output_padding has %d values, expected %d", nop,
			       g->nsp);
	os = ir_attr_ints(n->ir, "output_shape", &nos);
	if (nos == g->nsp + 2)
		os += 2;       /* given with the N and C dims */
	else if (nos && nos != g->nsp)
		return rt_fail(n, err, ONNXC_EINVAL, "output_shape has %d values, expected %d", nos,
			       g->nsp);
	for (i = 0; i < g->nsp; i++) {
		int64_t opad = nop ? op[i] : 0, full, total;

		if (opad < 0 || opad > INT32_MAX)
			return rt_fail(n, err, ONNXC_EINVAL, "output_padding[%d] = %lld is invalid", i,
				       (long long)opad);
		if (onnxc_mul_i64(g->stride[i], g->in[i], &full))
			return rt_fail(n, err, ONNXC_ELIMIT, "output size overflows");
		full += opad + (g->k[i] - 1) * g->dil[i] + 1 - g->stride[i];
		if (nos || g->autopad == RT_PAD_SAME_UPPER || g->autopad == RT_PAD_SAME_LOWER) {
			g->out[i] = nos ? os[i] : g->in[i] * g->stride[i];
			total = full - g->out[i];
			if (total < 0)
				g->pad0[i] = 0;
			else
				g->pad0[i] = g->autopad == RT_PAD_SAME_UPPER ? total / 2
									      : total - total / 2;
			g->pad1[i] = total - g->pad0[i];
		} else {
			g->out[i] = full - g->pad0[i] - g->pad1[i];
		}
		if (g->out[i] < 1)
			return rt_fail(n, err, ONNXC_EINVAL, "output spatial dim %d would be %lld", i,
				       (long long)g->out[i]);
	}
	rt_convgeom_sizes(g);
	return 0;
}

/* prep_convt: validate X [N,C,D...], W [C,M/group,k...], B [M]; compute the
 * geometry, the output [N,M,O...], the method and the scratch. */
static int prep_convt(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x, *w, *b;
	rt_convparams pp, *p = &pp;
	int64_t kattr[RT_MAXSP], odims[RT_MAXRANK];
	size_t es;
	int nsp, i, k, direct = 1, packed;

	if (rt_conv_check_inputs(n, err))
		return -1;
	x = n->in[0];
	w = n->in[1];
	b = n->n_in > 2 ? n->in[2] : NULL;
	nsp = x->rank - 2;
	memset(p, 0, sizeof *p);
	p->N = x->dims[0];
	p->C = x->dims[1];
	p->group = ir_attr_int(n->ir, "group", 1);
	if (p->group < 1)
		return rt_fail(n, err, ONNXC_EINVAL, "group is %lld, must be >= 1",
			       (long long)p->group);
	if (w->dims[0] != p->C)
		return rt_fail(n, err, ONNXC_EINVAL, "W has %lld input channels (dim 0), X has %lld",
			       (long long)w->dims[0], (long long)p->C);
	if (p->C % p->group)
		return rt_fail(n, err, ONNXC_EINVAL, "group %lld does not divide the %lld input channels",
			       (long long)p->group, (long long)p->C);
	p->Cg = p->C / p->group;
	p->Mg = w->dims[1];
	if (onnxc_mul_i64(p->Mg, p->group, &p->M))
		return rt_fail(n, err, ONNXC_EINVAL, "output channel count overflows");
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
	    out_geometry(n, p, err))
		return -1;
	odims[0] = p->N;
	odims[1] = p->M;
	for (i = 0; i < nsp; i++) {
		odims[2 + i] = p->g.out[i];
		if (p->g.k[i] != 1 || p->g.stride[i] != 1 || p->g.pad0[i] || p->g.out[i] != p->g.in[i])
			direct = 0;
	}
	if (rt_set_shape(n, n->out[0], x->dtype, x->rank, odims, err) ||
	    rt_act_check(n, x->dtype, err))
		return -1;
	es = ir_dtype_size(x->dtype);
	p->rows = p->Mg * p->g.k_size;
	p->mode = direct ? RT_CONV_DIRECT : RT_CONV_GEMM;
	packed = !direct && x->dtype == IR_FLOAT && w->is_const && w->data && p->rows > 0 &&
		 p->Cg > 0 && rt_sgemm_ok();
	p->tile = rt_conv_tile(p->rows, p->g.in_size, es);
	/* packed: tiles of about 512 KiB of columns, read back by col2im
	 * from L2 (whole slivers of 32 positions) */
	if (packed && p->rows > 0 && p->tile > 64) {
		int64_t t = ((int64_t)128 << 10) / p->rows / 32 * 32;

		if (t < 64)
			t = 64;
		if (t < p->tile)
			p->tile = t;
	}
	/* work items: images x groups x blocks of output channels, about
	 * CONVT_ITEMS when the layer is worth splitting (sizes only) */
	p->nmb = 1;
	p->mblk = p->Mg;
	if (p->N * p->group < CONVT_ITEMS && p->Mg > 1 &&
	    (double)p->rows * (double)p->Cg * (double)p->g.in_size >= CONVT_PAR_MIN) {
		p->nmb = (CONVT_ITEMS + p->N * p->group - 1) / (p->N * p->group);
		if (p->nmb > p->Mg)
			p->nmb = p->Mg;
		p->mblk = (p->Mg + p->nmb - 1) / p->nmb;
		/* packed: blocks of rows (mblk * k_size) start on whole panels */
		if (packed) {
			int64_t q = SG_MR, a = p->g.k_size % SG_MR, t;

			while (a) {    /* q = SG_MR / gcd(k_size, SG_MR) */
				t = q % a;
				q = a;
				a = t;
			}
			q = SG_MR / q;
			/* and at least 4 panels: each block copies X's slivers
			 * once for all its panels */
			if (p->mblk * p->g.k_size < 4 * SG_MR)
				p->mblk = (4 * SG_MR + p->g.k_size - 1) / p->g.k_size;
			p->mblk = (p->mblk + q - 1) / q * q;
			if (p->mblk > p->Mg)
				p->mblk = p->Mg;
		}
		p->nmb = (p->Mg + p->mblk - 1) / p->mblk;
	}
	p->slots = rt_parallel_slots(n);
	if (p->slots > p->N * p->group * p->nmb)
		p->slots = p->N * p->group * p->nmb;
	if (p->slots < 1)
		p->slots = 1;
	if (!rt_fits_int(p->rows, p->Cg, p->g.in_size) || !rt_fits_int(p->g.out_size, 0, 0))
		return rt_fail(n, err, ONNXC_ELIMIT, "convolution too large for BLAS int sizes");
	n->scratch_bytes = p->mode == RT_CONV_GEMM ?
				   (size_t)(p->slots * p->mblk * p->g.k_size * p->tile) * es : 0;
	/* W_g^T (rows x Cg) packed: W_g is Cg x rows */
	if (packed && (p->nmb == 1 || (p->mblk * p->g.k_size) % SG_MR == 0) &&
	    rt_conv_pack(n, p, w->data, p->rows, p->Cg, 1, err))
		return -1;
	n->params = onnxc_malloc(sizeof *p);
	if (!n->params) {
		onnxc_free(p->packed);
		return onnxc_oom(err);
	}
	memcpy(n->params, p, sizeof *p);
	n->free_params = free_convt;
	return 0;
}

static int exec_convt(rt_node *n, onnxc_err *err)
{
	const rt_convparams *p = n->params;
	const rt_tensor *b = n->n_in > 2 ? n->in[2] : NULL;
	const rt_act act = rt_act_of(n->ir);

	(void)err;
	if (!n->out[0]->numel)
		return 0;
	if (n->in[0]->dtype == IR_FLOAT)
		convt_run_f(n, p, n->in[0]->data, n->in[1]->data, b ? b->data : NULL, n->out[0]->data,
			    n->scratch, &act);
	else
		convt_run_d(n, p, n->in[0]->data, n->in[1]->data, b ? b->data : NULL, n->out[0]->data,
			    n->scratch, &act);
	return 0;
}

const rt_op rt_op_ConvTranspose = { prep_convt, exec_convt, 0 };
