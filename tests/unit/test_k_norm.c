/*
 * test_k_norm.c - BatchNormalization, InstanceNormalization,
 * LayerNormalization and LRN: ONNX backend test cases (numbers decoded from
 * /usr/share/libonnx-testdata/data/node/test_batchnorm_epsilon,
 * test_instancenorm_example, test_layer_normalization_*), hand-computed
 * legacy-attribute cases, random cases against naive references, refusals.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "h_kernel.h"
#include "testutil.h"

/* test_batchnorm_epsilon (opset 15): epsilon=0.009999999776482582 */
static const int64_t bne_in0_dims[] = { 2, 3, 4, 5 };
static const float bne_in0[] = {
	0.407461822f, 1.34395444f, -0.818220973f, 0.0827099383f, -1.29105842f, -0.661104202f,
	-1.18019104f, 0.197642639f, 0.413899988f, 1.19732201f, 1.88335383f, 0.714223802f, 2.28433347f,
	1.56410253f, 0.611103714f, -0.877363324f, -1.62108755f, -0.581673026f, -0.537833929f,
	-1.55602372f, -0.0544648431f, -1.81127882f, -0.63117522f, -0.928159177f, 1.49072194f,
	0.195499331f, -0.471604347f, 1.81235468f, -2.29413748f, 0.651209354f, -1.1304965f,
	-0.777346671f, 1.11593843f, 1.33945298f, -1.76743364f, 0.424412459f, 1.0893091f,
	-0.384185672f, 0.632201433f, -0.549655914f, 0.521125734f, 0.108349547f, 0.261668473f,
	-0.914755344f, 0.858237803f, 0.0943342894f, -1.48590386f, -1.90058422f, -1.1375792f,
	-1.76203883f, -0.288623214f, 1.04798222f, 0.249957547f, 0.0469044633f, -1.03224301f,
	0.403185695f, -0.684059262f, 1.26232219f, -2.00555658f, -0.332030386f, -0.296100408f,
	-2.21836066f, -0.183502883f, 0.392308056f, 0.241634801f, 0.103935912f, -0.829571187f,
	0.492759377f, 0.0901127905f, -0.997567534f, -0.800038218f, 0.207075581f, 0.523463011f,
	-0.699394822f, 0.913705826f, -0.672784805f, 0.133324504f, 0.426896006f, -0.0128493914f,
	-0.352248311f, 0.819466591f, 0.521987736f, 1.1972599f, -0.382486224f, 0.691661894f,
	0.353885025f, 1.04758537f, -0.423896223f, -3.51476812f, -1.3431567f, 1.42550611f, 0.22858201f,
	-0.257663757f, 0.0503707156f, -1.38021088f, -0.26167208f, -0.179379687f, -0.6927706f,
	1.13782692f, -0.169157252f, -0.763913691f, -0.498073101f, -0.362891108f, 0.263960302f,
	-0.629641891f, -0.472258419f, -1.5133611f, 1.10762465f, 0.176238745f, -0.940353513f,
	0.929594338f, -1.06279492f, -0.886406243f, 1.9213469f, -0.459780514f, -1.08903444f,
	0.98411727f, -1.15920627f, -0.436537087f, 1.00924456f
};
static const int64_t bne_in1_dims[] = { 3 };
static const float bne_in1[] = {
	0.713389575f, -0.728057742f, 0.839516461f
};
static const int64_t bne_in2_dims[] = { 3 };
static const float bne_in2[] = {
	1.23902094f, -1.78480387f, -0.796185851f
};
static const int64_t bne_in3_dims[] = { 3 };
static const float bne_in3[] = {
	-1.40054131f, -0.18435058f, -1.39119315f
};
static const int64_t bne_in4_dims[] = { 3 };
static const float bne_in4[] = {
	0.0446122997f, 0.799795866f, 0.0769564435f
};
static const int64_t bne_out0_dims[] = { 2, 3, 4, 5 };
static const float bne_out0[] = {
	6.75827932f, 9.61709404f, 3.0166595f, 5.76691484f, 1.57323742f, 3.49628687f, 1.91168022f,
	6.11776781f, 6.77793264f, 9.16947079f, 11.2637072f, 7.69472551f, 12.487771f, 10.2891359f,
	7.37993288f, 2.83611679f, 0.565763474f, 3.73876524f, 3.87259197f, 0.764382601f, -1.88988853f,
	-0.468529463f, -1.42329812f, -1.18302178f, -3.14002967f, -2.09212327f, -1.55239975f,
	-3.40024829f, -0.0778702497f, -2.46081781f, -1.01931977f, -1.30503738f, -2.83680916f,
	-3.01764488f, -0.50400269f, -2.27732658f, -2.8152647f, -1.62312627f, -2.44543934f,
	-1.48925173f, 4.64807129f, 3.47292185f, 3.90941191f, 0.560204029f, 5.60780907f, 3.43302155f,
	-1.06582153f, -2.24639177f, -0.0741621852f, -1.85196126f, 2.34276485f, 6.14799976f,
	3.87607193f, 3.29799175f, 0.225723624f, 4.31230307f, 1.21698177f, 6.75821257f, -2.54524183f,
	2.21918678f, 4.61052752f, -1.25752127f, 4.95425177f, 6.71201897f, 6.25206184f, 5.83171129f,
	2.98201084f, 7.01866484f, 5.78951311f, 2.46917152f, 3.07216573f, 6.14656353f, 7.11239386f,
	3.37939787f, 8.30368042f, 3.46062994f, 5.92142487f, 6.81760502f, 5.47520208f, 4.43912554f,
	-2.59694719f, -2.35627031f, -2.90260267f, -1.62450123f, -2.49354601f, -2.2202661f,
	-2.78150773f, -1.59099829f, 0.909687042f, -0.847266018f, -3.08726645f, -2.11888909f,
	-1.7254895f, -1.97470629f, -0.817287207f, -1.72224653f, -1.78882563f, -1.37346411f,
	-2.85451818f, -1.79709613f, 0.98964119f, 1.74647343f, 2.13132858f, 3.91593695f, 1.37190473f,
	1.8199662f, -1.14399064f, 6.31779909f, 3.66619873f, 0.487327576f, 5.81095648f, 0.138744175f,
	0.640912175f, 8.63441753f, 1.85549009f, 0.064041853f, 5.96618032f, -0.135733128f, 1.92166269f,
	6.03771639f
};
/* test_instancenorm_example (opset 6):  */
static const int64_t inex_in0_dims[] = { 1, 2, 1, 3 };
static const float inex_in0[] = {
	-1, 0, 1, 2, 3, 4
};
static const int64_t inex_in1_dims[] = { 2 };
static const float inex_in1[] = {
	1, 1.5f
};
static const int64_t inex_in2_dims[] = { 2 };
static const float inex_in2[] = {
	0, 1
};
static const int64_t inex_out0_dims[] = { 1, 2, 1, 3 };
static const float inex_out0[] = {
	-1.22473562f, 0, 1.22473562f, -0.837103486f, 1, 2.83710337f
};
/* test_layer_normalization_2d_axis0 (opset 17): axis=0 */
static const int64_t ln2a0_in0_dims[] = { 3, 4 };
static const float ln2a0_in0[] = {
	1.76405239f, 0.400157213f, 0.97873801f, 2.24089313f, 1.867558f, -0.977277875f, 0.950088441f,
	-0.151357204f, -0.103218853f, 0.410598516f, 0.144043565f, 1.45427346f
};
static const int64_t ln2a0_in1_dims[] = { 3, 4 };
static const float ln2a0_in1[] = {
	0.761037707f, 0.121675014f, 0.443863243f, 0.333674341f, 1.49407911f, -0.205158263f,
	0.313067704f, -0.854095757f, -2.55298972f, 0.653618574f, 0.864436209f, -0.742165029f
};
static const int64_t ln2a0_in2_dims[] = { 3, 4 };
static const float ln2a0_in2[] = {
	2.26975465f, -1.45436573f, 0.0457585156f, -0.187183857f, 1.53277922f, 1.4693588f, 0.15494743f,
	0.378162533f, -0.887785733f, -1.98079646f, -0.347912163f, 0.156348974f
};
static const int64_t ln2a0_out0_dims[] = { 3, 4 };
static const float ln2a0_out0[] = {
	3.10758829f, -1.50026178f, 0.156649113f, 0.35259527f, 3.34522152f, 1.85300231f, 0.223440945f,
	1.21082258f, 1.46794152f, -2.21994686f, -0.913913727f, -0.411547393f
};
static const int64_t ln2a0_out1_dims[] = { 1, 1 };
static const float ln2a0_out1[] = {
	0.748212397f
};
static const int64_t ln2a0_out2_dims[] = { 1, 1 };
static const float ln2a0_out2[] = {
	1.0837431f
};
/* test_layer_normalization_3d_axis1_epsilon (opset 17): axis=1, epsilon=0.10000000149011612 */
static const int64_t ln3a1_in0_dims[] = { 2, 3, 5 };
static const float ln3a1_in0[] = {
	1.76405239f, 0.400157213f, 0.97873801f, 2.24089313f, 1.867558f, -0.977277875f, 0.950088441f,
	-0.151357204f, -0.103218853f, 0.410598516f, 0.144043565f, 1.45427346f, 0.761037707f,
	0.121675014f, 0.443863243f, 0.333674341f, 1.49407911f, -0.205158263f, 0.313067704f,
	-0.854095757f, -2.55298972f, 0.653618574f, 0.864436209f, -0.742165029f, 2.26975465f,
	-1.45436573f, 0.0457585156f, -0.187183857f, 1.53277922f, 1.4693588f
};
static const int64_t ln3a1_in1_dims[] = { 3, 5 };
static const float ln3a1_in1[] = {
	-0.0682416037f, 1.71334267f, -0.744754851f, -0.826438546f, -0.0984525234f, -0.663478315f,
	1.12663591f, -1.0799315f, -1.14746869f, -0.437820047f, -0.498032451f, 1.92953205f,
	0.94942081f, 0.0875512436f, -1.2254355f
};
static const int64_t ln3a1_in2_dims[] = { 3, 5 };
static const float ln3a1_in2[] = {
	0.844362974f, -1.00021529f, -1.54477108f, 1.18802977f, 0.316942602f, 0.9208588f, 0.318727642f,
	0.856830597f, -0.651025593f, -1.03424287f, 0.681594491f, -0.803409636f, -0.689549804f,
	-0.455532491f, 0.0174791589f
};
static const int64_t ln3a1_out0_dims[] = { 2, 3, 5 };
static const float ln3a1_out0[] = {
	0.762684226f, -1.5463841f, -1.78621721f, -0.23907423f, 0.187779829f, 2.14796162f,
	0.648108244f, 1.86296451f, 0.356646001f, -0.899757445f, 0.982102096f, 0.841809452f,
	-0.611442864f, -0.510536313f, 0.348596573f, 0.837108016f, 0.747974277f, -1.30785406f,
	1.11358309f, 0.398586154f, 2.35891509f, 0.722430468f, 0.290533543f, 0.19936657f, -1.74846816f,
	1.33007646f, -1.03586483f, -0.97813195f, -0.363531739f, -1.20901859f
};
static const int64_t ln3a1_out1_dims[] = { 2, 1, 1 };
static const float ln3a1_out1[] = {
	0.687008262f, 0.198704585f
};
static const int64_t ln3a1_out2_dims[] = { 2, 1, 1 };
static const float ln3a1_out2[] = {
	1.111287f, 0.787678421f
};

static uint32_t rng_state = 31337;
static double rnd(void)
{
	rng_state = rng_state * 1664525u + 1013904223u;
	return (double)(rng_state >> 8) / (double)(1u << 23) - 1.0;
}

static void expect_refusal(hk *h, int code, const char *what)
{
	ck_assert_int_eq(hk_prep(h), -1);
	ck_assert_int_eq(h->err.code, code);
	ck_assert_msg(strstr(h->err.msg, "'n0'") != NULL, "message names no node: %s", h->err.msg);
	ck_assert_msg(strstr(h->err.msg, what) != NULL, "message '%s' lacks '%s'", h->err.msg, what);
	hk_free(h);
}

/* ---- BatchNormalization ---- */

START_TEST(onnx_batchnorm_epsilon)
{
	hk *h = hk_new("BatchNormalization", 15, 5, 1);

	hk_input(h, 0, IR_FLOAT, 4, bne_in0_dims, bne_in0, 0);
	hk_input(h, 1, IR_FLOAT, 1, bne_in1_dims, bne_in1, 1);
	hk_input(h, 2, IR_FLOAT, 1, bne_in2_dims, bne_in2, 1);
	hk_input(h, 3, IR_FLOAT, 1, bne_in3_dims, bne_in3, 1);
	hk_input(h, 4, IR_FLOAT, 1, bne_in4_dims, bne_in4, 1);
	hk_attr_float(h, "epsilon", 0.01f);
	ck_assert_msg(hk_run(h) == 0, "%s", h->err.msg);
	hk_assert_dims(h, 0, 4, bne_out0_dims);
	hk_assert_close(h, 0, bne_out0, 120, 1e-5f);
	hk_free(h);
}
END_TEST

/* X [1,2,2] = [[1,2],[3,4]], scale [2,.5], B [1,-1], mean [1,3], var [4,.25],
 * eps 0: a = [1, 1], b = [0, -4]: Y = [[1,2],[-1,0]] */
static const int64_t bx_d[3] = { 1, 2, 2 }, bc_d[1] = { 2 };
static const float bx[4] = { 1, 2, 3, 4 }, bscale[2] = { 2, 0.5f }, bb[2] = { 1, -1 };
static const float bmean[2] = { 1, 3 }, bvar[2] = { 4, 0.25f }, by[4] = { 1, 2, -1, 0 };

static hk *bn_node(int opset, int n_out)
{
	hk *h = hk_new("BatchNormalization", opset, 5, n_out);

	hk_input(h, 0, IR_FLOAT, 3, bx_d, bx, 0);
	hk_input(h, 1, IR_FLOAT, 1, bc_d, bscale, 1);
	hk_input(h, 2, IR_FLOAT, 1, bc_d, bb, 1);
	hk_input(h, 3, IR_FLOAT, 1, bc_d, bmean, 1);
	hk_input(h, 4, IR_FLOAT, 1, bc_d, bvar, 1);
	hk_attr_float(h, "epsilon", 0.0f);
	return h;
}

START_TEST(hand_batchnorm_versions)
{
	static const int opsets[] = { 1, 6, 7, 9, 14, 15 };
	static const int64_t consumed[5] = { 0, 0, 0, 1, 1 };
	size_t i;

	for (i = 0; i < sizeof opsets / sizeof opsets[0]; i++) {
		hk *h = bn_node(opsets[i], 1);
		if (opsets[i] == 1)
			hk_attr_ints(h, "consumed_inputs", 5, consumed);
		if (opsets[i] <= 6)
			hk_attr_int(h, "is_test", 1);
		if (opsets[i] <= 7)
			hk_attr_int(h, "spatial", 1);
		if (opsets[i] >= 14)
			hk_attr_int(h, "training_mode", 0);
		hk_attr_float(h, "momentum", 0.9f);
		ck_assert_msg(hk_run(h) == 0, "opset %d: %s", opsets[i], h->err.msg);
		hk_assert_dims(h, 0, 3, bx_d);
		hk_assert_close(h, 0, by, 4, 1e-6f);
		hk_free(h);
	}
}
END_TEST

/* the running mean / var outputs of an inference node pass the inputs on */
START_TEST(hand_batchnorm_running_outputs)
{
	int opset;

	for (opset = 9; opset <= 15; opset += 6) {
		hk *h = bn_node(opset, 3);
		ck_assert_msg(hk_run(h) == 0, "%s", h->err.msg);
		hk_assert_close(h, 0, by, 4, 1e-6f);
		hk_assert_dims(h, 1, 1, bc_d);
		hk_assert_close(h, 1, bmean, 2, 0);
		hk_assert_close(h, 2, bvar, 2, 0);
		hk_free(h);
	}
}
END_TEST

/* spatial = 0 (BatchNormalization-1/6/7): statistics per element of
 * X.shape[1:]: 4 values for X [1,2,2] */
START_TEST(hand_batchnorm_spatial0)
{
	static const int64_t pd[2] = { 2, 2 };
	static const float one[4] = { 1, 1, 1, 1 }, b[4] = { 0, 0, 0, 10 }, y[4] = { 0, 1, 2, 13 };
	int opset;

	for (opset = 6; opset <= 7; opset++) {
		hk *h = bn_node(opset, 1);
		int i;
		hk_attr_int(h, "spatial", 0);
		for (i = 1; i < 5; i++)
			hk_input(h, i, IR_FLOAT, 2, pd, i == 2 ? b : one, 1);
		ck_assert_msg(hk_run(h) == 0, "%s", h->err.msg);
		hk_assert_close(h, 0, y, 4, 1e-6f);
		hk_free(h);
	}
}
END_TEST

/* BatchNormalization-15: double X with float statistics */
START_TEST(hand_batchnorm_double_mixed)
{
	static const double x[4] = { 1, 2, 3, 4 }, y[4] = { 1, 2, -1, 0 };
	hk *h = bn_node(15, 1);
	int i;

	hk_input(h, 0, IR_DOUBLE, 3, bx_d, x, 0);
	ck_assert_msg(hk_run(h) == 0, "%s", h->err.msg);
	ck_assert_int_eq(h->out[0].dtype, IR_DOUBLE);
	for (i = 0; i < 4; i++)
		ck_assert(fabs(((double *)h->out[0].data)[i] - y[i]) < 1e-12);
	hk_free(h);
}
END_TEST

START_TEST(batchnorm_refusals)
{
	static const int64_t d3[1] = { 3 };
	static float buf[8];
	hk *h;

	h = bn_node(15, 1);
	hk_attr_int(h, "training_mode", 1);
	expect_refusal(h, ONNXC_EUNSUPPORTED, "training_mode");
	h = bn_node(9, 4);
	expect_refusal(h, ONNXC_EUNSUPPORTED, "output 3");
	h = bn_node(15, 1);
	hk_input(h, 3, IR_FLOAT, 1, d3, buf, 1);
	expect_refusal(h, ONNXC_EINVAL, "input 3 has 3 elements");
	/* spatial = 0 needs C*D statistics */
	h = bn_node(7, 1);
	hk_attr_int(h, "spatial", 0);
	expect_refusal(h, ONNXC_EINVAL, "expected 4");
	h = bn_node(15, 1);
	hk_input(h, 0, IR_INT64, 3, bx_d, NULL, 0);
	expect_refusal(h, ONNXC_EUNSUPPORTED, "int64");
}
END_TEST

/* ---- InstanceNormalization ---- */

START_TEST(onnx_instancenorm)
{
	hk *h = hk_new("InstanceNormalization", 6, 3, 1);

	hk_input(h, 0, IR_FLOAT, 4, inex_in0_dims, inex_in0, 0);
	hk_input(h, 1, IR_FLOAT, 1, inex_in1_dims, inex_in1, 1);
	hk_input(h, 2, IR_FLOAT, 1, inex_in2_dims, inex_in2, 1);
	ck_assert_msg(hk_run(h) == 0, "%s", h->err.msg);
	hk_assert_dims(h, 0, 4, inex_out0_dims);
	hk_assert_close(h, 0, inex_out0, 6, 1e-5f);
	hk_free(h);
}
END_TEST

/* random [N, C, D1, D2] against a two-pass reference, float and double,
 * opset 1 (consumed_inputs) and 6 */
START_TEST(random_instancenorm)
{
	static const int64_t xd[4] = { 2, 3, 4, 5 }, cd[1] = { 3 };
	double x[120], s[3], b[3], y[120];
	float xf[120], sf[3], bf[3];
	int dbl, i, pl;

	for (i = 0; i < 120; i++)
		xf[i] = (float)(x[i] = 3 * rnd() + 1);
	for (i = 0; i < 3; i++) {
		sf[i] = (float)(s[i] = rnd());
		bf[i] = (float)(b[i] = rnd());
	}
	for (pl = 0; pl < 6; pl++) {
		double m = 0, v = 0;
		for (i = 0; i < 20; i++)
			m += x[pl * 20 + i] / 20;
		for (i = 0; i < 20; i++)
			v += (x[pl * 20 + i] - m) * (x[pl * 20 + i] - m) / 20;
		for (i = 0; i < 20; i++)
			y[pl * 20 + i] = (x[pl * 20 + i] - m) / sqrt(v + 0.01) * s[pl % 3] + b[pl % 3];
	}
	for (dbl = 0; dbl <= 1; dbl++) {
		hk *h = hk_new("InstanceNormalization", dbl ? 6 : 1, 3, 1);
		if (dbl) {
			hk_input(h, 0, IR_DOUBLE, 4, xd, x, 0);
			hk_input(h, 1, IR_DOUBLE, 1, cd, s, 1);
			hk_input(h, 2, IR_DOUBLE, 1, cd, b, 1);
		} else {
			static const int64_t consumed[3] = { 0, 0, 0 };
			hk_input(h, 0, IR_FLOAT, 4, xd, xf, 0);
			hk_input(h, 1, IR_FLOAT, 1, cd, sf, 1);
			hk_input(h, 2, IR_FLOAT, 1, cd, bf, 1);
			hk_attr_ints(h, "consumed_inputs", 3, consumed);
		}
		hk_attr_float(h, "epsilon", 0.01f);
		ck_assert_msg(hk_run(h) == 0, "%s", h->err.msg);
		for (i = 0; i < 120; i++) {
			double got = dbl ? ((double *)h->out[0].data)[i] : hk_outf(h, 0)[i];
			ck_assert_msg(fabs(got - y[i]) < (dbl ? 1e-7 : 1e-5), "element %d: %g vs %g",
				      i, got, y[i]);
		}
		hk_free(h);
	}
}
END_TEST

START_TEST(instancenorm_refusals)
{
	static const int64_t xd[3] = { 1, 2, 3 }, c3[1] = { 3 }, c2[1] = { 2 }, x2[2] = { 2, 3 };
	static float buf[8];
	hk *h;

	h = hk_new("InstanceNormalization", 6, 3, 1);
	hk_input(h, 0, IR_FLOAT, 3, xd, buf, 0);
	hk_input(h, 1, IR_FLOAT, 1, c3, buf, 1);
	hk_input(h, 2, IR_FLOAT, 1, c2, buf, 1);
	expect_refusal(h, ONNXC_EINVAL, "input 1 must be 2 elements");
	h = hk_new("InstanceNormalization", 6, 3, 1);
	hk_input(h, 0, IR_FLOAT, 2, x2, buf, 0);
	hk_input(h, 1, IR_FLOAT, 1, c2, buf, 1);
	hk_input(h, 2, IR_FLOAT, 1, c2, buf, 1);
	expect_refusal(h, ONNXC_EINVAL, "rank");
}
END_TEST

/* ---- LayerNormalization ---- */

START_TEST(onnx_layernorm)
{
	hk *h = hk_new("LayerNormalization", 17, 3, 3);
	int i;

	hk_input(h, 0, IR_FLOAT, 2, ln2a0_in0_dims, ln2a0_in0, 0);
	hk_input(h, 1, IR_FLOAT, 2, ln2a0_in1_dims, ln2a0_in1, 1);
	hk_input(h, 2, IR_FLOAT, 2, ln2a0_in2_dims, ln2a0_in2, 1);
	hk_attr_int(h, "axis", 0);
	ck_assert_msg(hk_run(h) == 0, "%s", h->err.msg);
	hk_assert_dims(h, 0, 2, ln2a0_out0_dims);
	hk_assert_close(h, 0, ln2a0_out0, 12, 1e-5f);
	hk_assert_dims(h, 1, 2, ln2a0_out1_dims);
	hk_assert_dims(h, 2, 2, ln2a0_out2_dims);
	hk_assert_close(h, 1, ln2a0_out1, 1, 1e-6f);
	hk_assert_close(h, 2, ln2a0_out2, 1, 1e-5f);
	hk_free(h);

	/* axis 1 of [2,3,5], epsilon 0.1; the same with axis -2 */
	for (i = 0; i < 2; i++) {
		h = hk_new("LayerNormalization", 17, 3, 3);
		hk_input(h, 0, IR_FLOAT, 3, ln3a1_in0_dims, ln3a1_in0, 0);
		hk_input(h, 1, IR_FLOAT, 2, ln3a1_in1_dims, ln3a1_in1, 1);
		hk_input(h, 2, IR_FLOAT, 2, ln3a1_in2_dims, ln3a1_in2, 1);
		hk_attr_int(h, "axis", i ? -2 : 1);
		hk_attr_float(h, "epsilon", 0.1f);
		ck_assert_msg(hk_run(h) == 0, "%s", h->err.msg);
		hk_assert_dims(h, 0, 3, ln3a1_out0_dims);
		hk_assert_close(h, 0, ln3a1_out0, 30, 1e-5f);
		hk_assert_dims(h, 1, 3, ln3a1_out1_dims);
		hk_assert_dims(h, 2, 3, ln3a1_out2_dims);
		hk_assert_close(h, 1, ln3a1_out1, 2, 1e-6f);
		hk_assert_close(h, 2, ln3a1_out2, 2, 1e-5f);
		hk_free(h);
	}
}
END_TEST

/* random [3,4,5] normalized over the last two dims (axis 1) with Scale [5]
 * broadcast over the 4 and no B (float); and with Scale and B of shape
 * [4, 1] broadcast over the 5 (double) */
START_TEST(random_layernorm)
{
	static const int64_t xd[3] = { 3, 4, 5 }, sd[1] = { 5 }, sd2[2] = { 4, 1 };
	double x[60], s[5], s2[4], b2[4], y[60], y2[60];
	float xf[60], sf[5];
	int i, r;
	hk *h;

	for (i = 0; i < 60; i++)
		xf[i] = (float)(x[i] = 2 * rnd());
	for (i = 0; i < 5; i++)
		sf[i] = (float)(s[i] = rnd());
	for (i = 0; i < 4; i++) {
		s2[i] = rnd();
		b2[i] = rnd();
	}
	for (r = 0; r < 3; r++) {
		double m = 0, v = 0;
		for (i = 0; i < 20; i++)
			m += x[r * 20 + i] / 20;
		for (i = 0; i < 20; i++)
			v += (x[r * 20 + i] - m) * (x[r * 20 + i] - m) / 20;
		for (i = 0; i < 20; i++) {
			double nx = (x[r * 20 + i] - m) / sqrt(v + 1e-5);
			y[r * 20 + i] = nx * s[i % 5];
			y2[r * 20 + i] = nx * s2[i / 5] + b2[i / 5];
		}
	}
	h = hk_new("LayerNormalization", 17, 2, 1);
	hk_input(h, 0, IR_FLOAT, 3, xd, xf, 0);
	hk_input(h, 1, IR_FLOAT, 1, sd, sf, 1);
	hk_attr_int(h, "axis", 1);
	ck_assert_msg(hk_run(h) == 0, "%s", h->err.msg);
	for (i = 0; i < 60; i++)
		ck_assert_msg(fabs(hk_outf(h, 0)[i] - y[i]) < 1e-5, "element %d", i);
	hk_free(h);

	h = hk_new("LayerNormalization", 17, 3, 1);
	hk_input(h, 0, IR_DOUBLE, 3, xd, x, 0);
	hk_input(h, 1, IR_DOUBLE, 2, sd2, s2, 1);
	hk_input(h, 2, IR_DOUBLE, 2, sd2, b2, 1);
	hk_attr_int(h, "axis", -2);
	ck_assert_msg(hk_run(h) == 0, "%s", h->err.msg);
	for (i = 0; i < 60; i++)
		ck_assert_msg(fabs(((double *)h->out[0].data)[i] - y2[i]) < 1e-9, "element %d", i);
	hk_free(h);
}
END_TEST

START_TEST(layernorm_refusals)
{
	static const int64_t xd[2] = { 2, 3 }, s4[1] = { 4 };
	static float buf[8];
	hk *h;

	h = hk_new("LayerNormalization", 17, 2, 1);
	hk_input(h, 0, IR_FLOAT, 2, xd, buf, 0);
	hk_input(h, 1, IR_FLOAT, 1, s4, buf, 1);
	expect_refusal(h, ONNXC_EINVAL, "broadcast");
	h = hk_new("LayerNormalization", 17, 2, 1);
	hk_input(h, 0, IR_FLOAT, 2, xd, buf, 0);
	hk_input(h, 1, IR_FLOAT, 2, xd, buf, 1);
	hk_attr_int(h, "axis", 2);
	expect_refusal(h, ONNXC_EINVAL, "axis");
	h = hk_new("LayerNormalization", 17, 2, 1);
	hk_input(h, 0, IR_FLOAT, 2, xd, buf, 0);
	hk_input(h, 1, IR_FLOAT, 1, xd + 1, buf, 1);
	hk_attr_int(h, "stash_type", 11);
	expect_refusal(h, ONNXC_EUNSUPPORTED, "stash_type");
	/* Scale of higher rank than the normalized shape */
	h = hk_new("LayerNormalization", 17, 2, 1);
	hk_input(h, 0, IR_FLOAT, 2, xd, buf, 0);
	hk_input(h, 1, IR_FLOAT, 2, xd, buf, 1);
	expect_refusal(h, ONNXC_EINVAL, "Scale has rank 2");
}
END_TEST

/* ---- LRN ---- */

/* hand: C = 3, one pixel x = [1, 2, 3], size 2 (window [c, c+1]), alpha 2,
 * beta 1, bias 1: y = x / (1 + (2/2) * sum): [1/6, 2/14, 3/10] */
START_TEST(hand_lrn)
{
	static const int64_t xd[4] = { 1, 3, 1, 1 };
	static const float x[3] = { 1, 2, 3 }, y[3] = { 1.0f / 6, 2.0f / 14, 3.0f / 10 };
	hk *h = hk_new("LRN", 1, 1, 1);

	hk_input(h, 0, IR_FLOAT, 4, xd, x, 0);
	hk_attr_int(h, "size", 2);
	hk_attr_float(h, "alpha", 2.0f);
	hk_attr_float(h, "beta", 1.0f);
	hk_attr_float(h, "bias", 1.0f);
	ck_assert_msg(hk_run(h) == 0, "%s", h->err.msg);
	hk_assert_close(h, 0, y, 3, 1e-7f);
	hk_free(h);
}
END_TEST

/* random [2,5,3,3] with size 3 and the test_lrn attributes, default
 * attributes with size 4, double with size 5 */
START_TEST(random_lrn)
{
	static const int64_t xd[4] = { 2, 5, 3, 3 };
	static const int sizes[3] = { 3, 4, 5 };
	double x[90], y[90];
	float xf[90];
	int t, i;

	for (i = 0; i < 90; i++)
		xf[i] = (float)(x[i] = 3 * rnd());
	for (t = 0; t < 3; t++) {
		int size = sizes[t], dbl = t == 2;
		double alpha = t == 0 ? 0.0002 : t == 1 ? 1e-4 : 0.5, beta = t == 0 ? 0.5 : 0.75;
		double bias = t == 0 ? 2.0 : 1.0;
		hk *h = hk_new("LRN", 13, 1, 1);
		int n, c, s, cc;
		for (n = 0; n < 2; n++)
			for (c = 0; c < 5; c++)
				for (s = 0; s < 9; s++) {
					double sq = 0;
					for (cc = c - (size - 1) / 2; cc <= c + size / 2; cc++)
						if (cc >= 0 && cc < 5)
							sq += x[(n * 5 + cc) * 9 + s] * x[(n * 5 + cc) * 9 + s];
					y[(n * 5 + c) * 9 + s] = x[(n * 5 + c) * 9 + s] /
								 pow(bias + (float)alpha / size * sq, (float)beta);
				}
		if (dbl)
			hk_input(h, 0, IR_DOUBLE, 4, xd, x, 0);
		else
			hk_input(h, 0, IR_FLOAT, 4, xd, xf, 0);
		hk_attr_int(h, "size", size);
		if (t != 1) {
			hk_attr_float(h, "alpha", (float)alpha);
			hk_attr_float(h, "beta", (float)beta);
			hk_attr_float(h, "bias", (float)bias);
		}
		ck_assert_msg(hk_run(h) == 0, "%s", h->err.msg);
		for (i = 0; i < 90; i++) {
			double got = dbl ? ((double *)h->out[0].data)[i] : hk_outf(h, 0)[i];
			ck_assert_msg(fabs(got - y[i]) < 1e-5 + 1e-5 * fabs(y[i]),
				      "size %d element %d: %g vs %g", size, i, got, y[i]);
		}
		hk_free(h);
	}
	{
		hk *h = hk_new("LRN", 13, 1, 1);
		hk_input(h, 0, IR_FLOAT, 4, xd, xf, 0);
		expect_refusal(h, ONNXC_EINVAL, "size");
	}
}
END_TEST

/* prep reports a failed allocation of its params as ENOMEM */
START_TEST(prep_out_of_memory)
{
	hk *h = bn_node(15, 1);

	onnxc_alloc_fail_after(0);
	ck_assert_int_eq(hk_prep(h), -1);
	onnxc_alloc_fail_after(-1);
	ck_assert_int_eq(h->err.code, ONNXC_ENOMEM);
	ck_assert_msg(hk_run(h) == 0, "%s", h->err.msg);
	hk_assert_close(h, 0, by, 4, 1e-6f);
	hk_free(h);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("k_norm");
	TCase *tc = tcase_create("norm");

	tcase_add_test(tc, onnx_batchnorm_epsilon);
	tcase_add_test(tc, hand_batchnorm_versions);
	tcase_add_test(tc, hand_batchnorm_spatial0);
	tcase_add_test(tc, hand_batchnorm_running_outputs);
	tcase_add_test(tc, hand_batchnorm_double_mixed);
	tcase_add_test(tc, batchnorm_refusals);
	tcase_add_test(tc, onnx_instancenorm);
	tcase_add_test(tc, random_instancenorm);
	tcase_add_test(tc, instancenorm_refusals);
	tcase_add_test(tc, onnx_layernorm);
	tcase_add_test(tc, random_layernorm);
	tcase_add_test(tc, layernorm_refusals);
	tcase_add_test(tc, hand_lrn);
	tcase_add_test(tc, random_lrn);
	tcase_add_test(tc, prep_out_of_memory);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
