/*
 * pipeline.c - the pass pipeline, in the order the passes run.
 */
#include "pass.h"

int pass_dce(pass_ctx *pc);
int pass_fuse_act(pass_ctx *pc);
int pass_lint_pass(pass_ctx *pc);

const pass_def pass_pipeline[] = {
	{ "lint", "dilation-schedule lint: gridding findings as notes, graph unchanged", pass_lint_pass },
	{ "fuse_act", "absorb an activation into the Conv/ConvTranspose/Gemm/MatMul feeding it",
	  pass_fuse_act },
	{ "dce", "remove nodes whose outputs nothing reads, and unused initializers", pass_dce },
};

const int pass_pipeline_len = (int)(sizeof pass_pipeline / sizeof pass_pipeline[0]);
