/*
 * test_k_resize.c - Resize and Upsample.
 *
 * The table cases are the ONNX 1.12 backend test data
 * (/usr/share/libonnx-testdata/data/node/test_resize_*, test_upsample_nearest:
 * inputs, attributes and expected outputs decoded with onnx.numpy_helper) and,
 * for the "ref_" cases, outputs of the ONNX reference interpolate_nd
 * (onnx/backend/test/case/node/resize.py) on small random integer inputs.
 */
#include <math.h>
#include <string.h>

#include "h_kernel.h"
#include "testutil.h"

typedef struct rz_case {
	const char *name, *op;
	int opset, n_in;
	const char *mode, *ctm, *nearest;
	float cubic_a;
	int exclude;
	float extrap;
	int rank;
	int64_t xdims[RT_MAXRANK];
	float x[64];
	int nroi;
	float roi[16];
	int nscales;
	float scales[8];
	int nsizes;
	int64_t sizes[8];
	int64_t ydims[RT_MAXRANK];
	float y[192];
} rz_case;

static const rz_case cases[] = {
	{ "test_resize_downsample_scales_cubic", "Resize", 13, 3, "cubic", NULL, NULL, -0.75f, 0, 0.0f,
	  4, { 1, 1, 4, 4 }, { 1.0f, 2.0f, 3.0f, 4.0f, 5.0f, 6.0f, 7.0f, 8.0f, 9.0f, 10.0f,
	    11.0f, 12.0f, 13.0f, 14.0f, 15.0f, 16.0f },
	  0, { 0.0f }, 4, { 1.0f, 1.0f, 0.800000012f, 0.800000012f }, 0, { 0 },
	  { 1, 1, 3, 3 }, { 1.47119141f, 2.78125f, 4.08251953f, 6.71142578f, 8.02148438f,
	    9.32275391f, 11.9165039f, 13.2265625f, 14.527832f } },
	{ "test_resize_downsample_scales_cubic_A_n0p5_exclude_outside", "Resize", 13, 3,
	    "cubic", NULL, NULL, -0.5f, 1, 0.0f,
	  4, { 1, 1, 4, 4 }, { 1.0f, 2.0f, 3.0f, 4.0f, 5.0f, 6.0f, 7.0f, 8.0f, 9.0f, 10.0f,
	    11.0f, 12.0f, 13.0f, 14.0f, 15.0f, 16.0f },
	  0, { 0.0f }, 4, { 1.0f, 1.0f, 0.800000012f, 0.800000012f }, 0, { 0 },
	  { 1, 1, 3, 3 }, { 1.36812675f, 2.6695013f, 4.01333666f, 6.57362509f, 7.875f,
	    9.21883488f, 11.948966f, 13.2503414f, 14.5941763f } },
	{ "test_resize_downsample_scales_cubic_align_corners", "Resize", 13, 3, "cubic",
	    "align_corners", NULL, -0.75f, 0, 0.0f,
	  4, { 1, 1, 4, 4 }, { 1.0f, 2.0f, 3.0f, 4.0f, 5.0f, 6.0f, 7.0f, 8.0f, 9.0f, 10.0f,
	    11.0f, 12.0f, 13.0f, 14.0f, 15.0f, 16.0f },
	  0, { 0.0f }, 4, { 1.0f, 1.0f, 0.800000012f, 0.800000012f }, 0, { 0 },
	  { 1, 1, 3, 3 }, { 1.0f, 2.39519167f, 3.7903831f, 6.5807662f, 7.97595787f,
	    9.37114906f, 12.1615324f, 13.5567236f, 14.9519157f } },
	{ "test_resize_downsample_scales_linear", "Resize", 13, 3, "linear", NULL, NULL, -0.75f, 0, 0.0f,
	  4, { 1, 1, 2, 4 }, { 1.0f, 2.0f, 3.0f, 4.0f, 5.0f, 6.0f, 7.0f, 8.0f },
	  0, { 0.0f }, 4, { 1.0f, 1.0f, 0.600000024f, 0.600000024f }, 0, { 0 },
	  { 1, 1, 1, 2 }, { 2.66666651f, 4.33333302f } },
	{ "test_resize_downsample_scales_linear_align_corners", "Resize", 13, 3, "linear",
	    "align_corners", NULL, -0.75f, 0, 0.0f,
	  4, { 1, 1, 2, 4 }, { 1.0f, 2.0f, 3.0f, 4.0f, 5.0f, 6.0f, 7.0f, 8.0f },
	  0, { 0.0f }, 4, { 1.0f, 1.0f, 0.600000024f, 0.600000024f }, 0, { 0 },
	  { 1, 1, 1, 2 }, { 1.0f, 3.14285707f } },
	{ "test_resize_downsample_scales_nearest", "Resize", 13, 3, "nearest", NULL, NULL, -0.75f, 0, 0.0f,
	  4, { 1, 1, 2, 4 }, { 1.0f, 2.0f, 3.0f, 4.0f, 5.0f, 6.0f, 7.0f, 8.0f },
	  0, { 0.0f }, 4, { 1.0f, 1.0f, 0.600000024f, 0.600000024f }, 0, { 0 },
	  { 1, 1, 1, 2 }, { 1.0f, 3.0f } },
	{ "test_resize_downsample_sizes_cubic", "Resize", 13, 4, "cubic", NULL, NULL, -0.75f, 0, 0.0f,
	  4, { 1, 1, 4, 4 }, { 1.0f, 2.0f, 3.0f, 4.0f, 5.0f, 6.0f, 7.0f, 8.0f, 9.0f, 10.0f,
	    11.0f, 12.0f, 13.0f, 14.0f, 15.0f, 16.0f },
	  0, { 0.0f }, 0, { 0.0f }, 4, { 1, 1, 3, 3 },
	  { 1, 1, 3, 3 }, { 1.63078701f, 3.00462961f, 4.37847233f, 7.12615728f, 8.5f,
	    9.87384224f, 12.6215277f, 13.9953699f, 15.3692131f } },
	{ "test_resize_downsample_sizes_linear_pytorch_half_pixel", "Resize", 13, 4, "linear",
	    "pytorch_half_pixel", NULL, -0.75f, 0, 0.0f,
	  4, { 1, 1, 4, 4 }, { 1.0f, 2.0f, 3.0f, 4.0f, 5.0f, 6.0f, 7.0f, 8.0f, 9.0f, 10.0f,
	    11.0f, 12.0f, 13.0f, 14.0f, 15.0f, 16.0f },
	  0, { 0.0f }, 0, { 0.0f }, 4, { 1, 1, 3, 1 },
	  { 1, 1, 3, 1 }, { 1.66666663f, 7.0f, 12.333333f } },
	{ "test_resize_downsample_sizes_nearest", "Resize", 13, 4, "nearest", NULL, NULL, -0.75f, 0, 0.0f,
	  4, { 1, 1, 2, 4 }, { 1.0f, 2.0f, 3.0f, 4.0f, 5.0f, 6.0f, 7.0f, 8.0f },
	  0, { 0.0f }, 0, { 0.0f }, 4, { 1, 1, 1, 3 },
	  { 1, 1, 1, 3 }, { 1.0f, 2.0f, 4.0f } },
	{ "test_resize_downsample_sizes_nearest_tf_half_pixel_for_nn", "Resize", 11, 4,
	    "nearest", "tf_half_pixel_for_nn", NULL, -0.75f, 0, 0.0f,
	  4, { 1, 1, 4, 4 }, { 1.0f, 2.0f, 3.0f, 4.0f, 5.0f, 6.0f, 7.0f, 8.0f, 9.0f, 10.0f,
	    11.0f, 12.0f, 13.0f, 14.0f, 15.0f, 16.0f },
	  0, { 0.0f }, 0, { 0.0f }, 4, { 1, 1, 3, 2 },
	  { 1, 1, 3, 2 }, { 6.0f, 8.0f, 10.0f, 12.0f, 14.0f, 16.0f } },
	{ "test_resize_tf_crop_and_resize", "Resize", 13, 4, "linear", "tf_crop_and_resize",
	    NULL, -0.75f, 0, 10.0f,
	  4, { 1, 1, 4, 4 }, { 1.0f, 2.0f, 3.0f, 4.0f, 5.0f, 6.0f, 7.0f, 8.0f, 9.0f, 10.0f,
	    11.0f, 12.0f, 13.0f, 14.0f, 15.0f, 16.0f },
	  8, { 0.0f, 0.0f, 0.400000006f, 0.600000024f, 1.0f, 1.0f, 1.20000005f, 1.70000005f },
	    0, { 0.0f }, 4, { 1, 1, 3, 3 },
	  { 1, 1, 3, 3 }, { 7.60000038f, 10.0f, 10.0f, 12.4000006f, 10.0f, 10.0f, 10.0f, 10.0f, 10.0f } },
	{ "test_resize_upsample_scales_cubic", "Resize", 13, 3, "cubic", NULL, NULL, -0.75f, 0, 0.0f,
	  4, { 1, 1, 4, 4 }, { 1.0f, 2.0f, 3.0f, 4.0f, 5.0f, 6.0f, 7.0f, 8.0f, 9.0f, 10.0f,
	    11.0f, 12.0f, 13.0f, 14.0f, 15.0f, 16.0f },
	  0, { 0.0f }, 4, { 1.0f, 1.0f, 2.0f, 2.0f }, 0, { 0 },
	  { 1, 1, 8, 8 }, { 0.47265625f, 0.76953125f, 1.24609375f, 1.875f, 2.28125f,
	    2.91015625f, 3.38671875f, 3.68359375f, 1.66015625f, 1.95703125f, 2.43359375f,
	    3.0625f, 3.46875f, 4.09765625f, 4.57421875f, 4.87109375f, 3.56640625f, 3.86328125f,
	    4.33984375f, 4.96875f, 5.375f, 6.00390625f, 6.48046875f, 6.77734375f, 6.08203125f,
	    6.37890625f, 6.85546875f, 7.484375f, 7.890625f, 8.51953125f, 8.99609375f,
	    9.29296875f, 7.70703125f, 8.00390625f, 8.48046875f, 9.109375f, 9.515625f,
	    10.1445312f, 10.6210938f, 10.9179688f, 10.2226562f, 10.5195312f, 10.9960938f,
	    11.625f, 12.03125f, 12.6601562f, 13.1367188f, 13.4335938f, 12.1289062f,
	    12.4257812f, 12.9023438f, 13.53125f, 13.9375f, 14.5664062f, 15.0429688f,
	    15.3398438f, 13.3164062f, 13.6132812f, 14.0898438f, 14.71875f, 15.125f,
	    15.7539062f, 16.2304688f, 16.5273438f } },
	{ "test_resize_upsample_scales_cubic_A_n0p5_exclude_outside", "Resize", 13, 3, "cubic",
	    NULL, NULL, -0.5f, 1, 0.0f,
	  4, { 1, 1, 4, 4 }, { 1.0f, 2.0f, 3.0f, 4.0f, 5.0f, 6.0f, 7.0f, 8.0f, 9.0f, 10.0f,
	    11.0f, 12.0f, 13.0f, 14.0f, 15.0f, 16.0f },
	  0, { 0.0f }, 4, { 1.0f, 1.0f, 2.0f, 2.0f }, 0, { 0 },
	  { 1, 1, 8, 8 }, { 0.558823526f, 0.814942062f, 1.35698247f, 1.89705884f, 2.39705873f,
	    2.93713522f, 3.47917557f, 3.7352941f, 1.58329761f, 1.83941603f, 2.38145661f,
	    2.92153287f, 3.42153287f, 3.96160913f, 4.50364971f, 4.75976801f, 3.75145936f,
	    4.0075779f, 4.54961824f, 5.0896945f, 5.5896945f, 6.12977076f, 6.67181158f,
	    6.92792988f, 5.91176462f, 6.1678834f, 6.70992374f, 7.25f, 7.75f, 8.29007626f,
	    8.83211708f, 9.0882349f, 7.91176462f, 8.16788292f, 8.70992374f, 9.25f, 9.75f,
	    10.2900763f, 10.8321171f, 11.0882349f, 10.0720701f, 10.3281889f, 10.8702288f,
	    11.410305f, 11.910305f, 12.4503813f, 12.9924221f, 13.2485409f, 12.2402315f,
	    12.4963503f, 13.0383911f, 13.5784674f, 14.0784674f, 14.6185436f, 15.1605835f,
	    15.4167023f, 13.2647057f, 13.5208244f, 14.0628653f, 14.6029415f, 15.1029415f,
	    15.6430178f, 16.1850586f, 16.4411774f } },
	{ "test_resize_upsample_scales_cubic_align_corners", "Resize", 13, 3, "cubic",
	    "align_corners", NULL, -0.75f, 0, 0.0f,
	  4, { 1, 1, 4, 4 }, { 1.0f, 2.0f, 3.0f, 4.0f, 5.0f, 6.0f, 7.0f, 8.0f, 9.0f, 10.0f,
	    11.0f, 12.0f, 13.0f, 14.0f, 15.0f, 16.0f },
	  0, { 0.0f }, 4, { 1.0f, 1.0f, 2.0f, 2.0f }, 0, { 0 },
	  { 1, 1, 8, 8 }, { 1.0f, 1.34110785f, 1.80029154f, 2.32944608f, 2.67055392f,
	    3.19970846f, 3.65889215f, 4.0f, 2.36443138f, 2.70553946f, 3.16472292f, 3.69387746f,
	    4.03498554f, 4.56413984f, 5.02332354f, 5.36443138f, 4.20116615f, 4.542274f,
	    5.00145769f, 5.53061247f, 5.87172031f, 6.40087461f, 6.86005831f, 7.20116615f,
	    6.31778431f, 6.65889215f, 7.11807585f, 7.64723015f, 7.98833799f, 8.51749229f,
	    8.97667599f, 9.31778431f, 7.68221569f, 8.02332401f, 8.48250771f, 9.01166153f,
	    9.35276985f, 9.88192463f, 10.3411083f, 10.6822157f, 9.79883385f, 10.1399412f,
	    10.5991249f, 11.1282797f, 11.469388f, 11.9985418f, 12.4577255f, 12.7988338f,
	    11.6355686f, 11.976676f, 12.4358597f, 12.9650145f, 13.3061228f, 13.8352766f,
	    14.2944603f, 14.6355686f, 13.0f, 13.3411083f, 13.800292f, 14.3294458f, 14.6705542f,
	    15.199708f, 15.6588917f, 16.0f } },
	{ "test_resize_upsample_scales_cubic_asymmetric", "Resize", 13, 3, "cubic",
	    "asymmetric", NULL, -0.75f, 0, 0.0f,
	  4, { 1, 1, 4, 4 }, { 1.0f, 2.0f, 3.0f, 4.0f, 5.0f, 6.0f, 7.0f, 8.0f, 9.0f, 10.0f,
	    11.0f, 12.0f, 13.0f, 14.0f, 15.0f, 16.0f },
	  0, { 0.0f }, 4, { 1.0f, 1.0f, 2.0f, 2.0f }, 0, { 0 },
	  { 1, 1, 8, 8 }, { 1.0f, 1.40625f, 2.0f, 2.5f, 3.0f, 3.59375f, 4.0f, 4.09375f, 2.625f,
	    3.03125f, 3.625f, 4.125f, 4.625f, 5.21875f, 5.625f, 5.71875f, 5.0f, 5.40625f, 6.0f,
	    6.5f, 7.0f, 7.59375f, 8.0f, 8.09375f, 7.0f, 7.40625f, 8.0f, 8.5f, 9.0f, 9.59375f,
	    10.0f, 10.09375f, 9.0f, 9.40625f, 10.0f, 10.5f, 11.0f, 11.59375f, 12.0f, 12.09375f,
	    11.375f, 11.78125f, 12.375f, 12.875f, 13.375f, 13.96875f, 14.375f, 14.46875f,
	    13.0f, 13.40625f, 14.0f, 14.5f, 15.0f, 15.59375f, 16.0f, 16.09375f, 13.375f,
	    13.78125f, 14.375f, 14.875f, 15.375f, 15.96875f, 16.375f, 16.46875f } },
	{ "test_resize_upsample_scales_linear", "Resize", 13, 3, "linear", NULL, NULL, -0.75f, 0, 0.0f,
	  4, { 1, 1, 2, 2 }, { 1.0f, 2.0f, 3.0f, 4.0f },
	  0, { 0.0f }, 4, { 1.0f, 1.0f, 2.0f, 2.0f }, 0, { 0 },
	  { 1, 1, 4, 4 }, { 1.0f, 1.25f, 1.75f, 2.0f, 1.5f, 1.75f, 2.25f, 2.5f, 2.5f, 2.75f,
	    3.25f, 3.5f, 3.0f, 3.25f, 3.75f, 4.0f } },
	{ "test_resize_upsample_scales_linear_align_corners", "Resize", 13, 3, "linear",
	    "align_corners", NULL, -0.75f, 0, 0.0f,
	  4, { 1, 1, 2, 2 }, { 1.0f, 2.0f, 3.0f, 4.0f },
	  0, { 0.0f }, 4, { 1.0f, 1.0f, 2.0f, 2.0f }, 0, { 0 },
	  { 1, 1, 4, 4 }, { 1.0f, 1.33333337f, 1.66666663f, 2.0f, 1.66666663f, 2.0f,
	    2.33333325f, 2.66666675f, 2.33333325f, 2.66666675f, 3.0f, 3.33333325f, 3.0f,
	    3.33333325f, 3.66666675f, 4.0f } },
	{ "test_resize_upsample_scales_nearest", "Resize", 13, 3, "nearest", NULL, NULL, -0.75f, 0, 0.0f,
	  4, { 1, 1, 2, 2 }, { 1.0f, 2.0f, 3.0f, 4.0f },
	  0, { 0.0f }, 4, { 1.0f, 1.0f, 2.0f, 3.0f }, 0, { 0 },
	  { 1, 1, 4, 6 }, { 1.0f, 1.0f, 1.0f, 2.0f, 2.0f, 2.0f, 1.0f, 1.0f, 1.0f, 2.0f, 2.0f,
	    2.0f, 3.0f, 3.0f, 3.0f, 4.0f, 4.0f, 4.0f, 3.0f, 3.0f, 3.0f, 4.0f, 4.0f, 4.0f } },
	{ "test_resize_upsample_sizes_cubic", "Resize", 13, 4, "cubic", NULL, NULL, -0.75f, 0, 0.0f,
	  4, { 1, 1, 4, 4 }, { 1.0f, 2.0f, 3.0f, 4.0f, 5.0f, 6.0f, 7.0f, 8.0f, 9.0f, 10.0f,
	    11.0f, 12.0f, 13.0f, 14.0f, 15.0f, 16.0f },
	  0, { 0.0f }, 0, { 0.0f }, 4, { 1, 1, 9, 10 },
	  { 1, 1, 9, 10 }, { 0.455079228f, 0.640579224f, 0.971579194f, 1.42257917f, 1.9073292f,
	    2.22332931f, 2.7080791f, 3.15907931f, 3.49007916f, 3.67557931f, 1.39437962f,
	    1.57987964f, 1.91087961f, 2.36187959f, 2.84662962f, 3.1626296f, 3.64737964f,
	    4.09837961f, 4.42937946f, 4.61487961f, 2.95130682f, 3.13680696f, 3.46780682f,
	    3.91880703f, 4.40355682f, 4.71955681f, 5.20430708f, 5.65530682f, 5.98630714f,
	    6.17180681f, 5.20525074f, 5.39075089f, 5.72175074f, 6.17275047f, 6.65750074f,
	    6.97350073f, 7.45825052f, 7.90925074f, 8.24025059f, 8.42575073f, 6.88975f,
	    7.07525015f, 7.40625f, 7.85725021f, 8.34200001f, 8.65799999f, 9.14274979f,
	    9.59375f, 9.92475033f, 10.1102505f, 8.57424927f, 8.75974941f, 9.09074974f,
	    9.541749f, 10.0264997f, 10.3424997f, 10.8272495f, 11.2782497f, 11.6092491f,
	    11.7947493f, 10.8281927f, 11.0136929f, 11.3446932f, 11.7956934f, 12.2804432f,
	    12.5964432f, 13.081193f, 13.5321932f, 13.8631935f, 14.0486927f, 12.3851204f,
	    12.5706205f, 12.9016199f, 13.3526201f, 13.8373699f, 14.1533699f, 14.6381207f,
	    15.0891199f, 15.4201202f, 15.6056204f, 13.3244209f, 13.5099211f, 13.8409204f,
	    14.2919207f, 14.7766705f, 15.0926704f, 15.5774212f, 16.0284214f, 16.3594208f,
	    16.54492f } },
	{ "test_resize_upsample_sizes_nearest", "Resize", 13, 4, "nearest", NULL, NULL, -0.75f, 0, 0.0f,
	  4, { 1, 1, 2, 2 }, { 1.0f, 2.0f, 3.0f, 4.0f },
	  0, { 0.0f }, 0, { 0.0f }, 4, { 1, 1, 7, 8 },
	  { 1, 1, 7, 8 }, { 1.0f, 1.0f, 1.0f, 1.0f, 2.0f, 2.0f, 2.0f, 2.0f, 1.0f, 1.0f, 1.0f,
	    1.0f, 2.0f, 2.0f, 2.0f, 2.0f, 1.0f, 1.0f, 1.0f, 1.0f, 2.0f, 2.0f, 2.0f, 2.0f, 1.0f,
	    1.0f, 1.0f, 1.0f, 2.0f, 2.0f, 2.0f, 2.0f, 3.0f, 3.0f, 3.0f, 3.0f, 4.0f, 4.0f, 4.0f,
	    4.0f, 3.0f, 3.0f, 3.0f, 3.0f, 4.0f, 4.0f, 4.0f, 4.0f, 3.0f, 3.0f, 3.0f, 3.0f, 4.0f,
	    4.0f, 4.0f, 4.0f } },
	{ "test_resize_upsample_sizes_nearest_ceil_half_pixel", "Resize", 13, 4, "nearest",
	    "half_pixel", "ceil", -0.75f, 0, 0.0f,
	  4, { 1, 1, 4, 4 }, { 1.0f, 2.0f, 3.0f, 4.0f, 5.0f, 6.0f, 7.0f, 8.0f, 9.0f, 10.0f,
	    11.0f, 12.0f, 13.0f, 14.0f, 15.0f, 16.0f },
	  0, { 0.0f }, 0, { 0.0f }, 4, { 1, 1, 8, 8 },
	  { 1, 1, 8, 8 }, { 1.0f, 2.0f, 2.0f, 3.0f, 3.0f, 4.0f, 4.0f, 4.0f, 5.0f, 6.0f, 6.0f,
	    7.0f, 7.0f, 8.0f, 8.0f, 8.0f, 5.0f, 6.0f, 6.0f, 7.0f, 7.0f, 8.0f, 8.0f, 8.0f, 9.0f,
	    10.0f, 10.0f, 11.0f, 11.0f, 12.0f, 12.0f, 12.0f, 9.0f, 10.0f, 10.0f, 11.0f, 11.0f,
	    12.0f, 12.0f, 12.0f, 13.0f, 14.0f, 14.0f, 15.0f, 15.0f, 16.0f, 16.0f, 16.0f, 13.0f,
	    14.0f, 14.0f, 15.0f, 15.0f, 16.0f, 16.0f, 16.0f, 13.0f, 14.0f, 14.0f, 15.0f, 15.0f,
	    16.0f, 16.0f, 16.0f } },
	{ "test_resize_upsample_sizes_nearest_floor_align_corners", "Resize", 13, 4, "nearest",
	    "align_corners", "floor", -0.75f, 0, 0.0f,
	  4, { 1, 1, 4, 4 }, { 1.0f, 2.0f, 3.0f, 4.0f, 5.0f, 6.0f, 7.0f, 8.0f, 9.0f, 10.0f,
	    11.0f, 12.0f, 13.0f, 14.0f, 15.0f, 16.0f },
	  0, { 0.0f }, 0, { 0.0f }, 4, { 1, 1, 8, 8 },
	  { 1, 1, 8, 8 }, { 1.0f, 1.0f, 1.0f, 2.0f, 2.0f, 3.0f, 3.0f, 4.0f, 1.0f, 1.0f, 1.0f,
	    2.0f, 2.0f, 3.0f, 3.0f, 4.0f, 1.0f, 1.0f, 1.0f, 2.0f, 2.0f, 3.0f, 3.0f, 4.0f, 5.0f,
	    5.0f, 5.0f, 6.0f, 6.0f, 7.0f, 7.0f, 8.0f, 5.0f, 5.0f, 5.0f, 6.0f, 6.0f, 7.0f, 7.0f,
	    8.0f, 9.0f, 9.0f, 9.0f, 10.0f, 10.0f, 11.0f, 11.0f, 12.0f, 9.0f, 9.0f, 9.0f, 10.0f,
	    10.0f, 11.0f, 11.0f, 12.0f, 13.0f, 13.0f, 13.0f, 14.0f, 14.0f, 15.0f, 15.0f,
	    16.0f } },
	{ "test_resize_upsample_sizes_nearest_round_prefer_ceil_asymmetric", "Resize", 13, 4,
	    "nearest", "asymmetric", "round_prefer_ceil", -0.75f, 0, 0.0f,
	  4, { 1, 1, 4, 4 }, { 1.0f, 2.0f, 3.0f, 4.0f, 5.0f, 6.0f, 7.0f, 8.0f, 9.0f, 10.0f,
	    11.0f, 12.0f, 13.0f, 14.0f, 15.0f, 16.0f },
	  0, { 0.0f }, 0, { 0.0f }, 4, { 1, 1, 8, 8 },
	  { 1, 1, 8, 8 }, { 1.0f, 2.0f, 2.0f, 3.0f, 3.0f, 4.0f, 4.0f, 4.0f, 5.0f, 6.0f, 6.0f,
	    7.0f, 7.0f, 8.0f, 8.0f, 8.0f, 5.0f, 6.0f, 6.0f, 7.0f, 7.0f, 8.0f, 8.0f, 8.0f, 9.0f,
	    10.0f, 10.0f, 11.0f, 11.0f, 12.0f, 12.0f, 12.0f, 9.0f, 10.0f, 10.0f, 11.0f, 11.0f,
	    12.0f, 12.0f, 12.0f, 13.0f, 14.0f, 14.0f, 15.0f, 15.0f, 16.0f, 16.0f, 16.0f, 13.0f,
	    14.0f, 14.0f, 15.0f, 15.0f, 16.0f, 16.0f, 16.0f, 13.0f, 14.0f, 14.0f, 15.0f, 15.0f,
	    16.0f, 16.0f, 16.0f } },
	{ "test_upsample_nearest", "Upsample", 9, 2, "nearest", NULL, NULL, -0.75f, 0, 0.0f,
	  4, { 1, 1, 2, 2 }, { 1.0f, 2.0f, 3.0f, 4.0f },
	  0, { 0.0f }, 4, { 1.0f, 1.0f, 2.0f, 3.0f }, 0, { 0 },
	  { 1, 1, 4, 6 }, { 1.0f, 1.0f, 1.0f, 2.0f, 2.0f, 2.0f, 1.0f, 1.0f, 1.0f, 2.0f, 2.0f,
	    2.0f, 3.0f, 3.0f, 3.0f, 4.0f, 4.0f, 4.0f, 3.0f, 3.0f, 3.0f, 4.0f, 4.0f, 4.0f } },
	{ "ref_nearest_round_prefer_ceil_half_pixel_down", "Resize", 13, 3, "nearest",
	    "half_pixel", "round_prefer_ceil", -0.75f, 0, 0.0f,
	  2, { 4, 8 }, { 6.0f, -5.0f, -6.0f, -2.0f, 5.0f, -1.0f, 5.0f, 1.0f, -1.0f, -2.0f,
	    -3.0f, -5.0f, 7.0f, -2.0f, 3.0f, -9.0f, 2.0f, -3.0f, 3.0f, -4.0f, 7.0f, -9.0f,
	    -7.0f, 0.0f, 5.0f, -3.0f, -5.0f, 5.0f, 0.0f, -6.0f, -6.0f, -1.0f },
	  0, { 0.0f }, 2, { 1.0f, 0.75f }, 0, { 0 },
	  { 4, 6 }, { 6.0f, -6.0f, -2.0f, 5.0f, 5.0f, 1.0f, -1.0f, -3.0f, -5.0f, 7.0f, 3.0f,
	    -9.0f, 2.0f, 3.0f, -4.0f, 7.0f, -7.0f, 0.0f, 5.0f, -5.0f, 5.0f, 0.0f, -6.0f,
	    -1.0f } },
	{ "ref_nearest_ceil_asymmetric_sizes", "Resize", 13, 4, "nearest", "asymmetric",
	    "ceil", -0.75f, 0, 0.0f,
	  2, { 2, 3 }, { 7.0f, -8.0f, -9.0f, 7.0f, 3.0f, -2.0f },
	  0, { 0.0f }, 0, { 0.0f }, 2, { 3, 5 },
	  { 3, 5 }, { 7.0f, -8.0f, -9.0f, -9.0f, -9.0f, 7.0f, 3.0f, -2.0f, -2.0f, -2.0f, 7.0f,
	    3.0f, -2.0f, -2.0f, -2.0f } },
	{ "ref_nearest_floor_pytorch_half_pixel", "Resize", 13, 3, "nearest",
	    "pytorch_half_pixel", "floor", -0.75f, 0, 0.0f,
	  2, { 2, 3 }, { 1.0f, 0.0f, -6.0f, -9.0f, -2.0f, -9.0f },
	  0, { 0.0f }, 2, { 1.5f, 2.5f }, 0, { 0 },
	  { 3, 7 }, { 1.0f, 1.0f, 1.0f, 1.0f, 0.0f, 0.0f, -6.0f, 1.0f, 1.0f, 1.0f, 1.0f, 0.0f,
	    0.0f, -6.0f, -9.0f, -9.0f, -9.0f, -9.0f, -2.0f, -2.0f, -9.0f } },
	{ "ref_nearest_round_prefer_floor_align_corners_3d", "Resize", 13, 4, "nearest",
	    "align_corners", "round_prefer_floor", -0.75f, 0, 0.0f,
	  3, { 2, 3, 4 }, { -5.0f, -6.0f, -8.0f, -6.0f, -8.0f, -5.0f, -8.0f, -4.0f, 0.0f, 8.0f,
	    -7.0f, 9.0f, 9.0f, -6.0f, 2.0f, 6.0f, 7.0f, 3.0f, 2.0f, 0.0f, 0.0f, 3.0f, -6.0f,
	    5.0f },
	  0, { 0.0f }, 0, { 0.0f }, 3, { 3, 5, 3 },
	  { 3, 5, 3 }, { -5.0f, -6.0f, -6.0f, -5.0f, -6.0f, -6.0f, -8.0f, -5.0f, -4.0f, -8.0f,
	    -5.0f, -4.0f, 0.0f, 8.0f, 9.0f, -5.0f, -6.0f, -6.0f, -5.0f, -6.0f, -6.0f, -8.0f,
	    -5.0f, -4.0f, -8.0f, -5.0f, -4.0f, 0.0f, 8.0f, 9.0f, 9.0f, -6.0f, 6.0f, 9.0f,
	    -6.0f, 6.0f, 7.0f, 3.0f, 0.0f, 7.0f, 3.0f, 0.0f, 0.0f, 3.0f, 5.0f } },
	{ "ref_linear_3d_half_pixel", "Resize", 13, 3, "linear", "half_pixel",
	    "round_prefer_floor", -0.75f, 0, 0.0f,
	  3, { 2, 3, 4 }, { 5.0f, 6.0f, -6.0f, 7.0f, -5.0f, 2.0f, -1.0f, 2.0f, 6.0f, 4.0f,
	    9.0f, -2.0f, -6.0f, 3.0f, 3.0f, 6.0f, -1.0f, -3.0f, -3.0f, 3.0f, -2.0f, 8.0f, 1.0f,
	    6.0f },
	  0, { 0.0f }, 3, { 2.0f, 1.5f, 0.5f }, 0, { 0 },
	  { 4, 4, 2 }, { 5.5f, 0.5f, 2.0f, 0.5f, -0.416666657f, 1.0f, 3.91666675f, 3.0f, 3.75f,
	    1.5f, 1.0625f, 0.9375f, -0.604166687f, 0.895833313f, 3.47916675f, 2.97916675f,
	    0.25f, 3.5f, -0.8125f, 1.8125f, -0.979166687f, 0.6875f, 2.60416675f, 2.9375f,
	    -1.5f, 4.5f, -1.75f, 2.25f, -1.16666663f, 0.583333313f, 2.16666675f,
	    2.91666675f } },
	{ "ref_linear_pytorch_half_pixel_sizes", "Resize", 13, 4, "linear",
	    "pytorch_half_pixel", "round_prefer_floor", -0.75f, 0, 0.0f,
	  3, { 1, 3, 4 }, { -4.0f, -5.0f, 0.0f, 0.0f, -9.0f, -7.0f, 3.0f, -3.0f, -1.0f, -7.0f,
	    1.0f, 5.0f },
	  0, { 0.0f }, 0, { 0.0f }, 3, { 1, 5, 3 },
	  { 1, 5, 3 }, { -4.16666651f, -2.5f, 0.0f, -5.9666667f, -2.29999995f, -0.800000012f,
	    -8.66666698f, -2.0f, -2.0f, -4.66666651f, -2.5999999f, 1.79999995f, -2.0f, -3.0f,
	    4.33333349f } },
	{ "ref_linear_asymmetric_5d", "Resize", 13, 3, "linear", "asymmetric",
	    "round_prefer_floor", -0.75f, 0, 0.0f,
	  5, { 1, 2, 2, 3, 2 }, { 8.0f, -3.0f, 1.0f, 8.0f, -4.0f, 6.0f, 8.0f, 3.0f, 0.0f,
	    -1.0f, 6.0f, -4.0f, 0.0f, -5.0f, 3.0f, 0.0f, 2.0f, -3.0f, -8.0f, 2.0f, 3.0f, 3.0f,
	    4.0f, -5.0f },
	  0, { 0.0f }, 5, { 1.0f, 1.5f, 2.0f, 1.0f, 2.0f }, 0, { 0 },
	  { 1, 3, 4, 3, 4 }, { 8.0f, 2.5f, -3.0f, -3.0f, 1.0f, 4.5f, 8.0f, 8.0f, -4.0f, 1.0f,
	    6.0f, 6.0f, 8.0f, 4.0f, 0.0f, 0.0f, 0.5f, 2.0f, 3.5f, 3.5f, 1.0f, 1.0f, 1.0f, 1.0f,
	    8.0f, 5.5f, 3.0f, 3.0f, 0.0f, -0.5f, -1.0f, -1.0f, 6.0f, 1.0f, -4.0f, -4.0f, 8.0f,
	    5.5f, 3.0f, 3.0f, 0.0f, -0.5f, -1.0f, -1.0f, 6.0f, 1.0f, -4.0f, -4.0f, 2.66666675f,
	    -0.833333313f, -4.33333349f, -4.33333349f, 2.33333325f, 2.5f, 2.66666675f,
	    2.66666675f, -2.22044605e-16f, 5.55111512e-17f, 0.0f, 0.0f, 4.4408921e-16f, -0.5f,
	    -1.0f, -1.0f, 2.16666675f, 2.16666675f, 2.16666675f, 2.16666675f, 2.33333325f,
	    5.55111512e-17f, -2.33333325f, -2.33333325f, -2.66666675f, -0.166666672f,
	    2.33333325f, 2.33333325f, 2.0f, 1.83333337f, 1.66666663f, 1.66666663f, 4.66666651f,
	    5.55111512e-17f, -4.66666651f, -4.66666651f, -2.66666675f, -0.166666672f,
	    2.33333325f, 2.33333325f, 2.0f, 1.83333337f, 1.66666663f, 1.66666663f, 4.66666651f,
	    5.55111512e-17f, -4.66666651f, -4.66666651f, 0.0f, -2.5f, -5.0f, -5.0f, 3.0f, 1.5f,
	    0.0f, 0.0f, 2.0f, -0.5f, -3.0f, -3.0f, -4.0f, -2.75f, -1.5f, -1.5f, 3.0f, 2.25f,
	    1.5f, 1.5f, 3.0f, -0.5f, -4.0f, -4.0f, -8.0f, -3.0f, 2.0f, 2.0f, 3.0f, 3.0f, 3.0f,
	    3.0f, 4.0f, -0.5f, -5.0f, -5.0f, -8.0f, -3.0f, 2.0f, 2.0f, 3.0f, 3.0f, 3.0f, 3.0f,
	    4.0f, -0.5f, -5.0f, -5.0f } },
	{ "ref_cubic_align_corners_sizes", "Resize", 13, 4, "cubic", "align_corners",
	    "round_prefer_floor", -0.75f, 0, 0.0f,
	  4, { 1, 1, 4, 4 }, { -2.0f, 0.0f, -3.0f, 6.0f, 2.0f, 9.0f, 7.0f, -4.0f, -6.0f, 4.0f,
	    -9.0f, -8.0f, 4.0f, -1.0f, 5.0f, 4.0f },
	  0, { 0.0f }, 0, { 0.0f }, 4, { 1, 1, 5, 3 },
	  { 1, 1, 5, 3 }, { -2.0f, -2.15625f, 6.0f, 1.9375f, 8.20056152f, -1.3125f, -2.5625f,
	    4.81835938f, -8.0625f, -4.578125f, -2.10925293f, -5.703125f, 4.0f, 1.625f, 4.0f } },
	{ "ref_cubic_asymmetric_exclude_outside", "Resize", 13, 3, "cubic", "asymmetric",
	    "round_prefer_floor", -0.5f, 1, 0.0f,
	  4, { 1, 1, 4, 5 }, { 0.0f, 1.0f, -9.0f, -7.0f, 7.0f, -3.0f, 9.0f, 0.0f, 0.0f, 4.0f,
	    2.0f, -8.0f, 5.0f, 7.0f, 7.0f, 8.0f, 5.0f, -8.0f, 9.0f, -9.0f },
	  0, { 0.0f }, 4, { 1.0f, 1.0f, 1.5f, 0.600000024f }, 0, { 0 },
	  { 1, 1, 6, 3 }, { 0.0f, -6.14814758f, -2.35714507f, -2.39285707f, 0.312170267f,
	    -0.303572655f, -1.96296299f, 3.28943777f, 3.39153385f, 2.0f, 0.629628539f,
	    7.14285707f, 6.51724148f, -3.90804553f, 5.37931252f, 8.6315794f, -6.1656909f,
	    4.14286041f } },
	{ "ref_cubic_half_pixel_1d", "Resize", 13, 3, "cubic", "half_pixel",
	    "round_prefer_floor", -0.75f, 0, 0.0f,
	  1, { 7 }, { 4.0f, 1.0f, -1.0f, -8.0f, -5.0f, 3.0f, 1.0f },
	  0, { 0.0f }, 1, { 1.70000005f }, 0, { 0 },
	  { 11 }, { 4.29212666f, 3.03006053f, 1.10964549f, 0.346427888f, -2.07644844f,
	    -6.70663881f, -8.28945541f, -5.69239235f, -0.531251252f, 3.29676342f,
	    2.03327966f } },
	{ "ref_crop_cubic_extrap", "Resize", 13, 4, "cubic", "tf_crop_and_resize",
	    "round_prefer_floor", -0.75f, 0, 7.5f,
	  4, { 1, 1, 5, 6 }, { -2.0f, 8.0f, 6.0f, -9.0f, 9.0f, -2.0f, 3.0f, 7.0f, -9.0f, 3.0f,
	    0.0f, 5.0f, -7.0f, 7.0f, 2.0f, -4.0f, 7.0f, 0.0f, 2.0f, 1.0f, -9.0f, -1.0f, -5.0f,
	    -4.0f, 2.0f, 8.0f, 5.0f, 1.0f, 7.0f, -2.0f },
	  8, { 0.0f, 0.0f, -0.200000003f, 0.100000001f, 1.0f, 1.0f, 0.899999976f,
	    1.29999995f }, 0, { 0.0f }, 4, { 1, 1, 4, 3 },
	  { 1, 1, 4, 3 }, { 7.5f, 7.5f, 7.5f, 6.12731504f, 1.42187488f, 7.5f, 0.203666732f,
	    1.03119183f, 7.5f, 4.31962538f, 1.54200041f, 7.5f } },
	{ "ref_crop_nearest_extrap", "Resize", 13, 4, "nearest", "tf_crop_and_resize",
	    "round_prefer_floor", -0.75f, 0, -3.0f,
	  4, { 1, 1, 5, 6 }, { 6.0f, 9.0f, 7.0f, 5.0f, 6.0f, 4.0f, 0.0f, 4.0f, -6.0f, -2.0f,
	    8.0f, 1.0f, -9.0f, -8.0f, 2.0f, -5.0f, -3.0f, 8.0f, 5.0f, 3.0f, 2.0f, 3.0f, 7.0f,
	    8.0f, -9.0f, 2.0f, -8.0f, -1.0f, -8.0f, 6.0f },
	  8, { 0.0f, 0.0f, 0.300000012f, -0.100000001f, 1.0f, 1.0f, 1.39999998f,
	    0.550000012f }, 0, { 0.0f }, 4, { 1, 1, 4, 3 },
	  { 1, 1, 4, 3 }, { -3.0f, 4.0f, -2.0f, -3.0f, 3.0f, 3.0f, -3.0f, -3.0f, -3.0f, -3.0f,
	    -3.0f, -3.0f } },
};

#define NCASES ((int)(sizeof cases / sizeof cases[0]))

/* run_case: build the node of case c, run it, compare with the expectation. */
static void run_case(const rz_case *c)
{
	hk *h = hk_new(c->op, c->opset, c->n_in, 1);
	int64_t d1[1];

	if (c->mode)
		hk_attr_string(h, "mode", c->mode);
	if (c->ctm)
		hk_attr_string(h, "coordinate_transformation_mode", c->ctm);
	if (c->nearest)
		hk_attr_string(h, "nearest_mode", c->nearest);
	if (c->cubic_a != -0.75f)
		hk_attr_float(h, "cubic_coeff_a", c->cubic_a);
	if (c->exclude)
		hk_attr_int(h, "exclude_outside", c->exclude);
	if (c->extrap != 0)
		hk_attr_float(h, "extrapolation_value", c->extrap);
	hk_input(h, 0, IR_FLOAT, c->rank, c->xdims, c->x, 0);
	if (!strcmp(c->op, "Upsample")) {
		d1[0] = c->nscales;
		hk_input(h, 1, IR_FLOAT, 1, d1, c->scales, 1);
	} else {
		if (c->nroi) {
			d1[0] = c->nroi;
			hk_input(h, 1, IR_FLOAT, 1, d1, c->roi, 1);
		} else
			hk_omit_input(h, 1);
		if (c->nscales) {
			d1[0] = c->nscales;
			hk_input(h, 2, IR_FLOAT, 1, d1, c->scales, 1);
		} else
			hk_omit_input(h, 2);
		if (c->n_in > 3) {
			d1[0] = c->nsizes;
			hk_input(h, 3, IR_INT64, 1, d1, c->sizes, 1);
		}
	}
	ck_assert_msg(hk_run(h) == 0, "%s: %s", c->name, h->err.msg);
	hk_assert_dims(h, 0, c->rank, c->ydims);
	hk_assert_close(h, 0, c->y, h->out[0].numel, 1e-4f);
	hk_free(h);
}

START_TEST(table_case)
{
	run_case(&cases[_i]);
}
END_TEST

static const float img2x2[4] = { 1, 2, 3, 4 };
static const float img2x4[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

START_TEST(upsample1_attr_scales)
{
	hk *h = hk_new("Upsample", 1, 1, 1);
	int64_t d[4] = { 1, 1, 2, 2 }, e[4] = { 1, 1, 4, 6 };
	float y[24] = { 1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 3, 3, 3, 4, 4, 4 };

	hk_attr_float(h, "height_scale", 2);
	hk_attr_float(h, "width_scale", 3);
	hk_input(h, 0, IR_FLOAT, 4, d, img2x2, 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 4, e);
	hk_assert_close(h, 0, y, 24, 0);
	hk_free(h);
}
END_TEST

START_TEST(upsample7_attr_nearest)
{
	hk *h = hk_new("Upsample", 7, 1, 1);
	int64_t d[4] = { 1, 1, 2, 2 }, e[4] = { 1, 1, 4, 4 };
	float sc[4] = { 1, 1, 2, 2 };
	float y[16] = { 1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4 };

	hk_attr_floats(h, "scales", 4, sc);
	hk_input(h, 0, IR_FLOAT, 4, d, img2x2, 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 4, e);
	hk_assert_close(h, 0, y, 16, 0);
	hk_free(h);
}
END_TEST

/* Upsample's linear is asymmetric (x / scale) with edge clamping. */
START_TEST(upsample9_linear)
{
	hk *h = hk_new("Upsample", 9, 2, 1);
	int64_t d[2] = { 2, 2 }, ds[1] = { 2 }, e[2] = { 4, 4 };
	float sc[2] = { 2, 2 };
	float y[16] = { 1, 1.5f, 2, 2, 2, 2.5f, 3, 3, 3, 3.5f, 4, 4, 3, 3.5f, 4, 4 };

	hk_attr_string(h, "mode", "linear");
	hk_input(h, 0, IR_FLOAT, 2, d, img2x2, 0);
	hk_input(h, 1, IR_FLOAT, 1, ds, sc, 1);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 2, e);
	hk_assert_close(h, 0, y, 16, 1e-6f);
	hk_free(h);
}
END_TEST

/* Resize-10 = Upsample-9 semantics, downsampling allowed: nearest takes the
 * ceiling when downsampling (onnx 1.5 test_resize_downsample_nearest), linear
 * is asymmetric (test_resize_downsample_linear: [1, 2.6666665]). */
START_TEST(resize10_downsample)
{
	static const char *modes[2] = { "nearest", "linear" };
	static const float want[2][2] = { { 1, 3 }, { 1, 2.6666665f } };
	int64_t d[4] = { 1, 1, 2, 4 }, ds[1] = { 4 }, e[4] = { 1, 1, 1, 2 };
	float sc[4] = { 1, 1, 0.6f, 0.6f };
	int k;

	for (k = 0; k < 2; k++) {
		hk *h = hk_new("Resize", 10, 2, 1);
		hk_attr_string(h, "mode", modes[k]);
		hk_input(h, 0, IR_FLOAT, 4, d, img2x4, 0);
		hk_input(h, 1, IR_FLOAT, 1, ds, sc, 1);
		ck_assert_int_eq(hk_run(h), 0);
		hk_assert_dims(h, 0, 4, e);
		hk_assert_close(h, 0, want[k], 2, 1e-6f);
		hk_free(h);
	}
}
END_TEST

START_TEST(resize10_upsample_nearest_floor)
{
	hk *h = hk_new("Resize", 10, 2, 1);
	int64_t d[2] = { 2, 2 }, ds[1] = { 2 }, e[2] = { 4, 6 };
	float sc[2] = { 2, 3 };
	float y[24] = { 1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 3, 3, 3, 4, 4, 4 };

	hk_input(h, 0, IR_FLOAT, 2, d, img2x2, 0);
	hk_input(h, 1, IR_FLOAT, 1, ds, sc, 1);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 2, e);
	hk_assert_close(h, 0, y, 24, 0);
	hk_free(h);
}
END_TEST

/* the spec's spelling of the mode; same numbers as the libonnx-testdata case
 * that spells it tf_half_pixel_for_nn */
START_TEST(tf_half_pixel_for_nearest)
{
	hk *h = hk_new("Resize", 13, 4, 1);
	int64_t d[2] = { 4, 4 }, ds[1] = { 2 }, sz[2] = { 3, 2 };
	float x[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
	float y[6] = { 6, 8, 10, 12, 14, 16 };

	hk_attr_string(h, "coordinate_transformation_mode", "tf_half_pixel_for_nearest");
	hk_input(h, 0, IR_FLOAT, 2, d, x, 0);
	hk_omit_input(h, 1);
	hk_omit_input(h, 2);
	hk_input(h, 3, IR_INT64, 1, ds, sz, 1);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 2, sz);
	hk_assert_close(h, 0, y, 6, 0);
	hk_free(h);
}
END_TEST

/* 1-D crop: x_orig = 0.5*4 + o*1*4/(len-1).  sizes 3 -> 2, 4, 6(out);
 * scales 0.4 -> floor(5*1*0.4) = 2 outputs, 2 and 6(out). */
START_TEST(crop_and_resize_1d)
{
	int64_t d[1] = { 5 }, d1[1] = { 1 }, d2[1] = { 2 }, sz[1] = { 3 }, e3[1] = { 3 }, e2[1] = { 2 };
	float x[5] = { 1, 2, 3, 4, 5 }, roi[2] = { 0.5f, 1.5f }, sc[1] = { 0.4f };
	float y3[3] = { 3, 5, 10 }, y2[2] = { 3, 10 };
	int k;

	for (k = 0; k < 2; k++) {
		hk *h = hk_new("Resize", 13, k ? 3 : 4, 1);
		hk_attr_string(h, "mode", "linear");
		hk_attr_string(h, "coordinate_transformation_mode", "tf_crop_and_resize");
		hk_attr_float(h, "extrapolation_value", 10);
		hk_input(h, 0, IR_FLOAT, 1, d, x, 0);
		hk_input(h, 1, IR_FLOAT, 1, d2, roi, 1);
		if (k) {
			hk_input(h, 2, IR_FLOAT, 1, d1, sc, 1);
		} else {
			hk_omit_input(h, 2);
			hk_input(h, 3, IR_INT64, 1, d1, sz, 1);
		}
		ck_assert_msg(hk_run(h) == 0, "%s", h->err.msg);
		hk_assert_dims(h, 0, 1, k ? e2 : e3);
		hk_assert_close(h, 0, k ? y2 : y3, k ? 2 : 3, 1e-6f);
		hk_free(h);
	}
	{
		/* a NaN roi puts every output outside */
		hk *h = hk_new("Resize", 13, 4, 1);
		float nanroi[2] = { NAN, 1 }, ten[3] = { 10, 10, 10 };
		hk_attr_string(h, "coordinate_transformation_mode", "tf_crop_and_resize");
		hk_attr_float(h, "extrapolation_value", 10);
		hk_input(h, 0, IR_FLOAT, 1, d, x, 0);
		hk_input(h, 1, IR_FLOAT, 1, d2, nanroi, 1);
		hk_omit_input(h, 2);
		hk_input(h, 3, IR_INT64, 1, d1, sz, 1);
		ck_assert_int_eq(hk_run(h), 0);
		hk_assert_close(h, 0, ten, 3, 0);
		hk_free(h);
	}
}
END_TEST

/* pytorch_half_pixel with one output maps it to coordinate 0 (spec), so
 * cubic returns the first element exactly. */
START_TEST(pytorch_half_pixel_single_output)
{
	hk *h = hk_new("Resize", 13, 4, 1);
	int64_t d[1] = { 4 }, d1[1] = { 1 }, sz[1] = { 1 };
	float x[4] = { 1, 2, 3, 4 }, y[1] = { 1 };

	hk_attr_string(h, "mode", "cubic");
	hk_attr_string(h, "coordinate_transformation_mode", "pytorch_half_pixel");
	hk_input(h, 0, IR_FLOAT, 1, d, x, 0);
	hk_omit_input(h, 1);
	hk_omit_input(h, 2);
	hk_input(h, 3, IR_INT64, 1, d1, sz, 1);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_close(h, 0, y, 1, 0);
	hk_free(h);
}
END_TEST

/* Resize-11 form: roi (ignored, not even constant) and an empty scales
 * tensor with sizes. */
START_TEST(resize11_empty_scales_with_sizes)
{
	hk *h = hk_new("Resize", 11, 4, 1);
	int64_t d[4] = { 1, 1, 2, 2 }, d0[1] = { 0 }, d4[1] = { 4 }, d8[1] = { 8 };
	int64_t sz[4] = { 1, 1, 4, 4 };
	float roi[8] = { 0, 0, 0, 0, 1, 1, 1, 1 };
	float y[16] = { 1, 1.25f, 1.75f, 2, 1.5f, 1.75f, 2.25f, 2.5f,
			2.5f, 2.75f, 3.25f, 3.5f, 3, 3.25f, 3.75f, 4 };

	hk_attr_string(h, "mode", "linear");
	hk_input(h, 0, IR_FLOAT, 4, d, img2x2, 0);
	hk_input(h, 1, IR_FLOAT, 1, d8, roi, 0);
	hk_input(h, 2, IR_FLOAT, 1, d0, NULL, 1);
	hk_input(h, 3, IR_INT64, 1, d4, sz, 1);
	ck_assert_msg(hk_run(h) == 0, "%s", h->err.msg);
	hk_assert_dims(h, 0, 4, sz);
	hk_assert_close(h, 0, y, 16, 1e-6f);
	hk_free(h);
}
END_TEST

/* The same bilinear upsampling in float16, bfloat16 and double (every value
 * is exact in all three). */
START_TEST(linear_other_float_types)
{
	static const int types[3] = { IR_FLOAT16, IR_BFLOAT16, IR_DOUBLE };
	int64_t d[2] = { 2, 2 }, d2[1] = { 2 }, e[2] = { 4, 4 };
	float sc[2] = { 2, 2 };
	float y[16] = { 1, 1.25f, 1.75f, 2, 1.5f, 1.75f, 2.25f, 2.5f,
			2.5f, 2.75f, 3.25f, 3.5f, 3, 3.25f, 3.75f, 4 };
	int k, i;

	for (k = 0; k < 3; k++) {
		hk *h = hk_new("Resize", 13, 3, 1);
		unsigned char buf[32];
		rt_tensor t;
		memset(&t, 0, sizeof t);
		t.dtype = types[k];
		t.data = buf;
		for (i = 0; i < 4; i++)
			rt_put_f(&t, i, img2x2[i]);
		hk_attr_string(h, "mode", "linear");
		hk_input(h, 0, types[k], 2, d, buf, 0);
		hk_omit_input(h, 1);
		hk_input(h, 2, IR_FLOAT, 1, d2, sc, 1);
		ck_assert_msg(hk_run(h) == 0, "%s", h->err.msg);
		hk_assert_dims(h, 0, 2, e);
		ck_assert_int_eq(h->out[0].dtype, types[k]);
		for (i = 0; i < 16; i++)
			ck_assert_double_eq(rt_get_f(&h->out[0], i), y[i]);
		hk_free(h);
	}
}
END_TEST

/* nearest is a gather and works for any fixed-size element type */
START_TEST(nearest_integer_types)
{
	int64_t d[2] = { 2, 2 }, d2[1] = { 2 }, e[2] = { 3, 3 };
	float sc[2] = { 1.5f, 1.5f };
	int64_t x64[4] = { 1, -2, INT64_MAX, 4 };
	uint8_t x8[4] = { 1, 200, 3, 255 };
	/* half_pixel, round_prefer_floor: coordinates -1/6, 1/2, 7/6 read 0, 0, 1 */
	int64_t y64[9] = { 1, 1, -2, 1, 1, -2, INT64_MAX, INT64_MAX, 4 };
	uint8_t y8[9] = { 1, 1, 200, 1, 1, 200, 3, 3, 255 };
	hk *h = hk_new("Resize", 13, 3, 1);
	int i;

	hk_input(h, 0, IR_INT64, 2, d, x64, 0);
	hk_omit_input(h, 1);
	hk_input(h, 2, IR_FLOAT, 1, d2, sc, 1);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 2, e);
	for (i = 0; i < 9; i++)
		ck_assert_int_eq(hk_outi64(h, 0)[i], y64[i]);
	hk_input(h, 0, IR_UINT8, 2, d, x8, 0);
	ck_assert_int_eq(hk_run(h), 0);
	ck_assert_int_eq(h->out[0].dtype, IR_UINT8);
	ck_assert_mem_eq(h->out[0].data, y8, 9);
	hk_free(h);
}
END_TEST

/* scales of 1 everywhere: a copy (no pass), also for cubic */
START_TEST(identity_scales)
{
	int64_t d[2] = { 2, 4 }, d2[1] = { 2 };
	float sc[2] = { 1, 1 };
	hk *h = hk_new("Resize", 13, 3, 1);

	hk_attr_string(h, "mode", "cubic");
	hk_input(h, 0, IR_FLOAT, 2, d, img2x4, 0);
	hk_omit_input(h, 1);
	hk_input(h, 2, IR_FLOAT, 1, d2, sc, 1);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 2, d);
	hk_assert_close(h, 0, img2x4, 8, 0);
	hk_free(h);
}
END_TEST

START_TEST(empty_output_and_input)
{
	int64_t d[2] = { 2, 4 }, d0[2] = { 0, 4 }, d2[1] = { 2 }, sz[2] = { 0, 3 }, sz2[2] = { 0, 8 };
	hk *h = hk_new("Resize", 13, 4, 1);

	hk_attr_string(h, "mode", "linear");
	hk_input(h, 0, IR_FLOAT, 2, d, img2x4, 0);
	hk_omit_input(h, 1);
	hk_omit_input(h, 2);
	hk_input(h, 3, IR_INT64, 1, d2, sz, 1);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 2, sz);
	hk_input(h, 0, IR_FLOAT, 2, d0, NULL, 0);
	hk_input(h, 3, IR_INT64, 1, d2, sz2, 1);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 2, sz2);
	/* an empty axis cannot grow */
	sz2[0] = 2;
	hk_input(h, 3, IR_INT64, 1, d2, sz2, 1);
	ck_assert_int_eq(hk_prep(h), -1);
	ck_assert_int_eq(h->err.code, ONNXC_EINVAL);
	hk_free(h);
}
END_TEST

/* the tables cannot be allocated: ENOMEM, nothing leaks */
START_TEST(out_of_memory)
{
	int64_t d[2] = { 2, 4 }, d2[1] = { 2 };
	float sc[2] = { 2, 2 };
	hk *h = hk_new("Resize", 13, 3, 1);

	hk_attr_string(h, "mode", "linear");
	hk_input(h, 0, IR_FLOAT, 2, d, img2x4, 0);
	hk_omit_input(h, 1);
	hk_input(h, 2, IR_FLOAT, 1, d2, sc, 1);
	onnxc_alloc_fail_after(0);
	ck_assert_int_eq(hk_prep(h), -1);
	onnxc_alloc_fail_after(-1);
	ck_assert_int_eq(h->err.code, ONNXC_ENOMEM);
	ck_assert_ptr_null(h->rn.params);
	ck_assert_int_eq(hk_run(h), 0);
	hk_free(h);
}
END_TEST

/* refusal: code and a message naming the node */
static void refused(hk *h, int code, const char *what)
{
	ck_assert_int_eq(hk_prep(h), -1);
	ck_assert_int_eq(h->err.code, code);
	ck_assert_msg(strstr(h->err.msg, "node 'n0' (") != NULL, "message does not name the node: %s",
		      h->err.msg);
	ck_assert_msg(strstr(h->err.msg, what) != NULL, "message lacks '%s': %s", what, h->err.msg);
	hk_free(h);
}

/* a Resize-13 node on a 2x4 float input with the given inputs present */
static hk *resize13(int with_scales, int scales_const, int with_sizes, int sizes_const)
{
	hk *h = hk_new("Resize", 13, 4, 1);
	int64_t d[2] = { 2, 4 }, d2[1] = { 2 }, sz[2] = { 4, 4 };
	float sc[2] = { 2, 2 };

	hk_input(h, 0, IR_FLOAT, 2, d, img2x4, 0);
	hk_omit_input(h, 1);
	if (with_scales)
		hk_input(h, 2, IR_FLOAT, 1, d2, sc, scales_const);
	else
		hk_omit_input(h, 2);
	if (with_sizes)
		hk_input(h, 3, IR_INT64, 1, d2, sz, sizes_const);
	else
		hk_omit_input(h, 3);
	return h;
}

START_TEST(refusals)
{
	hk *h;
	int64_t d1[1] = { 1 }, d3[1] = { 3 }, d2[2] = { 2, 4 };
	float neg[2] = { 1, -2 }, sc3[3] = { 1, 1, 1 };
	int32_t xi[8] = { 0 };

	refused(resize13(1, 0, 0, 0), ONNXC_EUNSUPPORTED, "(Resize-13): scales ('in2') must be known");
	refused(resize13(0, 0, 1, 0), ONNXC_EUNSUPPORTED, "(Resize-13): input 3 ('in3') must be known");
	refused(resize13(1, 1, 1, 1), ONNXC_EINVAL, "both scales and sizes");
	refused(resize13(0, 0, 0, 0), ONNXC_EINVAL, "neither scales nor sizes");

	h = resize13(1, 1, 0, 0);
	hk_input(h, 2, IR_FLOAT, 1, d3, sc3, 1);
	refused(h, ONNXC_EINVAL, "3 scales for an input of rank 2");
	h = resize13(1, 1, 0, 0);
	hk_input(h, 2, IR_FLOAT, 1, d1 + 0, neg, 1);
	refused(h, ONNXC_EINVAL, "1 scales for an input of rank 2");
	h = resize13(1, 1, 0, 0);
	{
		int64_t d2s[1] = { 2 };
		hk_input(h, 2, IR_FLOAT, 1, d2s, neg, 1);
	}
	refused(h, ONNXC_EINVAL, "scale -2 of axis 1 is not positive");
	h = resize13(1, 1, 0, 0);
	hk_attr_string(h, "mode", "bicubic");
	refused(h, ONNXC_EINVAL, "unknown mode 'bicubic'");
	h = resize13(1, 1, 0, 0);
	hk_attr_string(h, "coordinate_transformation_mode", "half");
	refused(h, ONNXC_EINVAL, "unknown coordinate_transformation_mode 'half'");
	h = resize13(1, 1, 0, 0);
	hk_attr_string(h, "nearest_mode", "round");
	refused(h, ONNXC_EINVAL, "unknown nearest_mode 'round'");
	h = resize13(1, 1, 0, 0);
	hk_attr_string(h, "coordinate_transformation_mode", "tf_crop_and_resize");
	refused(h, ONNXC_EINVAL, "needs the roi input");
	h = resize13(1, 1, 0, 0);
	hk_attr_string(h, "mode", "linear");
	hk_input(h, 0, IR_INT32, 2, d2, xi, 0);
	refused(h, ONNXC_EUNSUPPORTED, "float types only, not int32");

	/* Resize-10 has no cubic */
	h = hk_new("Resize", 10, 2, 1);
	hk_attr_string(h, "mode", "cubic");
	refused(h, ONNXC_EINVAL, "(Resize-10): unknown mode 'cubic'");
	h = hk_new("Upsample", 1, 1, 1);
	hk_attr_float(h, "height_scale", 2);
	hk_attr_float(h, "width_scale", 2);
	hk_input(h, 0, IR_FLOAT, 2, d2, img2x4, 0);
	refused(h, ONNXC_EINVAL, "(Upsample-1): input must be 4-D");
	h = hk_new("Upsample", 7, 1, 1);
	hk_input(h, 0, IR_FLOAT, 2, d2, img2x4, 0);
	refused(h, ONNXC_EINVAL, "(Upsample-7): attribute scales is required");
	h = hk_new("Upsample", 9, 2, 1);
	hk_input(h, 0, IR_FLOAT, 2, d2, img2x4, 0);
	{
		int64_t d2s[1] = { 2 };
		float sc[2] = { 2, 2 };
		hk_input(h, 1, IR_FLOAT, 1, d2s, sc, 0);
	}
	refused(h, ONNXC_EUNSUPPORTED, "(Upsample-9): scales ('in1') must be known");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("k_resize");
	TCase *tc = tcase_create("resize");

	tcase_add_loop_test(tc, table_case, 0, NCASES);
	tcase_add_test(tc, upsample1_attr_scales);
	tcase_add_test(tc, upsample7_attr_nearest);
	tcase_add_test(tc, upsample9_linear);
	tcase_add_test(tc, resize10_downsample);
	tcase_add_test(tc, resize10_upsample_nearest_floor);
	tcase_add_test(tc, tf_half_pixel_for_nearest);
	tcase_add_test(tc, crop_and_resize_1d);
	tcase_add_test(tc, pytorch_half_pixel_single_output);
	tcase_add_test(tc, resize11_empty_scales_with_sizes);
	tcase_add_test(tc, linear_other_float_types);
	tcase_add_test(tc, nearest_integer_types);
	tcase_add_test(tc, identity_scales);
	tcase_add_test(tc, empty_output_and_input);
	tcase_add_test(tc, out_of_memory);
	tcase_add_test(tc, refusals);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
