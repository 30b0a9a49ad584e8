/*
 * fold_pad.c - fold a zero Pad into the padding of the Conv or AveragePool
 * that reads it.
 *
 * Requires: an indexed graph; Pad's pads (and constant_value) as
 * initializers from opset 11 (`fold`).
 * Rewrites: Pad(x) in constant mode with value 0 (absent, or a constant
 * equal to 0), padding only the spatial axes (axes 0 and 1 unpadded),
 * non-negative, read as input 0 by a Conv (auto_pad NOTSET) or an
 * AveragePool (opset >= 7, ceil_mode = 0, auto_pad NOTSET, and
 * count_include_pad = 1 or no pads of its own) of the same rank: that reader
 * reads x directly and its pads grow by the Pad's (an AveragePool gets
 * count_include_pad = 1: the padding zeros were data it counted).  MaxPool is left alone (its padding is not a 0 fill).  The
 * Pad stays while something else reads it (dce removes it otherwise).
 * Keeps: every other attribute; the output shapes.
 */
#include <string.h>

#include "rewrite.h"

#define PAD_MAXRANK 16

/* zero_value: the constant_value input is absent or a constant 0. */
static int zero_value(const ir_value *v)
{
	const ir_tensor *t = v ? v->init : NULL;
	size_t i;

	if (!v)
		return 1;
	if (!t || t->numel != 1 || t->dtype == IR_STRING)
		return 0;
	if (t->dtype == IR_FLOAT)
		return *(const float *)t->data == 0.0f;
	if (t->dtype == IR_DOUBLE)
		return *(const double *)t->data == 0.0;
	for (i = 0; i < t->nbytes; i++)
		if (((const unsigned char *)t->data)[i])
			return 0;
	return 1;
}

/* pad_amounts: the Pad's pads ([begin..., end...]) into p; its rank or 0
 * when the Pad is not a foldable zero padding of spatial axes. */
static int pad_amounts(const ir_node *n, int64_t *p)
{
	const char *mode = ir_attr_string(n, "mode", "constant");
	const int64_t *a;
	int cnt, r, i;

	if (strcmp(mode, "constant") || n->n_in < 1 || !n->in[0] || n->n_out != 1 || !n->out[0])
		return 0;
	if (n->since_version < 11) {
		a = ir_attr_ints(n, n->since_version < 2 ? "paddings" : "pads", &cnt);
		if (!a || ir_attr_float(n, "value", 0.0f) != 0.0f || cnt > 2 * PAD_MAXRANK)
			return 0;
		memcpy(p, a, sizeof *p * (size_t)cnt);
	} else {
		const ir_tensor *t = n->n_in > 1 && n->in[1] ? n->in[1]->init : NULL;
		if (!t || t->dtype != IR_INT64 || t->rank != 1 || t->numel > 2 * PAD_MAXRANK ||
		    (n->n_in > 3 && n->in[3]) || !zero_value(n->n_in > 2 ? n->in[2] : NULL))
			return 0;
		cnt = (int)t->numel;
		memcpy(p, t->data, t->nbytes);
	}
	if (cnt % 2 || cnt < 6)
		return 0;
	r = cnt / 2;
	for (i = 0; i < cnt; i++)
		if (p[i] < 0)
			return 0;
	if (p[0] || p[1] || p[r] || p[r + 1])
		return 0;
	return r;
}

/* no_pads: n's pads attribute is absent or all 0. */
static int no_pads(const ir_node *n)
{
	const int64_t *p;
	int cnt, i;

	p = ir_attr_ints(n, "pads", &cnt);
	for (i = 0; p && i < cnt; i++)
		if (p[i])
			return 0;
	return 1;
}

/* reader_ok: n (reading the Pad's output as input 0) takes explicit pads
 * for a rank-r input. */
static int reader_ok(const ir_node *n, int r)
{
	const char *ap = ir_attr_string(n, "auto_pad", "NOTSET");
	const ir_tensor *w;
	int cnt;

	if (strcmp(ap, "NOTSET") || n->since_version <= 0 || n->fused_act != IR_OP_UNKNOWN)
		return 0;
	if (ir_attr_ints(n, "pads", &cnt) && cnt != 2 * (r - 2))
		return 0;
	if (n->op == IR_OP_Conv) {
		w = n->n_in > 1 && n->in[1] ? n->in[1]->init : NULL;
		return w ? w->rank == r : n->in[0]->shape.rank == r;
	}
	if (n->op == IR_OP_AveragePool) {
		int ks;
		return n->since_version >= 7 && ir_attr_int(n, "ceil_mode", 0) == 0 &&
		       ir_attr_ints(n, "kernel_shape", &ks) && ks == r - 2 &&
		       (ir_attr_int(n, "count_include_pad", 0) == 1 || no_pads(n));
	}
	return 0;
}

int pass_fold_pad(pass_ctx *pc)
{
	ir_graph *g = pc->m->graph;
	int i, j, k, r;

	for (i = 0; i < g->n_nodes; i++) {
		ir_node *pad = g->nodes[i];
		int64_t p[2 * PAD_MAXRANK];
		if (pad->dead || pad->op != IR_OP_Pad || pad->since_version <= 0 ||
		    !(r = pad_amounts(pad, p)))
			continue;
		for (j = i + 1; j < g->n_nodes; j++) {
			ir_node *n = g->nodes[j];
			int64_t np[2 * PAD_MAXRANK];
			const int64_t *old;
			int cnt;
			if (n->dead || n->n_in < 1 || n->in[0] != pad->out[0] || !reader_ok(n, r))
				continue;
			for (k = 1; k < n->n_in; k++)
				if (n->in[k] == pad->out[0])
					break;
			if (k < n->n_in)
				continue;
			old = ir_attr_ints(n, "pads", &cnt);
			for (k = 0; k < r - 2; k++) {
				np[k] = (old ? old[k] : 0) + p[2 + k];
				np[r - 2 + k] = (old ? old[r - 2 + k] : 0) + p[r + 2 + k];
			}
			if (pass_set_ints(n, "pads", np, 2 * (r - 2), pc->err))
				return -1;
			/* the padding zeros were data: the pool counts them */
			if (n->op == IR_OP_AveragePool &&
			    pass_set_int(n, "count_include_pad", 1, pc->err))
				return -1;
			n->in[0] = pad->in[0];
			if (pass_mark(pc, n, "Pad '%s' folded into pads", pad->name))
				return -1;
			pass_note(pc, "folded node '%s' (Pad) into '%s' (%s)", pad->name, n->name,
				  n->op_type);
		}
	}
	return pass_finish(pc);
}
