/*
 * test_fe_load.c - the ONNX loader on well-formed models: every element type
 * from typed fields and raw_data, external data (and the paths it refuses),
 * local functions inlined, opset resolution, subgraphs reading outer values,
 * metadata and value types.  Fixtures come from tests/data/fe/make_fixtures.py
 * (ctest fixture fe.fixtures) in <build>/tests/fe.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fe.h"
#include "testutil.h"

static char path_buf[4096];

static const char *fx(const char *rel)
{
	snprintf(path_buf, sizeof path_buf, "%s/tests/fe/%s", ONNXC_BINARY_DIR, rel);
	return path_buf;
}

static ir_model *load_ok(const char *rel)
{
	onnxc_err err = { 0 };
	ir_model *m = NULL;

	if (fe_load_file(fx(rel), NULL, &m, &err))
		ck_abort_msg("%s: %s", rel, err.msg);
	ck_assert_ptr_nonnull(m);
	return m;
}

/* load_fail: loading must fail with `code` and a message that starts with
 * the path and contains `part`. */
static void load_fail(const char *rel, int code, const char *part)
{
	onnxc_err err = { 0 };
	ir_model *m = (ir_model *)1;
	const char *p = fx(rel);

	ck_assert_int_eq(fe_load_file(p, NULL, &m, &err), -1);
	ck_assert_ptr_null(m);
	ck_assert_msg(err.code == code, "%s: code %d, want %d (%s)", rel, err.code, code, err.msg);
	ck_assert_msg(!strncmp(err.msg, p, strlen(p)) && err.msg[strlen(p)] == ':',
		      "%s: message lacks the file prefix: %s", rel, err.msg);
	ck_assert_msg(strstr(err.msg, part), "%s: '%s' not in: %s", rel, part, err.msg);
	ck_assert_ptr_null(strchr(err.msg, '\n'));
}

static const ir_tensor *init_of(ir_model *m, const char *name)
{
	ir_value *v = ir_graph_find_local(m->graph, name);

	ck_assert_msg(v && v->init, "no initializer %s", name);
	ck_assert(v->is_initializer);
	ck_assert_int_eq(v->dtype, v->init->dtype);
	return v->init;
}

/* check_pair: <tag>_raw and <tag>_typed both hold `bytes`. */
static void check_pair(ir_model *m, const char *tag, int dtype, int64_t numel,
		       const void *bytes, size_t nbytes)
{
	char a[64], b[64];
	const ir_tensor *r, *t;

	snprintf(a, sizeof a, "%s_raw", tag);
	snprintf(b, sizeof b, "%s_typed", tag);
	r = init_of(m, a);
	t = init_of(m, b);
	ck_assert_int_eq(r->dtype, dtype);
	ck_assert_int_eq(r->numel, numel);
	ck_assert_uint_eq(r->nbytes, nbytes);
	ck_assert_msg(!memcmp(r->data, bytes, nbytes), "%s: raw bytes differ", tag);
	ck_assert_msg(ir_tensor_equal(r, t), "%s: typed differs from raw", tag);
	ck_assert_str_eq(r->name, a);
}

START_TEST(every_element_type)
{
	ir_model *m = load_ok("dtypes.onnx");
	const float f32[] = { 1.5f, -2.0f, 3.25f }, c64[] = { 1, 2, -3, -4 };
	const double f64[] = { 1.5, -2.25 }, c128[] = { 1.5, -2.5 };
	const uint16_t f16[] = { 0x3C00, 0xC000 }, bf16[] = { 0x3F80, 0xC000 };
	const int8_t i8[] = { -128, 127, -1 };
	const int16_t i16[] = { -32768, 32767 };
	const int32_t i32[] = { INT32_MIN, INT32_MAX };
	const int64_t i64[] = { INT64_MIN, INT64_MAX };
	const uint8_t u8[] = { 0, 255 }, b8[] = { 1, 0, 1 };
	const uint16_t u16[] = { 65535, 1 };
	const uint32_t u32[] = { 4294967295u, 1 };
	const uint64_t u64[] = { UINT64_MAX };
	const ir_tensor *t;

	check_pair(m, "float", IR_FLOAT, 3, f32, sizeof f32);
	check_pair(m, "double", IR_DOUBLE, 2, f64, sizeof f64);
	check_pair(m, "float16", IR_FLOAT16, 2, f16, sizeof f16);
	check_pair(m, "bfloat16", IR_BFLOAT16, 2, bf16, sizeof bf16);
	check_pair(m, "int8", IR_INT8, 3, i8, sizeof i8);
	check_pair(m, "int16", IR_INT16, 2, i16, sizeof i16);
	check_pair(m, "int32", IR_INT32, 2, i32, sizeof i32);
	check_pair(m, "int64", IR_INT64, 2, i64, sizeof i64);
	check_pair(m, "uint8", IR_UINT8, 2, u8, sizeof u8);
	check_pair(m, "uint16", IR_UINT16, 2, u16, sizeof u16);
	check_pair(m, "uint32", IR_UINT32, 2, u32, sizeof u32);
	check_pair(m, "uint64", IR_UINT64, 1, u64, sizeof u64);
	check_pair(m, "bool", IR_BOOL, 3, b8, sizeof b8);
	check_pair(m, "complex64", IR_COMPLEX64, 2, c64, sizeof c64);
	check_pair(m, "complex128", IR_COMPLEX128, 1, c128, sizeof c128);

	t = init_of(m, "string_typed");
	ck_assert_int_eq(t->dtype, IR_STRING);
	ck_assert_int_eq(t->numel, 3);
	ck_assert_uint_eq(t->str_lens[0], 1);
	ck_assert_uint_eq(t->str_lens[1], 0);
	ck_assert_uint_eq(t->str_lens[2], 6);
	ck_assert_str_eq(((char **)t->data)[0], "a");
	ck_assert_str_eq(((char **)t->data)[1], "");
	ck_assert_str_eq(((char **)t->data)[2], "h\xc3\xa9llo");

	t = init_of(m, "scalar_typed");
	ck_assert_int_eq(t->rank, 0);
	ck_assert_int_eq(t->numel, 1);
	ck_assert_int_eq(((int64_t *)t->data)[0], 42);

	t = init_of(m, "empty_raw");
	ck_assert_int_eq(t->rank, 2);
	ck_assert_int_eq(t->dims[0], 0);
	ck_assert_int_eq(t->dims[1], 3);
	ck_assert_int_eq(t->numel, 0);
	ck_assert_uint_eq(t->nbytes, 0);
	ir_model_free(m);
}
END_TEST

START_TEST(metadata_and_types)
{
	ir_model *m = load_ok("kitchen.onnx");
	ir_graph *g = m->graph;
	ir_value *x, *out, *z, *w;

	ck_assert_int_eq(m->ir_version, 8);
	ck_assert_str_eq(m->producer_name, "make_fixtures");
	ck_assert_str_eq(m->producer_version, "1.0");
	ck_assert_str_eq(m->domain, "org.test");
	ck_assert_int_eq(m->model_version, 5);
	ck_assert_str_eq(m->doc, "model doc");
	ck_assert_int_eq(m->n_meta, 2);
	ck_assert_str_eq(m->meta[0].key, "author");
	ck_assert_str_eq(m->meta[0].value, "fe");
	ck_assert_str_eq(m->meta[1].key, "license");
	ck_assert_int_eq(ir_model_opset(m, ""), 13);
	ck_assert_int_eq(ir_model_opset(m, "custom"), 1);
	ck_assert_str_eq(g->name, "kitchen");
	ck_assert_str_eq(g->doc, "graph doc");
	ck_assert_str_eq(m->path, fx("kitchen.onnx"));
	ck_assert_int_eq(g->n_inputs, 2);
	x = g->inputs[1];
	ck_assert_str_eq(x->name, "x");
	ck_assert(x->is_input && x->has_type);
	ck_assert_int_eq(x->dtype, IR_FLOAT);
	ck_assert_int_eq(x->shape.rank, 2);
	ck_assert_int_eq(x->shape.dims[0], IR_DIM_UNKNOWN);
	ck_assert_str_eq(x->shape.syms[0], "batch");
	ck_assert_int_eq(x->shape.dims[1], 2);
	ck_assert_ptr_null(x->shape.syms[1]);
	ck_assert_int_eq(g->inputs[0]->shape.rank, 0);
	out = g->outputs[0];
	ck_assert_str_eq(out->name, "out");
	ck_assert(out->is_output);
	ck_assert_int_eq(out->shape.rank, 2);
	ck_assert_int_eq(out->shape.dims[0], IR_DIM_UNKNOWN);   /* neither value nor param */
	ck_assert(!out->shape.syms || !out->shape.syms[0]);
	z = ir_graph_find_local(g, "z");                        /* from value_info */
	ck_assert(z && z->has_type && !z->is_input && !z->is_output);
	ck_assert_str_eq(z->shape.syms[0], "batch");
	w = ir_graph_find_local(g, "w");
	ck_assert(w->is_initializer && !w->is_input);
	ck_assert_int_eq(g->n_inits, 2);
	ck_assert_ptr_eq(g->inits[0], w);
	ck_assert_float_eq(((float *)w->init->data)[1], -1.0f);
	ir_model_free(m);
}
END_TEST

START_TEST(all_attribute_kinds)
{
	ir_model *m = load_ok("kitchen.onnx");
	ir_node *k = NULL;
	const ir_attr *a;
	int i, n;

	for (i = 0; i < m->graph->n_nodes; i++)
		if (!strcmp(m->graph->nodes[i]->op_type, "Kitchen"))
			k = m->graph->nodes[i];
	ck_assert_ptr_nonnull(k);
	ck_assert_str_eq(k->domain, "custom");
	ck_assert_int_eq(k->op, IR_OP_UNKNOWN);       /* unknown op: not a load error */
	ck_assert_float_eq(ir_attr_float(k, "f", 0), 1.25f);
	ck_assert_int_eq(ir_attr_int(k, "i", 0), -7);
	ck_assert_str_eq(ir_attr_string(k, "s", ""), "text");
	a = ir_attr_get(k, "t");
	ck_assert(a && a->kind == IR_ATTR_TENSOR && a->t->dtype == IR_INT32);
	ck_assert_int_eq(((int32_t *)a->t->data)[1], 2);
	ck_assert_str_eq(a->t->name, "tt");
	a = ir_attr_get(k, "g");
	ck_assert(a && a->kind == IR_ATTR_GRAPH);
	ck_assert_ptr_eq(a->g->parent, m->graph);
	ck_assert_int_eq(a->g->n_nodes, 1);
	ck_assert_str_eq(a->g->inputs[0]->name, "bi");
	ck_assert_float_eq(ir_attr_floats(k, "fs", &n)[1], 1.5f);
	ck_assert_int_eq(n, 2);
	ck_assert_int_eq(ir_attr_ints(k, "iz", &n)[2], 3);
	ck_assert_int_eq(n, 3);
	a = ir_attr_get(k, "ss");
	ck_assert(a && a->kind == IR_ATTR_STRINGS && a->n == 2);
	ck_assert_str_eq(a->strings[1], "bc");
	ck_assert_uint_eq(a->string_lens[1], 2);
	a = ir_attr_get(k, "ts");
	ck_assert(a && a->kind == IR_ATTR_TENSORS && a->n == 2);
	ck_assert_int_eq(a->tensors[1]->dtype, IR_STRING);
	ck_assert_str_eq(((char **)a->tensors[1]->data)[0], "z");
	a = ir_attr_get(k, "gs");
	ck_assert(a && a->kind == IR_ATTR_GRAPHS && a->n == 2);
	ck_assert_ptr_eq(a->graphs[1]->parent, m->graph);
	/* TYPE_PROTO(S): kept as the serialised TypeProto bytes */
	a = ir_attr_get(k, "tp");
	ck_assert(a && a->kind == IR_ATTR_TYPE_PROTO && a->s && a->slen > 4);
	a = ir_attr_get(k, "tps");
	ck_assert(a && a->kind == IR_ATTR_TYPE_PROTOS && a->n == 2 && a->string_lens[1] > 2);
	ir_model_free(m);
}
END_TEST

START_TEST(external_data)
{
	ir_model *m = load_ok("ext/model.onnx");
	const ir_tensor *w = init_of(m, "w"), *k = init_of(m, "k");

	ck_assert_int_eq(w->numel, 4);
	ck_assert_float_eq(((float *)w->data)[0], 1.0f);
	ck_assert_float_eq(((float *)w->data)[3], 4.0f);
	ck_assert_int_eq(k->numel, 2);          /* offset 16, no length: to the end */
	ck_assert_int_eq(((int64_t *)k->data)[0], 7);
	ck_assert_int_eq(((int64_t *)k->data)[1], -8);
	ir_model_free(m);
}
END_TEST

START_TEST(external_data_refused)
{
	load_fail("ext/abs.onnx", ONNXC_EINVAL, "value 'w': external data location");
	load_fail("ext/abs.onnx", ONNXC_EINVAL, "refused");
	load_fail("ext/dotdot.onnx", ONNXC_EINVAL, "'..': refused");
	load_fail("ext/dotdot2.onnx", ONNXC_EINVAL, "'..': refused");
	load_fail("ext/symlink.onnx", ONNXC_EINVAL, "resolves outside the model folder");
	load_fail("ext/offset.onnx", ONNXC_EINVAL, "offset 33 is past the end");
	load_fail("ext/length.onnx", ONNXC_EINVAL, "offset 24 + length 16 is past the end");
	load_fail("ext/size.onnx", ONNXC_EINVAL, "external data has 16 bytes, shape [3] of "
		  "float needs 12");
	load_fail("ext/missing.onnx", ONNXC_EIO, "nope.bin");
}
END_TEST

START_TEST(external_data_needs_a_folder)
{
	onnxc_err err = { 0 };
	ir_model *m = NULL;
	FILE *f = fopen(fx("ext/model.onnx"), "rb");
	char buf[4096];
	size_t n;

	ck_assert_ptr_nonnull(f);
	n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	ck_assert_int_eq(fe_load_buffer(buf, n, NULL, "mem", NULL, &m, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "mem: value 'w': external data"));
	ck_assert_ptr_nonnull(strstr(err.msg, "not loaded from a folder"));
	onnxc_errclear(&err);
	/* with the folder given, the same bytes load */
	ck_assert_int_eq(fe_load_buffer(buf, n, fx("ext"), "mem", NULL, &m, &err), 0);
	ck_assert_float_eq(((float *)init_of(m, "w")->data)[2], 3.0f);
	ir_model_free(m);
}
END_TEST

static ir_node *node_named(ir_graph *g, const char *name)
{
	int i;

	for (i = 0; i < g->n_nodes; i++)
		if (!strcmp(g->nodes[i]->name, name))
			return g->nodes[i];
	ck_abort_msg("no node %s", name);
	return NULL;
}

START_TEST(local_functions_inlined)
{
	ir_model *m = load_ok("func.onnx");
	ir_graph *g = m->graph;
	static const char *names[] = { "call1/inner/lk", "call1/inner/neg", "call1/add",
				       "call2/lk", "call2/neg", "call3/lk", "call3/neg" };
	static const char *ops[] = { "LeakyRelu", "Neg", "Add", "LeakyRelu", "Neg", "LeakyRelu",
				     "Neg" };
	ir_node *n;
	int i, j;

	ck_assert_int_eq(g->n_nodes, 7);
	for (i = 0; i < 7; i++) {
		ck_assert_str_eq(g->nodes[i]->name, names[i]);
		ck_assert_str_eq(g->nodes[i]->op_type, ops[i]);
		ck_assert_str_eq(g->nodes[i]->domain, "");
		ck_assert_int_ne(g->nodes[i]->op, IR_OP_UNKNOWN);
	}
	/* attribute references: gain=0.5 through two levels, alpha=0.25, unset */
	n = node_named(g, "call1/inner/lk");
	ck_assert_float_eq(ir_attr_float(n, "alpha", -1), 0.5f);
	ck_assert_int_eq(n->since_version, 6);
	ck_assert_ptr_eq(n->in[0], ir_graph_find_local(g, "x"));
	n = node_named(g, "call2/lk");
	ck_assert_float_eq(ir_attr_float(n, "alpha", -1), 0.25f);
	ck_assert_ptr_eq(n->in[0], ir_graph_find_local(g, "o1"));
	n = node_named(g, "call3/lk");
	ck_assert_int_eq(n->n_attr, 0);
	ck_assert_ptr_eq(node_named(g, "call3/neg")->out[0], g->outputs[0]);
	n = node_named(g, "call1/add");
	ck_assert_ptr_eq(n->in[1], ir_graph_find_local(g, "y"));
	ck_assert_ptr_eq(n->out[0], ir_graph_find_local(g, "o1"));
	ck_assert_ptr_eq(n->in[0], node_named(g, "call1/inner/neg")->out[0]);
	/* fresh intermediate values are distinct and named after the call */
	ck_assert_str_eq(node_named(g, "call2/lk")->out[0]->name, "call2/T");
	ck_assert_str_eq(node_named(g, "call3/lk")->out[0]->name, "call3/T");
	for (i = 0; i < g->n_nodes; i++)
		for (j = i + 1; j < g->n_nodes; j++)
			ck_assert_ptr_ne(g->nodes[i]->out[0], g->nodes[j]->out[0]);
	/* the function's opset imports are merged into the model's */
	ck_assert_int_eq(ir_model_opset(m, "custom.extra"), 2);
	ir_model_free(m);
}
END_TEST

/* a function output that no node of the body assigns is refused (it used
 * to load, leaving the call's output without a producer) */
START_TEST(function_output_unassigned)
{
	load_fail("func_unassigned.onnx", ONNXC_EINVAL,
		  "value 'Y': function 'Branchy' never assigns this output");
}
END_TEST

START_TEST(function_with_subgraph)
{
	ir_model *m = load_ok("func_if.onnx");
	ir_graph *g = m->graph, *then_g, *else_g;
	ir_node *neg, *iff, *tid;

	ck_assert_int_eq(g->n_nodes, 3);
	neg = node_named(g, "br/neg");
	iff = node_named(g, "br/if");
	tid = node_named(g, "br/tid");
	ck_assert_ptr_eq(neg->in[0], ir_graph_find_local(g, "x"));
	ck_assert_ptr_eq(iff->in[0], ir_graph_find_local(g, "c"));
	ck_assert_ptr_eq(iff->out[0], ir_graph_find_local(g, "y"));
	ck_assert_str_eq(neg->out[0]->name, "br/T");
	ck_assert_str_eq(tid->out[0]->name, "br/Tout");    /* output the call drops */
	then_g = ir_attr_get(iff, "then_branch")->g;
	else_g = ir_attr_get(iff, "else_branch")->g;
	ck_assert_ptr_eq(then_g->parent, g);
	ck_assert_ptr_eq(then_g->nodes[0]->in[0], neg->out[0]);
	ck_assert_ptr_eq(else_g->nodes[0]->in[0], neg->out[0]);
	ck_assert_ptr_eq(else_g->nodes[0]->in[1], ir_graph_find_local(g, "x"));
	ir_model_free(m);
}
END_TEST

START_TEST(opset_resolution)
{
	ir_model *m = load_ok("squeeze11.onnx");

	ck_assert_int_eq(m->graph->nodes[0]->op, IR_OP_Squeeze);
	ck_assert_int_eq(m->graph->nodes[0]->since_version, 11);
	ck_assert_int_eq(m->graph->nodes[0]->n_in, 1);
	ck_assert_int_eq(ir_attr_ints(m->graph->nodes[0], "axes", &(int){ 0 })[0], 0);
	ir_model_free(m);
	m = load_ok("squeeze13.onnx");
	ck_assert_int_eq(m->graph->nodes[0]->since_version, 13);
	ck_assert_int_eq(m->graph->nodes[0]->n_in, 2);
	ck_assert_ptr_eq(m->graph->nodes[0]->in[1], ir_graph_find_local(m->graph, "axes"));
	/* a graph input with an initializer is both */
	ck_assert_int_eq(m->graph->n_inputs, 2);
	ck_assert_int_eq(m->graph->n_inits, 1);
	ck_assert_ptr_eq(m->graph->inputs[1], m->graph->inits[0]);
	ck_assert(m->graph->inputs[1]->is_input && m->graph->inputs[1]->is_initializer);
	ck_assert(m->graph->inputs[1]->has_type);
	ck_assert_int_eq(((int64_t *)m->graph->inits[0]->init->data)[0], 0);
	ir_model_free(m);
}
END_TEST

START_TEST(subgraph_reads_outer_value)
{
	ir_model *m = load_ok("if_outer.onnx");
	ir_graph *g = m->graph, *then_g, *else_g;
	ir_value *x = ir_graph_find_local(g, "x");
	ir_node *n = g->nodes[0];

	ck_assert_str_eq(n->op_type, "If");
	then_g = ir_attr_get(n, "then_branch")->g;
	else_g = ir_attr_get(n, "else_branch")->g;
	ck_assert_ptr_eq(then_g->parent, g);
	ck_assert_ptr_eq(else_g->parent, g);
	ck_assert_str_eq(then_g->name, "then");
	ck_assert_ptr_null(ir_graph_find_local(then_g, "x"));
	ck_assert_ptr_eq(then_g->nodes[0]->in[0], x);
	ck_assert_ptr_eq(then_g->nodes[0]->in[1], x);
	ck_assert_ptr_eq(else_g->nodes[0]->in[0], x);
	ck_assert_str_eq(then_g->outputs[0]->name, "t");
	ck_assert_ptr_eq(then_g->outputs[0], then_g->nodes[0]->out[0]);
	ck_assert_int_eq(then_g->nodes[0]->since_version, 13);
	ir_model_free(m);
}
END_TEST

START_TEST(read_tensor_pb)
{
	onnxc_err err = { 0 };
	ir_tensor *t = NULL;
	const char *d = "/usr/share/libonnx-testdata/data/node/";
	char p[512];

	snprintf(p, sizeof p, "%stest_abs/test_data_set_0/input_0.pb", d);
	ck_assert_int_eq(fe_read_tensor_pb(p, &t, &err), 0);
	ck_assert_str_eq(t->name, "x");
	ck_assert_int_eq(t->dtype, IR_FLOAT);
	ck_assert_int_eq(t->rank, 3);
	ck_assert_int_eq(t->dims[0], 3);
	ck_assert_int_eq(t->dims[2], 5);
	ck_assert_float_eq_tol(((float *)t->data)[0], 1.764052391052246f, 1e-7);
	ck_assert_float_eq_tol(((float *)t->data)[59], -0.3627411723136902f, 1e-7);
	ir_tensor_free(t);
	snprintf(p, sizeof p, "%stest_cast_FLOAT_to_STRING/test_data_set_0/output_0.pb", d);
	ck_assert_int_eq(fe_read_tensor_pb(p, &t, &err), 0);
	ck_assert_int_eq(t->dtype, IR_STRING);
	ck_assert_int_eq(t->numel, 12);
	ck_assert_str_eq(((char **)t->data)[1], "0.6048455");
	ir_tensor_free(t);
	ck_assert_int_eq(fe_read_tensor_pb(fx("nothing.pb"), &t, &err), -1);
	ck_assert_int_eq(err.code, ONNXC_EIO);
	ck_assert_ptr_null(t);
}
END_TEST

/* ---- a counting allocator: bytes live and their peak ---- */
typedef struct counting {
	size_t live, peak;
} counting;

static void *c_malloc(void *ud, size_t n)
{
	counting *c = ud;
	size_t *p = malloc(n + 16);

	if (!p)
		return NULL;
	*p = n;
	c->live += n;
	if (c->live > c->peak)
		c->peak = c->live;
	return (char *)p + 16;
}

static void c_free(void *ud, void *q)
{
	counting *c = ud;
	size_t *p = (size_t *)((char *)q - 16);

	c->live -= *p;
	free(p);
}

static void *c_realloc(void *ud, void *q, size_t n)
{
	void *r = c_malloc(ud, n);
	size_t old;

	if (!r)
		return NULL;
	old = *(size_t *)((char *)q - 16);
	memcpy(r, q, old < n ? old : n);
	c_free(ud, q);
	return r;
}

START_TEST(weights_copied_once)
{
	onnxc_err err = { 0 };
	int64_t n = 1 << 20;                      /* 4 MiB of float */
	ir_model *m = ir_model_new(&err), *m2 = NULL;
	ir_tensor *t = ir_tensor_new(IR_FLOAT, 1, &n, &err);
	counting cnt = { 0, 0 };
	onnxc_allocator a = { c_malloc, c_realloc, c_free, &cnt };
	void *buf, *copy;
	size_t len;

	((float *)t->data)[12345] = 7.5f;
	ck_assert_int_eq(ir_graph_add_init(m->graph, ir_graph_value(m->graph, "w", &err), t, &err),
			 0);
	ck_assert_int_eq(ir_graph_add_output(m->graph, ir_graph_find(m->graph, "w"), &err), 0);
	ck_assert_int_eq(fe_write_buffer(m, &buf, &len, &err), 0);
	copy = malloc(len);                       /* not through the hook */
	memcpy(copy, buf, len);
	onnxc_free(buf);
	ir_model_free(m);
	onnxc_set_allocator(&a);
	ck_assert_int_eq(fe_load_buffer(copy, len, NULL, "big", NULL, &m2, &err), 0);
	ck_assert_float_eq(((float *)ir_graph_find(m2->graph, "w")->init->data)[12345], 7.5f);
	ir_model_free(m2);
	onnxc_set_allocator(NULL);
	free(copy);
	/* one copy of the 4 MiB (raw_data, then owned by the tensor), not two */
	ck_assert_uint_ge(cnt.peak, (size_t)4 << 20);
	ck_assert_uint_lt(cnt.peak, ((size_t)4 << 20) + (256 << 10));
	ck_assert_uint_eq(cnt.live, 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("fe_load");
	TCase *tc = tcase_create("load");

	tcase_add_test(tc, every_element_type);
	tcase_add_test(tc, metadata_and_types);
	tcase_add_test(tc, all_attribute_kinds);
	tcase_add_test(tc, external_data);
	tcase_add_test(tc, external_data_refused);
	tcase_add_test(tc, external_data_needs_a_folder);
	tcase_add_test(tc, local_functions_inlined);
	tcase_add_test(tc, function_with_subgraph);
	tcase_add_test(tc, function_output_unassigned);
	tcase_add_test(tc, opset_resolution);
	tcase_add_test(tc, subgraph_reads_outer_value);
	tcase_add_test(tc, read_tensor_pb);
	tcase_add_test(tc, weights_copied_once);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
