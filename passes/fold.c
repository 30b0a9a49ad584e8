/*
 * fold.c - constant folding.
 *
 * Requires: an indexed graph; shapes from `infer` (or declared) for the
 * shape queries.
 * Rewrites: a node of the top graph whose inputs are all initializers
 * (Constant included: it has none) is run with its kernel (rt_eval_node)
 * and its outputs become initializers under the same names; so is Shape or
 * Size of a value whose dtype and dims are all static.  Repeats to a
 * fixpoint, so PyTorch's Shape -> Gather -> Unsqueeze -> Concat chains
 * feeding Reshape/Resize/Pad/Expand fold away.  Not folded: random ops,
 * nodes with subgraphs, nodes whose outputs are more than 1 MiB larger than
 * the constants they read (ConstantOfShape, Expand, Tile...: they would
 * bloat the model), nodes the kernel refuses (left for the session to
 * report).  Keeps: values' names; the folded nodes' now-unread inputs stay
 * for dce.
 */
#include <string.h>

#include "rewrite.h"
#include "session.h"

/* never_fold: ops whose result is not a function of their inputs. */
static int never_fold(const ir_node *n)
{
	static const char *const ops[] = { "RandomNormal", "RandomNormalLike", "RandomUniform",
					   "RandomUniformLike", "Multinomial", "Bernoulli" };
	size_t i;

	for (i = 0; i < sizeof ops / sizeof ops[0]; i++)
		if (!strcmp(n->op_type, ops[i]))
			return 1;
	return n->op == IR_OP_UNKNOWN || pass_has_subgraph(n);
}

/* foldable: every present input is constant (or, for Shape and Size, has a
 * static shape), and some output is present. */
static int foldable(const ir_node *n)
{
	int k, outs = 0;

	if (never_fold(n))
		return 0;
	for (k = 0; k < n->n_out; k++)
		outs += n->out[k] != NULL;
	if (!outs)
		return 0;
	if (n->op == IR_OP_Shape || n->op == IR_OP_Size)
		return n->n_in >= 1 && n->in[0] && (n->in[0]->init || pass_static(n->in[0]));
	for (k = 0; k < n->n_in; k++)
		if (n->in[k] && !n->in[k]->init)
			return 0;
	return 1;
}

/* fold_one: evaluate n; on success its outputs become initializers and n is
 * removed (1).  0 when it is left alone, -1 on OOM. */
static int fold_one(pass_ctx *pc, ir_node *n)
{
	ir_graph *g = pc->m->graph;
	ir_tensor **outs;
	onnxc_err err = { 0 };
	int k, rc, cnt = 0;

	outs = onnxc_calloc((size_t)(n->n_out ? n->n_out : 1), sizeof *outs);
	if (!outs)
		return onnxc_oom(pc->err);
	rc = rt_eval_node(n, PASS_FOLD_MAX_GROWTH, outs, &err);
	if (rc) {
		onnxc_free(outs);
		if (rc < 0 && err.code == ONNXC_ENOMEM)
			return onnxc_oom(pc->err);
		return 0;
	}
	ir_node_remove(n);
	for (k = 0; k < n->n_out; k++) {
		ir_value *v = n->out[k];
		if (!v)
			continue;
		v->producer = NULL;
		v->dtype = outs[k]->dtype;
		if (ir_shape_set(&v->shape, outs[k]->rank, outs[k]->dims, pc->err))
			goto free_rest;
		v->has_type = 1;
		if (ir_graph_add_init(g, v, outs[k], pc->err)) {
			outs[k] = NULL;
			goto free_rest;
		}
		outs[k] = NULL;
		cnt++;
	}
	onnxc_free(outs);
	pass_note(pc, "folded node '%s' (%s) into %d constant%s", n->name, n->op_type, cnt,
		  cnt == 1 ? "" : "s");
	return 1;
free_rest:
	for (; k < n->n_out; k++)
		ir_tensor_free(outs[k]);
	onnxc_free(outs);
	return -1;
}

int pass_fold(pass_ctx *pc)
{
	ir_graph *g = pc->m->graph;
	int i, changed = 1;

	while (changed) {
		changed = 0;
		for (i = 0; i < g->n_nodes; i++) {
			ir_node *n = g->nodes[i];
			int rc;
			if (n->dead || !foldable(n))
				continue;
			rc = fold_one(pc, n);
			if (rc < 0)
				return -1;
			changed |= rc;
		}
	}
	return pass_finish(pc);
}
