/*
 * test_k_conv_transpose.c - ConvTranspose: the ONNX backend test cases
 * (numbers decoded from /usr/share/libonnx-testdata/data/node/
 * test_convtranspose*), a table of random cases (1-D/2-D/3-D, groups,
 * dilations, strides, pads, output_padding, output_shape, auto_pad, double,
 * tiling) checked against a naive scatter reference, and prep refusals.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "h_kernel.h"
#include "k_conv_geom.h"
#include "testutil.h"

/* test_convtranspose (opset 11):  */
static const int64_t ct_in0_dims[] = { 1, 1, 3, 3 };
static const float ct_in0[] = {
	0, 1, 2, 3, 4, 5, 6, 7, 8
};
static const int64_t ct_in1_dims[] = { 1, 2, 3, 3 };
static const float ct_in1[] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1
};
static const int64_t ct_out0_dims[] = { 1, 2, 5, 5 };
static const float ct_out0[] = {
	0, 1, 3, 3, 2, 3, 8, 15, 12, 7, 9, 21, 36, 27, 15, 9, 20, 33, 24, 13, 6, 13, 21, 15, 8, 0, 1,
	3, 3, 2, 3, 8, 15, 12, 7, 9, 21, 36, 27, 15, 9, 20, 33, 24, 13, 6, 13, 21, 15, 8
};
/* test_convtranspose_1d (opset 11):  */
static const int64_t ct1d_in0_dims[] = { 1, 1, 3 };
static const float ct1d_in0[] = {
	0, 1, 2
};
static const int64_t ct1d_in1_dims[] = { 1, 2, 3 };
static const float ct1d_in1[] = {
	1, 1, 1, 1, 1, 1
};
static const int64_t ct1d_out0_dims[] = { 1, 2, 5 };
static const float ct1d_out0[] = {
	0, 1, 3, 3, 2, 0, 1, 3, 3, 2
};
/* test_convtranspose_dilations (opset 11): dilations=[2, 2] */
static const int64_t ctdil_in0_dims[] = { 1, 1, 3, 3 };
static const float ctdil_in0[] = {
	3, 8, 1, 9, 5, 7, 3, 2, 6
};
static const int64_t ctdil_in1_dims[] = { 1, 1, 2, 2 };
static const float ctdil_in1[] = {
	7, 2, 1, 9
};
static const int64_t ctdil_out0_dims[] = { 1, 1, 5, 5 };
static const float ctdil_out0[] = {
	21, 56, 13, 16, 2, 63, 35, 67, 10, 14, 24, 22, 76, 76, 21, 9, 5, 88, 45, 63, 3, 2, 33, 18, 54
};
/* test_convtranspose_pads (opset 11): pads=[1, 2, 1, 2], strides=[3, 2] */
static const int64_t ctpads_in0_dims[] = { 1, 1, 3, 3 };
static const float ctpads_in0[] = {
	0, 1, 2, 3, 4, 5, 6, 7, 8
};
static const int64_t ctpads_in1_dims[] = { 1, 2, 3, 3 };
static const float ctpads_in1[] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1
};
static const int64_t ctpads_out0_dims[] = { 1, 2, 7, 3 };
static const float ctpads_out0[] = {
	1, 1, 3, 1, 1, 3, 7, 4, 9, 7, 4, 9, 7, 4, 9, 13, 7, 15, 13, 7, 15, 1, 1, 3, 1, 1, 3, 7, 4, 9,
	7, 4, 9, 7, 4, 9, 13, 7, 15, 13, 7, 15
};
/* test_convtranspose_pad (opset 11): output_padding=[1, 1], strides=[3, 2] */
static const int64_t ctopad_in0_dims[] = { 1, 1, 3, 3 };
static const float ctopad_in0[] = {
	0, 1, 2, 3, 4, 5, 6, 7, 8
};
static const int64_t ctopad_in1_dims[] = { 1, 2, 3, 3 };
static const float ctopad_in1[] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1
};
static const int64_t ctopad_out0_dims[] = { 1, 2, 10, 8 };
static const float ctopad_out0[] = {
	0, 0, 1, 1, 3, 2, 2, 0, 0, 0, 1, 1, 3, 2, 2, 0, 0, 0, 1, 1, 3, 2, 2, 0, 3, 3, 7, 4, 9, 5, 5,
	0, 3, 3, 7, 4, 9, 5, 5, 0, 3, 3, 7, 4, 9, 5, 5, 0, 6, 6, 13, 7, 15, 8, 8, 0, 6, 6, 13, 7, 15,
	8, 8, 0, 6, 6, 13, 7, 15, 8, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 3, 2, 2, 0, 0, 0, 1, 1,
	3, 2, 2, 0, 0, 0, 1, 1, 3, 2, 2, 0, 3, 3, 7, 4, 9, 5, 5, 0, 3, 3, 7, 4, 9, 5, 5, 0, 3, 3, 7,
	4, 9, 5, 5, 0, 6, 6, 13, 7, 15, 8, 8, 0, 6, 6, 13, 7, 15, 8, 8, 0, 6, 6, 13, 7, 15, 8, 8, 0,
	0, 0, 0, 0, 0, 0, 0, 0
};
/* test_convtranspose_output_shape (opset 11): output_shape=[10, 8], strides=[3, 2] */
static const int64_t ctoshape_in0_dims[] = { 1, 1, 3, 3 };
static const float ctoshape_in0[] = {
	0, 1, 2, 3, 4, 5, 6, 7, 8
};
static const int64_t ctoshape_in1_dims[] = { 1, 2, 3, 3 };
static const float ctoshape_in1[] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1
};
static const int64_t ctoshape_out0_dims[] = { 1, 2, 10, 8 };
static const float ctoshape_out0[] = {
	0, 0, 1, 1, 3, 2, 2, 0, 0, 0, 1, 1, 3, 2, 2, 0, 0, 0, 1, 1, 3, 2, 2, 0, 3, 3, 7, 4, 9, 5, 5,
	0, 3, 3, 7, 4, 9, 5, 5, 0, 3, 3, 7, 4, 9, 5, 5, 0, 6, 6, 13, 7, 15, 8, 8, 0, 6, 6, 13, 7, 15,
	8, 8, 0, 6, 6, 13, 7, 15, 8, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 3, 2, 2, 0, 0, 0, 1, 1,
	3, 2, 2, 0, 0, 0, 1, 1, 3, 2, 2, 0, 3, 3, 7, 4, 9, 5, 5, 0, 3, 3, 7, 4, 9, 5, 5, 0, 3, 3, 7,
	4, 9, 5, 5, 0, 6, 6, 13, 7, 15, 8, 8, 0, 6, 6, 13, 7, 15, 8, 8, 0, 6, 6, 13, 7, 15, 8, 8, 0,
	0, 0, 0, 0, 0, 0, 0, 0
};
/* test_convtranspose_kernel_shape (opset 11): kernel_shape=[3, 3], output_padding=[1, 1], output_shape=[10, 8], strides=[3, 2] */
static const int64_t ctkshape_in0_dims[] = { 1, 1, 3, 3 };
static const float ctkshape_in0[] = {
	0, 1, 2, 3, 4, 5, 6, 7, 8
};
static const int64_t ctkshape_in1_dims[] = { 1, 2, 3, 3 };
static const float ctkshape_in1[] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1
};
static const int64_t ctkshape_out0_dims[] = { 1, 2, 10, 8 };
static const float ctkshape_out0[] = {
	0, 0, 1, 1, 3, 2, 2, 0, 0, 0, 1, 1, 3, 2, 2, 0, 0, 0, 1, 1, 3, 2, 2, 0, 3, 3, 7, 4, 9, 5, 5,
	0, 3, 3, 7, 4, 9, 5, 5, 0, 3, 3, 7, 4, 9, 5, 5, 0, 6, 6, 13, 7, 15, 8, 8, 0, 6, 6, 13, 7, 15,
	8, 8, 0, 6, 6, 13, 7, 15, 8, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 3, 2, 2, 0, 0, 0, 1, 1,
	3, 2, 2, 0, 0, 0, 1, 1, 3, 2, 2, 0, 3, 3, 7, 4, 9, 5, 5, 0, 3, 3, 7, 4, 9, 5, 5, 0, 3, 3, 7,
	4, 9, 5, 5, 0, 6, 6, 13, 7, 15, 8, 8, 0, 6, 6, 13, 7, 15, 8, 8, 0, 6, 6, 13, 7, 15, 8, 8, 0,
	0, 0, 0, 0, 0, 0, 0, 0
};
/* test_convtranspose_autopad_same (opset 11): auto_pad=SAME_UPPER, strides=[2, 2] */
static const int64_t ctsame_in0_dims[] = { 1, 1, 3, 3 };
static const float ctsame_in0[] = {
	0, 1, 2, 3, 4, 5, 6, 7, 8
};
static const int64_t ctsame_in1_dims[] = { 1, 2, 3, 3 };
static const float ctsame_in1[] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1
};
static const int64_t ctsame_out0_dims[] = { 1, 2, 6, 6 };
static const float ctsame_out0[] = {
	0, 0, 1, 1, 3, 2, 0, 0, 1, 1, 3, 2, 3, 3, 8, 5, 12, 7, 3, 3, 7, 4, 9, 5, 9, 9, 20, 11, 24, 13,
	6, 6, 13, 7, 15, 8, 0, 0, 1, 1, 3, 2, 0, 0, 1, 1, 3, 2, 3, 3, 8, 5, 12, 7, 3, 3, 7, 4, 9, 5,
	9, 9, 20, 11, 24, 13, 6, 6, 13, 7, 15, 8
};

static hk *ct_node(int opset, int rank, const int64_t *xd, const float *x, const int64_t *wd,
		   const float *w, const float *b, int64_t nb)
{
	hk *h = hk_new("ConvTranspose", opset, 3, 1);

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

static void run_onnx(hk *h, int rank, const int64_t *yd, const float *y)
{
	int64_t n = 1;
	int i;

	for (i = 0; i < rank; i++)
		n *= yd[i];
	ck_assert_msg(hk_run(h) == 0, "%s", h->err.msg);
	hk_assert_dims(h, 0, rank, yd);
	hk_assert_close(h, 0, y, n, 1e-4f);
	hk_free(h);
}

static uint32_t rng_state = 777;
static double rnd(void)
{
	rng_state = rng_state * 1664525u + 1013904223u;
	return (double)(rng_state >> 8) / (double)(1u << 23) - 1.0;
}

typedef struct tcfg {
	int nsp;
	int64_t N, C, M, group;
	int64_t in[3], k[3], s[3], d[3];
	int64_t p0[3], p1[3];   /* the pads the kernel must end up with */
	int64_t opad[3];
	int oshape;             /* 1: pass the output size as output_shape */
	const char *autopad;    /* NULL: explicit pads (unless oshape) */
	int bias, dbl, opset;
} tcfg;

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

/* convt_ref: scatter every input element through every tap (double). */
static double *convt_ref(const tcfg *c, const double *x, const double *w, const double *b,
			 int64_t *out)
{
	int64_t Cg = c->C / c->group, Mg = c->M / c->group, osz, ksz, isz, n, m, i, kk, ci;
	double *y;
	int j;

	for (j = 0; j < c->nsp; j++)
		out[j] = c->s[j] * (c->in[j] - 1) + c->opad[j] + (c->k[j] - 1) * c->d[j] + 1 -
			 c->p0[j] - c->p1[j];
	osz = prod(c->nsp, out);
	ksz = prod(c->nsp, c->k);
	isz = prod(c->nsp, c->in);
	y = calloc((size_t)(c->N * c->M * osz) + 1, sizeof *y);
	for (n = 0; n < c->N; n++)
		for (m = 0; m < c->M; m++)
			for (i = 0; i < osz; i++)
				y[(n * c->M + m) * osz + i] = b ? b[m] : 0;
	for (n = 0; n < c->N; n++)
		for (ci = 0; ci < c->C; ci++)
			for (i = 0; i < isz; i++)
				for (m = 0; m < Mg; m++)
					for (kk = 0; kk < ksz; kk++) {
						int64_t irem = i, krem = kk, off = 0, mul = 1;
						int ok = 1;
						for (j = c->nsp - 1; j >= 0; j--) {
							int64_t ii = irem % c->in[j], ki = krem % c->k[j];
							int64_t o = ii * c->s[j] - c->p0[j] + ki * c->d[j];
							irem /= c->in[j];
							krem /= c->k[j];
							if (o < 0 || o >= out[j])
								ok = 0;
							off += o * mul;
							mul *= out[j];
						}
						if (ok)
							y[(n * c->M + (ci / Cg) * Mg + m) * osz + off] +=
								x[(n * c->C + ci) * isz + i] *
								w[(ci * Mg + m) * ksz + kk];
					}
	return y;
}

static void run_cfg(const tcfg *c, size_t *scratch)
{
	int64_t xd[5], wd[5], out[3], yd[5], nx, nw, ny, i, nb = c->M;
	int rank = c->nsp + 2, j;
	double *x, *w, *b, *y;
	hk *h;

	xd[0] = c->N;
	xd[1] = c->C;
	wd[0] = c->C;
	wd[1] = c->M / c->group;
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
	y = convt_ref(c, x, w, c->bias ? b : NULL, out);
	yd[0] = c->N;
	yd[1] = c->M;
	for (j = 0; j < c->nsp; j++)
		yd[2 + j] = out[j];
	ny = prod(rank, yd);

	h = hk_new("ConvTranspose", c->opset, 3, 1);
	hk_threads(h, cfg_threads);
	if (c->dbl) {
		hk_input(h, 0, IR_DOUBLE, rank, xd, x, 0);
		hk_input(h, 1, IR_DOUBLE, rank, wd, w, 1);
		if (c->bias)
			hk_input(h, 2, IR_DOUBLE, 1, &nb, b, 1);
	} else {
		float *xf = malloc(sizeof *xf * (size_t)(nx + 1));
		float *wf = malloc(sizeof *wf * (size_t)(nw + 1));
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
	hk_attr_ints(h, "output_padding", c->nsp, c->opad);
	if (c->autopad)
		hk_attr_string(h, "auto_pad", c->autopad);
	if (c->oshape)
		hk_attr_ints(h, "output_shape", c->nsp, out);
	if (!c->autopad && !c->oshape) {
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

START_TEST(onnx_default_1d_dilations)
{
	hk *h = ct_node(11, 4, ct_in0_dims, ct_in0, ct_in1_dims, ct_in1, NULL, 0);

	run_onnx(h, 4, ct_out0_dims, ct_out0);
	h = ct_node(11, 3, ct1d_in0_dims, ct1d_in0, ct1d_in1_dims, ct1d_in1, NULL, 0);
	run_onnx(h, 3, ct1d_out0_dims, ct1d_out0);
	h = ct_node(11, 4, ctdil_in0_dims, ctdil_in0, ctdil_in1_dims, ctdil_in1, NULL, 0);
	ints(h, "dilations", 2, 2, 2, 0, 0);
	run_onnx(h, 4, ctdil_out0_dims, ctdil_out0);
}
END_TEST

START_TEST(onnx_pads_output_padding)
{
	hk *h = ct_node(11, 4, ctpads_in0_dims, ctpads_in0, ctpads_in1_dims, ctpads_in1, NULL, 0);

	ints(h, "pads", 4, 1, 2, 1, 2);
	ints(h, "strides", 2, 3, 2, 0, 0);
	run_onnx(h, 4, ctpads_out0_dims, ctpads_out0);
	h = ct_node(11, 4, ctopad_in0_dims, ctopad_in0, ctopad_in1_dims, ctopad_in1, NULL, 0);
	ints(h, "output_padding", 2, 1, 1, 0, 0);
	ints(h, "strides", 2, 3, 2, 0, 0);
	run_onnx(h, 4, ctopad_out0_dims, ctopad_out0);
}
END_TEST

/* output_shape 10x8 is one larger than the full 9x7 output: the extra row
 * and column are at the end; the opset-1 form must agree */
START_TEST(onnx_output_shape)
{
	int opset;

	for (opset = 1; opset <= 11; opset += 10) {
		hk *h = ct_node(opset, 4, ctoshape_in0_dims, ctoshape_in0, ctoshape_in1_dims,
				ctoshape_in1, NULL, 0);
		ints(h, "output_shape", 2, 10, 8, 0, 0);
		ints(h, "strides", 2, 3, 2, 0, 0);
		run_onnx(h, 4, ctoshape_out0_dims, ctoshape_out0);
	}
	{
		hk *h = ct_node(11, 4, ctkshape_in0_dims, ctkshape_in0, ctkshape_in1_dims, ctkshape_in1,
				NULL, 0);
		ints(h, "kernel_shape", 2, 3, 3, 0, 0);
		ints(h, "output_padding", 2, 1, 1, 0, 0);
		ints(h, "output_shape", 4, 1, 2, 10, 8);  /* with N and C */
		ints(h, "strides", 2, 3, 2, 0, 0);
		run_onnx(h, 4, ctkshape_out0_dims, ctkshape_out0);
	}
}
END_TEST

START_TEST(onnx_autopad_same_upper)
{
	hk *h = ct_node(11, 4, ctsame_in0_dims, ctsame_in0, ctsame_in1_dims, ctsame_in1, NULL, 0);

	hk_attr_string(h, "auto_pad", "SAME_UPPER");
	ints(h, "strides", 2, 2, 2, 0, 0);
	run_onnx(h, 4, ctsame_out0_dims, ctsame_out0);
}
END_TEST

/* hand: x = [1, 2], w = [1, 10, 100], stride 2, bias 0.5:
 * full = [1, 10, 102, 20, 200] + 0.5 */
START_TEST(hand_1d_stride_bias)
{
	static const int64_t xd[3] = { 1, 1, 2 }, wd[3] = { 1, 1, 3 }, yd[3] = { 1, 1, 5 };
	static const float x[2] = { 1, 2 }, w[3] = { 1, 10, 100 }, b[1] = { 0.5f };
	static const float y[5] = { 1.5f, 10.5f, 102.5f, 20.5f, 200.5f };
	static const float yl[4] = { 10.5f, 102.5f, 20.5f, 200.5f };
	hk *h = ct_node(11, 3, xd, x, wd, w, b, 1);

	ints(h, "strides", 1, 2, 0, 0, 0);
	run_onnx(h, 3, yd, y);
	/* SAME_LOWER: out = 4, total pad 1 at the start */
	h = ct_node(11, 3, xd, x, wd, w, b, 1);
	ints(h, "strides", 1, 2, 0, 0, 0);
	hk_attr_string(h, "auto_pad", "SAME_LOWER");
	{
		static const int64_t yd4[3] = { 1, 1, 4 };
		run_onnx(h, 3, yd4, yl);
	}
}
END_TEST

/* ---- random cases against the reference ---- */

static const tcfg cfgs[] = {
	/* nsp N C M grp in k s d p0 p1 opad oshape autopad bias dbl opset */
	{ 2, 2, 3, 4, 1, { 4, 3 }, { 3, 3 }, { 1, 1 }, { 1, 1 }, { 0, 0 }, { 0, 0 }, { 0, 0 }, 0, NULL, 1, 0, 11 },
	/* big enough to be cut into blocks of output channels (one image, one group) */
	{ 2, 1, 16, 7, 1, { 24, 23 }, { 4, 4 }, { 2, 2 }, { 1, 1 }, { 1, 1 }, { 1, 1 }, { 0, 0 }, 0, NULL, 1, 0, 11 },
	{ 2, 1, 64, 9, 1, { 20, 30 }, { 1, 1 }, { 1, 1 }, { 1, 1 }, { 0, 0 }, { 0, 0 }, { 0, 0 }, 0, NULL, 1, 0, 11 },
	{ 2, 1, 4, 6, 2, { 3, 4 }, { 3, 2 }, { 2, 3 }, { 1, 2 }, { 1, 0 }, { 0, 1 }, { 1, 2 }, 0, NULL, 1, 0, 11 },
	{ 2, 1, 4, 4, 4, { 5, 4 }, { 3, 3 }, { 2, 2 }, { 1, 1 }, { 1, 1 }, { 1, 1 }, { 1, 1 }, 0, NULL, 1, 0, 11 },
	{ 2, 2, 3, 2, 1, { 3, 3 }, { 2, 3 }, { 2, 2 }, { 2, 1 }, { 0, 1 }, { 0, 1 }, { 0, 0 }, 0, NULL, 0, 0, 1 },
	{ 1, 2, 3, 5, 1, { 5 }, { 3 }, { 3 }, { 2 }, { 1 }, { 2 }, { 2 }, 0, NULL, 1, 0, 11 },
	{ 1, 1, 4, 2, 2, { 6 }, { 4 }, { 1 }, { 1 }, { 2 }, { 0 }, { 0 }, 0, NULL, 1, 0, 1 },
	{ 3, 1, 2, 3, 1, { 3, 2, 4 }, { 2, 3, 2 }, { 2, 1, 2 }, { 1, 2, 1 }, { 1, 0, 0 }, { 0, 1, 1 },
	  { 1, 0, 0 }, 0, NULL, 1, 0, 11 },
	{ 3, 1, 4, 4, 2, { 2, 3, 3 }, { 2, 2, 2 }, { 1, 2, 1 }, { 1, 1, 2 }, { 0, 0, 0 }, { 0, 0, 0 },
	  { 0, 1, 0 }, 0, NULL, 0, 1, 11 },
	/* output_shape: full 2*(3-1)+3 = 7; 6 -> total 1: start 1 (NOTSET); 9 -> total -2: end -2 */
	{ 2, 1, 2, 3, 1, { 3, 3 }, { 3, 3 }, { 2, 2 }, { 1, 1 }, { 1, 0 }, { 0, -2 }, { 0, 0 }, 1, NULL, 1, 0, 11 },
	{ 2, 1, 2, 3, 1, { 3, 3 }, { 3, 3 }, { 2, 2 }, { 1, 1 }, { 0, 0 }, { 1, 0 }, { 0, 0 }, 1, "SAME_UPPER", 1, 0, 11 },
	/* auto_pad SAME_*: out = in*stride; full 9 vs 6 -> total 3 */
	{ 2, 1, 2, 2, 1, { 3, 3 }, { 3, 3 }, { 2, 2 }, { 2, 2 }, { 1, 1 }, { 2, 2 }, { 0, 0 }, 0, "SAME_UPPER", 1, 0, 11 },
	{ 2, 1, 2, 2, 1, { 3, 3 }, { 3, 3 }, { 2, 2 }, { 2, 2 }, { 2, 2 }, { 1, 1 }, { 0, 0 }, 0, "SAME_LOWER", 0, 0, 11 },
	/* k 1, stride 2: full 2*in-1 < out -> total -1, extended at the end */
	{ 1, 1, 2, 2, 1, { 4 }, { 1 }, { 2 }, { 1 }, { 0 }, { -1 }, { 0 }, 0, "SAME_UPPER", 1, 0, 11 },
	{ 2, 1, 3, 2, 1, { 3, 3 }, { 3, 3 }, { 1, 1 }, { 1, 1 }, { 0, 0 }, { 0, 0 }, { 0, 0 }, 0, "VALID", 1, 0, 11 },
	/* 1x1 stride 1 (direct GEMM), and 1x1 with stride */
	{ 2, 2, 5, 3, 1, { 3, 4 }, { 1, 1 }, { 1, 1 }, { 1, 1 }, { 0, 0 }, { 0, 0 }, { 0, 0 }, 0, NULL, 1, 0, 11 },
	{ 2, 1, 4, 6, 2, { 3, 4 }, { 1, 1 }, { 1, 1 }, { 1, 1 }, { 0, 0 }, { 0, 0 }, { 0, 0 }, 0, NULL, 0, 1, 11 },
	{ 2, 1, 4, 2, 1, { 3, 3 }, { 1, 1 }, { 2, 2 }, { 1, 1 }, { 0, 0 }, { 0, 0 }, { 1, 1 }, 0, NULL, 1, 0, 11 },
	/* the packed GEMM (float): U-Net's 2x2/2 upsampling in blocks of output
	 * channels (16 = 12 + 4), 3x3/2 in two groups with a K of 40, a tile of
	 * input positions that ends in a partial sliver */
	{ 2, 1, 32, 16, 1, { 40, 44 }, { 2, 2 }, { 2, 2 }, { 1, 1 }, { 0, 0 }, { 0, 0 }, { 0, 0 }, 0, NULL, 1, 0, 11 },
	{ 2, 1, 80, 30, 2, { 13, 11 }, { 3, 3 }, { 2, 2 }, { 1, 1 }, { 1, 1 }, { 0, 0 }, { 1, 1 }, 0, NULL, 1, 0, 11 },
	{ 2, 2, 8, 70, 1, { 47, 49 }, { 2, 3 }, { 2, 2 }, { 1, 2 }, { 0, 1 }, { 0, 1 }, { 0, 0 }, 0, NULL, 0, 0, 11 },
	/* double */
	{ 2, 2, 4, 6, 2, { 3, 4 }, { 3, 2 }, { 2, 1 }, { 1, 2 }, { 1, 0 }, { 0, 1 }, { 1, 0 }, 0, NULL, 1, 1, 11 },
};

START_TEST(random_vs_reference)
{
	size_t i;

	for (cfg_threads = 1; cfg_threads <= 3; cfg_threads += 2)
		for (i = 0; i < sizeof cfgs / sizeof cfgs[0]; i++) {
			cfg_idx = (int)i;
			run_cfg(&cfgs[i], NULL);
		}
	cfg_threads = 1;
}
END_TEST

/* the same with OpenBLAS instead of the packed GEMM and the AVX-512
 * col2im (rt_conv_simd 1) */
START_TEST(random_vs_reference_blas)
{
	size_t i;

	rt_conv_simd = 1;
	for (i = 0; i < sizeof cfgs / sizeof cfgs[0]; i++) {
		cfg_idx = (int)i;
		run_cfg(&cfgs[i], NULL);
	}
	rt_conv_simd = 2;
}
END_TEST

/* M*k = 128*9 rows over 48x48 inputs: a 10.6 MB column matrix, tiled */
START_TEST(tiled_col2im)
{
	static const tcfg c = { 2, 1, 4, 128, 1, { 48, 48 }, { 3, 3 }, { 1, 1 }, { 1, 1 }, { 1, 1 },
				{ 1, 1 }, { 0, 0 }, 0, NULL, 1, 0, 11 };
	size_t scratch = 0;

	run_cfg(&c, &scratch);
	ck_assert(scratch > 0 && scratch <= ((size_t)8 << 20));
}
END_TEST

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
	static const int64_t x4[4] = { 1, 4, 3, 3 }, w4[4] = { 4, 2, 3, 3 }, w3[3] = { 4, 2, 3 };
	static const int64_t wc[4] = { 3, 2, 3, 3 };
	static float buf[512];
	hk *h;

	h = ct_node(11, 4, x4, buf, w4, buf, NULL, 0);
	hk_input(h, 1, IR_FLOAT, 3, w3, buf, 1);
	expect_refusal(h, ONNXC_EINVAL, "rank");
	h = ct_node(11, 4, x4, buf, wc, buf, NULL, 0);
	expect_refusal(h, ONNXC_EINVAL, "input channels");
	h = ct_node(11, 4, x4, buf, w4, buf, NULL, 0);
	hk_attr_int(h, "group", 3);
	expect_refusal(h, ONNXC_EINVAL, "does not divide");
	h = ct_node(11, 4, x4, buf, w4, buf, buf, 3);
	expect_refusal(h, ONNXC_EINVAL, "B has 3");
	h = ct_node(11, 4, x4, buf, w4, buf, NULL, 0);
	ints(h, "output_shape", 3, 5, 5, 5, 0);
	expect_refusal(h, ONNXC_EINVAL, "output_shape");
	h = ct_node(11, 4, x4, buf, w4, buf, NULL, 0);
	ints(h, "output_padding", 1, 1, 0, 0, 0);
	expect_refusal(h, ONNXC_EINVAL, "output_padding");
	/* pads eating the whole output */
	h = ct_node(11, 4, x4, buf, w4, buf, NULL, 0);
	ints(h, "pads", 4, 3, 0, 2, 0);
	expect_refusal(h, ONNXC_EINVAL, "would be");
	h = ct_node(11, 4, x4, buf, w4, buf, NULL, 0);
	hk_input(h, 0, IR_FLOAT16, 4, x4, buf, 0);
	expect_refusal(h, ONNXC_EUNSUPPORTED, "float16");
}
END_TEST

/* prep reports a failed allocation of its params as ENOMEM */
START_TEST(prep_out_of_memory)
{
	static const int64_t xd[4] = { 1, 2, 4, 4 }, wd[4] = { 2, 3, 3, 3 };
	static float buf[64];
	hk *h = ct_node(11, 4, xd, buf, wd, buf, NULL, 0);

	onnxc_alloc_fail_after(0);
	ck_assert_int_eq(hk_prep(h), -1);
	onnxc_alloc_fail_after(-1);
	ck_assert_int_eq(h->err.code, ONNXC_ENOMEM);
	ck_assert_msg(hk_run(h) == 0, "%s", h->err.msg);
	hk_free(h);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("k_conv_transpose");
	TCase *tc = tcase_create("convtranspose");

	tcase_add_test(tc, onnx_default_1d_dilations);
	tcase_add_test(tc, onnx_pads_output_padding);
	tcase_add_test(tc, onnx_output_shape);
	tcase_add_test(tc, onnx_autopad_same_upper);
	tcase_add_test(tc, hand_1d_stride_bias);
	tcase_add_test(tc, random_vs_reference);
	tcase_add_test(tc, random_vs_reference_blas);
	tcase_add_test(tc, tiled_col2im);
	tcase_add_test(tc, refusals);
	tcase_add_test(tc, prep_out_of_memory);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
