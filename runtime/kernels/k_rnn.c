/*
 * k_rnn.c - RNN (1, 7, 14), GRU (1, 3, 7, 14), LSTM (1, 7, 14): attribute
 * and shape checks, activation functions, scratch layout.  The time loop
 * is in k_rnn_cell.c; see k_rnn.h for the scheme.
 *
 * float32 only.  Inputs: X, W, R, B, sequence_lens (int32), initial_h,
 * initial_c and P (LSTM); every output (Y, Y_h, Y_c) optional.  layout is
 * read from opset 14, linear_before_reset from GRU-3; output_sequence of
 * the opset-1 forms only says whether Y is wanted, which the presence of
 * the output already says.
 *
 * Choices where the ONNX text leaves room: clip bounds each gate's whole
 * pre-activation (peephole terms included) before its activation; the cell
 * state entering h is not clipped.  ThresholdedRelu is x >= alpha as the
 * RNN documentation writes it.  Alphas/betas missing from the lists take
 * the defaults of the same-named operators (LeakyRelu 0.01, ThresholdedRelu
 * 1, HardSigmoid 0.2/0.5, Elu 1, Affine 1/0, ScaledTanh 1/1).  A batch
 * entry with sequence length 0 gets zero Y rows and its initial state as
 * Y_h/Y_c.
 */
#include <limits.h>
#include <math.h>
#include <string.h>
#include <strings.h>

#include "k_rnn.h"

/* ---- activations ---- */

static const struct {
	const char *name;
	int fn;
	int n_ab;            /* 0: no alpha/beta; 1: alpha; 2: alpha and beta */
	float alpha, beta;   /* defaults of the matching ONNX operators */
} act_table[] = {
	{ "Relu", RNN_RELU, 0, 0, 0 },
	{ "Tanh", RNN_TANH, 0, 0, 0 },
	{ "Sigmoid", RNN_SIGMOID, 0, 0, 0 },
	{ "Affine", RNN_AFFINE, 2, 1.0f, 0.0f },
	{ "LeakyRelu", RNN_LEAKYRELU, 1, 0.01f, 0 },
	{ "ThresholdedRelu", RNN_THRESHOLDEDRELU, 1, 1.0f, 0 },
	{ "ScaledTanh", RNN_SCALEDTANH, 2, 1.0f, 1.0f },
	{ "HardSigmoid", RNN_HARDSIGMOID, 2, 0.2f, 0.5f },
	{ "Elu", RNN_ELU, 1, 1.0f, 0 },
	{ "Softsign", RNN_SOFTSIGN, 0, 0, 0 },
	{ "Softplus", RNN_SOFTPLUS, 0, 0, 0 },
};

static float softplus(float v)
{
	return v > 0 ? v + log1pf(expf(-v)) : log1pf(expf(v));
}

void rt_rnn_act_row(const rnn_act *a, float *x, int64_t n, float clip)
{
	const float al = a->alpha, be = a->beta;
	int64_t i;

	if (clip > 0)
		for (i = 0; i < n; i++) {
			if (x[i] > clip)
				x[i] = clip;
			else if (x[i] < -clip)
				x[i] = -clip;
		}
	switch (a->fn) {
	case RNN_RELU:
		for (i = 0; i < n; i++)
			x[i] = x[i] > 0 ? x[i] : (x[i] == x[i] ? 0.0f : x[i]);
		break;
	case RNN_TANH:
		for (i = 0; i < n; i++)
			x[i] = tanhf(x[i]);
		break;
	case RNN_SIGMOID:
		for (i = 0; i < n; i++)
			x[i] = 1.0f / (1.0f + expf(-x[i]));
		break;
	case RNN_AFFINE:
		for (i = 0; i < n; i++)
			x[i] = al * x[i] + be;
		break;
	case RNN_LEAKYRELU:
		for (i = 0; i < n; i++)
			x[i] = x[i] >= 0 ? x[i] : al * x[i];
		break;
	case RNN_THRESHOLDEDRELU:
		for (i = 0; i < n; i++)
			x[i] = x[i] >= al ? x[i] : (x[i] == x[i] ? 0.0f : x[i]);
		break;
	case RNN_SCALEDTANH:
		for (i = 0; i < n; i++)
			x[i] = al * tanhf(be * x[i]);
		break;
	case RNN_HARDSIGMOID:
		for (i = 0; i < n; i++) {
			float v = al * x[i] + be;
			x[i] = v < 0 ? 0.0f : v > 1 ? 1.0f : v;
		}
		break;
	case RNN_ELU:
		for (i = 0; i < n; i++)
			x[i] = x[i] >= 0 ? x[i] : al * expm1f(x[i]);
		break;
	case RNN_SOFTSIGN:
		for (i = 0; i < n; i++)
			x[i] = x[i] / (1.0f + fabsf(x[i]));
		break;
	case RNN_SOFTPLUS:
		for (i = 0; i < n; i++)
			x[i] = softplus(x[i]);
		break;
	}
}

/* parse_acts: the activations of every direction from the attributes
 * activations/activation_alpha/activation_beta (nact per direction; a
 * bidirectional node may list only nact and use them for both).  Alphas and
 * betas are consumed in list order by the functions that take them; when
 * the lists run out, the defaults of the matching ONNX operators apply.
 * 0 or -1. */
static int parse_acts(rt_node *n, rnn_params *p, int nact, const int *dflt, onnxc_err *err)
{
	const ir_attr *a = ir_attr_get(n->ir, "activations");
	const ir_attr *aa = ir_attr_get(n->ir, "activation_alpha");
	const ir_attr *ab = ir_attr_get(n->ir, "activation_beta");
	const size_t ntab = sizeof act_table / sizeof act_table[0];
	int ia = 0, ib = 0, d, k;

	if ((aa && aa->kind != IR_ATTR_FLOATS) || (ab && ab->kind != IR_ATTR_FLOATS))
		return rt_fail(n, err, ONNXC_EINVAL, "activation_alpha and activation_beta must be "
			       "lists of floats");
	if (!a) {
		for (d = 0; d < p->ndir; d++)
			for (k = 0; k < nact; k++)
				p->act[d][k] = (rnn_act){ dflt[k], 0, 0 };
		return 0;
	}
	if (a->kind != IR_ATTR_STRINGS)
		return rt_fail(n, err, ONNXC_EINVAL, "activations must be a list of strings");
	if (a->n != nact * p->ndir && a->n != nact)
		return rt_fail(n, err, ONNXC_EINVAL, "activations lists %d functions, expected %d",
			       a->n, nact * p->ndir);
	for (k = 0; k < a->n; k++) {
		const char *name = a->strings[k] ? a->strings[k] : "";
		rnn_act *o = &p->act[k / nact][k % nact];
		size_t t;

		for (t = 0; t < ntab; t++)
			if (!strcasecmp(name, act_table[t].name))
				break;
		if (t == ntab)
			return rt_fail(n, err, ONNXC_EINVAL, "unknown activation function '%s'", name);
		o->fn = act_table[t].fn;
		o->alpha = act_table[t].alpha;
		o->beta = act_table[t].beta;
		if (act_table[t].n_ab >= 1 && aa && ia < aa->n)
			o->alpha = aa->floats[ia++];
		if (act_table[t].n_ab >= 2 && ab && ib < ab->n)
			o->beta = ab->floats[ib++];
	}
	if (a->n == nact && p->ndir == 2)
		memcpy(p->act[1], p->act[0], sizeof p->act[0]);
	return 0;
}

/* ---- shapes ---- */

/* in_opt: input i of n, NULL when omitted or beyond n_in */
static rt_tensor *in_opt(const rt_node *n, int i)
{
	return i < n->n_in ? n->in[i] : NULL;
}

static rt_tensor *out_opt(const rt_node *n, int i)
{
	return i < n->n_out ? n->out[i] : NULL;
}

/* check_dims: input idx (named what) is float with the given dims; 0 or -1 */
static int check_dims(rt_node *n, int idx, const char *what, int rank, const int64_t *dims,
		      onnxc_err *err)
{
	const rt_tensor *t = n->in[idx];
	int d;

	if (t->dtype != IR_FLOAT)
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "%s: element type %s is not supported "
			       "(float only)", what, ir_dtype_name(t->dtype));
	if (t->rank != rank)
		return rt_fail(n, err, ONNXC_EINVAL, "%s has rank %d, expected %d", what, t->rank, rank);
	for (d = 0; d < rank; d++)
		if (t->dims[d] != dims[d])
			return rt_fail(n, err, ONNXC_EINVAL, "%s: dim %d is %lld, expected %lld", what, d,
				       (long long)t->dims[d], (long long)dims[d]);
	return 0;
}

/* parse_attrs: direction, hidden_size, layout, clip and the op's own
 * switches into p (shapes not yet known).  0 or -1. */
static int parse_attrs(rt_node *n, rnn_params *p, onnxc_err *err)
{
	const int ver = n->ir->since_version;
	const char *dir = ir_attr_string(n->ir, "direction", "forward");
	const ir_attr *clip = ir_attr_get(n->ir, "clip");

	if (!strcmp(dir, "forward") || !strcmp(dir, "reverse")) {
		p->ndir = 1;
		p->reverse = dir[0] == 'r';
	} else if (!strcmp(dir, "bidirectional")) {
		p->ndir = 2;
	} else {
		return rt_fail(n, err, ONNXC_EINVAL, "direction '%s' is not forward, reverse or "
			       "bidirectional", dir);
	}
	if (ver >= 14) {
		int64_t layout = ir_attr_int(n->ir, "layout", 0);
		if (layout != 0 && layout != 1)
			return rt_fail(n, err, ONNXC_EINVAL, "layout must be 0 or 1, not %lld",
				       (long long)layout);
		p->layout = (int)layout;
	}
	if (clip) {
		if (clip->kind != IR_ATTR_FLOAT || !(clip->f > 0))
			return rt_fail(n, err, ONNXC_EINVAL, "clip must be a positive float");
		p->clip = clip->f;
	}
	if (p->kind == RNN_GRU && ver >= 3)
		p->lbr = ir_attr_int(n->ir, "linear_before_reset", 0) != 0;
	if (p->kind == RNN_LSTM)
		p->input_forget = ir_attr_int(n->ir, "input_forget", 0) != 0;
	return 0;
}

/* check_inputs: dtypes and dims of every input against X and R; sets the
 * sizes in p.  0 or -1. */
static int check_inputs(rt_node *n, rnn_params *p, onnxc_err *err)
{
	const rt_tensor *x = n->in[0], *r = n->in[2];
	const ir_attr *hs = ir_attr_get(n->ir, "hidden_size");
	const int64_t nd = p->ndir;
	int64_t gh, dims[3];
	int i;

	if (x->dtype != IR_FLOAT)
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "X: element type %s is not supported "
			       "(float only)", ir_dtype_name(x->dtype));
	if (x->rank != 3)
		return rt_fail(n, err, ONNXC_EINVAL, "X has rank %d, expected 3", x->rank);
	p->seq = x->dims[p->layout ? 1 : 0];
	p->batch = x->dims[p->layout ? 0 : 1];
	p->isz = x->dims[2];
	if (r->rank != 3)
		return rt_fail(n, err, ONNXC_EINVAL, "R has rank %d, expected 3", r->rank);
	if (hs && hs->kind != IR_ATTR_INT)
		return rt_fail(n, err, ONNXC_EINVAL, "hidden_size must be an int");
	p->hid = hs ? hs->i : r->dims[2];
	if (p->hid < 1 || p->hid > INT_MAX / 4)
		return rt_fail(n, err, ONNXC_EINVAL, "hidden_size %lld is out of range",
			       (long long)p->hid);
	gh = p->ngates * p->hid;
	if (p->seq > INT_MAX || p->batch > INT_MAX || p->isz > INT_MAX ||
	    p->seq * p->batch > INT_MAX)
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "X dims exceed the BLAS int range");
	if (check_dims(n, 1, "W", 3, (int64_t[]){ nd, gh, p->isz }, err) ||
	    check_dims(n, 2, "R", 3, (int64_t[]){ nd, gh, p->hid }, err))
		return -1;
	if (in_opt(n, 3) && check_dims(n, 3, "B", 2, (int64_t[]){ nd, 2 * gh }, err))
		return -1;
	if (in_opt(n, 4)) {
		const rt_tensor *sl = n->in[4];
		if (sl->dtype != IR_INT32)
			return rt_fail(n, err, ONNXC_EINVAL, "sequence_lens must be int32, not %s",
				       ir_dtype_name(sl->dtype));
		if (sl->rank != 1 || sl->dims[0] != p->batch)
			return rt_fail(n, err, ONNXC_EINVAL, "sequence_lens must have shape [%lld]",
				       (long long)p->batch);
	}
	dims[0] = p->layout ? p->batch : nd;
	dims[1] = p->layout ? nd : p->batch;
	dims[2] = p->hid;
	for (i = 5; i <= (p->kind == RNN_LSTM ? 6 : 5); i++)
		if (in_opt(n, i) && check_dims(n, i, i == 5 ? "initial_h" : "initial_c", 3, dims, err))
			return -1;
	if (p->kind == RNN_LSTM && in_opt(n, 7) &&
	    check_dims(n, 7, "P", 2, (int64_t[]){ nd, 3 * p->hid }, err))
		return -1;
	return 0;
}

/* set_outputs: Y [seq, nd, batch, H] (layout 1: [batch, seq, nd, H]) and
 * Y_h, Y_c [nd, batch, H] (layout 1: [batch, nd, H]).  0 or -1. */
static int set_outputs(rt_node *n, const rnn_params *p, onnxc_err *err)
{
	const int64_t nd = p->ndir;
	int64_t y0[4] = { p->seq, nd, p->batch, p->hid }, y1[4] = { p->batch, p->seq, nd, p->hid };
	int64_t h0[3] = { nd, p->batch, p->hid }, h1[3] = { p->batch, nd, p->hid };
	int k;

	if (out_opt(n, 0) && rt_set_shape(n, n->out[0], IR_FLOAT, 4, p->layout ? y1 : y0, err))
		return -1;
	for (k = 1; k <= (p->kind == RNN_LSTM ? 2 : 1); k++)
		if (out_opt(n, k) &&
		    rt_set_shape(n, n->out[k], IR_FLOAT, 3, p->layout ? h1 : h0, err))
			return -1;
	if (p->kind != RNN_LSTM && out_opt(n, 2))
		return rt_fail(n, err, ONNXC_EINVAL, "has %d outputs, at most 2 expected", n->n_out);
	return 0;
}

/* region: reserve count floats at *off (rounded up to 16 floats = 64
 * bytes); returns the region's offset, or (size_t)-1 on overflow. */
static size_t region(size_t *off, int64_t a, int64_t b)
{
	size_t start = *off, cnt;

	if (start == (size_t)-1 || onnxc_mul_size((size_t)a, (size_t)b, &cnt) ||
	    cnt > SIZE_MAX / 8 - start)
		return *off = (size_t)-1;
	*off = start + ((cnt + 15) & ~(size_t)15);
	return start;
}

/* prep_rnn: common prep of the three ops: checks, params, output shapes,
 * scratch.  0 or -1. */
static int prep_rnn(rt_node *n, int kind, onnxc_err *err)
{
	static const int dflt_act[3][3] = {
		{ RNN_TANH }, { RNN_SIGMOID, RNN_TANH }, { RNN_SIGMOID, RNN_TANH, RNN_TANH }
	};
	const int max_in = kind == RNN_LSTM ? 8 : 6;
	rnn_params *p;
	size_t off = 0;
	int64_t gh;

	if (n->n_in < 3 || !n->in[0] || !n->in[1] || !n->in[2])
		return rt_fail(n, err, ONNXC_EINVAL, "inputs X, W and R are required");
	if (n->n_in > max_in)
		return rt_fail(n, err, ONNXC_EINVAL, "has %d inputs, at most %d expected", n->n_in,
			       max_in);
	if (n->n_out > (kind == RNN_LSTM ? 3 : 2))
		return rt_fail(n, err, ONNXC_EINVAL, "has %d outputs, at most %d expected", n->n_out,
			       kind == RNN_LSTM ? 3 : 2);
	p = onnxc_calloc(1, sizeof *p);
	if (!p)
		return onnxc_oom(err);
	n->params = p;
	p->kind = kind;
	p->ngates = kind == RNN_SIMPLE ? 1 : kind == RNN_GRU ? 3 : 4;
	if (parse_attrs(n, p, err) || check_inputs(n, p, err) ||
	    parse_acts(n, p, kind + 1, dflt_act[kind], err) || set_outputs(n, p, err))
		return -1;
	gh = p->ngates * p->hid;
	p->off_xw = region(&off, p->seq * p->batch, gh);
	p->off_hr = region(&off, p->batch, gh);
	p->off_h = region(&off, p->batch, p->hid);
	p->off_c = region(&off, kind == RNN_LSTM ? p->batch : 0, p->hid);
	p->off_tmp = region(&off, kind == RNN_GRU ? p->batch : 0, p->hid);
	p->off_bias = region(&off, 2, gh);
	if (off == (size_t)-1)
		return rt_fail(n, err, ONNXC_ELIMIT, "scratch size overflows");
	n->scratch_bytes = off * sizeof(float);
	return 0;
}

static int prep_simple(rt_node *n, onnxc_err *err)
{
	return prep_rnn(n, RNN_SIMPLE, err);
}

static int prep_gru(rt_node *n, onnxc_err *err)
{
	return prep_rnn(n, RNN_GRU, err);
}

static int prep_lstm(rt_node *n, onnxc_err *err)
{
	return prep_rnn(n, RNN_LSTM, err);
}

const rt_op rt_op_RNN = { prep_simple, rt_rnn_exec, 0 };
const rt_op rt_op_GRU = { prep_gru, rt_rnn_exec, 0 };
const rt_op rt_op_LSTM = { prep_lstm, rt_rnn_exec, 0 };
