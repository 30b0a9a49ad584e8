/*
 * simplify.c - remove nodes that pass their input through unchanged.
 *
 * Requires: an indexed graph; value shapes (from `infer` or declared) for
 * the reshaping ops.
 * Removes, rewiring the readers of the output to the input: Identity;
 * Dropout whose mask output is absent or unread and whose training_mode is
 * absent or a constant false; Cast (and CastLike) to the input's own dtype;
 * Reshape, Flatten, Squeeze and Unsqueeze whose output's static shape equals
 * the input's; Pad whose pads are all 0.  A removed node's output that is a graph output keeps its
 * name (the input's producer makes it instead); when that is impossible
 * (the input is a graph input, a constant or another graph output) the node
 * stays.  Keeps: everything else; now-unread shape inputs are left for dce.
 */
#include <string.h>

#include "rewrite.h"

static int same_static_shape(const ir_value *a, const ir_value *b)
{
	return pass_static(a) && pass_static(b) && a->dtype == b->dtype &&
	       a->shape.rank == b->shape.rank &&
	       (!a->shape.rank ||
		!memcmp(a->shape.dims, b->shape.dims, sizeof(int64_t) * (size_t)a->shape.rank));
}

/* dropout_is_identity: inference Dropout whose mask nothing reads. */
static int dropout_is_identity(const ir_graph *g, const ir_node *n)
{
	const ir_value *mask = n->n_out > 1 ? n->out[1] : NULL;
	const ir_value *train = n->since_version >= 12 && n->n_in > 2 ? n->in[2] : NULL;

	if (mask && (mask->is_output || pass_uses(g, mask, NULL)))
		return 0;
	if (!train)
		return 1;
	return train->init && train->init->dtype == IR_BOOL && train->init->numel == 1 &&
	       !*(const uint8_t *)train->init->data;
}

/* zero_pad: a Pad whose pads (attribute or constant input) are all 0. */
static int zero_pad(const ir_node *n)
{
	const int64_t *p;
	int cnt, i;

	if (n->since_version < 11) {
		p = ir_attr_ints(n, n->since_version < 2 ? "paddings" : "pads", &cnt);
	} else {
		const ir_tensor *t = n->n_in > 1 && n->in[1] ? n->in[1]->init : NULL;
		if (!t || t->dtype != IR_INT64 || t->numel > INT32_MAX)
			return 0;
		p = t->data;
		cnt = (int)t->numel;
	}
	if (!p)
		return 0;
	for (i = 0; i < cnt; i++)
		if (p[i])
			return 0;
	return 1;
}

/* passes_through: n's output 0 equals its input 0. */
static int passes_through(const ir_graph *g, const ir_node *n)
{
	const ir_value *x = n->n_in > 0 ? n->in[0] : NULL, *y = n->n_out > 0 ? n->out[0] : NULL;
	int k;

	if (!x || !y || pass_has_subgraph(n) || n->fused_act != IR_OP_UNKNOWN)
		return 0;
	for (k = 1; k < n->n_out; k++)
		if (n->out[k] && n->op != IR_OP_Dropout)
			return 0;
	switch (n->op) {
	case IR_OP_Identity:
		return 1;
	case IR_OP_Dropout:
		return dropout_is_identity(g, n);
	case IR_OP_Cast:
		return ir_dtype_valid(x->dtype) && ir_attr_int(n, "to", 0) == x->dtype;
	case IR_OP_CastLike:
		return n->n_in > 1 && n->in[1] && ir_dtype_valid(x->dtype) &&
		       n->in[1]->dtype == x->dtype;
	case IR_OP_Pad:
		return zero_pad(n);
	case IR_OP_Reshape:
	case IR_OP_Flatten:
	case IR_OP_Squeeze:
	case IR_OP_Unsqueeze:
		return same_static_shape(x, y);
	default:
		return 0;
	}
}

int pass_simplify(pass_ctx *pc)
{
	ir_graph *g = pc->m->graph;
	int i;

	for (i = 0; i < g->n_nodes; i++) {
		ir_node *n = g->nodes[i];
		if (n->dead || n->since_version <= 0 || !passes_through(g, n))
			continue;
		if (pass_bypass(g, n, n->out[0], n->in[0]))
			pass_note(pc, "removed node '%s' (%s)", n->name, n->op_type);
	}
	return pass_finish(pc);
}
