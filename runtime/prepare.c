/*
 * prepare.c - from a loaded model and bound input shapes to a plan: every
 * shape inferred, everything computable folded, one arena planned.
 *
 * Requires: a verified IR in topological order.  Produces an rt_plan whose
 * run list holds only nodes that depend on graph inputs; all other values are
 * computed here once (constant folding, PyTorch's shape chains included).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "session.h"

/* check_supported: every node of the graph has a kernel for its op and
 * version; otherwise one error listing each unsupported op once. */
static int check_supported(const ir_graph *g, onnxc_err *err)
{
	char list[700] = "";
	size_t len = 0;
	int i, j, bad = 0;

	for (i = 0; i < g->n_nodes; i++) {
		const ir_node *n = g->nodes[i];
		char item[200];
		int seen = 0;
		if (n->op != IR_OP_UNKNOWN && n->since_version > 0 && rt_op_get(n->op))
			continue;
		for (j = 0; j < i && !seen; j++)
			seen = !strcmp(g->nodes[j]->op_type, n->op_type) &&
			       !strcmp(g->nodes[j]->domain, n->domain);
		if (seen)
			continue;
		if (n->op != IR_OP_UNKNOWN && n->since_version == 0)
			snprintf(item, sizeof item, "%s%s (node '%s': not defined at the imported opset)",
				 bad ? ", " : "", n->op_type, n->name);
		else
			snprintf(item, sizeof item, "%s%s%s%s-%d (node '%s')", bad ? ", " : "",
				 n->domain[0] ? n->domain : "", n->domain[0] ? "." : "", n->op_type,
				 n->since_version, n->name);
		if (len + strlen(item) < sizeof list - 4) {
			strcpy(list + len, item);
			len += strlen(item);
		} else if (len < sizeof list - 4) {
			strcpy(list + len, "...");
			len += 3;
		}
		bad++;
	}
	if (bad)
		return onnxc_seterr(err, ONNXC_EUNSUPPORTED, "unsupported op%s: %s", bad > 1 ? "s" : "",
				    list);
	return 0;
}

/* check_opsets: refuse an ai.onnx opset newer than any since-version in the
 * op table: ops that changed after it would run with older semantics. */
static int check_opsets(const ir_model *m, onnxc_err *err)
{
	int i, k, newest = 0;

	for (i = 0; i < IR_OP_COUNT; i++)
		for (k = 0; ir_ops[i].domain == IR_DOM_ONNX && ir_ops[i].versions &&
			    ir_ops[i].versions[k]; k++)
			if (ir_ops[i].versions[k] > newest)
				newest = ir_ops[i].versions[k];
	for (i = 0; i < m->n_opsets; i++) {
		const char *d = m->opsets[i].domain ? m->opsets[i].domain : "";
		if ((!*d || !strcmp(d, "ai.onnx")) && m->opsets[i].version > newest)
			return onnxc_seterr(err, ONNXC_EUNSUPPORTED, "ai.onnx opset %lld is newer than "
					    "the newest this build knows (%d)",
					    (long long)m->opsets[i].version, newest);
	}
	return 0;
}

/* The attribute kinds ONNX allows per op and attribute name (generated). */
static const struct attr_kind {
	ir_op op;
	const char *name;
	unsigned kinds;            /* bit k: IR_ATTR kind k allowed */
} attr_kinds[] = {
#define K(x) (1u << IR_ATTR_##x)
#define AK(op, name, kinds) { IR_OP_##op, name, kinds },
#include "attr_kinds.def"
#undef AK
#undef K
};

static const char *attr_kind_name(int k)
{
	static const char *const names[] = {
		"undefined", "float", "int", "string", "tensor", "graph", "floats", "ints",
		"strings", "tensors", "graphs", "sparse_tensor", "sparse_tensors", "type_proto",
		"type_protos"
	};

	return k >= 0 && k < (int)(sizeof names / sizeof names[0]) ? names[k] : "?";
}

static int cmp_attr_kind(const void *key, const void *elem)
{
	const struct attr_kind *a = key, *b = elem;
	int c = (int)a->op - (int)b->op;

	return c ? c : strcmp(a->name, b->name);
}

/* check_attr_kinds: refuse an attribute of an ai.onnx op whose kind the
 * schema does not allow (kernels read such an attribute as absent, so the
 * node would silently run with the default). */
static int check_attr_kinds(const ir_graph *g, onnxc_err *err)
{
	int i, k;

	for (i = 0; i < g->n_nodes; i++) {
		const ir_node *n = g->nodes[i];
		for (k = 0; k < n->n_attr; k++) {
			const ir_attr *a = &n->attrs[k];
			struct attr_kind key = { n->op, a->name, 0 };
			const struct attr_kind *ak;
			if (n->op == IR_OP_UNKNOWN || n->domain[0])
				break;
			ak = bsearch(&key, attr_kinds, sizeof attr_kinds / sizeof attr_kinds[0],
				     sizeof attr_kinds[0], cmp_attr_kind);
			if (ak && !(ak->kinds & (1u << a->kind)))
				return onnxc_seterr(err, ONNXC_EINVAL, "node '%s' (%s-%d): attribute '%s' "
						    "is of kind %s, which the op does not allow",
						    n->name, n->op_type, n->since_version, a->name,
						    attr_kind_name(a->kind));
		}
	}
	return 0;
}

const onnxc_tensor *rt_find_input(const onnxc_model *m, int k, int n, const onnxc_tensor *in)
{
	int i, pos = 0;

	for (i = 0; i < n; i++)
		if (in[i].name && !strcmp(in[i].name, m->inputs[k]->name))
			return &in[i];
	for (i = 0; i < n; i++) {
		if (in[i].name)
			continue;
		if (pos++ == k)
			return &in[i];
	}
	return NULL;
}

static int keep_folded(rt_plan *p, void *block, onnxc_err *err);

/* copy_strings: dst[i] = a plan-owned copy of src[i] (a NULL src[i] becomes
 * ""), for n strings.  0 or -1 (err). */
static int copy_strings(rt_plan *p, char **dst, char *const *src, int64_t n, onnxc_err *err)
{
	int64_t i;

	for (i = 0; i < n; i++) {
		const char *str = src[i] ? src[i] : "";
		size_t len = strlen(str);
		dst[i] = onnxc_aligned_alloc(len + 1);
		if (!dst[i] || keep_folded(p, dst[i], err))
			return onnxc_oom(err);
		memcpy(dst[i], str, len + 1);
	}
	return 0;
}

/* tensor_limit: the most bytes one tensor, a node's scratch or the arena may
 * take (the session's max_tensor_bytes, else the loader's default). */
static uint64_t tensor_limit(const onnxc_session *s)
{
	fe_limits l;

	if (s->opt.max_tensor_bytes)
		return s->opt.max_tensor_bytes;
	fe_limits_default(&l);
	return l.max_tensor_bytes;
}

/* bind_inputs: check the caller's input dtypes and dims against the graph
 * and set the input tensors' shapes; symbolic dims must bind consistently. */
static int bind_inputs(onnxc_session *s, rt_plan *p, int n, const onnxc_tensor *in, onnxc_err *err)
{
	const onnxc_model *m = s->model;
	int i, k, d, named = 0;

	for (i = 0; i < n; i++) {
		if (!in[i].name)
			continue;
		named++;
		for (k = 0; k < m->n_inputs && strcmp(m->inputs[k]->name, in[i].name); k++)
			;
		if (k == m->n_inputs && !ir_graph_find_local(m->ir->graph, in[i].name))
			return onnxc_seterr(err, ONNXC_EINVAL, "input '%s': the graph has no such input",
					    in[i].name);
	}
	if (n - named > m->n_inputs)
		return onnxc_seterr(err, ONNXC_EINVAL, "%d inputs given, the graph takes %d", n,
				    m->n_inputs);
	for (k = 0; k < m->n_inputs; k++) {
		const ir_value *v = m->inputs[k];
		const onnxc_tensor *t = rt_find_input(m, k, n, in);
		rt_tensor *rt = &p->tensors[v->id];
		if (v->type_proto)
			return onnxc_seterr(err, ONNXC_EUNSUPPORTED, "input '%s': only tensor inputs "
					    "are supported (not sequences, maps or optionals)", v->name);
		if (!t)
			return onnxc_seterr(err, ONNXC_EINVAL, "input '%s' is not given", v->name);
		if (v->dtype && t->dtype != v->dtype)
			return onnxc_seterr(err, ONNXC_EINVAL, "input '%s': expected %s, given %s",
					    v->name, ir_dtype_name(v->dtype), ir_dtype_name(t->dtype));
		if (t->rank < 0 || t->rank > RT_MAXRANK || (v->shape.rank >= 0 && t->rank != v->shape.rank))
			return onnxc_seterr(err, ONNXC_EINVAL, "input '%s': expected rank %d, given %d",
					    v->name, v->shape.rank, t->rank);
		for (d = 0; d < t->rank; d++) {
			if (t->dims[d] < 0)
				return onnxc_seterr(err, ONNXC_EINVAL, "input '%s': dim %d is negative",
						    v->name, d);
			if (v->shape.rank >= 0 && v->shape.dims[d] >= 0 && v->shape.dims[d] != t->dims[d])
				return onnxc_seterr(err, ONNXC_EINVAL,
						    "input '%s': dim %d expected %lld, given %lld", v->name,
						    d, (long long)v->shape.dims[d], (long long)t->dims[d]);
		}
		if (rt_set_shape(&(rt_node){ 0 }, rt, t->dtype, t->rank, t->dims, err))
			return -1;
		if (rt->nbytes > tensor_limit(s))
			return onnxc_seterr(err, ONNXC_ELIMIT, "input '%s': %zu bytes, more than the "
					    "tensor limit of %llu", v->name, rt->nbytes,
					    (unsigned long long)tensor_limit(s));
		rt->is_const = 0;
		rt->data = NULL;
		p->mem[v->id] = RT_MEM_INPUT;
		if (s->bind_by_value && s->bind_by_value[k]) {
			void *copy;
			if (!t->data && rt->nbytes)
				return onnxc_seterr(err, ONNXC_EINVAL, "input '%s': its values are needed "
						    "when the model is prepared, but none were given",
						    v->name);
			copy = onnxc_aligned_alloc(rt->nbytes ? rt->nbytes : 1);
			if (!copy || keep_folded(p, copy, err))
				return onnxc_oom(err);
			if (rt->dtype == IR_STRING) {
				if (copy_strings(p, copy, t->data, rt->numel, err))
					return -1;
			} else if (rt->nbytes) {
				memcpy(copy, t->data, rt->nbytes);
			}
			rt->data = copy;
			rt->is_const = 1;
			p->mem[v->id] = RT_MEM_FOLDED;
			p->bound[k] = 1;
		}
	}
	/* the same symbolic dim name must get the same number everywhere */
	for (k = 0; k < m->n_inputs; k++) {
		const ir_value *v = m->inputs[k];
		int k2, d2;
		for (d = 0; v->shape.syms && d < v->shape.rank; d++) {
			if (!v->shape.syms[d])
				continue;
			for (k2 = 0; k2 <= k; k2++) {
				const ir_value *w = m->inputs[k2];
				for (d2 = 0; w->shape.syms && d2 < w->shape.rank; d2++)
					if (w->shape.syms[d2] && !strcmp(w->shape.syms[d2], v->shape.syms[d]) &&
					    p->tensors[w->id].dims[d2] != p->tensors[v->id].dims[d])
						return onnxc_seterr(err, ONNXC_EINVAL,
								    "inputs '%s' and '%s': dim '%s' bound "
								    "to %lld and %lld", w->name, v->name,
								    v->shape.syms[d],
								    (long long)p->tensors[w->id].dims[d2],
								    (long long)p->tensors[v->id].dims[d]);
			}
		}
	}
	return 0;
}

static void free_node_params(rt_node *rn)
{
	if (!rn->params)
		return;
	if (rn->free_params)
		rn->free_params(rn->params);
	else
		onnxc_free(rn->params);
	rn->params = NULL;
}

static int keep_folded(rt_plan *p, void *block, onnxc_err *err)
{
	if (onnxc_grow(&p->folded, p->n_folded, &p->cap_folded, sizeof *p->folded, err)) {
		onnxc_aligned_free(block);
		return -1;
	}
	p->folded[p->n_folded++] = block;
	return 0;
}

/* plan_alloc: rt_node.alloc_const while folding: zeroed bytes kept in the
 * plan's folded list; NULL on OOM. */
static void *plan_alloc(rt_node *rn, size_t bytes)
{
	rt_plan *p = rn->alloc_ctx;
	onnxc_err err = { 0 };
	void *block = onnxc_aligned_alloc(bytes ? bytes : 1);

	if (!block || keep_folded(p, block, &err))
		return NULL;
	memset(block, 0, bytes ? bytes : 1);
	return block;
}

/* fold_node: run a node whose inputs are all known now; its outputs become
 * constants owned by the plan. */
static int fold_node(rt_plan *p, const rt_op *op, rt_node *rn, onnxc_err *err)
{
	void *scratch = NULL;
	int k, rc = -1;

	for (k = 0; k < rn->n_out; k++) {
		rt_tensor *t = rn->out[k];
		if (!t)
			continue;
		t->data = onnxc_aligned_alloc(t->nbytes ? t->nbytes : 1);
		if (!t->data || keep_folded(p, t->data, err))
			goto oom;
		p->mem[t->ir->id] = RT_MEM_FOLDED;
	}
	if (rn->scratch_bytes && !(scratch = onnxc_aligned_alloc(rn->scratch_bytes)))
		goto oom;
	rn->scratch = scratch;
	rn->alloc_const = plan_alloc;
	rn->alloc_ctx = p;
	if (op->exec(rn, err))
		goto free_scratch;
	for (k = 0; k < rn->n_out; k++)
		if (rn->out[k])
			rn->out[k]->is_const = 1;
	p->n_folded_nodes++;
	rc = 0;
free_scratch:
	rn->alloc_const = NULL;
	rn->alloc_ctx = NULL;
	onnxc_aligned_free(scratch);
	rn->scratch = NULL;
	free_node_params(rn);
	return rc;
oom:
	onnxc_oom(err);
	goto free_scratch;
}

/* has_strings: does a present input (and, with outputs set, an output) of
 * rn hold strings or a sequence? */
static int has_strings(const rt_node *rn, int outputs)
{
	int k;

	for (k = 0; k < rn->n_in; k++)
		if (rn->in[k] && (rn->in[k]->dtype == IR_STRING || rn->in[k]->dtype == RT_SEQUENCE))
			return 1;
	for (k = 0; outputs && k < rn->n_out; k++)
		if (rn->out[k] && (rn->out[k]->dtype == IR_STRING || rn->out[k]->dtype == RT_SEQUENCE))
			return 1;
	return 0;
}

/* value_local: is v a value of g itself (not of an enclosing graph)? */
static int value_local(const ir_graph *g, const ir_value *v)
{
	return v->id >= 0 && v->id < g->n_values && g->values[v->id] == v;
}

/* plan_lookup: the tensor of v in plan p or the plans enclosing it. */
static rt_tensor *plan_lookup(const rt_plan *p, const ir_value *v)
{
	for (; p; p = p->parent)
		if (value_local(p->g, v))
			return &p->tensors[v->id];
	return NULL;
}

const rt_tensor *rt_lookup(const rt_node *n, const ir_value *v)
{
	return n->plan && v ? plan_lookup(n->plan, v) : NULL;
}

/* check_sizes: every output of rn and its scratch within `limit` bytes. */
static int check_sizes(const rt_node *rn, uint64_t limit, onnxc_err *err)
{
	int k;

	for (k = 0; k < rn->n_out; k++)
		if (rn->out[k] && rn->out[k]->nbytes > limit)
			return rt_fail(rn, err, ONNXC_ELIMIT, "output '%s' would have %zu bytes, "
				       "more than the tensor limit of %llu", rn->out[k]->ir->name,
				       rn->out[k]->nbytes, (unsigned long long)limit);
	if (rn->scratch_bytes > limit)
		return rt_fail(rn, err, ONNXC_ELIMIT, "needs %zu bytes of scratch, more than the "
			       "tensor limit of %llu", rn->scratch_bytes, (unsigned long long)limit);
	return 0;
}


/* prep_nodes: call every node's prep in order; fold what is computable.
 * Nodes get the session s (its pool; may be NULL) and `threads`. */
static int prep_nodes(const ir_graph *g, onnxc_session *s, int threads, rt_plan *p,
		      onnxc_err *err)
{
	size_t n_slots = 0;
	rt_tensor **slot;
	int i, k;

	for (i = 0; i < g->n_nodes; i++)
		n_slots += (size_t)g->nodes[i]->n_in + (size_t)g->nodes[i]->n_out;
	p->nodes = onnxc_calloc((size_t)(g->n_nodes ? g->n_nodes : 1), sizeof *p->nodes);
	p->slots = onnxc_calloc(n_slots ? n_slots : 1, sizeof *p->slots);
	if (!p->nodes || !p->slots)
		return onnxc_oom(err);
	slot = p->slots;
	for (i = 0; i < g->n_nodes; i++) {
		const ir_node *n = g->nodes[i];
		const rt_op *op = rt_op_get(n->op);
		rt_node *rn = &p->nodes[p->n_nodes];
		int all_const = 1;

		memset(rn, 0, sizeof *rn);
		rn->ir = n;
		rn->n_in = n->n_in;
		rn->n_out = n->n_out;
		rn->in = slot;
		rn->out = slot + n->n_in;
		slot += n->n_in + n->n_out;
		rn->threads = threads > 0 ? threads : 1;
		rn->sess = s;
		rn->plan = p;
		rn->max_bytes = p->limit;
		for (k = 0; k < n->n_in; k++) {
			rn->in[k] = n->in[k] ? plan_lookup(p, n->in[k]) : NULL;
			if (n->in[k] && !rn->in[k])
				return rt_fail(rn, err, ONNXC_EINVAL, "input '%s' is not visible here",
					       n->in[k]->name);
			if (rn->in[k] && !rn->in[k]->is_const)
				all_const = 0;
			if (rn->in[k] && !rn->in[k]->dtype)
				return rt_fail(rn, err, ONNXC_EINVAL, "input '%s' is never computed",
					       n->in[k]->name);
		}
		for (k = 0; k < n->n_out; k++) {
			if (n->out[k] && !value_local(g, n->out[k]))
				return rt_fail(rn, err, ONNXC_EINTERNAL, "output '%s' is not a value "
					       "of the node's graph", n->out[k]->name);
			rn->out[k] = n->out[k] ? &p->tensors[n->out[k]->id] : NULL;
		}
		if (!(op->flags & RT_STRINGS) && has_strings(rn, 0))
			return rt_fail(rn, err, ONNXC_EUNSUPPORTED, "string or sequence inputs are "
				       "not supported by this op");
		/* kernels may read out[0] (NULL when omitted); a node without any
		 * output computes nothing a graph can see (only RNN, GRU and LSTM
		 * allow it, to no use) */
		if (n->n_out < 1)
			return rt_fail(rn, err, ONNXC_EINVAL, "node has no outputs");
		if (op->prep(rn, err)) {
			p->need_value = rn->need_value;
			free_node_params(rn);
			return -1;
		}
		for (k = 0; k < n->n_out; k++)
			if (rn->out[k] && !rn->out[k]->dtype) {
				free_node_params(rn);
				return rt_fail(rn, err, ONNXC_EINTERNAL, "output %d has no type", k);
			}
		if (check_sizes(rn, p->limit, err)) {
			free_node_params(rn);
			return -1;
		}
		if (all_const || (op->flags & RT_SHAPE_ONLY)) {
			if (fold_node(p, op, rn, err))
				return -1;
			continue;
		}
		if (has_strings(rn, 1)) {
			free_node_params(rn);
			return rt_fail(rn, err, ONNXC_EUNSUPPORTED, "strings and sequences are only "
				       "supported when the model is prepared (constant)");
		}
		for (k = 0; k < n->n_out; k++)
			if (rn->out[k])
				p->mem[n->out[k]->id] = RT_MEM_ARENA;
		p->n_nodes++;
	}
	return 0;
}

/* fill_outputs: the caller-visible output descriptors (data set per run). */
static int fill_outputs(onnxc_session *s, rt_plan *p, onnxc_err *err)
{
	const ir_graph *g = s->model->ir->graph;
	int i, n_dims = 0;

	for (i = 0; i < g->n_outputs; i++)
		n_dims += p->tensors[g->outputs[i]->id].rank;
	p->outputs = onnxc_calloc((size_t)(g->n_outputs ? g->n_outputs : 1), sizeof *p->outputs);
	p->out_dims = onnxc_calloc((size_t)(n_dims ? n_dims : 1), sizeof *p->out_dims);
	if (!p->outputs || !p->out_dims)
		return onnxc_oom(err);
	n_dims = 0;
	for (i = 0; i < g->n_outputs; i++) {
		const rt_tensor *t = &p->tensors[g->outputs[i]->id];
		onnxc_tensor *o = &p->outputs[i];
		if (!t->dtype)
			return onnxc_seterr(err, ONNXC_EINVAL, "graph output '%s' is never computed",
					    g->outputs[i]->name);
		if (t->dtype == RT_SEQUENCE)
			return onnxc_seterr(err, ONNXC_EUNSUPPORTED, "graph output '%s': sequence "
					    "outputs are not supported", g->outputs[i]->name);
		o->name = g->outputs[i]->name;
		o->dtype = t->dtype;
		o->rank = t->rank;
		o->dims = p->out_dims + n_dims;
		memcpy(p->out_dims + n_dims, t->dims, sizeof(int64_t) * (size_t)t->rank);
		n_dims += t->rank;
		o->nbytes = t->nbytes;
		o->data = t->data;
	}
	return 0;
}

/* make_sig: the input signature a plan is cached under. */
static int make_sig(onnxc_session *s, rt_plan *p, onnxc_err *err)
{
	const onnxc_model *m = s->model;
	int k, d, n = 0;

	for (k = 0; k < m->n_inputs; k++)
		n += 2 + p->tensors[m->inputs[k]->id].rank;
	p->sig = onnxc_calloc((size_t)(n ? n : 1), sizeof *p->sig);
	if (!p->sig)
		return onnxc_oom(err);
	n = 0;
	for (k = 0; k < m->n_inputs; k++) {
		const rt_tensor *t = &p->tensors[m->inputs[k]->id];
		p->sig[n++] = t->dtype;
		p->sig[n++] = t->rank;
		for (d = 0; d < t->rank; d++)
			p->sig[n++] = t->dims[d];
	}
	p->n_sig = n;
	return 0;
}

/* mark_inputs_needed: mark for binding by value every graph input that
 * value v is computed from (through any chain of nodes); returns how many
 * were newly marked (0 when v does not derive from graph inputs), -1 when
 * out of memory. */
static int mark_inputs_needed(onnxc_session *s, const ir_value *v)
{
	const ir_graph *g = s->model->ir->graph;
	const ir_value **stack;
	unsigned char *seen;
	int sp = 0, k, i, marked = 0;

	if (!s->bind_by_value &&
	    !(s->bind_by_value = onnxc_calloc((size_t)(s->model->n_inputs ? s->model->n_inputs : 1), 1)))
		return -1;
	stack = onnxc_calloc((size_t)(g->n_values ? g->n_values : 1), sizeof *stack);
	seen = onnxc_calloc((size_t)(g->n_values ? g->n_values : 1), 1);
	if (!stack || !seen) {
		marked = -1;
		goto free_all;
	}
	if (ir_graph_find_local((ir_graph *)g, v->name) == v) {
		stack[sp++] = v;
		seen[v->id] = 1;
	}
	while (sp) {
		const ir_value *u = stack[--sp];
		for (k = 0; k < s->model->n_inputs; k++)
			if (s->model->inputs[k] == u && !s->bind_by_value[k]) {
				s->bind_by_value[k] = 1;
				marked++;
			}
		if (!u->producer)
			continue;
		for (i = 0; i < u->producer->n_in; i++) {
			const ir_value *w = u->producer->in[i];
			if (w && !w->init && !seen[w->id] &&
			    ir_graph_find_local((ir_graph *)g, w->name) == w) {
				seen[w->id] = 1;
				stack[sp++] = w;
			}
		}
	}
free_all:
	onnxc_free(stack);
	onnxc_free(seen);
	return marked;
}

/* init_strings_ok: 0 when a string initializer has an embedded NUL (the
 * runtime's strings are NUL-terminated), else 1. */
static int init_strings_ok(const ir_tensor *t)
{
	int64_t i;

	if (t->dtype != IR_STRING)
		return 1;
	for (i = 0; i < t->numel; i++) {
		const char *str = ((char *const *)t->data)[i];
		if (!str || (t->str_lens && strlen(str) != t->str_lens[i]))
			return 0;
	}
	return 1;
}

/* plan_new: a plan for graph g (inside plan parent, or NULL) with a tensor
 * per value and the initializers set as constants.  NULL with err set. */
static rt_plan *plan_new(const ir_graph *g, const rt_plan *parent, int n_model_inputs,
			 onnxc_err *err)
{
	rt_plan *p = onnxc_calloc(1, sizeof *p);
	int i;

	if (!p) {
		onnxc_oom(err);
		return NULL;
	}
	p->g = g;
	p->parent = parent;
	p->n_values = g->n_values;
	p->tensors = onnxc_calloc((size_t)(g->n_values ? g->n_values : 1), sizeof *p->tensors);
	p->mem = onnxc_calloc((size_t)(g->n_values ? g->n_values : 1), 1);
	p->bufid = onnxc_calloc((size_t)(g->n_values ? g->n_values : 1), sizeof *p->bufid);
	p->bound = onnxc_calloc((size_t)(n_model_inputs ? n_model_inputs : 1), 1);
	if (!p->tensors || !p->mem || !p->bufid || !p->bound) {
		onnxc_oom(err);
		goto free_plan;
	}
	for (i = 0; i < g->n_values; i++) {
		const ir_value *v = g->values[i];
		rt_tensor *t = &p->tensors[i];
		t->ir = v;
		if (!v->init)
			continue;
		if (v->init->rank > RT_MAXRANK) {
			onnxc_seterr(err, ONNXC_EUNSUPPORTED, "initializer '%s': %s of rank %d is not "
				     "supported", v->name, ir_dtype_name(v->init->dtype), v->init->rank);
			goto free_plan;
		}
		if (!init_strings_ok(v->init)) {
			onnxc_seterr(err, ONNXC_EUNSUPPORTED, "initializer '%s': strings with an "
				     "embedded NUL are not supported", v->name);
			goto free_plan;
		}
		rt_set_shape(&(rt_node){ 0 }, t, v->init->dtype, v->init->rank, v->init->dims, err);
		t->data = v->init->data;
		t->is_const = 1;
		p->mem[i] = RT_MEM_CONST;
	}
	return p;

free_plan:
	rt_plan_free(p);
	return NULL;
}

rt_plan *rt_plan_build(onnxc_session *s, int n, const onnxc_tensor *inputs, onnxc_err *err,
		       int *need_input)
{
	const ir_graph *g = s->model->ir->graph;
	rt_plan *p;

	if (check_opsets(s->model->ir, err) || check_supported(g, err) || check_attr_kinds(g, err))
		return NULL;
	p = plan_new(g, NULL, s->model->n_inputs, err);
	if (!p)
		return NULL;
	p->limit = tensor_limit(s);
	if (bind_inputs(s, p, n, inputs, err) || make_sig(s, p, err))
		goto free_plan;
	if (prep_nodes(g, s, s->threads, p, err)) {
		if (p->need_value && need_input) {
			int k = mark_inputs_needed(s, p->need_value->ir);
			if (k < 0) {
				/* the out-of-memory error replaces the need for values */
				onnxc_errclear(err);
				onnxc_oom(err);
			} else {
				*need_input = k;
			}
		}
		goto free_plan;
	}
	if (s->shapes_only)
		return p;
	if (rt_plan_memory(s, p, err) || fill_outputs(s, p, err))
		goto free_plan;
	return p;

free_plan:
	rt_plan_free(p);
	return NULL;
}

/* outer_reads: check every value read in b (recursively) that belongs to a
 * strict ancestor of body; 0 or -1 at the first unknown one. */
static int outer_reads(const rt_node *n, const ir_graph *body, const ir_graph *b, onnxc_err *err)
{
	int i, k, j;

	for (i = 0; i <= b->n_nodes; i++) {
		const ir_node *bn = i < b->n_nodes ? b->nodes[i] : NULL;
		int n_read = bn ? bn->n_in : b->n_outputs;
		for (k = 0; k < n_read; k++) {
			const ir_value *v = bn ? bn->in[k] : b->outputs[k];
			const ir_graph *a;
			const rt_tensor *t;
			if (!v)
				continue;
			for (a = body->parent; a && !value_local(a, v); a = a->parent)
				;
			if (!a)
				continue;   /* local to body or a graph nested in it */
			t = rt_lookup(n, v);
			if (!t || !t->dtype)
				return rt_fail(n, err, ONNXC_EINVAL, "value '%s' read by a subgraph is "
					       "never computed", v->name);
			if (!t->is_const) {
				rt_need_value(n, t);
				return rt_fail(n, err, ONNXC_EUNSUPPORTED, "control flow runs when the "
					       "model is prepared: value '%s' read by its subgraph must "
					       "be known then", v->name);
			}
		}
		for (k = 0; bn && k < bn->n_attr; k++) {
			const ir_attr *at = &bn->attrs[k];
			if (at->g && outer_reads(n, body, at->g, err))
				return -1;
			for (j = 0; at->graphs && j < at->n; j++)
				if (outer_reads(n, body, at->graphs[j], err))
					return -1;
		}
	}
	return 0;
}

int rt_subgraph_need_outer(const rt_node *n, const ir_graph *body, onnxc_err *err)
{
	return outer_reads(n, body, body, err);
}

struct rt_plan *rt_subgraph_run(const rt_node *n, const ir_graph *body, int n_in,
				const rt_tensor *const *in, onnxc_err *err)
{
	rt_plan *p;
	int k;

	if (check_supported(body, err))
		goto name_node;
	p = plan_new(body, n->plan, 0, err);
	if (p)
		p->limit = n->plan ? n->plan->limit : UINT64_MAX;
	if (!p)
		return NULL;
	for (k = 0; k < body->n_inputs; k++) {
		const ir_value *v = body->inputs[k];
		rt_tensor *t = &p->tensors[v->id];
		const rt_tensor *x = k < n_in ? in[k] : NULL;
		if (!x) {
			if (v->init)
				continue;
			rt_fail(n, err, ONNXC_EINVAL, "subgraph input '%s' is not given", v->name);
			goto free_plan;
		}
		if (v->dtype && v->dtype != x->dtype) {
			rt_fail(n, err, ONNXC_EINVAL, "subgraph input '%s': expected %s, given %s",
				v->name, ir_dtype_name(v->dtype), ir_dtype_name(x->dtype));
			goto free_plan;
		}
		*t = *x;
		t->ir = v;
		t->is_const = 1;
		p->mem[v->id] = RT_MEM_CONST;
	}
	if (prep_nodes(body, n->sess, n->threads, p, err)) {
		rt_plan_free(p);
		goto name_node;
	}
	if (p->n_nodes) {
		rt_fail(n, err, ONNXC_EINTERNAL, "node '%s' of the subgraph was not computed at "
			"prepare", p->nodes[0].ir->name);
		goto free_plan;
	}
	return p;

free_plan:
	rt_plan_free(p);
	return NULL;
name_node:
	/* say where the failing body is (nested bodies append outwards) */
	if (err && err->code) {
		size_t len = strlen(err->msg);
		snprintf(err->msg + len, sizeof err->msg - len, " [in a subgraph of %s node '%s']",
			 n->ir->op_type, n->ir->name);
	}
	return NULL;
}

const rt_tensor *rt_subgraph_output(const struct rt_plan *sp, int k)
{
	const rt_tensor *t;

	if (k < 0 || k >= sp->g->n_outputs)
		return NULL;
	t = plan_lookup(sp, sp->g->outputs[k]);
	return t && t->dtype && t->is_const ? t : NULL;
}

void rt_subgraph_free(struct rt_plan *sp)
{
	rt_plan_free(sp);
}

void rt_plan_free(rt_plan *p)
{
	int i;

	if (!p)
		return;
	for (i = 0; p->nodes && i < p->n_nodes; i++)
		free_node_params(&p->nodes[i]);
	for (i = 0; i < p->n_folded; i++)
		onnxc_aligned_free(p->folded[i]);
	onnxc_free(p->folded);
	onnxc_aligned_free(p->arena);
	onnxc_free(p->nodes);
	onnxc_free(p->slots);
	onnxc_free(p->bufs);
	onnxc_free(p->tensors);
	onnxc_free(p->mem);
	onnxc_free(p->bufid);
	onnxc_free(p->sig);
	onnxc_free(p->bound);
	onnxc_free(p->outputs);
	onnxc_free(p->out_dims);
	onnxc_free(p);
}
