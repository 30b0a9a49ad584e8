/*
 * k_misc_grid.c - GridSample (16).
 *
 * X [N, C, H, W] sampled at grid [N, Ho, Wo, 2] (x, y in [-1, 1]) into
 * Y [N, C, Ho, Wo], with PyTorch's grid_sample semantics:
 *   unnormalize  align_corners: (g + 1) / 2 * (size - 1)
 *                otherwise:     ((g + 1) * size - 1) / 2
 *   padding      zeros: taps outside the map read 0; border: coordinates
 *                clipped to [0, size - 1]; reflection: reflected at the
 *                borders (pixel centres with align_corners, else pixel
 *                edges) and then clipped
 *   mode         bilinear, nearest (round half to even) or bicubic
 *                (A = -0.75 on the 4x4 neighbourhood, the padding applied
 *                to each tap)
 * Types: X float16, float or double (Y alike); grid float16, float or
 * double.  Computed in double.  Non-finite grid values sample 0 with zeros
 * padding; border clips them (NaN to 0), reflection maps them to 0.
 */
#include <math.h>
#include <string.h>

#include "k_tensor_dm.h"

enum { GS_BILINEAR, GS_NEAREST, GS_BICUBIC };
enum { GS_ZEROS, GS_BORDER, GS_REFLECTION };

typedef struct gs_params {
	int mode, pad, align;
} gs_params;

static int float_type(int dt)
{
	return dt == IR_FLOAT || dt == IR_DOUBLE || dt == IR_FLOAT16;
}

/* prep_gs: validate types, shapes, mode and padding_mode; output
 * [N, C, Ho, Wo].  0 or -1. */
static int prep_gs(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x, *g;
	const char *mode = ir_attr_string(n->ir, "mode", "bilinear");
	const char *pad = ir_attr_string(n->ir, "padding_mode", "zeros");
	gs_params *p;
	int64_t dims[4];

	if (rt_dm_need(n, 2, err))
		return -1;
	x = n->in[0];
	g = n->in[1];
	if (!float_type(x->dtype) || !float_type(g->dtype))
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "X of type %s and grid of type %s: "
			       "float16, float and double are supported", ir_dtype_name(x->dtype),
			       ir_dtype_name(g->dtype));
	if (x->rank != 4 || g->rank != 4 || g->dims[0] != x->dims[0] || g->dims[3] != 2)
		return rt_fail(n, err, ONNXC_EINVAL, "needs X [N, C, H, W] and grid [N, Ho, Wo, 2]");
	p = onnxc_calloc(1, sizeof *p);
	if (!p)
		return onnxc_oom(err);
	n->params = p;
	if (!strcmp(mode, "bilinear"))
		p->mode = GS_BILINEAR;
	else if (!strcmp(mode, "nearest"))
		p->mode = GS_NEAREST;
	else if (!strcmp(mode, "bicubic"))
		p->mode = GS_BICUBIC;
	else
		return rt_fail(n, err, ONNXC_EINVAL, "mode '%s' is not bilinear, nearest or bicubic",
			       mode);
	if (!strcmp(pad, "zeros"))
		p->pad = GS_ZEROS;
	else if (!strcmp(pad, "border"))
		p->pad = GS_BORDER;
	else if (!strcmp(pad, "reflection"))
		p->pad = GS_REFLECTION;
	else
		return rt_fail(n, err, ONNXC_EINVAL, "padding_mode '%s' is not zeros, border or "
			       "reflection", pad);
	p->align = ir_attr_int(n->ir, "align_corners", 0) != 0;
	dims[0] = x->dims[0];
	dims[1] = x->dims[1];
	dims[2] = g->dims[1];
	dims[3] = g->dims[2];
	return rt_set_shape(n, n->out[0], x->dtype, 4, dims, err);
}

/* clip: into [0, size - 1]; NaN goes to 0. */
static double clip(double c, int64_t size)
{
	double hi = (double)(size - 1);

	return c > 0 ? (c < hi ? c : hi) : 0;
}

/* reflect: c reflected into [lo2 / 2, hi2 / 2] (PyTorch's
 * reflect_coordinates with doubled bounds). */
static double reflect(double c, double lo2, double hi2)
{
	double mn = lo2 / 2, span = (hi2 - lo2) / 2, extra, flips;

	if (lo2 == hi2 || !isfinite(c))
		return 0;
	c = fabs(c - mn);
	extra = fmod(c, span);
	flips = floor(c / span);
	return fmod(flips, 2) == 0 ? extra + mn : span - extra + mn;
}

/* pad_coord: apply the padding mode to a source coordinate. */
static double pad_coord(const gs_params *p, double c, int64_t size)
{
	if (p->pad == GS_BORDER)
		return clip(c, size);
	if (p->pad == GS_REFLECTION) {
		c = p->align ? reflect(c, 0, 2.0 * (double)(size - 1))
			     : reflect(c, -1, 2.0 * (double)size - 1);
		return clip(c, size);
	}
	return c;
}

/* pixel: the map value at integer-valued coordinates (x, y), 0 outside. */
static double pixel(const rt_tensor *x, int64_t off, int64_t h, int64_t w, double xx, double yy)
{
	if (!(xx >= 0 && xx < (double)w && yy >= 0 && yy < (double)h))
		return 0;
	return rt_get_f(x, off + (int64_t)yy * w + (int64_t)xx);
}

/* cubic: the A = -0.75 cubic convolution of v0..v3 at t in [0, 1). */
static double cubic(const double *v, double t)
{
	const double A = -0.75;
	double c[4], u = 1 - t;

	c[0] = ((A * (t + 1) - 5 * A) * (t + 1) + 8 * A) * (t + 1) - 4 * A;
	c[1] = ((A + 2) * t - (A + 3)) * t * t + 1;
	c[2] = ((A + 2) * u - (A + 3)) * u * u + 1;
	c[3] = ((A * (u + 1) - 5 * A) * (u + 1) + 8 * A) * (u + 1) - 4 * A;
	return c[0] * v[0] + c[1] * v[1] + c[2] * v[2] + c[3] * v[3];
}

/* sample: the value of map (n, c) (element offset off) at grid point
 * (gx, gy). */
static double sample(const gs_params *p, const rt_tensor *x, int64_t off, double gx, double gy)
{
	int64_t h = x->dims[2], w = x->dims[3];
	double ix, iy, x0, y0, tx, ty;
	int i, j;

	if (p->align) {
		ix = (gx + 1) / 2 * (double)(w - 1);
		iy = (gy + 1) / 2 * (double)(h - 1);
	} else {
		ix = ((gx + 1) * (double)w - 1) / 2;
		iy = ((gy + 1) * (double)h - 1) / 2;
	}
	if (p->mode == GS_BICUBIC) {
		double row[4], col[4];
		if (!isfinite(ix) || !isfinite(iy)) {
			if (p->pad == GS_ZEROS)
				return 0;
			ix = isfinite(ix) ? ix : 0;
			iy = isfinite(iy) ? iy : 0;
		}
		x0 = floor(ix);
		y0 = floor(iy);
		tx = ix - x0;
		ty = iy - y0;
		for (i = 0; i < 4; i++) {
			double yy = pad_coord(p, y0 - 1 + i, h);
			for (j = 0; j < 4; j++)
				row[j] = pixel(x, off, h, w, pad_coord(p, x0 - 1 + j, w), yy);
			col[i] = cubic(row, tx);
		}
		return cubic(col, ty);
	}
	ix = pad_coord(p, ix, w);
	iy = pad_coord(p, iy, h);
	if (!isfinite(ix) || !isfinite(iy))
		return 0;     /* only with zeros padding: the others map into the map */
	if (p->mode == GS_NEAREST)
		return pixel(x, off, h, w, nearbyint(ix), nearbyint(iy));
	x0 = floor(ix);
	y0 = floor(iy);
	tx = ix - x0;
	ty = iy - y0;
	return (1 - ty) * ((1 - tx) * pixel(x, off, h, w, x0, y0) + tx * pixel(x, off, h, w, x0 + 1, y0)) +
	       ty * ((1 - tx) * pixel(x, off, h, w, x0, y0 + 1) +
		     tx * pixel(x, off, h, w, x0 + 1, y0 + 1));
}

/* exec_gs: one sample per (image, channel, grid point).  Returns 0. */
static int exec_gs(rt_node *n, onnxc_err *err)
{
	const gs_params *p = n->params;
	const rt_tensor *x = n->in[0], *g = n->in[1];
	rt_tensor *y = n->out[0];
	int64_t N = x->dims[0], C = x->dims[1], HW = x->dims[2] * x->dims[3];
	int64_t P = g->dims[1] * g->dims[2], b, c, k, yi = 0;

	(void)err;
	for (b = 0; b < N; b++)
		for (c = 0; c < C; c++)
			for (k = 0; k < P; k++, yi++) {
				int64_t gi = (b * P + k) * 2;
				rt_put_f(y, yi, sample(p, x, (b * C + c) * HW, rt_get_f(g, gi),
						       rt_get_f(g, gi + 1)));
			}
	return 0;
}

const rt_op rt_op_GridSample = { prep_gs, exec_gs, 0 };
