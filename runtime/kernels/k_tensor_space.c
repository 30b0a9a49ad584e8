/*
 * k_tensor_space.c - DepthToSpace and SpaceToDepth as strided views of the
 * NCHW input (k_tensor_dm.h).
 */
#include <string.h>

#include "k_tensor_dm.h"

/* space_args: the rank-4 input, its dims and a positive blocksize. */
static int space_args(rt_node *n, const rt_tensor **x, int64_t *b, onnxc_err *err)
{
	if (rt_dm_need(n, 1, err))
		return -1;
	*x = n->in[0];
	if (rt_dm_dtype(n, *x, "input", err))
		return -1;
	if ((*x)->rank != 4)
		return rt_fail(n, err, ONNXC_EINVAL, "input must be 4-D (NCHW), not rank %d",
			       (*x)->rank);
	if (!ir_attr_get(n->ir, "blocksize"))
		return rt_fail(n, err, ONNXC_EINVAL, "attribute 'blocksize' is missing");
	*b = ir_attr_int(n->ir, "blocksize", 0);
	if (*b < 1 || *b > (int64_t)1 << 16)
		return rt_fail(n, err, ONNXC_EINVAL, "blocksize %lld is invalid", (long long)*b);
	return 0;
}

/* set_view: fill v with rank-6 dims/strides. */
static void set_view(rt_dm_view *v, const int64_t *dims, const int64_t *strides)
{
	v->rank = 6;
	memcpy(v->dims, dims, 6 * sizeof(int64_t));
	memcpy(v->strides, strides, 6 * sizeof(int64_t));
	v->offset = 0;
}

/* prep_d2s: [N, C, H, W] -> [N, C/b^2, H*b, W*b]; the channel is read as
 * (b1, b2, c) in DCR mode (default) and (c, b1, b2) in CRD mode (v11+). */
static int prep_d2s(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x;
	const char *mode = "DCR";
	int64_t b, N, C, H, W, c, dims[6], st[6], out[4];
	rt_dm_view *v;

	if (space_args(n, &x, &b, err))
		return -1;
	if (n->ir->since_version >= 11)
		mode = ir_attr_string(n->ir, "mode", "DCR");
	N = x->dims[0], C = x->dims[1], H = x->dims[2], W = x->dims[3];
	if (C % (b * b))
		return rt_fail(n, err, ONNXC_EINVAL, "channels %lld not divisible by blocksize^2 %lld",
			       (long long)C, (long long)(b * b));
	c = C / (b * b);
	/* output viewed as [N, c, H, b1, W, b2] */
	dims[0] = N, dims[1] = c, dims[2] = H, dims[3] = b, dims[4] = W, dims[5] = b;
	st[0] = C * H * W, st[2] = W, st[4] = 1;
	if (!strcmp(mode, "DCR")) {
		st[3] = b * c * H * W, st[5] = c * H * W, st[1] = H * W;
	} else if (!strcmp(mode, "CRD")) {
		st[1] = b * b * H * W, st[3] = b * H * W, st[5] = H * W;
	} else {
		return rt_fail(n, err, ONNXC_EINVAL, "mode '%s' is not DCR or CRD", mode);
	}
	if (!(v = rt_dm_view_params(n, err)))
		return -1;
	set_view(v, dims, st);
	out[0] = N, out[1] = c, out[2] = H * b, out[3] = W * b;
	return rt_set_shape(n, n->out[0], x->dtype, 4, out, err);
}

const rt_op rt_op_DepthToSpace = { prep_d2s, rt_dm_view_exec, 0 };

/* prep_s2d: [N, C, H, W] -> [N, C*b^2, H/b, W/b], channel order (b1, b2, c). */
static int prep_s2d(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x;
	int64_t b, N, C, H, W, dims[6], st[6], out[4];
	rt_dm_view *v;

	if (space_args(n, &x, &b, err))
		return -1;
	N = x->dims[0], C = x->dims[1], H = x->dims[2], W = x->dims[3];
	if (H % b || W % b)
		return rt_fail(n, err, ONNXC_EINVAL, "H %lld and W %lld must be multiples of %lld",
			       (long long)H, (long long)W, (long long)b);
	/* output viewed as [N, b1, b2, C, H/b, W/b] over input [N, C, H/b, b1, W/b, b2] */
	dims[0] = N, dims[1] = b, dims[2] = b, dims[3] = C, dims[4] = H / b, dims[5] = W / b;
	st[0] = C * H * W, st[1] = W, st[2] = 1, st[3] = H * W, st[4] = b * W, st[5] = b;
	if (!(v = rt_dm_view_params(n, err)))
		return -1;
	set_view(v, dims, st);
	out[0] = N, out[1] = C * b * b, out[2] = H / b, out[3] = W / b;
	return rt_set_shape(n, n->out[0], x->dtype, 4, out, err);
}

const rt_op rt_op_SpaceToDepth = { prep_s2d, rt_dm_view_exec, 0 };
