/*
 * gb.c - hand-built IR graphs and output comparison for the pass tests.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gb.h"
#include "rewrite.h"
#include "session.h"

gb *gb_new(int opset)
{
	gb *b = onnxc_calloc(1, sizeof *b);

	ck_assert_ptr_nonnull(b);
	b->m = ir_model_new(&b->err);
	ck_assert_ptr_nonnull(b->m);
	b->g = b->m->graph;
	b->seed = 12345;
	ck_assert_int_eq(ir_model_add_opset(b->m, "", opset, &b->err), 0);
	return b;
}

static ir_value *value(gb *b, const char *name)
{
	ir_value *v = ir_graph_value(b->g, name, &b->err);

	ck_assert_ptr_nonnull(v);
	return v;
}

ir_value *gb_input(gb *b, const char *name, int dtype, int rank, const int64_t *dims)
{
	ir_value *v = value(b, name);
	int d;

	v->dtype = dtype;
	v->has_type = 1;
	ck_assert_int_eq(ir_shape_set(&v->shape, rank, dims, &b->err), 0);
	for (d = 0; d < rank; d++)
		if (dims[d] < 0) {
			char sym[16];
			snprintf(sym, sizeof sym, "d%d", d);
			ck_assert_int_eq(ir_shape_set_sym(&v->shape, d, sym, &b->err), 0);
		}
	ck_assert_int_eq(ir_graph_add_input(b->g, v, &b->err), 0);
	return v;
}

/* next: the test's deterministic pseudo-random sequence, in [0, 1). */
static double next(uint32_t *s)
{
	*s = *s * 1664525u + 1013904223u;
	return (double)(*s >> 8) / (double)(1u << 24);
}

/* fill: deterministic values of t's dtype. */
static void fill(ir_tensor *t, uint32_t *seed)
{
	rt_tensor r = { .dtype = t->dtype, .data = t->data };
	int64_t i;

	for (i = 0; i < t->numel; i++) {
		double u = next(seed);
		if (t->dtype == IR_FLOAT || t->dtype == IR_DOUBLE || t->dtype == IR_FLOAT16)
			rt_put_f(&r, i, 2 * u - 1);
		else if (t->dtype == IR_BOOL)
			rt_put_i(&r, i, u < 0.5);
		else
			rt_put_i(&r, i, (int64_t)(u * 4));
	}
}

ir_value *gb_init(gb *b, const char *name, int dtype, int rank, const int64_t *dims,
		  const void *data)
{
	ir_value *v = value(b, name);
	ir_tensor *t = ir_tensor_new(dtype, rank, dims, &b->err);

	ck_assert_ptr_nonnull(t);
	if (data)
		memcpy(t->data, data, t->nbytes);
	else
		fill(t, &b->seed);
	ck_assert_int_eq(ir_graph_add_init(b->g, v, t, &b->err), 0);
	return v;
}

/* split: the i-th item of a comma list into buf; 0 past the end. */
static int item(const char *list, int i, char *buf, size_t len)
{
	const char *p = list;
	size_t n;

	while (i-- > 0) {
		p = strchr(p, ',');
		if (!p)
			return 0;
		p++;
	}
	n = strcspn(p, ",");
	ck_assert_uint_lt(n, len);
	memcpy(buf, p, n);
	buf[n] = 0;
	return 1;
}

static int count_items(const char *list)
{
	int n = 1;

	if (!*list)
		return 0;
	for (; *list; list++)
		n += *list == ',';
	return n;
}

ir_node *gb_node(gb *b, const char *op, const char *name, const char *ins, const char *outs)
{
	int ni = count_items(ins), no = count_items(outs), k;
	ir_node *n = ir_node_new(b->g, name, op, "", ni, no, &b->err);
	char buf[128];

	ck_assert_ptr_nonnull(n);
	for (k = 0; k < ni; k++) {
		item(ins, k, buf, sizeof buf);
		n->in[k] = *buf ? value(b, buf) : NULL;
	}
	for (k = 0; k < no; k++) {
		item(outs, k, buf, sizeof buf);
		ir_node_set_output(n, k, *buf ? value(b, buf) : NULL);
	}
	return n;
}

void gb_int(ir_node *n, const char *name, int64_t v)
{
	onnxc_err err = { 0 };
	ir_attr *a = ir_node_add_attr(n, name, IR_ATTR_INT, &err);

	ck_assert_ptr_nonnull(a);
	a->i = v;
}

void gb_ints(ir_node *n, const char *name, int cnt, const int64_t *v)
{
	onnxc_err err = { 0 };

	ck_assert_int_eq(pass_set_ints(n, name, v, cnt, &err), 0);
}

void gb_float(ir_node *n, const char *name, float v)
{
	onnxc_err err = { 0 };
	ir_attr *a = ir_node_add_attr(n, name, IR_ATTR_FLOAT, &err);

	ck_assert_ptr_nonnull(a);
	a->f = v;
}

void gb_string(ir_node *n, const char *name, const char *v)
{
	onnxc_err err = { 0 };
	ir_attr *a = ir_node_add_attr(n, name, IR_ATTR_STRING, &err);

	ck_assert_ptr_nonnull(a);
	a->s = onnxc_strdup(v);
	ck_assert_ptr_nonnull(a->s);
	a->slen = strlen(v);
}

void gb_tensor_attr(ir_node *n, const char *name, int rank, const int64_t *dims,
		    const float *data)
{
	onnxc_err err = { 0 };
	ir_attr *a = ir_node_add_attr(n, name, IR_ATTR_TENSOR, &err);

	ck_assert_ptr_nonnull(a);
	a->t = ir_tensor_new(IR_FLOAT, rank, dims, &err);
	ck_assert_ptr_nonnull(a->t);
	memcpy(a->t->data, data, a->t->nbytes);
}

void gb_output(gb *b, const char *name)
{
	ck_assert_int_eq(ir_graph_add_output(b->g, value(b, name), &b->err), 0);
}

ir_model *gb_finish(gb *b)
{
	ir_model *m = b->m;
	int i;

	for (i = 0; i < b->g->n_nodes; i++)
		ir_node_resolve(m, b->g->nodes[i]);
	ck_assert_int_eq(ir_graph_toposort(b->g, &b->err), 0);
	ck_assert_msg(ir_verify(b->g, "built", &b->err) == 0, "%s", b->err.msg);
	onnxc_free(b);
	return m;
}

static void count_changes(void *ud, const ir_model *m, const char *pass, int changes)
{
	(void)m;
	(void)pass;
	*(int *)ud += changes;
}

int gb_passes(ir_model *m, const char *only)
{
	pass_opts o = { 0 };
	onnxc_err err = { 0 };
	int total = 0;

	o.only = only;
	o.verify = 1;
	o.after = count_changes;
	o.ud = &total;
	ck_assert_msg(pass_run(m, &o, &err) == 0, "passes failed: %s", err.msg);
	return total;
}

int gb_count(const ir_model *m, const char *op)
{
	int i, n = 0;

	for (i = 0; i < m->graph->n_nodes; i++)
		n += !op || !strcmp(m->graph->nodes[i]->op_type, op);
	return n;
}

ir_node *gb_find(const ir_model *m, const char *name)
{
	int i;

	for (i = 0; i < m->graph->n_nodes; i++)
		if (!strcmp(m->graph->nodes[i]->name, name))
			return m->graph->nodes[i];
	return NULL;
}

ir_value *gb_value(const ir_model *m, const char *name)
{
	ir_value *v = ir_graph_find_local(m->graph, name);

	ck_assert_msg(v != NULL, "no value '%s'", name);
	return v;
}

void gb_oom_sweep(ir_model *(*build)(void), const char *only)
{
	pass_opts o = { 0 };
	ir_model *m = build();
	onnxc_err err = { 0 };
	long total, n;

	o.only = only;
	o.verify = 1;
	total = onnxc_alloc_count();
	ck_assert_int_eq(pass_run(m, &o, &err), 0);
	total = onnxc_alloc_count() - total;
	ir_model_free(m);
	for (n = 0; n < total; n++) {
		int rc;
		m = build();
		onnxc_errclear(&err);
		onnxc_alloc_fail_after(n);
		rc = pass_run(m, &o, &err);
		onnxc_alloc_fail_after(-1);
		ck_assert_msg(rc == 0 || err.code == ONNXC_ENOMEM, "allocation %ld: %s", n, err.msg);
		ir_model_free(m);
	}
}

#define GB_MAXIN 8

/* run: run model mm on the given inputs; outputs copied into new tensors
 * (outs[0..*n)).  0 or -1 (message printed). */
static int run(onnxc_model *mm, int n_in, const onnxc_tensor *in, ir_tensor **outs, int *n)
{
	onnxc_session *s;
	const onnxc_tensor *o;
	onnxc_err err = { 0 };
	int k, no, rc;

	ck_assert_int_eq(onnxc_session_new(mm, NULL, &s), 0);
	rc = onnxc_session_run(s, n_in, in, &no, &o);
	if (rc) {
		fprintf(stderr, "run failed: %s\n", onnxc_session_errmsg(s));
		onnxc_session_free(s);
		return -1;
	}
	ck_assert_int_le(no, GB_MAXIN);
	for (k = 0; k < no; k++) {
		outs[k] = ir_tensor_new(o[k].dtype, o[k].rank, o[k].dims, &err);
		ck_assert_ptr_nonnull(outs[k]);
		memcpy(outs[k]->data, o[k].data, outs[k]->nbytes);
	}
	*n = no;
	onnxc_session_free(s);
	return 0;
}

double gb_compare_models(ir_model *m0, ir_model *m1, const ir_tensor *input)
{
	onnxc_err err = { 0 };
	onnxc_model *a = rt_model_wrap(m0, &err), *b = rt_model_wrap(m1, &err);
	double r;

	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	r = gb_compare(a, b, input);
	onnxc_model_free(a);
	onnxc_model_free(b);
	return r;
}

double gb_compare(onnxc_model *a, onnxc_model *b, const ir_tensor *input)
{
	onnxc_err err = { 0 };
	onnxc_tensor in[GB_MAXIN];
	ir_tensor *data[GB_MAXIN] = { 0 }, *oa[GB_MAXIN] = { 0 }, *ob[GB_MAXIN] = { 0 };
	int64_t dims[GB_MAXIN][RT_MAXRANK];
	uint32_t seed = 777;
	int n_in, na = 0, nb = 0, k, d;
	double maxref = 0, maxdiff = 0, res = -1;

	n_in = onnxc_model_num_inputs(a);
	ck_assert_int_le(n_in, GB_MAXIN);
	for (k = 0; k < n_in; k++) {
		onnxc_tensor info;
		onnxc_model_input(a, k, &info);
		if (input && k == 0) {
			data[k] = ir_tensor_clone(input, &err);
		} else {
			for (d = 0; d < info.rank; d++)
				dims[k][d] = info.dims[d] < 0 ? 2 : info.dims[d];
			data[k] = ir_tensor_new(info.dtype, info.rank, dims[k], &err);
			ck_assert_ptr_nonnull(data[k]);
			fill(data[k], &seed);
		}
		ck_assert_ptr_nonnull(data[k]);
		in[k] = (onnxc_tensor){ info.name, data[k]->dtype, data[k]->rank, data[k]->dims,
					data[k]->data, data[k]->nbytes };
	}
	if (run(a, n_in, in, oa, &na) || run(b, n_in, in, ob, &nb) || na != nb)
		goto free_all;
	for (k = 0; k < na; k++) {
		rt_tensor ra = { .dtype = oa[k]->dtype, .data = oa[k]->data };
		rt_tensor rb = { .dtype = ob[k]->dtype, .data = ob[k]->data };
		int64_t i;
		int fl = oa[k]->dtype == IR_FLOAT || oa[k]->dtype == IR_DOUBLE ||
			 oa[k]->dtype == IR_FLOAT16;
		if (oa[k]->dtype != ob[k]->dtype || oa[k]->rank != ob[k]->rank ||
		    (oa[k]->rank && memcmp(oa[k]->dims, ob[k]->dims, sizeof(int64_t) * oa[k]->rank))) {
			fprintf(stderr, "output %d: dtype or dims differ\n", k);
			goto free_all;
		}
		for (i = 0; i < oa[k]->numel; i++) {
			double x = fl ? rt_get_f(&ra, i) : (double)rt_get_i(&ra, i);
			double y = fl ? rt_get_f(&rb, i) : (double)rt_get_i(&rb, i);
			if (fabs(x) > maxref)
				maxref = fabs(x);
			if (!fl && x != y) {
				fprintf(stderr, "output %d[%lld]: %g != %g\n", k, (long long)i, y, x);
				goto free_all;
			}
			if (fabs(x - y) > maxdiff || (isnan(x) != isnan(y)))
				maxdiff = isnan(x) != isnan(y) ? INFINITY : fabs(x - y);
		}
	}
	res = maxref > 0 ? maxdiff / maxref : (maxdiff > 0 ? INFINITY : 0);
	if (maxref == 0)
		fprintf(stderr, "reference outputs are all zero\n");
free_all:
	for (k = 0; k < GB_MAXIN; k++) {
		ir_tensor_free(data[k]);
		ir_tensor_free(oa[k]);
		ir_tensor_free(ob[k]);
	}
	return maxref == 0 && res == 0 ? -1 : res;
}

int gb_equiv(ir_model *(*build)(void), const char *only, double rtol)
{
	ir_model *ref = build(), *opt = build();
	int nodes;
	double r;

	gb_passes(opt, only);
	nodes = opt->graph->n_nodes;
	r = gb_compare_models(ref, opt, NULL);
	ck_assert_msg(r >= 0 && r <= rtol, "optimised outputs differ: relative error %g", r);
	return nodes;
}
