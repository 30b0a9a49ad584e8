/*
 * test_pass_infer.c - the infer pass: dtypes and dims written into the IR
 * for static input shapes; nothing for dynamic ones or unsupported ops.
 */
#include <stdlib.h>
#include <string.h>

#include "gb.h"
#include "session.h"
#include "testutil.h"

/* x[1,3,4,4] -> Conv(W[2,3,3,3], pads 1, stride 2) -> y -> Relu -> z;
 * x -> Shape -> s -> Cast(float) -> sf; outputs z, sf. */
static ir_model *build_conv(int dynamic)
{
	gb *b = gb_new(13);
	int64_t xd[4] = { dynamic ? -1 : 1, 3, 4, 4 }, wd[4] = { 2, 3, 3, 3 };
	int64_t pads[4] = { 1, 1, 1, 1 }, strides[2] = { 2, 2 };
	ir_node *n;

	gb_input(b, "x", IR_FLOAT, 4, xd);
	gb_init(b, "W", IR_FLOAT, 4, wd, NULL);
	n = gb_node(b, "Conv", "conv", "x,W", "y");
	gb_ints(n, "pads", 4, pads);
	gb_ints(n, "strides", 2, strides);
	gb_node(b, "Relu", "relu", "y", "z");
	n = gb_node(b, "Shape", "shape", "x", "s");
	n = gb_node(b, "Cast", "cast", "s", "sf");
	gb_int(n, "to", IR_FLOAT);
	gb_output(b, "z");
	gb_output(b, "sf");
	return gb_finish(b);
}

static void assert_type(const ir_model *m, const char *name, int dtype, int rank,
			const int64_t *dims)
{
	const ir_value *v = gb_value(m, name);
	int d;

	ck_assert_msg(v->has_type, "'%s' has no type", name);
	ck_assert_int_eq(v->dtype, dtype);
	ck_assert_int_eq(v->shape.rank, rank);
	ck_assert_ptr_null(v->shape.syms);
	for (d = 0; d < rank; d++)
		ck_assert_int_eq(v->shape.dims[d], dims[d]);
}

START_TEST(static_shapes_are_written)
{
	ir_model *m = build_conv(0);
	int64_t yd[4] = { 1, 2, 2, 2 }, sd[1] = { 4 };

	ck_assert(!gb_value(m, "y")->has_type);
	/* y, z, s, sf get types (z and sf are outputs without a declared type) */
	ck_assert_int_eq(gb_passes(m, "infer"), 4);
	assert_type(m, "y", IR_FLOAT, 4, yd);
	assert_type(m, "z", IR_FLOAT, 4, yd);
	assert_type(m, "s", IR_INT64, 1, sd);
	assert_type(m, "sf", IR_FLOAT, 1, sd);
	/* nothing else changed: same nodes, inputs untouched */
	ck_assert_int_eq(gb_count(m, NULL), 4);
	ck_assert_int_eq(gb_value(m, "x")->shape.dims[0], 1);
	/* a second run finds nothing new */
	ck_assert_int_eq(gb_passes(m, "infer"), 0);
	ir_model_free(m);
}
END_TEST

START_TEST(dynamic_inputs_leave_shapes_alone)
{
	ir_model *m = build_conv(1);
	const ir_value *y;

	ck_assert_int_eq(gb_passes(m, "infer"), 0);
	y = gb_value(m, "y");
	ck_assert(!y->has_type);
	ck_assert_int_eq(y->shape.rank, -1);
	ck_assert_int_eq(y->dtype, IR_UNDEFINED);
	ir_model_free(m);
}
END_TEST

START_TEST(declared_symbolic_output_gets_numbers)
{
	gb *b = gb_new(13);
	int64_t xd[2] = { 2, 3 }, od[2] = { -1, 3 };
	ir_model *m;
	ir_value *z;

	gb_input(b, "x", IR_FLOAT, 2, xd);
	gb_node(b, "Relu", "relu", "x", "z");
	gb_output(b, "z");
	m = gb_finish(b);
	z = gb_value(m, "z");
	z->dtype = IR_FLOAT;
	z->has_type = 1;
	ir_shape_set(&z->shape, 2, od, NULL);
	ir_shape_set_sym(&z->shape, 0, "n", NULL);
	ck_assert_int_eq(gb_passes(m, "infer"), 1);
	assert_type(m, "z", IR_FLOAT, 2, xd);
	ir_model_free(m);
}
END_TEST

START_TEST(unsupported_op_is_not_an_error)
{
	gb *b = gb_new(13);
	int64_t xd[2] = { 2, 3 };
	ir_model *m;
	ir_node *n;

	gb_input(b, "x", IR_FLOAT, 2, xd);
	gb_node(b, "Relu", "relu", "x", "y");
	n = gb_node(b, "NoSuchOp", "custom", "y", "z");
	onnxc_free(n->domain);
	n->domain = onnxc_strdup("com.example");
	gb_output(b, "z");
	m = gb_finish(b);
	ck_assert_int_eq(gb_passes(m, "infer"), 0);
	ck_assert(!gb_value(m, "y")->has_type);
	ir_model_free(m);
}
END_TEST

START_TEST(rt_infer_shapes_reports_errors)
{
	gb *b = gb_new(13);
	int64_t xd[2] = { 2, 3 }, wd[2] = { 4, 5 };
	onnxc_err err = { 0 };
	ir_model *m;

	/* MatMul [2,3] x [4,5]: prepare fails with the kernel's message */
	gb_input(b, "x", IR_FLOAT, 2, xd);
	gb_init(b, "W", IR_FLOAT, 2, wd, NULL);
	gb_node(b, "MatMul", "mm", "x,W", "y");
	gb_output(b, "y");
	m = gb_finish(b);
	ck_assert_int_eq(rt_infer_shapes(m, &err), -1);
	ck_assert_int_eq(err.code, ONNXC_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "mm"));
	/* the pass itself stays quiet */
	ck_assert_int_eq(gb_passes(m, "infer"), 0);
	ir_model_free(m);
}
END_TEST

static ir_model *build_static(void)
{
	return build_conv(0);
}

START_TEST(out_of_memory_is_reported)
{
	gb_oom_sweep(build_static, "infer");
}
END_TEST

/* The largest single allocation, through the hook. */
static size_t big_alloc;

static void *max_malloc(void *ud, size_t n)
{
	(void)ud;
	if (n > big_alloc)
		big_alloc = n;
	return malloc(n ? n : 1);
}

static void *max_realloc(void *ud, void *p, size_t n)
{
	(void)ud;
	if (n > big_alloc)
		big_alloc = n;
	return realloc(p, n ? n : 1);
}

static void max_free(void *ud, void *p)
{
	(void)ud;
	free(p);
}

/* Shapes of a model with 64 MiB activations are inferred without making
 * its memory arena (a fuzzer finding: infer allocated the whole arena). */
START_TEST(no_arena_for_shapes)
{
	const onnxc_allocator a = { max_malloc, max_realloc, max_free, NULL };
	gb *b = gb_new(13);
	int64_t xd[4] = { 1, 4, 2048, 2048 }, yd[4] = { 1, 4, 2048, 2048 };
	ir_model *m;

	gb_input(b, "x", IR_FLOAT, 4, xd);
	gb_node(b, "Relu", "r1", "x", "y");
	gb_node(b, "Neg", "r2", "y", "z");
	gb_node(b, "Relu", "r3", "z", "w");
	gb_output(b, "w");
	m = gb_finish(b);
	big_alloc = 0;
	onnxc_set_allocator(&a);
	ck_assert_int_eq(gb_passes(m, "infer"), 3);
	onnxc_set_allocator(NULL);
	assert_type(m, "z", IR_FLOAT, 4, yd);
	ck_assert_msg(big_alloc < ((size_t)1 << 20), "infer allocated %zu bytes at once", big_alloc);
	ir_model_free(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pass_infer");
	TCase *tc = tcase_create("infer");

	tcase_add_test(tc, static_shapes_are_written);
	tcase_add_test(tc, dynamic_inputs_leave_shapes_alone);
	tcase_add_test(tc, declared_symbolic_output_gets_numbers);
	tcase_add_test(tc, unsupported_op_is_not_an_error);
	tcase_add_test(tc, rt_infer_shapes_reports_errors);
	tcase_add_test(tc, out_of_memory_is_reported);
	tcase_add_test(tc, no_arena_for_shapes);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
