/*
 * k_elemwise.c - plans, the broadcast walker, the prep of every op described
 * by an ew_desc and the chunked exec engine (see k_elemwise.h).
 */
#include <math.h>
#include <string.h>

#include "k_act.h"
#include "k_elemwise.h"

/* elements per chunk: the stack buffers of one run are 3 * 8 * EW_CHUNK bytes */
#define EW_CHUNK 512

int ew_ct_of(int dtype)
{
	switch (dtype) {
	case IR_FLOAT: case IR_FLOAT16: case IR_BFLOAT16:
		return EW_F32;
	case IR_DOUBLE:
		return EW_F64;
	case IR_INT8: case IR_INT16: case IR_INT32: case IR_INT64:
		return EW_I64;
	case IR_UINT8: case IR_UINT16: case IR_UINT32: case IR_UINT64:
		return EW_U64;
	case IR_BOOL:
		return EW_B;
	default:
		return -1;
	}
}

int ew_ct_dtype(int ct)
{
	static const int dt[EW_NCT] = { IR_FLOAT, IR_DOUBLE, IR_INT64, IR_UINT64, IR_BOOL };

	return dt[ct];
}

static int same_shape(const rt_tensor *a, const rt_tensor *b)
{
	return a->rank == b->rank && !memcmp(a->dims, b->dims, sizeof(int64_t) * (size_t)a->rank);
}

/* merge: drop size-1 dims of the output and merge neighbours across which
 * every input is contiguous (see k_elemwise.h). */
static void merge(ew_plan *p, int rank, const int64_t *dims)
{
	int m = 0, d, k;

	for (d = 0; d < rank; d++) {
		int can = m > 0;
		if (dims[d] == 1)
			continue;
		for (k = 0; k < p->n_in && can; k++)
			can = p->in[k].st[m - 1] == p->in[k].st[d] * dims[d];
		if (can) {
			p->dims[m - 1] *= dims[d];
			for (k = 0; k < p->n_in; k++)
				p->in[k].st[m - 1] = p->in[k].st[d];
			continue;
		}
		p->dims[m] = dims[d];
		for (k = 0; k < p->n_in; k++)
			p->in[k].st[m] = p->in[k].st[d];
		m++;
	}
	if (!m) {
		p->dims[0] = 1;
		for (k = 0; k < p->n_in; k++)
			p->in[k].st[0] = 0;
		m = 1;
	}
	p->rank = m;
}

ew_plan *ew_plan_make(rt_node *n, int n_in, const rt_tensor *b_eff, unsigned flags,
		      int out_dtype, onnxc_err *err)
{
	int64_t od[RT_MAXRANK], tmp[RT_MAXRANK];
	int r = n->in[0]->rank, k;
	ew_plan *p;

	memcpy(od, n->in[0]->dims, sizeof(int64_t) * (size_t)r);
	for (k = 1; k < n_in; k++) {
		const rt_tensor *t = k == 1 && b_eff ? b_eff : n->in[k];
		if ((flags & EW_SAME_SHAPE) && !same_shape(n->in[0], n->in[k]))
			return rt_fail(n, err, ONNXC_EINVAL,
				       "input %d's shape differs from input 0's (no broadcasting "
				       "before opset 8)", k), NULL;
		memcpy(tmp, od, sizeof od);
		if (rt_broadcast_shape(n, r, tmp, t->rank, t->dims, &r, od, err))
			return NULL;
	}
	if ((flags & EW_UNIDIR) && (r != n->in[0]->rank ||
				    memcmp(od, n->in[0]->dims, sizeof(int64_t) * (size_t)r)))
		return rt_fail(n, err, ONNXC_EINVAL,
			       "input 1 does not broadcast to input 0's shape"), NULL;
	if (rt_set_shape(n, n->out[0], out_dtype, r, od, err))
		return NULL;
	p = onnxc_calloc(1, sizeof *p + sizeof(ew_in) * (size_t)n_in);
	if (!p)
		return onnxc_oom(err), NULL;
	p->n_in = n_in;
	for (k = 0; k < n_in; k++) {
		const rt_tensor *t = k == 1 && b_eff ? b_eff : n->in[k];
		rt_broadcast_strides(t->rank, t->dims, r, od, p->in[k].st);
		p->in[k].es = ir_dtype_size(n->in[k]->dtype);
	}
	merge(p, r, od);
	n->params = p;
	return p;
}

void ew_walk(const ew_plan *p, int64_t i0, int64_t i1, ew_run_fn run, void *ctx)
{
	int64_t coord[RT_MAXRANK], inner = p->dims[p->rank - 1], j0, rest;
	int d;

	if (i0 >= i1)
		return;
	j0 = i0 % inner;
	rest = i0 / inner;
	for (d = p->rank - 2; d >= 0; d--) {
		coord[d] = rest % p->dims[d];
		rest /= p->dims[d];
	}
	while (i0 < i1) {
		int64_t len = inner - j0 < i1 - i0 ? inner - j0 : i1 - i0;
		run(ctx, coord, j0, len, i0);
		i0 += len;
		j0 = 0;
		for (d = p->rank - 2; d >= 0; d--) {
			if (++coord[d] < p->dims[d])
				break;
			coord[d] = 0;
		}
	}
}

/* ---- prep ---- */

/* legacy_b: the shape input B takes under the opset < 7 rules (B broadcast
 * to A only with broadcast=1: a size-1 B, or B's dims matching A's from
 * `axis` on, suffix-matched by default); 0 or -1 (err). */
static int legacy_b(rt_node *n, rt_tensor *eff, onnxc_err *err)
{
	const rt_tensor *a = n->in[0], *b = n->in[1];
	int64_t axis;
	int j;

	*eff = *b;
	if (!ir_attr_int(n->ir, "broadcast", 0)) {
		if (!same_shape(a, b))
			return rt_fail(n, err, ONNXC_EINVAL,
				       "input shapes differ and broadcast=0 (opset < 7)");
		return 0;
	}
	if (b->numel == 1 && b->rank <= a->rank) {
		eff->rank = 0;
		return 0;
	}
	axis = ir_attr_int(n->ir, "axis", a->rank - b->rank);
	if (axis < 0)
		axis += a->rank;
	if (axis < 0 || axis + b->rank > a->rank)
		return rt_fail(n, err, ONNXC_EINVAL, "axis %lld does not fit B (rank %d) in A (rank %d)",
			       (long long)ir_attr_int(n->ir, "axis", 0), b->rank, a->rank);
	eff->rank = a->rank;
	for (j = 0; j < a->rank; j++)
		eff->dims[j] = 1;
	for (j = 0; j < b->rank; j++) {
		if (b->dims[j] != a->dims[axis + j] && b->dims[j] != 1)
			return rt_fail(n, err, ONNXC_EINVAL,
				       "B dim %d (%lld) does not match A dim %lld (%lld)", j,
				       (long long)b->dims[j], (long long)(axis + j),
				       (long long)a->dims[axis + j]);
		eff->dims[axis + j] = b->dims[j];
	}
	return 0;
}

/* prelu_legacy: PRelu < 7 slopes: one value, X's shape, or one per channel
 * (dim 1 of X); anything else is broadcast the numpy way.  Returns 1 when
 * *eff was set. */
static int prelu_legacy(const rt_node *n, rt_tensor *eff)
{
	const rt_tensor *x = n->in[0], *s = n->in[1];
	int j;

	*eff = *s;
	if (s->numel == 1) {
		eff->rank = 0;
		return 1;
	}
	if (s->rank == 1 && x->rank >= 2 && s->dims[0] == x->dims[1] && !same_shape(x, s)) {
		eff->rank = x->rank;
		for (j = 0; j < x->rank; j++)
			eff->dims[j] = j == 1 ? s->dims[0] : 1;
		return 1;
	}
	return 0;
}

/* attr_num: a FLOAT or INT attribute as a number, dflt when absent */
static double attr_num(const ir_node *n, const char *name, double dflt)
{
	const ir_attr *a = ir_attr_get(n, name);

	if (!a)
		return dflt;
	return a->kind == IR_ATTR_INT ? (double)a->i : (double)a->f;
}

/* choose_ct: the compute type for d with these inputs, -1 if unsupported */
static int choose_ct(const rt_node *n, const ew_desc *d, int n_in)
{
	int ct = ew_ct_of(n->in[0]->dtype), k;

	if (ct < 0)
		return -1;
	if ((d->flags & EW_MIXED) && (ct == EW_I64 || ct == EW_U64))
		for (k = 1; k < n_in; k++)
			if (ew_ct_of(n->in[k]->dtype) == EW_F32 || ew_ct_of(n->in[k]->dtype) == EW_F64)
				return EW_F64;
	if (!d->fn[ct] && (ct == EW_I64 || ct == EW_U64) && (d->flags & EW_INT_VIA_F64))
		ct = EW_F64;
	return d->fn[ct] ? ct : -1;
}

int ew_prep(rt_node *n, const ew_desc *d, onnxc_err *err)
{
	int n_in = d->kind == EW_UNARY ? 1 : d->kind == EW_VARIADIC ? n->n_in : 2;
	int ver = n->ir->since_version, ct, k, out_dt, j;
	unsigned pf = 0;
	rt_tensor eff, *b_eff = NULL;
	ew_plan *p;

	if (n_in < 1 || n->n_in < n_in)
		return rt_fail(n, err, ONNXC_EINVAL, "needs %d input(s), has %d", n_in ? n_in : 1,
			       n->n_in);
	if (!n->out[0])
		return rt_fail(n, err, ONNXC_EINVAL, "output 0 is missing");
	for (k = 0; k < n_in; k++) {
		if (!n->in[k])
			return rt_fail(n, err, ONNXC_EINVAL, "input %d is missing", k);
		if (!(d->flags & EW_MIXED) && n->in[k]->dtype != n->in[0]->dtype)
			return rt_fail(n, err, ONNXC_EINVAL, "input %d is %s but input 0 is %s", k,
				       ir_dtype_name(n->in[k]->dtype),
				       ir_dtype_name(n->in[0]->dtype));
		if (ew_ct_of(n->in[k]->dtype) < 0)
			return rt_fail(n, err, ONNXC_EUNSUPPORTED, "input %d: element type %s is not supported",
				       k, ir_dtype_name(n->in[k]->dtype));
	}
	ct = choose_ct(n, d, n_in);
	if (ct < 0)
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "element type %s is not supported",
			       ir_dtype_name(n->in[0]->dtype));
	if (d->kind == EW_BINARY && ver < 7) {
		if (legacy_b(n, &eff, err))
			return -1;
		b_eff = &eff;
	} else if (d->kind == EW_PRELU && ver < 7 && prelu_legacy(n, &eff)) {
		b_eff = &eff;
	} else if (d->kind == EW_PRELU) {
		pf = EW_UNIDIR;
	} else if (d->kind == EW_VARIADIC && ver < 8) {
		pf = EW_SAME_SHAPE;
	}
	out_dt = (d->flags & EW_BOOL_OUT) ? IR_BOOL : n->in[0]->dtype;
	if (rt_act_check(n, out_dt, err))
		return -1;
	p = ew_plan_make(n, n_in, b_eff, pf, out_dt, err);
	if (!p)
		return -1;
	p->fn = d->fn[ct];
	p->unary = d->kind == EW_UNARY;
	p->ct_in = ew_ct_dtype(ct);
	p->ct_out = (d->flags & EW_BOOL_OUT) ? IR_BOOL : p->ct_in;
	p->st_out = ew_cvt(p->ct_out, out_dt);
	p->direct = out_dt == p->ct_out && (p->unary || n_in == 2) && !d->fin;
	for (k = 0; k < n_in; k++)
		if (n->in[k]->dtype != p->ct_in) {
			p->in[k].ld = ew_cvt(n->in[k]->dtype, p->ct_in);
			p->direct = 0;
		}
	for (j = 0; j < 3; j++) {
		double v = d->attr[j] ? attr_num(n->ir, d->attr[j], d->dflt[j]) : d->dflt[j];
		p->k.f[j] = v;
		p->k.i[j] = fabs(v) < 9e18 ? (int64_t)v : v < 0 ? INT64_MIN : v > 0 ? INT64_MAX : 0;
		p->k.u[j] = v > 0 && v < 1.8e19 ? (uint64_t)v : v > 0 ? UINT64_MAX : 0;
	}
	if (d->fin) {
		p->fin = d->fin[ct];
		p->k.f[0] = n_in;
	}
	return 0;
}

int ew_prep_in(rt_node *n, const ew_desc *table, int count, onnxc_err *err)
{
	int i;

	for (i = 0; i < count; i++)
		if (table[i].op == n->ir->op)
			return ew_prep(n, &table[i], err);
	return rt_fail(n, err, ONNXC_EINTERNAL, "no elementwise table entry");
}

/* ---- exec ---- */

typedef struct run_ctx {
	const rt_node *n;
	const ew_plan *p;
	const ew_k *k;
} run_ctx;

/* view: m elements of input k from element offset off (stride s) in the
 * compute type: in place, or converted into buf. */
static const void *view(const run_ctx *c, int k, int64_t off, int64_t s, int64_t m, void *buf)
{
	const ew_in *in = &c->p->in[k];
	const char *src = (const char *)c->n->in[k]->data + (size_t)off * in->es;

	if (!in->ld)
		return src;
	in->ld(src, s, buf, s ? m : 1);
	return buf;
}

/* run_direct: one run of the output when no conversion is needed: the op
 * reads the inputs in place and writes the output (see ew_run_fn) */
static void run_direct(void *ctx, const int64_t *coord, int64_t j0, int64_t len, int64_t o)
{
	const run_ctx *c = ctx;
	const ew_plan *p = c->p;
	const rt_node *n = c->n;
	int r1 = p->rank - 1, k1 = p->unary ? 0 : 1;
	const char *a = (const char *)n->in[0]->data + (size_t)ew_off(p, 0, coord, j0) * p->in[0].es;
	const char *b = (const char *)n->in[k1]->data + (size_t)ew_off(p, k1, coord, j0) * p->in[k1].es;

	p->fn(a, p->in[0].st[r1], b, p->in[k1].st[r1],
	      (char *)n->out[0]->data + (size_t)o * ir_dtype_size(n->out[0]->dtype), len, c->k);
}

/* run: one run of the output, in chunks through stack buffers that hold
 * conversions and partial results (see ew_run_fn) */
static void run(void *ctx, const int64_t *coord, int64_t j0, int64_t len, int64_t o)
{
	_Alignas(64) unsigned char b0[8 * EW_CHUNK], b1[8 * EW_CHUNK], acc[8 * EW_CHUNK];
	const run_ctx *c = ctx;
	const ew_plan *p = c->p;
	rt_tensor *out = c->n->out[0];
	size_t oes = ir_dtype_size(out->dtype);
	int direct = out->dtype == p->ct_out, r1 = p->rank - 1;
	int steps = (p->unary ? 1 : p->n_in - 1) + (p->fin != NULL), k;
	int64_t at;

	for (at = 0; at < len; at += EW_CHUNK) {
		int64_t m = len - at < EW_CHUNK ? len - at : EW_CHUNK, s = p->in[0].st[r1];
		char *optr = (char *)out->data + (size_t)(o + at) * oes;
		const void *cur = view(c, 0, ew_off(p, 0, coord, j0 + at), s, m, b0);
		int step = 0;
		void *dst;

		for (k = p->unary ? 0 : 1; k < (p->unary ? 1 : p->n_in); k++) {
			const void *b = NULL;
			int64_t sb = 0;
			if (!p->unary) {
				sb = p->in[k].st[r1];
				b = view(c, k, ew_off(p, k, coord, j0 + at), sb, m, b1);
			}
			dst = ++step == steps && direct ? (void *)optr : (void *)acc;
			p->fn(cur, s, b, sb, dst, m, c->k);
			cur = dst;
			s = 1;
		}
		if (p->fin) {
			dst = direct ? (void *)optr : (void *)acc;
			p->fin(cur, s, NULL, 0, dst, m, c->k);
			cur = dst;
			s = 1;
		}
		if (cur != optr)
			p->st_out(cur, s, optr, m);
	}
}

/* worker: output elements [i0, i1), then the fused activation (fuse_act:
 * Add -> Relu) over them while they are in cache. */
static void worker(void *arg, int64_t i0, int64_t i1)
{
	run_ctx *c = arg;
	const rt_tensor *y = c->n->out[0];
	const rt_act a = rt_act_of(c->n->ir);

	ew_walk(c->p, i0, i1, c->p->direct ? run_direct : run, c);
	if (a.op == IR_OP_UNKNOWN)
		return;
	if (y->dtype == IR_FLOAT)
		rt_act_f(&a, (float *)y->data + i0, i1 - i0);
	else
		rt_act_d(&a, (double *)y->data + i0, i1 - i0);
}

int ew_run(rt_node *n, const ew_k *k)
{
	run_ctx c = { n, n->params, k };

	rt_parallel_for_grain(n, n->out[0]->numel, RT_PAR_ELEMS, worker, &c);
	return 0;
}

int ew_exec(rt_node *n, onnxc_err *err)
{
	const ew_plan *p = n->params;

	(void)err;
	return ew_run(n, &p->k);
}
