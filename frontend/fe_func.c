/*
 * fe_func.c - inlining of model-local functions (ModelProto.functions, as
 * PyTorch 2.x writes them).  A call node is replaced by the function body:
 * formal inputs/outputs map to the call's values, every other name of the
 * body to a fresh value unique in the model; attribute references
 * (ref_attr_name) take the call's attribute; nested calls recurse.
 */
#include <stdio.h>
#include <string.h>

#include "fe_int.h"

struct fe_frame {
	const Onnx__FunctionProto *fn;
	const Onnx__NodeProto *call;
	struct fe_frame *parent;   /* frame of the caller, NULL at graph level */
	ir_graph *host;            /* graph the body is inlined into */
	fe_map names;              /* body name -> ir_value* (NULL: omitted input) */
	char *prefix;              /* node/value name prefix */
};

static int same_domain(const char *a, const char *b)
{
	ir_domain da = ir_domain_lookup(a), db = ir_domain_lookup(b);

	if (da != IR_DOM_OTHER || db != IR_DOM_OTHER)
		return da == db;
	return !strcmp(a, b);
}

const Onnx__FunctionProto *fe_find_function(const fe_ctx *c, const Onnx__NodeProto *np)
{
	size_t i;

	for (i = 0; i < c->mp->n_functions; i++) {
		const Onnx__FunctionProto *f = c->mp->functions[i];
		if (f->name && !strcmp(f->name, np->op_type) &&
		    same_domain(f->domain ? f->domain : "", np->domain ? np->domain : ""))
			return f;
	}
	return NULL;
}

ir_graph *fe_frame_host(const struct fe_frame *fr)
{
	return fr->host;
}

const char *fe_frame_prefix(const struct fe_frame *fr)
{
	return fr->prefix;
}

const char *fe_frame_fn_name(const struct fe_frame *fr)
{
	return fr->fn->name;
}

int fe_frame_value(struct fe_frame *fr, const char *name, ir_value **v)
{
	void *p = NULL;

	*v = NULL;
	if (!fe_map_get(&fr->names, name, &p))
		return 0;
	*v = p;
	return 1;
}

const Onnx__AttributeProto *fe_frame_resolve_ref(struct fe_frame *fr, const char *ref,
						 struct fe_frame **owner)
{
	size_t i;

	while (fr) {
		const Onnx__AttributeProto *a = NULL;
		for (i = 0; i < fr->call->n_attribute && !a; i++)
			if (fr->call->attribute[i]->name &&
			    !strcmp(fr->call->attribute[i]->name, ref))
				a = fr->call->attribute[i];
		if (!a)
			return NULL;
		if (!a->ref_attr_name || !*a->ref_attr_name) {
			*owner = fr->parent;
			return a;
		}
		/* the call itself sits in a function body: follow its reference */
		ref = a->ref_attr_name;
		fr = fr->parent;
	}
	return NULL;
}

int64_t fe_frame_opset(const struct fe_frame *fr, const char *domain)
{
	size_t i;

	for (i = 0; i < fr->fn->n_opset_import; i++) {
		const Onnx__OperatorSetIdProto *o = fr->fn->opset_import[i];
		if (same_domain(o->domain ? o->domain : "", domain ? domain : ""))
			return o->has_version ? o->version : -1;
	}
	return -1;
}

static int is_formal_input(const Onnx__FunctionProto *fn, const char *name)
{
	size_t i;

	for (i = 0; i < fn->n_input; i++)
		if (!strcmp(fn->input[i], name))
			return 1;
	return 0;
}

/* body_assigns: 1 when a node of the function's body (its top level; not
 * a subgraph) has `name` among its outputs, else 0. */
static int body_assigns(const Onnx__FunctionProto *fn, const char *name)
{
	size_t i, k;

	for (i = 0; i < fn->n_node; i++)
		for (k = 0; k < fn->node[i]->n_output; k++)
			if (!strcmp(fn->node[i]->output[k], name))
				return 1;
	return 0;
}

/* bind: the frame's names for formal inputs, formal outputs and every
 * other output of the body. */
static int bind(fe_ctx *c, struct fe_frame *f, ir_graph *g, struct fe_frame *outer)
{
	const Onnx__FunctionProto *fn = f->fn;
	const Onnx__NodeProto *np = f->call;
	size_t i, k;

	for (i = 0; i < fn->n_input; i++) {
		ir_value *v = NULL;
		if (i < np->n_input && *np->input[i] &&
		    !fe_lookup_value(g, outer, np->input[i], &v)) {
			if (outer)
				return fe_fail(c, np->name, np->op_type, np->input[i], ONNXC_EINVAL,
					       "not defined in the body of function '%s'",
					       outer->fn->name);
			return fe_fail(c, np->name, np->op_type, np->input[i], ONNXC_EINVAL,
				       "undefined (no node, graph input or initializer defines it)");
		}
		if (fe_map_put(&f->names, fn->input[i], v, c->err))
			return -1;
	}
	for (i = 0; i < fn->n_output; i++) {
		ir_value *v = NULL;
		if (is_formal_input(fn, fn->output[i]))
			return fe_fail(c, np->name, np->op_type, fn->output[i], ONNXC_EUNSUPPORTED,
				       "function '%s' returns its input unchanged", fn->name);
		if (!body_assigns(fn, fn->output[i]))
			return fe_fail(c, np->name, np->op_type, fn->output[i], ONNXC_EINVAL,
				       "function '%s' never assigns this output", fn->name);
		if (i < np->n_output && *np->output[i]) {
			if (outer && g == outer->host)
				fe_frame_value(outer, np->output[i], &v);
			else
				v = ir_graph_find_local(g, np->output[i]);
		} else {
			v = fe_fresh_value(c, g, f->prefix, fn->output[i]);
		}
		if (!v)
			return c->err->code ? -1 : fe_fail(c, np->name, np->op_type, np->output[i],
							   ONNXC_EINTERNAL, "output not pre-created");
		if (fe_map_put(&f->names, fn->output[i], v, c->err))
			return -1;
	}
	for (i = 0; i < fn->n_node; i++) {
		const Onnx__NodeProto *b = fn->node[i];
		for (k = 0; k < b->n_output; k++) {
			const char *s = b->output[k];
			ir_value *v;
			if (!*s || fe_map_get(&f->names, s, NULL)) {
				if (*s && is_formal_input(fn, s))
					return fe_fail(c, np->name, np->op_type, s, ONNXC_EINVAL,
						       "function '%s' assigns its own input", fn->name);
				continue;
			}
			if (!(v = fe_fresh_value(c, g, f->prefix, s)) ||
			    fe_map_put(&f->names, s, v, c->err))
				return -1;
		}
	}
	return 0;
}

int fe_inline_call(fe_ctx *c, ir_graph *g, struct fe_frame *outer, Onnx__NodeProto *np,
		   const Onnx__FunctionProto *fn, int depth)
{
	struct fe_frame f = { fn, np, outer, g, { 0 }, NULL };
	const char *nm = np->name && *np->name ? np->name : fn->name;
	const struct fe_frame *x;
	size_t n;
	int level = 1, rc = -1;

	for (x = outer; x; x = x->parent, level++)
		if (x->fn == fn)
			return fe_fail(c, np->name, np->op_type, NULL, ONNXC_EINVAL, "function '%s' "
				       "calls itself (recursion is not allowed)", fn->name);
	if (level > c->lim.max_depth)
		return fe_fail(c, np->name, np->op_type, NULL, ONNXC_ELIMIT, "function calls "
			       "nested deeper than %d", c->lim.max_depth);
	if (np->n_input > fn->n_input || np->n_output > fn->n_output)
		return fe_fail(c, np->name, np->op_type, NULL, ONNXC_EINVAL, "call has %zu inputs "
			       "and %zu outputs, function '%s' takes %zu and returns %zu",
			       np->n_input, np->n_output, fn->name, fn->n_input, fn->n_output);
	n = strlen(nm) + (outer ? strlen(outer->prefix) + 1 : 0) + 1;
	if (!(f.prefix = onnxc_malloc(n)))
		return onnxc_oom(c->err);
	if (outer)
		snprintf(f.prefix, n, "%s/%s", outer->prefix, nm);
	else
		snprintf(f.prefix, n, "%s", nm);
	if (bind(c, &f, g, outer))
		goto free_frame;
	rc = fe_emit_nodes(c, g, &f, fn->node, fn->n_node, 0, depth);
free_frame:
	fe_map_free(&f.names);
	onnxc_free(f.prefix);
	return rc;
}
