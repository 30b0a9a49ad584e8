/*
 * k_misc.c - MaxUnpool (9, 11) and ReverseSequence (10).
 *
 * MaxUnpool: X [N, C, D1..Dk] and indices I (int64, X's shape) as MaxPool
 * makes them: positions in the whole tensor flattened in C order.  The
 * unpooled shape is inferred from kernel_shape (required), strides (1) and
 * pads (0): (D - 1) * stride - pad_begin - pad_end + kernel.  Output zeros
 * with Y[I[i]] = X[i] (the last of equal indices wins).  The optional
 * output_shape input (needed at prepare, so rt_need_const) sets a larger
 * output; indices keep addressing the inferred shape and each lands at the
 * same coordinates in the output, the extra space going at the end of each
 * axis (as the ONNX backend test test_maxunpool_export_with_output_shape
 * expects).  An index outside the inferred shape, or whose coordinates do
 * not fit output_shape, is an error at exec.  Any fixed-size element type
 * (the schema: float16, float, double).
 *
 * ReverseSequence: input [T, B, ...] (time_axis 0, batch_axis 1, the
 * defaults) or [B, T, ...] (time_axis 1, batch_axis 0); sequence_lens
 * int64 [B].  Batch b's first sequence_lens[b] steps are reversed, the rest
 * copied.  A length outside [0, T] is an error at exec.  Any fixed-size
 * element type (strings refused).
 */
#include <string.h>

#include "k_conv_geom.h"
#include "k_tensor_dm.h"

/* ---- MaxUnpool ---- */

typedef struct unpool_params {
	int rank;
	int64_t inferred[RT_MAXRANK];   /* the shape indices address */
	int64_t inferred_numel;
} unpool_params;

/* prep_unpool: validate, infer the unpooled shape from the window
 * attributes (shared k_conv_geom.h rules), take output_shape (needed at
 * prepare) when given.  0 or -1. */
static int prep_unpool(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x, *ix;
	int64_t k[RT_MAXSP], ydims[RT_MAXRANK];
	unpool_params *p;
	rt_convgeom g;
	int nsp, i, has, cnt;

	if (rt_dm_need(n, 2, err))
		return -1;
	x = n->in[0];
	ix = n->in[1];
	if (rt_dm_dtype(n, x, "X", err))
		return -1;
	if (ix->dtype != IR_INT64)
		return rt_fail(n, err, ONNXC_EINVAL, "I must be int64, not %s",
			       ir_dtype_name(ix->dtype));
	if (x->rank < 3)
		return rt_fail(n, err, ONNXC_EINVAL, "X must be N x C x D1 ..., not rank %d", x->rank);
	if (ix->rank != x->rank || memcmp(ix->dims, x->dims, sizeof(int64_t) * (size_t)x->rank))
		return rt_fail(n, err, ONNXC_EINVAL, "I must have the shape of X");
	nsp = x->rank - 2;
	has = rt_convgeom_kernel_attr(n, nsp, k, err);
	if (has < 0)
		return -1;
	if (!has)
		return rt_fail(n, err, ONNXC_EINVAL, "kernel_shape is required");
	if (rt_convgeom_attrs(n, nsp, x->dims + 2, k, 0, &g, err))
		return -1;
	p = onnxc_calloc(1, sizeof *p);
	if (!p)
		return onnxc_oom(err);
	n->params = p;
	p->rank = x->rank;
	p->inferred[0] = x->dims[0];
	p->inferred[1] = x->dims[1];
	for (i = 0; i < nsp; i++) {
		int64_t d = (x->dims[2 + i] - 1) * g.stride[i] - g.pad0[i] - g.pad1[i] + g.k[i];
		if (d < 1)
			return rt_fail(n, err, ONNXC_EINVAL, "spatial dim %d unpools to %lld", i,
				       (long long)d);
		p->inferred[2 + i] = d;
	}
	memcpy(ydims, p->inferred, sizeof ydims);
	if (RT_DM_IN(n, 2)) {
		if (rt_in_ints(n, 2, ydims, RT_MAXRANK, &cnt, err))
			return -1;
		if (cnt != x->rank)
			return rt_fail(n, err, ONNXC_EINVAL, "output_shape has %d values, needs %d",
				       cnt, x->rank);
		if (ydims[0] != x->dims[0] || ydims[1] != x->dims[1])
			return rt_fail(n, err, ONNXC_EINVAL, "output_shape must keep N and C of X");
		for (i = 2; i < x->rank; i++)
			if (ydims[i] < 1)
				return rt_fail(n, err, ONNXC_EINVAL, "output_shape[%d] is %lld", i,
					       (long long)ydims[i]);
	}
	if (rt_set_shape(n, n->out[0], x->dtype, x->rank, ydims, err))
		return -1;
	p->inferred_numel = rt_numel(x->rank, p->inferred);
	if (p->inferred_numel < 0)
		return rt_fail(n, err, ONNXC_ELIMIT, "the unpooled shape is too large");
	return 0;
}

/* exec_unpool: zero the output, then scatter X to the positions of I
 * (decoded in the inferred shape).  0, or -1 for a bad index. */
static int exec_unpool(rt_node *n, onnxc_err *err)
{
	const unpool_params *p = n->params;
	const rt_tensor *x = n->in[0];
	const int64_t *ix = n->in[1]->data;
	rt_tensor *y = n->out[0];
	size_t es = ir_dtype_size(x->dtype);
	int64_t i;
	int d;

	memset(y->data, 0, y->nbytes);
	for (i = 0; i < x->numel; i++) {
		int64_t idx = ix[i], r = idx, o = 0, mul = 1;
		if (idx < 0 || idx >= p->inferred_numel)
			return rt_fail(n, err, ONNXC_EINVAL, "index %lld at %lld is outside [0, %lld)",
				       (long long)idx, (long long)i, (long long)p->inferred_numel);
		for (d = p->rank - 1; d >= 0; d--) {
			int64_t c = r % p->inferred[d];
			r /= p->inferred[d];
			if (c >= y->dims[d])
				return rt_fail(n, err, ONNXC_EINVAL, "index %lld does not fit the "
					       "output shape", (long long)idx);
			o += c * mul;
			mul *= y->dims[d];
		}
		memcpy((char *)y->data + (size_t)o * es, (const char *)x->data + (size_t)i * es, es);
	}
	return 0;
}

const rt_op rt_op_MaxUnpool = { prep_unpool, exec_unpool, 0 };

/* ---- ReverseSequence ---- */

/* prep_revseq: validate axes and sequence_lens; output = input shape.
 * 0 or -1. */
static int prep_revseq(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x, *sl;
	int64_t ba = ir_attr_int(n->ir, "batch_axis", 1), ta = ir_attr_int(n->ir, "time_axis", 0);

	if (rt_dm_need(n, 2, err))
		return -1;
	x = n->in[0];
	sl = n->in[1];
	if (rt_dm_dtype(n, x, "input", err))
		return -1;
	if (x->rank < 2)
		return rt_fail(n, err, ONNXC_EINVAL, "input must have rank >= 2, not %d", x->rank);
	if (!((ba == 0 && ta == 1) || (ba == 1 && ta == 0)))
		return rt_fail(n, err, ONNXC_EINVAL, "batch_axis %lld and time_axis %lld must be 0 "
			       "and 1 in some order", (long long)ba, (long long)ta);
	if (sl->dtype != IR_INT64 || sl->rank != 1 || sl->dims[0] != x->dims[ba])
		return rt_fail(n, err, ONNXC_EINVAL, "sequence_lens must be int64 [%lld]",
			       (long long)x->dims[ba]);
	return rt_set_shape(n, n->out[0], x->dtype, x->rank, x->dims, err);
}

/* exec_revseq: copy [time, batch] blocks, reversed within each length.
 * 0, or -1 for a length outside [0, T]. */
static int exec_revseq(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x = n->in[0];
	const int64_t *sl = n->in[1]->data;
	int tfirst = ir_attr_int(n->ir, "time_axis", 0) == 0;
	int64_t T = x->dims[tfirst ? 0 : 1], B = x->dims[tfirst ? 1 : 0], b, t;
	size_t blk = ir_dtype_size(x->dtype) * (size_t)rt_numel(x->rank - 2, x->dims + 2);
	const char *xs = x->data;
	char *ys = n->out[0]->data;

	for (b = 0; b < B; b++)
		if (sl[b] < 0 || sl[b] > T)
			return rt_fail(n, err, ONNXC_EINVAL, "sequence_lens[%lld] = %lld is outside "
				       "[0, %lld]", (long long)b, (long long)sl[b], (long long)T);
	for (b = 0; b < B; b++)
		for (t = 0; t < T; t++) {
			int64_t st = t < sl[b] ? sl[b] - 1 - t : t;
			int64_t yo = tfirst ? t * B + b : b * T + t;
			int64_t xo = tfirst ? st * B + b : b * T + st;
			if (blk)
				memcpy(ys + (size_t)yo * blk, xs + (size_t)xo * blk, blk);
		}
	return 0;
}

const rt_op rt_op_ReverseSequence = { prep_revseq, exec_revseq, 0 };
