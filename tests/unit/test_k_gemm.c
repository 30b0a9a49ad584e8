/*
 * test_k_gemm.c - Gemm and MatMul: the ONNX backend test cases (numbers
 * decoded from /usr/share/libonnx-testdata/data/node/test_gemm_* and
 * test_matmul_*), hand-computed legacy / integer / vector cases, random
 * broadcast-batched MatMuls against a naive reference, and prep refusals.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "h_kernel.h"
#include "testutil.h"

/* test_gemm_all_attributes (opset 13): alpha=0.25, beta=0.3499999940395355, transA=1, transB=1 */
static const int64_t gall_in0_dims[] = { 4, 3 };
static const float gall_in0[] = {
	0.548813522f, 0.715189338f, 0.602763355f, 0.544883192f, 0.423654795f, 0.64589411f,
	0.437587202f, 0.891772985f, 0.963662744f, 0.383441508f, 0.791725039f, 0.528894901f
};
static const int64_t gall_in1_dims[] = { 5, 4 };
static const float gall_in1[] = {
	0.568044543f, 0.925596654f, 0.0710360557f, 0.0871293023f, 0.0202183966f, 0.832619846f,
	0.778156757f, 0.870012164f, 0.978618324f, 0.799158573f, 0.461479366f, 0.780529201f,
	0.118274428f, 0.63992101f, 0.143353283f, 0.944668889f, 0.521848321f, 0.414661944f,
	0.264555603f, 0.774233699f
};
static const int64_t gall_in2_dims[] = { 1, 5 };
static const float gall_in2[] = {
	0.456150323f, 0.56843394f, 0.0187897999f, 0.617635489f, 0.612095714f
};
static const int64_t gall_out0_dims[] = { 3, 5 };
static const float gall_out0[] = {
	0.379799128f, 0.483673602f, 0.375014365f, 0.425809324f, 0.44547832f, 0.392333448f,
	0.636440158f, 0.523567438f, 0.524035096f, 0.563682914f, 0.423345327f, 0.638951063f,
	0.497470319f, 0.496769249f, 0.525935829f
};
/* test_gemm_alpha (opset 13): alpha=0.5 */
static const int64_t galpha_in0_dims[] = { 3, 5 };
static const float galpha_in0[] = {
	0.548813522f, 0.715189338f, 0.602763355f, 0.544883192f, 0.423654795f, 0.64589411f,
	0.437587202f, 0.891772985f, 0.963662744f, 0.383441508f, 0.791725039f, 0.528894901f,
	0.568044543f, 0.925596654f, 0.0710360557f
};
static const int64_t galpha_in1_dims[] = { 5, 4 };
static const float galpha_in1[] = {
	0.0871293023f, 0.0202183966f, 0.832619846f, 0.778156757f, 0.870012164f, 0.978618324f,
	0.799158573f, 0.461479366f, 0.780529201f, 0.118274428f, 0.63992101f, 0.143353283f,
	0.944668889f, 0.521848321f, 0.414661944f, 0.264555603f, 0.774233699f, 0.456150323f,
	0.56843394f, 0.0187897999f
};
static const int64_t galpha_in2_dims[] = { 1, 4 };
static const float galpha_in2[] = {
	0, 0, 0, 0
};
static const int64_t galpha_out0_dims[] = { 3, 4 };
static const float galpha_out0[] = {
	0.991628766f, 0.629940867f, 0.940492928f, 0.497814238f, 1.17012644f, 0.612278223f,
	1.03785276f, 0.547265053f, 0.950941861f, 0.558101475f, 0.93478477f, 0.593898952f
};
/* test_gemm_beta (opset 13): beta=0.5 */
static const int64_t gbeta_in0_dims[] = { 2, 7 };
static const float gbeta_in0[] = {
	0.548813522f, 0.715189338f, 0.602763355f, 0.544883192f, 0.423654795f, 0.64589411f,
	0.437587202f, 0.891772985f, 0.963662744f, 0.383441508f, 0.791725039f, 0.528894901f,
	0.568044543f, 0.925596654f
};
static const int64_t gbeta_in1_dims[] = { 7, 4 };
static const float gbeta_in1[] = {
	0.0710360557f, 0.0871293023f, 0.0202183966f, 0.832619846f, 0.778156757f, 0.870012164f,
	0.978618324f, 0.799158573f, 0.461479366f, 0.780529201f, 0.118274428f, 0.63992101f,
	0.143353283f, 0.944668889f, 0.521848321f, 0.414661944f, 0.264555603f, 0.774233699f,
	0.456150323f, 0.56843394f, 0.0187897999f, 0.617635489f, 0.612095714f, 0.616934001f,
	0.943748057f, 0.681820273f, 0.359507889f, 0.437031955f
};
static const int64_t gbeta_in2_dims[] = { 1, 4 };
static const float gbeta_in2[] = {
	0.69763118f, 0.0602254719f, 0.666766703f, 0.670637846f
};
static const int64_t gbeta_out0_dims[] = { 2, 4 };
static const float gbeta_out0[] = {
	1.83779275f, 2.71065331f, 2.14593029f, 2.80601835f, 2.47661686f, 3.3848393f, 2.67469573f,
	3.47721958f
};
/* test_gemm_default_matrix_bias (opset 13):  */
static const int64_t gmat_in0_dims[] = { 3, 6 };
static const float gmat_in0[] = {
	0.548813522f, 0.715189338f, 0.602763355f, 0.544883192f, 0.423654795f, 0.64589411f,
	0.437587202f, 0.891772985f, 0.963662744f, 0.383441508f, 0.791725039f, 0.528894901f,
	0.568044543f, 0.925596654f, 0.0710360557f, 0.0871293023f, 0.0202183966f, 0.832619846f
};
static const int64_t gmat_in1_dims[] = { 6, 4 };
static const float gmat_in1[] = {
	0.778156757f, 0.870012164f, 0.978618324f, 0.799158573f, 0.461479366f, 0.780529201f,
	0.118274428f, 0.63992101f, 0.143353283f, 0.944668889f, 0.521848321f, 0.414661944f,
	0.264555603f, 0.774233699f, 0.456150323f, 0.56843394f, 0.0187897999f, 0.617635489f,
	0.612095714f, 0.616934001f, 0.943748057f, 0.681820273f, 0.359507889f, 0.437031955f
};
static const int64_t gmat_in2_dims[] = { 3, 4 };
static const float gmat_in2[] = {
	0.69763118f, 0.0602254719f, 0.666766703f, 0.670637846f, 0.210382566f, 0.128926292f,
	0.315428346f, 0.363710761f, 0.570196748f, 0.438601524f, 0.988373816f, 0.102044813f
};
static const int64_t gmat_out0_dims[] = { 3, 4 };
static const float gmat_out0[] = {
	2.30282092f, 2.78925252f, 2.34305525f, 2.67020798f, 1.71603453f, 3.26251149f, 2.20167923f,
	2.6212182f, 2.25876522f, 2.37001109f, 2.04227018f, 1.60364938f
};
/* test_gemm_default_no_bias (opset 13):  */
static const int64_t gnob_in0_dims[] = { 2, 10 };
static const float gnob_in0[] = {
	0.548813522f, 0.715189338f, 0.602763355f, 0.544883192f, 0.423654795f, 0.64589411f,
	0.437587202f, 0.891772985f, 0.963662744f, 0.383441508f, 0.791725039f, 0.528894901f,
	0.568044543f, 0.925596654f, 0.0710360557f, 0.0871293023f, 0.0202183966f, 0.832619846f,
	0.778156757f, 0.870012164f
};
static const int64_t gnob_in1_dims[] = { 10, 3 };
static const float gnob_in1[] = {
	0.978618324f, 0.799158573f, 0.461479366f, 0.780529201f, 0.118274428f, 0.63992101f,
	0.143353283f, 0.944668889f, 0.521848321f, 0.414661944f, 0.264555603f, 0.774233699f,
	0.456150323f, 0.56843394f, 0.0187897999f, 0.617635489f, 0.612095714f, 0.616934001f,
	0.943748057f, 0.681820273f, 0.359507889f, 0.437031955f, 0.69763118f, 0.0602254719f,
	0.666766703f, 0.670637846f, 0.210382566f, 0.128926292f, 0.315428346f, 0.363710761f
};
static const int64_t gnob_out0_dims[] = { 2, 3 };
static const float gnob_out0[] = {
	3.49451232f, 3.56061172f, 2.40700626f, 2.75305176f, 2.96139979f, 2.30952168f
};
/* test_gemm_default_scalar_bias (opset 13):  */
static const int64_t gscal_in0_dims[] = { 2, 3 };
static const float gscal_in0[] = {
	0.548813522f, 0.715189338f, 0.602763355f, 0.544883192f, 0.423654795f, 0.64589411f
};
static const int64_t gscal_in1_dims[] = { 3, 4 };
static const float gscal_in1[] = {
	0.437587202f, 0.891772985f, 0.963662744f, 0.383441508f, 0.791725039f, 0.528894901f,
	0.568044543f, 0.925596654f, 0.0710360557f, 0.0871293023f, 0.0202183966f, 0.832619846f
};
static const int64_t gscal_in2_dims[1] = { 1 };  /* rank 0 */
static const float gscal_in2[] = {
	3.1400001f
};
static const int64_t gscal_out0_dims[] = { 2, 4 };
static const float gscal_out0[] = {
	3.98920512f, 4.06019545f, 4.08731747f, 4.51428747f, 3.75973392f, 3.90625739f, 3.91879749f,
	4.27884865f
};
/* test_gemm_default_single_elem_vector_bias (opset 13):  */
static const int64_t gsev_in0_dims[] = { 3, 7 };
static const float gsev_in0[] = {
	0.548813522f, 0.715189338f, 0.602763355f, 0.544883192f, 0.423654795f, 0.64589411f,
	0.437587202f, 0.891772985f, 0.963662744f, 0.383441508f, 0.791725039f, 0.528894901f,
	0.568044543f, 0.925596654f, 0.0710360557f, 0.0871293023f, 0.0202183966f, 0.832619846f,
	0.778156757f, 0.870012164f, 0.978618324f
};
static const int64_t gsev_in1_dims[] = { 7, 3 };
static const float gsev_in1[] = {
	0.799158573f, 0.461479366f, 0.780529201f, 0.118274428f, 0.63992101f, 0.143353283f,
	0.944668889f, 0.521848321f, 0.414661944f, 0.264555603f, 0.774233699f, 0.456150323f,
	0.56843394f, 0.0187897999f, 0.617635489f, 0.612095714f, 0.616934001f, 0.943748057f,
	0.681820273f, 0.359507889f, 0.437031955f
};
static const int64_t gsev_in2_dims[] = { 1 };
static const float gsev_in2[] = {
	0.69763118f
};
static const int64_t gsev_out0_dims[] = { 3, 3 };
static const float gsev_out0[] = {
	2.8688972f, 2.70873046f, 2.78947759f, 3.37538648f, 3.2320559f, 3.31924486f, 2.64618254f,
	2.34454465f, 2.88312769f
};
/* test_gemm_default_vector_bias (opset 13):  */
static const int64_t gvec_in0_dims[] = { 2, 7 };
static const float gvec_in0[] = {
	0.548813522f, 0.715189338f, 0.602763355f, 0.544883192f, 0.423654795f, 0.64589411f,
	0.437587202f, 0.891772985f, 0.963662744f, 0.383441508f, 0.791725039f, 0.528894901f,
	0.568044543f, 0.925596654f
};
static const int64_t gvec_in1_dims[] = { 7, 4 };
static const float gvec_in1[] = {
	0.0710360557f, 0.0871293023f, 0.0202183966f, 0.832619846f, 0.778156757f, 0.870012164f,
	0.978618324f, 0.799158573f, 0.461479366f, 0.780529201f, 0.118274428f, 0.63992101f,
	0.143353283f, 0.944668889f, 0.521848321f, 0.414661944f, 0.264555603f, 0.774233699f,
	0.456150323f, 0.56843394f, 0.0187897999f, 0.617635489f, 0.612095714f, 0.616934001f,
	0.943748057f, 0.681820273f, 0.359507889f, 0.437031955f
};
static const int64_t gvec_in2_dims[] = { 1, 4 };
static const float gvec_in2[] = {
	0.69763118f, 0.0602254719f, 0.666766703f, 0.670637846f
};
static const int64_t gvec_out0_dims[] = { 2, 4 };
static const float gvec_out0[] = {
	2.18660831f, 2.74076605f, 2.47931361f, 3.14133739f, 2.8254323f, 3.41495204f, 3.00807905f,
	3.81253862f
};
/* test_gemm_transposeA (opset 13): transA=1 */
static const int64_t gta_in0_dims[] = { 6, 3 };
static const float gta_in0[] = {
	0.548813522f, 0.715189338f, 0.602763355f, 0.544883192f, 0.423654795f, 0.64589411f,
	0.437587202f, 0.891772985f, 0.963662744f, 0.383441508f, 0.791725039f, 0.528894901f,
	0.568044543f, 0.925596654f, 0.0710360557f, 0.0871293023f, 0.0202183966f, 0.832619846f
};
static const int64_t gta_in1_dims[] = { 6, 4 };
static const float gta_in1[] = {
	0.778156757f, 0.870012164f, 0.978618324f, 0.799158573f, 0.461479366f, 0.780529201f,
	0.118274428f, 0.63992101f, 0.143353283f, 0.944668889f, 0.521848321f, 0.414661944f,
	0.264555603f, 0.774233699f, 0.456150323f, 0.56843394f, 0.0187897999f, 0.617635489f,
	0.612095714f, 0.616934001f, 0.943748057f, 0.681820273f, 0.359507889f, 0.437031955f
};
static const int64_t gta_in2_dims[] = { 1, 4 };
static const float gta_in2[] = {
	0, 0, 0, 0
};
static const int64_t gta_out0_dims[] = { 3, 4 };
static const float gta_out0[] = {
	0.935588062f, 2.02327108f, 1.38380706f, 1.57520747f, 1.12580419f, 2.99377537f, 2.15034318f,
	2.24235129f, 1.83229566f, 2.95995259f, 1.75322366f, 2.00296688f
};
/* test_gemm_transposeB (opset 13): transB=1 */
static const int64_t gtb_in0_dims[] = { 3, 6 };
static const float gtb_in0[] = {
	0.548813522f, 0.715189338f, 0.602763355f, 0.544883192f, 0.423654795f, 0.64589411f,
	0.437587202f, 0.891772985f, 0.963662744f, 0.383441508f, 0.791725039f, 0.528894901f,
	0.568044543f, 0.925596654f, 0.0710360557f, 0.0871293023f, 0.0202183966f, 0.832619846f
};
static const int64_t gtb_in1_dims[] = { 4, 6 };
static const float gtb_in1[] = {
	0.778156757f, 0.870012164f, 0.978618324f, 0.799158573f, 0.461479366f, 0.780529201f,
	0.118274428f, 0.63992101f, 0.143353283f, 0.944668889f, 0.521848321f, 0.414661944f,
	0.264555603f, 0.774233699f, 0.456150323f, 0.56843394f, 0.0187897999f, 0.617635489f,
	0.612095714f, 0.616934001f, 0.943748057f, 0.681820273f, 0.359507889f, 0.437031955f
};
static const int64_t gtb_in2_dims[] = { 1, 4 };
static const float gtb_in2[] = {
	0, 0, 0, 0
};
static const int64_t gtb_out0_dims[] = { 3, 4 };
static const float gtb_out0[] = {
	2.77425694f, 1.61262882f, 1.69048369f, 2.1521039f, 3.14403629f, 1.75526202f, 1.80528367f,
	2.50467873f, 2.04566979f, 1.10779214f, 1.46347332f, 1.41632652f
};
/* test_matmul_3d (opset 13):  */
static const int64_t mm3_in0_dims[] = { 2, 3, 4 };
static const float mm3_in0[] = {
	2.26975465f, -1.45436573f, 0.0457585156f, -0.187183857f, 1.53277922f, 1.4693588f, 0.15494743f,
	0.378162533f, -0.887785733f, -1.98079646f, -0.347912163f, 0.156348974f, 1.23029065f,
	1.20237982f, -0.387326807f, -0.302302748f, -1.04855299f, -1.42001796f, -1.70627022f,
	1.95077538f, -0.509652197f, -0.438074291f, -1.25279534f, 0.777490377f
};
static const int64_t mm3_in1_dims[] = { 2, 4, 3 };
static const float mm3_in1[] = {
	-1.6138978f, -0.212740287f, -0.895466566f, 0.386902511f, -0.51080513f, -1.18063223f,
	-0.028182229f, 0.428331882f, 0.0665172189f, 0.302471906f, -0.634322107f, -0.362741172f,
	-0.672460437f, -0.359553158f, -0.813146293f, -1.7262826f, 0.177426144f, -0.401780933f,
	-1.63019836f, 0.462782264f, -0.907298386f, 0.0519453958f, 0.729090571f, 0.128982916f
};
static const int64_t mm3_out0_dims[] = { 2, 3, 3 };
static const float mm3_out0[] = {
	-4.28375673f, 0.398363918f, -0.244475216f, -1.79523349f, -1.25014782f, -3.23419333f,
	0.723516405f, 0.952471316f, 3.05371809f, -2.2872529f, -0.628675342f, -1.17107046f,
	6.03935528f, 0.757722557f, 3.22287607f, 3.18165302f, 0.0926106796f, 1.82737386f
};
/* test_matmul_4d (opset 13):  */
static const int64_t mm4_in0_dims[] = { 1, 2, 3, 4 };
static const float mm4_in0[] = {
	1.13940072f, -1.23482585f, 0.402341634f, -0.684810102f, -0.870797157f, -0.578849673f,
	-0.311552525f, 0.0561653413f, -1.16514981f, 0.900826514f, 0.46566245f, -1.53624368f,
	1.48825216f, 1.89588916f, 1.1787796f, -0.179924831f, -1.07075262f, 1.0544517f, -0.403176934f,
	1.22244501f, 0.208274975f, 0.976639032f, 0.356366396f, 0.706573188f
};
static const int64_t mm4_in1_dims[] = { 1, 2, 4, 3 };
static const float mm4_in1[] = {
	0.0105000203f, 1.78587055f, 0.126912087f, 0.401989371f, 1.8831507f, -1.34775901f,
	-1.27048504f, 0.96939671f, -1.17312336f, 1.94362116f, -0.413618982f, -0.747454822f,
	1.92294204f, 1.48051476f, 1.86755896f, 0.906044662f, -0.861225665f, 1.91006494f,
	-0.268003374f, 0.802456379f, 0.947251976f, -0.155010089f, 0.614079356f, 0.9222067f
};
static const int64_t mm4_out0_dims[] = { 1, 2, 3, 3 };
static const float mm4_out0[] = {
	-2.32660365f, 0.382738173f, 1.8487196f, 0.263152152f, -2.9704411f, 0.993143737f, -3.22760439f,
	0.702416539f, -0.759975433f, 4.29155588f, 1.40602195f, 7.35134363f, -1.18505347f,
	-2.06623936f, 0.759814441f, 1.08034599f, 0.18710804f, 3.24358511f
};

static int64_t numel(int rank, const int64_t *d)
{
	int64_t n = 1;
	int i;

	for (i = 0; i < rank; i++)
		n *= d[i];
	return n;
}

/* gemm_case: run Gemm-opset on float A, B and optional C (crank < 0: none). */
static hk *gemm_case(int opset, const int64_t *ad, const float *a, const int64_t *bd,
		     const float *b, int crank, const int64_t *cd, const float *c)
{
	hk *h = hk_new("Gemm", opset, crank >= 0 ? 3 : 2, 1);

	hk_input(h, 0, IR_FLOAT, 2, ad, a, 0);
	hk_input(h, 1, IR_FLOAT, 2, bd, b, 1);
	if (crank >= 0)
		hk_input(h, 2, IR_FLOAT, crank, cd, c, 1);
	return h;
}

static void check(hk *h, int rank, const int64_t *yd, const float *y)
{
	ck_assert_msg(hk_run(h) == 0, "%s", h->err.msg);
	hk_assert_dims(h, 0, rank, yd);
	hk_assert_close(h, 0, y, numel(rank, yd), 1e-5f);
	hk_free(h);
}

/* ---- ONNX backend test cases ---- */

START_TEST(onnx_gemm)
{
	hk *h = gemm_case(13, gall_in0_dims, gall_in0, gall_in1_dims, gall_in1, 2, gall_in2_dims,
			  gall_in2);

	hk_attr_float(h, "alpha", 0.25f);
	hk_attr_float(h, "beta", 0.35f);
	hk_attr_int(h, "transA", 1);
	hk_attr_int(h, "transB", 1);
	check(h, 2, gall_out0_dims, gall_out0);

	h = gemm_case(13, galpha_in0_dims, galpha_in0, galpha_in1_dims, galpha_in1, 2,
		      galpha_in2_dims, galpha_in2);
	hk_attr_float(h, "alpha", 0.5f);
	check(h, 2, galpha_out0_dims, galpha_out0);

	h = gemm_case(13, gbeta_in0_dims, gbeta_in0, gbeta_in1_dims, gbeta_in1, 2, gbeta_in2_dims,
		      gbeta_in2);
	hk_attr_float(h, "beta", 0.5f);
	check(h, 2, gbeta_out0_dims, gbeta_out0);

	h = gemm_case(13, gmat_in0_dims, gmat_in0, gmat_in1_dims, gmat_in1, 2, gmat_in2_dims,
		      gmat_in2);
	check(h, 2, gmat_out0_dims, gmat_out0);

	h = gemm_case(13, gnob_in0_dims, gnob_in0, gnob_in1_dims, gnob_in1, -1, NULL, NULL);
	check(h, 2, gnob_out0_dims, gnob_out0);

	h = gemm_case(13, gscal_in0_dims, gscal_in0, gscal_in1_dims, gscal_in1, 0, gscal_in2_dims,
		      gscal_in2);
	check(h, 2, gscal_out0_dims, gscal_out0);

	h = gemm_case(13, gsev_in0_dims, gsev_in0, gsev_in1_dims, gsev_in1, 1, gsev_in2_dims,
		      gsev_in2);
	check(h, 2, gsev_out0_dims, gsev_out0);

	h = gemm_case(13, gvec_in0_dims, gvec_in0, gvec_in1_dims, gvec_in1, 2, gvec_in2_dims,
		      gvec_in2);
	check(h, 2, gvec_out0_dims, gvec_out0);

	h = gemm_case(13, gta_in0_dims, gta_in0, gta_in1_dims, gta_in1, 2, gta_in2_dims, gta_in2);
	hk_attr_int(h, "transA", 1);
	check(h, 2, gta_out0_dims, gta_out0);

	h = gemm_case(13, gtb_in0_dims, gtb_in0, gtb_in1_dims, gtb_in1, 2, gtb_in2_dims, gtb_in2);
	hk_attr_int(h, "transB", 1);
	check(h, 2, gtb_out0_dims, gtb_out0);
}
END_TEST

START_TEST(onnx_matmul)
{
	hk *h = hk_new("MatMul", 13, 2, 1);

	hk_input(h, 0, IR_FLOAT, 3, mm3_in0_dims, mm3_in0, 0);
	hk_input(h, 1, IR_FLOAT, 3, mm3_in1_dims, mm3_in1, 0);
	check(h, 3, mm3_out0_dims, mm3_out0);
	h = hk_new("MatMul", 13, 2, 1);
	hk_input(h, 0, IR_FLOAT, 4, mm4_in0_dims, mm4_in0, 0);
	hk_input(h, 1, IR_FLOAT, 4, mm4_in1_dims, mm4_in1, 0);
	check(h, 4, mm4_out0_dims, mm4_out0);
}
END_TEST

/* ---- hand-computed ---- */

/* A = [[1,2],[3,4]], B = [[5,6],[7,8]]: AB = [[19,22],[43,50]] */
static const int64_t d22[2] = { 2, 2 };
static const float A22[4] = { 1, 2, 3, 4 }, B22[4] = { 5, 6, 7, 8 };

/* Gemm-6 with the legacy broadcast attribute (PyTorch's Linear export):
 * Y = 2*A*B^T + 0.5*[10, 20] */
START_TEST(hand_gemm_legacy_broadcast)
{
	static const int64_t cd[1] = { 2 };
	static const float c[2] = { 10, 20 };
	/* A*B^T = [[17,23],[39,53]] */
	static const float y[4] = { 39, 56, 83, 116 };
	int opset;

	for (opset = 1; opset <= 6; opset += 5) {
		hk *h = gemm_case(opset, d22, A22, d22, B22, 1, cd, c);
		hk_attr_float(h, "alpha", 2.0f);
		hk_attr_float(h, "beta", 0.5f);
		hk_attr_int(h, "broadcast", 1);
		hk_attr_int(h, "transB", 1);
		check(h, 2, d22, y);
	}
}
END_TEST

/* Gemm-9+ integer types: int32 with a column C [2,1], int64 with transA;
 * uint64 wraps modulo 2^64 */
START_TEST(hand_gemm_integers)
{
	static const int32_t a[4] = { 1, 2, 3, 4 }, b[4] = { 5, 6, 7, 8 }, c[2] = { 100, -100 };
	static const int64_t cd[2] = { 2, 1 };
	static const int32_t y[4] = { 3 * 19 + 200, 3 * 22 + 200, 3 * 43 - 200, 3 * 50 - 200 };
	static const int64_t a64[4] = { 1, 2, 3, 4 }, b64[4] = { 5, 6, 7, 8 };
	/* A^T*B = [[26,30],[38,44]] */
	static const int64_t y64[4] = { 26, 30, 38, 44 };
	static const uint64_t au[1] = { UINT64_MAX }, bu[1] = { 3 };
	static const int64_t d11[2] = { 1, 1 };
	hk *h = hk_new("Gemm", 13, 3, 1);
	int i;

	hk_input(h, 0, IR_INT32, 2, d22, a, 0);
	hk_input(h, 1, IR_INT32, 2, d22, b, 0);
	hk_input(h, 2, IR_INT32, 2, cd, c, 0);
	hk_attr_float(h, "alpha", 3.0f);
	hk_attr_float(h, "beta", 2.0f);
	ck_assert_msg(hk_run(h) == 0, "%s", h->err.msg);
	ck_assert_int_eq(h->out[0].dtype, IR_INT32);
	for (i = 0; i < 4; i++)
		ck_assert_int_eq(((int32_t *)h->out[0].data)[i], y[i]);
	hk_free(h);

	h = hk_new("Gemm", 11, 2, 1);
	hk_input(h, 0, IR_INT64, 2, d22, a64, 0);
	hk_input(h, 1, IR_INT64, 2, d22, b64, 0);
	hk_attr_int(h, "transA", 1);
	ck_assert_msg(hk_run(h) == 0, "%s", h->err.msg);
	for (i = 0; i < 4; i++)
		ck_assert_int_eq(hk_outi64(h, 0)[i], y64[i]);
	hk_free(h);

	h = hk_new("Gemm", 13, 2, 1);
	hk_input(h, 0, IR_UINT64, 2, d11, au, 0);
	hk_input(h, 1, IR_UINT64, 2, d11, bu, 0);
	ck_assert_msg(hk_run(h) == 0, "%s", h->err.msg);
	ck_assert(((uint64_t *)h->out[0].data)[0] == UINT64_MAX - 2);
	hk_free(h);

	/* a fractional alpha has no integer meaning */
	h = hk_new("Gemm", 13, 2, 1);
	hk_input(h, 0, IR_INT32, 2, d22, a, 0);
	hk_input(h, 1, IR_INT32, 2, d22, b, 0);
	hk_attr_float(h, "alpha", 0.5f);
	ck_assert_int_eq(hk_prep(h), -1);
	ck_assert_int_eq(h->err.code, ONNXC_EUNSUPPORTED);
	hk_free(h);
}
END_TEST

START_TEST(hand_gemm_double_beta_zero)
{
	static const double a[4] = { 1, 2, 3, 4 }, b[4] = { 5, 6, 7, 8 };
	static const double c[4] = { NAN, NAN, NAN, NAN };
	static const double y[4] = { 19, 22, 43, 50 };
	hk *h = hk_new("Gemm", 13, 3, 1);
	int i;

	hk_input(h, 0, IR_DOUBLE, 2, d22, a, 0);
	hk_input(h, 1, IR_DOUBLE, 2, d22, b, 0);
	hk_input(h, 2, IR_DOUBLE, 2, d22, c, 0);
	hk_attr_float(h, "beta", 0.0f);
	ck_assert_msg(hk_run(h) == 0, "%s", h->err.msg);
	for (i = 0; i < 4; i++)
		ck_assert(((double *)h->out[0].data)[i] == y[i]);
	hk_free(h);
}
END_TEST

/* MatMul 1-D promotion: [2]x[2] -> scalar, [2]x[2,2] -> [2], [2,2]x[2] -> [2] */
START_TEST(hand_matmul_vectors)
{
	static const int64_t d2[1] = { 2 };
	static const float v[2] = { 1, -1 }, dot[1] = { 2 };
	static const float vB[2] = { -2, -2 }, Av[2] = { -1, -1 };
	hk *h = hk_new("MatMul", 13, 2, 1);

	hk_input(h, 0, IR_FLOAT, 1, d2, v, 0);
	hk_input(h, 1, IR_FLOAT, 1, d2, v, 0);
	check(h, 0, NULL, dot);
	h = hk_new("MatMul", 13, 2, 1);
	hk_input(h, 0, IR_FLOAT, 1, d2, v, 0);
	hk_input(h, 1, IR_FLOAT, 2, d22, B22, 0);
	check(h, 1, d2, vB);
	h = hk_new("MatMul", 1, 2, 1);
	hk_input(h, 0, IR_FLOAT, 2, d22, A22, 0);
	hk_input(h, 1, IR_FLOAT, 1, d2, v, 0);
	check(h, 1, d2, Av);
}
END_TEST

/* integer MatMul (opset 9+): int32 batched, and int64 with a 1-D B */
START_TEST(hand_matmul_integers)
{
	static const int64_t ad[3] = { 2, 2, 2 }, bd[1] = { 2 }, yd[2] = { 2, 2 };
	static const int32_t a[8] = { 1, 2, 3, 4, -1, 0, 0, -1 }, b[8] = { 5, 6, 7, 8, 1, 1, 1, 1 };
	static const int32_t y[8] = { 19, 22, 43, 50, -1, -1, -1, -1 };
	static const int64_t a64[8] = { 1, 2, 3, 4, 5, 6, 7, 8 }, b64[2] = { 1, 10 };
	static const int64_t y64[4] = { 21, 43, 65, 87 };
	hk *h = hk_new("MatMul", 9, 2, 1);
	int i;

	hk_input(h, 0, IR_INT32, 3, ad, a, 0);
	hk_input(h, 1, IR_INT32, 3, ad, b, 0);
	ck_assert_msg(hk_run(h) == 0, "%s", h->err.msg);
	hk_assert_dims(h, 0, 3, ad);
	for (i = 0; i < 8; i++)
		ck_assert_int_eq(((int32_t *)h->out[0].data)[i], y[i]);
	hk_free(h);
	h = hk_new("MatMul", 13, 2, 1);
	hk_input(h, 0, IR_INT64, 3, ad, a64, 0);
	hk_input(h, 1, IR_INT64, 1, bd, b64, 0);
	ck_assert_msg(hk_run(h) == 0, "%s", h->err.msg);
	hk_assert_dims(h, 0, 2, yd);
	for (i = 0; i < 4; i++)
		ck_assert_int_eq(hk_outi64(h, 0)[i], y64[i]);
	hk_free(h);
	/* MatMul-1 has no integer types */
	h = hk_new("MatMul", 1, 2, 1);
	hk_input(h, 0, IR_INT32, 3, ad, a, 0);
	hk_input(h, 1, IR_INT32, 3, ad, b, 0);
	ck_assert_int_eq(hk_prep(h), -1);
	ck_assert_int_eq(h->err.code, ONNXC_EUNSUPPORTED);
	hk_free(h);
}
END_TEST

/* ---- random broadcast-batched MatMul against a naive reference ---- */

static uint32_t rng_state = 99;
static double rnd(void)
{
	rng_state = rng_state * 1664525u + 1013904223u;
	return (double)(rng_state >> 8) / (double)(1u << 23) - 1.0;
}

typedef struct mcfg {
	int ra, rb, ry;
	int64_t ad[4], bd[4], yd[4];
	int dbl;
} mcfg;

static const mcfg mcfgs[] = {
	{ 3, 2, 3, { 4, 3, 5 }, { 5, 6 }, { 4, 3, 6 }, 0 },            /* folded */
	{ 2, 3, 3, { 3, 5 }, { 4, 5, 6 }, { 4, 3, 6 }, 0 },            /* A broadcast */
	{ 4, 3, 4, { 2, 1, 3, 4 }, { 5, 4, 2 }, { 2, 5, 3, 2 }, 0 },
	{ 4, 4, 4, { 1, 3, 2, 4 }, { 2, 1, 4, 3 }, { 2, 3, 2, 3 }, 1 },
	{ 3, 1, 2, { 3, 4, 5 }, { 5 }, { 3, 4 }, 0 },
	{ 1, 3, 2, { 5 }, { 3, 5, 4 }, { 3, 4 }, 1 },
	{ 3, 3, 3, { 2, 0, 4 }, { 2, 4, 3 }, { 2, 0, 3 }, 0 },         /* empty */
	{ 2, 2, 2, { 3, 0 }, { 0, 4 }, { 3, 4 }, 0 },                  /* K = 0: zeros */
	{ 3, 3, 3, { 3, 70, 90 }, { 1, 90, 80 }, { 3, 70, 80 }, 0 },
};

START_TEST(random_matmul)
{
	size_t ci;

	for (ci = 0; ci < sizeof mcfgs / sizeof mcfgs[0]; ci++) {
		const mcfg *c = &mcfgs[ci];
		int64_t na = numel(c->ra, c->ad), nb = numel(c->rb, c->bd), ny = numel(c->ry, c->yd);
		int64_t M = c->ra >= 2 ? c->ad[c->ra - 2] : 1, K = c->ad[c->ra - 1];
		int64_t N = c->rb >= 2 ? c->bd[c->rb - 1] : 1, i, j, k, bi;
		int64_t batch = ny / (M * N > 0 ? M * N : 1);
		double *a = malloc(sizeof *a * (size_t)(na + 1)), *b = malloc(sizeof *b * (size_t)(nb + 1));
		double *y = calloc((size_t)ny + 1, sizeof *y);
		float *af = malloc(sizeof *af * (size_t)(na + 1)), *bf = malloc(sizeof *bf * (size_t)(nb + 1));
		hk *h = hk_new("MatMul", 13, 2, 1);

		for (i = 0; i < na; i++)
			af[i] = (float)(a[i] = rnd());
		for (i = 0; i < nb; i++)
			bf[i] = (float)(b[i] = rnd());
		/* reference: batch index bi of Y (rank-4 padded) maps to A/B by broadcasting */
		for (bi = 0; ny && bi < batch; bi++) {
			int64_t ab = 0, bb = 0, rem = bi, am = 1, bm = 1;
			int yb = c->ry - (c->ra >= 2) - (c->rb >= 2), d;
			for (d = yb - 1; d >= 0; d--) {
				int64_t idx = rem % c->yd[d], da, db;
				int pa = d - (yb - (c->ra - 2)), pb = d - (yb - (c->rb - 2));
				rem /= c->yd[d];
				da = pa >= 0 && c->ra > 2 ? c->ad[pa] : 1;
				db = pb >= 0 && c->rb > 2 ? c->bd[pb] : 1;
				ab += (da == 1 ? 0 : idx) * am;
				bb += (db == 1 ? 0 : idx) * bm;
				am *= da;
				bm *= db;
			}
			for (i = 0; i < M; i++)
				for (j = 0; j < N; j++) {
					double acc = 0;
					for (k = 0; k < K; k++)
						acc += a[ab * M * K + i * K + k] * b[bb * K * N + k * N + j];
					y[bi * M * N + i * N + j] = acc;
				}
		}
		if (c->dbl) {
			hk_input(h, 0, IR_DOUBLE, c->ra, c->ad, a, 0);
			hk_input(h, 1, IR_DOUBLE, c->rb, c->bd, b, 0);
		} else {
			hk_input(h, 0, IR_FLOAT, c->ra, c->ad, af, 0);
			hk_input(h, 1, IR_FLOAT, c->rb, c->bd, bf, 0);
		}
		ck_assert_msg(hk_run(h) == 0, "case %d: %s", (int)ci, h->err.msg);
		hk_assert_dims(h, 0, c->ry, c->yd);
		for (i = 0; i < ny; i++) {
			double got = c->dbl ? ((double *)h->out[0].data)[i] : hk_outf(h, 0)[i];
			ck_assert_msg(fabs(got - y[i]) <= (c->dbl ? 1e-12 : 1e-4),
				      "case %d element %lld: got %.9g expected %.9g", (int)ci,
				      (long long)i, got, y[i]);
		}
		hk_free(h);
		free(a);
		free(b);
		free(y);
		free(af);
		free(bf);
	}
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
	static const int64_t d23[2] = { 2, 3 }, d3[1] = { 3 }, d233[3] = { 2, 3, 3 };
	static const int64_t d333[3] = { 3, 3, 3 }, c32[2] = { 3, 2 };
	static float buf[64];
	hk *h;

	h = gemm_case(13, d23, buf, d23, buf, -1, NULL, NULL);
	expect_refusal(h, ONNXC_EINVAL, "inner dims");
	h = gemm_case(13, d23, buf, d23, buf, 2, c32, buf);
	hk_attr_int(h, "transB", 1);
	expect_refusal(h, ONNXC_EINVAL, "broadcast");
	h = hk_new("Gemm", 13, 2, 1);
	hk_input(h, 0, IR_FLOAT, 3, d233, buf, 0);
	hk_input(h, 1, IR_FLOAT, 2, d23, buf, 0);
	expect_refusal(h, ONNXC_EINVAL, "2-D");
	h = hk_new("Gemm", 13, 2, 1);
	hk_input(h, 0, IR_FLOAT, 2, d23, buf, 0);
	hk_input(h, 1, IR_DOUBLE, 2, c32, NULL, 0);
	expect_refusal(h, ONNXC_EINVAL, "type");
	h = hk_new("MatMul", 13, 2, 1);
	hk_input(h, 0, IR_FLOAT, 2, d23, buf, 0);
	hk_input(h, 1, IR_FLOAT, 2, d23, buf, 0);
	expect_refusal(h, ONNXC_EINVAL, "inner dims");
	h = hk_new("MatMul", 13, 2, 1);
	hk_input(h, 0, IR_FLOAT, 3, d233, buf, 0);
	hk_input(h, 1, IR_FLOAT, 3, d333, buf, 0);
	expect_refusal(h, ONNXC_EINVAL, "broadcast");
	h = hk_new("MatMul", 13, 2, 1);
	hk_input(h, 0, IR_FLOAT, 0, d3, buf, 0);
	hk_input(h, 1, IR_FLOAT, 1, d3, buf, 0);
	expect_refusal(h, ONNXC_EINVAL, "rank");
	h = hk_new("MatMul", 13, 2, 1);
	hk_input(h, 0, IR_FLOAT16, 1, d3, buf, 0);
	hk_input(h, 1, IR_FLOAT16, 1, d3, buf, 0);
	expect_refusal(h, ONNXC_EUNSUPPORTED, "float16");
}
END_TEST

/* prep reports a failed allocation of its params as ENOMEM */
START_TEST(prep_out_of_memory)
{
	hk *h = gemm_case(13, d22, A22, d22, B22, -1, NULL, NULL);

	onnxc_alloc_fail_after(0);
	ck_assert_int_eq(hk_prep(h), -1);
	onnxc_alloc_fail_after(-1);
	ck_assert_int_eq(h->err.code, ONNXC_ENOMEM);
	hk_free(h);
	h = hk_new("MatMul", 13, 2, 1);
	hk_input(h, 0, IR_FLOAT, 2, d22, A22, 0);
	hk_input(h, 1, IR_FLOAT, 2, d22, B22, 0);
	onnxc_alloc_fail_after(0);
	ck_assert_int_eq(hk_prep(h), -1);
	onnxc_alloc_fail_after(-1);
	ck_assert_int_eq(h->err.code, ONNXC_ENOMEM);
	hk_free(h);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("k_gemm");
	TCase *tc = tcase_create("gemm");

	tcase_add_test(tc, onnx_gemm);
	tcase_add_test(tc, onnx_matmul);
	tcase_add_test(tc, hand_gemm_legacy_broadcast);
	tcase_add_test(tc, hand_gemm_integers);
	tcase_add_test(tc, hand_gemm_double_beta_zero);
	tcase_add_test(tc, hand_matmul_vectors);
	tcase_add_test(tc, hand_matmul_integers);
	tcase_add_test(tc, random_matmul);
	tcase_add_test(tc, refusals);
	tcase_add_test(tc, prep_out_of_memory);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
