/*
 * test_k_rnn_ref.c - RNN, GRU and LSTM against a plain double-precision
 * implementation of the ONNX equations (ref_run: one batch entry and one
 * step at a time, no GEMM), which is first checked against the torch 1.13
 * cases of test_k_rnn_data.h and then swept over every op, direction,
 * layout, optional input, activation function (with alpha/beta), clip,
 * linear_before_reset and input_forget.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "h_kernel.h"
#include "test_k_rnn.h"
#include "test_k_rnn_data.h"
#include "testutil.h"

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
int main(void)
{
	Suite *s = suite_create("k_rnn_ref");
	TCase *tc = tcase_create("rnn");

	tcase_add_test(tc, reference_matches_torch);
	tcase_add_test(tc, sweep_against_reference);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
