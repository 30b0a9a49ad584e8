/*
 * infer.c - shape and type inference into the IR.
 *
 * Requires: graph inputs (initializers aside) that all have a dtype and
 * fully static dims; otherwise the pass does nothing.
 * Writes: the dtype and dims the runtime's prepare computes for every value
 * of the top graph (has_type = 1), by preparing the model on the declared
 * input shapes (rt_infer_shapes).  When preparing fails (an unsupported op,
 * an input whose values are needed, an invalid model) nothing changes and
 * no error is reported: the session reports it.  Out of memory is an error.
 * Keeps: nodes, values, initializers.  Subgraphs are not inferred.
 */
#include <stdio.h>

#include "pass.h"
#include "session.h"

/* type_hash: a digest of what v says about its type (to see what changed). */
static uint64_t type_hash(const ir_value *v)
{
	uint64_t h = 1469598103934665603ull;
	int d;

	h = (h ^ (uint64_t)(v->has_type | (v->shape.syms ? 2 : 0))) * 1099511628211ull;
	h = (h ^ (uint64_t)v->dtype) * 1099511628211ull;
	h = (h ^ (uint64_t)(int64_t)v->shape.rank) * 1099511628211ull;
	for (d = 0; d < v->shape.rank; d++)
		h = (h ^ (uint64_t)v->shape.dims[d]) * 1099511628211ull;
	return h;
}

int pass_infer(pass_ctx *pc)
{
	ir_graph *g = pc->m->graph;
	onnxc_err err = { 0 };
	uint64_t *before;
	int i, n = g->n_values, changed;

	before = onnxc_calloc((size_t)(n ? n : 1), sizeof *before);
	if (!before)
		return onnxc_oom(pc->err);
	for (i = 0; i < n; i++)
		before[i] = type_hash(g->values[i]);
	changed = rt_infer_shapes(pc->m, &err);
	if (changed < 0 && err.code == ONNXC_ENOMEM) {
		onnxc_free(before);
		return onnxc_oom(pc->err);
	}
	for (i = 0; i < n && changed > 0; i++) {
		const ir_value *v = g->values[i];
		char dims[200];
		int d, len = 0;
		if (type_hash(v) == before[i])
			continue;
		dims[0] = 0;
		for (d = 0; d < v->shape.rank && len < (int)sizeof dims - 32; d++)
			len += snprintf(dims + len, sizeof dims - (size_t)len, "%s%lld", d ? "," : "",
					(long long)v->shape.dims[d]);
		pass_note(pc, "'%s': %s[%s]", v->name, ir_dtype_name(v->dtype), dims);
	}
	onnxc_free(before);
	return ir_graph_index(g, pc->err);
}
