/*
 * lint_geom.c - the dilation lint's view of Conv and Pool nodes: kernel,
 * dilations, strides and begin/end pads per spatial axis.
 */
#include <string.h>

#include "lint_int.h"

int pass_lint_is_convlike(const ir_node *n)
{
	switch (n->op) {
	case IR_OP_Conv: case IR_OP_ConvInteger: case IR_OP_QLinearConv:
	case IR_OP_MaxPool: case IR_OP_AveragePool: case IR_OP_LpPool:
		return 1;
	default:
		return 0;
	}
}

/* ints_attr: copy an INTS attribute of exactly `want` entries into out
 * (defaults dflt when absent).  0, or -1 when its length is wrong. */
static int ints_attr(const ir_node *n, const char *name, int want, int64_t dflt, int64_t *out)
{
	int cnt, a;
	const int64_t *v = ir_attr_ints(n, name, &cnt);

	for (a = 0; a < want; a++)
		out[a] = dflt;
	if (!v)
		return 0;
	if (cnt != want)
		return -1;
	memcpy(out, v, (size_t)want * sizeof *out);
	return 0;
}

/* weight_kernel: spatial dims of the weight input (initializer or declared
 * shape); their count, or -1. */
static int weight_kernel(const ir_node *n, int64_t *k)
{
	int wi = n->op == IR_OP_QLinearConv ? 3 : 1, a, rank;
	const ir_value *w = wi < n->n_in ? n->in[wi] : NULL;
	const int64_t *d;

	if (!w)
		return -1;
	if (w->init) {
		rank = w->init->rank;
		d = w->init->dims;
	} else {
		rank = w->shape.rank;
		d = w->shape.dims;
	}
	if (rank < 3 || rank - 2 > PASS_LINT_MAXSP)
		return -1;
	for (a = 0; a < rank - 2; a++) {
		if (d[a + 2] < 1)
			return -1;
		k[a] = d[a + 2];
	}
	return rank - 2;
}

int pass_lint_node_geom(const ir_node *n, const int64_t *in_dims, pass_lint_geom *g,
			onnxc_err *err)
{
	int cnt = 0, a;
	const int64_t *ks = ir_attr_ints(n, "kernel_shape", &cnt);
	const char *ap = ir_attr_string(n, "auto_pad", "NOTSET");
	int64_t pads[2 * PASS_LINT_MAXSP];

	memset(g, 0, sizeof *g);
	if (ks) {
		if (cnt < 1 || cnt > PASS_LINT_MAXSP)
			goto bad;
		for (a = 0; a < cnt; a++)
			g->k[a] = ks[a];
		g->nsp = cnt;
	} else if ((g->nsp = weight_kernel(n, g->k)) < 1) {
		goto bad;
	}
	if (ints_attr(n, "dilations", g->nsp, 1, g->r) || ints_attr(n, "strides", g->nsp, 1, g->s) ||
	    ints_attr(n, "pads", 2 * g->nsp, 0, pads))
		goto bad;
	g->ceil_mode = (int)ir_attr_int(n, "ceil_mode", 0);
	for (a = 0; a < g->nsp; a++) {
		int64_t ext;
		if (g->k[a] < 1 || g->k[a] > (1 << 16) || g->r[a] < 1 || g->r[a] > (1 << 20) ||
		    g->s[a] < 1 || g->s[a] > (1 << 20) || pads[a] < 0 || pads[a + g->nsp] < 0 ||
		    pads[a] > (1 << 24) || pads[a + g->nsp] > (1 << 24))
			goto bad;
		ext = (g->k[a] - 1) * g->r[a];
		g->pb[a] = pads[a];
		g->pe[a] = pads[a + g->nsp];
		if (!strcmp(ap, "VALID")) {
			g->pb[a] = g->pe[a] = 0;
		} else if (!strncmp(ap, "SAME", 4)) {
			int64_t tot = ext, N = in_dims ? in_dims[a] : -1;
			if (g->s[a] > 1 && N > 0) {
				tot = ((N + g->s[a] - 1) / g->s[a] - 1) * g->s[a] + ext + 1 - N;
				tot = tot < 0 ? 0 : tot;
			}
			g->pb[a] = strcmp(ap, "SAME_LOWER") ? tot / 2 : tot - tot / 2;
			g->pe[a] = tot - g->pb[a];
		}
		if (g->k[a] > 1 || g->pb[a])
			g->spatial = 1;
		if (g->s[a] > 1)
			g->strided = 1;
		if (g->k[a] > 1 && g->r[a] > 1)
			g->dilated = 1;
	}
	return 0;
bad:
	return onnxc_seterr(err, ONNXC_EINVAL, "node '%s' (%s): kernel, dilations, strides or pads "
			    "missing or out of range", n->name, n->op_type);
}
