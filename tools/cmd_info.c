/*
 * cmd_info.c - "onnxc info MODEL": a summary of a model: metadata, opsets,
 * inputs/outputs, parameters, node count, op histogram and the ops onnxc
 * has no kernel for.  As text (default) or JSON.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "dump.h"

static const char usage[] =
	"usage: onnxc info MODEL [--format text|json] [-o FILE]\n"
	"\n"
	"Summarise an ONNX model: producer, IR version, opsets, graph inputs and\n"
	"outputs with types and shapes (symbolic dims by name, unknown as ?),\n"
	"initializers, parameters, nodes (subgraphs included), how often each op\n"
	"occurs, and the ops onnxc has no kernel for.\n"
	"\n"
	"  --format F   text (default) or json\n"
	"  -o FILE      write to FILE instead of standard output\n"
	"  -h, --help   show this help\n";

typedef struct op_count {
	char *op;               /* "Conv", or "domain:Op" */
	int count;
	int supported;
} op_count;

typedef struct info {
	const ir_model *m;
	op_count *ops;
	int n_ops, cap_ops;
	int64_t nodes, sub_nodes;
	int oom;
} info;

static void count_op(info *in, const ir_node *n)
{
	dump_str b = { 0 };
	int i;

	dump_op(&b, n);
	if (b.oom)
		goto oom;
	for (i = 0; i < in->n_ops; i++)
		if (!strcmp(in->ops[i].op, b.s)) {
			in->ops[i].count++;
			dump_str_free(&b);
			return;
		}
	if (in->n_ops == in->cap_ops) {
		int cap = in->cap_ops ? 2 * in->cap_ops : 32;
		op_count *p = realloc(in->ops, sizeof *p * (size_t)cap);

		if (!p)
			goto oom;
		in->ops = p;
		in->cap_ops = cap;
	}
	in->ops[in->n_ops].op = b.s;    /* ownership passes */
	in->ops[in->n_ops].count = 1;
	in->ops[in->n_ops].supported = n->op != IR_OP_UNKNOWN && ir_ops[n->op].has_kernel;
	in->n_ops++;
	return;
oom:
	dump_str_free(&b);
	in->oom = 1;
}

/* count_graph: nodes and ops of g and its subgraphs. */
static void count_graph(info *in, const ir_graph *g, int depth)
{
	int i, j, k;

	for (i = 0; i < g->n_nodes; i++) {
		const ir_node *n = g->nodes[i];

		if (depth)
			in->sub_nodes++;
		in->nodes++;
		count_op(in, n);
		for (j = 0; j < n->n_attr; j++) {
			const ir_attr *a = &n->attrs[j];

			if (a->kind == IR_ATTR_GRAPH && a->g)
				count_graph(in, a->g, depth + 1);
			for (k = 0; a->kind == IR_ATTR_GRAPHS && k < a->n; k++)
				count_graph(in, a->graphs[k], depth + 1);
		}
	}
}

static int by_count_then_name(const void *pa, const void *pb)
{
	const op_count *a = pa, *b = pb;

	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return strcmp(a->op, b->op);
}

static int by_name(const void *pa, const void *pb)
{
	const op_count *a = pa, *b = pb;

	return strcmp(a->op, b->op);
}

/* ---- text ---- */

static void put_str(FILE *f, const char *s)
{
	dump_str b = { 0 };

	dump_name(&b, s ? s : "");
	fputs(b.s ? b.s : "?", f);
	dump_str_free(&b);
}

static void text_values(FILE *f, const char *title, ir_value *const *vals, int n, int skip_init)
{
	dump_str b = { 0 };
	int i, shown = 0, width = 0, hidden = 0;

	for (i = 0; i < n; i++) {
		int w;

		if (skip_init && vals[i]->is_initializer)
			continue;
		dump_str_reset(&b);
		dump_name(&b, vals[i]->name);
		w = (int)b.len;
		if (w > width)
			width = w < 40 ? w : 40;
	}
	fprintf(f, "%s:\n", title);
	for (i = 0; i < n; i++) {
		if (skip_init && vals[i]->is_initializer) {
			hidden++;
			continue;
		}
		dump_str_reset(&b);
		dump_name(&b, vals[i]->name);
		fprintf(f, "  %-*s  ", width, b.s ? b.s : "?");
		dump_str_reset(&b);
		if (!dump_type(&b, vals[i]->dtype, &vals[i]->shape))
			dump_str_puts(&b, "?");
		fprintf(f, "%s\n", b.s ? b.s : "?");
		shown++;
	}
	if (!shown)
		fputs("  (none)\n", f);
	if (hidden)
		fprintf(f, "  (and %d input%s with initializers)\n", hidden, hidden == 1 ? "" : "s");
	dump_str_free(&b);
}

static void human_bytes(char *buf, size_t len, int64_t n)
{
	static const char *const units[] = { "KiB", "MiB", "GiB", "TiB" };
	double v = (double)n;
	int u = -1;

	while (v >= 1024 && u < 3) {
		v /= 1024;
		u++;
	}
	if (u < 0)
		snprintf(buf, len, "%lld bytes", (long long)n);
	else
		snprintf(buf, len, "%lld bytes, %.1f %s", (long long)n, v, units[u]);
}

static void text_info(FILE *f, const char *path, info *in)
{
	const ir_model *m = in->m;
	const ir_graph *g = m->graph;
	int64_t elems = 0, bytes = 0;
	char hb[64];
	int i, first;

	ir_graph_param_count(g, &elems, &bytes);
	fprintf(f, "model:        %s\n", path);
	fprintf(f, "ir_version:   %lld\n", (long long)m->ir_version);
	fputs("producer:     ", f);
	put_str(f, m->producer_name);
	if (m->producer_version && *m->producer_version) {
		fputc(' ', f);
		put_str(f, m->producer_version);
	}
	fputs("\nopsets:       ", f);
	for (i = 0; i < m->n_opsets; i++) {
		fputs(i ? ", " : "", f);
		put_str(f, dump_domain(m->opsets[i].domain));
		fprintf(f, " %lld", (long long)m->opsets[i].version);
	}
	fputs(m->n_opsets ? "\n" : "(none)\n", f);
	fputs("graph:        ", f);
	put_str(f, g->name);
	fputc('\n', f);
	text_values(f, "inputs", g->inputs, g->n_inputs, 1);
	text_values(f, "outputs", g->outputs, g->n_outputs, 0);
	fprintf(f, "initializers: %d\n", g->n_inits);
	human_bytes(hb, sizeof hb, bytes);
	fprintf(f, "parameters:   %lld (%s)\n", (long long)elems, hb);
	fprintf(f, "nodes:        %lld", (long long)in->nodes);
	if (in->sub_nodes)
		fprintf(f, " (%lld in subgraphs)", (long long)in->sub_nodes);
	fputs("\nops:\n", f);
	qsort(in->ops, (size_t)in->n_ops, sizeof *in->ops, by_count_then_name);
	for (i = 0; i < in->n_ops; i++)
		fprintf(f, "  %s: %d\n", in->ops[i].op, in->ops[i].count);
	if (!in->n_ops)
		fputs("  (none)\n", f);
	qsort(in->ops, (size_t)in->n_ops, sizeof *in->ops, by_name);
	fputs("unsupported:  ", f);
	for (i = 0, first = 1; i < in->n_ops; i++)
		if (!in->ops[i].supported) {
			fprintf(f, "%s%s", first ? "" : ", ", in->ops[i].op);
			first = 0;
		}
	fputs(first ? "none\n" : "\n", f);
}

/* ---- json ---- */

static void json_values(FILE *f, ir_value *const *vals, int n, int skip_init)
{
	int i, k, first = 1;

	fputc('[', f);
	for (i = 0; i < n; i++) {
		const ir_value *v = vals[i];

		if (skip_init && v->is_initializer)
			continue;
		fputs(first ? "\n    {\"name\": " : ",\n    {\"name\": ", f);
		first = 0;
		dump_json_str(f, v->name);
		fputs(", \"dtype\": ", f);
		if (v->dtype == IR_UNDEFINED)
			fputs("null", f);
		else
			dump_json_str(f, ir_dtype_name(v->dtype));
		fputs(", \"shape\": ", f);
		if (v->shape.rank < 0) {
			fputs("null}", f);
			continue;
		}
		fputc('[', f);
		for (k = 0; k < v->shape.rank; k++) {
			fputs(k ? ", " : "", f);
			if (v->shape.dims && v->shape.dims[k] >= 0)
				fprintf(f, "%lld", (long long)v->shape.dims[k]);
			else if (v->shape.syms && v->shape.syms[k])
				dump_json_str(f, v->shape.syms[k]);
			else
				fputs("null", f);
		}
		fputs("]}", f);
	}
	fputs(first ? "]" : "\n  ]", f);
}

static void json_info(FILE *f, const char *path, info *in)
{
	const ir_model *m = in->m;
	const ir_graph *g = m->graph;
	int64_t elems = 0, bytes = 0;
	int i, first;

	ir_graph_param_count(g, &elems, &bytes);
	fputs("{\n  \"model\": ", f);
	dump_json_str(f, path);
	fprintf(f, ",\n  \"ir_version\": %lld,\n  \"producer_name\": ", (long long)m->ir_version);
	dump_json_str(f, m->producer_name);
	fputs(",\n  \"producer_version\": ", f);
	dump_json_str(f, m->producer_version);
	fputs(",\n  \"opsets\": {", f);
	for (i = 0; i < m->n_opsets; i++) {
		fputs(i ? ", " : "", f);
		dump_json_str(f, m->opsets[i].domain);
		fprintf(f, ": %lld", (long long)m->opsets[i].version);
	}
	fputs("},\n  \"graph\": ", f);
	dump_json_str(f, g->name);
	fputs(",\n  \"inputs\": ", f);
	json_values(f, g->inputs, g->n_inputs, 1);
	fputs(",\n  \"outputs\": ", f);
	json_values(f, g->outputs, g->n_outputs, 0);
	fprintf(f, ",\n  \"initializers\": %d,\n  \"parameters\": %lld,\n"
		"  \"parameter_bytes\": %lld,\n  \"nodes\": %lld,\n  \"subgraph_nodes\": %lld,\n"
		"  \"ops\": {", g->n_inits, (long long)elems, (long long)bytes,
		(long long)in->nodes, (long long)in->sub_nodes);
	qsort(in->ops, (size_t)in->n_ops, sizeof *in->ops, by_count_then_name);
	for (i = 0; i < in->n_ops; i++) {
		fputs(i ? ", " : "", f);
		dump_json_str(f, in->ops[i].op);
		fprintf(f, ": %d", in->ops[i].count);
	}
	fputs("},\n  \"unsupported\": [", f);
	qsort(in->ops, (size_t)in->n_ops, sizeof *in->ops, by_name);
	for (i = 0, first = 1; i < in->n_ops; i++)
		if (!in->ops[i].supported) {
			fputs(first ? "" : ", ", f);
			dump_json_str(f, in->ops[i].op);
			first = 0;
		}
	fputs("]\n}\n", f);
}

int cmd_info(int argc, char **argv)
{
	static const char *const formats[] = { "text", "json", NULL };
	const char *format = "text", *out = NULL, *pos[1];
	const cli_opt opts[] = {
		{ "format", 0, "F", &format, NULL, NULL, NULL },
		{ "output", 'o', "FILE", &out, NULL, NULL, NULL },
		{ NULL, 0, NULL, NULL, NULL, NULL, NULL },
	};
	info in = { 0 };
	cli_out o;
	int n_pos, fmt, i, rc = CLI_EBAD;

	i = cli_parse("info", argc, argv, opts, usage, pos, 1, &n_pos);
	if (i)
		return i == CLI_PARSE_HELP ? CLI_OK : CLI_EBAD;
	if (n_pos != 1)
		return cli_error("info", "expected one MODEL argument (try 'onnxc info --help')");
	fmt = cli_choice("info", "--format", format, formats);
	if (fmt < 0)
		return CLI_EBAD;
	in.m = cli_load("info", pos[0]);
	if (!in.m)
		return CLI_EBAD;
	count_graph(&in, in.m->graph, 0);
	if (in.oom) {
		cli_error("info", "out of memory");
		goto free_all;
	}
	if (cli_out_open(&o, "info", out, 0))
		goto free_all;
	if (fmt == 0)
		text_info(o.f, pos[0], &in);
	else
		json_info(o.f, pos[0], &in);
	rc = cli_out_commit(&o) ? CLI_EBAD : CLI_OK;

free_all:
	for (i = 0; i < in.n_ops; i++)
		onnxc_free(in.ops[i].op);
	free(in.ops);
	ir_model_free((ir_model *)in.m);
	return rc;
}
