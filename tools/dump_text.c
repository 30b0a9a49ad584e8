/*
 * dump_text.c - the text form of a model: header lines, then the graph in
 * SSA form, one definition per line, subgraphs as nested indented blocks.
 * The format is described in dump.h.
 */
#include <stdio.h>
#include <string.h>

#include "dump.h"

typedef struct text_ctx {
	FILE *f;
	const dump_opts *o;
	dump_str line;
} text_ctx;

static int graph_block(text_ctx *c, const ir_graph *g, int indent, const char *title);

/* flush_line: write the line built so far (indented) and a newline. */
static void flush_line(text_ctx *c, int indent)
{
	if (c->line.oom)
		return;
	fprintf(c->f, "%*s%s\n", indent, "", c->line.s ? c->line.s : "");
	dump_str_reset(&c->line);
}

/* value_note / node_note: the caller's annotation, in `fmt` ("%s"). */
static void value_note(text_ctx *c, const ir_value *v, const char *fmt)
{
	char buf[512];

	if (c->o && c->o->value_note && c->o->value_note(c->o->ud, v, buf, sizeof buf) > 0) {
		buf[sizeof buf - 1] = 0;
		dump_str_printf(&c->line, fmt, buf);
	}
}

static void node_note(text_ctx *c, const ir_node *n, const char *fmt)
{
	char buf[512];

	if (c->o && c->o->node_note && c->o->node_note(c->o->ud, n, buf, sizeof buf) > 0) {
		buf[sizeof buf - 1] = 0;
		dump_str_printf(&c->line, fmt, buf);
	}
}

/* put_type: ": type" when the dtype or the rank is known. */
static void put_type(text_ctx *c, const ir_value *v)
{
	if (v->dtype == IR_UNDEFINED && v->shape.rank < 0)
		return;
	dump_str_puts(&c->line, ": ");
	dump_type(&c->line, v->dtype, &v->shape);
}

/* put_value: "%name: type (note)" for a definition, "%name" otherwise,
 * "_" for an omitted value. */
static void put_value(text_ctx *c, const ir_value *v, int def)
{
	if (!v) {
		dump_str_puts(&c->line, "_");
		return;
	}
	dump_str_puts(&c->line, "%");
	dump_name(&c->line, v->name);
	if (!def)
		return;
	put_type(c, v);
	value_note(c, v, " (%s)");
}

static void put_list_sep(text_ctx *c, int i)
{
	if (i)
		dump_str_puts(&c->line, ",");
}

/* put_attr: "name=value"; graphs are only named here, their blocks follow
 * the node's line. */
static void put_attr(text_ctx *c, const ir_attr *a)
{
	dump_str *b = &c->line;
	int i;

	dump_name(b, a->name);
	dump_str_puts(b, "=");
	switch (a->kind) {
	case IR_ATTR_FLOAT:
		dump_float(b, a->f);
		break;
	case IR_ATTR_INT:
		dump_str_printf(b, "%lld", (long long)a->i);
		break;
	case IR_ATTR_STRING:
		dump_quoted(b, a->s, a->s ? a->slen : 0, '"');
		break;
	case IR_ATTR_TENSOR:
		dump_str_puts(b, "<");
		dump_tensor_type(b, a->t);
		dump_str_puts(b, ">");
		break;
	case IR_ATTR_GRAPH:
		dump_str_puts(b, "<graph>");
		break;
	case IR_ATTR_FLOATS:
		dump_str_puts(b, "[");
		for (i = 0; i < a->n; i++) {
			put_list_sep(c, i);
			dump_float(b, a->floats[i]);
		}
		dump_str_puts(b, "]");
		break;
	case IR_ATTR_INTS:
		dump_str_puts(b, "[");
		for (i = 0; i < a->n; i++) {
			put_list_sep(c, i);
			dump_str_printf(b, "%lld", (long long)a->ints[i]);
		}
		dump_str_puts(b, "]");
		break;
	case IR_ATTR_STRINGS:
		dump_str_puts(b, "[");
		for (i = 0; i < a->n; i++) {
			put_list_sep(c, i);
			dump_quoted(b, a->strings[i],
				    a->strings[i] ? (a->string_lens ? a->string_lens[i]
						     : strlen(a->strings[i])) : 0, '"');
		}
		dump_str_puts(b, "]");
		break;
	case IR_ATTR_TENSORS:
		dump_str_puts(b, "[");
		for (i = 0; i < a->n; i++) {
			put_list_sep(c, i);
			dump_str_puts(b, "<");
			dump_tensor_type(b, a->tensors ? a->tensors[i] : NULL);
			dump_str_puts(b, ">");
		}
		dump_str_puts(b, "]");
		break;
	case IR_ATTR_GRAPHS:
		dump_str_printf(b, "<graphs[%d]>", a->n);
		break;
	case IR_ATTR_SPARSE_TENSOR:
		dump_str_puts(b, "<sparse_tensor>");
		break;
	case IR_ATTR_SPARSE_TENSORS:
		dump_str_printf(b, "<sparse_tensors[%d]>", a->n);
		break;
	case IR_ATTR_TYPE_PROTO:
		dump_str_puts(b, "<type>");
		break;
	case IR_ATTR_TYPE_PROTOS:
		dump_str_printf(b, "<types[%d]>", a->n);
		break;
	default:
		dump_str_printf(b, "<attribute kind %d>", (int)a->kind);
		break;
	}
}

/* node_line: the node's definition line, then the blocks of its graph
 * attributes indented one level deeper. */
static int node_line(text_ctx *c, const ir_node *n, int indent)
{
	dump_str title = { 0 };
	int i, k, rc = 0;

	for (i = 0; i < n->n_out; i++) {
		if (i)
			dump_str_puts(&c->line, ", ");
		put_value(c, n->out[i], 1);
	}
	if (n->n_out)
		dump_str_puts(&c->line, " = ");
	dump_op(&c->line, n);
	dump_str_puts(&c->line, "(");
	for (i = 0; i < n->n_in; i++) {
		if (i)
			dump_str_puts(&c->line, ", ");
		put_value(c, n->in[i], 0);
	}
	dump_str_puts(&c->line, ")");
	if (n->n_attr) {
		dump_str_puts(&c->line, " {");
		for (i = 0; i < n->n_attr; i++) {
			if (i)
				dump_str_puts(&c->line, ", ");
			put_attr(c, &n->attrs[i]);
		}
		dump_str_puts(&c->line, "}");
	}
	if (n->name && *n->name) {
		dump_str_puts(&c->line, "  # node ");
		dump_quoted(&c->line, n->name, strlen(n->name), '\'');
		node_note(c, n, " %s");
	} else {
		node_note(c, n, "  # %s");
	}
	flush_line(c, indent);

	for (i = 0; i < n->n_attr && !rc; i++) {
		const ir_attr *a = &n->attrs[i];

		if (a->kind == IR_ATTR_GRAPH && a->g) {
			dump_str_reset(&title);
			dump_name(&title, a->name);
			dump_str_puts(&title, ": graph");
			rc = title.oom ? -1 : graph_block(c, a->g, indent + 2, title.s);
		}
		for (k = 0; a->kind == IR_ATTR_GRAPHS && k < a->n && !rc; k++) {
			dump_str_reset(&title);
			dump_name(&title, a->name);
			dump_str_printf(&title, "[%d]: graph", k);
			rc = title.oom ? -1 : graph_block(c, a->graphs[k], indent + 2, title.s);
		}
	}
	dump_str_free(&title);
	return rc;
}

/* graph_block: "TITLE NAME {", inputs, initializers, nodes, outputs, "}". */
static int graph_block(text_ctx *c, const ir_graph *g, int indent, const char *title)
{
	int i;

	dump_str_printf(&c->line, "%s ", title);
	dump_name(&c->line, g->name);
	dump_str_puts(&c->line, " {");
	flush_line(c, indent);
	for (i = 0; i < g->n_inputs; i++) {
		dump_str_puts(&c->line, "input ");
		put_value(c, g->inputs[i], 1);
		flush_line(c, indent + 2);
	}
	for (i = 0; i < g->n_inits; i++) {
		const ir_value *v = g->inits[i];

		dump_str_puts(&c->line, "init %");
		dump_name(&c->line, v->name);
		dump_str_puts(&c->line, ": ");
		dump_tensor_type(&c->line, v->init);
		value_note(c, v, " (%s)");
		flush_line(c, indent + 2);
	}
	for (i = 0; i < g->n_nodes; i++)
		if (node_line(c, g->nodes[i], indent + 2))
			return -1;
	for (i = 0; i < g->n_outputs; i++) {
		const ir_value *v = g->outputs[i];

		dump_str_puts(&c->line, "output %");
		dump_name(&c->line, v->name);
		put_type(c, v);
		flush_line(c, indent + 2);
	}
	dump_str_puts(&c->line, "}");
	flush_line(c, indent);
	return c->line.oom ? -1 : 0;
}

int dump_text_graph(FILE *f, const ir_graph *g, int indent, const char *title,
		    const dump_opts *o)
{
	text_ctx c = { f, o, { 0 } };
	int rc;

	rc = graph_block(&c, g, indent, title ? title : "graph");
	dump_str_free(&c.line);
	return rc || ferror(f) ? -1 : 0;
}

int dump_text(FILE *f, const ir_model *m, const dump_opts *o)
{
	text_ctx c = { f, o, { 0 } };
	int i, rc;

	dump_str_printf(&c.line, "ir_version: %lld", (long long)m->ir_version);
	flush_line(&c, 0);
	if ((m->producer_name && *m->producer_name) ||
	    (m->producer_version && *m->producer_version)) {
		dump_str_puts(&c.line, "producer: ");
		dump_name(&c.line, m->producer_name ? m->producer_name : "");
		if (m->producer_version && *m->producer_version) {
			dump_str_puts(&c.line, " ");
			dump_name(&c.line, m->producer_version);
		}
		flush_line(&c, 0);
	}
	if (m->domain && *m->domain) {
		dump_str_puts(&c.line, "domain: ");
		dump_name(&c.line, m->domain);
		flush_line(&c, 0);
	}
	if (m->model_version) {
		dump_str_printf(&c.line, "model_version: %lld", (long long)m->model_version);
		flush_line(&c, 0);
	}
	for (i = 0; i < m->n_opsets; i++) {
		dump_str_puts(&c.line, "opset: ");
		dump_name(&c.line, dump_domain(m->opsets[i].domain));
		dump_str_printf(&c.line, " %lld", (long long)m->opsets[i].version);
		flush_line(&c, 0);
	}
	for (i = 0; i < m->n_meta; i++) {
		dump_str_puts(&c.line, "metadata: ");
		dump_name(&c.line, m->meta[i].key);
		dump_str_puts(&c.line, " = ");
		dump_quoted(&c.line, m->meta[i].value,
			    m->meta[i].value ? strlen(m->meta[i].value) : 0, '"');
		flush_line(&c, 0);
	}
	rc = graph_block(&c, m->graph, 0, "graph");
	dump_str_free(&c.line);
	return rc || ferror(f) ? -1 : 0;
}
