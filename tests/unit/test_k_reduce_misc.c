/*
 * test_k_reduce_misc.c - Det, MeanVarianceNormalization, GlobalLpPool.
 *
 * The table holds the ONNX 1.12 backend test data (test_det_2d, test_det_nd,
 * test_mvn); the rest is hand-computed.
 */
#include <math.h>
#include <string.h>

#include "h_gcase.h"
#include "h_kernel.h"
#include "testutil.h"

static const gcase cases[] = {
	{ "det_2d", "Det", 11, 0, { { NULL, 0, { 0 } } },
	  IR_FLOAT, 2, { 2, 2 },
	  { 0, 1, 2, 3 },
	  1, 0, 0, { 0 }, { 0 },
	  IR_FLOAT, 0, { 0 },
	  { -2 } },
	{ "det_nd", "Det", 11, 0, { { NULL, 0, { 0 } } },
	  IR_FLOAT, 3, { 3, 2, 2 },
	  { 1, 2, 3, 4, 1, 2, 2, 1, 1, 3, 3, 1 },
	  1, 0, 0, { 0 }, { 0 },
	  IR_FLOAT, 1, { 3 },
	  { -2, -3, -8 } },
	{ "mvn", "MeanVarianceNormalization", 13, 0, { { NULL, 0, { 0 } } },
	  IR_FLOAT, 4, { 3, 3, 3, 1 },
	  { 0.843968272, 0.566514373, 0.0583673492, 0.0291636698, 0.129642725, 0.506019711,
	    0.795383036, 0.941134572, 0.954657316, 0.177309424, 0.461920947, 0.264804482,
	    0.674684227, 0.0166525692, 0.624730766, 0.924084425, 0.97223407, 0.119656987,
	    0.413561553, 0.912937284, 0.59330076, 0.81929934, 0.786260426, 0.117997989,
	    0.692484438, 0.541194141, 0.0751322284 },
	  1, 0, 0, { 0 }, { 0 },
	  IR_FLOAT, 4, { 3, 3, 3, 1 },
	  { 1.35464227, 0.330534965, -1.54508138, -1.21067643, -0.892595172, 0.298881352,
	    0.380830884, 0.818087935, 0.858656347, -1.1060555, -0.0555287711,
	    -0.783103347, 0.832813561, -1.25028205, 0.674678564, 0.766937196, 0.911386907,
	    -1.64635849, -0.234027639, 1.60921311, 0.429405928, 1.29061389, 1.18602443,
	    -0.929458261, 0.0721333995, -0.381740004, -1.77993333 } },
};

#define NCASES ((int)(sizeof cases / sizeof cases[0]))

START_TEST(table_case)
{
	gc_run(&cases[_i], 1e-5);
}
END_TEST

/* a pivot is needed (zero on the diagonal), a singular matrix, double */
START_TEST(det_pivot_singular_double)
{
	double x[18] = { 0, 2, 1, 1, 0, 0, 3, 1, 2,     /* det -3 */
			 1, 2, 3, 2, 4, 6, 0, 1, 5 };   /* rows 1, 2 dependent: 0 */
	int64_t d[3] = { 2, 3, 3 }, e[1] = { 2 };
	hk *h = hk_new("Det", 11, 1, 1);

	hk_input(h, 0, IR_DOUBLE, 3, d, x, 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 1, e);
	ck_assert_double_eq_tol(((double *)h->out[0].data)[0], -3, 1e-12);
	ck_assert_double_eq_tol(((double *)h->out[0].data)[1], 0, 1e-12);
	hk_free(h);
}
END_TEST

START_TEST(det_empty_matrices_and_refusal)
{
	int64_t d[3] = { 2, 0, 0 }, e[1] = { 2 }, bad[2] = { 2, 3 };
	float one[2] = { 1, 1 }, x[6] = { 0 };
	hk *h = hk_new("Det", 11, 1, 1);

	hk_input(h, 0, IR_FLOAT, 3, d, NULL, 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 1, e);
	hk_assert_close(h, 0, one, 2, 0);
	hk_input(h, 0, IR_FLOAT, 2, bad, x, 0);
	ck_assert_int_eq(hk_prep(h), -1);
	ck_assert_int_eq(h->err.code, ONNXC_EINVAL);
	ck_assert_msg(strstr(h->err.msg, "node 'n0' (Det-11): input must be [*, M, M]"), "%s",
		      h->err.msg);
	hk_free(h);
}
END_TEST

/* axes [1] of 2x3: row 0 has std sqrt(2/3); row 1 is constant (0 / 1e-9 = 0) */
START_TEST(mvn_axes_and_double)
{
	int64_t d[2] = { 2, 3 }, ax[1] = { -1 };
	double x[6] = { 1, 2, 3, 4, 4, 4 };
	double y[6] = { -1.2247448698, 0, 1.2247448698, 0, 0, 0 };
	hk *h = hk_new("MeanVarianceNormalization", 9, 1, 1);
	int i;

	hk_attr_ints(h, "axes", 1, ax);
	hk_input(h, 0, IR_DOUBLE, 2, d, x, 0);
	ck_assert_int_eq(hk_run(h), 0);
	for (i = 0; i < 6; i++)
		ck_assert_double_eq_tol(((double *)h->out[0].data)[i], y[i], 1e-8);
	hk_free(h);
	/* the default axes [0, 2, 3] need rank 4 */
	h = hk_new("MeanVarianceNormalization", 13, 1, 1);
	hk_input(h, 0, IR_DOUBLE, 2, d, x, 0);
	ck_assert_int_eq(hk_prep(h), -1);
	ck_assert_msg(strstr(h->err.msg, "(MeanVarianceNormalization-13): axis 2 out of range"),
		      "%s", h->err.msg);
	hk_free(h);
}
END_TEST

/* [1, 2, 2, 2]: planes {1, -2, 2, 4} and {3, 0, -4, 0} */
START_TEST(global_lp_pool)
{
	float x[8] = { 1, -2, 2, 4, 3, 0, -4, 0 };
	int64_t d[4] = { 1, 2, 2, 2 }, e[4] = { 1, 2, 1, 1 };
	float p2[2] = { 5, 5 }, p1[2] = { 9, 7 }, p3[2] = { 4.3267487109222245f, 4.497941445275415f };
	hk *h;

	h = hk_new("GlobalLpPool", 2, 1, 1);
	hk_input(h, 0, IR_FLOAT, 4, d, x, 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 4, e);
	hk_assert_close(h, 0, p2, 2, 1e-6f);
	hk_free(h);
	h = hk_new("GlobalLpPool", 2, 1, 1);
	hk_attr_int(h, "p", 1);
	hk_input(h, 0, IR_FLOAT, 4, d, x, 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_close(h, 0, p1, 2, 0);
	hk_free(h);
	h = hk_new("GlobalLpPool", 1, 1, 1);
	hk_attr_float(h, "p", 3);
	hk_input(h, 0, IR_FLOAT, 4, d, x, 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_close(h, 0, p3, 2, 1e-6f);
	hk_free(h);
	h = hk_new("GlobalLpPool", 2, 1, 1);
	hk_attr_int(h, "p", 0);
	hk_input(h, 0, IR_FLOAT, 4, d, x, 0);
	ck_assert_int_eq(hk_prep(h), -1);
	ck_assert_msg(strstr(h->err.msg, "node 'n0' (GlobalLpPool-2): p must be positive"), "%s",
		      h->err.msg);
	hk_free(h);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("k_reduce_misc");
	TCase *tc = tcase_create("misc");

	tcase_add_loop_test(tc, table_case, 0, NCASES);
	tcase_add_test(tc, det_pivot_singular_double);
	tcase_add_test(tc, det_empty_matrices_and_refusal);
	tcase_add_test(tc, mvn_axes_and_double);
	tcase_add_test(tc, global_lp_pool);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
