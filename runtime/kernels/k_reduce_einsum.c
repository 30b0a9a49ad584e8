/*
 * k_reduce_einsum.c - Einsum (12).
 *
 * prep parses the equation (spaces ignored; letters a-z and A-Z; one "..."
 * per term, broadcast numpy-style, right-aligned; repeated letters in a
 * term take the diagonal; implicit output = the ellipsis dims, then the
 * letters seen exactly once, in ASCII order; an explicit output must have
 * "..." when the inputs' ellipses cover dims, as numpy requires) into labels with a size each and, per
 * input, an element stride per label (0 where broadcast, summed strides for
 * a repeated letter).
 *
 * exec, general case: for every output element, the sum over all
 * combinations of the summed labels of the product of the inputs.
 * Two float/double inputs whose labels are all batch (both inputs and
 * output), M (first input and output), N (second input and output) or K
 * (both inputs, summed), with M*N*K >= 16, become a batched GEMM: both inputs are packed into
 * [batch, M, K] and [batch, K, N] scratch blocks, multiplied by OpenBLAS
 * and the [batch, M, N] result is scattered into the output's label order.
 */
#include <cblas.h>
#include <limits.h>
#include <string.h>

#include "rt.h"

#define ES_MAXIN 8
#define ES_SLOTS (52 + RT_MAXRANK)   /* a-z, A-Z, then the ellipsis dims */

typedef struct es_params {
	int n_in, n_out, n_sum, dtype;
	int64_t dim[ES_SLOTS];
	int out_l[ES_SLOTS], sum_l[ES_SLOTS];
	int64_t str[ES_MAXIN][ES_SLOTS];
	/* batched GEMM plan */
	int gemm, nb, nm, nn, nk;
	int bl[ES_SLOTS], ml[ES_SLOTS], nl[ES_SLOTS], kl[ES_SLOTS];
	int64_t B, M, N, K;
	int64_t cstr[ES_SLOTS];     /* strides of each label in the [B, M, N] result */
} es_params;

static int slot_of(char c)
{
	if (c >= 'a' && c <= 'z')
		return c - 'a';
	if (c >= 'A' && c <= 'Z')
		return 26 + c - 'A';
	return -1;
}

/* parse_term: the slots of the dims of one term of rank `rank` into
 * slots[0..rank); E is the ellipsis rank of the equation (the term's own
 * ellipsis covers its last e dims).  Returns 0 or -1 (err). */
static int parse_term(rt_node *n, const char *t, size_t len, int rank, int E, int *slots,
		      onnxc_err *err)
{
	int nlet = 0, ell = -1, pos = 0, e, i;
	size_t c;

	for (c = 0; c < len; c++) {
		if (t[c] == '.') {
			if (ell >= 0 || c + 2 >= len || t[c + 1] != '.' || t[c + 2] != '.')
				return rt_fail(n, err, ONNXC_EINVAL, "bad ellipsis in the equation");
			ell = nlet;
			c += 2;
		} else if (slot_of(t[c]) < 0) {
			return rt_fail(n, err, ONNXC_EINVAL, "bad character '%c' in the equation",
				       t[c]);
		} else {
			nlet++;
		}
	}
	e = rank - nlet;
	if (e < 0 || (ell < 0 && e != 0) || e > E)
		return rt_fail(n, err, ONNXC_EINVAL, "a term has %d labels for an input of rank %d",
			       nlet, rank);
	for (c = 0; c < len; c++) {
		if (t[c] == '.') {
			for (i = 0; i < e; i++)
				slots[pos++] = 52 + (E - e) + i;
			c += 2;
		} else {
			slots[pos++] = slot_of(t[c]);
		}
	}
	return 0;
}

/* term_ellipsis_rank: dims covered by the ellipsis of a term (0 if none) */
static int term_ellipsis_rank(const char *t, size_t len, int rank)
{
	int nlet = 0, ell = 0;
	size_t c;

	for (c = 0; c < len; c++) {
		if (t[c] == '.')
			ell = 1;
		else
			nlet++;
	}
	return ell && rank > nlet ? rank - nlet : 0;
}

/* plan_gemm: classify labels for the batched GEMM path (two inputs). */
static void plan_gemm(es_params *p, const int *const slots[2], const int rank[2])
{
	int used[2][ES_SLOTS] = { { 0 } }, inout[ES_SLOTS] = { 0 }, k, i, s;
	int64_t st;

	p->gemm = 0;
	if (p->n_in != 2 || (p->dtype != IR_FLOAT && p->dtype != IR_DOUBLE))
		return;
	for (k = 0; k < 2; k++)
		for (i = 0; i < rank[k]; i++) {
			if (used[k][slots[k][i]])
				return;           /* diagonal: general path */
			used[k][slots[k][i]] = 1;
		}
	for (i = 0; i < p->n_out; i++)
		inout[p->out_l[i]] = 1;
	p->nb = p->nm = p->nn = p->nk = 0;
	for (i = 0; i < p->n_out; i++) {
		s = p->out_l[i];
		if (used[0][s] && used[1][s])
			p->bl[p->nb++] = s;
		else if (used[0][s])
			p->ml[p->nm++] = s;
		else
			p->nl[p->nn++] = s;
	}
	for (i = 0; i < rank[0]; i++) {
		s = slots[0][i];
		if (inout[s])
			continue;
		if (!used[1][s])
			return;                   /* summed over one input only */
		p->kl[p->nk++] = s;
	}
	for (i = 0; i < rank[1]; i++)
		if (!inout[slots[1][i]] && !used[0][slots[1][i]])
			return;
	p->B = p->M = p->N = p->K = 1;
	for (i = 0; i < p->nb; i++)
		p->B *= p->dim[p->bl[i]];
	for (i = 0; i < p->nm; i++)
		p->M *= p->dim[p->ml[i]];
	for (i = 0; i < p->nn; i++)
		p->N *= p->dim[p->nl[i]];
	for (i = 0; i < p->nk; i++)
		p->K *= p->dim[p->kl[i]];
	if (p->M > INT_MAX || p->N > INT_MAX || p->K > INT_MAX)
		return;
	if (p->M * p->N * p->K < 16)
		return;                           /* tiny products: the loop is cheaper */
	st = 1;
	for (i = p->nn - 1; i >= 0; i--) {
		p->cstr[p->nl[i]] = st;
		st *= p->dim[p->nl[i]];
	}
	for (i = p->nm - 1; i >= 0; i--) {
		p->cstr[p->ml[i]] = st;
		st *= p->dim[p->ml[i]];
	}
	st = p->M * p->N;
	for (i = p->nb - 1; i >= 0; i--) {
		p->cstr[p->bl[i]] = st;
		st *= p->dim[p->bl[i]];
	}
	p->gemm = 1;
}

/* prep_einsum: parse the equation into the label plan (params), fix the
 * output shape, choose the GEMM path and size its scratch.  0 or -1. */
static int prep_einsum(rt_node *n, onnxc_err *err)
{
	const char *eq = ir_attr_string(n->ir, "equation", NULL);
	char buf[512];
	const char *terms[ES_MAXIN], *rhs = NULL;
	size_t tlen[ES_MAXIN], len = 0, rlen = 0;
	int slots[ES_MAXIN][RT_MAXRANK], count[ES_SLOTS] = { 0 }, in_out[ES_SLOTS] = { 0 };
	int nt = 0, E = 0, k, i, s, dt;
	int64_t od[ES_SLOTS];
	es_params *p;
	char *arrow;

	if (!eq)
		return rt_fail(n, err, ONNXC_EINVAL, "attribute equation is required");
	if (n->n_in < 1 || n->n_in > ES_MAXIN)
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "%d inputs (1 to %d supported)", n->n_in,
			       ES_MAXIN);
	for (; *eq; eq++)
		if (*eq != ' ') {
			if (len + 1 >= sizeof buf)
				return rt_fail(n, err, ONNXC_EINVAL, "equation is too long");
			buf[len++] = *eq;
		}
	buf[len] = 0;
	arrow = strstr(buf, "->");
	if (arrow) {
		*arrow = 0;
		rhs = arrow + 2;
		rlen = strlen(rhs);
	}
	terms[0] = buf;
	for (i = 0; buf[i]; i++)
		if (buf[i] == ',') {
			if (nt + 1 >= ES_MAXIN)
				return rt_fail(n, err, ONNXC_EINVAL, "too many terms in the equation");
			tlen[nt] = (size_t)(&buf[i] - terms[nt]);
			terms[++nt] = &buf[i + 1];
		}
	tlen[nt] = strlen(terms[nt]);
	nt++;
	if (nt != n->n_in)
		return rt_fail(n, err, ONNXC_EINVAL, "equation has %d terms for %d inputs", nt, n->n_in);
	dt = n->in[0] ? n->in[0]->dtype : 0;
	for (k = 0; k < nt; k++) {
		const rt_tensor *x = n->in[k];
		int e;
		if (!x)
			return rt_fail(n, err, ONNXC_EINVAL, "input %d is missing", k);
		if (x->dtype != dt)
			return rt_fail(n, err, ONNXC_EINVAL, "inputs have different types");
		e = term_ellipsis_rank(terms[k], tlen[k], x->rank);
		E = e > E ? e : E;
	}
	if (dt == IR_STRING || dt == IR_BOOL || dt == IR_COMPLEX64 || dt == IR_COMPLEX128 ||
	    !ir_dtype_size(dt))
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "element type %s is not supported",
			       ir_dtype_name(dt));
	p = onnxc_calloc(1, sizeof *p);
	if (!p)
		return onnxc_oom(err);
	n->params = p;
	p->n_in = nt;
	p->dtype = dt;
	for (s = 0; s < ES_SLOTS; s++)
		p->dim[s] = -1;
	/* sizes of the labels (ellipsis dims broadcast) */
	for (k = 0; k < nt; k++) {
		const rt_tensor *x = n->in[k];
		if (parse_term(n, terms[k], tlen[k], x->rank, E, slots[k], err))
			return -1;
		for (i = 0; i < x->rank; i++) {
			int64_t d = x->dims[i], *pd = &p->dim[slots[k][i]];
			count[slots[k][i]]++;
			if (*pd < 0 || *pd == d)
				*pd = d;
			else if (slots[k][i] >= 52 && (*pd == 1 || d == 1))
				*pd = *pd > d ? *pd : d;
			else
				return rt_fail(n, err, ONNXC_EINVAL,
					       "label '%c' has sizes %lld and %lld",
					       slots[k][i] < 26 ? 'a' + slots[k][i] :
					       slots[k][i] < 52 ? 'A' + slots[k][i] - 26 : '.',
					       (long long)*pd, (long long)d);
		}
	}
	/* strides: 0 where broadcast, summed for a repeated label */
	for (k = 0; k < nt; k++) {
		const rt_tensor *x = n->in[k];
		int64_t st = 1;
		for (i = x->rank - 1; i >= 0; i--) {
			s = slots[k][i];
			if (!(x->dims[i] == 1 && p->dim[s] != 1))
				p->str[k][s] += st;
			st *= x->dims[i];
		}
	}
	/* output labels */
	if (rhs) {
		size_t c;
		int ell = 0;
		for (c = 0; c < rlen; c++) {
			if (rhs[c] == '.') {
				if (ell || c + 2 >= rlen || rhs[c + 1] != '.' || rhs[c + 2] != '.')
					return rt_fail(n, err, ONNXC_EINVAL, "bad ellipsis in the output");
				ell = 1;
				for (i = 0; i < E; i++)
					p->out_l[p->n_out++] = 52 + i;
				c += 2;
				continue;
			}
			s = slot_of(rhs[c]);
			if (s < 0 || !count[s])
				return rt_fail(n, err, ONNXC_EINVAL,
					       "output label '%c' is not an input label", rhs[c]);
			if (in_out[s])
				return rt_fail(n, err, ONNXC_EINVAL, "output label '%c' is repeated",
					       rhs[c]);
			in_out[s] = 1;
			p->out_l[p->n_out++] = s;
		}
		if (E > 0 && !ell)
			return rt_fail(n, err, ONNXC_EINVAL,
				       "the output must contain '...' (inputs have %d ellipsis dims)",
				       E);
		for (i = 0; i < p->n_out; i++)
			in_out[p->out_l[i]] = 1;
	} else {
		char c;
		for (i = 0; i < E; i++) {
			p->out_l[p->n_out++] = 52 + i;
			in_out[52 + i] = 1;
		}
		for (c = 'A'; c <= 'z'; c++)
			if (slot_of(c) >= 0 && count[slot_of(c)] == 1) {
				p->out_l[p->n_out++] = slot_of(c);
				in_out[slot_of(c)] = 1;
			}
	}
	for (s = 0; s < ES_SLOTS; s++)
		if (count[s] && !in_out[s])
			p->sum_l[p->n_sum++] = s;
	if (p->n_out > RT_MAXRANK)
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "output rank %d exceeds %d", p->n_out,
			       RT_MAXRANK);
	for (i = 0; i < p->n_out; i++)
		od[i] = p->dim[p->out_l[i]];
	if (rt_set_shape(n, n->out[0], dt, p->n_out, od, err))
		return -1;
	{
		const int *sl[2] = { slots[0], slots[1] };
		int rk[2] = { n->in[0]->rank, nt > 1 ? n->in[1]->rank : 0 };
		plan_gemm(p, sl, rk);
	}
	if (p->gemm) {
		size_t es = ir_dtype_size(dt), tot;
		tot = (size_t)(p->B * p->M * p->K + p->B * p->K * p->N + p->B * p->M * p->N);
		n->scratch_bytes = tot * es + 3 * 64;
	}
	return 0;
}

/* ---- general path ---- */

/* The sum over the summed labels of the product of the inputs, for every
 * output element.  LOAD(k, off) reads input k; STORE(o, v) writes y. */
#define DEFINE_EIN(NAME, ACC, LOAD, STORE)                                                    \
	static void NAME(const es_params *p, const rt_tensor *const *in, rt_tensor *y)       \
	{                                                                                     \
		int64_t oi[ES_SLOTS] = { 0 }, si[ES_SLOTS], base[ES_MAXIN], off[ES_MAXIN];    \
		int64_t o, on = y->numel, j, last_n = 1, last_s[ES_MAXIN] = { 0 };            \
		int k, q, ns = p->n_sum, ni = p->n_in;                                        \
		if (ns) {                                                                     \
			last_n = p->dim[p->sum_l[ns - 1]];                                    \
			for (k = 0; k < ni; k++)                                              \
				last_s[k] = p->str[k][p->sum_l[ns - 1]];                      \
		}                                                                             \
		for (o = 0; o < on; o++) {                                                    \
			ACC acc = 0;                                                          \
			int done = 0;                                                         \
			for (k = 0; k < ni; k++) {                                            \
				base[k] = 0;                                                  \
				for (q = 0; q < p->n_out; q++)                                \
					base[k] += oi[q] * p->str[k][p->out_l[q]];            \
				off[k] = base[k];                                             \
			}                                                                     \
			for (q = 0; q < ns; q++)                                              \
				si[q] = 0;                                                    \
			if (ns && last_n == 0)                                                \
				done = 1;                                                     \
			for (q = 0; q < ns - 1; q++)                                          \
				if (p->dim[p->sum_l[q]] == 0)                                 \
					done = 1;                                             \
			while (!done) {                                                       \
				for (j = 0; j < last_n; j++) {                                \
					ACC prod = LOAD(0, off[0] + j * last_s[0]);           \
					for (k = 1; k < ni; k++)                              \
						prod *= LOAD(k, off[k] + j * last_s[k]);      \
					acc += prod;                                          \
				}                                                             \
				for (q = ns - 2; q >= 0; q--) {                               \
					int s = p->sum_l[q];                                  \
					if (++si[q] < p->dim[s]) {                            \
						for (k = 0; k < ni; k++)                      \
							off[k] += p->str[k][s];               \
						break;                                        \
					}                                                     \
					for (k = 0; k < ni; k++)                              \
						off[k] -= (p->dim[s] - 1) * p->str[k][s];     \
					si[q] = 0;                                            \
				}                                                             \
				if (q < 0)                                                    \
					done = 1;                                             \
			}                                                                     \
			STORE(o, acc);                                                        \
			for (q = p->n_out - 1; q >= 0; q--) {                                 \
				if (++oi[q] < p->dim[p->out_l[q]])                            \
					break;                                                \
				oi[q] = 0;                                                    \
			}                                                                     \
		}                                                                             \
	}

#define LD_F32(k, off) ((double)((const float *)in[k]->data)[off])
#define ST_F32(o, v) (((float *)y->data)[o] = (float)(v))
#define LD_F64(k, off) (((const double *)in[k]->data)[off])
#define ST_F64(o, v) (((double *)y->data)[o] = (v))
#define LD_ANYF(k, off) rt_get_f(in[k], off)
#define ST_ANYF(o, v) rt_put_f(y, o, v)
#define LD_INT(k, off) ((uint64_t)rt_get_i(in[k], off))
#define ST_INT(o, v) rt_put_i(y, o, (int64_t)(v))
DEFINE_EIN(ein_f32, double, LD_F32, ST_F32)
DEFINE_EIN(ein_f64, double, LD_F64, ST_F64)
DEFINE_EIN(ein_anyf, double, LD_ANYF, ST_ANYF)
DEFINE_EIN(ein_int, uint64_t, LD_INT, ST_INT)    /* wraps like the C types */

/* ---- batched GEMM path ---- */

/* gather: dst (contiguous, labels lab[0..nl) in order) from src with the
 * label strides str; es-byte elements. */
static void gather(void *dst, const void *src, int nl, const int *lab, const int64_t *dim,
		   const int64_t *str, size_t es)
{
	int64_t idx[ES_SLOTS] = { 0 }, total = 1, t, off = 0;
	int q;

	for (q = 0; q < nl; q++)
		total *= dim[lab[q]];
	for (t = 0; t < total; t++) {
		if (es == 4)
			((float *)dst)[t] = ((const float *)src)[off];
		else
			((double *)dst)[t] = ((const double *)src)[off];
		for (q = nl - 1; q >= 0; q--) {
			int s = lab[q];
			if (++idx[q] < dim[s]) {
				off += str[s];
				break;
			}
			off -= (dim[s] - 1) * str[s];
			idx[q] = 0;
		}
	}
}

static void *align64(void *p)
{
	return (void *)(((uintptr_t)p + 63) & ~(uintptr_t)63);
}

/* ein_gemm: pack, multiply per batch, scatter (scratch: the three blocks;
 * M, N, K >= 1 since M*N*K >= 16) */
static void ein_gemm(const es_params *p, const rt_tensor *const *in, rt_tensor *y, void *scratch)
{
	size_t es = ir_dtype_size(p->dtype);
	int lab[ES_SLOTS], nl = 0, q;
	char *ap = align64(scratch);
	char *bp = align64(ap + (size_t)(p->B * p->M * p->K) * es);
	char *cp = align64(bp + (size_t)(p->B * p->K * p->N) * es);
	int M = (int)p->M, N = (int)p->N, K = (int)p->K;
	int64_t b;

	/* A as [batch, M, K] */
	for (q = 0; q < p->nb; q++)
		lab[nl++] = p->bl[q];
	for (q = 0; q < p->nm; q++)
		lab[nl++] = p->ml[q];
	for (q = 0; q < p->nk; q++)
		lab[nl++] = p->kl[q];
	gather(ap, in[0]->data, nl, lab, p->dim, p->str[0], es);
	/* B as [batch, K, N] */
	nl = p->nb;
	for (q = 0; q < p->nk; q++)
		lab[nl++] = p->kl[q];
	for (q = 0; q < p->nn; q++)
		lab[nl++] = p->nl[q];
	gather(bp, in[1]->data, nl, lab, p->dim, p->str[1], es);
	for (b = 0; b < p->B; b++) {
		if (es == 4)
			cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, M, N, K, 1.0f,
				    (const float *)ap + b * p->M * p->K, K,
				    (const float *)bp + b * p->K * p->N, N, 0.0f,
				    (float *)cp + b * p->M * p->N, N);
		else
			cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, M, N, K, 1.0,
				    (const double *)ap + b * p->M * p->K, K,
				    (const double *)bp + b * p->K * p->N, N, 0.0,
				    (double *)cp + b * p->M * p->N, N);
	}
	/* scatter into the output's label order */
	gather(y->data, cp, p->n_out, p->out_l, p->dim, p->cstr, es);
}

static int exec_einsum(rt_node *n, onnxc_err *err)
{
	const es_params *p = n->params;
	const rt_tensor *const *in = (const rt_tensor *const *)n->in;
	rt_tensor *y = n->out[0];

	(void)err;
	if (y->numel == 0)
		return 0;
	if (p->gemm)
		ein_gemm(p, in, y, n->scratch);
	else if (p->dtype == IR_FLOAT)
		ein_f32(p, in, y);
	else if (p->dtype == IR_DOUBLE)
		ein_f64(p, in, y);
	else if (p->dtype == IR_FLOAT16 || p->dtype == IR_BFLOAT16)
		ein_anyf(p, in, y);
	else
		ein_int(p, in, y);
	return 0;
}

const rt_op rt_op_Einsum = { prep_einsum, exec_einsum, 0 };
