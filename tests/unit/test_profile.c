/*
 * test_profile.c - onnxc_session_flops on a hand-built graph with Conv,
 * ConvTranspose, MatMul and Gemm (counts checked by hand, at two batch
 * sizes), and the per-node profile: counts, reset, no allocation while
 * profiled runs go on, off again.
 */
#include <string.h>

#include "session.h"
#include "testutil.h"

/* add_init: initializer `name` of dims, filled with small values. */
static ir_value *add_init(ir_graph *g, const char *name, int rank, const int64_t *dims,
			  onnxc_err *err)
{
	ir_value *v = ir_graph_value(g, name, err);
	ir_tensor *t = ir_tensor_new(IR_FLOAT, rank, dims, err);
	int64_t i;

	for (i = 0; i < t->numel; i++)
		((float *)t->data)[i] = (float)(i % 7) * 0.125f - 0.375f;
	ir_graph_add_init(g, v, t, err);
	return v;
}

/* add_node: node `name` of `op` reading in[0..n_in), writing value `out`. */
static ir_node *add_node(ir_model *m, const char *name, const char *op, int n_in,
			 ir_value **in, ir_value *out, onnxc_err *err)
{
	ir_node *n = ir_node_new(m->graph, name, op, "", n_in, 1, err);
	int k;

	for (k = 0; k < n_in; k++)
		n->in[k] = in[k];
	ir_node_set_output(n, 0, out);
	return n;
}

static void add_ints(ir_node *n, const char *name, int count, const int64_t *v, onnxc_err *err)
{
	ir_attr *a = ir_node_add_attr(n, name, IR_ATTR_INTS, err);

	a->ints = onnxc_malloc((size_t)count * sizeof *a->ints);
	memcpy(a->ints, v, (size_t)count * sizeof *a->ints);
	a->n = count;
}

/* x[N,3,8,8] -> Conv(W 4x3x3x3, pads 1) -> c[N,4,8,8] -> Relu -> r
 *   -> ConvTranspose(W 4x2x2x2, strides 2) -> t[N,2,16,16]
 *   -> MatMul(B 16x5) -> mm[N,2,16,5] -> Flatten -> f[N,160]
 *   -> Gemm(B 160x7) -> y[N,7]
 * multiply-adds per sample: Conv 4*8*8 * 3*3*3 = 6912, ConvTranspose
 * 4*8*8 * 2*2*2 = 2048, MatMul 2*16*5 * 16 = 2560, Gemm 7 * 160 = 1120:
 * 12640. */
#define MACS_PER_SAMPLE 12640

static onnxc_model *make_model(void)
{
	onnxc_err err = { 0 };
	ir_model *m = ir_model_new(&err);
	ir_graph *g = m->graph;
	int64_t xd[4] = { 1, 3, 8, 8 }, w1[4] = { 4, 3, 3, 3 }, w2[4] = { 4, 2, 2, 2 };
	int64_t bd[2] = { 16, 5 }, gd[2] = { 160, 7 };
	int64_t pads[4] = { 1, 1, 1, 1 }, strides[2] = { 2, 2 };
	ir_value *x = ir_graph_value(g, "x", &err), *c = ir_graph_value(g, "c", &err),
		 *r = ir_graph_value(g, "r", &err), *t = ir_graph_value(g, "t", &err),
		 *mm = ir_graph_value(g, "mm", &err), *f = ir_graph_value(g, "f", &err),
		 *y = ir_graph_value(g, "y", &err);
	ir_value *W1 = add_init(g, "W1", 4, w1, &err), *W2 = add_init(g, "W2", 4, w2, &err),
		 *B = add_init(g, "B", 2, bd, &err), *G = add_init(g, "G", 2, gd, &err);
	ir_node *n;
	int i;

	ir_model_add_opset(m, "", 13, &err);
	x->dtype = IR_FLOAT;
	x->has_type = 1;
	ir_shape_set(&x->shape, 4, xd, &err);
	ir_shape_set_sym(&x->shape, 0, "N", &err);
	ir_graph_add_input(g, x, &err);
	n = add_node(m, "conv", "Conv", 2, (ir_value *[]){ x, W1 }, c, &err);
	add_ints(n, "pads", 4, pads, &err);
	add_node(m, "relu", "Relu", 1, (ir_value *[]){ c }, r, &err);
	n = add_node(m, "up", "ConvTranspose", 2, (ir_value *[]){ r, W2 }, t, &err);
	add_ints(n, "strides", 2, strides, &err);
	add_node(m, "mm", "MatMul", 2, (ir_value *[]){ t, B }, mm, &err);
	add_node(m, "flat", "Flatten", 1, (ir_value *[]){ mm }, f, &err);
	add_node(m, "fc", "Gemm", 2, (ir_value *[]){ f, G }, y, &err);
	ir_graph_add_output(g, y, &err);
	for (i = 0; i < g->n_nodes; i++)
		ir_node_resolve(m, g->nodes[i]);
	ck_assert_int_eq(ir_graph_toposort(g, &err), 0);
	ck_assert_int_eq(ir_graph_index(g, &err), 0);
	ck_assert_int_eq(err.code, 0);
	return rt_model_wrap(m, &err);
}

START_TEST(flops_of_conv_convtranspose_matmul_gemm)
{
	onnxc_model *m = make_model();
	onnxc_session *s;
	int64_t d1[4] = { 1, 3, 8, 8 }, d2[4] = { 2, 3, 8, 8 };
	onnxc_tensor in1 = { "x", IR_FLOAT, 4, d1, NULL, 0 }, in2 = { "x", IR_FLOAT, 4, d2, NULL, 0 };
	uint64_t flops = 1;

	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(onnxc_session_new(m, NULL, &s), 0);
	ck_assert_int_eq(onnxc_session_flops(s, &flops), ONNXC_EINVAL);   /* no plan yet */
	ck_assert_uint_eq(flops, 0);
	ck_assert_int_eq(onnxc_session_prepare(s, 1, &in1), 0);
	ck_assert_int_eq(onnxc_session_flops(s, &flops), 0);
	ck_assert_uint_eq(flops, 2 * MACS_PER_SAMPLE);
	ck_assert_int_eq(onnxc_session_prepare(s, 1, &in2), 0);
	ck_assert_int_eq(onnxc_session_flops(s, &flops), 0);
	ck_assert_uint_eq(flops, 2 * 2 * MACS_PER_SAMPLE);
	onnxc_session_free(s);
	onnxc_model_free(m);
}
END_TEST

/* find: the profile entry of node `name`. */
static const onnxc_profile_entry *find(const onnxc_profile_entry *e, int n, const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(e[i].node, name))
			return &e[i];
	return NULL;
}

START_TEST(profile_counts_every_node)
{
	onnxc_model *m = make_model();
	onnxc_session *s;
	int64_t dims[4] = { 1, 3, 8, 8 };
	float x[192] = { 0 };
	onnxc_tensor in = { "x", IR_FLOAT, 4, dims, x, sizeof x };
	const onnxc_profile_entry *e, *conv;
	const onnxc_tensor *out;
	long before;
	int n, n_out, i;

	ck_assert_int_eq(onnxc_session_new(m, NULL, &s), 0);
	ck_assert_int_eq(onnxc_session_profile(s, &e, &n), ONNXC_EINVAL);   /* off */
	ck_assert_int_eq(onnxc_session_set_profile(s, 1), 0);
	ck_assert_int_eq(onnxc_session_prepare(s, 1, &in), 0);
	before = onnxc_alloc_count();
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(onnxc_session_run(s, 1, &in, &n_out, &out), 0);
	ck_assert_int_eq(onnxc_alloc_count(), before);
	ck_assert_int_eq(onnxc_session_profile(s, &e, &n), 0);
	ck_assert_int_eq(n, 6);
	for (i = 0; i < n; i++)
		ck_assert_uint_eq(e[i].calls, 3);
	conv = find(e, n, "conv");
	ck_assert_ptr_nonnull(conv);
	ck_assert_str_eq(conv->op_type, "Conv");
	ck_assert_uint_eq(conv->flops, 2 * 6912);
	ck_assert_uint_eq(find(e, n, "fc")->flops, 2 * 1120);
	ck_assert_uint_eq(find(e, n, "relu")->flops, 0);
	/* switching it on again zeroes the counters */
	ck_assert_int_eq(onnxc_session_set_profile(s, 1), 0);
	ck_assert_int_eq(onnxc_session_profile(s, &e, &n), 0);
	ck_assert_uint_eq(find(e, n, "conv")->calls, 0);
	ck_assert_uint_eq(find(e, n, "conv")->ns, 0);
	ck_assert_int_eq(onnxc_session_run(s, 1, &in, &n_out, &out), 0);
	ck_assert_uint_eq(find(e, n, "conv")->calls, 1);
	/* off: freed, runs untimed */
	ck_assert_int_eq(onnxc_session_set_profile(s, 0), 0);
	ck_assert_int_eq(onnxc_session_profile(s, &e, &n), ONNXC_EINVAL);
	ck_assert_int_eq(onnxc_session_run(s, 1, &in, &n_out, &out), 0);
	onnxc_session_free(s);
	onnxc_model_free(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("profile");
	TCase *tc = tcase_create("profile");

	tcase_add_test(tc, flops_of_conv_convtranspose_matmul_gemm);
	tcase_add_test(tc, profile_counts_every_node);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
