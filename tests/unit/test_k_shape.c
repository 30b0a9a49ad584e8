/*
 * test_k_shape.c - Reshape, Flatten, Squeeze, Unsqueeze, Dropout, Shape and
 * Size: every opset form (attribute vs input), the special dims of Reshape,
 * negative axes, zero-size tensors, and refusals that name the node.
 */
#include <stdlib.h>
#include <string.h>

#include "h_kernel.h"
#include "testutil.h"

static const float X24[24] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
			       12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23 };

/* err_has: the recorded error contains s (and names node n0). */
static void err_has(hk *h, const char *s)
{
	ck_assert_msg(strstr(h->err.msg, s) != NULL, "error '%s' lacks '%s'", h->err.msg, s);
	ck_assert_msg(strstr(h->err.msg, "node 'n0'") != NULL, "error '%s' lacks the node",
		      h->err.msg);
}

/* reshape13: Reshape at `opset` of a [2,3,4] float input to `shape`. */
static hk *reshape(int opset, int n, const int64_t *shape, int allowzero)
{
	hk *h = hk_new("Reshape", opset, 2, 1);
	int64_t d[3] = { 2, 3, 4 }, ds = n;

	hk_input(h, 0, IR_FLOAT, 3, d, X24, 0);
	hk_input(h, 1, IR_INT64, 1, &ds, shape, 1);
	if (allowzero >= 0)
		hk_attr_int(h, "allowzero", allowzero);
	return h;
}

START_TEST(reshape_special_dims)
{
	static const int64_t s1[] = { 0, -1 }, s2[] = { -1, 2, 0 }, s3[] = { 4, 0, 2 };
	int64_t e1[] = { 2, 12 }, e2[] = { 3, 2, 4 }, e3[] = { 4, 3, 2 };
	hk *h;

	h = reshape(13, 2, s1, -1);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 2, e1);
	hk_assert_close(h, 0, X24, 24, 0);
	hk_free(h);

	/* -1 inferred with a copied dim after it */
	h = reshape(5, 3, s2, -1);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 3, e2);
	hk_free(h);

	h = reshape(14, 3, s3, 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 3, e3);
	hk_free(h);
}
END_TEST

START_TEST(reshape_allowzero)
{
	static const int64_t s[] = { 0, 4 }, s_bad[] = { 0, -1 };
	int64_t d0[2] = { 0, 3 }, ds = 2, e[2] = { 0, 4 };
	hk *h = hk_new("Reshape", 14, 2, 1);

	/* allowzero=1: 0 is a real zero-size dim; [0,3] -> [0,4] is valid */
	hk_input(h, 0, IR_FLOAT, 2, d0, NULL, 0);
	hk_input(h, 1, IR_INT64, 1, &ds, s, 1);
	hk_attr_int(h, "allowzero", 1);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 2, e);
	ck_assert_int_eq(h->out[0].numel, 0);
	hk_free(h);

	/* a [2,3,4] input cannot become [0,4] */
	h = reshape(14, 2, s, 1);
	ck_assert_int_eq(hk_prep(h), -1);
	err_has(h, "cannot reshape 24 elements into 0");
	hk_free(h);

	/* 0 with allowzero and -1 together is invalid */
	h = reshape(14, 2, s_bad, 1);
	ck_assert_int_eq(hk_prep(h), -1);
	err_has(h, "both 0 (allowzero) and -1");
	hk_free(h);
}
END_TEST

START_TEST(reshape_errors)
{
	static const int64_t two[] = { -1, -1 }, bad[] = { 5, -1 }, neg[] = { -2, 12 };
	static const int64_t copy[] = { 0, 0, 0, 0 };
	int64_t ds = 2;
	hk *h;

	h = reshape(13, 2, two, -1);
	ck_assert_int_eq(hk_prep(h), -1);
	err_has(h, "more than one -1");
	hk_free(h);

	h = reshape(13, 2, bad, -1);
	ck_assert_int_eq(hk_prep(h), -1);
	err_has(h, "cannot infer the -1 dim");
	ck_assert_int_eq(h->err.code, ONNXC_EINVAL);
	hk_free(h);

	h = reshape(13, 2, neg, -1);
	ck_assert_int_eq(hk_prep(h), -1);
	err_has(h, "shape[0] = -2");
	hk_free(h);

	/* 0 copying a dim beyond the input's rank */
	h = reshape(13, 4, copy, -1);
	ck_assert_int_eq(hk_prep(h), -1);
	err_has(h, "copies a dim");
	hk_free(h);

	/* a shape not known at prepare is refused, naming the input */
	h = reshape(13, 2, two, -1);
	hk_input(h, 1, IR_INT64, 1, &ds, two, 0);
	ck_assert_int_eq(hk_prep(h), -1);
	ck_assert_int_eq(h->err.code, ONNXC_EUNSUPPORTED);
	err_has(h, "('in1') must be known");
	hk_free(h);
}
END_TEST

START_TEST(reshape_v1_attribute)
{
	static const int64_t shape[] = { 6, -1 };
	int64_t d[3] = { 2, 3, 4 }, e[2] = { 6, 4 };
	hk *h = hk_new("Reshape", 1, 1, 1);

	hk_input(h, 0, IR_FLOAT, 3, d, X24, 0);
	hk_attr_ints(h, "shape", 2, shape);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 2, e);
	hk_assert_close(h, 0, X24, 24, 0);
	hk_free(h);

	h = hk_new("Reshape", 4, 1, 1);
	hk_input(h, 0, IR_FLOAT, 3, d, X24, 0);
	ck_assert_int_eq(hk_prep(h), -1);
	err_has(h, "'shape' is missing");
	hk_free(h);
}
END_TEST

START_TEST(reshape_int64_and_inplace)
{
	static const int64_t v[6] = { -1, 2, INT64_MAX, INT64_MIN, 5, 6 }, shape[] = { 3, 2 };
	int64_t d = 6, ds = 2, e[2] = { 3, 2 };
	hk *h = hk_new("Reshape", 13, 2, 1);
	const rt_op *op = rt_op_get(h->node->op);

	ck_assert_uint_eq(op->flags, RT_INPLACE | RT_ALIAS);
	hk_input(h, 0, IR_INT64, 1, &d, v, 0);
	hk_input(h, 1, IR_INT64, 1, &ds, shape, 1);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 2, e);
	ck_assert(!memcmp(hk_outi64(h, 0), v, sizeof v));
	/* sharing memory: exec leaves the bytes alone */
	free(h->out[0].data);
	h->out[0].data = NULL;
	h->out[0].data = h->in[0].data;
	ck_assert_int_eq(op->exec(&h->rn, &h->err), 0);
	ck_assert(!memcmp(h->in[0].data, v, sizeof v));
	h->out[0].data = NULL;
	hk_free(h);
}
END_TEST

START_TEST(reshape_string_refused)
{
	static const int64_t shape[] = { 2 };
	int64_t d = 2, ds = 1;
	hk *h = hk_new("Reshape", 13, 2, 1);

	hk_input(h, 0, IR_STRING, 1, &d, NULL, 0);
	hk_input(h, 1, IR_INT64, 1, &ds, shape, 1);
	ck_assert_int_eq(hk_prep(h), -1);
	ck_assert_int_eq(h->err.code, ONNXC_EUNSUPPORTED);
	err_has(h, "string tensors are not supported");
	hk_free(h);
}
END_TEST

/* flatten: Flatten at opset of a [2,3,4] input with axis (or default). */
static hk *flatten(int opset, int has_axis, int64_t axis)
{
	hk *h = hk_new("Flatten", opset, 1, 1);
	int64_t d[3] = { 2, 3, 4 };

	hk_input(h, 0, IR_FLOAT, 3, d, X24, 0);
	if (has_axis)
		hk_attr_int(h, "axis", axis);
	return h;
}

START_TEST(flatten_axes)
{
	static const struct { int opset, has; int64_t axis, d0, d1; } c[] = {
		{ 13, 0, 0, 2, 12 }, { 13, 1, 0, 1, 24 }, { 13, 1, 3, 24, 1 },
		{ 11, 1, -1, 6, 4 }, { 13, 1, -3, 1, 24 }, { 1, 1, 2, 6, 4 }, { 9, 1, 3, 24, 1 },
	};
	size_t i;

	for (i = 0; i < sizeof c / sizeof c[0]; i++) {
		hk *h = flatten(c[i].opset, c[i].has, c[i].axis);
		int64_t e[2] = { c[i].d0, c[i].d1 };
		ck_assert_int_eq(hk_run(h), 0);
		hk_assert_dims(h, 0, 2, e);
		hk_assert_close(h, 0, X24, 24, 0);
		hk_free(h);
	}
}
END_TEST

START_TEST(flatten_errors)
{
	hk *h = flatten(13, 1, 4);

	ck_assert_int_eq(hk_prep(h), -1);
	err_has(h, "axis 4 out of range for rank 3");
	hk_free(h);
	h = flatten(13, 1, -4);
	ck_assert_int_eq(hk_prep(h), -1);
	hk_free(h);
	/* negative axes arrive in opset 11 */
	h = flatten(9, 1, -1);
	ck_assert_int_eq(hk_prep(h), -1);
	err_has(h, "axis -1 out of range");
	hk_free(h);
}
END_TEST

START_TEST(squeeze_forms)
{
	static const int64_t ax_attr[] = { 0, -1 }, ax_in[] = { -2 };
	int64_t d[4] = { 1, 3, 1, 1 }, na = 1, e_all[1] = { 3 }, e_two[2] = { 3, 1 };
	int64_t e_one[3] = { 3, 1, 1 };
	float x[3] = { 1, 2, 3 };
	hk *h;

	/* opset 1/11: axes attribute (negative from 11) */
	h = hk_new("Squeeze", 11, 1, 1);
	hk_input(h, 0, IR_FLOAT, 4, d, x, 0);
	hk_attr_ints(h, "axes", 2, ax_attr);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 2, e_two);
	hk_assert_close(h, 0, x, 3, 0);
	hk_free(h);

	/* no axes: every size-1 dim goes */
	h = hk_new("Squeeze", 1, 1, 1);
	hk_input(h, 0, IR_FLOAT, 4, d, x, 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 1, e_all);
	hk_free(h);

	/* opset 13: axes input (negative), or omitted */
	h = hk_new("Squeeze", 13, 2, 1);
	hk_input(h, 0, IR_FLOAT, 4, d, x, 0);
	hk_input(h, 1, IR_INT64, 1, &na, ax_in, 1);
	ck_assert_int_eq(hk_run(h), 0);
	{
		int64_t e[3] = { 1, 3, 1 };
		hk_assert_dims(h, 0, 3, e);
	}
	hk_omit_input(h, 1);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 1, e_all);
	/* an empty axes list squeezes every size-1 dim too (as onnxruntime) */
	hk_input(h, 1, IR_INT64, 1, (int64_t[]){ 0 }, NULL, 1);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 1, e_all);
	hk_free(h);

	/* int32 axes are read as well */
	h = hk_new("Squeeze", 13, 2, 1);
	hk_input(h, 0, IR_FLOAT, 4, d, x, 0);
	hk_input(h, 1, IR_INT32, 1, &na, (int32_t[]){ 0 }, 1);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 3, e_one);
	hk_free(h);
}
END_TEST

START_TEST(squeeze_errors)
{
	static const int64_t ax1[] = { 1 }, ax4[] = { 4 };
	int64_t d[4] = { 1, 3, 1, 1 }, na = 1;
	hk *h = hk_new("Squeeze", 13, 2, 1);

	hk_input(h, 0, IR_FLOAT, 4, d, NULL, 0);
	hk_input(h, 1, IR_INT64, 1, &na, ax1, 1);
	ck_assert_int_eq(hk_prep(h), -1);
	err_has(h, "cannot squeeze axis 1 of size 3");
	hk_input(h, 1, IR_INT64, 1, &na, ax4, 1);
	ck_assert_int_eq(hk_prep(h), -1);
	err_has(h, "axis 4 out of range for rank 4");
	/* axes not known at prepare */
	hk_input(h, 1, IR_INT64, 1, &na, ax1, 0);
	ck_assert_int_eq(hk_prep(h), -1);
	ck_assert_int_eq(h->err.code, ONNXC_EUNSUPPORTED);
	hk_free(h);

	/* a scalar has nothing to squeeze */
	h = hk_new("Squeeze", 11, 1, 1);
	hk_input(h, 0, IR_FLOAT, 0, NULL, NULL, 0);
	hk_attr_ints(h, "axes", 1, (int64_t[]){ 0 });
	ck_assert_int_eq(hk_prep(h), -1);
	err_has(h, "out of range for rank 0");
	hk_free(h);
}
END_TEST

START_TEST(unsqueeze_forms)
{
	static const int64_t ax[] = { 3, 0 }, axn[] = { -1, -4 };
	int64_t d[2] = { 2, 3 }, na = 2, e[4] = { 1, 2, 3, 1 };
	hk *h;

	h = hk_new("Unsqueeze", 1, 1, 1);
	hk_input(h, 0, IR_FLOAT, 2, d, X24, 0);
	hk_attr_ints(h, "axes", 2, ax);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 4, e);
	hk_assert_close(h, 0, X24, 6, 0);
	hk_free(h);

	h = hk_new("Unsqueeze", 13, 2, 1);
	hk_input(h, 0, IR_FLOAT, 2, d, X24, 0);
	hk_input(h, 1, IR_INT64, 1, &na, axn, 1);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 4, e);
	hk_free(h);

	/* a scalar becomes [1] */
	h = hk_new("Unsqueeze", 11, 1, 1);
	hk_input(h, 0, IR_FLOAT, 0, NULL, X24 + 5, 0);
	hk_attr_ints(h, "axes", 1, (int64_t[]){ -1 });
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 1, (int64_t[]){ 1 });
	ck_assert(hk_outf(h, 0)[0] == 5);
	hk_free(h);
}
END_TEST

START_TEST(unsqueeze_errors)
{
	static const int64_t dup[] = { 1, -3 }, far[] = { 4 };
	int64_t d[2] = { 2, 3 }, na = 2, n1 = 1;
	hk *h = hk_new("Unsqueeze", 13, 2, 1);

	hk_input(h, 0, IR_FLOAT, 2, d, NULL, 0);
	hk_input(h, 1, IR_INT64, 1, &na, dup, 1);
	ck_assert_int_eq(hk_prep(h), -1);
	err_has(h, "axis 1 listed twice");
	hk_input(h, 1, IR_INT64, 1, &n1, far, 1);
	ck_assert_int_eq(hk_prep(h), -1);
	err_has(h, "axis 4 out of range for rank 3");
	hk_omit_input(h, 1);
	ck_assert_int_eq(hk_prep(h), -1);
	err_has(h, "required input 1 is missing");
	hk_free(h);

	h = hk_new("Unsqueeze", 11, 1, 1);
	hk_input(h, 0, IR_FLOAT, 2, d, NULL, 0);
	ck_assert_int_eq(hk_prep(h), -1);
	err_has(h, "axes are missing");
	hk_free(h);
}
END_TEST

START_TEST(dropout_inference)
{
	int64_t d[2] = { 2, 2 };
	float x[4] = { 1, -2, 3, 4 }, ones[4] = { 1, 1, 1, 1 };
	uint8_t f = 0;
	float ratio = 0.5f;
	hk *h;
	int i;

	/* opset 7: mask has the data type, all ones */
	h = hk_new("Dropout", 7, 1, 2);
	hk_input(h, 0, IR_FLOAT, 2, d, x, 0);
	hk_attr_float(h, "ratio", 0.3f);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_close(h, 0, x, 4, 0);
	hk_assert_close(h, 1, ones, 4, 0);
	hk_free(h);

	/* opset 13: training_mode false, bool mask all true */
	h = hk_new("Dropout", 13, 3, 2);
	hk_input(h, 0, IR_FLOAT, 2, d, x, 0);
	hk_input(h, 1, IR_FLOAT, 0, NULL, &ratio, 1);
	hk_input(h, 2, IR_BOOL, 0, NULL, &f, 1);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_close(h, 0, x, 4, 0);
	ck_assert_int_eq(h->out[1].dtype, IR_BOOL);
	for (i = 0; i < 4; i++)
		ck_assert_int_eq(((uint8_t *)h->out[1].data)[i], 1);
	hk_free(h);

	/* a data-typed mask (before opset 10) of complex numbers is refused */
	h = hk_new("Dropout", 7, 1, 2);
	hk_input(h, 0, IR_COMPLEX64, 2, d, NULL, 0);
	ck_assert_int_eq(hk_prep(h), -1);
	err_has(h, "a complex64 mask is not supported");
	hk_omit_output(h, 1);
	ck_assert_int_eq(hk_run(h), 0);
	hk_free(h);

	/* opset 1, float16 data, mask omitted */
	h = hk_new("Dropout", 1, 1, 2);
	{
		uint16_t hx[2] = { 0x3c00, 0xc000 };
		int64_t d2 = 2;
		hk_input(h, 0, IR_FLOAT16, 1, &d2, hx, 0);
		hk_attr_int(h, "is_test", 1);
		hk_omit_output(h, 1);
		ck_assert_int_eq(hk_run(h), 0);
		ck_assert(!memcmp(h->out[0].data, hx, 4));
	}
	hk_free(h);
}
END_TEST

START_TEST(dropout_training_refused)
{
	int64_t d[2] = { 2, 2 };
	uint8_t t = 1;
	float ratio = 0.5f, zero = 0;
	hk *h = hk_new("Dropout", 12, 3, 1);

	hk_input(h, 0, IR_FLOAT, 2, d, NULL, 0);
	hk_input(h, 1, IR_FLOAT, 0, NULL, &ratio, 1);
	hk_input(h, 2, IR_BOOL, 0, NULL, &t, 1);
	ck_assert_int_eq(hk_prep(h), -1);
	ck_assert_int_eq(h->err.code, ONNXC_EUNSUPPORTED);
	err_has(h, "training_mode is true");
	/* ratio omitted (default 0.5) */
	hk_omit_input(h, 1);
	ck_assert_int_eq(hk_prep(h), -1);
	/* training with ratio 0 is an identity */
	hk_input(h, 1, IR_FLOAT, 0, NULL, &zero, 1);
	ck_assert_int_eq(hk_prep(h), 0);
	/* training_mode unknown at prepare */
	hk_input(h, 2, IR_BOOL, 0, NULL, &t, 0);
	ck_assert_int_eq(hk_prep(h), -1);
	err_has(h, "training_mode must be known");
	hk_free(h);
}
END_TEST

START_TEST(shape_and_size)
{
	int64_t d[4] = { 2, 0, 5, 7 };
	static const struct { int opset, hs, he; int64_t s, e; int n; int64_t v[4]; } c[] = {
		{ 1, 0, 0, 0, 0, 4, { 2, 0, 5, 7 } },
		{ 15, 1, 0, 1, 0, 3, { 0, 5, 7 } },
		{ 15, 0, 1, 0, -1, 3, { 2, 0, 5 } },
		{ 15, 1, 1, -3, 3, 2, { 0, 5 } },
		{ 15, 1, 1, -10, 10, 4, { 2, 0, 5, 7 } },
		{ 15, 1, 1, 3, 1, 0, { 0 } },
	};
	size_t i;
	hk *h;

	for (i = 0; i < sizeof c / sizeof c[0]; i++) {
		int64_t n = c[i].n;
		h = hk_new("Shape", c[i].opset, 1, 1);
		ck_assert_uint_eq(rt_op_get(h->node->op)->flags, RT_SHAPE_ONLY);
		hk_input(h, 0, IR_FLOAT, 4, d, NULL, 0);
		if (c[i].hs)
			hk_attr_int(h, "start", c[i].s);
		if (c[i].he)
			hk_attr_int(h, "end", c[i].e);
		ck_assert_int_eq(hk_run(h), 0);
		ck_assert_int_eq(h->out[0].dtype, IR_INT64);
		hk_assert_dims(h, 0, 1, &n);
		ck_assert(!n || !memcmp(hk_outi64(h, 0), c[i].v, sizeof(int64_t) * (size_t)n));
		hk_free(h);
	}

	/* Shape and Size never read data: strings are fine */
	h = hk_new("Size", 13, 1, 1);
	ck_assert_uint_eq(rt_op_get(h->node->op)->flags, RT_SHAPE_ONLY);
	hk_input(h, 0, IR_STRING, 4, d, NULL, 0);
	ck_assert_int_eq(hk_run(h), 0);
	ck_assert_int_eq(h->out[0].rank, 0);
	ck_assert_int_eq(hk_outi64(h, 0)[0], 0);
	d[1] = 3;
	hk_input(h, 0, IR_UINT8, 4, d, NULL, 0);
	ck_assert_int_eq(hk_run(h), 0);
	ck_assert_int_eq(hk_outi64(h, 0)[0], 210);
	hk_free(h);

	h = hk_new("Shape", 13, 1, 1);
	hk_input(h, 0, IR_BOOL, 0, NULL, NULL, 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 1, (int64_t[]){ 0 });
	hk_free(h);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("k_shape");
	TCase *tc = tcase_create("shape");

	tcase_add_test(tc, reshape_special_dims);
	tcase_add_test(tc, reshape_allowzero);
	tcase_add_test(tc, reshape_errors);
	tcase_add_test(tc, reshape_v1_attribute);
	tcase_add_test(tc, reshape_int64_and_inplace);
	tcase_add_test(tc, reshape_string_refused);
	tcase_add_test(tc, flatten_axes);
	tcase_add_test(tc, flatten_errors);
	tcase_add_test(tc, squeeze_forms);
	tcase_add_test(tc, squeeze_errors);
	tcase_add_test(tc, unsqueeze_forms);
	tcase_add_test(tc, unsqueeze_errors);
	tcase_add_test(tc, dropout_inference);
	tcase_add_test(tc, dropout_training_refused);
	tcase_add_test(tc, shape_and_size);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
