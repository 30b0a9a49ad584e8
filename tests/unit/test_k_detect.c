/*
 * test_k_detect.c - NonMaxSuppression and RoiAlign.
 *
 * The test_* cases are the ONNX 1.12 backend test data; the others are
 * computed by hand (worked out in the comments).
 */
#include <math.h>
#include <string.h>

#include "h_kernel.h"
#include "testutil.h"

/* test_roialign_*: X [1, 1, 10, 10] and the outputs [3, 1, 5, 5] for rois
 * [[0, 0, 9, 9], [0, 5, 4, 9], [5, 5, 9, 9]], batch_indices [0, 0, 0],
 * output 5x5, sampling_ratio 2, spatial_scale 1 */
static const float roi_x[] = {
	0.2764f, 0.714999974f, 0.195800006f, 0.341600001f, 0.463800013f, 0.0259000007f,
	0.296299994f, 0.651799977f, 0.485599995f, 0.725000024f, 0.963699996f, 0.0895000026f,
	0.291900009f, 0.675300002f, 0.0233999994f, 0.613200009f, 0.808499992f, 0.532400012f,
	0.899200022f, 0.446700007f, 0.326499999f, 0.847899973f, 0.969799995f, 0.247099996f,
	0.933600008f, 0.187800005f, 0.476599991f, 0.430799991f, 0.340000004f, 0.216199994f,
	0.0206000004f, 0.172000006f, 0.215499997f, 0.439399987f, 0.0653000027f, 0.340600014f,
	0.772400022f, 0.392100006f, 0.254099995f, 0.579900026f, 0.406199992f, 0.219400004f,
	0.447299987f, 0.468699992f, 0.710900009f, 0.932699978f, 0.98150003f, 0.632000029f,
	0.172800004f, 0.611899972f, 0.309700012f, 0.128299996f, 0.498400003f, 0.506799996f,
	0.427899987f, 0.0173000004f, 0.438800007f, 0.0430000015f, 0.467099994f, 0.711899996f,
	0.101099998f, 0.8477f, 0.472600013f, 0.177699998f, 0.992299974f, 0.404199988f,
	0.186900005f, 0.779500008f, 0.994599998f, 0.968900025f, 0.136600003f, 0.3671f,
	0.701099992f, 0.623399973f, 0.986699998f, 0.558499992f, 0.698499978f, 0.560899973f,
	0.878799975f, 0.992799997f, 0.569700003f, 0.851100028f, 0.67110002f, 0.940599978f,
	0.875100017f, 0.749599993f, 0.165000007f, 0.104900002f, 0.155900002f, 0.251399994f,
	0.701200008f, 0.405600011f, 0.787899971f, 0.346100003f, 0.0414999984f, 0.299800009f,
	0.50940001f, 0.372700006f, 0.548200011f, 0.0502000004f
};
static const float roi_true_y[] = {
	0.517799973f, 0.343400002f, 0.322899997f, 0.447400004f, 0.63440001f, 0.403100014f,
	0.536599994f, 0.442799985f, 0.486099988f, 0.4023f, 0.251199991f, 0.400200009f,
	0.515500009f, 0.6954f, 0.346500009f, 0.335000008f, 0.460099995f, 0.588100016f,
	0.343899995f, 0.684899986f, 0.493200004f, 0.714100003f, 0.821699977f, 0.471899986f,
	0.403899997f, 0.307000011f, 0.218700007f, 0.333700001f, 0.488000005f, 0.486999989f,
	0.187099993f, 0.491400003f, 0.556100011f, 0.419200003f, 0.368600011f, 0.143299997f,
	0.460799992f, 0.597100019f, 0.531000018f, 0.498199999f, 0.278800011f, 0.438600004f,
	0.602199972f, 0.699999988f, 0.752399981f, 0.577400029f, 0.702400029f, 0.725099981f,
	0.733799994f, 0.816299975f, 0.239299998f, 0.407499999f, 0.337900013f, 0.252499998f,
	0.474299997f, 0.3671f, 0.270200014f, 0.41049999f, 0.641900003f, 0.830799997f,
	0.555599988f, 0.454299986f, 0.556400001f, 0.750199974f, 0.930000007f, 0.662599981f,
	0.561699986f, 0.481299996f, 0.495400012f, 0.666299999f, 0.663600028f, 0.372099996f,
	0.205599993f, 0.1928f, 0.247799993f
};
static const float roi_false_y[] = {
	0.466399997f, 0.44659999f, 0.340499997f, 0.568799973f, 0.60680002f, 0.371399999f,
	0.4296f, 0.38350001f, 0.556200027f, 0.351000011f, 0.276800007f, 0.488299996f,
	0.522199988f, 0.5528f, 0.417100012f, 0.471300006f, 0.484400004f, 0.690400004f,
	0.492000014f, 0.877399981f, 0.623899996f, 0.712499976f, 0.628899992f, 0.335500002f,
	0.3495f, 0.30219999f, 0.430500001f, 0.469599992f, 0.397799999f, 0.542299986f,
	0.36559999f, 0.704999983f, 0.516499996f, 0.317200005f, 0.701499999f, 0.291200012f,
	0.505900025f, 0.647599995f, 0.62349999f, 0.829900026f, 0.591600001f, 0.738900006f,
	0.70480001f, 0.837199986f, 0.889299989f, 0.622699976f, 0.6153f, 0.709699988f,
	0.615400016f, 0.458499998f, 0.238399997f, 0.337900013f, 0.371699989f, 0.610000014f,
	0.760100007f, 0.376700014f, 0.378500015f, 0.714699984f, 0.924300015f, 0.9727f,
	0.574899971f, 0.582599998f, 0.570900023f, 0.761900008f, 0.876999974f, 0.53549999f,
	0.256599993f, 0.214100003f, 0.279599994f, 0.360000014f, 0.436500013f, 0.350400001f,
	0.288700014f, 0.366100013f, 0.234899998f
};

static void expect_refused(hk *h, const char *op, const char *part)
{
	ck_assert_int_eq(hk_prep(h), -1);
	ck_assert_msg(strstr(h->err.msg, "'n0'") && strstr(h->err.msg, op) &&
			      strstr(h->err.msg, part),
		      "message: %s", h->err.msg);
}

/* the boxes of most test_nonmaxsuppression_* cases, [1, 6, 4] */
static const float nms_boxes[] = { 0, 0, 1, 1, 0, 0.1f, 1, 1.1f, 0, -0.1f, 1, 0.9f,
				   0, 10, 1, 11, 0, 10.1f, 1, 11.1f, 0, 100, 1, 101 };
static const float nms_scores[] = { 0.9f, 0.75f, 0.6f, 0.95f, 0.5f, 0.3f };
static const int64_t d164[] = { 1, 6, 4 }, d116[] = { 1, 1, 6 }, d1[] = { 1 };

/* nms: a NonMaxSuppression node on constant boxes/scores [1, C, 6] with
 * max_output, iou and (when thr >= 0) score_threshold. */
static hk *nms(const float *boxes, const float *scores, int64_t classes, int64_t max_out,
	       float iou, float thr)
{
	hk *h = hk_new("NonMaxSuppression", 11, thr >= 0 ? 5 : 4, 1);
	int64_t ds[] = { 1, classes, 6 };

	hk_input(h, 0, IR_FLOAT, 3, d164, boxes, 1);
	hk_input(h, 1, IR_FLOAT, 3, ds, scores, 1);
	hk_input(h, 2, IR_INT64, 1, d1, &max_out, 1);
	hk_input(h, 3, IR_FLOAT, 1, d1, &iou, 1);
	if (thr >= 0)
		hk_input(h, 4, IR_FLOAT, 1, d1, &thr, 1);
	return h;
}

static void assert_rows(hk *h, const int64_t *exp, int64_t rows)
{
	int64_t dims[2] = { rows, 3 }, i;

	hk_assert_dims(h, 0, 2, dims);
	ck_assert_int_eq(h->out[0].dtype, IR_INT64);
	for (i = 0; i < 3 * rows; i++)
		ck_assert_msg(hk_outi64(h, 0)[i] == exp[i], "element %lld: %lld, expected %lld",
			      (long long)i, (long long)hk_outi64(h, 0)[i], (long long)exp[i]);
}

START_TEST(test_nonmaxsuppression_suppress_by_IOU_and_scores)
{
	static const int64_t exp[] = { 0, 0, 3, 0, 0, 0 };
	hk *h = nms(nms_boxes, nms_scores, 1, 3, 0.5f, 0.4f);

	ck_assert_int_eq(hk_run(h), 0);
	assert_rows(h, exp, 2);
	hk_free(h);
}
END_TEST

START_TEST(test_nonmaxsuppression_two_classes_and_limit)
{
	static const float sc2[] = { 0.9f, 0.75f, 0.6f, 0.95f, 0.5f, 0.3f,
				     0.9f, 0.75f, 0.6f, 0.95f, 0.5f, 0.3f };
	static const int64_t exp2[] = { 0, 0, 3, 0, 0, 0, 0, 1, 3, 0, 1, 0 };
	static const int64_t exp3[] = { 0, 0, 3, 0, 0, 0, 0, 0, 5 };   /* suppress_by_IOU */
	hk *h = nms(nms_boxes, sc2, 2, 2, 0.5f, 0);

	ck_assert_int_eq(hk_run(h), 0);
	assert_rows(h, exp2, 4);
	hk_free(h);

	h = nms(nms_boxes, nms_scores, 1, 3, 0.5f, 0);
	ck_assert_int_eq(hk_run(h), 0);
	assert_rows(h, exp3, 3);
	hk_free(h);
}
END_TEST

START_TEST(test_nonmaxsuppression_center_point_box_format)
{
	static const float boxes[] = { 0.5f, 0.5f, 1, 1, 0.5f, 0.6f, 1, 1, 0.5f, 0.4f, 1, 1,
				       0.5f, 10.5f, 1, 1, 0.5f, 10.6f, 1, 1, 0.5f, 100.5f, 1, 1 };
	static const int64_t exp[] = { 0, 0, 3, 0, 0, 0, 0, 0, 5 };
	hk *h = nms(boxes, nms_scores, 1, 3, 0.5f, 0);

	hk_attr_int(h, "center_point_box", 1);
	ck_assert_int_eq(hk_run(h), 0);
	assert_rows(h, exp, 3);
	hk_free(h);
}
END_TEST

START_TEST(nms_ties_thresholds_and_defaults)
{
	/* equal scores: the lower index first; boxes 0 and 1 overlap with IoU
	 * 0.5/1.5 = 1/3 (unit squares offset by half): iou_threshold 0.3
	 * suppresses box 1, 1/3 keeps it (the test is IoU > threshold) */
	static const float boxes[] = { 0, 0, 1, 1, 0, 0.5f, 1, 1.5f, 0, 10, 1, 11,
				       0, 20, 1, 21, 0, 30, 1, 31, 0, 40, 1, 41 };
	static const float sc[] = { 0.5f, 0.5f, 0.1f, 0.2f, 0.05f, 0.5f };
	static const int64_t e1[] = { 0, 0, 0, 0, 0, 5, 0, 0, 3, 0, 0, 2 };
	static const int64_t e2[] = { 0, 0, 0, 0, 0, 1, 0, 0, 5, 0, 0, 3 };
	hk *h;

	h = nms(boxes, sc, 1, 4, 0.3f, -1);
	ck_assert_int_eq(hk_run(h), 0);
	assert_rows(h, e1, 4);
	hk_free(h);

	h = nms(boxes, sc, 1, 4, 1.0f / 3 + 1e-6f, -1);
	ck_assert_int_eq(hk_run(h), 0);
	assert_rows(h, e2, 4);
	hk_free(h);

	/* no boxes at all: [0, 3] */
	{
		static const int64_t d104[] = { 1, 0, 4 }, d110[] = { 1, 1, 0 };
		int64_t mo = 5;
		h = hk_new("NonMaxSuppression", 11, 3, 1);
		hk_input(h, 0, IR_FLOAT, 3, d104, NULL, 1);
		hk_input(h, 1, IR_FLOAT, 3, d110, NULL, 1);
		hk_input(h, 2, IR_INT64, 1, d1, &mo, 1);
		ck_assert_int_eq(hk_run(h), 0);
		ck_assert_int_eq(h->out[0].dims[0], 0);
		hk_free(h);
	}

	/* no max_output_boxes_per_class: nothing is selected */
	h = hk_new("NonMaxSuppression", 10, 2, 1);
	hk_input(h, 0, IR_FLOAT, 3, d164, boxes, 1);
	hk_input(h, 1, IR_FLOAT, 3, d116, sc, 1);
	ck_assert_int_eq(hk_run(h), 0);
	ck_assert_int_eq(h->out[0].dims[0], 0);
	ck_assert_int_eq(h->out[0].dims[1], 3);
	hk_free(h);
}
END_TEST

START_TEST(nms_needs_values_and_refusals)
{
	int64_t mo = 3;
	float iou = 1.5f;
	hk *h;

	/* scores not known at prepare: the output length depends on them */
	h = hk_new("NonMaxSuppression", 11, 3, 1);
	hk_input(h, 0, IR_FLOAT, 3, d164, nms_boxes, 1);
	hk_input(h, 1, IR_FLOAT, 3, d116, nms_scores, 0);
	hk_input(h, 2, IR_INT64, 1, d1, &mo, 1);
	ck_assert_int_eq(hk_prep(h), -1);
	ck_assert_int_eq(h->err.code, ONNXC_EUNSUPPORTED);
	ck_assert_ptr_eq(h->rn.need_value, &h->in[1]);
	hk_free(h);

	h = nms(nms_boxes, nms_scores, 1, 3, 0, -1);
	hk_input(h, 3, IR_FLOAT, 1, d1, &iou, 1);
	expect_refused(h, "NonMaxSuppression", "iou_threshold 1.5 is not in [0, 1]");
	hk_free(h);

	h = hk_new("NonMaxSuppression", 11, 2, 1);
	hk_input(h, 0, IR_FLOAT, 3, d116, nms_boxes, 1);
	hk_input(h, 1, IR_FLOAT, 3, d116, nms_scores, 1);
	expect_refused(h, "NonMaxSuppression", "boxes must be [B, N, 4]");
	hk_free(h);
}
END_TEST

/* roi: RoiAlign of roi_x with the backend cases' rois and attributes. */
static hk *roi(int opset, const char *ctm)
{
	static const float rois[] = { 0, 0, 9, 9, 0, 5, 4, 9, 5, 5, 9, 9 };
	static const int64_t bi[] = { 0, 0, 0 };
	static const int64_t dx[] = { 1, 1, 10, 10 }, dr[] = { 3, 4 }, db[] = { 3 };
	hk *h = hk_new("RoiAlign", opset, 3, 1);

	if (ctm)
		hk_attr_string(h, "coordinate_transformation_mode", ctm);
	hk_attr_int(h, "output_height", 5);
	hk_attr_int(h, "output_width", 5);
	hk_attr_int(h, "sampling_ratio", 2);
	hk_attr_float(h, "spatial_scale", 1);
	hk_input(h, 0, IR_FLOAT, 4, dx, roi_x, 0);
	hk_input(h, 1, IR_FLOAT, 2, dr, rois, 0);
	hk_input(h, 2, IR_INT64, 1, db, bi, 0);
	return h;
}

START_TEST(test_roialign)
{
	static const int64_t dy[] = { 3, 1, 5, 5 };
	hk *h;

	h = roi(16, "half_pixel");            /* test_roialign_aligned_true */
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 4, dy);
	hk_assert_close(h, 0, roi_true_y, 75, 1e-4f);
	hk_free(h);

	h = roi(16, "output_half_pixel");     /* test_roialign_aligned_false */
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_close(h, 0, roi_false_y, 75, 1e-4f);
	hk_free(h);

	h = roi(10, NULL);                    /* opset 10 is output_half_pixel */
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_close(h, 0, roi_false_y, 75, 1e-4f);
	hk_free(h);
}
END_TEST

/* roi22: RoiAlign 1x1 output of [[1, 2], [3, 4]] over one roi. */
static hk *roi22(int opset, const float *box, int64_t sampling, const char *mode)
{
	static const float x[] = { 1, 2, 3, 4 };
	static const int64_t dx[] = { 1, 1, 2, 2 }, dr[] = { 1, 4 };
	static const int64_t bi = 0;
	hk *h = hk_new("RoiAlign", opset, 3, 1);

	hk_attr_int(h, "sampling_ratio", sampling);
	if (mode)
		hk_attr_string(h, "mode", mode);
	hk_input(h, 0, IR_FLOAT, 4, dx, x, 0);
	hk_input(h, 1, IR_FLOAT, 2, dr, box, 0);
	hk_input(h, 2, IR_INT64, 1, d1, &bi, 0);
	return h;
}

START_TEST(roialign_by_hand)
{
	/* roi [0, 0, 1, 1] without the half-pixel shift, 2x2 samples at .25
	 * and .75: bilinear values 1.75, 2.25, 2.75, 3.25 -> avg 2.5.  Max mode
	 * takes the largest weighted corner term of each sample: .5625, 1.125,
	 * 1.6875, 2.25 -> 2.25.  With half_pixel, roi [0, 0, 2, 2] becomes
	 * [-.5, 1.5]: one sample at (.5, .5) = 2.5.  A roi beyond the map
	 * samples nothing: 0. */
	static const float unit[] = { 0, 0, 1, 1 }, two[] = { 0, 0, 2, 2 }, far[] = { 5, 5, 6, 6 };
	static const float avg[] = { 2.5f }, mx[] = { 2.25f }, zero[] = { 0 };
	hk *h;

	h = roi22(10, unit, 2, NULL);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_close(h, 0, avg, 1, 1e-6f);
	hk_free(h);

	h = roi22(10, unit, 2, "max");
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_close(h, 0, mx, 1, 1e-6f);
	hk_free(h);

	h = roi22(16, two, 1, NULL);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_close(h, 0, avg, 1, 1e-6f);
	hk_free(h);

	h = roi22(10, far, 1, NULL);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_close(h, 0, zero, 1, 0);
	hk_free(h);
}
END_TEST

/* an empty map (W = 0; a fuzz finding read past X): every sample is
 * outside, the output is 0 */
START_TEST(roialign_empty_map)
{
	static const float box[] = { 0, 0, 1, 1 }, zero[] = { 0 };
	static const int64_t dx[] = { 1, 1, 2, 0 }, dr[] = { 1, 4 };
	static const int64_t bi = 0;
	static const float none = 0;
	hk *h = hk_new("RoiAlign", 16, 3, 1);

	hk_attr_int(h, "sampling_ratio", 2);
	hk_input(h, 0, IR_FLOAT, 4, dx, &none, 0);
	hk_input(h, 1, IR_FLOAT, 2, dr, box, 0);
	hk_input(h, 2, IR_INT64, 1, d1, &bi, 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_close(h, 0, zero, 1, 0);
	hk_free(h);
}
END_TEST

START_TEST(roialign_errors)
{
	static const float box[] = { 0, 0, 1, 1 };
	int64_t bad = 1;
	hk *h;

	h = roi22(10, box, 1, "median");
	expect_refused(h, "RoiAlign", "mode 'median'");
	hk_free(h);

	h = roi22(16, box, 1, NULL);
	hk_attr_string(h, "coordinate_transformation_mode", "asymmetric");
	expect_refused(h, "RoiAlign", "'asymmetric'");
	hk_free(h);

	/* a sampling_ratio that would take 4e12 samples (a fuzz finding that
	 * ran for minutes): refused at prepare; 16384 (2^28 samples) is not */
	h = roi22(16, box, 2097151, NULL);
	expect_refused(h, "RoiAlign", "sampling_ratio 2097151: more than 268435456 samples");
	hk_free(h);
	h = roi22(16, box, 16384, NULL);
	ck_assert_int_eq(hk_prep(h), 0);
	hk_free(h);

	/* batch index 1 of a batch of 1: an error when run */
	h = roi22(16, box, 1, NULL);
	hk_input(h, 2, IR_INT64, 1, d1, &bad, 0);
	ck_assert_int_eq(hk_run(h), -1);
	ck_assert_msg(strstr(h->err.msg, "batch index 1 of roi 0"), "%s", h->err.msg);
	hk_free(h);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("k_detect");
	TCase *tc = tcase_create("detect");

	tcase_add_test(tc, test_nonmaxsuppression_suppress_by_IOU_and_scores);
	tcase_add_test(tc, test_nonmaxsuppression_two_classes_and_limit);
	tcase_add_test(tc, test_nonmaxsuppression_center_point_box_format);
	tcase_add_test(tc, nms_ties_thresholds_and_defaults);
	tcase_add_test(tc, nms_needs_values_and_refusals);
	tcase_add_test(tc, test_roialign);
	tcase_add_test(tc, roialign_by_hand);
	tcase_add_test(tc, roialign_empty_map);
	tcase_add_test(tc, roialign_errors);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
