/*
 * k_signal.c - HannWindow, HammingWindow, BlackmanWindow (17) and
 * MelWeightMatrix (17).
 *
 * Windows: the scalar `size` input (int32/int64, needed at prepare) gives
 * the length; with N = size (periodic = 1, default) or size - 1 (periodic =
 * 0), element n is
 *   Hann      0.5 - 0.5 cos(2 pi n / N)
 *   Hamming   25/46 - 21/46 cos(2 pi n / N)
 *   Blackman  0.42 - 0.5 cos(2 pi n / N) + 0.08 cos(4 pi n / N)
 * computed in double and stored as output_datatype (default float; any
 * numeric type the schema allows).  A symmetric window of size 1 is [1]
 * (numpy, PyTorch), not 0/0.  (The ONNX 1.12 backend data were made with
 * pi = 3.1415 and differ from these by up to 7e-5.)
 *
 * MelWeightMatrix: every input needed at prepare; output
 * [dft_length / 2 + 1, num_mel_bins] of triangular filters with peak 1, as
 * ONNX Runtime computes it (in double): num_mel_bins + 2 points equally
 * spaced on the mel scale mel(f) = 2595 log10(1 + f / 700) between the edges
 * are mapped to FFT bins floor((dft_length + 1) * hz / sample_rate); a
 * filter rises from its left point to its centre and falls to its right
 * point.  Filter rows that fall outside the spectrogram are dropped.
 */
#include <math.h>
#include <string.h>

#include "k_tensor_dm.h"

#define SIG_PI 3.14159265358979323846

enum { W_HANN, W_HAMMING, W_BLACKMAN };

#define MEL_BIG 4503599627370496.0   /* 2^52 */

/* out_type: the output_datatype attribute (default float) when it is a
 * type these ops may produce; -1 (err) otherwise. */
static int out_type(const rt_node *n, onnxc_err *err)
{
	int64_t dt = ir_attr_int(n->ir, "output_datatype", IR_FLOAT);

	if (dt <= 0 || dt >= IR_DTYPE_COUNT || dt == IR_STRING || dt == IR_BOOL ||
	    dt == IR_COMPLEX64 || dt == IR_COMPLEX128)
		return rt_fail(n, err, ONNXC_EINVAL, "output_datatype %lld is not supported",
			       (long long)dt);
	return (int)dt;
}

/* scalar_int: the one-element constant integer input idx into *v.
 * 0 or -1 (err; rt_need_const when it is not known at prepare). */
static int scalar_int(rt_node *n, int idx, const char *what, int64_t *v, onnxc_err *err)
{
	int cnt;

	if (rt_dm_need(n, idx + 1, err) || rt_in_ints(n, idx, v, 1, &cnt, err))
		return -1;
	if (cnt != 1 || n->in[idx]->rank > 1)
		return rt_fail(n, err, ONNXC_EINVAL, "%s must be a scalar", what);
	return 0;
}

/* prep_window: output [size] of output_datatype; size must be known at
 * prepare (rt_need_const through rt_in_ints).  0 or -1. */
static int prep_window(rt_node *n, onnxc_err *err)
{
	int64_t size;
	int dt;

	if (scalar_int(n, 0, "size", &size, err))
		return -1;
	if (size < 0)
		return rt_fail(n, err, ONNXC_EINVAL, "size %lld is negative", (long long)size);
	dt = out_type(n, err);
	if (dt < 0)
		return -1;
	return rt_set_shape(n, n->out[0], dt, 1, &size, err);
}

/* exec_window: fill the window of `kind` (W_*).  Returns 0. */
static int exec_window(rt_node *n, int kind)
{
	rt_tensor *y = n->out[0];
	int64_t size = y->dims[0], i;
	double N = ir_attr_int(n->ir, "periodic", 1) ? (double)size : (double)(size - 1);

	for (i = 0; i < size; i++) {
		double a = N > 0 ? 2 * SIG_PI * (double)i / N : 0, v;
		if (kind == W_HANN)
			v = 0.5 - 0.5 * cos(a);
		else if (kind == W_HAMMING)
			v = 25.0 / 46 - 21.0 / 46 * cos(a);
		else
			v = 0.42 - 0.5 * cos(a) + 0.08 * cos(2 * a);
		rt_put_f(y, i, N > 0 ? v : 1);
	}
	return 0;
}

static int exec_hann(rt_node *n, onnxc_err *err)
{
	(void)err;
	return exec_window(n, W_HANN);
}

static int exec_hamming(rt_node *n, onnxc_err *err)
{
	(void)err;
	return exec_window(n, W_HAMMING);
}

static int exec_blackman(rt_node *n, onnxc_err *err)
{
	(void)err;
	return exec_window(n, W_BLACKMAN);
}

const rt_op rt_op_HannWindow = { prep_window, exec_hann, 0 };
const rt_op rt_op_HammingWindow = { prep_window, exec_hamming, 0 };
const rt_op rt_op_BlackmanWindow = { prep_window, exec_blackman, 0 };

/* ---- MelWeightMatrix ---- */

typedef struct mel_params {
	int64_t bins, dft, rate;
	double lo, hi;
} mel_params;

/* scalar_float: the one-element constant floating input idx into *v. */
static int scalar_float(rt_node *n, int idx, const char *what, double *v, onnxc_err *err)
{
	const rt_tensor *t;

	if (rt_dm_need(n, idx + 1, err) || rt_need_const(n, idx, err))
		return -1;
	t = n->in[idx];
	if (t->dtype != IR_FLOAT && t->dtype != IR_DOUBLE && t->dtype != IR_FLOAT16 &&
	    t->dtype != IR_BFLOAT16)
		return rt_fail(n, err, ONNXC_EINVAL, "%s must be a floating type, not %s", what,
			       ir_dtype_name(t->dtype));
	if (t->numel != 1 || t->rank > 1)
		return rt_fail(n, err, ONNXC_EINVAL, "%s must be a scalar", what);
	*v = rt_get_f(t, 0);
	return 0;
}

/* prep_mel: read the five scalar inputs (all needed at prepare), check
 * them, output [dft_length / 2 + 1, num_mel_bins]; scratch holds the
 * num_mel_bins + 2 filter points.  0 or -1. */
static int prep_mel(rt_node *n, onnxc_err *err)
{
	mel_params *p;
	int64_t dims[2];
	int dt;

	p = onnxc_calloc(1, sizeof *p);
	if (!p)
		return onnxc_oom(err);
	n->params = p;
	if (scalar_int(n, 0, "num_mel_bins", &p->bins, err) ||
	    scalar_int(n, 1, "dft_length", &p->dft, err) ||
	    scalar_int(n, 2, "sample_rate", &p->rate, err) ||
	    scalar_float(n, 3, "lower_edge_hertz", &p->lo, err) ||
	    scalar_float(n, 4, "upper_edge_hertz", &p->hi, err))
		return -1;
	if (p->bins < 1 || p->dft < 1 || p->rate < 1)
		return rt_fail(n, err, ONNXC_EINVAL,
			       "num_mel_bins, dft_length and sample_rate must be positive");
	if (!(p->lo >= 0 && p->lo < p->hi) || isinf(p->hi))
		return rt_fail(n, err, ONNXC_EINVAL, "need 0 <= lower_edge_hertz < upper_edge_hertz");
	if (p->bins > (1 << 24))
		return rt_fail(n, err, ONNXC_ELIMIT, "num_mel_bins %lld is too large",
			       (long long)p->bins);
	dt = out_type(n, err);
	if (dt < 0)
		return -1;
	dims[0] = p->dft / 2 + 1;
	dims[1] = p->bins;
	n->scratch_bytes = sizeof(int64_t) * (size_t)(p->bins + 2);
	return rt_set_shape(n, n->out[0], dt, 2, dims, err);
}

static double hz_to_mel(double hz)
{
	return 2595 * log10(1 + hz / 700);
}

static double mel_to_hz(double mel)
{
	return 700 * (pow(10, mel / 2595) - 1);
}

/* set: y[j, i] = v when row j exists. */
static void set(rt_tensor *y, int64_t j, int64_t i, double v)
{
	if (j >= 0 && j < y->dims[0])
		rt_put_f(y, j * y->dims[1] + i, v);
}

/* exec_mel: zero the matrix, place the filter points, draw each
 * triangle.  Returns 0. */
static int exec_mel(rt_node *n, onnxc_err *err)
{
	const mel_params *p = n->params;
	rt_tensor *y = n->out[0];
	int64_t *fb = n->scratch, i, j, rows = y->dims[0];
	double lm = hz_to_mel(p->lo), step = (hz_to_mel(p->hi) - lm) / (double)(p->bins + 2);

	(void)err;
	for (i = 0; i < y->numel; i++)
		rt_put_f(y, i, 0);
	for (i = 0; i < p->bins + 2; i++) {
		/* clamped so that the conversion is defined (|b| < 2^53 stays
		 * exact); only rows inside the output are visited below */
		double b = floor((double)(p->dft + 1) * mel_to_hz(lm + step * (double)i) /
				 (double)p->rate);
		fb[i] = b < -MEL_BIG ? -(int64_t)MEL_BIG : b > MEL_BIG ? (int64_t)MEL_BIG : (int64_t)b;
	}
	for (i = 0; i < p->bins; i++) {
		int64_t l = fb[i], c = fb[i + 1], r = fb[i + 2];
		if (c == l)
			set(y, c, i, 1);
		else
			for (j = l > 0 ? l : 0; j <= c && j < rows; j++)
				set(y, j, i, (double)(j - l) / (double)(c - l));
		if (r > c)
			for (j = c > 0 ? c : 0; j < r && j < rows; j++)
				set(y, j, i, (double)(r - j) / (double)(r - c));
	}
	return 0;
}

const rt_op rt_op_MelWeightMatrix = { prep_mel, exec_mel, 0 };
