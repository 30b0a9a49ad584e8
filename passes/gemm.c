/*
 * gemm.c - MatMul followed by a bias Add becomes one Gemm.
 *
 * Requires: an indexed graph; A's shape (from `infer` or declared);
 * constants as initializers (`fold`); opset >= 7 (Gemm with a broadcasting
 * C and no `broadcast` attribute).
 * Rewrites: Add(MatMul(A, B), c) (either Add operand order, Add opset >= 7)
 * where A is known to be 2-D float, B a float constant [K, N], the MatMul
 * output read only by the Add, and c a float constant that broadcasts to
 * [N] without changing the output's shape ([], [1], [N], [1,1], [1,N]):
 * one Gemm(A, B, c) (alpha = beta = 1) placed where the MatMul was, making
 * the Add's output value.  The MatMul and Add are removed.
 * Keeps: the values A, B, c; the output name.
 */
#include <string.h>

#include "rewrite.h"

/* bias_fits: c broadcasts to [n] and adds no dims to a rank-2 result. */
static int bias_fits(const ir_tensor *c, int64_t n)
{
	int64_t last;

	if (c->rank > 2)
		return 0;
	if (c->rank == 2 && c->dims[0] != 1)
		return 0;
	last = c->rank ? c->dims[c->rank - 1] : 1;
	return last == 1 || last == n;
}

/* node_pos: index of n in g->nodes. */
static int node_pos(const ir_graph *g, const ir_node *n)
{
	int i;

	for (i = 0; i < g->n_nodes && g->nodes[i] != n; i++)
		;
	return i;
}

/* fuse_one: fold Add node `add` (operand `side` from a MatMul) into a Gemm.
 * 1 done, 0 not applicable, -1 OOM. */
static int fuse_one(pass_ctx *pc, ir_node *add, int side)
{
	ir_graph *g = pc->m->graph;
	ir_value *y = add->in[side], *cv = add->in[1 - side];
	ir_node *mm = y ? y->producer : NULL, *gm;
	const ir_tensor *b, *c = pass_const_f(cv);
	ir_value *a;

	if (!c || !mm || mm->dead || mm->op != IR_OP_MatMul || mm->since_version <= 0 ||
	    mm->n_in != 2 || mm->out[0] != y || mm->fused_act != IR_OP_UNKNOWN ||
	    !pass_only_reader(g, y, add))
		return 0;
	a = mm->in[0];
	b = pass_const_f(mm->in[1]);
	if (!a || !b || b->rank != 2 || a->dtype != IR_FLOAT || a->shape.rank != 2 ||
	    (a->shape.dims[1] >= 0 && a->shape.dims[1] != b->dims[0]) || !bias_fits(c, b->dims[1]))
		return 0;
	gm = ir_node_insert(g, node_pos(g, mm), mm->name, "Gemm", "", 3, 1, pc->err);
	if (!gm)
		return -1;
	ir_node_resolve(pc->m, gm);
	if (gm->since_version < 7) {
		ir_node_remove(gm);
		return 0;
	}
	gm->in[0] = a;
	gm->in[1] = mm->in[1];
	gm->in[2] = cv;
	ir_node_remove(mm);
	ir_node_remove(add);
	ir_node_set_output(gm, 0, add->out[0]);
	y->producer = NULL;
	if (pass_mark(pc, gm, "made from MatMul '%s' + Add '%s'", mm->name, add->name))
		return -1;
	pass_note(pc, "fused nodes '%s' (MatMul) and '%s' (Add) into one Gemm", mm->name,
		  add->name);
	return 1;
}

int pass_gemm(pass_ctx *pc)
{
	ir_graph *g = pc->m->graph;
	int i, side, rc;

	for (i = 0; i < g->n_nodes; i++) {
		ir_node *n = g->nodes[i];
		if (n->dead || n->op != IR_OP_Add || n->since_version < 7 || n->n_in != 2 ||
		    !n->in[0] || !n->in[1] || n->n_out != 1 || !n->out[0] ||
		    n->fused_act != IR_OP_UNKNOWN)
			continue;
		for (side = 0; side < 2; side++) {
			if ((rc = fuse_one(pc, n, side)) < 0)
				return -1;
			if (rc) {
				i++;   /* the Gemm was inserted before n */
				break;
			}
		}
	}
	return pass_finish(pc);
}
