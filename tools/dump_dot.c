/*
 * dump_dot.c - a model's graph as a Graphviz digraph.
 *
 * Two walks over the graph and its subgraphs in the same order: the first
 * declares every dot node (inputs, ops, outputs, clusters for subgraphs) and
 * records which dot node defines each IR value; the second, at top level,
 * draws the edges.  Declaring all nodes before any edge keeps each node in
 * the cluster it belongs to.  Dot node ids are counters, never addresses, so
 * the output is deterministic.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "dump.h"

#define LABEL_MAX 60    /* bytes of a name shown in a label */

/* ir_value -> defining dot node: 'i' input, 'n' op node, 'k' constant note */
typedef struct src {
	const ir_value *v;
	char kind;
	int id;
} src;

typedef struct dot_ctx {
	FILE *f;
	const dump_opts *o;
	src *map;               /* open addressing, power-of-two capacity */
	size_t cap, used;
	int n_nodes, n_inputs, n_outputs, n_notes, n_clusters;
	int oom;
	dump_str lab;           /* label being built */
	dump_str tmp;
} dot_ctx;

static size_t hash_ptr(const void *p, size_t cap)
{
	uint64_t h = (uint64_t)(uintptr_t)p * 0x9e3779b97f4a7c15ull;

	return (size_t)(h >> 17) & (cap - 1);
}

static int map_put(dot_ctx *c, const ir_value *v, char kind, int id)
{
	size_t i;

	if ((c->used + 1) * 2 > c->cap) {
		size_t ncap = c->cap ? c->cap * 2 : 256, j;
		src *n = onnxc_calloc(ncap, sizeof *n);

		if (!n) {
			c->oom = 1;
			return -1;
		}
		for (j = 0; j < c->cap; j++)
			if (c->map[j].v) {
				for (i = hash_ptr(c->map[j].v, ncap); n[i].v; i = (i + 1) & (ncap - 1))
					;
				n[i] = c->map[j];
			}
		onnxc_free(c->map);
		c->map = n;
		c->cap = ncap;
	}
	for (i = hash_ptr(v, c->cap); c->map[i].v; i = (i + 1) & (c->cap - 1))
		if (c->map[i].v == v)
			break;
	if (!c->map[i].v)
		c->used++;
	c->map[i] = (src){ v, kind, id };
	return 0;
}

static const src *map_get(const dot_ctx *c, const ir_value *v)
{
	size_t i;

	if (!c->cap)
		return NULL;
	for (i = hash_ptr(v, c->cap); c->map[i].v; i = (i + 1) & (c->cap - 1))
		if (c->map[i].v == v)
			return &c->map[i];
	return NULL;
}

/* put_dq: s as a dot double-quoted string: '"' and '\' escaped, newlines
 * as \n (a line break in labels), '&' as "&amp;" (graphviz reads entities
 * in labels).  The label text was
 * built with dump_visible, so it holds no other control characters and
 * only valid UTF-8. */
static void put_dq(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		if (*s == '\n')
			fputs("\\n", f);
		else if (*s == '&')
			fputs("&amp;", f);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

/* add_type_line: "\nTYPE" of value v to b when known, plus its note. */
static void add_value_type(dot_ctx *c, dump_str *b, const ir_value *v, const char *sep)
{
	char note[512];
	size_t mark = b->len;

	dump_str_reset(&c->tmp);
	if (dump_type(&c->tmp, v->dtype, &v->shape)) {
		dump_str_puts(b, sep);
		dump_visible(b, c->tmp.s, 0);
	}
	if (c->o && c->o->value_note && c->o->value_note(c->o->ud, v, note, sizeof note) > 0) {
		note[sizeof note - 1] = 0;
		dump_str_puts(b, b->len > mark ? " " : sep);
		dump_visible(b, note, 0);
	}
}

static void indent(dot_ctx *c, int depth)
{
	fprintf(c->f, "%*s", 2 * depth + 2, "");
}

/* emit_ellipse: a graph input or output: name and type. */
static void emit_ellipse(dot_ctx *c, int depth, char kind, int id, const ir_value *v, int is_out)
{
	dump_str_reset(&c->lab);
	dump_visible(&c->lab, v->name, LABEL_MAX);
	add_value_type(c, &c->lab, v, "\n");
	indent(c, depth);
	fprintf(c->f, "%c%d [shape=ellipse%s, label=", kind, id,
		is_out ? ", style=filled, fillcolor=\"#e8f0ff\"" : ", style=filled, fillcolor=\"#e8ffe8\"");
	put_dq(c->f, c->lab.s);
	fputs(", tooltip=", c->f);
	dump_str_reset(&c->tmp);
	dump_visible(&c->tmp, v->name, 0);
	put_dq(c->f, c->tmp.s);
	fputs("];\n", c->f);
}

/* is_folded: an initializer that is not also a graph input is drawn inside
 * the label of the ops reading it rather than as an edge. */
static int is_folded(const dot_ctx *c, const ir_value *v)
{
	return v->is_initializer && !map_get(c, v);
}

static void declare_graph(dot_ctx *c, const ir_graph *g, int depth);

/* declare_node: the op box (op type, name, folded initializers, note) and
 * the clusters of its subgraphs. */
static void declare_node(dot_ctx *c, const ir_node *n, int id, int depth)
{
	char note[512];
	int i, k;

	dump_str_reset(&c->lab);
	dump_str_reset(&c->tmp);
	dump_op(&c->tmp, n);
	dump_visible(&c->lab, c->tmp.s, LABEL_MAX);
	if (n->name && *n->name) {
		dump_str_puts(&c->lab, "\n");
		dump_visible(&c->lab, n->name, LABEL_MAX);
	}
	for (i = 0; i < n->n_in; i++) {
		const ir_value *v = n->in[i];

		if (!v || !is_folded(c, v))
			continue;
		dump_str_puts(&c->lab, "\n");
		dump_visible(&c->lab, v->name, LABEL_MAX);
		dump_str_puts(&c->lab, ": ");
		dump_str_reset(&c->tmp);
		dump_tensor_type(&c->tmp, v->init);
		dump_visible(&c->lab, c->tmp.s, 0);
	}
	if (c->o && c->o->node_note && c->o->node_note(c->o->ud, n, note, sizeof note) > 0) {
		note[sizeof note - 1] = 0;
		dump_str_puts(&c->lab, "\n");
		dump_visible(&c->lab, note, 0);
	}
	indent(c, depth);
	/* unknown ops red; nodes a pass fused into or made (fold, fusion)
	 * orange with a bold border; others grey */
	fprintf(c->f, "n%d [shape=box, style=\"rounded,filled%s\", fillcolor=\"%s\", label=", id,
		n->fused_act || n->origin ? ",bold" : "",
		n->op == IR_OP_UNKNOWN ? "#ffe0e0" : n->fused_act || n->origin ? "#ffe4b8" : "#f4f4f4");
	put_dq(c->f, c->lab.s);
	fputs("];\n", c->f);

	for (i = 0; i < n->n_attr; i++) {
		const ir_attr *a = &n->attrs[i];
		int cnt = a->kind == IR_ATTR_GRAPH ? (a->g != NULL) : a->kind == IR_ATTR_GRAPHS ? a->n : 0;

		for (k = 0; k < cnt; k++) {
			const ir_graph *sub = a->kind == IR_ATTR_GRAPH ? a->g : a->graphs[k];
			int cl = c->n_clusters++;

			dump_str_reset(&c->lab);
			dump_visible(&c->lab, n->name && *n->name ? n->name : n->op_type, LABEL_MAX);
			dump_str_puts(&c->lab, ": ");
			dump_visible(&c->lab, a->name, LABEL_MAX);
			if (a->kind == IR_ATTR_GRAPHS)
				dump_str_printf(&c->lab, "[%d]", k);
			indent(c, depth);
			fprintf(c->f, "subgraph cluster_%d {\n", cl);
			indent(c, depth + 1);
			fputs("label=", c->f);
			put_dq(c->f, c->lab.s);
			fputs("; style=dashed;\n", c->f);
			indent(c, depth + 1);
			fprintf(c->f, "a%d [shape=point, style=invis, width=0.01];\n", cl);
			declare_graph(c, sub, depth + 1);
			indent(c, depth);
			fputs("}\n", c->f);
		}
	}
}

/* declare_graph: record and declare g's inputs, constant notes, op nodes
 * (with their clusters) and outputs. */
static void declare_graph(dot_ctx *c, const ir_graph *g, int depth)
{
	int i, k;

	for (i = 0; i < g->n_inputs; i++) {
		int id = c->n_inputs++;

		if (map_put(c, g->inputs[i], 'i', id))
			return;
		emit_ellipse(c, depth, 'i', id, g->inputs[i], 0);
	}
	/* every node's outputs are recorded before any node is declared, so an
	 * op label can tell initializers from values computed in this graph */
	for (i = 0; i < g->n_nodes; i++)
		for (k = 0; k < g->nodes[i]->n_out; k++)
			if (g->nodes[i]->out[k] &&
			    map_put(c, g->nodes[i]->out[k], 'n', c->n_nodes + i))
				return;
	/* an initializer that is a graph output gets a note of its own */
	for (i = 0; i < g->n_outputs; i++) {
		const ir_value *v = g->outputs[i];

		if (v->is_initializer && !map_get(c, v)) {
			int id = c->n_notes++;

			if (map_put(c, v, 'k', id))
				return;
			dump_str_reset(&c->lab);
			dump_visible(&c->lab, v->name, LABEL_MAX);
			dump_str_puts(&c->lab, "\n");
			dump_str_reset(&c->tmp);
			dump_tensor_type(&c->tmp, v->init);
			dump_visible(&c->lab, c->tmp.s, 0);
			indent(c, depth);
			fprintf(c->f, "k%d [shape=note, fontsize=8, label=", id);
			put_dq(c->f, c->lab.s);
			fputs("];\n", c->f);
		}
	}
	{
		int base = c->n_nodes;

		c->n_nodes += g->n_nodes;
		for (i = 0; i < g->n_nodes && !c->oom; i++)
			declare_node(c, g->nodes[i], base + i, depth);
	}
	for (i = 0; i < g->n_outputs; i++)
		emit_ellipse(c, depth, 'o', c->n_outputs++, g->outputs[i], 1);
}

/* edge: from the dot node defining v to `to`, labelled with v's type. */
static void edge(dot_ctx *c, const ir_value *v, const char *to)
{
	const src *s = map_get(c, v);

	if (!s)
		return;
	dump_str_reset(&c->lab);
	add_value_type(c, &c->lab, v, "");
	fprintf(c->f, "  %c%d -> %s [label=", s->kind, s->id, to);
	put_dq(c->f, c->lab.s);
	fputs(", tooltip=", c->f);
	dump_str_reset(&c->tmp);
	dump_visible(&c->tmp, v->name, 0);
	put_dq(c->f, c->tmp.s);
	fputs("];\n", c->f);
}

/* edges_graph: the edges of g, in the order declare_graph numbered it. */
static void edges_graph(dot_ctx *c, const ir_graph *g)
{
	char to[32];
	int i, k, j, base;

	base = c->n_nodes;
	c->n_nodes += g->n_nodes;
	for (i = 0; i < g->n_nodes; i++) {
		const ir_node *n = g->nodes[i];

		snprintf(to, sizeof to, "n%d", base + i);
		for (k = 0; k < n->n_in; k++)
			if (n->in[k] && !is_folded(c, n->in[k]))
				edge(c, n->in[k], to);
		for (k = 0; k < n->n_attr; k++) {
			const ir_attr *a = &n->attrs[k];
			int cnt = a->kind == IR_ATTR_GRAPH ? (a->g != NULL)
				: a->kind == IR_ATTR_GRAPHS ? a->n : 0;

			for (j = 0; j < cnt; j++) {
				int cl = c->n_clusters++;

				fprintf(c->f, "  n%d -> a%d [lhead=cluster_%d, style=dashed, "
					"arrowhead=none];\n", base + i, cl, cl);
				edges_graph(c, a->kind == IR_ATTR_GRAPH ? a->g : a->graphs[j]);
			}
		}
	}
	for (i = 0; i < g->n_outputs; i++) {
		snprintf(to, sizeof to, "o%d", c->n_outputs++);
		edge(c, g->outputs[i], to);
	}
}

int dump_dot(FILE *f, const ir_model *m, const dump_opts *o)
{
	dot_ctx c = { 0 };
	int rc;

	c.f = f;
	c.o = o;
	dump_str_reset(&c.lab);
	fputs("digraph ", f);
	dump_visible(&c.lab, m->graph->name && *m->graph->name ? m->graph->name : "graph", 0);
	put_dq(f, c.lab.s);
	fputs(" {\n"
	      "  graph [rankdir=TB, compound=true, fontname=\"Helvetica\", fontsize=10];\n"
	      "  node [fontname=\"Helvetica\", fontsize=10];\n"
	      "  edge [fontname=\"Helvetica\", fontsize=8];\n", f);
	declare_graph(&c, m->graph, 0);
	c.n_nodes = c.n_outputs = c.n_clusters = 0;
	if (!c.oom)
		edges_graph(&c, m->graph);
	fputs("}\n", f);
	rc = c.oom || c.lab.oom || c.tmp.oom || ferror(f) ? -1 : 0;
	onnxc_free(c.map);
	dump_str_free(&c.lab);
	dump_str_free(&c.tmp);
	return rc;
}
