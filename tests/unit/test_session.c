/*
 * test_session.c - prepare and run on hand-built graphs: folding, in-place
 * reuse, outputs never overwritten, input checks, plan cache, and no heap
 * allocation during run.
 */
#include <malloc.h>
#include <string.h>

#include "session.h"
#include "testutil.h"

/* x -> Identity -> a -> Identity -> b (output), plus a constant branch
 * c (initializer) -> Identity -> d (output). */
static onnxc_model *make_model(void)
{
	onnxc_err err = { 0 };
	ir_model *m = ir_model_new(&err);
	ir_graph *g = m->graph;
	int64_t dims[2] = { 2, 3 };
	ir_value *x = ir_graph_value(g, "x", &err), *a = ir_graph_value(g, "a", &err),
		 *b = ir_graph_value(g, "b", &err), *c = ir_graph_value(g, "c", &err),
		 *d = ir_graph_value(g, "d", &err);
	ir_tensor *ct = ir_tensor_new(IR_FLOAT, 2, dims, &err);
	ir_node *n1 = ir_node_new(g, "id1", "Identity", "", 1, 1, &err);
	ir_node *n2 = ir_node_new(g, "id2", "Identity", "", 1, 1, &err);
	ir_node *n3 = ir_node_new(g, "id3", "Identity", "", 1, 1, &err);
	int i;

	for (i = 0; i < 6; i++)
		((float *)ct->data)[i] = (float)i;
	ir_model_add_opset(m, "", 13, &err);
	x->dtype = IR_FLOAT;
	x->has_type = 1;
	ir_shape_set(&x->shape, 2, dims, &err);
	ir_shape_set_sym(&x->shape, 0, "batch", &err);
	ir_graph_add_input(g, x, &err);
	ir_graph_add_init(g, c, ct, &err);
	n1->in[0] = x;
	ir_node_set_output(n1, 0, a);
	n2->in[0] = a;
	ir_node_set_output(n2, 0, b);
	n3->in[0] = c;
	ir_node_set_output(n3, 0, d);
	ir_graph_add_output(g, b, &err);
	ir_graph_add_output(g, d, &err);
	for (i = 0; i < g->n_nodes; i++)
		ir_node_resolve(m, g->nodes[i]);
	ck_assert_int_eq(ir_graph_toposort(g, &err), 0);
	ck_assert_int_eq(err.code, 0);
	return rt_model_wrap(m, &err);
}

START_TEST(fold_and_run)
{
	onnxc_model *m = make_model();
	onnxc_session *s;
	int64_t dims[2] = { 2, 3 };
	float x[6] = { 1, 2, 3, 4, 5, 6 };
	onnxc_tensor in = { "x", IR_FLOAT, 2, dims, x, sizeof x };
	const onnxc_tensor *out;
	onnxc_plan_stats st;
	int n_out;

	ck_assert_int_eq(onnxc_model_num_inputs(m), 1);
	ck_assert_int_eq(onnxc_session_new(m, NULL, &s), 0);
	ck_assert_int_eq(onnxc_session_run(s, 1, &in, &n_out, &out), 0);
	ck_assert_int_eq(n_out, 2);
	ck_assert(!memcmp(out[0].data, x, sizeof x));
	ck_assert_int_eq(out[1].rank, 2);
	ck_assert_float_eq(((float *)out[1].data)[5], 5.0f);
	ck_assert_int_eq(onnxc_session_plan_stats(s, &st), 0);
	ck_assert_int_eq(st.n_folded, 1);   /* id3 reads only a constant */
	ck_assert_int_eq(st.n_nodes, 2);
	/* id2 aliases a in place: one 64-byte buffer for a and b */
	ck_assert_uint_eq(st.arena_bytes, 64);
	ck_assert_uint_eq(st.naive_bytes, 64);
	onnxc_session_free(s);
	onnxc_model_free(m);
}
END_TEST

START_TEST(bad_inputs_are_refused)
{
	onnxc_model *m = make_model();
	onnxc_session *s;
	int64_t d3[2] = { 2, 4 }, d1[1] = { 6 };
	float x[8] = { 0 };
	onnxc_tensor wrong_dim = { "x", IR_FLOAT, 2, d3, x, sizeof x };
	onnxc_tensor wrong_rank = { "x", IR_FLOAT, 1, d1, x, 24 };
	onnxc_tensor wrong_type = { "x", IR_INT32, 2, d3, x, sizeof x };
	onnxc_tensor wrong_name = { "nope", IR_FLOAT, 2, d3, x, sizeof x };
	const onnxc_tensor *out;
	int n_out;

	onnxc_session_new(m, NULL, &s);
	ck_assert_int_eq(onnxc_session_run(s, 1, &wrong_dim, &n_out, &out), ONNXC_EINVAL);
	ck_assert_ptr_nonnull(strstr(onnxc_session_errmsg(s), "dim 1 expected 3, given 4"));
	ck_assert_int_eq(onnxc_session_run(s, 1, &wrong_rank, &n_out, &out), ONNXC_EINVAL);
	ck_assert_ptr_nonnull(strstr(onnxc_session_errmsg(s), "rank"));
	ck_assert_int_eq(onnxc_session_run(s, 1, &wrong_type, &n_out, &out), ONNXC_EINVAL);
	ck_assert_ptr_nonnull(strstr(onnxc_session_errmsg(s), "expected float, given int32"));
	ck_assert_int_eq(onnxc_session_run(s, 1, &wrong_name, &n_out, &out), ONNXC_EINVAL);
	ck_assert_ptr_nonnull(strstr(onnxc_session_errmsg(s), "nope"));
	ck_assert_int_eq(onnxc_session_run(s, 0, NULL, &n_out, &out), ONNXC_EINVAL);
	onnxc_session_free(s);
	onnxc_model_free(m);
}
END_TEST

START_TEST(dynamic_batch_plans_are_cached)
{
	onnxc_model *m = make_model();
	onnxc_session *s;
	int64_t d1[2] = { 1, 3 }, d4[2] = { 4, 3 };
	float x[12] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };
	onnxc_tensor a = { NULL, IR_FLOAT, 2, d1, x, 12 }, b = { NULL, IR_FLOAT, 2, d4, x, 48 };
	const onnxc_tensor *out;
	int n_out;

	onnxc_session_new(m, NULL, &s);
	ck_assert_int_eq(onnxc_session_run(s, 1, &a, &n_out, &out), 0);
	ck_assert_int_eq(out[0].dims[0], 1);
	ck_assert_int_eq(onnxc_session_run(s, 1, &b, &n_out, &out), 0);
	ck_assert_int_eq(out[0].dims[0], 4);
	ck_assert_float_eq(((float *)out[0].data)[11], 12.0f);
	ck_assert_int_eq(s->n_plans, 2);
	ck_assert_int_eq(onnxc_session_run(s, 1, &a, &n_out, &out), 0);
	ck_assert_int_eq(s->n_plans, 2);
	ck_assert_int_eq(out[0].dims[0], 1);
	onnxc_session_free(s);
	onnxc_model_free(m);
}
END_TEST

START_TEST(run_does_not_allocate)
{
	onnxc_model *m = make_model();
	onnxc_session *s;
	int64_t dims[2] = { 2, 3 };
	float x[6] = { 1, 2, 3, 4, 5, 6 };
	onnxc_tensor in = { "x", IR_FLOAT, 2, dims, x, sizeof x };
	const onnxc_tensor *out;
	long before, after;
	int n_out, i, failed = 0;
#ifndef __SANITIZE_ADDRESS__
	struct mallinfo2 mi0, mi1;
#endif

	onnxc_session_new(m, NULL, &s);
	ck_assert_int_eq(onnxc_session_prepare(s, 1, &in), 0);
	before = onnxc_alloc_count();
#ifndef __SANITIZE_ADDRESS__
	mi0 = mallinfo2();
#endif
	/* no ck_assert between the two mallinfo2 calls: Check keeps a copy of
	 * the location of the last assertion (a 34-byte strdup) on the heap */
	for (i = 0; i < 100; i++)
		failed += onnxc_session_run(s, 1, &in, &n_out, &out) != 0;
	after = onnxc_alloc_count();
#ifndef __SANITIZE_ADDRESS__
	mi1 = mallinfo2();
#endif
	ck_assert_int_eq(failed, 0);
	ck_assert_int_eq(after, before);
#ifndef __SANITIZE_ADDRESS__
	ck_assert_uint_eq(mi0.uordblks, mi1.uordblks);
	ck_assert_uint_eq(mi0.hblks, mi1.hblks);
#endif
	onnxc_session_free(s);
	onnxc_model_free(m);
}
END_TEST

/* x [batch, w] -> a = Neg(x), b = Abs(x), c = Concat(a, b, x; axis 1),
 * e = Relu(b); outputs c and e.  With batch 1 the planner has Neg and Abs
 * write into c's buffer (parts at 64-byte-aligned offsets only), and Relu
 * must not then write over b in place.  With `add`, the Concat is on axis
 * 0 and the outputs are h = Add(c, a) and e = Relu(x): Add may not write
 * in place over c, which holds a, the row it broadcasts. */
static onnxc_model *make_concat_model(int64_t w, int add)
{
	onnxc_err err = { 0 };
	ir_model *m = ir_model_new(&err);
	ir_graph *g = m->graph;
	int64_t dims[2] = { 1, w };
	const char *names[5] = { "x", "a", "b", "c", "e" };
	ir_value *v[5];
	ir_node *neg = ir_node_new(g, "neg", "Neg", "", 1, 1, &err);
	ir_node *abs_ = ir_node_new(g, "abs", "Abs", "", 1, 1, &err);
	ir_node *cat = ir_node_new(g, "cat", "Concat", "", 3, 1, &err);
	ir_node *relu = ir_node_new(g, "relu", "Relu", "", 1, 1, &err);
	ir_attr *axis;
	int i;

	for (i = 0; i < 5; i++)
		v[i] = ir_graph_value(g, names[i], &err);
	ir_model_add_opset(m, "", 13, &err);
	v[0]->dtype = IR_FLOAT;
	v[0]->has_type = 1;
	ir_shape_set(&v[0]->shape, 2, dims, &err);
	ir_shape_set_sym(&v[0]->shape, 0, "batch", &err);
	ir_graph_add_input(g, v[0], &err);
	neg->in[0] = v[0];
	ir_node_set_output(neg, 0, v[1]);
	abs_->in[0] = v[0];
	ir_node_set_output(abs_, 0, v[2]);
	cat->in[0] = v[1];
	cat->in[1] = v[2];
	cat->in[2] = v[0];
	ir_node_set_output(cat, 0, v[3]);
	axis = ir_node_add_attr(cat, "axis", IR_ATTR_INT, &err);
	ck_assert_ptr_nonnull(axis);
	axis->i = add ? 0 : 1;
	relu->in[0] = v[add ? 0 : 2];    /* with add, b dies at the Concat */
	ir_node_set_output(relu, 0, v[4]);
	if (add) {
		ir_node *sum = ir_node_new(g, "add", "Add", "", 2, 1, &err);
		ir_value *h = ir_graph_value(g, "h", &err);
		sum->in[0] = v[3];
		sum->in[1] = v[1];
		ir_node_set_output(sum, 0, h);
		ir_graph_add_output(g, h, &err);
	} else {
		ir_graph_add_output(g, v[3], &err);
	}
	ir_graph_add_output(g, v[4], &err);
	for (i = 0; i < g->n_nodes; i++)
		ir_node_resolve(m, g->nodes[i]);
	ck_assert_int_eq(ir_graph_toposort(g, &err), 0);
	ck_assert_int_eq(err.code, 0);
	return rt_model_wrap(m, &err);
}

/* concat_case: run the model of width w on `batch` rows of -3, -2, ...;
 * check c and e against plain loops; *placed gets a bit per part (a: 1,
 * b: 2) that lies in c's bytes. */
static void concat_case(int64_t w, int64_t batch, int *placed)
{
	onnxc_model *m = make_concat_model(w, 0);
	onnxc_session *s;
	int64_t dims[2] = { batch, w };
	float x[2 * 32];
	onnxc_tensor in = { "x", IR_FLOAT, 2, dims, x, (size_t)(batch * w) * sizeof(float) };
	const onnxc_tensor *out;
	const rt_plan *p;
	const float *c, *e;
	int n_out, i, j, k;

	ck_assert(batch * w <= 64);
	for (i = 0; i < batch * w; i++)
		x[i] = (float)(i - 3);
	ck_assert_int_eq(onnxc_session_new(m, NULL, &s), 0);
	ck_assert_int_eq(onnxc_session_run(s, 1, &in, &n_out, &out), 0);
	ck_assert_int_eq(n_out, 2);
	ck_assert_int_eq(out[0].dims[1], 3 * w);
	c = out[0].data;
	e = out[1].data;
	for (i = 0; i < batch; i++)
		for (j = 0; j < w; j++) {
			const float xv = x[i * w + j];
			ck_assert_float_eq(c[i * 3 * w + j], -xv);
			ck_assert_float_eq(c[i * 3 * w + w + j], xv < 0 ? -xv : xv);
			ck_assert_float_eq(c[i * 3 * w + 2 * w + j], xv);
			ck_assert_float_eq(e[i * w + j], xv < 0 ? -xv : xv);
		}
	p = s->plans[0];
	*placed = 0;
	for (k = 0; k < 2; k++) {
		const char *d = p->tensors[ir_graph_find_local((ir_graph *)p->g, k ? "b" : "a")->id].data;
		if (d >= (const char *)c && d < (const char *)c + out[0].nbytes)
			*placed |= 1 << k;
	}
	onnxc_session_free(s);
	onnxc_model_free(m);
}

START_TEST(concat_parts_written_in_place)
{
	int placed;

	concat_case(16, 1, &placed);    /* b at byte 64: both parts in c */
	ck_assert_int_eq(placed, 3);
	concat_case(3, 1, &placed);     /* b at byte 12: copied */
	ck_assert_int_eq(placed, 1);
	concat_case(16, 2, &placed);    /* two rows: each part is two blocks */
	ck_assert_int_eq(placed, 0);
}
END_TEST

START_TEST(concat_block_not_overwritten_in_place)
{
	onnxc_model *m = make_concat_model(16, 1);
	onnxc_session *s;
	int64_t dims[2] = { 1, 16 };
	float x[16];
	onnxc_tensor in = { "x", IR_FLOAT, 2, dims, x, sizeof x };
	const onnxc_tensor *out;
	const float *h, *e;
	int n_out, j;

	for (j = 0; j < 16; j++)
		x[j] = (float)(j - 5);
	ck_assert_int_eq(onnxc_session_new(m, NULL, &s), 0);
	ck_assert_int_eq(onnxc_session_run(s, 1, &in, &n_out, &out), 0);
	ck_assert_int_eq(n_out, 2);
	ck_assert_int_eq(out[0].dims[0], 3);
	h = out[0].data;    /* rows -x, |x|, x, each plus -x */
	e = out[1].data;
	for (j = 0; j < 16; j++) {
		ck_assert_float_eq(h[j], -2 * x[j]);
		ck_assert_float_eq(h[16 + j], (x[j] < 0 ? -x[j] : x[j]) - x[j]);
		ck_assert_float_eq(h[32 + j], 0.0f);
		ck_assert_float_eq(e[j], x[j] > 0 ? x[j] : 0.0f);
	}
	onnxc_session_free(s);
	onnxc_model_free(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("session");
	TCase *tc = tcase_create("session");

	tcase_add_test(tc, fold_and_run);
	tcase_add_test(tc, bad_inputs_are_refused);
	tcase_add_test(tc, dynamic_batch_plans_are_cached);
	tcase_add_test(tc, run_does_not_allocate);
	tcase_add_test(tc, concat_parts_written_in_place);
	tcase_add_test(tc, concat_block_not_overwritten_in_place);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
