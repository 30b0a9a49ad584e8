/*
 * test_k_signal.c - HannWindow, HammingWindow, BlackmanWindow,
 * MelWeightMatrix, DFT, STFT.
 *
 * dft_y, stft_x/stft_y and the MelWeightMatrix case are the ONNX 1.12
 * backend test data (test_dft, test_stft, test_melweightmatrix); the other
 * expectations were computed with numpy (np.fft, the window formulas with
 * the true pi, and the ONNX MelWeightMatrix reference algorithm).
 */
#include <math.h>
#include <string.h>

#include "h_kernel.h"
#include "testutil.h"

/* test_dft: x [1, 10, 10, 1], axis 1 -> y [1, 10, 10, 2] */
static const float dft_y[] = {
	450.0f, 0.0f, 460.0f, 0.0f, 470.0f, 0.0f, 480.0f, 0.0f, 490.0f, 0.0f, 500.0f, 0.0f,
	510.0f, 0.0f, 520.0f, 0.0f, 530.0f, 0.0f, 540.0f, 0.0f, -50.0f, 153.884171f, -50.0f,
	153.884171f, -50.0f, 153.884171f, -50.0f, 153.884171f, -50.0f, 153.884171f, -50.0f,
	153.884171f, -50.0f, 153.884171f, -50.0f, 153.884171f, -50.0f, 153.884171f, -50.0f,
	153.884171f, -50.0f, 68.8190994f, -50.0f, 68.8190994f, -50.0f, 68.8190994f, -50.0f,
	68.8190994f, -50.0f, 68.8190994f, -50.0f, 68.8190994f, -50.0f, 68.8190994f, -50.0f,
	68.8190994f, -50.0f, 68.8190994f, -50.0f, 68.8190994f, -50.0f, 36.3271255f, -50.0f,
	36.3271255f, -50.0f, 36.3271255f, -50.0f, 36.3271255f, -50.0f, 36.3271255f, -50.0f,
	36.3271255f, -50.0f, 36.3271255f, -50.0f, 36.3271255f, -50.0f, 36.3271255f, -50.0f,
	36.3271255f, -50.0f, 16.245985f, -50.0f, 16.245985f, -50.0f, 16.245985f, -50.0f,
	16.245985f, -50.0f, 16.245985f, -50.0f, 16.245985f, -50.0f, 16.245985f, -50.0f,
	16.245985f, -50.0f, 16.245985f, -50.0f, 16.245985f, -50.0f, -1.42108547e-14f, -50.0f,
	-1.42108547e-14f, -50.0f, -1.42108547e-14f, -50.0f, -1.42108547e-14f, -50.0f,
	-1.42108547e-14f, -50.0f, -1.42108547e-14f, -50.0f, -1.42108547e-14f, -50.0f,
	-1.42108547e-14f, -50.0f, -1.42108547e-14f, -50.0f, -1.42108547e-14f, -50.0f,
	-16.245985f, -50.0f, -16.245985f, -50.0f, -16.245985f, -50.0f, -16.245985f, -50.0f,
	-16.245985f, -50.0f, -16.245985f, -50.0f, -16.245985f, -50.0f, -16.245985f, -50.0f,
	-16.245985f, -50.0f, -16.245985f, -50.0f, -36.3271255f, -50.0f, -36.3271255f, -50.0f,
	-36.3271255f, -50.0f, -36.3271255f, -50.0f, -36.3271255f, -50.0f, -36.3271255f, -50.0f,
	-36.3271255f, -50.0f, -36.3271255f, -50.0f, -36.3271255f, -50.0f, -36.3271255f, -50.0f,
	-68.8190994f, -50.0f, -68.8190994f, -50.0f, -68.8190994f, -50.0f, -68.8190994f, -50.0f,
	-68.8190994f, -50.0f, -68.8190994f, -50.0f, -68.8190994f, -50.0f, -68.8190994f, -50.0f,
	-68.8190994f, -50.0f, -68.8190994f, -50.0f, -153.884171f, -50.0f, -153.884171f, -50.0f,
	-153.884171f, -50.0f, -153.884171f, -50.0f, -153.884171f, -50.0f, -153.884171f, -50.0f,
	-153.884171f, -50.0f, -153.884171f, -50.0f, -153.884171f, -50.0f, -153.884171f
};
/* test_stft: signal [1, 128, 1], frame_step 8, frame_length 16 -> [1, 15, 9, 2] */
static const float stft_x[] = {
	0.0f, 1.0f, 2.0f, 3.0f, 4.0f, 5.0f, 6.0f, 7.0f, 8.0f, 9.0f, 10.0f, 11.0f, 12.0f, 13.0f,
	14.0f, 15.0f, 16.0f, 17.0f, 18.0f, 19.0f, 20.0f, 21.0f, 22.0f, 23.0f, 24.0f, 25.0f,
	26.0f, 27.0f, 28.0f, 29.0f, 30.0f, 31.0f, 32.0f, 33.0f, 34.0f, 35.0f, 36.0f, 37.0f,
	38.0f, 39.0f, 40.0f, 41.0f, 42.0f, 43.0f, 44.0f, 45.0f, 46.0f, 47.0f, 48.0f, 49.0f,
	50.0f, 51.0f, 52.0f, 53.0f, 54.0f, 55.0f, 56.0f, 57.0f, 58.0f, 59.0f, 60.0f, 61.0f,
	62.0f, 63.0f, 64.0f, 65.0f, 66.0f, 67.0f, 68.0f, 69.0f, 70.0f, 71.0f, 72.0f, 73.0f,
	74.0f, 75.0f, 76.0f, 77.0f, 78.0f, 79.0f, 80.0f, 81.0f, 82.0f, 83.0f, 84.0f, 85.0f,
	86.0f, 87.0f, 88.0f, 89.0f, 90.0f, 91.0f, 92.0f, 93.0f, 94.0f, 95.0f, 96.0f, 97.0f,
	98.0f, 99.0f, 100.0f, 101.0f, 102.0f, 103.0f, 104.0f, 105.0f, 106.0f, 107.0f, 108.0f,
	109.0f, 110.0f, 111.0f, 112.0f, 113.0f, 114.0f, 115.0f, 116.0f, 117.0f, 118.0f, 119.0f,
	120.0f, 121.0f, 122.0f, 123.0f, 124.0f, 125.0f, 126.0f, 127.0f
};
static const float stft_y[] = {
	120.0f, 0.0f, -8.0f, 40.2187157f, -8.0f, 19.3137093f, -8.0f, 11.972846f, -8.0f, 8.0f,
	-8.0f, 5.34542894f, -8.0f, 3.31370854f, -8.0f, 1.59129894f, -8.0f, 0.0f, 248.0f, 0.0f,
	-8.0f, 40.2187157f, -8.0f, 19.3137093f, -8.0f, 11.972846f, -8.0f, 8.0f, -8.0f,
	5.34542894f, -8.0f, 3.31370854f, -8.0f, 1.59129894f, -8.0f, 0.0f, 376.0f, 0.0f, -8.0f,
	40.2187157f, -8.0f, 19.3137093f, -8.0f, 11.972846f, -8.0f, 8.0f, -8.0f, 5.34542894f,
	-8.0f, 3.31370854f, -8.0f, 1.59129894f, -8.0f, 0.0f, 504.0f, 0.0f, -8.0f, 40.2187157f,
	-8.0f, 19.3137093f, -8.0f, 11.972846f, -8.0f, 8.0f, -8.0f, 5.34542894f, -8.0f,
	3.31370854f, -8.0f, 1.59129894f, -8.0f, 0.0f, 632.0f, 0.0f, -8.0f, 40.2187157f, -8.0f,
	19.3137093f, -8.0f, 11.972846f, -8.0f, 8.0f, -8.0f, 5.34542894f, -8.0f, 3.31370854f,
	-8.0f, 1.59129894f, -8.0f, 0.0f, 760.0f, 0.0f, -8.0f, 40.2187157f, -8.0f, 19.3137093f,
	-8.0f, 11.972846f, -8.0f, 8.0f, -8.0f, 5.34542894f, -8.0f, 3.31370854f, -8.0f,
	1.59129894f, -8.0f, 0.0f, 888.0f, 0.0f, -8.0f, 40.2187157f, -8.0f, 19.3137093f, -8.0f,
	11.972846f, -8.0f, 8.0f, -8.0f, 5.34542894f, -8.0f, 3.31370854f, -8.0f, 1.59129894f,
	-8.0f, 0.0f, 1016.0f, 0.0f, -8.0f, 40.2187157f, -8.0f, 19.3137093f, -8.0f, 11.972846f,
	-8.0f, 8.0f, -8.0f, 5.34542894f, -8.0f, 3.31370854f, -8.0f, 1.59129894f, -8.0f, 0.0f,
	1144.0f, 0.0f, -8.0f, 40.2187157f, -8.0f, 19.3137093f, -8.0f, 11.972846f, -8.0f, 8.0f,
	-8.0f, 5.34542894f, -8.0f, 3.31370854f, -8.0f, 1.59129894f, -8.0f, 0.0f, 1272.0f, 0.0f,
	-8.0f, 40.2187157f, -8.0f, 19.3137093f, -8.0f, 11.972846f, -8.0f, 8.0f, -8.0f,
	5.34542894f, -8.0f, 3.31370854f, -8.0f, 1.59129894f, -8.0f, 0.0f, 1400.0f, 0.0f, -8.0f,
	40.2187157f, -8.0f, 19.3137093f, -8.0f, 11.972846f, -8.0f, 8.0f, -8.0f, 5.34542894f,
	-8.0f, 3.31370854f, -8.0f, 1.59129894f, -8.0f, 0.0f, 1528.0f, 0.0f, -8.0f, 40.2187157f,
	-8.0f, 19.3137093f, -8.0f, 11.972846f, -8.0f, 8.0f, -8.0f, 5.34542894f, -8.0f,
	3.31370854f, -8.0f, 1.59129894f, -8.0f, 0.0f, 1656.0f, 0.0f, -8.0f, 40.2187157f, -8.0f,
	19.3137093f, -8.0f, 11.972846f, -8.0f, 8.0f, -8.0f, 5.34542894f, -8.0f, 3.31370854f,
	-8.0f, 1.59129894f, -8.0f, 0.0f, 1784.0f, 0.0f, -8.0f, 40.2187157f, -8.0f, 19.3137093f,
	-8.0f, 11.972846f, -8.0f, 8.0f, -8.0f, 5.34542894f, -8.0f, 3.31370854f, -8.0f,
	1.59129894f, -8.0f, 0.0f, 1912.0f, 0.0f, -8.0f, 40.2187157f, -8.0f, 19.3137093f, -8.0f,
	11.972846f, -8.0f, 8.0f, -8.0f, 5.34542894f, -8.0f, 3.31370854f, -8.0f, 1.59129894f,
	-8.0f, 0.0f
};

static void expect_refused(hk *h, const char *op, const char *part)
{
	ck_assert_int_eq(hk_prep(h), -1);
	ck_assert_msg(strstr(h->err.msg, "'n0'") && strstr(h->err.msg, op) &&
			      strstr(h->err.msg, part),
		      "message: %s", h->err.msg);
}

/* window: run op on a constant int64 size with the attributes given. */
static hk *window(const char *op, int64_t size, int periodic, int64_t dtype)
{
	hk *h = hk_new(op, 17, 1, 1);

	if (periodic >= 0)
		hk_attr_int(h, "periodic", periodic);
	if (dtype)
		hk_attr_int(h, "output_datatype", dtype);
	hk_input(h, 0, IR_INT64, 0, NULL, &size, 1);
	return h;
}

START_TEST(windows)
{
	static const float hann10p[] = { 0, 0.0954915028f, 0.345491503f, 0.654508497f,
					 0.904508497f, 1, 0.904508497f, 0.654508497f,
					 0.345491503f, 0.0954915028f };
	static const float hamm10s[] = { 0.0869565217f, 0.193762319f, 0.464204093f, 0.77173913f,
					 0.97246837f, 0.97246837f, 0.77173913f, 0.464204093f,
					 0.193762319f, 0.0869565217f };
	static const double black10p[] = { 0, 0.0402128624, 0.200770143, 0.509787138,
					   0.849229857, 1, 0.849229857, 0.509787138,
					   0.200770143, 0.0402128624 };
	/* the backend's test_hannwindow output (made with pi = 3.1415) */
	static const float hann_onnx[] = { 0, 0.0954860747f, 0.345473886f, 0.654482007f };
	static const int64_t d10[] = { 10 };
	const double *yd;
	hk *h;
	int i;

	h = window("HannWindow", 10, -1, 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 1, d10);
	hk_assert_close(h, 0, hann10p, 10, 1e-7f);
	for (i = 0; i < 4; i++)
		ck_assert(fabsf(hk_outf(h, 0)[i] - hann_onnx[i]) < 1e-4f);
	hk_free(h);

	h = window("HammingWindow", 10, 0, 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_close(h, 0, hamm10s, 10, 1e-7f);
	hk_free(h);

	h = window("BlackmanWindow", 10, 1, IR_DOUBLE);
	ck_assert_int_eq(hk_run(h), 0);
	ck_assert_int_eq(h->out[0].dtype, IR_DOUBLE);
	yd = h->out[0].data;
	for (i = 0; i < 10; i++)
		ck_assert_msg(fabs(yd[i] - black10p[i]) < 1e-9, "%d: %.12g", i, yd[i]);
	hk_free(h);
}
END_TEST

START_TEST(window_edges)
{
	static const float one[] = { 1 };
	int64_t size = 10;
	hk *h;

	/* a symmetric window of one element is [1]; a periodic one is [0] */
	h = window("HannWindow", 1, 0, 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_close(h, 0, one, 1, 0);
	hk_free(h);

	h = window("HannWindow", 1, 1, 0);
	ck_assert_int_eq(hk_run(h), 0);
	ck_assert(hk_outf(h, 0)[0] == 0);
	hk_free(h);

	h = window("BlackmanWindow", 0, -1, 0);
	ck_assert_int_eq(hk_run(h), 0);
	ck_assert_int_eq(h->out[0].numel, 0);
	hk_free(h);

	h = window("HammingWindow", -2, -1, 0);
	expect_refused(h, "HammingWindow", "size -2 is negative");
	hk_free(h);

	h = window("HannWindow", 4, -1, IR_STRING);
	expect_refused(h, "HannWindow", "output_datatype 8");
	hk_free(h);

	/* size not known at prepare: rt_need_const names the input */
	h = hk_new("HannWindow", 17, 1, 1);
	hk_input(h, 0, IR_INT64, 0, NULL, &size, 0);
	ck_assert_int_eq(hk_prep(h), -1);
	ck_assert_int_eq(h->err.code, ONNXC_EUNSUPPORTED);
	ck_assert_ptr_eq(h->rn.need_value, &h->in[0]);
	ck_assert_ptr_nonnull(strstr(h->err.msg, "must be known when the model is prepared"));
	hk_free(h);
}
END_TEST

/* mel: MelWeightMatrix of constant inputs. */
static hk *mel(int32_t bins, int32_t dft, int32_t rate, float lo, float hi)
{
	hk *h = hk_new("MelWeightMatrix", 17, 5, 1);

	hk_input(h, 0, IR_INT32, 0, NULL, &bins, 1);
	hk_input(h, 1, IR_INT32, 0, NULL, &dft, 1);
	hk_input(h, 2, IR_INT32, 0, NULL, &rate, 1);
	hk_input(h, 3, IR_FLOAT, 0, NULL, &lo, 1);
	hk_input(h, 4, IR_FLOAT, 0, NULL, &hi, 1);
	return h;
}

START_TEST(melweightmatrix)
{
	/* test_melweightmatrix: 8 bins, dft 16, 8192 Hz, 0..4096 Hz */
	static const float onnx[9 * 8] = {
		1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
		0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1,
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
	};
	/* numpy (reference algorithm): 4 bins, dft 32, 16000 Hz, 100..6000 Hz;
	 * points [0 0 1 3 5 8] */
	static const float ref[17 * 4] = {
		1, 0, 0, 0, 0, 1, 0, 0, 0, 0.5f, 0.5f, 0, 0, 0, 1, 0, 0, 0, 0.5f, 0.5f,
		0, 0, 0, 1, 0, 0, 0, 0.666666667f, 0, 0, 0, 0.333333333f
	};
	static const int64_t d98[] = { 9, 8 }, d174[] = { 17, 4 };
	hk *h;

	h = mel(8, 16, 8192, 0, 4096);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 2, d98);
	hk_assert_close(h, 0, onnx, 72, 0);
	hk_free(h);

	h = mel(4, 32, 16000, 100, 6000);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 2, d174);
	hk_assert_close(h, 0, ref, 68, 1e-6f);
	hk_free(h);

	h = mel(4, 32, 16000, 600, 100);
	expect_refused(h, "MelWeightMatrix", "lower_edge_hertz < upper_edge_hertz");
	hk_free(h);

	h = mel(0, 32, 16000, 0, 100);
	expect_refused(h, "MelWeightMatrix", "must be positive");
	hk_free(h);
}
END_TEST

START_TEST(test_dft)
{
	static const int64_t dx[] = { 1, 10, 10, 1 }, dy[] = { 1, 10, 10, 2 };
	float x[100];
	hk *h = hk_new("DFT", 17, 1, 1);
	int i;

	for (i = 0; i < 100; i++)
		x[i] = (float)i;
	hk_attr_int(h, "axis", 1);
	hk_input(h, 0, IR_FLOAT, 4, dx, x, 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 4, dy);
	hk_assert_close(h, 0, dft_y, 200, 2e-5f);
	hk_free(h);
}
END_TEST

/* dft: DFT of a real [1, 4, 1] = 1, 2, 3, 4 with dft_length len (0: none). */
static hk *dft4(int64_t len, int onesided)
{
	static const float x[] = { 1, 2, 3, 4 };
	static const int64_t dx[] = { 1, 4, 1 };
	hk *h = hk_new("DFT", 17, len ? 2 : 1, 1);

	if (onesided)
		hk_attr_int(h, "onesided", 1);
	hk_input(h, 0, IR_FLOAT, 3, dx, x, 0);
	if (len)
		hk_input(h, 1, IR_INT64, 0, NULL, &len, 1);
	return h;
}

START_TEST(dft_lengths_onesided_inverse)
{
	static const float full[] = { 10, 0, -2, 2, -2, 0, -2, -2 };
	static const float pad6[] = { 10, 0, -3.5f, -4.33012702f, 2.5f, 0.866025404f, -2, 0,
				      2.5f, -0.866025404f, -3.5f, 4.33012702f };
	static const float pad6_1s[] = { 10, 0, -3.5f, -4.33012702f, 2.5f, 0.866025404f, -2, 0 };
	static const float cut3[] = { 6, 0, -1.5f, 0.866025404f, -1.5f, -0.866025404f };
	/* ifft([1+1j, 2-1j, 0.5j]) */
	static const float cx[] = { 1, 1, 2, -1, 0, 0.5f };
	static const float icx[] = { 1, 0.166666667f, 0.433012702f, 0.994016936f, -0.433012702f,
				     -0.160683603f };
	/* axis 2 of [1, 2, 3, 1] = arange(6) */
	static const float x6[] = { 0, 1, 2, 3, 4, 5 };
	static const float ax2[] = { 3, 0, -1.5f, 0.866025404f, -1.5f, -0.866025404f,
				     12, 0, -1.5f, 0.866025404f, -1.5f, -0.866025404f };
	static const int64_t d132[] = { 1, 3, 2 }, d1231[] = { 1, 2, 3, 1 }, d142[] = { 1, 4, 2 };
	hk *h;

	h = dft4(0, 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 3, d142);
	hk_assert_close(h, 0, full, 8, 1e-6f);
	hk_free(h);

	h = dft4(6, 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_close(h, 0, pad6, 12, 1e-6f);
	hk_free(h);

	h = dft4(6, 1);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_close(h, 0, pad6_1s, 8, 1e-6f);
	hk_free(h);

	h = dft4(3, 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_close(h, 0, cut3, 6, 1e-6f);
	hk_free(h);

	h = hk_new("DFT", 17, 1, 1);
	hk_attr_int(h, "inverse", 1);
	hk_input(h, 0, IR_FLOAT, 3, d132, cx, 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_close(h, 0, icx, 6, 1e-6f);
	hk_free(h);

	h = hk_new("DFT", 17, 1, 1);
	hk_attr_int(h, "axis", -2);       /* = 2 */
	hk_input(h, 0, IR_FLOAT, 4, d1231, x6, 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_close(h, 0, ax2, 12, 1e-6f);
	hk_free(h);
}
END_TEST

START_TEST(dft_refusals)
{
	static const float x[12] = { 0 };
	static const int64_t d142[] = { 1, 4, 2 }, d143[] = { 1, 4, 3 };
	int64_t len = 4;
	hk *h;

	h = hk_new("DFT", 17, 1, 1);
	hk_attr_int(h, "onesided", 1);
	hk_input(h, 0, IR_FLOAT, 3, d142, x, 0);
	expect_refused(h, "DFT", "onesided");
	hk_free(h);

	h = hk_new("DFT", 17, 1, 1);
	hk_input(h, 0, IR_FLOAT, 3, d143, x, 0);
	expect_refused(h, "DFT", "dimension of 1 or 2");
	hk_free(h);

	h = hk_new("DFT", 17, 1, 1);
	hk_attr_int(h, "axis", 2);
	hk_input(h, 0, IR_FLOAT, 3, d142, x, 0);
	expect_refused(h, "DFT", "axis 2 is out of range");
	hk_free(h);

	h = hk_new("DFT", 17, 2, 1);
	hk_input(h, 0, IR_FLOAT, 3, d142, x, 0);
	hk_input(h, 1, IR_INT64, 0, NULL, &len, 0);
	ck_assert_int_eq(hk_prep(h), -1);
	ck_assert_ptr_eq(h->rn.need_value, &h->in[1]);
	hk_free(h);

	len = 0;
	h = hk_new("DFT", 17, 2, 1);
	hk_input(h, 0, IR_FLOAT, 3, d142, x, 0);
	hk_input(h, 1, IR_INT64, 0, NULL, &len, 1);
	expect_refused(h, "DFT", "dft_length 0 must be positive");
	hk_free(h);
}
END_TEST

START_TEST(test_stft)
{
	static const int64_t dx[] = { 1, 128, 1 }, dy[] = { 1, 15, 9, 2 };
	int64_t step = 8, len = 16;
	hk *h = hk_new("STFT", 17, 4, 1);

	hk_input(h, 0, IR_FLOAT, 3, dx, stft_x, 0);
	hk_input(h, 1, IR_INT64, 0, NULL, &step, 1);
	hk_omit_input(h, 2);
	hk_input(h, 3, IR_INT64, 0, NULL, &len, 1);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 4, dy);
	hk_assert_close(h, 0, stft_y, 270, 2e-5f);
	hk_free(h);
}
END_TEST

START_TEST(stft_complex_window_twosided)
{
	/* numpy: s = [1, 2+1j, -1+.5j, .5-2j, 3, -1-1j], window [1, .5, .5, 1],
	 * frames of 4 every 2: np.fft.fft(s[2f:2f+4] * w) */
	static const float s[] = { 1, 0, 2, 1, -1, 0.5f, 0.5f, -2, 3, 0, -1, -1 };
	static const float w[] = { 1, 0.5f, 0.5f, 1 };
	static const float y[] = { 2, -1.25f, 4, -0.75f, -1, 1.75f, -1, 0.25f,
				   -0.25f, -1.5f, -2.5f, -0.75f, 1.25f, 2.5f, -2.5f, 1.75f };
	static const int64_t ds[] = { 1, 6, 2 }, dw[] = { 4 }, dy[] = { 1, 2, 4, 2 };
	int64_t step = 2, bad = 5;
	hk *h = hk_new("STFT", 17, 3, 1);

	hk_attr_int(h, "onesided", 0);
	hk_input(h, 0, IR_FLOAT, 3, ds, s, 0);
	hk_input(h, 1, IR_INT64, 0, NULL, &step, 1);
	hk_input(h, 2, IR_FLOAT, 1, dw, w, 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 4, dy);
	hk_assert_close(h, 0, y, 16, 1e-6f);
	hk_free(h);

	/* a complex signal cannot be onesided (the default) */
	h = hk_new("STFT", 17, 3, 1);
	hk_input(h, 0, IR_FLOAT, 3, ds, s, 0);
	hk_input(h, 1, IR_INT64, 0, NULL, &step, 1);
	hk_input(h, 2, IR_FLOAT, 1, dw, w, 0);
	expect_refused(h, "STFT", "onesided needs a real signal");
	hk_free(h);

	/* frame_length disagreeing with the window */
	h = hk_new("STFT", 17, 4, 1);
	hk_attr_int(h, "onesided", 0);
	hk_input(h, 0, IR_FLOAT, 3, ds, s, 0);
	hk_input(h, 1, IR_INT64, 0, NULL, &step, 1);
	hk_input(h, 2, IR_FLOAT, 1, dw, w, 0);
	hk_input(h, 3, IR_INT64, 0, NULL, &bad, 1);
	expect_refused(h, "STFT", "frame_length 5 differs");
	hk_free(h);

	/* neither window nor frame_length */
	h = hk_new("STFT", 17, 2, 1);
	hk_attr_int(h, "onesided", 0);
	hk_input(h, 0, IR_FLOAT, 3, ds, s, 0);
	hk_input(h, 1, IR_INT64, 0, NULL, &step, 1);
	expect_refused(h, "STFT", "needs a window or a frame_length");
	hk_free(h);

	/* frame_step not known at prepare */
	h = hk_new("STFT", 17, 3, 1);
	hk_attr_int(h, "onesided", 0);
	hk_input(h, 0, IR_FLOAT, 3, ds, s, 0);
	hk_input(h, 1, IR_INT64, 0, NULL, &step, 0);
	hk_input(h, 2, IR_FLOAT, 1, dw, w, 0);
	ck_assert_int_eq(hk_prep(h), -1);
	ck_assert_ptr_eq(h->rn.need_value, &h->in[1]);
	hk_free(h);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("k_signal");
	TCase *tc = tcase_create("signal");

	tcase_add_test(tc, windows);
	tcase_add_test(tc, window_edges);
	tcase_add_test(tc, melweightmatrix);
	tcase_add_test(tc, test_dft);
	tcase_add_test(tc, dft_lengths_onesided_inverse);
	tcase_add_test(tc, dft_refusals);
	tcase_add_test(tc, test_stft);
	tcase_add_test(tc, stft_complex_window_twosided);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
