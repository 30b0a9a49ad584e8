/*
 * lint_int.h - internals shared by the files of the dilation lint.
 */
#ifndef ONNXC_PASS_LINT_INT_H
#define ONNXC_PASS_LINT_INT_H

#include "lint.h"

/* Geometry of a Conv/Pool node on its spatial axes. */
typedef struct pass_lint_geom {
	int nsp;
	int64_t k[PASS_LINT_MAXSP], r[PASS_LINT_MAXSP], s[PASS_LINT_MAXSP];
	int64_t pb[PASS_LINT_MAXSP], pe[PASS_LINT_MAXSP];
	int ceil_mode;
	int spatial;     /* some axis has taps other than {0} */
	int strided;     /* some stride > 1 */
	int dilated;     /* some axis with k > 1 and r > 1 */
} pass_lint_geom;

/* pass_lint_is_convlike: Conv, ConvInteger, QLinearConv, MaxPool,
 * AveragePool, LpPool. */
int pass_lint_is_convlike(const ir_node *n);
/* pass_lint_node_geom: the geometry of a conv-like node; in_dims (spatial
 * sizes, -1 unknown, or NULL) resolve auto_pad SAME for strides > 1.
 * 0, or -1 when the node's attributes make no sense (err set). */
int pass_lint_node_geom(const ir_node *n, const int64_t *in_dims, pass_lint_geom *g,
			onnxc_err *err);

/* pass_lint_rules: evaluate R1-R3 and R5 on every chain of r, appending
 * findings.  0 or -1 (OOM). */
int pass_lint_rules(pass_lint_report *r, const pass_lint_opts *o, onnxc_err *err);
/* pass_lint_add_finding: append a zeroed finding; NULL on OOM. */
pass_lint_finding *pass_lint_add_finding(pass_lint_report *r, onnxc_err *err);

#endif
