/*
 * k_gemm.c - Gemm (1, 6, 7, 9, 11, 13) and MatMul (1, 9, 13).
 *
 * float and double go through OpenBLAS; the integer types of Gemm-9+/
 * MatMul-9+ (int32, int64, uint32, uint64) use plain loops with wrap-around
 * arithmetic.
 *
 * Gemm: Y = alpha * op(A) * op(B) + beta * C, C optional from opset 11 and
 * unidirectionally broadcast to [M, N].  The legacy `broadcast` attribute of
 * Gemm-1/6 is not needed: a C that broadcasts is accepted either way.
 *
 * MatMul: numpy semantics: a 1-D A is a row vector and a 1-D B a column
 * vector (the added dim removed from the result), batch dims broadcast.
 * When B has no batch dims the whole batch of A is one GEMM.
 *
 * A fused activation (fuse_act; float and double outputs) is applied right
 * after each GEMM call, to the block it wrote (k_act.h).
 *
 * Big float/double products are cut into blocks of rows and columns chosen
 * from the sizes alone (gemm_split), one single-threaded OpenBLAS call per
 * block, run on the session's threads: the result does not depend on the
 * thread count.
 */
#include <cblas.h>
#include <math.h>
#include <string.h>

#include "k_act.h"

/* ---- shared ---- */

static int is_int_type(int dt)
{
	return dt == IR_INT32 || dt == IR_INT64 || dt == IR_UINT32 || dt == IR_UINT64;
}

/* check_type: float/double always, the integer types from opset 9. */
static int check_type(const rt_node *n, int dt, onnxc_err *err)
{
	if (dt == IR_FLOAT || dt == IR_DOUBLE || (is_int_type(dt) && n->ir->since_version >= 9))
		return 0;
	return rt_fail(n, err, ONNXC_EUNSUPPORTED, "input type %s is not supported",
		       ir_dtype_name(dt));
}

/* int_gemm: y[M,N] = alpha * a * b + beta * c for integer types, a/b read
 * with strides (ars, acs) and (brs, bcs); c (may be NULL) read as
 * c[i*crs + j*ccs].  Arithmetic wraps modulo 2^64, then is narrowed. */
static void int_gemm(const rt_tensor *ta, int64_t aoff, int64_t ars, int64_t acs,
		     const rt_tensor *tb, int64_t boff, int64_t brs, int64_t bcs,
		     const rt_tensor *tc, int64_t crs, int64_t ccs, rt_tensor *ty, int64_t yoff,
		     int64_t M, int64_t N, int64_t K, int64_t alpha, int64_t beta)
{
	int64_t i, j, k;

	for (i = 0; i < M; i++)
		for (j = 0; j < N; j++) {
			uint64_t acc = 0;
			for (k = 0; k < K; k++)
				acc += (uint64_t)rt_get_i(ta, aoff + i * ars + k * acs) *
				       (uint64_t)rt_get_i(tb, boff + k * brs + j * bcs);
			acc *= (uint64_t)alpha;
			if (tc)
				acc += (uint64_t)beta * (uint64_t)rt_get_i(tc, i * crs + j * ccs);
			rt_put_i(ty, yoff + i * N + j, (int64_t)acc);
		}
}

/* ---- blocks ---- */

#define GEMM_PAR_MIN ((int64_t)1 << 20)   /* multiply-adds worth splitting */
#define GEMM_BLOCKS 8                     /* blocks wanted per product */

/* round_up: x rounded up to a multiple of m. */
static int64_t round_up(int64_t x, int64_t m)
{
	return (x + m - 1) / m * m;
}

/* gemm_split: rows (*mb) and columns (*nb) per block of an M x N x K
 * product: whole when small, else about GEMM_BLOCKS blocks, cutting the
 * columns first (>= 128 per block), then the rows (>= 32). */
static void gemm_split(int64_t M, int64_t N, int64_t K, int64_t *mb, int64_t *nb)
{
	int64_t nn, want;

	*mb = M;
	*nb = N;
	if (M <= 0 || N <= 0 || K <= 0 || M * N * K < GEMM_PAR_MIN)
		return;
	if (N >= 256) {
		*nb = round_up((N + GEMM_BLOCKS - 1) / GEMM_BLOCKS, 16);
		if (*nb < 128)
			*nb = 128;
	}
	nn = (N + *nb - 1) / *nb;
	if (nn < GEMM_BLOCKS && M >= 64) {
		want = (GEMM_BLOCKS + nn - 1) / nn;
		if (want > M / 32)
			want = M / 32;
		*mb = round_up((M + want - 1) / want, 8);
	}
}

/* gemm_grain: blocks per chunk for blocks of mb x nb x K: about
 * GEMM_PAR_MIN / 8 multiply-adds at least. */
static int64_t gemm_grain(int64_t mb, int64_t nb, int64_t K)
{
	const int64_t cost = mb * nb * K;

	return cost > 0 && cost < GEMM_PAR_MIN / 8 ? GEMM_PAR_MIN / 8 / cost : 1;
}

/* gemm_block: y[i0.., j0..] (rows m, columns nc, ldy) = alpha * op(A) op(B)
 * rows i0.. and columns j0.. + beta * y, then the fused activation;
 * a/b at the product's start, lda/ldb its leading dims. */
static void gemm_block(int dtype, int ta, int tb, int64_t i0, int64_t j0, int64_t m, int64_t nc,
		       int64_t K, float alpha, const void *a, int64_t lda, const void *b,
		       int64_t ldb, float beta, void *y, int64_t ldy, const rt_act *act)
{
	const int64_t aoff = ta ? i0 : i0 * lda, boff = tb ? j0 * ldb : j0;
	const enum CBLAS_TRANSPOSE cta = ta ? CblasTrans : CblasNoTrans;
	const enum CBLAS_TRANSPOSE ctb = tb ? CblasTrans : CblasNoTrans;

	if (dtype == IR_FLOAT) {
		float *yb = (float *)y + i0 * ldy + j0;
		cblas_sgemm(CblasRowMajor, cta, ctb, (int)m, (int)nc, (int)K, alpha,
			    (const float *)a + aoff, (int)lda, (const float *)b + boff, (int)ldb, beta,
			    yb, (int)ldy);
		rt_act_rows_f(act, yb, m, nc, ldy);
	} else {
		double *yb = (double *)y + i0 * ldy + j0;
		cblas_dgemm(CblasRowMajor, cta, ctb, (int)m, (int)nc, (int)K, alpha,
			    (const double *)a + aoff, (int)lda, (const double *)b + boff, (int)ldb,
			    beta, yb, (int)ldy);
		rt_act_rows_d(act, yb, m, nc, ldy);
	}
}

/* ---- Gemm ---- */

typedef struct gemm_params {
	int64_t M, N, K;
	int ta, tb;
	float alpha, beta;
	int64_t crs, ccs;      /* C's strides over Y's rows and columns (0: broadcast) */
	int64_t mb, nb;        /* rows and columns per block (gemm_split) */
} gemm_params;

/* prep_gemm: A [M,K] (or [K,M] with transA), B [K,N] (or [N,K]), C
 * broadcastable to [M,N]; Y [M,N]. */
static int prep_gemm(rt_node *n, onnxc_err *err)
{
	const rt_tensor *a = n->n_in > 0 ? n->in[0] : NULL, *b = n->n_in > 1 ? n->in[1] : NULL;
	const rt_tensor *c = n->n_in > 2 ? n->in[2] : NULL;
	gemm_params p;
	int64_t kb, dims[2];

	if (!a || !b)
		return rt_fail(n, err, ONNXC_EINVAL, "inputs A and B are required");
	if (check_type(n, a->dtype, err))
		return -1;
	if (b->dtype != a->dtype || (c && c->dtype != a->dtype))
		return rt_fail(n, err, ONNXC_EINVAL, "B and C must have A's type %s",
			       ir_dtype_name(a->dtype));
	if (a->rank != 2 || b->rank != 2)
		return rt_fail(n, err, ONNXC_EINVAL, "A and B must be 2-D (ranks %d and %d)", a->rank,
			       b->rank);
	memset(&p, 0, sizeof p);
	p.ta = ir_attr_int(n->ir, "transA", 0) != 0;
	p.tb = ir_attr_int(n->ir, "transB", 0) != 0;
	p.alpha = ir_attr_float(n->ir, "alpha", 1.0f);
	p.beta = ir_attr_float(n->ir, "beta", 1.0f);
	p.M = a->dims[p.ta ? 1 : 0];
	p.K = a->dims[p.ta ? 0 : 1];
	kb = b->dims[p.tb ? 1 : 0];
	p.N = b->dims[p.tb ? 0 : 1];
	if (kb != p.K)
		return rt_fail(n, err, ONNXC_EINVAL, "inner dims differ: A gives %lld, B gives %lld",
			       (long long)p.K, (long long)kb);
	if (c) {
		int64_t cm = c->rank == 2 ? c->dims[0] : 1, cn = c->rank >= 1 ? c->dims[c->rank - 1] : 1;
		if (c->rank > 2 || (cm != 1 && cm != p.M) || (cn != 1 && cn != p.N))
			return rt_fail(n, err, ONNXC_EINVAL,
				       "C (rank %d) does not broadcast to [%lld, %lld]", c->rank,
				       (long long)p.M, (long long)p.N);
		p.crs = cm == 1 ? 0 : cn;
		p.ccs = cn == 1 ? 0 : 1;
	}
	if (is_int_type(a->dtype) && (p.alpha != floorf(p.alpha) || p.beta != floorf(p.beta) ||
				      fabsf(p.alpha) > 4e18f || fabsf(p.beta) > 4e18f))
		return rt_fail(n, err, ONNXC_EUNSUPPORTED,
			       "integer Gemm with a fractional alpha or beta");
	if (p.M > INT32_MAX || p.N > INT32_MAX || p.K > INT32_MAX)
		return rt_fail(n, err, ONNXC_ELIMIT, "matrix too large for BLAS int sizes");
	gemm_split(p.M, p.N, p.K, &p.mb, &p.nb);
	dims[0] = p.M;
	dims[1] = p.N;
	if (rt_set_shape(n, n->out[0], a->dtype, 2, dims, err) || rt_act_check(n, a->dtype, err))
		return -1;
	n->params = onnxc_malloc(sizeof p);
	if (!n->params)
		return onnxc_oom(err);
	memcpy(n->params, &p, sizeof p);
	return 0;
}

/* gemm_items: Gemm blocks [i0, i1) (row block major): Y's block set to
 * beta * C (broadcast), then one GEMM and the fused activation. */
static void gemm_items(void *arg, int slot, int64_t i0, int64_t i1)
{
	const rt_node *n = arg;
	const gemm_params *p = n->params;
	const rt_tensor *a = n->in[0], *b = n->in[1];
	const rt_tensor *c = n->n_in > 2 && p->beta != 0 ? n->in[2] : NULL;
	const int64_t nbn = (p->N + p->nb - 1) / p->nb;
	const rt_act act = rt_act_of(n->ir);
	int64_t it, i, j;

	(void)slot;
	for (it = i0; it < i1; it++) {
		const int64_t r0 = it / nbn * p->mb, c0 = it % nbn * p->nb;
		const int64_t r1 = r0 + p->mb < p->M ? r0 + p->mb : p->M;
		const int64_t c1 = c0 + p->nb < p->N ? c0 + p->nb : p->N;

		if (c && a->dtype == IR_FLOAT) {
			const float *cd = c->data;
			float *yd = n->out[0]->data;
			for (i = r0; i < r1; i++)
				for (j = c0; j < c1; j++)
					yd[i * p->N + j] = p->beta * cd[i * p->crs + j * p->ccs];
		} else if (c) {
			const double *cd = c->data;
			double *yd = n->out[0]->data;
			for (i = r0; i < r1; i++)
				for (j = c0; j < c1; j++)
					yd[i * p->N + j] = (double)p->beta * cd[i * p->crs + j * p->ccs];
		}
		gemm_block(a->dtype, p->ta, p->tb, r0, c0, r1 - r0, c1 - c0, p->K, p->alpha, a->data,
			   p->ta ? p->M : p->K, b->data, p->tb ? p->K : p->N, c ? 1.0f : 0.0f,
			   n->out[0]->data, p->N, &act);
	}
}

static int exec_gemm(rt_node *n, onnxc_err *err)
{
	const gemm_params *p = n->params;
	const rt_tensor *a = n->in[0], *b = n->in[1];
	const rt_tensor *c = n->n_in > 2 && p->beta != 0 ? n->in[2] : NULL;
	rt_tensor *y = n->out[0];
	const rt_act act = rt_act_of(n->ir);
	int64_t i, j;

	(void)err;
	if (!y->numel)
		return 0;
	if (is_int_type(a->dtype)) {
		int_gemm(a, 0, p->ta ? 1 : p->K, p->ta ? p->M : 1, b, 0, p->tb ? 1 : p->N,
			 p->tb ? p->K : 1, c, p->crs, p->ccs, y, 0, p->M, p->N, p->K,
			 (int64_t)p->alpha, (int64_t)p->beta);
		return 0;
	}
	if (p->K) {
		rt_parallel_grain(n, ((p->M + p->mb - 1) / p->mb) * ((p->N + p->nb - 1) / p->nb),
				  gemm_grain(p->mb, p->nb, p->K), gemm_items, n);
		return 0;
	}
	/* K == 0: Y = beta * C (or 0), then the activation */
	if (a->dtype == IR_FLOAT) {
		const float *cd = c ? c->data : NULL;
		float *yd = y->data;
		for (i = 0; c && i < p->M; i++)
			for (j = 0; j < p->N; j++)
				yd[i * p->N + j] = p->beta * cd[i * p->crs + j * p->ccs];
		if (!c)
			memset(yd, 0, y->nbytes);
		rt_act_f(&act, yd, y->numel);
	} else {
		const double *cd = c ? c->data : NULL;
		double *yd = y->data;
		for (i = 0; c && i < p->M; i++)
			for (j = 0; j < p->N; j++)
				yd[i * p->N + j] = (double)p->beta * cd[i * p->crs + j * p->ccs];
		if (!c)
			memset(yd, 0, y->nbytes);
		rt_act_d(&act, yd, y->numel);
	}
	return 0;
}

/* ---- MatMul ---- */

typedef struct matmul_params {
	int64_t M, N, K;
	int64_t batch;                 /* product of the output batch dims */
	int brank;                     /* output batch rank */
	int64_t bdims[RT_MAXRANK];     /* output batch dims */
	int64_t astr[RT_MAXRANK];      /* A's stride per batch dim, in matrices (0: broadcast) */
	int64_t bstr[RT_MAXRANK];
	int fold;                      /* B has no batch: one GEMM of batch*M rows */
	int64_t mb, nb;                /* rows and columns per block (gemm_split) */
} matmul_params;

/* prep_matmul: numpy matmul shapes; Y of A's type. */
static int prep_matmul(rt_node *n, onnxc_err *err)
{
	const rt_tensor *a = n->n_in > 0 ? n->in[0] : NULL, *b = n->n_in > 1 ? n->in[1] : NULL;
	matmul_params p;
	int64_t kb, ab[RT_MAXRANK], bb[RT_MAXRANK], odims[RT_MAXRANK];
	int ra, rb, r = 0, i;

	if (!a || !b)
		return rt_fail(n, err, ONNXC_EINVAL, "inputs A and B are required");
	if (check_type(n, a->dtype, err))
		return -1;
	if (b->dtype != a->dtype)
		return rt_fail(n, err, ONNXC_EINVAL, "B has type %s, A has %s", ir_dtype_name(b->dtype),
			       ir_dtype_name(a->dtype));
	if (a->rank < 1 || b->rank < 1)
		return rt_fail(n, err, ONNXC_EINVAL, "A and B must have rank >= 1 (ranks %d and %d)",
			       a->rank, b->rank);
	memset(&p, 0, sizeof p);
	p.M = a->rank >= 2 ? a->dims[a->rank - 2] : 1;
	p.K = a->dims[a->rank - 1];
	kb = b->rank >= 2 ? b->dims[b->rank - 2] : b->dims[0];
	p.N = b->rank >= 2 ? b->dims[b->rank - 1] : 1;
	if (kb != p.K)
		return rt_fail(n, err, ONNXC_EINVAL, "inner dims differ: A has %lld, B has %lld",
			       (long long)p.K, (long long)kb);
	ra = a->rank > 2 ? a->rank - 2 : 0;
	rb = b->rank > 2 ? b->rank - 2 : 0;
	for (i = 0; i < ra; i++)
		ab[i] = a->dims[i];
	for (i = 0; i < rb; i++)
		bb[i] = b->dims[i];
	if (rt_broadcast_shape(n, ra, ab, rb, bb, &p.brank, p.bdims, err))
		return -1;
	rt_broadcast_strides(ra, ab, p.brank, p.bdims, p.astr);
	rt_broadcast_strides(rb, bb, p.brank, p.bdims, p.bstr);
	p.batch = rt_numel(p.brank, p.bdims);
	p.fold = rb == 0;
	for (i = 0; i < p.brank; i++)
		odims[r++] = p.bdims[i];
	if (a->rank >= 2)
		odims[r++] = p.M;
	if (b->rank >= 2)
		odims[r++] = p.N;
	if (rt_set_shape(n, n->out[0], a->dtype, r, odims, err) || rt_act_check(n, a->dtype, err))
		return -1;
	if ((p.fold ? p.batch * p.M : p.M) > INT32_MAX || p.N > INT32_MAX || p.K > INT32_MAX)
		return rt_fail(n, err, ONNXC_ELIMIT, "matrix too large for BLAS int sizes");
	gemm_split(p.fold ? p.batch * p.M : p.M, p.N, p.K, &p.mb, &p.nb);
	n->params = onnxc_malloc(sizeof p);
	if (!n->params)
		return onnxc_oom(err);
	memcpy(n->params, &p, sizeof p);
	return 0;
}

/* one_gemm: y = a * b for one (M x K) x (K x N) product at element offsets
 * of A, B and Y, then the fused activation on those M x N elements. */
static void one_gemm(const rt_node *n, int64_t M, int64_t aoff, int64_t boff, int64_t yoff)
{
	const matmul_params *p = n->params;
	const rt_tensor *a = n->in[0], *b = n->in[1];
	rt_tensor *y = n->out[0];
	const rt_act act = rt_act_of(n->ir);

	if (!M || !p->N)
		return;
	if (!p->K)
		memset((char *)y->data + yoff * ir_dtype_size(y->dtype), 0,
		       (size_t)(M * p->N) * ir_dtype_size(y->dtype));
	switch (a->dtype) {
	case IR_FLOAT:
		if (p->K)
			cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)M, (int)p->N,
				    (int)p->K, 1.0f, (const float *)a->data + aoff, (int)p->K,
				    (const float *)b->data + boff, (int)p->N, 0.0f,
				    (float *)y->data + yoff, (int)p->N);
		rt_act_f(&act, (float *)y->data + yoff, M * p->N);
		break;
	case IR_DOUBLE:
		if (p->K)
			cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)M, (int)p->N,
				    (int)p->K, 1.0, (const double *)a->data + aoff, (int)p->K,
				    (const double *)b->data + boff, (int)p->N, 0.0,
				    (double *)y->data + yoff, (int)p->N);
		rt_act_d(&act, (double *)y->data + yoff, M * p->N);
		break;
	default:
		int_gemm(a, aoff, p->K, 1, b, boff, p->N, 1, NULL, 0, 0, y, yoff, M, p->N, p->K, 1, 0);
		break;
	}
}

/* matmul_items: float/double MatMul blocks [i0, i1): item (product,
 * row block, column block), product bi of the batch (one when folded). */
static void matmul_items(void *arg, int slot, int64_t i0, int64_t i1)
{
	const rt_node *n = arg;
	const matmul_params *p = n->params;
	const int64_t M = p->fold ? p->batch * p->M : p->M;
	const int64_t nbm = (M + p->mb - 1) / p->mb, nbn = (p->N + p->nb - 1) / p->nb;
	const size_t es = ir_dtype_size(n->in[0]->dtype);
	const rt_act act = rt_act_of(n->ir);
	int64_t it;

	(void)slot;
	for (it = i0; it < i1; it++) {
		const int64_t bi = it / (nbm * nbn), blk = it % (nbm * nbn);
		const int64_t r0 = blk / nbn * p->mb, c0 = blk % nbn * p->nb;
		const int64_t r1 = r0 + p->mb < M ? r0 + p->mb : M;
		const int64_t c1 = c0 + p->nb < p->N ? c0 + p->nb : p->N;
		int64_t am = 0, bm = 0, rem = bi;
		int d;

		for (d = p->brank - 1; !p->fold && d >= 0; d--) {
			am += rem % p->bdims[d] * p->astr[d];
			bm += rem % p->bdims[d] * p->bstr[d];
			rem /= p->bdims[d];
		}
		gemm_block(n->in[0]->dtype, 0, 0, r0, c0, r1 - r0, c1 - c0, p->K, 1.0f,
			   (const char *)n->in[0]->data + (size_t)(am * p->M * p->K) * es, p->K,
			   (const char *)n->in[1]->data + (size_t)(bm * p->K * p->N) * es, p->N, 0.0f,
			   (char *)n->out[0]->data + (size_t)(bi * p->M * p->N) * es, p->N, &act);
	}
}

static int exec_matmul(rt_node *n, onnxc_err *err)
{
	const matmul_params *p = n->params;
	int64_t idx[RT_MAXRANK] = { 0 }, bi, am = 0, bm = 0;
	int d;

	(void)err;
	if (!n->out[0]->numel)
		return 0;
	if ((n->in[0]->dtype == IR_FLOAT || n->in[0]->dtype == IR_DOUBLE) && p->K) {
		const int64_t M = p->fold ? p->batch * p->M : p->M;
		rt_parallel_grain(n, (p->fold ? 1 : p->batch) * ((M + p->mb - 1) / p->mb) *
				  ((p->N + p->nb - 1) / p->nb), gemm_grain(p->mb, p->nb, p->K),
				  matmul_items, n);
		return 0;
	}
	if (p->fold) {
		one_gemm(n, p->batch * p->M, 0, 0, 0);
		return 0;
	}
	for (bi = 0; bi < p->batch; bi++) {
		one_gemm(n, p->M, am * p->M * p->K, bm * p->K * p->N, bi * p->M * p->N);
		for (d = p->brank - 1; d >= 0; d--) {
			am += p->astr[d];
			bm += p->bstr[d];
			if (++idx[d] < p->bdims[d])
				break;
			am -= p->astr[d] * p->bdims[d];
			bm -= p->bstr[d] * p->bdims[d];
			idx[d] = 0;
		}
	}
	return 0;
}

const rt_op rt_op_Gemm = { prep_gemm, exec_gemm, 0 };
const rt_op rt_op_MatMul = { prep_matmul, exec_matmul, 0 };
