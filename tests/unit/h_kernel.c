/*
 * h_kernel.c - run one kernel outside any model (see h_kernel.h).
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "h_kernel.h"
#include "session.h"

/* hk_alloc_const: rt_node.alloc_const of the harness */
static void *hk_alloc_const(rt_node *rn, size_t bytes)
{
	hk *h = rn->alloc_ctx;
	void *p;

	ck_assert_int_lt(h->n_consts, (int)(sizeof h->consts / sizeof *h->consts));
	p = calloc(1, bytes ? bytes : 1);
	ck_assert_ptr_nonnull(p);
	h->consts[h->n_consts++] = p;
	return p;
}

hk *hk_new(const char *op, int opset, int n_in, int n_out)
{
	hk *h = calloc(1, sizeof *h);
	ir_value *v;
	char name[32];
	int i;

	ck_assert_ptr_nonnull(h);
	ck_assert(n_in <= HK_MAX && n_out <= HK_MAX);
	h->m = ir_model_new(&h->err);
	ck_assert_ptr_nonnull(h->m);
	ir_model_add_opset(h->m, "", opset, &h->err);
	h->node = ir_node_new(h->m->graph, "n0", op, "", n_in, n_out, &h->err);
	ck_assert_ptr_nonnull(h->node);
	for (i = 0; i < n_in; i++) {
		snprintf(name, sizeof name, "in%d", i);
		v = ir_graph_value(h->m->graph, name, &h->err);
		h->node->in[i] = v;
		h->in[i].ir = v;
		h->inp[i] = &h->in[i];
	}
	for (i = 0; i < n_out; i++) {
		snprintf(name, sizeof name, "out%d", i);
		v = ir_graph_value(h->m->graph, name, &h->err);
		ir_node_set_output(h->node, i, v);
		h->out[i].ir = v;
		h->outp[i] = &h->out[i];
	}
	ir_node_resolve(h->m, h->node);
	h->rn.ir = h->node;
	h->rn.n_in = n_in;
	h->rn.n_out = n_out;
	h->rn.in = h->inp;
	h->rn.out = h->outp;
	h->rn.threads = 1;
	rt_blas_single();   /* as sessions do: threads come from hk_threads */
	h->rn.alloc_const = hk_alloc_const;
	h->rn.alloc_ctx = h;
	ck_assert_int_eq(h->err.code, 0);
	return h;
}

static void release(hk *h)
{
	int i;

	for (i = 0; i < h->n_consts; i++)
		free(h->consts[i]);
	h->n_consts = 0;

	if (h->rn.params) {
		if (h->rn.free_params)
			h->rn.free_params(h->rn.params);
		else
			onnxc_free(h->rn.params);
	}
	h->rn.params = NULL;
	h->rn.free_params = NULL;
	onnxc_aligned_free(h->rn.scratch);
	h->rn.scratch = NULL;
	h->rn.scratch_bytes = 0;
	for (i = 0; i < HK_MAX; i++) {
		free(h->out[i].data);
		h->out[i].data = NULL;
	}
}

void hk_free(hk *h)
{
	int i;

	release(h);
	for (i = 0; i < HK_MAX; i++)
		free(h->in[i].data);
	ir_model_free(h->m);
	free(h);
}

static ir_attr *attr(hk *h, const char *name, ir_attr_kind kind)
{
	ir_attr *a = ir_node_add_attr(h->node, name, kind, &h->err);

	ck_assert_ptr_nonnull(a);
	return a;
}

void hk_attr_int(hk *h, const char *name, int64_t v)
{
	attr(h, name, IR_ATTR_INT)->i = v;
}

void hk_attr_float(hk *h, const char *name, float v)
{
	attr(h, name, IR_ATTR_FLOAT)->f = v;
}

void hk_attr_string(hk *h, const char *name, const char *v)
{
	ir_attr *a = attr(h, name, IR_ATTR_STRING);

	a->s = onnxc_strdup(v);
	a->slen = strlen(v);
}

void hk_attr_ints(hk *h, const char *name, int n, const int64_t *v)
{
	ir_attr *a = attr(h, name, IR_ATTR_INTS);

	a->n = n;
	a->ints = onnxc_malloc(sizeof(int64_t) * (size_t)(n ? n : 1));
	if (n)
		memcpy(a->ints, v, sizeof(int64_t) * (size_t)n);
}

void hk_attr_floats(hk *h, const char *name, int n, const float *v)
{
	ir_attr *a = attr(h, name, IR_ATTR_FLOATS);

	a->n = n;
	a->floats = onnxc_malloc(sizeof(float) * (size_t)(n ? n : 1));
	if (n)
		memcpy(a->floats, v, sizeof(float) * (size_t)n);
}

void hk_attr_tensor(hk *h, const char *name, ir_tensor *t)
{
	attr(h, name, IR_ATTR_TENSOR)->t = t;
}

void hk_input(hk *h, int idx, int dtype, int rank, const int64_t *dims, const void *data,
	      int is_const)
{
	rt_tensor *t = &h->in[idx];

	h->inp[idx] = t;
	if (!h->node->in[idx]) {
		char name[32];
		snprintf(name, sizeof name, "in%d", idx);
		h->node->in[idx] = ir_graph_value(h->m->graph, name, &h->err);
		t->ir = h->node->in[idx];
	}
	ck_assert_int_eq(rt_set_shape(&h->rn, t, dtype, rank, dims, &h->err), 0);
	free(t->data);
	t->data = calloc(1, t->nbytes ? t->nbytes : 1);
	if (data && t->nbytes)
		memcpy(t->data, data, t->nbytes);
	t->is_const = is_const ? 1 : 0;
}

void hk_omit_input(hk *h, int idx)
{
	h->inp[idx] = NULL;
	h->node->in[idx] = NULL;
}

void hk_omit_output(hk *h, int idx)
{
	h->outp[idx] = NULL;
	h->node->out[idx] = NULL;
}

int hk_prep(hk *h)
{
	const rt_op *op = rt_op_get(h->node->op);

	release(h);
	onnxc_errclear(&h->err);
	ck_assert_msg(op != NULL, "no kernel registered for %s", h->node->op_type);
	return op->prep(&h->rn, &h->err);
}

int hk_run(hk *h)
{
	const rt_op *op = rt_op_get(h->node->op);
	int i;

	if (hk_prep(h))
		return -1;
	for (i = 0; i < h->rn.n_out; i++)
		if (h->outp[i]) {
			/* poison so a kernel that forgets an element is caught */
			h->out[i].data = malloc(h->out[i].nbytes ? h->out[i].nbytes : 1);
			memset(h->out[i].data, 0xA5, h->out[i].nbytes ? h->out[i].nbytes : 1);
		}
	if (h->rn.scratch_bytes) {
		h->rn.scratch = onnxc_aligned_alloc(h->rn.scratch_bytes);
		ck_assert_ptr_nonnull(h->rn.scratch);
	}
	return op->exec(&h->rn, &h->err);
}

void hk_assert_close(hk *h, int k, const float *expected, int64_t numel, float atol)
{
	const float *got = hk_outf(h, k);
	int64_t i;

	ck_assert_int_eq(h->out[k].dtype, IR_FLOAT);
	ck_assert_int_eq(h->out[k].numel, numel);
	for (i = 0; i < numel; i++) {
		float tol = atol + 1e-5f * fabsf(expected[i]);
		ck_assert_msg(got[i] == expected[i] || fabsf(got[i] - expected[i]) <= tol || (isnan(got[i]) && isnan(expected[i])),
			      "output %d element %lld: got %.7g, expected %.7g", k, (long long)i,
			      (double)got[i], (double)expected[i]);
	}
}

void hk_assert_dims(hk *h, int k, int rank, const int64_t *dims)
{
	int i;

	ck_assert_int_eq(h->out[k].rank, rank);
	for (i = 0; i < rank; i++)
		ck_assert_msg(h->out[k].dims[i] == dims[i], "output %d dim %d: got %lld, expected %lld",
			      k, i, (long long)h->out[k].dims[i], (long long)dims[i]);
}

void hk_threads(hk *h, int threads)
{
	static onnxc_session sess[8];
	onnxc_err err = { 0 };

	ck_assert(threads >= 1 && threads <= 8);
	h->rn.threads = threads;
	h->rn.sess = NULL;
	if (threads == 1)
		return;
	if (!sess[threads - 1].pool) {
		sess[threads - 1].threads = threads;
		sess[threads - 1].pool = rt_pool_new(threads, &err);
		ck_assert_msg(sess[threads - 1].pool != NULL, "%s", err.msg);
	}
	h->rn.sess = &sess[threads - 1];
}
