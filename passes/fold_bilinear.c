/*
 * fold_bilinear.c - ConvTranspose layers initialised to the bilinear
 * upsampling kernel become per-channel, per-axis upsampling.
 *
 * Target: a ConvTranspose of the top graph, dilations all 1, whose constant
 * weight W holds on every channel the bilinear filter of its kernel size,
 * separable over the spatial axes:
 *   g_k(t) = 1 - |t - center| / factor,   factor = (k+1)/2,
 *   center = factor-1 (k odd) or factor-0.5 (k even),
 *   W[c][c][t...] = prod_a g_{k_a}(t_a)   (each within 1e-6)
 * either on the channel diagonal of a group-1 layer (W [C, C, k...], every
 * other entry exactly 0) or depthwise (group = C, W [C, 1, k...]).  Any
 * strides, pads, auto_pad and output_padding; output_shape only when X's
 * spatial sizes are known (it fixes the pads); a constant bias or none.
 * Per channel and axis such a layer computes
 *   y[o] = sum_i x[i] g(o + p0 - i*s),   p0 = begin pad.
 *
 * factor == stride on every axis (k = 2s or k = 2s-1): g samples the
 * triangle max(0, 1 - |u|/s) at every point where it is non-zero, so y[o]
 * is x linearly interpolated at (o + p0 - center)/s with zeros outside x.
 * Zero padding (1 before, R >= 1 after) makes Resize's edge clamping read
 * those zeros, so Pad -> Resize(linear) -> Slice is exact everywhere:
 *   half_pixel, scale s:   r = o + p0 + s/2        (k = 2s, s even)
 *                          r = o + p0 + (s+1)/2    (k = 2s-1, s odd)
 *   asymmetric, scale s:   r = o + p0 + 1          (k = 2s-1)
 *   asymmetric, scale 2s:  r = 2o + 2p0 + 1        (k = 2s: Slice step 2)
 * where r indexes the Resize output.  half_pixel when every axis allows it,
 * else asymmetric.  The Slice ends count from the end of the Resize output,
 * so the rewrite holds for any input size.  A non-zero bias becomes an Add
 * of a [C, 1, ...] constant.  Needs ONNX opset >= 11 (Pad with a pads
 * input, Resize with coordinate_transformation_mode).
 *
 * Otherwise (factor != stride on some axis, or opset < 11) a group-1 layer
 * becomes the depthwise ConvTranspose of its diagonal (group = C, weights
 * copied bit for bit); a depthwise layer is left as it is.
 *
 * Weights and bias are initializers, or Identity/Constant outputs of
 * constants (PyTorch's exporter shares equal weights through Identity).
 * Left alone: learned weights, other channel couplings, dilations != 1,
 * weights or bias that are graph inputs (a caller may override them), a
 * non-constant bias, float16, nodes with a fused activation, negative pads,
 * output_shape with unknown input sizes or pads that would be negative.
 *
 * Requires: an indexed graph.  Keeps: each folded node's output value
 * (name, type, shape, graph-output flag).  Adds nodes at the end of the
 * list (the manager re-sorts) and new initializers; the old weights stay
 * until dce.  Each fold is one note: node, channels, k, s, pads, route and
 * the multiply-adds per input pixel before and after.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fold_util.h"

#define MAXSP PASS_FOLD_MAXSP
#define GEOM_MAX ((int64_t)1 << 24)    /* bound of k, s, pads (no overflow) */

/* One candidate layer. */
typedef struct bl_layer {
	ir_node *n;
	const ir_tensor *w, *b;
	int nsp, depthwise;
	int64_t C, ksize;
	int64_t k[MAXSP], s[MAXSP], p0[MAXSP], p1[MAXSP], opad[MAXSP];
	int64_t in[MAXSP];             /* X's spatial sizes, -1 unknown */
	int in_known;
	int64_t batch;                 /* -1 unknown */
} bl_layer;

/* tap: g_k(t), the bilinear filter of size k at tap t. */
static double tap(int64_t k, int64_t t)
{
	int64_t factor = (k + 1) / 2;
	double center = k % 2 ? (double)(factor - 1) : (double)factor - 0.5;

	return 1.0 - fabs((double)t - center) / (double)factor;
}

/* factor_is_stride: k = 2s or k = 2s-1, i.e. (k+1)/2 == s. */
static int factor_is_stride(int64_t k, int64_t s)
{
	return (k + 1) / 2 == s;
}

/* in_range: 0 <= v < GEOM_MAX. */
static int in_range(int64_t v)
{
	return v >= 0 && v < GEOM_MAX;
}

/* layer_pads: begin/end pads of every axis from pads, auto_pad and
 * output_shape (the rules of the ConvTranspose kernel).  1 when they are
 * known and non-negative (and, for known input sizes, every output size is
 * >= 1), else 0.  With unknown sizes, an input too small for the layer
 * (which the ConvTranspose refuses) gives an empty Slice instead. */
static int layer_pads(const ir_node *n, bl_layer *L)
{
	int64_t pads[2 * MAXSP], os[MAXSP];
	const int64_t *osa;
	const char *ap = ir_attr_string(n, "auto_pad", "NOTSET");
	int i, nos = 0, upper = !strcmp(ap, "SAME_UPPER"), same = upper || !strcmp(ap, "SAME_LOWER");

	if (!same && strcmp(ap, "NOTSET") && strcmp(ap, "VALID"))
		return 0;
	if (pass_fold_ints(n, "pads", 2 * L->nsp, 0, pads))
		return 0;
	osa = ir_attr_ints(n, "output_shape", &nos);
	if (nos == L->nsp + 2)
		osa += 2;
	else if (nos && nos != L->nsp)
		return 0;
	if (nos && !L->in_known)
		return 0;
	for (i = 0; i < L->nsp; i++) {
		int64_t h = L->in_known ? L->in[i] : 1, total;
		if (h >= GEOM_MAX << 6)
			return 0;
		os[i] = nos ? osa[i] : 0;
		if (os[i] < 0 || os[i] >= GEOM_MAX << 16)
			return 0;
		if (nos || same) {
			total = nos ? L->s[i] * (h - 1) + L->opad[i] + L->k[i] - os[i]
				    : L->k[i] - L->s[i] + L->opad[i];
			if (total < 0 || total >= GEOM_MAX)
				return 0;
			L->p0[i] = upper ? total / 2 : total - total / 2;
			L->p1[i] = total - L->p0[i];
		} else if (!strcmp(ap, "VALID")) {
			L->p0[i] = L->p1[i] = 0;
		} else {
			L->p0[i] = pads[i];
			L->p1[i] = pads[L->nsp + i];
			if (!in_range(L->p0[i]) || !in_range(L->p1[i]))
				return 0;
		}
		if (L->in_known && L->s[i] * (h - 1) + L->opad[i] + L->k[i] - L->p0[i] - L->p1[i] < 1)
			return 0;
	}
	return 1;
}

/* read_layer: fill L from ConvTranspose node n.  1 when n has the form this
 * pass handles (weights still to be checked), else 0. */
static int read_layer(ir_node *n, bl_layer *L)
{
	const ir_value *x = n->in[0], *wv = n->n_in > 1 ? n->in[1] : NULL;
	const ir_value *bv = n->n_in > 2 ? n->in[2] : NULL;
	int64_t dil[MAXSP], ks[MAXSP], group;
	int i;

	memset(L, 0, sizeof *L);
	L->n = n;
	if (n->fused_act != IR_OP_UNKNOWN || !x || !wv || n->n_out < 1 || !n->out[0] ||
	    !(L->w = pass_fold_weight(wv)))
		return 0;
	if ((L->w->dtype != IR_FLOAT && L->w->dtype != IR_DOUBLE) || L->w->rank < 3 ||
	    L->w->rank > MAXSP + 2 || (x->dtype != IR_UNDEFINED && x->dtype != L->w->dtype))
		return 0;
	L->nsp = L->w->rank - 2;
	L->C = L->w->dims[0];
	group = ir_attr_int(n, "group", 1);
	if (L->C < 1 || (L->w->dims[1] != 1 && L->w->dims[1] != L->C))
		return 0;
	if (group == L->C && L->w->dims[1] == 1)
		L->depthwise = 1;
	else if (group != 1 || L->w->dims[1] != L->C)
		return 0;
	if (bv) {
		L->b = pass_fold_weight(bv);
		if (!L->b || L->b->dtype != L->w->dtype || L->b->rank != 1 || L->b->dims[0] != L->C)
			return 0;
	}
	if (pass_fold_ints(n, "kernel_shape", L->nsp, -1, ks) ||
	    pass_fold_ints(n, "dilations", L->nsp, 1, dil) ||
	    pass_fold_ints(n, "strides", L->nsp, 1, L->s) ||
	    pass_fold_ints(n, "output_padding", L->nsp, 0, L->opad))
		return 0;
	L->ksize = 1;
	for (i = 0; i < L->nsp; i++) {
		L->k[i] = L->w->dims[i + 2];
		if ((ks[i] != -1 && ks[i] != L->k[i]) || dil[i] != 1 || !in_range(L->k[i]) ||
		    L->k[i] < 1 || !in_range(L->s[i]) || L->s[i] < 1 || !in_range(L->opad[i]))
			return 0;
		L->ksize *= L->k[i];
	}
	L->in_known = pass_fold_spatial(x, L->nsp, L->in);
	L->batch = x->shape.rank == L->nsp + 2 && x->shape.dims[0] >= 1 ? x->shape.dims[0] : -1;
	return layer_pads(n, L);
}

/* filt: the expected weight at flat kernel index j (prod over axes). */
static double filt(const bl_layer *L, int64_t j)
{
	double v = 1.0;
	int a;

	for (a = L->nsp - 1; a >= 0; a--) {
		v *= tap(L->k[a], j % L->k[a]);
		j /= L->k[a];
	}
	return v;
}

/* is_bilinear: does W hold the bilinear filter on the channel diagonal
 * (within 1e-6) and exact zeros elsewhere? */
static int is_bilinear(const bl_layer *L)
{
	int64_t cw = L->depthwise ? 1 : L->C, ci, co, j;

	for (ci = 0; ci < L->C; ci++)
		for (co = 0; co < cw; co++) {
			int diag = L->depthwise || ci == co;
			const int64_t base = (ci * cw + co) * L->ksize;
			for (j = 0; j < L->ksize; j++) {
				double w = pass_fold_get(L->w, base + j);
				if (diag ? !(fabs(w - filt(L, j)) <= 1e-6) : w != 0.0)
					return 0;
			}
		}
	return 1;
}

/* fmt_dims: "a x b x ..." of v[0..n) into buf (sep between entries). */
static const char *fmt_dims(char *buf, size_t len, const int64_t *v, int n, const char *sep)
{
	size_t used = 0;
	int i;

	buf[0] = 0;
	for (i = 0; i < n && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%lld", i ? sep : "", (long long)v[i]);
	return buf;
}

/* report: one note for the fold of L; `route` says what it became,
 * `after` the multiply-adds per input pixel of the replacement. */
static void report(pass_ctx *pc, const bl_layer *L, const char *route, int64_t after)
{
	char k[96], s[96], p[192], run[96] = "";
	int64_t pads[2 * MAXSP], before = L->C * (L->depthwise ? 1 : L->C) * L->ksize;
	int i;

	for (i = 0; i < L->nsp; i++) {
		pads[i] = L->p0[i];
		pads[L->nsp + i] = L->p1[i];
	}
	if (L->in_known && L->batch > 0) {
		double pix = (double)L->batch;
		for (i = 0; i < L->nsp; i++)
			pix *= (double)L->in[i];
		snprintf(run, sizeof run, ", %.0f per run", (double)(before - after) * pix);
	}
	pass_note(pc, "folded ConvTranspose '%s' (C=%lld, %s, k=%s, s=%s, p=%s): bilinear -> %s; "
		  "multiply-adds per input pixel %lld -> %lld, saved %lld%s",
		  L->n->name, (long long)L->C, L->depthwise ? "depthwise" : "group 1 diagonal",
		  fmt_dims(k, sizeof k, L->k, L->nsp, "x"), fmt_dims(s, sizeof s, L->s, L->nsp, "x"),
		  fmt_dims(p, sizeof p, pads, 2 * L->nsp, ","), route, (long long)before,
		  (long long)after, (long long)(before - after), run);
}

/* bias_nonzero: L has a bias with some element != 0. */
static int bias_nonzero(const bl_layer *L)
{
	int64_t i;

	for (i = 0; L->b && i < L->b->numel; i++)
		if (pass_fold_get(L->b, i) != 0.0)
			return 1;
	return 0;
}

/* resize_consts: the constant inputs of Pad, Resize and Slice for L:
 * v[0] pads, v[1] roi (empty), v[2] scales, v[3..6] starts, ends, axes,
 * steps, v[7] the [C, 1, ...] bias (when non-zero).  *half: the
 * coordinate mode; *after: multiply-adds per input pixel.  0 or -1. */
static int resize_consts(pass_ctx *pc, const bl_layer *L, ir_value **v, int *half, int64_t *after,
			 onnxc_err *err)
{
	ir_graph *g = pc->m->graph;
	int rank = L->nsp + 2, i;
	int64_t pads[2 * (MAXSP + 2)] = { 0 }, st[MAXSP], en[MAXSP], ax[MAXSP], step[MAXSP];
	int64_t dim0 = 0, dimr = rank, bdims[MAXSP + 1], grow = 1;
	ir_tensor *roi, *sc, *bt;
	const char *hint = L->n->out[0]->name;
	char h[512];

	*half = 1;
	for (i = 0; i < L->nsp; i++)
		if (!((L->k[i] == 2 * L->s[i] && L->s[i] % 2 == 0) ||
		      (L->k[i] == 2 * L->s[i] - 1 && L->s[i] % 2 == 1)))
			*half = 0;
	sc = ir_tensor_new(IR_FLOAT, 1, &dimr, err);
	if (!sc)
		return -1;
	((float *)sc->data)[0] = ((float *)sc->data)[1] = 1.0f;
	*after = 0;
	for (i = 0; i < L->nsp; i++) {
		int64_t s = L->s[i], num, unit, r;
		step[i] = !*half && L->k[i] == 2 * s ? 2 : 1;
		if (*half)
			st[i] = L->p0[i] + (L->k[i] == 2 * s ? s / 2 : (s + 1) / 2);
		else
			st[i] = step[i] == 2 ? 2 * L->p0[i] + 1 : L->p0[i] + 1;
		/* the last index read, relative to the end of the Resize output
		 * over the input padded by 1 and r: st + 1 + step*(A - s*r) */
		num = st[i] + 1 + step[i] * (L->opad[i] + L->k[i] - L->p0[i] - L->p1[i] - 1 - 2 * s);
		unit = step[i] * s;
		r = num < unit ? 1 : num / unit + 1;
		en[i] = num - unit * r;
		ax[i] = i + 2;
		pads[i + 2] = 1;
		pads[rank + i + 2] = r;
		((float *)sc->data)[i + 2] = (float)unit;
		grow *= unit;
		*after += 2 * grow;    /* one 2-tap pass per axis, on the grown tensor */
	}
	*after *= L->C;
	roi = ir_tensor_new(IR_FLOAT, 1, &dim0, err);
	snprintf(h, sizeof h, "%.400s_bl_pads", hint);
	v[0] = pass_fold_i64(g, h, 2 * rank, pads, err);
	snprintf(h, sizeof h, "%.400s_bl_roi", hint);
	v[1] = roi ? pass_fold_const(g, h, roi, err) : NULL;
	snprintf(h, sizeof h, "%.400s_bl_scales", hint);
	v[2] = pass_fold_const(g, h, sc, err);
	snprintf(h, sizeof h, "%.400s_bl_starts", hint);
	v[3] = pass_fold_i64(g, h, L->nsp, st, err);
	snprintf(h, sizeof h, "%.400s_bl_ends", hint);
	v[4] = pass_fold_i64(g, h, L->nsp, en, err);
	snprintf(h, sizeof h, "%.400s_bl_axes", hint);
	v[5] = pass_fold_i64(g, h, L->nsp, ax, err);
	snprintf(h, sizeof h, "%.400s_bl_steps", hint);
	v[6] = pass_fold_i64(g, h, L->nsp, step, err);
	if (!v[0] || !v[1] || !v[2] || !v[3] || !v[4] || !v[5] || !v[6])
		return -1;
	v[7] = NULL;
	if (!bias_nonzero(L))
		return 0;
	bdims[0] = L->C;
	for (i = 0; i < L->nsp; i++)
		bdims[i + 1] = 1;
	bt = ir_tensor_new(L->b->dtype, L->nsp + 1, bdims, err);
	if (!bt)
		return -1;
	memcpy(bt->data, L->b->data, L->b->nbytes);
	snprintf(h, sizeof h, "%.400s_bl_bias", hint);
	v[7] = pass_fold_const(g, h, bt, err);
	return v[7] ? 0 : -1;
}

/* fold_resize: replace L's node by Pad -> Resize -> Slice (-> Add).  0 or -1. */
static int fold_resize(pass_ctx *pc, const bl_layer *L, onnxc_err *err)
{
	ir_graph *g = pc->m->graph;
	ir_value *c[8], *xp, *xr, *ys, *y = L->n->out[0];
	ir_node *pad, *rs, *sl, *add = NULL;
	int half;
	int64_t after;
	char h[512];

	if (resize_consts(pc, L, c, &half, &after, err))
		return -1;
	snprintf(h, sizeof h, "%.400s_bl_padded", y->name);
	xp = ir_graph_new_value(g, h, err);
	snprintf(h, sizeof h, "%.400s_bl_resized", y->name);
	xr = xp ? ir_graph_new_value(g, h, err) : NULL;
	snprintf(h, sizeof h, "%.400s_bl_nobias", y->name);
	ys = !xr ? NULL : c[7] ? ir_graph_new_value(g, h, err) : y;
	pad = ys ? pass_fold_node(pc, L->n->name, "bilinear_pad", "Pad", 2, err) : NULL;
	rs = pad ? pass_fold_node(pc, L->n->name, "bilinear_resize", "Resize", 3, err) : NULL;
	sl = rs ? pass_fold_node(pc, L->n->name, "bilinear_slice", "Slice", 5, err) : NULL;
	if (sl && c[7])
		add = pass_fold_node(pc, L->n->name, "bilinear_bias", "Add", 2, err);
	if (!sl || (c[7] && !add) ||
	    pass_fold_set_string(rs, "mode", "linear", err) ||
	    pass_fold_set_string(rs, "coordinate_transformation_mode",
				 half ? "half_pixel" : "asymmetric", err))
		return -1;
	ir_node_remove(L->n);
	xp->dtype = xr->dtype = ys->dtype = L->w->dtype;
	pad->in[0] = L->n->in[0];
	pad->in[1] = c[0];
	ir_node_set_output(pad, 0, xp);
	rs->in[0] = xp;
	rs->in[1] = c[1];
	rs->in[2] = c[2];
	ir_node_set_output(rs, 0, xr);
	sl->in[0] = xr;
	sl->in[1] = c[3];
	sl->in[2] = c[4];
	sl->in[3] = c[5];
	sl->in[4] = c[6];
	ir_node_set_output(sl, 0, ys);
	if (add) {
		add->in[0] = ys;
		add->in[1] = c[7];
		ir_node_set_output(add, 0, y);
	}
	snprintf(h, sizeof h, "Pad/Resize(linear, %s)/Slice%s", half ? "half_pixel" : "asymmetric",
		 c[7] ? "/Add" : "");
	if (pass_mark(pc, pad, "bilinear ConvTranspose '%s' -> %s", L->n->name, h) ||
	    pass_mark(pc, rs, "bilinear ConvTranspose '%s' -> %s", L->n->name, h) ||
	    pass_mark(pc, sl, "bilinear ConvTranspose '%s' -> %s", L->n->name, h) ||
	    (add && pass_mark(pc, add, "bilinear ConvTranspose '%s' -> %s", L->n->name, h)))
		return -1;
	report(pc, L, h, after);
	return 0;
}

/* fold_depthwise: make L's group-1 node the depthwise ConvTranspose of its
 * channel diagonal.  0 or -1. */
static int fold_depthwise(pass_ctx *pc, const bl_layer *L, onnxc_err *err)
{
	int64_t dims[MAXSP + 2], c;
	size_t es = ir_dtype_size(L->w->dtype), row = (size_t)L->ksize * es;
	ir_tensor *t;
	ir_value *wv;
	char h[512];
	int i;

	dims[0] = L->C;
	dims[1] = 1;
	for (i = 0; i < L->nsp; i++)
		dims[i + 2] = L->k[i];
	t = ir_tensor_new(L->w->dtype, L->nsp + 2, dims, err);
	if (!t)
		return -1;
	for (c = 0; c < L->C; c++)
		memcpy((char *)t->data + (size_t)c * row,
		       (const char *)L->w->data + (size_t)(c * L->C + c) * row, row);
	snprintf(h, sizeof h, "%.400s_depthwise", L->n->in[1]->name);
	wv = pass_fold_const(pc->m->graph, h, t, err);
	if (!wv || pass_fold_set_int(L->n, "group", L->C, err))
		return -1;
	L->n->in[1] = wv;
	if (pass_mark(pc, L->n, "bilinear group-1 ConvTranspose made depthwise (its channel diagonal)"))
		return -1;
	report(pc, L, "depthwise ConvTranspose (group = C)", L->C * L->ksize);
	return 0;
}

int pass_fold_bilinear(pass_ctx *pc)
{
	ir_graph *g = pc->m->graph;
	int64_t opset = ir_model_opset(pc->m, "");
	int i, n0 = g->n_nodes;

	if (opset < 0)
		opset = ir_model_opset(pc->m, "ai.onnx");
	for (i = 0; i < n0; i++) {
		ir_node *n = g->nodes[i];
		bl_layer L;
		int resize = opset >= 11, a;
		if (n->dead || n->op != IR_OP_ConvTranspose || !read_layer(n, &L) || !is_bilinear(&L))
			continue;
		for (a = 0; a < L.nsp; a++)
			resize = resize && factor_is_stride(L.k[a], L.s[a]);
		if (resize ? fold_resize(pc, &L, pc->err)
			   : !L.depthwise && fold_depthwise(pc, &L, pc->err))
			return -1;
	}
	ir_graph_compact(g);
	return ir_graph_index(g, pc->err);
}
