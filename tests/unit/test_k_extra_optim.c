/*
 * test_k_extra_optim.c - Adagrad, Adam, Momentum (ai.onnx.preview.training-1).
 *
 * T = 0 cases from the ONNX backend test data (test_adagrad*, test_adam,
 * test_momentum*, test_nesterov_momentum); T > 0, double and the
 * post-update regularization computed with numpy from the pseudo code of
 * the operator documentation; Momentum's small cases also by hand.
 */
#include <math.h>
#include <string.h>

#include "h_kernel.h"
#include "testutil.h"

/* train_node: a kernel-harness node of the training domain */
static hk *train_node(const char *op, int n_in, int n_out)
{
	hk *h = hk_new(op, 17, n_in, n_out);

	onnxc_free(h->node->domain);
	h->node->domain = onnxc_strdup("ai.onnx.preview.training");
	ck_assert_int_eq(ir_model_add_opset(h->m, "ai.onnx.preview.training", 1, &h->err), 0);
	ir_node_resolve(h->m, h->node);
	ck_assert_int_eq(h->node->since_version, 1);
	return h;
}

/* scalars: R (float) and T (int64) as inputs 0 and 1 */
static void scalars(hk *h, float r, int64_t t)
{
	hk_input(h, 0, IR_FLOAT, 0, NULL, &r, 0);
	hk_input(h, 1, IR_INT64, 0, NULL, &t, 0);
}

static void vec(hk *h, int idx, int64_t len, const float *v)
{
	hk_input(h, idx, IR_FLOAT, 1, &len, v, 0);
}

static void assert_double(hk *h, int k, const double *want, int n)
{
	const double *got = h->out[k].data;
	int i;

	ck_assert_int_eq(h->out[k].dtype, IR_DOUBLE);
	ck_assert_int_eq(h->out[k].numel, n);
	for (i = 0; i < n; i++)
		ck_assert_msg(fabs(got[i] - want[i]) <= 1e-12 * (1 + fabs(want[i])),
			      "output %d element %d: %.17g, expected %.17g", k, i, got[i], want[i]);
}

START_TEST(adagrad_backend_multiple)
{
	static const float x1[1] = { 1 }, x2[2] = { 1, 2 }, g1[1] = { -1 }, g2[2] = { -1, -3 };
	static const float h1[1] = { 2 }, h2[2] = { 4, 1 };
	static const float ex1[1] = { 1.05769622f }, ex2[2] = { 1.04468536f, 2.09486175f };
	static const float eh1[1] = { 2.9980011f }, eh2[2] = { 4.9980011f, 9.98800373f };
	hk *h = train_node("Adagrad", 8, 4);

	hk_attr_float(h, "decay_factor", 0.1f);
	hk_attr_float(h, "epsilon", 1e-5f);
	hk_attr_float(h, "norm_coefficient", 0.001f);
	scalars(h, 0.1f, 0);
	vec(h, 2, 1, x1);
	vec(h, 3, 2, x2);
	vec(h, 4, 1, g1);
	vec(h, 5, 2, g2);
	vec(h, 6, 1, h1);
	vec(h, 7, 2, h2);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_close(h, 0, ex1, 1, 1e-6f);
	hk_assert_close(h, 1, ex2, 2, 1e-6f);
	hk_assert_close(h, 2, eh1, 1, 1e-6f);
	hk_assert_close(h, 3, eh2, 2, 1e-6f);
	hk_free(h);
}
END_TEST

/* T = 3 with decay 0.5: r = 0.2 / 2.5 */
START_TEST(adagrad_decay)
{
	static const float x[2] = { 0.5f, -2 }, g[2] = { 0.25f, 1 }, hh[2] = { 0, 3 };
	static const float ex[2] = { 0.420265781f, -2.03352754f }, eh[2] = { 0.09f, 3.64f };
	int64_t d[2] = { 2, 1 };
	hk *h = train_node("Adagrad", 5, 2);

	hk_attr_float(h, "decay_factor", 0.5f);
	hk_attr_float(h, "epsilon", 1e-3f);
	hk_attr_float(h, "norm_coefficient", 0.1f);
	scalars(h, 0.2f, 3);
	hk_input(h, 2, IR_FLOAT, 2, d, x, 0);
	hk_input(h, 3, IR_FLOAT, 2, d, g, 0);
	hk_input(h, 4, IR_FLOAT, 2, d, hh, 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 2, d);
	hk_assert_dims(h, 1, 2, d);
	hk_assert_close(h, 0, ex, 2, 1e-6f);
	hk_assert_close(h, 1, eh, 2, 1e-6f);
	hk_free(h);
}
END_TEST

START_TEST(adam_backend)
{
	static const float x[2] = { 1.2f, 2.8f }, g[2] = { -0.94f, -2.5f }, v[2] = { 1.7f, 3.6f };
	static const float hh[2] = { 0.1f, 0.1f };
	static const float ex[2] = { 1.02503633f, 2.66103268f }, ev[2] = { 1.56806004f, 3.29513979f };
	static const float eh[2] = { 0.803210795f, 5.62240696f };
	hk *h = train_node("Adam", 6, 3);

	hk_attr_float(h, "alpha", 0.95f);
	hk_attr_float(h, "beta", 0.1f);
	hk_attr_float(h, "epsilon", 1e-7f);
	hk_attr_float(h, "norm_coefficient", 0.001f);
	scalars(h, 0.1f, 0);
	vec(h, 2, 2, x);
	vec(h, 3, 2, g);
	vec(h, 4, 2, v);
	vec(h, 5, 2, hh);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_close(h, 0, ex, 2, 1e-6f);
	hk_assert_close(h, 1, ev, 2, 1e-6f);
	hk_assert_close(h, 2, eh, 2, 1e-6f);
	hk_free(h);
}
END_TEST

/* The default epsilon applies when the attribute is absent (1e-6; the
 * backend case test_adam_multiple omits it but its expected values use 1e-2,
 * onnx/onnx#7749): X1 = 1 - 0.1 * 1.85005 / (sqrt(0.574700177) + 1e-6). */
START_TEST(adam_default_epsilon)
{
	static const float x[1] = { 1 }, g[1] = { -1 }, v[1] = { 2 }, hh[1] = { 0.5f };
	static const float ex[1] = { 0.755959314f }, ev[1] = { 1.85005f }, eh[1] = { 0.574700177f };
	hk *h = train_node("Adam", 6, 3);

	hk_attr_float(h, "alpha", 0.95f);
	hk_attr_float(h, "beta", 0.85f);
	hk_attr_float(h, "norm_coefficient", 0.001f);
	scalars(h, 0.1f, 0);
	vec(h, 2, 1, x);
	vec(h, 3, 1, g);
	vec(h, 4, 1, v);
	vec(h, 5, 1, hh);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_close(h, 0, ex, 1, 1e-6f);
	hk_assert_close(h, 1, ev, 1, 1e-6f);
	hk_assert_close(h, 2, eh, 1, 1e-6f);
	hk_free(h);
}
END_TEST

/* double tensors, T = 2 (bias correction), norm_coefficient_post */
START_TEST(adam_double_bias_correction)
{
	static const double x[3] = { 1.5, -0.5, 2 }, g[3] = { 0.3, -0.2, 0 };
	static const double v[3] = { 0.1, 0, -0.3 }, hh[3] = { 0.01, 0.04, 0 };
	static const double ex[3] = { 1.3099752987757003, -0.4462481528621721, 2.6600771806257995 };
	static const double ev[3] = { 0.1275, -0.022499999999999996, -0.26 };
	static const double eh[3] = { 0.011306250000000002, 0.04010625, 0.0001000000000000001 };
	static const double r = 0.05;
	static const int64_t t = 2;
	int64_t d[1] = { 3 };
	hk *h = train_node("Adam", 6, 3);

	hk_attr_float(h, "alpha", 0.9f);
	hk_attr_float(h, "beta", 0.99f);
	hk_attr_float(h, "epsilon", 1e-4f);
	hk_attr_float(h, "norm_coefficient", 0.05f);
	hk_attr_float(h, "norm_coefficient_post", 0.1f);
	hk_input(h, 0, IR_DOUBLE, 0, NULL, &r, 0);
	hk_input(h, 1, IR_INT64, 0, NULL, &t, 0);
	hk_input(h, 2, IR_DOUBLE, 1, d, x, 0);
	hk_input(h, 3, IR_DOUBLE, 1, d, g, 0);
	hk_input(h, 4, IR_DOUBLE, 1, d, v, 0);
	hk_input(h, 5, IR_DOUBLE, 1, d, hh, 0);
	ck_assert_int_eq(hk_run(h), 0);
	/* the attributes are floats: compare with the float-valued constants'
	 * results to a float's precision */
	{
		const double *got = h->out[0].data;
		int i;
		for (i = 0; i < 3; i++) {
			ck_assert_double_eq_tol(got[i], ex[i], 1e-6);
			ck_assert_double_eq_tol(((const double *)h->out[1].data)[i], ev[i], 1e-7);
			ck_assert_double_eq_tol(((const double *)h->out[2].data)[i], eh[i], 1e-8);
		}
	}
	hk_free(h);
}
END_TEST

START_TEST(momentum_backend)
{
	static const float x[2] = { 1.2f, 2.8f }, g[2] = { -0.94f, -2.5f }, v[2] = { 1.7f, 3.6f };
	static const float sx[2] = { 1.13238001f, 2.70772004f }, sv[2] = { 0.676200032f, 0.922799826f };
	static const float nx[2] = { 1.22753501f, 2.95713997f }, nv[2] = { 0.687000036f, 0.947999954f };
	int k;

	for (k = 0; k < 2; k++) {
		hk *h = train_node("Momentum", 5, 2);
		hk_attr_float(h, "alpha", 0.95f);
		hk_attr_float(h, "beta", k ? 1.0f : 0.1f);
		hk_attr_float(h, "norm_coefficient", k ? 0.01f : 0.001f);
		hk_attr_string(h, "mode", k ? "nesterov" : "standard");
		scalars(h, 0.1f, 0);
		vec(h, 2, 2, x);
		vec(h, 3, 2, g);
		vec(h, 4, 2, v);
		ck_assert_int_eq(hk_run(h), 0);
		hk_assert_close(h, 0, k ? nx : sx, 2, 1e-6f);
		hk_assert_close(h, 1, k ? nv : sv, 2, 1e-6f);
		hk_free(h);
	}
}
END_TEST

/* T = 5: beta applies.  G_reg = 0.2*X + G = (-0.8, 0.9),
 * V_new = 0.8*V + 0.5*G_reg = (0, -0.35); standard X - 0.1*V_new,
 * nesterov X - 0.1*(G_reg + 0.8*V_new) = (1.08, 1.938). */
START_TEST(momentum_by_hand)
{
	static const double x[2] = { 1, 2 }, g[2] = { -1, 0.5 }, v[2] = { 0.5, -1 };
	static const double sx[2] = { 1, 2.035 }, nx[2] = { 1.08, 1.938 }, ev[2] = { 0, -0.35 };
	static const int64_t t = 5;
	static const float r = 0.1f;
	int64_t d[1] = { 2 };
	int k, i;

	for (k = 0; k < 2; k++) {
		hk *h = train_node("Momentum", 5, 2);
		hk_attr_float(h, "alpha", 0.8f);
		hk_attr_float(h, "beta", 0.5f);
		hk_attr_float(h, "norm_coefficient", 0.2f);
		hk_attr_string(h, "mode", k ? "nesterov" : "standard");
		hk_input(h, 0, IR_FLOAT, 1, (int64_t[]){ 1 }, &r, 0);
		hk_input(h, 1, IR_INT64, 0, NULL, &t, 0);
		hk_input(h, 2, IR_DOUBLE, 1, d, x, 0);
		hk_input(h, 3, IR_DOUBLE, 1, d, g, 0);
		hk_input(h, 4, IR_DOUBLE, 1, d, v, 0);
		ck_assert_int_eq(hk_run(h), 0);
		/* 0.8f, 0.2f, 0.1f are not exact: a float's worth of tolerance */
		for (i = 0; i < 2; i++) {
			ck_assert_double_eq_tol(((const double *)h->out[0].data)[i], k ? nx[i] : sx[i], 1e-7);
			ck_assert_double_eq_tol(((const double *)h->out[1].data)[i], ev[i], 1e-7);
		}
		hk_free(h);
	}
}
END_TEST

/* an omitted output is skipped; the others are still written */
START_TEST(omitted_output)
{
	static const double x[1] = { 1 }, g[1] = { 2 }, hh[1] = { 0 };
	static const double ex[1] = { 1 - 0.5 * 2 / (2 + 0.25) };
	static const float r = 0.5f;
	static const int64_t t = 0;
	int64_t d[1] = { 1 };
	hk *h = train_node("Adagrad", 5, 2);

	hk_attr_float(h, "epsilon", 0.25f);
	hk_input(h, 0, IR_FLOAT, 0, NULL, &r, 0);
	hk_input(h, 1, IR_INT64, 0, NULL, &t, 0);
	hk_input(h, 2, IR_DOUBLE, 1, d, x, 0);
	hk_input(h, 3, IR_DOUBLE, 1, d, g, 0);
	hk_input(h, 4, IR_DOUBLE, 1, d, hh, 0);
	hk_omit_output(h, 1);
	ck_assert_int_eq(hk_run(h), 0);
	assert_double(h, 0, ex, 1);
	hk_free(h);
}
END_TEST

static void expect_refusal(hk *h, int code, const char *needle)
{
	ck_assert_int_eq(hk_prep(h), -1);
	ck_assert_int_eq(h->err.code, code);
	ck_assert_msg(strstr(h->err.msg, needle), "message '%s' lacks '%s'", h->err.msg, needle);
	hk_free(h);
}

/* adagrad1: a valid single-tensor Adagrad node with inputs of length 2 */
static hk *adagrad1(void)
{
	static const float v[2] = { 0 };
	hk *h = train_node("Adagrad", 5, 2);

	scalars(h, 0.1f, 0);
	vec(h, 2, 2, v);
	vec(h, 3, 2, v);
	vec(h, 4, 2, v);
	return h;
}

START_TEST(refusals)
{
	static const float v[3] = { 0 };
	static const int32_t t32 = 0;
	hk *h;

	h = adagrad1();
	ck_assert_int_eq(hk_run(h), 0);
	hk_free(h);

	h = adagrad1();
	vec(h, 3, 3, v);
	expect_refusal(h, ONNXC_EUNSUPPORTED, "input 3 does not have the shape of input 2");

	h = adagrad1();
	hk_input(h, 1, IR_INT32, 0, NULL, &t32, 0);
	expect_refusal(h, ONNXC_EINVAL, "T must be int64");

	h = adagrad1();
	vec(h, 0, 2, v);
	expect_refusal(h, ONNXC_EINVAL, "R and T must hold one element each");

	h = adagrad1();
	hk_input(h, 4, IR_DOUBLE, 1, (int64_t[]){ 2 }, (double[]){ 0, 0 }, 0);
	expect_refusal(h, ONNXC_EINVAL, "input 4 is double, input 2 is float");

	h = adagrad1();
	hk_input(h, 2, IR_INT32, 1, (int64_t[]){ 1 }, &t32, 0);
	expect_refusal(h, ONNXC_EUNSUPPORTED, "element type int32");

	h = train_node("Adagrad", 6, 2);
	expect_refusal(h, ONNXC_EINVAL, "has 6 inputs, expected 2 + 3 per tensor");

	h = train_node("Adam", 6, 2);
	expect_refusal(h, ONNXC_EINVAL, "has 2 outputs, expected 3");

	h = train_node("Momentum", 5, 2);
	scalars(h, 0.1f, 0);
	vec(h, 2, 2, v);
	vec(h, 3, 2, v);
	vec(h, 4, 2, v);
	hk_attr_float(h, "alpha", 0.9f);
	hk_attr_float(h, "beta", 0.9f);
	hk_attr_float(h, "norm_coefficient", 0);
	expect_refusal(h, ONNXC_EINVAL, "attribute 'mode' is required");

	h = train_node("Momentum", 5, 2);
	scalars(h, 0.1f, 0);
	vec(h, 2, 2, v);
	vec(h, 3, 2, v);
	vec(h, 4, 2, v);
	hk_attr_float(h, "alpha", 0.9f);
	hk_attr_string(h, "mode", "standard");
	expect_refusal(h, ONNXC_EINVAL, "attribute 'beta' is required");

	h = train_node("Momentum", 5, 2);
	scalars(h, 0.1f, 0);
	vec(h, 2, 2, v);
	vec(h, 3, 2, v);
	vec(h, 4, 2, v);
	hk_attr_float(h, "alpha", 0.9f);
	hk_attr_float(h, "beta", 0.9f);
	hk_attr_float(h, "norm_coefficient", 0);
	hk_attr_string(h, "mode", "heavy");
	expect_refusal(h, ONNXC_EINVAL, "mode 'heavy'");
}
END_TEST

START_TEST(prep_out_of_memory)
{
	hk *h = adagrad1();

	onnxc_alloc_fail_after(0);
	ck_assert_int_eq(hk_prep(h), -1);
	onnxc_alloc_fail_after(-1);
	ck_assert_int_eq(h->err.code, ONNXC_ENOMEM);
	ck_assert_ptr_null(h->rn.params);
	ck_assert_int_eq(hk_run(h), 0);
	hk_free(h);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("k_extra_optim");
	TCase *tc = tcase_create("optim");

	tcase_add_test(tc, adagrad_backend_multiple);
	tcase_add_test(tc, adagrad_decay);
	tcase_add_test(tc, adam_backend);
	tcase_add_test(tc, adam_default_epsilon);
	tcase_add_test(tc, adam_double_bias_correction);
	tcase_add_test(tc, momentum_backend);
	tcase_add_test(tc, momentum_by_hand);
	tcase_add_test(tc, omitted_output);
	tcase_add_test(tc, refusals);
	tcase_add_test(tc, prep_out_of_memory);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
