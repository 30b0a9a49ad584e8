/*
 * cse.c - common subexpression elimination.
 *
 * Requires: an indexed graph in topological order.
 * Merges: small initializers (<= 64 elements) equal in dtype, dims and bytes
 * (neither a graph input nor output): readers of the later one read the
 * first.  Then, in node order, a node with the same op, domain, version,
 * inputs, present outputs, attributes (by value: tensors byte for byte,
 * floats bit for bit) and fused activation as an earlier node: readers of
 * its outputs read the earlier node's.  When one of its outputs is a graph
 * output the earlier node produces that value instead; two graph outputs
 * are never merged.  Never merged: nodes with subgraphs, random ops, ops
 * not in the op table.  Keeps: node order; merged-away initializers and
 * nodes are left unread (dce removes the initializers).
 */
#include <string.h>

#include "rewrite.h"

#define CSE_MAX_INIT 64

static uint64_t mix(uint64_t h, uint64_t x)
{
	return (h ^ x) * 1099511628211ull;
}

static uint64_t mix_bytes(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		h = mix(h, b[i]);
	return h;
}

static uint64_t mix_str(uint64_t h, const char *s)
{
	return mix_bytes(h, s ? s : "", s ? strlen(s) + 1 : 1);
}

static uint64_t tensor_hash(uint64_t h, const ir_tensor *t)
{
	h = mix(h, (uint64_t)t->dtype);
	h = mix_bytes(h, t->dims, sizeof(int64_t) * (size_t)t->rank);
	if (t->dtype != IR_STRING && t->nbytes <= 4096)
		h = mix_bytes(h, t->data, t->nbytes);
	return h;
}

static int never_merge(const ir_node *n)
{
	static const char *const ops[] = { "RandomNormal", "RandomNormalLike", "RandomUniform",
					   "RandomUniformLike", "Multinomial", "Bernoulli" };
	size_t i;

	for (i = 0; i < sizeof ops / sizeof ops[0]; i++)
		if (!strcmp(n->op_type, ops[i]))
			return 1;
	return n->op == IR_OP_UNKNOWN || pass_has_subgraph(n);
}

/* node_hash: digest of everything node_equal compares (attributes in an
 * order-independent way). */
static uint64_t node_hash(const ir_node *n)
{
	uint64_t h = 1469598103934665603ull, ah = 0;
	int k;

	h = mix_str(h, n->op_type);
	h = mix_str(h, n->domain);
	h = mix(h, (uint64_t)n->since_version);
	h = mix(h, (uint64_t)n->n_in);
	for (k = 0; k < n->n_in; k++)
		h = mix(h, (uint64_t)(uintptr_t)n->in[k]);
	h = mix(h, (uint64_t)n->n_out);
	for (k = 0; k < n->n_out; k++)
		h = mix(h, n->out[k] != NULL);
	for (k = 0; k < n->n_attr; k++) {
		const ir_attr *a = &n->attrs[k];
		uint64_t x = mix_str(1469598103934665603ull, a->name);
		x = mix(x, (uint64_t)a->kind);
		if (a->kind == IR_ATTR_INT)
			x = mix(x, (uint64_t)a->i);
		else if (a->kind == IR_ATTR_INTS)
			x = mix_bytes(x, a->ints, sizeof(int64_t) * (size_t)a->n);
		else if (a->kind == IR_ATTR_FLOAT)
			x = mix_bytes(x, &a->f, sizeof a->f);
		else if (a->kind == IR_ATTR_TENSOR && a->t)
			x = tensor_hash(x, a->t);
		ah += x;   /* order-independent */
	}
	return mix(mix(h, ah), (uint64_t)n->fused_act);
}

static int strs_equal(int n, char *const *a, const size_t *la, char *const *b, const size_t *lb)
{
	int i;

	for (i = 0; i < n; i++) {
		size_t x = la ? la[i] : strlen(a[i]), y = lb ? lb[i] : strlen(b[i]);
		if (x != y || (x && memcmp(a[i], b[i], x)))
			return 0;
	}
	return 1;
}

/* attr_equal: same kind and value. */
static int attr_equal(const ir_attr *a, const ir_attr *b)
{
	int i;

	if (a->kind != b->kind || a->n != b->n || a->slen != b->slen)
		return 0;
	if (memcmp(&a->f, &b->f, sizeof a->f) || a->i != b->i)
		return 0;
	if (!a->s != !b->s || (a->s && a->slen && memcmp(a->s, b->s, a->slen)))
		return 0;
	if (!a->t != !b->t || (a->t && !ir_tensor_equal(a->t, b->t)))
		return 0;
	if (!a->ints != !b->ints || (a->ints && a->n &&
				     memcmp(a->ints, b->ints, sizeof *a->ints * (size_t)a->n)))
		return 0;
	if (!a->floats != !b->floats || (a->floats && a->n &&
					 memcmp(a->floats, b->floats, sizeof *a->floats * (size_t)a->n)))
		return 0;
	if (!a->strings != !b->strings ||
	    (a->strings && !strs_equal(a->n, a->strings, a->string_lens, b->strings, b->string_lens)))
		return 0;
	if (!a->tensors != !b->tensors)
		return 0;
	for (i = 0; a->tensors && i < a->n; i++)
		if (!ir_tensor_equal(a->tensors[i], b->tensors[i]))
			return 0;
	return !a->g && !b->g && !a->graphs && !b->graphs;
}

static int node_equal(const ir_node *a, const ir_node *b)
{
	int k;

	if (a->op != b->op || strcmp(a->op_type, b->op_type) || strcmp(a->domain, b->domain) ||
	    a->since_version != b->since_version || a->n_in != b->n_in || a->n_out != b->n_out ||
	    a->n_attr != b->n_attr || a->fused_act != b->fused_act)
		return 0;
	if (a->fused_act != IR_OP_UNKNOWN &&
	    (memcmp(&a->fused_alpha, &b->fused_alpha, sizeof a->fused_alpha) ||
	     memcmp(&a->fused_beta, &b->fused_beta, sizeof a->fused_beta)))
		return 0;
	for (k = 0; k < a->n_in; k++)
		if (a->in[k] != b->in[k])
			return 0;
	for (k = 0; k < a->n_out; k++)
		if (!a->out[k] != !b->out[k])
			return 0;
	for (k = 0; k < a->n_attr; k++) {
		const ir_attr *x = &a->attrs[k], *y = ir_attr_get(b, x->name);
		if (!y || !attr_equal(x, y))
			return 0;
	}
	return 1;
}

/* merge: replace node b by the equal earlier node a; 0 when impossible. */
static int merge(ir_graph *g, ir_node *a, ir_node *b)
{
	int k;

	for (k = 0; k < b->n_out; k++)
		if (b->out[k] && b->out[k]->is_output && a->out[k]->is_output)
			return 0;
	ir_node_remove(b);
	for (k = 0; k < b->n_out; k++) {
		if (!b->out[k])
			continue;
		if (b->out[k]->is_output)
			pass_take_output(g, a, k, b->out[k]);
		else
			pass_replace(g, b->out[k], a->out[k]);
	}
	return 1;
}

/* merge_inits: equal small initializers (a hash table of the first of
 * each kind: slot holds index + 1). */
static int merge_inits(pass_ctx *pc)
{
	ir_graph *g = pc->m->graph;
	uint64_t *th;
	int *tab, i;
	size_t cap = 16, s;

	while (cap < (size_t)g->n_inits * 2)
		cap *= 2;
	tab = onnxc_calloc(cap, sizeof *tab);
	th = onnxc_calloc(cap, sizeof *th);
	if (!tab || !th) {
		onnxc_free(tab);
		onnxc_free(th);
		return onnxc_oom(pc->err);
	}
	for (i = 0; i < g->n_inits; i++) {
		ir_value *v = g->inits[i], *w = NULL;
		uint64_t h;
		if (!v->init || v->init->numel > CSE_MAX_INIT || v->init->dtype == IR_STRING ||
		    v->is_input || v->is_output)
			continue;
		h = tensor_hash(1469598103934665603ull, v->init);
		for (s = h & (cap - 1); tab[s]; s = (s + 1) & (cap - 1))
			if (th[s] == h && ir_tensor_equal(g->inits[tab[s] - 1]->init, v->init)) {
				w = g->inits[tab[s] - 1];
				break;
			}
		if (!w) {
			tab[s] = i + 1;
			th[s] = h;
		} else if (pass_uses(g, v, NULL)) {
			pass_replace(g, v, w);
			pass_note(pc, "merged initializer '%s' into '%s'", v->name, w->name);
		}
	}
	onnxc_free(tab);
	onnxc_free(th);
	return 0;
}

int pass_cse(pass_ctx *pc)
{
	ir_graph *g = pc->m->graph;
	ir_node **tab;
	uint64_t *th;
	size_t cap = 16, mask, s;
	int i;

	if (merge_inits(pc))
		return -1;
	while (cap < (size_t)g->n_nodes * 2)
		cap *= 2;
	mask = cap - 1;
	tab = onnxc_calloc(cap, sizeof *tab);
	th = onnxc_calloc(cap, sizeof *th);
	if (!tab || !th) {
		onnxc_free(tab);
		onnxc_free(th);
		return onnxc_oom(pc->err);
	}
	for (i = 0; i < g->n_nodes; i++) {
		ir_node *n = g->nodes[i];
		uint64_t h;
		int merged = 0;
		if (n->dead || never_merge(n))
			continue;
		h = node_hash(n);
		for (s = h & mask; tab[s]; s = (s + 1) & mask)
			if (th[s] == h && node_equal(tab[s], n) && (merged = merge(g, tab[s], n)))
				break;
		if (merged) {
			pass_note(pc, "merged node '%s' (%s) into '%s'", n->name, n->op_type,
				  tab[s]->name);
			continue;
		}
		tab[s] = n;
		th[s] = h;
	}
	onnxc_free(tab);
	onnxc_free(th);
	return pass_finish(pc);
}
