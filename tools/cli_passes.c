/*
 * cli_passes.c - the optimisation flags shared by `run`, `bench` and `dump`,
 * and opening a model with them.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "dump.h"
#include "fe.h"
#include "pass.h"
#include "session.h"

void cli_bare_O(int argc, char **argv)
{
	static char o1[] = "-O1";
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			break;
		if (!strcmp(argv[i], "-O"))
			argv[i] = o1;
	}
}

struct pass_ui {
	const cli_passes *p;
	int nodes;                 /* live nodes of the top graph before the pass */
};

/* live_nodes: nodes of m's top graph not marked dead. */
static int live_nodes(const ir_model *m)
{
	int i, k = 0;

	for (i = 0; i < m->graph->n_nodes; i++)
		k += !m->graph->nodes[i]->dead;
	return k;
}

static void on_note(void *ud, const char *pass, const char *msg)
{
	struct pass_ui *ui = ud;

	if (ui->p->stats)
		fprintf(stderr, "  %s: %s\n", pass, msg);
}

static void on_after(void *ud, const ir_model *m, const char *pass, int changes)
{
	struct pass_ui *ui = ud;
	const char *pa = ui->p->print_after;

	if (ui->p->stats) {
		int now = live_nodes(m);

		fprintf(stderr, "pass %-13s %d report%s, nodes %d -> %d\n", pass, changes,
			changes == 1 ? "" : "s", ui->nodes, now);
		ui->nodes = now;
	}
	if (pa && (!strcmp(pa, "all") || !strcmp(pa, pass))) {
		fprintf(stderr, "# --- after pass %s ---\n", pass);
		dump_text(stderr, m, NULL);
	}
}

onnxc_model *cli_open_model(const char *cmd, const char *path, const fe_limits *lim,
			    const cli_passes *p)
{
	onnxc_err err = { 0 };
	onnxc_model *m;
	ir_model *ir;

	if (fe_load_file(path, lim, &ir, &err)) {
		cli_error(cmd, "%s", err.msg);
		return NULL;
	}
	if (cli_apply_passes(cmd, ir, p, 1)) {
		ir_model_free(ir);
		return NULL;
	}
	m = rt_model_wrap(ir, &err);
	if (!m)
		cli_error(cmd, "%s", err.msg);
	return m;
}

int cli_apply_passes(const char *cmd, ir_model *m, const cli_passes *p, int dflt)
{
	struct pass_ui ui = { p, live_nodes(m) };
	int before = ui.nodes;
	pass_opts po = { 0 };
	onnxc_err err = { 0 };
	int level = dflt;

	if (p->level) {
		if (strcmp(p->level, "0") && strcmp(p->level, "1"))
			return cli_error(cmd, "bad value '%s' for -O (expected 0 or 1)", p->level);
		level = p->level[0] - '0';
	}
	if (pass_check_names(p->only, &err) || pass_check_names(p->disable, &err))
		return cli_error(cmd, "%s", err.msg);
	if (p->print_after && strcmp(p->print_after, "all") && !pass_find(p->print_after))
		return cli_error(cmd, "unknown pass '%s' for --print-after", p->print_after);
	if (level == 0 && !p->only)
		return CLI_OK;
	po.only = p->only;
	po.disable = p->disable;
	po.note = on_note;
	po.after = on_after;
	po.ud = &ui;
	if (pass_run(m, &po, &err))
		return cli_error(cmd, "%s", err.msg);
	if (p->stats)
		fprintf(stderr, "passes: nodes %d -> %d\n", before, live_nodes(m));
	return CLI_OK;
}
