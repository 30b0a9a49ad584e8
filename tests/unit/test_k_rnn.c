/*
 * test_k_rnn.c - RNN, GRU and LSTM: the ONNX backend test data, torch 1.13
 * and hand-computed cases, empty sizes, refusals.
 *
 * The backend values are embedded in test_k_rnn_data.h.  The torch cases
 * (printed by gen_k_rnn.py) are bidirectional LSTM/GRU/RNN over packed
 * sequences of different lengths with the weights reordered to ONNX gate
 * order.  Hand-computed cases pin down clip, Affine alpha/beta, reverse
 * with sequence_lens, a zero-length sequence, input_forget and
 * linear_before_reset.  test_k_rnn_ref.c sweeps the rest against a
 * reference implementation.
 */
#include <string.h>

#include "h_kernel.h"
#include "test_k_rnn.h"
#include "test_k_rnn_data.h"
#include "testutil.h"

/* ---- the ONNX backend test data ---- */

START_TEST(backend_simple_rnn_defaults)
{
	hk *h = hk_new("RNN", 14, 3, 2);
	float x[6], w[8], r[16];
	int64_t dh[3] = { 1, 3, 4 };

	iota1(x, 6);
	fill(w, 8, 0.1f);
	fill(r, 16, 0.1f);
	hk_attr_int(h, "hidden_size", 4);
	in3(h, 0, 1, 3, 2, x);
	in3(h, 1, 1, 4, 2, w);
	in3(h, 2, 1, 4, 4, r);
	hk_omit_output(h, 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 1, 3, dh);
	hk_assert_close(h, 1, bk_simple_rnn_defaults_yh, 12, 1e-6f);
	hk_free(h);
}
END_TEST

START_TEST(backend_gru_defaults)
{
	hk *h = hk_new("GRU", 14, 3, 2);
	float x[6], w[30], r[75];

	iota1(x, 6);
	fill(w, 30, 0.1f);
	fill(r, 75, 0.1f);
	hk_attr_int(h, "hidden_size", 5);
	in3(h, 0, 1, 3, 2, x);
	in3(h, 1, 1, 15, 2, w);
	in3(h, 2, 1, 15, 5, r);
	hk_omit_output(h, 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_close(h, 1, bk_gru_defaults_yh, 15, 1e-6f);
	hk_free(h);
}
END_TEST

START_TEST(backend_gru_seq_length)
{
	hk *h = hk_new("GRU", 14, 4, 2);

	hk_attr_int(h, "hidden_size", 5);
	in3(h, 0, 2, 3, 3, bk_gru_seq_length_x);
	in3(h, 1, 1, 15, 3, bk_gru_seq_length_w);
	in3(h, 2, 1, 15, 5, bk_gru_seq_length_r);
	in2(h, 3, 1, 30, bk_gru_seq_length_b);
	hk_omit_output(h, 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_close(h, 1, bk_gru_seq_length_yh, 15, 1e-6f);
	hk_free(h);
}
END_TEST

START_TEST(backend_lstm_with_peepholes)
{
	hk *h = hk_new("LSTM", 14, 8, 2);
	float x[8], w[48], r[36], b[24] = { 0 }, h0[6] = { 0 }, c0[6] = { 0 }, p[9];
	int32_t sl[2] = { 1, 1 };
	int64_t d1[1] = { 2 };

	iota1(x, 8);
	fill(w, 48, 0.1f);
	fill(r, 36, 0.1f);
	fill(p, 9, 0.1f);
	hk_attr_int(h, "hidden_size", 3);
	in3(h, 0, 1, 2, 4, x);
	in3(h, 1, 1, 12, 4, w);
	in3(h, 2, 1, 12, 3, r);
	in2(h, 3, 1, 24, b);
	hk_input(h, 4, IR_INT32, 1, d1, sl, 0);
	in3(h, 5, 1, 2, 3, h0);
	in3(h, 6, 1, 2, 3, c0);
	in2(h, 7, 1, 9, p);
	hk_omit_output(h, 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_close(h, 1, bk_lstm_peepholes_yh, 6, 1e-6f);
	hk_free(h);
}
END_TEST

START_TEST(backend_lstm_batchwise)
{
	hk *h = hk_new("LSTM", 14, 3, 2);
	float x[6], w[56], r[196];
	int64_t dy[4] = { 3, 1, 1, 7 }, dh[3] = { 3, 1, 7 };

	iota1(x, 6);
	fill(w, 56, 0.3f);
	fill(r, 196, 0.3f);
	hk_attr_int(h, "hidden_size", 7);
	hk_attr_int(h, "layout", 1);
	in3(h, 0, 3, 1, 2, x);
	in3(h, 1, 1, 28, 2, w);
	in3(h, 2, 1, 28, 7, r);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 4, dy);
	hk_assert_dims(h, 1, 3, dh);
	hk_assert_close(h, 0, bk_lstm_batchwise_y, 21, 1e-6f);
	hk_assert_close(h, 1, bk_lstm_batchwise_y, 21, 1e-6f);
	hk_free(h);
}
END_TEST

/* ---- torch ---- */

START_TEST(torch_lstm_bidirectional)
{
	hk *h = hk_new("LSTM", 14, 7, 3);
	int32_t sl[3] = { 4, 2, 3 };
	int64_t d1[1] = { 3 }, dy[4] = { 4, 2, 3, 2 };

	hk_attr_int(h, "hidden_size", 2);
	hk_attr_string(h, "direction", "bidirectional");
	in3(h, 0, 4, 3, 3, lstm_x);
	in3(h, 1, 2, 8, 3, lstm_w);
	in3(h, 2, 2, 8, 2, lstm_r);
	in2(h, 3, 2, 16, lstm_b);
	hk_input(h, 4, IR_INT32, 1, d1, sl, 0);
	in3(h, 5, 2, 3, 2, lstm_h0);
	in3(h, 6, 2, 3, 2, lstm_c0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 4, dy);
	hk_assert_close(h, 0, lstm_y, 48, 1e-5f);
	hk_assert_close(h, 1, lstm_yh, 12, 1e-5f);
	hk_assert_close(h, 2, lstm_yc, 12, 1e-5f);
	hk_free(h);
}
END_TEST

START_TEST(torch_gru_bidirectional_layout1)
{
	hk *h = hk_new("GRU", 14, 5, 2);
	int32_t sl[3] = { 3, 4, 1 };
	int64_t d1[1] = { 3 }, dy[4] = { 3, 4, 2, 3 }, dh[3] = { 3, 2, 3 };

	hk_attr_int(h, "hidden_size", 3);
	hk_attr_int(h, "layout", 1);
	hk_attr_int(h, "linear_before_reset", 1);
	hk_attr_string(h, "direction", "bidirectional");
	in3(h, 0, 3, 4, 2, gru_x);
	in3(h, 1, 2, 9, 2, gru_w);
	in3(h, 2, 2, 9, 3, gru_r);
	in2(h, 3, 2, 18, gru_b);
	hk_input(h, 4, IR_INT32, 1, d1, sl, 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 4, dy);
	hk_assert_dims(h, 1, 3, dh);
	hk_assert_close(h, 0, gru_y, 72, 1e-5f);
	hk_assert_close(h, 1, gru_yh, 18, 1e-5f);
	hk_free(h);
}
END_TEST

START_TEST(torch_rnn_bidirectional_relu)
{
	static const char *const acts[2] = { "Relu", "relu" };
	hk *h = hk_new("RNN", 14, 6, 2);
	int32_t sl[2] = { 2, 3 };
	int64_t d1[1] = { 2 };

	hk_attr_int(h, "hidden_size", 3);
	hk_attr_string(h, "direction", "bidirectional");
	attr_strings(h, "activations", 2, acts);
	in3(h, 0, 3, 2, 2, rnn_x);
	in3(h, 1, 2, 3, 2, rnn_w);
	in3(h, 2, 2, 3, 3, rnn_r);
	in2(h, 3, 2, 6, rnn_b);
	hk_input(h, 4, IR_INT32, 1, d1, sl, 0);
	in3(h, 5, 2, 2, 3, rnn_h0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_close(h, 0, rnn_y, 36, 1e-5f);
	hk_assert_close(h, 1, rnn_yh, 12, 1e-5f);
	hk_free(h);
}
END_TEST

/* ---- hand-computed ---- */

/* RNN, H = I = 1, W = 2, R = 0.5, Wb + Rb = 1.5, X = 1, 2, 3:
 * pre-activations 3.5, then 2*x + 0.5*h + 1.5 */
START_TEST(hand_affine_alpha_beta)
{
	static const char *const acts[1] = { "Affine" };
	static const float x[3] = { 1, 2, 3 }, w[1] = { 2 }, r[1] = { 0.5f }, b[2] = { 1, 0.5f };
	/* alpha 0.5, beta 1: h1 = 0.5*3.5 + 1 = 2.75, h2 = 0.5*(4 + 1.375 + 1.5) + 1,
	 * h3 = 0.5*(6 + 2.21875 + 1.5) + 1 */
	static const float y[3] = { 2.75f, 4.4375f, 5.859375f };
	float a = 0.5f, be = 1.0f;
	hk *h = hk_new("RNN", 7, 4, 2);

	attr_strings(h, "activations", 1, acts);
	hk_attr_floats(h, "activation_alpha", 1, &a);
	hk_attr_floats(h, "activation_beta", 1, &be);
	in3(h, 0, 3, 1, 1, x);
	in3(h, 1, 1, 1, 1, w);
	in3(h, 2, 1, 1, 1, r);
	in2(h, 3, 1, 2, b);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_close(h, 0, y, 3, 0);
	hk_assert_close(h, 1, y + 2, 1, 0);
	hk_free(h);
}
END_TEST

/* The same with Affine's defaults (identity) and clip 5: 3.5, min(7.25, 5),
 * min(6 + 2.5 + 1.5, 5). */
START_TEST(hand_clip)
{
	static const char *const acts[1] = { "AFFINE" };
	static const float x[3] = { 1, 2, 3 }, w[1] = { 2 }, r[1] = { 0.5f }, b[2] = { 1, 0.5f };
	static const float y[3] = { 3.5f, 5, 5 };
	hk *h = hk_new("RNN", 14, 4, 2);

	attr_strings(h, "activations", 1, acts);
	hk_attr_float(h, "clip", 5);
	in3(h, 0, 3, 1, 1, x);
	in3(h, 1, 1, 1, 1, w);
	in3(h, 2, 1, 1, 1, r);
	in2(h, 3, 1, 2, b);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_close(h, 0, y, 3, 0);
	hk_free(h);
}
END_TEST

/* Reverse identity RNN (W = R = 1, no bias) over lengths {3, 1, 0}: each
 * entry sums its own steps from its end; steps past the length are zero;
 * the empty entry keeps its initial state. */
START_TEST(hand_reverse_sequence_lens)
{
	static const char *const acts[1] = { "Affine" };
	/* X [3 seq, 3 batch, 1] */
	static const float x[9] = { 1, 10, 100, 2, 20, 200, 3, 30, 300 };
	static const float one[1] = { 1 }, h0[3] = { 0, 0, 7 };
	static const float y[9] = { 6, 10, 0, 5, 0, 0, 3, 0, 0 };
	static const float yh[3] = { 6, 10, 7 };
	int32_t sl[3] = { 3, 1, 0 };
	int64_t d1[1] = { 3 };
	hk *h = hk_new("RNN", 14, 6, 2);

	attr_strings(h, "activations", 1, acts);
	hk_attr_string(h, "direction", "reverse");
	in3(h, 0, 3, 3, 1, x);
	in3(h, 1, 1, 1, 1, one);
	in3(h, 2, 1, 1, 1, one);
	hk_omit_input(h, 3);
	hk_input(h, 4, IR_INT32, 1, d1, sl, 0);
	in3(h, 5, 1, 3, 1, h0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_close(h, 0, y, 9, 0);
	hk_assert_close(h, 1, yh, 3, 0);
	hk_free(h);
}
END_TEST

/* LSTM with input_forget, H = I = 1, all weights 0, no bias: i = f = o =
 * sigmoid(0) = 0.5 but f is coupled to 1 - i = 0.5 as well; with
 * activations (Sigmoid, Affine, Affine), c-gate = x*W = 0, so
 * C1 = 0.5*c0, H1 = 0.5*C1.  With W_c = 1 and x = 2: C1 = 0.5*c0 + 0.5*2. */
START_TEST(hand_lstm_input_forget)
{
	static const char *const acts[3] = { "Sigmoid", "Affine", "Affine" };
	static const float x[1] = { 2 }, w[4] = { 0, 0, 0, 1 }, r[4] = { 0 };
	static const float h0[1] = { 0 }, c0[1] = { 4 };
	/* i = 0.5, f = 1 - i = 0.5, c = 2, C = 0.5*4 + 0.5*2 = 3, o = 0.5, H = 1.5 */
	static const float yh[1] = { 1.5f }, yc[1] = { 3 };
	hk *h = hk_new("LSTM", 14, 7, 3);

	attr_strings(h, "activations", 3, acts);
	hk_attr_int(h, "input_forget", 1);
	in3(h, 0, 1, 1, 1, x);
	in3(h, 1, 1, 4, 1, w);
	in3(h, 2, 1, 4, 1, r);
	hk_omit_input(h, 3);
	hk_omit_input(h, 4);
	in3(h, 5, 1, 1, 1, h0);
	in3(h, 6, 1, 1, 1, c0);
	hk_omit_output(h, 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_close(h, 1, yh, 1, 0);
	hk_assert_close(h, 2, yc, 1, 0);
	hk_free(h);
}
END_TEST

/* GRU, H = I = 1, identity activations (Affine), W = 0, R = 1 for every gate,
 * Rb = (0, 0, 1), h0 = 2: z = r = h0 = 2.
 *   linear_before_reset 0: h~ = (r*h0)*Rh + Rbh = 4 + 1 = 5
 *   linear_before_reset 1: h~ = r*(h0*Rh + Rbh) = 2*3 = 6
 *   Ht = (1 - z)*h~ + z*h0 = -h~ + 4 */
START_TEST(hand_gru_linear_before_reset)
{
	static const char *const acts[2] = { "Affine", "Affine" };
	static const float x[1] = { 0 }, w[3] = { 0 }, r[3] = { 1, 1, 1 };
	static const float b[6] = { 0, 0, 0, 0, 0, 1 }, h0[1] = { 2 };
	static const float want[2] = { -1, -2 };
	int lbr;

	for (lbr = 0; lbr < 2; lbr++) {
		hk *h = hk_new("GRU", 7, 6, 2);
		attr_strings(h, "activations", 2, acts);
		hk_attr_int(h, "linear_before_reset", lbr);
		in3(h, 0, 1, 1, 1, x);
		in3(h, 1, 1, 3, 1, w);
		in3(h, 2, 1, 3, 1, r);
		in2(h, 3, 1, 6, b);
		hk_omit_input(h, 4);
		in3(h, 5, 1, 1, 1, h0);
		ck_assert_int_eq(hk_run(h), 0);
		hk_assert_close(h, 1, &want[lbr], 1, 0);
		hk_free(h);
	}
}
END_TEST

START_TEST(empty_sizes)
{
	float h0[8];
	hk *h = hk_new("GRU", 14, 6, 2);
	int64_t dy[4] = { 0, 1, 2, 4 };
	int i;

	for (i = 0; i < 8; i++)
		h0[i] = (float)i;
	hk_attr_int(h, "hidden_size", 4);
	in3(h, 0, 0, 2, 1, NULL);
	in3(h, 1, 1, 12, 1, NULL);
	in3(h, 2, 1, 12, 4, NULL);
	hk_omit_input(h, 3);
	hk_omit_input(h, 4);
	in3(h, 5, 1, 2, 4, h0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 4, dy);
	hk_assert_close(h, 1, h0, 8, 0);
	hk_free(h);

	h = hk_new("LSTM", 14, 3, 3);
	in3(h, 0, 3, 0, 2, NULL);
	in3(h, 1, 1, 8, 2, NULL);
	in3(h, 2, 1, 8, 2, NULL);
	ck_assert_int_eq(hk_run(h), 0);
	ck_assert_int_eq(h->out[0].numel, 0);
	ck_assert_int_eq(h->out[1].numel, 0);
	ck_assert_int_eq(h->out[2].numel, 0);
	hk_free(h);
}
END_TEST

/* ---- refusals ---- */

/* base: a valid 1-direction RNN node (seq 2, batch 1, input 1, hidden 1) */
static hk *base(const char *op, int nin)
{
	static const float v[8] = { 0 };
	const int G = !strcmp(op, "RNN") ? 1 : !strcmp(op, "GRU") ? 3 : 4;
	hk *h = hk_new(op, 14, nin, 1);

	in3(h, 0, 2, 1, 1, v);
	in3(h, 1, 1, G, 1, v);
	in3(h, 2, 1, G, 1, v);
	return h;
}

static void expect_refusal(hk *h, int code, const char *needle)
{
	ck_assert_int_eq(hk_prep(h), -1);
	ck_assert_int_eq(h->err.code, code);
	ck_assert_msg(strstr(h->err.msg, needle), "message '%s' lacks '%s'", h->err.msg, needle);
	hk_free(h);
}

START_TEST(refusals)
{
	static const double dv[2] = { 0 };
	static const char *const bad_act[1] = { "Swish" };
	static const char *const two[2] = { "Tanh", "Tanh" };
	static const float v[8] = { 0 };
	int64_t d3[3] = { 2, 1, 1 }, d1[1] = { 1 };
	int64_t sl64[1] = { 1 };
	hk *h;

	h = base("RNN", 3);
	ck_assert_int_eq(hk_run(h), 0);
	hk_free(h);

	h = base("RNN", 3);
	hk_input(h, 0, IR_DOUBLE, 3, d3, dv, 0);
	expect_refusal(h, ONNXC_EUNSUPPORTED, "float only");

	h = base("GRU", 3);
	in3(h, 1, 1, 2, 1, v);
	expect_refusal(h, ONNXC_EINVAL, "W: dim 1 is 2, expected 3");

	h = base("LSTM", 3);
	hk_attr_string(h, "direction", "sideways");
	expect_refusal(h, ONNXC_EINVAL, "direction");

	h = base("RNN", 3);
	hk_attr_string(h, "direction", "bidirectional");
	expect_refusal(h, ONNXC_EINVAL, "W: dim 0 is 1, expected 2");

	h = base("RNN", 3);
	attr_strings(h, "activations", 1, bad_act);
	expect_refusal(h, ONNXC_EINVAL, "unknown activation function 'Swish'");

	h = base("GRU", 3);
	attr_strings(h, "activations", 1, two);
	expect_refusal(h, ONNXC_EINVAL, "activations lists 1 functions, expected 2");

	h = base("RNN", 3);
	hk_attr_int(h, "layout", 2);
	expect_refusal(h, ONNXC_EINVAL, "layout");

	h = base("RNN", 3);
	hk_attr_float(h, "clip", 0);
	expect_refusal(h, ONNXC_EINVAL, "clip");

	h = base("RNN", 3);
	hk_attr_int(h, "hidden_size", 2);
	expect_refusal(h, ONNXC_EINVAL, "W: dim 1 is 1, expected 2");

	h = base("RNN", 5);
	hk_omit_input(h, 3);
	hk_input(h, 4, IR_INT64, 1, d1, sl64, 0);
	expect_refusal(h, ONNXC_EINVAL, "sequence_lens must be int32");

	h = base("LSTM", 8);
	hk_omit_input(h, 3);
	hk_omit_input(h, 4);
	hk_omit_input(h, 5);
	hk_omit_input(h, 6);
	in2(h, 7, 1, 4, v);
	expect_refusal(h, ONNXC_EINVAL, "P: dim 1 is 4, expected 3");

	h = base("RNN", 3);
	hk_omit_input(h, 2);
	expect_refusal(h, ONNXC_EINVAL, "X, W and R are required");
}
END_TEST

/* sequence_lens is data: out of range fails at exec */
START_TEST(sequence_lens_out_of_range)
{
	static const int32_t bad[2][1] = { { 3 }, { -1 } };
	int64_t d1[1] = { 1 };
	int k;

	for (k = 0; k < 2; k++) {
		hk *h = base("LSTM", 5);
		hk_omit_input(h, 3);
		hk_input(h, 4, IR_INT32, 1, d1, bad[k], 0);
		ck_assert_int_eq(hk_run(h), -1);
		ck_assert_int_eq(h->err.code, ONNXC_EINVAL);
		ck_assert_ptr_nonnull(strstr(h->err.msg, "sequence_lens[0]"));
		hk_free(h);
	}
}
END_TEST

START_TEST(prep_out_of_memory)
{
	hk *h = base("GRU", 3);

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
	Suite *s = suite_create("k_rnn");
	TCase *tc = tcase_create("rnn");

	tcase_add_test(tc, backend_simple_rnn_defaults);
	tcase_add_test(tc, backend_gru_defaults);
	tcase_add_test(tc, backend_gru_seq_length);
	tcase_add_test(tc, backend_lstm_with_peepholes);
	tcase_add_test(tc, backend_lstm_batchwise);
	tcase_add_test(tc, torch_lstm_bidirectional);
	tcase_add_test(tc, torch_gru_bidirectional_layout1);
	tcase_add_test(tc, torch_rnn_bidirectional_relu);
	tcase_add_test(tc, hand_affine_alpha_beta);
	tcase_add_test(tc, hand_clip);
	tcase_add_test(tc, hand_reverse_sequence_lens);
	tcase_add_test(tc, hand_lstm_input_forget);
	tcase_add_test(tc, hand_gru_linear_before_reset);
	tcase_add_test(tc, empty_sizes);
	tcase_add_test(tc, refusals);
	tcase_add_test(tc, sequence_lens_out_of_range);
	tcase_add_test(tc, prep_out_of_memory);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
