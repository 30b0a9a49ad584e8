/*
 * k_sort.c - TopK (1, 10, 11).
 *
 * K is the "k" attribute (opset 1) or the second input (10+), which must be
 * constant at prepare since it fixes the output shape.  largest/sorted are
 * 11+ attributes (default 1).  Outputs: Values (input type) and Indices
 * (int64) along `axis` (default -1).
 *
 * Order: every element is mapped to a uint64 key whose unsigned order is the
 * numeric order (NaN above +inf, as numpy sorts it; -0 == +0); ties go to
 * the lower index.  The result is always sorted (also for sorted=0, where
 * any order is allowed).  k small against the axis: a bounded heap of k
 * entries, otherwise a full sort of the slice.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rt.h"

typedef struct tk_entry {
	uint64_t key;
	int64_t idx;
} tk_entry;

typedef struct tk_params {
	int largest;
	int64_t k, outer, d, inner;
} tk_params;

/* prep_topk: read K (attribute or constant input), fix both output
 * shapes, scratch for one slice of keys.  0 or -1. */
static int prep_topk(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x = n->in[0];
	int v = n->ir->since_version, axis, cnt;
	int64_t k, od[RT_MAXRANK];
	tk_params *p;

	if (!x)
		return rt_fail(n, err, ONNXC_EINVAL, "input X is missing");
	if (x->dtype == IR_STRING || x->dtype == IR_BOOL || x->dtype == IR_COMPLEX64 ||
	    x->dtype == IR_COMPLEX128 || !ir_dtype_size(x->dtype))
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "element type %s is not supported",
			       ir_dtype_name(x->dtype));
	if (x->rank == 0)
		return rt_fail(n, err, ONNXC_EINVAL, "input is a scalar");
	if (rt_axis(n, ir_attr_int(n->ir, "axis", -1), x->rank, &axis, err))
		return -1;
	if (v < 10) {
		if (!ir_attr_get(n->ir, "k"))
			return rt_fail(n, err, ONNXC_EINVAL, "attribute k is required");
		k = ir_attr_int(n->ir, "k", 0);
	} else if (rt_in_ints(n, 1, &k, 1, &cnt, err)) {
		return -1;
	} else if (cnt != 1) {
		return rt_fail(n, err, ONNXC_EINVAL, "K must hold one value");
	}
	if (k < 0 || k > x->dims[axis])
		return rt_fail(n, err, ONNXC_EINVAL, "k = %lld is outside [0, %lld]", (long long)k,
			       (long long)x->dims[axis]);
	memcpy(od, x->dims, sizeof(int64_t) * (size_t)x->rank);
	od[axis] = k;
	if (rt_set_shape(n, n->out[0], x->dtype, x->rank, od, err) ||
	    (n->n_out > 1 && rt_set_shape(n, n->out[1], IR_INT64, x->rank, od, err)))
		return -1;
	p = onnxc_calloc(1, sizeof *p);
	if (!p)
		return onnxc_oom(err);
	p->largest = v < 11 || ir_attr_int(n->ir, "largest", 1) != 0;
	p->k = k;
	p->outer = rt_numel(axis, x->dims);
	p->d = x->dims[axis];
	p->inner = rt_numel(x->rank - axis - 1, x->dims + axis + 1);
	n->params = p;
	n->scratch_bytes = (size_t)p->d * sizeof(tk_entry);
	return 0;
}

/* key_f: order-preserving uint64 image of a double */
static uint64_t key_f(double v)
{
	uint64_t b;

	if (v != v)
		v = NAN;       /* one (positive) NaN, above +inf */
	else if (v == 0)
		v = 0;         /* -0 ties with +0 */
	memcpy(&b, &v, sizeof b);
	return (b >> 63) ? ~b : b | ((uint64_t)1 << 63);
}

/* key_of: element i of t as a key */
static uint64_t key_of(const rt_tensor *t, int64_t i)
{
	switch (t->dtype) {
	case IR_FLOAT: return key_f(((const float *)t->data)[i]);
	case IR_DOUBLE: case IR_FLOAT16: case IR_BFLOAT16: return key_f(rt_get_f(t, i));
	case IR_UINT8: case IR_UINT16: case IR_UINT32: case IR_UINT64:
		return (uint64_t)rt_get_i(t, i);
	default:
		return (uint64_t)rt_get_i(t, i) ^ ((uint64_t)1 << 63);
	}
}

/* before: does a come before b in the output? */
static inline int before(const tk_entry *a, const tk_entry *b, int largest)
{
	if (a->key != b->key)
		return largest ? a->key > b->key : a->key < b->key;
	return a->idx < b->idx;
}

static int cmp_largest(const void *pa, const void *pb)
{
	const tk_entry *a = pa, *b = pb;

	return before(a, b, 1) ? -1 : before(b, a, 1) ? 1 : 0;
}

static int cmp_smallest(const void *pa, const void *pb)
{
	const tk_entry *a = pa, *b = pb;

	return before(a, b, 0) ? -1 : before(b, a, 0) ? 1 : 0;
}

/* heap of the k best so far, the worst of them at the root */
static void sift_down(tk_entry *h, int64_t n, int64_t i, int largest)
{
	for (;;) {
		int64_t l = 2 * i + 1, r = l + 1, w = i;
		tk_entry t;
		if (l < n && before(&h[w], &h[l], largest))
			w = l;
		if (r < n && before(&h[w], &h[r], largest))
			w = r;
		if (w == i)
			return;
		t = h[i];
		h[i] = h[w];
		h[w] = t;
		i = w;
	}
}

/* select: the k best of e[0..d) sorted into e[0..k) */
static void select_k(tk_entry *e, int64_t d, int64_t k, int largest)
{
	int64_t i;

	if (k == 0)
		return;
	if (k * 4 >= d) {
		qsort(e, (size_t)d, sizeof *e, largest ? cmp_largest : cmp_smallest);
		return;
	}
	for (i = k / 2 - 1; i >= 0; i--)
		sift_down(e, k, i, largest);
	for (i = k; i < d; i++)
		if (before(&e[i], &e[0], largest)) {
			e[0] = e[i];
			sift_down(e, k, 0, largest);
		}
	qsort(e, (size_t)k, sizeof *e, largest ? cmp_largest : cmp_smallest);
}

/* exec_topk: per slice, key every element, select and write the k best.
 * Always 0. */
static int exec_topk(rt_node *n, onnxc_err *err)
{
	const tk_params *p = n->params;
	const rt_tensor *x = n->in[0];
	rt_tensor *yv = n->out[0], *yi = n->n_out > 1 ? n->out[1] : NULL;
	tk_entry *e = n->scratch;
	size_t es = ir_dtype_size(x->dtype);
	int64_t a, j, t, in = p->inner;

	(void)err;
	if (p->k == 0)
		return 0;
	for (a = 0; a < p->outer; a++)
		for (j = 0; j < in; j++) {
			int64_t base = a * p->d * in + j, obase = a * p->k * in + j;
			for (t = 0; t < p->d; t++) {
				e[t].key = key_of(x, base + t * in);
				e[t].idx = t;
			}
			select_k(e, p->d, p->k, p->largest);
			for (t = 0; t < p->k; t++) {
				int64_t o = obase + t * in;
				if (yv)
					memcpy((char *)yv->data + (size_t)o * es,
					       (const char *)x->data + (size_t)(base + e[t].idx * in) * es,
					       es);
				if (yi)
					((int64_t *)yi->data)[o] = e[t].idx;
			}
		}
	return 0;
}

const rt_op rt_op_TopK = { prep_topk, exec_topk, 0 };
