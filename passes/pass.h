/*
 * pass.h - the pass manager: graph rewrites and analyses on the IR, run in
 * the order of one literal list (passes/pipeline.c).
 *
 * Every pass is one file passes/<name>.c with one entry function
 *   int pass_<name>(pass_ctx *pc);
 * and a header comment saying what it requires and what it keeps or breaks.
 * A pass reports each change with pass_note() (node names, counts) and
 * returns 0, or -1 with the error set.  In debug builds (ONNXC_DEBUG_VERIFY)
 * and when opts->verify is set, the IR verifier runs after every pass.
 */
#ifndef ONNXC_PASS_H
#define ONNXC_PASS_H

#include <stdio.h>

#include "ir.h"

typedef struct pass_ctx {
	ir_model *m;
	onnxc_err *err;
	const char *pass;          /* name of the pass running */
	int changes;               /* pass_note calls by the running pass */
	void (*note)(void *ud, const char *pass, const char *msg);
	void *ud;
} pass_ctx;

typedef struct pass_def {
	const char *name;
	const char *summary;
	int (*run)(pass_ctx *pc);
} pass_def;

/* The pipeline, in order (passes/pipeline.c). */
extern const pass_def pass_pipeline[];
extern const int pass_pipeline_len;

typedef struct pass_opts {
	const char *only;          /* comma list: run just these (pipeline order) */
	const char *disable;       /* comma list: skip these */
	int verify;                /* verify the IR after every pass */
	/* called with every change a pass reports */
	void (*note)(void *ud, const char *pass, const char *msg);
	/* called after each pass that ran; `changes` = its pass_note count */
	void (*after)(void *ud, const ir_model *m, const char *pass, int changes);
	void *ud;
} pass_opts;

/* pass_find: the pipeline entry named `name`, or NULL. */
const pass_def *pass_find(const char *name);
/* pass_check_names: every name of a comma list is a pass; -1 (err) if not. */
int pass_check_names(const char *list, onnxc_err *err);
/* pass_run: run the pipeline (filtered by only/disable) on m.  0 or -1. */
int pass_run(ir_model *m, const pass_opts *o, onnxc_err *err);
/* pass_note: report one change of the running pass (printf-style). */
void pass_note(pass_ctx *pc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* pass_mark: append "PASS: what" (printf-style) to n->origin, the record
 * dumps show of what a node absorbed or was made from.  0, or -1 (err) on
 * OOM. */
int pass_mark(pass_ctx *pc, ir_node *n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Helpers for passes (passes/passutil.c). */
/* pass_single_use: v is read by exactly one node input and is no graph output */
int pass_single_use(const ir_value *v);
/* pass_const: v's constant tensor (initializer), or NULL */
const ir_tensor *pass_const(const ir_value *v);

#endif
