/*
 * fold_affine.c - fold a per-channel constant Add or Mul into the Conv
 * before it.
 *
 * Requires: an indexed graph; constants as initializers (`fold`).
 * Rewrites: Add(y, c) / Mul(y, c) (either operand order, opset >= 7) where
 * y = Conv(x, W, b) is read only there, W (and b) float constants, and c a
 * float constant that broadcasts over y per output channel: c's dims,
 * aligned to y's trailing dims, are all 1 except possibly the channel axis
 * (1) which may be C ([C,1,1], [1,C,1,1], a scalar...).
 *   Add: b'[o] = b[o] + c[o]        (b created when absent)
 *   Mul: W'[o, ...] = W[o, ...] * c[o], b'[o] = b[o] * c[o]
 * The Conv then produces the Add/Mul output value (its name kept) and the
 * Add/Mul is removed.  New weights are new initializers (old ones are left
 * for dce).  Keeps: the Conv's attributes and shapes.
 */
#include "rewrite.h"

/* per_channel: c broadcasts over a rank-r output per channel (of m); then
 * *step is 0 (one value for all) or 1 (one per channel). */
static int per_channel(const ir_tensor *c, int r, int64_t m, int *step)
{
	int i;

	if (c->rank > r)
		return 0;
	*step = 0;
	for (i = 0; i < c->rank; i++) {
		int axis = r - c->rank + i;
		if (c->dims[i] == 1)
			continue;
		if (axis != 1 || c->dims[i] != m)
			return 0;
		*step = 1;
	}
	return 1;
}

/* fold_one: fold node n (Add/Mul) into the Conv producing operand `side`;
 * 1 done, 0 not applicable, -1 OOM. */
static int fold_one(pass_ctx *pc, ir_node *n, int side)
{
	ir_graph *g = pc->m->graph;
	ir_value *y = n->in[side], *wv = NULL, *bv;
	ir_node *conv = y ? y->producer : NULL;
	const ir_tensor *c = pass_const_f(n->in[1 - side]), *w, *b;
	ir_tensor *nw = NULL, *nb;
	int step, is_mul = n->op == IR_OP_Mul;
	int64_t o, i, m, inner;

	if (!c || !conv || conv->dead || conv->op != IR_OP_Conv || conv->since_version <= 0 ||
	    conv->fused_act != IR_OP_UNKNOWN || conv->n_in < 2 || conv->out[0] != y ||
	    !pass_only_reader(g, y, n))
		return 0;
	w = pass_const_f(conv->in[1]);
	b = conv->n_in > 2 && conv->in[2] ? pass_const_f(conv->in[2]) : NULL;
	if (!w || w->rank < 3 || (conv->n_in > 2 && conv->in[2] && !b))
		return 0;
	m = w->dims[0];
	if ((b && (b->rank != 1 || b->dims[0] != m)) || !per_channel(c, w->rank, m, &step))
		return 0;
	if (is_mul) {
		if (!(nw = ir_tensor_clone(w, pc->err)))
			return -1;
		inner = w->numel / m;
		for (o = 0; o < m; o++)
			for (i = 0; i < inner; i++)
				((float *)nw->data)[o * inner + i] *= ((const float *)c->data)[o * step];
		if (!(wv = pass_new_const(g, conv->in[1]->name, nw, pc->err)))
			return -1;
	}
	if (b || !is_mul) {
		if (!(nb = ir_tensor_new(IR_FLOAT, 1, &m, pc->err)))
			return -1;
		for (o = 0; o < m; o++) {
			float bo = b ? ((const float *)b->data)[o] : 0.0f;
			float co = ((const float *)c->data)[o * step];
			((float *)nb->data)[o] = is_mul ? bo * co : bo + co;
		}
		if (pass_set_inputs(conv, 3, pc->err)) {
			ir_tensor_free(nb);
			return -1;
		}
		if (!(bv = pass_new_const(g, conv->in[2] ? conv->in[2]->name : conv->name, nb,
					  pc->err)))
			return -1;
		conv->in[2] = bv;
	}
	if (wv)
		conv->in[1] = wv;
	ir_node_remove(n);
	pass_take_output(g, conv, 0, n->out[0]);
	if (pass_mark(pc, conv, "%s '%s' folded into the %s", n->op_type, n->name,
		      n->op == IR_OP_Add ? "bias" : "weights"))
		return -1;
	pass_note(pc, "folded node '%s' (%s) into '%s' (Conv)", n->name, n->op_type, conv->name);
	return 1;
}

int pass_fold_affine(pass_ctx *pc)
{
	ir_graph *g = pc->m->graph;
	int i, side, rc;

	for (i = 0; i < g->n_nodes; i++) {
		ir_node *n = g->nodes[i];
		if (n->dead || (n->op != IR_OP_Add && n->op != IR_OP_Mul) || n->since_version < 7 ||
		    n->n_in != 2 || !n->in[0] || !n->in[1] || n->n_out != 1 || !n->out[0] ||
		    n->fused_act != IR_OP_UNKNOWN)
			continue;
		for (side = 0; side < 2; side++) {
			if ((rc = fold_one(pc, n, side)) < 0)
				return -1;
			if (rc)
				break;
		}
	}
	return pass_finish(pc);
}
