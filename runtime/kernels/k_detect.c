/*
 * k_detect.c - NonMaxSuppression (10, 11) and RoiAlign (10, 16).
 *
 * NonMaxSuppression: boxes [B, N, 4] (float), scores [B, C, N], optional
 * max_output_boxes_per_class (int64, one element; absent = 0), iou_threshold
 * (default 0) and score_threshold (absent: no threshold).  For every batch
 * and class, the boxes whose score is > score_threshold are taken by
 * descending score (ties: lower index first); one is kept unless its IoU
 * with an already kept box is > iou_threshold, until max_output boxes are
 * kept.  Boxes are [y1, x1, y2, x2] in any corner order (center_point_box =
 * 0) or [x_center, y_center, width, height] (1).  Output: [kept, 3] int64
 * rows (batch, class, box).  As in ONNX Runtime, computed in float.  NaN
 * scores are never selected.
 *
 * The output's length depends on every input's values, so all of them must
 * be known at prepare (rt_need_const: the session then binds the graph
 * inputs they derive from by value).  prep runs the selection once to size
 * the output; exec runs it again into the output (a different count is an
 * error).
 *
 * RoiAlign: X [N, C, H, W] (float16/float/double), rois [R, 4] (x1, y1, x2,
 * y2, scaled by spatial_scale), batch_indices [R] (int64).  Output [R, C,
 * output_height, output_width]; each bin averages (mode avg) or takes the
 * maximum (mode max) of sampling_ratio^2 bilinear samples (adaptive,
 * ceil(roi size / output size) up to 65536, when sampling_ratio is 0).
 * Follows ONNX
 * Runtime: coordinate_transformation_mode half_pixel (default from opset
 * 16) shifts by -0.5; output_half_pixel (opset 10's behaviour) does not and
 * makes rois at least 1x1; samples beyond one pixel outside the map are 0;
 * max mode takes the largest of the four weighted corner terms of each
 * sample (ONNX Runtime's definition).  A batch index out of range is an
 * error at exec.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "k_tensor_dm.h"

/* ---- NonMaxSuppression ---- */

typedef struct nms_cand {
	float score;
	int64_t index;
} nms_cand;

typedef struct nms_params {
	int64_t b, c, nb;         /* batches, classes, boxes */
	int64_t max_out;
	float iou, score_thr;
	int has_score_thr, center;
	int64_t count;            /* rows of the output */
} nms_params;

/* cmp_cand: descending score, then ascending index. */
static int cmp_cand(const void *pa, const void *pb)
{
	const nms_cand *a = pa, *b = pb;

	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

/* corners: box i as (ymin, xmin, ymax, xmax). */
static void corners(const float *bx, int center, float *c)
{
	if (center) {
		float hw = bx[2] / 2, hh = bx[3] / 2;
		c[0] = bx[1] - hh;
		c[1] = bx[0] - hw;
		c[2] = bx[1] + hh;
		c[3] = bx[0] + hw;
		return;
	}
	c[0] = fminf(bx[0], bx[2]);
	c[1] = fminf(bx[1], bx[3]);
	c[2] = fmaxf(bx[0], bx[2]);
	c[3] = fmaxf(bx[1], bx[3]);
}

/* suppressed: 1 when the IoU of boxes a and b is > thr (ONNX Runtime's
 * SuppressByIOU: empty boxes or intersections never suppress). */
static int suppressed(const float *a, const float *b, int center, float thr)
{
	float ca[4], cb[4], iy, ix, inter, aa, ab, uni;

	corners(a, center, ca);
	corners(b, center, cb);
	iy = fminf(ca[2], cb[2]) - fmaxf(ca[0], cb[0]);
	ix = fminf(ca[3], cb[3]) - fmaxf(ca[1], cb[1]);
	if (!(iy > 0) || !(ix > 0))
		return 0;
	inter = iy * ix;
	aa = (ca[2] - ca[0]) * (ca[3] - ca[1]);
	ab = (cb[2] - cb[0]) * (cb[3] - cb[1]);
	uni = aa + ab - inter;
	if (!(aa > 0) || !(ab > 0) || !(uni > 0))
		return 0;
	return inter / uni > thr;
}

/* nms_run: the selection over every batch and class, candidates and kept
 * indices in work (nb nms_cand + nb int64).  Writes the rows to out when not
 * NULL (at most cap rows); returns the number of rows. */
static int64_t nms_run(const nms_params *p, const rt_node *n, void *work, int64_t *out,
		       int64_t cap)
{
	const float *boxes = n->in[0]->data, *scores = n->in[1]->data;
	nms_cand *cand = work;
	int64_t *kept, rows = 0, b, c, i, j;

	if (p->nb == 0 || p->max_out <= 0)
		return 0;     /* (no scratch then) */
	kept = (int64_t *)(cand + p->nb);
	for (b = 0; b < p->b; b++)
		for (c = 0; c < p->c; c++) {
			const float *sc = scores + (b * p->c + c) * p->nb;
			const float *bx = boxes + b * p->nb * 4;
			int64_t nc = 0, nk = 0;
			for (i = 0; i < p->nb; i++)
				if (sc[i] == sc[i] && (!p->has_score_thr || sc[i] > p->score_thr)) {
					cand[nc].score = sc[i];
					cand[nc++].index = i;
				}
			qsort(cand, (size_t)nc, sizeof *cand, cmp_cand);
			for (i = 0; i < nc && nk < p->max_out; i++) {
				int keep = 1;
				for (j = 0; j < nk && keep; j++)
					if (suppressed(bx + cand[i].index * 4, bx + kept[j] * 4, p->center,
						       p->iou))
						keep = 0;
				if (!keep)
					continue;
				kept[nk++] = cand[i].index;
				if (out && rows < cap) {
					out[3 * rows] = b;
					out[3 * rows + 1] = c;
					out[3 * rows + 2] = cand[i].index;
				}
				rows++;
			}
		}
	return rows;
}

/* one_value: the one-element input idx (omitted: def) as double, its dtype
 * checked against dt. */
static int one_value(rt_node *n, int idx, const char *what, int dt, double def, double *v,
		     onnxc_err *err)
{
	const rt_tensor *t = RT_DM_IN(n, idx);

	*v = def;
	if (!t)
		return 0;
	if (t->dtype != dt)
		return rt_fail(n, err, ONNXC_EINVAL, "%s must be %s, not %s", what, ir_dtype_name(dt),
			       ir_dtype_name(t->dtype));
	if (t->numel != 1)
		return rt_fail(n, err, ONNXC_EINVAL, "%s must have one element", what);
	if (rt_need_const(n, idx, err))
		return -1;
	*v = rt_get_f(t, 0);
	return 0;
}

/* prep_nms: validate; every input's values must be known (rt_need_const);
 * run the selection once in a temporary buffer to size the [count, 3]
 * output.  0 or -1. */
static int prep_nms(rt_node *n, onnxc_err *err)
{
	const rt_tensor *bx, *sc;
	nms_params *p;
	double mo, iou, st;
	int64_t dims[2];
	size_t work;
	void *tmp;

	if (rt_dm_need(n, 2, err))
		return -1;
	bx = n->in[0];
	sc = n->in[1];
	if (bx->dtype != IR_FLOAT || sc->dtype != IR_FLOAT)
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "boxes and scores must be float");
	if (bx->rank != 3 || bx->dims[2] != 4 || sc->rank != 3 || sc->dims[0] != bx->dims[0] ||
	    sc->dims[2] != bx->dims[1])
		return rt_fail(n, err, ONNXC_EINVAL, "boxes must be [B, N, 4] and scores [B, C, N]");
	if (rt_need_const(n, 0, err) || rt_need_const(n, 1, err) ||
	    one_value(n, 2, "max_output_boxes_per_class", IR_INT64, 0, &mo, err) ||
	    one_value(n, 3, "iou_threshold", IR_FLOAT, 0, &iou, err) ||
	    one_value(n, 4, "score_threshold", IR_FLOAT, 0, &st, err))
		return -1;
	if (!(iou >= 0 && iou <= 1))
		return rt_fail(n, err, ONNXC_EINVAL, "iou_threshold %g is not in [0, 1]", iou);
	p = onnxc_calloc(1, sizeof *p);
	if (!p)
		return onnxc_oom(err);
	n->params = p;
	p->b = bx->dims[0];
	p->nb = bx->dims[1];
	p->c = sc->dims[1];
	p->max_out = RT_DM_IN(n, 2) ? rt_get_i(n->in[2], 0) : 0;
	p->iou = (float)iou;
	p->has_score_thr = RT_DM_IN(n, 4) != NULL;
	p->score_thr = (float)st;
	p->center = ir_attr_int(n->ir, "center_point_box", 0) != 0;
	if (onnxc_mul_size((size_t)p->nb, sizeof(nms_cand) + sizeof(int64_t), &work))
		return rt_fail(n, err, ONNXC_ELIMIT, "too many boxes");
	tmp = onnxc_malloc(work);
	if (!tmp)
		return onnxc_oom(err);
	p->count = nms_run(p, n, tmp, NULL, 0);
	onnxc_free(tmp);
	n->scratch_bytes = work;
	dims[0] = p->count;
	dims[1] = 3;
	return rt_set_shape(n, n->out[0], IR_INT64, 2, dims, err);
}

/* exec_nms: the selection again, into the output.  0, or -1 when the
 * count differs from the prepared one. */
static int exec_nms(rt_node *n, onnxc_err *err)
{
	const nms_params *p = n->params;
	int64_t rows = nms_run(p, n, n->scratch, n->out[0]->data, p->count);

	if (rows != p->count)
		return rt_fail(n, err, ONNXC_EINVAL, "selected %lld boxes, %lld when prepared "
			       "(inputs changed after prepare)", (long long)rows,
			       (long long)p->count);
	return 0;
}

const rt_op rt_op_NonMaxSuppression = { prep_nms, exec_nms, 0 };

/* ---- RoiAlign ---- */

#define ROI_MAXGRID 65536
#define ROI_MAXSAMPLES 268435456.0   /* 2^28 samples per run, with a given sampling_ratio */

typedef struct roi_params {
	int max_mode, half_pixel;
	int64_t oh, ow, sampling;
	double scale;
} roi_params;

/* prep_roi: validate inputs and attributes (coordinate mode by opset),
 * output [R, C, output_height, output_width].  0 or -1. */
static int prep_roi(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x, *rois, *bi;
	const char *mode = ir_attr_string(n->ir, "mode", "avg");
	const char *ctm = ir_attr_string(n->ir, "coordinate_transformation_mode",
					 n->ir->since_version >= 16 ? "half_pixel" : "output_half_pixel");
	roi_params *p;
	int64_t dims[4];

	if (rt_dm_need(n, 3, err))
		return -1;
	x = n->in[0];
	rois = n->in[1];
	bi = n->in[2];
	if (x->dtype != IR_FLOAT && x->dtype != IR_DOUBLE && x->dtype != IR_FLOAT16)
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "X of type %s is not supported",
			       ir_dtype_name(x->dtype));
	if (rois->dtype != x->dtype)
		return rt_fail(n, err, ONNXC_EINVAL, "rois must have X's type");
	if (bi->dtype != IR_INT64)
		return rt_fail(n, err, ONNXC_EINVAL, "batch_indices must be int64");
	if (x->rank != 4 || rois->rank != 2 || rois->dims[1] != 4 || bi->rank != 1 ||
	    bi->dims[0] != rois->dims[0])
		return rt_fail(n, err, ONNXC_EINVAL, "needs X [N, C, H, W], rois [R, 4] and "
			       "batch_indices [R]");
	p = onnxc_calloc(1, sizeof *p);
	if (!p)
		return onnxc_oom(err);
	n->params = p;
	if (!strcmp(mode, "max"))
		p->max_mode = 1;
	else if (strcmp(mode, "avg"))
		return rt_fail(n, err, ONNXC_EINVAL, "mode '%s' is not avg or max", mode);
	if (!strcmp(ctm, "half_pixel"))
		p->half_pixel = 1;
	else if (strcmp(ctm, "output_half_pixel"))
		return rt_fail(n, err, ONNXC_EINVAL, "coordinate_transformation_mode '%s' is not "
			       "half_pixel or output_half_pixel", ctm);
	p->oh = ir_attr_int(n->ir, "output_height", 1);
	p->ow = ir_attr_int(n->ir, "output_width", 1);
	p->sampling = ir_attr_int(n->ir, "sampling_ratio", 0);
	p->scale = ir_attr_float(n->ir, "spatial_scale", 1.0f);
	if (p->oh < 1 || p->ow < 1 || p->sampling < 0)
		return rt_fail(n, err, ONNXC_EINVAL, "output sizes must be >= 1 and sampling_ratio "
			       ">= 0");
	/* a given sampling_ratio fixes the work: refuse what would run for
	 * minutes (sampling_ratio 2097151 was 4e12 samples per bin) */
	if (p->sampling > 0 && (double)rois->dims[0] * (double)x->dims[1] * (double)p->oh *
				       (double)p->ow * (double)p->sampling * (double)p->sampling >
				       ROI_MAXSAMPLES)
		return rt_fail(n, err, ONNXC_ELIMIT, "sampling_ratio %lld: more than %.0f samples "
			       "in all", (long long)p->sampling, ROI_MAXSAMPLES);
	dims[0] = rois->dims[0];
	dims[1] = x->dims[1];
	dims[2] = p->oh;
	dims[3] = p->ow;
	return rt_set_shape(n, n->out[0], x->dtype, 4, dims, err);
}

/* sample: the bilinear sample of the H x W map at (y, x) as the four
 * weighted corner terms t[0..3] (ONNX Runtime's rules); 0 when outside
 * or NaN. */
static void sample(const rt_tensor *x, int64_t off, int64_t h, int64_t w, double y, double xx,
		   double *t)
{
	int64_t yl, xl, yh, xh;
	double ly, lx;

	t[0] = t[1] = t[2] = t[3] = 0;
	/* written so NaN coordinates (from NaN rois) also count as outside;
	 * an empty map (H or W 0) has nothing to sample */
	if (h < 1 || w < 1 || !(y >= -1.0 && y <= (double)h && xx >= -1.0 && xx <= (double)w))
		return;
	if (y <= 0)
		y = 0;
	if (xx <= 0)
		xx = 0;
	yl = (int64_t)y;
	xl = (int64_t)xx;
	if (yl >= h - 1) {
		yh = yl = h - 1;
		y = (double)yl;
	} else {
		yh = yl + 1;
	}
	if (xl >= w - 1) {
		xh = xl = w - 1;
		xx = (double)xl;
	} else {
		xh = xl + 1;
	}
	ly = y - (double)yl;
	lx = xx - (double)xl;
	t[0] = (1 - ly) * (1 - lx) * rt_get_f(x, off + yl * w + xl);
	t[1] = (1 - ly) * lx * rt_get_f(x, off + yl * w + xh);
	t[2] = ly * (1 - lx) * rt_get_f(x, off + yh * w + xl);
	t[3] = ly * lx * rt_get_f(x, off + yh * w + xh);
}

/* grid: the adaptive sample count ceil(bin) of a bin size; 0 for empty,
 * negative or NaN bins, at most ROI_MAXGRID. */
static int64_t grid(double bin)
{
	double g = ceil(bin);

	if (!(g > 0))
		return 0;
	return g > ROI_MAXGRID ? ROI_MAXGRID : (int64_t)g;
}

/* exec_roi: per roi the bin geometry, then per channel and bin the
 * average or maximum of the samples.  0, or -1 for a batch index out of
 * range. */
static int exec_roi(rt_node *n, onnxc_err *err)
{
	const roi_params *p = n->params;
	const rt_tensor *x = n->in[0], *rois = n->in[1], *bi = n->in[2];
	rt_tensor *y = n->out[0];
	int64_t R = rois->dims[0], C = x->dims[1], H = x->dims[2], W = x->dims[3];
	int64_t r, c, ph, pw, iy, ix, yi = 0;
	double off = p->half_pixel ? 0.5 : 0;

	for (r = 0; r < R; r++) {
		int64_t b = ((const int64_t *)bi->data)[r], gh, gw;
		double x0 = rt_get_f(rois, 4 * r) * p->scale - off;
		double y0 = rt_get_f(rois, 4 * r + 1) * p->scale - off;
		double rw = rt_get_f(rois, 4 * r + 2) * p->scale - off - x0;
		double rh = rt_get_f(rois, 4 * r + 3) * p->scale - off - y0;
		double bh, bw, cnt;
		if (b < 0 || b >= x->dims[0])
			return rt_fail(n, err, ONNXC_EINVAL, "batch index %lld of roi %lld is outside "
				       "[0, %lld)", (long long)b, (long long)r, (long long)x->dims[0]);
		if (!p->half_pixel) {
			rw = rw > 1 ? rw : 1;
			rh = rh > 1 ? rh : 1;
		}
		bh = rh / (double)p->oh;
		bw = rw / (double)p->ow;
		gh = p->sampling > 0 ? p->sampling : grid(bh);
		gw = p->sampling > 0 ? p->sampling : grid(bw);
		cnt = gh * gw > 1 ? (double)(gh * gw) : 1;
		for (c = 0; c < C; c++) {
			int64_t moff = (b * C + c) * H * W;
			for (ph = 0; ph < p->oh; ph++)
				for (pw = 0; pw < p->ow; pw++, yi++) {
					double acc = 0, t[4];
					int first = 1;
					for (iy = 0; iy < gh; iy++) {
						double yy = y0 + (double)ph * bh +
							    ((double)iy + 0.5) * bh / (double)gh;
						for (ix = 0; ix < gw; ix++) {
							double xx = x0 + (double)pw * bw +
								    ((double)ix + 0.5) * bw / (double)gw;
							double v;
							sample(x, moff, H, W, yy, xx, t);
							if (!p->max_mode) {
								acc += t[0] + t[1] + t[2] + t[3];
								continue;
							}
							v = fmax(fmax(fmax(t[0], t[1]), t[2]), t[3]);
							acc = first || v > acc ? v : acc;
							first = 0;
						}
					}
					rt_put_f(y, yi, p->max_mode ? acc : acc / cnt);
				}
		}
	}
	return 0;
}

const rt_op rt_op_RoiAlign = { prep_roi, exec_roi, 0 };
