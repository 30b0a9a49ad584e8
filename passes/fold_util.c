/*
 * fold_util.c - helpers shared by the folding passes (see fold_util.h).
 */
#include <stdio.h>
#include <string.h>

#include "fold_util.h"

int pass_fold_ints(const ir_node *n, const char *name, int want, int64_t dflt, int64_t *out)
{
	const ir_attr *a = ir_attr_get(n, name);
	int i;

	for (i = 0; i < want; i++)
		out[i] = dflt;
	if (!a)
		return 0;
	if (a->kind != IR_ATTR_INTS || a->n != want)
		return -1;
	memcpy(out, a->ints, (size_t)want * sizeof *out);
	return 0;
}

/* attr_slot: n's attribute `name` emptied (name kept, kind set), or a new
 * one.  NULL on OOM. */
static ir_attr *attr_slot(ir_node *n, const char *name, ir_attr_kind kind, onnxc_err *err)
{
	int i;

	for (i = 0; i < n->n_attr; i++) {
		ir_attr *a = &n->attrs[i];
		char *keep;
		if (strcmp(a->name, name))
			continue;
		keep = a->name;
		a->name = NULL;
		ir_attr_clear(a);
		a->name = keep;
		a->kind = kind;
		return a;
	}
	return ir_node_add_attr(n, name, kind, err);
}

int pass_fold_set_int(ir_node *n, const char *name, int64_t v, onnxc_err *err)
{
	ir_attr *a = attr_slot(n, name, IR_ATTR_INT, err);

	if (!a)
		return -1;
	a->i = v;
	return 0;
}

int pass_fold_set_ints(ir_node *n, const char *name, int cnt, const int64_t *v, onnxc_err *err)
{
	int64_t *copy = onnxc_malloc((size_t)(cnt ? cnt : 1) * sizeof *copy);
	ir_attr *a;

	if (!copy)
		return onnxc_oom(err);
	memcpy(copy, v, (size_t)cnt * sizeof *copy);
	a = attr_slot(n, name, IR_ATTR_INTS, err);
	if (!a) {
		onnxc_free(copy);
		return -1;
	}
	a->ints = copy;
	a->n = cnt;
	return 0;
}

int pass_fold_set_string(ir_node *n, const char *name, const char *s, onnxc_err *err)
{
	char *copy = onnxc_strdup(s);
	ir_attr *a;

	if (!copy)
		return onnxc_oom(err);
	a = attr_slot(n, name, IR_ATTR_STRING, err);
	if (!a) {
		onnxc_free(copy);
		return -1;
	}
	a->s = copy;
	a->slen = strlen(copy);
	return 0;
}

ir_value *pass_fold_const(ir_graph *g, const char *hint, ir_tensor *t, onnxc_err *err)
{
	ir_value *v = ir_graph_new_value(g, hint, err);

	if (!v) {
		ir_tensor_free(t);
		return NULL;
	}
	if (ir_graph_add_init(g, v, t, err))
		return NULL;
	return v;
}

ir_value *pass_fold_i64(ir_graph *g, const char *hint, int cnt, const int64_t *v, onnxc_err *err)
{
	int64_t dim = cnt;
	ir_tensor *t = ir_tensor_new(IR_INT64, 1, &dim, err);

	if (!t)
		return NULL;
	memcpy(t->data, v, (size_t)cnt * sizeof *v);
	return pass_fold_const(g, hint, t, err);
}

ir_node *pass_fold_node(pass_ctx *pc, const char *base, const char *suffix, const char *op,
			int n_in, onnxc_err *err)
{
	char name[512];
	ir_node *n;

	snprintf(name, sizeof name, "%.400s/%s", base, suffix);
	n = ir_node_new(pc->m->graph, name, op, "", n_in, 1, err);
	if (n)
		ir_node_resolve(pc->m, n);
	return n;
}

int pass_fold_spatial(const ir_value *v, int nsp, int64_t *sp)
{
	int i, ok = v && v->shape.rank == nsp + 2;

	for (i = 0; i < nsp; i++) {
		sp[i] = ok ? v->shape.dims[i + 2] : -1;
		if (sp[i] < 1)
			ok = 0;
	}
	if (!ok)
		for (i = 0; i < nsp; i++)
			sp[i] = -1;
	return ok;
}

const ir_tensor *pass_fold_weight(const ir_value *v)
{
	int hops;

	for (hops = 0; v && hops < 64; hops++) {
		const ir_node *p = v->producer;
		const ir_attr *a;
		if (v->init)
			return v->is_input ? NULL : v->init;
		if (!p || p->dead || p->n_out < 1 || p->out[0] != v)
			return NULL;
		if (p->op == IR_OP_Identity && p->n_in == 1) {
			v = p->in[0];
			continue;
		}
		if (p->op != IR_OP_Constant)
			return NULL;
		a = ir_attr_get(p, "value");
		return a && a->kind == IR_ATTR_TENSOR && p->n_attr == 1 ? a->t : NULL;
	}
	return NULL;
}

double pass_fold_get(const ir_tensor *t, int64_t i)
{
	return t->dtype == IR_DOUBLE ? ((const double *)t->data)[i] : ((const float *)t->data)[i];
}

void pass_fold_put(ir_tensor *t, int64_t i, double v)
{
	if (t->dtype == IR_DOUBLE)
		((double *)t->data)[i] = v;
	else
		((float *)t->data)[i] = (float)v;
}
