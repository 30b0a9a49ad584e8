/*
 * verify.c - producer/use index, topological order and the IR verifier.
 *
 * Requires: a graph built with graph.c.  Maintains everything; ir_verify
 * changes nothing.
 */
#include <string.h>

#include "ir.h"

static int add_use(ir_value *v, ir_node *n, int index, onnxc_err *err)
{
	if (onnxc_grow(&v->uses, v->n_uses, &v->cap_uses, sizeof *v->uses, err))
		return -1;
	v->uses[v->n_uses].node = n;
	v->uses[v->n_uses].index = index;
	v->n_uses++;
	return 0;
}

int ir_graph_index(ir_graph *g, onnxc_err *err)
{
	int i, k;

	for (i = 0; i < g->n_values; i++) {
		g->values[i]->n_uses = 0;
		g->values[i]->producer = NULL;
		g->values[i]->id = i;
	}
	for (i = 0; i < g->n_nodes; i++) {
		ir_node *n = g->nodes[i];
		n->id = i;
		for (k = 0; k < n->n_out; k++)
			if (n->out[k]) {
				n->out[k]->producer = n;
				n->out[k]->producer_index = k;
			}
	}
	for (i = 0; i < g->n_nodes; i++) {
		ir_node *n = g->nodes[i];
		for (k = 0; k < n->n_in; k++)
			if (n->in[k] && add_use(n->in[k], n, k, err))
				return -1;
	}
	return 0;
}

/* Values a node reads, including those its subgraphs read from outside
 * (implicit inputs): calls fn for each. */
static int graph_reads_outer(const ir_graph *sub, const ir_graph *owner,
			     int (*fn)(ir_value *, void *), void *ud);

static int node_reads(const ir_node *n, const ir_graph *owner,
		      int (*fn)(ir_value *, void *), void *ud)
{
	int i, k;

	for (i = 0; i < n->n_in; i++)
		if (n->in[i] && fn(n->in[i], ud))
			return -1;
	for (i = 0; i < n->n_attr; i++) {
		const ir_attr *a = &n->attrs[i];
		if (a->g && graph_reads_outer(a->g, owner, fn, ud))
			return -1;
		for (k = 0; a->graphs && k < a->n; k++)
			if (graph_reads_outer(a->graphs[k], owner, fn, ud))
				return -1;
	}
	return 0;
}

static int graph_reads_outer(const ir_graph *sub, const ir_graph *owner,
			     int (*fn)(ir_value *, void *), void *ud)
{
	int i, k, j;

	for (i = 0; i < sub->n_nodes; i++) {
		const ir_node *n = sub->nodes[i];
		for (k = 0; k < n->n_in; k++) {
			ir_value *v = n->in[k];
			if (v && ir_graph_find_local((ir_graph *)sub, v->name) != v &&
			    ir_graph_find_local((ir_graph *)owner, v->name) == v && fn(v, ud))
				return -1;
		}
		for (k = 0; k < n->n_attr; k++) {
			const ir_attr *a = &n->attrs[k];
			if (a->g && graph_reads_outer(a->g, owner, fn, ud))
				return -1;
			for (j = 0; a->graphs && j < a->n; j++)
				if (graph_reads_outer(a->graphs[j], owner, fn, ud))
					return -1;
		}
	}
	return 0;
}

struct topo {
	ir_graph *g;
	int *pending;       /* per node: inputs not yet available */
	int *avail;         /* per value id: produced (1) */
};

static int count_pending(ir_value *v, void *ud)
{
	struct topo *t = ud;

	if (ir_graph_find_local(t->g, v->name) == v && v->producer && !t->avail[v->id])
		t->pending[0]++;
	return 0;
}

int ir_graph_toposort(ir_graph *g, onnxc_err *err)
{
	struct topo t = { g, NULL, NULL };
	ir_node **order = NULL;
	int *indeg = NULL, i, k, n_done = 0, progress, rc = -1;

	if (ir_graph_index(g, err))
		return -1;
	order = onnxc_calloc((size_t)(g->n_nodes ? g->n_nodes : 1), sizeof *order);
	indeg = onnxc_calloc((size_t)(g->n_nodes ? g->n_nodes : 1), sizeof *indeg);
	t.avail = onnxc_calloc((size_t)(g->n_values ? g->n_values : 1), sizeof *t.avail);
	if (!order || !indeg || !t.avail) {
		onnxc_oom(err);
		goto free_all;
	}
	/* Kahn's algorithm by repeated stable sweeps: keeps file order when it
	 * is already topological (the common case: one sweep). */
	do {
		progress = 0;
		for (i = 0; i < g->n_nodes; i++) {
			ir_node *n = g->nodes[i];
			if (indeg[i] < 0)
				continue;
			t.pending = &indeg[i];
			indeg[i] = 0;
			node_reads(n, g, count_pending, &t);
			if (indeg[i])
				continue;
			indeg[i] = -1;
			order[n_done++] = n;
			for (k = 0; k < n->n_out; k++)
				if (n->out[k])
					t.avail[n->out[k]->id] = 1;
			progress = 1;
		}
	} while (progress && n_done < g->n_nodes);
	if (n_done < g->n_nodes) {
		for (i = 0; i < g->n_nodes && indeg[i] < 0; i++)
			;
		onnxc_seterr(err, ONNXC_EINVAL, "node '%s' (%s) is on a cycle or reads a value "
			     "produced by a node on a cycle", g->nodes[i]->name, g->nodes[i]->op_type);
		goto free_all;
	}
	if (g->n_nodes)   /* g->nodes is NULL for an empty graph */
		memcpy(g->nodes, order, sizeof *order * (size_t)g->n_nodes);
	rc = ir_graph_index(g, err);
free_all:
	onnxc_free(order);
	onnxc_free(indeg);
	onnxc_free(t.avail);
	return rc;
}

/* ---- verifier ---- */
struct vctx {
	const ir_graph *g;
	const char *what;
	onnxc_err *err;
	unsigned char *defined;   /* per value id */
	const ir_node *node;
};

static int check_defined(ir_value *v, void *ud)
{
	struct vctx *c = ud;

	if (ir_graph_find_local((ir_graph *)c->g, v->name) != v)
		return 0;   /* outer-scope value: checked by the enclosing graph */
	if (v->id < 0 || v->id >= c->g->n_values || c->g->values[v->id] != v)
		return onnxc_seterr(c->err, ONNXC_EINTERNAL, "%s: value '%s' has a stale id",
				    c->what, v->name);
	if (!c->defined[v->id])
		return onnxc_seterr(c->err, ONNXC_EINVAL, "%s: node '%s' (%s) reads '%s', which "
				    "no earlier node, graph input or initializer defines",
				    c->what, c->node->name, c->node->op_type, v->name);
	return 0;
}

static int verify_graph(const ir_graph *g, const char *what, onnxc_err *err, int depth)
{
	struct vctx c = { g, what, err, NULL, NULL };
	int i, k, rc = -1;

	if (depth > 64)
		return onnxc_seterr(err, ONNXC_ELIMIT, "%s: subgraphs nested deeper than 64", what);
	c.defined = onnxc_calloc((size_t)(g->n_values ? g->n_values : 1), 1);
	if (!c.defined)
		return onnxc_oom(err);
	for (i = 0; i < g->n_values; i++) {
		ir_value *v = g->values[i];
		if (v->id != i) {
			onnxc_seterr(err, ONNXC_EINTERNAL, "%s: value '%s' has id %d, expected %d",
				     what, v->name, v->id, i);
			goto free_defined;
		}
		if (v->is_input || v->is_initializer)
			c.defined[i] = 1;
		if (v->init && v->init->dtype != v->dtype && v->dtype != IR_UNDEFINED) {
			onnxc_seterr(err, ONNXC_EINVAL, "%s: initializer '%s' is %s but declared %s",
				     what, v->name, ir_dtype_name(v->init->dtype),
				     ir_dtype_name(v->dtype));
			goto free_defined;
		}
	}
	for (i = 0; i < g->n_nodes; i++) {
		const ir_node *n = g->nodes[i];
		c.node = n;
		if (n->dead) {
			onnxc_seterr(err, ONNXC_EINTERNAL, "%s: dead node '%s' left in graph", what,
				     n->name);
			goto free_defined;
		}
		if (node_reads(n, g, check_defined, &c))
			goto free_defined;
		for (k = 0; k < n->n_out; k++) {
			ir_value *v = n->out[k];
			if (!v)
				continue;
			if (ir_graph_find_local((ir_graph *)g, v->name) != v) {
				onnxc_seterr(err, ONNXC_EINTERNAL, "%s: node '%s' output '%s' is not "
					     "a value of its graph", what, n->name, v->name);
				goto free_defined;
			}
			if (c.defined[v->id] || v->producer != n) {
				onnxc_seterr(err, ONNXC_EINVAL, "%s: value '%s' is assigned more than "
					     "once (node '%s' (%s))", what, v->name, n->name,
					     n->op_type);
				goto free_defined;
			}
			c.defined[v->id] = 1;
		}
		for (k = 0; k < n->n_attr; k++) {
			const ir_attr *a = &n->attrs[k];
			int j;
			if (a->g && verify_graph(a->g, what, err, depth + 1))
				goto free_defined;
			for (j = 0; a->graphs && j < a->n; j++)
				if (verify_graph(a->graphs[j], what, err, depth + 1))
					goto free_defined;
		}
	}
	for (i = 0; i < g->n_outputs; i++) {
		ir_value *v = g->outputs[i];
		if (ir_graph_find_local((ir_graph *)g, v->name) == v && !c.defined[v->id]) {
			onnxc_seterr(err, ONNXC_EINVAL, "%s: graph output '%s' is never defined",
				     what, v->name);
			goto free_defined;
		}
	}
	rc = 0;
free_defined:
	onnxc_free(c.defined);
	return rc;
}

int ir_verify(const ir_graph *g, const char *what, onnxc_err *err)
{
	return verify_graph(g, what ? what : "verify", err, 0);
}

void ir_replace_uses(ir_graph *g, ir_value *from, ir_value *to)
{
	int i, k;

	for (i = 0; i < g->n_nodes; i++)
		for (k = 0; k < g->nodes[i]->n_in; k++)
			if (g->nodes[i]->in[k] == from)
				g->nodes[i]->in[k] = to;
}

void ir_graph_param_count(const ir_graph *g, int64_t *elems, int64_t *bytes)
{
	int i, j, k;

	for (i = 0; i < g->n_inits; i++) {
		const ir_tensor *t = g->inits[i]->init;
		if (!t)
			continue;
		*elems += t->numel;
		*bytes += (int64_t)t->nbytes;
	}
	for (i = 0; i < g->n_nodes; i++)
		for (j = 0; j < g->nodes[i]->n_attr; j++) {
			const ir_attr *a = &g->nodes[i]->attrs[j];
			if (a->g)
				ir_graph_param_count(a->g, elems, bytes);
			for (k = 0; a->graphs && k < a->n; k++)
				ir_graph_param_count(a->graphs[k], elems, bytes);
		}
}
