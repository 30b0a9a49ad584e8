/*
 * dump.h - print a model's graph as text (SSA form) or as a Graphviz digraph.
 *
 * The printers only read the IR: they work on a model as loaded as well as
 * on one rewritten by passes, and take optional callbacks to annotate values
 * and nodes (memory plan offsets, fusion groups...).  Output is
 * deterministic: it depends only on the IR, never on addresses.
 *
 * Text format (one definition per line, subgraphs as indented blocks):
 *   ir_version: 8
 *   producer: pytorch 1.13.0
 *   opset: ai.onnx 13
 *   graph torch_jit {
 *     input %x: float[N,3,32,32]
 *     init %conv.weight: float[8,3,3,3]
 *     %y: float[N,8,32,32] = Conv(%x, %conv.weight) {pads=[1,1,1,1]}  # node 'Conv_0'
 *     output %y: float[N,8,32,32]
 *   }
 * Names that are not plain ([A-Za-z0-9_.:/-]+) are quoted with C escapes;
 * an omitted optional input or output is `_`; a type is dtype[dims] with
 * symbolic dims by name and unknown ones as ?, `[*]` for an unknown rank,
 * `?` for an unknown dtype; nothing is shown when neither is known.
 */
#ifndef ONNXC_DUMP_H
#define ONNXC_DUMP_H

#include <stdio.h>

#include "ir.h"

/* Optional annotations.  A callback writes at most len-1 bytes and a NUL
 * into buf and returns the length written (0: no annotation).  Text shows a
 * value note in parentheses after the value's type at its definition (graph
 * input, initializer, node output) and a node note at the end of the node's
 * line; dot appends them to the labels. */
typedef struct dump_opts {
	size_t (*value_note)(void *ud, const ir_value *v, char *buf, size_t len);
	size_t (*node_note)(void *ud, const ir_node *n, char *buf, size_t len);
	void *ud;
} dump_opts;

/* dump_text: the whole model (header lines, then the graph block) to f.
 * o may be NULL.  Returns 0, or -1 on a write error or out of memory. */
int dump_text(FILE *f, const ir_model *m, const dump_opts *o);
/* dump_text_graph: one graph block, indented by `indent` spaces, titled
 * `title` (e.g. "graph main"; NULL: "graph NAME"). */
int dump_text_graph(FILE *f, const ir_graph *g, int indent, const char *title,
		    const dump_opts *o);

/* dump_dot: the model's graph as a Graphviz digraph: nodes as boxes (op
 * type, node name, and the initializers it reads folded in), graph inputs
 * and outputs as ellipses, values as edges labelled with their type,
 * subgraphs as clusters linked to their node by a dashed edge.  Returns 0
 * or -1 (write error, out of memory). */
int dump_dot(FILE *f, const ir_model *m, const dump_opts *o);

/* ---- shared formatting (dump_util.c) ---- */

/* A growable string; on out of memory it sets `oom` and stops growing. */
typedef struct dump_str {
	char *s;
	size_t len, cap;
	int oom;
} dump_str;

void dump_str_put(dump_str *b, const char *s, size_t n);
void dump_str_puts(dump_str *b, const char *s);
void dump_str_printf(dump_str *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void dump_str_reset(dump_str *b);   /* length 0, memory kept */
void dump_str_free(dump_str *b);

/* dump_utf8_len: length (1-4) of the valid UTF-8 sequence at s (n bytes
 * available), 0 if the bytes there are not valid UTF-8. */
int dump_utf8_len(const unsigned char *s, size_t n);
/* dump_json_str: s as a JSON string on f (NULL as ""; invalid UTF-8 bytes
 * become U+FFFD). */
void dump_json_str(FILE *f, const char *s);
/* dump_quoted: s (n bytes) between `q` quotes with C escapes for q, \,
 * control characters and invalid UTF-8. */
void dump_quoted(dump_str *b, const char *s, size_t n, char q);
/* dump_name: s bare when plain ([A-Za-z0-9_.:/-]+), else double-quoted. */
void dump_name(dump_str *b, const char *s);
/* dump_visible: s with control characters and invalid UTF-8 shown as C
 * escapes, at most `max` bytes of it (then "..."; 0: no limit). */
void dump_visible(dump_str *b, const char *s, size_t max);
/* dump_float: the shortest decimal that reads back as the same float,
 * always with a '.' or exponent (1.0, 1e-05, nan, inf, -inf). */
void dump_float(dump_str *b, float f);
/* dump_type: "float[1,N,?]", "float[*]" (unknown rank), "?[2]" (unknown
 * dtype); returns 0 and appends nothing when neither is known. */
int dump_type(dump_str *b, int dtype, const ir_shape *s);
/* dump_tensor_type: "float[3]": a tensor's dtype and dims. */
void dump_tensor_type(dump_str *b, const ir_tensor *t);
/* dump_domain: the display name of an op/opset domain ("" -> "ai.onnx"). */
const char *dump_domain(const char *domain);
/* dump_op: "Conv", or "domain:Op" outside the default ONNX domain. */
void dump_op(dump_str *b, const ir_node *n);

#endif
