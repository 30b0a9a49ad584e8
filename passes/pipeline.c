/*
 * pipeline.c - the pass pipeline, in the order the passes run.
 */
#include "pass.h"

int pass_infer(pass_ctx *pc);
int pass_fold(pass_ctx *pc);
int pass_simplify(pass_ctx *pc);
int pass_cse(pass_ctx *pc);
int pass_fold_bn(pass_ctx *pc);
int pass_fold_affine(pass_ctx *pc);
int pass_gemm(pass_ctx *pc);
int pass_fold_pad(pass_ctx *pc);
int pass_dce(pass_ctx *pc);
int pass_fuse_act(pass_ctx *pc);
int pass_fold_bilinear(pass_ctx *pc);
int pass_fold_dilation(pass_ctx *pc);
int pass_lint_pass(pass_ctx *pc);

const pass_def pass_pipeline[] = {
	{ "lint", "dilation-schedule lint: gridding findings as notes, graph unchanged", pass_lint_pass },
	{ "infer", "write every value's dtype and dims (static input shapes only)", pass_infer },
	{ "fold", "evaluate nodes whose inputs are constants (and Shape/Size of static shapes)",
	  pass_fold },
	{ "simplify", "remove Identity, inference Dropout, no-op Cast/Reshape/Flatten/Squeeze/"
	  "Unsqueeze/Pad", pass_simplify },
	{ "cse", "merge equal nodes and equal small initializers", pass_cse },
	{ "fold_bn", "fold BatchNormalization into the Conv/ConvTranspose/Gemm before it",
	  pass_fold_bn },
	{ "fold_affine", "fold a per-channel constant Add/Mul into the Conv before it",
	  pass_fold_affine },
	{ "gemm", "MatMul + bias Add -> Gemm", pass_gemm },
	{ "fold_pad", "fold a zero Pad into the next Conv/AveragePool's pads", pass_fold_pad },
	{ "fold_bilinear", "bilinear-initialised ConvTranspose -> Pad/Resize/Slice (or depthwise)",
	  pass_fold_bilinear },
	/* fold_dilation reads the value shapes: keep it after shape inference */
	{ "fold_dilation", "Conv whose off-centre taps read only padding -> 1x1 Conv", pass_fold_dilation },
	{ "fuse_act", "absorb an activation into the Conv/ConvTranspose/Gemm/MatMul feeding it",
	  pass_fuse_act },
	{ "dce", "remove nodes whose outputs nothing reads, and unused initializers", pass_dce },
};

const int pass_pipeline_len = (int)(sizeof pass_pipeline / sizeof pass_pipeline[0]);
