/*
 * fe_cmp.c - structural equality of two IR models (round-trip checks).
 */
#include <stdio.h>
#include <string.h>

#include "fe_int.h"

typedef struct cmp {
	char *why;
	size_t n;
} cmp;

/* differ: record the first difference; returns 0 (not equal). */
static int differ(cmp *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int differ(cmp *c, const char *fmt, ...)
{
	va_list ap;

	if (c->why && c->n && !c->why[0]) {
		va_start(ap, fmt);
		vsnprintf(c->why, c->n, fmt, ap);
		va_end(ap);
	}
	return 0;
}

static int str_eq(const char *a, const char *b)
{
	return (!a || !*a) ? (!b || !*b) : (b && !strcmp(a, b));
}

static const char *gname(const ir_graph *g)
{
	return g->name && *g->name ? g->name : "graph";
}

static int shape_eq(const ir_shape *a, const ir_shape *b)
{
	int i;

	if (a->rank != b->rank)
		return 0;
	for (i = 0; i < a->rank; i++) {
		const char *sa = a->syms ? a->syms[i] : NULL, *sb = b->syms ? b->syms[i] : NULL;
		if (a->dims[i] != b->dims[i] || !str_eq(sa, sb))
			return 0;
	}
	return 1;
}

static int value_eq(cmp *c, const char *where, const ir_value *a, const ir_value *b)
{
	if (!a || !b)
		return a == b ? 1 : differ(c, "%s: one value is missing", where);
	if (strcmp(a->name, b->name))
		return differ(c, "%s: value '%s' vs '%s'", where, a->name, b->name);
	if (a->dtype != b->dtype || !shape_eq(&a->shape, &b->shape))
		return differ(c, "%s: value '%s' type or shape differs", where, a->name);
	return 1;
}

/* tensor_eq: same data; names only matter for attribute tensors
 * (an initializer is named by its value). */
static int tensor_eq(cmp *c, const char *where, const ir_tensor *a, const ir_tensor *b,
		     int names)
{
	if (!a || !b)
		return a == b ? 1 : differ(c, "%s: one tensor is missing", where);
	if (!ir_tensor_equal(a, b) || (names && !str_eq(a->name, b->name)) ||
	    !str_eq(a->doc, b->doc))
		return differ(c, "%s: tensor%s%s%s differs", where, a->name ? " '" : "",
			      a->name ? a->name : "", a->name ? "'" : "");
	return 1;
}

static int graph_eq(cmp *c, const ir_graph *a, const ir_graph *b);

static int attr_eq(cmp *c, const ir_node *n, const ir_attr *a, const ir_attr *b)
{
	char w[600];
	int i;

	snprintf(w, sizeof w, "node '%.200s' attribute '%.200s'", n->name, a->name);
	if (strcmp(a->name, b->name) || a->kind != b->kind || a->n != b->n)
		return differ(c, "%s: name, kind or count differs", w);
	switch (a->kind) {
	case IR_ATTR_FLOAT:
		return !memcmp(&a->f, &b->f, sizeof a->f) ? 1 : differ(c, "%s: value", w);
	case IR_ATTR_INT:
		return a->i == b->i ? 1 : differ(c, "%s: value", w);
	case IR_ATTR_STRING:
	case IR_ATTR_TYPE_PROTO:
		if (a->slen != b->slen || (!a->s) != (!b->s) || (a->slen && memcmp(a->s, b->s, a->slen)))
			return differ(c, "%s: bytes", w);
		return 1;
	case IR_ATTR_TENSOR:
		return tensor_eq(c, w, a->t, b->t, 1);
	case IR_ATTR_GRAPH:
		return graph_eq(c, a->g, b->g);
	case IR_ATTR_FLOATS:
		return !a->n || !memcmp(a->floats, b->floats, sizeof(float) * (size_t)a->n) ? 1
			: differ(c, "%s: values", w);
	case IR_ATTR_INTS:
		return !a->n || !memcmp(a->ints, b->ints, sizeof(int64_t) * (size_t)a->n) ? 1
			: differ(c, "%s: values", w);
	case IR_ATTR_STRINGS:
	case IR_ATTR_TYPE_PROTOS:
		for (i = 0; i < a->n; i++)
			if (a->string_lens[i] != b->string_lens[i] ||
			    memcmp(a->strings[i], b->strings[i], a->string_lens[i]))
				return differ(c, "%s: element %d", w, i);
		return 1;
	case IR_ATTR_TENSORS:
		for (i = 0; i < a->n; i++)
			if (!tensor_eq(c, w, a->tensors[i], b->tensors[i], 1))
				return 0;
		return 1;
	case IR_ATTR_GRAPHS:
		for (i = 0; i < a->n; i++)
			if (!graph_eq(c, a->graphs[i], b->graphs[i]))
				return 0;
		return 1;
	default:
		return 1;
	}
}

static int node_eq(cmp *c, const ir_node *a, const ir_node *b)
{
	char w[600];
	int k;

	snprintf(w, sizeof w, "node '%.200s' (%.100s)", a->name, a->op_type);
	if (!str_eq(a->name, b->name) || strcmp(a->op_type, b->op_type) ||
	    !str_eq(a->domain, b->domain) || a->op != b->op ||
	    a->since_version != b->since_version || !str_eq(a->doc, b->doc))
		return differ(c, "%s: name, op, domain, version or doc differs", w);
	if (a->n_in != b->n_in || a->n_out != b->n_out || a->n_attr != b->n_attr)
		return differ(c, "%s: input, output or attribute count differs", w);
	for (k = 0; k < a->n_in; k++)
		if ((!a->in[k]) != (!b->in[k]) || (a->in[k] && strcmp(a->in[k]->name, b->in[k]->name)))
			return differ(c, "%s: input %d differs", w, k);
	for (k = 0; k < a->n_out; k++)
		if ((!a->out[k]) != (!b->out[k]) ||
		    (a->out[k] && strcmp(a->out[k]->name, b->out[k]->name)))
			return differ(c, "%s: output %d differs", w, k);
	for (k = 0; k < a->n_attr; k++)
		if (!attr_eq(c, a, &a->attrs[k], &b->attrs[k]))
			return 0;
	return 1;
}

/* typed_local: a value that would be written as value_info. */
static int typed_local(const ir_value *v)
{
	return v->has_type && !v->is_input && !v->is_output &&
	       (v->producer || v->is_initializer || v->n_uses);
}

static int graph_eq(cmp *c, const ir_graph *a, const ir_graph *b)
{
	char w[300];
	int i;

	if (!a || !b)
		return a == b ? 1 : differ(c, "a subgraph is missing");
	snprintf(w, sizeof w, "graph '%.200s'", gname(a));
	if (strcmp(gname(a), gname(b)) || !str_eq(a->doc, b->doc))
		return differ(c, "%s: name or doc differs ('%s')", w, gname(b));
	if (a->n_inputs != b->n_inputs || a->n_outputs != b->n_outputs ||
	    a->n_inits != b->n_inits || a->n_nodes != b->n_nodes)
		return differ(c, "%s: %d/%d/%d/%d vs %d/%d/%d/%d inputs/outputs/initializers/nodes",
			      w, a->n_inputs, a->n_outputs, a->n_inits, a->n_nodes, b->n_inputs,
			      b->n_outputs, b->n_inits, b->n_nodes);
	for (i = 0; i < a->n_inputs; i++)
		if (!value_eq(c, w, a->inputs[i], b->inputs[i]))
			return 0;
	for (i = 0; i < a->n_outputs; i++)
		if (!value_eq(c, w, a->outputs[i], b->outputs[i]))
			return 0;
	for (i = 0; i < a->n_inits; i++) {
		char wi[600];
		snprintf(wi, sizeof wi, "%s: initializer '%.200s'", w, a->inits[i]->name);
		if (!value_eq(c, w, a->inits[i], b->inits[i]) ||
		    !tensor_eq(c, wi, a->inits[i]->init, b->inits[i]->init, 0))
			return 0;
	}
	for (i = 0; i < a->n_nodes; i++)
		if (!node_eq(c, a->nodes[i], b->nodes[i]))
			return 0;
	for (i = 0; i < a->n_values; i++) {
		const ir_value *v = a->values[i];
		if (typed_local(v) && !value_eq(c, w, v, ir_graph_find_local((ir_graph *)b, v->name)))
			return 0;
	}
	for (i = 0; i < b->n_values; i++) {
		const ir_value *v = b->values[i], *u;
		u = ir_graph_find_local((ir_graph *)a, v->name);
		if (typed_local(v) && (!u || !typed_local(u)))
			return differ(c, "%s: value '%s' typed only in the second", w, v->name);
	}
	return 1;
}

int fe_model_equal(const ir_model *a, const ir_model *b, char *why, size_t n)
{
	cmp c = { why, n };
	int i;

	if (why && n)
		why[0] = 0;
	if (a->ir_version != b->ir_version || a->model_version != b->model_version ||
	    !str_eq(a->producer_name, b->producer_name) ||
	    !str_eq(a->producer_version, b->producer_version) || !str_eq(a->domain, b->domain) ||
	    !str_eq(a->doc, b->doc))
		return differ(&c, "model metadata differs");
	if (a->n_opsets != b->n_opsets || a->n_meta != b->n_meta)
		return differ(&c, "opset or metadata_props count differs");
	for (i = 0; i < a->n_opsets; i++)
		if (strcmp(a->opsets[i].domain, b->opsets[i].domain) ||
		    a->opsets[i].version != b->opsets[i].version)
			return differ(&c, "opset %d differs", i);
	for (i = 0; i < a->n_meta; i++)
		if (strcmp(a->meta[i].key, b->meta[i].key) ||
		    strcmp(a->meta[i].value, b->meta[i].value))
			return differ(&c, "metadata_props %d differs", i);
	return graph_eq(&c, a->graph, b->graph);
}
