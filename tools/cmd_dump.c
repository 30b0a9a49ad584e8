/*
 * cmd_dump.c - "onnxc dump MODEL": the graph as loaded, as text (SSA
 * form), Graphviz dot, or written back as ONNX.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "dump.h"
#include "fe.h"
#include "session.h"

static const char usage[] =
	"usage: onnxc dump MODEL [--format text|dot|onnx] [-o FILE] [-O] [pass flags]\n"
	"\n"
	"Print the graph of an ONNX model as loaded by onnxc, or with -O as\n"
	"optimised by its passes.\n"
	"\n"
	"  --format F   text (default): one node per line in SSA form;\n"
	"               dot: a Graphviz digraph (render with 'dot -Tsvg');\n"
	"               onnx: the model written back as ONNX (needs -o)\n"
	"  -o FILE      write to FILE (replaced atomically) instead of standard\n"
	"               output; '-' is standard output\n"
	CLI_PASS_USAGE
	"  -h, --help   show this help\n";

enum { FMT_TEXT, FMT_DOT, FMT_ONNX };

/* The memory plan of an optimised graph, for the annotations of -O. */
struct plan_view {
	onnxc_model *model;
	onnxc_session *sess;
	const rt_plan *plan;
	const ir_graph *g;
	int *step;                 /* per node id: run step, -1 folded */
};

static size_t value_note(void *ud, const ir_value *v, char *buf, size_t len)
{
	const struct plan_view *pv = ud;
	const rt_plan *p = pv->plan;
	int b;

	if (!p || v->id < 0 || v->id >= p->n_values || pv->g->values[v->id] != v)
		return 0;
	switch (p->mem[v->id]) {
	case RT_MEM_ARENA:
		b = p->bufid[v->id];
		if (b < 0)
			return 0;
		return (size_t)snprintf(buf, len, "arena+%zu %zu B live %d..%d",
					(size_t)((const char *)p->tensors[v->id].data -
						 (const char *)p->arena),
					p->tensors[v->id].nbytes, p->bufs[b].start, p->bufs[b].end);
	case RT_MEM_FOLDED:
		return (size_t)snprintf(buf, len, "folded at prepare, %zu B", p->tensors[v->id].nbytes);
	default:
		return 0;
	}
}

static size_t node_note(void *ud, const ir_node *n, char *buf, size_t len)
{
	const struct plan_view *pv = ud;
	size_t k = 0;

	if (n->fused_act)
		k += (size_t)snprintf(buf, len, "fused %s%s%s", ir_ops[n->fused_act].name,
				      n->fused_from ? " from " : "", n->fused_from ? n->fused_from : "");
	if (n->origin && k < len)
		k += (size_t)snprintf(buf + k, len - k, "%s%s", k ? "; " : "", n->origin);
	if (pv->step && n->id >= 0 && n->id < pv->g->n_nodes && pv->g->nodes[n->id] == n &&
	    k < len) {
		if (pv->step[n->id] < 0)
			k += (size_t)snprintf(buf + k, len - k, "%sfolded at prepare", k ? "; " : "");
		else
			k += (size_t)snprintf(buf + k, len - k, "%sstep %d", k ? "; " : "",
					      pv->step[n->id]);
	}
	return k < len ? k : len - 1;
}

/* plan_for: prepare the optimised model on its declared input shapes
 * (symbolic or unknown dims taken as 1) to show the memory plan.  Takes
 * ownership of m.  Fails soft: without a plan, the dump has no offsets. */
static void plan_for(struct plan_view *pv, ir_model *m)
{
	onnxc_err err = { 0 };
	onnxc_tensor in[64];
	int64_t dims[64][RT_MAXRANK];
	int i, k, n;

	memset(pv, 0, sizeof *pv);
	pv->g = m->graph;
	pv->model = rt_model_wrap(m, &err);
	if (!pv->model || onnxc_session_new(pv->model, NULL, &pv->sess))
		return;
	n = onnxc_model_num_inputs(pv->model);
	if (n > 64)
		return;
	for (i = 0; i < n; i++) {
		onnxc_model_input(pv->model, i, &in[i]);
		if (in[i].rank < 0 || in[i].rank > RT_MAXRANK)
			return;
		for (k = 0; k < in[i].rank; k++)
			dims[i][k] = in[i].dims[k] >= 0 ? in[i].dims[k] : 1;
		in[i].dims = dims[i];
		in[i].data = NULL;
		in[i].nbytes = 0;
	}
	if (onnxc_session_prepare(pv->sess, n, in)) {
		fprintf(stderr, "onnxc dump: note: no memory plan: %s\n", onnxc_session_errmsg(pv->sess));
		return;
	}
	pv->plan = pv->sess->plans[0];
	pv->step = calloc((size_t)(pv->g->n_nodes ? pv->g->n_nodes : 1), sizeof *pv->step);
	if (!pv->step)
		return;
	for (i = 0; i < pv->g->n_nodes; i++)
		pv->step[i] = -1;
	for (i = 0; i < pv->plan->n_nodes; i++)
		pv->step[pv->plan->nodes[i].ir->id] = i;
}

static void plan_free(struct plan_view *pv)
{
	free(pv->step);
	onnxc_session_free(pv->sess);
	onnxc_model_free(pv->model);
}

/* write_onnx: serialise m to `path` ("-": standard output, not a terminal). */
static int write_onnx(const ir_model *m, const char *path)
{
	onnxc_err err = { 0 };
	void *buf = NULL;
	size_t len = 0;
	cli_out o;
	int rc;

	if (!cli_is_stdout(path)) {
		if (fe_write_file(m, path, &err))
			return cli_error("dump", "%s", err.msg[0] ? err.msg : "cannot write model");
		return CLI_OK;
	}
	if (cli_out_open(&o, "dump", path, 1))
		return CLI_EBAD;
	if (fe_write_buffer(m, &buf, &len, &err)) {
		cli_out_abort(&o);
		return cli_error("dump", "%s", err.msg[0] ? err.msg : "cannot serialise model");
	}
	fwrite(buf, 1, len, o.f);
	onnxc_free(buf);
	rc = cli_out_commit(&o);
	return rc ? CLI_EBAD : CLI_OK;
}

int cmd_dump(int argc, char **argv)
{
	static const char *const formats[] = { "text", "dot", "onnx", NULL };
	const char *format = "text", *out = NULL, *pos[1];
	cli_passes passes = { 0 };
	const cli_opt opts[] = {
		CLI_PASS_OPTS(&passes),
		{ "format", 0, "F", &format, NULL, NULL, NULL },
		{ "output", 'o', "FILE", &out, NULL, NULL, NULL },
		{ NULL, 0, NULL, NULL, NULL, NULL, NULL },
	};
	ir_model *m;
	struct plan_view pv = { 0 };
	dump_opts dopts = { value_note, node_note, &pv };
	cli_out o;
	int n_pos, fmt, rc, optimised = 0;

	cli_bare_O(argc, argv);
	rc = cli_parse("dump", argc, argv, opts, usage, pos, 1, &n_pos);
	if (rc)
		return rc == CLI_PARSE_HELP ? CLI_OK : CLI_EBAD;
	if (n_pos != 1)
		return cli_error("dump", "expected one MODEL argument (try 'onnxc dump --help')");
	fmt = cli_choice("dump", "--format", format, formats);
	if (fmt < 0)
		return CLI_EBAD;
	if (fmt == FMT_ONNX && !out)
		return cli_error("dump", "--format onnx writes a binary file: give -o FILE "
				 "('-o -' for standard output)");
	if (fmt == FMT_ONNX && cli_is_stdout(out) && isatty(STDOUT_FILENO))
		return cli_error("dump", "refusing to write binary output to a terminal");
	m = cli_load("dump", pos[0]);
	if (!m)
		return CLI_EBAD;
	/* the graph as loaded unless -O or --passes asks for the passes */
	if (cli_apply_passes("dump", m, &passes, 0)) {
		rc = CLI_EBAD;
		goto free_model;
	}
	optimised = (passes.level && passes.level[0] != '0') || passes.only;
	if (fmt == FMT_ONNX) {
		rc = write_onnx(m, out);
		goto free_model;
	}
	rc = CLI_EBAD;
	if (optimised) {
		plan_for(&pv, m);   /* pv owns m from here */
		m = pv.model ? pv.model->ir : NULL;
		if (!m) {
			cli_error("dump", "out of memory");
			goto free_model;
		}
	}
	if (cli_out_open(&o, "dump", out, 0))
		goto free_model;
	if ((fmt == FMT_TEXT ? dump_text(o.f, m, optimised ? &dopts : NULL)
			     : dump_dot(o.f, m, optimised ? &dopts : NULL)) && !ferror(o.f)) {
		cli_out_abort(&o);
		cli_error("dump", "out of memory");
		goto free_model;
	}
	if (fmt == FMT_TEXT && pv.plan) {
		const rt_plan *p = pv.plan;
		fprintf(o.f, "# memory plan: arena %zu bytes, lower bound %zu, naive %zu; %d nodes run, "
			"%d folded at prepare\n", p->arena_bytes, p->lower_bound, p->naive_bytes,
			p->n_nodes, p->n_folded_nodes);
	}
	rc = cli_out_commit(&o) ? CLI_EBAD : CLI_OK;

free_model:
	if (pv.model)
		plan_free(&pv);      /* owns m */
	else
		ir_model_free(m);
	return rc;
}
