/*
 * rewrite.h - graph-editing helpers shared by the rewriting passes
 * (passes/rewrite.c).
 *
 * Passes mark removed nodes dead (ir_node_remove) and compact/re-index the
 * graph once at their end (pass_finish), so while a pass runs the use lists
 * of the values (ir_value.uses) may be stale: these helpers count and
 * rewrite uses by scanning the live nodes, including nodes of subgraphs
 * that read a value of the enclosing graph.
 */
#ifndef ONNXC_PASS_REWRITE_H
#define ONNXC_PASS_REWRITE_H

#include "pass.h"

/* Bytes a folded constant may be larger than what its node reads. */
#define PASS_FOLD_MAX_GROWTH ((size_t)1 << 20)

/* pass_uses: how many input slots of live nodes of g (and of their
 * subgraphs, at any depth) read v; *user gets the last live node of g whose
 * inputs or subgraphs read it (may be NULL). */
int pass_uses(const ir_graph *g, const ir_value *v, ir_node **user);
/* pass_only_reader: v is no graph output and is read exactly once, by an
 * input of node n of g (not by a subgraph). */
int pass_only_reader(const ir_graph *g, const ir_value *v, const ir_node *n);
/* pass_replace: every live node of g (and of its subgraphs) reading `from`
 * reads `to` instead. */
void pass_replace(ir_graph *g, ir_value *from, ir_value *to);
/* pass_bypass: remove node n whose output `o` carries the same data as
 * value `src` (Identity and the like): readers of o read src.  When o is a
 * graph output its name is kept: the producer of src produces o instead
 * (src is then orphaned).  Returns 1 when n was removed, 0 when it has to
 * stay (o and src both graph outputs, or o an output and src a graph input
 * or constant). */
int pass_bypass(ir_graph *g, ir_node *n, ir_value *o, ir_value *src);
/* pass_take_output: node keep now produces value v in place of its output
 * k (whose readers read v); the old value is orphaned.  For replacing a
 * node that read keep's output k by keep itself. */
void pass_take_output(ir_graph *g, ir_node *keep, int k, ir_value *v);
/* pass_new_const: a new initializer holding t (ownership passes, also on
 * failure), named after hint.  NULL with err set on OOM. */
ir_value *pass_new_const(ir_graph *g, const char *hint, ir_tensor *t, onnxc_err *err);
/* pass_static: v has a known dtype, rank and every dim (>= 0). */
int pass_static(const ir_value *v);
/* pass_has_subgraph: n has a graph attribute. */
int pass_has_subgraph(const ir_node *n);
/* pass_const_f: v is a constant of dtype float; its tensor, or NULL. */
const ir_tensor *pass_const_f(const ir_value *v);
/* pass_set_ints / pass_set_int / pass_set_float: set (replace or add) an attribute of n.
 * 0 or -1 (OOM). */
int pass_set_ints(ir_node *n, const char *name, const int64_t *v, int cnt, onnxc_err *err);
int pass_set_int(ir_node *n, const char *name, int64_t v, onnxc_err *err);
int pass_set_float(ir_node *n, const char *name, float v, onnxc_err *err);
/* pass_set_inputs: give n room for cnt inputs (new ones NULL). 0 or -1. */
int pass_set_inputs(ir_node *n, int cnt, onnxc_err *err);
/* pass_finish: drop dead nodes and rebuild uses/ids (call at a pass's end). */
int pass_finish(pass_ctx *pc);

#endif
