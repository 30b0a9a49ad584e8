/*
 * pipeline.c - the pass pipeline, in the order the passes run.
 */
#include "pass.h"

int pass_dce(pass_ctx *pc);
int pass_fold_bilinear(pass_ctx *pc);
int pass_fold_dilation(pass_ctx *pc);
int pass_lint_pass(pass_ctx *pc);

const pass_def pass_pipeline[] = {
	{ "lint", "dilation-schedule lint: gridding findings as notes, graph unchanged", pass_lint_pass },
	{ "fold_bilinear", "bilinear-initialised ConvTranspose -> Pad/Resize/Slice (or depthwise)",
	  pass_fold_bilinear },
	/* fold_dilation reads the value shapes: keep it after shape inference */
	{ "fold_dilation", "Conv whose off-centre taps read only padding -> 1x1 Conv", pass_fold_dilation },
	{ "dce", "remove nodes whose outputs nothing reads, and unused initializers", pass_dce },
};

const int pass_pipeline_len = (int)(sizeof pass_pipeline / sizeof pass_pipeline[0]);
