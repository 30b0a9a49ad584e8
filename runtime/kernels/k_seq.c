/*
 * k_seq.c - sequence ops: SequenceEmpty, SequenceConstruct, SequenceInsert,
 * SequenceAt, SequenceErase, SequenceLength, ConcatFromSequence,
 * SplitToSequence (opset 11).
 *
 * A sequence value is an RT_SEQUENCE tensor whose data is an rt_seq (rt.h).
 * Sequences exist only at prepare: every op here needs all its inputs
 * constant (rt_need_const), so the session binds the graph inputs they
 * derive from by value and the whole computation folds.  Items share the
 * data of the constants they come from (plan- or model-owned, alive as long
 * as the plan); new items and item arrays come from rt_alloc_const.
 */
#include <string.h>

#include "rt.h"

/* elsize: bytes per element of dtype (a pointer for strings). */
static size_t elsize(int dtype)
{
	return dtype == IR_STRING ? sizeof(char *) : ir_dtype_size(dtype);
}

/* all_const: every present input constant, else -1 (err, need_value). */
static int all_const(rt_node *n, int first_optional, onnxc_err *err)
{
	int k;

	if (n->n_out < 1 || !n->out[0])
		return rt_fail(n, err, ONNXC_EINVAL, "output 0 is missing");
	for (k = 0; k < n->n_in; k++) {
		if (!n->in[k] && k >= first_optional)
			continue;
		if (rt_need_const(n, k, err))
			return -1;
	}
	return 0;
}

/* seq_in: input k as a sequence, or NULL (err) when it is not one. */
static const rt_seq *seq_in(rt_node *n, int k, onnxc_err *err)
{
	if (k >= n->n_in || !n->in[k] || n->in[k]->dtype != RT_SEQUENCE) {
		rt_fail(n, err, ONNXC_EINVAL, "input %d must be a sequence", k);
		return NULL;
	}
	return n->in[k]->data;
}

/* position: the optional scalar integer input k normalised against
 * [0, count) (insert: [0, count]); dflt when absent.  -1 (err) when out
 * of range. */
static int position(rt_node *n, int k, int64_t count, int insert, int64_t dflt, int64_t *out,
		    onnxc_err *err)
{
	const rt_tensor *t = k < n->n_in ? n->in[k] : NULL;
	int64_t p, hi = insert ? count : count - 1;

	if (!t) {
		*out = dflt;
		return 0;
	}
	if ((t->dtype != IR_INT64 && t->dtype != IR_INT32) || t->numel != 1)
		return rt_fail(n, err, ONNXC_EINVAL, "position must be one int32 or int64");
	p = rt_get_i(t, 0);
	if (p < -count || p > hi)
		return rt_fail(n, err, ONNXC_EINVAL, "position %lld is out of range for a sequence "
			       "of %lld", (long long)p, (long long)count);
	*out = p < 0 ? p + count : p;
	return 0;
}

/* make_seq: out[0]'s rt_seq with room for count items (zeroed). */
static rt_seq *make_seq(rt_node *n, int64_t count, int dtype, onnxc_err *err)
{
	rt_seq *s = n->out[0]->data;
	void *items;

	if (count > INT32_MAX) {
		rt_fail(n, err, ONNXC_ELIMIT, "sequence too long");
		return NULL;
	}
	if (rt_alloc_const(n, sizeof(rt_tensor) * (size_t)count, &items, err))
		return NULL;
	s->n = (int)count;
	s->dtype = dtype;
	s->items = items;
	return s;
}

/* item_of: a sequence item standing for constant tensor t (shares data). */
static rt_tensor item_of(const rt_tensor *t)
{
	rt_tensor it = *t;

	it.ir = NULL;
	it.is_const = 1;
	return it;
}

static int prep_seq_out(rt_node *n, onnxc_err *err)
{
	return rt_set_shape(n, n->out[0], RT_SEQUENCE, 0, NULL, err);
}

/* ---- SequenceEmpty ---- */
static int prep_empty(rt_node *n, onnxc_err *err)
{
	int64_t dt = ir_attr_int(n->ir, "dtype", IR_FLOAT);

	if (!ir_dtype_valid((int)dt))
		return rt_fail(n, err, ONNXC_EINVAL, "dtype %lld is not an element type",
			       (long long)dt);
	if (all_const(n, 0, err))
		return -1;
	return prep_seq_out(n, err);
}

static int exec_empty(rt_node *n, onnxc_err *err)
{
	return make_seq(n, 0, (int)ir_attr_int(n->ir, "dtype", IR_FLOAT), err) ? 0 : -1;
}

/* ---- SequenceConstruct ---- */
static int prep_construct(rt_node *n, onnxc_err *err)
{
	int k;

	if (n->n_in < 1)
		return rt_fail(n, err, ONNXC_EINVAL, "needs at least one input");
	if (all_const(n, n->n_in, err))
		return -1;
	for (k = 0; k < n->n_in; k++)
		if (n->in[k]->dtype == RT_SEQUENCE || n->in[k]->dtype != n->in[0]->dtype)
			return rt_fail(n, err, ONNXC_EINVAL, "inputs must be tensors of one type");
	return prep_seq_out(n, err);
}

static int exec_construct(rt_node *n, onnxc_err *err)
{
	rt_seq *s = make_seq(n, n->n_in, n->in[0]->dtype, err);
	int k;

	if (!s)
		return -1;
	for (k = 0; k < n->n_in; k++)
		s->items[k] = item_of(n->in[k]);
	return 0;
}

/* ---- SequenceInsert ---- */
static int prep_insert(rt_node *n, onnxc_err *err)
{
	const rt_seq *s;
	int64_t pos;

	if (n->n_in < 2 || !n->in[1])
		return rt_fail(n, err, ONNXC_EINVAL, "needs a sequence and a tensor");
	if (all_const(n, 2, err) || !(s = seq_in(n, 0, err)))
		return -1;
	if (n->in[1]->dtype == RT_SEQUENCE || (s->dtype && n->in[1]->dtype != s->dtype) ||
	    (s->n && n->in[1]->dtype != s->items[0].dtype))
		return rt_fail(n, err, ONNXC_EINVAL, "a %s tensor cannot join a sequence of %s",
			       ir_dtype_name(n->in[1]->dtype),
			       ir_dtype_name(s->n ? s->items[0].dtype : s->dtype));
	if (position(n, 2, s->n, 1, s->n, &pos, err))
		return -1;
	return prep_seq_out(n, err);
}

static int exec_insert(rt_node *n, onnxc_err *err)
{
	const rt_seq *in = n->in[0]->data;
	rt_seq *s;
	int64_t pos;

	if (position(n, 2, in->n, 1, in->n, &pos, err) ||
	    !(s = make_seq(n, (int64_t)in->n + 1, n->in[1]->dtype, err)))
		return -1;
	if (pos)
		memcpy(s->items, in->items, sizeof(rt_tensor) * (size_t)pos);
	s->items[pos] = item_of(n->in[1]);
	if (in->n - pos)
		memcpy(s->items + pos + 1, in->items + pos, sizeof(rt_tensor) * (size_t)(in->n - pos));
	return 0;
}

/* ---- SequenceErase ---- */
static int prep_erase(rt_node *n, onnxc_err *err)
{
	const rt_seq *s;
	int64_t pos;

	if (all_const(n, 1, err) || !(s = seq_in(n, 0, err)))
		return -1;
	if (!s->n)
		return rt_fail(n, err, ONNXC_EINVAL, "the sequence is empty");
	if (position(n, 1, s->n, 0, s->n - 1, &pos, err))
		return -1;
	return prep_seq_out(n, err);
}

static int exec_erase(rt_node *n, onnxc_err *err)
{
	const rt_seq *in = n->in[0]->data;
	rt_seq *s;
	int64_t pos;

	if (position(n, 1, in->n, 0, in->n - 1, &pos, err) ||
	    !(s = make_seq(n, (int64_t)in->n - 1, in->dtype, err)))
		return -1;
	if (pos)
		memcpy(s->items, in->items, sizeof(rt_tensor) * (size_t)pos);
	if (in->n - pos - 1)
		memcpy(s->items + pos, in->items + pos + 1,
		       sizeof(rt_tensor) * (size_t)(in->n - pos - 1));
	return 0;
}

/* ---- SequenceAt ---- */
static int prep_at(rt_node *n, onnxc_err *err)
{
	const rt_seq *s;
	const rt_tensor *it;
	int64_t pos;

	if (n->n_in < 2 || !n->in[1])
		return rt_fail(n, err, ONNXC_EINVAL, "needs a sequence and a position");
	if (all_const(n, 2, err) || !(s = seq_in(n, 0, err)) ||
	    position(n, 1, s->n, 0, 0, &pos, err))
		return -1;
	it = &s->items[pos];
	return rt_set_shape(n, n->out[0], it->dtype, it->rank, it->dims, err);
}

static int exec_at(rt_node *n, onnxc_err *err)
{
	const rt_seq *s = n->in[0]->data;
	int64_t pos;

	if (position(n, 1, s->n, 0, 0, &pos, err))
		return -1;
	if (n->out[0]->nbytes)
		memcpy(n->out[0]->data, s->items[pos].data, n->out[0]->nbytes);
	return 0;
}

/* ---- SequenceLength ---- */
static int prep_length(rt_node *n, onnxc_err *err)
{
	if (all_const(n, 1, err) || !seq_in(n, 0, err))
		return -1;
	return rt_set_shape(n, n->out[0], IR_INT64, 0, NULL, err);
}

static int exec_length(rt_node *n, onnxc_err *err)
{
	(void)err;
	*(int64_t *)n->out[0]->data = ((const rt_seq *)n->in[0]->data)->n;
	return 0;
}

/* ---- ConcatFromSequence ---- */

/* concat_axis: the axis (normalised) of ConcatFromSequence for items of
 * rank r; *new_axis gets the attribute. */
static int concat_axis(rt_node *n, int r, int *axis, int *new_axis, onnxc_err *err)
{
	const ir_attr *a = ir_attr_get(n->ir, "axis");

	if (!a)
		return rt_fail(n, err, ONNXC_EINVAL, "attribute 'axis' is missing");
	*new_axis = ir_attr_int(n->ir, "new_axis", 0) != 0;
	return rt_axis(n, a->i, r + *new_axis, axis, err);
}

static int prep_concat(rt_node *n, onnxc_err *err)
{
	const rt_seq *s;
	int64_t dims[RT_MAXRANK];
	int axis, new_axis, k, d, r;

	if (all_const(n, 1, err) || !(s = seq_in(n, 0, err)))
		return -1;
	if (!s->n)
		return rt_fail(n, err, ONNXC_EINVAL, "the sequence is empty");
	r = s->items[0].rank;
	if (concat_axis(n, r, &axis, &new_axis, err))
		return -1;
	if (r + new_axis > RT_MAXRANK)
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "rank %d exceeds %d", r + 1, RT_MAXRANK);
	for (k = 1; k < s->n; k++) {
		const rt_tensor *t = &s->items[k];
		if (t->dtype != s->items[0].dtype || t->rank != r)
			return rt_fail(n, err, ONNXC_EINVAL, "item %d differs in type or rank", k);
		for (d = 0; d < r; d++)
			if (t->dims[d] != s->items[0].dims[d] && (new_axis || d != axis))
				return rt_fail(n, err, ONNXC_EINVAL, "item %d: dim %d is %lld, "
					       "expected %lld", k, d, (long long)t->dims[d],
					       (long long)s->items[0].dims[d]);
	}
	for (d = 0, k = 0; d < r + new_axis; d++) {
		if (new_axis && d == axis) {
			dims[d] = s->n;
			continue;
		}
		dims[d] = s->items[0].dims[k];
		if (!new_axis && d == axis) {
			int j;
			for (j = 1; j < s->n; j++)
				dims[d] += s->items[j].dims[k];
		}
		k++;
	}
	return rt_set_shape(n, n->out[0], s->items[0].dtype, r + new_axis, dims, err);
}

static int exec_concat(rt_node *n, onnxc_err *err)
{
	const rt_seq *s = n->in[0]->data;
	const rt_tensor *y = n->out[0];
	size_t es = elsize(y->dtype);
	int64_t outer = 1, o;
	int axis, new_axis, d, k;
	char *dst = y->data;

	if (concat_axis(n, s->items[0].rank, &axis, &new_axis, err))
		return -1;
	for (d = 0; d < axis; d++)
		outer *= y->dims[d];
	for (o = 0; o < outer; o++)
		for (k = 0; k < s->n; k++) {
			const rt_tensor *t = &s->items[k];
			/* bytes of one item per outer index */
			size_t chunk = outer ? (size_t)(t->numel / outer) * es : 0;
			if (chunk)
				memcpy(dst, (const char *)t->data + (size_t)o * chunk, chunk);
			dst += chunk;
		}
	return 0;
}

/* ---- SplitToSequence ---- */

/* split_plan: the lengths of the pieces along *axis (written to lens when
 * not NULL); the piece count, or -1 (err). */
static int64_t split_plan(rt_node *n, int *axis, int64_t *lens, onnxc_err *err)
{
	const rt_tensor *x = n->in[0], *sp = n->n_in > 1 ? n->in[1] : NULL;
	int64_t dim, count, i, sum = 0;

	if (rt_axis(n, ir_attr_int(n->ir, "axis", 0), x->rank, axis, err))
		return -1;
	dim = x->dims[*axis];
	if (!sp) {
		for (i = 0; lens && i < dim; i++)
			lens[i] = 1;
		return dim;
	}
	if (sp->dtype != IR_INT64 && sp->dtype != IR_INT32)
		return rt_fail(n, err, ONNXC_EINVAL, "split must be int32 or int64");
	if (sp->rank == 0) {
		int64_t c = rt_get_i(sp, 0);
		if (c <= 0)
			return rt_fail(n, err, ONNXC_EINVAL, "split %lld must be positive", (long long)c);
		count = (dim + c - 1) / c;
		for (i = 0; lens && i < count; i++)
			lens[i] = i < count - 1 ? c : dim - c * (count - 1);
		return count;
	}
	if (sp->rank != 1)
		return rt_fail(n, err, ONNXC_EINVAL, "split must be a scalar or 1-D");
	for (i = 0; i < sp->numel; i++) {
		int64_t v = rt_get_i(sp, i);
		if (v < 0)
			return rt_fail(n, err, ONNXC_EINVAL, "split[%lld] is negative", (long long)i);
		sum += v;
		if (lens)
			lens[i] = v;
	}
	if (sum != dim)
		return rt_fail(n, err, ONNXC_EINVAL, "splits sum to %lld, the axis has %lld",
			       (long long)sum, (long long)dim);
	return sp->numel;
}

static int prep_split(rt_node *n, onnxc_err *err)
{
	int axis;

	if (n->n_in < 1 || !n->in[0])
		return rt_fail(n, err, ONNXC_EINVAL, "input 0 is missing");
	if (all_const(n, 1, err))
		return -1;
	if (n->in[0]->dtype == RT_SEQUENCE || n->in[0]->rank < 1)
		return rt_fail(n, err, ONNXC_EINVAL, "input must be a tensor of rank >= 1");
	if (split_plan(n, &axis, NULL, err) < 0)
		return -1;
	return prep_seq_out(n, err);
}

static int exec_split(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x = n->in[0];
	int keep = !(n->n_in > 1 && n->in[1]) ? ir_attr_int(n->ir, "keepdims", 1) != 0 : 1;
	size_t es = elsize(x->dtype);
	int64_t count, *lens, outer = 1, inner = 1, start = 0, i, o;
	int axis, d;
	void *block;
	rt_seq *s;

	count = split_plan(n, &axis, NULL, err);
	if (count < 0 || rt_alloc_const(n, sizeof *lens * (size_t)count, &block, err))
		return -1;
	lens = block;
	split_plan(n, &axis, lens, err);
	if (!(s = make_seq(n, count, x->dtype, err)))
		return -1;
	for (d = 0; d < axis; d++)
		outer *= x->dims[d];
	for (d = axis + 1; d < x->rank; d++)
		inner *= x->dims[d];
	for (i = 0; i < count; i++) {
		rt_tensor *t = &s->items[i];
		int64_t dims[RT_MAXRANK];
		int r = 0;
		void *data;
		for (d = 0; d < x->rank; d++) {
			if (d == axis && !keep)
				continue;
			dims[r++] = d == axis ? lens[i] : x->dims[d];
		}
		if (rt_set_shape(n, t, x->dtype, r, dims, err) ||
		    rt_alloc_const(n, t->nbytes, &data, err))
			return -1;
		t->data = data;
		t->is_const = 1;
		for (o = 0; o < outer; o++) {
			size_t chunk = (size_t)(lens[i] * inner) * es;
			if (chunk)
				memcpy((char *)data + (size_t)o * chunk,
				       (const char *)x->data +
					       ((size_t)(o * x->dims[axis] + start) * (size_t)inner) * es,
				       chunk);
		}
		start += lens[i];
	}
	return 0;
}

const rt_op rt_op_SequenceEmpty = { prep_empty, exec_empty, RT_STRINGS };
const rt_op rt_op_SequenceConstruct = { prep_construct, exec_construct, RT_STRINGS };
const rt_op rt_op_SequenceInsert = { prep_insert, exec_insert, RT_STRINGS };
const rt_op rt_op_SequenceErase = { prep_erase, exec_erase, RT_STRINGS };
const rt_op rt_op_SequenceAt = { prep_at, exec_at, RT_STRINGS };
const rt_op rt_op_SequenceLength = { prep_length, exec_length, RT_STRINGS };
const rt_op rt_op_ConcatFromSequence = { prep_concat, exec_concat, RT_STRINGS };
const rt_op rt_op_SplitToSequence = { prep_split, exec_split, RT_STRINGS };
