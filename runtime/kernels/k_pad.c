/*
 * k_pad.c - Pad: constant, reflect and edge modes; pads from the `paddings`
 * (v1) / `pads` (v2) attributes or the constant input (v11+).  Negative pads
 * crop: the input is first cut down, then padded (reflect and edge read the
 * cut-down input).  Reflect repeats the reflection like numpy when the pad
 * is longer than the dim.
 *
 * prep maps every output index of every axis to an input index (or -1 for
 * the constant); exec walks the output row by row.
 */
#include <string.h>

#include "k_tensor_dm.h"

enum { PAD_CONSTANT, PAD_REFLECT, PAD_EDGE };

typedef struct pad_params {
	int rank;
	int64_t odims[RT_MAXRANK];
	int64_t istrides[RT_MAXRANK];
	int64_t map_off[RT_MAXRANK];   /* where axis k's map starts in map[] */
	int64_t copy_lo, copy_hi;      /* last axis: outputs [lo, hi) map to a run */
	double value;                  /* constant of v1/v2 */
	int64_t map[];                 /* output index -> input index or -1 */
} pad_params;

/* map_index: input index of output index j of an axis with input length d,
 * crop cb at the start, effective length L, positive pad pb at the start. */
static int64_t map_index(int mode, int64_t j, int64_t cb, int64_t L, int64_t pb)
{
	int64_t t = j - pb, period;

	if (t >= 0 && t < L)
		return cb + t;
	if (mode == PAD_CONSTANT)
		return -1;
	if (mode == PAD_EDGE || L == 1)
		return cb + (t < 0 ? 0 : L - 1);
	period = 2 * (L - 1);
	t %= period;
	if (t < 0)
		t += period;
	return cb + (t >= L ? period - t : t);
}

/* pad_args: mode, pads (2*rank entries) and, for v1/v2, the value. */
static int pad_args(rt_node *n, int rank, int *mode, int64_t *pads, double *value,
		    onnxc_err *err)
{
	const char *m = ir_attr_string(n->ir, "mode", "constant");
	int cnt;

	if (!strcmp(m, "constant"))
		*mode = PAD_CONSTANT;
	else if (!strcmp(m, "reflect"))
		*mode = PAD_REFLECT;
	else if (!strcmp(m, "edge"))
		*mode = PAD_EDGE;
	else
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "mode '%s' is not supported", m);
	*value = 0;
	if (n->ir->since_version < 11) {
		const char *name = n->ir->since_version < 2 ? "paddings" : "pads";
		const int64_t *a = ir_attr_ints(n->ir, name, &cnt);
		if (!a)
			return rt_fail(n, err, ONNXC_EINVAL, "attribute '%s' is missing", name);
		if (cnt != 2 * rank)
			goto bad_count;
		memcpy(pads, a, sizeof(int64_t) * (size_t)cnt);
		*value = ir_attr_float(n->ir, "value", 0);
		return 0;
	}
	if (RT_DM_IN(n, 3))
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "the axes input is not supported");
	if (rt_in_ints(n, 1, pads, 2 * RT_MAXRANK, &cnt, err))
		return -1;
	if (cnt != 2 * rank)
		goto bad_count;
	return 0;

bad_count:
	return rt_fail(n, err, ONNXC_EINVAL, "pads has %d entries, a rank-%d input needs %d", cnt,
		       rank, 2 * rank);
}

static int prep_pad(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x, *cv;
	int64_t pads[2 * RT_MAXRANK], cb[RT_MAXRANK], len[RT_MAXRANK], pb[RT_MAXRANK];
	int64_t odims[RT_MAXRANK] = { 0 };
	int64_t total = 0, j;
	pad_params *p;
	double value = 0;
	int mode = PAD_CONSTANT, r, k;

	if (rt_dm_need(n, n->ir->since_version >= 11 ? 2 : 1, err))
		return -1;
	x = n->in[0];
	r = x->rank;
	if (rt_dm_dtype(n, x, "data", err) || pad_args(n, r, &mode, pads, &value, err))
		return -1;
	if (n->ir->since_version < 11 && value != 0 && !rt_dm_real(x->dtype))
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "value %g cannot be stored as %s", value,
			       ir_dtype_name(x->dtype));
	cv = n->ir->since_version >= 11 ? RT_DM_IN(n, 2) : NULL;
	if (cv && (cv->dtype != x->dtype || cv->numel != 1))
		return rt_fail(n, err, ONNXC_EINVAL, "constant_value must be one %s",
			       ir_dtype_name(x->dtype));
	for (k = 0; k < r; k++) {
		int64_t b = pads[k], e = pads[k + r], d = x->dims[k];
		if (b < -d || e < -d || b > ((int64_t)1 << 40) || e > ((int64_t)1 << 40))
			return rt_fail(n, err, ONNXC_EINVAL, "pads %lld, %lld are invalid for dim %d of size %lld",
				       (long long)b, (long long)e, k, (long long)d);
		cb[k] = b < 0 ? -b : 0;
		len[k] = d - cb[k] - (e < 0 ? -e : 0);
		pb[k] = b > 0 ? b : 0;
		if (len[k] < 0)
			return rt_fail(n, err, ONNXC_EINVAL, "pads crop %lld from dim %d of size %lld",
				       (long long)(cb[k] + (e < 0 ? -e : 0)), k, (long long)d);
		if (mode != PAD_CONSTANT && len[k] == 0 && (b > 0 || e > 0))
			return rt_fail(n, err, ONNXC_EINVAL, "cannot %s-pad the empty dim %d",
				       mode == PAD_EDGE ? "edge" : "reflect", k);
		odims[k] = len[k] + pb[k] + (e > 0 ? e : 0);
		total += odims[k];
	}
	if (rt_set_shape(n, n->out[0], x->dtype, r, odims, err))
		return -1;
	if (!n->out[0]->numel)
		total = 0;   /* exec has nothing to do: no maps */
	p = onnxc_calloc(1, sizeof *p + sizeof(int64_t) * (size_t)(total ? total : 1));
	if (!p)
		return onnxc_oom(err);
	n->params = p;
	p->rank = r;
	p->value = value;
	memcpy(p->odims, odims, sizeof odims);
	rt_dm_strides(r, x->dims, p->istrides);
	for (k = 0, j = 0; k < r && total; k++) {
		int64_t o;
		p->map_off[k] = j;
		for (o = 0; o < odims[k]; o++)
			p->map[j + o] = map_index(mode, o, cb[k], len[k], pb[k]);
		j += odims[k];
	}
	if (r) {
		p->copy_lo = pb[r - 1];
		p->copy_hi = pb[r - 1] + len[r - 1];
	}
	return 0;
}

/* put_elems: cnt copies of the es-byte value at v into dst. */
static void put_elems(unsigned char *dst, const unsigned char *v, size_t es, int64_t cnt)
{
	int64_t i;

	for (i = 0; i < cnt; i++, dst += es)
		memcpy(dst, v, es);
}

static int exec_pad(rt_node *n, onnxc_err *err)
{
	const pad_params *p = n->params;
	const rt_tensor *x = n->in[0], *cv = n->ir->since_version >= 11 ? RT_DM_IN(n, 2) : NULL;
	rt_tensor *y = n->out[0];
	size_t es = ir_dtype_size(x->dtype);
	unsigned char val[16] = { 0 }, *dst = y->data;
	const unsigned char *src = x->data;
	int64_t c[RT_MAXRANK] = { 0 }, rows = 1, row, cols, j;
	const int64_t *lmap;
	int r = p->rank, k;

	(void)err;
	if (!y->numel)
		return 0;
	if (r == 0) {
		memcpy(dst, src, es);
		return 0;
	}
	if (cv) {
		memcpy(val, cv->data, es);
	} else if (p->value != 0) {
		rt_tensor t = { 0 };
		t.dtype = x->dtype;
		t.data = val;
		rt_put_f(&t, 0, p->value);
	}
	cols = p->odims[r - 1];
	lmap = p->map + p->map_off[r - 1];
	for (k = 0; k < r - 1; k++)
		rows *= p->odims[k];
	for (row = 0; row < rows; row++, dst += (size_t)cols * es) {
		int64_t base = 0;
		int outside = 0;
		for (k = 0; k < r - 1; k++) {
			int64_t i = p->map[p->map_off[k] + c[k]];
			if (i < 0)
				outside = 1;
			base += i * p->istrides[k];
		}
		if (outside) {
			put_elems(dst, val, es, cols);
		} else {
			for (j = 0; j < p->copy_lo; j++)
				if (lmap[j] < 0)
					memcpy(dst + (size_t)j * es, val, es);
				else
					memcpy(dst + (size_t)j * es, src + (size_t)(base + lmap[j]) * es, es);
			if (p->copy_hi > p->copy_lo)
				memcpy(dst + (size_t)p->copy_lo * es,
				       src + (size_t)(base + lmap[p->copy_lo]) * es,
				       (size_t)(p->copy_hi - p->copy_lo) * es);
			for (j = p->copy_hi; j < cols; j++)
				if (lmap[j] < 0)
					memcpy(dst + (size_t)j * es, val, es);
				else
					memcpy(dst + (size_t)j * es, src + (size_t)(base + lmap[j]) * es, es);
		}
		for (k = r - 2; k >= 0; k--) {
			if (++c[k] < p->odims[k])
				break;
			c[k] = 0;
		}
	}
	return 0;
}

const rt_op rt_op_Pad = { prep_pad, exec_pad, 0 };
