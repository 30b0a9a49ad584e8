/*
 * test_k_pad.c - Pad in its three forms (paddings / pads attributes, pads
 * input): constant, reflect and edge modes, pads longer than the dim
 * (repeated reflection, as numpy), negative pads (cropping), size-1 and
 * empty dims, several dtypes; expected values from numpy.pad.
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

static const int64_t X23[6] = { 1, 2, 3, 4, 5, 6 }, D23[2] = { 2, 3 };

/* pad11: Pad (opset >= 11) of x [2,3] (dtype) with pads (a constant input),
 * the mode (NULL: default) and no constant_value. */
static hk *pad11(int opset, int dtype, const int64_t *pads, int npads, const char *mode)
{
	hk *h = hk_new("Pad", opset, 3, 1);
	int64_t dp = npads;

	in_vals(h, 0, dtype, 2, D23, X23, 0);
	hk_input(h, 1, IR_INT64, 1, &dp, pads, 1);
	hk_omit_input(h, 2);
	if (mode)
		hk_attr_string(h, "mode", mode);
	return h;
}

START_TEST(pad_reflect_edge_beyond_dim)
{
	/* np.pad(x, ((1, 0), (4, 2)), mode): the left pad of 4 exceeds the dim */
	static const int64_t pads[4] = { 1, 4, 0, 2 }, e[2] = { 3, 9 };
	hk *h = pad11(11, IR_INT32, pads, 4, "reflect");

	ck_assert_int_eq(hk_run(h), 0);
	expect(h, 0, IR_INT32, 2, e,
	       (int64_t[]){ 4, 5, 6, 5, 4, 5, 6, 5, 4, 1, 2, 3, 2, 1, 2, 3, 2, 1,
			    4, 5, 6, 5, 4, 5, 6, 5, 4 });
	hk_free(h);

	h = pad11(13, IR_FLOAT, pads, 4, "edge");
	ck_assert_int_eq(hk_run(h), 0);
	expect(h, 0, IR_FLOAT, 2, e,
	       (int64_t[]){ 1, 1, 1, 1, 1, 2, 3, 3, 3, 1, 1, 1, 1, 1, 2, 3, 3, 3,
			    4, 4, 4, 4, 4, 5, 6, 6, 6 });
	hk_free(h);
}
END_TEST

START_TEST(pad_3d_modes)
{
	/* np.pad(arange(8).reshape(2,2,2), ((1,1),(0,1),(1,0)), mode) */
	static const int64_t pads[6] = { 1, 0, 1, 1, 1, 0 }, d[3] = { 2, 2, 2 }, e[3] = { 4, 3, 3 };
	static const int64_t refl[36] = { 5, 4, 5, 7, 6, 7, 5, 4, 5, 1, 0, 1, 3, 2, 3, 1, 0, 1,
					  5, 4, 5, 7, 6, 7, 5, 4, 5, 1, 0, 1, 3, 2, 3, 1, 0, 1 };
	static const int64_t edge[36] = { 0, 0, 1, 2, 2, 3, 2, 2, 3, 0, 0, 1, 2, 2, 3, 2, 2, 3,
					  4, 4, 5, 6, 6, 7, 6, 6, 7, 4, 4, 5, 6, 6, 7, 6, 6, 7 };
	static const int64_t cons[36] = { -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, 0, 1,
					  -7, 2, 3, -7, -7, -7, -7, 4, 5, -7, 6, 7,
					  -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7 };
	int64_t dp = 6;
	hk *h;

	h = hk_new("Pad", 13, 3, 1);
	in_vals(h, 0, IR_INT8, 3, d, NULL, 0);
	hk_input(h, 1, IR_INT64, 1, &dp, pads, 1);
	hk_attr_string(h, "mode", "reflect");
	hk_omit_input(h, 2);
	ck_assert_int_eq(hk_run(h), 0);
	expect(h, 0, IR_INT8, 3, e, refl);
	hk_free(h);

	h = hk_new("Pad", 2, 1, 1);
	in_vals(h, 0, IR_DOUBLE, 3, d, NULL, 0);
	hk_attr_ints(h, "pads", 6, pads);
	hk_attr_string(h, "mode", "edge");
	ck_assert_int_eq(hk_run(h), 0);
	expect(h, 0, IR_DOUBLE, 3, e, edge);
	hk_free(h);

	/* constant_value is run-time data: it need not be constant */
	h = hk_new("Pad", 11, 3, 1);
	in_vals(h, 0, IR_INT64, 3, d, NULL, 0);
	hk_input(h, 1, IR_INT64, 1, &dp, pads, 1);
	in_vals(h, 2, IR_INT64, 0, NULL, (int64_t[]){ -7 }, 0);
	ck_assert_int_eq(hk_run(h), 0);
	expect(h, 0, IR_INT64, 3, e, cons);
	hk_free(h);
}
END_TEST

START_TEST(pad_negative_crops)
{
	hk *h;

	/* constant: drop row 0 and the last 2 columns, one 9 in front */
	h = pad11(11, IR_INT32, (int64_t[]){ -1, 1, 0, -2 }, 4, NULL);
	in_vals(h, 2, IR_INT32, 0, NULL, (int64_t[]){ 9 }, 1);
	ck_assert_int_eq(hk_run(h), 0);
	expect(h, 0, IR_INT32, 2, (int64_t[]){ 1, 2 }, (int64_t[]){ 9, 4 });
	hk_free(h);

	/* reflect reads the cropped input: [[2,3],[5,6]] padded by 2 at the end */
	h = pad11(13, IR_INT32, (int64_t[]){ 0, -1, 0, 2 }, 4, "reflect");
	ck_assert_int_eq(hk_run(h), 0);
	expect(h, 0, IR_INT32, 2, (int64_t[]){ 2, 4 }, (int64_t[]){ 2, 3, 2, 3, 5, 6, 5, 6 });
	hk_free(h);

	/* edge after cropping the first row */
	h = pad11(13, IR_UINT16, (int64_t[]){ -1, 0, 1, 1 }, 4, "edge");
	ck_assert_int_eq(hk_run(h), 0);
	expect(h, 0, IR_UINT16, 2, (int64_t[]){ 2, 4 }, (int64_t[]){ 4, 5, 6, 6, 4, 5, 6, 6 });
	hk_free(h);

	/* cropping everything of a dim leaves it empty */
	h = pad11(13, IR_FLOAT, (int64_t[]){ 0, -1, 0, -2 }, 4, NULL);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 2, (int64_t[]){ 2, 0 });
	hk_free(h);

	/* cropping more than there is */
	h = pad11(13, IR_FLOAT, (int64_t[]){ 0, -2, 0, -2 }, 4, NULL);
	ck_assert_int_eq(hk_prep(h), -1);
	err_has(h, "pads crop 4 from dim 1 of size 3");
	hk_free(h);
}
END_TEST

START_TEST(pad_small_dims)
{
	int64_t d1[2] = { 1, 1 }, d0[2] = { 0, 2 }, dp = 4;
	static const int64_t pads[4] = { 1, 2, 0, 1 };
	hk *h;

	/* a size-1 dim reflects onto itself, like numpy */
	h = hk_new("Pad", 13, 2, 1);
	in_vals(h, 0, IR_INT32, 2, d1, (int64_t[]){ 7 }, 0);
	hk_input(h, 1, IR_INT64, 1, &dp, pads, 1);
	hk_attr_string(h, "mode", "reflect");
	ck_assert_int_eq(hk_run(h), 0);
	expect(h, 0, IR_INT32, 2, (int64_t[]){ 2, 4 }, (int64_t[]){ 7, 7, 7, 7, 7, 7, 7, 7 });

	/* an empty dim can only be constant-padded */
	in_vals(h, 0, IR_INT32, 2, d0, NULL, 0);
	ck_assert_int_eq(hk_prep(h), -1);
	err_has(h, "cannot reflect-pad the empty dim 0");
	hk_free(h);
	h = hk_new("Pad", 13, 2, 1);
	in_vals(h, 0, IR_INT32, 2, d0, NULL, 0);
	hk_input(h, 1, IR_INT64, 1, &dp, pads, 1);
	ck_assert_int_eq(hk_run(h), 0);
	expect(h, 0, IR_INT32, 2, (int64_t[]){ 1, 5 }, (int64_t[]){ 0, 0, 0, 0, 0 });
	hk_free(h);

	/* a huge pad of an empty tensor allocates no maps */
	h = hk_new("Pad", 13, 2, 1);
	in_vals(h, 0, IR_INT32, 2, d0, NULL, 0);
	hk_input(h, 1, IR_INT64, 1, &dp, (int64_t[]){ 0, (int64_t)1 << 40, 0, 0 }, 1);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 2, (int64_t[]){ 0, ((int64_t)1 << 40) + 2 });
	hk_free(h);

	/* rank 0: nothing to pad */
	h = hk_new("Pad", 11, 2, 1);
	in_vals(h, 0, IR_FLOAT, 0, NULL, (int64_t[]){ 3 }, 0);
	hk_input(h, 1, IR_INT64, 1, (int64_t[]){ 0 }, NULL, 1);
	ck_assert_int_eq(hk_run(h), 0);
	expect(h, 0, IR_FLOAT, 0, NULL, (int64_t[]){ 3 });
	hk_free(h);
}
END_TEST

START_TEST(pad_old_attributes)
{
	float e[10] = { 1.5f, 1, 2, 3, 1.5f, 1.5f, 4, 5, 6, 1.5f };
	hk *h;

	/* Pad-2: pads attribute, float value */
	h = hk_new("Pad", 2, 1, 1);
	in_vals(h, 0, IR_FLOAT, 2, D23, X23, 0);
	hk_attr_ints(h, "pads", 4, (int64_t[]){ 0, 1, 0, 1 });
	hk_attr_float(h, "value", 1.5f);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 2, (int64_t[]){ 2, 5 });
	hk_assert_close(h, 0, e, 10, 0);
	hk_free(h);

	/* Pad-1: paddings attribute; float16 data gets the value converted */
	h = hk_new("Pad", 1, 1, 1);
	in_vals(h, 0, IR_FLOAT16, 2, D23, X23, 0);
	hk_attr_ints(h, "paddings", 4, (int64_t[]){ 1, 0, 0, 0 });
	hk_attr_float(h, "value", -2);
	ck_assert_int_eq(hk_run(h), 0);
	expect(h, 0, IR_FLOAT16, 2, (int64_t[]){ 3, 3 }, (int64_t[]){ -2, -2, -2, 1, 2, 3, 4, 5, 6 });
	hk_free(h);

	/* complex data: zero padding is bytes, another value cannot be stored */
	h = hk_new("Pad", 2, 1, 1);
	{
		float z[4] = { 1, 2, 3, 4 }, ez[8] = { 0, 0, 1, 2, 3, 4, 0, 0 };
		int64_t d2 = 2;
		hk_input(h, 0, IR_COMPLEX64, 1, &d2, z, 0);
		hk_attr_ints(h, "pads", 2, (int64_t[]){ 1, 1 });
		ck_assert_int_eq(hk_run(h), 0);
		ck_assert(!memcmp(h->out[0].data, ez, sizeof ez));
		hk_attr_float(h, "value", 1);
		ck_assert_int_eq(hk_prep(h), -1);
		err_has(h, "value 1 cannot be stored as complex64");
	}
	hk_free(h);

	/* Pad-2 does not read `paddings` */
	h = hk_new("Pad", 2, 1, 1);
	in_vals(h, 0, IR_FLOAT, 2, D23, X23, 0);
	hk_attr_ints(h, "paddings", 4, (int64_t[]){ 0, 1, 0, 1 });
	ck_assert_int_eq(hk_prep(h), -1);
	err_has(h, "attribute 'pads' is missing");
	hk_free(h);
}
END_TEST

START_TEST(pad_refusals)
{
	static const int64_t pads[4] = { 0, 1, 0, 1 };
	int64_t dp = 4;
	hk *h;

	h = pad11(13, IR_FLOAT, pads, 4, "wrap");
	ck_assert_int_eq(hk_prep(h), -1);
	ck_assert_int_eq(h->err.code, ONNXC_EUNSUPPORTED);
	err_has(h, "mode 'wrap' is not supported");
	hk_free(h);

	h = pad11(13, IR_FLOAT, pads, 3, NULL);
	ck_assert_int_eq(hk_prep(h), -1);
	err_has(h, "pads has 3 entries, a rank-2 input needs 4");
	hk_free(h);

	h = pad11(13, IR_FLOAT, pads, 4, NULL);
	hk_input(h, 1, IR_INT64, 1, &dp, pads, 0);
	ck_assert_int_eq(hk_prep(h), -1);
	ck_assert_int_eq(h->err.code, ONNXC_EUNSUPPORTED);
	err_has(h, "('in1') must be known");
	hk_free(h);

	h = pad11(13, IR_FLOAT, pads, 4, NULL);
	in_vals(h, 2, IR_DOUBLE, 0, NULL, NULL, 0);
	ck_assert_int_eq(hk_prep(h), -1);
	err_has(h, "constant_value must be one float");
	hk_free(h);

	h = pad11(13, IR_FLOAT, pads, 4, NULL);
	onnxc_alloc_fail_after(0);
	ck_assert_int_eq(hk_prep(h), -1);
	onnxc_alloc_fail_after(-1);
	ck_assert_int_eq(h->err.code, ONNXC_ENOMEM);
	hk_free(h);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("k_pad");
	TCase *tc = tcase_create("pad");

	tcase_add_test(tc, pad_reflect_edge_beyond_dim);
	tcase_add_test(tc, pad_3d_modes);
	tcase_add_test(tc, pad_negative_crops);
	tcase_add_test(tc, pad_small_dims);
	tcase_add_test(tc, pad_old_attributes);
	tcase_add_test(tc, pad_refusals);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
