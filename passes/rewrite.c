/*
 * rewrite.c - graph-editing helpers of the rewriting passes (rewrite.h).
 */
#include <string.h>

#include "rewrite.h"

/* graph_reads: input slots of live nodes of g and its subgraphs reading v. */
static int graph_reads(const ir_graph *g, const ir_value *v)
{
	int i, k, j, cnt = 0;

	for (i = 0; i < g->n_nodes; i++) {
		const ir_node *n = g->nodes[i];
		if (n->dead)
			continue;
		for (k = 0; k < n->n_in; k++)
			cnt += n->in[k] == v;
		for (k = 0; k < n->n_attr; k++) {
			const ir_attr *a = &n->attrs[k];
			if (a->g)
				cnt += graph_reads(a->g, v);
			for (j = 0; a->graphs && j < a->n; j++)
				cnt += graph_reads(a->graphs[j], v);
		}
	}
	return cnt;
}

/* node_sub_reads: reads of v by the subgraphs of n. */
static int node_sub_reads(const ir_node *n, const ir_value *v)
{
	int k, j, cnt = 0;

	for (k = 0; k < n->n_attr; k++) {
		const ir_attr *a = &n->attrs[k];
		if (a->g)
			cnt += graph_reads(a->g, v);
		for (j = 0; a->graphs && j < a->n; j++)
			cnt += graph_reads(a->graphs[j], v);
	}
	return cnt;
}

int pass_uses(const ir_graph *g, const ir_value *v, ir_node **user)
{
	int i, k, cnt = 0;

	if (user)
		*user = NULL;
	for (i = 0; i < g->n_nodes; i++) {
		ir_node *n = g->nodes[i];
		int c = 0;
		if (n->dead)
			continue;
		for (k = 0; k < n->n_in; k++)
			c += n->in[k] == v;
		c += node_sub_reads(n, v);
		if (c && user)
			*user = n;
		cnt += c;
	}
	return cnt;
}

int pass_only_reader(const ir_graph *g, const ir_value *v, const ir_node *n)
{
	ir_node *u;
	int k, direct = 0;

	if (v->is_output || pass_uses(g, v, &u) != 1 || u != n)
		return 0;
	for (k = 0; k < n->n_in; k++)
		direct += n->in[k] == v;
	return direct == 1;
}

/* replace_in: rewrite reads of `from` in g and its subgraphs. */
static void replace_in(ir_graph *g, ir_value *from, ir_value *to)
{
	int i, k, j;

	for (i = 0; i < g->n_nodes; i++) {
		ir_node *n = g->nodes[i];
		if (n->dead)
			continue;
		for (k = 0; k < n->n_in; k++)
			if (n->in[k] == from)
				n->in[k] = to;
		for (k = 0; k < n->n_attr; k++) {
			ir_attr *a = &n->attrs[k];
			if (a->g)
				replace_in(a->g, from, to);
			for (j = 0; a->graphs && j < a->n; j++)
				replace_in(a->graphs[j], from, to);
		}
	}
}

void pass_replace(ir_graph *g, ir_value *from, ir_value *to)
{
	replace_in(g, from, to);
}

void pass_take_output(ir_graph *g, ir_node *keep, int k, ir_value *v)
{
	ir_value *old = keep->out[k];

	ir_node_set_output(keep, k, v);
	if (old) {
		replace_in(g, old, v);
		old->producer = NULL;
	}
}

int pass_bypass(ir_graph *g, ir_node *n, ir_value *o, ir_value *src)
{
	ir_node *p = src->producer;
	int k;

	if (!o->is_output) {
		ir_node_remove(n);
		replace_in(g, o, src);
		return 1;
	}
	/* o keeps its name: src's producer makes it */
	if (src->is_output || src->is_input || src->init || !p || p->dead || p == n)
		return 0;
	for (k = 0; k < p->n_out && p->out[k] != src; k++)
		;
	if (k == p->n_out)
		return 0;
	ir_node_remove(n);
	pass_take_output(g, p, k, o);
	return 1;
}

ir_value *pass_new_const(ir_graph *g, const char *hint, ir_tensor *t, onnxc_err *err)
{
	ir_value *v = ir_graph_new_value(g, hint, err);

	if (!v) {
		ir_tensor_free(t);
		return NULL;
	}
	/* a fresh value has no declared type: add_init gives it t's */
	return ir_graph_add_init(g, v, t, err) ? NULL : v;
}

int pass_static(const ir_value *v)
{
	int d;

	if (!v || !ir_dtype_valid(v->dtype) || v->shape.rank < 0 || v->type_proto)
		return 0;
	for (d = 0; d < v->shape.rank; d++)
		if (v->shape.dims[d] < 0)
			return 0;
	return 1;
}

int pass_has_subgraph(const ir_node *n)
{
	int k;

	for (k = 0; k < n->n_attr; k++)
		if (n->attrs[k].g || n->attrs[k].graphs || n->attrs[k].kind == IR_ATTR_GRAPH ||
		    n->attrs[k].kind == IR_ATTR_GRAPHS)
			return 1;
	return 0;
}

const ir_tensor *pass_const_f(const ir_value *v)
{
	return v && v->init && v->init->dtype == IR_FLOAT ? v->init : NULL;
}

/* attr_slot: n's attribute `name`, cleared, or a new one; NULL on OOM. */
static ir_attr *attr_slot(ir_node *n, const char *name, ir_attr_kind kind, onnxc_err *err)
{
	int k;

	for (k = 0; k < n->n_attr; k++) {
		ir_attr *a = &n->attrs[k];
		char *keep;
		if (strcmp(a->name, name))
			continue;
		keep = a->name;
		a->name = NULL;
		ir_attr_clear(a);
		a->name = keep;
		a->kind = kind;
		return a;
	}
	return ir_node_add_attr(n, name, kind, err);
}

int pass_set_ints(ir_node *n, const char *name, const int64_t *v, int cnt, onnxc_err *err)
{
	int64_t *copy = onnxc_malloc(sizeof *copy * (size_t)(cnt ? cnt : 1));
	ir_attr *a;

	if (!copy)
		return onnxc_oom(err);
	if (cnt)
		memcpy(copy, v, sizeof *copy * (size_t)cnt);
	if (!(a = attr_slot(n, name, IR_ATTR_INTS, err))) {
		onnxc_free(copy);
		return -1;
	}
	a->ints = copy;
	a->n = cnt;
	return 0;
}

int pass_set_int(ir_node *n, const char *name, int64_t v, onnxc_err *err)
{
	ir_attr *a = attr_slot(n, name, IR_ATTR_INT, err);

	if (!a)
		return -1;
	a->i = v;
	return 0;
}

int pass_set_float(ir_node *n, const char *name, float v, onnxc_err *err)
{
	ir_attr *a = attr_slot(n, name, IR_ATTR_FLOAT, err);

	if (!a)
		return -1;
	a->f = v;
	return 0;
}

int pass_set_inputs(ir_node *n, int cnt, onnxc_err *err)
{
	ir_value **in;
	int k;

	if (cnt <= n->n_in)
		return 0;
	in = onnxc_realloc(n->in, sizeof *in * (size_t)cnt);
	if (!in)
		return onnxc_oom(err);
	for (k = n->n_in; k < cnt; k++)
		in[k] = NULL;
	n->in = in;
	n->n_in = cnt;
	return 0;
}

int pass_finish(pass_ctx *pc)
{
	ir_graph_compact(pc->m->graph);
	return ir_graph_index(pc->m->graph, pc->err);
}
