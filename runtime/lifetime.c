/*
 * lifetime.c - from the run list to arena buffers: each value's lifetime,
 * in-place reuse, Concat inputs written straight into their output, then
 * offsets (plan.c) and the arena.
 *
 * Requires: prep_nodes has run (every run node's tensors have dtype and
 * size; p->mem marks the values the arena holds).  Produces p->bufs,
 * p->bufid, every arena tensor's data and every node's scratch pointer.
 *
 * Rules (after ggml-alloc): a buffer is reused in place only by an op that
 * allows it (RT_INPLACE) when every tensor of the buffer dies at that node;
 * a view (RT_ALIAS) always shares its input's bytes; graph outputs live to
 * the end and are never reused.  A Concat whose output is one block per
 * input (all dims before the axis are 1) gets its buffer when the first of
 * its inputs is made, and each input it may own is written by its producer
 * at its place in that block (Concat then copies nothing for it).
 */
#include <string.h>

#include "session.h"

/* add_buf: a new arena buffer; returns its index or -1. */
static int add_buf(rt_plan *p, int *cap, size_t size, int start, int end, onnxc_err *err)
{
	if (onnxc_grow(&p->bufs, p->n_bufs, cap, sizeof *p->bufs, err))
		return -1;
	p->bufs[p->n_bufs] = (rt_buf){ size, start, end, 0 };
	return p->n_bufs++;
}

/* concat_blocks: for every run Concat whose output y is one block per
 * input, give each input x that it may own grp[x] = y's id and sub[x] =
 * x's byte offset in y, and extend gend[y] (the group's last use) over
 * x's uses; grp[y] = y when some input was placed.  An input is placed
 * when it is an arena value made by an earlier node that is not a view
 * (RT_ALIAS), appears once in this Concat, is no graph output, belongs to
 * no other group, and its offset keeps RT_ALIGN alignment.  prod[v] is
 * the run index of v's producer or -1. */
static void concat_blocks(const rt_plan *p, const int *last, const int *prod, int *grp,
			  size_t *sub, int *gend)
{
	int i, k, j;

	for (i = 0; i < p->n_nodes; i++) {
		const rt_node *rn = &p->nodes[i];
		const rt_tensor *y = rn->out[0];
		int64_t outer = 1;
		size_t at = 0;
		int axis, yid;

		if (rn->ir->op != IR_OP_Concat || !y || !y->numel ||
		    p->mem[y->ir->id] != RT_MEM_ARENA)
			continue;
		yid = y->ir->id;
		axis = (int)ir_attr_int(rn->ir, "axis", 1);
		if (axis < 0)
			axis += y->rank;
		for (k = 0; k < axis && k < y->rank; k++)
			outer *= y->dims[k];
		if (outer != 1)
			continue;
		gend[yid] = last[yid] < 0 ? i : last[yid];
		for (k = 0; k < rn->n_in; at += rn->in[k]->nbytes, k++) {
			const rt_tensor *x = rn->in[k];
			int id = x->ir->id, dup = 0;

			for (j = 0; j < rn->n_in; j++)
				dup += rn->in[j] == x;
			if (dup > 1 || !x->nbytes || at % RT_ALIGN || p->mem[id] != RT_MEM_ARENA ||
			    grp[id] >= 0 || prod[id] < 0 || prod[id] >= i || last[id] >= p->n_nodes ||
			    (rt_op_get(p->nodes[prod[id]].ir->op)->flags & RT_ALIAS))
				continue;
			grp[id] = yid;
			sub[id] = at;
			grp[yid] = yid;
			if (last[id] > gend[yid])
				gend[yid] = last[id];
		}
	}
}

/* set_pointers: the data of every arena value (its buffer's offset plus
 * its place in a Concat block) and every node's scratch. */
static void set_pointers(rt_plan *p, const size_t *sub, const int *scratch_buf)
{
	int i;

	for (i = 0; i < p->n_values; i++)
		if (p->bufid[i] >= 0)
			p->tensors[i].data = (char *)p->arena + p->bufs[p->bufid[i]].offset + sub[i];
	for (i = 0; i < p->n_nodes; i++)
		if (scratch_buf[i] >= 0)
			p->nodes[i].scratch = (char *)p->arena + p->bufs[scratch_buf[i]].offset;
}

/* assign: buffers for node i's outputs and scratch, reusing in place where
 * the rules allow; 0 or -1 (OOM). */
static int assign(rt_plan *p, int i, const int *last, int *grp, size_t *sub, const int *gend,
		  int *scratch_buf, int *cap, onnxc_err *err)
{
	rt_node *rn = &p->nodes[i];
	const rt_op *op = rt_op_get(rn->ir->op);
	int k;

	for (k = 0; k < rn->n_out; k++) {
		rt_tensor *t = rn->out[k];
		const rt_tensor *x = rn->in[0];
		int id, end, b;
		if (!t)
			continue;
		id = t->ir->id;
		end = last[id] < 0 ? i : last[id];
		if (grp[id] >= 0) {
			/* a Concat block or a part of one: the block's buffer
			 * exists from its first part on */
			const int y = grp[id];
			if (p->bufid[y] < 0) {
				b = add_buf(p, cap, p->tensors[y].nbytes, i, gend[y], err);
				if (b < 0)
					return -1;
				p->bufid[y] = b;
			}
			p->bufid[id] = p->bufid[y];
			continue;
		}
		if (k == 0 && x && p->mem[x->ir->id] == RT_MEM_ARENA && x->nbytes == t->nbytes &&
		    x->numel == t->numel && (op->flags & (RT_INPLACE | RT_ALIAS))) {
			const int xid = x->ir->id;
			b = p->bufid[xid];
			/* a view only reads: always fine (it keeps its input's
			 * place in a block).  Writing in place needs every
			 * tensor of the buffer dead after this node, and no
			 * block: another input could be a shifted part of it. */
			if ((op->flags & RT_ALIAS) || (p->bufs[b].end == i && grp[xid] < 0)) {
				p->bufid[id] = b;
				sub[id] = sub[xid];
				grp[id] = grp[xid];   /* -1 unless a view */
				if (end > p->bufs[b].end)
					p->bufs[b].end = end;
				continue;
			}
		}
		b = add_buf(p, cap, t->nbytes, i, end, err);
		if (b < 0)
			return -1;
		p->bufid[id] = b;
	}
	scratch_buf[i] = -1;
	if (rn->scratch_bytes) {
		scratch_buf[i] = add_buf(p, cap, rn->scratch_bytes, i, i, err);
		if (scratch_buf[i] < 0)
			return -1;
	}
	return 0;
}

int rt_plan_memory(onnxc_session *s, rt_plan *p, onnxc_err *err)
{
	const ir_graph *g = s->model->ir->graph;
	const size_t nv = (size_t)(p->n_values ? p->n_values : 1);
	int *last = NULL, *prod = NULL, *grp = NULL, *gend = NULL, *scratch_buf = NULL;
	int cap = 0, i, k, rc = -1;
	size_t *sub = NULL, arena_bytes;

	last = onnxc_calloc(nv, sizeof *last);
	prod = onnxc_calloc(nv, sizeof *prod);
	grp = onnxc_calloc(nv, sizeof *grp);
	gend = onnxc_calloc(nv, sizeof *gend);
	sub = onnxc_calloc(nv, sizeof *sub);
	scratch_buf = onnxc_calloc((size_t)(p->n_nodes ? p->n_nodes : 1), sizeof *scratch_buf);
	if (!last || !prod || !grp || !gend || !sub || !scratch_buf)
		goto oom;
	for (i = 0; i < p->n_values; i++) {
		last[i] = prod[i] = grp[i] = -1;
		p->bufid[i] = -1;
	}
	for (i = 0; i < p->n_nodes; i++) {
		for (k = 0; k < p->nodes[i].n_in; k++)
			if (p->nodes[i].in[k])
				last[p->nodes[i].in[k]->ir->id] = i;
		for (k = 0; k < p->nodes[i].n_out; k++)
			if (p->nodes[i].out[k])
				prod[p->nodes[i].out[k]->ir->id] = i;
	}
	for (i = 0; i < g->n_outputs; i++)
		last[g->outputs[i]->id] = p->n_nodes;   /* past the end: never overwritten */
	concat_blocks(p, last, prod, grp, sub, gend);
	for (i = 0; i < p->n_nodes; i++)
		if (assign(p, i, last, grp, sub, gend, scratch_buf, &cap, err))
			goto free_all;
	p->lower_bound = rt_plan_lower_bound(p->bufs, p->n_bufs);
	p->naive_bytes = rt_plan_naive(p->bufs, p->n_bufs);
	if (rt_plan_offsets(p->bufs, p->n_bufs, &arena_bytes, err))
		goto free_all;
	p->arena_bytes = arena_bytes;
	if (arena_bytes > p->limit) {
		onnxc_seterr(err, ONNXC_ELIMIT, "the memory plan needs %zu bytes, more than the "
			     "tensor limit of %llu", arena_bytes, (unsigned long long)p->limit);
		goto free_all;
	}
	p->arena = onnxc_aligned_alloc(arena_bytes ? arena_bytes : RT_ALIGN);
	if (!p->arena)
		goto oom;
	set_pointers(p, sub, scratch_buf);
	rc = 0;
	goto free_all;
oom:
	onnxc_oom(err);
free_all:
	onnxc_free(last);
	onnxc_free(prod);
	onnxc_free(grp);
	onnxc_free(gend);
	onnxc_free(sub);
	onnxc_free(scratch_buf);
	return rc;
}
