/*
 * lint.h - the dilation-schedule lint: does a chain of dilated convolutions
 * leave holes in what one output position sees (gridding)?
 *
 * The analysis walks the top-level graph once, in topological order, and
 * gives every feature map a *footprint*: the set of offsets, on the grid of
 * the chain's input map (its *origin*), of the pixels that can influence one
 * output position.  A chain starts at the feature map after the last change
 * of resolution (a strided Conv/Pool, Resize, ConvTranspose, global pooling,
 * an unknown op) or at a graph input, so footprints are measured on that
 * map's own grid: after a stride-2 stem, rates [2,4,6] reach only even
 * offsets of the stem's output (holes) while [1,2,5] reach all of them.
 *
 *   Conv / MaxPool / AveragePool / LpPool with stride 1: footprint (+) taps,
 *       taps on axis a = { j*r - pad_begin : 0 <= j < k } (Minkowski sum);
 *       1x1 convs and elementwise ops, activations, BatchNormalization, Pad,
 *       Split/Concat on the channel axis: footprint unchanged;
 *   Add, Mul, Sum, Concat ... of maps of the same origin: union (residual
 *       skips and parallel branches such as ASPP);
 *   a strided Conv/Pool: its taps end the incoming chain (it is the chain's
 *       last member), its output starts a new chain;
 *   maps of another origin (e.g. an image-pooling branch after Resize) merged
 *       into a chain add nothing: only local taps at the chain's resolution
 *       count as coverage.
 *
 * A chain is reported where it ends (no consumer extends it) if one of its
 * spatial ops has dilation > 1; of the ends of one origin, those whose
 * members are a subset of another end's members are dropped.
 *
 * Rules (ids as in the findings):
 *   R1 common factor: per axis the gcd of the chain's rates (k > 1) is > 1:
 *      every offset is a multiple of it (warning);
 *   R2 HDC bound: along the chain's longest path, for each sawtooth group
 *      (maximal run of non-decreasing rates, e.g. [1,2,5][1,2,5]),
 *      M_n = r_n, M_i = max(M_{i+1} - 2 r_i, M_{i+1} - 2 (M_{i+1} - r_i), r_i),
 *      require M_2 <= K (K = the group's first kernel size) (note:
 *      conservative, [1,9,3] fails yet has no holes);
 *   R3 exact coverage: holes inside the footprint's span (warning);
 *      covered fraction per axis and over the N-D box, span, hole period;
 *   R4 degenerate rate (needs spatial sizes): every tap but one reads only
 *      padding for every output position on some axis (warning);
 *   R5 advice: for a chain with holes, the rate schedule nearest (L1) to the
 *      longest path's with a receptive field at least as large, no holes,
 *      gcd 1 and M_2 <= K (note).
 */
#ifndef ONNXC_PASS_LINT_H
#define ONNXC_PASS_LINT_H

#include <stddef.h>
#include <stdint.h>

#include "ir.h"

#define PASS_LINT_MAXSP 3          /* spatial axes analysed (1-D..3-D) */
#define PASS_LINT_MAX_CELLS (1L << 22)

/* An N-D set of offsets: cell[] is row-major over the box
 * [lo[a], lo[a] + len[a]) per axis; a cell is 1 when the offset is reached. */
typedef struct pass_lint_fp {
	int nd;
	int64_t lo[PASS_LINT_MAXSP];
	int64_t len[PASS_LINT_MAXSP];
	unsigned char *cell;
} pass_lint_fp;

/* One layer of a 1-D schedule: kernel size, dilation, stride, begin pad. */
typedef struct pass_lint_layer {
	int64_t k, r, s, pad;
} pass_lint_layer;

/* Per-axis summary of a footprint (of its projection onto the axis). */
typedef struct pass_lint_axis {
	int64_t lo, hi;            /* span: smallest and largest offset reached */
	int64_t covered;           /* offsets reached in [lo, hi] */
	int64_t period;            /* hole pattern repeats with it; 0: no holes,
	                            * -1: not periodic within the span */
	int n_holes;               /* holes in [lo, hi] */
	int64_t holes[8];          /* the first (up to 8) of them */
} pass_lint_axis;

enum { PASS_LINT_NOTE = 0, PASS_LINT_WARNING = 1 };

typedef struct pass_lint_chain {
	const ir_value *origin;    /* the chain's input map */
	int nsp;                   /* spatial axes */
	int n_members;             /* spatial ops (some k > 1), topological order */
	const ir_node **members;
	int *member_pos;           /* their positions in graph->nodes */
	int n_path;                /* the longest path of members from the origin */
	const ir_node **path;
	int branched;              /* parallel paths or skips: members != path,
	                            * or a union with a shorter path */
	pass_lint_fp fp;           /* the footprint on the origin's grid */
	pass_lint_axis axis[PASS_LINT_MAXSP];
	int64_t covered_nd, box_nd;/* cells reached / cells of the span box */
	int holes;                 /* any hole inside the span */
} pass_lint_chain;

typedef struct pass_lint_finding {
	int rule;                  /* 1..5 */
	int severity;              /* PASS_LINT_NOTE / PASS_LINT_WARNING */
	int chain;                 /* index in report->chains */
	const ir_node *node;       /* the node the finding is anchored at */
	int axes;                  /* bit a: the rule fired on spatial axis a */
	int64_t factor[PASS_LINT_MAXSP];   /* R1: gcd per axis */
	int64_t m2[PASS_LINT_MAXSP], K[PASS_LINT_MAXSP]; /* R2: first failing */
	int g_start[PASS_LINT_MAXSP], g_len[PASS_LINT_MAXSP]; /* group (positions
	                            * among the path's layers with k > 1) */
	int64_t in_size[PASS_LINT_MAXSP];  /* R4: input spatial size */
	int64_t padded[PASS_LINT_MAXSP];   /* R4: size with both pads */
	int n_suggest;             /* R5: rates per axis (n_suggest each), or 0 */
	int64_t *suggest[PASS_LINT_MAXSP];
	int64_t rf_old[PASS_LINT_MAXSP], rf_new[PASS_LINT_MAXSP]; /* R5 radius */
} pass_lint_finding;

typedef struct pass_lint_report {
	int n_chains;
	pass_lint_chain *chains;
	int n_findings;
	pass_lint_finding *findings;
	int n_unsized;             /* dilated convs whose input size was unknown
	                            * (R4 not decided for them) */
	int n_too_large;           /* chains whose footprint exceeded the limit */
	int cap_chains, cap_findings;  /* allocated entries (private) */
} pass_lint_report;

/* Spatial sizes: a caller that knows every value's dims (a prepared
 * session) can supply them; the callback returns the rank and fills dims
 * (at most 8), or -1 when it does not know the value. */
typedef int (*pass_lint_dims_fn)(void *ud, const ir_value *v, int64_t *dims);

typedef struct pass_lint_opts {
	pass_lint_dims_fn dims;    /* NULL: own propagation only */
	void *dims_ud;
	/* input shapes overriding the declared ones (--input-shape) */
	int n_inputs;
	const char *const *input_names;
	const int *input_ranks;
	const int64_t *const *input_dims;
	int werror;                /* notes become warnings */
	int advice;                /* 1: compute R5 (default by pass_lint_opts_init) */
} pass_lint_opts;

void pass_lint_opts_init(pass_lint_opts *o);

/* pass_lint: analyse m's top-level graph.  Fills *out (free with
 * pass_lint_report_free, also after a failure).  Returns 0, or -1 with err
 * set (out of memory, an inconsistent graph). */
int pass_lint(const ir_model *m, const pass_lint_opts *o, pass_lint_report *out,
	      onnxc_err *err);
void pass_lint_report_free(pass_lint_report *r);
/* pass_lint_count: findings of the given severity. */
int pass_lint_count(const pass_lint_report *r, int severity);

/* ---- messages (lint_msg.c) ---- */

/* pass_lint_rule_id: "R3-gridding" ... for rule 1..5. */
const char *pass_lint_rule_id(int rule);
/* pass_lint_axis_name: "H", "W" (2-D), "D", "H", "W" (3-D), "W" (1-D). */
const char *pass_lint_axis_name(int nsp, int a);
/* pass_lint_node_desc: "Conv, dilation 4" (or "4x2").  Like snprintf:
 * returns the length the whole text needs. */
int pass_lint_node_desc(const ir_node *n, char *buf, size_t len);
/* pass_lint_message: the text of finding f (no file, node or severity).
 * Like snprintf: returns the length the whole text needs. */
int pass_lint_message(const pass_lint_report *r, const pass_lint_finding *f, char *buf,
		      size_t len);
/* pass_lint_chain_desc: "chain of 3 spatial ops from 'x': 'a' (3x3,
 * dilation 2), ...".  Like snprintf. */
int pass_lint_chain_desc(const pass_lint_chain *c, char *buf, size_t len);
/* pass_lint_path_rates: rates on axis a of c's longest path into out
 * (c->n_path entries); returns c->n_path. */
int pass_lint_path_rates(const pass_lint_chain *c, int a, int64_t *out);

/* ---- footprints and rules on plain schedules (lint_fp.c) ---- */

/* pass_lint_fp_point: the set {0} in nd dimensions.  0 or -1 (OOM). */
int pass_lint_fp_point(pass_lint_fp *f, int nd, onnxc_err *err);
void pass_lint_fp_free(pass_lint_fp *f);
/* pass_lint_fp_copy: dst = src (dst uninitialised).  0 or -1. */
int pass_lint_fp_copy(pass_lint_fp *dst, const pass_lint_fp *src, onnxc_err *err);
/* pass_lint_fp_taps: f = f (+) T, T the product of per-axis tap lists
 * taps[a][0..n_taps[a]).  0, or -1 (OOM, or ONNXC_ELIMIT beyond
 * PASS_LINT_MAX_CELLS cells). */
int pass_lint_fp_taps(pass_lint_fp *f, const int64_t *const *taps, const int *n_taps,
		      onnxc_err *err);
/* pass_lint_fp_union: dst = dst U src (same nd).  0 or -1. */
int pass_lint_fp_union(pass_lint_fp *dst, const pass_lint_fp *src, onnxc_err *err);
/* pass_lint_fp_has: 1 when offset off[0..nd) is in f. */
int pass_lint_fp_has(const pass_lint_fp *f, const int64_t *off);
/* pass_lint_fp_axis: the summary of f's projection onto axis a.  0 or -1. */
int pass_lint_fp_axis(const pass_lint_fp *f, int a, pass_lint_axis *out, onnxc_err *err);
/* pass_lint_fp_count: cells reached, and (in *box) cells of the tight
 * bounding box of the reached cells. */
int64_t pass_lint_fp_count(const pass_lint_fp *f, int64_t *box);

/* pass_lint_offsets: R3 for a 1-D schedule: the offsets, relative to
 * o * (product of all strides), of the input positions that influence output
 * position o: the Minkowski sum over layers i of
 * { (j * r_i - pad_i) * P_i : 0 <= j < k_i }, P_i the product of the strides
 * of the layers before i.  f gets nd = 1.  0 or -1. */
int pass_lint_offsets(const pass_lint_layer *l, int n, pass_lint_fp *f, onnxc_err *err);
/* pass_lint_gcd_rates: R1, gcd of the rates of layers with k > 1 (0: none). */
int64_t pass_lint_gcd_rates(const pass_lint_layer *l, int n);
/* pass_lint_hdc_m2: R2's M_2 for rates r[0..n) (n >= 2), else -1. */
int64_t pass_lint_hdc_m2(const int64_t *r, int n);
/* pass_lint_hdc_fail: R2 on a schedule split into sawtooth groups (maximal
 * runs of non-decreasing rates, as HDC repeats [1,2,5]): 1 when a group of
 * two or more layers has M_2 > K (k of its first layer), with the first
 * such group's start, length and M_2; 0 when every group passes. */
int pass_lint_hdc_fail(const int64_t *r, const int64_t *k, int n, int *start, int *len,
		       int64_t *m2);
/* pass_lint_advise: R5 for one axis: the schedule out[0..n) nearest to l's
 * rates (L1, then smallest extent, then lexicographically) with an extent
 * sum r_i (k_i - 1) at least l's (rates 1..min(2 max r + 2, 64)), no holes (stride 1), gcd 1 and
 * M_2 <= k_0.  Returns 1 found, 0 none within the search bound, -1 OOM. */
int pass_lint_advise(const pass_lint_layer *l, int n, int64_t *out, onnxc_err *err);

#endif
