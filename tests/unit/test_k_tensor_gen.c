/*
 * test_k_tensor_gen.c - Constant (every value* form), ConstantOfShape,
 * EyeLike, Range, Trilu and OneHot: expected values by hand or numpy, and
 * the refusals (strings, sparse tensors, run-time sizes) naming the node.
 */
#include <stdlib.h>
#include <string.h>

#include "h_kernel.h"
#include "testutil.h"

static void in_vals(hk *h, int idx, int dtype, int rank, const int64_t *dims, const int64_t *v,
		    int is_const)
{
	rt_tensor t = { 0 };
	int64_t n = 1, i;
	int k;

	for (k = 0; k < rank; k++)
		n *= dims[k];
	t.dtype = dtype;
	t.data = calloc((size_t)(n ? n : 1), 16);
	for (i = 0; i < n; i++)
		rt_put_i(&t, i, v ? v[i] : i);
	hk_input(h, idx, dtype, rank, dims, t.data, is_const);
	free(t.data);
}

static void expect(hk *h, int k, int dtype, int rank, const int64_t *dims, const int64_t *v)
{
	int64_t i;

	ck_assert_int_eq(h->out[k].dtype, dtype);
	hk_assert_dims(h, k, rank, dims);
	for (i = 0; i < h->out[k].numel; i++)
		ck_assert_msg(rt_get_i(&h->out[k], i) == v[i], "output %d element %lld: %lld != %lld",
			      k, (long long)i, (long long)rt_get_i(&h->out[k], i), (long long)v[i]);
}

static void err_has(hk *h, const char *s)
{
	ck_assert_msg(strstr(h->err.msg, s) != NULL, "error '%s' lacks '%s'", h->err.msg, s);
	ck_assert_msg(strstr(h->err.msg, "node 'n0'") != NULL, "error '%s' lacks the node",
		      h->err.msg);
}

/* tensor: an IR tensor of dtype/dims holding the integer values v. */
static ir_tensor *tensor(int dtype, int rank, const int64_t *dims, const int64_t *v)
{
	onnxc_err err = { 0 };
	ir_tensor *t = ir_tensor_new(dtype, rank, dims, &err);
	rt_tensor r = { 0 };
	int64_t i;

	ck_assert_ptr_nonnull(t);
	r.dtype = dtype;
	r.data = t->data;
	for (i = 0; i < t->numel; i++)
		rt_put_i(&r, i, v[i]);
	return t;
}

START_TEST(constant_forms)
{
	int64_t d22[2] = { 2, 2 }, n3 = 3;
	float fl[3] = { 0.5f, -1, 3 };
	hk *h;

	h = hk_new("Constant", 1, 0, 1);
	hk_attr_tensor(h, "value", tensor(IR_INT8, 2, d22, (int64_t[]){ 1, -2, 3, -4 }));
	ck_assert_int_eq(hk_run(h), 0);
	expect(h, 0, IR_INT8, 2, d22, (int64_t[]){ 1, -2, 3, -4 });
	hk_free(h);

	h = hk_new("Constant", 12, 0, 1);
	hk_attr_float(h, "value_float", 2.5f);
	ck_assert_int_eq(hk_run(h), 0);
	ck_assert_int_eq(h->out[0].rank, 0);
	hk_assert_close(h, 0, (float[]){ 2.5f }, 1, 0);
	hk_free(h);

	h = hk_new("Constant", 13, 0, 1);
	hk_attr_floats(h, "value_floats", 3, fl);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 1, &n3);
	hk_assert_close(h, 0, fl, 3, 0);
	hk_free(h);

	h = hk_new("Constant", 12, 0, 1);
	hk_attr_int(h, "value_int", -7);
	ck_assert_int_eq(hk_run(h), 0);
	expect(h, 0, IR_INT64, 0, NULL, (int64_t[]){ -7 });
	hk_free(h);

	h = hk_new("Constant", 13, 0, 1);
	hk_attr_ints(h, "value_ints", 3, (int64_t[]){ INT64_MIN, 0, INT64_MAX });
	ck_assert_int_eq(hk_run(h), 0);
	expect(h, 0, IR_INT64, 1, &n3, (int64_t[]){ INT64_MIN, 0, INT64_MAX });
	hk_free(h);

	/* an empty list is a [0] tensor */
	h = hk_new("Constant", 13, 0, 1);
	hk_attr_ints(h, "value_ints", 0, NULL);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 1, (int64_t[]){ 0 });
	hk_free(h);
}
END_TEST

START_TEST(constant_refusals)
{
	onnxc_err err = { 0 };
	hk *h;

	h = hk_new("Constant", 13, 0, 1);
	hk_attr_string(h, "value_string", "abc");
	ck_assert_int_eq(hk_prep(h), -1);
	ck_assert_int_eq(h->err.code, ONNXC_EUNSUPPORTED);
	err_has(h, "value_string: string tensors are not supported");
	hk_free(h);

	h = hk_new("Constant", 13, 0, 1);
	ck_assert_ptr_nonnull(ir_node_add_attr(h->node, "sparse_value", IR_ATTR_SPARSE_TENSOR, &err));
	ck_assert_int_eq(hk_prep(h), -1);
	ck_assert_int_eq(h->err.code, ONNXC_EUNSUPPORTED);
	err_has(h, "sparse_value is not supported");
	hk_free(h);

	h = hk_new("Constant", 13, 0, 1);
	hk_attr_int(h, "value_int", 1);
	hk_attr_float(h, "value_float", 1);
	ck_assert_int_eq(hk_prep(h), -1);
	err_has(h, "needs exactly one value attribute, has 2");
	hk_free(h);

	h = hk_new("Constant", 13, 0, 1);
	ck_assert_int_eq(hk_prep(h), -1);
	err_has(h, "needs exactly one value attribute, has 0");
	hk_free(h);

	h = hk_new("Constant", 11, 0, 1);
	hk_attr_float(h, "value_float", 1);
	ck_assert_int_eq(hk_prep(h), -1);
	err_has(h, "attribute 'value_float' needs opset 12");
	hk_free(h);

	h = hk_new("Constant", 13, 0, 1);
	{
		int64_t d = 2;
		ir_tensor *t = ir_tensor_new(IR_STRING, 1, &d, &err);
		ck_assert_ptr_nonnull(t);
		hk_attr_tensor(h, "value", t);
	}
	ck_assert_int_eq(hk_prep(h), -1);
	ck_assert_int_eq(h->err.code, ONNXC_EUNSUPPORTED);
	err_has(h, "value: string tensors are not supported");
	hk_free(h);
}
END_TEST

START_TEST(constant_of_shape)
{
	int64_t ds = 2, one = 1;
	hk *h = hk_new("ConstantOfShape", 9, 1, 1);

	hk_input(h, 0, IR_INT64, 1, &ds, (int64_t[]){ 2, 3 }, 1);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 2, (int64_t[]){ 2, 3 });
	hk_assert_close(h, 0, (float[]){ 0, 0, 0, 0, 0, 0 }, 6, 0);
	hk_attr_tensor(h, "value", tensor(IR_INT32, 1, &one, (int64_t[]){ 7 }));
	ck_assert_int_eq(hk_run(h), 0);
	expect(h, 0, IR_INT32, 2, (int64_t[]){ 2, 3 }, (int64_t[]){ 7, 7, 7, 7, 7, 7 });
	/* empty shape: a scalar; a zero dim: empty */
	hk_input(h, 0, IR_INT64, 1, (int64_t[]){ 0 }, NULL, 1);
	ck_assert_int_eq(hk_run(h), 0);
	expect(h, 0, IR_INT32, 0, NULL, (int64_t[]){ 7 });
	hk_input(h, 0, IR_INT64, 1, &ds, (int64_t[]){ 4, 0 }, 1);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 2, (int64_t[]){ 4, 0 });
	hk_input(h, 0, IR_INT64, 1, &ds, (int64_t[]){ 4, -1 }, 1);
	ck_assert_int_eq(hk_prep(h), -1);
	err_has(h, "output dim 1 is negative");
	hk_input(h, 0, IR_INT64, 1, &ds, (int64_t[]){ 4, 1 }, 0);
	ck_assert_int_eq(hk_prep(h), -1);
	ck_assert_int_eq(h->err.code, ONNXC_EUNSUPPORTED);
	err_has(h, "('in0') must be known");
	hk_free(h);

	h = hk_new("ConstantOfShape", 9, 1, 1);
	hk_input(h, 0, IR_INT64, 1, &ds, (int64_t[]){ 2, 3 }, 1);
	hk_attr_tensor(h, "value", tensor(IR_INT32, 1, &ds, (int64_t[]){ 7, 8 }));
	ck_assert_int_eq(hk_prep(h), -1);
	err_has(h, "value must be a one-element tensor");
	hk_free(h);
}
END_TEST

START_TEST(eyelike_cases)
{
	int64_t d34[2] = { 3, 4 };
	hk *h = hk_new("EyeLike", 9, 1, 1);

	ck_assert_uint_eq(rt_op_get(h->node->op)->flags, RT_SHAPE_ONLY);
	hk_input(h, 0, IR_FLOAT, 2, d34, NULL, 0);
	hk_attr_int(h, "k", 1);
	ck_assert_int_eq(hk_run(h), 0);
	expect(h, 0, IR_FLOAT, 2, d34, (int64_t[]){ 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1 });
	hk_free(h);

	h = hk_new("EyeLike", 9, 1, 1);
	hk_input(h, 0, IR_INT32, 2, d34, NULL, 0);
	hk_attr_int(h, "k", -2);
	hk_attr_int(h, "dtype", IR_BOOL);
	ck_assert_int_eq(hk_run(h), 0);
	expect(h, 0, IR_BOOL, 2, d34, (int64_t[]){ 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0 });
	hk_free(h);

	h = hk_new("EyeLike", 9, 1, 1);
	hk_input(h, 0, IR_DOUBLE, 2, d34, NULL, 0);
	hk_attr_int(h, "k", 4);
	ck_assert_int_eq(hk_run(h), 0);
	expect(h, 0, IR_DOUBLE, 2, d34, (int64_t[]){ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 });
	hk_input(h, 0, IR_DOUBLE, 1, d34, NULL, 0);
	ck_assert_int_eq(hk_prep(h), -1);
	err_has(h, "input must be 2-D, not rank 1");
	hk_free(h);

	h = hk_new("EyeLike", 9, 1, 1);
	hk_input(h, 0, IR_DOUBLE, 2, d34, NULL, 0);
	hk_attr_int(h, "dtype", IR_STRING);
	ck_assert_int_eq(hk_prep(h), -1);
	err_has(h, "output type 8 is not supported");
	hk_free(h);
}
END_TEST

START_TEST(range_cases)
{
	hk *h = hk_new("Range", 11, 3, 1);

	in_vals(h, 0, IR_INT64, 0, NULL, (int64_t[]){ 10 }, 1);
	in_vals(h, 1, IR_INT64, 0, NULL, (int64_t[]){ 2 }, 1);
	in_vals(h, 2, IR_INT64, 0, NULL, (int64_t[]){ -3 }, 1);
	ck_assert_int_eq(hk_run(h), 0);
	expect(h, 0, IR_INT64, 1, (int64_t[]){ 3 }, (int64_t[]){ 10, 7, 4 });
	/* the widest int64 range, without overflow */
	in_vals(h, 0, IR_INT64, 0, NULL, (int64_t[]){ INT64_MIN }, 1);
	in_vals(h, 1, IR_INT64, 0, NULL, (int64_t[]){ INT64_MAX }, 1);
	in_vals(h, 2, IR_INT64, 0, NULL, (int64_t[]){ INT64_MAX }, 1);
	ck_assert_int_eq(hk_run(h), 0);
	expect(h, 0, IR_INT64, 1, (int64_t[]){ 3 }, (int64_t[]){ INT64_MIN, -1, INT64_MAX - 1 });
	/* delta 0 */
	in_vals(h, 2, IR_INT64, 0, NULL, (int64_t[]){ 0 }, 1);
	ck_assert_int_eq(hk_prep(h), -1);
	err_has(h, "delta is 0");
	/* run-time limit */
	in_vals(h, 2, IR_INT64, 0, NULL, (int64_t[]){ 1 }, 1);
	in_vals(h, 1, IR_INT64, 0, NULL, (int64_t[]){ 5 }, 0);
	ck_assert_int_eq(hk_prep(h), -1);
	ck_assert_int_eq(h->err.code, ONNXC_EUNSUPPORTED);
	err_has(h, "input 1 ('in1') must be known");
	/* mixed types */
	in_vals(h, 1, IR_INT32, 0, NULL, (int64_t[]){ 5 }, 1);
	ck_assert_int_eq(hk_prep(h), -1);
	err_has(h, "must share one numeric type");
	hk_free(h);

	h = hk_new("Range", 11, 3, 1);
	{
		float s = 0, l = 1, d = 0.25f;
		hk_input(h, 0, IR_FLOAT, 0, NULL, &s, 1);
		hk_input(h, 1, IR_FLOAT, 0, NULL, &l, 1);
		hk_input(h, 2, IR_FLOAT, 0, NULL, &d, 1);
		ck_assert_int_eq(hk_run(h), 0);
		hk_assert_close(h, 0, (float[]){ 0, 0.25f, 0.5f, 0.75f }, 4, 0);
		/* an empty range */
		d = -0.25f;
		hk_input(h, 2, IR_FLOAT, 0, NULL, &d, 1);
		ck_assert_int_eq(hk_run(h), 0);
		hk_assert_dims(h, 0, 1, (int64_t[]){ 0 });
	}
	hk_free(h);

	h = hk_new("Range", 11, 3, 1);
	in_vals(h, 0, IR_INT16, 0, NULL, (int64_t[]){ -5 }, 1);
	in_vals(h, 1, IR_INT16, 0, NULL, (int64_t[]){ 3 }, 1);
	in_vals(h, 2, IR_INT16, 0, NULL, (int64_t[]){ 3 }, 1);
	ck_assert_int_eq(hk_run(h), 0);
	expect(h, 0, IR_INT16, 1, (int64_t[]){ 3 }, (int64_t[]){ -5, -2, 1 });
	hk_free(h);
}
END_TEST

START_TEST(trilu_cases)
{
	int64_t d34[2] = { 3, 4 }, d222[3] = { 2, 2, 2 };
	hk *h = hk_new("Trilu", 14, 2, 1);
	const rt_op *op = rt_op_get(h->node->op);

	in_vals(h, 0, IR_INT32, 2, d34, NULL, 0);
	hk_omit_input(h, 1);
	ck_assert_int_eq(hk_run(h), 0);
	expect(h, 0, IR_INT32, 2, d34, (int64_t[]){ 0, 1, 2, 3, 0, 5, 6, 7, 0, 0, 10, 11 });
	in_vals(h, 1, IR_INT64, 0, NULL, (int64_t[]){ 2 }, 0);
	ck_assert_int_eq(hk_run(h), 0);
	expect(h, 0, IR_INT32, 2, d34, (int64_t[]){ 0, 0, 2, 3, 0, 0, 0, 7, 0, 0, 0, 0 });
	hk_attr_int(h, "upper", 0);
	in_vals(h, 1, IR_INT64, 0, NULL, (int64_t[]){ -1 }, 0);
	ck_assert_int_eq(hk_run(h), 0);
	expect(h, 0, IR_INT32, 2, d34, (int64_t[]){ 0, 0, 0, 0, 4, 0, 0, 0, 8, 9, 0, 0 });
	/* huge k: everything kept (lower) */
	in_vals(h, 1, IR_INT64, 0, NULL, (int64_t[]){ INT64_MAX }, 0);
	ck_assert_int_eq(hk_run(h), 0);
	expect(h, 0, IR_INT32, 2, d34, (int64_t[]){ 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 });
	/* batched, in place */
	in_vals(h, 0, IR_DOUBLE, 3, d222, NULL, 0);
	hk_omit_input(h, 1);
	ck_assert_int_eq(hk_run(h), 0);
	free(h->out[0].data);
	h->out[0].data = h->in[0].data;
	ck_assert_int_eq(op->exec(&h->rn, &h->err), 0);
	expect(h, 0, IR_DOUBLE, 3, d222, (int64_t[]){ 0, 0, 2, 3, 4, 0, 6, 7 });
	h->out[0].data = NULL;
	in_vals(h, 0, IR_DOUBLE, 1, d222, NULL, 0);
	ck_assert_int_eq(hk_prep(h), -1);
	err_has(h, "input must have rank >= 2, not 1");
	hk_free(h);
}
END_TEST

START_TEST(onehot_cases)
{
	float ind[4] = { 1.9f, -1, 5, 0 };
	int64_t d22[2] = { 2, 2 };
	hk *h = hk_new("OneHot", 11, 3, 1);

	hk_input(h, 0, IR_FLOAT, 2, d22, ind, 0);
	in_vals(h, 1, IR_FLOAT, 0, NULL, (int64_t[]){ 3 }, 1);
	in_vals(h, 2, IR_INT32, 1, (int64_t[]){ 2 }, (int64_t[]){ -1, 7 }, 0);
	ck_assert_int_eq(hk_run(h), 0);
	expect(h, 0, IR_INT32, 3, (int64_t[]){ 2, 2, 3 },
	       (int64_t[]){ -1, 7, -1, -1, -1, 7, -1, -1, -1, 7, -1, -1 });
	hk_attr_int(h, "axis", 0);
	ck_assert_int_eq(hk_run(h), 0);
	expect(h, 0, IR_INT32, 3, (int64_t[]){ 3, 2, 2 },
	       (int64_t[]){ -1, -1, -1, 7, 7, -1, -1, -1, -1, 7, -1, -1 });
	hk_free(h);

	h = hk_new("OneHot", 9, 3, 1);
	hk_attr_int(h, "axis", 1);
	in_vals(h, 0, IR_INT64, 2, d22, (int64_t[]){ 1, 2, 2, 0 }, 0);
	in_vals(h, 1, IR_INT32, 1, (int64_t[]){ 1 }, (int64_t[]){ 3 }, 1);
	in_vals(h, 2, IR_FLOAT, 1, (int64_t[]){ 2 }, (int64_t[]){ -1, 7 }, 0);
	ck_assert_int_eq(hk_run(h), 0);
	expect(h, 0, IR_FLOAT, 3, (int64_t[]){ 2, 3, 2 },
	       (int64_t[]){ -1, -1, 7, -1, -1, 7, -1, 7, -1, -1, 7, -1 });
	((ir_attr *)ir_attr_get(h->node, "axis"))->i = 3;
	ck_assert_int_eq(hk_prep(h), -1);
	err_has(h, "axis 3 out of range for rank 3");
	in_vals(h, 1, IR_INT32, 1, (int64_t[]){ 1 }, (int64_t[]){ 3 }, 0);
	ck_assert_int_eq(hk_prep(h), -1);
	ck_assert_int_eq(h->err.code, ONNXC_EUNSUPPORTED);
	in_vals(h, 2, IR_FLOAT, 1, (int64_t[]){ 3 }, NULL, 0);
	ck_assert_int_eq(hk_prep(h), -1);
	err_has(h, "values must hold [off, on], not 3 elements");
	hk_free(h);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("k_tensor_gen");
	TCase *tc = tcase_create("gen");

	tcase_add_test(tc, constant_forms);
	tcase_add_test(tc, constant_refusals);
	tcase_add_test(tc, constant_of_shape);
	tcase_add_test(tc, eyelike_cases);
	tcase_add_test(tc, range_cases);
	tcase_add_test(tc, trilu_cases);
	tcase_add_test(tc, onehot_cases);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
