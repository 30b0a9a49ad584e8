/*
 * k_resize.c - Resize (10, 11, 13) and Upsample (1, 7, 9, 10).
 *
 * prep decodes the attributes and the constant scales/sizes/roi inputs,
 * fixes the output shape and precomputes, per axis, the input taps and
 * weights of every output index (the ONNX reference's interpolate_nd:
 * nearest = 1 tap, linear = 2, cubic = 4; edge-clamped indices; optional
 * exclude_outside renormalisation; tf_crop_and_resize flags the outputs that
 * fall outside the input and get extrapolation_value).
 *
 * exec: nearest is one N-D gather through per-axis offset tables (any
 * fixed-size element type).  linear/cubic are separable: one 1-D pass per
 * axis that actually changes (2 or 4 taps), done in float (double for
 * double data) through two ping-pong scratch buffers, shrinking axes first.
 * The gather and each pass are split over output rows on the session's
 * threads.
 *
 * Opset differences: Resize-10, Upsample-* use "asymmetric" coordinates and
 * the legacy nearest rounding (floor when upsampling, ceil when
 * downsampling, as onnxruntime does).  Upsample-1 takes height_scale and
 * width_scale of a 4-D input; Upsample-7 the scales attribute; Upsample-9/10
 * and Resize-10 a scales input.
 */
#include <math.h>
#include <string.h>

#include "rt.h"

enum { RZ_NEAREST, RZ_LINEAR, RZ_CUBIC };
enum { CT_HALF_PIXEL, CT_PYTORCH_HALF_PIXEL, CT_ALIGN_CORNERS, CT_ASYMMETRIC, CT_TF_HALF_PIXEL_NN,
       CT_TF_CROP_AND_RESIZE };
enum { NM_ROUND_PREFER_FLOOR, NM_ROUND_PREFER_CEIL, NM_FLOOR, NM_CEIL, NM_LEGACY };

/* decoded attributes */
typedef struct rz_cfg {
	int mode, ctm, nearest;
	double cubic_a, extrap;
	int exclude_outside;
} rz_cfg;

/* the taps of one axis */
typedef struct rz_axis {
	int64_t in, out;
	int taps;              /* 1 nearest, 2 linear, 4 cubic */
	int identity;          /* output o reads input o with weight 1 */
	int64_t *idx;          /* out*taps input indices; nearest: times the input stride */
	float *wf;             /* out*taps weights (float path) */
	double *wd;            /* the same in double */
	uint8_t *outside;      /* out flags (tf_crop_and_resize), NULL when none */
} rz_axis;

typedef struct rz_params {
	int rank, mode, dtype, work_double, npass, has_outside;
	size_t esize;
	int64_t in_dims[RT_MAXRANK], out_dims[RT_MAXRANK];
	int order[RT_MAXRANK];     /* axes with a pass, in execution order */
	int64_t stage_max;         /* elements of the largest working buffer */
	unsigned char extrap[16];  /* extrapolation_value in the element type */
	rz_axis ax[RT_MAXRANK];
} rz_params;

static const rt_tensor *in_opt(const rt_node *n, int k)
{
	return k < n->n_in ? n->in[k] : NULL;
}

/* parse_cfg: decode the attributes for this op/version into c. 0 or -1. */
static int parse_cfg(rt_node *n, int is_upsample, rz_cfg *c, onnxc_err *err)
{
	const ir_node *ir = n->ir;
	int v = ir->since_version;
	const char *s = ir_attr_string(ir, "mode", "nearest");

	memset(c, 0, sizeof *c);
	if (!strcmp(s, "nearest"))
		c->mode = RZ_NEAREST;
	else if (!strcmp(s, "linear") || (is_upsample && !strcmp(s, "bilinear")))
		c->mode = RZ_LINEAR;
	else if (!is_upsample && v >= 11 && !strcmp(s, "cubic"))
		c->mode = RZ_CUBIC;
	else
		return rt_fail(n, err, ONNXC_EINVAL, "unknown mode '%s'", s);
	if (is_upsample || v < 11) {
		c->ctm = CT_ASYMMETRIC;
		c->nearest = NM_LEGACY;
		return 0;
	}
	s = ir_attr_string(ir, "coordinate_transformation_mode", "half_pixel");
	if (!strcmp(s, "half_pixel"))
		c->ctm = CT_HALF_PIXEL;
	else if (!strcmp(s, "pytorch_half_pixel"))
		c->ctm = CT_PYTORCH_HALF_PIXEL;
	else if (!strcmp(s, "align_corners"))
		c->ctm = CT_ALIGN_CORNERS;
	else if (!strcmp(s, "asymmetric"))
		c->ctm = CT_ASYMMETRIC;
	else if (!strcmp(s, "tf_half_pixel_for_nearest") || !strcmp(s, "tf_half_pixel_for_nn"))
		c->ctm = CT_TF_HALF_PIXEL_NN;
	else if (!strcmp(s, "tf_crop_and_resize"))
		c->ctm = CT_TF_CROP_AND_RESIZE;
	else
		return rt_fail(n, err, ONNXC_EINVAL, "unknown coordinate_transformation_mode '%s'", s);
	s = ir_attr_string(ir, "nearest_mode", "round_prefer_floor");
	if (!strcmp(s, "round_prefer_floor"))
		c->nearest = NM_ROUND_PREFER_FLOOR;
	else if (!strcmp(s, "round_prefer_ceil"))
		c->nearest = NM_ROUND_PREFER_CEIL;
	else if (!strcmp(s, "floor"))
		c->nearest = NM_FLOOR;
	else if (!strcmp(s, "ceil"))
		c->nearest = NM_CEIL;
	else
		return rt_fail(n, err, ONNXC_EINVAL, "unknown nearest_mode '%s'", s);
	c->cubic_a = ir_attr_float(ir, "cubic_coeff_a", -0.75f);
	c->exclude_outside = ir_attr_int(ir, "exclude_outside", 0) != 0;
	c->extrap = ir_attr_float(ir, "extrapolation_value", 0.0f);
	return 0;
}

/* read_scales: the constant float tensor t (rank entries) into sc. 0 or -1. */
static int read_scales(rt_node *n, const rt_tensor *t, int rank, double *sc, onnxc_err *err)
{
	int64_t i;

	if (!t->is_const) {
		rt_need_value(n, t);
		return rt_fail(n, err, ONNXC_EUNSUPPORTED,
				       "scales ('%s') must be known when the model is prepared",
				       t->ir ? t->ir->name : "?");
	}
	if (t->dtype != IR_FLOAT && t->dtype != IR_DOUBLE && t->dtype != IR_FLOAT16)
		return rt_fail(n, err, ONNXC_EINVAL, "scales must be float, not %s",
			       ir_dtype_name(t->dtype));
	if (t->numel != rank)
		return rt_fail(n, err, ONNXC_EINVAL, "%lld scales for an input of rank %d",
			       (long long)t->numel, rank);
	for (i = 0; i < rank; i++)
		sc[i] = rt_get_f(t, i);
	return 0;
}

/* get_geometry: scales or sizes, and the roi, for every axis: fills sc
 * (scale per axis), out (output dims), roi (2*rank: starts, ends) and
 * len (the "length_resized" of the coordinate formulas).  0 or -1. */
static int get_geometry(rt_node *n, int is_upsample, const rz_cfg *c, double *sc, int64_t *out,
			double *roi, double *len, onnxc_err *err)
{
	const rt_tensor *x = n->in[0];
	const rt_tensor *troi = NULL, *tsc = NULL, *tsz = NULL;
	int v = n->ir->since_version, rank = x->rank, i, cnt;
	int have_sizes = 0;

	for (i = 0; i < rank; i++) {
		roi[i] = 0;
		roi[rank + i] = 1;
	}
	if (is_upsample && v == 1) {
		if (rank != 4)
			return rt_fail(n, err, ONNXC_EINVAL, "input must be 4-D, not rank %d", rank);
		if (!ir_attr_get(n->ir, "height_scale") || !ir_attr_get(n->ir, "width_scale"))
			return rt_fail(n, err, ONNXC_EINVAL, "height_scale and width_scale are required");
		sc[0] = sc[1] = 1;
		sc[2] = ir_attr_float(n->ir, "height_scale", 1);
		sc[3] = ir_attr_float(n->ir, "width_scale", 1);
	} else if (is_upsample && v == 7) {
		const float *f = ir_attr_floats(n->ir, "scales", &cnt);
		if (!f)
			return rt_fail(n, err, ONNXC_EINVAL, "attribute scales is required");
		if (cnt != rank)
			return rt_fail(n, err, ONNXC_EINVAL, "%d scales for an input of rank %d", cnt,
				       rank);
		for (i = 0; i < rank; i++)
			sc[i] = f[i];
	} else if (is_upsample || v == 10) {
		tsc = in_opt(n, 1);
		if (!tsc)
			return rt_fail(n, err, ONNXC_EINVAL, "input scales is missing");
		if (read_scales(n, tsc, rank, sc, err))
			return -1;
	} else {
		troi = in_opt(n, 1);
		tsc = in_opt(n, 2);
		tsz = in_opt(n, 3);
		if (tsc && tsc->numel == 0)
			tsc = NULL;
		if (tsz && tsz->numel == 0)
			tsz = NULL;
		if (tsc && tsz)
			return rt_fail(n, err, ONNXC_EINVAL, "both scales and sizes are given");
		if (!tsc && !tsz)
			return rt_fail(n, err, ONNXC_EINVAL, "neither scales nor sizes is given");
		if (tsc && read_scales(n, tsc, rank, sc, err))
			return -1;
		if (tsz) {
			if (rt_in_ints(n, 3, out, RT_MAXRANK, &cnt, err))
				return -1;
			if (cnt != rank)
				return rt_fail(n, err, ONNXC_EINVAL, "%d sizes for an input of rank %d",
					       cnt, rank);
			have_sizes = 1;
		}
		if (c->ctm == CT_TF_CROP_AND_RESIZE) {
			if (!troi || troi->numel == 0)
				return rt_fail(n, err, ONNXC_EINVAL,
					       "tf_crop_and_resize needs the roi input");
			if (!troi->is_const) {
				rt_need_value(n, troi);
				return rt_fail(n, err, ONNXC_EUNSUPPORTED,
						       "roi ('%s') must be known when the model is prepared",
						       troi->ir ? troi->ir->name : "?");
			}
			if (troi->numel != 2 * rank)
				return rt_fail(n, err, ONNXC_EINVAL,
					       "roi has %lld values, expected %d",
					       (long long)troi->numel, 2 * rank);
			if (troi->dtype != IR_FLOAT && troi->dtype != IR_DOUBLE &&
			    troi->dtype != IR_FLOAT16)
				return rt_fail(n, err, ONNXC_EINVAL, "roi must be float, not %s",
					       ir_dtype_name(troi->dtype));
			for (i = 0; i < 2 * rank; i++)
				roi[i] = rt_get_f(troi, i);
		}
	}
	for (i = 0; i < rank; i++) {
		int64_t in = x->dims[i];
		if (have_sizes) {
			if (out[i] < 0)
				return rt_fail(n, err, ONNXC_EINVAL, "sizes[%d] is negative", i);
			sc[i] = in ? (double)out[i] / (double)in : 1;
			len[i] = (double)out[i];
		} else {
			double ext = c->ctm == CT_TF_CROP_AND_RESIZE ? roi[rank + i] - roi[i] : 1;
			if (!(sc[i] > 0) || isinf(sc[i]))
				return rt_fail(n, err, ONNXC_EINVAL, "scale %g of axis %d is not positive",
					       sc[i], i);
			len[i] = (double)in * ext * sc[i];
			if (!(len[i] >= 0) || len[i] > 9.0e15)
				return rt_fail(n, err, ONNXC_EINVAL, "output length of axis %d is invalid",
					       i);
			out[i] = (int64_t)floor(len[i]);
		}
		if (in == 0 && out[i] > 0)
			return rt_fail(n, err, ONNXC_EINVAL, "axis %d is empty and cannot be resized to %lld",
				       i, (long long)out[i]);
	}
	return 0;
}

/* coord: the input coordinate of output index x on one axis. */
static double coord(const rz_cfg *c, double x, double scale, int64_t in, double len, double r0,
		    double r1)
{
	switch (c->ctm) {
	case CT_HALF_PIXEL:
		return (x + 0.5) / scale - 0.5;
	case CT_PYTORCH_HALF_PIXEL:
		return len > 1 ? (x + 0.5) / scale - 0.5 : 0;
	case CT_ALIGN_CORNERS:
		return len == 1 ? 0 : x * (double)(in - 1) / (len - 1);
	case CT_TF_HALF_PIXEL_NN:
		return (x + 0.5) / scale;
	case CT_TF_CROP_AND_RESIZE:
		if (len > 1)
			return r0 * (double)(in - 1) + x * (r1 - r0) * (double)(in - 1) / (len - 1);
		return 0.5 * (r0 + r1) * (double)(in - 1);
	default:
		return x / scale;
	}
}

static int64_t clampi(int64_t i, int64_t n)
{
	return i < 0 ? 0 : i >= n ? n - 1 : i;
}

/* nearest_index: the input index nearest to coordinate xo. */
static int64_t nearest_index(const rz_cfg *c, double xo, double scale)
{
	double fl = floor(xo), r = xo - fl;

	if (c->nearest == NM_LEGACY)
		return (int64_t)(scale < 1 ? ceil(xo) : fl);
	if (r == 0)
		return (int64_t)fl;
	switch (c->nearest) {
	case NM_ROUND_PREFER_FLOOR: return (int64_t)fl + (r > 0.5);
	case NM_ROUND_PREFER_CEIL: return (int64_t)fl + (r >= 0.5);
	case NM_FLOOR: return (int64_t)fl;
	default: return (int64_t)fl + 1;
	}
}

static void cubic_coeffs(double r, double A, double *w)
{
	double s = r + 1, t = 1 - r, u = 2 - r;

	w[0] = ((A * s - 5 * A) * s + 8 * A) * s - 4 * A;
	w[1] = ((A + 2) * r - (A + 3)) * r * r + 1;
	w[2] = ((A + 2) * t - (A + 3)) * t * t + 1;
	w[3] = ((A * u - 5 * A) * u + 8 * A) * u - 4 * A;
}

/* build_axis: fill the tap tables of axis a (in/out/taps and storage set).
 * stride: the input stride of the axis (nearest tables hold offsets).
 * Returns 1 when some output lies outside the roi, else 0. */
static int build_axis(const rz_cfg *c, rz_axis *a, double scale, double len, double r0, double r1,
		      int64_t stride)
{
	int64_t o, in = a->in;
	int t, T = a->taps, any_out = 0;

	a->identity = a->in == a->out;
	for (o = 0; o < a->out; o++) {
		double xo = coord(c, (double)o, scale, in, len, r0, r1), w[4], sum;
		int64_t *ix = a->idx + o * T, base;
		double *wd = a->wd + o * T;

		if (c->ctm == CT_TF_CROP_AND_RESIZE && !(xo >= 0 && xo <= (double)(in - 1))) {
			a->outside[o] = 1;
			any_out = 1;
			a->identity = 0;
			for (t = 0; t < T; t++) {
				ix[t] = 0;
				wd[t] = 0;
				a->wf[o * T + t] = 0;
			}
			continue;
		}
		if (a->outside)
			a->outside[o] = 0;
		if (c->mode == RZ_NEAREST) {
			ix[0] = clampi(nearest_index(c, xo, scale), in);
			wd[0] = 1;
			a->wf[o] = 1;
			if (ix[0] != o)
				a->identity = 0;
			ix[0] *= stride;
			continue;
		}
		base = (int64_t)floor(xo);
		if (c->mode == RZ_LINEAR) {
			w[0] = 1 - (xo - (double)base);
			w[1] = xo - (double)base;
		} else {
			cubic_coeffs(xo - (double)base, c->cubic_a, w);
			base -= 1;
		}
		if (c->exclude_outside) {
			sum = 0;
			for (t = 0; t < T; t++) {
				if (base + t < 0 || base + t >= in)
					w[t] = 0;
				sum += w[t];
			}
			if (sum != 0)
				for (t = 0; t < T; t++)
					w[t] /= sum;
		}
		sum = 0;
		for (t = 0; t < T; t++) {
			ix[t] = clampi(base + t, in);
			wd[t] = w[t];
			a->wf[o * T + t] = (float)w[t];
			if (ix[t] == o)
				sum += w[t];
			else if (w[t] != 0)
				a->identity = 0;
		}
		if (sum != 1)
			a->identity = 0;
	}
	return any_out;
}

/* plan_passes: order the axes that need a pass (smallest result first) and
 * size the working buffers. */
static void plan_passes(rz_params *p)
{
	int64_t cur[RT_MAXRANK], numel = rt_numel(p->rank, p->in_dims), best_n;
	int used[RT_MAXRANK] = { 0 }, i, best;

	memcpy(cur, p->in_dims, sizeof cur);
	p->stage_max = numel > rt_numel(p->rank, p->out_dims) ? numel : rt_numel(p->rank, p->out_dims);
	p->npass = 0;
	for (;;) {
		best = -1;
		best_n = 0;
		for (i = 0; i < p->rank; i++) {
			int64_t nn;
			if (used[i] || p->ax[i].identity)
				continue;
			nn = cur[i] ? numel / cur[i] * p->out_dims[i] : 0;
			/* ties: the later axis first, so that the last axis
			 * (one element per row, no vector loop) works on the
			 * smaller tensor */
			if (best < 0 || nn <= best_n) {
				best = i;
				best_n = nn;
			}
		}
		if (best < 0)
			break;
		used[best] = 1;
		p->order[p->npass++] = best;
		cur[best] = p->out_dims[best];
		numel = best_n;
		if (numel > p->stage_max)
			p->stage_max = numel;
	}
}

/* prep_common: shared prep of Resize and Upsample: attributes, geometry,
 * output shape, the per-axis tables (one params block) and the scratch of
 * the separable passes.  0 or -1. */
static int prep_common(rt_node *n, int is_upsample, onnxc_err *err)
{
	const rt_tensor *x = n->in[0];
	double sc[RT_MAXRANK], roi[2 * RT_MAXRANK], len[RT_MAXRANK];
	int64_t out[RT_MAXRANK], stride[RT_MAXRANK];
	size_t total, es;
	rz_params *p;
	unsigned char *mem;
	rz_cfg c;
	int i, any_out = 0, T;

	if (!x)
		return rt_fail(n, err, ONNXC_EINVAL, "input X is missing");
	if (parse_cfg(n, is_upsample, &c, err))
		return -1;
	es = ir_dtype_size(x->dtype);
	if (x->dtype == IR_STRING || !es)
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "element type %s is not supported",
			       ir_dtype_name(x->dtype));
	if (c.mode != RZ_NEAREST && x->dtype != IR_FLOAT && x->dtype != IR_DOUBLE &&
	    x->dtype != IR_FLOAT16 && x->dtype != IR_BFLOAT16)
		return rt_fail(n, err, ONNXC_EUNSUPPORTED,
			       "linear and cubic modes support float types only, not %s",
			       ir_dtype_name(x->dtype));
	if (get_geometry(n, is_upsample, &c, sc, out, roi, len, err))
		return -1;
	if (rt_set_shape(n, n->out[0], x->dtype, x->rank, out, err))
		return -1;

	T = c.mode == RZ_NEAREST ? 1 : c.mode == RZ_LINEAR ? 2 : 4;
	total = (sizeof(rz_params) + 7) & ~(size_t)7;
	for (i = 0; i < x->rank; i++) {
		size_t per = (size_t)T * (sizeof(int64_t) + sizeof(double) + sizeof(float)) + 1;
		total += ((size_t)out[i] * per + 7) & ~(size_t)7;
	}
	mem = onnxc_calloc(1, total);
	if (!mem)
		return onnxc_oom(err);
	p = (rz_params *)mem;
	mem += (sizeof(rz_params) + 7) & ~(size_t)7;
	p->rank = x->rank;
	p->mode = c.mode;
	p->dtype = x->dtype;
	p->esize = es;
	p->work_double = x->dtype == IR_DOUBLE;
	for (i = x->rank - 1; i >= 0; i--)
		stride[i] = i == x->rank - 1 ? 1 : stride[i + 1] * x->dims[i + 1];
	for (i = 0; i < x->rank; i++) {
		rz_axis *a = &p->ax[i];
		size_t m = (size_t)out[i] * T;
		p->in_dims[i] = x->dims[i];
		p->out_dims[i] = out[i];
		a->in = x->dims[i];
		a->out = out[i];
		a->taps = T;
		a->idx = (int64_t *)mem;
		a->wd = (double *)(mem + m * sizeof(int64_t));
		a->wf = (float *)(mem + m * (sizeof(int64_t) + sizeof(double)));
		a->outside = mem + m * (sizeof(int64_t) + sizeof(double) + sizeof(float));
		mem += ((size_t)out[i] * ((size_t)T * (sizeof(int64_t) + sizeof(double) +
							sizeof(float)) + 1) + 7) & ~(size_t)7;
		if (build_axis(&c, a, sc[i], len[i], roi[i], roi[x->rank + i],
			       c.mode == RZ_NEAREST ? stride[i] : 1))
			any_out = 1;
	}
	for (i = 0; i < x->rank; i++)
		if (!any_out)
			p->ax[i].outside = NULL;
	p->has_outside = any_out;
	if (any_out) {
		rt_tensor tmp;
		memset(&tmp, 0, sizeof tmp);
		tmp.dtype = x->dtype;
		tmp.data = p->extrap;
		rt_put_f(&tmp, 0, c.extrap);
	}
	n->params = p;
	n->scratch_bytes = 0;
	if (c.mode != RZ_NEAREST) {
		int conv = x->dtype == IR_FLOAT16 || x->dtype == IR_BFLOAT16;
		plan_passes(p);
		if (p->npass > 1 || (conv && p->npass > 0))
			n->scratch_bytes = 2 * (size_t)p->stage_max * (p->work_double ? 8 : 4);
	}
	return 0;
}

/* ---- exec ---- */

static void copy_elem(void *dst, const void *src, size_t es)
{
	switch (es) {
	case 1: *(uint8_t *)dst = *(const uint8_t *)src; break;
	case 2: *(uint16_t *)dst = *(const uint16_t *)src; break;
	case 4: *(uint32_t *)dst = *(const uint32_t *)src; break;
	case 8: *(uint64_t *)dst = *(const uint64_t *)src; break;
	default: memcpy(dst, src, es); break;
	}
}

/* nearest_gather: out = in at the nearest taps (or extrapolation), for
 * the output rows (last axis) [row0, row1). */
static void nearest_gather(const rz_params *p, const unsigned char *src, unsigned char *dst,
			   int64_t row0, int64_t row1)
{
	int r = p->rank, d;
	int64_t cnt[RT_MAXRANK] = { 0 }, row, j, rem = row0;
	int64_t last = p->out_dims[r - 1];
	const rz_axis *al = &p->ax[r - 1];
	size_t es = p->esize;

	for (d = r - 2; d >= 0; d--) {
		cnt[d] = rem % p->out_dims[d];
		rem /= p->out_dims[d];
	}
	dst += (size_t)(row0 * last) * es;
	for (row = row0; row < row1; row++) {
		int64_t base = 0;
		int out_row = 0;
		for (d = 0; d < r - 1; d++) {
			base += p->ax[d].idx[cnt[d]];
			if (p->ax[d].outside && p->ax[d].outside[cnt[d]])
				out_row = 1;
		}
		if (es == 4 && !p->has_outside) {
			const uint32_t *s = (const uint32_t *)src + base;
			uint32_t *o = (uint32_t *)dst;
			for (j = 0; j < last; j++)
				o[j] = s[al->idx[j]];
		} else {
			for (j = 0; j < last; j++) {
				if (out_row || (al->outside && al->outside[j]))
					copy_elem(dst + (size_t)j * es, p->extrap, es);
				else
					copy_elem(dst + (size_t)j * es,
						  src + (size_t)(base + al->idx[j]) * es, es);
			}
		}
		dst += (size_t)last * es;
		for (d = r - 2; d >= 0; d--) {
			if (++cnt[d] < p->out_dims[d])
				break;
			cnt[d] = 0;
		}
	}
}

/* nearest_rows: nearest_gather for rt_parallel_grain (items: output rows). */
static void nearest_rows(void *arg, int slot, int64_t r0, int64_t r1)
{
	const rt_node *n = arg;

	(void)slot;
	nearest_gather(n->params, n->in[0]->data, n->out[0]->data, r0, r1);
}

/* fill_outside: overwrite the outputs whose coordinate left the roi. */
static void fill_outside(const rz_params *p, unsigned char *dst)
{
	int r = p->rank, d;
	int64_t cnt[RT_MAXRANK] = { 0 }, rows, row, j;
	int64_t last = p->out_dims[r - 1];
	const uint8_t *ol = p->ax[r - 1].outside;
	size_t es = p->esize;

	rows = last ? rt_numel(r, p->out_dims) / last : 0;
	for (row = 0; row < rows; row++) {
		int out_row = 0;
		for (d = 0; d < r - 1; d++)
			if (p->ax[d].outside[cnt[d]])
				out_row = 1;
		for (j = 0; j < last; j++)
			if (out_row || ol[j])
				copy_elem(dst + (size_t)j * es, p->extrap, es);
		dst += (size_t)last * es;
		for (d = r - 2; d >= 0; d--) {
			if (++cnt[d] < p->out_dims[d])
				break;
			cnt[d] = 0;
		}
	}
}

/* One separable pass over axis a: src [outer, a->in, inner] to dst
 * [outer, a->out, inner], for float (W = wf) and double (W = wd); only the
 * output rows [r0, r1) of the outer * a->out rows of `inner` elements. */
#define DEFINE_PASS(NAME, T, W)                                                             \
	static void NAME(const rz_axis *a, const T *restrict src, T *restrict dst,          \
			 int64_t inner, int64_t r0, int64_t r1)                             \
	{                                                                                   \
		int64_t r, j, in = a->in, out = a->out, b = r0 / out, o = r0 % out;         \
		const int64_t *ix = a->idx;                                                 \
		const T *w = a->W;                                                          \
		if (inner == 1 && a->taps == 2) { /* the last axis: one element a row */    \
			for (r = r0; r < r1; r++, o = o + 1 < out ? o + 1 : (b++, 0)) {     \
				const T *s = src + b * in;                                  \
				dst[r] = w[2 * o] * s[ix[2 * o]] + w[2 * o + 1] * s[ix[2 * o + 1]]; \
			}                                                                   \
			return;                                                             \
		}                                                                           \
		for (r = r0; r < r1; r++, o = o + 1 < out ? o + 1 : (b++, 0)) {             \
			const T *s = src + b * in * inner;                                  \
			T *restrict d = dst + r * inner;                                    \
			const int64_t *i4 = ix + o * a->taps;                               \
			const T *w4 = w + o * a->taps;                                      \
			if (a->taps == 2) {                                                 \
				const T *s0 = s + i4[0] * inner, *s1 = s + i4[1] * inner;   \
				T w0 = w4[0], w1 = w4[1];                                   \
				for (j = 0; j < inner; j++)                                 \
					d[j] = w0 * s0[j] + w1 * s1[j];                     \
			} else {                                                            \
				const T *s0 = s + i4[0] * inner, *s1 = s + i4[1] * inner;   \
				const T *s2 = s + i4[2] * inner, *s3 = s + i4[3] * inner;   \
				T w0 = w4[0], w1 = w4[1], w2 = w4[2], w3 = w4[3];           \
				for (j = 0; j < inner; j++)                                 \
					d[j] = w0 * s0[j] + w1 * s1[j] + w2 * s2[j] +       \
					       w3 * s3[j];                                  \
			}                                                                   \
		}                                                                           \
	}

DEFINE_PASS(pass_f, float, wf)
DEFINE_PASS(pass_d, double, wd)

/* rz_pass: one pass of interp for rt_parallel_grain (items: output rows). */
typedef struct rz_pass {
	const rz_axis *a;
	const void *src;
	void *dst;
	int64_t inner;
	int dbl;
} rz_pass;

static void pass_rows(void *arg, int slot, int64_t r0, int64_t r1)
{
	const rz_pass *q = arg;

	(void)slot;
	if (q->dbl)
		pass_d(q->a, q->src, q->dst, q->inner, r0, r1);
	else
		pass_f(q->a, q->src, q->dst, q->inner, r0, r1);
}

/* interp: the separable linear/cubic passes, each split over its output
 * rows on the session's threads. */
static void interp(const rt_node *n, const rz_params *p)
{
	const rt_tensor *x = n->in[0];
	rt_tensor *y = n->out[0];
	size_t ws = p->work_double ? 8 : 4;
	unsigned char *bufa = n->scratch, *bufb = bufa ? bufa + (size_t)p->stage_max * ws : NULL;
	const void *cur = x->data;
	int conv = p->dtype == IR_FLOAT16 || p->dtype == IR_BFLOAT16;
	int64_t dims[RT_MAXRANK], i, numel = x->numel;
	int k, d;

	if (p->npass == 0) {
		memcpy(y->data, x->data, x->nbytes);
		return;
	}
	memcpy(dims, p->in_dims, sizeof dims);
	if (conv) {
		const uint16_t *h = x->data;
		float *f = (float *)bufa;
		for (i = 0; i < numel; i++)
			f[i] = p->dtype == IR_FLOAT16 ? rt_half_to_float(h[i]) : rt_bf16_to_float(h[i]);
		cur = bufa;
	}
	for (k = 0; k < p->npass; k++) {
		int ax = p->order[k];
		int64_t outer = 1, inner = 1;
		rz_pass q;
		void *dst;
		for (d = 0; d < ax; d++)
			outer *= dims[d];
		for (d = ax + 1; d < p->rank; d++)
			inner *= dims[d];
		if (k == p->npass - 1 && !conv)
			dst = y->data;
		else
			dst = cur == bufa ? bufb : bufa;
		q = (rz_pass){ &p->ax[ax], cur, dst, inner, p->work_double };
		/* rows per chunk: about RT_PAR_ELEMS multiply-adds */
		rt_parallel_grain(n, outer * p->ax[ax].out,
				  RT_PAR_ELEMS / (inner * p->ax[ax].taps) + 1, pass_rows, &q);
		dims[ax] = p->out_dims[ax];
		cur = dst;
	}
	if (conv) {
		const float *f = cur;
		uint16_t *h = y->data;
		for (i = 0; i < y->numel; i++)
			h[i] = p->dtype == IR_FLOAT16 ? rt_float_to_half(f[i]) : rt_float_to_bf16(f[i]);
	}
}

/* exec_resize: gather (nearest) or separable passes (linear/cubic), then
 * the extrapolated outputs.  Always 0. */
static int exec_resize(rt_node *n, onnxc_err *err)
{
	const rz_params *p = n->params;
	rt_tensor *y = n->out[0];

	(void)err;
	if (y->numel == 0)
		return 0;
	if (p->rank == 0) {
		memcpy(y->data, n->in[0]->data, y->nbytes);
		return 0;
	}
	if (p->mode == RZ_NEAREST) {
		const int64_t last = p->out_dims[p->rank - 1];
		rt_parallel_grain(n, y->numel / last, RT_PAR_ELEMS / last + 1, nearest_rows, n);
		return 0;
	}
	interp(n, p);
	if (p->has_outside)
		fill_outside(p, y->data);
	return 0;
}

static int prep_resize(rt_node *n, onnxc_err *err)
{
	return prep_common(n, 0, err);
}

static int prep_upsample(rt_node *n, onnxc_err *err)
{
	return prep_common(n, 1, err);
}

const rt_op rt_op_Resize = { prep_resize, exec_resize, 0 };
const rt_op rt_op_Upsample = { prep_upsample, exec_resize, 0 };
