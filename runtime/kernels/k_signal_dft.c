/*
 * k_signal_dft.c - DFT (17) and STFT (17).
 *
 * Signals end in a dimension of 1 (real) or 2 (real, imaginary); outputs
 * are complex (last dimension 2).  Transforms are direct O(L^2) sums in
 * double over a table of cos/sin(2 pi k / L) in scratch (no FFT yet:
 * correctness first); lengths above 2^24 are refused (ONNXC_ELIMIT).
 *
 * DFT: along `axis` (default 1; negative counts from the end of the input's
 * rank, the last dimension excluded) with length L = dft_length (optional
 * input, needed at prepare) or the axis length: longer signals are cut,
 * shorter ones zero-padded.  inverse = 1 computes (1/L) sum x[n] e^(+2 pi i
 * nk/L).  onesided = 1 keeps bins 0..L/2 (real input only, not with
 * inverse).
 *
 * STFT: signal [batch, length, 1|2], frame_step (scalar, needed at
 * prepare), optional window [W] and frame_length (scalar, needed at
 * prepare; W when absent, and equal to W when both are given).  Frame f
 * transforms signal[f * step + n] * window[n], n < frame_length; there are
 * (length - frame_length) / step + 1 frames.  onesided (default 1) keeps
 * frame_length / 2 + 1 bins (real signal and window only).
 *
 * Types: float, double, float16, bfloat16 (integer inputs int32/int64).
 */
#include <math.h>
#include <string.h>

#include "k_tensor_dm.h"

#define DFT_PI 3.14159265358979323846
#define DFT_MAXLEN ((int64_t)1 << 24)   /* longest transform (direct sums are O(L^2)) */

typedef struct dft_params {
	int64_t outer, inner;      /* dims before and after the axis (last dim excluded) */
	int64_t in_len, len, nout; /* axis length, transform length, bins kept */
	int in_cplx, inverse;
	/* STFT */
	int64_t step, frames;
} dft_params;

static int float_type(int dt)
{
	return dt == IR_FLOAT || dt == IR_DOUBLE || dt == IR_FLOAT16 || dt == IR_BFLOAT16;
}

/* scalar_int: the one-element constant integer input idx into *v. */
static int scalar_int(rt_node *n, int idx, const char *what, int64_t *v, onnxc_err *err)
{
	int cnt;

	if (rt_in_ints(n, idx, v, 1, &cnt, err))
		return -1;
	if (cnt != 1 || n->in[idx]->rank > 1)
		return rt_fail(n, err, ONNXC_EINVAL, "%s must be a scalar", what);
	return 0;
}

/* scratch_for: scratch bytes of a transform of length len: the cos and sin
 * tables and one complex line. */
static int scratch_for(rt_node *n, int64_t len, onnxc_err *err)
{
	size_t bytes;

	if (len > DFT_MAXLEN || onnxc_mul_size((size_t)len, 4 * sizeof(double), &bytes))
		return rt_fail(n, err, ONNXC_ELIMIT, "transform length %lld is too large",
			       (long long)len);
	n->scratch_bytes = bytes;
	return 0;
}

/* twiddles: cs[k] = cos(2 pi k / len), sn[k] = sin(2 pi k / len). */
static void twiddles(double *cs, double *sn, int64_t len)
{
	int64_t k;

	for (k = 0; k < len; k++) {
		double a = 2 * DFT_PI * (double)k / (double)len;
		cs[k] = cos(a);
		sn[k] = sin(a);
	}
}

/* transform: bins 0..nout-1 of the DFT of the complex line (re, im
 * interleaved, len values) into y at element offset yo, bin stride ys (in
 * complex elements); the inverse when inv (with the 1/len factor). */
static void transform(const double *line, int64_t len, int64_t nout, int inv, const double *cs,
		      const double *sn, rt_tensor *y, int64_t yo, int64_t ys)
{
	int64_t k, j;
	double sg = inv ? 1 : -1, sc = inv ? 1 / (double)len : 1;

	for (k = 0; k < nout; k++) {
		double re = 0, im = 0;
		int64_t t = 0;
		for (j = 0; j < len; j++) {
			double c = cs[t], s = sg * sn[t];
			re += line[2 * j] * c - line[2 * j + 1] * s;
			im += line[2 * j] * s + line[2 * j + 1] * c;
			t += k;
			if (t >= len)
				t %= len;
		}
		rt_put_f(y, 2 * (yo + k * ys), re * sc);
		rt_put_f(y, 2 * (yo + k * ys) + 1, im * sc);
	}
}

/* ---- DFT ---- */

/* prep_dft: validate, read dft_length (needed at prepare when given),
 * output shape with the axis resized to the bins kept.  0 or -1. */
static int prep_dft(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x;
	int64_t ax = ir_attr_int(n->ir, "axis", 1), dims[RT_MAXRANK];
	int onesided = ir_attr_int(n->ir, "onesided", 0) != 0, axis;
	dft_params *p;

	if (rt_dm_need(n, 1, err))
		return -1;
	x = n->in[0];
	if (!float_type(x->dtype))
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "input of type %s is not supported",
			       ir_dtype_name(x->dtype));
	if (x->rank < 2 || (x->dims[x->rank - 1] != 1 && x->dims[x->rank - 1] != 2))
		return rt_fail(n, err, ONNXC_EINVAL, "input must end in a dimension of 1 or 2");
	if (ax < 0)
		ax += x->rank;
	if (ax < 0 || ax > x->rank - 2)
		return rt_fail(n, err, ONNXC_EINVAL, "axis %lld is out of range for rank %d",
			       (long long)ir_attr_int(n->ir, "axis", 1), x->rank);
	axis = (int)ax;
	p = onnxc_calloc(1, sizeof *p);
	if (!p)
		return onnxc_oom(err);
	n->params = p;
	p->in_cplx = x->dims[x->rank - 1] == 2;
	p->inverse = ir_attr_int(n->ir, "inverse", 0) != 0;
	p->in_len = x->dims[axis];
	p->len = p->in_len;
	if (RT_DM_IN(n, 1) && scalar_int(n, 1, "dft_length", &p->len, err))
		return -1;
	if (p->len < 1)
		return rt_fail(n, err, ONNXC_EINVAL, "dft_length %lld must be positive",
			       (long long)p->len);
	if (onesided && (p->in_cplx || p->inverse))
		return rt_fail(n, err, ONNXC_EUNSUPPORTED,
			       "onesided is only supported for a real forward transform");
	p->nout = onesided ? p->len / 2 + 1 : p->len;
	p->outer = rt_numel(axis, x->dims);
	p->inner = rt_numel(x->rank - 2 - axis, x->dims + axis + 1);
	memcpy(dims, x->dims, sizeof(int64_t) * (size_t)x->rank);
	dims[axis] = p->nout;
	dims[x->rank - 1] = 2;
	if (scratch_for(n, p->len, err))
		return -1;
	return rt_set_shape(n, n->out[0], x->dtype, x->rank, dims, err);
}

/* exec_dft: each line along the axis is gathered (cut or zero-padded to
 * dft_length) and transformed.  Returns 0. */
static int exec_dft(rt_node *n, onnxc_err *err)
{
	const dft_params *p = n->params;
	const rt_tensor *x = n->in[0];
	double *cs = n->scratch, *sn = cs + p->len, *line = sn + p->len;
	int64_t a, b, j, L = p->len, cw = p->in_cplx ? 2 : 1;

	(void)err;
	twiddles(cs, sn, L);
	for (a = 0; a < p->outer; a++)
		for (b = 0; b < p->inner; b++) {
			for (j = 0; j < L; j++) {
				int64_t xi = ((a * p->in_len + j) * p->inner + b) * cw;
				int in = j < p->in_len;
				line[2 * j] = in ? rt_get_f(x, xi) : 0;
				line[2 * j + 1] = in && p->in_cplx ? rt_get_f(x, xi + 1) : 0;
			}
			transform(line, L, p->nout, p->inverse, cs, sn, n->out[0],
				  a * p->nout * p->inner + b, p->inner);
		}
	return 0;
}

const rt_op rt_op_DFT = { prep_dft, exec_dft, 0 };

/* ---- STFT ---- */

/* prep_stft: validate, read frame_step and frame_length (needed at
 * prepare), output [batch, frames, bins, 2].  0 or -1. */
static int prep_stft(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x, *w;
	int64_t dims[4], fl = -1;
	int onesided = ir_attr_int(n->ir, "onesided", 1) != 0;
	dft_params *p;

	if (rt_dm_need(n, 2, err))
		return -1;
	x = n->in[0];
	w = RT_DM_IN(n, 2);
	if (!float_type(x->dtype))
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "signal of type %s is not supported",
			       ir_dtype_name(x->dtype));
	if (x->rank != 3 || (x->dims[2] != 1 && x->dims[2] != 2))
		return rt_fail(n, err, ONNXC_EINVAL, "signal must be [batch, length, 1 or 2]");
	p = onnxc_calloc(1, sizeof *p);
	if (!p)
		return onnxc_oom(err);
	n->params = p;
	p->in_cplx = x->dims[2] == 2;
	if (scalar_int(n, 1, "frame_step", &p->step, err))
		return -1;
	if (p->step < 1)
		return rt_fail(n, err, ONNXC_EINVAL, "frame_step %lld must be positive",
			       (long long)p->step);
	if (w) {
		if (w->dtype != x->dtype || w->rank != 1)
			return rt_fail(n, err, ONNXC_EINVAL, "window must be 1-D of the signal's type");
		fl = w->dims[0];
	}
	if (RT_DM_IN(n, 3)) {
		int64_t v;
		if (scalar_int(n, 3, "frame_length", &v, err))
			return -1;
		if (w && v != fl)
			return rt_fail(n, err, ONNXC_EINVAL, "frame_length %lld differs from the "
				       "window's length %lld", (long long)v, (long long)fl);
		fl = v;
	}
	if (fl < 0)
		return rt_fail(n, err, ONNXC_EINVAL, "needs a window or a frame_length");
	if (fl < 1 || fl > x->dims[1])
		return rt_fail(n, err, ONNXC_EINVAL, "frame length %lld does not fit the signal "
			       "length %lld", (long long)fl, (long long)x->dims[1]);
	if (onesided && p->in_cplx)
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "onesided needs a real signal");
	p->len = fl;
	p->nout = onesided ? fl / 2 + 1 : fl;
	p->frames = (x->dims[1] - fl) / p->step + 1;
	dims[0] = x->dims[0];
	dims[1] = p->frames;
	dims[2] = p->nout;
	dims[3] = 2;
	if (scratch_for(n, fl, err))
		return -1;
	return rt_set_shape(n, n->out[0], x->dtype, 4, dims, err);
}

/* exec_stft: each frame, windowed, is transformed.  Returns 0. */
static int exec_stft(rt_node *n, onnxc_err *err)
{
	const dft_params *p = n->params;
	const rt_tensor *x = n->in[0], *w = RT_DM_IN(n, 2);
	double *cs = n->scratch, *sn = cs + p->len, *line = sn + p->len;
	int64_t b, f, j, L = p->len, cw = p->in_cplx ? 2 : 1, len = x->dims[1];

	(void)err;
	twiddles(cs, sn, L);
	for (b = 0; b < x->dims[0]; b++)
		for (f = 0; f < p->frames; f++) {
			for (j = 0; j < L; j++) {
				int64_t xi = (b * len + f * p->step + j) * cw;
				double wv = w ? rt_get_f(w, j) : 1;
				line[2 * j] = rt_get_f(x, xi) * wv;
				line[2 * j + 1] = p->in_cplx ? rt_get_f(x, xi + 1) * wv : 0;
			}
			transform(line, L, p->nout, 0, cs, sn, n->out[0],
				  (b * p->frames + f) * p->nout, 1);
		}
	return 0;
}

const rt_op rt_op_STFT = { prep_stft, exec_stft, 0 };
