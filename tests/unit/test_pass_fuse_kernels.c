/*
 * test_pass_fuse_kernels.c - the fused-activation epilogue of Conv (GEMM
 * tiles, 1x1 direct, grouped, depthwise), ConvTranspose (col2im, direct),
 * Gemm and MatMul (2-D, batched), float and double: each kernel run with
 * n->ir->fused_act set must give the activation (the ONNX formula written
 * out below, independently of k_act.h) of its output without one.  Also the
 * refusals of prep (integer outputs, an activation the kernels lack).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "h_kernel.h"
#include "testutil.h"

typedef struct act_case {
	const char *name;
	ir_op op;
	float alpha, beta;
} act_case;

static const act_case acts[] = {
	{ "Relu", IR_OP_Relu, 0, 0 },
	{ "LeakyRelu", IR_OP_LeakyRelu, 0.1f, 0 },
	{ "Clip", IR_OP_Clip, -0.5f, 0.75f },
	{ "Clip(0,6)", IR_OP_Clip, 0, 6 },
	{ "Sigmoid", IR_OP_Sigmoid, 0, 0 },
	{ "HardSigmoid", IR_OP_HardSigmoid, 0.3f, 0.4f },
	{ "HardSwish", IR_OP_HardSwish, 0, 0 },
	{ "Tanh", IR_OP_Tanh, 0, 0 },
};
#define N_ACTS ((int)(sizeof acts / sizeof acts[0]))

/* ref_act: the ONNX definition, in double */
static double ref_act(const act_case *a, double x)
{
	switch (a->op) {
	case IR_OP_Relu: return x > 0 ? x : 0;
	case IR_OP_LeakyRelu: return x >= 0 ? x : (double)a->alpha * x;
	case IR_OP_Clip: return fmin(fmax(x, a->alpha), a->beta);
	case IR_OP_Sigmoid: return 1 / (1 + exp(-x));
	case IR_OP_HardSigmoid: return fmax(0, fmin(1, (double)a->alpha * x + a->beta));
	case IR_OP_HardSwish: return x * fmax(0, fmin(1, x / 6 + 0.5));
	case IR_OP_Tanh: return tanh(x);
	default: ck_abort_msg("no reference for op %d", (int)a->op);
	}
	return 0;
}

/* A kernel setup: builds the node and its inputs (values from a fixed
 * pseudo-random sequence in [-2, 2)). */
typedef struct kcase {
	const char *name;
	hk *(*make)(int dtype);
} kcase;

static unsigned lcg = 1;

static double next_val(void)
{
	lcg = lcg * 1103515245u + 12345u;
	return ((lcg >> 8) & 0xffff) / 16384.0 - 2.0;
}

/* input: input idx of h, dtype float or double, numel values */
static void input(hk *h, int idx, int dtype, int rank, const int64_t *dims)
{
	int64_t n = 1, i;
	int k;
	void *buf;

	for (k = 0; k < rank; k++)
		n *= dims[k];
	buf = malloc((size_t)(n ? n : 1) * 8);
	ck_assert_ptr_nonnull(buf);
	for (i = 0; i < n; i++) {
		double v = next_val();
		if (dtype == IR_FLOAT)
			((float *)buf)[i] = (float)v;
		else
			((double *)buf)[i] = v;
	}
	hk_input(h, idx, dtype, rank, dims, buf, idx > 0);
	free(buf);
}

/* conv: X [1,C,H,W] W [M,C/group,k,k] B [M] */
static hk *conv(int dtype, int C, int H, int M, int k, int group, int pad, int stride)
{
	hk *h = hk_new("Conv", 11, 3, 1);
	int64_t xd[4] = { 1, C, H, H }, wd[4] = { M, C / group, k, k }, bd[1] = { M };
	int64_t pads[4] = { pad, pad, pad, pad }, st[2] = { stride, stride };

	hk_attr_int(h, "group", group);
	hk_attr_ints(h, "pads", 4, pads);
	hk_attr_ints(h, "strides", 2, st);
	input(h, 0, dtype, 4, xd);
	input(h, 1, dtype, 4, wd);
	input(h, 2, dtype, 1, bd);
	return h;
}

static hk *conv_gemm(int dt) { return conv(dt, 3, 7, 4, 3, 1, 1, 1); }
static hk *conv_strided(int dt) { return conv(dt, 2, 9, 3, 3, 1, 0, 2); }
static hk *conv_1x1(int dt) { return conv(dt, 5, 6, 7, 1, 1, 0, 1); }
static hk *conv_grouped(int dt) { return conv(dt, 4, 6, 6, 3, 2, 1, 1); }
static hk *conv_dw(int dt) { return conv(dt, 6, 8, 6, 3, 6, 1, 1); }
/* 200x200 planes: more than RT_ACT_BLOCK elements, one channel per block */
static hk *conv_dw_big(int dt) { return conv(dt, 3, 200, 3, 3, 3, 1, 1); }
/* rows = 64 * 25 = 1600: the 8 MiB column buffer holds fewer than the 1600
 * output positions (float: 1310 per tile), so there are two tiles */
static hk *conv_tiles(int dt) { return conv(dt, 64, 40, 2, 5, 1, 2, 1); }
/* 3x3 stride 1 with 16+ channels: Winograd (float), odd size: a half tile */
static hk *conv_wino(int dt) { return conv(dt, 16, 13, 20, 3, 1, 1, 1); }
/* pads 3 on a 3x3 input: most vertical taps read padding (bands, float) */
static hk *conv_bands(int dt) { return conv(dt, 3, 3, 4, 3, 1, 3, 1); }

/* ConvTranspose: X [1,C,H,H], W [C,M,k,k], B [M] */
static hk *convt(int dtype, int C, int H, int M, int k, int stride)
{
	hk *h = hk_new("ConvTranspose", 11, 3, 1);
	int64_t xd[4] = { 1, C, H, H }, wd[4] = { C, M, k, k }, bd[1] = { M };
	int64_t st[2] = { stride, stride };

	hk_attr_ints(h, "strides", 2, st);
	input(h, 0, dtype, 4, xd);
	input(h, 1, dtype, 4, wd);
	input(h, 2, dtype, 1, bd);
	return h;
}

static hk *convt_col2im(int dt) { return convt(dt, 3, 4, 2, 3, 2); }
static hk *convt_1x1(int dt) { return convt(dt, 3, 5, 4, 1, 1); }

/* Gemm: A^T [K,M] x B [K,N]... with transA, transB and a row-broadcast C */
static hk *gemm(int dtype)
{
	hk *h = hk_new("Gemm", 13, 3, 1);
	int64_t ad[2] = { 5, 3 }, bd[2] = { 4, 5 }, cd[1] = { 4 };

	hk_attr_int(h, "transA", 1);
	hk_attr_int(h, "transB", 1);
	hk_attr_float(h, "alpha", 0.5f);
	hk_attr_float(h, "beta", 2.0f);
	input(h, 0, dtype, 2, ad);
	input(h, 1, dtype, 2, bd);
	input(h, 2, dtype, 1, cd);
	return h;
}

static hk *matmul(int dtype)
{
	hk *h = hk_new("MatMul", 13, 2, 1);
	int64_t ad[2] = { 6, 5 }, bd[2] = { 5, 7 };

	input(h, 0, dtype, 2, ad);
	input(h, 1, dtype, 2, bd);
	return h;
}

/* batched: A [2,3,4] x B [2,4,5], one GEMM per batch entry */
static hk *matmul_batched(int dtype)
{
	hk *h = hk_new("MatMul", 13, 2, 1);
	int64_t ad[3] = { 2, 3, 4 }, bd[3] = { 2, 4, 5 };

	input(h, 0, dtype, 3, ad);
	input(h, 1, dtype, 3, bd);
	return h;
}

static const kcase kernels[] = {
	{ "Conv 3x3 pad 1", conv_gemm },
	{ "Conv 3x3 stride 2", conv_strided },
	{ "Conv 1x1", conv_1x1 },
	{ "Conv group 2", conv_grouped },
	{ "Conv depthwise", conv_dw },
	{ "Conv depthwise 200x200", conv_dw_big },
	{ "Conv two column tiles", conv_tiles },
	{ "Conv 3x3 Winograd", conv_wino },
	{ "Conv mostly padding (bands)", conv_bands },
	{ "ConvTranspose stride 2", convt_col2im },
	{ "ConvTranspose 1x1", convt_1x1 },
	{ "Gemm transA transB C", gemm },
	{ "MatMul 2-D", matmul },
	{ "MatMul batched", matmul_batched },
};
#define N_KERNELS ((int)(sizeof kernels / sizeof kernels[0]))

static double get(const rt_tensor *t, int64_t i)
{
	return t->dtype == IR_FLOAT ? ((const float *)t->data)[i] : ((const double *)t->data)[i];
}

/* every kernel x activation x dtype: fused == act(unfused) */
START_TEST(fused_equals_activation_of_output)
{
	const kcase *kc = &kernels[_i / 2];
	const int dtype = _i % 2 ? IR_DOUBLE : IR_FLOAT;
	const double tol = dtype == IR_FLOAT ? 4e-7 : 1e-15;
	int a;

	for (a = 0; a < N_ACTS; a++) {
		hk *plain, *fused;
		int64_t i, n, clamped = 0;
		unsigned seed = 1000u + (unsigned)_i;

		lcg = seed;
		plain = kc->make(dtype);
		lcg = seed;
		fused = kc->make(dtype);
		fused->node->fused_act = acts[a].op;
		fused->node->fused_alpha = acts[a].alpha;
		fused->node->fused_beta = acts[a].beta;
		ck_assert_msg(hk_run(plain) == 0, "%s: %s", kc->name, plain->err.msg);
		ck_assert_msg(hk_run(fused) == 0, "%s + %s: %s", kc->name, acts[a].name,
			      fused->err.msg);
		n = plain->out[0].numel;
		ck_assert_int_eq(fused->out[0].numel, n);
		ck_assert_int_gt(n, 0);
		for (i = 0; i < n; i++) {
			double x = get(&plain->out[0], i), want = ref_act(&acts[a], x);
			double got = get(&fused->out[0], i);
			ck_assert_msg(fabs(got - want) <= tol * (1 + fabs(want)),
				      "%s %s + %s: element %lld: act(%.9g) = %.9g, fused %.9g",
				      kc->name, ir_dtype_name(dtype), acts[a].name, (long long)i, x,
				      want, got);
			clamped += want != x;
		}
		/* the activation changed something (the data has both signs) */
		ck_assert_msg(clamped > 0, "%s + %s changed nothing", kc->name, acts[a].name);
		hk_free(plain);
		hk_free(fused);
	}
}
END_TEST

/* a Relu fused into a Conv, checked against numpy:
 * x (1,2,3,3), W (2,2,2,2), B (2), no pads */
START_TEST(conv_relu_values)
{
	static const float x[18] = { 0.5f, -1, 2, 1.5f, 0, -0.5f, -2, 1, 0.25f,
				     1, -1.5f, 0.5f, 0, 2, -1, 0.75f, -0.25f, 1.25f };
	static const float w[16] = { 0.5f, -0.25f, 1, 0.5f, -1, 0.5f, 0.25f, -0.5f,
				     0.75f, 0.5f, -0.5f, 1, 0.25f, -1, 0.5f, 0.5f };
	static const float b[2] = { 0.1f, -0.2f };
	static const float want[8] = { 0, 1.6f, 0.6625f, 0, 1.675f, 0, 1.175f, 1.3f };
	int64_t xd[4] = { 1, 2, 3, 3 }, wd[4] = { 2, 2, 2, 2 }, bd[1] = { 2 };
	hk *h = hk_new("Conv", 11, 3, 1);

	h->node->fused_act = IR_OP_Relu;
	hk_input(h, 0, IR_FLOAT, 4, xd, x, 0);
	hk_input(h, 1, IR_FLOAT, 4, wd, w, 1);
	hk_input(h, 2, IR_FLOAT, 1, bd, b, 1);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_close(h, 0, want, 8, 1e-6f);
	hk_free(h);
}
END_TEST

START_TEST(refusals)
{
	int64_t d2[2] = { 2, 2 };
	int32_t iv[4] = { 1, -2, 3, -4 };
	float fv[4] = { 1, -2, 3, -4 };
	hk *h = hk_new("Gemm", 13, 2, 1);

	/* integer Gemm/MatMul: the activation kernels are float/double */
	h->node->fused_act = IR_OP_Relu;
	hk_input(h, 0, IR_INT32, 2, d2, iv, 0);
	hk_input(h, 1, IR_INT32, 2, d2, iv, 1);
	ck_assert_int_eq(hk_prep(h), -1);
	ck_assert_int_eq(h->err.code, ONNXC_EUNSUPPORTED);
	ck_assert_str_eq(h->err.msg, "node 'n0' (Gemm-13): fused activation Relu is not "
			 "supported on int32 outputs");
	hk_free(h);

	h = hk_new("MatMul", 13, 2, 1);
	h->node->fused_act = IR_OP_Elu;
	hk_input(h, 0, IR_FLOAT, 2, d2, fv, 0);
	hk_input(h, 1, IR_FLOAT, 2, d2, fv, 1);
	ck_assert_int_eq(hk_prep(h), -1);
	ck_assert_int_eq(h->err.code, ONNXC_EUNSUPPORTED);
	ck_assert_str_eq(h->err.msg,
			 "node 'n0' (MatMul-13): fused activation Elu is not supported");
	hk_free(h);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pass_fuse_kernels");
	TCase *tc = tcase_create("epilogue");

	tcase_add_loop_test(tc, fused_equals_activation_of_output, 0, 2 * N_KERNELS);
	tcase_add_test(tc, conv_relu_values);
	tcase_add_test(tc, refusals);
	tcase_set_timeout(tc, 600);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
