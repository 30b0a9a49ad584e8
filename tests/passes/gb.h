/*
 * gb.h - building small IR graphs by hand for the pass tests, and checking
 * that passes keep what a model computes (linked into test_pass_*).
 *
 * Every builder call aborts the test (ck_assert) on failure.  Values are
 * named; a comma list of names gives a node's inputs or outputs ("" for an
 * omitted optional one).
 */
#ifndef ONNXC_TEST_GB_H
#define ONNXC_TEST_GB_H

#include "onnxc.h"
#include "pass.h"

typedef struct gb {
	ir_model *m;
	ir_graph *g;
	onnxc_err err;
	uint32_t seed;
} gb;

/* gb_new: an empty model importing the ONNX domain at `opset`. */
gb *gb_new(int opset);
/* gb_input: a graph input; dims < 0 become symbolic dims ("d0", "d1"...). */
ir_value *gb_input(gb *b, const char *name, int dtype, int rank, const int64_t *dims);
/* gb_init: an initializer with a copy of data (numel*elsize bytes); data
 * NULL: deterministic values in [-1, 1) (floats) or [0, 4) (integers). */
ir_value *gb_init(gb *b, const char *name, int dtype, int rank, const int64_t *dims,
		  const void *data);
/* gb_node: a node of op (ONNX domain) named `name` with comma lists of
 * input and output value names. */
ir_node *gb_node(gb *b, const char *op, const char *name, const char *ins, const char *outs);
void gb_int(ir_node *n, const char *name, int64_t v);
void gb_ints(ir_node *n, const char *name, int cnt, const int64_t *v);
void gb_float(ir_node *n, const char *name, float v);
void gb_string(ir_node *n, const char *name, const char *v);
/* gb_tensor_attr: attribute holding a float tensor (copy of data). */
void gb_tensor_attr(ir_node *n, const char *name, int rank, const int64_t *dims,
		    const float *data);
/* gb_output: make the named value a graph output. */
void gb_output(gb *b, const char *name);
/* gb_finish: resolve ops, sort, index; returns the model and frees b. */
ir_model *gb_finish(gb *b);

/* gb_passes: run the passes of the comma list `only` (NULL: the whole
 * pipeline) on m; asserts success.  Returns the total number of changes. */
int gb_passes(ir_model *m, const char *only);
/* gb_count: nodes of m's top graph with op_type op (NULL: all nodes). */
int gb_count(const ir_model *m, const char *op);
/* gb_find: the node of m's top graph named name, or NULL. */
ir_node *gb_find(const ir_model *m, const char *name);
/* gb_value: the value named name of m's top graph (asserted to exist). */
ir_value *gb_value(const ir_model *m, const char *name);

/* gb_equiv: build the model twice, run the passes `only` on the second,
 * run both on the same deterministic inputs (symbolic dims bound to 2) and
 * assert equal outputs: same dtypes and dims, and for floating outputs
 * max |opt - ref| <= rtol * max |ref| (integers exactly).  Asserts the
 * reference output is not all zero.  Returns the optimised model's node
 * count. */
int gb_equiv(ir_model *(*build)(void), const char *only, double rtol);

/* gb_oom_sweep: for every allocation n the passes `only` make on the model
 * build() returns, run them with the n-th allocation failing: each run must
 * fail with ONNXC_ENOMEM (or succeed) and leak nothing. */
void gb_oom_sweep(ir_model *(*build)(void), const char *only);

/* gb_compare_models: run the models m0 (reference) and m1 on the same
 * inputs (`input` as the first one, deterministic values for the others;
 * symbolic dims bound to 2) and return
 * max |m1 - m0| / max |m0| over every float output (-1 when the outputs'
 * count, dtypes or dims differ or a run fails).  The models are wrapped
 * (ownership passes). */
double gb_compare_models(ir_model *m0, ir_model *m1, const ir_tensor *input);
/* gb_compare: the same on API models (not freed). */
double gb_compare(onnxc_model *m0, onnxc_model *m1, const ir_tensor *input);

#endif
