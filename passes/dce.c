/*
 * dce.c - dead code elimination.
 *
 * Requires: an indexed graph (uses up to date).
 * Removes: nodes none of whose outputs is read (by a node, a subgraph, or as
 * a graph output), repeatedly; initializers nothing reads that are not graph
 * inputs.  Keeps: everything else, node order.
 */
#include "pass.h"

/* value_read: does any node (or subgraph of one) of g read v? */
static int value_read(const ir_graph *g, const ir_value *v)
{
	int i, k, j;

	for (i = 0; i < g->n_nodes; i++) {
		const ir_node *n = g->nodes[i];
		if (n->dead)
			continue;
		for (k = 0; k < n->n_in; k++)
			if (n->in[k] == v)
				return 1;
		for (k = 0; k < n->n_attr; k++) {
			const ir_attr *a = &n->attrs[k];
			if (a->g && value_read(a->g, v))
				return 1;
			for (j = 0; a->graphs && j < a->n; j++)
				if (value_read(a->graphs[j], v))
					return 1;
		}
	}
	return 0;
}

int pass_dce(pass_ctx *pc)
{
	ir_graph *g = pc->m->graph;
	int i, k, changed = 1, removed = 0;

	while (changed) {
		changed = 0;
		for (i = g->n_nodes - 1; i >= 0; i--) {
			ir_node *n = g->nodes[i];
			int live = 0;
			if (n->dead)
				continue;
			for (k = 0; k < n->n_out && !live; k++)
				live = n->out[k] && (n->out[k]->is_output || value_read(g, n->out[k]));
			if (live)
				continue;
			ir_node_remove(n);
			pass_note(pc, "removed node '%s' (%s)", n->name, n->op_type);
			removed++;
			changed = 1;
		}
	}
	ir_graph_compact(g);
	for (i = 0, k = 0; i < g->n_inits; i++) {
		ir_value *v = g->inits[i];
		if (!v->is_input && !v->is_output && !value_read(g, v)) {
			pass_note(pc, "removed initializer '%s'", v->name);
			ir_tensor_free(v->init);
			v->init = NULL;
			v->is_initializer = 0;
			continue;
		}
		g->inits[k++] = v;
	}
	g->n_inits = k;
	(void)removed;
	return ir_graph_index(g, pc->err);
}
