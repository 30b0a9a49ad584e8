/*
 * k_conv.c - Conv (opsets 1 and 11), float and double, 1-D to 6-D.
 *
 * Y[n, m] = B[m] + sum over c in m's group and the kernel window of
 * W[m, c, k] * X[n, c, out*stride - pad + k*dilation].  Computed per image
 * and group as W_g x im2col(X_g) with OpenBLAS (single-threaded), the
 * column matrix built in tiles of output positions (about 512 KiB each);
 * 1x1 convs with stride 1 and no pads multiply X directly; depthwise
 * 1-D/2-D layers (group == C == M) use direct loops (AVX-512 or AVX2 for
 * float when the CPU has it, k_conv_dw.c); float 3x3 stride-1 layers with
 * 16+ channels in and out and constant weights use Winograd F(2x2, 3x3)
 * (k_conv_wino.c).  The work is split into items chosen from
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

#define T float
#define FN(x) x##_f
#define GEMM cblas_sgemm
#include "k_conv_tmpl.h"
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

/* wino_ok: a float 2-D Conv with group 1, a 3x3 kernel, stride and
 * dilation 1 and constant weights (Winograd F(2x2, 3x3) applies). */
static int wino_ok(const rt_convparams *p, const rt_tensor *x, const rt_tensor *w)
{
	int d;

	if (x->dtype != IR_FLOAT || p->g.nsp != 2 || p->group != 1 || !w->is_const || !w->data)
		return 0;
	for (d = 0; d < 2; d++)
		if (p->g.k[d] != 3 || p->g.stride[d] != 1 || p->g.dil[d] != 1)
			return 0;
	return 1;
}

/* free_conv: n->params and its Winograd filters. */
static void free_conv(void *params)
{
	rt_convparams *p = params;

	rt_wino_free(p->wino);
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
	n->scratch_bytes = p->mode == RT_CONV_GEMM ? (size_t)(p->slots * p->rows * p->tile) * es :
			   p->simd ? (size_t)(p->slots * p->dw_pad) * es : 0;
	if (wino_ok(p, x, w)) {
		size_t scratch;

		p->wino = rt_wino_new(n, p->N, p->C, p->g.in[0], p->g.in[1], p->M, p->g.out[0],
				      p->g.out[1], p->g.pad0[0], p->g.pad0[1], w->data,
				      rt_parallel_slots(n), &scratch, err);
		if (!p->wino && err->code)
			return -1;
		if (p->wino)
			n->scratch_bytes = scratch;
	}
	n->params = onnxc_malloc(sizeof *p);
	if (!n->params) {
		rt_wino_free(p->wino);
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
	if (p->wino)
		rt_wino_run(n, p->wino, n->in[0]->data, b ? b->data : NULL, n->out[0]->data,
			    n->scratch, &act);
	else if (n->in[0]->dtype == IR_FLOAT)
		conv_run_f(n, p, n->in[0]->data, n->in[1]->data, b ? b->data : NULL, n->out[0]->data,
			   n->scratch, &act);
	else
		conv_run_d(n, p, n->in[0]->data, n->in[1]->data, b ? b->data : NULL, n->out[0]->data,
			   n->scratch, &act);
	return 0;
}

const rt_op rt_op_Conv = { prep_conv, exec_conv, 0 };
