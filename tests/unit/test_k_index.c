/*
 * test_k_index.c - Gather, GatherElements, GatherND, ScatterND,
 * ScatterElements, Scatter, Compress, NonZero and Unique: negative indices,
 * int32 and int64 indices, out-of-range indices (a clean run-time error
 * naming node and index, never a wild access: ASan watches), reductions, and
 * the value-dependent output sizes that need constant inputs.
 */
#include <math.h>
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

static const int64_t D32[2] = { 3, 2 }, D22[2] = { 2, 2 };

START_TEST(gather_axes_and_index_types)
{
	hk *h = hk_new("Gather", 13, 2, 1);

	in_vals(h, 0, IR_INT64, 2, D32, (int64_t[]){ 1, 2, 3, 4, 5, 6 }, 0);
	in_vals(h, 1, IR_INT32, 2, D22, (int64_t[]){ 0, -1, 1, 2 }, 0);
	ck_assert_int_eq(hk_run(h), 0);
	expect(h, 0, IR_INT64, 3, (int64_t[]){ 2, 2, 2 }, (int64_t[]){ 1, 2, 5, 6, 3, 4, 5, 6 });
	/* int64 indices, axis 1, scalar index: rank drops */
	hk_attr_int(h, "axis", -1);
	in_vals(h, 1, IR_INT64, 0, NULL, (int64_t[]){ -1 }, 0);
	ck_assert_int_eq(hk_run(h), 0);
	expect(h, 0, IR_INT64, 1, (int64_t[]){ 3 }, (int64_t[]){ 2, 4, 6 });
	/* empty indices */
	in_vals(h, 1, IR_INT64, 1, (int64_t[]){ 0 }, NULL, 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 2, (int64_t[]){ 3, 0 });
	/* float indices are invalid */
	in_vals(h, 1, IR_FLOAT, 1, (int64_t[]){ 1 }, NULL, 0);
	ck_assert_int_eq(hk_prep(h), -1);
	err_has(h, "indices must be int32 or int64, not float");
	hk_free(h);

	/* Gather-1, float16 data */
	h = hk_new("Gather", 1, 2, 1);
	in_vals(h, 0, IR_FLOAT16, 1, (int64_t[]){ 4 }, (int64_t[]){ 10, 20, 30, 40 }, 0);
	in_vals(h, 1, IR_INT64, 1, (int64_t[]){ 3 }, (int64_t[]){ 3, -4, 0 }, 0);
	ck_assert_int_eq(hk_run(h), 0);
	expect(h, 0, IR_FLOAT16, 1, (int64_t[]){ 3 }, (int64_t[]){ 40, 10, 10 });
	hk_free(h);
}
END_TEST

START_TEST(gather_out_of_range)
{
	static const struct { int dt; int64_t idx[2]; const char *msg; } c[] = {
		{ IR_INT64, { 0, 3 }, "index 3 (element 1 of indices 'in1') is out of range [-3, 3)" },
		{ IR_INT32, { -4, 0 }, "index -4 (element 0 of indices 'in1') is out of range [-3, 3)" },
		{ IR_INT64, { INT64_MIN, 0 }, "index -9223372036854775808 (element 0" },
	};
	size_t i;

	for (i = 0; i < sizeof c / sizeof c[0]; i++) {
		hk *h = hk_new("Gather", 13, 2, 1);
		in_vals(h, 0, IR_FLOAT, 2, D32, NULL, 0);
		in_vals(h, 1, c[i].dt, 1, (int64_t[]){ 2 }, c[i].idx, 0);
		ck_assert_int_eq(hk_run(h), -1);
		ck_assert_int_eq(h->err.code, ONNXC_EINVAL);
		err_has(h, c[i].msg);
		err_has(h, "(Gather-13)");
		hk_free(h);
	}
}
END_TEST

START_TEST(gather_elements_cases)
{
	hk *h = hk_new("GatherElements", 13, 2, 1);

	in_vals(h, 0, IR_INT32, 2, D22, (int64_t[]){ 1, 2, 3, 4 }, 0);
	in_vals(h, 1, IR_INT64, 2, D22, (int64_t[]){ 0, 0, 1, 0 }, 0);
	hk_attr_int(h, "axis", 1);
	ck_assert_int_eq(hk_run(h), 0);
	expect(h, 0, IR_INT32, 2, D22, (int64_t[]){ 1, 1, 4, 3 });
	/* fewer index rows than data rows, axis 0 with int32 negative indices */
	hk_free(h);
	h = hk_new("GatherElements", 11, 2, 1);
	in_vals(h, 0, IR_INT32, 2, D32, (int64_t[]){ 1, 2, 3, 4, 5, 6 }, 0);
	in_vals(h, 1, IR_INT32, 2, (int64_t[]){ 1, 2 }, (int64_t[]){ -1, 1 }, 0);
	ck_assert_int_eq(hk_run(h), 0);
	expect(h, 0, IR_INT32, 2, (int64_t[]){ 1, 2 }, (int64_t[]){ 5, 4 });
	in_vals(h, 1, IR_INT32, 2, (int64_t[]){ 1, 2 }, (int64_t[]){ 0, 3 }, 0);
	ck_assert_int_eq(hk_run(h), -1);
	err_has(h, "index 3 (element 1 of indices 'in1') is out of range [-3, 3)");
	/* indices larger than the data off the axis */
	in_vals(h, 1, IR_INT32, 2, (int64_t[]){ 1, 3 }, NULL, 0);
	ck_assert_int_eq(hk_prep(h), -1);
	err_has(h, "indices dim 1 (3) exceeds the data's (2)");
	in_vals(h, 1, IR_INT32, 1, (int64_t[]){ 2 }, NULL, 0);
	ck_assert_int_eq(hk_prep(h), -1);
	err_has(h, "indices have rank 1, data has rank 2");
	hk_free(h);
}
END_TEST

START_TEST(gathernd_cases)
{
	hk *h = hk_new("GatherND", 13, 2, 1);

	in_vals(h, 0, IR_INT32, 2, D22, NULL, 0);
	in_vals(h, 1, IR_INT64, 2, D22, (int64_t[]){ 0, 0, 1, -1 }, 0);
	ck_assert_int_eq(hk_run(h), 0);
	expect(h, 0, IR_INT32, 1, (int64_t[]){ 2 }, (int64_t[]){ 0, 3 });
	in_vals(h, 1, IR_INT64, 2, (int64_t[]){ 2, 1 }, (int64_t[]){ 1, 0 }, 0);
	ck_assert_int_eq(hk_run(h), 0);
	expect(h, 0, IR_INT32, 2, D22, (int64_t[]){ 2, 3, 0, 1 });
	in_vals(h, 1, IR_INT64, 2, (int64_t[]){ 2, 1 }, (int64_t[]){ 1, 2 }, 0);
	ck_assert_int_eq(hk_run(h), -1);
	err_has(h, "index 2 (element 1 of indices 'in1') is out of range [-2, 2)");
	in_vals(h, 1, IR_INT64, 2, (int64_t[]){ 2, 3 }, NULL, 0);
	ck_assert_int_eq(hk_prep(h), -1);
	err_has(h, "indices' last dim 3 must be in [1, 2]");
	hk_free(h);

	/* batch_dims = 1: out[b] = data[b][idx[b]] */
	h = hk_new("GatherND", 12, 2, 1);
	hk_attr_int(h, "batch_dims", 1);
	in_vals(h, 0, IR_DOUBLE, 3, (int64_t[]){ 2, 2, 2 }, NULL, 0);
	in_vals(h, 1, IR_INT64, 2, (int64_t[]){ 2, 1 }, (int64_t[]){ 1, 0 }, 0);
	ck_assert_int_eq(hk_run(h), 0);
	expect(h, 0, IR_DOUBLE, 2, D22, (int64_t[]){ 2, 3, 4, 5 });
	in_vals(h, 1, IR_INT64, 2, (int64_t[]){ 3, 1 }, NULL, 0);
	ck_assert_int_eq(hk_prep(h), -1);
	err_has(h, "batch dim 0 differs: 3 vs 2");
	hk_free(h);
}
END_TEST

START_TEST(scatternd_cases)
{
	static const int64_t data[8] = { 1, 2, 3, 4, 5, 6, 7, 8 }, idx[4] = { 4, 3, 1, 7 };
	static const int64_t upd[4] = { 9, 10, 11, 12 };
	int64_t d8 = 8, di[2] = { 4, 1 }, du = 4;
	hk *h = hk_new("ScatterND", 11, 3, 1);

	ck_assert_uint_eq(rt_op_get(h->node->op)->flags, RT_INPLACE);
	in_vals(h, 0, IR_INT32, 1, &d8, data, 0);
	in_vals(h, 1, IR_INT64, 2, di, idx, 0);
	in_vals(h, 2, IR_INT32, 1, &du, upd, 0);
	ck_assert_int_eq(hk_run(h), 0);
	expect(h, 0, IR_INT32, 1, &d8, (int64_t[]){ 1, 11, 3, 10, 9, 6, 7, 12 });
	/* the reduction attribute arrives in opset 16 */
	hk_free(h);
	h = hk_new("ScatterND", 16, 3, 1);
	hk_attr_string(h, "reduction", "add");
	in_vals(h, 0, IR_INT32, 1, &d8, data, 0);
	in_vals(h, 1, IR_INT64, 2, di, (int64_t[]){ 4, 3, 4, -1 }, 0);
	in_vals(h, 2, IR_INT32, 1, &du, upd, 0);
	ck_assert_int_eq(hk_run(h), 0);
	expect(h, 0, IR_INT32, 1, &d8, (int64_t[]){ 1, 2, 3, 14, 25, 6, 7, 20 });
	/* out of range: clean error */
	in_vals(h, 1, IR_INT64, 2, di, (int64_t[]){ 0, 8, 0, 0 }, 0);
	ck_assert_int_eq(hk_run(h), -1);
	err_has(h, "index 8 (element 1 of indices 'in1') is out of range [-8, 8)");
	hk_free(h);

	h = hk_new("ScatterND", 16, 3, 1);
	hk_attr_string(h, "reduction", "mul");
	in_vals(h, 0, IR_FLOAT16, 2, D22, (int64_t[]){ 1, 2, 3, 4 }, 0);
	in_vals(h, 1, IR_INT64, 2, (int64_t[]){ 1, 1 }, (int64_t[]){ 1 }, 0);
	in_vals(h, 2, IR_FLOAT16, 2, (int64_t[]){ 1, 2 }, (int64_t[]){ 5, -2 }, 0);
	ck_assert_int_eq(hk_run(h), 0);
	expect(h, 0, IR_FLOAT16, 2, D22, (int64_t[]){ 1, 2, 15, -8 });
	hk_free(h);

	h = hk_new("ScatterND", 16, 3, 1);
	hk_attr_string(h, "reduction", "max");
	in_vals(h, 0, IR_FLOAT, 2, D22, NULL, 0);
	in_vals(h, 1, IR_INT64, 2, (int64_t[]){ 1, 1 }, NULL, 0);
	in_vals(h, 2, IR_FLOAT, 2, (int64_t[]){ 1, 2 }, NULL, 0);
	ck_assert_int_eq(hk_prep(h), -1);
	ck_assert_int_eq(h->err.code, ONNXC_EUNSUPPORTED);
	err_has(h, "reduction 'max' is not supported");
	hk_free(h);

	h = hk_new("ScatterND", 13, 3, 1);
	in_vals(h, 0, IR_FLOAT, 2, D22, NULL, 0);
	in_vals(h, 1, IR_INT64, 2, (int64_t[]){ 1, 1 }, NULL, 0);
	in_vals(h, 2, IR_FLOAT, 2, (int64_t[]){ 1, 3 }, NULL, 0);
	ck_assert_int_eq(hk_prep(h), -1);
	err_has(h, "updates must be shaped indices.shape[:-1] + data.shape[1:]");
	hk_free(h);
}
END_TEST

START_TEST(scatter_elements_cases)
{
	static const int64_t idx[6] = { 1, 0, 2, 0, 2, 1 }, upd[6] = { 10, 11, 12, 20, 21, 22 };
	int64_t d33[2] = { 3, 3 }, d23[2] = { 2, 3 };
	static const char *const ops[2] = { "Scatter", "ScatterElements" };
	int i;

	for (i = 0; i < 2; i++) {
		hk *h = hk_new(ops[i], i ? 13 : 9, 3, 1);
		in_vals(h, 0, IR_UINT8, 2, d33, (int64_t[]){ 0, 0, 0, 0, 0, 0, 0, 0, 0 }, 0);
		in_vals(h, 1, i ? IR_INT32 : IR_INT64, 2, d23, idx, 0);
		in_vals(h, 2, IR_UINT8, 2, d23, upd, 0);
		ck_assert_int_eq(hk_run(h), 0);
		expect(h, 0, IR_UINT8, 2, d33, (int64_t[]){ 20, 11, 0, 10, 0, 22, 0, 21, 12 });
		/* axis 1 with negative indices */
		hk_attr_int(h, "axis", -1);
		in_vals(h, 1, IR_INT64, 2, d23, (int64_t[]){ -1, 0, 1, 2, -3, -2 }, 0);
		ck_assert_int_eq(hk_run(h), 0);
		expect(h, 0, IR_UINT8, 2, d33, (int64_t[]){ 11, 12, 10, 21, 22, 20, 0, 0, 0 });
		in_vals(h, 1, IR_INT64, 2, d23, (int64_t[]){ 0, 0, 0, 0, 0, -4 }, 0);
		ck_assert_int_eq(hk_run(h), -1);
		err_has(h, "index -4 (element 5 of indices 'in1') is out of range [-3, 3)");
		hk_free(h);
	}
}
END_TEST

START_TEST(scatter_elements_reduction)
{
	hk *h = hk_new("ScatterElements", 16, 3, 1);

	hk_attr_string(h, "reduction", "add");
	hk_attr_int(h, "axis", 1);
	in_vals(h, 0, IR_FLOAT, 2, (int64_t[]){ 1, 5 }, (int64_t[]){ 1, 2, 3, 4, 5 }, 0);
	in_vals(h, 1, IR_INT64, 2, (int64_t[]){ 1, 2 }, (int64_t[]){ 1, 1 }, 0);
	in_vals(h, 2, IR_FLOAT, 2, (int64_t[]){ 1, 2 }, (int64_t[]){ 11, 21 }, 0);
	ck_assert_int_eq(hk_run(h), 0);
	expect(h, 0, IR_FLOAT, 2, (int64_t[]){ 1, 5 }, (int64_t[]){ 1, 34, 3, 4, 5 });
	/* bool cannot be reduced */
	in_vals(h, 0, IR_BOOL, 2, (int64_t[]){ 1, 5 }, NULL, 0);
	in_vals(h, 2, IR_BOOL, 2, (int64_t[]){ 1, 2 }, NULL, 0);
	ck_assert_int_eq(hk_prep(h), -1);
	err_has(h, "reduction 'add' on bool is not supported");
	hk_free(h);

	h = hk_new("ScatterElements", 16, 3, 1);
	hk_attr_string(h, "reduction", "mul");
	in_vals(h, 0, IR_INT64, 1, (int64_t[]){ 3 }, (int64_t[]){ 2, 3, INT64_MAX }, 0);
	in_vals(h, 1, IR_INT32, 1, (int64_t[]){ 3 }, (int64_t[]){ 0, 0, 2 }, 0);
	in_vals(h, 2, IR_INT64, 1, (int64_t[]){ 3 }, (int64_t[]){ 5, -1, 2 }, 0);
	ck_assert_int_eq(hk_run(h), 0);
	/* integer overflow wraps */
	expect(h, 0, IR_INT64, 1, (int64_t[]){ 3 }, (int64_t[]){ -10, 3, -2 });
	hk_free(h);
}
END_TEST

START_TEST(compress_cases)
{
	uint8_t c3[3] = { 0, 1, 1 }, c5[5] = { 0, 1, 0, 0, 1 }, c4[4] = { 1, 0, 0, 1 };
	int64_t n3 = 3, n5 = 5, n4 = 4;
	hk *h = hk_new("Compress", 11, 2, 1);

	/* the input may be run-time data; only the condition must be constant */
	in_vals(h, 0, IR_INT16, 2, D32, (int64_t[]){ 1, 2, 3, 4, 5, 6 }, 0);
	hk_input(h, 1, IR_BOOL, 1, &n3, c3, 1);
	hk_attr_int(h, "axis", 0);
	ck_assert_int_eq(hk_run(h), 0);
	expect(h, 0, IR_INT16, 2, D22, (int64_t[]){ 3, 4, 5, 6 });
	hk_free(h);

	/* no axis: the flattened input; a shorter condition */
	h = hk_new("Compress", 9, 2, 1);
	in_vals(h, 0, IR_INT16, 2, D32, (int64_t[]){ 1, 2, 3, 4, 5, 6 }, 0);
	hk_input(h, 1, IR_BOOL, 1, &n5, c5, 1);
	ck_assert_int_eq(hk_run(h), 0);
	expect(h, 0, IR_INT16, 1, (int64_t[]){ 2 }, (int64_t[]){ 2, 5 });
	hk_free(h);

	/* a true entry beyond the axis is an error; extra false entries are not */
	h = hk_new("Compress", 11, 2, 1);
	hk_attr_int(h, "axis", -1);
	in_vals(h, 0, IR_INT16, 2, D32, NULL, 0);
	hk_input(h, 1, IR_BOOL, 1, &n4, c4, 1);
	ck_assert_int_eq(hk_prep(h), -1);
	err_has(h, "condition selects index 3, beyond the 2 available");
	c4[3] = 0;
	hk_input(h, 1, IR_BOOL, 1, &n4, c4, 1);
	ck_assert_int_eq(hk_run(h), 0);
	expect(h, 0, IR_INT16, 2, (int64_t[]){ 3, 1 }, (int64_t[]){ 0, 2, 4 });
	/* a run-time condition cannot be planned */
	hk_input(h, 1, IR_BOOL, 1, &n4, c4, 0);
	ck_assert_int_eq(hk_prep(h), -1);
	ck_assert_int_eq(h->err.code, ONNXC_EUNSUPPORTED);
	err_has(h, "depends on the values of input 1 ('in1')");
	hk_free(h);
}
END_TEST

START_TEST(nonzero_cases)
{
	float x[4] = { 0, -0.0f, NAN, 2 };
	double s = 5, z = 0;
	hk *h = hk_new("NonZero", 13, 1, 1);
	const rt_op *op = rt_op_get(h->node->op);

	hk_input(h, 0, IR_FLOAT, 2, D22, x, 1);
	ck_assert_int_eq(hk_run(h), 0);
	expect(h, 0, IR_INT64, 2, D22, (int64_t[]){ 1, 1, 0, 1 });
	/* exec re-counts and refuses to overrun the prepared output */
	((float *)h->in[0].data)[0] = 1;
	ck_assert_int_eq(op->exec(&h->rn, &h->err), -1);
	err_has(h, "input changed since prepare");
	/* scalars count as rank 1 */
	hk_input(h, 0, IR_DOUBLE, 0, NULL, &s, 1);
	ck_assert_int_eq(hk_run(h), 0);
	expect(h, 0, IR_INT64, 2, (int64_t[]){ 1, 1 }, (int64_t[]){ 0 });
	hk_input(h, 0, IR_DOUBLE, 0, NULL, &z, 1);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 2, (int64_t[]){ 1, 0 });
	/* int8 3-D */
	in_vals(h, 0, IR_INT8, 3, (int64_t[]){ 2, 1, 2 }, (int64_t[]){ 0, -1, 3, 0 }, 1);
	ck_assert_int_eq(hk_run(h), 0);
	expect(h, 0, IR_INT64, 2, (int64_t[]){ 3, 2 }, (int64_t[]){ 0, 1, 0, 0, 1, 0 });
	/* run-time input: refused at prepare */
	hk_input(h, 0, IR_FLOAT, 2, D22, x, 0);
	ck_assert_int_eq(hk_prep(h), -1);
	ck_assert_int_eq(h->err.code, ONNXC_EUNSUPPORTED);
	err_has(h, "depends on the values of input 0 ('in0')");
	hk_free(h);
}
END_TEST

START_TEST(unique_cases)
{
	static const int64_t x[6] = { 2, 1, 1, 3, 4, 3 };
	int64_t d6 = 6, d4 = 4;
	hk *h = hk_new("Unique", 11, 1, 4);

	in_vals(h, 0, IR_INT64, 1, &d6, x, 1);
	ck_assert_int_eq(hk_run(h), 0);
	expect(h, 0, IR_INT64, 1, &d4, (int64_t[]){ 1, 2, 3, 4 });
	expect(h, 1, IR_INT64, 1, &d4, (int64_t[]){ 1, 0, 3, 4 });
	expect(h, 2, IR_INT64, 1, &d6, (int64_t[]){ 1, 0, 0, 2, 3, 2 });
	expect(h, 3, IR_INT64, 1, &d4, (int64_t[]){ 2, 1, 2, 1 });
	hk_attr_int(h, "sorted", 0);
	hk_omit_output(h, 1);
	ck_assert_int_eq(hk_run(h), 0);
	expect(h, 0, IR_INT64, 1, &d4, (int64_t[]){ 2, 1, 3, 4 });
	expect(h, 2, IR_INT64, 1, &d6, (int64_t[]){ 0, 1, 1, 2, 3, 2 });
	expect(h, 3, IR_INT64, 1, &d4, (int64_t[]){ 1, 2, 2, 1 });
	hk_input(h, 0, IR_INT64, 1, &d6, x, 0);
	ck_assert_int_eq(hk_prep(h), -1);
	ck_assert_int_eq(h->err.code, ONNXC_EUNSUPPORTED);
	/* the grouping at prepare needs memory */
	hk_input(h, 0, IR_INT64, 1, &d6, x, 1);
	onnxc_alloc_fail_after(0);
	ck_assert_int_eq(hk_prep(h), -1);
	onnxc_alloc_fail_after(-1);
	ck_assert_int_eq(h->err.code, ONNXC_ENOMEM);
	hk_free(h);

	/* an empty input */
	h = hk_new("Unique", 11, 1, 4);
	in_vals(h, 0, IR_FLOAT, 1, (int64_t[]){ 0 }, NULL, 1);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 1, (int64_t[]){ 0 });
	hk_assert_dims(h, 2, 1, (int64_t[]){ 0 });
	hk_free(h);

	/* uint64 beyond INT64_MAX sorts as unsigned */
	h = hk_new("Unique", 11, 1, 1);
	{
		uint64_t u[3] = { UINT64_MAX, 1, UINT64_MAX };
		int64_t d3 = 3, d2 = 2;
		hk_input(h, 0, IR_UINT64, 1, &d3, u, 1);
		ck_assert_int_eq(hk_run(h), 0);
		hk_assert_dims(h, 0, 1, &d2);
		ck_assert(((uint64_t *)h->out[0].data)[0] == 1);
		ck_assert(((uint64_t *)h->out[0].data)[1] == UINT64_MAX);
	}
	hk_free(h);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("k_index");
	TCase *tc = tcase_create("index");

	tcase_add_test(tc, gather_axes_and_index_types);
	tcase_add_test(tc, gather_out_of_range);
	tcase_add_test(tc, gather_elements_cases);
	tcase_add_test(tc, gathernd_cases);
	tcase_add_test(tc, scatternd_cases);
	tcase_add_test(tc, scatter_elements_cases);
	tcase_add_test(tc, scatter_elements_reduction);
	tcase_add_test(tc, compress_cases);
	tcase_add_test(tc, nonzero_cases);
	tcase_add_test(tc, unique_cases);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
