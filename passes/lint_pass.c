/*
 * lint_pass.c - the dilation lint as a pipeline pass (passes/pass.h):
 * analysis only, the IR is not changed.  Each finding becomes one note
 * "warning[R3-gridding] node 'X' (Conv, dilation 6): ..." (notes count as
 * the pass's "changes" in the manager's bookkeeping).  Spatial sizes come
 * from the declared shapes only (no session here): R4 fires where they
 * are static.
 */
#include <stdio.h>

#include "lint.h"
#include "pass.h"

int pass_lint_pass(pass_ctx *pc)
{
	pass_lint_opts o;
	pass_lint_report r;
	char msg[400], desc[96];
	onnxc_err err = { 0 };
	int i, rc;

	pass_lint_opts_init(&o);
	o.advice = 0;              /* the R5 search is for the command */
	rc = pass_lint(pc->m, &o, &r, &err);
	if (rc && err.code != ONNXC_ENOMEM) {
		/* an analysis that cannot follow the graph is no reason to
		 * refuse the model: the lint is advice */
		pass_note(pc, "skipped: %s", err.msg);
		return 0;
	}
	if (rc)
		return onnxc_seterr(pc->err, err.code, "%s", err.msg);
	for (i = 0; !rc && i < r.n_findings; i++) {
		const pass_lint_finding *f = &r.findings[i];
		pass_lint_message(&r, f, msg, sizeof msg);
		pass_lint_node_desc(f->node, desc, sizeof desc);
		pass_note(pc, "%s[%s] node '%s' (%s): %s",
			  f->severity == PASS_LINT_WARNING ? "warning" : "note",
			  pass_lint_rule_id(f->rule), f->node->name, desc, msg);
	}
	pass_lint_report_free(&r);
	return rc;
}
