/*
 * test_k_conv.c - Conv: the ONNX backend test cases (numbers decoded from
 * /usr/share/libonnx-testdata/data/node/test_*conv*), a hand-computed 1-D
 * case, a table of random cases (1-D/2-D/3-D, groups, depthwise, dilations,
 * strides, asymmetric pads, auto_pad, 1x1, double, tiling) checked against a
 * naive reference, depthwise cases through the AVX2 kernel and the plain
 * loops (fused Relu), and prep refusals.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "h_kernel.h"
#include "k_conv_geom.h"
#include "testutil.h"

/* test_basic_conv_with_padding (opset 11): kernel_shape=[3, 3], pads=[1, 1, 1, 1] */
static const int64_t cpad_in0_dims[] = { 1, 1, 5, 5 };
static const float cpad_in0[] = {
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24
};
static const int64_t cpad_in1_dims[] = { 1, 1, 3, 3 };
static const float cpad_in1[] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1
};
static const int64_t cpad_out0_dims[] = { 1, 1, 5, 5 };
static const float cpad_out0[] = {
	12, 21, 27, 33, 24, 33, 54, 63, 72, 51, 63, 99, 108, 117, 81, 93, 144, 153, 162, 111, 72, 111,
	117, 123, 84
};
/* test_basic_conv_without_padding (opset 11): kernel_shape=[3, 3], pads=[0, 0, 0, 0] */
static const int64_t cnopad_in0_dims[] = { 1, 1, 5, 5 };
static const float cnopad_in0[] = {
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24
};
static const int64_t cnopad_in1_dims[] = { 1, 1, 3, 3 };
static const float cnopad_in1[] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1
};
static const int64_t cnopad_out0_dims[] = { 1, 1, 3, 3 };
static const float cnopad_out0[] = {
	54, 63, 72, 99, 108, 117, 144, 153, 162
};
/* test_conv_with_strides_padding (opset 11): kernel_shape=[3, 3], pads=[1, 1, 1, 1], strides=[2, 2] */
static const int64_t cspad_in0_dims[] = { 1, 1, 7, 5 };
static const float cspad_in0[] = {
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25,
	26, 27, 28, 29, 30, 31, 32, 33, 34
};
static const int64_t cspad_in1_dims[] = { 1, 1, 3, 3 };
static const float cspad_in1[] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1
};
static const int64_t cspad_out0_dims[] = { 1, 1, 4, 3 };
static const float cspad_out0[] = {
	12, 27, 24, 63, 108, 81, 123, 198, 141, 112, 177, 124
};
/* test_conv_with_strides_no_padding (opset 11): kernel_shape=[3, 3], pads=[0, 0, 0, 0], strides=[2, 2] */
static const int64_t csnopad_in0_dims[] = { 1, 1, 7, 5 };
static const float csnopad_in0[] = {
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25,
	26, 27, 28, 29, 30, 31, 32, 33, 34
};
static const int64_t csnopad_in1_dims[] = { 1, 1, 3, 3 };
static const float csnopad_in1[] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1
};
static const int64_t csnopad_out0_dims[] = { 1, 1, 3, 2 };
static const float csnopad_out0[] = {
	54, 72, 144, 162, 234, 252
};
/* test_conv_with_strides_and_asymmetric_padding (opset 11): kernel_shape=[3, 3], pads=[1, 0, 1, 0], strides=[2, 2] */
static const int64_t casym_in0_dims[] = { 1, 1, 7, 5 };
static const float casym_in0[] = {
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25,
	26, 27, 28, 29, 30, 31, 32, 33, 34
};
static const int64_t casym_in1_dims[] = { 1, 1, 3, 3 };
static const float casym_in1[] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1
};
static const int64_t casym_out0_dims[] = { 1, 1, 4, 2 };
static const float casym_out0[] = {
	21, 33, 99, 117, 189, 207, 171, 183
};
/* test_conv_with_autopad_same (opset 11): auto_pad=SAME_LOWER, kernel_shape=[3, 3], strides=[2, 2] */
static const int64_t csame_in0_dims[] = { 1, 1, 5, 5 };
static const float csame_in0[] = {
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24
};
static const int64_t csame_in1_dims[] = { 1, 1, 3, 3 };
static const float csame_in1[] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1
};
static const int64_t csame_out0_dims[] = { 1, 1, 3, 3 };
static const float csame_out0[] = {
	12, 27, 24, 63, 108, 81, 72, 117, 84
};

/* ---- helpers ---- */

static hk *conv_node(const char *op, int opset, int rank, const int64_t *xd, const float *x,
		     const int64_t *wd, const float *w, const float *b, int64_t nb)
{
	hk *h = hk_new(op, opset, 3, 1);

	hk_input(h, 0, IR_FLOAT, rank, xd, x, 0);
	hk_input(h, 1, IR_FLOAT, rank, wd, w, 1);
	if (b)
		hk_input(h, 2, IR_FLOAT, 1, &nb, b, 1);
	else
		hk_omit_input(h, 2);
	return h;
}

static void ints(hk *h, const char *name, int n, int64_t a, int64_t b, int64_t c, int64_t d)
{
	int64_t v[4] = { a, b, c, d };

	hk_attr_ints(h, name, n, v);
}

/* deterministic uniform numbers in [-1, 1) */
static uint32_t rng_state = 12345;
static double rnd(void)
{
	rng_state = rng_state * 1664525u + 1013904223u;
	return (double)(rng_state >> 8) / (double)(1u << 23) - 1.0;
}

typedef struct ccfg {
	int nsp;
	int64_t N, C, M, group;
	int64_t in[3], k[3], s[3], d[3], p0[3], p1[3];
	const char *autopad;  /* NULL: explicit pads attribute */
	int bias, dbl, opset, kattr;
} ccfg;

static int cfg_idx;    /* the case run_cfg is checking, for messages */
static int cfg_threads = 1;   /* session threads the kernel runs on (hk_threads) */

static int64_t prod(int n, const int64_t *v)
{
	int64_t p = 1;
	int i;

	for (i = 0; i < n; i++)
		p *= v[i];
	return p;
}

/* conv_ref: direct N-d convolution in double; out[] receives the spatial
 * output dims; returns the output (malloc'd). */
static double *conv_ref(const ccfg *c, const double *x, const double *w, const double *b,
			int64_t *out)
{
	int64_t Cg = c->C / c->group, Mg = c->M / c->group, osz, ksz, isz, n, m, o, kk, ci;
	double *y;
	int i;

	for (i = 0; i < c->nsp; i++)
		out[i] = (c->in[i] + c->p0[i] + c->p1[i] - (c->k[i] - 1) * c->d[i] - 1) / c->s[i] + 1;
	osz = prod(c->nsp, out);
	ksz = prod(c->nsp, c->k);
	isz = prod(c->nsp, c->in);
	y = calloc((size_t)(c->N * c->M * osz) + 1, sizeof *y);
	for (n = 0; n < c->N; n++)
		for (m = 0; m < c->M; m++)
			for (o = 0; o < osz; o++) {
				double acc = b ? b[m] : 0;
				int64_t g = m / Mg;
				for (ci = 0; ci < Cg; ci++)
					for (kk = 0; kk < ksz; kk++) {
						int64_t orem = o, krem = kk, off = 0, mul = 1;
						int ok = 1;
						for (i = c->nsp - 1; i >= 0; i--) {
							int64_t oi = orem % out[i], ki = krem % c->k[i];
							int64_t ii = oi * c->s[i] - c->p0[i] + ki * c->d[i];
							orem /= out[i];
							krem /= c->k[i];
							if (ii < 0 || ii >= c->in[i])
								ok = 0;
							off += ii * mul;
							mul *= c->in[i];
						}
						if (ok)
							acc += w[(m * Cg + ci) * ksz + kk] *
							       x[((n * c->C) + g * Cg + ci) * isz + off];
					}
				y[(n * c->M + m) * osz + o] = acc;
			}
	return y;
}

/* run_cfg: random X, W, B for c; run the kernel and compare with conv_ref. */
static void run_cfg(const ccfg *c, size_t *scratch)
{
	int64_t xd[5], wd[5], out[3], yd[5], nx, nw, ny, i, nb = c->M;
	int rank = c->nsp + 2, j;
	double *x, *w, *b, *y;
	hk *h;

	xd[0] = c->N;
	xd[1] = c->C;
	wd[0] = c->M;
	wd[1] = c->C / c->group;
	for (j = 0; j < c->nsp; j++) {
		xd[2 + j] = c->in[j];
		wd[2 + j] = c->k[j];
	}
	nx = prod(rank, xd);
	nw = prod(rank, wd);
	x = malloc(sizeof *x * (size_t)(nx + 1));
	w = malloc(sizeof *w * (size_t)(nw + 1));
	b = malloc(sizeof *b * (size_t)(c->M + 1));
	for (i = 0; i < nx; i++)
		x[i] = rnd();
	for (i = 0; i < nw; i++)
		w[i] = rnd();
	for (i = 0; i < c->M; i++)
		b[i] = rnd();
	y = conv_ref(c, x, w, c->bias ? b : NULL, out);
	yd[0] = c->N;
	yd[1] = c->M;
	for (j = 0; j < c->nsp; j++)
		yd[2 + j] = out[j];
	ny = prod(rank, yd);

	h = hk_new("Conv", c->opset, 3, 1);
	hk_threads(h, cfg_threads);
	if (c->dbl) {
		hk_input(h, 0, IR_DOUBLE, rank, xd, x, 0);
		hk_input(h, 1, IR_DOUBLE, rank, wd, w, 1);
		if (c->bias)
			hk_input(h, 2, IR_DOUBLE, 1, &nb, b, 1);
	} else {
		float *xf = malloc(sizeof *xf * (size_t)(nx + 1)), *wf = malloc(sizeof *wf * (size_t)(nw + 1));
		float *bf = malloc(sizeof *bf * (size_t)(c->M + 1));
		for (i = 0; i < nx; i++)
			xf[i] = (float)x[i];
		for (i = 0; i < nw; i++)
			wf[i] = (float)w[i];
		for (i = 0; i < c->M; i++)
			bf[i] = (float)b[i];
		hk_input(h, 0, IR_FLOAT, rank, xd, xf, 0);
		hk_input(h, 1, IR_FLOAT, rank, wd, wf, 1);
		if (c->bias)
			hk_input(h, 2, IR_FLOAT, 1, &nb, bf, 1);
		free(xf);
		free(wf);
		free(bf);
	}
	if (!c->bias)
		hk_omit_input(h, 2);
	if (c->group != 1)
		hk_attr_int(h, "group", c->group);
	hk_attr_ints(h, "strides", c->nsp, c->s);
	hk_attr_ints(h, "dilations", c->nsp, c->d);
	if (c->kattr)
		hk_attr_ints(h, "kernel_shape", c->nsp, c->k);
	if (c->autopad) {
		hk_attr_string(h, "auto_pad", c->autopad);
	} else {
		int64_t pads[6];
		for (j = 0; j < c->nsp; j++) {
			pads[j] = c->p0[j];
			pads[j + c->nsp] = c->p1[j];
		}
		hk_attr_ints(h, "pads", 2 * c->nsp, pads);
	}
	ck_assert_msg(hk_run(h) == 0, "%s", h->err.msg);
	hk_assert_dims(h, 0, rank, yd);
	ck_assert_int_eq(h->out[0].numel, ny);
	for (i = 0; i < ny; i++) {
		double got = c->dbl ? ((double *)h->out[0].data)[i] : hk_outf(h, 0)[i];
		double tol = c->dbl ? 1e-9 : 1e-4 + 1e-5 * fabs(y[i]);
		ck_assert_msg(fabs(got - y[i]) <= tol, "case %d element %lld: got %.9g expected %.9g",
			      cfg_idx, (long long)i, got, y[i]);
	}
	if (scratch)
		*scratch = h->rn.scratch_bytes;
	hk_free(h);
	free(x);
	free(w);
	free(b);
	free(y);
}

/* ---- ONNX backend test cases ---- */

START_TEST(onnx_basic_padding)
{
	hk *h = conv_node("Conv", 11, 4, cpad_in0_dims, cpad_in0, cpad_in1_dims, cpad_in1, NULL, 0);

	ints(h, "kernel_shape", 2, 3, 3, 0, 0);
	ints(h, "pads", 4, 1, 1, 1, 1);
	ck_assert_msg(hk_run(h) == 0, "%s", h->err.msg);
	hk_assert_dims(h, 0, 4, cpad_out0_dims);
	hk_assert_close(h, 0, cpad_out0, 25, 1e-4f);
	hk_free(h);

	h = conv_node("Conv", 11, 4, cnopad_in0_dims, cnopad_in0, cnopad_in1_dims, cnopad_in1, NULL, 0);
	ints(h, "kernel_shape", 2, 3, 3, 0, 0);
	ints(h, "pads", 4, 0, 0, 0, 0);
	ck_assert_msg(hk_run(h) == 0, "%s", h->err.msg);
	hk_assert_dims(h, 0, 4, cnopad_out0_dims);
	hk_assert_close(h, 0, cnopad_out0, 9, 1e-4f);
	hk_free(h);
}
END_TEST

START_TEST(onnx_strides)
{
	hk *h = conv_node("Conv", 11, 4, cspad_in0_dims, cspad_in0, cspad_in1_dims, cspad_in1, NULL, 0);

	ints(h, "kernel_shape", 2, 3, 3, 0, 0);
	ints(h, "pads", 4, 1, 1, 1, 1);
	ints(h, "strides", 2, 2, 2, 0, 0);
	ck_assert_msg(hk_run(h) == 0, "%s", h->err.msg);
	hk_assert_dims(h, 0, 4, cspad_out0_dims);
	hk_assert_close(h, 0, cspad_out0, 12, 1e-4f);
	hk_free(h);

	h = conv_node("Conv", 11, 4, csnopad_in0_dims, csnopad_in0, csnopad_in1_dims, csnopad_in1,
		      NULL, 0);
	ints(h, "kernel_shape", 2, 3, 3, 0, 0);
	ints(h, "pads", 4, 0, 0, 0, 0);
	ints(h, "strides", 2, 2, 2, 0, 0);
	ck_assert_msg(hk_run(h) == 0, "%s", h->err.msg);
	hk_assert_dims(h, 0, 4, csnopad_out0_dims);
	hk_assert_close(h, 0, csnopad_out0, 6, 1e-4f);
	hk_free(h);
}
END_TEST

START_TEST(onnx_asymmetric_pads)
{
	hk *h = conv_node("Conv", 11, 4, casym_in0_dims, casym_in0, casym_in1_dims, casym_in1, NULL, 0);

	ints(h, "kernel_shape", 2, 3, 3, 0, 0);
	ints(h, "pads", 4, 1, 0, 1, 0);
	ints(h, "strides", 2, 2, 2, 0, 0);
	ck_assert_msg(hk_run(h) == 0, "%s", h->err.msg);
	hk_assert_dims(h, 0, 4, casym_out0_dims);
	hk_assert_close(h, 0, casym_out0, 8, 1e-4f);
	hk_free(h);
}
END_TEST

START_TEST(onnx_autopad_same_lower)
{
	hk *h = conv_node("Conv", 11, 4, csame_in0_dims, csame_in0, csame_in1_dims, csame_in1, NULL, 0);

	hk_attr_string(h, "auto_pad", "SAME_LOWER");
	ints(h, "kernel_shape", 2, 3, 3, 0, 0);
	ints(h, "strides", 2, 2, 2, 0, 0);
	ck_assert_msg(hk_run(h) == 0, "%s", h->err.msg);
	hk_assert_dims(h, 0, 4, csame_out0_dims);
	hk_assert_close(h, 0, csame_out0, 9, 1e-4f);
	hk_free(h);
}
END_TEST

/* ---- hand-computed ---- */

/* y[i] = x[i-1] - x[i+1] + 0.5 with zero padding */
START_TEST(hand_1d_bias)
{
	static const int64_t xd[3] = { 1, 1, 4 }, wd[3] = { 1, 1, 3 }, yd[3] = { 1, 1, 4 };
	static const float x[4] = { 1, 2, 3, 4 }, w[3] = { 1, 0, -1 }, b[1] = { 0.5f };
	static const float y[4] = { -1.5f, -1.5f, -1.5f, 3.5f };
	hk *h = conv_node("Conv", 1, 3, xd, x, wd, w, b, 1);

	ints(h, "pads", 2, 1, 1, 0, 0);
	ck_assert_msg(hk_run(h) == 0, "%s", h->err.msg);
	hk_assert_dims(h, 0, 3, yd);
	hk_assert_close(h, 0, y, 4, 1e-6f);
	hk_free(h);
}
END_TEST

/* two groups of one channel each, 1x1 kernels: y0 = 2*x0, y1 = -x1 + 1 */
START_TEST(hand_groups_1x1)
{
	static const int64_t xd[4] = { 1, 2, 1, 2 }, wd[4] = { 2, 1, 1, 1 };
	static const float x[4] = { 1, 2, 3, 4 }, w[2] = { 2, -1 }, b[2] = { 0, 1 };
	static const float y[4] = { 2, 4, -2, -3 };
	hk *h = conv_node("Conv", 11, 4, xd, x, wd, w, b, 2);

	hk_attr_int(h, "group", 2);
	ck_assert_msg(hk_run(h) == 0, "%s", h->err.msg);
	hk_assert_close(h, 0, y, 4, 1e-6f);
	/* no column matrix (only the AVX2 depthwise kernel's padded plane) */
	ck_assert(h->rn.scratch_bytes == 0 || ((const rt_convparams *)h->rn.params)->simd);
	hk_free(h);
}
END_TEST

/* SAME_UPPER puts the odd pad at the end, SAME_LOWER at the start:
 * x = 1..4, k = 2 of ones, stride 1: upper [3,5,7,4], lower [1,3,5,7] */
START_TEST(hand_same_upper_lower)
{
	static const int64_t xd[3] = { 1, 1, 4 }, wd[3] = { 1, 1, 2 };
	static const float x[4] = { 1, 2, 3, 4 }, w[2] = { 1, 1 };
	static const float up[4] = { 3, 5, 7, 4 }, lo[4] = { 1, 3, 5, 7 };
	hk *h = conv_node("Conv", 11, 3, xd, x, wd, w, NULL, 0);

	hk_attr_string(h, "auto_pad", "SAME_UPPER");
	ck_assert_msg(hk_run(h) == 0, "%s", h->err.msg);
	hk_assert_close(h, 0, up, 4, 1e-6f);
	hk_free(h);
	h = conv_node("Conv", 11, 3, xd, x, wd, w, NULL, 0);
	hk_attr_string(h, "auto_pad", "SAME_LOWER");
	ck_assert_msg(hk_run(h) == 0, "%s", h->err.msg);
	hk_assert_close(h, 0, lo, 4, 1e-6f);
	hk_free(h);
	/* VALID: no pads, 3 outputs */
	h = conv_node("Conv", 11, 3, xd, x, wd, w, NULL, 0);
	hk_attr_string(h, "auto_pad", "VALID");
	ck_assert_msg(hk_run(h) == 0, "%s", h->err.msg);
	hk_assert_close(h, 0, up, 3, 1e-6f);
	hk_free(h);
}
END_TEST

/* ---- random cases against the reference ---- */

static const ccfg cfgs[] = {
	/* nsp N C M grp  in         k          s          d          p0         p1   autopad bias dbl opset kattr */
	{ 2, 2, 3, 4, 1, { 6, 5 }, { 3, 3 }, { 1, 1 }, { 1, 1 }, { 1, 1 }, { 1, 1 }, NULL, 1, 0, 11, 1 },
	{ 2, 1, 4, 6, 2, { 7, 6 }, { 3, 2 }, { 2, 1 }, { 1, 2 }, { 0, 1 }, { 2, 0 }, NULL, 1, 0, 11, 0 },
	{ 2, 2, 4, 4, 4, { 7, 7 }, { 3, 3 }, { 1, 1 }, { 1, 1 }, { 1, 1 }, { 1, 1 }, NULL, 1, 0, 11, 0 },
	{ 2, 1, 3, 3, 3, { 9, 8 }, { 3, 3 }, { 2, 3 }, { 2, 1 }, { 2, 0 }, { 1, 2 }, NULL, 0, 0, 11, 0 },
	{ 2, 1, 3, 6, 3, { 6, 6 }, { 3, 3 }, { 1, 1 }, { 1, 1 }, { 1, 1 }, { 1, 1 }, NULL, 1, 0, 1, 0 },
	{ 1, 2, 3, 5, 1, { 11 }, { 3 }, { 2 }, { 3 }, { 2 }, { 1 }, NULL, 1, 0, 1, 1 },
	{ 1, 1, 4, 4, 4, { 9 }, { 4 }, { 1 }, { 2 }, { 3 }, { 2 }, NULL, 1, 0, 11, 0 },
	{ 1, 1, 6, 4, 2, { 10 }, { 3 }, { 3 }, { 1 }, { 1 }, { 1 }, NULL, 0, 0, 11, 0 },
	{ 3, 1, 2, 3, 1, { 4, 5, 6 }, { 2, 3, 3 }, { 1, 2, 1 }, { 1, 1, 2 }, { 1, 0, 2 }, { 0, 1, 1 },
	  NULL, 1, 0, 11, 1 },
	{ 3, 2, 4, 4, 2, { 5, 4, 4 }, { 3, 2, 2 }, { 2, 1, 1 }, { 1, 1, 1 }, { 1, 0, 0 }, { 1, 1, 0 },
	  NULL, 0, 0, 1, 0 },
	{ 3, 1, 3, 3, 3, { 4, 4, 4 }, { 3, 3, 3 }, { 1, 1, 1 }, { 1, 1, 1 }, { 1, 1, 1 }, { 1, 1, 1 },
	  NULL, 1, 0, 11, 0 },
	/* auto_pad: in 6, k 3, s 2 -> out 3, total pad 1 */
	{ 2, 1, 2, 3, 1, { 6, 6 }, { 3, 3 }, { 2, 2 }, { 1, 1 }, { 0, 0 }, { 1, 1 }, "SAME_UPPER", 1, 0, 11, 0 },
	{ 2, 1, 2, 3, 1, { 6, 6 }, { 3, 3 }, { 2, 2 }, { 1, 1 }, { 1, 1 }, { 0, 0 }, "SAME_LOWER", 1, 0, 11, 0 },
	/* with dilation 2 the effective kernel is 5: total pad 3 */
	{ 2, 1, 2, 2, 1, { 6, 5 }, { 3, 3 }, { 2, 1 }, { 2, 2 }, { 1, 2 }, { 2, 2 }, "SAME_UPPER", 0, 0, 11, 0 },
	{ 2, 1, 2, 2, 2, { 6, 5 }, { 3, 3 }, { 2, 1 }, { 2, 2 }, { 2, 2 }, { 1, 2 }, "SAME_LOWER", 1, 0, 11, 0 },
	{ 2, 2, 3, 2, 1, { 7, 6 }, { 3, 2 }, { 2, 2 }, { 1, 1 }, { 0, 0 }, { 0, 0 }, "VALID", 1, 0, 11, 0 },
	/* 1x1 straight to GEMM, and 1x1 with stride (im2col) */
	{ 2, 2, 5, 3, 1, { 4, 5 }, { 1, 1 }, { 1, 1 }, { 1, 1 }, { 0, 0 }, { 0, 0 }, NULL, 1, 0, 11, 0 },
	{ 2, 2, 6, 4, 2, { 4, 5 }, { 1, 1 }, { 1, 1 }, { 3, 3 }, { 0, 0 }, { 0, 0 }, NULL, 0, 0, 11, 0 },
	{ 2, 1, 5, 3, 1, { 5, 5 }, { 1, 1 }, { 2, 2 }, { 1, 1 }, { 0, 0 }, { 0, 0 }, NULL, 1, 0, 11, 0 },
	/* small planes, many output channels: blocks of output channels sharing
	 * one column matrix (float; double with 2 groups), and 1x1 blocks */
	{ 2, 1, 8, 96, 1, { 5, 6 }, { 3, 3 }, { 1, 1 }, { 1, 1 }, { 1, 1 }, { 1, 1 }, NULL, 1, 0, 11, 0 },
	{ 2, 1, 8, 128, 2, { 4, 5 }, { 3, 2 }, { 2, 1 }, { 1, 1 }, { 1, 0 }, { 1, 1 }, NULL, 1, 1, 11, 0 },
	{ 2, 1, 16, 80, 1, { 3, 5 }, { 1, 1 }, { 1, 1 }, { 1, 1 }, { 0, 0 }, { 0, 0 }, NULL, 0, 0, 11, 0 },
	/* a column matrix big enough to be built by several threads */
	{ 2, 1, 160, 128, 1, { 7, 7 }, { 3, 3 }, { 1, 1 }, { 1, 1 }, { 1, 1 }, { 1, 1 }, NULL, 1, 0, 11, 0 },
	/* 3x3 stride 1, 16+ channels, float: Winograd F(2x2, 3x3) (k_conv_wino.c):
	 * odd sizes (half tiles), no or asymmetric pads, 2 images, no bias,
	 * tiny planes, and planes wide enough for several bands of tile rows */
	{ 2, 1, 16, 16, 1, { 9, 11 }, { 3, 3 }, { 1, 1 }, { 1, 1 }, { 1, 1 }, { 1, 1 }, NULL, 0, 0, 11, 0 },
	{ 2, 2, 24, 17, 1, { 6, 13 }, { 3, 3 }, { 1, 1 }, { 1, 1 }, { 0, 2 }, { 2, 0 }, NULL, 1, 0, 11, 0 },
	{ 2, 1, 16, 32, 1, { 2, 3 }, { 3, 3 }, { 1, 1 }, { 1, 1 }, { 1, 1 }, { 1, 1 }, NULL, 1, 0, 11, 1 },
	{ 2, 1, 20, 16, 1, { 8, 9 }, { 3, 3 }, { 1, 1 }, { 1, 1 }, { 0, 0 }, { 0, 0 }, "VALID", 1, 0, 11, 0 },
	{ 2, 2, 32, 16, 1, { 70, 129 }, { 3, 3 }, { 1, 1 }, { 1, 1 }, { 1, 1 }, { 1, 1 }, NULL, 1, 0, 11, 0 },
	/* dilated 3x3 (FCN/DeepLab backbones) by Winograd on the polyphase
	 * sub-maps: rate 2 (4 sub-maps of 4x6), rate 3 on 2 images with a bias
	 * and an activation-free output, rate 2 with pads 4 (a bigger
	 * output), and rate 2 on odd sizes (declined: im2col) */
	{ 2, 1, 16, 20, 1, { 8, 12 }, { 3, 3 }, { 1, 1 }, { 2, 2 }, { 2, 2 }, { 2, 2 }, NULL, 1, 0, 11, 0 },
	{ 2, 2, 24, 16, 1, { 9, 12 }, { 3, 3 }, { 1, 1 }, { 3, 3 }, { 3, 3 }, { 3, 3 }, NULL, 1, 0, 11, 0 },
	{ 2, 1, 16, 16, 1, { 8, 8 }, { 3, 3 }, { 1, 1 }, { 2, 2 }, { 4, 2 }, { 4, 2 }, NULL, 0, 0, 11, 0 },
	{ 2, 1, 16, 16, 1, { 9, 10 }, { 3, 3 }, { 1, 1 }, { 2, 2 }, { 2, 2 }, { 2, 2 }, NULL, 1, 0, 11, 0 },
	/* the AVX-512 transforms: 16 tiles at a time, an odd number of output
	 * rows (the last tile row writes one), 64 columns exactly */
	{ 2, 1, 16, 24, 1, { 33, 64 }, { 3, 3 }, { 1, 1 }, { 1, 1 }, { 1, 1 }, { 1, 1 }, NULL, 1, 0, 11, 0 },
	/* small plane, many channels: one band, input transform split over
	 * channels and products over blocks of 48 output channels (120 = 48 +
	 * 48 + 24) */
	{ 2, 1, 64, 120, 1, { 12, 9 }, { 3, 3 }, { 1, 1 }, { 1, 1 }, { 1, 0 }, { 0, 1 }, NULL, 1, 0, 11, 0 },
	/* the packed GEMM (k_sgemm.c) past one K block (40 * 9 = 360 rows of
	 * the column matrix), 30 output channels (a panel of 6), blocks of
	 * output channels on a small plane (100 = 48 + 48 + 4), a 1x1 with
	 * 350 input channels, and groups */
	{ 2, 1, 40, 30, 1, { 9, 7 }, { 3, 3 }, { 2, 1 }, { 1, 1 }, { 1, 1 }, { 1, 1 }, NULL, 1, 0, 11, 0 },
	{ 2, 2, 40, 100, 1, { 4, 5 }, { 3, 3 }, { 1, 2 }, { 1, 1 }, { 1, 1 }, { 1, 1 }, NULL, 1, 0, 11, 0 },
	{ 2, 1, 350, 20, 1, { 5, 7 }, { 1, 1 }, { 1, 1 }, { 1, 1 }, { 0, 0 }, { 0, 0 }, NULL, 1, 0, 11, 0 },
	{ 2, 1, 24, 36, 3, { 6, 9 }, { 3, 3 }, { 1, 1 }, { 2, 2 }, { 2, 2 }, { 2, 2 }, NULL, 0, 0, 11, 0 },
	/* vertical taps mostly in the padding (bands of rows with only their live
	 * taps): dilation 4 on 9 rows, rows with no live tap at all (pads 3 on 3
	 * rows), stride 2 with dilation and asymmetric pads, 2 images */
	{ 2, 1, 8, 6, 1, { 9, 10 }, { 3, 3 }, { 1, 1 }, { 4, 3 }, { 4, 3 }, { 4, 3 }, NULL, 1, 0, 11, 0 },
	{ 2, 1, 4, 3, 1, { 3, 4 }, { 3, 3 }, { 1, 1 }, { 1, 1 }, { 3, 1 }, { 3, 1 }, NULL, 1, 0, 11, 0 },
	{ 2, 2, 5, 7, 1, { 11, 8 }, { 3, 2 }, { 2, 1 }, { 5, 2 }, { 5, 1 }, { 6, 2 }, NULL, 0, 0, 11, 0 },
	/* double */
	{ 2, 2, 4, 6, 2, { 5, 6 }, { 3, 2 }, { 1, 2 }, { 2, 1 }, { 1, 0 }, { 2, 1 }, NULL, 1, 1, 11, 0 },
	{ 2, 1, 3, 3, 3, { 5, 6 }, { 3, 3 }, { 2, 1 }, { 1, 2 }, { 1, 2 }, { 1, 2 }, NULL, 1, 1, 11, 0 },
	{ 2, 1, 4, 2, 1, { 3, 3 }, { 1, 1 }, { 1, 1 }, { 1, 1 }, { 0, 0 }, { 0, 0 }, NULL, 1, 1, 11, 0 },
	{ 3, 1, 2, 2, 1, { 3, 4, 3 }, { 2, 2, 2 }, { 1, 1, 2 }, { 1, 2, 1 }, { 1, 1, 0 }, { 0, 1, 1 },
	  NULL, 1, 1, 11, 0 },
};

START_TEST(random_vs_reference)
{
	size_t i;

	for (i = 0; i < sizeof cfgs / sizeof cfgs[0]; i++) {
		cfg_idx = (int)i;
		run_cfg(&cfgs[i], NULL);
	}
}
END_TEST

/* the same cases on a pool of 3 threads: work items really split */
START_TEST(random_vs_reference_threads)
{
	size_t i;

	cfg_threads = 3;
	for (i = 0; i < sizeof cfgs / sizeof cfgs[0]; i++) {
		cfg_idx = (int)i;
		run_cfg(&cfgs[i], NULL);
	}
	cfg_threads = 1;
}
END_TEST

/* the same cases with OpenBLAS instead of the packed GEMM (rt_conv_simd
 * 1: no AVX-512 code), on 1 and 3 threads */
START_TEST(random_vs_reference_blas)
{
	size_t i;
	int t;

	rt_conv_simd = 1;
	for (t = 1; t <= 3; t += 2) {
		cfg_threads = t;
		for (i = 0; i < sizeof cfgs / sizeof cfgs[0]; i++) {
			cfg_idx = (int)i;
			run_cfg(&cfgs[i], NULL);
		}
	}
	cfg_threads = 1;
	rt_conv_simd = 2;
}
END_TEST

/* C*k = 64*9 rows over 64x64 outputs: a 9.4 MB column matrix, so the kernel
 * must tile and keep the scratch within 8 MiB */
START_TEST(tiled_im2col)
{
	static const ccfg c = { 2, 1, 64, 8, 1, { 64, 64 }, { 3, 3 }, { 1, 1 }, { 1, 1 }, { 1, 1 },
				{ 1, 1 }, NULL, 1, 0, 11, 0 };
	size_t scratch = 0, scratch3 = 0;

	run_cfg(&c, &scratch);
	ck_assert(scratch > 0 && scratch <= ((size_t)8 << 20));
	/* on 3 threads: a column tile per thread */
	cfg_threads = 3;
	run_cfg(&c, &scratch3);
	cfg_threads = 1;
	ck_assert_uint_eq(scratch3, 3 * scratch);
}
END_TEST

/* ---- depthwise: the AVX-512 and AVX2 kernels and the plain loops ---- */

/* simd_expected: the depthwise level prep must pick when rt_conv_simd is
 * `allowed` on this CPU. */
static int simd_expected(int allowed)
{
	__builtin_cpu_init();
	if (!allowed || !__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("fma"))
		return 0;
	return allowed >= 2 && __builtin_cpu_supports("avx512f") ? 2 : 1;
}

/* the fused activation of depthwise case k: dw_act[k % 3] (Clip in
 * [-0.3, 0.4]) */
static const ir_op dw_act[3] = { IR_OP_Relu, IR_OP_Clip, IR_OP_UNKNOWN };

/* run_dw: float depthwise case c (group == C == M) with a fused activation
 * (none, Relu or Clip: applied in the vector kernels' registers), with
 * AVX-512 allowed (rt_conv_simd 2), AVX2 only (1) and the plain loops (0):
 * each against conv_ref, the two vector kernels bit for bit equal (same
 * order of FMAs), the plain loops within float rounding of them.  Each
 * run must pick the widest kernel the CPU has. */
static void run_dw(const ccfg *c)
{
	int64_t xd[4], wd[4], out[3], nx, nw, ny, i, nb = c->M;
	int rank = c->nsp + 2, j, simd;
	double *x, *w, *b, *y;
	float *xf, *wf, *bf, *got[3] = { NULL, NULL, NULL };

	xd[0] = c->N;
	xd[1] = c->C;
	wd[0] = c->M;
	wd[1] = 1;
	for (j = 0; j < c->nsp; j++) {
		xd[2 + j] = c->in[j];
		wd[2 + j] = c->k[j];
	}
	nx = prod(rank, xd);
	nw = prod(rank, wd);
	x = malloc(sizeof *x * (size_t)nx);
	w = malloc(sizeof *w * (size_t)nw);
	b = malloc(sizeof *b * (size_t)c->M);
	xf = malloc(sizeof *xf * (size_t)nx);
	wf = malloc(sizeof *wf * (size_t)nw);
	bf = malloc(sizeof *bf * (size_t)c->M);
	for (i = 0; i < nx; i++)
		xf[i] = (float)(x[i] = (float)rnd());
	for (i = 0; i < nw; i++)
		wf[i] = (float)(w[i] = (float)rnd());
	for (i = 0; i < c->M; i++)
		bf[i] = (float)(b[i] = (float)rnd());
	y = conv_ref(c, x, w, b, out);
	ny = c->N * c->M * prod(c->nsp, out);
	for (simd = 2; simd >= 0; simd--) {
		hk *h = hk_new("Conv", 11, 3, 1);
		int64_t pads[4];

		rt_conv_simd = simd;
		hk_input(h, 0, IR_FLOAT, rank, xd, xf, 0);
		hk_input(h, 1, IR_FLOAT, rank, wd, wf, 1);
		hk_input(h, 2, IR_FLOAT, 1, &nb, bf, 1);
		hk_attr_int(h, "group", c->group);
		hk_attr_ints(h, "strides", c->nsp, c->s);
		hk_attr_ints(h, "dilations", c->nsp, c->d);
		for (j = 0; j < c->nsp; j++) {
			pads[j] = c->p0[j];
			pads[j + c->nsp] = c->p1[j];
		}
		hk_attr_ints(h, "pads", 2 * c->nsp, pads);
		hk_threads(h, cfg_threads);
		h->node->fused_act = dw_act[cfg_idx % 3];
		h->node->fused_alpha = -0.3f;   /* Clip's min and max */
		h->node->fused_beta = 0.4f;
		ck_assert_msg(hk_run(h) == 0, "%s", h->err.msg);
		ck_assert_int_eq(h->out[0].numel, ny);
		ck_assert_int_eq(((const rt_convparams *)h->rn.params)->mode, RT_CONV_DEPTHWISE);
		ck_assert_int_eq(((const rt_convparams *)h->rn.params)->simd, simd_expected(simd));
		got[simd] = malloc(sizeof(float) * (size_t)ny);
		memcpy(got[simd], hk_outf(h, 0), sizeof(float) * (size_t)ny);
		hk_free(h);
	}
	rt_conv_simd = 2;
	ck_assert(!memcmp(got[2], got[1], sizeof(float) * (size_t)ny));
	for (i = 0; i < ny; i++) {
		double ref = y[i];
		double tol = 1e-5 + 1e-5 * fabs(ref);

		if (dw_act[cfg_idx % 3] == IR_OP_Relu)
			ref = ref < 0 ? 0 : ref;
		else if (dw_act[cfg_idx % 3] == IR_OP_Clip)
			ref = ref < -0.3f ? -0.3f : ref > 0.4f ? 0.4f : ref;
		ck_assert_msg(fabs(got[1][i] - ref) <= tol && fabs(got[0][i] - ref) <= tol &&
			      fabs(got[1][i] - got[0][i]) <= 1e-6 + 1e-6 * fabs(ref),
			      "case %d element %lld: simd %.9g plain %.9g expected %.9g", cfg_idx,
			      (long long)i, got[1][i], got[0][i], ref);
	}
	free(got[0]);
	free(got[1]);
	free(got[2]);
	free(x);
	free(w);
	free(b);
	free(xf);
	free(wf);
	free(bf);
	free(y);
}

/* odd sizes (edges on every side, two vectors at once, one, an overlapping
 * last one), strides 1 and 2, symmetric and asymmetric pads, 3x3, 5x5, 7x3,
 * 1-D, rows shorter than a vector (masked stores), dilations */
static const ccfg dw_cfgs[] = {
	/* nsp N C M grp  in          k          s          d          p0         p1 */
	{ 2, 2, 5, 5, 5, { 37, 45 }, { 3, 3 }, { 1, 1 }, { 1, 1 }, { 1, 1 }, { 1, 1 }, NULL, 1, 0, 11, 0 },
	{ 2, 1, 7, 7, 7, { 29, 53 }, { 3, 3 }, { 2, 2 }, { 1, 1 }, { 1, 1 }, { 1, 1 }, NULL, 1, 0, 11, 0 },
	{ 2, 1, 3, 3, 3, { 30, 47 }, { 3, 3 }, { 2, 2 }, { 1, 1 }, { 0, 0 }, { 1, 1 }, NULL, 1, 0, 11, 0 },
	{ 2, 1, 4, 4, 4, { 23, 41 }, { 5, 5 }, { 1, 1 }, { 1, 1 }, { 2, 2 }, { 2, 2 }, NULL, 1, 0, 11, 0 },
	{ 2, 2, 3, 3, 3, { 27, 61 }, { 5, 5 }, { 2, 2 }, { 1, 1 }, { 2, 1 }, { 1, 2 }, NULL, 1, 0, 11, 0 },
	{ 2, 1, 3, 3, 3, { 19, 40 }, { 7, 3 }, { 1, 1 }, { 1, 1 }, { 3, 0 }, { 3, 2 }, NULL, 1, 0, 11, 0 },
	{ 2, 1, 2, 2, 2, { 9, 11 }, { 3, 3 }, { 2, 2 }, { 1, 1 }, { 1, 1 }, { 0, 0 }, NULL, 1, 0, 11, 0 },
	{ 1, 2, 6, 6, 6, { 101 }, { 3 }, { 2 }, { 1 }, { 1 }, { 1 }, NULL, 1, 0, 11, 0 },
	{ 1, 1, 3, 3, 3, { 77 }, { 5 }, { 1 }, { 1 }, { 2 }, { 2 }, NULL, 1, 0, 11, 0 },
	/* dilated: MobileNetV3's 5x5 at rate 2 on a 16x16 map, 3x3 at rate 3
	 * with stride 2, different rates per axis, 1-D at rate 4 */
	{ 2, 2, 6, 6, 6, { 16, 16 }, { 5, 5 }, { 1, 1 }, { 2, 2 }, { 4, 4 }, { 4, 4 }, NULL, 1, 0, 11, 0 },
	{ 2, 1, 3, 3, 3, { 23, 37 }, { 3, 3 }, { 2, 2 }, { 3, 3 }, { 3, 2 }, { 1, 3 }, NULL, 1, 0, 11, 0 },
	{ 2, 1, 4, 4, 4, { 13, 29 }, { 3, 3 }, { 1, 1 }, { 2, 1 }, { 2, 1 }, { 2, 1 }, NULL, 1, 0, 11, 0 },
	{ 1, 1, 3, 3, 3, { 50 }, { 3 }, { 1 }, { 4 }, { 4 }, { 4 }, NULL, 1, 0, 11, 0 },
};

START_TEST(depthwise_simd_vs_plain)
{
	size_t i;

	for (cfg_threads = 1; cfg_threads <= 3; cfg_threads += 2)
		for (i = 0; i < sizeof dw_cfgs / sizeof dw_cfgs[0]; i++) {
			cfg_idx = (int)i;
			run_dw(&dw_cfgs[i]);
		}
	cfg_threads = 1;
}
END_TEST

/* ---- refusals ---- */

static void expect_refusal(hk *h, int code, const char *what)
{
	ck_assert_int_eq(hk_prep(h), -1);
	ck_assert_int_eq(h->err.code, code);
	ck_assert_msg(strstr(h->err.msg, "'n0'") != NULL, "message names no node: %s", h->err.msg);
	ck_assert_msg(strstr(h->err.msg, what) != NULL, "message '%s' lacks '%s'", h->err.msg, what);
	hk_free(h);
}

START_TEST(refusals)
{
	static const int64_t x4[4] = { 1, 4, 5, 5 }, w4[4] = { 2, 4, 3, 3 }, w3[3] = { 2, 4, 3 };
	static const int64_t wg[4] = { 6, 2, 3, 3 }, w5[4] = { 5, 2, 3, 3 }, x1[1] = { 5 };
	static const int64_t wbig[4] = { 2, 4, 7, 7 };
	static float buf[512];
	hk *h;

	h = conv_node("Conv", 11, 4, x4, buf, w4, buf, NULL, 0);
	hk_input(h, 1, IR_FLOAT, 3, w3, buf, 1);
	expect_refusal(h, ONNXC_EINVAL, "rank");
	/* group 3 does not divide 4 channels */
	h = conv_node("Conv", 11, 4, x4, buf, wg, buf, NULL, 0);
	hk_attr_int(h, "group", 3);
	expect_refusal(h, ONNXC_EINVAL, "does not divide");
	/* W has 4 channels per group but X has 4 channels in 2 groups */
	h = conv_node("Conv", 11, 4, x4, buf, w4, buf, NULL, 0);
	hk_attr_int(h, "group", 2);
	expect_refusal(h, ONNXC_EINVAL, "channels");
	/* M = 5 not divisible by 2 groups */
	h = conv_node("Conv", 11, 4, x4, buf, w5, buf, NULL, 0);
	hk_attr_int(h, "group", 2);
	expect_refusal(h, ONNXC_EINVAL, "output channels");
	/* bias of the wrong length */
	h = conv_node("Conv", 11, 4, x4, buf, w4, buf, buf, 3);
	expect_refusal(h, ONNXC_EINVAL, "B has 3");
	/* kernel_shape disagrees with W */
	h = conv_node("Conv", 11, 4, x4, buf, w4, buf, NULL, 0);
	ints(h, "kernel_shape", 2, 3, 2, 0, 0);
	expect_refusal(h, ONNXC_EINVAL, "kernel_shape");
	/* pads of the wrong length, bad strides, bad auto_pad */
	h = conv_node("Conv", 11, 4, x4, buf, w4, buf, NULL, 0);
	ints(h, "pads", 2, 1, 1, 0, 0);
	expect_refusal(h, ONNXC_EINVAL, "pads");
	h = conv_node("Conv", 11, 4, x4, buf, w4, buf, NULL, 0);
	ints(h, "strides", 2, 1, 0, 0, 0);
	expect_refusal(h, ONNXC_EINVAL, "strides");
	h = conv_node("Conv", 11, 4, x4, buf, w4, buf, NULL, 0);
	hk_attr_string(h, "auto_pad", "SAME");
	expect_refusal(h, ONNXC_EINVAL, "auto_pad");
	/* kernel larger than the input */
	h = conv_node("Conv", 11, 4, x4, buf, wbig, buf, NULL, 0);
	expect_refusal(h, ONNXC_EINVAL, "exceeds");
	/* rank-1 X, integer X */
	h = conv_node("Conv", 11, 1, x1, buf, x1, buf, NULL, 0);
	expect_refusal(h, ONNXC_EINVAL, "rank");
	h = conv_node("Conv", 11, 4, x4, buf, w4, buf, NULL, 0);
	hk_input(h, 0, IR_INT32, 4, x4, buf, 0);
	expect_refusal(h, ONNXC_EUNSUPPORTED, "int32");
	/* W of another type than X */
	h = conv_node("Conv", 11, 4, x4, buf, w4, buf, NULL, 0);
	hk_input(h, 1, IR_DOUBLE, 4, w4, NULL, 1);
	expect_refusal(h, ONNXC_EINVAL, "type");
}
END_TEST

/* N = 0: an empty output, no work */
START_TEST(empty_batch)
{
	static const int64_t xd[4] = { 0, 2, 4, 4 }, wd[4] = { 3, 2, 3, 3 }, yd[4] = { 0, 3, 2, 2 };
	static float buf[64];
	hk *h = conv_node("Conv", 11, 4, xd, NULL, wd, buf, NULL, 0);

	ck_assert_msg(hk_run(h) == 0, "%s", h->err.msg);
	hk_assert_dims(h, 0, 4, yd);
	hk_free(h);
}
END_TEST

/* prep reports a failed allocation of its params as ENOMEM */
START_TEST(prep_out_of_memory)
{
	static const int64_t xd[4] = { 1, 2, 4, 4 }, wd[4] = { 3, 2, 3, 3 };
	static float buf[64];
	hk *h = conv_node("Conv", 11, 4, xd, buf, wd, buf, NULL, 0);

	onnxc_alloc_fail_after(0);
	ck_assert_int_eq(hk_prep(h), -1);
	onnxc_alloc_fail_after(-1);
	ck_assert_int_eq(h->err.code, ONNXC_ENOMEM);
	ck_assert_ptr_null(h->rn.params);
	ck_assert_msg(hk_run(h) == 0, "%s", h->err.msg);
	hk_free(h);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("k_conv");
	TCase *tc = tcase_create("conv");

	tcase_add_test(tc, onnx_basic_padding);
	tcase_add_test(tc, onnx_strides);
	tcase_add_test(tc, onnx_asymmetric_pads);
	tcase_add_test(tc, onnx_autopad_same_lower);
	tcase_add_test(tc, hand_1d_bias);
	tcase_add_test(tc, hand_groups_1x1);
	tcase_add_test(tc, hand_same_upper_lower);
	tcase_add_test(tc, random_vs_reference);
	tcase_add_test(tc, random_vs_reference_threads);
	tcase_add_test(tc, random_vs_reference_blas);
	tcase_add_test(tc, depthwise_simd_vs_plain);
	tcase_add_test(tc, tiled_im2col);
	tcase_add_test(tc, refusals);
	tcase_add_test(tc, empty_batch);
	tcase_add_test(tc, prep_out_of_memory);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
