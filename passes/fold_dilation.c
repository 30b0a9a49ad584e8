/*
 * fold_dilation.c - Conv layers that degenerate to one tap: when the
 * dilation (or the padding) is so large for the known input size that every
 * tap but one reads only padding at every output position (DeepLabv3's
 * observation on large atrous rates: a 3x3 filter degenerates to its
 * centre), the Conv becomes the exact 1x1 Conv of that tap's weights.
 *
 * Conv nodes of the top graph.  Per spatial axis (input size H, kernel k,
 * dilation d, stride s, begin/end pads p0/p1,
 * out = (H + p0 + p1 - (k-1)*d - 1)/s + 1 outputs), tap t reads
 * input o*s - p0 + t*d of output o; it "survives" when that is inside
 * [0, H) for some o.  A tap of the N-D kernel reads data only when it
 * survives on every axis, so the Conv equals a 1x1 Conv exactly when one
 * tap t* survives per axis: weights W[:, :, t*...], same strides and group,
 * pads q0 = p0 - t*d and q1 = p1 - (k-1-t*)*d (the output size is the
 * same).  Folded only when q0, q1 >= 0 (ONNX pads cannot be negative).
 *
 * Needs X's spatial sizes: taken from the IR's value shapes (declared in
 * the model, or filled by a shape-inference pass running before this one);
 * a Conv whose input size is unknown is left alone.  Weights are
 * initializers or Identity/Constant outputs of constants.  Also left
 * alone: weights that are not constant or are graph inputs, kernels of one
 * tap already.  auto_pad SAME_* / VALID is resolved to explicit pads.
 *
 * Requires: an indexed graph.  Keeps: the node (name, outputs, bias, fused
 * activation); its weight input becomes a new initializer (the old one
 * stays until dce); kernel_shape/dilations become 1s, pads explicit,
 * auto_pad NOTSET.  Each fold is one note: node, kernel, dilations, input
 * size, surviving tap, multiply-adds saved.
 */
#include <stdio.h>
#include <string.h>

#include "fold_util.h"

#define MAXSP PASS_FOLD_MAXSP
#define GEOM_MAX ((int64_t)1 << 24)

typedef struct dl_conv {
	int nsp;
	int64_t k[MAXSP], d[MAXSP], s[MAXSP], p0[MAXSP], p1[MAXSP], in[MAXSP], out[MAXSP];
	int64_t tap[MAXSP];            /* the surviving tap per axis */
	int64_t ksize;
} dl_conv;

/* geometry: fill c from Conv node n with weights w.  1 when n's geometry is
 * fully known and sane, else 0. */
static int geometry(const ir_node *n, const ir_tensor *w, dl_conv *c)
{
	int64_t ks[MAXSP], pads[2 * MAXSP];
	const char *ap = ir_attr_string(n, "auto_pad", "NOTSET");
	int i, upper = !strcmp(ap, "SAME_UPPER"), same = upper || !strcmp(ap, "SAME_LOWER");

	memset(c, 0, sizeof *c);
	c->nsp = w->rank - 2;
	if (!same && strcmp(ap, "NOTSET") && strcmp(ap, "VALID"))
		return 0;
	if (!pass_fold_spatial(n->in[0], c->nsp, c->in) ||
	    pass_fold_ints(n, "kernel_shape", c->nsp, -1, ks) ||
	    pass_fold_ints(n, "dilations", c->nsp, 1, c->d) ||
	    pass_fold_ints(n, "strides", c->nsp, 1, c->s) ||
	    pass_fold_ints(n, "pads", 2 * c->nsp, 0, pads))
		return 0;
	c->ksize = 1;
	for (i = 0; i < c->nsp; i++) {
		int64_t ek;
		c->k[i] = w->dims[i + 2];
		if ((ks[i] != -1 && ks[i] != c->k[i]) || c->k[i] < 1 || c->k[i] >= GEOM_MAX ||
		    c->d[i] < 1 || c->d[i] >= GEOM_MAX || c->s[i] < 1 || c->s[i] >= GEOM_MAX ||
		    c->in[i] >= GEOM_MAX)
			return 0;
		c->ksize *= c->k[i];
		ek = (c->k[i] - 1) * c->d[i] + 1;
		if (same) {
			int64_t out = (c->in[i] + c->s[i] - 1) / c->s[i];
			int64_t total = (out - 1) * c->s[i] + ek - c->in[i];
			if (total < 0)
				total = 0;
			c->p0[i] = upper ? total / 2 : total - total / 2;
			c->p1[i] = total - c->p0[i];
		} else if (!strcmp(ap, "VALID")) {
			c->p0[i] = c->p1[i] = 0;
		} else {
			c->p0[i] = pads[i];
			c->p1[i] = pads[c->nsp + i];
		}
		if (c->p0[i] < 0 || c->p0[i] >= GEOM_MAX || c->p1[i] < 0 || c->p1[i] >= GEOM_MAX ||
		    c->in[i] + c->p0[i] + c->p1[i] < ek)
			return 0;
		c->out[i] = (c->in[i] + c->p0[i] + c->p1[i] - ek) / c->s[i] + 1;
	}
	return 1;
}

/* single_tap: 1 when exactly one tap per axis reads input data and the
 * 1x1 pads it leaves are >= 0 (c->tap set), else 0. */
static int single_tap(dl_conv *c)
{
	int i, spatial = 0;

	for (i = 0; i < c->nsp; i++) {
		int64_t t, found = 0;
		if (c->k[i] > 1)
			spatial = 1;
		for (t = 0; t < c->k[i]; t++) {
			int64_t lo = c->p0[i] - t * c->d[i];   /* o*s must lie in [lo, lo + H) */
			int64_t o = lo <= 0 ? 0 : (lo + c->s[i] - 1) / c->s[i];
			if (o < c->out[i] && o * c->s[i] < lo + c->in[i]) {
				found++;
				c->tap[i] = t;
			}
		}
		if (found != 1 || c->p0[i] - c->tap[i] * c->d[i] < 0 ||
		    c->p1[i] - (c->k[i] - 1 - c->tap[i]) * c->d[i] < 0)
			return 0;
	}
	return spatial;
}

/* fmt_dims: v[0..n) joined by sep into buf. */
static const char *fmt_dims(char *buf, size_t len, const int64_t *v, int n, const char *sep)
{
	size_t used = 0;
	int i;

	buf[0] = 0;
	for (i = 0; i < n && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%lld", i ? sep : "", (long long)v[i]);
	return buf;
}

/* rewrite: make n the 1x1 Conv of tap c->tap.  0 or -1. */
static int rewrite(pass_ctx *pc, ir_node *n, const ir_tensor *w, const dl_conv *c)
{
	int64_t dims[MAXSP + 2], ones[MAXSP], pads[2 * MAXSP], flat = 0, r, rows = w->dims[0] * w->dims[1];
	size_t es = ir_dtype_size(w->dtype);
	char h[512], kb[96], db[96], ib[96], tb[96], pb[192], run[64] = "";
	ir_tensor *t;
	ir_value *wv;
	double saved;
	int i;

	dims[0] = w->dims[0];
	dims[1] = w->dims[1];
	for (i = 0; i < c->nsp; i++) {
		dims[i + 2] = 1;
		ones[i] = 1;
		flat = flat * c->k[i] + c->tap[i];
		pads[i] = c->p0[i] - c->tap[i] * c->d[i];
		pads[c->nsp + i] = c->p1[i] - (c->k[i] - 1 - c->tap[i]) * c->d[i];
	}
	t = ir_tensor_new(w->dtype, w->rank, dims, pc->err);
	if (!t)
		return -1;
	for (r = 0; r < rows; r++)
		memcpy((char *)t->data + (size_t)r * es,
		       (const char *)w->data + ((size_t)(r * c->ksize + flat)) * es, es);
	snprintf(h, sizeof h, "%.400s_tap", n->in[1]->name);
	wv = pass_fold_const(pc->m->graph, h, t, pc->err);
	if (!wv || (ir_attr_get(n, "kernel_shape") &&
		    pass_fold_set_ints(n, "kernel_shape", c->nsp, ones, pc->err)) ||
	    (ir_attr_get(n, "dilations") && pass_fold_set_ints(n, "dilations", c->nsp, ones, pc->err)) ||
	    pass_fold_set_ints(n, "pads", 2 * c->nsp, pads, pc->err) ||
	    (ir_attr_get(n, "auto_pad") && pass_fold_set_string(n, "auto_pad", "NOTSET", pc->err)))
		return -1;
	n->in[1] = wv;
	if (pass_mark(pc, n, "dilated %s Conv reduced to its only live tap (%s)",
		      fmt_dims(kb, sizeof kb, c->k, c->nsp, "x"), fmt_dims(tb, sizeof tb, c->tap, c->nsp, ",")))
		return -1;
	saved = (double)(c->ksize - 1) * (double)rows;
	for (i = 0; i < c->nsp; i++)
		saved *= (double)c->out[i];
	if (n->in[0]->shape.dims[0] >= 1)
		snprintf(run, sizeof run, " (%.0f per run)", saved * (double)n->in[0]->shape.dims[0]);
	pass_note(pc, "folded Conv '%s' (k=%s, dilations=%s, input %s): only tap (%s) reads data -> "
		  "1x1 Conv, pads %s; multiply-adds saved %.0f per image%s",
		  n->name, fmt_dims(kb, sizeof kb, c->k, c->nsp, "x"),
		  fmt_dims(db, sizeof db, c->d, c->nsp, "x"), fmt_dims(ib, sizeof ib, c->in, c->nsp, "x"),
		  fmt_dims(tb, sizeof tb, c->tap, c->nsp, ","), fmt_dims(pb, sizeof pb, pads, 2 * c->nsp, ","),
		  saved, run);
	return 0;
}

int pass_fold_dilation(pass_ctx *pc)
{
	ir_graph *g = pc->m->graph;
	int i;

	for (i = 0; i < g->n_nodes; i++) {
		ir_node *n = g->nodes[i];
		const ir_value *wv = n->n_in > 1 ? n->in[1] : NULL;
		const ir_tensor *w = n->op == IR_OP_Conv ? pass_fold_weight(wv) : NULL;
		dl_conv c;
		if (n->dead || n->op != IR_OP_Conv || !n->in[0] || !w ||
		    w->rank < 3 || w->rank > MAXSP + 2 || w->dtype == IR_STRING ||
		    !ir_dtype_size(w->dtype) || !geometry(n, w, &c) || !single_tap(&c))
			continue;
		if (rewrite(pc, n, w, &c))
			return -1;
	}
	return ir_graph_index(g, pc->err);
}
