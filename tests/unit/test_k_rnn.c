/*
 * test_k_rnn.c - RNN, GRU and LSTM.
 *
 * Three sources of expected values: the ONNX backend test data (embedded in
 * test_k_rnn_data.h), torch 1.13 (bidirectional LSTM/GRU/RNN over packed
 * sequences of different lengths, see gen_k_rnn.py), and a plain
 * double-precision implementation of the ONNX equations below (ref_run),
 * which is itself checked against the torch cases and then swept over
 * every op, direction, layout, optional input and activation.  Hand-computed
 * cases pin down clip, Affine alpha/beta, reverse with sequence_lens and a
 * zero-length sequence.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "h_kernel.h"
#include "test_k_rnn_data.h"
#include "testutil.h"

/* ---- helpers ---- */

static void attr_strings(hk *h, const char *name, int n, const char *const *v)
{
	ir_attr *a = ir_node_add_attr(h->node, name, IR_ATTR_STRINGS, &h->err);
	int i;

	ck_assert_ptr_nonnull(a);
	a->n = n;
	a->strings = onnxc_calloc((size_t)(n ? n : 1), sizeof *a->strings);
	ck_assert_ptr_nonnull(a->strings);
	for (i = 0; i < n; i++)
		a->strings[i] = onnxc_strdup(v[i]);
}

static void fill(float *x, int n, float v)
{
	int i;

	for (i = 0; i < n; i++)
		x[i] = v;
}

static void iota1(float *x, int n)
{
	int i;

	for (i = 0; i < n; i++)
		x[i] = (float)(i + 1);
}

static void in3(hk *h, int idx, int64_t a, int64_t b, int64_t c, const float *v)
{
	int64_t d[3] = { a, b, c };

	hk_input(h, idx, IR_FLOAT, 3, d, v, 0);
}

static void in2(hk *h, int idx, int64_t a, int64_t b, const float *v)
{
	int64_t d[2] = { a, b };

	hk_input(h, idx, IR_FLOAT, 2, d, v, 0);
}

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

/* ---- a reference implementation of the ONNX equations ---- */

typedef struct rcfg {
	const char *op;
	int opset, ndir, reverse, layout, lbr, input_forget;
	float clip;
	int seq, batch, isz, hid;
	int has_b, has_sl, has_h0, has_c0, has_p, omit_y, omit_yh;
	int32_t sl[4];
	int nact;
	const char *acts[6];
	int nalpha, nbeta;
	float alpha[6], beta[6];
} rcfg;

static double ref_act(const char *name, double a, double b, double x)
{
	if (!strcasecmp(name, "Relu"))
		return x > 0 ? x : 0;
	if (!strcasecmp(name, "Tanh"))
		return tanh(x);
	if (!strcasecmp(name, "Sigmoid"))
		return 1 / (1 + exp(-x));
	if (!strcasecmp(name, "Affine"))
		return a * x + b;
	if (!strcasecmp(name, "LeakyRelu"))
		return x >= 0 ? x : a * x;
	if (!strcasecmp(name, "ThresholdedRelu"))
		return x >= a ? x : 0;
	if (!strcasecmp(name, "ScaledTanh"))
		return a * tanh(b * x);
	if (!strcasecmp(name, "HardSigmoid"))
		return fmin(fmax(a * x + b, 0), 1);
	if (!strcasecmp(name, "Elu"))
		return x >= 0 ? x : a * (exp(x) - 1);
	if (!strcasecmp(name, "Softsign"))
		return x / (1 + fabs(x));
	if (!strcasecmp(name, "Softplus"))
		return log(1 + exp(x));
	ck_abort_msg("unknown activation %s", name);
	return 0;
}

/* the activation functions with their alpha/beta, per direction */
typedef struct ract {
	const char *name;
	double a, b;
} ract;

static void ref_acts(const rcfg *c, int per_dir, ract out[2][3])
{
	static const char *const dflt[3][3] = {
		{ "Tanh" }, { "Sigmoid", "Tanh" }, { "Sigmoid", "Tanh", "Tanh" }
	};
	int kind = per_dir - 1, ia = 0, ib = 0, k;

	for (k = 0; k < 2 * per_dir; k++) {
		ract *o = &out[k / per_dir][k % per_dir];
		int src = c->nact == per_dir ? k % per_dir : k;
		const char *nm = c->nact ? c->acts[src] : dflt[kind][k % per_dir];
		int needs_a = !strcasecmp(nm, "Affine") || !strcasecmp(nm, "LeakyRelu") ||
			      !strcasecmp(nm, "ThresholdedRelu") || !strcasecmp(nm, "ScaledTanh") ||
			      !strcasecmp(nm, "HardSigmoid") || !strcasecmp(nm, "Elu");
		int needs_b = !strcasecmp(nm, "Affine") || !strcasecmp(nm, "ScaledTanh") ||
			      !strcasecmp(nm, "HardSigmoid");
		o->name = nm;
		o->a = !strcasecmp(nm, "LeakyRelu") ? 0.01 : !strcasecmp(nm, "HardSigmoid") ? 0.2 : 1.0;
		o->b = !strcasecmp(nm, "HardSigmoid") ? 0.5 : !strcasecmp(nm, "ScaledTanh") ? 1.0 : 0.0;
		/* alphas/betas are consumed along the attribute list only */
		if (k >= c->nact && c->nact)
			continue;
		if (needs_a && ia < c->nalpha)
			o->a = c->alpha[ia++];
		if (needs_b && ib < c->nbeta)
			o->b = c->beta[ib++];
	}
	if (c->nact == per_dir) {
		/* one list for both directions: the reverse one repeats it */
		for (k = 0; k < per_dir; k++)
			out[1][k] = out[0][k];
	}
}

static double ref_f(const rcfg *c, const ract *a, double x)
{
	if (c->clip > 0)
		x = x > c->clip ? c->clip : x < -c->clip ? -c->clip : x;
	return ref_act(a->name, a->a, a->b, x);
}

/* ref_run: Y, Y_h, Y_c of the configuration, straight from the equations,
 * one batch entry and one step at a time. */
static void ref_run(const rcfg *c, const float *X, const float *W, const float *R, const float *B,
		    const float *H0, const float *C0, const float *P, double *Y, double *YH,
		    double *YC)
{
	const int G = !strcmp(c->op, "RNN") ? 1 : !strcmp(c->op, "GRU") ? 3 : 4;
	const int H = c->hid, I = c->isz, S = c->seq, NB = c->batch, ND = c->ndir;
	ract acts[2][3];
	int d, b, s, j, k;

	ref_acts(c, G == 1 ? 1 : G == 3 ? 2 : 3, acts);
	memset(Y, 0, sizeof(double) * (size_t)(S * ND * NB * H));
	for (d = 0; d < ND; d++) {
		const float *w = W + d * G * H * I, *r = R + d * G * H * H;
		const float *wb = c->has_b ? B + d * 2 * G * H : NULL;
		const float *p = c->has_p ? P + d * 3 * H : NULL;
		int rev = ND == 2 ? d == 1 : c->reverse;
		const ract *f = acts[d];

		for (b = 0; b < NB; b++) {
			int len = c->has_sl ? c->sl[b] : S;
			double h[8], cc[8], hn[8];
			int so = (c->layout ? b * ND + d : d * NB + b) * H;

			for (j = 0; j < H; j++) {
				h[j] = c->has_h0 ? H0[so + j] : 0;
				cc[j] = c->has_c0 ? C0[so + j] : 0;
			}
			for (s = 0; s < len; s++) {
				int t = rev ? len - 1 - s : s;
				const float *x = X + (c->layout ? b * S + t : t * NB + b) * I;
				/* xw[k] = W_k x + Wb_k, hr[k] = R_k h + Rb_k per gate row */
				double xw[32], hr[32];
				for (k = 0; k < G * H; k++) {
					xw[k] = wb ? wb[k] : 0;
					hr[k] = wb ? wb[G * H + k] : 0;
					for (j = 0; j < I; j++)
						xw[k] += (double)w[k * I + j] * x[j];
					for (j = 0; j < H; j++)
						hr[k] += (double)r[k * H + j] * h[j];
				}
				if (G == 1) {
					for (j = 0; j < H; j++)
						hn[j] = ref_f(c, &f[0], xw[j] + hr[j]);
				} else if (G == 3) {
					double z[8], rr[8];
					for (j = 0; j < H; j++) {
						z[j] = ref_f(c, &f[0], xw[j] + hr[j]);
						rr[j] = ref_f(c, &f[0], xw[H + j] + hr[H + j]);
					}
					for (j = 0; j < H; j++) {
						double v = xw[2 * H + j];
						if (c->lbr) {
							v += rr[j] * hr[2 * H + j];
						} else {
							v += wb ? wb[G * H + 2 * H + j] : 0;
							for (k = 0; k < H; k++)
								v += (double)r[(2 * H + j) * H + k] * rr[k] * h[k];
						}
						v = ref_f(c, &f[1], v);
						hn[j] = (1 - z[j]) * v + z[j] * h[j];
					}
				} else {
					for (j = 0; j < H; j++) {
						double i_ = xw[j] + hr[j] + (p ? p[j] * cc[j] : 0);
						double f_ = xw[2 * H + j] + hr[2 * H + j] +
							    (p ? p[2 * H + j] * cc[j] : 0);
						double g_ = xw[3 * H + j] + hr[3 * H + j], o_;
						i_ = ref_f(c, &f[0], i_);
						f_ = c->input_forget ? 1 - i_ : ref_f(c, &f[0], f_);
						g_ = ref_f(c, &f[1], g_);
						cc[j] = f_ * cc[j] + i_ * g_;
						o_ = ref_f(c, &f[0], xw[H + j] + hr[H + j] +
								       (p ? p[H + j] * cc[j] : 0));
						hn[j] = o_ * ref_act(f[2].name, f[2].a, f[2].b, cc[j]);
					}
				}
				for (j = 0; j < H; j++) {
					h[j] = hn[j];
					Y[(c->layout ? (b * S + t) * ND + d : (t * ND + d) * NB + b) * H + j] =
						h[j];
				}
			}
			for (j = 0; j < H; j++) {
				YH[so + j] = h[j];
				if (YC)
					YC[so + j] = cc[j];
			}
		}
	}
}

/* lcg: deterministic values in [-1, 1) */
static float lcg(unsigned *s)
{
	*s = *s * 1103515245u + 12345u;
	return (float)((*s >> 8) & 0xffff) / 32768.0f - 1.0f;
}

static void rnd(float *x, int n, unsigned *s, float scale)
{
	int i;

	for (i = 0; i < n; i++)
		x[i] = lcg(s) * scale;
}

/* run_cfg: the kernel against ref_run on random data. */
static void run_cfg(const rcfg *c, unsigned seed)
{
	const int G = !strcmp(c->op, "RNN") ? 1 : !strcmp(c->op, "GRU") ? 3 : 4;
	const int lstm = G == 4, H = c->hid, ND = c->ndir, S = c->seq, NB = c->batch;
	const int nin = lstm ? 8 : 6, nout = lstm ? 3 : 2;
	float X[256], W[512], R[512], B[128], H0[64], C0[64], P[64];
	double Y[512], YH[64], YC[64] = { 0 };
	float fy[512], fyh[64], fyc[64];
	int64_t d1[1] = { NB };
	int i, ny = S * ND * NB * H, nh = ND * NB * H;
	hk *h = hk_new(c->op, c->opset, nin, nout);

	ck_assert(S * NB * c->isz <= 256 && G * H * c->isz * ND <= 512 && G * H * H * ND <= 512);
	ck_assert(ny <= 512 && nh <= 64 && H <= 8 && G * H <= 32);
	rnd(X, S * NB * c->isz, &seed, 2);
	rnd(W, ND * G * H * c->isz, &seed, 1);
	rnd(R, ND * G * H * H, &seed, 1);
	rnd(B, ND * 2 * G * H, &seed, 0.5f);
	rnd(H0, nh, &seed, 1);
	rnd(C0, nh, &seed, 1);
	rnd(P, ND * 3 * H, &seed, 1);
	ref_run(c, X, W, R, B, H0, C0, P, Y, YH, lstm ? YC : NULL);
	if (c->reverse)
		hk_attr_string(h, "direction", "reverse");
	if (ND == 2)
		hk_attr_string(h, "direction", "bidirectional");
	if (c->opset >= 14)
		hk_attr_int(h, "layout", c->layout);
	if (c->lbr)
		hk_attr_int(h, "linear_before_reset", 1);
	if (c->input_forget)
		hk_attr_int(h, "input_forget", 1);
	if (c->clip > 0)
		hk_attr_float(h, "clip", c->clip);
	hk_attr_int(h, "hidden_size", H);
	if (c->nact)
		attr_strings(h, "activations", c->nact, c->acts);
	if (c->nalpha)
		hk_attr_floats(h, "activation_alpha", c->nalpha, c->alpha);
	if (c->nbeta)
		hk_attr_floats(h, "activation_beta", c->nbeta, c->beta);
	if (c->layout)
		in3(h, 0, NB, S, c->isz, X);
	else
		in3(h, 0, S, NB, c->isz, X);
	in3(h, 1, ND, G * H, c->isz, W);
	in3(h, 2, ND, G * H, H, R);
	if (c->has_b)
		in2(h, 3, ND, 2 * G * H, B);
	else
		hk_omit_input(h, 3);
	if (c->has_sl)
		hk_input(h, 4, IR_INT32, 1, d1, c->sl, 0);
	else
		hk_omit_input(h, 4);
	for (i = 5; i < (lstm ? 7 : 6); i++) {
		int has = i == 5 ? c->has_h0 : c->has_c0;
		if (!has)
			hk_omit_input(h, i);
		else if (c->layout)
			in3(h, i, NB, ND, H, i == 5 ? H0 : C0);
		else
			in3(h, i, ND, NB, H, i == 5 ? H0 : C0);
	}
	if (lstm && c->has_p)
		in2(h, 7, ND, 3 * H, P);
	else if (lstm)
		hk_omit_input(h, 7);
	if (c->omit_y)
		hk_omit_output(h, 0);
	if (c->omit_yh)
		hk_omit_output(h, 1);
	ck_assert_msg(hk_run(h) == 0, "%s", h->err.msg);
	for (i = 0; i < ny; i++)
		fy[i] = (float)Y[i];
	for (i = 0; i < nh; i++) {
		fyh[i] = (float)YH[i];
		fyc[i] = (float)YC[i];
	}
	if (!c->omit_y) {
		int64_t dy0[4] = { S, ND, NB, H }, dy1[4] = { NB, S, ND, H };
		hk_assert_dims(h, 0, 4, c->layout ? dy1 : dy0);
		hk_assert_close(h, 0, fy, ny, 2e-5f);
	}
	if (!c->omit_yh)
		hk_assert_close(h, 1, fyh, nh, 2e-5f);
	if (lstm)
		hk_assert_close(h, 2, fyc, nh, 2e-5f);
	hk_free(h);
}

/* The reference agrees with torch (so the sweep below checks the kernel
 * against something already known to be right on the common ground). */
START_TEST(reference_matches_torch)
{
	static const rcfg lc = { .op = "LSTM", .ndir = 2, .seq = 4, .batch = 3, .isz = 3,
				 .hid = 2, .has_b = 1, .has_sl = 1, .has_h0 = 1, .has_c0 = 1,
				 .sl = { 4, 2, 3 } };
	static const rcfg gc = { .op = "GRU", .ndir = 2, .layout = 1, .lbr = 1, .seq = 4,
				 .batch = 3, .isz = 2, .hid = 3, .has_b = 1, .has_sl = 1,
				 .sl = { 3, 4, 1 } };
	static const rcfg rc = { .op = "RNN", .ndir = 2, .seq = 3, .batch = 2, .isz = 2,
				 .hid = 3, .has_b = 1, .has_sl = 1, .has_h0 = 1, .sl = { 2, 3 },
				 .nact = 1, .acts = { "Relu" } };
	double Y[128], YH[32], YC[32];
	int i;

	ref_run(&lc, lstm_x, lstm_w, lstm_r, lstm_b, lstm_h0, lstm_c0, NULL, Y, YH, YC);
	for (i = 0; i < 48; i++)
		ck_assert_double_eq_tol(Y[i], lstm_y[i], 1e-5);
	for (i = 0; i < 12; i++) {
		ck_assert_double_eq_tol(YH[i], lstm_yh[i], 1e-5);
		ck_assert_double_eq_tol(YC[i], lstm_yc[i], 1e-5);
	}
	ref_run(&gc, gru_x, gru_w, gru_r, gru_b, NULL, NULL, NULL, Y, YH, NULL);
	for (i = 0; i < 72; i++)
		ck_assert_double_eq_tol(Y[i], gru_y[i], 1e-5);
	for (i = 0; i < 18; i++)
		ck_assert_double_eq_tol(YH[i], gru_yh[i], 1e-5);
	ref_run(&rc, rnn_x, rnn_w, rnn_r, rnn_b, rnn_h0, NULL, NULL, Y, YH, NULL);
	for (i = 0; i < 36; i++)
		ck_assert_double_eq_tol(Y[i], rnn_y[i], 1e-5);
	for (i = 0; i < 12; i++)
		ck_assert_double_eq_tol(YH[i], rnn_yh[i], 1e-5);
}
END_TEST

/* Every op x direction x layout x variant:
 *   0: defaults, no optional input
 *   1: every optional input, sequence_lens with a zero and a short entry,
 *      linear_before_reset / input_forget, Y_h omitted
 *   2: activations with alpha/beta (one list shared by both directions), clip
 *   3: a list per direction with the remaining functions, Y omitted, opset 7 */
START_TEST(sweep_against_reference)
{
	static const char *const ops[3] = { "RNN", "GRU", "LSTM" };
	static const char *const set2[3] = { "LeakyRelu", "HardSigmoid", "ScaledTanh" };
	static const char *const set3[6] = { "ThresholdedRelu", "Elu", "Softsign",
					     "Softplus", "Tanh", "affine" };
	int op, dir, layout, var;
	unsigned seed = 1;

	for (op = 0; op < 3; op++)
		for (dir = 0; dir < 3; dir++)
			for (layout = 0; layout < 2; layout++)
				for (var = 0; var < 4; var++) {
					const int per = op + 1;
					rcfg c = { .op = ops[op], .opset = 14, .ndir = dir == 2 ? 2 : 1,
						   .reverse = dir == 1, .layout = layout, .seq = 4,
						   .batch = 3, .isz = 3, .hid = 4 };
					int k;
					if (var == 3 && layout)
						continue;
					if (var == 1) {
						c.has_b = c.has_sl = c.has_h0 = c.has_c0 = c.has_p = 1;
						c.sl[0] = 2;
						c.sl[1] = 4;
						c.sl[2] = 0;
						c.lbr = c.input_forget = 1;
						c.omit_yh = op == 2;
					}
					if (var == 2) {
						c.has_b = 1;
						c.clip = 1.5f;
						c.nact = per;
						for (k = 0; k < per; k++)
							c.acts[k] = set2[(k + op) % 3];
						c.nalpha = 3;
						c.alpha[0] = 0.3f;
						c.alpha[1] = 0.4f;
						c.alpha[2] = 0.8f;
						c.nbeta = 1;
						c.beta[0] = 0.25f;
					}
					if (var == 3) {
						c.opset = 7;
						c.has_b = c.has_h0 = 1;
						c.nact = per * c.ndir;
						for (k = 0; k < c.nact; k++)
							c.acts[k] = set3[(k + 2 * op) % 6];
						c.nalpha = 2;
						c.alpha[0] = -0.5f;
						c.alpha[1] = 0.7f;
						c.nbeta = 1;
						c.beta[0] = -0.2f;
						c.omit_y = 1;
					}
					run_cfg(&c, seed++);
				}
}
END_TEST

/* batch 0 and sequence length 0: empty outputs, Y_h the initial state */
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
	tcase_add_test(tc, reference_matches_torch);
	tcase_add_test(tc, sweep_against_reference);
	tcase_add_test(tc, empty_sizes);
	tcase_add_test(tc, refusals);
	tcase_add_test(tc, sequence_lens_out_of_range);
	tcase_add_test(tc, prep_out_of_memory);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
