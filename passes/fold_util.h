/*
 * fold_util.h - helpers shared by the folding passes (fold_bilinear.c,
 * fold_dilation.c): attribute reads and in-place edits, new constants and
 * nodes, static spatial sizes.
 */
#ifndef ONNXC_FOLD_UTIL_H
#define ONNXC_FOLD_UTIL_H

#include "pass.h"

#define PASS_FOLD_MAXSP 6          /* spatial dims of an N x C x ... tensor */

/* pass_fold_ints: copy the INTS attribute `name` of n into out[0..want)
 * (dflt everywhere when absent).  0, or -1 when present with another
 * length or another kind. */
int pass_fold_ints(const ir_node *n, const char *name, int want, int64_t dflt, int64_t *out);

/* pass_fold_set_int / _ints / _string: give n's attribute `name` this value,
 * replacing one of the same name (any kind) or adding it.  0 or -1 (OOM). */
int pass_fold_set_int(ir_node *n, const char *name, int64_t v, onnxc_err *err);
int pass_fold_set_ints(ir_node *n, const char *name, int cnt, const int64_t *v, onnxc_err *err);
int pass_fold_set_string(ir_node *n, const char *name, const char *s, onnxc_err *err);

/* pass_fold_const: a new value of g (name made unique from hint) holding
 * the constant t as an initializer (ownership of t passes, also on
 * failure).  NULL on OOM. */
ir_value *pass_fold_const(ir_graph *g, const char *hint, ir_tensor *t, onnxc_err *err);

/* pass_fold_i64: pass_fold_const of a 1-D int64 tensor of cnt values. */
ir_value *pass_fold_i64(ir_graph *g, const char *hint, int cnt, const int64_t *v, onnxc_err *err);

/* pass_fold_node: a new ONNX-domain node of the top graph named
 * "<base>/<suffix>", with n_in inputs and one output, resolved against the
 * model's opsets.  NULL on OOM. */
ir_node *pass_fold_node(pass_ctx *pc, const char *base, const char *suffix, const char *op,
			int n_in, onnxc_err *err);

/* pass_fold_spatial: v's spatial dims (shape.dims[2..2+nsp)) into sp when v
 * has rank nsp+2 and every one of them is a known number >= 1; returns 1
 * then, else 0 (sp filled with -1). */
int pass_fold_spatial(const ir_value *v, int nsp, int64_t *sp);

/* pass_fold_weight: the constant data of v, looking through Identity nodes
 * and Constant nodes (a `value` tensor) as PyTorch's exporter writes shared
 * weights; NULL when v is not constant or may be overridden (its
 * initializer is also a graph input). */
const ir_tensor *pass_fold_weight(const ir_value *v);

/* pass_fold_get / pass_fold_put: element i of a float or double tensor. */
double pass_fold_get(const ir_tensor *t, int64_t i);
void pass_fold_put(ir_tensor *t, int64_t i, double v);

#endif
