/*
 * test_k_misc.c - MaxUnpool, ReverseSequence, GridSample, TfIdfVectorizer.
 *
 * test_* cases are the ONNX 1.12 backend test data; GridSample is also
 * checked against torch.nn.functional.grid_sample (torch 1.13) for every
 * mode x padding x align_corners; the rest is hand-computed.
 */
#include <math.h>
#include <string.h>

#include "h_kernel.h"
#include "testutil.h"

static void expect_refused(hk *h, const char *op, const char *part)
{
	ck_assert_int_eq(hk_prep(h), -1);
	ck_assert_msg(strstr(h->err.msg, "'n0'") && strstr(h->err.msg, op) &&
			      strstr(h->err.msg, part),
		      "message: %s", h->err.msg);
}

static const int64_t d1122[] = { 1, 1, 2, 2 }, d4[] = { 4 }, d44[] = { 4, 4 };

/* ---- MaxUnpool ---- */

static hk *unpool(const float *x, const int64_t *ix, const int64_t *shape)
{
	static const int64_t k[] = { 2, 2 };
	hk *h = hk_new("MaxUnpool", 11, shape ? 3 : 2, 1);

	hk_attr_ints(h, "kernel_shape", 2, k);
	hk_attr_ints(h, "strides", 2, k);
	hk_input(h, 0, IR_FLOAT, 4, d1122, x, 0);
	hk_input(h, 1, IR_INT64, 4, d1122, ix, 0);
	if (shape)
		hk_input(h, 2, IR_INT64, 1, d4, shape, 1);
	return h;
}

START_TEST(test_maxunpool_export)
{
	static const float x1[] = { 1, 2, 3, 4 }, x2[] = { 5, 6, 7, 8 };
	static const int64_t ix[] = { 5, 7, 13, 15 }, shape[] = { 1, 1, 5, 5 };
	static const float y1[] = { 0, 0, 0, 0, 0, 1, 0, 2, 0, 0, 0, 0, 0, 3, 0, 4 };
	static const float y2[] = { 0, 0, 0, 0, 0, 0, 5, 0, 6, 0, 0, 0, 0, 0, 0, 0, 7, 0, 8, 0,
				    0, 0, 0, 0, 0 };
	static const int64_t d1144[] = { 1, 1, 4, 4 };
	hk *h;

	h = unpool(x1, ix, NULL);      /* ..._without_output_shape */
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 4, d1144);
	hk_assert_close(h, 0, y1, 16, 0);
	hk_free(h);

	h = unpool(x2, ix, shape);     /* ..._with_output_shape */
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 4, shape);
	hk_assert_close(h, 0, y2, 25, 0);
	hk_free(h);
}
END_TEST

START_TEST(maxunpool_1d_pads_and_errors)
{
	/* X [1, 2, 2] (N=1, C=2), kernel 3, stride 2, pads 1/0: unpooled
	 * length (2 - 1) * 2 - 1 - 0 + 3 = 4; indices over the whole [1, 2, 4]
	 * tensor; double elements */
	static const int64_t dx[] = { 1, 2, 2 }, dy[] = { 1, 2, 4 }, k[] = { 3 }, s[] = { 2 };
	static const int64_t pads[] = { 1, 0 };
	static const double x[] = { 1.5, -2, 3, 4 };
	static const int64_t ix[] = { 0, 3, 5, 6 }, bad[] = { 0, 3, 8, 6 };
	static const double y[] = { 1.5, 0, 0, -2, 0, 3, 4, 0 };
	int64_t shape[] = { 1, 2, 6 };
	static const int64_t d3[] = { 3 };
	hk *h = hk_new("MaxUnpool", 9, 2, 1);
	int i;

	hk_attr_ints(h, "kernel_shape", 1, k);
	hk_attr_ints(h, "strides", 1, s);
	hk_attr_ints(h, "pads", 2, pads);
	hk_input(h, 0, IR_DOUBLE, 3, dx, x, 0);
	hk_input(h, 1, IR_INT64, 3, dx, ix, 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 3, dy);
	for (i = 0; i < 8; i++)
		ck_assert(((double *)h->out[0].data)[i] == y[i]);
	/* index 8 is outside the unpooled [1, 2, 4] */
	hk_input(h, 1, IR_INT64, 3, dx, bad, 0);
	ck_assert_int_eq(hk_run(h), -1);
	ck_assert_msg(strstr(h->err.msg, "index 8 at 2 is outside [0, 8)"), "%s", h->err.msg);
	hk_free(h);

	/* output_shape not known at prepare */
	h = hk_new("MaxUnpool", 11, 3, 1);
	hk_attr_ints(h, "kernel_shape", 1, k);
	hk_input(h, 0, IR_DOUBLE, 3, dx, x, 0);
	hk_input(h, 1, IR_INT64, 3, dx, ix, 0);
	hk_input(h, 2, IR_INT64, 1, d3, shape, 0);
	ck_assert_int_eq(hk_prep(h), -1);
	ck_assert_ptr_eq(h->rn.need_value, &h->in[2]);
	hk_free(h);

	/* output_shape changing C */
	shape[1] = 3;
	h = hk_new("MaxUnpool", 11, 3, 1);
	hk_attr_ints(h, "kernel_shape", 1, k);
	hk_input(h, 0, IR_DOUBLE, 3, dx, x, 0);
	hk_input(h, 1, IR_INT64, 3, dx, ix, 0);
	hk_input(h, 2, IR_INT64, 1, d3, shape, 1);
	expect_refused(h, "MaxUnpool", "keep N and C");
	hk_free(h);

	h = hk_new("MaxUnpool", 11, 2, 1);
	hk_input(h, 0, IR_DOUBLE, 3, dx, x, 0);
	hk_input(h, 1, IR_INT64, 3, dx, ix, 0);
	expect_refused(h, "MaxUnpool", "kernel_shape is required");
	hk_free(h);
}
END_TEST

/* ---- ReverseSequence ---- */

START_TEST(test_reversesequence)
{
	static const float xb[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };
	static const int64_t lb[] = { 1, 2, 3, 4 };
	static const float yb[] = { 0, 1, 2, 3, 5, 4, 6, 7, 10, 9, 8, 11, 15, 14, 13, 12 };
	static const float xt[] = { 0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15 };
	static const int64_t lt[] = { 4, 3, 2, 1 };
	static const float yt[] = { 3, 6, 9, 12, 2, 5, 8, 13, 1, 4, 10, 14, 0, 7, 11, 15 };
	hk *h;

	h = hk_new("ReverseSequence", 10, 2, 1);     /* test_reversesequence_batch */
	hk_attr_int(h, "batch_axis", 0);
	hk_attr_int(h, "time_axis", 1);
	hk_input(h, 0, IR_FLOAT, 2, d44, xb, 0);
	hk_input(h, 1, IR_INT64, 1, d4, lb, 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_close(h, 0, yb, 16, 0);
	hk_free(h);

	h = hk_new("ReverseSequence", 10, 2, 1);     /* test_reversesequence_time */
	hk_attr_int(h, "batch_axis", 1);
	hk_attr_int(h, "time_axis", 0);
	hk_input(h, 0, IR_FLOAT, 2, d44, xt, 0);
	hk_input(h, 1, IR_INT64, 1, d4, lt, 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_close(h, 0, yt, 16, 0);
	hk_free(h);
}
END_TEST

START_TEST(reversesequence_blocks_and_errors)
{
	/* int8 [T=3, B=2, 2] with the default axes (time 0, batch 1), lengths
	 * [3, 0]: batch 0's steps reversed, batch 1 copied */
	static const int64_t dx[] = { 3, 2, 2 }, d2[] = { 2 };
	static const int8_t x[] = { 1, 2, -1, -2, 3, 4, -3, -4, 5, 6, -5, -6 };
	static const int8_t y[] = { 5, 6, -1, -2, 3, 4, -3, -4, 1, 2, -5, -6 };
	static const int64_t len[] = { 3, 0 }, bad[] = { 4, 0 }, len4[] = { 1, 1, 1, 1 };
	hk *h = hk_new("ReverseSequence", 10, 2, 1);

	hk_input(h, 0, IR_INT8, 3, dx, x, 0);
	hk_input(h, 1, IR_INT64, 1, d2, len, 0);
	ck_assert_int_eq(hk_run(h), 0);
	ck_assert_int_eq(h->out[0].dtype, IR_INT8);
	ck_assert(!memcmp(h->out[0].data, y, sizeof y));
	hk_input(h, 1, IR_INT64, 1, d2, bad, 0);
	ck_assert_int_eq(hk_run(h), -1);
	ck_assert_msg(strstr(h->err.msg, "sequence_lens[0] = 4 is outside [0, 3]"), "%s",
		      h->err.msg);
	hk_free(h);

	h = hk_new("ReverseSequence", 10, 2, 1);
	hk_attr_int(h, "batch_axis", 0);
	hk_input(h, 0, IR_INT8, 3, dx, x, 0);
	hk_input(h, 1, IR_INT64, 1, d2, len, 0);
	expect_refused(h, "ReverseSequence", "batch_axis 0 and time_axis 0");
	hk_free(h);

	h = hk_new("ReverseSequence", 10, 2, 1);
	hk_input(h, 0, IR_INT8, 3, dx, x, 0);
	hk_input(h, 1, IR_INT64, 1, d4, len4, 0);
	expect_refused(h, "ReverseSequence", "sequence_lens must be int64 [2]");
	hk_free(h);
}
END_TEST

/* ---- GridSample ---- */

static const float gs_x[] = { 0, 1, 2, 3, 4, 5 };            /* [1, 1, 3, 2] */
static const int64_t gs_dx[] = { 1, 1, 3, 2 }, gs_dg[] = { 1, 2, 4, 2 };
static const int64_t gs_dy[] = { 1, 1, 2, 4 };

static hk *gridsample(const int64_t *dx, const float *x, const int64_t *dg, const float *g,
		      const char *mode, const char *pad, int align)
{
	hk *h = hk_new("GridSample", 16, 2, 1);

	if (mode)
		hk_attr_string(h, "mode", mode);
	if (pad)
		hk_attr_string(h, "padding_mode", pad);
	if (align >= 0)
		hk_attr_int(h, "align_corners", align);
	hk_input(h, 0, IR_FLOAT, 4, dx, x, 0);
	hk_input(h, 1, IR_FLOAT, 4, dg, g, 0);
	return h;
}

START_TEST(test_gridsample)
{
	static const float g1[] = { -1, -1, -0.5f, -0.5f, -0.2f, -0.2f, 0, 0,
				    0, 0, -0.2f, -0.2f, 0.5f, 0.5f, 1, 1 };
	static const float g2[] = { -10, -10, -5, -5, -0.2f, -0.2f, 10, 10,
				    10, 10, -0.2f, -0.2f, 5, 5, 10, 10 };
	static const float bicubic[] = { -0.140599996f, 0.382800013f, 1.75559998f, 2.96880007f,
					 2.96880007f, 1.75559998f, 5.14449978f, 1.39059997f };
	static const float nearest[] = { 0, 0, 2, 2, 2, 2, 5, 0 };
	static const float bilinear[] = { 0, 0.5f, 1.70000005f, 2.5f, 2.5f, 1.70000005f, 4.5f,
					  1.25f };
	static const float align[] = { 0, 1.25f, 2, 2.5f, 2.5f, 2, 3.75f, 5 };
	static const float reflect[] = { 2.5f, 0, 1.70000005f, 2.5f, 2.5f, 1.70000005f, 5, 2.5f };
	static const float border[] = { 0, 0, 1.70000005f, 5, 5, 1.70000005f, 5, 5 };
	static const float zeros[] = { 0, 0, 1.70000005f, 0, 0, 1.70000005f, 0, 0 };
	static const struct {
		const char *mode, *pad;
		int align;
		const float *g, *y;
	} c[] = {
		{ "bicubic", NULL, -1, g1, bicubic },
		{ "nearest", NULL, -1, g1, nearest },
		{ "bilinear", NULL, -1, g1, bilinear },
		{ NULL, NULL, -1, g1, bilinear },             /* test_gridsample */
		{ "bilinear", NULL, 1, g1, align },
		{ NULL, "reflection", -1, g2, reflect },
		{ NULL, "border", -1, g2, border },
		{ NULL, "zeros", -1, g2, zeros },
	};
	size_t i;

	for (i = 0; i < sizeof c / sizeof c[0]; i++) {
		hk *h = gridsample(gs_dx, gs_x, gs_dg, c[i].g, c[i].mode, c[i].pad, c[i].align);
		ck_assert_int_eq(hk_run(h), 0);
		hk_assert_dims(h, 0, 4, gs_dy);
		/* the backend's values have 4 decimals (bicubic: -0.1406 for
		 * -0.140625) */
		hk_assert_close(h, 0, c[i].y, 8, 1e-4f);
		hk_free(h);
	}
}
END_TEST

START_TEST(gridsample_matches_torch)
{
	/* torch.nn.functional.grid_sample of arange(6) as [1, 1, 2, 3] at
	 * (x, y) = (-1.3, .2), (.7, -.9), (2.4, 1.1), (.05, .5) */
	static const float x[] = { 0, 1, 2, 3, 4, 5 };
	static const int64_t dx[] = { 1, 1, 2, 3 }, dg[] = { 1, 1, 4, 2 }, dy[] = { 1, 1, 1, 4 };
	static const float g[] = { -1.3f, 0.2f, 0.7f, -0.9f, 2.4f, 1.1f, 0.05f, 0.5f };
	static const struct {
		const char *mode, *pad;
		int align;
		float y[4];
	} c[] = {
		{ "bilinear", "zeros", 0, { 0.105000153f, 1.13999987f, 0, 4.07499981f } },
		{ "bilinear", "zeros", 1, { 1.26000011f, 1.85000014f, 0, 3.29999995f } },
		{ "bilinear", "border", 0, { 2.10000014f, 2, 5, 4.07499981f } },
		{ "bilinear", "border", 1, { 1.80000007f, 1.85000014f, 5, 3.29999995f } },
		{ "bilinear", "reflection", 0, { 2.10000014f, 2, 3.39999962f, 4.07499981f } },
		{ "bilinear", "reflection", 1, { 2.0999999f, 1.85000014f, 3.45000005f, 3.29999995f } },
		{ "nearest", "zeros", 0, { 0, 2, 0, 4 } },
		{ "nearest", "zeros", 1, { 3, 2, 0, 4 } },
		{ "nearest", "border", 0, { 3, 2, 5, 4 } },
		{ "nearest", "border", 1, { 3, 2, 5, 4 } },
		{ "nearest", "reflection", 0, { 3, 2, 3, 4 } },
		{ "nearest", "reflection", 1, { 3, 2, 4, 4 } },
		{ "bicubic", "zeros", 0, { 0.0959720612f, 0.885330975f, 0, 4.12789774f } },
		{ "bicubic", "zeros", 1, { 1.42726588f, 2.19647241f, -0.529738069f, 3.86954784f } },
		{ "bicubic", "border", 0, { 2.1612184f, 1.70984304f, 5.21599722f, 4.10839033f } },
		{ "bicubic", "border", 1, { 1.72575057f, 1.88618529f, 5.10152626f, 3.39346576f } },
		{ "bicubic", "reflection", 0, { 2.12737465f, 1.49562371f, 3.85599828f, 4.10839033f } },
		{ "bicubic", "reflection", 1, { 2.06549954f, 1.9002502f, 3.41024613f, 3.60618496f } },
	};
	size_t i;

	for (i = 0; i < sizeof c / sizeof c[0]; i++) {
		hk *h = gridsample(dx, x, dg, g, c[i].mode, c[i].pad, c[i].align);
		ck_assert_int_eq(hk_run(h), 0);
		hk_assert_dims(h, 0, 4, dy);
		hk_assert_close(h, 0, c[i].y, 4, 2e-6f);
		hk_free(h);
	}
}
END_TEST

START_TEST(gridsample_nan_and_refusals)
{
	static const float g[] = { NAN, 0, 0, INFINITY };
	static const int64_t dg[] = { 1, 1, 2, 2 }, dg3[] = { 1, 1, 2, 3 };
	static const float zero[] = { 0, 0 };
	hk *h;

	h = gridsample(gs_dx, gs_x, dg, g, NULL, NULL, -1);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_close(h, 0, zero, 2, 0);
	hk_free(h);

	h = gridsample(gs_dx, gs_x, dg, g, "linear", NULL, -1);
	expect_refused(h, "GridSample", "mode 'linear'");
	hk_free(h);

	h = gridsample(gs_dx, gs_x, dg, g, NULL, "wrap", -1);
	expect_refused(h, "GridSample", "padding_mode 'wrap'");
	hk_free(h);

	h = gridsample(gs_dx, gs_x, dg3, gs_x, NULL, NULL, -1);
	expect_refused(h, "GridSample", "grid [N, Ho, Wo, 2]");
	hk_free(h);
}
END_TEST

/* ---- TfIdfVectorizer ---- */

/* the pool of the backend tests: 1-grams 2, 3, 5, 4; 2-grams (5, 6),
 * (7, 8), (6, 7) */
static const int64_t tf_pool[] = { 2, 3, 5, 4, 5, 6, 7, 8, 6, 7 };
static const int64_t tf_counts[] = { 0, 4 }, tf_idx[] = { 0, 1, 2, 3, 4, 5, 6 };
static const int32_t tf_x[] = { 1, 1, 3, 3, 3, 7, 8, 6, 7, 5, 6, 8 };

static hk *tfidf(const char *mode, int64_t min_n, int64_t max_n, int64_t skip, int rows)
{
	hk *h = hk_new("TfIdfVectorizer", 9, 1, 1);
	int64_t d[2] = { rows, 12 / rows };

	hk_attr_string(h, "mode", mode);
	hk_attr_int(h, "min_gram_length", min_n);
	hk_attr_int(h, "max_gram_length", max_n);
	hk_attr_int(h, "max_skip_count", skip);
	hk_attr_ints(h, "ngram_counts", 2, tf_counts);
	hk_attr_ints(h, "ngram_indexes", 7, tf_idx);
	hk_attr_ints(h, "pool_int64s", 10, tf_pool);
	if (rows == 1)
		hk_input(h, 0, IR_INT32, 1, d + 1, tf_x, 0);
	else
		hk_input(h, 0, IR_INT32, 2, d, tf_x, 0);
	return h;
}

START_TEST(test_tfidfvectorizer)
{
	static const float only_bi0[] = { 0, 0, 0, 0, 1, 1, 1 };
	static const float only_bi5[] = { 0, 0, 0, 0, 1, 3, 1 };
	static const float uni_bi5[] = { 0, 3, 1, 0, 1, 3, 1 };
	static const float batch_bi0[] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1 };
	static const float batch_bi5[] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1 };
	static const float batch_uni_bi5[] = { 0, 3, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 1, 1 };
	static const int64_t d27[] = { 2, 7 };
	hk *h;

	h = tfidf("TF", 2, 2, 0, 1);     /* test_tfidfvectorizer_tf_only_bigrams_skip0 */
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_close(h, 0, only_bi0, 7, 0);
	hk_free(h);

	h = tfidf("TF", 2, 2, 5, 1);     /* ..._tf_onlybigrams_skip5 */
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_close(h, 0, only_bi5, 7, 0);
	hk_free(h);

	h = tfidf("TF", 1, 2, 5, 1);     /* ..._tf_uniandbigrams_skip5 */
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_close(h, 0, uni_bi5, 7, 0);
	hk_free(h);

	h = tfidf("TF", 2, 2, 0, 2);     /* ..._tf_batch_onlybigrams_skip0 */
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 2, d27);
	hk_assert_close(h, 0, batch_bi0, 14, 0);
	hk_free(h);

	h = tfidf("TF", 2, 2, 5, 2);     /* ..._tf_batch_onlybigrams_skip5 */
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_close(h, 0, batch_bi5, 14, 0);
	hk_free(h);

	h = tfidf("TF", 1, 2, 5, 2);     /* ..._tf_batch_uniandbigrams_skip5 */
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_close(h, 0, batch_uni_bi5, 14, 0);
	hk_free(h);
}
END_TEST

START_TEST(tfidf_weights_modes_and_refusals)
{
	/* uni+bigrams, skip 5 counts [0, 3, 1, 0, 1, 3, 1]; weights 1..7:
	 * IDF [0, 2, 3, 0, 5, 6, 7], TFIDF [0, 6, 3, 0, 5, 18, 7] */
	static const float w[] = { 1, 2, 3, 4, 5, 6, 7 };
	static const float idf[] = { 0, 2, 3, 0, 5, 6, 7 }, tfidf_y[] = { 0, 6, 3, 0, 5, 18, 7 };
	static const float idf1[] = { 0, 1, 1, 0, 1, 1, 1 };
	static const int64_t bad_counts[] = { 0, 5 };
	static const int64_t d2[] = { 2 };
	static const char *strs[] = { "a", "b" };
	hk *h;

	h = tfidf("IDF", 1, 2, 5, 1);
	hk_attr_floats(h, "weights", 7, w);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_close(h, 0, idf, 7, 0);
	hk_free(h);

	h = tfidf("IDF", 1, 2, 5, 1);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_close(h, 0, idf1, 7, 0);
	hk_free(h);

	h = tfidf("TFIDF", 1, 2, 5, 1);
	hk_attr_floats(h, "weights", 7, w);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_close(h, 0, tfidf_y, 7, 0);
	hk_free(h);

	h = tfidf("BM25", 1, 2, 5, 1);
	expect_refused(h, "TfIdfVectorizer", "mode 'BM25'");
	hk_free(h);

	h = tfidf("TF", 2, 1, 5, 1);
	expect_refused(h, "TfIdfVectorizer", "min_gram_length <= max_gram_length");
	hk_free(h);

	/* a 2-gram section of 5 items */
	h = hk_new("TfIdfVectorizer", 9, 1, 1);
	hk_attr_string(h, "mode", "TF");
	hk_attr_int(h, "min_gram_length", 1);
	hk_attr_int(h, "max_gram_length", 2);
	hk_attr_int(h, "max_skip_count", 0);
	hk_attr_ints(h, "ngram_counts", 2, bad_counts);
	hk_attr_ints(h, "ngram_indexes", 7, tf_idx);
	hk_attr_ints(h, "pool_int64s", 10, tf_pool);
	hk_input(h, 0, IR_INT32, 1, d2, tf_x, 0);
	expect_refused(h, "TfIdfVectorizer", "2-gram section has 5 items");
	hk_free(h);

	h = tfidf("TF", 1, 2, 5, 1);
	hk_input(h, 0, IR_STRING, 1, d2, strs, 0);
	expect_refused(h, "TfIdfVectorizer", "string input");
	hk_free(h);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("k_misc");
	TCase *tc = tcase_create("misc");

	tcase_add_test(tc, test_maxunpool_export);
	tcase_add_test(tc, maxunpool_1d_pads_and_errors);
	tcase_add_test(tc, test_reversesequence);
	tcase_add_test(tc, reversesequence_blocks_and_errors);
	tcase_add_test(tc, test_gridsample);
	tcase_add_test(tc, gridsample_matches_torch);
	tcase_add_test(tc, gridsample_nan_and_refusals);
	tcase_add_test(tc, test_tfidfvectorizer);
	tcase_add_test(tc, tfidf_weights_modes_and_refusals);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
