/*
 * test_k_loss.c - NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss.
 *
 * The first cases are the ONNX 1.12 backend test data (test_nllloss_*,
 * test_sce_*, opset 13); the rest are computed by hand.
 */
#include <math.h>
#include <string.h>

#include "h_kernel.h"
#include "testutil.h"

/* the shared [3, 5, 2] scores / labels of several backend cases */
static const int64_t x352_d[] = { 3, 5, 2 };
static const float x352[] = {
	0.548813522f, 0.715189338f, 0.602763355f, 0.544883192f, 0.423654795f, 0.64589411f,
	0.437587202f, 0.891772985f, 0.963662744f, 0.383441508f, 0.791725039f, 0.528894901f,
	0.568044543f, 0.925596654f, 0.0710360557f, 0.0871293023f, 0.0202183966f, 0.832619846f,
	0.778156757f, 0.870012164f, 0.978618324f, 0.799158573f, 0.461479366f, 0.780529201f,
	0.118274428f, 0.63992101f, 0.143353283f, 0.944668889f, 0.521848321f, 0.414661944f
};
static const int64_t t32_d[] = { 3, 2 };
static const int64_t t32[] = { 1, 3, 2, 4, 2, 0 };
static const int64_t w5_d[] = { 5 };

/* expect_refused: prep fails with a message naming the node and holding
 * `part`. */
static void expect_refused(hk *h, const char *op, const char *part)
{
	ck_assert_int_eq(hk_prep(h), -1);
	ck_assert_msg(strstr(h->err.msg, "'n0'") && strstr(h->err.msg, op) &&
			      strstr(h->err.msg, part),
		      "message: %s", h->err.msg);
}

START_TEST(nll_ncd1_weight_ii)
{
	/* test_nllloss_NCd1_weight_ii: ignore_index 1, reduction mean */
	static const float w[] = { 0.0187897999f, 0.617635489f, 0.612095714f, 0.616934001f,
				   0.943748057f };
	static const float exp0[] = { -0.535773873f };
	hk *h = hk_new("NegativeLogLikelihoodLoss", 13, 3, 1);

	hk_attr_int(h, "ignore_index", 1);
	hk_attr_string(h, "reduction", "mean");
	hk_input(h, 0, IR_FLOAT, 3, x352_d, x352, 0);
	hk_input(h, 1, IR_INT64, 2, t32_d, t32, 0);
	hk_input(h, 2, IR_FLOAT, 1, w5_d, w, 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 0, NULL);
	hk_assert_close(h, 0, exp0, 1, 1e-6f);
	hk_free(h);
}
END_TEST

START_TEST(sce_mean_weight_ii_3d_log_prob)
{
	/* test_sce_mean_weight_ii_3d_log_prob: ignore_index 1, mean, log_prob */
	static const float w[] = { 0.2f, 0.3f, 0.6f, 0.1f, 0.5f };
	static const float exp0[] = { 1.78836834f };
	static const float exp1[] = {
		-1.67647338f, -1.5448482f, -1.62252367f, -1.71515441f, -1.80163217f,
		-1.61414349f, -1.7876997f, -1.36826468f, -1.26162422f, -1.87659609f,
		-1.31770146f, -1.77346444f, -1.54138207f, -1.37676251f, -2.0383904f,
		-2.21522999f, -2.08920813f, -1.46973932f, -1.33126974f, -1.43234694f,
		-1.12698138f, -1.54153585f, -1.64412045f, -1.56016517f, -1.98732531f,
		-1.70077336f, -1.96224642f, -1.39602542f, -1.58375132f, -1.92603254f
	};
	hk *h = hk_new("SoftmaxCrossEntropyLoss", 13, 3, 2);

	hk_attr_int(h, "ignore_index", 1);
	hk_attr_string(h, "reduction", "mean");
	hk_input(h, 0, IR_FLOAT, 3, x352_d, x352, 0);
	hk_input(h, 1, IR_INT64, 2, t32_d, t32, 0);
	hk_input(h, 2, IR_FLOAT, 1, w5_d, w, 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 0, NULL);
	hk_assert_close(h, 0, exp0, 1, 1e-6f);
	hk_assert_dims(h, 1, 3, x352_d);
	hk_assert_close(h, 1, exp1, 30, 1e-6f);
	hk_free(h);
}
END_TEST

START_TEST(sce_none_weights_log_prob)
{
	/* test_sce_none_weights_log_prob: reduction none, weights */
	static const int64_t xd[] = { 3, 5 }, td[] = { 3 };
	static const int64_t t[] = { 1, 4, 3 };
	static const float w[] = { 0.9f, 0.7f, 0.8f, 0.9f, 0.9f };
	static const float exp0[] = { 1.02604496f, 1.72585249f, 1.17068577f };
	static const float exp1[] = { -1.63215446f, -1.46577859f, -1.57820475f, -1.63608479f,
				      -1.75731325f, -1.65516126f, -1.86346805f, -1.40928233f,
				      -1.33739269f, -1.91761386f, -1.43463349f, -1.69746375f,
				      -1.65831399f, -1.30076194f, -2.15532255f };
	hk *h = hk_new("SoftmaxCrossEntropyLoss", 13, 3, 2);

	hk_attr_string(h, "reduction", "none");
	hk_input(h, 0, IR_FLOAT, 2, xd, x352, 0);
	hk_input(h, 1, IR_INT64, 1, td, t, 0);
	hk_input(h, 2, IR_FLOAT, 1, w5_d, w, 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 1, td);
	hk_assert_close(h, 0, exp0, 3, 1e-6f);
	hk_assert_close(h, 1, exp1, 15, 1e-6f);
	hk_free(h);
}
END_TEST

/* input [[-1,-2,-3],[-4,-5,-6]], target [2, 0]: losses 3 and 4 */
static const int64_t x23_d[] = { 2, 3 }, t2_d[] = { 2 };
static const float x23[] = { -1, -2, -3, -4, -5, -6 };

START_TEST(nll_reductions_by_hand)
{
	static const int32_t t[] = { 2, 0 };
	static const float w[] = { 1, 2, 3 };
	static const int64_t w3_d[] = { 3 };
	static const float none[] = { 3, 4 }, sum[] = { 7 }, mean[] = { 3.5f };
	static const float wnone[] = { 9, 4 }, wmean[] = { 3.25f };
	hk *h = hk_new("NegativeLogLikelihoodLoss", 12, 2, 1);

	hk_input(h, 0, IR_FLOAT, 2, x23_d, x23, 0);
	hk_input(h, 1, IR_INT32, 1, t2_d, t, 0);
	ck_assert_int_eq(hk_run(h), 0);           /* default reduction: mean */
	hk_assert_close(h, 0, mean, 1, 0);
	hk_free(h);

	h = hk_new("NegativeLogLikelihoodLoss", 12, 2, 1);
	hk_attr_string(h, "reduction", "sum");
	hk_input(h, 0, IR_FLOAT, 2, x23_d, x23, 0);
	hk_input(h, 1, IR_INT32, 1, t2_d, t, 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_close(h, 0, sum, 1, 0);
	hk_free(h);

	h = hk_new("NegativeLogLikelihoodLoss", 13, 2, 1);
	hk_attr_string(h, "reduction", "none");
	hk_input(h, 0, IR_FLOAT, 2, x23_d, x23, 0);
	hk_input(h, 1, IR_INT32, 1, t2_d, t, 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 1, t2_d);
	hk_assert_close(h, 0, none, 2, 0);
	hk_free(h);

	/* weights 3 (class 2) and 1 (class 0): none [9, 4], mean 13/4 */
	h = hk_new("NegativeLogLikelihoodLoss", 13, 3, 1);
	hk_attr_string(h, "reduction", "none");
	hk_input(h, 0, IR_FLOAT, 2, x23_d, x23, 0);
	hk_input(h, 1, IR_INT32, 1, t2_d, t, 0);
	hk_input(h, 2, IR_FLOAT, 1, w3_d, w, 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_close(h, 0, wnone, 2, 0);
	hk_free(h);

	h = hk_new("NegativeLogLikelihoodLoss", 13, 3, 1);
	hk_input(h, 0, IR_FLOAT, 2, x23_d, x23, 0);
	hk_input(h, 1, IR_INT32, 1, t2_d, t, 0);
	hk_input(h, 2, IR_FLOAT, 1, w3_d, w, 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_close(h, 0, wmean, 1, 0);
	hk_free(h);
}
END_TEST

START_TEST(nll_double_and_ignored)
{
	static const double xd[] = { -1, -2, -3, -4, -5, -6 };
	static const int64_t t[] = { 2, -7 };
	hk *h = hk_new("NegativeLogLikelihoodLoss", 13, 2, 1);
	const double *y;

	/* the second element is ignored (negative ignore_index): 0 in "none" */
	hk_attr_int(h, "ignore_index", -7);
	hk_attr_string(h, "reduction", "none");
	hk_input(h, 0, IR_DOUBLE, 2, x23_d, xd, 0);
	hk_input(h, 1, IR_INT64, 1, t2_d, t, 0);
	ck_assert_int_eq(hk_run(h), 0);
	ck_assert_int_eq(h->out[0].dtype, IR_DOUBLE);
	y = h->out[0].data;
	ck_assert(y[0] == 3 && y[1] == 0);
	hk_free(h);

	/* mean over one counted element */
	h = hk_new("NegativeLogLikelihoodLoss", 13, 2, 1);
	hk_attr_int(h, "ignore_index", -7);
	hk_input(h, 0, IR_DOUBLE, 2, x23_d, xd, 0);
	hk_input(h, 1, IR_INT64, 1, t2_d, t, 0);
	ck_assert_int_eq(hk_run(h), 0);
	ck_assert(((double *)h->out[0].data)[0] == 3);
	hk_free(h);
}
END_TEST

START_TEST(mean_of_nothing_is_nan)
{
	static const int64_t t[] = { 1, 1 };
	hk *h = hk_new("SoftmaxCrossEntropyLoss", 13, 2, 1);

	hk_attr_int(h, "ignore_index", 1);
	hk_input(h, 0, IR_FLOAT, 2, x23_d, x23, 0);
	hk_input(h, 1, IR_INT64, 1, t2_d, t, 0);
	ck_assert_int_eq(hk_run(h), 0);
	ck_assert(isnan(hk_outf(h, 0)[0]));
	hk_free(h);
}
END_TEST

START_TEST(sce_float16_by_hand)
{
	/* scores [[0, 0], [ln 3, 0]] labels [0, 1]: losses ln 2 and ln 4, sum ln 8 */
	static const int64_t xd[] = { 2, 2 }, td[] = { 2 };
	static const int64_t t[] = { 0, 1 };
	uint16_t x[4];
	hk *h = hk_new("SoftmaxCrossEntropyLoss", 12, 2, 2);
	const uint16_t *y, *lp;

	x[0] = x[1] = x[3] = rt_float_to_half(0);
	x[2] = rt_float_to_half((float)log(3.0));
	hk_attr_string(h, "reduction", "sum");
	hk_input(h, 0, IR_FLOAT16, 2, xd, x, 0);
	hk_input(h, 1, IR_INT64, 1, td, t, 0);
	ck_assert_int_eq(hk_run(h), 0);
	ck_assert_int_eq(h->out[0].dtype, IR_FLOAT16);
	y = h->out[0].data;
	lp = h->out[1].data;
	ck_assert(fabs(rt_half_to_float(y[0]) - log(8.0)) < 2e-3);
	ck_assert(fabs(rt_half_to_float(lp[0]) - log(0.5)) < 1e-3);
	ck_assert(fabs(rt_half_to_float(lp[3]) + log(4.0)) < 2e-3);
	hk_free(h);
}
END_TEST

START_TEST(nd_target_layout)
{
	/* input [1, 2, 3] (N=1, C=2, d1=3), target [1, 3] = [1, 0, 1]:
	 * picks x[0,1,0], x[0,0,1], x[0,1,2] */
	static const int64_t xd[] = { 1, 2, 3 }, td[] = { 1, 3 };
	static const float x[] = { -1, -2, -3, -10, -20, -30 };
	static const int64_t t[] = { 1, 0, 1 };
	static const float exp0[] = { 10, 2, 30 };
	hk *h = hk_new("NegativeLogLikelihoodLoss", 13, 2, 1);

	hk_attr_string(h, "reduction", "none");
	hk_input(h, 0, IR_FLOAT, 3, xd, x, 0);
	hk_input(h, 1, IR_INT64, 2, td, t, 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 2, td);
	hk_assert_close(h, 0, exp0, 3, 0);
	hk_free(h);
}
END_TEST

START_TEST(target_out_of_range_fails_at_exec)
{
	static const int64_t t[] = { 2, 3 };
	hk *h = hk_new("NegativeLogLikelihoodLoss", 13, 2, 1);

	hk_input(h, 0, IR_FLOAT, 2, x23_d, x23, 0);
	hk_input(h, 1, IR_INT64, 1, t2_d, t, 0);
	ck_assert_int_eq(hk_prep(h), 0);
	ck_assert_int_eq(hk_run(h), -1);
	ck_assert_msg(strstr(h->err.msg, "'n0'") && strstr(h->err.msg, "target 3 at position 1"),
		      "%s", h->err.msg);
	hk_free(h);
}
END_TEST

/* no classes (input [3, 0]): every target ignored gives the mean of
 * nothing (NaN); one that is not ignored is out of range (a fuzz finding:
 * the log-softmax read score 0 of an empty input) */
START_TEST(sce_without_classes)
{
	static const int64_t xd[] = { 3, 0 }, td[] = { 3 };
	static const int64_t ignored[] = { 2, 2, 2 }, one_not[] = { 2, 0, 2 };
	static const float none = 0;
	const int64_t *t[2] = { ignored, one_not };
	int k;

	for (k = 0; k < 2; k++) {
		hk *h = hk_new("SoftmaxCrossEntropyLoss", 13, 2, 2);
		hk_attr_int(h, "ignore_index", 2);
		hk_input(h, 0, IR_FLOAT, 2, xd, &none, 0);
		hk_input(h, 1, IR_INT64, 1, td, t[k], 0);
		if (k == 0) {
			ck_assert_int_eq(hk_run(h), 0);
			ck_assert(isnan(((const float *)h->out[0].data)[0]));
		} else {
			ck_assert_int_eq(hk_run(h), -1);
			ck_assert_msg(strstr(h->err.msg, "target 0 at position 1 is outside [0, 0)"),
				      "%s", h->err.msg);
		}
		hk_free(h);
	}
}
END_TEST

START_TEST(refusals)
{
	static const int64_t t[] = { 0, 0, 0 }, bad_td[] = { 3 }, wd[] = { 2 };
	static const int8_t xi[6] = { 0 };
	static const float w[] = { 1, 1 };
	const char *nll = "NegativeLogLikelihoodLoss";
	hk *h;

	h = hk_new(nll, 13, 2, 1);
	hk_attr_string(h, "reduction", "average");
	hk_input(h, 0, IR_FLOAT, 2, x23_d, x23, 0);
	hk_input(h, 1, IR_INT64, 1, t2_d, t, 0);
	expect_refused(h, nll, "reduction 'average'");
	hk_free(h);

	h = hk_new(nll, 13, 2, 1);
	hk_input(h, 0, IR_FLOAT, 2, x23_d, x23, 0);
	hk_input(h, 1, IR_INT64, 1, bad_td, t, 0);
	expect_refused(h, nll, "target dim 0 is 3");
	hk_free(h);

	h = hk_new(nll, 13, 2, 1);
	hk_input(h, 0, IR_FLOAT, 2, x23_d, x23, 0);
	hk_input(h, 1, IR_FLOAT, 1, t2_d, x23, 0);
	expect_refused(h, nll, "target");
	hk_free(h);

	h = hk_new(nll, 13, 2, 1);
	hk_input(h, 0, IR_INT8, 2, x23_d, xi, 0);
	hk_input(h, 1, IR_INT64, 1, t2_d, t, 0);
	expect_refused(h, nll, "int8");
	hk_free(h);

	h = hk_new(nll, 13, 3, 1);
	hk_input(h, 0, IR_FLOAT, 2, x23_d, x23, 0);
	hk_input(h, 1, IR_INT64, 1, t2_d, t, 0);
	hk_input(h, 2, IR_FLOAT, 1, wd, w, 0);
	expect_refused(h, nll, "weight must be 1-D of C = 3");
	hk_free(h);

	/* bfloat16 scores: only SoftmaxCrossEntropyLoss-13 */
	h = hk_new("SoftmaxCrossEntropyLoss", 12, 2, 1);
	hk_input(h, 0, IR_BFLOAT16, 2, x23_d, x23, 0);
	hk_input(h, 1, IR_INT64, 1, t2_d, t, 0);
	expect_refused(h, "SoftmaxCrossEntropyLoss", "bfloat16");
	hk_free(h);

	h = hk_new("SoftmaxCrossEntropyLoss", 13, 2, 1);
	hk_input(h, 0, IR_FLOAT, 1, t2_d, x23, 0);
	hk_input(h, 1, IR_INT64, 1, t2_d, t, 0);
	expect_refused(h, "SoftmaxCrossEntropyLoss", "rank >= 2");
	hk_free(h);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("k_loss");
	TCase *tc = tcase_create("loss");

	tcase_add_test(tc, nll_ncd1_weight_ii);
	tcase_add_test(tc, sce_mean_weight_ii_3d_log_prob);
	tcase_add_test(tc, sce_none_weights_log_prob);
	tcase_add_test(tc, nll_reductions_by_hand);
	tcase_add_test(tc, nll_double_and_ignored);
	tcase_add_test(tc, mean_of_nothing_is_nan);
	tcase_add_test(tc, sce_float16_by_hand);
	tcase_add_test(tc, nd_target_layout);
	tcase_add_test(tc, target_out_of_range_fails_at_exec);
	tcase_add_test(tc, sce_without_classes);
	tcase_add_test(tc, refusals);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
