/*
 * test_session_str.c - strings and sequences through a session: string
 * graph inputs bound by value (the plan keeps its own copy, plans cached
 * per string values), string initializers, sequences folded inside the
 * graph, sequence graph outputs and string inputs of other ops refused.
 */
#include <string.h>

#include "session.h"
#include "testutil.h"

static ir_value *typed(ir_graph *g, const char *name, int dtype, int rank, const int64_t *dims,
		       onnxc_err *err)
{
	ir_value *v = ir_graph_value(g, name, err);

	v->dtype = dtype;
	v->has_type = 1;
	ir_shape_set(&v->shape, rank, dims, err);
	return v;
}

/* x: string[2] -> StringNormalizer(UPPER, stopwords ["b"]) -> y
 * w: string initializer ["1.5", "-2"] -> Cast(float) -> z
 * z -> SequenceConstruct -> s -> SequenceAt(pos -1) -> u */
static onnxc_model *make_model(void)
{
	onnxc_err err = { 0 };
	ir_model *m = ir_model_new(&err);
	ir_graph *g = m->graph;
	int64_t d2 = 2;
	ir_value *x = typed(g, "x", IR_STRING, 1, &d2, &err), *y = ir_graph_value(g, "y", &err);
	ir_value *w = ir_graph_value(g, "w", &err), *z = ir_graph_value(g, "z", &err);
	ir_value *sq = ir_graph_value(g, "s", &err), *pos = ir_graph_value(g, "pos", &err);
	ir_value *u = ir_graph_value(g, "u", &err);
	ir_tensor *wt = ir_tensor_new(IR_STRING, 1, &d2, &err);
	ir_tensor *pt = ir_tensor_new(IR_INT64, 0, NULL, &err);
	ir_node *sn = ir_node_new(g, "sn", "StringNormalizer", "", 1, 1, &err);
	ir_node *cast = ir_node_new(g, "cast", "Cast", "", 1, 1, &err);
	ir_node *con = ir_node_new(g, "con", "SequenceConstruct", "", 1, 1, &err);
	ir_node *at = ir_node_new(g, "at", "SequenceAt", "", 2, 1, &err);
	ir_attr *a;
	int i;

	ir_model_add_opset(m, "", 13, &err);
	((char **)wt->data)[0] = onnxc_strdup("1.5");
	((char **)wt->data)[1] = onnxc_strdup("-2");
	wt->str_lens[0] = 3;
	wt->str_lens[1] = 2;
	*(int64_t *)pt->data = -1;
	ir_graph_add_input(g, x, &err);
	ir_graph_add_init(g, w, wt, &err);
	ir_graph_add_init(g, pos, pt, &err);
	a = ir_node_add_attr(sn, "case_change_action", IR_ATTR_STRING, &err);
	a->s = onnxc_strdup("UPPER");
	a->slen = 5;
	a = ir_node_add_attr(sn, "stopwords", IR_ATTR_STRINGS, &err);
	a->n = 1;
	a->strings = onnxc_calloc(1, sizeof *a->strings);
	a->string_lens = onnxc_calloc(1, sizeof *a->string_lens);
	a->strings[0] = onnxc_strdup("b");
	a->string_lens[0] = 1;
	ir_node_add_attr(cast, "to", IR_ATTR_INT, &err)->i = IR_FLOAT;
	sn->in[0] = x;
	ir_node_set_output(sn, 0, y);
	cast->in[0] = w;
	ir_node_set_output(cast, 0, z);
	con->in[0] = z;
	ir_node_set_output(con, 0, sq);
	at->in[0] = sq;
	at->in[1] = pos;
	ir_node_set_output(at, 0, u);
	ir_graph_add_output(g, y, &err);
	ir_graph_add_output(g, u, &err);
	for (i = 0; i < g->n_nodes; i++)
		ir_node_resolve(m, g->nodes[i]);
	ck_assert_int_eq(ir_graph_toposort(g, &err), 0);
	ck_assert_int_eq(err.code, 0);
	return rt_model_wrap(m, &err);
}

START_TEST(strings_bind_by_value)
{
	onnxc_model *m = make_model();
	onnxc_session *s;
	int64_t d2 = 2;
	char a[2] = "a", b[2] = "b";
	char *x[2] = { a, b };
	const char *x2[2] = { "c", "d" };
	onnxc_tensor in = { "x", IR_STRING, 1, &d2, x, sizeof x };
	const onnxc_tensor *out;
	onnxc_plan_stats st;
	int n_out;

	ck_assert_int_eq(onnxc_session_new(m, NULL, &s), 0);
	ck_assert_int_eq(onnxc_session_run(s, 1, &in, &n_out, &out), 0);
	ck_assert_int_eq(n_out, 2);
	/* "b" is a stopword */
	ck_assert_int_eq(out[0].dtype, IR_STRING);
	ck_assert_int_eq(out[0].rank, 1);
	ck_assert_int_eq(out[0].dims[0], 1);
	ck_assert_str_eq(((char **)out[0].data)[0], "A");
	ck_assert_int_eq(out[1].dtype, IR_FLOAT);
	ck_assert_float_eq(((float *)out[1].data)[0], 1.5f);
	ck_assert_float_eq(((float *)out[1].data)[1], -2.0f);
	ck_assert_int_eq(onnxc_session_plan_stats(s, &st), 0);
	ck_assert_int_eq(st.n_nodes, 0);     /* everything folded */
	ck_assert_int_eq(st.n_folded, 4);

	/* other values: another plan; the first kept its own copy */
	in.data = (void *)x2;
	ck_assert_int_eq(onnxc_session_run(s, 1, &in, &n_out, &out), 0);
	ck_assert_int_eq(out[0].dims[0], 2);
	ck_assert_str_eq(((char **)out[0].data)[0], "C");
	ck_assert_str_eq(((char **)out[0].data)[1], "D");
	ck_assert_int_eq(s->n_plans, 2);
	/* equal strings at other addresses: the cached plan */
	a[0] = 'z';
	in.data = (void *)(const char *[]){ "z", "b" };
	ck_assert_int_eq(onnxc_session_run(s, 1, &in, &n_out, &out), 0);
	ck_assert_int_eq(s->n_plans, 3);
	ck_assert_str_eq(((char **)out[0].data)[0], "Z");
	in.data = x;
	ck_assert_int_eq(onnxc_session_run(s, 1, &in, &n_out, &out), 0);
	ck_assert_int_eq(s->n_plans, 3);
	ck_assert_str_eq(((char **)out[0].data)[0], "Z");

	/* no values given for an input needed at prepare */
	onnxc_session_free(s);
	ck_assert_int_eq(onnxc_session_new(m, NULL, &s), 0);
	in.data = NULL;
	ck_assert_int_eq(onnxc_session_run(s, 1, &in, &n_out, &out), ONNXC_EINVAL);
	ck_assert_ptr_nonnull(strstr(onnxc_session_errmsg(s), "values are needed"));
	onnxc_session_free(s);
	onnxc_model_free(m);
}
END_TEST

/* x: float[2] -> SequenceConstruct -> s (a graph output); then x typed as
 * a sequence */
START_TEST(sequence_outputs_are_refused)
{
	onnxc_err err = { 0 };
	ir_model *im = ir_model_new(&err);
	ir_graph *g = im->graph;
	int64_t d2 = 2;
	float xv[2] = { 1, 2 };
	ir_value *x = typed(g, "x", IR_FLOAT, 1, &d2, &err), *sq = ir_graph_value(g, "s", &err);
	ir_node *con = ir_node_new(g, "con", "SequenceConstruct", "", 1, 1, &err);
	onnxc_tensor in = { "x", IR_FLOAT, 1, &d2, xv, sizeof xv };
	const onnxc_tensor *out;
	onnxc_model *m;
	onnxc_session *s;
	int n_out;

	ir_model_add_opset(im, "", 13, &err);
	ir_graph_add_input(g, x, &err);
	con->in[0] = x;
	ir_node_set_output(con, 0, sq);
	ir_graph_add_output(g, sq, &err);
	ir_node_resolve(im, con);
	ck_assert_int_eq(ir_graph_toposort(g, &err), 0);
	ck_assert_int_eq(err.code, 0);
	m = rt_model_wrap(im, &err);
	ck_assert_int_eq(onnxc_session_new(m, NULL, &s), 0);
	ck_assert_int_eq(onnxc_session_run(s, 1, &in, &n_out, &out), ONNXC_EUNSUPPORTED);
	ck_assert_ptr_nonnull(strstr(onnxc_session_errmsg(s), "sequence outputs are not supported"));
	onnxc_session_free(s);
	/* a graph input that is not a tensor (its TypeProto kept) */
	x->type_proto = onnxc_strdup("seq");
	x->type_proto_len = 3;
	ck_assert_int_eq(onnxc_session_new(m, NULL, &s), 0);
	ck_assert_int_eq(onnxc_session_run(s, 1, &in, &n_out, &out), ONNXC_EUNSUPPORTED);
	ck_assert_ptr_nonnull(strstr(onnxc_session_errmsg(s), "input 'x': only tensor inputs"));
	onnxc_session_free(s);
	onnxc_model_free(m);
}
END_TEST

/* x: string[2] -> Identity -> y: ops without string support refuse */
START_TEST(other_ops_refuse_strings)
{
	onnxc_err err = { 0 };
	ir_model *im = ir_model_new(&err);
	ir_graph *g = im->graph;
	int64_t d2 = 2;
	const char *xv[2] = { "a", "b" };
	ir_value *x = typed(g, "x", IR_STRING, 1, &d2, &err), *y = ir_graph_value(g, "y", &err);
	ir_node *id = ir_node_new(g, "id", "Identity", "", 1, 1, &err);
	onnxc_tensor in = { "x", IR_STRING, 1, &d2, xv, sizeof xv };
	const onnxc_tensor *out;
	onnxc_model *m;
	onnxc_session *s;
	int n_out;

	ir_model_add_opset(im, "", 13, &err);
	ir_graph_add_input(g, x, &err);
	id->in[0] = x;
	ir_node_set_output(id, 0, y);
	ir_graph_add_output(g, y, &err);
	ir_node_resolve(im, id);
	ck_assert_int_eq(ir_graph_toposort(g, &err), 0);
	ck_assert_int_eq(err.code, 0);
	m = rt_model_wrap(im, &err);
	ck_assert_int_eq(onnxc_session_new(m, NULL, &s), 0);
	ck_assert_int_eq(onnxc_session_run(s, 1, &in, &n_out, &out), ONNXC_EUNSUPPORTED);
	ck_assert_ptr_nonnull(strstr(onnxc_session_errmsg(s), "node 'id'"));
	ck_assert_ptr_nonnull(strstr(onnxc_session_errmsg(s), "string or sequence inputs are not "
							     "supported by this op"));
	onnxc_session_free(s);
	onnxc_model_free(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("session_str");
	TCase *tc = tcase_create("session_str");

	tcase_add_test(tc, strings_bind_by_value);
	tcase_add_test(tc, sequence_outputs_are_refused);
	tcase_add_test(tc, other_ops_refuse_strings);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
