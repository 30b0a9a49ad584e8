/*
 * graph.c - building and freeing models, graphs, values, nodes, attributes.
 */
#include <stdio.h>
#include <string.h>

#include "ir.h"

/* ---- name -> value hash (open addressing, power-of-two size) ---- */
typedef struct name_map {
	ir_value **slot;
	size_t cap, used;
} name_map;

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ull;
	return h;
}

static ir_value *map_get(const name_map *m, const char *name)
{
	size_t i;

	if (!m || !m->cap)
		return NULL;
	for (i = hash_str(name) & (m->cap - 1); m->slot[i]; i = (i + 1) & (m->cap - 1))
		if (!strcmp(m->slot[i]->name, name))
			return m->slot[i];
	return NULL;
}

static void map_put_nogrow(name_map *m, ir_value *v)
{
	size_t i;

	for (i = hash_str(v->name) & (m->cap - 1); m->slot[i]; i = (i + 1) & (m->cap - 1))
		;
	m->slot[i] = v;
	m->used++;
}

static int map_put(name_map *m, ir_value *v, onnxc_err *err)
{
	if ((m->used + 1) * 2 > m->cap) {
		name_map n = { NULL, m->cap ? m->cap * 2 : 64, 0 };
		size_t i;

		n.slot = onnxc_calloc(n.cap, sizeof(ir_value *));
		if (!n.slot)
			return onnxc_oom(err);
		for (i = 0; i < m->cap; i++)
			if (m->slot[i])
				map_put_nogrow(&n, m->slot[i]);
		onnxc_free(m->slot);
		*m = n;
	}
	map_put_nogrow(m, v);
	return 0;
}

/* ---- models ---- */
ir_model *ir_model_new(onnxc_err *err)
{
	ir_model *m = onnxc_calloc(1, sizeof *m);

	if (!m)
		goto oom;
	m->graph = ir_graph_new(NULL, err);
	if (!m->graph)
		goto free_m;
	return m;

free_m:
	onnxc_free(m);
	return NULL;
oom:
	onnxc_oom(err);
	return NULL;
}

void ir_model_free(ir_model *m)
{
	int i;

	if (!m)
		return;
	ir_graph_free(m->graph);
	for (i = 0; i < m->n_opsets; i++)
		onnxc_free(m->opsets[i].domain);
	onnxc_free(m->opsets);
	for (i = 0; i < m->n_meta; i++) {
		onnxc_free(m->meta[i].key);
		onnxc_free(m->meta[i].value);
	}
	onnxc_free(m->meta);
	onnxc_free(m->producer_name);
	onnxc_free(m->producer_version);
	onnxc_free(m->domain);
	onnxc_free(m->doc);
	onnxc_free(m->path);
	onnxc_free(m);
}

int64_t ir_model_opset(const ir_model *m, const char *domain)
{
	ir_domain d = ir_domain_lookup(domain);
	int i;

	for (i = 0; i < m->n_opsets; i++) {
		const char *md = m->opsets[i].domain ? m->opsets[i].domain : "";
		if (d != IR_DOM_OTHER ? ir_domain_lookup(md) == d : !strcmp(md, domain))
			return m->opsets[i].version;
	}
	return -1;
}

int ir_model_add_opset(ir_model *m, const char *domain, int64_t version, onnxc_err *err)
{
	int i, cap = m->n_opsets;

	for (i = 0; i < m->n_opsets; i++)
		if (!strcmp(m->opsets[i].domain, domain ? domain : "")) {
			m->opsets[i].version = version;
			return 0;
		}
	if (onnxc_grow(&m->opsets, m->n_opsets, &cap, sizeof *m->opsets, err))
		return -1;
	m->opsets[m->n_opsets].domain = onnxc_strdup(domain ? domain : "");
	if (!m->opsets[m->n_opsets].domain)
		return onnxc_oom(err);
	m->opsets[m->n_opsets++].version = version;
	return 0;
}

/* ---- graphs ---- */
ir_graph *ir_graph_new(ir_graph *parent, onnxc_err *err)
{
	ir_graph *g = onnxc_calloc(1, sizeof *g);

	if (!g)
		goto oom;
	g->names = onnxc_calloc(1, sizeof(name_map));
	if (!g->names)
		goto free_g;
	g->parent = parent;
	return g;

free_g:
	onnxc_free(g);
oom:
	onnxc_oom(err);
	return NULL;
}

void ir_attr_clear(ir_attr *a)
{
	int i;

	onnxc_free(a->name);
	onnxc_free(a->doc);
	onnxc_free(a->s);
	ir_tensor_free(a->t);
	ir_graph_free(a->g);
	onnxc_free(a->floats);
	onnxc_free(a->ints);
	if (a->strings)
		for (i = 0; i < a->n; i++)
			onnxc_free(a->strings[i]);
	onnxc_free(a->strings);
	onnxc_free(a->string_lens);
	if (a->tensors)
		for (i = 0; i < a->n; i++)
			ir_tensor_free(a->tensors[i]);
	onnxc_free(a->tensors);
	if (a->graphs)
		for (i = 0; i < a->n; i++)
			ir_graph_free(a->graphs[i]);
	onnxc_free(a->graphs);
	memset(a, 0, sizeof *a);
}

static void node_free(ir_node *n)
{
	int i;

	for (i = 0; i < n->n_attr; i++)
		ir_attr_clear(&n->attrs[i]);
	onnxc_free(n->attrs);
	onnxc_free(n->in);
	onnxc_free(n->out);
	onnxc_free(n->name);
	onnxc_free(n->op_type);
	onnxc_free(n->domain);
	onnxc_free(n->doc);
	onnxc_free(n->fused_from);
	onnxc_free(n->origin);
	onnxc_free(n);
}

static void value_free(ir_value *v)
{
	onnxc_free(v->name);
	onnxc_free(v->doc);
	onnxc_free(v->type_proto);
	ir_shape_clear(&v->shape);
	ir_tensor_free(v->init);
	onnxc_free(v->uses);
	onnxc_free(v);
}

void ir_graph_free(ir_graph *g)
{
	int i;

	if (!g)
		return;
	for (i = 0; i < g->n_nodes; i++)
		node_free(g->nodes[i]);
	for (i = 0; i < g->n_values; i++)
		value_free(g->values[i]);
	onnxc_free(g->nodes);
	onnxc_free(g->values);
	onnxc_free(g->inputs);
	onnxc_free(g->outputs);
	onnxc_free(g->inits);
	if (g->names)
		onnxc_free(((name_map *)g->names)->slot);
	onnxc_free(g->names);
	onnxc_free(g->name);
	onnxc_free(g->doc);
	onnxc_free(g);
}

ir_value *ir_graph_find_local(ir_graph *g, const char *name)
{
	return map_get(g->names, name);
}

ir_value *ir_graph_find(ir_graph *g, const char *name)
{
	ir_value *v;

	for (; g; g = g->parent)
		if ((v = map_get(g->names, name)) != NULL)
			return v;
	return NULL;
}

static ir_value *value_add(ir_graph *g, char *owned_name, onnxc_err *err)
{
	ir_value *v;

	if (!owned_name)
		goto oom;
	if (onnxc_grow(&g->values, g->n_values, &g->cap_values, sizeof *g->values, err))
		goto free_name;
	v = onnxc_calloc(1, sizeof *v);
	if (!v)
		goto oom_free_name;
	v->name = owned_name;
	v->shape.rank = -1;
	if (map_put(g->names, v, err)) {
		onnxc_free(v);
		goto free_name;
	}
	v->id = g->n_values;
	g->values[g->n_values++] = v;
	return v;

oom_free_name:
	onnxc_oom(err);
free_name:
	onnxc_free(owned_name);
	return NULL;
oom:
	onnxc_oom(err);
	return NULL;
}

ir_value *ir_graph_value(ir_graph *g, const char *name, onnxc_err *err)
{
	ir_value *v = map_get(g->names, name);

	return v ? v : value_add(g, onnxc_strdup(name), err);
}

ir_value *ir_graph_new_value(ir_graph *g, const char *hint, onnxc_err *err)
{
	char buf[512];
	unsigned k;

	if (!hint || !*hint)
		hint = "t";
	if (!ir_graph_find(g, hint))
		return value_add(g, onnxc_strdup(hint), err);
	for (k = 1;; k++) {
		snprintf(buf, sizeof buf, "%.400s_%u", hint, k);
		if (!ir_graph_find(g, buf))
			return value_add(g, onnxc_strdup(buf), err);
	}
}

static int list_add(ir_value ***list, int *n, int *cap, ir_value *v, onnxc_err *err)
{
	if (onnxc_grow(list, *n, cap, sizeof **list, err))
		return -1;
	(*list)[(*n)++] = v;
	return 0;
}

int ir_graph_add_input(ir_graph *g, ir_value *v, onnxc_err *err)
{
	v->is_input = 1;
	return list_add(&g->inputs, &g->n_inputs, &g->cap_inputs, v, err);
}

int ir_graph_add_output(ir_graph *g, ir_value *v, onnxc_err *err)
{
	v->is_output = 1;
	return list_add(&g->outputs, &g->n_outputs, &g->cap_outputs, v, err);
}

int ir_graph_add_init(ir_graph *g, ir_value *v, ir_tensor *t, onnxc_err *err)
{
	if (list_add(&g->inits, &g->n_inits, &g->cap_inits, v, err)) {
		ir_tensor_free(t);
		return -1;
	}
	ir_tensor_free(v->init);
	v->init = t;
	v->is_initializer = 1;
	if (!v->has_type) {
		v->dtype = t->dtype;
		if (ir_shape_set(&v->shape, t->rank, t->dims, err))
			return -1;
	}
	return 0;
}

/* ---- nodes ---- */
ir_node *ir_node_insert(ir_graph *g, int pos, const char *name, const char *op_type,
			const char *domain, int n_in, int n_out, onnxc_err *err)
{
	ir_node *n;

	if (onnxc_grow(&g->nodes, g->n_nodes, &g->cap_nodes, sizeof *g->nodes, err))
		return NULL;
	n = onnxc_calloc(1, sizeof *n);
	if (!n)
		goto oom;
	n->name = onnxc_strdup(name ? name : "");
	n->op_type = onnxc_strdup(op_type ? op_type : "");
	n->domain = onnxc_strdup(domain ? domain : "");
	n->in = onnxc_calloc((size_t)(n_in ? n_in : 1), sizeof(ir_value *));
	n->out = onnxc_calloc((size_t)(n_out ? n_out : 1), sizeof(ir_value *));
	if (!n->name || !n->op_type || !n->domain || !n->in || !n->out)
		goto oom_free_n;
	n->n_in = n_in;
	n->n_out = n_out;
	n->op = ir_op_lookup(n->op_type, ir_domain_lookup(n->domain));
	if (pos < 0 || pos > g->n_nodes)
		pos = g->n_nodes;
	memmove(&g->nodes[pos + 1], &g->nodes[pos], sizeof(ir_node *) * (size_t)(g->n_nodes - pos));
	g->nodes[pos] = n;
	g->n_nodes++;
	return n;

oom_free_n:
	node_free(n);
oom:
	onnxc_oom(err);
	return NULL;
}

ir_node *ir_node_new(ir_graph *g, const char *name, const char *op_type,
		     const char *domain, int n_in, int n_out, onnxc_err *err)
{
	return ir_node_insert(g, -1, name, op_type, domain, n_in, n_out, err);
}

void ir_node_set_output(ir_node *n, int k, ir_value *v)
{
	n->out[k] = v;
	if (v) {
		v->producer = n;
		v->producer_index = k;
	}
}

ir_attr *ir_node_add_attr(ir_node *n, const char *name, ir_attr_kind kind, onnxc_err *err)
{
	ir_attr *a;
	int cap = n->n_attr;

	if (onnxc_grow(&n->attrs, n->n_attr, &cap, sizeof *n->attrs, err))
		return NULL;
	a = &n->attrs[n->n_attr];
	memset(a, 0, sizeof *a);
	a->name = onnxc_strdup(name);
	if (!a->name) {
		onnxc_oom(err);
		return NULL;
	}
	a->kind = kind;
	n->n_attr++;
	return a;
}

void ir_node_resolve(const ir_model *m, ir_node *n)
{
	ir_domain d = ir_domain_lookup(n->domain);
	int64_t opset = ir_model_opset(m, n->domain);

	/* "" and "ai.onnx" share one import */
	if (opset < 0 && d == IR_DOM_ONNX)
		opset = ir_model_opset(m, strcmp(n->domain, "") ? "" : "ai.onnx");
	n->op = ir_op_lookup(n->op_type, d);
	n->since_version = opset < 0 ? 0 : ir_op_since(n->op, opset);
}

void ir_node_remove(ir_node *n)
{
	n->dead = 1;
}

void ir_graph_compact(ir_graph *g)
{
	int i, j = 0;

	for (i = 0; i < g->n_nodes; i++) {
		ir_node *n = g->nodes[i];
		if (n->dead) {
			int k;
			for (k = 0; k < n->n_out; k++)
				if (n->out[k] && n->out[k]->producer == n)
					n->out[k]->producer = NULL;
			node_free(n);
		} else {
			g->nodes[j++] = n;
		}
	}
	g->n_nodes = j;
}

/* ---- attribute access ---- */
const ir_attr *ir_attr_get(const ir_node *n, const char *name)
{
	int i;

	for (i = 0; i < n->n_attr; i++)
		if (!strcmp(n->attrs[i].name, name))
			return &n->attrs[i];
	return NULL;
}

int64_t ir_attr_int(const ir_node *n, const char *name, int64_t dflt)
{
	const ir_attr *a = ir_attr_get(n, name);

	return a && a->kind == IR_ATTR_INT ? a->i : dflt;
}

float ir_attr_float(const ir_node *n, const char *name, float dflt)
{
	const ir_attr *a = ir_attr_get(n, name);

	return a && a->kind == IR_ATTR_FLOAT ? a->f : dflt;
}

const char *ir_attr_string(const ir_node *n, const char *name, const char *dflt)
{
	const ir_attr *a = ir_attr_get(n, name);

	return a && a->kind == IR_ATTR_STRING ? a->s : dflt;
}

const int64_t *ir_attr_ints(const ir_node *n, const char *name, int *n_out)
{
	const ir_attr *a = ir_attr_get(n, name);

	if (!a || a->kind != IR_ATTR_INTS) {
		*n_out = 0;
		return NULL;
	}
	*n_out = a->n;
	return a->ints;
}

const float *ir_attr_floats(const ir_node *n, const char *name, int *n_out)
{
	const ir_attr *a = ir_attr_get(n, name);

	if (!a || a->kind != IR_ATTR_FLOATS) {
		*n_out = 0;
		return NULL;
	}
	*n_out = a->n;
	return a->floats;
}
