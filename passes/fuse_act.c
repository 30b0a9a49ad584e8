/*
 * fuse_act.c - absorb an activation into the Conv / ConvTranspose / Gemm /
 * MatMul / Add producing its input, so the kernel applies it while the output is
 * still in cache (ir_node.fused_act, runtime/kernels/k_act.h).
 *
 * Requires: nothing (indexes the top graph itself).  Subgraphs are left
 * alone, but a value a subgraph reads is never fused away.
 *
 * Rewrites, in the top graph, P -> v -> A -> w into P -> w where
 *   P is a Conv, ConvTranspose, Gemm, an Add (ResNet's residual Add ->
 *     Relu: the elementwise kernel applies it per output chunk), or a
 *     MatMul whose inputs are both
 *     known to be 2-D, without a fused activation yet, whose output is
 *     float or double (Gemm/MatMul: known from the output's or an input's
 *     type; Conv/ConvTranspose compute only those);
 *   v is read by A alone (no other node, no subgraph, not a graph output);
 *   A is Relu, LeakyRelu (alpha), Sigmoid, HardSigmoid (alpha, beta),
 *     HardSwish, Tanh, or Clip (min/max from attributes before opset 11,
 *     else constant scalar inputs: initializers that are not graph inputs,
 *     or Constant nodes; double bounds only when exact in float);
 * and P -> v -> {HardSigmoid(v) -> h, Mul(v, h) -> w} (HardSigmoid alpha
 * 1/6, beta 0.5: PyTorch's hardswish before opset 14; h read by the Mul
 * only) into P -> w with a fused HardSwish.
 * P takes over w (P->out[0] = w), gets fused_act/alpha/beta (Clip: min in
 * alpha, max in beta) and fused_from (the absorbed nodes' names, comma
 * separated); the absorbed nodes are removed.  Each fusion is one note.
 *
 * Keeps: SSA (w keeps one producer), topological order (P precedes every
 *   reader of w), node names, every other node and value; v stays in the
 *   value table with no producer and no reader (the writer skips it).
 * Breaks: nothing.  Clip bounds that were Constant nodes are left unread
 *   for dce.  The writer (fe_write.c) emits a fused node as the original op
 *   followed by the activation as standard nodes.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "pass.h"

/* read_in_sub: does a node of a subgraph of g (at any depth) read v? */
static int read_in_sub(const ir_graph *g, const ir_value *v, int nested)
{
	int i, k, j;

	for (i = 0; i < g->n_nodes; i++) {
		const ir_node *n = g->nodes[i];
		if (n->dead)
			continue;
		for (k = 0; nested && k < n->n_in; k++)
			if (n->in[k] == v)
				return 1;
		for (k = 0; k < n->n_attr; k++) {
			const ir_attr *a = &n->attrs[k];
			if (a->g && read_in_sub(a->g, v, 1))
				return 1;
			for (j = 0; a->graphs && j < a->n; j++)
				if (read_in_sub(a->graphs[j], v, 1))
					return 1;
		}
	}
	return 0;
}

/* only_reader: v is read by exactly `uses` input slots of live top-graph
 * nodes, by no subgraph, and is no graph output. */
static int only_readers(const ir_graph *g, const ir_value *v, int uses)
{
	return v->n_uses == uses && !v->is_output && !read_in_sub(g, v, 0);
}

/* value_dtype: the element type of v if known (initializer or declared). */
static int value_dtype(const ir_value *v)
{
	return v->init ? v->init->dtype : v->dtype;
}

static int value_rank(const ir_value *v)
{
	return v->init ? v->init->rank : v->shape.rank;
}

/* out_float: 1 when P's output is float or double: its type when known,
 * else the first known type of an input; Conv/ConvTranspose compute only
 * those (an unknown type is accepted for them). */
static int out_float(const ir_node *p)
{
	int dt = value_dtype(p->out[0]), k;

	for (k = 0; dt == IR_UNDEFINED && k < p->n_in; k++)
		if (p->in[k])
			dt = value_dtype(p->in[k]);
	if (dt == IR_UNDEFINED)
		return p->op == IR_OP_Conv || p->op == IR_OP_ConvTranspose;
	return dt == IR_FLOAT || dt == IR_DOUBLE;
}

/* producer_ok: P is a node whose output an activation can be fused into. */
static int producer_ok(const ir_node *p)
{
	if (p->dead || p->fused_act != IR_OP_UNKNOWN || p->n_out < 1 || !p->out[0])
		return 0;
	switch (p->op) {
	case IR_OP_Conv:
	case IR_OP_ConvTranspose:
	case IR_OP_Gemm:
	case IR_OP_Add:
		break;
	case IR_OP_MatMul:
		if (p->n_in < 2 || !p->in[0] || !p->in[1] || value_rank(p->in[0]) != 2 ||
		    value_rank(p->in[1]) != 2)
			return 0;
		break;
	default:
		return 0;
	}
	return out_float(p);
}

/* const_tensor: v's constant value: an initializer that is not a graph
 * input (those can be fed), or the value of a Constant node; NULL if none. */
static const ir_tensor *const_tensor(const ir_value *v)
{
	const ir_node *c = v->producer;
	const ir_attr *a;

	if (pass_const(v))
		return v->is_input ? NULL : pass_const(v);
	if (!c || c->op != IR_OP_Constant || c->dead)
		return NULL;
	a = ir_attr_get(c, "value");
	return a && a->kind == IR_ATTR_TENSOR ? a->t : NULL;
}

/* clip_bound: bound k (1 min, 2 max) of a Clip-11+ into *out (dflt when the
 * input is omitted).  0 when it is not a constant float/double scalar or a
 * double bound is not exact in float. */
static int clip_bound(const ir_node *a, int k, float dflt, float *out)
{
	const ir_value *v = k < a->n_in ? a->in[k] : NULL;
	const ir_tensor *t;
	double d;

	*out = dflt;
	if (!v)
		return 1;
	if (!(t = const_tensor(v)) || t->numel != 1 || !t->data)
		return 0;
	if (t->dtype == IR_FLOAT) {
		*out = *(const float *)t->data;
		return 1;
	}
	if (t->dtype != IR_DOUBLE)
		return 0;
	d = *(const double *)t->data;
	*out = (float)d;
	return (double)*out == d || isnan(d);
}

/* act_params: A's activation and parameters, or IR_OP_UNKNOWN when A is
 * not one fuse_act absorbs (or its Clip bounds are not constant). */
static ir_op act_params(const ir_node *a, float *alpha, float *beta)
{
	*alpha = 0;
	*beta = 0;
	if (a->dead || a->n_out != 1 || !a->out[0] || a->n_in < 1)
		return IR_OP_UNKNOWN;
	switch (a->op) {
	case IR_OP_Relu:
	case IR_OP_Sigmoid:
	case IR_OP_Tanh:
	case IR_OP_HardSwish:
		return a->n_in == 1 ? a->op : IR_OP_UNKNOWN;
	case IR_OP_LeakyRelu:
		*alpha = ir_attr_float(a, "alpha", 0.01f);
		return a->n_in == 1 ? a->op : IR_OP_UNKNOWN;
	case IR_OP_HardSigmoid:
		*alpha = ir_attr_float(a, "alpha", 0.2f);
		*beta = ir_attr_float(a, "beta", 0.5f);
		return a->n_in == 1 ? a->op : IR_OP_UNKNOWN;
	case IR_OP_Clip:
		if (a->since_version < 11) {
			*alpha = ir_attr_float(a, "min", -INFINITY);
			*beta = ir_attr_float(a, "max", INFINITY);
			return a->n_in == 1 ? a->op : IR_OP_UNKNOWN;
		}
		if (a->n_in > 3 || !clip_bound(a, 1, -INFINITY, alpha) ||
		    !clip_bound(a, 2, INFINITY, beta))
			return IR_OP_UNKNOWN;
		return a->op;
	default:
		return IR_OP_UNKNOWN;
	}
}

/* absorb: P takes over w, the output of the last absorbed node, with
 * activation op(alpha, beta); nodes a and b (b may be NULL) are removed.
 * 0 or -1 (OOM). */
static int absorb(pass_ctx *pc, ir_node *p, ir_op op, float alpha, float beta, ir_node *a,
		  ir_node *b)
{
	ir_node *last = b ? b : a;
	ir_value *v = p->out[0], *w = last->out[0];
	size_t len = strlen(a->name) + (b ? strlen(b->name) + 1 : 0) + 1;
	char *from = onnxc_malloc(len);

	if (!from)
		return onnxc_oom(pc->err);
	snprintf(from, len, b ? "%s,%s" : "%s", a->name, b ? b->name : "");
	ir_node_set_output(p, 0, w);
	v->producer = NULL;
	p->fused_act = op;
	p->fused_alpha = alpha;
	p->fused_beta = beta;
	p->fused_from = from;
	ir_node_remove(a);
	if (b)
		ir_node_remove(b);
	if (b)
		pass_note(pc, "fused %s '%s' + %s '%s' as HardSwish into %s '%s'", a->op_type,
			  a->name, b->op_type, b->name, p->op_type, p->name);
	else
		pass_note(pc, "fused %s '%s' into %s '%s'", a->op_type, a->name, p->op_type,
			  p->name);
	return 0;
}

/* hardswish_pair: v's two readers are HardSigmoid(v) -> h (alpha 1/6, beta
 * 0.5, h read only by the Mul) and Mul(v, h) in either order: sets *hs and
 * *mul and returns 1; else 0. */
static int hardswish_pair(const ir_graph *g, const ir_value *v, ir_node **hs, ir_node **mul)
{
	ir_node *h = NULL, *m = NULL;
	float alpha, beta;
	int k;

	if (!only_readers(g, v, 2))
		return 0;
	for (k = 0; k < 2; k++) {
		ir_node *r = v->uses[k].node;
		if (r->op == IR_OP_HardSigmoid && v->uses[k].index == 0)
			h = r;
		else if (r->op == IR_OP_Mul)
			m = r;
	}
	if (!h || !m || act_params(h, &alpha, &beta) != IR_OP_HardSigmoid ||
	    fabsf(alpha - 1.0f / 6) > 1e-6f || beta != 0.5f)
		return 0;
	if (m->dead || m->n_in != 2 || m->n_out != 1 || !m->out[0] ||
	    !((m->in[0] == v && m->in[1] == h->out[0]) || (m->in[1] == v && m->in[0] == h->out[0])))
		return 0;
	if (!only_readers(g, h->out[0], 1))
		return 0;
	*hs = h;
	*mul = m;
	return 1;
}

int pass_fuse_act(pass_ctx *pc)
{
	ir_graph *g = pc->m->graph;
	int i;

	if (ir_graph_index(g, pc->err))
		return -1;
	for (i = 0; i < g->n_nodes; i++) {
		ir_node *p = g->nodes[i], *a, *h, *m;
		ir_value *v;
		float alpha, beta;
		ir_op op;

		if (!producer_ok(p))
			continue;
		v = p->out[0];
		if (hardswish_pair(g, v, &h, &m)) {
			if (absorb(pc, p, IR_OP_HardSwish, 0, 0, h, m))
				return -1;
			continue;
		}
		if (!only_readers(g, v, 1))
			continue;
		a = v->uses[0].node;
		if (v->uses[0].index != 0 || (op = act_params(a, &alpha, &beta)) == IR_OP_UNKNOWN)
			continue;
		if (absorb(pc, p, op, alpha, beta, a, NULL))
			return -1;
	}
	ir_graph_compact(g);
	return ir_graph_index(g, pc->err);
}
